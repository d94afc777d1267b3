"""nbgrader's Execute step with the grading boundary (host side).

The student's cells, and the lab's own non-test cells, run in the sandboxed kernel as in nbgrader.
A test cell does not: its source, taken from the instructor's lab (never from the submission),
runs in the checker (``autograde.checker``), while the kernel runs a serve cell that answers the
checker's requests on the student's names (``autograde.agent``). The test cell then shows the
checker's outputs (what the test printed, its error if it failed) after the text the student's
code printed meanwhile, which is always a plain stdout stream: warnings show but never score, and
nothing the kernel produces can become an error or an ``execute_result`` in a test cell, the two
outputs from which nbgrader derives a score.

A cell that runs past its time, or ends the kernel, is *stopped*: the notebook is run again from a
fresh kernel with that cell replaced by an error. The whole run has a deadline (``GradingPolicy``),
to which the time of the first ``max_stops`` stopped cells is added back: past it nothing more runs,
tests decided in an earlier run keep their verdict and the others are marked as not run, so a hang
(or many) can never take away the parts that worked.

What happened is written as JSON to ``report_path`` (nbgrader clears notebook metadata later):
``{"stopped": [{"index", "grade_id", "why"}], "skipped": [grade_id, ...], "trimmed": [index, ...]}``.
"""
from __future__ import annotations

import copy
import json
import os
import signal
import socket
import time

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbconvert.preprocessors import ExecutePreprocessor
from nbformat import NotebookNode, from_dict, v4
from nbgrader.preprocessors import Execute
from nbgrader.utils import is_grade, is_solution
from traitlets import Bool, Dict, Float, Integer, List, Unicode

from autograde.agent import serve_cell_source
from autograde.policy import GradingPolicy, output_caps
from autograde.sandbox import TRIMMED_IN_KERNEL
from autograde.wire import receive_message, send_message

STOPPED_WORDS = {
    "timeout": "ran longer than {timeout} s and was stopped (an infinite loop, or sizes not set by FAST?)",
    # A cell stopped sooner than {timeout} s because the whole run's deadline came first.
    "out-of-time": "was still running when the notebook's time ran out ({deadline} s for all its cells, "
                   "reruns included) and was stopped",
    "died": "ended the Python kernel, or left it unusable (os._exit, a crash, more memory or processes "
            "than the grader allows)",
}
PRINTED_BY_STUDENT = "[printed by your code while this test ran]\n"
# Seconds the checker may take to answer once the kernel's serve cell has ended: it has finished its
# test by then, unless the test itself is stuck.
CHECKER_PATIENCE = 10.0


def is_test(cell) -> bool:
    return cell.get("cell_type") == "code" and is_grade(cell) and not is_solution(cell)


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _error(ename: str, message: str) -> NotebookNode:
    return v4.new_output("error", ename=ename, evalue=message, traceback=[f"\x1b[0;31m{ename}\x1b[0m: {message}"])


class CheckerStuck(Exception):
    """A test kept computing after the kernel was done (e.g. on a huge number the student returned)."""


class CheckerClient:
    """The worker's end of one submission's checker (a child of ``autograde.checker``)."""

    def __init__(self, address: str, patience: float):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(address)
        self.patience, self.pid = patience, None

    def begin(self, setup: list[str], answer_names: list[str], agent_socket: str) -> list[dict]:
        send_message(self.sock, {"op": "begin", "setup": setup, "answer_names": answer_names,
                                 "socket": agent_socket})
        answer = receive_message(self.sock)
        self.pid = answer["pid"]
        return answer["setup"]

    def start_test(self, source: str, grade_id: str) -> None:
        send_message(self.sock, {"op": "test", "source": source, "grade_id": grade_id})

    def finish_test(self) -> dict:
        """The kernel's serve cell has ended: the checker's verdict, ``{"outputs", "passed"}``.

        A checker that does not answer within ``patience`` seconds is killed (``CheckerStuck``)."""
        send_message(self.sock, {"op": "kernel_done"})
        self.sock.settimeout(self.patience)
        try:
            return receive_message(self.sock)
        except (TimeoutError, socket.timeout):
            os.kill(self.pid, signal.SIGKILL)
            raise CheckerStuck from None
        finally:
            self.sock.settimeout(None)

    def close(self) -> None:
        try:
            send_message(self.sock, {"op": "end"})
        except OSError:
            pass
        self.sock.close()


