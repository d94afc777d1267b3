"""Closing the instructor's loop (issue 19): LMS grade files, the late policy, regrading a few
students, and the class report.

One class of 20 Canvas-style submissions of the ch07 lab is graded once through the command line
(module fixture), and two of its students are regraded once; the rest are unit tests of
autograde/lms.py and autograde/late.py that grade nothing.
"""
import csv
import json
import re
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import nbformat
import pytest

from autograde.contracts import Result
from autograde.intake import collect
from autograde.lab import load_lab
from autograde.late import LatePolicy, SubmissionTime, parse_due
from autograde.lms import (moodle_times, parse_moodle_time, read_canvas_roster,
                           read_moodle_worksheet, write_canvas, write_moodle)
from autograde.status import Status
from tests.course_files import as_student, release, solution_answers, wrong_answers

ASSIGNMENT = "ch07"  # one of the cheapest labs to grade: the class tests LMS files and late rules, not a lab
DUE = "2026-11-20T23:59:00+01:00"
TOTAL = 25.0  # ch07: hfmask 4, mhamask 5, split 4, forward 7, weights 5
# The partial students' mistake: wrong in its own part only (a wrong mask helper would also fail the
# later parts that call it).
PARTIAL_PART, PARTIAL_WRONG = "hfmask", "inverted-like-mha"
CANVAS_COLUMN = "Lab 7: attention APIs (4242)"
CANVAS_POINTS = 100.0
LATE_OPTIONS = ["--due", DUE, "--penalty", "10", "--per", "day", "--cap", "50", "--grace-minutes", "15"]


def read_rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


# --- unit tests: late.py ----------------------------------------------------------------------

def policy(**kw) -> LatePolicy:
    return LatePolicy(parse_due(DUE), **{"penalty_percent": 10, "per": "day", "cap_percent": 50,
                                         "grace_minutes": 15, **kw})


def at(hours_after_due: float, naive: bool = True) -> SubmissionTime:
    when = parse_due(DUE) + timedelta(hours=hours_after_due)
    return SubmissionTime(when.replace(tzinfo=None) if naive else when.astimezone(timezone.utc), "test")


@pytest.mark.parametrize("hours, percent", [(-5, 0), (0, 0), (0.2, 0), (0.26, 10), (3, 10), (24, 10),
                                            (24.01, 20), (30, 20), (96, 40), (24 * 10, 50)])
def test_penalty_per_day_started_with_grace_and_cap(hours, percent):
    late = policy().assess(at(hours), 20.0, 23.0)
    assert late.penalty_percent == percent
    assert late.penalty == pytest.approx(23.0 * percent / 100)
    assert late.hours_late == pytest.approx(max(0, hours), abs=1e-3)
    assert ("taken off" in late.explanation) == (percent > 0)


def test_penalty_per_hour_never_exceeds_the_points_earned():
    rule = policy(per="hour", penalty_percent=5, cap_percent=100, grace_minutes=0)
    assert rule.assess(at(2.5), 23.0, 23.0).penalty_percent == 15  # 3 hours started
    assert rule.assess(at(100), 3.0, 23.0).penalty == 3.0  # the final score is never below 0


def test_the_explanation_is_in_the_students_language():
    zipped = SubmissionTime(at(240).when, "the file's time kept in the zip", marked_late=True)
    english, chinese = (policy().assess(zipped, 23.0, 23.0, language) for language in ("en", "zh"))
    assert (english.penalty, english.penalty_percent) == (chinese.penalty, chinese.penalty_percent) == (11.5, 50)
    assert "10 days late" in english.explanation and "capped at 50%" in english.explanation
    assert "迟交 10 天" in chinese.explanation and "最多扣 50%" in chinese.explanation
    assert "11.5 分" in chinese.explanation and not re.search(r"[A-Za-z]{4,}", chinese.explanation)


def test_a_time_with_a_zone_is_compared_as_is_and_one_without_in_the_due_dates_zone():
    assert policy().assess(at(3, naive=False), 23, 23).penalty_percent == 10
    assert policy().assess(at(3, naive=True), 23, 23).submitted == "2026-11-21T02:59+01:00"


def test_due_date_needs_a_zone_and_unknown_time_costs_nothing():
    with pytest.raises(ValueError, match="no time zone"):
        parse_due("2026-11-20T23:59:00")
    assert policy().assess(None, 23, 23).penalty == 0
    assert LatePolicy.from_dict(policy().to_dict()) == policy()


