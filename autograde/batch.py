"""Grade a batch: N worker processes grade N submissions at once, with one checker server between
them; every submission gets a row."""
from __future__ import annotations

import multiprocessing
import os
import queue
import shutil
import signal
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path

from autograde import checker, worker
from autograde.contracts import Job, Result
from autograde.course import source_notebook
from autograde.gradebook import ensure_assignment, record
from autograde.intake import collect
from autograde.lab import load_lab
from autograde.language import detect
from autograde.notebook_file import read_submission
from autograde.policy import GradingPolicy
from autograde.release import prepare_course
from autograde.late import LatePolicy, SubmissionTime
from autograde.regrade import select
from autograde.report import annotate, write_report
from autograde.sandbox import explain_level
from autograde.status import Status


# Workers are forked from a server process that has imported autograde.worker (grade_batch sets the
# preload); the batch's own threads are never forked.
FORKS = multiprocessing.get_context("forkserver")


class Worker:
    """One ``autograde.worker`` process, restarted after it is killed or dies."""

    def __init__(self, log: Path, checker_socket: str):
        self.log, self.checker_socket = log, checker_socket
        self.process: multiprocessing.Process | None = None
        self.jobs: Connection | None = None  # the batch's end of the pipe: jobs out, results in

    def start(self) -> None:
        self.jobs, theirs = FORKS.Pipe()
        self.process = FORKS.Process(target=worker.serve, args=(theirs, self.checker_socket, str(self.log)),
                                     daemon=True, name=self.log.stem)
        self.process.start()
        theirs.close()

    def grade(self, job: Job) -> Result:
        if self.process is None or not self.process.is_alive():
            self.start()
        self.jobs.send(job)
        limit = job.policy.worker_seconds
        failed = Result(student=job.student, assignment=job.assignment, status=Status.ERROR,
                        language=job.language)
        if not self.jobs.poll(limit):
            self.stop()
            failed.reason = (f"grading ran past {limit:g} s and was stopped; the grader could not "
                             f"record a score (your instructor has the log)")
            return failed
        try:
            return self.jobs.recv()
        except EOFError:  # the worker exited
            self.stop()
            failed.reason = "the grader crashed on this notebook (your instructor has the log)"
            return failed

    def stop(self) -> None:
        """Kill the worker's process group. jupyter_client starts the kernel's launcher in a session of its
        own: a kernel it was running is not in that group."""
        if self.process is not None and self.process.is_alive():
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:  # killed before it made its process group
                self.process.kill()
        if self.process is not None:
            self.process.join()
        if self.jobs is not None and not self.jobs.closed:
            self.jobs.close()
        self.process = self.jobs = None

    def close(self) -> None:
        """Let the worker finish (it exits when its pipe closes), then make sure it has."""
        if self.process is not None:
            self.jobs.close()
            self.process.join(timeout=30)
        self.stop()


def language_of(path: Path) -> str:
    """The edition a submission was written in (autograde.language); "en" for a file that is not a
    notebook (the worker reports why)."""
    try:
        return detect(read_submission(path))
    except (ValueError, OSError):
        return "en"


def grade_batch(assignment: str, submissions: Path, out: Path, jobs: int = 2,
                policy: GradingPolicy = GradingPolicy(), *, late: LatePolicy | None = None,
                only: list[str] | None = None,
                lms_times: dict[tuple[str, str], SubmissionTime] | None = None) -> list[Result]:
    """Grade every submission; write ``out/grades.csv``, ``out/results.json``, ``out/feedback/``,
    ``out/intake.txt`` and the course gradebook ``out/course/`` (see ``autograde.gradebook``);
    return the results.

    ``late``: the late policy (``autograde.late``), applied with the intake's submission times,
    overridden by ``lms_times`` (an LMS's own, e.g. Moodle's worksheet: ``autograde.lms``). ``only``: regrade just these
    students into an earlier run's ``out`` (``autograde.regrade``).
    """
    source_notebook(assignment)  # fails early, with the known assignments, if the name is wrong
    lab = load_lab(assignment)
    total = sum(lab.parts.values())
    intake = collect(submissions)
    if only is not None:
        select(intake, only, out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "intake.txt").write_text("".join(f"{note}\n" for note in intake.notes), encoding="utf-8")
    for note in intake.notes:
        print(f"note: {note}", file=sys.stderr)
    print(explain_level(), file=sys.stderr)
    with intake, tempfile.TemporaryDirectory(prefix="autograde-") as tmp:
        students = list(intake.submissions.items())
        languages = {student: language_of(path) for student, path in students}
        templates = {language: Path(tmp) / f"template-{language}" for language in {"en", *languages.values()}}
        idle: queue.Queue[Worker] = queue.Queue()
        checker_server = None

        def one(index_and_item) -> Result:
            index, (student, path) = index_and_item
            started = time.perf_counter()
            work = Path(tmp) / "work" / f"{index:05d}"
            work.mkdir(parents=True)
            job = Job(index=index, student=student, assignment=assignment, submission=str(path), work=str(work),
                      template=str(templates[languages[student]]), policy=policy, language=languages[student])
            slot_worker = idle.get()
            try:
                result = slot_worker.grade(job)
            finally:
                idle.put(slot_worker)
            result.max_score = total  # the assignment's total, whatever happened to the notebook
            print(f"[{index + 1}/{len(students)}] {student}: {result.score:g}/{total:g} "
                  f"{result.status.value} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
            return result

        try:
            # Their imports (seconds of CPU each) overlap with making the templates.
            checker_server, checker_socket = checker.start(Path(tmp), Path(tmp) / "checker.log",
                                                           optimizers=lab.tests_make_optimizers)
            FORKS.set_forkserver_preload(["autograde.worker"])
            for slot in range(max(1, min(jobs, len(students)))):
                slot_worker = Worker(Path(tmp) / f"worker-{slot}.log", checker_socket)
                slot_worker.start()
                idle.put(slot_worker)
            for language, template in templates.items():
                prepare_course(assignment, template, language)
            checker.wait_until_ready(checker_server)
            with ThreadPoolExecutor(max_workers=idle.qsize()) as pool:
                results = list(pool.map(one, enumerate(students)))
        finally:
            while not idle.empty():
                idle.get().close()
            if checker_server is not None:
                checker.stop(checker_server)
            for log in Path(tmp).glob("*.log"):  # the instructor's copy of what went wrong
                shutil.copy2(log, out / log.name)
        results += [Result(student=student, assignment=assignment, status=Status.INVALID, reason=reason,
                           max_score=total) for student, reason in intake.invalid.items()]
        # One writer, after the parallel part: nbgrader's SQLite gradebook is not safe otherwise.
        ensure_assignment(out / "course", templates["en"], assignment)
        for result in results:
            record(out / "course", assignment, result)
        # Inside the with: failing checks and feedback are read from the work folders.
        annotate(results, intake.times, late, intake.lms, lms_times)
        write_report(results, lab.parts, out, late=late, regrade=only is not None)
    return results
