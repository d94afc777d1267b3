"""Find the submissions in a folder or a zip: one notebook per student.

Layouts accepted: ``SUBMISSIONS/STUDENT.ipynb`` and ``SUBMISSIONS/STUDENT/ANY.ipynb`` (any depth
below the student's folder), or a zip of either, as LMS exports name them:

- Canvas: ``smithjane_12345_678901_lab.ipynb`` (``_LATE_`` after the name when late) -> ``smithjane_12345``;
- Moodle: ``Jane Smith_12345_assignsubmission_file_/lab.ipynb`` -> ``Jane_Smith_12345``;
- Blackboard: ``Lab 3_jsmith_attempt_2026-11-20-10-30-00_lab.ipynb`` -> ``jsmith``.

Files that are not notebooks are reported. When a student has several notebooks, the latest is
graded and the others are reported: latest by the LMS's attempt time or submission number when
the name has one, else by modification time (kept from the zip).
"""
from __future__ import annotations

import os
import re
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from autograde.course import InstructorError

IGNORED_PARTS = {"__MACOSX", ".ipynb_checkpoints", ".DS_Store"}


@dataclass
class Intake:
    """What was found: the notebook to grade per student, and what was set aside, in words."""

    submissions: dict[str, Path]
    notes: list[str] = field(default_factory=list)
    _tmp: tempfile.TemporaryDirectory | None = None  # keeps an extracted zip alive

    def __enter__(self) -> "Intake":
        return self

    def __exit__(self, *exc) -> None:
        """Remove the extracted zip, if any, whatever happened while grading."""
        if self._tmp is not None:
            self._tmp.cleanup()


def student_id(name: str) -> str:
    """A student id safe as an nbgrader id and a file name: letters, digits, '_', '-', '.', '@'."""
    cleaned = re.sub(r"[^A-Za-z0-9_.@-]+", "_", name).strip("._")
    return cleaned or "unnamed"


LMS_NAMES = [  # (pattern on the first path component, how to order one student's notebooks)
    re.compile(r"^(?P<student>.+?_\d+)_assignsubmission_"),  # Moodle
    re.compile(r"^.+?_(?P<student>[^_]+)_attempt_(?P<order>\d{4}(?:-\d\d){5})"),  # Blackboard
    re.compile(r"^(?P<name>[a-z0-9-]+?)(?:_late)?_(?P<id>\d+)_(?P<order>\d+)_", re.I),  # Canvas
]


def owner_of(first_part: str) -> tuple[str, str]:
    """(student, order within that student's notebooks) from a file or folder name."""
    for pattern in LMS_NAMES:
        match = pattern.match(first_part)
        if match:
            found = match.groupdict()
            student = found.get("student") or f"{found['name']}_{found['id']}"
            order = found.get("order") or ""
            return student_id(student), order.zfill(20) if order.isdigit() else order
    return student_id(Path(first_part).stem if first_part.lower().endswith(".ipynb") else first_part), ""


def _extract_zip(zip_path: Path, into: Path) -> None:
    """Extract a zip, keeping modification times, refusing members that would land outside ``into``."""
    try:
        with zipfile.ZipFile(zip_path) as archive:
            for member in archive.infolist():
                parts = PurePosixPath(member.filename.replace("\\", "/")).parts
                if member.is_dir() or not parts:
                    continue
                if PurePosixPath(member.filename).is_absolute() or ".." in parts:
                    raise InstructorError(f"{zip_path}: refusing unsafe path {member.filename!r}")
                target = into.joinpath(*parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(member))
                modified = time.mktime((*member.date_time, 0, 0, -1))
                os.utime(target, (modified, modified))
    except zipfile.BadZipFile as err:
        raise InstructorError(f"{zip_path} is not a readable zip file: {err}") from None


def _visible(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name not in IGNORED_PARTS and not p.name.startswith(".")]


def _inside_wrapper_folder(root: Path) -> Path:
    """Zips often wrap everything in one folder (``export/alice/lab.ipynb``): look inside it.

    A lone folder that holds only one notebook is one student's folder, not a wrapper.
    """
    while True:
        entries = _visible(root)
        if len(entries) != 1 or not entries[0].is_dir():
            return root
        inner = _visible(entries[0])
        if not any(p.is_dir() for p in inner) and sum(p.suffix == ".ipynb" for p in inner) <= 1:
            return root
        root = entries[0]


def collect(submissions: Path) -> Intake:
    """Map each student to the one notebook of theirs to grade."""
    submissions = Path(submissions)
    tmp = None
    if submissions.is_file() and submissions.suffix.lower() == ".zip":
        tmp = tempfile.TemporaryDirectory(prefix="autograde-intake-")
        _extract_zip(submissions, Path(tmp.name))
        root = _inside_wrapper_folder(Path(tmp.name))
    elif submissions.is_dir():
        root = submissions
    else:
        raise InstructorError(f"{submissions} is neither a folder nor a .zip of submissions")

    candidates: dict[str, list[Path]] = {}
    notes: list[str] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root)
        if any(part in IGNORED_PARTS or part.startswith(".") for part in rel.parts):
            continue
        if path.suffix.lower() != ".ipynb":
            notes.append(f"not a notebook, not graded: {rel}")
            continue
        student, order = owner_of(rel.parts[0])
        candidates.setdefault(student, []).append((order, path))

    chosen: dict[str, Path] = {}
    for student, found in sorted(candidates.items()):
        latest = max(found, key=lambda item: (item[0], item[1].stat().st_mtime, str(item[1])))[1]
        paths = [path for _, path in found]
        if len(paths) > 1:
            others = ", ".join(str(p.relative_to(root)) for p in paths if p != latest)
            notes.append(f"{student}: {len(paths)} notebooks; graded the latest, "
                         f"{latest.relative_to(root)} (ignored: {others})")
        chosen[student] = latest
    return Intake(chosen, notes, tmp)
