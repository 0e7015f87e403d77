"""Importing front-line files (GeoJSON, KML, KMZ) into the layer.

Every fixture file is generated here in a temporary folder around the real
position of Sudzha; no third-party data is committed. The DeepStateMap
tests read the real snapshots from ``../shared/deepstate/`` beside the
repository and are skipped when that folder is missing.
"""

from __future__ import annotations

import json
import time
import zipfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pyproj
import pytest
import shapely
from shapely.geometry import Point, shape

from geo import borders, importer, layer, settings
from geo.cli import EXIT_FAILED, main
from geo.control import build_extents, extents_on
from geo.errors import BuildLockedError, InputError
from geo.export import export
from geo.filters import EventFilter
from test_control import UNTIL, place, seed_claims

KML_NS = "http://www.opengis.net/kml/2.2"


def _square(half_lon: float = 0.05, half_lat: float = 0.03) -> list[list[float]]:
    s = place("Sudzha")
    return [[s.lon - half_lon, s.lat - half_lat], [s.lon + half_lon, s.lat - half_lat],
            [s.lon + half_lon, s.lat + half_lat], [s.lon - half_lon, s.lat + half_lat],
            [s.lon - half_lon, s.lat - half_lat]]


def _sudzha() -> Point:
    s = place("Sudzha")
    return Point(s.lon, s.lat)


def _geodesic_ring_km2(ring: list[list[float]]) -> float:
    lons, lats = zip(*ring)
    area, _ = pyproj.Geod(ellps="WGS84").polygon_area_perimeter(lons, lats)
    return abs(area) / 1e6


def _write_geojson(path: Path, ring: list[list[float]], props: dict, *, extra: list[dict] = (), crs: dict | None = None) -> Path:
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}}, *extra]}
    if crs:
        doc["crs"] = crs
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _kml(ring: list[list[float]], *, when: str, holder: str) -> str:
    coords = " ".join(f"{x},{y},0" for x, y in ring)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="{KML_NS}"><Document><name>front line</name>
