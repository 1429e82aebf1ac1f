# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test install install-dev system-deps lint screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt

install-dev: $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt

# Chromium (browser tests), PostgreSQL (store tests) and nginx (replica tests), from Debian.
system-deps:
	bash scripts/system-deps.sh

run: install
	$(BIN)/streamlit run server.py --server.port $(PORT)

test: system-deps install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

screenshots: install-dev
	$(BIN)/python scripts/screenshots.py
