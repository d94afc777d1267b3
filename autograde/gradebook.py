"""The class's grades in one nbgrader course folder, so that formgrader can be used for review.

Each submission is graded with a private gradebook (nbgrader's SQLite gradebook is not safe under
concurrent writers); afterwards this module, the only writer, copies every result into
``OUT/course/``: ``gradebook.db``, ``source/ASSIGNMENT/`` and ``autograded/STUDENT/ASSIGNMENT/``.
Run ``nbgrader formgrader`` (or ``jupyter server`` with nbgrader's extension) in that folder.
A rerun replaces a student's earlier submission of the same assignment; other students and
other assignments stay.
"""
from __future__ import annotations

import shutil
import warnings
from pathlib import Path

from autograde.contracts import Result
from autograde.course import nbgrader_api, source_notebook

CONFIG = """\
# Written by `python -m autograde grade`: this folder is an nbgrader course for formgrader.
c = get_config()  # noqa: F821
c.CourseDirectory.root = {root!r}
c.CourseDirectory.db_url = {db!r}
"""


def ensure_assignment(course: Path, template: Path, assignment: str) -> None:
    """Make ``course`` an nbgrader course that knows ``assignment`` (its source and grade cells)."""
    from nbgrader.api import Gradebook, MissingEntry

    course.mkdir(parents=True, exist_ok=True)
    db = course / "gradebook.db"
    (course / "nbgrader_config.py").write_text(CONFIG.format(root=str(course.resolve()),
                                                             db=f"sqlite:///{db.resolve()}"))
    if not db.exists():
        # A new class: the template's gradebook knows the assignment already (prepare_course made
        # it with the same nbgrader), so copy it rather than generate the assignment a second time.
        shutil.copy2(template / "gradebook.db", db)
        for folder in ("source", "release"):
            shutil.copytree(template / folder / assignment, course / folder / assignment, dirs_exist_ok=True)
        return
    with Gradebook(f"sqlite:///{db.resolve()}") as gradebook:
        try:
            gradebook.find_assignment(assignment)
            return
        except MissingEntry:
            pass
    shutil.copytree(template / "source" / assignment, course / "source" / assignment, dirs_exist_ok=True)
    result = nbgrader_api(course).generate_assignment(assignment, force=True, create=True)
    if not result["success"]:
        raise RuntimeError(f"could not add {assignment} to {course}: {result.get('error') or result.get('log')}")


def record(course: Path, assignment: str, row: Result) -> None:
    """Put one graded submission into the course gradebook, replacing an older one."""
    from nbgrader.api import Gradebook, MissingEntry

    notebook = source_notebook(assignment).stem
    folder = course / "autograded" / row.student / assignment
    if folder.exists():
        shutil.rmtree(folder)
    if not row.autograded:
        # Not graded (invalid file, grader error): nothing for formgrader to show, and an earlier
        # submission of this student (a regrade) must not stay with its old score.
        _remove_submission(course, assignment, row.student)
        return
    folder.mkdir(parents=True)
    shutil.copy2(row.autograded, folder / f"{notebook}.ipynb")
    with Gradebook(f"sqlite:///{(course / 'gradebook.db').resolve()}") as gradebook, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SQLAlchemy's autoflush notes from inside nbgrader's add_submission
        gradebook.update_or_create_student(row.student)
        try:
            gradebook.remove_submission(assignment, row.student)
        except MissingEntry:
            pass
        gradebook.add_submission(assignment, row.student)
        for grade_id, (score, _) in row.cells.items():
            grade = gradebook.find_grade(grade_id, notebook, assignment, row.student)
            grade.auto_score = score
            grade.needs_manual_grade = False
        gradebook.db.commit()


def _remove_submission(course: Path, assignment: str, student: str) -> None:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{(course / 'gradebook.db').resolve()}") as gradebook, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            gradebook.remove_submission(assignment, student)
        except MissingEntry:
            pass