def test_submission_time_from_blackboard_names_and_canvas_late_mark(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    text = nbformat.writes(release(ASSIGNMENT))
    (folder / "Lab 7_jsmith_attempt_2026-11-21-10-30-00_lab.ipynb").write_text(text)
    (folder / "doejane_late_555_777_lab.ipynb").write_text(text)
    with collect(folder) as intake:
        assert intake.times["jsmith"].when == datetime(2026, 11, 21, 10, 30)
        assert "Blackboard" in intake.times["jsmith"].source
        assert intake.times["doejane_555"].marked_late
        assert intake.lms == {"jsmith": "blackboard", "doejane_555": "canvas"}


# --- unit tests: lms.py -----------------------------------------------------------------------

def result(student: str, score: float, lms: str, status: Status = Status.OK) -> Result:
    return Result(student=student, assignment=ASSIGNMENT, status=status, score=score, max_score=TOTAL,
                  raw_score=score, lms=lms)


def canvas_roster_file(path: Path, students: list[tuple[str, str, str, str, str]]) -> Path:
    """A gradebook as Canvas exports it: identity columns, assignments, read-only totals, Points Possible."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Quiz 1 (77)", CANVAS_COLUMN,
                         "Current Score", "Final Score"])
        writer.writerow(["    Points Possible", "", "", "", "", "10", f"{CANVAS_POINTS:g}", "(read only)",
                         "(read only)"])
        for name, number, sis, login, section in students:
            writer.writerow([name, number, sis, login, section, "8", "", "80", "80"])
    return path


def test_canvas_file_with_roster_has_the_importers_columns_and_values(tmp_path):
    roster = read_canvas_roster(canvas_roster_file(tmp_path / "gb.csv", [
        ("Smith, Alice", "101", "S101", "alice@uni.edu", "Lab A"),
        ("Jones, Bob", "102", "S102", "bob@uni.edu", "Lab B"),
        ("Absent, Carl", "103", "S103", "carl@uni.edu", "Lab A")]), "4242")
    assert roster.assignment == CANVAS_COLUMN and roster.points_possible == CANVAS_POINTS
    notes = write_canvas([result("alicesmith_101", TOTAL, "canvas"), result("bobjones_102", TOTAL / 2, "canvas"),
                          result("dropped_999", TOTAL, "canvas"), result("erin_104", 0, "canvas", Status.ERROR)],
                         tmp_path / "canvas.csv", roster)
    assert read_rows(tmp_path / "canvas.csv") == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", CANVAS_COLUMN],
        ["    Points Possible", "", "", "", "", "100"],
        ["Smith, Alice", "101", "S101", "alice@uni.edu", "Lab A", "100"],
        ["Jones, Bob", "102", "S102", "bob@uni.edu", "Lab B", "50"]]
    assert any("dropped_999" in n for n in notes) and any("erin_104" in n for n in notes)
    assert any("handed nothing in" in n for n in notes)


def test_canvas_file_without_roster_says_what_is_missing(tmp_path):
    notes = write_canvas([result("alicesmith_101", 20, "canvas"), result("张三", 23, "")],
                         tmp_path / "canvas.csv")
    assert read_rows(tmp_path / "canvas.csv") == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", ASSIGNMENT],
        ["alicesmith", "101", "", "", "", "20"]]
    assert any("SIS User ID" in n for n in notes) and any("张三" in n for n in notes)


def moodle_worksheet_file(path: Path) -> Path:
    """An offline grading worksheet as a Moodle assignment downloads it."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade",
                         "Grade can be changed", "Last modified (submission)", "Last modified (grade)",
                         "Feedback comments"])
        writer.writerow(["Participant 7001", "Jane Smith", "jane@uni.edu", "Submitted for grading", "",
                         "100.00", "Yes", "Saturday, 21 November 2026, 2:30 AM", "-", ""])
        writer.writerow(["Participant 7002", "李 四", "li@uni.edu", "Submitted for grading", "",
                         "100.00", "Yes", "Friday, 20 November 2026, 11:00 PM", "-", ""])
        writer.writerow(["Participant 7003", "No Show", "no@uni.edu", "No submission", "", "100.00", "Yes",
                         "-", "-", ""])
    return path


