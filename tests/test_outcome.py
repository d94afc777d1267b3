"""What a stopped cell is called (autograde.outcome.findings): unit tests on made-up runs.

The corpus (tests/test_bad_submissions.py) shows the same through the real grader, where which cell a
kernel dies in depends on timing: these pin the rule down whatever the timing.
"""
import nbformat
import pytest

from autograde.outcome import findings, summarise
from autograde.policy import GradingPolicy
from autograde.status import Status


def run(errors: dict[int, str], cells: int = 5) -> nbformat.NotebookNode:
    """A notebook of ``cells`` code cells; cell i raised ``errors[i]`` (an exception name)."""
    nb = nbformat.v4.new_notebook()
    for index in range(cells):
        cell = nbformat.v4.new_code_cell(f"cell_{index}()")
        if index in errors:
            cell.outputs = [nbformat.v4.new_output("error", ename=errors[index], evalue="", traceback=[])]
        nb.cells.append(cell)
    return nb


def found(nb, stopped: list[tuple[int, str]], oom_kills: int = 0) -> list[tuple[Status, str]]:
    execution = {"stopped": [{"index": i, "grade_id": None, "why": why} for i, why in stopped]}
    return findings(nb, execution, [], GradingPolicy(), {"oom_kills": oom_kills})


def status(nb, stopped: list[tuple[int, str]], oom_kills: int = 0) -> Status:
    return summarise(found(nb, stopped, oom_kills))[0]


@pytest.mark.parametrize("memory_error_at, died_at, expected", [
    (1, 3, Status.MEMORY),    # what the kernel kept after MemoryError, the next cell could not get
    (3, 1, Status.CRASHED),   # a death before any MemoryError is a crash
    (None, 3, Status.CRASHED),
])
def test_a_kernel_that_dies_after_a_memory_error_died_of_memory(memory_error_at, died_at, expected):
    nb = run({} if memory_error_at is None else {memory_error_at: "MemoryError"})
    assert status(nb, [(died_at, "died")]) is expected


def test_a_kernel_that_dies_while_an_oom_kill_was_counted_died_of_memory():
    assert status(run({}), [(2, "died")], oom_kills=1) is Status.MEMORY


def test_a_cell_that_ran_out_of_time_is_a_timeout_whatever_the_memory():
    stops = [status for status, reason in found(run({1: "MemoryError"}), [(3, "timeout")]) if "stopped" in reason]
    assert stops == [Status.TIMEOUT]


def test_a_cell_stopped_because_the_notebooks_time_ran_out_says_so():
    """Stopped sooner than its own limit because the run's deadline came first (autograde.execute):
    a timeout, whose reason names the notebook's time, not the cell's own limit it never reached."""
    (stop,) = [(status, reason) for status, reason in found(run({}), [(2, "out-of-time")]) if "stopped" in reason]
    policy = GradingPolicy()
    assert stop[0] is Status.TIMEOUT
    assert f"the notebook's time ran out ({policy.timeout} s" in stop[1], stop[1]
    assert f"{policy.cell_timeout} s" not in stop[1], stop[1]


def test_a_cell_whose_limit_the_deadline_shortened_is_out_of_time():
    """Which words a stopped cell gets (autograde.execute.BoundaryExecute): its own limit, or less when
    the whole run's deadline comes first."""
    import time

    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    from autograde.execute import BoundaryExecute, CheckerStuck

    runner = BoundaryExecute(timeout=15, deadline_seconds=30)
    runner._start()
    runner._deadline = time.monotonic() + 4  # 4 s of the run left: the cell gets 5 s, not 15
    assert runner._cell_timeout(None) < 15
    assert runner._why_stopped(CellTimeoutError("")) == "out-of-time"
    runner._deadline = time.monotonic() + 100
    assert runner._cell_timeout(None) == 15
    assert runner._why_stopped(CellTimeoutError("")) == "timeout"
    assert runner._why_stopped(CheckerStuck()) == "timeout"
    assert runner._why_stopped(DeadKernelError("")) == "died"
