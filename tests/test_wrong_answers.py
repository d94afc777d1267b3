"""Every plausible wrong answer in the catalogue loses points in its part when really graded."""
import ast

import pytest

from tests.conftest import ASSIGNMENTS
from tests.course_files import (as_student, graded_cells, solution_answers, wrong_answer_edits,
                                wrong_answers)
from autograde.lab import part_of
from autograde.part_check import check_answers

import nbformat

MIN_WRONG_ANSWERS_PER_PART = 3


def parts_of(assignment):
    return sorted({part_of(gid) for gid in graded_cells(assignment)})


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_catalogue_covers_every_graded_part(assignment):
    catalogue = wrong_answers(assignment)
    for part in parts_of(assignment):
        assert len(catalogue.get(part, {})) >= MIN_WRONG_ANSWERS_PER_PART, (
            f"{assignment}: part {part!r} needs at least {MIN_WRONG_ANSWERS_PER_PART} wrong answers")
    assert set(catalogue) <= set(parts_of(assignment)), "catalogue names a part the lab does not have"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_edit_applies_to_the_current_reference(assignment):
    """Structure only, no grading: each entry edits its part's reference into different code that parses."""
    references = solution_answers(assignment)
    seen = set()
    for wrong in wrong_answer_edits(assignment):
        assert (wrong.part, wrong.name) not in seen, f"{assignment}: {wrong.part}/{wrong.name} appears twice"
        seen.add((wrong.part, wrong.name))
        assert wrong.why.strip(), f"{assignment}: {wrong.part}/{wrong.name} does not say why it is plausible"
        reference = references[f"{wrong.part}-answer"]
        text = wrong.apply(reference)  # raises if the code it names is not in the reference as stated
        assert text != reference, f"{assignment}: {wrong.part}/{wrong.name} leaves the reference unchanged"
        ast.parse(text)  # a wrong answer must still be valid Python
    assert len(seen) == sum(map(len, wrong_answers(assignment).values()))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_each_wrong_answer_loses_points_in_its_part(assignment):
    """Every entry, in place of its part's reference answer (all other answers correct), fails at least
    one of that part's tests, run through the same sandbox and checker that grade students."""
    verdicts = check_answers(assignment, wrong_answers(assignment))
    expected = {f"{p}--{n}" for p, wrong in wrong_answers(assignment).items() for n in wrong}
    assert set(verdicts) == expected
    escaped = sorted(name for name, tests in verdicts.items() if all(tests.values()))
    assert not escaped, f"{assignment}: wrong answers that pass every test of their part: {escaped}"


def sample(assignment) -> dict[str, dict[str, str]]:
    """The first wrong answer of each part: proved again through the whole command line."""
    return {part: dict([next(iter(wrong.items()))]) for part, wrong in wrong_answers(assignment).items()}


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def graded_sample(request, grader, tmp_path_factory):
    """Grade one submission per sampled wrong answer (all other answers correct) in a single batch."""
    assignment = request.param
    folder = tmp_path_factory.mktemp(f"{assignment}-wrong")
    answers = solution_answers(assignment)
    for part, wrong in sample(assignment).items():
        answer_cell = f"{part}-answer"
        assert answer_cell in answers, f"{assignment} has no answer cell {answer_cell!r}"
        for name, text in wrong.items():
            nb = as_student(assignment, {**answers, answer_cell: text})
            nbformat.write(nb, folder / f"{part}--{name}.ipynb")
    return assignment, grader(assignment, folder, tmp_path_factory.mktemp(f"{assignment}-wrong-out"))


def test_sampled_wrong_answers_lose_points_through_the_command_line(graded_sample):
    assignment, rows = graded_sample
    points = graded_cells(assignment)
    escaped = []
    for student, row in sorted(rows.items()):
        part = student.split("--")[0]
        part_max = sum(p for gid, p in points.items() if part_of(gid) == part)
        assert row["status"] == "ok", f"{student}: {row['status']} {row['reason']}"
        if float(row[part]) >= part_max:
            escaped.append(student)
    assert not escaped, f"wrong answers that got full marks for their part: {escaped}"
    expected = {f"{p}--{n}" for p, wrong in sample(assignment).items() for n in wrong}
    assert set(rows) == expected
