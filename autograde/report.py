"""What the instructor gets: ``grades.csv`` and one feedback page per student."""
from __future__ import annotations

import csv
from pathlib import Path

from autograde.contracts import Result
from autograde.feedback import page
from autograde.lab import part_of


def part_scores(cells: dict[str, tuple[float, float]], parts: dict[str, float]) -> dict[str, tuple[float, float]]:
    """part -> (score, max) from per-cell scores; ``parts``: part -> max points."""
    totals = {part: [0.0, top] for part, top in parts.items()}
    for grade_id, (score, _) in cells.items():
        totals.setdefault(part_of(grade_id), [0.0, 0.0])[0] += score
    return {part: (score, top) for part, (score, top) in totals.items()}


def write_csv(results: list[Result], parts: dict[str, float], path: Path) -> None:
    """One row per submission: student, assignment, score, max_score, status, reason, parts."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "assignment", "score", "max_score", "status", "reason", *parts])
        for result in sorted(results, key=lambda r: r.student):
            by_part = part_scores(result.cells, parts)
            writer.writerow([result.student, result.assignment, f"{result.score:g}", f"{result.max_score:g}",
                             result.status.value, result.reason, *(f"{by_part[p][0]:g}" for p in parts)])


def write_report(results: list[Result], parts: dict[str, float], out: Path) -> Path:
    """Write ``out/grades.csv`` and ``out/feedback/STUDENT.html`` for every result; return the CSV path."""
    feedback_dir = out / "feedback"
    feedback_dir.mkdir(parents=True, exist_ok=True)
    for result in results:
        (feedback_dir / f"{result.student}.html").write_text(page(result, part_scores(result.cells, parts)),
                                                              encoding="utf-8")
    write_csv(results, parts, out / "grades.csv")
    return out / "grades.csv"
