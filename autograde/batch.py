"""Grade a batch: one process per submission, N at a time, every submission gets a row."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

from autograde.course import REPO, release_notebook, source_notebook
from autograde.intake import collect
from autograde.release import prepare_course
from autograde.report import part_of, write_report

# nbgrader start-up, kernel start-up and the feedback page, on top of the notebook's own run time.
OVERHEAD_SECONDS = 60


def graded_parts(assignment: str) -> tuple[list[str], float]:
    """The assignment's graded parts in notebook order, and its total points."""
    nb = nbformat.read(release_notebook(assignment), as_version=4)
    parts, total = [], 0.0
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            total += float(meta.get("points", 0))
            if part_of(meta["grade_id"]) not in parts:
                parts.append(part_of(meta["grade_id"]))
    return parts, total


def grade_in_subprocess(template: Path, assignment: str, student: str, submission: Path,
                        work: Path, timeout: int) -> dict:
    """Run ``autograde.grade_one`` in its own process group; kill it all past the time limit."""
    work.mkdir(parents=True)
    command = [sys.executable, "-m", "autograde.grade_one", str(template), assignment, student,
               str(submission), str(work), str(max(5, timeout // 2))]
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    process = subprocess.Popen(command, cwd=work, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True, text=True)
    try:
        output, _ = process.communicate(timeout=timeout + OVERHEAD_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the kernel too: it is in the same session
        process.communicate()
        return {"status": "timeout", "reason": f"grading ran past {timeout + OVERHEAD_SECONDS} s and "
                f"was stopped (an infinite loop?); no score could be recorded"}
    result_file = work / "result.json"
    if process.returncode != 0 or not result_file.exists():
        tail = " | ".join(output.strip().splitlines()[-3:])
        return {"status": "error", "reason": f"the grader crashed (exit {process.returncode}): {tail}"}
    return json.loads(result_file.read_text())


def grade_batch(assignment: str, submissions: Path, out: Path, jobs: int = 2, timeout: int = 120) -> list[dict]:
    """Grade every submission; write ``out/grades.csv`` and ``out/feedback/``; return the rows."""
    source_notebook(assignment)  # fails early, with the known assignments, if the name is wrong
    parts, total = graded_parts(assignment)
    intake = collect(submissions)
    for note in intake.notes:
        print(f"note: {note}", file=sys.stderr)
    rows: list[dict] = []
    with intake, tempfile.TemporaryDirectory(prefix="autograde-") as tmp:
        template = Path(tmp) / "template"
        prepare_course(assignment, template)
        students = list(intake.submissions.items())

        def one(index_and_item):
            index, (student, path) = index_and_item
            started = time.perf_counter()
            row = {"student": student, "assignment": assignment, "status": "error", "reason": "",
                   "score": 0.0, "max_score": total, "cells": {}, "feedback": None}
            row.update(grade_in_subprocess(template, assignment, student, path,
                                           Path(tmp) / "work" / f"{index:05d}", timeout))
            row["max_score"] = total  # the assignment's total, whatever happened to the notebook
            print(f"[{index + 1}/{len(students)}] {student}: {row['score']:g}/{total:g} "
                  f"{row['status']} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
            return row

        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            rows = list(pool.map(one, enumerate(students)))
        out.mkdir(parents=True, exist_ok=True)
        write_report(rows, parts, out)  # inside the with: feedback pages are read from work dirs
    return rows
