import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
# Kernels started by the tests inherit this: no progress-bar widgets in outputs the book shows.
os.environ["ATTENTION_COURSE_NO_PROGRESS"] = "1"

from autograde.course import assignments  # noqa: E402
from i18n import edition  # noqa: E402

ASSIGNMENTS = assignments()


# The grader in a process of its own that reports its descendants' peak memory (ru_maxrss of
# RUSAGE_CHILDREN: the largest process's peak, be it a grading worker, a checker or a kernel).
MEASURE_PEAK = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(done.returncode)")


def _grade(prefix: list[str], assignment: str, submissions: Path, out: Path, extra) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"]}
    done = subprocess.run([*prefix, sys.executable, "-m", "autograde", "grade", assignment, str(submissions),
                           "--out", str(out), "--jobs", "2", *extra],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, f"the grader failed:\n{done.stdout}\n{done.stderr}"
    return done


def _rows(out: Path) -> dict[str, dict]:
    with open(out / "grades.csv", newline="") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


def run_grader(assignment: str, submissions: Path, out: Path, *extra: str) -> dict[str, dict]:
    """Run the real command line, as an instructor does; return grades.csv rows by student."""
    _grade([], assignment, submissions, out, extra)
    return _rows(out)


def run_grader_measuring_peak(assignment: str, submissions: Path, out: Path, *extra: str) -> tuple[dict, float, str]:
    """``run_grader``, and the peak memory in MB of the grader's largest process, and what it printed
    on stderr."""
    done = _grade([sys.executable, "-c", MEASURE_PEAK], assignment, submissions, out, extra)
    return _rows(out), int(done.stdout.strip().splitlines()[-1]) / 1024, done.stderr


@pytest.fixture(scope="session")
def grader():
    return run_grader


@pytest.fixture(scope="session", params=ASSIGNMENTS)
def lab_batch(request, tmp_path_factory):
    """Per lab, one batch graded through the command line (tests/lab_batches.py), read by the grading
    and wrong-answer tests."""
    from tests.lab_batches import grade_lab_batch
    return grade_lab_batch(request.param, run_grader, tmp_path_factory)


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


@pytest.fixture(scope="session")
def book_html(tmp_path_factory, executed_fast):
    """The book built with Sphinx warnings as errors, its notebook pages showing FAST-mode outputs; the
    Chinese edition in its zh/ folder.

    The sources are copied and each book notebook replaced by its FAST run, so that figures are
    real; the build itself executes nothing (`make book` does, in full mode, for the published HTML).
    BOOK_HTML=_build/html checks an existing build instead (e.g. the full-mode one of `make book`).
    """
    if os.environ.get("BOOK_HTML"):
        return Path(os.environ["BOOK_HTML"]).resolve()
    root = tmp_path_factory.mktemp("book")
    source = root / "source"
    source.mkdir()
    for name in ("_config.yml", "_toc.yml", "book", "notebooks", "attention_course"):  # the book includes its code
        copy = shutil.copytree if (REPO / name).is_dir() else shutil.copy2
        copy(REPO / name, source / name)
    for path in sorted((REPO / "book").rglob("*.ipynb")):
        if "_build" not in path.parts:
            nbformat.write(executed_fast(path), source / path.relative_to(REPO))
    config = yaml.safe_load((REPO / "_config.yml").read_text())
    config["execute"]["execute_notebooks"] = "off"
    (source / "_config.yml").write_text(yaml.safe_dump(config))
    done = subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(source),
                           "--path-output", str(root), "-W", "-n", "--keep-going"],
                          capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, f"book build failed (warnings are errors):\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    # The Chinese edition, from the same sources and catalogues, into html/zh (i18n.edition).
    edition.build(source, root / "_build" / "html", **{"execute.execute_notebooks": "off"})
    return root / "_build" / "html"


# Shared fixtures that need not keep their tests on one worker: each worker may make its own copy
# (checker_socket, tests/test_wrong_answers.py: at most one checker server per worker, not one per lab).
CHEAP_SHARED_FIXTURES = {"grader", "tmp_path_factory", "worker_id", "testrun_uid", "checker_socket"}


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups
def pytest_collection_modifyitems(config, items):
    """With pytest-xdist (``--dist loadgroup``, as pyproject.toml sets): tests that share an expensive
    fixture run on one worker, so that no notebook is executed, no book built, no environment created
    and no batch graded twice. Tests without one are spread freely."""
    for item in items:
        fixturedefs = getattr(item, "_fixtureinfo").name2fixturedefs
        if {"executed_fast", "book_html"} & set(item.fixturenames):
            group = "book"  # the FAST runs of every notebook and the book built from them
        else:
            shared = sorted(name for name, defs in fixturedefs.items()
                            if defs[-1].scope in ("module", "session") and name not in CHEAP_SHARED_FIXTURES)
            if not shared:
                continue
            params = getattr(item, "callspec", None)
            values = [str(params.params[name]) for name in shared if params and name in params.params]
            # A session fixture is shared across modules: its tests form one group wherever they are.
            session_only = all(fixturedefs[name][-1].scope == "session" for name in shared)
            group = "::".join([*([] if session_only else [item.module.__name__]), *shared, *values])
        item.add_marker(pytest.mark.xdist_group(group))
