"""Restore a submission's nbgrader structure from the release version of the lab.

Editors such as Colab or VS Code may drop cell metadata, and students delete, edit, duplicate
or retype cells. Plain nbgrader then grades silently wrong (a test cell without metadata runs
ungraded; without any metadata the score is 0). ``repair`` aligns the submission with the
release notebook and returns a notebook in which

- every read-only and test cell of the release is present, with its metadata (a deleted
  cell is put back; an edited one gets its release text back: nbgrader restores hidden tests),
- every answer cell carries the student's code, found by its metadata or, when the metadata
  is gone, as the most similar code cell between the same neighbouring read-only cells,
- the student's extra cells stay where they were, as ordinary cells,

and says in words what it restored.
"""
from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass

from nbformat import NotebookNode


@dataclass
class Repaired:
    notebook: NotebookNode
    repairs: list[str]  # what was restored, in words; empty when nothing was


def _meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _normalise(source: str) -> str:
    lines = [line.rstrip() for line in source.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def _is_answer(cell) -> bool:
    return bool(_meta(cell).get("solution"))


def _matches(release_cell, cell) -> bool:
    """Is ``cell`` of the submission this release cell? By grade_id, or by identical read-only text."""
    grade_id = _meta(cell).get("grade_id")
    if grade_id is not None:
        return grade_id == _meta(release_cell)["grade_id"]
    if _is_answer(release_cell):
        return False  # answers are found among the leftovers, by similarity
    return (cell.cell_type == release_cell.cell_type
            and _normalise(cell.source) == _normalise(release_cell.source))


def _align(release_cells, cells) -> dict[int, int]:
    """Longest in-order matching of release nbgrader cells to submission cells (index -> index)."""
    n, m = len(release_cells), len(cells)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if _matches(release_cells[i], cells[j]):
                best[i][j] = 1 + best[i + 1][j + 1]
            else:
                best[i][j] = max(best[i + 1][j], best[i][j + 1])
    pairs, i, j = {}, 0, 0
    while i < n and j < m:
        if _matches(release_cells[i], cells[j]) and best[i][j] == 1 + best[i + 1][j + 1]:
            pairs[i], i, j = j, i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _find_lost_answers(release_cells, cells, pairs: dict[int, int]) -> None:
    """Pair each unmatched answer cell with the most similar free cell between its neighbours."""
    taken = set(pairs.values())
    for i, release_cell in enumerate(release_cells):
        if i in pairs or not _is_answer(release_cell):
            continue
        lo = max((pairs[k] for k in pairs if k < i), default=-1)
        hi = min((pairs[k] for k in pairs if k > i), default=len(cells))
        free = [j for j in range(lo + 1, hi) if j not in taken
                and cells[j].cell_type == release_cell.cell_type and not _meta(cells[j]).get("grade_id")]
        if free:
            j = max(free, key=lambda j: difflib.SequenceMatcher(
                None, release_cell.source, cells[j].source).ratio())
            pairs[i] = j
            taken.add(j)


def _as_plain(cell) -> NotebookNode:
    """A student's extra cell, without any nbgrader role (so it cannot pose as a test)."""
    cell = copy.deepcopy(cell)
    cell.get("metadata", {}).pop("nbgrader", None)
    return cell


def repair(submission: NotebookNode, release: NotebookNode) -> Repaired:
    """Align ``submission`` with ``release``; see the module docstring."""
    release_cells = [c for c in release.cells if _meta(c).get("grade_id")]
    cells = list(submission.cells)
    pairs = _align(release_cells, cells)
    _find_lost_answers(release_cells, cells, pairs)

    repairs: list[str] = []
    restored_metadata: list[str] = []
    out: list[NotebookNode] = []
    used = set(pairs.values())
    cursor = 0
    for i, release_cell in enumerate(release_cells):
        grade_id = _meta(release_cell)["grade_id"]
        j = pairs.get(i)
        if j is None:
            if _is_answer(release_cell):
                repairs.append(f"answer cell '{grade_id}' was missing; the empty answer was put back")
            else:
                repairs.append(f"cell '{grade_id}' was deleted; it was put back from the release")
            out.append(copy.deepcopy(release_cell))
            continue
        out.extend(_as_plain(cells[k]) for k in range(cursor, j) if k not in used)
        cursor = max(cursor, j + 1)
        cell = copy.deepcopy(cells[j])
        if _meta(cell) != _meta(release_cell):
            restored_metadata.append(grade_id)
        if cell.cell_type != release_cell.cell_type:
            repairs.append(f"cell '{grade_id}' was changed to {cell.cell_type}; its type was restored")
        if _is_answer(release_cell):
            fixed = copy.deepcopy(release_cell)
            fixed.source = cell.source
            if fixed.cell_type == "code":
                fixed.outputs, fixed.execution_count = [], None
        else:
            if _normalise(cell.source) != _normalise(release_cell.source):
                repairs.append(f"read-only cell '{grade_id}' was edited; the original was restored")
            fixed = copy.deepcopy(release_cell)
        out.append(fixed)
    out.extend(_as_plain(cells[k]) for k in range(cursor, len(cells)) if k not in used)
    # a leftover cell carrying a release grade_id is a duplicate: _as_plain stripped its role
    duplicates = [k for k in range(len(cells)) if k not in used and _meta(cells[k]).get("grade_id")]
    if duplicates:
        repairs.append(f"{len(duplicates)} duplicated nbgrader cell(s) were kept as ordinary cells")
    if restored_metadata:
        shown = ", ".join(restored_metadata[:5]) + (" ..." if len(restored_metadata) > 5 else "")
        repairs.insert(0, f"nbgrader metadata of {len(restored_metadata)} cell(s) was missing or "
                          f"changed and was restored ({shown})")

    notebook = copy.deepcopy(release)
    notebook.cells = out
    return Repaired(notebook, repairs)
