"""What the instructor gets: ``grades.csv``, one feedback page per student, and ``results.json``.

``results.json`` is the machine-readable copy of every row (``Result.to_dict``, without the
temporary ``autograded`` path), with the late policy that was applied. ``grades.csv`` is always
written from it, sorted by student, so a regrade of a few students (``--student``) rewrites the
file with everyone else's rows byte-for-byte the same.

``score`` is the final score, after any late penalty; ``raw_score`` is the score before it;
``late_hours``, ``penalty`` (points taken off) and ``submitted`` say what the late policy saw.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

from autograde.contracts import Result
from autograde.feedback import failing_checks, page
from autograde.lab import part_of
from autograde.late import LatePolicy, SubmissionTime
from autograde.lms import lms_number

RESULTS = "results.json"


def part_scores(cells: dict[str, tuple[float, float]], parts: dict[str, float]) -> dict[str, tuple[float, float]]:
    """part -> (score, max) from per-cell scores; ``parts``: part -> max points."""
    totals = {part: [0.0, top] for part, top in parts.items()}
    for grade_id, (score, _) in cells.items():
        totals.setdefault(part_of(grade_id), [0.0, 0.0])[0] += score
    return {part: (score, top) for part, (score, top) in totals.items()}


def annotate(results: list[Result], times: dict[str, SubmissionTime], late: LatePolicy | None,
             lms: dict[str, str] | None = None,
             lms_times: dict[tuple[str, str], SubmissionTime] | None = None) -> None:
    """After grading, while the autograded notebooks exist: record each result's failing checks
    (for the class report), its LMS, its raw score, and the late penalty, which lowers ``score``.

    ``times``: student -> submission time from the intake; ``lms_times``: (LMS, the LMS's id of
    the student) -> the LMS's own submission time, which wins (Moodle's worksheet)."""
    for result in results:
        result.lms = (lms or {}).get(result.student, "")
        number = lms_number(result.student)
        when = (lms_times or {}).get((result.lms, number)) if number else None
        if when is not None:
            times = {**times, result.student: when}
        if result.autograded and Path(result.autograded).exists():
            result.failed = failing_checks(Path(result.autograded), result.language)
        result.raw_score = result.score
        if late is not None:
            result.late = late.assess(times.get(result.student), result.score, result.max_score, result.language)
            result.score = max(0.0, result.score - result.late.penalty)


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def write_csv(results: list[Result], parts: dict[str, float], path: Path) -> None:
    """One row per submission: student, assignment, score (final), max_score, status, reason,
    raw_score, late_hours, penalty, submitted, then one column per part."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "assignment", "score", "max_score", "status", "reason",
                         "raw_score", "late_hours", "penalty", "submitted", *parts])
        for result in sorted(results, key=lambda r: r.student):
            by_part = part_scores(result.cells, parts)
            late = result.late
            writer.writerow([result.student, result.assignment, f"{result.score:g}", f"{result.max_score:g}",
                             result.status.value, result.reason,
                             _cell(result.score if result.raw_score is None else result.raw_score),
                             _cell(late.hours_late if late else None), _cell(late.penalty if late else 0.0),
                             late.submitted if late else "", *(f"{by_part[p][0]:g}" for p in parts)])


def save_results(results: list[Result], late: LatePolicy | None, path: Path) -> None:
    rows = []
    for result in sorted(results, key=lambda r: r.student):
        row = result.to_dict()
        row["autograded"] = None  # a temporary folder: gone after the batch
        rows.append(row)
    data = {"late_policy": late.to_dict() if late else None, "results": rows}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def load_results(out: Path) -> tuple[list[Result], LatePolicy | None]:
    """The rows and late policy of an earlier run into ``out`` (``results.json``)."""
    data = json.loads((out / RESULTS).read_text(encoding="utf-8"))
    late = LatePolicy.from_dict(data["late_policy"]) if data.get("late_policy") else None
    return [Result.from_dict(row) for row in data["results"]], late


def write_report(results: list[Result], parts: dict[str, float], out: Path, *,
                 late: LatePolicy | None = None, regrade: bool = False) -> list[Result]:
    """Write ``out/feedback/STUDENT.html`` for every result in ``results``, then ``results.json``
    and ``grades.csv`` for the class: with ``regrade``, the rows of ``results.json`` from the
    earlier run, those of these students replaced. Return the class's results."""
    feedback_dir = out / "feedback"
    feedback_dir.mkdir(parents=True, exist_ok=True)
    for result in results:
        (feedback_dir / f"{result.student}.html").write_text(page(result, part_scores(result.cells, parts)),
                                                              encoding="utf-8")
    everyone = list(results)
    if regrade:
        earlier, _ = load_results(out)
        fresh = {r.student for r in results}
        everyone = [r for r in earlier if r.student not in fresh] + everyone
    save_results(everyone, late, out / RESULTS)
    write_csv(everyone, parts, out / "grades.csv")
    return everyone
