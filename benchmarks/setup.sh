#!/bin/sh
# Install what `make bench` needs beyond the project's dev tools; does nothing when it is there.
#   wrk          the load generator, from Debian's packages (apt-get; root or sudo)
#   Prism 5      @stoplight/prism-cli, pinned in benchmarks/package.json and locked in
#                benchmarks/package-lock.json, installed into benchmarks/node_modules: apart from
#                the project's own package.json (the linter that `make lint` and CI install), so
#                that CI never downloads Prism's 200 packages for a benchmark it does not run
#   bench extra  matplotlib for the chart, py-spy for make profile (pyproject.toml,
#                [project.optional-dependencies])
set -eu
cd "$(dirname "$0")/.."
BIN=.venv/bin

if ! command -v wrk >/dev/null 2>&1 || ! command -v taskset >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq wrk util-linux
fi

if [ ! -f benchmarks/node_modules/.installed ] \
    || [ benchmarks/package-lock.json -nt benchmarks/node_modules/.installed ]; then
    npm ci --prefix benchmarks --no-audit --no-fund --loglevel=error
    touch benchmarks/node_modules/.installed
fi

if ! "$BIN/python" -c "import matplotlib" >/dev/null 2>&1 || [ ! -x "$BIN/py-spy" ]; then
    "$BIN/pip" install -q -e '.[dev,bench]'
fi

echo "bench tools: $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2), prism $(benchmarks/node_modules/.bin/prism --version), matplotlib $("$BIN/python" -c 'import matplotlib; print(matplotlib.__version__)')"
