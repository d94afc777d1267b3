"""nbgrader's Execute step, hardened for untrusted notebooks.

- Guard cells around the tests (``autograde.guard``): a test cell whose guards do not print the
  baseline fingerprint is marked as failed, with the reason in its output.
- A cell that runs past the time limit, or ends the kernel (``os._exit``, a crash, a memory limit
  hit in native code), is *stopped*, not interrupted: interrupts do not reach a kernel inside the
  sandbox, and a loop can ignore them. The notebook is then run again from a fresh kernel with
  that cell replaced by an error, so the other parts are still graded.

What happened is written as JSON to ``report_path`` (nbgrader clears notebook metadata later):
``{"stopped": [{"grade_id", "index", "why"}], "tampered": [grade_id, ...], "guard": "ok"|reason}``.
"""
from __future__ import annotations

import copy
import json

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbconvert.preprocessors import ExecutePreprocessor
from nbformat import NotebookNode, v4
from nbgrader.preprocessors import Execute
from traitlets import Bool, Dict, Integer, Unicode

from autograde.guard import guard_source, libraries, module_names, read_fingerprint

STOPPED_WORDS = {
    "timeout": "ran longer than {timeout} s and was stopped (an infinite loop, or sizes not set by FAST?)",
    "died": "ended the Python kernel (os._exit, a crash, or more memory than the grader allows)",
}


def _meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _error(ename: str, message: str) -> NotebookNode:
    return v4.new_output("error", ename=ename, evalue=message,
                         traceback=[f"\x1b[0;31m{ename}\x1b[0m: {message}"])


class GuardedExecute(Execute):
    interrupt_on_timeout = Bool(False)  # a timeout raises CellTimeoutError: we stop that cell
    error_on_timeout = Dict(None, allow_none=True)
    max_stops = Integer(4, help="cells that may be stopped before the notebook counts as broken").tag(config=True)
    report_path = Unicode("", help="where to write what was stopped or tampered with").tag(config=True)

    def preprocess(self, nb, resources, retry=None):
        original = copy.deepcopy(nb)
        stopped: dict[int, str] = {}
        while True:
            run, origin = self._instrumented(original, stopped)
            self._running = None
            try:
                ExecutePreprocessor.preprocess(self, run, resources)
                break
            except (CellTimeoutError, DeadKernelError) as err:
                index = origin.get(self._running)
                if index is None or index in stopped or len(stopped) >= self.max_stops:
                    raise
                stopped[index] = "timeout" if isinstance(err, CellTimeoutError) else "died"
                self.log.warning("cell %d %s; running the notebook again without it", index, stopped[index])
        report = {"stopped": [{"index": i, "grade_id": _meta(original.cells[i]).get("grade_id"), "why": why}
                              for i, why in sorted(stopped.items())]}
        report.update(self._check_guards(run, origin))
        nb.cells = [cell for position, cell in enumerate(run.cells) if position in origin]
        for index in stopped:  # show the student's code, with the error that replaced it
            nb.cells[index].source = original.cells[index].source
        if self.report_path:
            with open(self.report_path, "w") as handle:
                json.dump(report, handle)
        return nb, resources

    def preprocess_cell(self, cell, resources, index):
        self._running = index
        return super().preprocess_cell(cell, resources, index)

    def _instrumented(self, nb, stopped: dict[int, str]):
        """A copy of ``nb`` with guard cells, and stopped cells replaced; run position -> original index."""
        setup = next((c.source for c in nb.cells if _meta(c).get("grade_id") == "setup"), "")
        # Only the grader's cells say which libraries count: a student's import must not change it.
        used = libraries([c.source for c in nb.cells if _meta(c).get("locked") or _meta(c).get("grade")])
        guard = guard_source(module_names(setup), used)
        run, origin = copy.deepcopy(nb), {}
        cells = [self._guard(guard, "start")]
        for index, cell in enumerate(nb.cells):
            cell = copy.deepcopy(cell)
            if index in stopped:
                message = "this cell " + STOPPED_WORDS[stopped[index]].format(timeout=self.timeout) + \
                          "; it was skipped and the notebook was run again without it"
                cell.source = f"raise RuntimeError({message!r})"
            if _meta(cell).get("grade"):
                cells.append(self._guard(guard, "before", index))
            origin[len(cells)] = index
            cells.append(cell)
            if _meta(cell).get("grade") or _meta(cell).get("grade_id") == "setup":
                cells.append(self._guard(guard, "after", index))
        run.cells = cells
        return run, origin

    @staticmethod
    def _guard(source: str, role: str, index: int | None = None) -> NotebookNode:
        cell = v4.new_code_cell(source)
        cell.metadata["autograde_guard"] = {"role": role, "index": index}
        return cell

    def _check_guards(self, run, origin) -> dict:
        """Compare every guard's fingerprint with the baselines; fail the tests it does not vouch for."""
        guards = [(c.metadata["autograde_guard"], read_fingerprint(c)) for c in run.cells
                  if "autograde_guard" in c.metadata]
        start = guards[0][1]
        after_setup = next((fp for g, fp in guards if g["role"] == "after" and g["index"] is not None
                            and _meta(run.cells[self._position(origin, g["index"])]).get("grade_id") == "setup"), None)
        if start is None or after_setup is None:
            return {"guard": "the grader's own check did not run; the notebook could not be verified",
                    "tampered": []}
        baseline = (start[0], after_setup[1])
        tampered = []
        for guard, fingerprint in guards[1:]:
            index = guard["index"]
            cell = run.cells[self._position(origin, index)]
            if not _meta(cell).get("grade") or fingerprint == baseline:
                continue
            grade_id = _meta(cell)["grade_id"]
            if grade_id not in tampered:
                tampered.append(grade_id)
                cell.outputs.append(_error("TamperingDetected", (
                    "the code before this test changed what the tests rely on (numpy.testing, "
                    "torch.testing, builtins such as abs or isinstance, torch.Tensor, the names np/torch, "
                    "or a trace function), so its result cannot be trusted; it scores nothing")))
        return {"guard": "ok", "tampered": tampered}

    @staticmethod
    def _position(origin: dict[int, int], index: int) -> int:
        return next(position for position, original in origin.items() if original == index)