def test_moodle_worksheet_matches_the_intakes_participant_ids(tmp_path):
    folder = tmp_path / "moodle"
    for name in ("Jane Smith_7001_assignsubmission_file_", "李 四_7002_assignsubmission_file_"):
        (folder / name).mkdir(parents=True)
        nbformat.write(release(ASSIGNMENT), folder / name / "lab.ipynb")
    with collect(folder) as intake:
        ids = sorted(intake.submissions)
        lms = intake.lms
    assert ids == ["Jane_Smith_7001", "李_四_7002"]
    worksheet = read_moodle_worksheet(moodle_worksheet_file(tmp_path / "ws.csv"))
    results = [Result(student=s, assignment=ASSIGNMENT, score=score, max_score=TOTAL, lms=lms[s])
               for s, score in zip(ids, (TOTAL, TOTAL / 2))]
    write_moodle(results, tmp_path, worksheet)
    rows = read_rows(tmp_path / "moodle-grades.csv")
    assert rows[0] == worksheet.header  # the importer needs Identifier, Grade, Last modified (grade)
    assert [r[0] for r in rows[1:]] == ["Participant 7001", "Participant 7002"]
    assert [r[4] for r in rows[1:]] == ["100", "50"]  # scaled to the worksheet's Maximum Grade
    assert rows[1][:4] + rows[1][5:] == read_rows(tmp_path / "ws.csv")[1][:4] + read_rows(tmp_path / "ws.csv")[1][5:]
    assert read_rows(tmp_path / "moodle-gradebook.csv") == [["Email address", ASSIGNMENT],
                                                             ["jane@uni.edu", "100"], ["li@uni.edu", "50"]]
    times = moodle_times(worksheet)
    assert times[("moodle", "7001")].when == datetime(2026, 11, 21, 2, 30)
    assert ("moodle", "7003") not in times
    assert policy().assess(times[("moodle", "7001")], 23, 23).penalty_percent == 10


def test_moodle_worksheet_without_download_has_the_importers_required_columns(tmp_path):
    notes = write_moodle([result("Jane_Smith_7001", TOTAL, "moodle"), result("alicesmith_101", 3, "canvas")],
                         tmp_path)
    assert read_rows(tmp_path / "moodle-grades.csv") == [
        ["Identifier", "Full name", "Grade", "Maximum Grade", "Last modified (grade)"],
        ["Participant 7001", "Jane Smith", f"{TOTAL:g}", f"{TOTAL:g}", ""]]
    assert not (tmp_path / "moodle-gradebook.csv").exists()
    assert any("alicesmith_101" in n for n in notes)
    assert parse_moodle_time("20 November 2026, 11:00 PM") == datetime(2026, 11, 20, 23, 0)
    assert parse_moodle_time("-") is None


# --- one graded class through the command line ------------------------------------------------

def canvas_time(hours_after_due: float) -> tuple:
    when = (parse_due(DUE) + timedelta(hours=hours_after_due)).replace(tzinfo=None)
    return when.timetuple()[:6]


def with_part(part: str, wrong: str) -> nbformat.NotebookNode:
    answers = solution_answers(ASSIGNMENT)
    answers[f"{part}-answer"] = wrong_answers(ASSIGNMENT)[part][wrong]
    return as_student(ASSIGNMENT, answers)


def all_wrong() -> nbformat.NotebookNode:
    """A wrong answer in every part: the catalogue's first, and in PARTIAL_PART the partial students' one."""
    answers = solution_answers(ASSIGNMENT)
    for part, catalogue in wrong_answers(ASSIGNMENT).items():
        answers[f"{part}-answer"] = catalogue[PARTIAL_WRONG if part == PARTIAL_PART else next(iter(catalogue))]
    return as_student(ASSIGNMENT, answers)


