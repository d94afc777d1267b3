"""Command line: ``python -m autograde {grade,release}``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograde.course import InstructorError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograde", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    grade = commands.add_parser("grade", help="grade a folder or zip of submissions")
    grade.add_argument("assignment", help="e.g. ch03")
    grade.add_argument("submissions", type=Path,
                       help="folder of STUDENT.ipynb or STUDENT/NOTEBOOK.ipynb, or a zip of either")
    grade.add_argument("--out", type=Path, default=Path("grades"), help="where grades.csv and feedback/ go")
    grade.add_argument("--jobs", type=int, default=2, help="submissions graded at once")
    grade.add_argument("--timeout", type=int, default=120,
                       help="seconds a submission's cells may run in all; one cell is stopped after half of this")
    grade.add_argument("--memory-mb", type=int, default=4096, help="memory one submission may use")
    late = grade.add_argument_group("late policy (autograde/late.py)")
    late.add_argument("--due", help="due date, ISO 8601 with its zone: 2026-11-20T23:59:00+01:00")
    late.add_argument("--penalty", type=float, default=10.0,
                      help="percent of the maximum score taken off per day (or hour) started (default 10)")
    late.add_argument("--per", choices=["day", "hour"], default="day", help="the penalty's unit (default day)")
    late.add_argument("--cap", type=float, default=100.0, help="at most this percent is taken off (default 100)")
    late.add_argument("--grace-minutes", type=float, default=0.0, help="this late still counts as on time")
    lms = grade.add_argument_group("LMS grade files (autograde/lms.py)")
    lms.add_argument("--canvas-roster", type=Path, help="the gradebook CSV exported from Canvas (Grades > Export)")
    lms.add_argument("--canvas-assignment", help='the Canvas column to fill: "Lab 3 (12345)", its name or id')
    lms.add_argument("--moodle-worksheet", type=Path,
                     help="the assignment's grading worksheet downloaded from Moodle")
    grade.add_argument("--student", action="append", metavar="NAME",
                       help="regrade only this student (repeatable) into an earlier run's --out folder")
    release = commands.add_parser("release", help="regenerate notebooks/ (student labs) from solutions/")
    release.add_argument("only", nargs="*", metavar="ASSIGNMENT", help="only these (default: all)")
    args = parser.parse_args(argv)
    try:
        if args.command == "release":
            from autograde.release import release_all

            release_all(args.only)
            return 0
        return run_grade(args)
    except InstructorError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


def run_grade(args: argparse.Namespace) -> int:
    """Grade, then write the LMS files and the class report for the whole class."""
    from autograde.batch import grade_batch
    from autograde.class_report import write_class_report
    from autograde.lab import load_lab
    from autograde.late import LatePolicy, parse_due
    from autograde.lms import moodle_times, read_canvas_roster, read_moodle_worksheet, write_lms_files
    from autograde.policy import GradingPolicy
    from autograde.report import RESULTS, load_results

    try:
        late = None
        if args.due:
            late = LatePolicy(parse_due(args.due), args.penalty, args.per, args.cap, args.grace_minutes)
        elif args.student and (args.out / RESULTS).exists():
            late = load_results(args.out)[1]  # a regrade keeps the class's late policy
        roster = read_canvas_roster(args.canvas_roster, args.canvas_assignment) if args.canvas_roster else None
        worksheet = read_moodle_worksheet(args.moodle_worksheet) if args.moodle_worksheet else None
    except (OSError, ValueError) as err:
        raise InstructorError(str(err)) from None
    policy = GradingPolicy(timeout=args.timeout, memory_mb=args.memory_mb)
    rows = grade_batch(args.assignment, args.submissions, args.out, args.jobs, policy, late=late,
                       only=args.student, lms_times=moodle_times(worksheet) if worksheet else None)
    everyone, _ = load_results(args.out)
    notes = write_lms_files(everyone, args.out, roster, args.canvas_assignment, worksheet)
    report = write_class_report(everyone, load_lab(args.assignment).parts, args.out / "report.html",
                                late.describe() if late else None)
    print(f"graded {len(rows)} submission(s): {args.out / 'grades.csv'}, {args.out / 'feedback'}/, {report}; "
          f"LMS files: {notes}", file=sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