<Placemark><name>Area</name><TimeStamp><when>{when}</when></TimeStamp>
<ExtendedData><Data name="holder"><value>{holder}</value></Data></ExtendedData>
<Polygon><outerBoundaryIs><LinearRing><coordinates>{coords}</coordinates></LinearRing></outerBoundaryIs></Polygon>
</Placemark>
<Placemark><name>HQ</name><Point><coordinates>35.27,51.19,0</coordinates></Point></Placemark>
</Document></kml>"""


def _read(path: Path, **kw) -> list[dict]:
    args = dict(holder=None, status="assessed", source=None, day=None)
    args.update(kw)
    return importer.read_control_file(path, **args)


# ------------------------------------------------------------- dating


def test_geojson_dated_by_iso_file_name(tmp_path):
    ring = _square()
    point = {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [35.2, 51.2]}}
    path = _write_geojson(tmp_path / "deepstate-2025-03-01.geojson", ring, {"holder": "Ukraine"}, extra=[point])
    (feature,) = _read(path)
    props = feature["properties"]
    assert (props["valid_from"], props["holder"], props["origin"], props["status"]) == (
        "2025-03-01", "Ukraine", "imported", "assessed")
    assert props["source_ids"] == ["deepstate"] and props["claim_status"] == "" and props["quote"] == ""
    assert props["area_km2"] == pytest.approx(_geodesic_ring_km2(ring), rel=1e-3)
    assert "ignored 1 non-polygon" in props["method"] and "date from file name" in props["method"]
    assert shape(feature["geometry"]).contains(_sudzha())


def test_geojson_dated_by_unix_timestamp_name(tmp_path):
    path = _write_geojson(tmp_path / "1740787200.geojson", _square(), {})
    (feature,) = _read(path, holder="ukraine")
    assert feature["properties"]["valid_from"] == "2025-03-01"  # 1740787200 s = 2025-03-01T00:00Z
    assert feature["properties"]["holder"] == "Ukraine"
    assert "holder from --holder" in feature["properties"]["method"]


def test_geojson_dated_by_property_and_holder_from_side(tmp_path):
    path = _write_geojson(tmp_path / "front-2025-03-09.geojson", _square(), {"date": "2025-02-15", "side": "Russian forces"})
    (feature,) = _read(path, holder="Ukraine")
    assert feature["properties"]["valid_from"] == "2025-02-15"  # the property beats the name
    assert feature["properties"]["holder"] == "Russia"  # the property beats --holder


def test_geojson_dated_by_flag(tmp_path):
    path = _write_geojson(tmp_path / "front.geojson", _square(), {"name": "Ukrainian-held area"})
    (feature,) = _read(path, day=date(2025, 3, 3))
    assert feature["properties"]["valid_from"] == "2025-03-03"
    assert feature["properties"]["holder"] == "Ukraine"


def test_missing_date_or_holder_names_the_file(tmp_path):
    path = _write_geojson(tmp_path / "front.geojson", _square(), {"holder": "Ukraine"})
    with pytest.raises(InputError, match="no date") as err:
        _read(path)
    assert err.value.path == str(path)
    dated = _write_geojson(tmp_path / "front-2025-03-01.geojson", _square(), {})
    with pytest.raises(InputError, match="no holder") as err:
        _read(dated)
    assert err.value.path == str(dated)


def test_bad_property_date_is_refused(tmp_path):
    path = _write_geojson(tmp_path / "front-2025-03-01.geojson", _square(), {"date": "yesterday", "holder": "Ukraine"})
    with pytest.raises(InputError, match="not a date"):
        _read(path)


# --------------------------------------------------------- geometry


def test_non_wgs84_crs_is_reprojected(tmp_path):
    to_merc = pyproj.Transformer.from_crs(4326, 3857, always_xy=True)
    ring = [list(to_merc.transform(x, y)) for x, y in _square()]
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
    path = _write_geojson(tmp_path / "merc-2025-03-01.geojson", ring, {"holder": "Ukraine"}, crs=crs)
    (feature,) = _read(path)
    geom = shape(feature["geometry"])
    assert geom.contains(_sudzha())
    assert feature["properties"]["area_km2"] == pytest.approx(_geodesic_ring_km2(_square()), rel=1e-3)
    assert "reprojected" in feature["properties"]["method"]


def test_projected_coordinates_without_crs_are_refused(tmp_path):
    to_merc = pyproj.Transformer.from_crs(4326, 3857, always_xy=True)
    ring = [list(to_merc.transform(x, y)) for x, y in _square()]
    path = _write_geojson(tmp_path / "merc-2025-03-01.geojson", ring, {"holder": "Ukraine"})
    with pytest.raises(InputError, match="not WGS84"):
        _read(path)


def test_invalid_polygon_is_repaired(tmp_path):
    s = place("Sudzha")
    bowtie = [[s.lon - 0.05, s.lat - 0.03], [s.lon + 0.05, s.lat + 0.03], [s.lon + 0.05, s.lat - 0.03],
              [s.lon - 0.05, s.lat + 0.03], [s.lon - 0.05, s.lat - 0.03]]
    assert not shapely.Polygon(bowtie).is_valid
    (feature,) = _read(_write_geojson(tmp_path / "bowtie-2025-03-01.geojson", bowtie, {"holder": "Ukraine"}))
    geom = shape(feature["geometry"])
    assert geom.is_valid and feature["properties"]["area_km2"] > 1.0


def test_points_only_is_refused(tmp_path):
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"holder": "Ukraine"}, "geometry": {"type": "Point", "coordinates": [35.2, 51.2]}}]}
    path = tmp_path / "points-2025-03-01.geojson"
    path.write_text(json.dumps(doc))
    with pytest.raises(InputError, match="no polygons"):
        _read(path)


@pytest.mark.parametrize("name, content, reason", [
    ("broken-2025-03-01.geojson", "{not json", "not valid JSON"),
    ("list-2025-03-01.geojson", "[1, 2]", "not a GeoJSON"),
    ("front-2025-03-01.txt", "hello", "unsupported file type"),
    ("broken-2025-03-01.kml", "<kml><Placemark>", "not well-formed"),
    ("html-2025-03-01.kml", "<html><body/></html>", "not KML"),
    ("broken-2025-03-01.kmz", "not a zip", "not a readable KMZ"),
])
def test_bad_files_are_refused_by_name(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(InputError, match=reason) as err:
        _read(path, holder="Ukraine")
    assert err.value.path == str(path)


# ---------------------------------------------------------- KML, KMZ


def test_kml_polygon_with_timestamp_and_extended_data(tmp_path):
    path = tmp_path / "front.kml"
    path.write_text(_kml(_square(), when="2025-03-05T12:00:00Z", holder="Ukraine"), encoding="utf-8")
    (feature,) = _read(path)
    props = feature["properties"]
    assert (props["valid_from"], props["holder"]) == ("2025-03-05", "Ukraine")
    assert shape(feature["geometry"]).contains(_sudzha())
    assert "ignored 1 non-polygon" in props["method"]


def test_kmz_reads_doc_kml(tmp_path):
    path = tmp_path / "front.kmz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.kml", _kml(_square(0.02, 0.02), when="2025-03-07", holder="Ukrainian forces"))
        archive.writestr("files/readme.txt", "icons would go here")
    (feature,) = _read(path)
    assert (feature["properties"]["valid_from"], feature["properties"]["holder"]) == ("2025-03-07", "Ukraine")
    assert shape(feature["geometry"]).contains(_sudzha())


def test_kml_entity_expansion_is_refused_quickly(tmp_path):
    lol = "".join(f'<!ENTITY lol{i} "{"&lol%d;" % (i - 1) * 10}">' for i in range(1, 10))
    bomb = f"""<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY lol0 "lol">{lol}]>
