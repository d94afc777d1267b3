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
