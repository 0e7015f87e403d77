#!/usr/bin/env bash
# PostgreSQL 15 + PostGIS 3 for the store tests (tests/store/, called by .ci/run).
#
# Installs Debian's postgresql-15-postgis-3 (which brings postgresql-15) only
# when initdb or the PostGIS extension is missing. It starts no server: the
# tests start a throwaway cluster of their own in a temporary folder, on a
# Unix socket, as an unprivileged user (tests/store/cluster.py), and remove it
# afterwards. Safe to run twice.
#
# Runs as root (CI, containers, which often have no sudo) or as a user with
# sudo: only the apt-get calls need root, and only those go through sudo.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
version=15
if [ -x "/usr/lib/postgresql/$version/bin/initdb" ] && [ -f "/usr/share/postgresql/$version/extension/postgis.control" ]; then
    echo "postgres-setup: PostgreSQL $version with PostGIS already installed"
    exit 0
fi
bash "$(dirname "$0")/apt-install.sh" postgres-setup "postgresql-$version-postgis-3"
echo "postgres-setup: PostgreSQL $version with PostGIS installed"
