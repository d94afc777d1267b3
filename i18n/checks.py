"""What a translation must keep from its English message, and the one vocabulary of Appendix B.

check(page, msgid, msgstr) returns the problems of one translated message, in words a translator can
act on. The tests run it over every catalogue; `python -m i18n import` runs it before writing.

- Roles and references stay: the same {doc}, {eq}, {cite:p}, {numref} ... with the same targets
  (Sphinx itself refuses a translation whose references differ).
- Inline math, inline code and link targets stay exactly as they are.
- Glossary terms (Appendix B) use the glossary's Chinese both ways: a {term} role shows the Chinese
  term of its target, an English term glossed "(中文)" in English keeps that Chinese, and a Chinese
  term introduced as **中文**（English） must be a pair of the glossary.
- A lab's test message stays a Python string expression with the same {fields}.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path

from i18n import test_messages

REPO = Path(__file__).resolve().parent.parent
GLOSSARY = REPO / "book" / "appendices" / "glossary.md"

ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)
_ROLE_OR_CODE = re.compile(r"\{([\w:-]+)\}`([^`]*)`|``([^`]+)``|`([^`]+)`")
# A translated heading that Markdown would read as a list or a quote (Sphinx parses the translation).
BLOCK_START = re.compile(r"^(\d+\.|[-*+>#])\s")
LINK_TARGET = re.compile(r"\]\(([^)]*)\)")
# An English gloss in the source: "(归一化指数函数)" or "(Nadaraya–Watson 核回归, 1964)".
CHINESE_GLOSS = re.compile(r"[（(]([^()（）]*[\u4e00-\u9fff][^()（）]*)[)）]")
# A Chinese term introduced in a translation: **中文**（English）.
INTRODUCED = re.compile(r"\*\*([^*]*[\u4e00-\u9fff][^*]*)\*\*\s*[（(]([A-Za-z][^()（）]*)[)）]")


@functools.cache
def glossary() -> dict[str, str]:
    """English term (lower case) -> Chinese term, from Appendix B's glossary directive."""
    body = GLOSSARY.read_text().split("```{glossary}", 1)[1].split("```", 1)[0]
    pairs = (line.split(" : ", 1) for line in body.splitlines() if re.match(r"^\S.* : ", line))
    return {english.strip().lower(): chinese.strip() for english, chinese in pairs}


def _role_target(text: str) -> tuple[str, str]:
    """(shown text, target) of a role's content: "text <target>" or "target"."""
    match = re.fullmatch(r"(.*?)\s*<([^<>]+)>", text.strip(), re.S)
    return (match.group(1), match.group(2)) if match else (text, text)


def _roles(text: str) -> list[tuple[str, str]]:
    """(role, content) of every role, read left to right with inline code, so that code that shows a
    role (`` `{cite}` ``) is not taken for one."""
    return [(m.group(1), m.group(2)) for m in _ROLE_OR_CODE.finditer(text) if m.group(1)]


def _code(text: str) -> list[str]:
    """Inline code spans, outside roles and math."""
    return [m.group(3) or m.group(4) for m in _ROLE_OR_CODE.finditer(MATH.sub(" ", text)) if not m.group(1)]


def _references(text: str) -> Counter:
    """role -> target of every role; {term} by its glossary target, citations and equations whole."""
    found = Counter()
    for role, content in _roles(text):
        if role in ("term", "doc", "ref", "numref"):
            found[(role, _role_target(content)[1].strip().lower() if role == "term" else _role_target(content)[1])] += 1
        else:
            found[(role, content)] += 1
    return found


def _without_roles(text: str) -> str:
    return ROLE.sub(" ", text)


def check_test_message(msgid: str, msgstr: str) -> list[str]:
    if not test_messages.is_string_expression(msgstr):
        return ["the translation of a test message must be a Python string expression, e.g. f\"...{x}...\""]
    if test_messages.fields(msgid) != test_messages.fields(msgstr.strip()):
        return [f"the {{fields}} must stay the same and in the same order: {test_messages.fields(msgid)}"]
    return []


def check(page: str, msgid: str, msgstr: str) -> list[str]:
    """Problems of one translated message of ``page`` (empty when it is fine)."""
    if not msgstr:
        return []
    if page.startswith("labs/"):
        return check_test_message(msgid, msgstr)
    problems = []
    if _references(msgid) != _references(msgstr):
        problems.append(f"roles and references must stay the same: {sorted(_references(msgid).elements())} "
                        f"became {sorted(_references(msgstr).elements())}")
    if Counter(MATH.findall(msgid)) != Counter(MATH.findall(msgstr)):
        problems.append("inline math must stay exactly as it is")
    source_code, translated_code = Counter(_code(msgid)), Counter(_code(msgstr))
    if source_code != translated_code:
        problems.append(f"inline code must stay exactly as it is: {sorted(source_code - translated_code)} missing")
    if BLOCK_START.match(msgstr) and not BLOCK_START.match(msgid):
        problems.append(f"Markdown would read {msgstr[:4]!r} at the start as a list or a quote: escape it, e.g. 1\\. ")
    if Counter(LINK_TARGET.findall(msgid)) != Counter(LINK_TARGET.findall(msgstr)):
        problems.append("link targets must stay the same")
    problems += vocabulary(msgid, msgstr)
    return problems


def vocabulary(msgid: str, msgstr: str) -> list[str]:
    """The glossary's Chinese terms, both ways (see the module's docstring)."""
    terms, problems = glossary(), []
    for role, content in _roles(msgstr):
        if role != "term":
            continue
        shown, target = _role_target(content)
        chinese = terms.get(target.strip().lower())
        if chinese is None:
            problems.append(f"{{term}} target {target!r} is not in the glossary")
        elif chinese not in shown:
            problems.append(f"{{term}}`{content}` must show the glossary's Chinese term {chinese!r} "
                            f"(write {{term}}`{chinese} <{target}>`)")
    for gloss in CHINESE_GLOSS.findall(_without_roles(msgid)):
        for chinese in re.findall(r"[\u4e00-\u9fff][\u4e00-\u9fff\w\- –]*[\u4e00-\u9fff]|[\u4e00-\u9fff]", gloss):
            if chinese not in msgstr:
                problems.append(f"the English text names the Chinese term {chinese!r}; the translation must use it")
    known_chinese = set(terms.values())
    for chinese, english in INTRODUCED.findall(msgstr):
        pair = terms.get(english.strip().lower())
        if chinese.strip() not in known_chinese:
            problems.append(f"**{chinese}** is introduced as a term but is not a Chinese term of the glossary")
        elif pair is not None and pair != chinese.strip():
            problems.append(f"the glossary calls {english!r} {pair!r}, not {chinese!r}")
    return problems
