"""The book builds with Sphinx warnings as errors, and its pages have what a reader needs.

The book is built from the FAST runs of its notebooks (conftest.book_html); this checks
structure, cross-references, citations, math and the Colab launch buttons in the HTML.
test_browser.py checks the same pages in a real browser.
"""
import re

import pytest
import yaml

from autograde.course import repository_url
from tests.conftest import REPO


def toc_files():
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))
            for part in entry.get("parts", []):
                walk(part.get("chapters"))

    walk(toc.get("chapters"))
    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    return files


@pytest.fixture(scope="module")
def html(book_html):
    return book_html


def test_every_toc_page_is_built(html):
    for page in toc_files():
        assert (html / f"{page}.html").exists(), f"{page} is in _toc.yml but was not built"


def test_the_chinese_edition_has_every_page_in_chinese(html):
    """Built beside the English one (html/zh), from the catalogues, with warnings as errors."""
    for page in toc_files():
        built = html / "zh" / f"{page}.html"
        assert built.exists(), f"zh/{page} was not built"
        text = re.sub(r"<[^>]+>", " ", built.read_text().split('<article', 1)[-1])
        assert len(re.findall(r"[\u4e00-\u9fff]", text)) > 20, f"zh/{page} has next to no Chinese text"
    glossary = (html / "zh" / "book" / "appendices" / "glossary.html").read_text()
    assert '<dt id="term-attention-pooling">注意力汇聚<span class="term-other-language">（attention pooling）' in glossary, (
        "the Chinese glossary gives each Chinese term with its English name")
    english = (html / "book" / "appendices" / "glossary.html").read_text()
    assert '<dt id="term-attention-pooling">attention pooling<span class="term-other-language"> (注意力汇聚)' in english


def test_no_placeholder_pages(html):
    for page in toc_files():
        text = (html / f"{page}.html").read_text()
        assert not re.search(r"\b(TODO|TBD|lorem ipsum|coming soon)\b", text, re.I), page


def test_notebook_pages_have_a_colab_button_to_their_file(html):
    base = repository_url().replace("https://github.com/", "https://colab.research.google.com/github/")
    notebooks = [p for p in toc_files() if (REPO / f"{p}.ipynb").exists()]
    assert any(p.startswith("notebooks/") for p in notebooks), "the labs belong in the book"
    for page in notebooks:
        text = (html / f"{page}.html").read_text()
        assert f"{base}/blob/main/{page}.ipynb" in text, f"{page}: no Colab launch button to its notebook"


def test_math_and_citations_render(html):
    pages = " ".join((html / f"{p}.html").read_text() for p in toc_files())
    assert 'class="math' in pages, "no math on any page"
    assert "mathjax" in pages.lower()
    assert re.search(r'href="[^"]*references\.html#id\d+"|class="reference internal" href="[^"]*#id', pages), \
        "no citation links to the bibliography"


def chapter_pages():
    """chapter index -> its section pages in reading order, labs left out."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    return {c["file"]: [s["file"] for s in c.get("sections", []) if not s["file"].startswith("notebooks/")]
            for c in toc["chapters"] if c["file"].endswith("/index")}


def test_every_chapter_opens_with_what_you_will_learn_and_ends_with_a_summary(html):
    chapters = chapter_pages()
    assert len(chapters) == 9
    for index, sections in chapters.items():
        opening = (html / f"{index}.html").read_text()
        assert re.search(r"<h2>What you will learn", opening), f"{index}: no 'What you will learn'"
        last = (html / f"{sections[-1]}.html").read_text()
        assert re.search(r"<h2>Chapter summary", last), f"{sections[-1]}: the chapter's last page has no summary"
        summary = last[last.index("<h2>Chapter summary"):]
        assert summary.count('class="reference internal"') >= 3, f"{sections[-1]}: the summary links its sections"


def test_equations_are_numbered_and_referenced(html):
    pages = " ".join((html / f"{p}.html").read_text() for p in toc_files())
    numbered = re.findall(r'<span class="eqno">\((\d+\.?\d*)\)', pages)
    references = re.findall(r'<a class="reference internal" href="[^"]*#equation-[^"]*">Eq\. \d+</a>', pages)
    assert len(numbered) >= 100 and len(references) >= 100, (len(numbered), len(references))


def test_glossary_terms_are_linked_where_each_chapter_first_uses_them(html):
    from tests.glossary_links import unlinked_first_uses

    assert not unlinked_first_uses(), "run `python -m tests.glossary_links --fix`"
    links = sum((html / f"{p}.html").read_text().count('class="reference internal" href="../appendices/glossary.html#term-')
                for p in toc_files())
    assert links >= 150


def test_references_page_lists_the_papers_cited(html):
    text = (html / "book/references.html").read_text()
    entries = re.findall(r'<div class="citation" id="id\d+"|<dt class="label" id="', text)
    assert len(entries) >= 30, f"{len(entries)} bibliography entries"
