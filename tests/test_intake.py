"""Intake: which notebook of whose is graded, from folders and LMS export zips (no grading here)."""
import os
import time
import zipfile

import pytest

from autograde.course import InstructorError
from autograde.intake import collect

NB = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'


def when(day):
    return (2026, 11, day, 10, 0, 0)


def test_lms_export_zip(tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        members = {
            # Canvas: a first submission and a late resubmission (higher submission number).
            "smithjane_12345_600001_ch03-attention-algorithm.ipynb": when(1),
            "smithjane_LATE_12345_600099_ch03-attention-algorithm-1.ipynb": when(2),
            "leebo_23456_600002_lab.ipynb": when(1),
            # Moodle: one folder per student.
            "Ana Diaz_34567_assignsubmission_file_/lab.ipynb": when(1),
            "Ana Diaz_34567_assignsubmission_file_/notes.pdf": when(1),
            # Blackboard: two attempts; the later attempt wins even though its file is older.
            "Lab 3_kwong_attempt_2026-11-20-10-30-00_lab.ipynb": when(3),
            "Lab 3_kwong_attempt_2026-11-21-09-00-00_lab.ipynb": when(1),
            "__MACOSX/._lab.ipynb": when(1),
        }
        for name, date in members.items():
            zf.writestr(zipfile.ZipInfo(name, date), NB)
    with collect(archive) as intake:
        chosen = {student: path.name for student, path in intake.submissions.items()}
        notes = "\n".join(intake.notes)
    assert chosen == {
        "smithjane_12345": "smithjane_LATE_12345_600099_ch03-attention-algorithm-1.ipynb",
        "leebo_23456": "leebo_23456_600002_lab.ipynb",
        "Ana_Diaz_34567": "lab.ipynb",
        "kwong": "Lab 3_kwong_attempt_2026-11-21-09-00-00_lab.ipynb",
    }
    assert "not a notebook, not graded: Ana Diaz_34567_assignsubmission_file_/notes.pdf" in notes
    assert "smithjane_12345: 2 notebooks; graded the latest" in notes
    assert "kwong: 2 notebooks" in notes


def test_folder_duplicates_latest_by_modification_time(tmp_path):
    (tmp_path / "ana").mkdir()
    for name, age in [("old.ipynb", 100), ("new.ipynb", 0)]:
        path = tmp_path / "ana" / name
        path.write_text(NB)
        stamp = time.time() - age
        os.utime(path, (stamp, stamp))
    (tmp_path / "ben.ipynb").write_text(NB)
    (tmp_path / "ben.py").write_text("print('not a notebook')")
    intake = collect(tmp_path)
    assert {s: p.name for s, p in intake.submissions.items()} == {"ana": "new.ipynb", "ben": "ben.ipynb"}
    assert any("ben.py" in note for note in intake.notes)


@pytest.mark.parametrize("member", ["../escape.ipynb", "/abs.ipynb"])
def test_unsafe_zip_members_are_refused(tmp_path, member):
    archive = tmp_path / "bad.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(member, NB)
    with pytest.raises(InstructorError, match="unsafe path"):
        collect(archive)


def test_not_a_zip(tmp_path):
    (tmp_path / "x.zip").write_text("no")
    with pytest.raises(InstructorError, match="not a readable zip"):
        collect(tmp_path / "x.zip")
