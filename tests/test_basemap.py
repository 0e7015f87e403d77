"""The offline basemap's rivers: clipped, simplified, small enough to inline."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import Point

from geo import basemap


def _coords(value):
    if isinstance(value[0], (int, float)):
        yield value
    else:
        for item in value:
            yield from _coords(item)


def test_rivers_geojson_small_clipped_and_copied():
    bbox = basemap.RIVER_BBOX
    gj = basemap.rivers_geojson()
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) >= 10
    assert len(json.dumps(gj, separators=(",", ":"))) < 60_000
    lengths = [f["properties"]["length_km"] for f in gj["features"]]
    assert lengths == sorted(lengths, reverse=True) and min(lengths) > 0
    for feature in gj["features"]:
        assert feature["geometry"]["type"] == "LineString"
        for lon, lat in _coords(feature["geometry"]["coordinates"]):
            assert bbox[0] - 1e-3 <= lon <= bbox[2] + 1e-3 and bbox[1] - 1e-3 <= lat <= bbox[3] + 1e-3
    gj["features"].clear()  # callers get copies
    assert basemap.rivers_geojson()["features"]


def test_rivers_frame_simplifies_and_keeps_the_seym_whole():
    full = basemap.rivers_frame(tolerance=0)
    simple = basemap.rivers_frame()
    assert list(simple.columns) == ["length_km", "geometry"]
    assert len(simple) == len(full)
    assert sum(len(g.coords) for g in simple.geometry) <= sum(len(g.coords) for g in full.geometry)
    # The longest stretch runs from the Seym's upper course past Glushkovo into Ukraine.
    towns = {t["name"]: t for t in basemap.settlements()}
    glushkovo = Point(towns["Glushkovo"]["lon"], towns["Glushkovo"]["lat"])
    assert simple.geometry.iloc[0].distance(glushkovo) < 0.03  # degrees, ~2-3 km


def test_villages_known_only_to_their_district_are_not_labelled(tmp_path):
    # A village placed at its district's centre would be labelled where it is not.
    path = tmp_path / "gazetteer.csv"
    path.write_text(
        "place_id,name,aliases,country,admin1code,lat,lon,precision_km,feature,population,source\n"
        "cur:plekhovo,Plekhovo,,RU,41,51.1,35.33,2.0,village,627,a page\n"
        "cur:kubatkin-sudzhansky,Kubatkin,,RU,41,51.2,35.25,20.0,village,,listed in Sudzhansky District\n",
        encoding="utf-8",
    )
    assert [t["name"] for t in basemap.settlements(path=path)] == ["Plekhovo"]
    shipped = {t["name"] for t in basemap.settlements()}
    assert "Plekhovo" in shipped and "Kubatkin" not in shipped


def test_rivers_reject_a_bad_box():
    with pytest.raises(ValueError):
        basemap.rivers_geojson((36.0, 50.0, 36.0, 51.0))
