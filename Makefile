# One command each: `make setup`, `make run`, `make test`, `make lint`. Everything installs into .venv
# from the pins in constraints.txt, so a fresh machine gets the same working set.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SOURCES := cleaners flows schemas tests bench

.PHONY: setup run test lint bench bench-200mb faults install-check

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; run: make PYTHON=python3 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

run: setup
	@mkdir -p data/inbox
	@# like `cp -n`, portably: never overwrite a file the user put in the inbox; -p keeps the old mtime,
	@# so the run does not wait for freshly copied files to settle
	@for f in data/samples/*; do [ -e "data/inbox/$${f##*/}" ] || cp -p "$$f" data/inbox/; done
	$(BIN)/docclean run
	@echo
	$(BIN)/docclean query "SELECT source_path, ordinal, title, unit, year, paragraph_count FROM reports ORDER BY source_path, ordinal"

# Two processes (pytest-xdist): the slow tests are subprocess runs that mostly wait for Prefect's server.
test: setup
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

# mypy checks the installed names (docclean.*): the folders are linked under that name for it.
lint: setup
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)
	@mkdir -p $(VENV)/typecheck/docclean
	@for d in cleaners flows schemas; do ln -sfn ../../../$$d $(VENV)/typecheck/docclean/$$d; done
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/run.py

# The same, plus issue 15's ≈200 MB inbox (20,500 generated files, cached in bench/.corpus-20500-7/).
bench-200mb: setup
	$(BIN)/python bench/run.py --big-files 20500

# The long fault campaign (random kills of real runs, bad inputs, corrupt lake files, a full disk): ≈30 min
# on two cores; prints its counts. `FAULTS_ARGS="--files 500 --kills 6 --bad 120"` for a shorter one.
faults: setup
	$(BIN)/python bench/faults.py $(FAULTS_ARGS)

# A plain, non-editable `pip install .` into a fresh venv, from the version bounds in pyproject.toml
# alone (not constraints.txt), then `docclean run` on the samples.
install-check:
	bash scripts/check_plain_install.sh
