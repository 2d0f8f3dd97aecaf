# Every target creates what it needs first, so each works on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SPECS  := openapi/gomobile.yaml openapi/mock-admin.yaml
ARGS   ?=

.PHONY: venv mock lint typecheck test test-fast bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

venv: $(VENV)/.installed

## mock: start the mock on http://127.0.0.1:3000 (pass options with ARGS="--seed 7")
mock: venv
	$(BIN)/contactkit mock $(ARGS)

## lint: the OpenAPI documents (validator + Spectral) and the Python (ruff)
lint: venv node_modules/.installed
	$(BIN)/openapi-spec-validator $(wildcard $(SPECS))
	node_modules/.bin/spectral lint --fail-severity=warn $(wildcard $(SPECS))
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv
	$(BIN)/mypy

## test: everything CI checks: lint, types, and the whole test suite
test: lint typecheck
	$(BIN)/pytest $(ARGS)

## test-fast: the test suite alone, for the edit-run loop
test-fast: venv
	$(BIN)/pytest -x -q $(ARGS)

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache build dist *.egg-info
