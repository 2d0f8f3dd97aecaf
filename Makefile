# Every target creates what it needs first, so each works on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SPECS  := openapi/gomobile.yaml openapi/mock-admin.yaml openapi/client-contacts.yaml
ARGS   ?=

.PHONY: venv dev mock lint typecheck browser postgres test test-fast bench profile clean

# Two stamps: `make mock` needs the runtime only (a fresh clone to a running mock is mostly
# pip installing Connexion, Schemathesis and their dependencies); the tools that test, lint and
# type-check (pytest, ruff, mypy, Playwright) come with `make test`, on top of it.
$(VENV)/.installed: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## venv: the runtime only (what `make mock` needs)
venv: $(VENV)/.installed

## dev: the runtime and the development tools (what the test, lint and typecheck targets need)
dev: $(VENV)/.installed-dev

## mock: start the mock on http://127.0.0.1:3000 (pass options with ARGS="--seed 7")
mock: venv
	$(BIN)/contactkit mock $(ARGS)

## lint: the OpenAPI documents (validator + Spectral) and the Python (ruff)
lint: dev node_modules/.installed
	$(BIN)/openapi-spec-validator $(wildcard $(SPECS))
	node_modules/.bin/spectral lint --fail-severity=warn $(wildcard $(SPECS))
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: dev
	$(BIN)/mypy

## browser: Debian's Chromium for the /docs browser test (apt-get, as root, only if missing)
# Not fatal when it cannot be installed: that test then skips, and says why.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	  || echo "make browser: apt-get could not install chromium; the /docs browser test will be skipped"; \
	else \
	  echo "make browser: /usr/bin/chromium is missing; install Debian's chromium package as root" \
	       "(apt-get install -y chromium), else the /docs browser test will be skipped"; \
	fi

## postgres: Debian's PostgreSQL for the tests of the PostgreSQL store (apt-get, as root, if missing)
# The tests start a throwaway cluster of their own, so the package's default cluster is not
# created. Without PostgreSQL those tests skip and say why, except in CI (CI=true), where the
# test target makes a missing PostgreSQL a failure (CONTACTKIT_REQUIRE_POSTGRES).
postgres:
	@if command -v pg_ctl >/dev/null || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  mkdir -p /etc/postgresql-common; \
	  [ -e /etc/postgresql-common/createcluster.conf ] || \
	    echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) \
	  || echo "make postgres: apt-get could not install postgresql; its tests will be skipped"; \
	else \
	  echo "make postgres: PostgreSQL is missing; install Debian's postgresql package as root" \
	       "(apt-get install -y postgresql), else the PostgreSQL store tests will be skipped"; \
	fi

## test: everything CI checks: lint, types, and the whole test suite (on both stores)
# Two xdist workers, one per core: most of the suite waits on servers it started.
test: lint typecheck browser postgres
	$(if $(CI),CONTACTKIT_REQUIRE_POSTGRES=1) $(BIN)/pytest -n 2 $(ARGS)

## test-fast: the test suite alone, without the wheel install test, for the edit-run loop
test-fast: dev
	$(BIN)/pytest -x -q -m "not install" $(ARGS)

## bench: the mock beside Prism and a bare Starlette app, into benchmarks/results/ (~10 min, not CI)
# Installs wrk (apt-get), Prism (npm, benchmarks/package-lock.json) and the bench extra first.
bench: dev
	benchmarks/setup.sh
	$(BIN)/python benchmarks/run.py $(ARGS)

## profile: where a request's CPU goes, layer by layer (py-spy under wrk), into benchmarks/results/
profile: dev
	benchmarks/setup.sh
	$(BIN)/python benchmarks/profile_layers.py $(ARGS)

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache build dist *.egg-info
