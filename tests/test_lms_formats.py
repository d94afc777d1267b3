"""The LMS grade files against models of the importers that read them (issue 19), and the shapes of
gradebook that Canvas exports. Nothing here grades a notebook; tests/test_lms.py grades a class.

The models follow the importers' source: Canvas's lib/gradebook_importer.rb (instructure/canvas-lms:
``row_has_student_headers?``, ``update_column_count``, ``header?``, ``check_for_non_student_row``,
``process_student``) and Moodle's mod/assign/feedback/offline/importgradeslib.php (``init``, ``next``).
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from autograde.contracts import Result
from autograde.lms import read_canvas_roster, read_moodle_worksheet, write_canvas, write_moodle
from autograde.status import Status

ASSIGNMENT = "ch09"
TOTAL = 23.0
COLUMN = "Lab 9 (4242)"
NON_ASSIGNMENT = re.compile("Current Score|Current Points|Current Grade|Final Score|Final Points|Final Grade|"
                            "Override Score|Override Grade|Override Status")


def decimal_point(field: str) -> str:
    """The importer's ``decimal_comma_to_period`` CSV converter: ``100,5`` -> ``100.5``."""
    if not re.fullmatch(r"-?[0-9.,]+%?", field):
        return field
    *whole, last = re.split(r"[,.]", field)
    return f"{''.join(whole)}.{last}" if whole else last


