"""Build the Chinese edition into _build/html/zh, beside the English one in _build/html.

The same sources, the same table of contents and the same executed notebooks: Sphinx translates each
page from its catalogue (locales/zh_CN/LC_MESSAGES/<page>.po) while it reads it, and the notebooks come
from the English build's execution cache (_build/.jupyter_cache), so nothing is executed twice. What
differs is in the configuration below: the language (Chinese search with jieba, Chinese labels), the
title, the equation references, the footer, the link to the other edition and the path of the Colab
notebooks (zh/<page>.ipynb, written by i18n.notebooks).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from i18n.catalogues import LANGUAGE, REPO, book_config

BUILD = REPO / "_build"
TITLE = "注意力机制：从第一性原理到应用"
FOOTER = ('<p>文字与图：<a href="https://creativecommons.org/licenses/by-sa/4.0/">CC BY-SA 4.0</a>；'
          '代码：<a href="https://opensource.org/license/mit">MIT</a>。</p>')


def config(**changes) -> dict:
    """_config.yml for the Chinese edition, updated by ``changes`` (as book_config takes them)."""
    return book_config(**{
        "title": TITLE,
        "execute.cache": str(BUILD / ".jupyter_cache"),
        "sphinx.config.language": LANGUAGE,
        "sphinx.config.edition_other_root": "../",
        "sphinx.config.edition_other_label": "English",
        "sphinx.config.math_eqref_format": "式 {number}",
        "repository.path_to_book": "zh",
        "html.extra_footer": FOOTER,
        "sphinx.config.locale_dirs": [str(REPO / "locales")],
        **changes,
    })


def build(source: Path = REPO, html: Path = BUILD / "html", **changes) -> Path:
    """Build the Chinese HTML of the book at ``source`` (warnings are errors) and move it to
    ``html``/zh, beside the English edition; returns that folder. ``changes`` adjust the configuration
    (the tests build from FAST runs with ``{"execute.execute_notebooks": "off"}``)."""
    work = html.parent / "zh-edition"
    work.mkdir(parents=True, exist_ok=True)
    config_file = work / "_config.yml"
    config_file.write_text(yaml.safe_dump(config(**changes), allow_unicode=True))
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    done = subprocess.run([str(jupyter_book), "build", str(source), "--config", str(config_file), "--path-output",
                           str(work), "--builder", "html", "-W", "-n", "--keep-going"], capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"the Chinese edition did not build (warnings are errors):\n{done.stdout[-6000:]}\n"
                           f"{done.stderr[-4000:]}")
    target = html / "zh"
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(work / "_build" / "html", target)
    offer_chinese_notebooks(target)
    return target


def offer_chinese_notebooks(html: Path) -> None:
    """The Chinese pages' download button offers the Chinese notebook (zh/<page>.ipynb), not the English
    source Sphinx copied to _sources/."""
    zh = REPO / "zh"
    for notebook in zh.rglob("*.ipynb"):
        copied = html / "_sources" / notebook.relative_to(zh)
        if copied.exists():
            shutil.copy2(notebook, copied)
