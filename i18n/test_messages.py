"""The messages of a lab's visible tests, which a student reads when a check fails.

A message is the source text of the string expression of an ``assert`` (``assert ok, f"got {x}"``) or
of a raised error (``raise AssertionError("...")``) in a test cell of the student notebook. Its
translation is Python source too, a string expression with the same ``{...}`` fields, so that the
Chinese test computes exactly what the English one does and only says it in Chinese:

    msgid  "f\\"softmax must keep the input's shape (3,); got {np.shape(_got)}\\""
    msgstr "f\\"softmax 必须保持输入的形状 (3,)；实际为 {np.shape(_got)}\\""
"""
from __future__ import annotations

import ast
from pathlib import Path

from babel.messages.catalog import Catalog
from nbgrader.utils import is_grade, is_solution
from babel.messages.pofile import write_po

REPO = Path(__file__).resolve().parent.parent


def is_test_cell(cell) -> bool:
    """A test cell, as the grader sees it (autograde.execute.is_test)."""
    return cell.get("cell_type") == "code" and is_grade(cell) and not is_solution(cell)


def _message_nodes(tree: ast.AST) -> list[ast.expr]:
    found = []
    for node in ast.walk(tree):
        message = None
        if isinstance(node, ast.Assert):
            message = node.msg
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
            message = node.exc.args[0]
        if isinstance(message, ast.JoinedStr) or (isinstance(message, ast.Constant) and isinstance(message.value, str)):
            found.append(message)
    return found


def _span(lines: list[bytes], node: ast.expr) -> tuple[int, int]:
    """Character offsets of ``node`` in the source (ast's columns count UTF-8 bytes)."""
    def offset(line: int, byte_col: int) -> int:
        return sum(len(text.decode()) for text in lines[:line - 1]) + len(lines[line - 1][:byte_col].decode())
    return offset(node.lineno, node.col_offset), offset(node.end_lineno, node.end_col_offset)


def messages(source: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of every message in a test cell's source, in order."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    lines = source.encode().splitlines(keepends=True)
    spans = sorted(_span(lines, node) for node in _message_nodes(tree))
    return [(start, end, source[start:end]) for start, end in spans]


def _parse(expression: str) -> ast.expr:
    # In brackets, as in the test cell: a message may continue on indented lines.
    return ast.parse(f"({expression.strip()}\n)", mode="eval").body


def fields(expression: str) -> list[str]:
    """The ``{...}`` fields of a string expression, as source, in order (empty for a plain string)."""
    node = _parse(expression)
    return [ast.unparse(part) for part in ast.walk(node) if isinstance(part, ast.FormattedValue)]


def is_string_expression(expression: str) -> bool:
    try:
        node = _parse(expression)
    except SyntaxError:
        return False
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def translate_cell(source: str, translations: dict[str, str]) -> str:
    """``source`` with each message that ``translations`` has replaced by its translation."""
    for start, end, text in reversed(messages(source)):
        if translations.get(text):
            source = source[:start] + translations[text] + source[end:]
    return source


def labs() -> list[Path]:
    """The student notebooks, notebooks/chNN/<lab>.ipynb."""
    return sorted((REPO / "notebooks").glob("ch*/*.ipynb"))


def template(notebook: Path) -> Catalog:
    import nbformat

    catalog = Catalog(project="attention-course", charset="utf-8")
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if is_test_cell(cell):
            for _, _, text in messages(cell.source):
                catalog.add(text, auto_comments=[f"test cell {cell.metadata['nbgrader']['grade_id']}"])
    return catalog


def write_templates(folder: Path) -> None:
    """folder/<lab>.pot for every lab (e.g. _build/gettext/labs/ch03-attention-algorithm.pot)."""
    folder.mkdir(parents=True, exist_ok=True)
    for notebook in labs():
        with (folder / f"{notebook.stem}.pot").open("wb") as handle:
            write_po(handle, template(notebook), width=0)
