"""A corpus of bad submissions: one per way a notebook can try to earn what it did not, or break grading.

Each case is built from the Chapter 3 lab (``ASSIGNMENT``) and says what the grader must answer:
the status, and the score as a function of the lab's total and its last part's points. Cases
marked ``needs_bwrap`` can only be caught by the bubblewrap sandbox. The tricks that once forged
grades from inside the student's kernel are played on a wrong answer, and must score exactly what
that wrong answer scores without them: the tests run in the checker, where no trick reaches.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Callable

import nbformat

from autograde.policy import GradingPolicy
from tests.course_files import as_student, grade_id, release, solution_answers

ASSIGNMENT = "ch03"
LAST_ANSWER = "cost-answer"  # the last part: code appended to it breaks only that part


def extra_cell_after_setup(nb, code: str):
    """The student's own cell right after the setup cell: runs before every answer."""
    nb = copy.deepcopy(nb)
    at = next(i for i, cell in enumerate(nb.cells) if grade_id(cell) == "setup") + 1
    nb.cells.insert(at, nbformat.v4.new_code_cell(code))
    return nb


def solution_with(code: str):
    return extra_cell_after_setup(as_student(ASSIGNMENT), code)


def with_cells_at_the_end(sources: list[str]):
    """The solution, with cells of the student's own after the last test."""
    nb = as_student(ASSIGNMENT)
    nb.cells += [nbformat.v4.new_code_cell(source) for source in sources]
    return nb


def last_answer_with(code: str):
    answers = solution_answers(ASSIGNMENT)
    return as_student(ASSIGNMENT, {**answers, LAST_ANSWER: answers[LAST_ANSWER] + "\n" + code})


def cell_types_changed():
    """An editor turned every test into Markdown and every answer into a raw cell."""
    nb = as_student(ASSIGNMENT)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") or meta.get("solution"):
            cell.cell_type = "markdown" if meta.get("grade") else "raw"
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
    return nb


def answers_and_tests_duplicated():
    """A student who copied every answer and test cell (metadata included) to try things out."""
    nb = as_student(ASSIGNMENT)
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") or meta.get("solution"):
            twin = copy.deepcopy(cell)
            twin.pop("id", None)
            cells.append(twin)
    nb.cells = cells
    return nb


READ_THE_SOLUTIONS = """\
# Run the instructor's solutions instead of writing any.
import json, pathlib, attention_course
lab = pathlib.Path(attention_course.__file__).parents[1] / "solutions" / "ch03" / "ch03-attention-algorithm.ipynb"
for cell in json.loads(lab.read_text())["cells"]:
    if cell["metadata"].get("nbgrader", {}).get("solution"):
        exec("".join(cell["source"]))
"""


@dataclass(frozen=True)
class Case:
    build: Callable[[], nbformat.NotebookNode]
    status: str
    score: Callable[[float, float], float]  # (total, points of the last part) -> expected score
    needs_bwrap: bool = False


NOTHING = lambda total, last: 0.0  # noqa: E731
EVERYTHING = lambda total, last: total  # noqa: E731
ALL_BUT_LAST = lambda total, last: total - last  # noqa: E731
SOFTMAX_POINTS = 5.0  # visible and hidden softmax tests: the only part the wrong softmax loses
WRONG_SOFTMAX = lambda total, last: total - SOFTMAX_POINTS  # noqa: E731

def wrong_softmax_with(code: str = ""):
    """A plausible wrong answer (softmax not normalised), with the student's own trick after the setup cell."""
    answers = solution_answers(ASSIGNMENT)
    wrong = answers["softmax-answer"].replace("return e / np.sum(e, axis=axis, keepdims=True)", "return e")
    assert wrong != answers["softmax-answer"], "the reference softmax changed: update wrong_softmax_with"
    nb = as_student(ASSIGNMENT, {**answers, "softmax-answer": wrong})
    return extra_cell_after_setup(nb, code) if code else nb


