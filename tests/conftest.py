import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from autograde.course import assignments  # noqa: E402

ASSIGNMENTS = assignments()


def run_grader(assignment: str, submissions: Path, out: Path, *extra: str) -> dict[str, dict]:
    """Run the real command line, as an instructor does; return grades.csv rows by student."""
    env = {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"]}
    done = subprocess.run([sys.executable, "-m", "autograde", "grade", assignment, str(submissions),
                           "--out", str(out), "--jobs", "2", *extra],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, f"the grader failed:\n{done.stdout}\n{done.stderr}"
    with open(out / "grades.csv", newline="") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="session")
def grader():
    return run_grader