def canvas_import(path: Path) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """What Canvas's gradebook import reads from ``path``: (assignment id -> points possible,
    Canvas user id -> assignment id -> grade); raises ValueError where Canvas says "Invalid header row"."""
    text = path.read_text(encoding="utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = ";" if len(next(csv.reader([first], delimiter=";"))) > len(next(csv.reader([first]))) else ","
    rows = [[decimal_point(cell) for cell in row] for row in csv.reader(text.splitlines(), delimiter=delimiter)]
    header = rows[0]

    def at(i: int) -> str:
        return header[i] if i < len(header) else ""

    if not ((len(header) > 3 and "Student" in at(0) and "ID" in at(1))
            or (len(header) > 4 and "LastName" in at(0) and "FirstName" in at(1) and "ID" in at(2))):
        raise ValueError("Invalid header row: no Student and ID columns first")
    names = 4 if header[:2] == ["LastName", "FirstName"] else 3
    identity = names
    if re.search(r"SIS\s+Login\s+ID", at(names - 1)):
        identity += 1
    elif re.search(r"SIS\s+User\s+ID", at(names - 1)) and re.search(r"SIS\s+Login\s+ID", at(names)):
        integration = 1 if re.search(r"Integration\s+ID", at(names + 1)) else 0
        identity += 2 + integration
        if re.search(r"Root\s+Account", at(names + 1 + integration)):
            identity += 1
    if "Section" not in at(identity - 1):
        raise ValueError(f"Invalid header row: column {identity} is {at(identity - 1)!r}, not Section")
    assignments = {}
    for index, title in enumerate(header[identity:], start=identity):
        if NON_ASSIGNMENT.search(title):
            continue
        match = re.match(r"^(.*) \((\d+)\)$", title)
        if not match:
            raise ValueError(f"{title!r} names no existing assignment: Canvas would make a new one")
        assignments[match.group(2)] = index
    points, grades = {}, {}
    for row in rows[1:]:
        if "Points Possible" in row[0]:
            points = {aid: row[i] for aid, i in assignments.items()}
        elif all(re.fullmatch(r"\s*(Muted|Manual Posting.*)?\s*", cell, re.I) for cell in row):
            continue
        else:
            grades[row[names - 2]] = {aid: row[i].strip() for aid, i in assignments.items()}
    return points, grades


def moodle_import(path: Path) -> dict[str, tuple[str, str]]:
    """What Moodle's grading worksheet upload reads: participant id -> (grade, last modified (grade));
    raises ValueError where Moodle refuses the file (invalidgradeimport)."""
    with open(path, newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    try:
        ident, grade, modified = (header.index(c) for c in ("Identifier", "Grade", "Last modified (grade)"))
    except ValueError:
        raise ValueError("invalidgradeimport: the worksheet lacks Identifier, Grade or Last modified (grade)")
    return {row[ident][len("Participant "):]: (row[grade], row[modified]) for row in rows}


def result(student: str, score: float, lms: str, status: Status = Status.OK) -> Result:
    return Result(student=student, assignment=ASSIGNMENT, status=status, score=score, max_score=TOTAL,
                  raw_score=score, lms=lms)


CLASS = [result("smithalice_101", 23, "canvas"), result("jonesbob_102", 11.5, "canvas"),
         result("leecarl_103", 0, "canvas", Status.ERROR)]

# Gradebooks as Canvas's exporter (lib/gradebook_exporter.rb) writes them: the SIS columns only for a
# user allowed to see SIS data, Integration ID and Root Account where the instance has them, custom
# columns after Section, semicolons where the user chose them, a byte order mark where asked.
EXPORTS = {
    "full": ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"],
    "no SIS rights": ["Student", "ID", "SIS Login ID", "Section"],
    "integration and root account": ["Student", "ID", "SIS User ID", "SIS Login ID", "Integration ID",
                                     "Root Account", "Section"],
    "last and first names": ["LastName", "FirstName", "ID", "SIS User ID", "SIS Login ID", "Section"],
}
VALUES = {"Student": "{last}, {first}", "LastName": "{last}", "FirstName": "{first}", "ID": "{id}",
          "SIS User ID": "S{id}", "SIS Login ID": "{first}@uni.edu", "Integration ID": "I{id}",
          "Root Account": "uni.instructure.com", "Section": "Lab A"}
PEOPLE = [("Smith", "alice", "101"), ("Jones", "bob", "102"), ("Lee", "carl", "103"), ("Absent", "dan", "104")]


def export(path: Path, identity: list[str], delimiter: str = ",", bom: bool = False) -> Path:
    header = [*identity, "Notes", "Quiz 1 (77)", COLUMN, "Current Points", "Final Points", "Current Score",
              "Unposted Current Score", "Final Score", "Unposted Final Score"]
    points = "100,00" if delimiter == ";" else "100"
    lines = [header, ["    Points Possible", *[""] * len(identity), "10", points, *["(read only)"] * 6]]
    for last, first, number in PEOPLE:
        lines.append([VALUES[c].format(last=last, first=first, id=number) for c in identity]
                     + ["note", "8", "", "8", "8", "80", "80", "80", "80"])
    with open(path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(lines)
    return path


@pytest.mark.parametrize("shape", EXPORTS)
@pytest.mark.parametrize("delimiter, bom", [(",", False), (";", True)])
def test_canvas_file_from_every_shape_of_export_is_what_the_importer_reads(tmp_path, shape, delimiter, bom):
    identity = EXPORTS[shape]
    roster_path = export(tmp_path / "gradebook.csv", identity, delimiter, bom)
    roster = read_canvas_roster(roster_path, "4242")
    assert roster.identity == identity and roster.assignment == COLUMN and roster.points_possible == 100
    write_canvas(CLASS, tmp_path / "canvas-grades.csv", roster)
    header = next(csv.reader(open(tmp_path / "canvas-grades.csv", newline="", encoding="utf-8")))
    assert header == [*identity, COLUMN], "the roster's identity columns in its order, then the assignment"
    points, grades = canvas_import(tmp_path / "canvas-grades.csv")
    assert list(points) == ["4242"] and float(points["4242"]) == 100, "the Points Possible row is copied"
    assert grades == {"101": {"4242": "100"}, "102": {"4242": "50"}}, \
        "scores scaled to 100 points, no row for the grader's error or for who handed nothing in"
    # Canvas matches by ID first, then SIS ids: every written identity value is the roster's own.
    with open(roster_path, newline="", encoding="utf-8-sig") as handle:
        exported = {row[identity.index("ID")]: row[: len(identity)] for row in csv.reader(handle, delimiter=delimiter)}
    for row in list(csv.reader(open(tmp_path / "canvas-grades.csv", newline="", encoding="utf-8")))[2:]:
        assert row[:-1] == exported[row[identity.index("ID")]]


def test_canvas_file_without_roster_is_what_the_importer_reads(tmp_path):
    write_canvas(CLASS, tmp_path / "canvas-grades.csv", assignment=COLUMN)
    points, grades = canvas_import(tmp_path / "canvas-grades.csv")
    assert points == {} and grades == {"101": {"4242": "23"}, "102": {"4242": "11.5"}}


def test_a_file_that_is_no_canvas_export_is_refused_with_what_it_lacks(tmp_path):
    path = tmp_path / "not-canvas.csv"
    path.write_text("Name,Email,Lab 9 (4242)\nAlice,a@uni.edu,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a Canvas gradebook export: no Student, ID, Section"):
        read_canvas_roster(path, "4242")


def test_moodle_files_are_what_the_worksheet_upload_reads(tmp_path):
    results = [result("Jane_Smith_7001", 23, "moodle"), result("Li_Si_7002", 11.5, "moodle")]
    write_moodle(results, tmp_path)
    assert moodle_import(tmp_path / "moodle-grades.csv") == {"7001": ("23", ""), "7002": ("11.5", "")}
    worksheet = tmp_path / "worksheet.csv"
    worksheet.write_text(
        "Identifier,Full name,Email address,Status,Grade,Maximum Grade,Grade can be changed,"
        "Last modified (submission),Last modified (grade),Feedback comments\n"
        "Participant 7001,Jane Smith,jane@uni.edu,Submitted for grading,7.00,100.00,Yes,"
        "\"Friday, 20 November 2026, 10:00 PM\",\"Saturday, 21 November 2026, 9:00 AM\",\n"
        "Participant 7002,Li Si,li@uni.edu,Submitted for grading,,100.00,Yes,"
        "\"Friday, 20 November 2026, 11:00 PM\",-,\n", encoding="utf-8")
    write_moodle(results, tmp_path, read_moodle_worksheet(worksheet))
    # Last modified (grade) as downloaded, so that Moodle does not skip a grade it holds as newer.
    assert moodle_import(tmp_path / "moodle-grades.csv") == {
        "7001": ("100", "Saturday, 21 November 2026, 9:00 AM"), "7002": ("50", "-")}


def test_a_regrade_to_an_unreadable_file_leaves_no_old_score_in_the_gradebook(tmp_path):
    """formgrader must not show a score that grades.csv no longer has."""
    from nbgrader.api import Gradebook

    from autograde.course import source_notebook
    from autograde.gradebook import ensure_assignment, record
    from autograde.release import prepare_course

    template = tmp_path / "template"
    prepare_course(ASSIGNMENT, template)
    course = tmp_path / "course"
    ensure_assignment(course, template, ASSIGNMENT)
    notebook = template / "release" / ASSIGNMENT / source_notebook(ASSIGNMENT).name
    record(course, ASSIGNMENT, Result(student="ana", assignment=ASSIGNMENT, autograded=str(notebook),
                                      cells={}, score=0, max_score=TOTAL))
    record(course, ASSIGNMENT, Result(student="ben", assignment=ASSIGNMENT, autograded=str(notebook),
                                      cells={}, score=0, max_score=TOTAL))
    assert (course / "autograded" / "ana" / ASSIGNMENT).is_dir()
    record(course, ASSIGNMENT, Result(student="ana", assignment=ASSIGNMENT, status=Status.INVALID,
                                      reason="not JSON", max_score=TOTAL))
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        assert [s.student_id for s in gradebook.assignment_submissions(ASSIGNMENT)] == ["ben"]
    assert not (course / "autograded" / "ana").exists() or not any((course / "autograded" / "ana").iterdir())
