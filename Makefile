# One command each: `make setup`, `make run`, `make test`. Everything installs into .venv from the pins
# in constraints.txt, so a fresh machine gets the same working set.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup run test lint bench clean-lake

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; run: make PYTHON=python3 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

run: setup
	@mkdir -p data/inbox
	@# like `cp -n`, portably: never overwrite a file the user put in the inbox; -p keeps the old mtime,
	@# so the run does not wait for freshly copied files to settle
	@for f in data/samples/*; do [ -e "data/inbox/$${f##*/}" ] || cp -p "$$f" data/inbox/; done
	$(BIN)/docclean run
	@echo
	$(BIN)/docclean query "SELECT source_path, ordinal, title, unit, year, paragraph_count FROM reports ORDER BY source_path, ordinal"

test: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check cleaners flows schemas tests

bench: setup
	$(BIN)/python bench/run.py