class BoundaryExecute(Execute):
    interrupt_on_timeout = Bool(False)  # a timeout raises CellTimeoutError: we stop that cell
    error_on_timeout = Dict(None, allow_none=True)
    max_stops = Integer(GradingPolicy.max_stops,
                        help="stopped cells whose time is added back to the deadline").tag(config=True)
    deadline_seconds = Float(120.0, help="wall-clock seconds for running the whole notebook").tag(config=True)
    cell_output_bytes = Integer(GradingPolicy.cell_output_bytes, help="output kept per cell").tag(config=True)
    notebook_output_bytes = Integer(GradingPolicy.notebook_output_bytes, help="output kept per notebook").tag(config=True)
    report_path = Unicode("", help="where to write what was stopped").tag(config=True)
    checker_socket = Unicode("", help="the batch's checker server").tag(config=True)
    agent_socket = Unicode("", help="where the checker waits for the kernel's serve cell").tag(config=True)
    setup_sources = List(Unicode(), help="the lab's parameters and setup cells, run in the checker").tag(config=True)
    test_sources = Dict(help="grade_id -> the instructor's source of each test cell").tag(config=True)
    answer_names = List(Unicode(), help="names the lab's answer cells define").tag(config=True)

    def _start(self) -> None:
        self._stopped: dict[int, str] = {}
        self._verdicts: dict[int, list] = {}  # test cell index -> outputs, decided once
        self._deadline = time.monotonic() + self.deadline_seconds
        self._cell_limit = int(self.timeout)  # the running cell's limit (``_cell_timeout``)
        self._skipped: list[str] = []
        self._running, self._trimmed, self._total_bytes = None, set(), 0

    def preprocess(self, nb, resources, retry=None):
        original = copy.deepcopy(nb)
        self._start()
        while True:
            run = self._prepared(original)
            self._running, self._trimmed, self._total_bytes = None, set(), 0
            self._client = CheckerClient(self.checker_socket, patience=CHECKER_PATIENCE)
            try:
                self._client.begin(list(self.setup_sources), list(self.answer_names), self.agent_socket)
                ExecutePreprocessor.preprocess(self, run, resources)
                break
            except (CellTimeoutError, CheckerStuck, DeadKernelError, ValueError) as err:
                # ValueError: jupyter_client refused a message with a bad signature, e.g. sent by forked
                # copies of the kernel: the kernel cannot be trusted to go on, as if it had died.
                index = self._running
                if (index is None or index in self._stopped
                        or (isinstance(err, ValueError) and "Signature" not in str(err))):
                    raise
                self._stopped[index] = self._why_stopped(err)
                # The first max_stops stopped cells do not take their time from the others; later ones
                # do. Past the deadline nothing runs, so any number of stops ends within a bounded time,
                # with the tests already decided kept (never a failed notebook that loses every part).
                if len(self._stopped) <= self.max_stops:
                    self._deadline += time.monotonic() - self._cell_started
                self.log.warning("cell %d %s; running the notebook again without it", index, self._stopped[index])
            finally:
                self._client.close()
        for index in self._stopped:  # show the student's code, with the error that replaced it
            run.cells[index].source = original.cells[index].source
        nb.cells = run.cells
        report = {"stopped": [{"index": i, "grade_id": _grade_id(original.cells[i]), "why": why}
                              for i, why in sorted(self._stopped.items())],
                  "skipped": self._skipped, "trimmed": sorted(self._trimmed)}
        if self.report_path:
            with open(self.report_path, "w") as handle:
                json.dump(report, handle)
        return nb, resources

    def _why_stopped(self, err: Exception) -> str:
        """The key of STOPPED_WORDS for the running cell, stopped by ``err``."""
        if isinstance(err, CheckerStuck):
            return "timeout"
        if isinstance(err, CellTimeoutError):
            return "out-of-time" if self._cell_limit < self.timeout else "timeout"
        return "died"

    def _prepared(self, nb):
        """A copy of ``nb`` with stopped cells replaced by the error that says why."""
        run = copy.deepcopy(nb)
        for index, why in self._stopped.items():
            words = STOPPED_WORDS[why].format(timeout=self.timeout, deadline=int(self.deadline_seconds))
            message = f"this cell {words}; it was skipped and the notebook was run again without it"
            cell = run.cells[index]
            if is_test(cell):
                self._verdicts[index] = [_error("TestStopped", message)]
            else:
                cell.source = f"raise RuntimeError({message!r})"
        return run

    def _cell_timeout(self, cell) -> int:
        """The cell's own limit, or less when the run's deadline comes sooner (kept for ``_why_stopped``)."""
        self._cell_limit = max(1, min(int(self.timeout), int(self._deadline - time.monotonic()) + 1))
        return self._cell_limit

    def preprocess_cell(self, cell, resources, index):
        self._running, self._cell_started = index, time.monotonic()
        if time.monotonic() >= self._deadline:  # out of time: the rest is not run
            if is_test(cell) and index not in self._verdicts:
                self._skipped.append(_grade_id(cell))
                cell.outputs = [_error("NotGraded", "the notebook used up its time before this test ran")]
            elif is_test(cell):
                cell.outputs = [from_dict(o) for o in self._verdicts[index]]
            return cell, resources
        self.timeout_func = self._cell_timeout
        if not is_test(cell):
            return super().preprocess_cell(cell, resources, index)
        if index not in self._stopped:
            # Run again on a rerun too: later tests may use what this one defines. The verdict is
            # kept, so that a deadline reached during a rerun does not take it away.
            self._verdicts[index] = self._run_test(cell, resources, index)
        cell.outputs = [from_dict(o) for o in self._verdicts[index]]
        return cell, resources

    def _run_test(self, cell, resources, index) -> list:
        """The test's outputs: the kernel serves while the checker runs the instructor's test."""
        grade_id = _grade_id(cell)
        source = self.test_sources.get(grade_id)
        if source is None:
            return [_error("UnknownTest", f"the lab has no test cell {grade_id!r}")]
        self._client.start_test(source, grade_id)
        student_source = cell.source
        cell.source = serve_cell_source(self.agent_socket)
        try:
            super().preprocess_cell(cell, resources, index)
        finally:
            verdict = self._client.finish_test()
            cell.source = student_source
        printed = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
        outputs = [v4.new_output("stream", name="stdout", text=PRINTED_BY_STUDENT + printed)] if printed else []
        return [*outputs, *verdict["outputs"]]

    def output(self, outs, msg, display_id, cell_index):
        """Keep at most ``cell_output_bytes`` per cell and ``notebook_output_bytes`` in all.

        The kernel trims its streams to the same caps before sending (``sandbox.cap_output``), so an
        honest flood never reaches the grader whole; but the student's code can undo that, so this
        is the boundary: whatever the kernel sends, no more than the caps is kept.
        """
        content = msg.get("content", {})
        size = len(content.get("text", "")) + sum(len(str(v)) for v in content.get("data", {}).values())
        used = sum(len(o.get("text", "")) + sum(len(str(v)) for v in o.get("data", {}).values()) for o in outs)
        if used + size > self.cell_output_bytes or self._total_bytes + size > self.notebook_output_bytes:
            if cell_index not in self._trimmed:
                self._trimmed.add(cell_index)
                outs.append(v4.new_output("stream", name="stdout", text=(
                    "\n[output trimmed: the grader keeps "
                    f"{output_caps(self.cell_output_bytes, self.notebook_output_bytes)}]\n")))
            return None
        if TRIMMED_IN_KERNEL in content.get("text", ""):  # the kernel's own line, when it fits
            self._trimmed.add(cell_index)
        self._total_bytes += size
        return super().output(outs, msg, display_id, cell_index)

    def check_variants(self, nb, variants: dict[str, tuple[int, str, list[int]]]) -> dict[str, list[bool]]:
        """Run ``nb`` once, then for each variant ``name -> (answer cell, its source, test cells)``:
        run that answer instead of the notebook's, run those tests through the checker, and put
        the notebook's answer back. Returns name -> whether each test passed.

        One kernel and one checker for all the variants: how a catalogue of wrong answers is proved
        against each part's own tests without grading a whole notebook per answer.
        """
        from nbclient import NotebookClient

        self._start()
        NotebookClient.__init__(self, nb)
        self.reset_execution_trackers()
        self._check_assign_resources({})
        self._client = CheckerClient(self.checker_socket, patience=CHECKER_PATIENCE)
        results = {}
        try:
            self._client.begin(list(self.setup_sources), list(self.answer_names), self.agent_socket)
            with self.setup_kernel():
                self.wait_for_reply(self.kc.kernel_info())
                for index, cell in enumerate(self.nb.cells):
                    self.preprocess_cell(cell, {}, index)
                for name, (answer, source, tests) in variants.items():
                    reference = self.nb.cells[answer].source
                    self.nb.cells[answer].source = source
                    self.preprocess_cell(self.nb.cells[answer], {}, answer)
                    outputs = [self._run_test(copy.deepcopy(self.nb.cells[t]), {}, t) for t in tests]
                    results[name] = [not any(o.get("output_type") == "error" for o in out) for out in outputs]
                    self.nb.cells[answer].source = reference
                    self.preprocess_cell(self.nb.cells[answer], {}, answer)
        finally:
            self._client.close()
        return results
