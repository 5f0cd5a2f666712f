# Two commands for a fresh machine with Python 3.11+:
#   make run    set up .venv and start the app (make run ARGS=--demo for the demo data)
#   make test   set up .venv and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run demo test lint screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "tracker needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test,dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/tracker $(ARGS)

demo: $(STAMP)
	$(BIN)/tracker --demo

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff format tracker tests bench migrations packaging docs
	$(BIN)/ruff check --fix tracker tests bench migrations packaging docs

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
