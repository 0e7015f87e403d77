#!/usr/bin/env bash
# Browser prerequisites for tests/test_app_browser.py and bench/ (called by .ci/run).
#
# Playwright cannot download its own browser build here (offline apart from
# the package registries), so the tests drive Debian's chromium through
# executable_path. This script installs it, and the fonts screenshots need,
# only when missing. It does nothing else and is safe to run twice.
#
# Runs as root (CI, containers, which often have no sudo) or as a user with
# sudo: only the apt-get calls need root, and only those go through sudo.
# $GEO_CHROMIUM names another chromium binary to check for, as in tests/browser.py.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
chromium="${GEO_CHROMIUM:-/usr/bin/chromium}"
missing=()
[ -x "$chromium" ] || missing+=(chromium)
# DejaVu renders labels and table text in screenshots; usually present already.
dpkg-query -W -f='${Status}' fonts-dejavu-core 2>/dev/null | grep -q "install ok installed" || missing+=(fonts-dejavu-core)
# pdftotext reads the exported PDF snapshots' text back in the export tests.
command -v pdftotext >/dev/null || missing+=(poppler-utils)

if [ "${#missing[@]}" -gt 0 ]; then
    bash "$(dirname "$0")/apt-install.sh" browser-setup "${missing[@]}"
fi

"$chromium" --headless=new --no-sandbox --disable-gpu --version 2>/dev/null || true
echo "browser-setup: chromium at $chromium"
