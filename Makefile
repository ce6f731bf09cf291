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
	$(BIN)/docclean clean data/samples/*.txt

test: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check cleaners flows schemas tests