class Class:
    """20 students (correct, partial, wrong, untouched, broken, late, resubmitted, one not on the
    roster), at least two of each kind that is graded alike: who handed in what, and what each should
    get."""

    def __init__(self):
        good, empty = nbformat.writes(as_student(ASSIGNMENT)), nbformat.writes(release(ASSIGNMENT))
        partial = nbformat.writes(with_part(PARTIAL_PART, PARTIAL_WRONG))
        wrong = nbformat.writes(all_wrong())
        self.members: list[tuple[str, str, tuple]] = []  # (zip member, text, time)
        self.roster: list[tuple[str, str, str, str, str]] = []
        self.expect: dict[str, dict] = {}
        number = 1000

        def add(name, text, hours=-24.0, late_mark=False, submission=None, expect=None):
            nonlocal number
            number += 1
            student = f"{name}_{number}"
            mark = "_late" if late_mark else ""
            self.members.append((f"{name}{mark}_{number}_{submission or number + 50000}_lab.ipynb", text,
                                 canvas_time(hours)))
            self.roster.append((f"{name.title()}, X", str(number), f"SIS{number}", f"{name}@uni.edu",
                                "Section 1" if number % 2 else "Section 2"))
            self.expect[student] = expect or {}
            return student, number

        self.correct = [add(f"good{chr(97 + i)}", good, expect={"raw": TOTAL})[0] for i in range(3)]
        self.wrong = [add(f"wrong{chr(97 + i)}", wrong, expect={"wrong": True})[0] for i in range(2)]
        self.partial = [add(f"partial{chr(97 + i)}", partial, expect={"partial": True})[0] for i in range(3)]
        self.empty = [add(f"empty{chr(97 + i)}", empty, expect={"raw": 0})[0] for i in range(2)]
        self.broken = [add("truncated", good[: len(good) // 2], expect={"status": "invalid"})[0],
                       add("cutoff", good[:40], expect={"status": "invalid"})[0],
                       add("notanotebook", json.dumps({"hello": "world"}), expect={"status": "invalid"})[0]]
        self.late = {add("lategrace", good, hours=10 / 60, expect={"percent": 0})[0]: 0,
                     add("latethree", good, hours=3, late_mark=True)[0]: 10,
                     add("latethirty", good, hours=30, late_mark=True)[0]: 20,
                     add("lateweek", good, hours=240, late_mark=True)[0]: 50}
        self.resubmitted = []
        for name in ("resuba", "resubb"):
            student, num = add(name, empty, hours=-30, submission=num_sub(1), expect={"raw": TOTAL})
            self.members.append((f"{name}_{num}_{num_sub(2)}_lab.ipynb", good, canvas_time(-2)))
            self.resubmitted.append(student)
        self.members.append(("syllabus_question.pdf", "%PDF-1.4", canvas_time(-30)))
        self.dropped = add("dropped", good)[0]
        self.roster = [r for r in self.roster if r[1] != self.dropped.rsplit("_", 1)[1]]
        self.roster.append(("Absent, Nobody", "1999", "SIS1999", "nobody@uni.edu", "Section 1"))

    def write_zip(self, path: Path, extra: list[tuple[str, str, tuple]] = ()) -> Path:
        with zipfile.ZipFile(path, "w") as zf:
            for member, text, when in [*self.members, *extra]:
                zf.writestr(zipfile.ZipInfo(member, when), text)
        return path


def num_sub(n: int) -> int:
    return 90000 + n


@pytest.fixture(scope="module")
def graded(grader, tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    klass = Class()
    roster = canvas_roster_file(root / "canvas-gradebook.csv", klass.roster)
    out = root / "out"
    rows = grader(ASSIGNMENT, klass.write_zip(root / "submissions.zip"), out, *LATE_OPTIONS,
                  "--canvas-roster", str(roster), "--canvas-assignment", "4242")
    return klass, rows, out, roster


def test_every_student_has_a_row_with_the_expected_score(graded):
    klass, rows, out, _ = graded
    assert len(rows) == 20 == len(klass.expect)
    for student, expect in klass.expect.items():
        row = rows[student]
        if "raw" in expect:
            assert float(row["raw_score"]) == expect["raw"], row
        if "status" in expect:
            assert row["status"] == expect["status"] and float(row["score"]) == 0, row
        if "wrong" in expect:  # every part loses points
            assert all(float(row[p]) < top for p, top in load_lab(ASSIGNMENT).parts.items()), row
        if "partial" in expect:  # every other part full marks, PARTIAL_PART loses points
            top = load_lab(ASSIGNMENT).parts[PARTIAL_PART]
            assert float(row[PARTIAL_PART]) < top, row
            assert float(row["raw_score"]) == TOTAL - top + float(row[PARTIAL_PART]), row
    assert "ignored" in (out / "intake.txt").read_text() and "syllabus_question.pdf" in (out / "intake.txt").read_text()


def test_penalties_are_applied_as_specified(graded):
    klass, rows, out, _ = graded
    for student, percent in klass.late.items():
        row = rows[student]
        assert float(row["raw_score"]) == TOTAL
        assert float(row["penalty"]) == pytest.approx(TOTAL * percent / 100), row
        assert float(row["score"]) == pytest.approx(TOTAL * (1 - percent / 100)), row
        page = (out / "feedback" / f"{student}.html").read_text()
        assert "Late policy" in page and ("taken off" in page) == (percent > 0)
        assert f"{percent}%" in page or percent == 0
    assert float(rows[next(iter(klass.late))]["late_hours"]) == pytest.approx(10 / 60, abs=1e-3)
    assert "grace period" in (out / "feedback" / f"{next(iter(klass.late))}.html").read_text()
    on_time = [rows[s] for s in klass.correct]
    assert all(r["late_hours"] == "0" and r["penalty"] == "0" and r["score"] == r["raw_score"] for r in on_time)


def test_canvas_file_has_exactly_the_importers_columns_and_values(graded):
    klass, rows, out, roster_path = graded
    lines = read_rows(out / "canvas-grades.csv")
    assert lines[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", CANVAS_COLUMN]
    assert lines[1] == ["    Points Possible", "", "", "", "", "100"]
    roster = {r[1]: r for r in klass.roster}
    written = {line[1]: line for line in lines[2:]}
    assert klass.dropped.rsplit("_", 1)[1] not in written and "1999" not in written
    assert len(written) == len(klass.expect) - 1  # all but the student not on the roster
    for student, row in rows.items():
        number = student.rsplit("_", 1)[1]
        if number in roster:
            scaled = round(float(row["score"]) * CANVAS_POINTS / TOTAL, 4)
            assert written[number] == [*roster[number], f"{scaled:g}"], (student, row)
    notes = (out / "lms-notes.txt").read_text()
    assert klass.dropped in notes and "handed nothing in" in notes
    assert not (out / "moodle-grades.csv").exists()  # no submission came from Moodle


def test_class_report_shows_what_the_class_got_wrong(graded):
    klass, rows, out, _ = graded
    html = (out / "report.html").read_text()
    first = re.search(r"<tr><td><code>([^<]+)</code></td><td>([^<]+)</td><td class='count'>(\d+)</td>"
                      r"<td>([^<]+)</td></tr>", html)
    assert first, html[:3000]
    grade_id, part, count, example = first.group(1), first.group(2), int(first.group(3)), first.group(4)
    results = json.loads((out / "results.json").read_text())["results"]
    failing = [r["student"] for r in results if any(c[0] == grade_id for c in r["failed"] or [])]
    assert part == PARTIAL_PART and count == len(failing) >= len(klass.partial) + len(klass.empty)
    assert set(klass.partial) <= set(failing)
    assert example.strip()
    for title in ("Score distribution", "Each part", "Status counts", "Late submissions"):
        assert f"<h2>{title}</h2>" in html
    assert len(re.findall(r"<img src='data:image/png;base64,[A-Za-z0-9+/=]{200,}' alt='[^']{20,}'>", html)) >= 5


def test_regrading_two_students_leaves_everyone_else_byte_for_byte(graded, grader, tmp_path):
    klass, rows, out, roster = graded
    before_csv = (out / "grades.csv").read_bytes().decode("utf-8").splitlines()
    pages = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in (out / "feedback").iterdir()}
    autograded = {p.parent.parent.name: p.stat().st_mtime_ns for p in (out / "course" / "autograded").glob("*/*/*.ipynb")}
    fixed, again = klass.partial[0], klass.late and list(klass.late)[2]
    name, number = fixed.rsplit("_", 1)
    resubmission = (f"{name}_{number}_{num_sub(9)}_lab.ipynb", nbformat.writes(as_student(ASSIGNMENT)), canvas_time(-1))
    zipped = klass.write_zip(tmp_path / "again.zip", [resubmission])
    after = grader(ASSIGNMENT, zipped, out, "--student", fixed, "--student", again,
                   "--canvas-roster", str(roster), "--canvas-assignment", CANVAS_COLUMN)
    assert float(after[fixed]["score"]) == TOTAL > float(rows[fixed]["score"])
    assert after[again] == rows[again]  # the late policy of the first run is kept
    after_csv = (out / "grades.csv").read_bytes().decode("utf-8").splitlines()
    assert len(after_csv) == len(before_csv)
    for old, new in zip(before_csv, after_csv):
        if not old.startswith(f"{fixed},"):
            assert old == new
    for page, (mtime, content) in pages.items():
        path = out / "feedback" / page
        if page in (f"{fixed}.html", f"{again}.html"):
            assert path.stat().st_mtime_ns > mtime
        else:
            assert (path.stat().st_mtime_ns, path.read_bytes()) == (mtime, content), page
    for student, mtime in autograded.items():
        now = (out / "course" / "autograded" / student).rglob("*.ipynb").__next__().stat().st_mtime_ns
        assert (now > mtime) == (student in (fixed, again)), student
    canvas = {line[1]: line for line in read_rows(out / "canvas-grades.csv")[2:]}
    assert canvas[number][-1] == "100"
    assert len(canvas) == len(klass.expect) - 1
