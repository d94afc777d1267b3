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


# --- Unicode names, zip name encodings, caps (issue 17, items 1 and 9) ---

import unicodedata  # noqa: E402

from autograde.intake import MAX_ID_BYTES, assign_ids, decode_name, student_id  # noqa: E402


class RawName(zipfile.ZipInfo):
    """A member whose name is stored as these bytes, without the UTF-8 flag (as Windows tools do)."""

    def __init__(self, raw: bytes, date_time=when(1)):
        super().__init__(raw.decode("cp437"), date_time)

    def _encodeFilenameFlags(self):
        return self.filename.encode("cp437"), self.flag_bits & ~0x800


def ids_of(source, **caps):
    with collect(source, **caps) as intake:
        return ({s: p.name for s, p in intake.submissions.items()}, dict(intake.invalid), list(intake.notes))


def test_chinese_file_names_are_two_students(tmp_path):
    for name in ("张三", "李四"):
        (tmp_path / f"{name}.ipynb").write_text(NB)
    chosen, invalid, notes = ids_of(tmp_path)
    assert chosen == {"张三": "张三.ipynb", "李四": "李四.ipynb"} and not invalid
    assert not any("graded as" in note for note in notes), "names kept as written are not renames"


def test_names_are_nfc_and_decomposed_forms_are_the_same_student(tmp_path):
    (tmp_path / unicodedata.normalize("NFD", "José")).mkdir()  # as macOS writes it
    (tmp_path / unicodedata.normalize("NFD", "José") / "lab.ipynb").write_text(NB)
    chosen, _, _ = ids_of(tmp_path)
    assert list(chosen) == [unicodedata.normalize("NFC", "José")]


