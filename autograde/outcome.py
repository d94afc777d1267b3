"""One status and one reason per submission, from everything that happened while grading it.

The statuses and their order are those of ``autograde.status.Status``; ``invalid`` (not a
notebook) and ``error`` (the grader failed) are decided before this. No reason names a path
outside the student's sandbox, nor says whether one exists.
"""
from __future__ import annotations

import re

from autograde.execute import STOPPED_WORDS, is_test
from autograde.policy import GradingPolicy
from autograde.status import Status

# An absolute path the code tried to open: reported as an attempt, never as what is on the host.
OUTSIDE_PATH = re.compile(r"(No such file or directory|Permission denied|Read-only file system): '/")
NETWORK = ("Network is unreachable", "Temporary failure in name resolution", "Name or service not known")


def _where(cell) -> str:
    grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    return f"cell '{grade_id}'" if grade_id else "a cell of your own"


def _errors(nb):
    """(index, cell, ename, evalue) of each error raised by the student's code: in its own cells, or in
    the kernel while a test ran."""
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                yield index, cell, output.get("ename", ""), str(output.get("evalue", ""))


def findings(nb, execution: dict, repairs: list[str], policy: GradingPolicy,
             usage: dict[str, int]) -> list[tuple[Status, str]]:
    """(status, reason) for everything worth telling, most serious first.

    ``usage``: what the submission's cgroup counted (``autograde.sandbox.usage``), when there was one.
    """
    cell_timeout, memory_mb, limits = policy.cell_timeout, policy.memory_mb, policy.limits()
    found = []
    ran_out_of_memory_at = []  # cells that raised MemoryError
    if usage.get("oom_kills"):
        found.append((Status.MEMORY, f"its processes together needed more than the {memory_mb} MB "
                                     "of memory a submission may use"))
    if usage.get("forks_refused"):
        found.append((Status.SANDBOX, f"it tried to run more than {limits.processes} processes or threads"))
    for index, cell, ename, evalue in _errors(nb):
        if "No space left on device" in evalue or "Disk quota exceeded" in evalue:
            found.append((Status.SANDBOX, f"{_where(cell)} wrote more than the {limits.disk_mb} MB a submission "
                                          "may keep in its home or /tmp"))
        elif "Resource temporarily unavailable" in evalue and ("fork" in evalue or ename == "BlockingIOError"):
            found.append((Status.SANDBOX, f"{_where(cell)} tried to run more than {limits.processes} processes"))
        elif OUTSIDE_PATH.search(evalue):
            found.append((Status.SANDBOX, f"{_where(cell)} tried to open a file outside its sandbox; "
                                          "grading gives a notebook no files but its own"))
        elif any(words in evalue for words in NETWORK):
            found.append((Status.SANDBOX, f"{_where(cell)} tried to use the network, which grading does not allow"))
        elif ename == "SystemExit":
            found.append((Status.CRASHED, f"{_where(cell)} called sys.exit(); the kernel went on and grading with it"))
        elif ename == "MemoryError" or (is_test(cell) and "MemoryError" in evalue):
            ran_out_of_memory_at.append(index)
            found.append((Status.MEMORY, f"{_where(cell)} needed more than the {memory_mb} MB of memory "
                                         f"a submission may use"))
    for stop in execution.get("stopped", []):
        # A kernel that died while its cgroup counted an out-of-memory kill, or after a cell of the same
        # run raised MemoryError (what it kept, a later allocation cannot get), died of memory, whichever
        # cell was running when it died.
        out_of_memory = usage.get("oom_kills") or any(i < stop["index"] for i in ran_out_of_memory_at)
        status = (Status.TIMEOUT if stop["why"] in ("timeout", "out-of-time")
                  else Status.MEMORY if out_of_memory else Status.CRASHED)
        where = f"cell '{stop['grade_id']}'" if stop["grade_id"] else "a cell of your own"
        words = STOPPED_WORDS[stop["why"]].format(timeout=cell_timeout, deadline=policy.timeout)
        found.append((status, f"{where} {words}; it was skipped and the rest was graded"))
    if execution.get("skipped"):
        found.append((Status.TIMEOUT, "the notebook used up its time; these tests did not run: "
                                      + ", ".join(execution["skipped"])))
    if execution.get("trimmed"):
        found.append((Status.OK, f"the output of {len(execution['trimmed'])} cell(s) was too long and was trimmed: "
                                 f"grading keeps {policy.output_caps}"))
    found += [(Status.REPAIRED, repair) for repair in repairs]
    return sorted(found, key=lambda item: item[0].severity)


def summarise(found: list[tuple[Status, str]]) -> tuple[Status, str]:
    """The status column and the reason column."""
    if not found:
        return Status.OK, ""
    return found[0][0], "; ".join(dict.fromkeys(reason for _, reason in found))
