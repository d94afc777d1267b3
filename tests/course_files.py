"""Build submissions the way students make them, from the committed labs.

A "student answer" is the solution cell's text with the ``### BEGIN/END SOLUTION`` marker lines
removed: exactly what a student who wrote the reference solution would hand in.
"""
from __future__ import annotations

import copy
import importlib
import re

import nbformat

from autograde.course import release_notebook, source_notebook

MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$\n?", re.M)


def grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def release(assignment: str) -> nbformat.NotebookNode:
    return nbformat.read(release_notebook(assignment), as_version=4)


def solution_answers(assignment: str) -> dict[str, str]:
    """grade_id -> the reference answer as a student would type it."""
    source = nbformat.read(source_notebook(assignment), as_version=4)
    return {grade_id(c): MARKER.sub("", c.source) for c in source.cells
            if c.get("metadata", {}).get("nbgrader", {}).get("solution")}


def as_student(assignment: str, answers: dict[str, str] | None = None) -> nbformat.NotebookNode:
    """The release notebook with answer cells filled in (by default: every reference answer)."""
    nb = copy.deepcopy(release(assignment))
    answers = solution_answers(assignment) if answers is None else answers
    for cell in nb.cells:
        if grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    return nb


def graded_cells(assignment: str) -> dict[str, float]:
    """grade_id -> points of every test cell of the release."""
    return {grade_id(c): float(c.metadata.nbgrader["points"]) for c in release(assignment).cells
            if c.get("metadata", {}).get("nbgrader", {}).get("grade")}


def wrong_answer_edits(assignment: str) -> list:
    """The catalogue of plausible wrong answers as edits of the reference (tests.wrong_answers.Wrong)."""
    return importlib.import_module(f"tests.wrong_answers.{assignment}").WRONG


def wrong_answers(assignment: str) -> dict[str, dict[str, str]]:
    """The catalogue of plausible wrong answers: part -> name -> answer cell text (the edited reference)."""
    from tests.wrong_answers import apply_all
    return apply_all(solution_answers(assignment), wrong_answer_edits(assignment))
