"""The grading contract, end to end through the real command line and real nbgrader.

One batch per lab (tests/lab_batches.py) holds every kind of submission; each test reads its row.
"""
import re
import sys
import zipfile

import nbformat
import pytest

from autograde.course import source_notebook
from tests.conftest import REPO, run_grader_measuring_peak
from tests.course_files import as_student, graded_cells, release, solution_answers
from tests.lab_batches import GRADER_LAB, LOOP_LAB, with_first_answer_looping


# Grader behaviour (intake, repair, unreadable files, Chinese submissions) is tested on GRADER_LAB
# only, lab behaviour on every lab; both read the one batch graded per lab (tests/lab_batches.py).
ON_GRADER_LAB = pytest.mark.parametrize("lab_batch", [GRADER_LAB], indirect=True)


@pytest.fixture
def batch(lab_batch):
    return lab_batch


def score(row):
    return float(row["score"]), float(row["max_score"])


@ON_GRADER_LAB
def test_every_submission_gets_a_row_and_a_feedback_page(lab_batch):
    _, rows, _, out = lab_batch
    assert {student for student in rows if "--" not in student} == {"untouched", "solution", "stripped", "colab", "scratch", "tests-edited",
                         "tests-edited-stripped", "tests-deleted", "in-a-folder", "truncated",
                         "not-a-notebook", "binary", "zh-solution", "zh-stripped", "zh-untouched", "zh-wrong"}
    assert {row["status"] for row in rows.values()} <= {"ok", "repaired", "invalid", "timeout", "error"}
    for student, row in rows.items():
        page = (out / "feedback" / f"{student}.html").read_text()
        assert f"{float(row['score']):g} / {float(row['max_score']):g}" in page and row["status"] in page


@ON_GRADER_LAB
def test_chinese_and_english_submissions_share_one_grades_csv(lab_batch):
    _, rows, total, _ = lab_batch
    assert {student: score(rows[student]) for student in ("zh-solution", "zh-stripped", "solution")} == {
        student: (total, total) for student in ("zh-solution", "zh-stripped", "solution")}
    assert score(rows["zh-untouched"]) == (0, total)
    assert score(rows["zh-wrong"])[0] < total, "a wrong answer in the Chinese lab loses points"


@ON_GRADER_LAB
def test_a_student_gets_feedback_in_the_language_of_their_lab(lab_batch):
    _, _, _, out = lab_batch
    chinese = (out / "feedback" / "zh-wrong.html").read_text()
    assert "lang='zh-CN'" in chinese and "未通过的检查" in chinese
    visible = re.findall(r"<li class='fail'><b>[^<]*</b> \(可见测试\): <code>[^<]*</code>: ([^\n]*)</li>", chinese)
    assert visible and all(re.search(r"[\u4e00-\u9fff]", message) for message in visible), (
        f"a failing visible check speaks Chinese: {visible}")
    assert "尚未作答" in (out / "feedback" / "zh-untouched.html").read_text()
    english = (out / "feedback" / "solution.html").read_text()
    assert "lang='en'" in english and "every check passed" in english


def test_feedback_shows_the_failing_checks_in_words(batch):
    _, _, _, out = batch
    untouched = (out / "feedback" / "untouched.html").read_text()
    assert "Checks that failed" in untouched and "NotImplementedError" in untouched, \
        "a student must see which checks failed and why"
    assert "every check passed" in (out / "feedback" / "solution.html").read_text()


def test_hidden_test_code_is_not_in_the_feedback(batch):
    assignment, _, _, out = batch
    source = nbformat.read(source_notebook(assignment), as_version=4)
    hidden = [line.strip() for cell in source.cells
              if (cell.metadata.get("nbgrader", {}).get("grade_id") or "").endswith("-hidden")
              for line in cell.source.splitlines() if line.strip().startswith("assert")]
    page = (out / "feedback" / "untouched.html").read_text()
    assert not [line for line in hidden if line in page]


def test_the_course_gradebook_holds_every_graded_row(batch):
    """out/course is an nbgrader course (formgrader works there) with the same scores as grades.csv."""
    from nbgrader.api import Gradebook

    assignment, rows, _, out = batch
    with Gradebook(f"sqlite:///{out / 'course' / 'gradebook.db'}") as gradebook:
        stored = {s.student_id: s.score for s in gradebook.assignment_submissions(assignment)}
    graded = {student: float(row["score"]) for student, row in rows.items() if row["status"] != "invalid"}
    assert stored == graded
    assert (out / "course" / "nbgrader_config.py").exists()
    assert (out / "course" / "autograded" / "solution" / assignment).is_dir()


def test_untouched_release_grades_zero_without_error(batch):
    _, rows, total, _ = batch
    assert score(rows["untouched"]) == (0, total)
    assert rows["untouched"]["status"] == "ok", rows["untouched"]["reason"]


