"""Reading a submitted file as a notebook, or the reason it is not one (no grading here)."""
import json

import nbformat
import pytest

from autograde import notebook_file
from autograde.notebook_file import MAX_DEPTH, nesting_depth, read_submission

CELL = {"cell_type": "code", "source": "x = 1", "metadata": {}, "outputs": [], "execution_count": None}


def notebook(**metadata):
    return {"cells": [CELL], "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}


def write(tmp_path, content, name="lab.ipynb"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def reason(tmp_path, content):
    with pytest.raises(ValueError) as err:
        read_submission(write(tmp_path, content))
    return str(err.value)


def test_a_notebook_is_read(tmp_path):
    nb = read_submission(write(tmp_path, notebook(kernelspec={"name": "python3"})))
    assert nb.cells[0].source == "x = 1" and nb.nbformat == 4


def test_grade_one_still_offers_the_old_name():
    from autograde import grade_one

    assert grade_one.read_submission is read_submission


def test_nesting_200000_deep_is_invalid_not_a_crash(tmp_path):
    text = json.dumps(notebook(x="HOLE")).replace('"HOLE"', "[" * 200_000 + "]" * 200_000)
    message = reason(tmp_path, text)
    assert "nests lists or objects more than" in message and str(MAX_DEPTH) in message


def test_deep_objects_too(tmp_path):
    text = json.dumps(notebook(x="HOLE")).replace('"HOLE"', '{"a":' * 5000 + "1" + "}" * 5000)
    assert "nests" in reason(tmp_path, text)


def test_brackets_inside_strings_do_not_count(tmp_path):
    text = '[[[[\\"' + "[" * 1000 + '\\\\'
    nb = read_submission(write(tmp_path, notebook(note=text)))
    assert nb.metadata.note == text


def test_moderate_nesting_is_fine(tmp_path):
    value = 1
    for _ in range(MAX_DEPTH - 5):
        value = [value]
    assert read_submission(write(tmp_path, notebook(x=value))).metadata.x


@pytest.mark.parametrize("text,depth", [("[]", 1), ('{"a": [[1], {"b": "]]]]"}]}', 3),
                                        ('"\\"[[["', 0), ('["\\\\", [[]]]', 3), ("[" * 10, 10)])
def test_nesting_depth(text, depth):
    assert nesting_depth(text) == depth


def test_recursion_in_the_parser_is_caught_too(tmp_path, monkeypatch):
    """Should the scan ever miss, the parser's RecursionError is still a reason, not a crash."""
    monkeypatch.setattr(notebook_file, "nesting_depth", lambda text, stop_above=0: 0)
    text = json.dumps(notebook(x="HOLE")).replace('"HOLE"', "[" * 200_000 + "]" * 200_000)
    assert "nests" in reason(tmp_path, text)


def test_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(notebook_file, "MAX_BYTES", 1000)
    message = reason(tmp_path, notebook(pad=" " * 2000))
    assert "too large" in message and "Clear all outputs" in message
    assert read_submission(write(tmp_path, notebook()))  # a small one still reads


def test_sparse_huge_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.ipynb"
    with open(path, "wb") as handle:
        handle.truncate(notebook_file.MAX_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(ValueError, match="too large"):
        read_submission(path)


@pytest.mark.parametrize("content,words", [
    (bytes(range(256)), "not text"),
    ('{"cells": [', "not valid JSON"),
    ('{"hello": "world"}', "not a Jupyter notebook"),
    ("[1, 2]", "not a Jupyter notebook"),
    ({**notebook(), "cells": {}}, "not a Jupyter notebook"),
    ({**notebook(), "cells": [{"cell_type": "bogus", "source": "x", "metadata": {}}]}, "not a Jupyter notebook"),
    ({**notebook(), "cells": [{**CELL, "source": 3}]}, "not a Jupyter notebook"),
    ({**notebook(), "nbformat": 99}, "not a Jupyter notebook"),
])
def test_unreadable_files_have_a_reason(tmp_path, content, words):
    assert words in reason(tmp_path, content)


def test_what_editors_leave_out_is_not_a_reason_to_refuse(tmp_path):
    """Jupyter opens these; so does the grader (nbformat adds cell ids; the rest gets defaults)."""
    bare = {"cells": [{"cell_type": "code", "source": ["a = 1\n", "b = 2"]},
                      {"cell_type": "markdown", "source": "# hi", "outputs": []}],
            "nbformat": 4, "nbformat_minor": 5}
    nb = read_submission(write(tmp_path, bare))
    assert [c.source for c in nb.cells] == ["a = 1\nb = 2", "# hi"]
    assert nb.cells[0].outputs == [] and all("id" in c for c in nb.cells)
    nbformat.validate(nb, relax_add_props=True)


def test_byte_order_mark_and_colab_minor_version(tmp_path):
    nb = {**notebook(colab={"provenance": []}), "nbformat_minor": 0}
    content = "\ufeff" + json.dumps(nb)
    assert read_submission(write(tmp_path, content)).metadata.colab == {"provenance": []}
