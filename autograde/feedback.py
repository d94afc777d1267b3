"""The student's feedback page: the score per part, and every failing check with its hint.

The hint is the check's own message (``assert ..., "hint"``); the code of hidden tests is not
shown. Written from the autograded notebook, so it costs no notebook conversion.
"""
from __future__ import annotations

import html
from pathlib import Path

import nbformat

from autograde.report import STATUS_WORDS, part_of

ANSI = __import__("re").compile(r"\x1b\[[0-9;]*m")


def failing_checks(autograded: Path) -> list[tuple[str, str, str]]:
    """(grade_id, error name, message) of every graded test cell that failed, in notebook order."""
    nb = nbformat.read(autograded, as_version=4)
    failed = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not meta.get("grade") or meta.get("solution") or cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                message = ANSI.sub("", str(output.get("evalue", ""))).strip()
                if output.get("ename") == "NotImplementedError" and not message:
                    message = "not answered yet: the answer cell still raises NotImplementedError"
                failed.append((meta["grade_id"], output.get("ename", "Error"), message))
                break
    return failed


def page(row: dict, parts: dict[str, tuple[float, float]]) -> str:
    """The HTML page for one row of ``batch`` (``parts``: part -> (score, max))."""
    e = html.escape
    lines = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{e(row['student'])}: "
             f"{e(row['assignment'])}</title><style>body{{font-family:sans-serif;max-width:50em;margin:2em auto}}"
             f"td,th{{padding:0.2em 0.8em;text-align:left}}.fail{{color:#a00}}</style></head><body>",
             f"<h1>{e(row['assignment'])}: {row['score']:g} / {row['max_score']:g}</h1>",
             f"<p>Status <code>{e(row['status'])}</code>. {e(STATUS_WORDS[row['status']])}</p>"]
    if row["reason"]:
        lines.append("<ul>" + "".join(f"<li>{e(r)}</li>" for r in row["reason"].split("; ")) + "</ul>")
    if parts:
        lines.append("<h2>Parts</h2><table><tr><th>part</th><th>points</th></tr>" + "".join(
            f"<tr><td>{e(p)}</td><td>{s:g} / {m:g}</td></tr>" for p, (s, m) in parts.items()) + "</table>")
    if row.get("autograded") and Path(row["autograded"]).exists():
        failed = failing_checks(Path(row["autograded"]))
        lines.append("<h2>Checks that failed</h2>")
        if failed:
            lines.append("<ul>" + "".join(
                f"<li class='fail'><b>{e(part_of(gid))}</b> ({'hidden' if gid.endswith('-hidden') else 'visible'} "
                f"tests): <code>{e(name)}</code>: {e(message) or '(no message)'}</li>"
                for gid, name, message in failed) + "</ul>")
        else:
            lines.append("<p>None: every check passed.</p>")
    return "\n".join(lines) + "</body></html>\n"