def test_solution_gets_full_marks(batch):
    _, rows, total, _ = batch
    assert score(rows["solution"]) == (total, total), rows["solution"]
    assert rows["solution"]["status"] == "ok", rows["solution"]["reason"]


@ON_GRADER_LAB
@pytest.mark.parametrize("student", ["in-a-folder"])
def test_solution_in_a_folder_gets_full_marks(lab_batch, student):
    _, rows, total, _ = lab_batch
    assert score(rows[student]) == (total, total), rows[student]
    assert rows[student]["status"] == "ok", rows[student]["reason"]


def test_solution_stripped_of_metadata_is_repaired_not_zeroed(batch):
    _, rows, total, _ = batch
    assert score(rows["stripped"]) == (total, total), rows["stripped"]
    assert rows["stripped"]["status"] == "repaired" and "metadata" in rows["stripped"]["reason"]


@ON_GRADER_LAB
@pytest.mark.parametrize("student", ["colab", "scratch"])
def test_solution_edited_by_other_tools_is_repaired_not_zeroed(lab_batch, student):
    _, rows, total, _ = lab_batch
    assert score(rows[student]) == (total, total), rows[student]
    expected = "ok" if student == "scratch" else "repaired"
    assert rows[student]["status"] == expected, rows[student]["reason"]
    if expected == "repaired":
        assert "metadata" in rows[student]["reason"]


@ON_GRADER_LAB
def test_scratch_cells_and_duplicates_are_not_repairs(lab_batch):
    _, rows, _, _ = lab_batch
    assert rows["scratch"]["reason"] == ""


@ON_GRADER_LAB
@pytest.mark.parametrize("student", ["tests-edited", "tests-edited-stripped", "tests-deleted"])
def test_tampered_tests_are_restored(lab_batch, student):
    _, rows, total, _ = lab_batch
    assert score(rows[student]) == (0, total), "rewritten or deleted tests must not earn points"
    assert rows[student]["status"] == "repaired"


@pytest.mark.parametrize("student,words", [("truncated", "not valid JSON"),
                                           ("not-a-notebook", "not a Jupyter notebook"),
                                           ("binary", "not text")])
@ON_GRADER_LAB
def test_unreadable_files_are_invalid_with_a_reason(lab_batch, student, words):
    _, rows, total, _ = lab_batch
    assert rows[student]["status"] == "invalid"
    assert words in rows[student]["reason"]
    assert score(rows[student]) == (0, total)


def test_per_part_columns_add_up(batch):
    assignment, rows, _, _ = batch
    parts = {gid.rsplit("-", 1)[0] for gid in graded_cells(assignment)}
    for row in rows.values():
        assert parts <= set(row), f"grades.csv lacks a column per graded part: {sorted(parts)}"
        assert sum(float(row[p]) for p in parts) == pytest.approx(float(row["score"]))


# Grader behaviour is tested on one or two labs; lab behaviour (the batch above) on every lab.
@pytest.mark.parametrize("assignment", ["ch03"])
def test_zip_intake_and_idempotent_regrade(assignment, grader, tmp_path):
    """A zip of STUDENT/NOTEBOOK.ipynb; the same output folder regraded with a new submission."""
    out = tmp_path / "out"
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:  # an LMS-style export, wrapped in one folder
        zf.writestr("export/ana/lab.ipynb", nbformat.writes(as_student(assignment)))
        zf.writestr("export/ben.ipynb", nbformat.writes(release(assignment)))
        zf.writestr("__MACOSX/export/ana/._lab.ipynb", "junk")
    first = grader(assignment, archive, out)
    assert sorted(first) == ["ana", "ben"] and first["ana"]["score"] == first["ana"]["max_score"]

    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("ana/lab.ipynb", nbformat.writes(release(assignment)))
    second = grader(assignment, archive, out)
    assert list(second) == ["ana"], "grades.csv describes this run only"
    assert float(second["ana"]["score"]) == 0, "a regrade must not keep the earlier score"
    assert f"0 / {float(second['ana']['max_score']):g}" in (out / "feedback" / "ana.html").read_text()
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{out / 'course' / 'gradebook.db'}") as gradebook:
        stored = {s.student_id: s.score for s in gradebook.assignment_submissions(assignment)}
    assert stored == {"ana": 0.0, "ben": 0.0}, "the gradebook keeps ben and replaces ana's submission"


def test_unknown_assignment_is_an_instructor_error(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "autograde", "grade", "no-such-lab", str(tmp_path)],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "unknown assignment" in done.stderr


# A grader that starts the batch's checker server (autograde.checker.start), then dies without cleaning up.
GRADER_KILLED = ("import sys, time; from pathlib import Path; from autograde import checker; "
                 "server, _ = checker.start(Path(sys.argv[1])); checker.wait_until_ready(server); "
                 "print(server.pid, flush=True); time.sleep(600)")


