"""Where the course keeps things, and nbgrader set up to use them.

Assignments are folders ``solutions/<assignment>/`` (nbgrader *source*) and
``notebooks/<assignment>/`` (nbgrader *release*); each holds one lab notebook. The Chinese student
copies are in ``zh/notebooks/<assignment>/`` (autograde.language).
"""
from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SOLUTIONS = REPO / "solutions"
NOTEBOOKS = REPO / "notebooks"
CONFIG_YML = REPO / "_config.yml"


class InstructorError(Exception):
    """A problem on the instructor's side (unknown assignment, broken course files): exit non-zero."""


def assignments() -> list[str]:
    """Names of all assignments, e.g. ``["ch03"]``."""
    return sorted(p.name for p in SOLUTIONS.iterdir() if p.is_dir() and list(p.glob("*.ipynb")))


def source_notebook(assignment: str) -> Path:
    """The nbgrader source notebook (solutions and hidden tests) of an assignment."""
    notebooks = sorted((SOLUTIONS / assignment).glob("*.ipynb"))
    if len(notebooks) != 1:
        known = ", ".join(assignments()) or "none"
        raise InstructorError(f"unknown assignment {assignment!r} (known: {known}); expected exactly "
                              f"one notebook in {SOLUTIONS / assignment}")
    return notebooks[0]


def release_notebook(assignment: str, language: str = "en") -> Path:
    """The committed student copy of an assignment's notebook: ``notebooks/<assignment>/`` or, for
    the Chinese edition, ``zh/notebooks/<assignment>/`` (``python -m i18n notebooks``)."""
    folder = REPO / "zh" / "notebooks" if language == "zh" else NOTEBOOKS
    return folder / assignment / source_notebook(assignment).name


def source_copy(assignment: str, language: str = "en"):
    """The source notebook in ``language``: the Chinese one translates the instructions and the
    visible tests' messages from the catalogues; code, metadata and hidden tests are the same."""
    import nbformat

    if language == "zh":
        from i18n.notebooks import translate_file
        return translate_file(source_notebook(assignment))
    return nbformat.read(source_notebook(assignment), as_version=4)


def repository_url() -> str:
    """The repository URL, set in one place: ``repository.url`` in ``_config.yml``."""
    try:
        config = yaml.safe_load(CONFIG_YML.read_text())
    except (OSError, yaml.YAMLError) as error:
        raise InstructorError(f"cannot read {CONFIG_YML}: {error}") from None
    repository = config.get("repository") if isinstance(config, dict) else None
    url = repository.get("url") if isinstance(repository, dict) else None
    if not isinstance(url, str) or not url.strip():
        raise InstructorError(f"no repository.url in {CONFIG_YML}")
    return url.strip().rstrip("/")


@functools.cache
def gradebook_schema_version() -> str:
    """The revision nbgrader stamps on a new gradebook: the head of its alembic migrations, read in this
    process. nbgrader itself runs the `alembic heads` command for it, a second Python process that
    takes seconds, every time it creates a gradebook (each batch creates two or three)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import ALEMBIC_DIR

    config = Config()
    config.set_main_option("script_location", ALEMBIC_DIR)
    return ScriptDirectory.from_config(config).get_current_head()


def nbgrader_api(root: Path, *, source: str = "source", release: str = "release",
                 timeout: int = 120, extra_config=None):
    """An nbgrader API object for a course directory at ``root`` with its own gradebook.

    ``timeout`` bounds each cell's execution in seconds; ``extra_config`` (a traitlets
    ``Config``) is merged last, e.g. the grader's sandboxed execution.
    """
    import nbgrader.api
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    # The same revision nbgrader's own get_alembic_version finds, without its subprocess
    # (tests/test_release.py checks they agree).
    nbgrader.api.get_alembic_version = gradebook_schema_version
    # Tools nbgrader starts come from this interpreter's environment first (as `make` sets PATH).
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    root = Path(root).resolve()  # nbgrader requires an absolute root
    config = Config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.source_directory = source
    config.CourseDirectory.release_directory = release
    config.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
    config.Execute.timeout = timeout
    config.Execute.kernel_name = "python3"
    config.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
    config.NbGraderAPI.log_level = "WARN"
    if extra_config is not None:
        config.merge(extra_config)
    return NbGraderAPI(CourseDirectory(config=config), config=config)
