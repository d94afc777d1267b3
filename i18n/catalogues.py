"""The translation catalogues of the Chinese edition: locales/zh_CN/LC_MESSAGES/<page>.po.

English is the source. `python -m i18n update` (make catalogues) extracts every message of the book
with Sphinx's gettext builder into _build/gettext/<page>.pot and merges it into the catalogues with
sphinx-intl: a new message arrives empty, a changed one keeps its old translation marked fuzzy until
a translator checks it, a removed one is dropped. Each lab's visible-test messages (the assert
messages a student reads, see i18n.test_messages) get a catalogue of their own, labs/<lab>.po.

A message with nothing to translate (a formula, a command, a citation) is filled in with itself.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
LANGUAGE = "zh_CN"
LOCALES = REPO / "locales"
MESSAGES = LOCALES / LANGUAGE / "LC_MESSAGES"
GETTEXT = REPO / "_build" / "gettext"
BIN = Path(sys.executable).parent

# Spans that are the same in every language: math, code, roles but {term} (it shows a term, which is
# translated), links, URLs.
_NOT_PROSE = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|\{(?!term\})[\w:-]+\}`[^`]*`|``[^`]*``|`[^`]*`|\]\([^)]*\)|https?://\S+|<[^>]+>",
                        re.S)


def has_words(text: str) -> bool:
    """Whether ``text`` has prose a reader would want translated (two letters in a row outside math,
    code, roles, links)."""
    return bool(re.search(r"[A-Za-z]{2,}", _NOT_PROSE.sub(" ", text)))


def book_config(**changes) -> dict:
    """_config.yml with the paths of its local extensions made absolute (so that a copy written
    elsewhere loads them), updated by ``changes`` (dotted keys: ``{"execute.execute_notebooks": "off"}``)."""
    config = yaml.safe_load((REPO / "_config.yml").read_text())
    extensions = config["sphinx"]["local_extensions"]
    for name, folder in extensions.items():
        extensions[name] = str(REPO / folder)
    for dotted, value in changes.items():
        *parents, key = dotted.split(".")
        node = config
        for parent in parents:
            node = node.setdefault(parent, {})
        node[key] = value
    return config


def image_descriptions(notebook: Path) -> list[str]:
    """The alt text of a notebook's figures (cell metadata ``mystnb.image.alt``). Sphinx would extract
    it only from executed outputs, and the extraction executes nothing; the Chinese build translates it
    like any other message of the page."""
    import nbformat

    cells = nbformat.read(notebook, as_version=4).cells
    return [cell.metadata["mystnb"]["image"]["alt"] for cell in cells
            if cell.metadata.get("mystnb", {}).get("image", {}).get("alt")]


def add_image_descriptions(templates: Path) -> None:
    for pot in templates.rglob("*.pot"):
        notebook = REPO / pot.relative_to(templates).with_suffix(".ipynb")
        if notebook.exists() and image_descriptions(notebook):
            with pot.open("rb") as handle:
                catalog = read_po(handle)
            for alt in image_descriptions(notebook):
                catalog.add(alt, auto_comments=["alt text of a figure"])
            with pot.open("wb") as handle:
                write_po(handle, catalog, width=0)


def extract_templates(target: Path = GETTEXT) -> Path:
    """Run Sphinx's gettext builder over the book (executing nothing): target/<page>.pot, and the labs'
    test messages: target/labs/<lab>.pot."""
    from i18n import test_messages

    work = target.parent / f"{target.name}-work"
    work.mkdir(parents=True, exist_ok=True)
    config = work / "_config.yml"
    config.write_text(yaml.safe_dump(book_config(**{"execute.execute_notebooks": "off"}), allow_unicode=True))
    subprocess.run([str(BIN / "jupyter-book"), "build", str(REPO), "--config", str(config), "--path-output",
                    str(work), "--builder", "custom", "--custom-builder", "gettext", "-W", "-n", "--keep-going",
                    "--quiet"], check=True)
    built = work / "_build" / "gettext"
    if target.exists():
        shutil.rmtree(target)
    built.rename(target)
    add_image_descriptions(target)
    test_messages.write_templates(target / "labs")
    return target


@dataclass(frozen=True)
class Missing:
    """A message a reader of the Chinese edition would see in English."""
    catalogue: str  # the page, e.g. "book/ch03/cost"
    message: str
    why: str  # "untranslated" or "fuzzy"


def catalogue_files() -> list[Path]:
    return sorted(MESSAGES.rglob("*.po"))


def page_of(po: Path) -> str:
    return po.relative_to(MESSAGES).with_suffix("").as_posix()


def read(po: Path) -> Catalog:
    with po.open("rb") as handle:
        return read_po(handle, locale=LANGUAGE)


def write(po: Path, catalog: Catalog) -> None:
    po.parent.mkdir(parents=True, exist_ok=True)
    with po.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False, sort_output=False, include_previous=True)


def fill_messages_without_words(po: Path) -> int:
    """Give every message that has nothing to translate its own text; returns how many were filled."""
    catalog = read(po)
    filled = 0
    for message in catalog:
        if message.id and not message.string and not has_words(message.id):
            message.string = message.id
            filled += 1
    if filled:
        write(po, catalog)
    return filled


def missing() -> list[Missing]:
    """Every untranslated or fuzzy message of every catalogue."""
    found = []
    for po in catalogue_files():
        for message in read(po):
            if not message.id:
                continue
            if not message.string:
                found.append(Missing(page_of(po), message.id, "untranslated"))
            elif message.fuzzy:
                found.append(Missing(page_of(po), message.id, "fuzzy"))
    return found


def merge(templates: Path, locales: Path = LOCALES) -> None:
    """Merge templates/<page>.pot into locales/zh_CN/LC_MESSAGES/<page>.po: new messages empty,
    changed ones fuzzy with their previous translation, removed ones and removed pages dropped."""
    subprocess.run([str(BIN / "sphinx-intl"), "update", "-p", str(templates), "-l", LANGUAGE, "-d", str(locales),
                    "-w", "0"], check=True, stdout=subprocess.DEVNULL)
    messages = locales / LANGUAGE / "LC_MESSAGES"
    pages = {pot.relative_to(templates).with_suffix("").as_posix() for pot in templates.rglob("*.pot")}
    for po in sorted(messages.rglob("*.po")):
        if po.relative_to(messages).with_suffix("").as_posix() not in pages:  # sphinx-intl keeps these
            po.unlink()
            po.with_suffix(".mo").unlink(missing_ok=True)
        else:
            fill_messages_without_words(po)


def update() -> None:
    """Bring every catalogue in step with the English pages and labs (see the module's docstring)."""
    merge(extract_templates())
