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
    release = commands.add_parser("release", help="regenerate notebooks/ (student labs) from solutions/")
    release.add_argument("only", nargs="*", metavar="ASSIGNMENT", help="only these (default: all)")
    args = parser.parse_args(argv)
    try:
        if args.command == "release":
            from autograde.release import release_all

            release_all(args.only)
            return 0
        from autograde.batch import grade_batch

        from autograde.policy import GradingPolicy

        policy = GradingPolicy(timeout=args.timeout, memory_mb=args.memory_mb)
        rows = grade_batch(args.assignment, args.submissions, args.out, args.jobs, policy)
        print(f"graded {len(rows)} submission(s): {args.out / 'grades.csv'}, {args.out / 'feedback'}/")
        return 0
    except InstructorError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
