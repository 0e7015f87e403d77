#!/usr/bin/env bash
# Browser prerequisites for tests/test_app_browser.py and bench/ (called by .ci/run).
#
# Playwright cannot download its own browser build here (offline apart from
# the package registries), so the tests drive Debian's chromium through
# executable_path. This script installs it, and the fonts screenshots need,
# only when missing. It does nothing else and is safe to run twice.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
# DejaVu renders labels and table text in screenshots; usually present already.
dpkg-query -W -f='${Status}' fonts-dejavu-core 2>/dev/null | grep -q "install ok installed" || missing+=(fonts-dejavu-core)

if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "browser-setup: need root to install: ${missing[*]}" >&2
        exit 1
    fi
    echo "browser-setup: installing ${missing[*]}"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

/usr/bin/chromium --headless=new --no-sandbox --disable-gpu --version 2>/dev/null || true
echo "browser-setup: chromium at /usr/bin/chromium"
