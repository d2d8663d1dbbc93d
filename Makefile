# One command to set up and run the demo offline; one to set up and run the tests.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOME_DIR ?= $(CURDIR)/.cruxmap

.PHONY: setup demo test test-fast e2e-deps lint bench bench-real clean

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

demo: setup
	CRUXMAP_HOME=$(HOME_DIR) $(BIN)/cruxmap demo

e2e-deps:
	bash scripts/install-test-deps.sh

test: setup e2e-deps
	$(BIN)/ruff check .
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest -q -ra

test-fast: setup
	$(BIN)/python -m pytest -q -ra -m "not e2e and not integration"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m mypy

bench: setup
	$(BIN)/python benchmarks/run_all.py

# Real-text quality against the blind gold in benchmarks/real_gold (needs ../shared; ~10 min).
bench-real: setup
	rm -rf /tmp/cruxmap-real
	$(BIN)/python -m benchmarks.real_corpus --home /tmp/cruxmap-real
	$(BIN)/python -m benchmarks.bench_real --home /tmp/cruxmap-real

clean:
	rm -rf $(VENV) $(HOME_DIR)
