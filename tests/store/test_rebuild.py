"""A rebuild into the store replaces what its folder built before, and nothing else (geo.store.write).

Builds are real ``geo.cli.build(..., store=URL)`` calls on folders of seed
articles; the expected store is the file build of the same folders.
"""

from __future__ import annotations

import copy
from pathlib import Path

from geo import filters, settings, store
from geo.cli import build
from geo.layer import dumps_layer, read_layer
from geo.store import view
from tests.store.conftest import seed_folder

STEMS = sorted(p.stem for p in settings.SEEDS_DIR.glob("*.txt"))


def _file_build(folder: Path, tmp_path: Path) -> dict:
    out = tmp_path / f"{folder.name}-{len(list(folder.glob('*.txt')))}.geojson"
    build(folder, out)
    return read_layer(out)


def _ids(fc: dict, kind: str) -> set[str]:
    return {f["id"] for f in fc["features"] if f["properties"]["kind"] == kind}


def _places(fc: dict) -> dict[str, dict]:
    return {f["id"]: f["properties"] for f in fc["features"] if f["properties"]["kind"] == "place"}


def _drop(folder: Path, stem: str) -> None:
    (folder / f"{stem}.txt").unlink()


def test_a_rebuild_with_fewer_articles_leaves_the_store_as_a_fresh_build(store_url: str, tmp_path: Path) -> None:
    folder = seed_folder(tmp_path, "desk", STEMS)
    build(folder, Path("unused.geojson"), store=store_url)
    before = store.read_layer(store_url)
    _drop(folder, STEMS[1])
    build(folder, Path("unused.geojson"), store=store_url)
    expected = _file_build(folder, tmp_path)
    for kind in ("event", "claim", "control"):
        assert _ids(before, kind) - _ids(expected, kind), f"the dropped article supported no {kind}: a weak test"
    assert dumps_layer(store.read_layer(store_url)) == dumps_layer(expected)


def test_a_rebuild_keeps_another_folders_work(store_url: str, tmp_path: Path) -> None:
    mine, theirs = seed_folder(tmp_path, "mine", STEMS[:3]), seed_folder(tmp_path, "theirs", STEMS[3:])
    for folder in (mine, theirs):
        build(folder, Path("unused.geojson"), store=store_url)
    _drop(mine, STEMS[0])
    build(mine, Path("unused.geojson"), store=store_url)
    now, other = _file_build(mine, tmp_path), _file_build(theirs, tmp_path)
    stored = store.read_layer(store_url)
    for kind in ("event", "claim"):
        assert _ids(stored, kind) == _ids(now, kind) | _ids(other, kind), kind
    assert {a["source_id"] for a in stored["metadata"]["articles"]} == {
        a["source_id"] for fc in (now, other) for a in fc["metadata"]["articles"]}
    for place_id, props in _places(stored).items():  # each place cites exactly the articles that name it now
        cited = [set(fc_places[place_id]["sources"]) for fc_places in (_places(now), _places(other))
                 if place_id in fc_places]
        assert cited and set(props["sources"]) == set().union(*cited), place_id
    assert STEMS[0] not in {s for props in _places(stored).values() for s in props["sources"]}


def test_a_rebuild_keeps_imported_front_lines(store_url: str, tmp_path: Path) -> None:
    folder = seed_folder(tmp_path, "desk", STEMS)
    build(folder, Path("unused.geojson"), store=store_url)
    fc = store.read_layer(store_url)
    schematic = next(f for f in fc["features"] if f["properties"]["kind"] == "control")
    imported = copy.deepcopy(schematic)
    imported["id"] = imported["properties"]["control_id"] = "ctl-imported0001"
    imported["properties"].update(origin="imported", status="assessed", source_ids=[STEMS[1]])
    store.write_layer({**fc, "features": [imported]}, store_url, command="import-control")
    _drop(folder, STEMS[1])
    build(folder, Path("unused.geojson"), store=store_url)
    assert "ctl-imported0001" in _ids(store.read_layer(store_url), "control")


def test_the_first_views_summary_follows_each_build(store_url: str, tmp_path: Path) -> None:
    folder = seed_folder(tmp_path, "desk", STEMS)
    for dropped in ("", STEMS[-1]):  # a build, then a rebuild with one article fewer
        if dropped:
            _drop(folder, dropped)
        build(folder, Path("unused.geojson"), store=store_url)
        layer = _file_build(folder, tmp_path)
        assert view.options(store_url) == filters.options(layer)
        assert view.key_dates(store_url, filters.controls(layer)) == filters.key_dates(layer)
        assert view.total_events(store_url) == len(filters.events(layer))
