"""Grade one submission in a private course folder (host side; called by ``autograde.worker``).

The template folder holds the assignment's source and a gradebook made by ``generate_assignment``;
it is copied to the job's work folder, so every grading starts from fresh state and no stale score
survives. nbgrader runs the notebook with ``autograde.execute.BoundaryExecute``: the student's code
in the sandboxed kernel, every test in the checker.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import nbformat

from autograde import sandbox
from autograde.contracts import Job, Result
from autograde.course import nbgrader_api, release_notebook
from autograde.execute import BoundaryExecute
from autograde.lab import GRADING_PARAMETERS, load_lab
from autograde.notebook_file import read_submission
from autograde.outcome import findings, summarise
from autograde.repair import repair
from autograde.status import Status

MAX_SOCKET_PATH = 100  # AF_UNIX paths are limited to 108 bytes


def with_grading_parameters(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Insert the grader's parameters after the ``parameters`` cell, as papermill would."""
    for index, cell in enumerate(nb.cells):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            injected = nbformat.v4.new_code_cell(GRADING_PARAMETERS)
            injected.metadata["tags"] = ["injected-parameters"]
            nb.cells.insert(index + 1, injected)
            break
    return nb


def scores(api, assignment: str, student: str, notebook: str) -> dict[str, tuple[float, float]]:
    """Score and max score of every graded cell, by grade_id, read from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(api.coursedir.db_url) as gradebook:
        submitted = gradebook.find_submission_notebook(notebook, assignment, student)
        return {grade.name: (float(grade.score), float(grade.max_score)) for grade in submitted.grades}


def boundary_execution(job: Job, checker_socket: str):
    """nbgrader configuration: the kernel in the sandbox, the tests in the checker."""
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute
    from traitlets.config import Config

    work = Path(job.work)
    config = Config()
    os.environ.update(sandbox.prepare(work / "sandbox", job.policy.limits(), config))
    agent_socket = str((work / "sandbox" / "runtime" / "checker.sock").resolve())
    if len(agent_socket.encode()) > MAX_SOCKET_PATH:
        raise RuntimeError(f"the grader's temporary folder path is too long for a socket: {agent_socket}")
    lab = load_lab(job.assignment, job.language)
    config.Autograde.autograde_preprocessors = [
        BoundaryExecute if step is Execute else step for step in Autograde.class_traits()["autograde_preprocessors"].default()]
    config.BoundaryExecute.update(
        report_path=str(work / "execution.json"), checker_socket=checker_socket, agent_socket=agent_socket,
        setup_sources=lab.setup_sources, test_sources=lab.test_sources, answer_names=lab.answer_names,
        deadline_seconds=float(job.policy.timeout), max_stops=job.policy.max_stops,
        cell_output_bytes=job.policy.cell_output_bytes, notebook_output_bytes=job.policy.notebook_output_bytes)
    return config


def grade(job: Job, checker_socket: str) -> Result:
    result = Result(student=job.student, assignment=job.assignment, language=job.language)
    try:
        nb = read_submission(Path(job.submission))
    except ValueError as err:
        result.status, result.reason = Status.INVALID, str(err)
        return result

    release = nbformat.read(release_notebook(job.assignment, job.language), as_version=4)
    repaired = repair(nb, release)

    work = Path(job.work)
    shutil.copytree(job.template, work, dirs_exist_ok=True)
    nbgrader_id = f"s{job.index:05d}"  # the student's own name stays out of nbgrader's paths
    target = work / "submitted" / nbgrader_id / job.assignment / release_notebook(job.assignment).name
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(with_grading_parameters(repaired.notebook), target)

    api = nbgrader_api(work, timeout=job.policy.cell_timeout, extra_config=boundary_execution(job, checker_socket))
    outcome = api.autograde(job.assignment, nbgrader_id, force=True, create=True)
    if not outcome["success"]:
        # Seen on overloaded machines: a kernel that starts too slowly. One retry costs little.
        outcome = api.autograde(job.assignment, nbgrader_id, force=True, create=True)
    if not outcome["success"]:
        # The details (with the grader's own paths) go to the worker's log, not to the student.
        print(f"nbgrader failed on {job.student!r}:\n{outcome.get('log')}\n{outcome.get('error')}", flush=True)
        result.status, result.reason = Status.ERROR, "nbgrader could not grade this notebook"
        return result

    result.cells = scores(api, job.assignment, nbgrader_id, target.stem)
    result.score = sum(score for score, _ in result.cells.values())
    result.max_score = sum(top for _, top in result.cells.values())
    autograded = work / "autograded" / nbgrader_id / job.assignment / target.name
    execution = json.loads((work / "execution.json").read_text())
    found = findings(nbformat.read(autograded, as_version=4), execution, repaired.repairs, job.policy,
                     sandbox.usage(work / "sandbox"))
    result.status, result.reason = summarise(found)
    result.autograded = str(autograded)
    return result
