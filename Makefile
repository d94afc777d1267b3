# The two commands a newcomer needs: `make book` and `make test` (see README.md).
# Both create the virtual environment .venv/ from requirements.txt on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
# nbgrader runs alembic, and papermill the kernel, from PATH: use the virtual environment's.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: book test notebooks catalogues bench screenshots clean system-packages

$(INSTALLED): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -e .
	touch $@

# Executes the book's notebooks (cached in _build/.jupyter_cache, so a prose-only change rebuilds
# in seconds) and builds the HTML into _build/html from an otherwise clean _build, warnings as errors;
# then the Chinese edition into _build/html/zh from the catalogues in locales/, with the same cache.
# Static pages get no progress-bar widgets (attention_course/progress.py).
book: $(INSTALLED)
	@mkdir -p _build
	find _build -mindepth 1 -maxdepth 1 ! -name .jupyter_cache -exec rm -rf {} +
	ATTENTION_COURSE_NO_PROGRESS=1 $(VENV)/bin/jupyter-book build . --builder html -W -n --keep-going
	ATTENTION_COURSE_NO_PROGRESS=1 $(PY) -m i18n build
	@echo "Open _build/html/index.html (English) or _build/html/zh/index.html (中文)"

# After an English change: bring the Chinese catalogues in step (new messages empty, changed ones
# fuzzy until translated again; see locales/TRANSLATING.md), then the Chinese notebooks in zh/.
catalogues: $(INSTALLED)
	$(PY) -m i18n update
	$(PY) -m i18n notebooks
	$(PY) -m i18n missing || true

# System packages from Debian: bubblewrap for the grader's sandbox; Chromium, its driver and CJK fonts
# for the browser tests and screenshots. Installed with apt when run as root (as in CI); otherwise a
# note, and the tests that need them skip with the same advice.
SYSTEM_PACKAGES := bubblewrap chromium chromium-driver fonts-noto-cjk
system-packages:
	@command -v bwrap >/dev/null && command -v chromedriver >/dev/null && fc-list | grep -q "Noto Sans CJK" || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get install -y -q --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null 2>&1 || \
	    { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null 2>&1; } || \
	    echo "note: could not install $(SYSTEM_PACKAGES) with apt-get"; \
	  else echo "note: install $(SYSTEM_PACKAGES) (apt-get) for the grader's sandbox and the browser tests"; fi; }

test: $(INSTALLED) system-packages
	$(PY) -m pytest

# Regenerate the student labs in notebooks/ from solutions/, and the Chinese notebooks in zh/ (commit all).
notebooks: $(INSTALLED)
	$(PY) -m autograde release
	$(PY) -m i18n notebooks

# Execution time of every notebook (FAST and full) and grading seconds per submission.
bench: $(INSTALLED)
	$(PY) -m bench

# Screenshots of key pages at desktop and phone sizes, from the book that `make book` built.
screenshots: $(INSTALLED) system-packages
	$(PY) -m tests.browser _build/html _build/screenshots

clean:
	rm -rf _build

# Fast start outside this environment: PyTorch's CPU-only build (a few hundred MB instead of the several GB
# of CUDA wheels that PyPI's Linux torch pulls) from PyTorch's own package index, into .venv/ before the
# rest: `make torch-cpu book` or `make torch-cpu test`. Not used by default: CI reaches only the registries.
TORCH_CPU_INDEX := https://download.pytorch.org/whl/cpu
.PHONY: torch-cpu
torch-cpu:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --index-url $(TORCH_CPU_INDEX) "$$(grep -E '^torch==' requirements.txt)"
