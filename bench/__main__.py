"""Benchmark: each notebook's execution time in FAST and full mode, the results the pages state
(their ``RESULT name = value (target ...)`` lines), and grading throughput against plain nbgrader.

    make bench            # or: python -m bench [--skip-full] [--only-grading] [--labs ch03 ch06]

Prints tables and writes them to bench/RESULTS.md. A measurement, not a test: nothing fails on time.
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

from autograde.course import assignments, source_notebook  # noqa: E402
from autograde.grade_one import with_grading_parameters  # noqa: E402
from autograde.release import prepare_course  # noqa: E402
from autograde.lab import reference_submission as as_student  # noqa: E402


def time_notebook(path: Path, fast: bool) -> tuple[float, list[str]]:
    """Wall seconds of one papermill run, and the ``RESULT ...`` lines the notebook printed."""
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        executed = papermill.execute_notebook(str(path), str(Path(tmp) / path.name), kernel_name="python3",
                                              parameters={"FAST": fast}, cwd=str(path.parent),
                                              progress_bar=False)
        seconds = time.perf_counter() - started
    results = [line.removeprefix("RESULT ").strip() for cell in executed.cells
               for output in cell.get("outputs", []) if output.get("name") == "stdout"
               for line in output.get("text", "").splitlines() if line.startswith("RESULT ")]
    return seconds, results


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


def time_plain_nbgrader(assignment: str, copies: int, cell_timeout: int = 60) -> float:
    """Wall seconds per submission of plain sequential ``nbgrader autograde`` on the same notebooks.

    The notebooks get the grader's FAST parameters already, so both do the same work.
    """
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "course"
        prepare_course(assignment, root)
        name = source_notebook(assignment).name
        for i in range(copies):
            target = root / "submitted" / f"student{i}" / assignment / name
            target.parent.mkdir(parents=True)
            nbformat.write(with_grading_parameters(as_student(assignment)), target)
        (root / "nbgrader_config.py").write_text(
            f"c = get_config()\nc.CourseDirectory.root = {str(root)!r}\n"
            f"c.CourseDirectory.db_url = 'sqlite:///{root}/gradebook.db'\nc.Execute.timeout = {cell_timeout}\n")
        nbgrader = Path(sys.executable).parent / "nbgrader"
        started = time.perf_counter()
        subprocess.run([str(nbgrader), "autograde", assignment], cwd=root, check=True, capture_output=True)
        return (time.perf_counter() - started) / copies


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def gpu_name() -> str:
    """The CUDA device the notebooks' DEVICE="auto" picks, or "no GPU"."""
    import torch

    return f"GPU: {torch.cuda.get_device_name(0)}" if torch.cuda.is_available() else "no GPU"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--skip-full", action="store_true", help="time FAST mode only")
    parser.add_argument("--copies", type=int, default=24,
                        help="submissions per grading measurement (a batch pays about 6 s once)")
    parser.add_argument("--only-grading", action="store_true", help="skip the notebooks")
    parser.add_argument("--labs", nargs="+", default=assignments(), choices=assignments(),
                        help="labs whose grading is timed (default: all)")
    args = parser.parse_args()

    notebooks = sorted([*REPO.glob("book/**/*.ipynb"), *REPO.glob("solutions/*/*.ipynb")])
    notebooks = [p for p in notebooks if "_build" not in p.parts and not args.only_grading]
    lines = ["# Benchmark results", "",
             f"{datetime.date.today()} on {os.cpu_count()} CPU cores ({cpu_name()}), {gpu_name()}; "
             f"`make bench`. Seconds of wall time, one run each (papermill, including kernel start).", "",
             "| notebook | FAST (s) | full (s) |", "|---|---:|---:|"]
    stated = []
    for path in notebooks:
        fast, _ = time_notebook(path, True)
        full, results = (None, []) if args.skip_full else time_notebook(path, False)
        stated += [(path, result) for result in results]
        lines.append(f"| `{path.relative_to(REPO)}` | {fast:.1f} | {'skipped' if full is None else f'{full:.1f}'} |")
        print(lines[-1], flush=True)
    if stated:
        lines += ["", "Results the pages state in full mode (each page asserts its target):", "",
                  "| notebook | result |", "|---|---|"]
        lines += [f"| `{path.relative_to(REPO)}` | {result} |" for path, result in stated]
    lines += ["", f"Grading {args.copies} reference solutions per lab: seconds per submission, plain "
              "sequential `nbgrader autograde` against `python -m autograde grade` (sandbox, checker, "
              "feedback pages and the class gradebook included).", "",
              "| lab | plain nbgrader | `--jobs 1` | `--jobs 2` | speed-up of `--jobs 2` over plain |",
              "|---|---:|---:|---:|---:|"]
    for assignment in args.labs:
        plain = time_plain_nbgrader(assignment, args.copies)
        one, two = (time_grading(assignment, args.copies, jobs) for jobs in (1, 2))
        lines.append(f"| `{assignment}` | {plain:.1f} | {one:.1f} | {two:.1f} | {plain / two:.2f}x |")
        print(lines[-1], flush=True)
    (REPO / "bench" / "RESULTS.md").write_text("\n".join(lines) + "\n")
    print("written to bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
