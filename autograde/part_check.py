"""Prove answers against one part's tests, through the same sandbox and checker that grade students.

``check_answers`` runs the lab's reference notebook once in the sandboxed kernel, then each given
answer in place of its part's reference answer, and that part's test cells in the checker. It is
how the test suite proves that every wrong answer in a catalogue loses points in its part, without
grading a whole notebook per answer (the whole command line is proved on a sample).
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import nbformat

from autograde import checker as checker_server
from autograde.contracts import Job
from autograde.course import source_notebook
from autograde.execute import BoundaryExecute, is_test
from autograde.grade_one import boundary_execution, with_grading_parameters
from autograde.lab import grade_id, load_lab, part_of
from autograde.policy import GradingPolicy


def check_answers(assignment: str, answers: dict[str, dict[str, str]], policy: GradingPolicy = GradingPolicy(),
                  checker_socket: str | None = None) -> dict[str, dict[str, bool]]:
    """``answers``: part -> name -> answer cell text. Returns ``"part--name"`` -> test grade_id -> passed.

    ``checker_socket``: a running checker server's (``autograde.checker.start``), to share it between
    labs; by default one is started for this call."""
    nb = with_grading_parameters(nbformat.read(source_notebook(assignment), as_version=4))
    answer_cell = {grade_id(c): i for i, c in enumerate(nb.cells) if grade_id(c)}
    tests = {}
    for index, cell in enumerate(nb.cells):
        if is_test(cell):
            tests.setdefault(part_of(grade_id(cell)), []).append(index)
    variants = {f"{part}--{name}": (answer_cell[f"{part}-answer"], text, tests[part])
                for part, named in answers.items() for name, text in named.items()}
    with tempfile.TemporaryDirectory(prefix="autograde-parts-") as tmp:
        work = Path(tmp) / "work"
        work.mkdir()
        checker = None
        if checker_socket is None:
            checker, checker_socket = checker_server.start(
                Path(tmp), optimizers=load_lab(assignment).tests_make_optimizers)
            checker_server.wait_until_ready(checker)
        try:
            job = Job(index=0, student="catalogue", assignment=assignment, submission="", work=str(work),
                      template="", policy=policy)
            config = boundary_execution(job, checker_socket)
            config.BoundaryExecute.deadline_seconds = float(10**6)  # every variant is run, however many
            config.BoundaryExecute.timeout = policy.cell_timeout
            runner = BoundaryExecute(config=config)
            passed = runner.check_variants(nb, variants)
        finally:
            if checker is not None:
                checker_server.stop(checker)
    return {name: {grade_id(nb.cells[t]): ok for t, ok in zip(variants[name][2], passed[name])}
            for name in variants}
