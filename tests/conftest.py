import csv
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
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


@pytest.fixture(scope="session")
def executed_fast(tmp_path_factory):
    """path -> that notebook executed with FAST=True on the CPU, once per test session.

    test_notebooks.py checks the runs; the book's browser tests show their figures.
    """
    out_dir = tmp_path_factory.mktemp("executed-fast")

    def run(path: Path) -> nbformat.NotebookNode:
        out = out_dir / path.relative_to(REPO)
        if not out.exists():
            out.parent.mkdir(parents=True, exist_ok=True)
            papermill.execute_notebook(str(path), str(out), kernel_name="python3",
                                       parameters={"FAST": True, "DEVICE": "cpu"},
                                       cwd=str(path.parent), progress_bar=False)
        return nbformat.read(out, as_version=4)

    return run