<kml xmlns="{KML_NS}"><Placemark><name>&lol9;</name></Placemark></kml>"""
    path = tmp_path / "bomb-2025-03-01.kml"
    path.write_text(bomb)
    started = time.monotonic()
    with pytest.raises(InputError, match="unsafe KML") as err:
        _read(path, holder="Ukraine")
    assert time.monotonic() - started < 5  # generous: expansion would take minutes and gigabytes
    assert err.value.path == str(path)


def test_kml_external_entity_is_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN")
    xxe = f"""<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file://{secret}">]>
<kml xmlns="{KML_NS}"><Placemark><name>&x;</name><Polygon><outerBoundaryIs><LinearRing>
<coordinates>35.2,51.1 35.3,51.1 35.3,51.2 35.2,51.1</coordinates></LinearRing></outerBoundaryIs></Polygon>
</Placemark></kml>"""
    path = tmp_path / "xxe-2025-03-01.kml"
    path.write_text(xxe)
    with pytest.raises(InputError) as err:
        _read(path, holder="Ukraine")
    assert "TOP-SECRET-TOKEN" not in str(err.value)


def test_kmz_zip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb-2025-03-01.kmz"
    filler = "<!--" + " " * (3 * 1024 * 1024) + "-->"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.kml", _kml(_square(), when="2025-03-01", holder="Ukraine").replace("<Document>", "<Document>" + filler))
    assert path.stat().st_size < 100_000  # megabytes packed into a few KB
    with pytest.raises(InputError, match="zip bomb"):
        _read(path)


# ------------------------------------------------------- into the layer


@pytest.fixture
def layer_path(tmp_path) -> Path:
    path = tmp_path / "layer.geojson"
    fc = {"type": "FeatureCollection", "features": build_extents(seed_claims(), until=UNTIL),
          "metadata": {"generated_by": "test", "articles": [], "skipped": [], "unresolved": []}}
    layer.write_layer(fc, path)
    return path


def _dated_files(folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)
    return [
        _write_geojson(folder / "deepstate-2025-03-01.geojson", _square(), {"holder": "Ukraine"}),
        _write_geojson(folder / "deepstate-2025-03-10.geojson", _square(0.02, 0.02), {"holder": "Ukraine"}),
    ]


def test_import_chains_dates_and_prefers_assessed(tmp_path, layer_path):
    added = importer.import_control(_dated_files(tmp_path / "in"), layer_path=layer_path, source="deepstate")
    assert [(f["properties"]["valid_from"], f["properties"]["valid_to"]) for f in added] == [
        ("2025-03-01", "2025-03-09"), ("2025-03-10", UNTIL.isoformat())]
    fc = layer.read_layer(layer_path)  # validates the written layer
    kinds = [f["properties"]["kind"] for f in fc["features"]]
    assert kinds == sorted(kinds, key=["control", "place", "event"].index)
    day = date(2025, 3, 5)
    shown = extents_on(fc["features"], day)
    ukraine = [f for f in shown if f["properties"]["holder"] == "Ukraine"]
    assert [f["properties"]["origin"] for f in ukraine] == ["imported"]
    both = extents_on(fc["features"], day, prefer_assessed=False)
    assert sorted(f["properties"]["origin"] for f in both if f["properties"]["holder"] == "Ukraine") == [
        "imported", "schematic"]
    # Russia's disputed schematic extent is untouched by Ukrainian assessed data.
    assert [f["properties"]["status"] for f in extents_on(fc["features"], date(2025, 5, 1))
            if f["properties"]["holder"] == "Russia"] == ["disputed"]


def test_reimport_replaces_instead_of_duplicating(tmp_path, layer_path):
    files = _dated_files(tmp_path / "in")
    importer.import_control(files, layer_path=layer_path, source="deepstate")
    first = layer_path.read_bytes()
    importer.import_control(files, layer_path=layer_path, source="deepstate")
    assert layer_path.read_bytes() == first


def test_claimed_import_does_not_replace_the_schematic_extent(tmp_path, layer_path):
    path = _write_geojson(tmp_path / "mod-2025-03-01.geojson", _square(), {"holder": "Ukraine"})
    importer.import_control([path], layer_path=layer_path, status="claimed", source="mod")
    fc = layer.read_layer(layer_path)
    origins = sorted(f["properties"]["origin"] for f in extents_on(fc["features"], date(2025, 3, 5))
                     if f["properties"]["holder"] == "Ukraine")
    assert origins == ["imported", "schematic"]


def test_one_bad_file_leaves_the_layer_unchanged(tmp_path, layer_path):
    before = layer_path.read_bytes()
    bad = tmp_path / "broken-2025-03-02.geojson"
    bad.write_text("{not json")
    with pytest.raises(InputError) as err:
        importer.import_control([*_dated_files(tmp_path / "in"), bad], layer_path=layer_path, source="deepstate")
    assert err.value.path == str(bad)
    assert layer_path.read_bytes() == before


def test_new_layer_is_not_created_from_a_bad_file(tmp_path):
    target = tmp_path / "new" / "layer.geojson"
    bad = tmp_path / "broken-2025-03-02.geojson"
    bad.write_text("{not json")
    with pytest.raises(InputError):
        importer.import_control([bad], layer_path=target)
    assert not target.exists()


def test_import_into_a_new_layer(tmp_path):
    target = tmp_path / "fresh.geojson"
    added = importer.import_control(_dated_files(tmp_path / "in"), layer_path=target)
    assert [f["properties"]["valid_to"] for f in added] == ["2025-03-09", "2025-03-10"]
    assert len(layer.read_layer(target)["features"]) == 2


def test_locked_layer_is_refused_and_unchanged(tmp_path, layer_path):
    before = layer_path.read_bytes()
    with layer.layer_lock(layer_path):
        with pytest.raises(BuildLockedError):
            importer.import_control(_dated_files(tmp_path / "in"), layer_path=layer_path)
    assert layer_path.read_bytes() == before


def test_status_must_be_assessed_or_claimed(tmp_path):
    path = _write_geojson(tmp_path / "front-2025-03-01.geojson", _square(), {"holder": "Ukraine"})
    with pytest.raises(InputError, match="status"):
        _read(path, status="fact")


def test_imported_extent_lies_where_the_file_put_it(tmp_path):
    path = _write_geojson(tmp_path / "front-2025-03-01.geojson", _square(), {"holder": "Ukraine"})
    (feature,) = _read(path)
    original = shapely.Polygon(_square())
    geom = shape(feature["geometry"])
    assert borders.geodesic_area_km2(geom.symmetric_difference(original)) < 0.01


@pytest.mark.parametrize(
    "crs",
    [
        {"type": "name", "properties": "EPSG:3857"},  # properties must be an object
        {"type": "name", "properties": {"name": ["EPSG:3857"]}},
        {"type": "name", "properties": {"code": None}},
        "EPSG:3857",
    ],
)
def test_malformed_crs_is_an_input_error_naming_the_file(tmp_path, crs):
    path = _write_geojson(tmp_path / "odd-2025-03-01.geojson", _square(), {"holder": "Ukraine"}, crs=crs)
    with pytest.raises(InputError, match="odd-2025-03-01.geojson.*crs"):
        _read(path)


def test_deeply_nested_json_is_an_input_error_naming_the_file(tmp_path):
    path = tmp_path / "deep-2025-03-01.geojson"
    path.write_text("[" * 100_000)
    with pytest.raises(InputError, match="deep-2025-03-01.geojson.*JSON"):
        _read(path)


# ------------------------------------------------- plausibility, --force


def _box_ring(west: float, south: float, east: float, north: float) -> list[list[float]]:
    return [[west, south], [east, south], [east, north], [west, north], [west, south]]


@pytest.mark.parametrize("ring, problem", [
    (_box_ring(33.0, 49.5, 37.0, 52.5), "covers"),  # about 93,000 km²: an oblast or more, no front line
    (_box_ring(35.0, 47.5, 35.05, 51.2), "spans"),  # 4 km x 410 km: a thin strip from Kursk to Zaporizhzhia
])
def test_an_implausible_extent_is_refused_unless_forced(tmp_path, layer_path, ring, problem):
    path = _write_geojson(tmp_path / "front-2025-03-01.geojson", ring, {"holder": "Ukraine"})
    before = layer_path.read_bytes()
    with pytest.raises(InputError, match=f"refused: the Ukraine extent dated 2025-03-01 {problem}") as err:
        importer.import_control([path], layer_path=layer_path)
    assert err.value.path == str(path) and "--force" in str(err.value)
    assert layer_path.read_bytes() == before
    (added,) = importer.import_control([path], layer_path=layer_path, force=True)
    assert added["properties"]["holder"] == "Ukraine"


def test_a_campaign_sized_extent_is_not_refused(tmp_path):
    # The salient at its largest (DeepState, 1 Sep 2024) spanned about 95 km.
    path = _write_geojson(tmp_path / "front-2025-03-01.geojson", _box_ring(34.3, 51.0, 35.5, 51.5), {"holder": "Ukraine"})
    (feature,) = _read(path)
    assert 2_000 < feature["properties"]["area_km2"] < importer.MAX_EXTENT_KM2


# ------------------------------------------- DeepState styles (made here)

BLUE, RED, GREY, GREEN = "#01579b", "#a52714", "#bdbdbd", "#0f9d58"  # DeepState's fills (its README)


def _deepstate_file(path: Path, polygons: list[tuple[str, list[list[float]]]]) -> Path:
    """A file styled like a DeepStateMap snapshot: styled polygons and an arrow point."""
    features = [{"type": "Feature", "properties": {"name": "/// geoJSON.status", "fill": fill, "stroke": fill},
                 "geometry": {"type": "Polygon", "coordinates": [ring]}} for fill, ring in polygons]
    features.append({"type": "Feature", "properties": {"name": "Direction of attack"},
                     "geometry": {"type": "Point", "coordinates": [35.3, 51.1]}})
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


SUMY_VILLAGES = _box_ring(35.0, 50.95, 35.1, 51.0)  # Ukrainian ground south of the border
DONBAS = _box_ring(37.5, 47.8, 38.5, 48.5)  # far outside the campaign area


def test_deepstate_styles_give_holders_and_the_campaign_clip(tmp_path):
    path = _deepstate_file(tmp_path / "1740787200.geojson", [
        (BLUE, _square()), (RED, SUMY_VILLAGES), (RED, DONBAS), (GREY, _square(0.08, 0.05)),
        (GREEN, _box_ring(33.5, 50.5, 35.0, 51.0)), ("#123456", _square(0.01, 0.01))])
    features = {f["properties"]["holder"]: f for f in _read(path, preset="deepstate")}
    assert sorted(features) == ["Russia", "Ukraine", "contested"]
    for feature in features.values():
        props = feature["properties"]
        assert (props["valid_from"], props["status"], props["source_ids"]) == ("2025-03-01", "assessed", ["DeepStateMap"])
    assert shape(features["Ukraine"]["geometry"]).contains(_sudzha())
    # Donbas is clipped away: Russia keeps only the Sumy villages.
    assert shape(features["Russia"]["geometry"]).bounds == pytest.approx((35.0, 50.95, 35.1, 51.0))
    method = features["Ukraine"]["properties"]["method"]
    assert "holder from DeepState style #01579b" in method
    assert "ignored 1 polygon(s) of Ukraine's own ground (#0f9d58)" in method
    assert "ignored 1 polygon(s) of a style the deepstate preset does not know (#123456)" in method
    assert "ignored 1 polygon(s) outside the area" in method


def test_bbox_changes_the_clip(tmp_path):
    s = place("Sudzha")
    path = _deepstate_file(tmp_path / "1740787200.geojson", [(BLUE, _square())])
    (feature,) = _read(path, preset="deepstate", bbox=(s.lon, 50.0, 36.0, 52.0))
    assert shape(feature["geometry"]).bounds[0] == pytest.approx(s.lon, abs=1e-5)
    assert feature["properties"]["area_km2"] == pytest.approx(_geodesic_ring_km2(_square()) / 2, rel=0.01)
    with pytest.raises(InputError, match="--bbox"):
        _read(path, preset="deepstate", bbox=(36.0, 50.0, 35.0, 52.0))  # west of east


def test_preset_refuses_a_holder_flag(tmp_path):
    path = _deepstate_file(tmp_path / "1740787200.geojson", [(BLUE, _square())])
    with pytest.raises(InputError, match="drop --holder"):
        _read(path, preset="deepstate", holder="Ukraine")


def test_a_folder_of_snapshots_chains_each_until_the_next(tmp_path):
    folder = tmp_path / "snapshots"
    folder.mkdir()
    _deepstate_file(folder / "1740787200.geojson", [(BLUE, _square()), (RED, SUMY_VILLAGES)])  # 2025-03-01
    _deepstate_file(folder / "1741564800.geojson", [(BLUE, _square(0.02, 0.02))])  # 2025-03-10: no Russia
    _deepstate_file(folder / "1741996800.geojson", [(RED, DONBAS)])  # 2025-03-15: nothing in the area
    (folder / "README.md").write_text("not a snapshot")
    target = tmp_path / "layer.geojson"
    added = importer.import_control([folder], layer_path=target, preset="deepstate")
    spans = sorted((f["properties"]["holder"], f["properties"]["valid_from"], f["properties"]["valid_to"]) for f in added)
    assert spans == [
        ("Russia", "2025-03-01", "2025-03-09"),  # the next snapshot shows no Russian ground here
        ("Ukraine", "2025-03-01", "2025-03-09"),
        ("Ukraine", "2025-03-10", "2025-03-14"),  # the 15 March snapshot shows nothing in the area
    ]
    assert "the next snapshot (2025-03-10) shows no Russia extent" in next(
        f for f in added if f["properties"]["holder"] == "Russia")["properties"]["method"]


def test_a_folder_with_nothing_in_the_area_is_refused(tmp_path):
    folder = tmp_path / "snapshots"
    folder.mkdir()
    _deepstate_file(folder / "1740787200.geojson", [(RED, DONBAS)])
    with pytest.raises(InputError, match="no polygons to import inside the area"):
        importer.import_control([folder], layer_path=tmp_path / "layer.geojson", preset="deepstate")
    assert not (tmp_path / "layer.geojson").exists()


# ------------------------------------------------------ KML round trip


def _controls(fc: dict) -> dict[tuple[str, str, str], dict]:
    return {(f["properties"]["holder"], f["properties"]["valid_from"], f["properties"]["origin"]): f
            for f in fc["features"] if f["properties"]["kind"] == "control"}


def _round_trip(fc: dict, folder: Path, day: date) -> dict:
    """Export ``fc`` as KML on ``day``, import that KML into a new layer, return the new layer."""
    kml = export(fc, day=day, flt=EventFilter(), fmt="kml", out=folder / "export.kml")
    importer.import_control([kml], layer_path=folder / "again.geojson")
    return layer.read_layer(folder / "again.geojson")


def test_kml_export_imports_back_with_holder_status_and_dates(tmp_path, layer_path):
    folder = tmp_path / "snapshots"
    folder.mkdir()
    _deepstate_file(folder / "1740787200.geojson", [(BLUE, _square()), (GREY, _square(0.08, 0.05)), (RED, SUMY_VILLAGES)])
    _deepstate_file(folder / "1741564800.geojson", [(BLUE, _square(0.02, 0.02)), (GREY, _square(0.04, 0.04))])
    importer.import_control([folder], layer_path=layer_path, preset="deepstate")
    claimed = _write_geojson(tmp_path / "mod-2025-03-05.geojson", _square(0.03, 0.03), {"holder": "Ukraine"})
    importer.import_control([claimed], layer_path=layer_path, status="claimed", source="mod")
    original = layer.read_layer(layer_path)
    again = _round_trip(original, tmp_path, UNTIL)
    before, after = _controls(original), _controls(again)
    assert len(after) == len(before) == 12  # 6 schematic, 5 DeepState, 1 claimed
    for (holder, start, origin), feature in before.items():
        props = feature["properties"]
        back = after[(holder, start, "imported")]["properties"]
        assert (back["status"], back["valid_to"], back["source_ids"]) == (props["status"], props["valid_to"], props["source_ids"])
        assert back["area_km2"] == pytest.approx(props["area_km2"], rel=1e-3)
    # The DeepState extents come back as themselves: same ids, so a re-import replaces them.
    assert {f["id"] for f in before.values() if f["properties"]["origin"] == "imported"} <= {f["id"] for f in after.values()}


# ------------------------------------------- DeepStateMap, the real data

DEEPSTATE_DIR = settings.ROOT.parent / "shared" / "deepstate"
_GEOD = pyproj.Geod(ellps="WGS84")


def _snapshots() -> list[Path]:
    files = sorted(DEEPSTATE_DIR.glob("*.geojson")) if DEEPSTATE_DIR.is_dir() else []
    if not files:
        pytest.skip(f"no DeepStateMap snapshots in {DEEPSTATE_DIR}")
    return files


def _day_of(path: Path) -> date:
    return datetime.fromtimestamp(int(path.stem), tz=timezone.utc).date()  # the file name is the Unix time


def _km2(geom) -> float:
    area, _ = _GEOD.geometry_area_perimeter(geom)
    return abs(area) / 1e6


def _blue_in_russia_km2(path: Path) -> float:
    """DeepState's own blue ("Liberated") area inside Russia, from the raw file."""
    blue = [shapely.make_valid(shape(f["geometry"])) for f in json.loads(path.read_text(encoding="utf-8"))["features"]
            if f.get("geometry") and str(f["properties"].get("fill", "")).lower() == BLUE]
    return _km2(shapely.intersection(shapely.union_all(blue), borders.country_shape("RUS"))) if blue else 0.0


