"""The student's feedback page: the score per part, and every failing check with its hint.

The hint is the check's own message (``assert ..., "hint"``), as the checker reported it; the code
of hidden tests is not shown. Written from the autograded notebook with a Jinja2 template.
"""
from __future__ import annotations

import re
from pathlib import Path

import jinja2
import nbformat

from autograde.contracts import Result
from autograde.execute import is_test
from autograde.lab import grade_id, part_of

ANSI = re.compile(r"\x1b\[[0-9;]*m")
# The page's own words in each edition (autograde.language); the check messages come in the
# student's language already, from the checker running that edition's tests.
WORDS = {
    "en": {"lang": "en", "status": "Status", "late_policy": "Late policy", "parts": "Parts", "part": "part",
           "points": "points", "failed": "Checks that failed", "hidden": "hidden tests", "visible": "visible tests",
           "no_message": "(no message)", "none_failed": "None: every check passed.",
           "before_penalty": "Score before the penalty {raw}, penalty {penalty}, final score {score} / {top}.",
           "not_answered": "not answered yet: the answer cell still raises NotImplementedError"},
    "zh": {"lang": "zh-CN", "status": "状态", "late_policy": "迟交规则", "parts": "各部分得分", "part": "部分",
           "points": "得分", "failed": "未通过的检查", "hidden": "隐藏测试", "visible": "可见测试",
           "no_message": "（无提示信息）", "none_failed": "无：所有检查均已通过。",
           "before_penalty": "扣分前得分 {raw}，迟交扣分 {penalty}，最终得分 {score} / {top}。",
           "not_answered": "尚未作答：答案单元格仍会抛出 NotImplementedError"},
}
TEMPLATE = jinja2.Environment(autoescape=True).from_string("""\
<!DOCTYPE html><html lang='{{ t.lang }}'><head><meta charset='utf-8'><title>{{ r.student }}: {{ r.assignment }}</title>
<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}td,th{padding:0.2em 0.8em;text-align:left}\
.fail{color:#a00}</style></head><body>
<h1>{{ r.assignment }}: {{ '%g' % r.score }} / {{ '%g' % r.max_score }}</h1>
<p>{{ t.status }} <code>{{ r.status.value }}</code>. {{ r.status.words_in(r.language) }}</p>
{% if reasons %}<ul>{% for reason in reasons %}<li>{{ reason }}</li>{% endfor %}</ul>{% endif %}
{% if r.late %}<h2>{{ t.late_policy }}</h2><p class='late'>{{ r.late.explanation }}</p>
{% if r.late.penalty %}<p>{{ t.before_penalty.format(raw='%g' % r.raw_score, penalty='%g' % r.late.penalty, score='%g' % r.score, top='%g' % r.max_score) }}</p>{% endif %}{% endif %}
{% if parts %}<h2>{{ t.parts }}</h2><table><tr><th>{{ t.part }}</th><th>{{ t.points }}</th></tr>
{% for part, (score, top) in parts.items() %}<tr><td>{{ part }}</td><td>{{ '%g' % score }} / {{ '%g' % top }}</td></tr>
{% endfor %}</table>{% endif %}
{% if failed is not none %}<h2>{{ t.failed }}</h2>
{% if failed %}<ul>{% for gid, name, message in failed %}<li class='fail'><b>{{ part_of(gid) }}</b> \
({{ t.hidden if gid.endswith('-hidden') else t.visible }}): <code>{{ name }}</code>: {{ message or t.no_message }}</li>
{% endfor %}</ul>{% else %}<p>{{ t.none_failed }}</p>{% endif %}{% endif %}
</body></html>
""")


def failing_checks(autograded: Path, language: str = "en") -> list[tuple[str, str, str]]:
    """(grade_id, error name, message) of every test cell that failed, in notebook order."""
    nb = nbformat.read(autograded, as_version=4)
    failed = []
    for cell in nb.cells:
        if not is_test(cell):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                message = ANSI.sub("", str(output.get("evalue", ""))).strip()
                if output.get("ename") == "NotImplementedError" or message.endswith("NotImplementedError"):
                    message = WORDS[language]["not_answered"]
                failed.append((grade_id(cell), output.get("ename", "Error"), message))
                break
    return failed


def page(result: Result, parts: dict[str, tuple[float, float]]) -> str:
    """The HTML page for one result (``parts``: part -> (score, max))."""
    failed = None
    if result.autograded and Path(result.autograded).exists():
        failed = failing_checks(Path(result.autograded), result.language)
    reasons = result.reason.split("; ") if result.reason else []
    return TEMPLATE.render(r=result, parts=parts, failed=failed, reasons=reasons, part_of=part_of,
                           t=WORDS.get(result.language, WORDS["en"]))
