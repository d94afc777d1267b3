"""Grade files that Canvas's gradebook import and Moodle's grade imports accept unchanged.

Students are matched by the ids the intake reads from each LMS's export file names
(``autograde.intake``): Canvas's ``smithjane_12345_678901_lab.ipynb`` is student ``smithjane_12345``,
whose ``12345`` is Canvas's user id, the ``ID`` column of its gradebook; Moodle's
``Jane Smith_123_assignsubmission_file_/`` is ``Jane_Smith_123``, whose ``123`` is the assignment's
participant id, ``Participant 123`` in the ``Identifier`` column of its grading worksheet.

Canvas (``canvas-grades.csv``), checked against Canvas's own importer and exporter source
(instructure/canvas-lms: lib/gradebook_importer.rb and lib/gradebook_exporter.rb), the
Canvas Instructor Guide "How do I import grades in the Gradebook?" as universities copy it (Ohio
State's "Import a CSV file into Carmen Grades", teaching.resources.osu.edu; VCU's "Gradebook
Action Menu", ts.vcu.edu) and nemogb's "Detailed Canvas Export Info" (nemogb-dev.github.io). The
importer takes a header whose first column contains ``Student`` and second ``ID``; then
``SIS Login ID``, or ``SIS User ID`` and ``SIS Login ID`` (then optionally ``Integration ID`` and
``Root Account``); then ``Section``, which must close the identity columns; then one column per
assignment, ``Assignment Name (assignment id)`` (a column without ``(id)`` and no assignment of
that name makes a new assignment). It matches a row by ``ID`` (else SIS User ID, SIS Login ID,
then name), so ``ID`` is what must be right; a row whose first column contains ``Points
Possible`` is read as the assignments' points; numbers may use a decimal comma; the file may be
comma- or semicolon-separated. The export writes ``SIS User ID`` (and ``Integration ID``, ``Root
Account``) only for a user allowed to see SIS data, and is semicolon-separated where the user
chose so. With ``--canvas-roster`` (the gradebook exported from Canvas: Grades > Export) the file
copies the roster's identity columns, in its order, and values for each graded student, and its
Points Possible row; the score is scaled to the assignment's points possible there when they
differ from the lab's. Without a roster it has ``Student``, ``ID``, ``SIS User ID``, ``SIS Login
ID``, ``Section`` (the SIS columns and Section empty).

Moodle, two files, checked against Moodle's source (moodle/moodle: mod/assign/feedback/offline/
importgradeslib.php and locallib.php, mod/assign/lang/en/assign.php) and MoodleDocs' "Grade
import" and "Assignment settings" (Offline grading worksheet) pages:

- ``moodle-grades.csv``, the assignment's offline grading worksheet (Assignment > View all
  submissions > Grading action: Upload grading worksheet). The importer needs the columns
  ``Identifier`` (``Participant NNN``), ``Grade`` and ``Last modified (grade)``, and refuses the
  file without any of them; it skips a row whose grade is empty, above the assignment's maximum,
  unchanged, or older than the grade in Moodle by "Last modified (grade)" (unless "Allow updating
  records that have been modified more recently in Moodle than in the spreadsheet" is ticked).
  With ``--moodle-worksheet`` (the worksheet downloaded from Moodle) the file has its columns and
  values, only ``Grade`` changed (scaled to its ``Maximum Grade``).
- ``moodle-gradebook.csv``, for the gradebook's "Import grades from CSV" (Grades > Import >
  CSV file), written only when the worksheet has an ``Email address`` column: Moodle maps one
  column to the user (email address, username, ID number or user id, never a participant id)
  and one column per grade item; a row whose user is not found stops the whole import, so only
  students the worksheet names are written.

``lms-notes.txt`` says what could not be derived (no roster, students the roster lacks).
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from autograde.contracts import Result
from autograde.late import SubmissionTime
from autograde.status import Status

CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]  # without a roster
# Every identity column an export may have (gradebook_importer.rb's reserved names); an export has
# Student (or LastName and FirstName), ID and Section at least, the SIS columns where allowed.
CANVAS_RESERVED = {"Student", "LastName", "FirstName", "ID", "SIS User ID", "SIS Login ID", "Integration ID",
                   "Root Account", "Section"}
POINTS_POSSIBLE = "Points Possible"
MOODLE_ID, MOODLE_GRADE, MOODLE_MODIFIED = "Identifier", "Grade", "Last modified (grade)"
MOODLE_MAX, MOODLE_SUBMITTED, MOODLE_EMAIL = "Maximum Grade", "Last modified (submission)", "Email address"
PARTICIPANT = "Participant "
TRAILING_NUMBER = re.compile(r"_(\d+)$")


def lms_number(student: str) -> str | None:
    """The LMS's number in a student id read from an export (``smithjane_12345`` -> ``12345``)."""
    match = TRAILING_NUMBER.search(student)
    return match.group(1) if match else None