@pytest.fixture(scope="module")
def deepstate_layer(tmp_path_factory) -> dict:
    _snapshots()
    path = tmp_path_factory.mktemp("deepstate") / "layer.geojson"
    importer.import_control([DEEPSTATE_DIR], layer_path=path, preset="deepstate")
    return layer.read_layer(path)


def _ukraine_on(fc: dict, day: date) -> list[dict]:
    return [f for f in extents_on(fc["features"], day) if f["properties"]["holder"] == "Ukraine"]


def test_deepstate_ukraine_matches_its_blue_inside_russia(deepstate_layer):
    russia = borders.country_shape("RUS")
    checked = 0
    for path in _snapshots():
        day, reference = _day_of(path), _blue_in_russia_km2(path)
        shown = _ukraine_on(deepstate_layer, day)
        if reference == 0:  # 7 Aug 2024: DeepState had not drawn the incursion yet
            assert shown == []
            continue
        (extent,) = shown
        assert (extent["properties"]["status"], extent["properties"]["valid_from"]) == ("assessed", day.isoformat())
        kursk_side = _km2(shapely.intersection(shape(extent["geometry"]), russia))
        assert kursk_side == pytest.approx(reference, rel=0.02), day
        checked += 1
    assert checked == len(_snapshots()) - 1


