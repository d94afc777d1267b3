"""Build submissions the way students make them, from the committed labs.

A "student answer" is the solution cell's text with the ``### BEGIN/END SOLUTION`` marker lines
removed: exactly what a student who wrote the reference solution would hand in.
"""
from __future__ import annotations

import importlib

import nbformat

from autograde.course import release_notebook
from autograde.lab import grade_id, reference_answers as solution_answers, reference_submission as as_student

__all__ = ["as_student", "grade_id", "graded_cells", "release", "solution_answers", "wrong_answer_edits",
           "wrong_answers"]


def release(assignment: str, language: str = "en") -> nbformat.NotebookNode:
    return nbformat.read(release_notebook(assignment, language), as_version=4)


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
