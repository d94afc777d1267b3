"""What the instructor gets: ``grades.csv`` and one feedback page per student."""
from __future__ import annotations

import csv
import html
import re
from pathlib import Path

STATUS_WORDS = {
    "ok": "Graded.",
    "repaired": "Graded, after restoring parts of the notebook from the original lab.",
    "invalid": "Not graded: the file could not be read as a notebook.",
    "timeout": "Graded in part: some code ran too long and was stopped.",
    "error": "Not graded: the grader failed on this notebook. Your instructor has been told.",
}


def part_of(grade_id: str) -> str:
    """The graded part a test cell belongs to: ``softmax-visible`` -> ``softmax``."""
    return re.sub(r"-(visible|hidden)$", "", grade_id)


def part_scores(cells: dict[str, tuple[float, float]], parts: list[str]) -> dict[str, float]:
    totals = dict.fromkeys(parts, 0.0)
    for grade_id, (score, _) in cells.items():
        totals[part_of(grade_id)] = totals.get(part_of(grade_id), 0.0) + score
    return totals


def write_csv(rows: list[dict], parts: list[str], path: Path) -> None:
    """One row per submission: student, assignment, score, max_score, status, reason, parts."""
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "assignment", "score", "max_score", "status", "reason", *parts])
        for row in sorted(rows, key=lambda r: r["student"]):
            by_part = part_scores(row["cells"], parts)
            writer.writerow([row["student"], row["assignment"], f"{row['score']:g}",
                             f"{row['max_score']:g}", row["status"], row["reason"],
                             *(f"{by_part[p]:g}" for p in parts)])


def write_feedback(row: dict, path: Path) -> None:
    """The student's page: nbgrader's feedback with a status banner, or a page saying why not."""
    banner = (f'<div style="border:2px solid #888;padding:0.8em;margin:1em;font-family:sans-serif">'
              f"<b>{html.escape(row['assignment'])}: {row['score']:g} / {row['max_score']:g}</b> "
              f"&mdash; status <code>{row['status']}</code>. {STATUS_WORDS[row['status']]}"
              + (f"<br>{html.escape(row['reason'])}" if row["reason"] else "") + "</div>")
    if row.get("feedback") and Path(row["feedback"]).exists():
        page = Path(row["feedback"]).read_text()
        page = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + banner, page, count=1)
        path.write_text(page)
    else:
        path.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
                        f"{html.escape(row['student'])}: {html.escape(row['assignment'])}</title>"
                        f"</head><body>{banner}</body></html>")


def write_report(rows: list[dict], parts: list[str], out: Path) -> Path:
    """Write ``out/grades.csv`` and ``out/feedback/STUDENT.html`` for every row; return the CSV path."""
    feedback_dir = out / "feedback"
    feedback_dir.mkdir(parents=True, exist_ok=True)
    for row in rows:
        write_feedback(row, feedback_dir / f"{row['student']}.html")
    write_csv(rows, parts, out / "grades.csv")
    return out / "grades.csv"


