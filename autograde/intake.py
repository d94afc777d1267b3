"""Find the submissions in a folder or a zip: one notebook per student.

Layouts accepted: ``SUBMISSIONS/STUDENT.ipynb`` and ``SUBMISSIONS/STUDENT/ANY.ipynb`` (any depth
below the student's folder), or a zip of either, as LMS exports name them:

- Canvas: ``smithjane_12345_678901_lab.ipynb`` (``_LATE_`` after the name when late) -> ``smithjane_12345``;
- Moodle: ``Jane Smith_12345_assignsubmission_file_/lab.ipynb`` -> ``Jane_Smith_12345``;
- Blackboard: ``Lab 3_jsmith_attempt_2026-11-20-10-30-00_lab.ipynb`` -> ``jsmith``.

Student ids keep names as written, in any script (``张三.ipynb`` -> ``张三``), normalised to NFC;
see ``student_id`` and ``assign_ids`` for what is replaced and how two names are kept apart.
Zip member names written without the UTF-8 flag (Windows tools) are decoded as UTF-8, GBK or
code page 437, whichever the bytes are (``member_name``).

``Intake.times`` says when each graded notebook was handed in, for the late policy
(``submission_time``: Blackboard's attempt time, else the file's time kept from the zip).

Files that are not notebooks are reported. When a student has several notebooks, the latest is
graded and the others are reported: latest by the LMS's attempt time or submission number when
the name has one, else by modification time (kept from the zip).

A zip is extracted by streaming, with caps (``MAX_MEMBER_BYTES`` per notebook, ``MAX_TOTAL_BYTES``
for the whole zip): a notebook over a cap is not extracted, is reported, and its student, when it
is the notebook to grade, is listed in ``Intake.invalid`` with the reason. Members that are not
notebooks are never graded, so only their names are kept (as empty files), not their contents.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import struct
import tempfile
import time
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from autograde.course import InstructorError
from autograde.late import SubmissionTime
from autograde.notebook_file import MAX_BYTES

IGNORED_PARTS = {"__MACOSX", ".ipynb_checkpoints", ".DS_Store"}
MAX_MEMBER_BYTES = MAX_BYTES  # a notebook larger than this would be refused as invalid anyway
MAX_TOTAL_BYTES = 4 * 2**30  # all notebooks of one zip, extracted
MAX_ID_BYTES = 96  # UTF-8 bytes of a student id: a file name (feedback/ID.html) holds 255
UTF8_FLAG = 0x800  # general purpose bit 11: the member's name is UTF-8


@dataclass
class Intake:
    """What was found: the notebook to grade per student, the students who get an ``invalid``
    row without grading, and what was set aside, in words.

    - ``submissions``: student id -> the notebook to grade.
    - ``invalid``: student id -> reason, for students whose notebook could not be taken from the
      zip (larger than ``MAX_MEMBER_BYTES``, over the zip's ``MAX_TOTAL_BYTES``, unreadable). The
      batch must give each of them a row with status ``invalid``, this reason, score 0 and a
      feedback page, exactly as for a notebook the grader refuses to read. ``invalid`` and
      ``submissions`` never share a student.
    - ``notes``: one line per file or decision the instructor should know about (``intake.txt``).
    """

    submissions: dict[str, Path]
    notes: list[str] = field(default_factory=list)
    invalid: dict[str, str] = field(default_factory=dict)
    _tmp: tempfile.TemporaryDirectory | None = None  # keeps an extracted zip alive
    # student id -> when the graded notebook was handed in (``submission_time``), for the late policy
    times: dict[str, SubmissionTime] = field(default_factory=dict)
    lms: dict[str, str] = field(default_factory=dict)  # student id -> "moodle", "blackboard", "canvas" or ""

    def __enter__(self) -> "Intake":
        return self

    def __exit__(self, *exc) -> None:
        """Remove the extracted zip, if any, whatever happened while grading."""
        if self._tmp is not None:
            self._tmp.cleanup()


def _short_hash(name: str, length: int = 8) -> str:
    return hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:length]


def _allowed(char: str) -> bool:
    return char.isalnum() or char in "_.@-" or unicodedata.category(char).startswith("M")


def student_id(name: str) -> str:
    """A student id safe as an nbgrader id and a file name, keeping the name as written.

    NFC-normalised; letters and digits of any script, combining marks, ``_ . @ -`` are kept; any
    other run of characters (spaces, path separators, NUL, ``* ? [ ] +``, punctuation) becomes one
    ``_``; leading and trailing ``.``/``_`` are dropped (no hidden files, no ``..``). A name longer
    than ``MAX_ID_BYTES`` (UTF-8) is cut and ends in a hash of the whole name. Different names can
    give the same id here (``Jane Smith``, ``Jane_Smith``); ``assign_ids`` keeps them apart.
    """
    name = unicodedata.normalize("NFC", name)
    cleaned = "".join(c if _allowed(c) else "\0" for c in name)
    cleaned = re.sub("\0+", "_", cleaned).strip("._") or "unnamed"
    if len(cleaned.encode("utf-8")) > MAX_ID_BYTES:
        cut = cleaned.encode("utf-8")[:MAX_ID_BYTES - 9].decode("utf-8", "ignore").rstrip("._")
        cleaned = f"{cut}-{_short_hash(name)}"
    return cleaned


def _as_written(name: str) -> str:
    """The name as an instructor expects to see it as an id: NFC, spaces as ``_`` (not a rename)."""
    return re.sub(r"\s+", "_", unicodedata.normalize("NFC", name))


def assign_ids(names: list[str]) -> tuple[dict[str, str], list[str]]:
    """One distinct student id per distinct name (after NFC), the same every run; and notes.

    The id is ``student_id(name)``. When several names would share an id, a name that is exactly
    its own id keeps it, and the others get ``-`` and a hash of their name (``Jane_Smith`` stays,
    ``Jane Smith`` becomes ``Jane_Smith-1c5e…``); alone, ``Jane Smith`` is ``Jane_Smith``. Every
    id that differs from the name as written (other than spaces written as ``_``) is reported.
    """
    names = sorted({unicodedata.normalize("NFC", n) for n in names})
    ids = {name: student_id(name) for name in names}
    length = 8
    while True:
        holders: dict[str, list[str]] = {}
        for name, sid in ids.items():
            holders.setdefault(sid, []).append(name)
        shared = {sid: group for sid, group in holders.items() if len(group) > 1}
        if not shared:
            break
        for sid, group in shared.items():
            for name in group:
                if ids[name] != name:  # at most one name of the group is its own id: it keeps it
                    ids[name] = f"{student_id(name)}-{_short_hash(name, length)}"
        length += 4
    notes = [f'student "{name}" is graded as {sid} (a file name or nbgrader id cannot hold the name '
             f'as written, or another student\'s name gives the same id)'
             for name, sid in ids.items() if sid != _as_written(name)]
    return ids, notes


LMS_NAMES = [  # (pattern on the first path component, how to order one student's notebooks)
    re.compile(r"^(?P<student>.+?_\d+)_assignsubmission_"),  # Moodle
    re.compile(r"^.+?_(?P<student>[^_]+)_attempt_(?P<order>\d{4}(?:-\d\d){5})"),  # Blackboard
    # Canvas: the name lower-cased with everything but letters and digits (any script) removed
    re.compile(r"^(?P<name>[^\W_](?:[^\W_]|-)*?)(?:_late)?_(?P<id>\d+)_(?P<order>\d+)_", re.I),
]


def owner_of(first_part: str) -> tuple[str, str]:
    """(student's name as written, order within that student's notebooks) from a file or folder name."""
    for pattern in LMS_NAMES:
        match = pattern.match(first_part)
        if match:
            found = match.groupdict()
            student = found.get("student") or f"{found['name']}_{found['id']}"
            order = found.get("order") or ""
            return student, order.zfill(20) if order.isdigit() else order
    return Path(first_part).stem if first_part.lower().endswith(".ipynb") else first_part, ""


BLACKBOARD_TIME = re.compile(r"_attempt_(\d{4}(?:-\d\d){5})")
CANVAS_LATE = re.compile(r"^[^\W_](?:[^\W_]|-)*?_late_\d+_\d+_", re.I)


def lms_of(first_part: str) -> str:
    """Which LMS's export named this file or folder (the pattern of ``owner_of`` that matches)."""
    for name, pattern in zip(("moodle", "blackboard", "canvas"), LMS_NAMES):
        if pattern.match(first_part):
            return name
    return ""


def submission_time(first_part: str, path: Path, from_zip: bool) -> SubmissionTime:
    """When a notebook was handed in: Blackboard's attempt time in its name, else the file's time.

    A zip keeps local times without a zone, and Blackboard writes the course's local time: both
    come back naive (the late policy reads them in the due date's zone). A file in a folder has a
    real time, returned with its zone. Canvas's ``_late_`` mark is kept as ``marked_late``.
    """
    attempt = BLACKBOARD_TIME.search(first_part) if LMS_NAMES[1].match(first_part) else None
    if attempt:
        return SubmissionTime(datetime.strptime(attempt.group(1), "%Y-%m-%d-%H-%M-%S"),
                              "Blackboard's attempt time in the file name")
    marked = bool(CANVAS_LATE.match(first_part))
    if from_zip:
        return SubmissionTime(datetime.fromtimestamp(path.stat().st_mtime),
                              "the file's time kept in the zip", marked)
    return SubmissionTime(datetime.fromtimestamp(path.stat().st_mtime).astimezone(),
                          "the file's modification time", marked)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def decode_name(raw: bytes) -> str:
    """A file name from bytes of unknown encoding: UTF-8, else GBK when it reads as Chinese, else cp437.

    Bytes that are neither UTF-8 nor GBK are cp437 (every byte string is). When both GBK and
    cp437 read as words (all CJK; all letters), a CJK character next to a Latin letter means the
    bytes were accented Latin letters (``Gößmann`` is not ``G斸mann``).
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    as_cp437 = raw.decode("cp437")
    try:
        as_gbk = raw.decode("gbk")
    except UnicodeDecodeError:
        return as_cp437
    if not all(c.isascii() or _wide(c) for c in as_gbk):
        return as_cp437
    latin_letters = all(c.isascii() or c.isalpha() for c in as_cp437)
    mixed = any((_wide(a) and b.isascii() and b.isalpha()) or (a.isascii() and a.isalpha() and _wide(b))
                for a, b in zip(as_gbk, as_gbk[1:]))
    return as_cp437 if latin_letters and mixed else as_gbk


def _unicode_path_field(member: zipfile.ZipInfo, raw: bytes) -> str | None:
    """The Info-ZIP Unicode Path extra field (0x7075) that 7-Zip and WinRAR write, if it matches."""
    extra = member.extra
    while len(extra) >= 4:
        kind, size = struct.unpack("<HH", extra[:4])
        data, extra = extra[4:4 + size], extra[4 + size:]
        if kind == 0x7075 and len(data) >= 5 and data[0] == 1:
            if struct.unpack("<L", data[1:5])[0] == zlib.crc32(raw):
                try:
                    return data[5:].decode("utf-8")
                except UnicodeDecodeError:
                    return None
    return None


def member_name(member: zipfile.ZipInfo) -> str:
    """A zip member's real name, NFC. Python decodes names without the UTF-8 flag as cp437; the
    bytes are recovered (``.encode("cp437")``) and decoded again per member, since one export can
    mix tools (``ZipFile(metadata_encoding=...)`` would apply one encoding to every member)."""
    if member.flag_bits & UTF8_FLAG:
        name = member.filename
    else:
        raw = member.filename.encode("cp437")
        name = _unicode_path_field(member, raw) or decode_name(raw)
    return unicodedata.normalize("NFC", name)


def _file_name(part: str) -> str:
    """A path component this filesystem can hold (no NUL, at most 255 bytes), else a close one."""
    part = part.replace("\0", "_")
    if len(part.encode("utf-8", "surrogateescape")) > 255:
        stem, suffix = os.path.splitext(part)
        stem = stem.encode("utf-8", "surrogateescape")[:200].decode("utf-8", "ignore")
        part = f"{stem}-{_short_hash(part)}{suffix[:20]}"
    return part


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def _copy_capped(source, target: Path, cap: int) -> int | None:
    """Stream ``source`` into ``target``; the bytes written, or None (and an empty file) past ``cap``."""
    written = 0
    with open(target, "wb") as out:
        while chunk := source.read(1 << 20):
            written += len(chunk)
            if written > cap:
                out.truncate(0)
                return None
            out.write(chunk)
    return written


def _extract_zip(zip_path: Path, into: Path, member_cap: int, total_cap: int) -> tuple[dict[Path, str], list[str]]:
    """Extract a zip by streaming, keeping modification times, refusing members that would land
    outside ``into``. Returns the notebooks left empty because they could not be extracted (path
    -> reason) and notes."""
    skipped: dict[Path, str] = {}
    notes: list[str] = []
    total = 0
    try:
        with zipfile.ZipFile(zip_path) as archive:
            for member in archive.infolist():
                name = member_name(member)
                parts = PurePosixPath(name.replace("\\", "/")).parts
                if member.is_dir() or name.endswith(("/", "\\")) or not parts:
                    continue
                if PurePosixPath(name).is_absolute() or ".." in parts:
                    raise InstructorError(f"{zip_path}: refusing unsafe path {name!r}")
                target = into.joinpath(*(_file_name(p) for p in parts))
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                except OSError as err:
                    notes.append(f"could not extract {name} ({err.strerror}), not graded")
                    continue
                if target.is_dir():
                    notes.append(f"could not extract {name} (a folder has the same name), not graded")
                    continue
                if not name.lower().endswith(".ipynb"):
                    target.touch()  # never graded: its name is enough for the notes
                else:
                    too_large = (f"it is larger than the {_megabytes(member_cap)} a notebook may have; "
                                 f"clear its outputs (Edit > Clear all outputs) and hand it in again")
                    too_much = (f"the zip's notebooks together exceed the grader's {_megabytes(total_cap)} "
                                f"(instructor: grade the zip in parts)")
                    reason = None
                    try:
                        if member.file_size > member_cap:  # the declared size; the stream is capped too
                            reason = too_large
                        elif total + member.file_size > total_cap:
                            reason = too_much
                        else:
                            with archive.open(member) as source:
                                written = _copy_capped(source, target, min(member_cap, total_cap - total))
                            if written is None:
                                reason = too_large if member_cap <= total_cap - total else too_much
                            else:
                                total += written
                    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as err:
                        reason = f"it could not be read from the zip ({err})"
                    if reason is not None:
                        target.write_bytes(b"")
                        skipped[target] = f"{name} was not taken from the zip: {reason}"
                        notes.append(f"not extracted: {name}: {reason}")
                modified = time.mktime((*member.date_time, 0, 0, -1))
                os.utime(target, (modified, modified))
    except zipfile.BadZipFile as err:
        raise InstructorError(f"{zip_path} is not a readable zip file: {err}") from None
    return skipped, notes


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


def _readable(part: str) -> str:
    """A folder's file name as text: names in another encoding than the filesystem's (GBK bytes
    on a UTF-8 system come back as surrogates) are decoded as ``decode_name`` does."""
    if any("\udc80" <= c <= "\udcff" for c in part):
        return decode_name(os.fsencode(part))
    return part


def collect(submissions: Path, member_cap: int = MAX_MEMBER_BYTES, total_cap: int = MAX_TOTAL_BYTES) -> Intake:
    """Map each student to the one notebook of theirs to grade (see ``Intake``)."""
    submissions = Path(submissions)
    tmp = None
    skipped: dict[Path, str] = {}
    notes: list[str] = []
    if submissions.is_file() and submissions.suffix.lower() == ".zip":
        tmp = tempfile.TemporaryDirectory(prefix="autograde-intake-")
        try:
            skipped, notes = _extract_zip(submissions, Path(tmp.name), member_cap, total_cap)
        except BaseException:
            tmp.cleanup()
            raise
        root = _inside_wrapper_folder(Path(tmp.name))
    elif submissions.is_dir():
        root = submissions
    else:
        raise InstructorError(f"{submissions} is neither a folder nor a .zip of submissions")

    candidates: dict[str, list[tuple[str, Path]]] = {}
    first_parts: dict[Path, str] = {}  # for submission_time
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root)
        if any(part in IGNORED_PARTS or part.startswith(".") for part in rel.parts):
            continue
        if path.suffix.lower() != ".ipynb":
            notes.append(f"not a notebook, not graded: {rel}")
            continue
        name, order = owner_of(_readable(rel.parts[0]))
        candidates.setdefault(unicodedata.normalize("NFC", name), []).append((order, path))
        first_parts[path] = _readable(rel.parts[0])

    ids, renamed = assign_ids(list(candidates))
    notes.extend(renamed)
    chosen: dict[str, Path] = {}
    invalid: dict[str, str] = {}
    times: dict[str, SubmissionTime] = {}
    lms: dict[str, str] = {}
    for name, found in sorted(candidates.items(), key=lambda item: ids[item[0]]):
        student = ids[name]
        latest = max(found, key=lambda item: (item[0], item[1].stat().st_mtime, str(item[1])))[1]
        paths = [path for _, path in found]
        if len(paths) > 1:
            others = ", ".join(str(p.relative_to(root)) for p in paths if p != latest)
            notes.append(f"{student}: {len(paths)} notebooks; graded the latest, "
                         f"{latest.relative_to(root)} (ignored: {others})")
        if latest in skipped:
            invalid[student] = skipped[latest]
            notes.append(f"{student}: status invalid, {skipped[latest]}")
        else:
            chosen[student] = latest
            times[student] = submission_time(first_parts[latest], latest, tmp is not None)
        lms[student] = lms_of(first_parts[latest])
    return Intake(chosen, notes, invalid, tmp, times=times, lms=lms)
