# The two commands a newcomer needs: `make book` and `make test` (see README.md).
# Both create the virtual environment .venv/ from requirements.txt on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
# nbgrader runs alembic, and papermill the kernel, from PATH: use the virtual environment's.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: book test notebooks bench clean system-packages

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

# The grader's sandbox uses bubblewrap: installed with apt when run as root (as in CI); otherwise
# a note, and the tests that need it skip with the same advice.
system-packages:
	@command -v bwrap >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get install -y -q bubblewrap >/dev/null 2>&1 || \
	    { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q bubblewrap >/dev/null 2>&1; } || \
	    echo "note: could not install bubblewrap with apt-get"; \
	  else echo "note: install bubblewrap (apt-get install bubblewrap) for the grader's sandbox"; fi; }

test: $(INSTALLED) system-packages
	$(PY) -m pytest

# Regenerate the student labs in notebooks/ from solutions/ (commit both).
notebooks: $(INSTALLED)
	$(PY) -m autograde release

# Execution time of every notebook (FAST and full) and grading seconds per submission.
bench: $(INSTALLED)
	$(PY) -m bench

clean:
	rm -rf _build
