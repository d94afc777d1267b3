"""One graded batch per lab, shared by the tests that read it (tests/conftest.py: lab_batch).

Every lab's batch holds the solution (intact and stripped of its metadata), the untouched student copy
and one submission per part's first catalogued wrong answer (all other answers correct); the batch of
GRADER_LAB also holds every other kind of submission the grader must handle (repaired, tampered,
unreadable, Chinese), and LOOP_LAB's an answer that loops forever. One batch instead of several saves
a grader start-up per lab.
"""
from __future__ import annotations

import copy
import json
from typing import NamedTuple

import nbformat

from tests.course_files import as_student, graded_cells, release, solution_answers, wrong_answers

GRADER_LAB = "ch03"  # grader behaviour (intake, repair, unreadable files) is tested on this lab only
# The second lab an infinite loop is stopped in (the first: ch03, tests/test_grading.py's honest_but_noisy),
# one that trains with PyTorch. Its batch has 30 s per notebook, 15 s per cell: far beyond any lab cell in
# FAST mode (importing torch included, on a busy machine), short enough that the loop costs little.
LOOP_LAB, LOOP_LAB_TIMEOUT = "ch05", "30"


class LabBatch(NamedTuple):
    assignment: str
    rows: dict  # student -> their row of grades.csv
    total: float
    out: object  # the grader's output folder


def strip_all_metadata(nb):
    """What an editor that drops unknown metadata leaves: no nbgrader, no tags, no ids."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        cell.metadata = {}
    return nb


def colab_roundtrip(nb):
    """Colab keeps the cells but drops nbgrader metadata and adds its own."""
    nb = copy.deepcopy(nb)
    nb.metadata = {"colab": {"provenance": []}, "accelerator": "GPU",
                   "kernelspec": {"name": "python3", "display_name": "Python 3"}}
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
        cell.metadata["id"] = f"colab{hash(cell.source) % 10**6}"
    return nb


def with_tests_replaced(nb, text="pass"):
    """A student who rewrites every test cell so that it passes."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade"):
            cell.source = text
    return nb


def with_tests_deleted(nb):
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if not c.metadata.get("nbgrader", {}).get("grade")]
    return nb


def scratch_cells_added(nb):
    """Extra cells of the student's own after each answer: nbgrader grades around them."""
    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cells.append(nbformat.v4.new_code_cell("print('checking my answer')"))
    nb.cells = cells
    return nb


CHINESE_WRONG = ("softmax", "axis-0-hard-coded")  # of GRADER_LAB's catalogue: fails a visible check


def chinese_kinds(assignment):
    """The Chinese edition of the lab (zh/notebooks/), handed in to the same batch as the English one."""
    solution = as_student(assignment, language="zh")
    part, name = CHINESE_WRONG
    answers = {**solution_answers(assignment), f"{part}-answer": wrong_answers(assignment)[part][name]}
    return {"zh-solution": solution, "zh-stripped": strip_all_metadata(solution),
            "zh-untouched": release(assignment, language="zh"),
            "zh-wrong": as_student(assignment, answers, language="zh")}


def with_first_answer_looping(assignment):
    answers = solution_answers(assignment)
    return as_student(assignment, {**answers, next(iter(answers)): "while True:\n    pass\n"})


def sampled_wrong_answers(assignment: str) -> dict[str, dict[str, str]]:
    """The first wrong answer of each part: proved again through the whole command line."""
    return {part: dict([next(iter(wrong.items()))]) for part, wrong in wrong_answers(assignment).items()}


def grade_lab_batch(assignment: str, grader, tmp_path_factory) -> LabBatch:
    folder = tmp_path_factory.mktemp(f"{assignment}-submissions")
    solution = as_student(assignment)
    notebooks = {"untouched": release(assignment), "solution": solution, "stripped": strip_all_metadata(solution)}
    answers = solution_answers(assignment)
    for part, wrong in sampled_wrong_answers(assignment).items():
        assert f"{part}-answer" in answers, f"{assignment} has no answer cell {part}-answer"
        for name, text in wrong.items():
            notebooks[f"{part}--{name}"] = as_student(assignment, {**answers, f"{part}-answer": text})
    if assignment == GRADER_LAB:
        notebooks.update({
            "colab": colab_roundtrip(solution),
            "scratch": scratch_cells_added(solution),
            "tests-edited": with_tests_replaced(release(assignment)),
            "tests-edited-stripped": strip_all_metadata(with_tests_replaced(release(assignment))),
            "tests-deleted": with_tests_deleted(release(assignment)),
        })
        notebooks.update(chinese_kinds(assignment))
        (folder / "in-a-folder").mkdir()
        nbformat.write(solution, folder / "in-a-folder" / "my lab (1).ipynb")
        text = json.dumps(solution)
        (folder / "truncated.ipynb").write_text(text[: len(text) // 2])
        (folder / "not-a-notebook.ipynb").write_text('{"hello": "world"}')
        (folder / "binary.ipynb").write_bytes(bytes(range(256)))
        (folder / "readme.txt").write_text("not a submission")
    options = ()
    if assignment == LOOP_LAB:
        notebooks["loops"] = with_first_answer_looping(assignment)
        options = ("--timeout", LOOP_LAB_TIMEOUT)
    for student, nb in notebooks.items():
        nbformat.write(nb, folder / f"{student}.ipynb")
    out = tmp_path_factory.mktemp(f"{assignment}-out")
    rows = grader(assignment, folder, out, *options)
    return LabBatch(assignment, rows, sum(graded_cells(assignment).values()), out)