def lms_id(result: Result, lms: str) -> str | None:
    """The Canvas user id or Moodle participant id of a result whose file that LMS named."""
    return lms_number(result.student) if result.lms == lms else None


def graded_score(result: Result, scale_to: float | None = None) -> str | None:
    """The score to upload: the final score, scaled to the LMS's maximum when given; None for
    ``error`` (the grader failed: no grade is better than a wrong 0)."""
    if result.status is Status.ERROR:
        return None
    score = result.score
    if scale_to is not None and result.max_score > 0 and abs(scale_to - result.max_score) > 1e-9:
        score = round(score * scale_to / result.max_score, 4)
    return f"{score:g}"


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    """A CSV file's header and rows; comma- or semicolon-separated (Canvas exports either), with or
    without a byte order mark."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        text = handle.read()
    first = text.split("\n", 1)[0]
    by_semicolon = len(next(csv.reader([first], delimiter=";"), []))
    delimiter = ";" if by_semicolon > len(next(csv.reader([first]), [])) else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not rows:
        raise ValueError(f"{path} is empty")
    return rows[0], rows[1:]


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


# --- Canvas ---------------------------------------------------------------------------------

@dataclass
class CanvasRoster:
    """Canvas's exported gradebook: identity columns, the assignment's column, Points Possible."""

    identity: list[str]  # the export's identity columns, in its order
    assignment: str  # the assignment's column header, ``Lab 3 (12345)``
    students: dict[str, dict[str, str]]  # Canvas ID -> identity column -> value
    points_row: dict[str, str] | None = None  # the Points Possible row (identity columns and assignment)

    @property
    def points_possible(self) -> float | None:
        try:
            # A semicolon-separated export may write a decimal comma (Canvas reads both).
            return float(self.points_row[self.assignment].strip().replace(",", ".")) if self.points_row else None
        except (KeyError, ValueError):
            return None


def canvas_assignment_column(header: list[str], wanted: str | None) -> str:
    """The roster's column for ``wanted`` (its header, its name, or its Canvas id)."""
    columns = [c for c in header if re.search(r"\(\d+\)\s*$", c)]
    if wanted is None:
        if len(columns) == 1:
            return columns[0]
        raise ValueError("the Canvas roster has several assignments: name one with --canvas-assignment "
                         f"(one of: {', '.join(columns)})")
    for column in columns:
        name, number = re.match(r"^(.*?)\s*\((\d+)\)\s*$", column).groups()
        if wanted.strip() in (column.strip(), name, number):
            return column
    raise ValueError(f"--canvas-assignment {wanted!r} is not a column of the Canvas roster "
                     f"(assignments: {', '.join(columns) or 'none'})")


def read_canvas_roster(path: Path, assignment: str | None = None) -> CanvasRoster:
    """Read the gradebook CSV exported from Canvas (Grades > Export > Export Entire Gradebook)."""
    header, rows = _read_csv(path)
    names = ["LastName", "FirstName"] if "LastName" in header and "Student" not in header else ["Student"]
    missing = [c for c in [*names, "ID", "Section"] if c not in header]
    if missing:
        raise ValueError(f"{path} is not a Canvas gradebook export: no {', '.join(missing)} column")
    column = canvas_assignment_column(header, assignment)
    identity = [c for c in header[: header.index("Section") + 1] if c in CANVAS_RESERVED]
    students, points = {}, None
    for row in rows:
        cells = dict(zip(header, row))
        if POINTS_POSSIBLE in (row[0] if row else ""):
            points = {c: cells.get(c, "") for c in [*identity, column]}
        elif cells.get("ID", "").strip().isdigit():
            students[cells["ID"].strip()] = {c: cells.get(c, "") for c in identity}
    return CanvasRoster(identity, column, students, points)


