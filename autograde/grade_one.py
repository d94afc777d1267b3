"""Grade one submission in a private course directory (called by ``autograde.worker``).

The template folder holds the assignment's source and a gradebook made by ``generate_assignment``;
it is copied to the submission's work folder, so every grading starts from fresh state and no
stale score survives. The result: status, reason, score, max_score, per-cell scores and the path
of the autograded notebook.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import nbformat

from autograde import sandbox
from autograde.course import nbgrader_api, release_notebook
from autograde.execute import GuardedExecute
from autograde.outcome import findings, summarise
from autograde.repair import repair
from autograde.sandbox import Limits

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
from autograde.notebook_file import read_submission  # noqa: E402,F811 (moved; the rewrite drops the copy above)


def scores(api, assignment: str, student: str, notebook: str) -> dict[str, tuple[float, float]]:
    """Score and max score of every graded cell, by grade_id, read from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(api.coursedir.db_url) as gradebook:
        submitted = gradebook.find_submission_notebook(notebook, assignment, student)
        return {grade.name: (float(grade.score), float(grade.max_score)) for grade in submitted.grades}


def sandboxed_execution(work: Path, limits: Limits):
    """nbgrader configuration: the kernel in the sandbox, guards around the tests (``autograde.execute``)."""
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute
    from traitlets.config import Config

    config = Config()
    os.environ.update(sandbox.prepare(work / "sandbox", limits, config))
    config.Autograde.autograde_preprocessors = [
        GuardedExecute if step is Execute else step for step in Autograde.class_traits()["autograde_preprocessors"].default()]
    config.GuardedExecute.report_path = str(work / "execution.json")
    return config


def grade(template: Path, assignment: str, student: str, submission: Path, work: Path,
          cell_timeout: int, limits: Limits = Limits()) -> dict:
    result = {"student": student, "assignment": assignment, "status": "ok", "reason": "",
              "score": 0.0, "max_score": None, "cells": {}, "feedback": None, "autograded": None}
    try:
        nb = read_submission(submission)
    except ValueError as err:
        return {**result, "status": "invalid", "reason": str(err)}

    release = nbformat.read(release_notebook(assignment), as_version=4)
    repaired = repair(nb, release)

    shutil.copytree(template, work, dirs_exist_ok=True)
    target = work / "submitted" / student / assignment / release_notebook(assignment).name
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(with_grading_parameters(repaired.notebook), target)

    api = nbgrader_api(work, timeout=cell_timeout, extra_config=sandboxed_execution(work, limits))
    outcome = api.autograde(assignment, student, force=True, create=True)
    if not outcome["success"]:
        # Seen on overloaded machines: a kernel that starts too slowly. One retry costs little.
        outcome = api.autograde(assignment, student, force=True, create=True)
    if not outcome["success"]:
        log = (outcome.get("error") or outcome.get("log") or "").strip().splitlines()
        return {**result, "status": "error",
                "reason": "nbgrader could not grade this notebook: " + " | ".join(log[-5:])}

    result["cells"] = scores(api, assignment, student, target.stem)
    result["score"] = sum(score for score, _ in result["cells"].values())
    result["max_score"] = sum(top for _, top in result["cells"].values())
    autograded = work / "autograded" / student / assignment / target.name
    execution = json.loads((work / "execution.json").read_text())
    found = findings(nbformat.read(autograded, as_version=4), execution, repaired.repairs,
                     cell_timeout, limits.memory_mb)
    result["status"], result["reason"] = summarise(found)
    result["autograded"] = str(autograded)
    return result