def test_lms_patterns_with_unicode_names(tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(zipfile.ZipInfo("张三_12345_assignsubmission_file_/lab.ipynb", when(1)), NB)  # Moodle
        zf.writestr(zipfile.ZipInfo("李四_23456_600001_lab.ipynb", when(1)), NB)  # Canvas
        zf.writestr(zipfile.ZipInfo("李四_late_23456_600002_lab-1.ipynb", when(1)), NB)
        zf.writestr(zipfile.ZipInfo("müllerjörg_34567_600003_lab.ipynb", when(1)), NB)
        zf.writestr(zipfile.ZipInfo("Lab 3_王五_attempt_2026-11-20-10-30-00_lab.ipynb", when(1)), NB)  # Blackboard
    chosen, _, _ = ids_of(archive)
    assert chosen == {"张三_12345": "lab.ipynb", "李四_23456": "李四_late_23456_600002_lab-1.ipynb",
                      "müllerjörg_34567": "müllerjörg_34567_600003_lab.ipynb",
                      "王五": "Lab 3_王五_attempt_2026-11-20-10-30-00_lab.ipynb"}


def test_names_that_differ_only_in_replaced_characters_never_merge(tmp_path):
    for name in ("a_b", "a b", "a?b", "a*b", "張 三", "張_三"):
        (tmp_path / f"{name}.ipynb").write_text(NB)
    chosen, _, notes = ids_of(tmp_path)
    assert len(chosen) == 6 and chosen["a_b"] == "a_b.ipynb" and chosen["張_三"] == "張_三.ipynb"
    renamed = {path: sid for sid, path in chosen.items() if sid != path[:-6]}
    assert set(renamed) == {"a b.ipynb", "a?b.ipynb", "a*b.ipynb", "張 三.ipynb"}
    for path, sid in renamed.items():
        assert any(f'"{path[:-6]}" is graded as {sid}' in note for note in notes)
    assert ids_of(tmp_path)[0] == chosen, "the same names give the same ids every run"


def test_assign_ids_alone_keeps_the_plain_id():
    ids, notes = assign_ids(["Ana Diaz_34567", "x?y"])
    assert ids == {"Ana Diaz_34567": "Ana_Diaz_34567", "x?y": "x_y"}
    assert notes == ['student "x?y" is graded as x_y (a file name or nbgrader id cannot hold the name '
                     'as written, or another student\'s name gives the same id)']


@pytest.mark.parametrize("name", ["../../etc", "a/b\\c", "nul\0byte", ".hidden", "...", "", "?*[]",
                                  "名" * 200, "x" * 300, "tab\tand\nnewline", "e\u0301"])
def test_student_ids_are_safe_file_names_and_nbgrader_ids(name):
    sid = student_id(name)
    assert sid and not sid.startswith(".") and not set(sid) & set("/\\\0*?[]+ \t\n")
    assert len(sid.encode("utf-8")) <= MAX_ID_BYTES
    assert sid == unicodedata.normalize("NFC", sid)


def test_long_names_stay_distinct():
    assert student_id("名" * 200 + "甲") != student_id("名" * 200 + "乙")


@pytest.mark.parametrize("name,encoding", [("张三", "gbk"), ("欧阳娜娜", "gbk"), ("朱镕基", "gbk"),
                                           ("王喆", "gbk"), ("Müller", "cp437"), ("Straße", "cp437"),
                                           ("Gößmann", "cp437"), ("Françoise", "cp437"), ("Ñúñez", "cp437"),
                                           ("José", "utf-8"), ("张三", "utf-8"), ("plain", "ascii")])
def test_decode_name(name, encoding):
    assert decode_name(name.encode(encoding)) == name


def test_zip_names_without_the_utf8_flag(tmp_path):
    archive = tmp_path / "windows.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(RawName("张三.ipynb".encode("gbk")), NB)  # Chinese Windows (code page 936)
        zf.writestr(RawName("Müller/lab.ipynb".encode("cp437")), NB)  # Western Windows (code page 437)
        zf.writestr(RawName("李四.ipynb".encode("utf-8")), NB)  # UTF-8 bytes, flag missing
        zf.writestr(zipfile.ZipInfo("王五.ipynb", when(1)), NB)  # flagged UTF-8 (Python, macOS)
    with zipfile.ZipFile(archive) as zf:
        assert [m.flag_bits & 0x800 for m in zf.infolist()] == [0, 0, 0, 0x800]
    chosen, _, _ = ids_of(archive)
    assert chosen == {"张三": "张三.ipynb", "Müller": "lab.ipynb", "李四": "李四.ipynb", "王五": "王五.ipynb"}


def test_zip_unicode_path_extra_field(tmp_path):
    """7-Zip and WinRAR also store the UTF-8 name in an extra field (0x7075); it wins when it matches."""
    import struct
    import zlib

    raw = "Gößmann.ipynb".encode("cp437")
    utf8 = "Gößmann.ipynb".encode("utf-8")
    member = RawName(raw)
    member.extra = struct.pack("<HHBL", 0x7075, 5 + len(utf8), 1, zlib.crc32(raw)) + utf8
    archive = tmp_path / "7z.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(member, NB)
    assert ids_of(archive)[0] == {"Gößmann": "Gößmann.ipynb"}


def test_oversized_notebook_is_not_extracted_and_its_student_is_invalid(tmp_path):
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("ana.ipynb", NB)
        zf.writestr("张三.ipynb", NB + " " * 5000)
        zf.writestr("video.mp4", b"\0" * 5000)  # not a notebook: never extracted, only noted
        with zf.open("ben.ipynb", "w", force_zip64=True) as member:  # streamed: no declared size
            member.write(b" " * 5000)
    chosen, invalid, notes = ids_of(archive, member_cap=1000)
    assert chosen == {"ana": "ana.ipynb"}
    assert set(invalid) == {"张三", "ben"}
    assert "larger than the" in invalid["张三"] and "Clear all outputs" in invalid["张三"]
    assert any(note.startswith("not extracted: 张三.ipynb") for note in notes)
    assert "not a notebook, not graded: video.mp4" in notes


def test_member_whose_header_lies_about_its_size_is_capped(tmp_path):
    archive = tmp_path / "liar.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("ana.ipynb", " " * 5000)
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        info = zf.infolist()[0]
    # the central directory's uncompressed size (offset 24 in its record) now says 10 bytes
    central = data.rindex(b"PK\x01\x02")
    data[central + 24:central + 28] = (10).to_bytes(4, "little")
    archive.write_bytes(bytes(data))
    chosen, invalid, _ = ids_of(archive, member_cap=1000)
    assert not chosen and "ana" in invalid and info.file_size == 5000


def test_total_cap(tmp_path):
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in ("a", "b", "c"):
            zf.writestr(f"{name}.ipynb", NB + " " * 500)
    chosen, invalid, _ = ids_of(archive, member_cap=1000, total_cap=1500)
    assert sorted(chosen) == ["a", "b"] and "together exceed" in invalid["c"]


def test_a_later_notebook_wins_over_an_oversized_one(tmp_path):
    archive = tmp_path / "two.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(zipfile.ZipInfo("ana/old.ipynb", when(1)), NB + " " * 5000)
        zf.writestr(zipfile.ZipInfo("ana/new.ipynb", when(2)), NB)
        zf.writestr(zipfile.ZipInfo("ben.ipynb", when(2)), NB)
    chosen, invalid, notes = ids_of(archive, member_cap=1000)
    assert chosen == {"ana": "new.ipynb", "ben": "ben.ipynb"} and not invalid
    assert any("ana/old.ipynb" in note for note in notes)