def test_the_checker_server_ends_when_the_grader_that_started_it_is_killed(tmp_path):
    import subprocess
    import time

    grader = subprocess.Popen([sys.executable, "-c", GRADER_KILLED, str(tmp_path)], stdout=subprocess.PIPE,
                              text=True, cwd=REPO)
    server = int(grader.stdout.readline())
    grader.kill()
    grader.wait()

    def running(pid):  # an exited process not yet reaped by its new parent is a zombie, "Z"
        try:
            return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
        except FileNotFoundError:
            return False

    deadline = time.monotonic() + 15
    while running(server) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not running(server), "the checker server outlived the grader that started it"


WARMS_UP = ("import sys; from autograde.checker import warm_up; "
            "warm_up(optimizers=False); print('torch._dynamo' in sys.modules); "
            "warm_up(optimizers=True); print('torch._dynamo' in sys.modules)")


def test_the_checker_makes_an_optimizer_before_its_forks_only_for_labs_whose_tests_do():
    """PyTorch's first optimizer imports torch._dynamo (a second of CPU): a batch whose tests make optimizers
    (Lab 5's training step) pays it once in the checker server, a batch whose tests do not never pays it."""
    import subprocess

    from autograde.lab import load_lab

    assert load_lab("ch05").tests_make_optimizers and not load_lab("ch03").tests_make_optimizers
    done = subprocess.run([sys.executable, "-c", WARMS_UP], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"], done.stdout


def test_a_stuck_or_crashed_worker_is_replaced_and_the_next_submission_graded(tmp_path):
    """The batch's last resort (autograde.batch.Worker): a worker past the job's time is killed, one that
    dies is noticed, and the next submission gets a fresh worker, whose answer is its own."""
    import os

    from autograde.batch import Worker
    from autograde.contracts import Job
    from autograde.policy import GradingPolicy
    from autograde.status import Status

    stuck = tmp_path / "stuck.ipynb"
    os.mkfifo(stuck)  # opening it for reading blocks until a writer comes: none does
    (tmp_path / "text.ipynb").write_text("not a notebook")
    nbformat.write(as_student("ch03"), tmp_path / "honest.ipynb")

    def job(index, submission, template=tmp_path, policy=GradingPolicy()):
        return Job(index=index, student=f"s{index}", assignment="ch03", submission=str(tmp_path / submission),
                   work=str(tmp_path / f"work-{index}"), template=str(template), policy=policy)

    worker = Worker(tmp_path / "worker.log", checker_socket=str(tmp_path / "no-checker.sock"))
    try:
        # worker_seconds: timeout + max_stops * cell_timeout + 2 * startup_seconds = 1
        past = worker.grade(job(0, "stuck.ipynb", policy=GradingPolicy(timeout=1, max_stops=0, startup_seconds=0)))
        assert past.status is Status.ERROR and "ran past 1 s and was stopped" in past.reason, past
        crashed = worker.grade(job(1, "honest.ipynb", template=tmp_path / "no-such-template"))
        assert crashed.status is Status.ERROR and "crashed" in crashed.reason, crashed
        unreadable = worker.grade(job(2, "text.ipynb"))
        assert (unreadable.student, unreadable.status) == ("s2", Status.INVALID), unreadable
    finally:
        worker.close()
    assert "no-such-template" in (tmp_path / "worker.log").read_text(), "the crash is in the instructor's log"


def assert_loop_stopped_and_rest_graded(row):
    assert row["status"] == "timeout" and "infinite loop" in row["reason"], row
    assert 0 < float(row["score"]) < float(row["max_score"]), "the parts after the loop are still graded"


def test_an_infinite_loop_is_stopped_and_the_rest_is_graded(honest_but_noisy):
    """On ch03, in the batch of honest_but_noisy below (the same 30 s limit)."""
    rows, _, _ = honest_but_noisy
    assert_loop_stopped_and_rest_graded(rows["loops"])
    assert rows["warns"]["status"] == "ok" and rows["warns"]["score"] == rows["warns"]["max_score"]


@pytest.mark.parametrize("lab_batch", [LOOP_LAB], indirect=True)
def test_an_infinite_loop_in_a_pytorch_lab_is_stopped_and_the_rest_is_graded(lab_batch):
    """On ch05, in its lab batch (tests/lab_batches.py), where the solution gets full marks with the same limit."""
    _, rows, total, _ = lab_batch
    assert_loop_stopped_and_rest_graded(rows["loops"])
    assert rows["solution"]["status"] == "ok" and float(rows["solution"]["score"]) == total, rows["solution"]


# It waits rather than spins, as a function blocked on a lock or a pipe would: the grader stops it the
# same way, and the suite's other core stays free (the spinning loop is the "loops" submission's).
HANGS_WHEN_TESTED = """import time


def softmax(x, axis=-1):
    while True:
        time.sleep(1)
"""
WARNS = """import warnings


def softmax(x, axis=-1):
    warnings.warn("softmax: this warning must not cost points")
    with np.errstate(all="warn"):
        np.log(np.zeros(1))  # a NumPy RuntimeWarning as well
    x = np.asarray(x)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
"""


FLOOD = "for _ in range(200):\n    print('x' * 10**6)\n"  # 200 MB from one cell
# 60 MB written to the file descriptor, as C code would: ipykernel also echoes it to the kernel's own
# stdout, which goes to the grader's worker log.
FD_FLOOD = "import os\nfor _ in range(60):\n    os.write(1, b'y' * 10**6)\n"


@pytest.fixture(scope="module")
def honest_but_noisy(tmp_path_factory):
    """Honest work that once lost points to the grader (issue 17): warnings, a hang, a flood of output;
    and an answer cell that loops forever. Also the grader's peak memory (MB) over the batch."""
    answers = solution_answers("ch03")
    folder = tmp_path_factory.mktemp("noisy")
    nbformat.write(as_student("ch03", {**answers, "softmax-answer": WARNS}), folder / "warns.ipynb")
    # Every test of softmax calls a function that never returns: each such test is stopped in turn.
    nbformat.write(as_student("ch03", {**answers, "softmax-answer": HANGS_WHEN_TESTED}), folder / "hangs.ipynb")
    flooding = as_student("ch03")
    flooding.cells.insert(3, nbformat.v4.new_code_cell(FLOOD))
    flooding.cells.insert(4, nbformat.v4.new_code_cell(FD_FLOOD))
    nbformat.write(flooding, folder / "floods.ipynb")
    nbformat.write(with_first_answer_looping("ch03"), folder / "loops.ipynb")
    out = tmp_path_factory.mktemp("noisy-out")
    rows, peak_mb, _ = run_grader_measuring_peak("ch03", folder, out, "--timeout", "30")
    return rows, out, peak_mb


def test_warnings_show_but_never_score(honest_but_noisy):
    rows, out, _ = honest_but_noisy
    assert (rows["warns"]["status"], rows["warns"]["score"]) == ("ok", rows["warns"]["max_score"]), rows["warns"]
    autograded = next((out / "course" / "autograded" / "warns").rglob("*.ipynb")).read_text()
    assert "this warning must not cost points" in autograded, "the student should still see the warning"


def test_tests_that_hang_are_stopped_and_the_other_parts_keep_their_points(honest_but_noisy):
    rows, _, _ = honest_but_noisy
    row = rows["hangs"]
    assert row["status"] == "timeout" and "stopped" in row["reason"], row
    assert float(row["softmax"]) == 0
    assert float(row["score"]) == float(row["max_score"]) - float(graded_cells("ch03")["softmax-visible"]) \
        - float(graded_cells("ch03")["softmax-hidden"]), "every other part must keep its points"


def test_a_flood_of_output_is_trimmed_not_kept(honest_but_noisy):
    rows, out, peak_mb = honest_but_noisy
    row = rows["floods"]
    assert float(row["score"]) == float(row["max_score"]) and "trimmed" in row["reason"], row
    assert "at most 1 MB per cell and 5 MB per notebook" in row["reason"], "the reason states the caps"
    autograded = next((out / "course" / "autograded" / "floods").rglob("*.ipynb"))
    assert autograded.stat().st_size < 8 * 10**6, f"the grader kept {autograded.stat().st_size} bytes of output"
    flood = next(cell for cell in nbformat.read(autograded, as_version=4).cells if cell.source == FLOOD)
    printed = "".join(output.get("text", "") for output in flood.outputs)
    assert "x" * 10**6 in printed and "[output trimmed" in printed, "what fits the cap is kept, then a line says so"
    # The kernel trims its streams before sending them (autograde.sandbox.cap_output), so the grader
    # never receives the flood whole. The largest process may be a kernel, which holds PyTorch and the
    # flood's own strings: 300 MB measured, once 410 MB in a full run (the grader's own processes: under
    # 150 MB). 716 MB when the kernel sent all 200 MB to the grader.
    assert peak_mb < 560, f"peak memory of the grader's largest process: {peak_mb:.0f} MB"


def test_a_flood_at_the_file_descriptor_does_not_fill_the_hosts_disk(honest_but_noisy):
    rows, out, _ = honest_but_noisy
    assert float(rows["floods"]["score"]) == float(rows["floods"]["max_score"]), rows["floods"]
    logs = sorted(out.glob("worker-*.log"))
    assert logs and all(log.stat().st_size < 10**6 for log in logs), [(log.name, log.stat().st_size) for log in logs]
    assert any("bytes of the kernel's own output dropped" in log.read_text(errors="replace") for log in logs)
