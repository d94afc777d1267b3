"""Every plausible wrong answer in the catalogue loses points in its part when really graded."""
import ast

import pytest

from tests.conftest import ASSIGNMENTS
from tests.course_files import graded_cells, solution_answers, wrong_answer_edits, wrong_answers
from tests.lab_batches import sampled_wrong_answers
from autograde.lab import part_of
from autograde.part_check import check_answers

import nbformat

MIN_WRONG_ANSWERS_PER_PART = 3


@pytest.fixture(scope="module")
def checker_socket(tmp_path_factory):
    """One checker server for every lab's catalogue, as one serves a whole grading batch: its imports
    and warm-up (seconds of CPU) are paid once."""
    from autograde import checker

    server, socket_path = checker.start(tmp_path_factory.mktemp("checker"))
    checker.wait_until_ready(server)
    yield socket_path
    checker.stop(server)


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
def test_each_wrong_answer_loses_points_in_its_part(assignment, checker_socket):
    """Every entry, in place of its part's reference answer (all other answers correct), fails at least
    one of that part's tests, run through the same sandbox and checker that grade students."""
    verdicts = check_answers(assignment, wrong_answers(assignment), checker_socket=checker_socket)
    expected = {f"{p}--{n}" for p, wrong in wrong_answers(assignment).items() for n in wrong}
    assert set(verdicts) == expected
    escaped = sorted(name for name, tests in verdicts.items() if all(tests.values()))
    assert not escaped, f"{assignment}: wrong answers that pass every test of their part: {escaped}"


def test_sampled_wrong_answers_lose_points_through_the_command_line(lab_batch):
    """Each part's first wrong answer, graded in the lab's batch (tests/lab_batches.py)."""
    assignment = lab_batch.assignment
    rows = {student: row for student, row in lab_batch.rows.items() if "--" in student}
    points = graded_cells(assignment)
    escaped = []
    for student, row in sorted(rows.items()):
        part = student.split("--")[0]
        part_max = sum(p for gid, p in points.items() if part_of(gid) == part)
        assert row["status"] == "ok", f"{student}: {row['status']} {row['reason']}"
        if float(row[part]) >= part_max:
            escaped.append(student)
    assert not escaped, f"wrong answers that got full marks for their part: {escaped}"
    expected = {f"{p}--{n}" for p, wrong in sampled_wrong_answers(assignment).items() for n in wrong}
    assert set(rows) == expected
