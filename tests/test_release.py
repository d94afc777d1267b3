"""Student copies in notebooks/ are exactly what nbgrader generates, and give nothing away."""
import json
import re

import nbformat
import pytest

from autograde.course import release_notebook, repository_url, source_notebook
from autograde.release import generate_release, notebooks_naming_the_repository, repository_lines
from tests.conftest import ASSIGNMENTS, REPO
from tests.course_files import solution_answers

SOLUTION_BLOCK = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)
HIDDEN_BLOCK = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)


def comparable(nb):
    """Notebook content without what legitimately varies between runs (none so far)."""
    return json.loads(nbformat.writes(nb))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_committed_release_is_up_to_date(assignment, tmp_path):
    generated = generate_release(assignment, tmp_path)
    committed = release_notebook(assignment)
    assert committed.exists(), f"{committed} is missing: run `make notebooks` and commit it"
    assert comparable(nbformat.read(generated, as_version=4)) == comparable(
        nbformat.read(committed, as_version=4)), (
        f"{committed.relative_to(REPO)} differs from what solutions/ generates: run `make notebooks`")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_student_copy_holds_no_solution_and_no_hidden_test(assignment):
    text = release_notebook(assignment).read_text()
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text
    source = nbformat.read(source_notebook(assignment), as_version=4)
    student = "\n".join(c.source for c in nbformat.read(release_notebook(assignment), as_version=4).cells)
    secret_lines, public_lines = set(), set()
    for cell in source.cells:
        public = HIDDEN_BLOCK.sub("", SOLUTION_BLOCK.sub("", cell.source))
        public_lines |= {line.strip() for line in public.splitlines()}
        for block in SOLUTION_BLOCK.findall(cell.source) + HIDDEN_BLOCK.findall(cell.source):
            secret_lines |= {line.strip() for line in block.splitlines() if len(line.strip()) > 25}
    secret_lines -= public_lines  # e.g. an oracle helper that the visible tests show too
    leaked = sorted(line for line in secret_lines if line in student)
    assert not leaked, f"solution or hidden-test lines in the student copy: {leaked[:3]}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_answer_cell_is_a_stub_for_students(assignment):
    nb = nbformat.read(release_notebook(assignment), as_version=4)
    answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert answers and set(solution_answers(assignment)) == {
        c.metadata.nbgrader.grade_id for c in answers}
    for cell in answers:
        assert "# YOUR CODE HERE" in cell.source and "raise NotImplementedError()" in cell.source


def test_every_notebook_names_the_configured_repository():
    url = repository_url()
    notebooks = sorted([*REPO.glob("book/**/*.ipynb"), *REPO.glob("solutions/*/*.ipynb"),
                        *REPO.glob("notebooks/*/*.ipynb")])
    assert len(notebooks_naming_the_repository()) == len(notebooks) - len(ASSIGNMENTS)
    for path in notebooks:
        assert repository_lines(path) == {f'COURSE_REPO = "{url}"'}, (
            f"{path}: its setup cell must name {url}: run `make notebooks` to sync it")


def test_the_gradebook_schema_version_is_the_one_nbgrader_finds():
    """autograde.course reads the gradebook's revision in process; nbgrader runs `alembic heads` for it."""
    import subprocess
    import sys
    from pathlib import Path

    from nbgrader.dbutil import _temp_alembic_ini

    from autograde.course import gradebook_schema_version

    with _temp_alembic_ini("sqlite:////tmp/gradebook.db") as ini:
        output = subprocess.check_output([str(Path(sys.executable).parent / "alembic"), "-c", ini, "heads"])
    assert gradebook_schema_version() == output.decode().split("\n")[0].split(" ")[0]
