#!/usr/bin/env bash
# Install Debian packages for a setup script: apt-install.sh LABEL PACKAGE...
#
# Shared by browser-setup.sh and postgres-setup.sh. Runs apt-get directly as
# root (CI, containers, which often have no sudo) or through sudo as any other
# user; only the apt-get calls need root. Callers decide what is missing.
set -euo pipefail

label="$1"
shift
if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "$label: need root or sudo to install: $*" >&2
    exit 1
fi
echo "$label: installing $* (apt-get${as_root:+ via sudo})"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