def write_canvas(results: list[Result], path: Path, roster: CanvasRoster | None = None,
                 assignment: str | None = None) -> list[str]:
    """Write Canvas's gradebook import file; return notes on what is missing."""
    notes: list[str] = []
    rows: list[list[str]] = []
    skipped_error = [r.student for r in results if r.status is Status.ERROR]
    if roster is not None:
        header = [*roster.identity, roster.assignment]
        if roster.points_row is not None:
            rows.append([roster.points_row.get(c, "") for c in header])
        scale = roster.points_possible
        absent = []
        for result in sorted(results, key=lambda r: r.student):
            number = lms_id(result, "canvas")
            score = graded_score(result, scale)
            if number not in roster.students:
                absent.append(result.student)
            elif score is not None:
                rows.append([*(roster.students[number][c] for c in roster.identity), score])
        if absent:
            notes.append(f"canvas: not in the Canvas roster, left out: {', '.join(absent)}")
        ungraded = len(roster.students) - sum(1 for r in results if lms_id(r, "canvas") in roster.students)
        if ungraded:
            notes.append(f"canvas: {ungraded} student(s) of the roster handed nothing in: no row, so Canvas "
                         f"keeps what it has")
        if scale is not None and results and abs(scale - results[0].max_score) > 1e-9:
            notes.append(f"canvas: scores scaled from {results[0].max_score:g} to the assignment's "
                         f"{scale:g} points possible")
    else:
        column = assignment or (results[0].assignment if results else "assignment")
        header = [*CANVAS_IDENTITY, column]
        not_canvas = []
        for result in sorted(results, key=lambda r: r.student):
            number, score = lms_id(result, "canvas"), graded_score(result)
            if number is None:
                not_canvas.append(result.student)
            elif score is not None:
                name = result.student[: -len(number) - 1]
                rows.append([name, number, "", "", "", score])
        notes.append("canvas: no --canvas-roster, so Student is Canvas's file-name form of the name and SIS "
                     "User ID, SIS Login ID and Section are empty (Canvas matches rows by ID); give "
                     "--canvas-roster (Grades > Export) to copy them from Canvas")
        if not re.search(r"\(\d+\)\s*$", column):
            notes.append(f"canvas: the column {column!r} has no Canvas assignment id, so Canvas makes a new "
                         f"assignment; give --canvas-assignment \"Name (id)\" to fill an existing one")
        if not_canvas:
            notes.append(f"canvas: not named by a Canvas export (no user id), left out: {', '.join(not_canvas)}")
    if skipped_error:
        notes.append(f"canvas and moodle: the grader failed on {', '.join(skipped_error)}: no grade written")
    _write_csv(path, header, rows)
    return notes


# --- Moodle ---------------------------------------------------------------------------------

@dataclass
class MoodleWorksheet:
    """The offline grading worksheet downloaded from a Moodle assignment."""

    header: list[str]
    rows: dict[str, list[str]]  # participant id -> the row as downloaded
    order: list[str] = field(default_factory=list)  # participant ids in the worksheet's order

    def cell(self, participant: str, column: str) -> str:
        row = self.rows[participant]
        index = self.header.index(column)
        return row[index] if index < len(row) else ""

    @property
    def maximum(self) -> float | None:
        if MOODLE_MAX not in self.header:
            return None
        for participant in self.order:
            try:
                return float(self.cell(participant, MOODLE_MAX).replace(",", "."))
            except ValueError:
                continue
        return None


def read_moodle_worksheet(path: Path) -> MoodleWorksheet:
    header, rows = _read_csv(path)
    missing = [c for c in (MOODLE_ID, MOODLE_GRADE, MOODLE_MODIFIED) if c not in header]
    if missing:
        raise ValueError(f"{path} is not a Moodle grading worksheet: no {', '.join(missing)} column "
                         f"(download it with Grading action > Download grading worksheet)")
    index = header.index(MOODLE_ID)
    found: dict[str, list[str]] = {}
    order = []
    for row in rows:
        if index < len(row) and row[index].startswith(PARTICIPANT) and row[index][len(PARTICIPANT):].isdigit():
            participant = row[index][len(PARTICIPANT):]
            found[participant] = row
            order.append(participant)
    return MoodleWorksheet(header, found, order)


