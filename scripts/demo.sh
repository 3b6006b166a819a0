#!/usr/bin/env bash
# The main job, end to end on the embedded default: set up, then `nianbao demo` —
# the bundled sample portals served on 127.0.0.1, crawled into a fresh SQLite archive,
# and a summary of what was found, missed and flagged.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >&2
exec .venv/bin/nianbao demo "$@"
