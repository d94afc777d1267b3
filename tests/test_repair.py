"""``repair`` on the real labs, without running nbgrader: what it restores and what it keeps."""
import copy

import nbformat
import pytest

from autograde.repair import repair
from tests.conftest import ASSIGNMENTS
from tests.course_files import as_student, grade_id, release, solution_answers


def ids(nb):
    return [grade_id(c) for c in nb.cells if grade_id(c)]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_intact_submission_needs_no_repair(assignment):
    result = repair(as_student(assignment), release(assignment))
    assert result.repairs == []
    assert ids(result.notebook) == ids(release(assignment))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_answers_are_found_without_metadata_even_when_moved_and_padded(assignment):
    nb = as_student(assignment)
    for cell in nb.cells:
        cell.metadata = {}
    nb.cells.insert(0, nbformat.v4.new_markdown_cell("My notes"))
    nb.cells.append(nbformat.v4.new_code_cell("print('extra')"))
    result = repair(nb, release(assignment))
    assert ids(result.notebook) == ids(release(assignment))
    answers = {grade_id(c): c.source for c in result.notebook.cells if grade_id(c) in solution_answers(assignment)}
    assert answers == solution_answers(assignment)
    assert result.notebook.cells[0].source == "My notes" and "nbgrader" not in result.notebook.cells[0].metadata
    assert result.repairs and "metadata" in result.repairs[0]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_changed_cell_types_and_duplicates_are_undone(assignment):
    nb = as_student(assignment)
    test_cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade"))
    nb.cells.append(copy.deepcopy(test_cell))  # a duplicate carrying the same grade_id
    test_cell.cell_type = "markdown"
    test_cell.pop("outputs", None), test_cell.pop("execution_count", None)
    result = repair(nb, release(assignment))
    assert ids(result.notebook) == ids(release(assignment)), "each nbgrader cell exactly once"
    restored = next(c for c in result.notebook.cells if grade_id(c) == grade_id(test_cell))
    assert restored.cell_type == "code"
    assert any("duplicated" in r for r in result.repairs)
