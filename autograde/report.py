"""What the instructor gets: ``grades.csv`` and one feedback page per student."""
from __future__ import annotations

import csv
import re
from pathlib import Path

STATUS_WORDS = {
    "ok": "Graded.",
    "repaired": "Graded, after restoring parts of the notebook from the original lab.",
    "timeout": "Graded in part: a cell ran too long and was stopped; the rest was graded.",
    "memory": "Graded: a cell needed more memory than grading allows, and failed.",
    "crashed": "Graded in part: a cell ended the Python kernel and was skipped; the rest was graded.",
    "sandbox": "Graded: code tried to reach files or the network outside its sandbox, and failed.",
    "tampered": "Tests that ran after code which changed what the tests rely on score nothing.",
    "invalid": "Not graded: the file could not be read as a notebook.",
    "error": "Not graded: the grader failed on this notebook. Your instructor has been told.",
}


def part_of(grade_id: str) -> str:
    """The graded part a test cell belongs to: ``softmax-visible`` -> ``softmax``."""
    return re.sub(r"-(visible|hidden)$", "", grade_id)


def part_scores(cells: dict[str, tuple[float, float]], parts: dict[str, float]) -> dict[str, tuple[float, float]]:
    """part -> (score, max) from per-cell scores; ``parts``: part -> max points."""
    totals = {part: [0.0, top] for part, top in parts.items()}
    for grade_id, (score, _) in cells.items():
        totals.setdefault(part_of(grade_id), [0.0, 0.0])[0] += score
    return {part: (score, top) for part, (score, top) in totals.items()}


def write_csv(rows: list[dict], parts: dict[str, float], path: Path) -> None:
    """One row per submission: student, assignment, score, max_score, status, reason, parts."""
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "assignment", "score", "max_score", "status", "reason", *parts])
        for row in sorted(rows, key=lambda r: r["student"]):
            by_part = part_scores(row["cells"], parts)
            writer.writerow([row["student"], row["assignment"], f"{row['score']:g}",
                             f"{row['max_score']:g}", row["status"], row["reason"],
                             *(f"{by_part[p][0]:g}" for p in parts)])


def write_report(rows: list[dict], parts: dict[str, float], out: Path) -> Path:
    """Write ``out/grades.csv`` and ``out/feedback/STUDENT.html`` for every row; return the CSV path."""
    from autograde.feedback import page

    feedback_dir = out / "feedback"
    feedback_dir.mkdir(parents=True, exist_ok=True)
    for row in rows:
        (feedback_dir / f"{row['student']}.html").write_text(page(row, part_scores(row["cells"], parts)))
    write_csv(rows, parts, out / "grades.csv")
    return out / "grades.csv"
