"""One status and one reason per submission, from everything that happened while grading it.

Statuses, most serious first (the CSV shows the first that applies; the reason lists them all):

- ``tampered``: a test's guard did not vouch for it (see ``autograde.guard``); those tests score 0.
- ``sandbox``: code tried to read a file outside its sandbox or to use the network.
- ``crashed``: a cell ended the Python kernel (it was skipped and the rest graded), or called
  ``sys.exit()`` (which IPython stops, so nothing is lost).
- ``memory``: a cell needed more memory than the grader allows.
- ``timeout``: a cell ran past the time limit; it was stopped and the rest graded.
- ``repaired``: cells or metadata an editor dropped, or edited tests, were restored.
- ``ok``.

``invalid`` (not a notebook) and ``error`` (the grader failed) are decided before this.
"""
from __future__ import annotations

import os
import re

from autograde.execute import STOPPED_WORDS

SEVERITY = ["tampered", "sandbox", "crashed", "memory", "timeout", "repaired", "ok"]
MISSING_PATH = re.compile(r"No such file or directory: '([^']+)'")


def _where(cell) -> str:
    grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    return f"cell '{grade_id}'" if grade_id else "a cell of your own"


def _errors(nb):
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                yield cell, output.get("ename", ""), str(output.get("evalue", ""))


def findings(nb, execution: dict, repairs: list[str], cell_timeout: int,
             memory_mb: int) -> list[tuple[str, str]]:
    """(status, reason) for everything worth telling, in notebook order within each kind."""
    found = []
    if execution.get("tampered"):
        found.append(("tampered", "these tests ran after code that changed what the tests rely on and "
                                  "score nothing: " + ", ".join(execution["tampered"])))
    if execution.get("guard", "ok") != "ok":
        found.append(("tampered", execution["guard"]))
    for cell, ename, evalue in _errors(nb):
        path = MISSING_PATH.search(evalue)
        if path and os.path.isabs(path.group(1)) and os.path.exists(path.group(1)):
            found.append(("sandbox", f"{_where(cell)} tried to open {path.group(1)}, outside its sandbox"))
        elif "Network is unreachable" in evalue or "Temporary failure in name resolution" in evalue:
            found.append(("sandbox", f"{_where(cell)} tried to use the network, which grading does not allow"))
        elif ename == "SystemExit":
            found.append(("crashed", f"{_where(cell)} called sys.exit(); the kernel went on and grading with it"))
        elif ename == "MemoryError":
            found.append(("memory", f"{_where(cell)} needed more than the {memory_mb} MB of memory "
                                    f"a submission may use"))
    for stop in execution.get("stopped", []):
        status = "timeout" if stop["why"] == "timeout" else "crashed"
        where = f"cell '{stop['grade_id']}'" if stop["grade_id"] else "a cell of your own"
        found.append((status, f"{where} {STOPPED_WORDS[stop['why']].format(timeout=cell_timeout)}; "
                              f"it was skipped and the rest was graded"))
    found += [("repaired", repair) for repair in repairs]
    return sorted(found, key=lambda item: SEVERITY.index(item[0]))


def summarise(found: list[tuple[str, str]]) -> tuple[str, str]:
    """The status column and the reason column."""
    if not found:
        return "ok", ""
    return found[0][0], "; ".join(reason for _, reason in found)