# Tricks that forged full marks while the tests ran in the student's kernel (issue 16). Each is played
# on top of the same wrong softmax and must score exactly what that wrong answer scores without it.
TRICKS = {
    "input-transformer-rewrites-tests": (
        "get_ipython().input_transformers_post.append(\n"
        "    lambda lines: ['pass\\n'] if any('assert' in line for line in lines) else lines)"),
    "ast-transformer-drops-asserts": (
        "import ast\n"
        "class _NoAsserts(ast.NodeTransformer):\n"
        "    def visit_Assert(self, node):\n"
        "        return ast.Pass()\n"
        "get_ipython().ast_transformers.append(_NoAsserts())"),
    "replaces-run-cell": (
        "_run_cell = get_ipython().run_cell\n"
        "get_ipython().run_cell = lambda raw_cell, *args, **kwargs: _run_cell(\n"
        "    'pass' if 'assert' in raw_cell else raw_cell, *args, **kwargs)"),
    "custom-exception-handler": (
        "get_ipython().set_custom_exc((BaseException,), lambda shell, etype, value, tb, tb_offset=None: None)"),
    "pre-run-cell-patches-comparisons": (
        "import numpy\n"
        "def _lie(*args, **kwargs):\n"
        "    numpy.allclose = lambda *a, **k: True\n"
        "    numpy.all = lambda *a, **k: True\n"
        "get_ipython().events.register('pre_run_cell', _lie)"),
    "forges-execute-result": "get_ipython().input_transformers_post.append(lambda lines: lines + ['\\n5\\n'])",
    "swaps-sys-modules": (
        "import sys, types\n"
        "_fake = types.ModuleType('numpy.testing')\n"
        "_fake.assert_allclose = lambda *args, **kwargs: None\n"
        "sys.modules['numpy.testing'] = _fake\n"
        "np.testing = _fake"),
    "patches-library-internals": (
        "import numpy._core.numeric as _numeric\n"
        "_numeric.isclose = lambda *args, **kwargs: np.ones(np.broadcast_shapes(np.shape(args[0]), np.shape(args[1])), bool)"),
    "lying-array-subclass": (
        "class _Liar(np.ndarray):\n"
        "    def __array_function__(self, func, types, args, kwargs):\n"
        "        return True\n"
        "    def __eq__(self, other):\n"
        "        return True\n"
        "_plain_softmax = softmax\n"
        "def softmax(x, axis=-1):\n"
        "    return np.asarray(_plain_softmax(x, axis)).view(_Liar)"),
    "torch-function-mode": (
        "from torch.overrides import TorchFunctionMode\n"
        "class _Yes(TorchFunctionMode):\n"
        "    def __torch_function__(self, func, types, args=(), kwargs=None):\n"
        "        if func in (torch.allclose, torch.equal):\n"
        "            return True\n"
        "        return func(*args, **(kwargs or {}))\n"
        "_Yes().__enter__()"),
    "reaches-into-caller-globals": (
        "import sys\n"
        "_plain_softmax = softmax\n"
        "def softmax(x, axis=-1):\n"
        "    caller = sys._getframe(1).f_globals\n"
        "    if 'np' in caller:\n"
        "        caller['np'].allclose = lambda *args, **kwargs: True\n"
        "    return _plain_softmax(x, axis)"),
    "shadows-builtins": (
        "import builtins\n"
        "__builtins__ = dict(vars(builtins), all=lambda *args: True, abs=lambda x: 0 * x)"),
    "patches-what-tests-use": (
        "np.testing.assert_allclose = lambda *args, **kwargs: None\n"
        "torch.testing.assert_close = lambda *args, **kwargs: None\n"
        "torch.Tensor.allclose = lambda self, *args, **kwargs: True\n"
        "import builtins, sys\n"
        "builtins.abs = lambda x: 0 * x\n"
        "sys.settrace(lambda *args: None)"),
}


