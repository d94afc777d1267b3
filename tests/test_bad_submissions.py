"""The corpus of bad submissions (tests/bad_submissions.py), graded in one batch by the real CLI."""
import re
import shutil

import nbformat
import pytest

from autograde.sandbox import level, limits_level
from tests.bad_submissions import ASSIGNMENT, CASES, LAST_ANSWER, NEEDS_CGROUP, TRICKS
from tests.course_files import as_student, graded_cells

NO_BWRAP = ("bubblewrap is not installed, so the grader cannot hide files or the network; "
            "install it (Debian/Ubuntu: apt-get install bubblewrap; `make test` does so as root)")


@pytest.fixture(scope="module")
def graded(grader, tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad-submissions")
    for name, case in CASES.items():
        nbformat.write(case.build(), folder / f"{name}.ipynb")
    nbformat.write(as_student(ASSIGNMENT), folder / "honest.ipynb")
    out = tmp_path_factory.mktemp("bad-submissions-out")
    # 3 GB is plenty for the lab (PyTorch maps about 1 GB) and quick to exhaust; 30 s per cell.
    return grader(ASSIGNMENT, folder, out, "--timeout", "60", "--memory-mb", "3072"), out


def expected_score(name):
    points = graded_cells(ASSIGNMENT)
    last = LAST_ANSWER.removesuffix("-answer")
    last_points = sum(p for gid, p in points.items() if gid.startswith(last + "-"))
    return CASES[name].score(sum(points.values()), last_points)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_submission_gets_its_status_and_no_unearned_score(graded, name):
    rows, _ = graded
    if CASES[name].needs_bwrap and level() != "bwrap":
        pytest.skip(NO_BWRAP)
    if name in NEEDS_CGROUP and limits_level() == "rlimits":
        pytest.skip("no cgroup here: limits per submission need root or a delegated cgroup")
    row = rows[name]
    assert (row["status"], float(row["score"])) == (CASES[name].status, expected_score(name)), row["reason"]
    if row["status"] != "ok":
        assert row["reason"], "a status other than ok must say why"


def test_the_rest_of_the_batch_is_unaffected(graded):
    rows, _ = graded
    honest = rows["honest"]
    assert honest["status"] == "ok" and honest["score"] == honest["max_score"], honest


def failed_checks(page: str) -> str:
    return page[page.index("<h2>Checks that failed</h2>"):]


def test_feedback_names_the_problem(graded):
    rows, out = graded
    page = (out / "feedback" / "calls-os-exit.html").read_text()
    assert "ended the Python kernel" in page
    wrong = failed_checks((out / "feedback" / "wrong-softmax.html").read_text())
    assert "<b>softmax</b> (visible tests)" in wrong and "<b>softmax</b> (hidden tests)" in wrong
    for name in TRICKS:  # a trick changes nothing the student is told either
        assert failed_checks((out / "feedback" / f"{name}.html").read_text()) == wrong, name


def test_no_reason_reveals_the_host(graded):
    """A reason says what was attempted, never a path outside the sandbox, whether it exists, or a traceback."""
    rows, out = graded
    host = re.compile(r"/(work|root|home|usr|etc|opt|var|proc|sys)\b|autograde-|/solutions|Traceback|\.py\b")
    for name, row in rows.items():
        assert not host.search(row["reason"]), (name, row["reason"])
        page = (out / "feedback" / f"{name}.html").read_text()
        assert not host.search(page.replace("/tmp", "")), name


def test_a_reason_does_not_say_whether_a_path_exists(graded):
    """Opening the solutions (on the host, hidden by the sandbox) reads exactly like opening a path that
    exists nowhere: the reason is no oracle for the host's files."""
    if level() != "bwrap":
        pytest.skip(NO_BWRAP)
    rows, _ = graded
    assert rows["reads-the-solutions"]["reason"] == rows["opens-a-missing-file"]["reason"] != ""


def test_sandbox_level_is_reported():
    """A machine without bubblewrap still grades, and says what it does not protect against."""
    if shutil.which("bwrap") is None:
        pytest.skip(NO_BWRAP)
    assert level() == "bwrap"
