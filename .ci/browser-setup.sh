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

if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        as_root=()
    elif command -v sudo >/dev/null 2>&1; then
        as_root=(sudo)
    else
        echo "browser-setup: need root or sudo to install: ${missing[*]}" >&2
        exit 1
    fi
    echo "browser-setup: installing ${missing[*]} (apt-get${as_root:+ via sudo})"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

"$chromium" --headless=new --no-sandbox --disable-gpu --version 2>/dev/null || true
echo "browser-setup: chromium at $chromium"
