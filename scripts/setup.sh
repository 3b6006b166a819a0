#!/usr/bin/env bash
# Set up nianbao on a fresh Debian machine with Python 3.11+: a virtualenv in .venv with
# the package installed, plus the Debian packages it needs, installed only when missing.
#   scripts/setup.sh          runtime only
#   scripts/setup.sh test     with the test extra
set -euo pipefail
cd "$(dirname "$0")/.."
extra="${1:-}"

apt_install() {  # apt_install PACKAGE... : install the missing ones (needs root or sudo)
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  echo "setup: nianbao needs Python 3.11 or newer as $python" >&2; exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv 2>/dev/null || { apt_install python3-venv; rm -rf .venv; "$python" -m venv .venv; }
fi
# LibreOffice converts legacy DOC/WPS reports; poppler and CJK fonts render PDFs.
apt_install libreoffice-writer-nogui poppler-utils fonts-noto-cjk
.venv/bin/python -m pip install -q --upgrade pip
if [ "$extra" = test ]; then
  # The tests start their own throwaway PostgreSQL server (tests/support/postgres.py).
  apt_install postgresql
  .venv/bin/python -m pip install -q -e '.[test]'
else
  .venv/bin/python -m pip install -q .
fi
