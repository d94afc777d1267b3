"""What the grader knows of one lab, read from the instructor's source notebook.

Everything that runs in the checker comes from here, never from a submission: the parameters and
setup cells, the definitions of the lab's own helpers (``def``, ``class`` and imports of its other
read-only cells: a student cannot redefine a helper the tests call), and every test cell.
"""
from __future__ import annotations

import ast
import copy
import re
from dataclasses import dataclass
from functools import lru_cache

import nbformat
from nbgrader.utils import is_grade, is_locked, is_solution

from autograde.course import release_notebook, source_copy

GRADING_PARAMETERS = ('# Set by the grader: tiny sizes, same code path, on the CPU.\n'
                      'FAST = True\nDEVICE = "cpu"')


def grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def part_of(grade_id: str) -> str:
    """The graded part a test cell belongs to: ``softmax-visible`` -> ``softmax``."""
    for suffix in ("-visible", "-hidden"):
        if grade_id.endswith(suffix):
            return grade_id[: -len(suffix)]
    return grade_id


def _bound_names(source: str) -> set[str]:
    """Top-level names a cell binds (functions, classes, assignments, imports)."""
    names: set[str] = set()
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return names


def _definitions(source: str) -> str:
    """Only the imports, functions and classes of a cell: what a test may call, without running it."""
    kept = [node for node in ast.parse(source).body
            if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    return ast.unparse(ast.Module(body=kept, type_ignores=[])) if kept else ""


@dataclass(frozen=True)
class Lab:
    """A lab as the grader uses it."""

    assignment: str
    parts: dict[str, float]  # part -> points, in notebook order
    setup_sources: list[str]  # run in the checker before any test
    test_sources: dict[str, str]  # grade_id -> the instructor's test cell
    answer_names: list[str]  # what the answer cells define (softmax, ...)

    @property
    def tests_make_optimizers(self) -> bool:
        """Whether a test makes a PyTorch optimizer (the checker then pays for the first one up front)."""
        return any("torch.optim." in source for source in self.test_sources.values())


@lru_cache(maxsize=None)
def load_lab(assignment: str, language: str = "en") -> Lab:
    """The lab in ``language`` (autograde.language): the Chinese one differs only in its test messages."""
    source = source_copy(assignment, language)
    setup, tests, answers, definitions = [], {}, set(), []
    for cell in source.cells:
        if cell.cell_type != "code":
            continue
        gid = grade_id(cell)
        if is_solution(cell):
            answers |= _bound_names(cell.source)
        elif is_grade(cell):
            tests[gid] = cell.source
        elif gid == "parameters":
            setup += [cell.source, GRADING_PARAMETERS]
        elif gid == "setup":
            setup.append(cell.source)
        elif is_locked(cell):
            definitions.append(_definitions(cell.source))
    release = nbformat.read(release_notebook(assignment, language), as_version=4)
    parts: dict[str, float] = {}
    for cell in release.cells:
        if is_grade(cell):
            part = part_of(grade_id(cell))
            parts[part] = parts.get(part, 0.0) + float(cell.metadata.nbgrader.get("points", 0))
    return Lab(assignment, parts, setup + [d for d in definitions if d], tests, sorted(answers))


SOLUTION_MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$\n?", re.M)


def reference_answers(assignment: str) -> dict[str, str]:
    """grade_id -> the reference answer as a student would type it (solution markers removed)."""
    source = source_copy(assignment)
    return {grade_id(c): SOLUTION_MARKER.sub("", c.source) for c in source.cells if is_solution(c)}


def reference_submission(assignment: str, answers: dict[str, str] | None = None,
                         language: str = "en") -> nbformat.NotebookNode:
    """The student copy in ``language`` with its answer cells filled in (by default: every reference answer)."""
    nb = copy.deepcopy(nbformat.read(release_notebook(assignment, language), as_version=4))
    answers = reference_answers(assignment) if answers is None else answers
    for cell in nb.cells:
        if grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    return nb
