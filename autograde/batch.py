"""Grade a batch: N worker processes grade N submissions at once; every submission gets a row."""
from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

from autograde.course import REPO, release_notebook, source_notebook
from autograde.gradebook import ensure_assignment, record
from autograde.intake import collect
from autograde.release import prepare_course
from autograde.report import part_of, write_report
from autograde.sandbox import explain_level

# nbgrader and kernel start-up, and running the notebook again after a stopped cell.
OVERHEAD_SECONDS = 60


def graded_parts(assignment: str) -> dict[str, float]:
    """The assignment's graded parts in notebook order, with their points."""
    nb = nbformat.read(release_notebook(assignment), as_version=4)
    parts: dict[str, float] = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            part = part_of(meta["grade_id"])
            parts[part] = parts.get(part, 0.0) + float(meta.get("points", 0))
    return parts


class Worker:
    """One ``autograde.worker`` process, restarted after it is killed or dies."""

    def __init__(self, log: Path):
        self.log, self.process, self.answers = log, None, None

    def start(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        with open(self.log, "a") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "autograde.worker"], cwd=REPO, env=env,
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                                            start_new_session=True, text=True)
        self.answers = queue.Queue()
        threading.Thread(target=self._read, args=(self.process.stdout, self.answers), daemon=True).start()

    @staticmethod
    def _read(stream, answers: queue.Queue) -> None:
        for line in stream:
            answers.put(line)
        answers.put(None)  # the worker exited

    def grade(self, job: dict, limit: float) -> dict:
        if self.process is None or self.process.poll() is not None:
            self.start()
        self.process.stdin.write(json.dumps(job) + "\n")
        self.process.stdin.flush()
        try:
            answer = self.answers.get(timeout=limit)
        except queue.Empty:
            self.stop()
            return {"status": "timeout", "reason": f"grading ran past {limit:g} s and was stopped "
                    f"(an infinite loop?); no score could be recorded"}
        if answer is None:
            self.stop()
            tail = " | ".join(self.log.read_text().strip().splitlines()[-3:])
            return {"status": "error", "reason": f"the grader crashed: {tail}"}
        return json.loads(answer)

    def stop(self) -> None:
        """Kill the worker and everything it started (the kernel's sandbox dies with its parent)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        if self.process is not None:
            self.process.wait()
        self.process = None

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        self.stop()


def grade_batch(assignment: str, submissions: Path, out: Path, jobs: int = 2, timeout: int = 120,
                memory_mb: int = 4096) -> list[dict]:
    """Grade every submission; write ``out/grades.csv``, ``out/feedback/``, ``out/intake.txt``
    and the course gradebook ``out/course/`` (see ``autograde.gradebook``); return the rows."""
    source_notebook(assignment)  # fails early, with the known assignments, if the name is wrong
    parts = graded_parts(assignment)
    total = sum(parts.values())
    intake = collect(submissions)
    out.mkdir(parents=True, exist_ok=True)
    (out / "intake.txt").write_text("".join(f"{note}\n" for note in intake.notes))
    for note in intake.notes:
        print(f"note: {note}", file=sys.stderr)
    print(explain_level(), file=sys.stderr)
    with intake, tempfile.TemporaryDirectory(prefix="autograde-") as tmp:
        students = list(intake.submissions.items())
        template = Path(tmp) / "template"
        idle: queue.Queue[Worker] = queue.Queue()

        def one(index_and_item):
            index, (student, path) = index_and_item
            started = time.perf_counter()
            work = Path(tmp) / "work" / f"{index:05d}"
            work.mkdir(parents=True)
            job = {"template": str(template), "assignment": assignment, "student": student,
                   "submission": str(path), "work": str(work), "cell_timeout": max(5, timeout // 2),
                   "memory_mb": memory_mb}
            row = {"student": student, "assignment": assignment, "status": "error", "reason": "",
                   "score": 0.0, "max_score": total, "cells": {}, "autograded": None}
            worker = idle.get()
            try:
                row.update(worker.grade(job, timeout + OVERHEAD_SECONDS))
            finally:
                idle.put(worker)
            row["max_score"] = total  # the assignment's total, whatever happened to the notebook
            print(f"[{index + 1}/{len(students)}] {student}: {row['score']:g}/{total:g} "
                  f"{row['status']} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
            return row

        try:
            for slot in range(max(1, min(jobs, len(students)))):
                worker = Worker(Path(tmp) / f"worker-{slot}.log")
                worker.start()  # its imports (seconds of CPU) overlap with making the template
                idle.put(worker)
            prepare_course(assignment, template)
            with ThreadPoolExecutor(max_workers=idle.qsize()) as pool:
                rows = list(pool.map(one, enumerate(students)))
        finally:
            while not idle.empty():
                idle.get().close()
        # One writer, after the parallel part: nbgrader's SQLite gradebook is not safe otherwise.
        ensure_assignment(out / "course", template, assignment)
        for row in rows:
            record(out / "course", assignment, row)
        write_report(rows, parts, out)  # inside the with: feedback is read from the work folders
    return rows