MOODLE_TIME_FORMATS = ["%A, %d %B %Y, %I:%M %p", "%d %B %Y, %I:%M %p", "%A, %d %B %Y, %H:%M", "%d %B %Y, %H:%M",
                       "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]


def parse_moodle_time(text: str) -> datetime | None:
    """A worksheet date (``Friday, 20 November 2026, 10:30 AM``; English formats), naive; None for ``-``."""
    text = text.strip()
    for pattern in MOODLE_TIME_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def moodle_times(worksheet: MoodleWorksheet) -> dict[tuple[str, str], SubmissionTime]:
    """("moodle", participant id) -> "Last modified (submission)" of the worksheet, for the late
    policy (``autograde.report.annotate`` matches them to the submissions a Moodle export named)."""
    if MOODLE_SUBMITTED not in worksheet.header:
        return {}
    times = {}
    for number in worksheet.order:
        when = parse_moodle_time(worksheet.cell(number, MOODLE_SUBMITTED))
        if when is not None:
            times[("moodle", number)] = SubmissionTime(when, "Moodle's Last modified (submission)")
    return times


def write_moodle(results: list[Result], out: Path, worksheet: MoodleWorksheet | None = None) -> list[str]:
    """Write ``moodle-grades.csv`` (the grading worksheet) and, when the worksheet has email
    addresses, ``moodle-gradebook.csv``; return notes on what is missing."""
    notes: list[str] = []
    by_number = {}
    not_moodle = []
    for result in sorted(results, key=lambda r: r.student):
        number = lms_id(result, "moodle")
        if number is None:
            not_moodle.append(result.student)
        else:
            by_number[number] = result
    if worksheet is not None:
        scale = worksheet.maximum
        grade_at = worksheet.header.index(MOODLE_GRADE)
        rows, gradebook, absent = [], [], []
        for number, result in by_number.items():
            if number not in worksheet.rows:
                absent.append(result.student)
                continue
            score = graded_score(result, scale)
            if score is None:
                continue
            row = list(worksheet.rows[number]) + [""] * (len(worksheet.header) - len(worksheet.rows[number]))
            row[grade_at] = score
            rows.append(row)
            if MOODLE_EMAIL in worksheet.header:
                gradebook.append([worksheet.cell(number, MOODLE_EMAIL), score])
        rows.sort(key=lambda row: worksheet.order.index(row[worksheet.header.index(MOODLE_ID)][len(PARTICIPANT):]))
        _write_csv(out / "moodle-grades.csv", worksheet.header, rows)
        if absent:
            notes.append(f"moodle: not in the grading worksheet, left out: {', '.join(absent)}")
        if MOODLE_EMAIL in worksheet.header:
            item = results[0].assignment if results else "assignment"
            _write_csv(out / "moodle-gradebook.csv", [MOODLE_EMAIL, item], gradebook)
            notes.append(f"moodle: moodle-gradebook.csv maps Email address to useremail; map its column "
                         f"{item!r} to the assignment's grade item")
        else:
            notes.append("moodle: the worksheet has no Email address column, so no moodle-gradebook.csv "
                         "(upload moodle-grades.csv to the assignment instead)")
        if scale is not None and results and abs(scale - results[0].max_score) > 1e-9:
            notes.append(f"moodle: grades scaled from {results[0].max_score:g} to the worksheet's "
                         f"Maximum Grade {scale:g}")
    else:
        header = [MOODLE_ID, "Full name", MOODLE_GRADE, MOODLE_MAX, MOODLE_MODIFIED]
        rows = []
        for number, result in by_number.items():
            score = graded_score(result)
            if score is not None:
                name = result.student[: -len(number) - 1].replace("_", " ")
                rows.append([f"{PARTICIPANT}{number}", name, score, f"{result.max_score:g}", ""])
        _write_csv(out / "moodle-grades.csv", header, rows)
        notes.append("moodle: no --moodle-worksheet, so moodle-grades.csv has only the columns the importer "
                     "needs, Full name comes from the folder name and Last modified (grade) is empty: Moodle "
                     "imports it for students without a grade; for students graded in Moodle already, tick "
                     "'Allow updating records that have been modified more recently in Moodle'. The "
                     "assignment's maximum grade must be the lab's "
                     f"{results[0].max_score:g} points, or give --moodle-worksheet to scale the grades"
                     if results else "moodle: no results")
        notes.append("moodle: no moodle-gradebook.csv (the gradebook import needs an email, username or ID "
                     "number, which only --moodle-worksheet gives)")
    if not_moodle:
        notes.append(f"moodle: not named by a Moodle export (no participant id), left out: {', '.join(not_moodle)}")
    return notes


def write_lms_files(results: list[Result], out: Path, canvas_roster: CanvasRoster | None = None,
                    canvas_assignment: str | None = None, moodle_worksheet: MoodleWorksheet | None = None) -> Path:
    """Write ``canvas-grades.csv`` when a submission came from Canvas or a roster is given,
    ``moodle-grades.csv`` (and ``moodle-gradebook.csv``) likewise for Moodle, and
    ``lms-notes.txt`` into ``out``; return the notes' path. Files of an LMS that named no
    submission are removed (a regrade must not leave a stale one)."""
    notes: list[str] = []
    if canvas_roster is not None or any(r.lms == "canvas" for r in results):
        notes += write_canvas(results, out / "canvas-grades.csv", canvas_roster, canvas_assignment)
    else:
        (out / "canvas-grades.csv").unlink(missing_ok=True)
    if moodle_worksheet is not None or any(r.lms == "moodle" for r in results):
        notes += write_moodle(results, out, moodle_worksheet)
    else:
        (out / "moodle-grades.csv").unlink(missing_ok=True)
    if moodle_worksheet is None or MOODLE_EMAIL not in moodle_worksheet.header:
        (out / "moodle-gradebook.csv").unlink(missing_ok=True)
    if not notes:
        notes.append("no submission was named by a Canvas or Moodle export, and no roster was given: "
                     "no LMS file written (grades.csv has every score)")
    (out / "lms-notes.txt").write_text("".join(f"{note}\n" for note in notes), encoding="utf-8")
    return out / "lms-notes.txt"
