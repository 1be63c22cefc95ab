# Two commands on a fresh clone: `make demo` and `make test`.
# Each creates or updates its own virtual environment in .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# one more pytest worker than cores: the suite waits on kernels, browsers and databases (2 cores: 3 workers
# took a full run from 38:54 to 33:36, and left the cores idle 5 % of the time)
JOBS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))

.PHONY: venv demo test test-fast lint fmt release lab bench clean help system-demo system-test

help:
	@echo "make demo     - release, submit, autograde, feedback and report for a synthetic class"
	@echo "make test     - the whole test suite (course, grader, security, browser)"
	@echo "make lab      - copy release/ into work/ and start JupyterLab"
	@echo "make lint     - check every source notebook"
	@echo "make fmt      - normalise every source notebook in place"
	@echo "make release  - regenerate release/ from source/"
	@echo "make bench    - benchmarks (bench/)"

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 not found: install python3.11"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else "Python >= 3.11 is needed, found " + sys.version)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# torch first and pinned: the local CPU build, never the CUDA one
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -r requirements-dev.txt -e .
	# left in a venv made before jsonschema was pinned to 4.23 (requirements.txt): 0.8 s per process
	$(BIN)/python -m pip uninstall -q -y rfc3987-syntax 2>/dev/null || true
	# the package's message catalogues, compiled (the .po is read when it is newer)
	$(BIN)/pybabel -q compile -d workbook/locale -D workbook
	$(BIN)/jupyter labextension list 2>&1 | grep -q nbgrader || true
	touch $(STAMP)

venv: $(STAMP)

# system packages first: installed when root or passwordless sudo allow it, or stop with the one command to run
system-demo:
	@scripts/system-packages demo

system-test:
	@scripts/system-packages test

demo: system-demo $(STAMP)
	$(BIN)/workbook demo

test: system-test $(STAMP)
	@scripts/system-packages browser $(BIN)/python
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup --durations=40 $(PYTEST_ARGS)

test-fast: system-test $(STAMP)
	$(BIN)/python -m pytest -n $(JOBS) -m "not slow" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/workbook lint

fmt: $(STAMP)
	$(BIN)/workbook fmt

release: $(STAMP)
	$(BIN)/workbook release

lab: $(STAMP)
	$(BIN)/workbook lab

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf gradebook.db submitted/*/ autograded/*/ feedback reports test-output
