#!/usr/bin/env bash
# The whole test suite: set up (with the test extra), lint, then every test, slow ones
# included. Fails on any failure, and when no test ran (pytest exits 5).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test >&2
.venv/bin/ruff check .
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
