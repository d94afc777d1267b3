"""A grading worker process: grades submissions one after another for ``batch``.

The batch forks its workers from multiprocessing's forkserver, which imports this module (nbgrader
and the rest, a second of CPU) once per batch, so that neither a worker nor one started again after
a kill pays for the imports. The batch's checker server (``autograde.checker``) forks a fresh
checker for each submission. The batch kills a worker that runs past a submission's time limit (its
process group; its checker ends with the connection) and starts another. That is a last resort: the
run's own deadline comes first (``GradingPolicy.worker_seconds``).
"""
from __future__ import annotations

import os
from multiprocessing.connection import Connection

from autograde.contracts import Job, Result
from autograde.course import REPO
from autograde.grade_one import grade


def serve(jobs: Connection, checker_socket: str, log: str) -> None:
    """Answer each ``Job`` received on ``jobs`` with its ``Result``, until the batch closes its end."""
    os.setsid()  # a process group of its own, which the batch kills (``Worker.stop`` says what that reaches)
    os.chdir(REPO)
    # The kernel's launcher (python -m autograde.sandbox) finds this package wherever the batch runs.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    # What nbgrader, a library or the kernel's launcher prints goes to the worker's log, the
    # instructor's copy of what went wrong.
    written = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    for stream in (1, 2):
        os.dup2(written, stream)
    os.close(written)
    while True:
        try:
            job: Job = jobs.recv()
        except EOFError:
            return
        result: Result = grade(job, checker_socket)
        jobs.send(result)
