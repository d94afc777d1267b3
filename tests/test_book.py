"""The book builds with Sphinx warnings as errors, and its pages have what a reader needs.

Execution is switched off here (test_notebooks.py executes every notebook already, and
`make book` executes them for the published HTML); this checks structure, cross-references,
citations, math and the Colab launch buttons.
"""
import re
import subprocess
import sys
from pathlib import Path

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
def html(tmp_path_factory):
    out = tmp_path_factory.mktemp("book")
    config = yaml.safe_load((REPO / "_config.yml").read_text())
    config["execute"]["execute_notebooks"] = "off"
    config_path = out / "_config.yml"
    config_path.write_text(yaml.safe_dump(config))
    done = subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(REPO),
                           "--config", str(config_path), "--path-output", str(out), "-W", "-n",
                           "--keep-going"], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"book build failed (warnings are errors):\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return out / "_build" / "html"


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