def test_deepstate_dates_come_from_the_file_names(deepstate_layer):
    days = [_day_of(p) for p in _snapshots()]
    starts = {f["properties"]["valid_from"] for f in deepstate_layer["features"]}
    assert starts == {d.isoformat() for d in days[1:]}  # the first snapshot has nothing in the area
    chain = sorted((f["properties"]["valid_from"], f["properties"]["valid_to"]) for f in deepstate_layer["features"]
                   if f["properties"]["holder"] == "Ukraine")
    assert [end for _, end in chain[:-1]] == [(d - timedelta(days=1)).isoformat() for d in days[2:]]
    assert ("2025-03-13", "2025-03-14") in chain  # 1741873398 = 13 March 2025, 13:43 UTC; next on the 15th


def test_deepstate_extents_stay_in_the_campaign_area(deepstate_layer):
    area = shapely.box(*settings.CAMPAIGN_BBOX)
    russia = borders.country_shape("RUS")
    for feature in deepstate_layer["features"]:
        geom = shape(feature["geometry"])
        assert area.covers(geom)
        if feature["properties"]["holder"] == "Ukraine":
            # DeepState's blue lies partly on Ukraine's side of Natural Earth's
            # border (8-9 km², mostly at Tetkino); the 2022 green ground would add 3,500 km².
            assert _km2(geom.difference(russia)) < 15


