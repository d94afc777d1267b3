"""Chinese notebooks from the same catalogues as the Chinese pages: zh/<page>.ipynb, opened in Colab.

A notebook's markdown cells are translated message by message with its page's catalogue (the
messages Sphinx extracted: headings, paragraphs, list items, table cells), its figures' alt text
with the same catalogue, and a lab's visible-test messages with labs/<lab>.po. Code, outputs and
nbgrader metadata are unchanged, so a Chinese lab has the same parts, points and checks as the
English one, and the Chinese book notebooks hit the English execution cache.

    python -m i18n notebooks     (part of make notebooks; the tests check zh/ is up to date)
"""
from __future__ import annotations

import copy
import functools
import re
from pathlib import Path

import nbformat

from i18n import catalogues, test_messages

REPO = catalogues.REPO
ZH = REPO / "zh"
# Where a message may start in a markdown cell: at a line start after block markers (# - * 1. > |),
# or after a directive's name ({note} Title). It ends at the end of a line or of a table cell.
_BEFORE = r"(?:(?<=^)|(?<=\n)|(?<=[ \t>#*+\-|:}$])|(?<=\d\.))"
_AFTER = r"(?=[ \t]*(?:\n|$|\||\$))"


@functools.cache
def _pattern(msgid: str) -> re.Pattern:
    # Sphinx joins a paragraph's source lines with spaces: match any run of whitespace.
    return re.compile(_BEFORE + r"\s+".join(re.escape(word) for word in msgid.split()) + _AFTER)


def translations(page: str) -> dict[str, str]:
    """msgid -> msgstr of a catalogue's translated, checked (not fuzzy) messages; {} if it has none."""
    po = catalogues.MESSAGES / f"{page}.po"
    if not po.exists():
        return {}
    return {m.id: m.string for m in catalogues.read(po) if m.id and m.string and not m.fuzzy}


def translate_markdown(source: str, messages: dict[str, str]) -> str:
    # Longest first, so that a heading "Softmax" never replaces a word of a longer message.
    for msgid in sorted(messages, key=len, reverse=True):
        if msgid != messages[msgid]:
            source = _pattern(msgid).sub(lambda _: messages[msgid], source)
    return source


def translate(nb: nbformat.NotebookNode, page: str, lab: str | None = None) -> nbformat.NotebookNode:
    """A Chinese copy of ``nb``, the notebook of ``page`` (e.g. "notebooks/ch03/ch03-attention-algorithm");
    ``lab`` (its stem) names the catalogue of its test messages."""
    messages = translations(page)
    tests = translations(f"labs/{lab}") if lab else {}
    zh = copy.deepcopy(nb)
    for cell in zh.cells:
        if cell.cell_type == "markdown":
            cell.source = translate_markdown(cell.source, messages)
        elif test_messages.is_test_cell(cell):
            cell.source = test_messages.translate_cell(cell.source, tests)
        image = cell.metadata.get("mystnb", {}).get("image", {})
        if image.get("alt") in messages:
            image["alt"] = messages[image["alt"]]
    zh.metadata["attention_course"] = {"language": catalogues.LANGUAGE}
    return zh


def translate_file(path: Path) -> nbformat.NotebookNode:
    """The Chinese version of a notebook of the repository (book/, notebooks/ or solutions/)."""
    relative = path.resolve().relative_to(REPO)
    page = relative.with_suffix("").as_posix().replace("solutions/", "notebooks/", 1)
    lab = path.stem if relative.parts[0] in ("notebooks", "solutions") else None
    return translate(nbformat.read(path, as_version=4), page, lab)


def book_notebooks() -> list[Path]:
    """The notebooks a reader opens in Colab: the book's and the student labs."""
    return sorted([*(REPO / "book").rglob("*.ipynb"), *(REPO / "notebooks").glob("ch*/*.ipynb")])


def write_all() -> list[Path]:
    """Write zh/<page>.ipynb for every notebook of the book; returns the paths written."""
    written = []
    for path in book_notebooks():
        target = ZH / path.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(translate_file(path), target)
        written.append(target)
    return written


def untranslatable(page: str, notebook: Path) -> list[str]:
    """Messages of ``page``'s catalogue that no markdown cell of ``notebook`` holds where a message
    can start and end: these would stay English in the Chinese notebook."""
    cells = [c.source for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "markdown"]
    alts = set(catalogues.image_descriptions(notebook))
    po = catalogues.MESSAGES / f"{page}.po"
    return [m.id for m in catalogues.read(po) if m.id and m.id not in alts
            and not any(_pattern(m.id).search(source) for source in cells)]
