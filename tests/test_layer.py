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
from tests.conftest import sample_layer


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


# ------------------------------------------------ malformed input and strictness


def _kind_feature(layer: dict, kind: str) -> dict:
    return next(f for f in layer["features"] if f["properties"]["kind"] == kind)


@pytest.mark.parametrize(
    "feature",
    [
        {"type": "Feature", "id": "x", "geometry": {"type": "Point", "coordinates": [35.2, 51.1]}, "properties": None},
        "not a feature",
        None,
        {"type": "Feature", "id": "x", "geometry": "POINT (35.2 51.1)", "properties": _place()["properties"]},
    ],
)
def test_malformed_features_are_a_validation_error_naming_origin_and_index(feature) -> None:
    with pytest.raises(LayerValidationError, match=r"x\.geojson: feature 1"):
        validate_layer(_layer(_place(), feature), origin="x.geojson")


def test_deeply_nested_json_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.geojson"
    path.write_text("[" * 100_000)
    with pytest.raises(InputError, match="deep.geojson"):
        read_layer(path)


@pytest.mark.parametrize(
    "kind, field, value",
    [
        ("event", "event_date", "2025-02-30"),  # matches YYYY-MM-DD but is no day
        ("event", "source_date", "2024-13-01"),
        ("control", "valid_to", "2025-04-31"),
        ("event", "historical", "false"),  # strict: no str -> bool coercion
        ("event", "geo_precision", "3"),  # strict: no str -> int coercion
        ("event", "troops", 12.0),  # strict: no float -> int
        ("place", "precision_km", True),  # strict: a bool is not a number
        ("claim", "end", "2025-02-30"),
        ("claim", "credibility", "3"),
        ("claim", "standing", "probable"),  # the ledger's four standings only
        ("claim", "reliability", "G"),  # the Admiralty letters A-F only
    ],
)
def test_impossible_dates_and_coercible_strings_are_refused(kind: str, field: str, value) -> None:

    fc = sample_layer()
    validate_layer(fc)  # the sample is valid before the change
    _kind_feature(fc, kind)["properties"][field] = value
    with pytest.raises(LayerValidationError, match=field):
        validate_layer(fc, origin="x.geojson")


def test_a_claim_must_run_forward_and_carry_the_ledger_fields() -> None:

    fc = sample_layer()
    claim = _kind_feature(fc, "claim")
    claim["properties"]["start"] = "2026-01-01"
    with pytest.raises(LayerValidationError, match="start is after end"):
        validate_layer(fc)
    fc = sample_layer()
    _kind_feature(fc, "claim")["properties"]["kind_of_claimant"] = "ministry"
    with pytest.raises(LayerValidationError, match="kind_of_claimant"):
        validate_layer(fc)


def test_integers_are_accepted_for_float_fields() -> None:
    feature = _place()
    feature["properties"]["precision_km"] = 2
    feature["geometry"]["coordinates"] = [35, 51]
    validate_layer(_layer(feature))


def test_point_needs_exactly_two_coordinates() -> None:
    feature = _place()
    feature["geometry"]["coordinates"] = [35.2, 51.1, 200.0]
    with pytest.raises(LayerValidationError, match="coordinates"):
        validate_layer(_layer(feature))


def test_metadata_is_optional_but_checked_when_present() -> None:

    fc = sample_layer()
    validate_layer({k: v for k, v in fc.items() if k != "metadata"})
    validate_layer(fc)
    for mutate, message in [
        (lambda m: m["articles"][0].update(published="2025-02-30"), "published"),
        (lambda m: m["articles"][0].update(date_basis="guessed"), "date_basis"),
        (lambda m: m["articles"][0].pop("source_id"), "source_id"),
        (lambda m: m["skipped"].append({"file": "a.txt"}), "reason"),
        (lambda m: m["unresolved"][0].update(count="1"), "count"),
        (lambda m: m.update(articles="none"), "articles"),
    ]:
        fc = sample_layer()
        mutate(fc["metadata"])
        with pytest.raises(LayerValidationError, match=f"x.geojson: metadata: .*{message}"):
            validate_layer(fc, origin="x.geojson")
    with pytest.raises(LayerValidationError, match="metadata"):
        validate_layer(dict(sample_layer(), metadata=[]))


def test_real_built_layer_validates(real_layer: dict) -> None:
    validate_layer(real_layer, origin="data/layer.geojson")
    assert real_layer["metadata"]["articles"]
