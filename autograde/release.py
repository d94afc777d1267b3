"""Generate the student labs (``notebooks/``) from the nbgrader sources (``solutions/``).

nbgrader's ``generate_assignment`` does the work: it strips solutions and hidden tests and
records checksums. It runs in a scratch course directory, so that no gradebook or log lands
in the repository, and the result is copied to ``notebooks/<assignment>/``.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import nbformat

from autograde.course import (REPO, InstructorError, NOTEBOOKS, assignments, nbgrader_api,
                              repository_url, source_copy, source_notebook)

COURSE_REPO_LINE = re.compile(r'^COURSE_REPO = "[^"]*"', re.M)


def repository_lines(path: Path) -> set[str]:
    """The ``COURSE_REPO = "..."`` lines in a notebook's cells."""
    nb = nbformat.read(path, as_version=4)
    return {m.group(0) for cell in nb.cells for m in COURSE_REPO_LINE.finditer(cell.source)}


def notebooks_naming_the_repository() -> list[Path]:
    """Every course notebook whose setup cell names the repository (labs and book pages)."""
    paths = sorted([*(REPO / "solutions").glob("*/*.ipynb"), *(REPO / "book").rglob("*.ipynb")])
    return [p for p in paths if "_build" not in p.parts and repository_lines(p)]


def sync_repository_url(path: Path) -> bool:
    """Make the notebook's ``COURSE_REPO = "..."`` line name ``_config.yml``'s repository.

    Returns True when the file was changed.
    """
    wanted = f'COURSE_REPO = "{repository_url()}"'
    nb = nbformat.read(path, as_version=4)
    changed = False
    for cell in nb.cells:
        new = COURSE_REPO_LINE.sub(wanted, cell.source)
        if new != cell.source:
            cell.source, changed = new, True
    if changed:
        nbformat.write(nb, path)
    return changed


def prepare_course(assignment: str, root: Path, language: str = "en") -> Path:
    """A scratch nbgrader course at ``root``: the assignment's source (in ``language``), its student
    copy and a gradebook that knows its tests (what grading starts from). Returns the student copy's path."""
    source = source_notebook(assignment)
    (root / "source" / assignment).mkdir(parents=True)
    if language == "en":
        shutil.copy2(source, root / "source" / assignment / source.name)
    else:
        nbformat.write(source_copy(assignment, language), root / "source" / assignment / source.name)
    result = nbgrader_api(root).generate_assignment(assignment, force=True, create=True)
    generated = root / "release" / assignment / source.name
    if not result["success"] or not generated.exists():
        raise InstructorError(f"nbgrader could not generate {assignment}:\n"
                              f"{result.get('error') or result.get('log')}")
    return generated


def generate_release(assignment: str, out_dir: Path) -> Path:
    """Run nbgrader generate_assignment for one assignment; write the student copy into ``out_dir``.

    Returns the path of the generated student notebook.
    """
    with tempfile.TemporaryDirectory(prefix="autograde-release-") as tmp:
        generated = prepare_course(assignment, Path(tmp))
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / generated.name
        shutil.copy2(generated, target)
    return target


CITATION_URL_LINE = re.compile(r'^repository-code: ".*"$', re.M)


def sync_citation_url() -> bool:
    """Make CITATION.cff's ``repository-code`` name ``_config.yml``'s repository; True when changed."""
    citation = REPO / "CITATION.cff"
    text = citation.read_text()
    new = CITATION_URL_LINE.sub(f'repository-code: "{repository_url()}"', text)
    if new != text:
        citation.write_text(new)
    return new != text


def release_all(only: list[str] | None = None) -> list[Path]:
    """Sync the repository URL into every notebook and CITATION.cff, then regenerate the student
    labs (every lab, or only the assignments named in ``only``)."""
    for path in notebooks_naming_the_repository():
        if sync_repository_url(path):
            print(f"updated the repository URL in {path.relative_to(REPO)}")
    if sync_citation_url():
        print("updated the repository URL in CITATION.cff")
    written = []
    for assignment in only or assignments():
        target = generate_release(assignment, NOTEBOOKS / assignment)
        print(f"generated {target.relative_to(REPO)}")
        written.append(target)
    return written
