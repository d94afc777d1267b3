# The two commands a newcomer needs: `make book` and `make test` (see README.md).
# Both create the virtual environment .venv/ from requirements.txt on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
# nbgrader runs alembic, and papermill the kernel, from PATH: use the virtual environment's.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: book test notebooks bench clean

$(INSTALLED): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -e .
	touch $@

# Executes the book's notebooks (cached in _build/.jupyter_cache, so a prose-only change rebuilds
# in seconds) and builds the HTML into _build/html from an otherwise clean _build, warnings as errors.
book: $(INSTALLED)
	@mkdir -p _build
	find _build -mindepth 1 -maxdepth 1 ! -name .jupyter_cache -exec rm -rf {} +
	$(VENV)/bin/jupyter-book build . --builder html -W -n --keep-going
	@echo "Open _build/html/index.html"

test: $(INSTALLED)
	$(PY) -m pytest

# Regenerate the student labs in notebooks/ from solutions/ (commit both).
notebooks: $(INSTALLED)
	$(PY) -m autograde release

# Execution time of every notebook (FAST and full) and grading seconds per submission.
bench: $(INSTALLED)
	$(PY) -m bench

clean:
	rm -rf _build
