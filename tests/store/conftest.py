"""Store tests run against a real PostgreSQL + PostGIS server (tests/store/cluster.py).

The session's ``pg_cluster`` is started once; each test's ``store_url`` is a
new, empty database on it. Without PostgreSQL and PostGIS the tests are
skipped, saying how to install them; with ``CI`` set (CI runs with CI=true)
they fail instead, so CI never passes without having run them.
"""

from __future__ import annotations

import csv
import itertools
import os
import shutil
from pathlib import Path
from typing import Iterator

import psycopg
import pytest

from geo import settings
from tests.store.cluster import Cluster, unavailable

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    why = unavailable()
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"store tests must run in CI, but: {why}", pytrace=False)
        pytest.skip(why)
    cluster = Cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


def create_database(cluster: Cluster, name: str) -> str:
    """A new empty database ``name`` (dropped first if left over); returns its URL."""
    with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return cluster.url(name)


@pytest.fixture
def store_url(pg_cluster: Cluster) -> str:
    """The URL of a new, empty database (no tables yet) on the session's server."""
    return create_database(pg_cluster, f"geo_test_{os.getpid()}_{next(_numbers)}")


def seed_folder(tmp_path: Path, name: str, stems: list[str]) -> Path:
    """A seeds folder with some of the seed articles (by file stem) and their sources.csv rows."""
    folder = tmp_path / name
    folder.mkdir()
    with (settings.SEEDS_DIR / "sources.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if Path(r["file"]).stem in stems]
    with (folder / "sources.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    for stem in stems:
        shutil.copy(settings.SEEDS_DIR / f"{stem}.txt", folder)
    return folder
