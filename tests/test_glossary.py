"""Every Chinese term the book introduces is in the English–Chinese glossary (Appendix B)."""
import re

import nbformat

from tests.conftest import REPO

GLOSSARY = REPO / "book" / "appendices" / "glossary.md"
# "self-attention (自注意力)": a parenthesis that starts with a CJK character.
CHINESE_TERM = re.compile(r"[（(]([\u4e00-\u9fff][^()（）]*)[)）]")


def book_texts():
    """(page, prose) for every Markdown page and every notebook's Markdown cells in book/."""
    for path in sorted((REPO / "book").rglob("*")):
        if "_build" in path.parts or path == GLOSSARY:
            continue
        if path.suffix == ".md":
            yield path, path.read_text()
        elif path.suffix == ".ipynb":
            nb = nbformat.read(path, as_version=4)
            yield path, "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_every_chinese_term_is_in_the_glossary():
    glossary = GLOSSARY.read_text()
    missing = {}
    for path, text in book_texts():
        for term in CHINESE_TERM.findall(text):
            for part in re.split(r"[,，、/;；]\s*", term):
                part = part.strip()
                if part and re.match(r"[\u4e00-\u9fff]", part) and part not in glossary:
                    missing.setdefault(part, str(path.relative_to(REPO)))
    assert not missing, f"add these terms to {GLOSSARY.relative_to(REPO)}: {missing}"
