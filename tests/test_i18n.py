"""The Chinese edition's catalogues: complete, checked, in step with the English, and one vocabulary.

Each catalogue (locales/zh_CN/LC_MESSAGES/<page>.po) is a test of its own, so a failure names the page.
The HTML of the Chinese edition is built and checked with the English one (tests/test_book.py,
tests/test_browser.py); Chinese submissions are graded in tests/test_grading_zh.py.
"""
import ast
import shutil

import nbformat
import pytest

from i18n import catalogues, checks, notebooks, test_messages

CATALOGUES = [catalogues.page_of(po) for po in catalogues.catalogue_files()]


def test_every_page_and_lab_has_a_catalogue():
    pages = {p.relative_to(catalogues.REPO).with_suffix("").as_posix()
             for p in notebooks.book_notebooks()} | {f"labs/{lab.stem}" for lab in test_messages.labs()}
    assert pages <= set(CATALOGUES), f"no catalogue for {sorted(pages - set(CATALOGUES))}: run make catalogues"


@pytest.mark.parametrize("page", CATALOGUES)
def test_every_message_is_translated(page):
    gaps = [gap for gap in catalogues.missing() if gap.catalogue == page]
    assert not gaps, (f"{page}: {len(gaps)} messages a Chinese reader would see in English, e.g. "
                      + "; ".join(f"{gap.why}: {gap.message[:80]!r}" for gap in gaps[:5])
                      + " (translate them: locales/TRANSLATING.md)")


@pytest.mark.parametrize("page", CATALOGUES)
def test_translations_keep_roles_math_code_and_the_glossary(page):
    catalog = catalogues.read(catalogues.MESSAGES / f"{page}.po")
    problems = {m.id[:80]: checks.check(page, m.id, m.string) for m in catalog if m.id and m.string}
    problems = {msgid: found for msgid, found in problems.items() if found}
    assert not problems, f"{page}: {problems}"


def test_catalogues_are_in_step_with_the_english(tmp_path):
    """Every message of the English pages is in its catalogue and nothing else is: after an English
    change, `make catalogues` has been run."""
    templates = catalogues.extract_templates(tmp_path / "gettext")
    for pot in sorted(templates.rglob("*.pot")):
        page = pot.relative_to(templates).with_suffix("").as_posix()
        with pot.open("rb") as handle:
            english = {m.id for m in catalogues.read_po(handle) if m.id}
        translated = {m.id for m in catalogues.read(catalogues.MESSAGES / f"{page}.po") if m.id}
        assert english == translated, (
            f"{page}: the catalogue is not in step with the English (run make catalogues): "
            f"new {sorted(english - translated)[:3]}, gone {sorted(translated - english)[:3]}")


def test_a_changed_english_message_becomes_fuzzy_with_its_old_translation(tmp_path):
    page = "book/ch03/cost"
    locales = tmp_path / "locales"
    po = locales / catalogues.LANGUAGE / "LC_MESSAGES" / f"{page}.po"
    po.parent.mkdir(parents=True)
    shutil.copy2(catalogues.MESSAGES / f"{page}.po", po)
    catalog = catalogues.read(po)
    message = next(m for m in catalog if m.id and catalogues.has_words(m.id) and len(m.id) > 60)
    changed = message.id.replace(" ", "  ", 1).rstrip(".") + ", as measured."
    template = catalogues.Catalog()
    for m in catalog:
        if m.id:
            template.add(changed if m.id == message.id else m.id)
    pot = tmp_path / "gettext" / f"{page}.pot"
    pot.parent.mkdir(parents=True)
    with pot.open("wb") as handle:
        catalogues.write_po(handle, template)
    catalogues.merge(tmp_path / "gettext", locales)
    merged = catalogues.read(po)
    assert merged[changed].fuzzy, "a changed message must be marked fuzzy until it is translated again"
    assert merged[changed].string == message.string, "it keeps its old translation as a start"
    assert message.id not in merged, "the old message is gone"


