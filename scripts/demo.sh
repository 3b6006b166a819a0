#!/usr/bin/env bash
# The main job, end to end on the embedded default (SQLite in ./nianbao-data):
# set up, create the archive, register the bundled example sources, list them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >&2
export NIANBAO_DATA="${NIANBAO_DATA:-nianbao-data}"
.venv/bin/nianbao init
.venv/bin/nianbao sources example > "$NIANBAO_DATA/example-sources.yaml"
.venv/bin/nianbao sources import "$NIANBAO_DATA/example-sources.yaml"
.venv/bin/nianbao sources list
