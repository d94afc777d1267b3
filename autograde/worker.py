"""A grading worker process: grades submissions one after another for ``batch``.

    python -m autograde.worker   (reads one JSON job per line on stdin, answers one JSON line each)

One worker per job slot, started once, so Python, nbgrader and their imports are paid once per
slot. Each worker starts its own checker server (``autograde.checker``), which forks a fresh
checker per submission. The batch kills a worker that runs past a submission's time limit (its
process group: the kernel's sandbox and the checker die with it) and starts another.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from autograde.contracts import Job
from autograde.grade_one import grade


def start_checker(folder: Path) -> tuple[subprocess.Popen, str]:
    """The checker server, ready to fork; its socket's path."""
    address = str(folder / "checker.sock")
    process = subprocess.Popen([sys.executable, "-m", "autograde.checker", address], stdout=subprocess.PIPE,
                               text=True)
    if process.stdout.readline().strip() != "ready":
        raise RuntimeError("the checker did not start")
    return process, address


def main() -> int:
    answers = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # whatever nbgrader or a library prints must not mix with the answers
    with tempfile.TemporaryDirectory(prefix="autograde-checker-") as folder:
        checker, address = start_checker(Path(folder))
        try:
            for line in sys.stdin:
                result = grade(Job.from_dict(json.loads(line)), address)
                answers.write(json.dumps(result.to_dict()) + "\n")
        finally:
            checker.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
