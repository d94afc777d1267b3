"""Every notebook (book pages and lab sources) follows the conventions and runs with FAST=True.

papermill executes each one on the CPU, offline; a lab source runs its visible and hidden
tests, so a failing reference solution fails here.
"""
import nbformat
import papermill
import pytest

from tests.conftest import REPO

NOTEBOOKS = sorted([*REPO.glob("book/**/*.ipynb"), *REPO.glob("solutions/*/*.ipynb")])
NOTEBOOKS = [p for p in NOTEBOOKS if "_build" not in p.parts and ".ipynb_checkpoints" not in p.parts]
IDS = [str(p.relative_to(REPO)) for p in NOTEBOOKS]


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
def test_runs_in_fast_mode_on_cpu(path, tmp_path):
    papermill.execute_notebook(str(path), str(tmp_path / path.name), kernel_name="python3",
                               parameters={"FAST": True, "DEVICE": "cpu"}, cwd=str(path.parent),
                               progress_bar=False)
    executed = nbformat.read(tmp_path / path.name, as_version=4)
    printed = "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
    assert "Mode: FAST" in printed, "the setup cell must report the run's mode"
