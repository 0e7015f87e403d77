"""Two analysts at once: concurrent and killed builds against the real server.

Each build is a real ``python -m geo build --store`` process. The test holds
a table lock to catch the builds at a known point inside their transaction
(seen in ``pg_stat_activity`` and ``pg_locks``), then lets them go or kills one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from geo import settings, store
from geo.cli import build
from geo.layer import dumps_layer, read_layer
from tests.conftest import sample_layer
from tests.store.conftest import seed_folder

WAIT_S = 120


def _start_build(folder: Path, url: str, name: str) -> subprocess.Popen:
    env = {**os.environ, "PGAPPNAME": name}  # libpq names the build's session in pg_stat_activity
    return subprocess.Popen([sys.executable, "-m", "geo", "build", "--seeds", str(folder), "--store", url],
                            cwd=settings.ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(conn: psycopg.Connection, sql: str, params: tuple, what: str,
              procs: list[subprocess.Popen]) -> list[tuple]:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        rows = conn.execute(sql, params).fetchall()
        if rows:
            return rows
        for proc in procs:
            if proc.poll() is not None:
                raise AssertionError(f"a build ended while waiting for {what}: {proc.communicate()[1]}")
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


WAITING = "SELECT pid FROM pg_stat_activity WHERE application_name = %s AND wait_event_type = 'Lock'"


def _holding_lock_table(url: str, table: str) -> psycopg.Connection:
    conn = psycopg.connect(url)
    conn.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
    return conn


def test_two_builds_started_together_both_land(store_url: str, tmp_path: Path) -> None:
    stems = sorted(p.stem for p in settings.SEEDS_DIR.glob("*.txt"))
    folders = {"geo-build-a": seed_folder(tmp_path, "a", stems[:2]), "geo-build-b": seed_folder(tmp_path, "b", stems[2:])}
    store.connect(store_url)  # the schema first, so the lock below has a table
    watcher = psycopg.connect(store_url, autocommit=True)
    gate = _holding_lock_table(store_url, "places")
    builds = {name: _start_build(folder, store_url, name) for name, folder in folders.items()}
    for name in builds:  # one waits on the table, the other on the store's write lock
        _wait_for(watcher, WAITING, (name,), f"{name} to wait inside its transaction",
                  list(builds.values()))
    gate.rollback()
    for name, proc in builds.items():
        out, err = proc.communicate(timeout=WAIT_S)
        assert proc.returncode in (0, 3), (name, err)
    files = {name: read_layer(_file_build(folder, tmp_path / f"{name}.geojson")) for name, folder in folders.items()}
    stored = store.read_layer(store_url)
    for kind in ("event", "control", "claim"):
        assert _ids(stored, kind) == set().union(*(_ids(fc, kind) for fc in files.values())), kind
    assert {a["source_id"] for a in stored["metadata"]["articles"]} == {
        a["source_id"] for fc in files.values() for a in fc["metadata"]["articles"]}
    both = _places(files["geo-build-a"]).keys() & _places(files["geo-build-b"]).keys()
    assert both, "the two folders should name a place in common"
    for place_id in both:  # a place both name keeps both builds' sources
        sources = set(_places(stored)[place_id]["sources"])
        assert sources == set(_places(files["geo-build-a"])[place_id]["sources"]) | set(
            _places(files["geo-build-b"])[place_id]["sources"])
    assert store.revision(store_url) == 2
    watcher.close()
    gate.close()


def test_a_build_killed_inside_its_transaction_leaves_the_store_as_it_was(store_url: str) -> None:
    store.write_layer(sample_layer(), store_url)
    before, revision = dumps_layer(store.read_layer(store_url)), store.revision(store_url)
    watcher = psycopg.connect(store_url, autocommit=True)
    gate = _holding_lock_table(store_url, "controls")  # the last table a build writes
    proc = _start_build(settings.SEEDS_DIR, store_url, "geo-build-killed")
    [(pid,)] = _wait_for(watcher, WAITING, ("geo-build-killed",), "the build to reach the controls table", [proc])
    wrote = watcher.execute("SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                            "WHERE l.pid = %s AND l.granted AND l.mode = 'RowExclusiveLock'", (pid,)).fetchall()
    assert {"articles", "places", "events"} <= {r[0] for r in wrote}  # it had written those rows
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=WAIT_S)
    gate.rollback()  # its server session goes on, finds the client gone and rolls back
    deadline = time.monotonic() + WAIT_S
    while watcher.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone():
        assert time.monotonic() < deadline, "the killed build's session did not end"
        time.sleep(0.1)
    assert store.revision(store_url) == revision
    assert dumps_layer(store.read_layer(store_url)) == before
    watcher.close()
    gate.close()


def _file_build(folder: Path, out: Path) -> Path:
    build(folder, out)
    return out


def _ids(fc: dict, kind: str) -> set[str]:
    return {f["id"] for f in fc["features"] if f["properties"]["kind"] == kind}


def _places(fc: dict) -> dict[str, dict]:
    return {f["properties"]["place_id"]: f["properties"] for f in fc["features"] if f["properties"]["kind"] == "place"}
