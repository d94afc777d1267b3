"""Intake through the real command line (issue 17, items 1, 4 and 9): Unicode names (never merged),
zip name encodings, deeply nested JSON and a zip bomb, each graded next to honest submissions of ch03;
and the sandbox level the grader prints (item 7)."""
import json
import zipfile

import nbformat
import pytest

from autograde.sandbox import describe
from tests.conftest import run_grader_measuring_peak
from tests.course_files import as_student, release

ASSIGNMENT = "ch03"


class RawName(zipfile.ZipInfo):
    """A member whose name is stored as these bytes, without the UTF-8 flag (as Windows tools do)."""

    def __init__(self, raw: bytes):
        super().__init__(raw.decode("cp437"), (2026, 11, 1, 10, 0, 0))

    def _encodeFilenameFlags(self):
        return self.filename.encode("cp437"), self.flag_bits & ~0x800


def full_marks(row):
    return float(row["score"]) == float(row["max_score"]) > 0


def deep_notebook() -> str:
    """A notebook whose metadata nests 200,000 lists deep: valid JSON, no readable notebook."""
    text = nbformat.writes(release(ASSIGNMENT))
    nb = json.loads(text)
    nb["metadata"]["deep"] = "HOLE"
    return json.dumps(nb).replace('"HOLE"', "[" * 200_000 + "]" * 200_000)


def test_chinese_names_in_a_folder_and_deep_nesting(grader, tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    nbformat.write(as_student(ASSIGNMENT), folder / "张三.ipynb")
    nbformat.write(release(ASSIGNMENT), folder / "李四.ipynb")
    (folder / "深.ipynb").write_text(deep_notebook())
    # Two names that give the same id, and a name written decomposed (NFD): three students, not two.
    # Not notebooks, so they cost no kernel: each gets its own invalid row.
    for name in ("王 五", "王_五", "Mu\u0308ller"):
        (folder / f"{name}.ipynb").write_text("{")
    rows = grader(ASSIGNMENT, folder, tmp_path / "out")
    merged = sorted(student for student in rows if student.startswith("王_五"))
    assert merged[0] == "王_五" and len(merged) == 2 and merged[1].startswith("王_五-"), sorted(rows)
    assert all(rows[student]["status"] == "invalid" for student in [*merged, "Müller"])
    assert sorted(rows) == sorted(["张三", "李四", "深", "Müller", *merged])
    assert full_marks(rows["张三"]) and rows["张三"]["status"] == "ok", rows["张三"]
    assert float(rows["李四"]["score"]) == 0
    assert rows["深"]["status"] == "invalid" and "nests" in rows["深"]["reason"], rows["深"]
    assert (tmp_path / "out" / "feedback" / "张三.html").exists()


@pytest.fixture(scope="module")
def zip_export(tmp_path_factory):
    """One LMS-style zip graded through the command line: names in UTF-8, GBK and cp437, and a zip bomb, a
    1 GB member of zeros (about 1 MB compressed); and the peak memory of the grader's processes (MB) and
    what it printed on stderr."""
    root = tmp_path_factory.mktemp("zip-export")
    archive = root / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        # The bomb first: the members after it must still be taken in.
        with zf.open("赵六.ipynb", "w", force_zip64=True) as member:
            zeros = b"\0" * (1 << 20)
            for _ in range(1024):
                member.write(zeros)
        zf.writestr("张三.ipynb", nbformat.writes(as_student(ASSIGNMENT)))  # UTF-8 flag set
        zf.writestr(RawName("李四.ipynb".encode("gbk")), nbformat.writes(release(ASSIGNMENT)))
        zf.writestr(RawName("王五/lab.ipynb".encode("gbk")), nbformat.writes(as_student(ASSIGNMENT)))
        zf.writestr(RawName("Müller.ipynb".encode("cp437")), nbformat.writes(release(ASSIGNMENT)))
    assert archive.stat().st_size < 5 * 2**20
    out = root / "out"
    # The grader, in a process of its own that reports its descendants' peak memory.
    rows, peak_mb, printed = run_grader_measuring_peak(ASSIGNMENT, archive, out)
    return rows, out, peak_mb, printed


def test_zip_names_in_utf8_gbk_and_cp437(zip_export):
    rows, _, _, _ = zip_export
    assert sorted(rows) == sorted(["张三", "李四", "王五", "Müller", "赵六"])
    assert full_marks(rows["张三"]) and full_marks(rows["王五"]), (rows["张三"], rows["王五"])
    assert float(rows["李四"]["score"]) == 0 and float(rows["Müller"]["score"]) == 0


def test_zip_bomb_member_is_reported_and_the_batch_goes_on(zip_export):
    """The 1 GB member: reported, not extracted, little memory; the other members are graded."""
    rows, out, peak_mb, printed = zip_export
    assert f"sandbox: {describe()}:" in printed, "the grader says which limits applied"
    # Measured: about 145 MB (the largest process); reading the member whole took 2.2 GB.
    assert peak_mb < 512, f"peak memory of the grader's processes: {peak_mb:.0f} MB"
    intake = (out / "intake.txt").read_text()
    assert "not extracted: 赵六.ipynb" in intake and "larger than" in intake
    assert full_marks(rows["张三"]), rows["张三"]
    assert rows.get("赵六", {}).get("status") == "invalid", \
        "the batch must give Intake.invalid students a row (status invalid, with the reason)"
    assert "larger than" in rows["赵六"]["reason"]
