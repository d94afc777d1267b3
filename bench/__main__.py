"""Benchmark: each notebook's execution time in FAST and full mode, and grading seconds per submission.

    make bench            # or: python -m bench [--skip-full]

Prints a table and writes it to bench/RESULTS.md. A measurement, not a test: nothing fails on time.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import papermill

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from autograde.course import assignments  # noqa: E402
from tests.course_files import as_student  # noqa: E402


def time_notebook(path: Path, fast: bool) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        papermill.execute_notebook(str(path), str(Path(tmp) / path.name), kernel_name="python3",
                                   parameters={"FAST": fast}, cwd=str(path.parent), progress_bar=False)
        return time.perf_counter() - started


def time_grading(assignment: str, copies: int, jobs: int) -> float:
    """Wall seconds per submission for ``copies`` reference solutions graded ``jobs`` at a time."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "subs"
        folder.mkdir()
        for i in range(copies):
            nbformat.write(as_student(assignment), folder / f"student{i}.ipynb")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "autograde", "grade", assignment, str(folder), "--out",
                        str(Path(tmp) / "out"), "--jobs", str(jobs)], cwd=REPO, check=True,
                       capture_output=True)
        return (time.perf_counter() - started) / copies


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--skip-full", action="store_true", help="time FAST mode only")
    parser.add_argument("--copies", type=int, default=6, help="submissions per grading measurement")
    args = parser.parse_args()

    notebooks = sorted([*REPO.glob("book/**/*.ipynb"), *REPO.glob("solutions/*/*.ipynb")])
    notebooks = [p for p in notebooks if "_build" not in p.parts]
    lines = ["# Benchmark results", "",
             f"{datetime.date.today()} on {os.cpu_count()} CPU cores ({cpu_name()}), no GPU; "
             f"`make bench`. Seconds of wall time, one run each (papermill, including kernel start).", "",
             "| notebook | FAST (s) | full (s) |", "|---|---:|---:|"]
    for path in notebooks:
        fast = time_notebook(path, True)
        full = "skipped" if args.skip_full else f"{time_notebook(path, False):.1f}"
        lines.append(f"| `{path.relative_to(REPO)}` | {fast:.1f} | {full} |")
        print(lines[-1], flush=True)
    lines += ["", "| grading | seconds per submission |", "|---|---:|"]
    for assignment in assignments():
        for jobs in (1, 2):
            per = time_grading(assignment, args.copies, jobs)
            lines.append(f"| `{assignment}`, {args.copies} reference solutions, `--jobs {jobs}` | {per:.1f} |")
            print(lines[-1], flush=True)
    (REPO / "bench" / "RESULTS.md").write_text("\n".join(lines) + "\n")
    print("written to bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
