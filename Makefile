# Two commands matter: `make run` and `make test`. Everything else is a helper they call.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests run in this many processes (pytest-xdist); each database test has its own schema or file.
PYTEST_WORKERS ?= 2

.PHONY: run test lint install install-dev clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP) $(DEV_STAMP)

install: $(STAMP)

install-dev: $(DEV_STAMP)

run: $(STAMP)
	$(BIN)/monotown db upgrade
	$(BIN)/monotown data load-reference --if-empty
	$(BIN)/monotown data load-demo --if-empty
	$(BIN)/monotown program load-facts --if-empty
	$(BIN)/monotown program load-demo --if-empty
	$(BIN)/monotown standards load-demo --if-empty
	$(BIN)/monotown assess run --if-empty --uncertainty 200 --seed 20260101
	$(BIN)/monotown serve --host $(HOST) --port $(PORT)

test: $(DEV_STAMP) lint
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(DEV_STAMP)
	for b in bench/*_bench.py; do $(BIN)/python $$b; done

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