@pytest.mark.parametrize("msgid, msgstr, complaint", [
    ("the {term}`softmax` of the scores", "分数的 {term}`软最大 <softmax>`", "glossary's Chinese term '归一化指数函数'"),
    ("a **mask** (掩码) hides keys", "**遮罩**（mask）隐藏键", "'掩码'"),
    ("keys and values", "**键值缓存器**（key-value cacher）", "not a Chinese term of the glossary"),
    ("the {term}`head`", "{term}`头 <headz>`", "not in the glossary"),
    ("see {doc}`cost` and $d_k$", "见 $d_k$", "roles and references must stay"),
    ("with `np.exp` and $e^x$", "用 `numpy.exp` 和 $e^x$", "inline code"),
])
def test_the_checks_catch_a_broken_translation(msgid, msgstr, complaint):
    problems = checks.check("book/x", msgid, msgstr)
    assert any(complaint in problem for problem in problems), problems


def test_the_glossary_is_read_whole():
    terms = checks.glossary()
    assert len(terms) > 100 and terms["attention pooling"] == "注意力汇聚"


def test_a_lab_test_message_stays_a_string_with_the_same_fields():
    msgid = 'f"got {np.shape(_got)}; expected (3,)"'
    assert not checks.check("labs/x", msgid, 'f"实际为 {np.shape(_got)}；应为 (3,)"')
    assert checks.check("labs/x", msgid, '"实际为某个形状"')
    assert checks.check("labs/x", msgid, 'f"实际为 {_got.shape}"')
    assert checks.check("labs/x", msgid, 'f"未闭合')


@pytest.mark.parametrize("path", notebooks.book_notebooks(), ids=lambda p: p.stem)
def test_every_message_has_its_place_in_the_notebook(path):
    page = path.relative_to(catalogues.REPO).with_suffix("").as_posix()
    assert not notebooks.untranslatable(page, path), (
        f"{page}: these messages match no markdown cell, so the Chinese notebook would keep them in English")


@pytest.mark.parametrize("path", notebooks.book_notebooks(), ids=lambda p: p.stem)
def test_the_chinese_notebooks_are_up_to_date(path):
    committed = notebooks.ZH / path.relative_to(catalogues.REPO)
    assert committed.exists(), f"{committed} is missing: run make notebooks"
    expected = notebooks.translate_file(path)
    got = nbformat.read(committed, as_version=4)
    assert [(c.cell_type, c.source) for c in got.cells] == [(c.cell_type, c.source) for c in expected.cells], (
        f"{committed} is not what the catalogues give: run make notebooks")


class _BlankStrings(ast.NodeTransformer):
    """Every string becomes "" and every f-string the tuple of its fields: what stays is what a test computes."""

    def visit_JoinedStr(self, node):
        return ast.Tuple([self.visit(part.value) for part in node.values if isinstance(part, ast.FormattedValue)], ast.Load())

    def visit_Constant(self, node):
        return ast.Constant("") if isinstance(node.value, str) else node


def _without_strings(source: str) -> str:
    """A test cell's code with its strings blanked: what the Chinese and English tests must share."""
    return ast.dump(_BlankStrings().visit(ast.parse(source)))


@pytest.mark.parametrize("lab", test_messages.labs(), ids=lambda p: p.stem)
def test_a_chinese_lab_checks_exactly_what_the_english_one_checks(lab):
    english = nbformat.read(lab, as_version=4)
    chinese = nbformat.read(notebooks.ZH / lab.relative_to(catalogues.REPO), as_version=4)
    assert [c.metadata.get("nbgrader") for c in chinese.cells] == [c.metadata.get("nbgrader") for c in english.cells]
    for en, zh in zip(english.cells, chinese.cells):
        if en.cell_type == "code":
            if test_messages.is_test_cell(en):
                assert _without_strings(zh.source) == _without_strings(en.source), en.metadata["nbgrader"]["grade_id"]
            else:
                assert zh.source == en.source
