"""A grading worker process: grades submissions one after another for ``batch``.

    python -m autograde.worker   (reads one JSON job per line on stdin, answers one JSON line each)

One worker per job slot, started once, so Python, nbgrader and their imports (seconds of CPU)
are paid once per slot rather than once per submission. A job is the arguments of
``autograde.grade_one.grade``; the answer is its result. The batch kills a worker that runs past
a submission's time limit (its process group: the kernel's sandbox dies with it) and starts another.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from autograde.grade_one import grade
from autograde.sandbox import Limits


def main() -> int:
    answers = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # whatever nbgrader or a library prints must not mix with the answers
    for line in sys.stdin:
        job = json.loads(line)
        limits = Limits(memory_mb=job["memory_mb"], cpu_seconds=4 * job["cell_timeout"] + 60)
        result = grade(Path(job["template"]), job["assignment"], job["student"], Path(job["submission"]),
                       Path(job["work"]), job["cell_timeout"], limits)
        answers.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
