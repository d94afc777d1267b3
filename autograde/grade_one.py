"""Grade one submission in a private course directory; run as its own process by ``batch``.

    python -m autograde.grade_one TEMPLATE_DIR ASSIGNMENT STUDENT SUBMISSION WORK_DIR CELL_TIMEOUT

TEMPLATE_DIR holds the assignment's source and a gradebook made by ``generate_assignment``;
it is copied to WORK_DIR, so every grading starts from fresh state and no stale score survives.
Writes ``WORK_DIR/result.json``: status, reason, score, max_score, per-cell scores, feedback path.
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import nbformat

from autograde.course import nbgrader_api, release_notebook
from autograde.repair import repair

GRADING_PARAMETERS = ('# Set by the grader: tiny sizes, same code path, on the CPU.\n'
                      'FAST = True\nDEVICE = "cpu"')


def with_grading_parameters(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Insert the grader's parameters after the ``parameters`` cell, as papermill would."""
    for index, cell in enumerate(nb.cells):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            injected = nbformat.v4.new_code_cell(GRADING_PARAMETERS)
            injected.metadata["tags"] = ["injected-parameters"]
            nb.cells.insert(index + 1, injected)
            break
    return nb


def read_submission(path: Path) -> nbformat.NotebookNode:
    """Parse a submitted file as a notebook; raise ValueError with a reason a student understands."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("the file is not text (UTF-8); was a notebook (.ipynb) uploaded?") from None
    try:
        json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"the file is not valid JSON ({err.msg} at line {err.lineno}, "
                         f"column {err.colno}); was it truncated or edited by hand?") from None
    try:
        nb = nbformat.reads(text, as_version=4)
        if not isinstance(nb.get("cells"), list):
            raise ValueError("no list of cells")
        for cell in nb.cells:
            if cell.get("cell_type") not in ("code", "markdown", "raw") or not isinstance(cell.get("source"), str):
                raise ValueError("a cell has no type or no text")
    except Exception as err:  # nbformat raises many kinds; all mean the same to a student
        raise ValueError(f"the file is JSON but not a Jupyter notebook ({err})") from None
    return nb


def scores(api, assignment: str, student: str, notebook: str) -> dict[str, tuple[float, float]]:
    """Score and max score of every graded cell, by grade_id, read from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(api.coursedir.db_url) as gradebook:
        submitted = gradebook.find_submission_notebook(notebook, assignment, student)
        return {grade.name: (float(grade.score), float(grade.max_score)) for grade in submitted.grades}


def timed_out_cells(autograded: Path) -> int:
    """How many cells nbgrader stopped for running past the per-cell time limit."""
    nb = nbformat.read(autograded, as_version=4)
    return sum(1 for cell in nb.cells for out in cell.get("outputs", [])
               if out.get("output_type") == "error" and out.get("ename") == "CellTimeoutError")


def grade(template: Path, assignment: str, student: str, submission: Path, work: Path,
          cell_timeout: int) -> dict:
    result = {"student": student, "assignment": assignment, "status": "ok", "reason": "",
              "score": 0.0, "max_score": None, "cells": {}, "feedback": None}
    try:
        nb = read_submission(submission)
    except ValueError as err:
        return {**result, "status": "invalid", "reason": str(err)}

    release = nbformat.read(release_notebook(assignment), as_version=4)
    repaired = repair(nb, release)
    if repaired.repairs:
        result["status"] = "repaired"
        result["reason"] = "; ".join(repaired.repairs)

    shutil.copytree(template, work, dirs_exist_ok=True)
    target = work / "submitted" / student / assignment / release_notebook(assignment).name
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(with_grading_parameters(repaired.notebook), target)

    api = nbgrader_api(work, timeout=cell_timeout)
    outcome = api.autograde(assignment, student, force=True, create=True)
    if not outcome["success"]:
        # Seen on overloaded machines: a kernel that starts too slowly or ignores an interrupt
        # while importing a large package. One retry from the same state costs little.
        outcome = api.autograde(assignment, student, force=True, create=True)
    if not outcome["success"]:
        log = (outcome.get("error") or outcome.get("log") or "").strip().splitlines()
        return {**result, "status": "error",
                "reason": "nbgrader could not grade this notebook: " + " | ".join(log[-5:])}

    result["cells"] = scores(api, assignment, student, target.stem)
    result["score"] = sum(score for score, _ in result["cells"].values())
    result["max_score"] = sum(top for _, top in result["cells"].values())
    stopped = timed_out_cells(work / "autograded" / student / assignment / target.name)
    if stopped:
        result["status"] = "timeout"
        result["reason"] = "; ".join(filter(None, [
            f"{stopped} cell(s) ran longer than {cell_timeout} s and were stopped "
            f"(an infinite loop, or sizes not set by FAST?); the rest was graded", result["reason"]]))

    feedback = api.generate_feedback(assignment, student, force=True)
    page = work / "feedback" / student / assignment / (target.stem + ".html")
    if feedback["success"] and page.exists():
        result["feedback"] = str(page)
    return result


def main(argv: list[str]) -> int:
    template, assignment, student, submission, work, cell_timeout = argv
    work = Path(work)
    result = grade(Path(template), assignment, student, Path(submission), work, int(cell_timeout))
    (work / "result.json").write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
