"""geo.store against a real PostgreSQL + PostGIS server: schema, round trip, errors, CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from geo import settings, store
from geo.cli import EXIT_FAILED, EXIT_OK, build, main
from geo.errors import LayerValidationError, StoreError
from geo.layer import dumps_layer, read_layer
from geo.store import engine, tables
from geo.store.read import view_layer
from tests.conftest import sample_layer

SUDZHA_BOX = [[35.20, 51.15], [35.33, 51.15], [35.33, 51.23], [35.20, 51.23], [35.20, 51.15]]


@pytest.fixture(scope="module")
def seed_file_layer(tmp_path_factory) -> Path:
    """The seeds built into a layer file, to compare the store with."""
    out = tmp_path_factory.mktemp("file-build") / "layer.geojson"
    build(settings.SEEDS_DIR, out)
    return out


def _count(url: str, table: str) -> int:
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_migrations_apply_once_and_match_the_table_objects(store_url: str) -> None:
    eng = store.connect(store_url)
    assert engine.migrate(eng) == []  # connect applied them; a second run has nothing to do
    with eng.connect() as conn:
        versions = conn.execute(sa.text("SELECT version, name FROM schema_version ORDER BY version")).all()
        assert [v for v, _ in versions] == [v for v, _ in engine.migrations()]
        inspector = sa.inspect(conn)
        for table in tables.META.sorted_tables:
            columns = {c["name"]: c["nullable"] for c in inspector.get_columns(table.name)}
            assert columns == {c.name: c.nullable for c in table.columns}, table.name
        gist = conn.execute(sa.text("SELECT tablename FROM pg_indexes WHERE indexdef LIKE '%USING gist (geom)%'")).scalars()
        assert set(gist) == {"places", "events", "claims", "controls"}
        srids = conn.execute(sa.text("SELECT DISTINCT srid FROM geometry_columns WHERE f_geometry_column = 'geom'")).scalars()
        assert list(srids) == [4326]
        dated = conn.execute(sa.text("SELECT indexname FROM pg_indexes WHERE indexdef ~ '(date|valid_)'")).scalars()
        assert {"events_date_start_idx", "events_date_end_idx", "claims_start_idx", "controls_valid_idx"} <= set(dated)


def test_seed_build_into_the_store_gives_the_file_build_byte_for_byte(store_url: str, seed_file_layer: Path) -> None:
    report = build(settings.SEEDS_DIR, Path("unused.geojson"), store=store_url)
    assert report.events > 0 and not Path("unused.geojson").exists()
    assert dumps_layer(store.read_layer(store_url)) == seed_file_layer.read_text(encoding="utf-8")
    assert store.revision(store_url) == 1


def test_a_rebuild_upserts_instead_of_adding_rows(store_url: str) -> None:
    fc = sample_layer()
    store.write_layer(fc, store_url)
    store.write_layer(fc, store_url)
    assert _count(store_url, "events") == sum(1 for f in fc["features"] if f["properties"]["kind"] == "event")
    assert store.revision(store_url) == 2
    assert store.read_layer(store_url)["features"] == fc["features"]


def test_an_invalid_layer_is_refused_naming_the_store_and_nothing_is_written(store_url: str) -> None:
    fc = sample_layer()
    fc["features"][-1]["properties"]["kind"] = "bogus"
    with pytest.raises(LayerValidationError, match="feature .*bogus") as caught:
        store.write_layer(fc, store_url)
    assert "geo_test_" in str(caught.value)
    assert store.revision(store_url) == 0 and _count(store_url, "events") == 0


def test_unreachable_store_names_the_url_without_its_password(tmp_path: Path) -> None:
    url = f"postgresql://analyst:s3cret@/geo?host={tmp_path}&port=1"
    with pytest.raises(StoreError, match="cannot use the store") as caught:
        store.connect(url)
    assert "s3cret" not in str(caught.value) and "analyst:***@" in str(caught.value)


def test_not_a_postgresql_url_is_refused() -> None:
    with pytest.raises(StoreError, match="not a PostgreSQL URL"):
        store.connect("sqlite:///layer.db")
    with pytest.raises(StoreError, match="not a database URL"):
        store.connect("layer.geojson")


def test_a_database_where_postgis_cannot_be_enabled_says_so(pg_cluster, store_url: str) -> None:
    with psycopg.connect(pg_cluster.url(sa.engine.make_url(store_url).database), autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS geo_plain")
        conn.execute("CREATE ROLE geo_plain LOGIN")
        conn.execute("GRANT CREATE ON SCHEMA public TO geo_plain")
    url = store_url.replace("postgresql://postgres@", "postgresql://geo_plain@")
    with pytest.raises(StoreError, match="PostGIS is not enabled in this database.*CREATE EXTENSION postgis"):
        store.connect(url)


def test_the_cli_builds_exports_and_reads_the_ledger_from_the_store(store_url: str, tmp_path: Path,
                                                                     seed_file_layer: Path, capsys) -> None:
    assert main(["build", "--store", store_url]) in (EXIT_OK, 3)
    assert "built postgresql://postgres@/geo_test_" in capsys.readouterr().out
    args = ["--date", "2025-03-14", "--format", "geojson"]
    assert main(["export", "--store", store_url, *args, "--out", str(tmp_path / "store.geojson")]) == EXIT_OK
    assert main(["export", "--layer", str(seed_file_layer), *args, "--out", str(tmp_path / "file.geojson")]) == EXIT_OK
    assert (tmp_path / "store.geojson").read_bytes() == (tmp_path / "file.geojson").read_bytes()
    capsys.readouterr()
    assert main(["ledger", "--store", store_url, "--place", "Sudzha", "--format", "json"]) == EXIT_OK
    from_store = capsys.readouterr().out
    assert main(["ledger", "--layer", str(seed_file_layer), "--place", "Sudzha", "--format", "json"]) == EXIT_OK
    assert from_store == capsys.readouterr().out and json.loads(from_store)


def test_the_cli_fails_with_exit_1_naming_an_unreachable_store(tmp_path: Path, capsys) -> None:
    assert main(["build", "--store", f"postgresql://x@/geo?host={tmp_path}&port=1"]) == EXIT_FAILED
    assert "error: postgresql://x@/geo" in capsys.readouterr().err


def test_import_control_into_the_store_is_kept_by_a_rebuild(store_url: str, tmp_path: Path) -> None:
    store.write_layer(sample_layer(), store_url)
    front = tmp_path / "2025-03-01.geojson"
    front.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                     "geometry": {"type": "Polygon", "coordinates": [SUDZHA_BOX]}}]}), encoding="utf-8")
    assert main(["import-control", str(front), "--store", store_url, "--holder", "Ukraine",
                 "--source", "test"]) == EXIT_OK
    imported = [f for f in store.read_layer(store_url)["features"] if f["properties"].get("origin") == "imported"]
    assert [(f["properties"]["holder"], f["properties"]["valid_from"]) for f in imported] == [("Ukraine", "2025-03-01")]
    store.write_layer(sample_layer(), store_url)  # a rebuild does not produce it, and does not remove it
    again = [f for f in store.read_layer(store_url)["features"] if f["properties"].get("origin") == "imported"]
    assert [f["id"] for f in again] == [f["id"] for f in imported]
    assert store.revision(store_url) == 3


def test_a_view_asks_the_database_for_its_day_and_bounds_only(store_url: str) -> None:
    fc = sample_layer()
    store.write_layer(fc, store_url)
    day, box = date(2025, 3, 14), (35.0, 51.0, 35.5, 51.4)
    view = view_layer(store_url, day=day, bbox=box)
    expected = {f["id"] for f in fc["features"] if f["properties"]["kind"] == "event"
                and f["properties"]["date_start"] <= day.isoformat()
                and box[0] <= f["geometry"]["coordinates"][0] <= box[2]
                and box[1] <= f["geometry"]["coordinates"][1] <= box[3]}
    got = {f["id"] for f in view["features"] if f["properties"]["kind"] == "event"}
    assert got == expected and 0 < len(got) < sum(1 for f in fc["features"] if f["properties"]["kind"] == "event")
    valid = {f["id"] for f in view["features"] if f["properties"]["kind"] == "control"}
    assert valid == {f["id"] for f in fc["features"] if f["properties"]["kind"] == "control"
                     and f["properties"]["valid_from"] <= "2025-03-14" <= f["properties"]["valid_to"]}