def test_a_whole_front_snapshot_with_a_bare_holder_is_refused(layer_path, capsys):
    snapshot = _snapshots()[-1]
    before = layer_path.read_bytes()
    assert main(["import-control", str(snapshot), "--holder", "Ukraine", "--layer", str(layer_path)]) == EXIT_FAILED
    said = capsys.readouterr().err
    assert str(snapshot) in said and "refused: " in said and "the Ukraine extent dated 2025-05-15 covers" in said
    assert layer_path.read_bytes() == before


def test_force_lets_a_whole_front_snapshot_through(tmp_path):
    snapshot, target = _snapshots()[-1], tmp_path / "layer.geojson"
    importer.import_control([snapshot], layer_path=target, holder="Ukraine", force=True)
    (ukraine,) = [f for f in layer.read_layer(target)["features"] if f["properties"]["holder"] == "Ukraine"]
    assert ukraine["properties"]["area_km2"] > 200_000  # Crimea, Donbas, Karelia ... all of it, as asked


def test_deepstate_kml_round_trip(deepstate_layer, tmp_path):
    again = _round_trip(deepstate_layer, tmp_path, _day_of(_snapshots()[-1]))
    before, after = _controls(deepstate_layer), _controls(again)
    assert before.keys() == after.keys()
    for key, feature in before.items():
        assert {k: after[key]["properties"][k] for k in ("holder", "status", "valid_from", "valid_to")} == {
            k: feature["properties"][k] for k in ("holder", "status", "valid_from", "valid_to")}
