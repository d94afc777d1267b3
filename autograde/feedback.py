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
TEMPLATE = jinja2.Environment(autoescape=True).from_string("""\
<!DOCTYPE html><html><head><meta charset='utf-8'><title>{{ r.student }}: {{ r.assignment }}</title>
<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}td,th{padding:0.2em 0.8em;text-align:left}\
.fail{color:#a00}</style></head><body>
<h1>{{ r.assignment }}: {{ '%g' % r.score }} / {{ '%g' % r.max_score }}</h1>
<p>Status <code>{{ r.status.value }}</code>. {{ r.status.words }}</p>
{% if reasons %}<ul>{% for reason in reasons %}<li>{{ reason }}</li>{% endfor %}</ul>{% endif %}
{% if r.late %}<h2>Late policy</h2><p class='late'>{{ r.late.explanation }}</p>
{% if r.late.penalty %}<p>Score before the penalty {{ '%g' % r.raw_score }}, penalty {{ '%g' % r.late.penalty }}, final score {{ '%g' % r.score }} / {{ '%g' % r.max_score }}.</p>{% endif %}{% endif %}
{% if parts %}<h2>Parts</h2><table><tr><th>part</th><th>points</th></tr>
{% for part, (score, top) in parts.items() %}<tr><td>{{ part }}</td><td>{{ '%g' % score }} / {{ '%g' % top }}</td></tr>
{% endfor %}</table>{% endif %}
{% if failed is not none %}<h2>Checks that failed</h2>
{% if failed %}<ul>{% for gid, name, message in failed %}<li class='fail'><b>{{ part_of(gid) }}</b> \
({{ 'hidden' if gid.endswith('-hidden') else 'visible' }} tests): <code>{{ name }}</code>: {{ message or '(no message)' }}</li>
{% endfor %}</ul>{% else %}<p>None: every check passed.</p>{% endif %}{% endif %}
</body></html>
""")


def failing_checks(autograded: Path) -> list[tuple[str, str, str]]:
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
                    message = "not answered yet: the answer cell still raises NotImplementedError"
                failed.append((grade_id(cell), output.get("ename", "Error"), message))
                break
    return failed


def page(result: Result, parts: dict[str, tuple[float, float]]) -> str:
    """The HTML page for one result (``parts``: part -> (score, max))."""
    failed = None
    if result.autograded and Path(result.autograded).exists():
        failed = failing_checks(Path(result.autograded))
    reasons = result.reason.split("; ") if result.reason else []
    return TEMPLATE.render(r=result, parts=parts, failed=failed, reasons=reasons, part_of=part_of)
