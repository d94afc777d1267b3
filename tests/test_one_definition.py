"""Each piece of book code has one definition: shown where it is taught, imported where it is used again.

Chapter 5 teaches the attention module and the Transformer blocks in code cells that start with
``# @save``; ``attention_course/layers.py`` is generated from those cells (as Dive into Deep
Learning generates its library from ``#@save`` cells), and the later pages import from it. The
book also shows helper code with ``literalinclude``, which reads the package at build time.

These tests fail when a shown definition and its source drift apart:

- ``layers.py`` differs from what the ``# @save`` cells generate (a cell was edited, the file was
  not regenerated, or the file was edited by hand);
- a book page defines again, word for word, a function or class of ``layers.py`` instead of importing
  it, or a Chapter 5 page redefines one at all;
- a ``literalinclude`` names a file or a ``:pyobject:`` that is not there;
- a code excerpt quoted in a Markdown page (a ``python`` block with a ``def`` or ``class``) is no
  longer, word for word, in the notebook cell or the package file it quotes.

    python -m tests.test_one_definition           # say whether attention_course/layers.py is current
    python -m tests.test_one_definition --write   # regenerate it from the # @save cells
"""
from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LAYERS = REPO / "attention_course" / "layers.py"
# The pages whose "# @save" cells make layers.py, in reading order.
SAVED_FROM = ["book/ch05/attention-module.ipynb", "book/ch05/transformer-blocks.ipynb"]
MARK = "# @save"

HEADER = '''"""Chapter 5's attention module, masks and Transformer blocks, for the pages that use them again.

GENERATED from the code cells that start with ``# @save`` in {pages}, where they are taught.
Edit those cells, then run ``python -m tests.test_one_definition --write``;
tests/test_one_definition.py fails when this file and the cells differ.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
'''


def code_cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text())
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def saved_cells() -> list[tuple[str, str]]:
    """(page, source without its mark line) of every "# @save" cell, in SAVED_FROM order."""
    out = []
    for page in SAVED_FROM:
        for source in code_cells(REPO / page):
            first, _, rest = source.partition("\n")
            if first.startswith(MARK):
                out.append((page, rest.strip("\n")))
    return out


def generate() -> str:
    pages = " and ".join(f"``{p}``" for p in SAVED_FROM)
    parts = [HEADER.format(pages=pages)]
    for page, source in saved_cells():
        parts.append(f"# from {page}\n{source}\n")
    return "\n\n".join(parts)


def top_level_definitions(source: str, methods: bool = False) -> dict[str, str]:
    """name -> source text of each top-level def / class of a cell or module (cells with IPython magics: none).

    With ``methods``, also "Class.method" for the methods of top-level classes (Sphinx's ``:pyobject:`` form).
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    out = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            out[node.name] = ast.get_source_segment(source, node)
            if methods and isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef):
                        out[f"{node.name}.{item.name}"] = ast.get_source_segment(source, item)
    return out


def book_pages(*suffixes: str) -> list[Path]:
    return [p for p in sorted((REPO / "book").rglob("*")) if p.suffix in suffixes and "_build" not in p.parts]


def test_layers_module_is_generated_from_the_saved_cells():
    assert len(saved_cells()) >= 4, "the # @save cells of Chapter 5 are gone"
    assert LAYERS.read_text() == generate(), (
        "attention_course/layers.py and the # @save cells of Chapter 5 differ: edit the cells, "
        "then run `python -m tests.test_one_definition --write`")


def test_layers_module_defines_what_the_pages_import():
    import attention_course.layers as layers
    for name in ("scaled_dot_product_attention", "causal_mask", "padding_mask", "MultiHeadAttention",
                 "FeedForward", "EncoderBlock", "DecoderBlock"):
        assert hasattr(layers, name), f"attention_course.layers has no {name}"


def test_no_page_pastes_a_saved_definition_again():
    saved = {}
    for _, source in saved_cells():
        saved.update(top_level_definitions(source))
    saved_sources = {source for _, source in saved_cells()}
    pastes = []
    for path in book_pages(".ipynb"):
        page = path.relative_to(REPO).as_posix()
        for source in code_cells(path):
            if source.partition("\n")[2].strip("\n") in saved_sources and source.startswith(MARK):
                continue                                   # the definition itself
            for name, text in top_level_definitions(source).items():
                if name in saved and (text == saved[name] or page.startswith("book/ch05/")):
                    pastes.append(f"{page}: {name}")
    assert not pastes, ("defined again instead of imported from attention_course.layers: "
                        + ", ".join(pastes))


def test_every_literalinclude_names_a_file_and_object_that_exist():
    directive = re.compile(r"```\{literalinclude\}\s+(\S+)\n((?::[\w-]+:.*\n)*)")
    found = 0
    for path in book_pages(".md", ".ipynb"):
        text = path.read_text()
        if path.suffix == ".ipynb":
            text = "\n".join("".join(c["source"]) for c in json.loads(text)["cells"])
        for target, options in directive.findall(text):
            found += 1
            included = (path.parent / target).resolve()
            assert included.is_file(), f"{path.relative_to(REPO)}: literalinclude of a missing file {target}"
            obj = re.search(r":pyobject:\s*(\S+)", options)
            if obj:
                names = top_level_definitions(included.read_text(), methods=True)
                assert obj.group(1) in names, (
                    f"{path.relative_to(REPO)}: {target} has no top-level {obj.group(1)} to include")
    assert found, "no literalinclude found: the pattern no longer matches the book's syntax"


def test_code_quoted_in_prose_is_still_the_code_it_quotes():
    sources = [c for p in book_pages(".ipynb") for c in code_cells(p)]
    sources += [p.read_text() for p in sorted((REPO / "attention_course").rglob("*.py"))]
    quoted = 0
    for path in book_pages(".md"):
        for block in re.findall(r"```python\n(.*?)```", path.read_text(), re.S):
            if not re.search(r"^\s*(def|class) ", block, re.M):
                continue                                   # a usage example, not an excerpt
            quoted += 1
            assert any(block.strip("\n") in source for source in sources), (
                f"{path.relative_to(REPO)} quotes code that is in no notebook cell or package file "
                f"(include it with literalinclude, or quote it again):\n{block[:300]}")
    assert quoted, "no quoted excerpt found: the pattern no longer matches the book's syntax"


if __name__ == "__main__":
    current = LAYERS.exists() and LAYERS.read_text() == generate()
    if "--write" in sys.argv[1:]:
        LAYERS.write_text(generate())
        print(f"wrote {LAYERS.relative_to(REPO)}" + (" (unchanged)" if current else ""))
    else:
        print(f"{LAYERS.relative_to(REPO)} is " + ("current" if current else "stale: run with --write"))
        sys.exit(0 if current else 1)
