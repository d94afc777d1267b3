"""Regrade a few students into an existing output folder (``--student NAME``, repeatable).

Only these students' notebooks are graded; their rows in ``results.json`` and ``grades.csv``,
their feedback pages and their gradebook entries are replaced, and everyone else's rows are
written again from ``results.json`` exactly as they were (``autograde.report``).
"""
from __future__ import annotations

from pathlib import Path

from autograde.course import InstructorError
from autograde.intake import Intake
from autograde.report import RESULTS


def select(intake: Intake, students: list[str], out: Path) -> None:
    """Keep only ``students`` in ``intake`` (in place); refuse names it does not have, and an
    ``out`` without the ``results.json`` of an earlier run."""
    if not (out / RESULTS).exists():
        raise InstructorError(f"--student regrades into an earlier run's folder, but {out / RESULTS} "
                              f"does not exist: grade the whole class into {out} first")
    known = set(intake.submissions) | set(intake.invalid)
    unknown = [name for name in students if name not in known]
    if unknown:
        raise InstructorError(f"--student {', '.join(unknown)}: not among the submissions "
                              f"(students found: {', '.join(sorted(known)) or 'none'})")
    wanted = set(students)
    intake.submissions = {s: p for s, p in intake.submissions.items() if s in wanted}
    intake.invalid = {s: r for s, r in intake.invalid.items() if s in wanted}
    intake.times = {s: t for s, t in intake.times.items() if s in wanted}
