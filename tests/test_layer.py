"""Tests for geo.layer and geo.schema: validation, deterministic atomic writes, the lock."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest

from geo.errors import BuildLockedError, InputError, LayerValidationError
from geo.layer import atomic_write_bytes, dumps_layer, layer_lock, read_layer, write_layer
from geo.schema import validate_layer


def _place(place_id: str = "gn:486816") -> dict:
    return {
        "type": "Feature",
        "id": f"place-{place_id}",
        "geometry": {"type": "Point", "coordinates": [35.271, 51.191]},
        "properties": {
            "kind": "place", "name": "Sudzha", "aliases": ["Sudja"], "mentions": ["Sudzha"],
            "place_id": place_id, "geonameid": 486816, "country": "RU", "admin1": "Kursk Oblast",
            "feature": "city", "precision_km": 1.0, "sources": ["001"],
        },
    }


def _layer(*features: dict) -> dict:
    return {"type": "FeatureCollection", "metadata": {}, "features": list(features) or [_place()]}


def test_valid_layer_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "layer.geojson"
    write_layer(_layer(), path)
    assert read_layer(path) == _layer()


def test_rebuild_is_byte_identical(tmp_path: Path) -> None:
    a, b = tmp_path / "a.geojson", tmp_path / "b.geojson"
    write_layer(_layer(), a)
    write_layer(json.loads(json.dumps(_layer())), b)
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda f: f["properties"].update(kind="bogus"), "kind"),
        (lambda f: f["geometry"].update(coordinates=[351.0, 51.0]), "WGS84"),
        (lambda f: f["properties"].update(unexpected=1), "unexpected"),
        (lambda f: f["properties"].pop("precision_km"), "precision_km"),
    ],
)
def test_invalid_features_are_refused_with_a_reason(mutate, message: str) -> None:
    feature = _place()
    mutate(feature)
    with pytest.raises(LayerValidationError, match=message):
        validate_layer(_layer(feature), origin="x.geojson")


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(LayerValidationError, match="duplicate id"):
        validate_layer(_layer(_place(), _place()))


def test_invalid_layer_never_replaces_the_old_one(tmp_path: Path) -> None:
    path = tmp_path / "layer.geojson"
    write_layer(_layer(), path)
    before = path.read_bytes()
    bad = _layer(_place())
    bad["features"][0]["properties"]["kind"] = "nope"
    with pytest.raises(LayerValidationError):
        write_layer(bad, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_read_layer_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.geojson"
    path.write_text("{not json")
    with pytest.raises(InputError, match="broken.geojson"):
        read_layer(path)
    with pytest.raises(InputError, match="not found"):
        read_layer(tmp_path / "missing.geojson")


def test_second_writer_is_refused_while_the_lock_is_held(tmp_path: Path) -> None:
    path = tmp_path / "layer.geojson"
    with layer_lock(path):
        with pytest.raises(BuildLockedError, match="another build"):
            write_layer(_layer(), path)
    write_layer(_layer(), path)  # free again
    assert path.exists()


def _write_forever(path: str) -> None:
    """Child process: keep rewriting a large file until killed."""
    payload = b"x" * 5_000_000
    while True:
        atomic_write_bytes(Path(path), payload)


def test_killed_writer_leaves_the_previous_file_intact(tmp_path: Path) -> None:
    path = tmp_path / "layer.geojson"
    original = dumps_layer(_layer()).encode()
    path.write_bytes(original)
    child = multiprocessing.get_context("spawn").Process(target=_write_forever, args=(str(path),))
    child.start()
    time.sleep(1.0)
    os.kill(child.pid, signal.SIGKILL)
    child.join()
    data = path.read_bytes()
    assert data in (original, b"x" * 5_000_000)  # one whole version, never a torn one
