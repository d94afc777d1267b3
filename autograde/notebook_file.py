"""Read a submitted file as a notebook, or say in words a student understands why it is not one.

Whatever the file holds, ``read_submission`` returns a notebook or raises ``ValueError`` with the
reason: it never crashes the grader (``RecursionError``, ``MemoryError`` on huge files) and never
needs more memory than a small multiple of ``MAX_BYTES``. In order:

1. size: more than ``MAX_BYTES`` is refused before anything is read;
2. text: UTF-8 (a leading byte-order mark is allowed);
3. nesting: lists and objects nested more than ``MAX_DEPTH`` deep are refused by a linear scan of
   the text, before any JSON parser (which recurses) sees it;
4. JSON, then notebook: nbformat reads it (converting older versions to v4) and validates it
   against its schema. Keys that nbformat needs but editors leave out (a cell's ``metadata``, a
   code cell's ``outputs`` and ``execution_count``) get their empty defaults first, extra keys
   are allowed, and nbformat's own normalisation applies (cell ids added, metadata that breaks
   the schema, such as a kernelspec without ``display_name``, dropped: the grader uses neither):
   a notebook that Jupyter opens is not refused for a detail. Anything nbformat still finds invalid is refused with
   nbformat's words.
"""
from __future__ import annotations

import json
import re
import warnings
from itertools import accumulate
from pathlib import Path

import nbformat
from nbformat.validator import normalize

MAX_BYTES = 64 * 2**20  # far above a lab with its outputs (a few MB with figures)
MAX_DEPTH = 100  # a notebook nests about 10 levels; widget or Vega outputs a few more

_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def nesting_depth(text: str, stop_above: int = MAX_DEPTH) -> int:
    """How deep ``[`` and ``{`` nest outside JSON strings; counting stops once past ``stop_above``.

    Linear in the length of the text and recursion-free, so it is safe on any input; on text that
    is not JSON the answer is meaningless but harmless (the JSON parser then says what is wrong).
    """
    outside: list[str] = []
    in_string = False
    for piece in text.split('"'):  # pieces alternate outside/inside strings, except escaped quotes
        if not in_string:
            outside.append(piece)
            in_string = True
        elif (len(piece) - len(piece.rstrip("\\"))) % 2 == 0:  # this quote is not escaped: it closes
            in_string = False
    brackets = _NOT_BRACKETS.sub("", "".join(outside))
    depth = deepest = 0
    for start in range(0, len(brackets), 1 << 20):
        levels = list(accumulate(map(_STEP.__getitem__, brackets[start:start + (1 << 20)]), initial=depth))
        depth, deepest = levels[-1], max(deepest, max(levels))
        if deepest > stop_above:
            break
    return deepest


def _too_deep() -> ValueError:
    return ValueError(f"the file nests lists or objects more than {MAX_DEPTH} levels deep, which no "
                      f"notebook does; was it generated or edited by a program other than Jupyter?")


def _with_defaults(data: dict) -> bool:
    """Add the empty values nbformat requires and editors omit; return whether anything was added."""
    added = False
    if data.get("nbformat") != 4:
        return added
    if "metadata" not in data:
        data["metadata"], added = {}, True
    for cell in data.get("cells") if isinstance(data.get("cells"), list) else []:
        if not isinstance(cell, dict):
            continue
        defaults = {"metadata": {}}
        if cell.get("cell_type") == "code":
            defaults.update(outputs=[], execution_count=None)
        for key, value in defaults.items():
            if key not in cell:
                cell[key], added = value, True
    return added


def _schema_reason(err: Exception) -> str:
    where = "/".join(str(p) for p in getattr(err, "absolute_path", []) or [])
    message = str(getattr(err, "message", None) or err).splitlines()[0]
    if len(message) > 200:
        message = message[:200] + " …"
    return f"{message} (at {where})" if where else message


def parse_notebook(text: str) -> nbformat.NotebookNode:
    """A notebook from its JSON text (the steps 3 and 4 above); ``ValueError`` with the reason."""
    if nesting_depth(text) > MAX_DEPTH:
        raise _too_deep()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"the file is not valid JSON ({err.msg} at line {err.lineno}, "
                         f"column {err.colno}); was it truncated or edited by hand?") from None
    except RecursionError:
        raise _too_deep() from None
    if not isinstance(data, dict) or "nbformat" not in data:
        raise ValueError("the file is JSON but not a Jupyter notebook (it has no nbformat version)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nbformat warns about missing cell ids; normalize adds them
            captured: dict = {}
            nb = nbformat.reads(json.dumps(data) if _with_defaults(data) else text, as_version=4,
                                capture_validation_error=captured)
            if "ValidationError" in captured:
                _, fixed = normalize(nb, relax_add_props=True, strip_invalid_metadata=True)
                nb = nbformat.from_dict(fixed)
                nbformat.validate(nb, relax_add_props=True)
    except RecursionError:
        raise _too_deep() from None
    except Exception as err:  # nbformat raises many kinds; all mean the same to a student
        raise ValueError(f"the file is JSON but not a Jupyter notebook ({_schema_reason(err)})") from None
    return nb


def read_submission(path: Path) -> nbformat.NotebookNode:
    """Parse a submitted file as a notebook; raise ValueError with a reason a student understands."""
    path = Path(path)
    too_large = (f"more than the {_megabytes(MAX_BYTES)} a notebook may have; clear its outputs "
                 f"(Edit > Clear all outputs), save and hand it in again")
    if path.stat().st_size > MAX_BYTES:
        raise ValueError(f"the file is too large ({_megabytes(path.stat().st_size)}, {too_large})")
    with open(path, "rb") as handle:
        raw = handle.read(MAX_BYTES + 1)  # bounded even if the file grew since
    if len(raw) > MAX_BYTES:
        raise ValueError(f"the file is too large ({too_large})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("the file is not text (UTF-8); was a notebook (.ipynb) uploaded?") from None
    del raw
    return parse_notebook(text.removeprefix("\ufeff"))
