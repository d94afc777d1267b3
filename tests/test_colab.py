"""What a student meets in Colab or a fresh Jupyter: the setup cell, and the GPU runtime request.

The setup cell of every notebook installs only what is missing (in Colab: the course's helper
package), touches nothing when everything is installed (so it works offline), and says what to do
when it cannot install. The last test runs a lab in a fresh environment that lacks the helper
package, installed the way Colab installs it (from a wheel instead of the repository's zip, so
that the test needs no network).
"""
import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tests.conftest import REPO

NOTEBOOKS = sorted([*REPO.glob("book/**/*.ipynb"), *REPO.glob("solutions/*/*.ipynb"),
                    *REPO.glob("notebooks/*/*.ipynb")])
NOTEBOOKS = [p for p in NOTEBOOKS if "_build" not in p.parts]
IDS = [str(p.relative_to(REPO)) for p in NOTEBOOKS]
SITE_PACKAGES = Path(next(p for p in sys.path if p.endswith("site-packages")))


def install_block(path: Path) -> str:
    """The part of the setup cell (second code cell) that installs what is missing."""
    nb = nbformat.read(path, as_version=4)
    setup = [c for c in nb.cells if c.cell_type == "code"][1].source
    assert "Could not install" in setup, f"{path}: the setup cell has no install block"
    return setup[:setup.index("\n\n", setup.index("Could not install"))] + "\n"


def imported_modules(path: Path) -> set[str]:
    """Top-level names of the modules that the notebook's cells import unconditionally.

    Imports inside an ``if`` or ``try`` are optional extras behind a guard (e.g. ``transformers``).
    """
    nb = nbformat.read(path, as_version=4)
    names = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        lines = [line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!"))]
        for node in ast.parse("\n".join(lines)).body:
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


def run_python(python: str, code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **env}, cwd="/")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_setup_cell_installs_every_third_party_module_it_imports(path):
    namespace = {}
    block = install_block(path)
    needed_line = next(line for line in block.splitlines() if line.startswith("NEEDED = "))
    exec(needed_line, {"HELPER": "helper"}, namespace)  # noqa: S102 (our own notebooks)
    covered = set(namespace["NEEDED"]) | {"torch"}
    third_party = {m for m in imported_modules(path) if m not in sys.stdlib_module_names}
    assert third_party <= covered, (
        f"the setup cell must install {sorted(third_party - covered)} when missing (add them to NEEDED)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_setup_cell_touches_nothing_when_everything_is_installed(path):
    # pip is made unusable: if the block called it, the run would fail or print "Installing".
    done = run_python(sys.executable, install_block(path), PIP_INDEX_URL="http://0.0.0.0:9/")
    assert done.returncode == 0, done.stderr
    assert "Installing" not in done.stdout


def test_setup_cell_says_what_to_do_when_it_cannot_install(fresh_python):
    done = run_python(fresh_python, install_block(NOTEBOOKS[0]),
                      ATTENTION_COURSE_SOURCE="/nonexistent/attention-course.zip", PIP_NO_INDEX="1")
    assert done.returncode != 0
    assert "Installing what is missing: /nonexistent/attention-course.zip" in done.stdout
    assert "needs the internet once" in done.stderr and "pip install -r requirements.txt -e ." in done.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebooks_with_gpu_optional_cells_ask_colab_for_a_gpu(path):
    nb = nbformat.read(path, as_version=4)
    benefits = any("GPU-optional" in cell.source for cell in nb.cells)
    asks = nb.metadata.get("accelerator") == "GPU" and "gpuType" in nb.metadata.get("colab", {})
    assert asks == benefits, ("a notebook with GPU-optional cells asks Colab for a GPU runtime in its "
                              "metadata (accelerator, colab.gpuType), and only such a notebook does")


@pytest.fixture(scope="module")
def fresh_python(tmp_path_factory):
    """A new virtual environment that sees this one's packages, except the course's helper package."""
    root = tmp_path_factory.mktemp("fresh")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root / "venv")], check=True)
    shared = root / "shared-site-packages"
    shared.mkdir()
    for entry in SITE_PACKAGES.iterdir():
        if "attention_course" not in entry.name and not entry.name.endswith(".pth"):
            (shared / entry.name).symlink_to(entry)
    python = root / "venv" / "bin" / "python"
    site = run_python(str(python), "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip()
    (Path(site) / "shared.pth").write_text(f"{shared}\n")
    assert run_python(str(python), "import torch, numpy, papermill").returncode == 0
    assert run_python(str(python), "import attention_course").returncode != 0
    return str(python)


def test_a_lab_runs_in_a_fresh_environment_without_the_helper_package(fresh_python, tmp_path):
    # Built from a copy: setuptools leaves a build/ folder next to the sources.
    source, wheel_dir = tmp_path / "source", tmp_path / "wheel"
    shutil.copytree(REPO / "attention_course", source / "attention_course",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(REPO / "pyproject.toml", source / "pyproject.toml")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    str(source), "-w", str(wheel_dir)], check=True, capture_output=True, timeout=300)
    wheel = next(wheel_dir.glob("attention_course-*.whl"))
    lab = REPO / "solutions" / "ch03" / "ch03-attention-algorithm.ipynb"
    out = tmp_path / "executed.ipynb"
    done = subprocess.run([fresh_python, "-m", "papermill", str(lab), str(out), "-k", "python3",
                           "-p", "FAST", "True", "-p", "DEVICE", "cpu", "--cwd", str(tmp_path)],
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "ATTENTION_COURSE_SOURCE": str(wheel), "PIP_NO_INDEX": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    executed = nbformat.read(out, as_version=4)
    printed = "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
    assert f"Installing what is missing: {wheel}" in printed
    assert "Mode: FAST" in printed
    where = run_python(fresh_python, "import attention_course; print(attention_course.__file__)").stdout
    assert where.startswith(str(Path(fresh_python).parent.parent)), "the helper was not installed into the fresh environment"
