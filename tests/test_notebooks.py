"""Every notebook (book pages and lab sources) follows the conventions and runs with FAST=True.

papermill executes each one on the CPU, offline; a lab source runs its visible and hidden
tests, so a failing reference solution fails here.
"""
import base64
import struct

import nbformat
import pytest

from tests.conftest import REPO

NOTEBOOKS = sorted([*REPO.glob("book/**/*.ipynb"), *REPO.glob("solutions/*/*.ipynb")])
NOTEBOOKS = [p for p in NOTEBOOKS if "_build" not in p.parts and ".ipynb_checkpoints" not in p.parts]
IDS = [str(p.relative_to(REPO)) for p in NOTEBOOKS]
BOOK_NOTEBOOKS = [p for p in NOTEBOOKS if p.parts[len(REPO.parts)] == "book"]
BOOK_IDS = [str(p.relative_to(REPO)) for p in BOOK_NOTEBOOKS]
MAX_FIGURE_PX = 800


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_first_code_cell_is_the_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert "parameters" in first.metadata.get("tags", []), "first code cell must be tagged 'parameters'"
    for name in ("FAST = False", 'DEVICE = "auto"', "SEED = 0"):
        assert name in first.source
    assert nb.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), (
        "store notebooks without outputs: the book build and CI execute them")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_runs_in_fast_mode_on_cpu(path, executed_fast):
    executed = executed_fast(path)
    printed = "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
    assert "Mode: FAST" in printed, "the setup cell must report the run's mode"


def figure_cells(nb):
    """(cell index in the source notebook, [PNG widths in pixels]) of every cell that draws a figure."""
    cells = [c for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])]  # papermill's
    for index, cell in enumerate(cells):
        pngs = [o["data"]["image/png"] for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
        if pngs:
            yield index, [struct.unpack(">I", base64.b64decode(png)[16:20])[0] for png in pngs]


@pytest.mark.parametrize("path", BOOK_NOTEBOOKS, ids=BOOK_IDS)
def test_figures_have_alt_text(path, executed_fast):
    for index, _ in figure_cells(executed_fast(path)):
        cell = nbformat.read(path, as_version=4).cells[index]
        alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
        assert len(alt) >= 40, (f"cell {index} draws a figure: describe it for a reader who cannot see it "
                                'in the cell metadata {"mystnb": {"image": {"alt": "..."}}}')


@pytest.mark.parametrize("path", BOOK_NOTEBOOKS, ids=BOOK_IDS)
def test_figures_are_readable_on_a_phone(path, executed_fast):
    # The course style draws 12-pt text at 110 dpi, 18 px. A phone shows a figure about 360 px wide,
    # so an image at most MAX_FIGURE_PX wide keeps that text at 8 CSS px or more. Wider, multi-panel
    # figures are laid out in rows instead.
    for index, widths in figure_cells(executed_fast(path)):
        assert max(widths) <= MAX_FIGURE_PX, (
            f"cell {index}: a figure {max(widths)} px wide shrinks its text below 8 px on a phone: "
            f"make it at most {MAX_FIGURE_PX / 110:.1f} inches wide (put panels in rows)")