CASES = {
    # The wrong answer alone: what every trick below must score, no more and no less.
    "wrong-softmax": Case(wrong_softmax_with, "ok", WRONG_SOFTMAX),
    **{name: Case(lambda code=code: wrong_softmax_with(code), "ok", WRONG_SOFTMAX) for name, code in TRICKS.items()},
    # Notebooks edited in other tools or by hand: restored, graded on what was earned.
    "cell-types-changed": Case(cell_types_changed, "repaired", EVERYTHING),
    "cells-duplicated": Case(answers_and_tests_duplicated, "repaired", EVERYTHING),
    # Ending or exhausting the kernel: the cell is skipped or fails, the rest is graded.
    "calls-sys-exit": Case(lambda: solution_with("import sys\nsys.exit(1)"), "crashed", EVERYTHING),
    "calls-os-exit": Case(lambda: last_answer_with("import os\nos._exit(0)"), "crashed", ALL_BUT_LAST),
    # It waits rather than spins: what is tested is that interrupts are ignored, at no cost of 30 s of a
    # core (an infinite loop that spins: tests/test_grading.py, ch03 and ch05).
    "ignores-interrupts": Case(lambda: last_answer_with(
        "import time\nwhile True:\n    try:\n        time.sleep(1)\n    except KeyboardInterrupt:\n        pass"),
        "timeout", ALL_BUT_LAST),
    "allocates-at-once": Case(lambda: solution_with("hoard = bytearray(64 * 1024**3)"), "memory", EVERYTHING),
    "allocates-without-bound": Case(lambda: solution_with(
        "hoard = []\nwhile True:\n    hoard.append(bytearray(256 * 1024**2))"), "memory", EVERYTHING),
    # Reaching outside the sandbox.
    "reads-the-solutions": Case(lambda: extra_cell_after_setup(release(ASSIGNMENT), READ_THE_SOLUTIONS),
                                "sandbox", NOTHING, needs_bwrap=True),
    "uses-the-network": Case(lambda: solution_with(
        "import socket\nsocket.create_connection(('10.255.255.1', 80), timeout=5)"), "sandbox", EVERYTHING,
        needs_bwrap=True),
    # Costing the host: limits per submission, not per process (the grader runs with --memory-mb 3072 and
    # the default Limits: 256 processes, /tmp and home 512 MB each). Code in a cell of the student's own
    # that fails: the limit is reported, the lab is graded. NEEDS_CGROUP below: only a cgroup catches these.
    "memory-in-child-processes": Case(lambda: solution_with(
        "import subprocess, sys\nhog = 'import time; block = b\"x\" * (1100 * 1024**2); time.sleep(3)'\n"
        "children = [subprocess.Popen([sys.executable, '-c', hog]) for _ in range(3)]\n"
        "assert all(child.wait() == 0 for child in children), 'a child was stopped'"), "memory", EVERYTHING),
    "fork-bomb": Case(lambda: solution_with(
        "import os, time\nwhile True:\n    if os.fork() == 0:\n        time.sleep(5)\n        os._exit(0)"),
        "sandbox", EVERYTHING),
    "floods-tmp": Case(lambda: solution_with(FLOOD.format(folder="/tmp")), "sandbox", EVERYTHING, needs_bwrap=True),
    "floods-home": Case(lambda: solution_with(FLOOD.format(folder="~")), "sandbox", EVERYTHING, needs_bwrap=True),
    # A path that exists nowhere: its reason must read exactly as that of reads-the-solutions, whose path
    # exists on the host (no oracle for the host's files; test_bad_submissions compares the two).
    "opens-a-missing-file": Case(lambda: solution_with("open('/no/such/folder/answers.txt')"), "sandbox", EVERYTHING),
    # More stopped cells than GradingPolicy.max_stops, after the last test: the parts already graded keep
    # their points (the notebook once failed as a whole, status error, 0 points).
    "ends-the-kernel-again-and-again": Case(lambda: with_cells_at_the_end(
        ["import os\nos._exit(0)"] * (GradingPolicy().max_stops + 1)), "crashed", EVERYTHING),
}
NEEDS_CGROUP = {"memory-in-child-processes", "fork-bomb"}  # skip where autograde.sandbox.limits_level() == "rlimits"
# 1 GB in files of 128 MB (under the 256 MB cap on one file): only a cap on the folder stops it.
FLOOD = """\
import os
block = b"x" * 2**26
for part in range(8):
    with open(os.path.join(os.path.expanduser("{folder}"), f"flood-{{part}}"), "wb") as out:
        for _ in range(2):
            out.write(block)
"""
