"""Link each glossary term to Appendix B where a chapter first uses it.

The first occurrence of a term in each chapter's prose (index page, then its sections in _toc.yml
order) becomes {term}`text <term>`; headings, code, math, links and roles are left alone. Some
terms are everyday words whose first occurrence is often not the technical sense ("the key idea");
those are linked by hand where they are introduced.

    python -m tests.glossary_links          # list the first uses that are not links
    python -m tests.glossary_links --fix    # link them
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
GLOSSARY = REPO / "book" / "appendices" / "glossary.md"
NOT_AUTOLINKED = {"key", "value", "query", "head", "mask", "explanation", "annotation", "patch",
                  "temperature", "saturation", "alignment", "ablation", "formant", "recomputation"}
PROSE_DIRECTIVES = {"note", "tip", "warning", "important", "admonition", "seealso", "hint", "caution",
                    "dropdown"}
# Spans of a line that are not plain prose: roles with their text, inline code, math, links, HTML,
# and Chinese glosses such as "(在线 softmax)", which the glossary test reads as terms.
PROTECTED = re.compile(r"[（(][\u4e00-\u9fff][^()（）]*[)）]|\{[\w:-]+\}`[^`]*`|``[^`]*``|`[^`]*`|\$\$.*?\$\$|\$[^$]*\$|\]\([^)]*\)|\[[^\]]*\]|<[^>]+>|https?://\S+")


def glossary_terms() -> list[str]:
    """The glossary's English terms, longest first (so that "self-attention" wins over "attention")."""
    body = GLOSSARY.read_text().split("```{glossary}", 1)[1]
    terms = [line.split(" : ", 1)[0] for line in body.splitlines() if re.match(r"^\S.* : ", line)]
    return sorted(terms, key=len, reverse=True)


def chapters() -> list[list[Path]]:
    """The files of each chapter, in reading order."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    result = []
    for chapter in toc["chapters"]:
        if not chapter["file"].endswith("/index"):  # appendices and references: not chapters
            continue
        files = [chapter["file"], *(s["file"] for s in chapter.get("sections", []))]
        paths = [next(p for p in (REPO / f"{f}.md", REPO / f"{f}.ipynb") if p.exists()) for f in files]
        result.append([p for p in paths if "notebooks" not in p.parts])
    return result


def term_pattern(term: str) -> re.Pattern:
    plurals = "(?:s|es)?" if not term.endswith("y") else ""
    stem = re.escape(term[:-1]) + "(?:y|ies)" if term.endswith("y") and " " not in term[-3:] else re.escape(term)
    return re.compile(rf"(?<![\w-]){stem}{plurals}(?![\w-])", re.I)


def prose_lines(text: str):
    """Indices of the lines of a Markdown text that are prose (not code, math, headings, options)."""
    fence = None
    for index, line in enumerate(text.split("\n")):
        stripped = line.strip()
        opening = re.match(r"^(`{3,}|:{3,})\s*(\{([\w-]+)\})?", stripped)
        if fence:
            if stripped == fence[0]:
                fence = None
            elif fence[1] and not stripped.startswith(":"):
                yield index
            continue
        if opening:
            fence = (opening.group(1), opening.group(3) in PROSE_DIRECTIVES)
            continue
        if stripped.startswith(("#", "$$", "|-", "<")) or not stripped:
            continue
        yield index


def link_first_uses(texts: list[str], terms: list[str], fix: bool) -> tuple[list[str], list[str]]:
    """Link each term's first prose occurrence across ``texts`` (one chapter); returns (texts, found)."""
    texts = list(texts)
    missing = []
    for term in terms:
        if term.lower() in NOT_AUTOLINKED:
            continue
        pattern = term_pattern(term)
        done = False
        for t, text in enumerate(texts):
            lines = text.split("\n")
            for index in prose_lines(text):
                line = lines[index]
                spans = [m.span() for m in PROTECTED.finditer(line)]
                for m in pattern.finditer(line):
                    inside = [s for s in spans if s[0] <= m.start() < s[1]]
                    if inside:
                        role = line[inside[0][0]:inside[0][1]]
                        if role.startswith("{term}") and role.lower().rstrip("`").endswith(
                                (f"<{term.lower()}>", f"`{term.lower()}")):
                            done = True  # already linked here
                            break
                        continue
                    word = m.group(0)
                    link = f"{{term}}`{word}`" if word == term else f"{{term}}`{word} <{term}>`"
                    missing.append(f"{term!r}: {word!r} in line {index + 1}")
                    if fix:
                        lines[index] = line[:m.start()] + link + line[m.end():]
                        texts[t] = "\n".join(lines)
                    done = True
                    break
                if done:
                    break
            if done:
                break
    return texts, missing


def read_texts(path: Path) -> list[str]:
    if path.suffix == ".md":
        return [path.read_text()]
    nb = json.loads(path.read_text())
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def write_texts(path: Path, texts: list[str]) -> None:
    if path.suffix == ".md":
        path.write_text(texts[0])
        return
    nb = json.loads(path.read_text())
    cells = iter(texts)
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = next(cells).splitlines(keepends=True)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")


def unlinked_first_uses(fix: bool = False) -> dict[str, list[str]]:
    """chapter -> the first uses of glossary terms that are not links (linked when ``fix``)."""
    terms = glossary_terms()
    report = {}
    for paths in chapters():
        texts = [read_texts(p) for p in paths]
        flat = [t for group in texts for t in group]
        fixed, missing = link_first_uses(flat, terms, fix)
        if missing:
            report[str(paths[0].parent.relative_to(REPO))] = missing
        if fix:
            it = iter(fixed)
            for path, group in zip(paths, texts):
                new = [next(it) for _ in group]
                if new != group:
                    write_texts(path, new)
    return report


if __name__ == "__main__":
    report = unlinked_first_uses(fix="--fix" in sys.argv[1:])
    for chapter, missing in report.items():
        print(chapter, len(missing))
        for item in missing:
            print("  ", item)
