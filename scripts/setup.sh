#!/usr/bin/env bash
# Set up nianbao on a fresh Debian machine with Python 3.11+: a virtualenv in .venv with
# the package installed, plus the Debian packages it needs, installed only when missing.
#   scripts/setup.sh          runtime only (LibreOffice etc. are optional: warns if absent)
#   scripts/setup.sh test     with the test extra (every Debian package is required)
set -euo pipefail
cd "$(dirname "$0")/.."
extra="${1:-}"

apt_install() {  # apt_install PACKAGE... : install the missing ones; fails without root/sudo
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null || ! sudo -n true 2>/dev/null; then
      echo "setup: need root (or password-less sudo) to install: ${missing[*]}" >&2
      return 1
    fi
    sudo=(sudo -n)
  fi
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  echo "setup: nianbao needs Python 3.11 or newer as $python" >&2; exit 1
fi
# A venv made without ensurepip (Debian without python3-venv) has no pip: make it again.
if ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  rm -rf .venv
  if ! "$python" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    apt_install python3-venv
    "$python" -m venv .venv
  fi
fi
# LibreOffice converts legacy DOC/WPS reports; poppler and CJK fonts render PDFs.
runtime=(libreoffice-writer-nogui poppler-utils fonts-noto-cjk)
.venv/bin/python -m pip install -q --upgrade pip
if [ "$extra" = test ]; then
  # The tests start their own throwaway PostgreSQL server (tests/support/postgres.py).
  # The dashboard's tests drive Debian's headless chromium through Playwright; a second
  # CJK font family renders the PDF matrix of the extraction tests.
  apt_install "${runtime[@]}" postgresql chromium fonts-wqy-zenhei
  .venv/bin/python -m pip install -q -e '.[test]'
else
  apt_install "${runtime[@]}" ||
    echo "setup: warning: without LibreOffice, DOC/WPS reports are recorded as conversion_failed" >&2
  .venv/bin/python -m pip install -q .
fi
