"""Schematic control extents (who held what, when) from dated claims.

The articles give areas ("about 10 percent of the more than 500 square miles
they once held") and places held, fought over or lost, never a front line.
This module turns a list of ``ControlClaim`` into dated ``control`` features
(docs/layer-schema.md) whose polygons are schematic: for each side, the hull
of the settlements it holds across the border that day (their largest group,
``CLUSTER_LINK_KM``) and the border points nearest them, clipped to the
country they lie in, its margin bisected until the geodesic area matches the
latest reported area. With no place held, a band along the border stretch
nearest the named places is calibrated instead. Between reports the last
report holds (``hold-last``); only towns and villages (not districts or
communities) anchor an extent. It also picks the extents valid on a day,
preferring imported (assessed) front lines over schematic ones, and compares
the two (``compare_extents``).

It must NOT pretend to know a front line, type in areas or coordinates from
outside the claims, read articles or write files.

Conventions for claims (``geo.claims`` follows them):

- A peak or initial extent ("once held", "initially captured") is passed with
  ``on`` at or before ``settings.CAMPAIGN_START`` (or a ``note`` starting with
  "peak"). It is the most ground held at some undated time. It calibrates
  only the days before the holder's first dated figure on which the holder
  has a place to stand on (a place held, fought over, or held before a later
  loss); on a day with no place held it calibrates nothing, and from a dated
  figure's own date on that figure calibrates.
- ``holder`` is "Ukraine" or "Russia". A claim's places say where that side
  holds (``places_held``), fights (``places_contested``) or lost ground
  (``places_lost``) across the border: Ukraine in Russia, Russia in Ukraine.
  A Russia claim with no place in Ukraine is a claim of control over the
  salient (e.g. the disputed "full liberation" of 26 April 2025) and is drawn
  over the whole former salient with its standing, beside, never instead of,
  Ukraine's reported extent. A non-reported claim that Ukraine holds 0 km² is
  read the same way.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Iterable, Sequence

import pyproj
import shapely
from shapely.geometry import LineString, Point, mapping
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient
from shapely.ops import nearest_points, substring

from geo import borders, settings
from geo.records import ControlClaim, Place

log = logging.getLogger(__name__)

TERRITORY = "RUS"  # the country Ukraine's incursion lies in
NEIGHBOUR = "UKR"  # the country it came from (and where Russia's own holdings lie)
INCURSION_HOLDER = "Ukraine"
TERRITORY_HOLDER = "Russia"
# Each side's ground across the border: (holder, the country it lies in, the country it came from).
ACROSS_BORDER = ((INCURSION_HOLDER, TERRITORY, NEIGHBOUR), (TERRITORY_HOLDER, NEIGHBOUR, TERRITORY))

HELD_RADIUS_KM = 2.0  # corridor half-width to a place reported held
MIN_HELD_RADIUS_KM = 0.5  # narrowest corridor when the report's area is small
LOST_RADIUS_KM = 2.0  # margin cut around a place reported lost
STRETCH_MARGIN_KM = 10.0  # border beyond the outermost anchor places
MIN_STRETCH_KM = 20.0  # shortest border stretch the band follows
MAX_ANCHOR_KM = 60.0  # places farther from the border do not anchor the sector
MAX_DEPTH_KM = 150.0
CLUSTER_LINK_KM = 12.0  # held places this close belong to one front; the largest group is drawn
HULL_MARGIN_KM = 1.0  # margin around the held places' hull when no area is reported
MAX_GROW_KM = 40.0  # widest margin the hull may grow (or shrink) to meet a reported area
SETTLEMENT_FEATURES = ("city", "village")  # a district or a community is placed at its centre: no place to hold
CONTESTED_DAYS = 30  # a place fought over counts as held this long after the report, unless restated
CALIBRATION_TOLERANCE = 0.01  # bisect to 1 % of the reported area
SIMPLIFY_M = 100.0  # keeps a feature to a few KB
WINDOW_DEG = 3.0  # Russia is clipped to this box around the sector (speed)
DECIMALS = 5

_LOWER_BOUND = re.compile(r"\bmore than\b|\bover\b|\bat least\b|\d\s*\+", re.IGNORECASE)


@dataclass(frozen=True)
class _Claim:
    """A claim after normalisation: canonical holder, effective day."""

    day: date
    holder: str
    status: str  # reported | claimed | disputed
    claimant: str
    source_id: str
    quote: str
    area_km2: float | None
    held: tuple[Place, ...]
    lost: tuple[Place, ...]
    contested: tuple[Place, ...]
    peak: bool
    note: str
    order: int  # position in the input, the last tie-break


@dataclass(frozen=True)
class _Sector:
    """Where the schematic salient sits: a border stretch in a local equal-area CRS."""

    to_local: pyproj.Transformer
    to_wgs84: pyproj.Transformer
    stretch: BaseGeometry  # local metres
    territory: BaseGeometry  # local metres, the country the extent lies in, clipped to the window
    territory_wgs84: BaseGeometry
    border: BaseGeometry  # local metres, the whole border in the window
    length_km: float
    country: str  # ISO3 of the territory


# ---------------------------------------------------------------- public API


def build_extents(claims: Sequence[ControlClaim], *, until: date | None = None) -> list[dict]:
    """Build the schematic ``control`` features from dated claims.

    Parameters
    ----------
    claims : sequence of ControlClaim
        Claims extracted from the articles.
    until : date, optional
        Last day the latest extents run to; the last report date if omitted
        or earlier.

    Returns
    -------
    list of dict
        GeoJSON Features (kind "control", origin "schematic"): Ukraine's
        extents, then Russia's, each by ``valid_from``. For each holder exactly one extent
        applies on every day of its range; Ukraine's range starts at
        ``settings.CAMPAIGN_START``.
    """
    normal = _normalise(claims)
    if not normal:
        return []
    end = max(c.day for c in normal)
    if until is not None and until > end:
        end = until
    out: list[dict] = []
    incursion: list[dict] = []
    for holder, territory, neighbour in ACROSS_BORDER:
        mine = [c for c in normal if c.holder == holder and _across(c, territory)]
        sector = _sector_for(mine, territory, neighbour)
        if sector is None:
            if holder == INCURSION_HOLDER:
                log.warning("no claim names a place near the %s-%s border; no control extents drawn",
                            territory, neighbour)
            continue
        drawn = _holder_extents(mine, holder, sector, end)
        incursion += drawn if holder == INCURSION_HOLDER else []
        out += drawn
    counter_sector = _sector_for([c for c in normal if c.holder == INCURSION_HOLDER], TERRITORY, NEIGHBOUR)
    if counter_sector is not None:
        # a claim of full control names no village: one about a village (a place near the border, fought over
        # or held) is about that village, even when its point falls on the wrong side of the drawn border
        rest = [c for c in normal if c.holder == TERRITORY_HOLDER and not _across(c, NEIGHBOUR)
                and not any(_usable(p) for p in (*c.held, *c.lost, *c.contested))]
        out += _counter_claim_extents(rest, incursion, counter_sector, end)
    return out


def extents_on(features: Iterable[dict], day: date, *, prefer_assessed: bool = True) -> list[dict]:
    """Control features valid on ``day``.

    Where an imported (origin "imported", status "assessed") extent for a
    holder covers the day, it replaces the schematic one for that holder
    unless ``prefer_assessed`` is False (then both are returned). A disputed
    claim is never replaced: it records that a side claimed the ground, which
    no assessed map answers.

    Parameters
    ----------
    features : iterable of dict
        Layer features; non-control ones are ignored.
    day : date
        The day shown on the map.
    prefer_assessed : bool
        Hide schematic extents of holders with assessed data on that day.
    """
    iso = day.isoformat()
    valid = [
        f
        for f in features
        if f.get("properties", {}).get("kind") == "control"
        and f["properties"]["valid_from"] <= iso <= f["properties"]["valid_to"]
    ]
    if prefer_assessed:
        assessed = {
            f["properties"]["holder"]
            for f in valid
            if f["properties"]["origin"] == "imported" and f["properties"]["status"] == "assessed"
        }
        valid = [
            f for f in valid if f["properties"]["origin"] == "imported" or f["properties"]["holder"] not in assessed
            or f["properties"]["status"] == "disputed"
        ]
    return sorted(valid, key=lambda f: (f["properties"]["holder"], f["properties"]["origin"], f["id"]))


@dataclass(frozen=True)
class Comparison:
    """A side's text-derived extent beside its assessed one on a day."""

    holder: str
    reported_km2: float  # the union of the side's schematic extents (disputed claims left out)
    assessed_km2: float  # the union of its imported, assessed extents
    overlap_km2: float

    @property
    def difference_km2(self) -> float:
        """Reported minus assessed: positive when the reports claim more ground than the map shows."""
        return round(self.reported_km2 - self.assessed_km2, 1)

    @property
    def iou(self) -> float:
        """Overlap over union, 0..1."""
        union = self.reported_km2 + self.assessed_km2 - self.overlap_km2
        return round(self.overlap_km2 / union, 2) if union > 0 else 0.0


def compare_extents(features: Iterable[dict], day: date) -> list[Comparison]:
    """For each side with both on ``day``: its reported (schematic) and assessed (imported) extents compared."""
    valid = extents_on(features, day, prefer_assessed=False)
    out = []
    for holder in sorted({f["properties"]["holder"] for f in valid}):
        reported = _union(f for f in valid if f["properties"]["holder"] == holder
                          and f["properties"]["origin"] == "schematic" and f["properties"]["status"] != "disputed")
        assessed = _union(f for f in valid if f["properties"]["holder"] == holder
                          and f["properties"]["origin"] == "imported" and f["properties"]["status"] == "assessed")
        if reported.is_empty or assessed.is_empty:
            continue
        out.append(Comparison(holder, round(borders.geodesic_area_km2(reported), 1),
                              round(borders.geodesic_area_km2(assessed), 1),
                              round(borders.geodesic_area_km2(reported.intersection(assessed)), 1)))
    return out


def _union(features: Iterable[dict]) -> BaseGeometry:
    shapes = [shapely.make_valid(shapely.geometry.shape(f["geometry"])) for f in features]
    return shapely.union_all(shapes) if shapes else shapely.Polygon()


def control_id(holder: str, origin: str, valid_from: str, *extra: str) -> str:
    """Stable id ``ctl-<12 hex>`` from holder, origin, start day (and extras)."""
    key = "|".join((holder, origin, valid_from, *extra))
    return "ctl-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def canonical_holder(name: str) -> str | None:
    """"Ukraine"/"Russia" for names that mention one side only, else None."""
    text = name.lower()
    ukr = "ukrain" in text or text.strip() in ("ua", "ukr")
    rus = "russia" in text or text.strip() in ("ru", "rus")
    if ukr == rus:
        return None
    return INCURSION_HOLDER if ukr else TERRITORY_HOLDER


# ------------------------------------------------------------ normalisation


def _normalise(claims: Sequence[ControlClaim]) -> list[_Claim]:
    """Canonical holders and days; Russia's reported recaptures become Ukraine's losses."""
    out: list[_Claim] = []
    for order, claim in enumerate(claims):
        holder = canonical_holder(claim.holder)
        if holder is None:
            log.warning("control claim from %s: holder %r is not Ukraine or Russia; skipped", claim.source_id, claim.holder)
            continue
        status = "disputed" if claim.status == "denied" else claim.status
        peak = claim.on <= settings.CAMPAIGN_START or claim.note.lower().startswith("peak")
        day = settings.CAMPAIGN_START if peak else claim.on
        base = dict(
            day=day, status=status, claimant=claim.claimant, source_id=claim.source_id,
            quote=claim.quote, peak=peak, note=claim.note, order=order, contested=claim.places_contested,
        )
        if holder == TERRITORY_HOLDER and claim.area_km2 is not None:
            # Russia's own area figures (ground taken in Sumy Oblast) have no drawing yet: this schematic
            # model only draws the incursion's extent; the claim stays in the claims list.
            log.info("control claim from %s: an area held by Russia (%.0f km²) is not drawn", claim.source_id,
                     claim.area_km2)
            continue
        if holder == INCURSION_HOLDER and status != "reported" and claim.area_km2 is not None and claim.area_km2 <= 0:
            # "Ukraine holds nothing" is the other side's claim of full control:
            # draw it as such, never as Ukraine's extent shrinking to zero.
            out.append(_Claim(holder=TERRITORY_HOLDER, area_km2=None, held=(), lost=(), **{**base, "contested": ()}))
            continue
        out.append(_Claim(holder=holder, area_km2=claim.area_km2, held=claim.places_held,
                          lost=claim.places_lost, **base))
    return sorted(out, key=lambda c: (c.day, c.holder, c.order))


# ------------------------------------------------------------------ sector


def _usable(place: Place) -> bool:
    """Towns and villages of the campaign area near the border shape extents; regions, districts, communities,
    roads, far cities and villages placed only at their district's centre do not."""
    west, south, east, north = settings.CAMPAIGN_BBOX
    if place.feature not in SETTLEMENT_FEATURES or not place.pinpointed:
        return False
    if not (west <= place.lon <= east and south <= place.lat <= north):
        return False
    return _border_km(round(place.lon, DECIMALS), round(place.lat, DECIMALS)) <= MAX_ANCHOR_KM


def _in_country(place: Place, iso3: str) -> bool:
    return _country_at(round(place.lon, DECIMALS), round(place.lat, DECIMALS)) == iso3


@lru_cache(maxsize=4096)
def _country_at(lon: float, lat: float) -> str:
    here = Point(lon, lat)
    return next((iso3 for iso3 in (TERRITORY, NEIGHBOUR) if borders.country_shape(iso3).contains(here)), "")


def _across(claim: _Claim, territory: str) -> bool:
    """A claim about ground in ``territory``: an area figure, or places that lie there."""
    places = (*claim.held, *claim.lost, *claim.contested)
    if not places:
        return claim.area_km2 is not None and territory == TERRITORY
    return any(_in_country(p, territory) for p in places)


def _sector_for(claims: Sequence[_Claim], territory: str, neighbour: str) -> _Sector | None:
    places = {p.place_id: p for c in claims for p in (*c.held, *c.lost, *c.contested)}
    near = [places[k] for k in sorted(places) if _usable(places[k]) and _in_country(places[k], territory)]
    if not near:
        return None
    key = tuple(sorted({(round(p.lon, DECIMALS), round(p.lat, DECIMALS)) for p in near}))
    return _sector(key, territory, neighbour)


@lru_cache(maxsize=1024)
def _border_km(lon: float, lat: float) -> float:
    here = Point(lon, lat)
    other = nearest_points(borders.border_line(TERRITORY, NEIGHBOUR), here)[0]
    return pyproj.Geod(ellps="WGS84").inv(lon, lat, other.x, other.y)[2] / 1000.0


@lru_cache(maxsize=8)
def _sector(anchor_key: tuple[tuple[float, float], ...], territory: str, neighbour: str) -> _Sector:
    """The border stretch nearest the anchor places, in a local equal-area CRS."""
    lon0 = sum(x for x, _ in anchor_key) / len(anchor_key)
    lat0 = sum(y for _, y in anchor_key) / len(anchor_key)
    local = pyproj.CRS.from_proj4(f"+proj=laea +lat_0={lat0:.5f} +lon_0={lon0:.5f} +ellps=WGS84 +units=m +no_defs")
    to_local = pyproj.Transformer.from_crs("EPSG:4326", local, always_xy=True)
    to_wgs84 = pyproj.Transformer.from_crs(local, "EPSG:4326", always_xy=True)
    window = shapely.box(lon0 - WINDOW_DEG, lat0 - WINDOW_DEG / 2, lon0 + WINDOW_DEG, lat0 + WINDOW_DEG / 2)
    territory_wgs84 = borders.country_shape(territory).intersection(window)
    border = _project(borders.border_line(territory, neighbour).intersection(window), to_local)
    anchors = [Point(to_local.transform(x, y)) for x, y in anchor_key]
    line = _nearest_piece(border, shapely.centroid(shapely.MultiPoint(anchors)))
    positions = [line.project(a) for a in anchors]
    margin = STRETCH_MARGIN_KM * 1000
    lo, hi = min(positions) - margin, max(positions) + margin
    short = MIN_STRETCH_KM * 1000 - (hi - lo)
    if short > 0:
        lo, hi = lo - short / 2, hi + short / 2
    stretch = substring(line, max(lo, 0.0), min(hi, line.length))
    return _Sector(
        to_local=to_local,
        to_wgs84=to_wgs84,
        stretch=stretch,
        territory=_project(territory_wgs84, to_local),
        territory_wgs84=territory_wgs84,
        border=border,
        length_km=stretch.length / 1000,
        country=territory,
    )


def _nearest_piece(lines: BaseGeometry, point: Point) -> LineString:
    pieces = [g for g in shapely.get_parts(shapely.line_merge(lines)) if g.geom_type == "LineString"]
    return min(pieces, key=lambda g: g.distance(point))


def _project(geom: BaseGeometry, transformer: pyproj.Transformer) -> BaseGeometry:
    return shapely.transform(geom, lambda xy: _transform_xy(transformer, xy))


def _transform_xy(transformer: pyproj.Transformer, xy):
    x, y = transformer.transform(xy[:, 0], xy[:, 1])
    xy = xy.copy()
    xy[:, 0], xy[:, 1] = x, y
    return xy


# ------------------------------------------------------------- geometry


def _shape(sector: _Sector, depth_m: float, held: Sequence[Place], lost: Sequence[Place],
           held_radius_m: float = HELD_RADIUS_KM * 1000) -> BaseGeometry:
    """Band of ``depth_m`` along the stretch, plus corridors to held places, minus lost ones (local CRS)."""
    parts = [sector.stretch.buffer(depth_m)] if depth_m > 0 else []
    for place in held:
        spot = Point(sector.to_local.transform(place.lon, place.lat))
        foot = nearest_points(sector.stretch, spot)[0]
        parts.append(LineString([foot, spot]).buffer(held_radius_m))
    if not parts:
        return shapely.Polygon()
    shape = shapely.union_all(parts).intersection(sector.territory)
    cuts = [Point(sector.to_local.transform(p.lon, p.lat)).buffer(LOST_RADIUS_KM * 1000) for p in lost]
    if cuts:
        shape = shape.difference(shapely.union_all(cuts))
    return shape


def _front(sector: _Sector, held: Sequence[Place]) -> list[Place]:
    """The held places of the largest group (links under CLUSTER_LINK_KM).

    A stray report (a far town misread as held) forms a group of its own and
    is left out, so one wrong place cannot stretch the extent across a region.
    """
    points = [Point(sector.to_local.transform(p.lon, p.lat)) for p in held]
    parent = list(range(len(points)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(points):
        for j in range(i + 1, len(points)):
            if a.distance(points[j]) <= CLUSTER_LINK_KM * 1000:
                parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(points)):
        groups.setdefault(root(i), []).append(i)
    # the largest group; among equals the one listed first (held lists the latest reported first)
    largest = max(groups.values(), key=lambda g: (len(g), -g[0])) if groups else []
    return [held[i] for i in largest]


def _holding_shape(sector: _Sector, front: Sequence[Point], lost: Sequence[Place], margin_m: float) -> BaseGeometry:
    """The hull of the front's places and the border points nearest them, grown by ``margin_m``."""
    feet = [nearest_points(sector.border, p)[0] for p in front]
    hull = shapely.MultiPoint([*front, *feet]).convex_hull  # the ground between them and the border they crossed
    shape = hull.buffer(margin_m) if margin_m else hull
    shape = shape.intersection(sector.territory)
    cuts = [Point(sector.to_local.transform(p.lon, p.lat)).buffer(LOST_RADIUS_KM * 1000) for p in lost]
    return shape.difference(shapely.union_all(cuts)) if cuts else shape


@dataclass(frozen=True)
class _Fit:
    shape: BaseGeometry  # local CRS
    depth_km: float
    held_radius_km: float
    note: str = ""
    margin_km: float | None = None  # set when the shape is the held places' hull
    front: tuple[str, ...] = ()  # the places the hull is drawn around
    lapsed: bool = False  # drawn around places last fought over, none reported held lately


def _fit_holdings(sector: _Sector, target_km2: float | None, held: Sequence[Place], lost: Sequence[Place]) -> _Fit:
    """The held places' hull, its margin bisected to the reported area (or HULL_MARGIN_KM without one)."""
    front = _front(sector, held)
    points = [Point(sector.to_local.transform(p.lon, p.lat)) for p in front]
    names = tuple(p.name for p in front)
    if target_km2 is None:
        shape = _holding_shape(sector, points, lost, HULL_MARGIN_KM * 1000)
        return _Fit(shape, 0.0, 0.0, margin_km=HULL_MARGIN_KM, front=names)
    limit = MAX_GROW_KM * 1000
    hull = _holding_shape(sector, points, lost, 0.0)
    if hull.area > target_km2 * 1e6:
        # less ground than the places span: what is left lies along the border the holder came across (a
        # shrinking salient falls back toward it), so the hull is cut to a border band, not shrunk inward
        shape, depth = _bisect(lambda d: hull.intersection(sector.border.buffer(d)), 0.0, limit, target_km2 * 1e6)
        off = abs(shape.area - target_km2 * 1e6) > 0.05 * target_km2 * 1e6
        note = "the held places' hull cannot be fitted to the reported area" if off else ""
        return _Fit(shape, depth / 1000, 0.0, note, margin_km=0.0, front=names)
    shape, margin = _bisect(lambda m: _holding_shape(sector, points, lost, m), 0.0, limit, target_km2 * 1e6)
    off = abs(shape.area - target_km2 * 1e6) > 0.05 * target_km2 * 1e6
    note = "the held places' hull cannot be fitted to the reported area" if off else ""
    return _Fit(shape, 0.0, 0.0, note, margin_km=margin / 1000, front=names)


def _calibrate(sector: _Sector, target_km2: float, held: Sequence[Place], lost: Sequence[Place]) -> _Fit:
    """Bisect the band depth until the area is within tolerance of ``target_km2``.

    The local CRS is equal-area, so planar areas there are geodesic areas.
    When the corridors to the held places alone exceed the target, their
    width is bisected instead (down to MIN_HELD_RADIUS_KM).
    """
    target = target_km2 * 1e6
    radius = HELD_RADIUS_KM * 1000
    if _shape(sector, 0.0, held, lost, radius).area > target:
        shape, radius = _bisect(lambda r: _shape(sector, 0.0, held, lost, r), MIN_HELD_RADIUS_KM * 1000, radius, target)
        note = "" if shape.area <= target * (1 + CALIBRATION_TOLERANCE) else "the held places alone exceed the reported area"
        return _Fit(shape, 0.0, radius / 1000, note)
    shape, depth = _bisect(lambda d: _shape(sector, d, held, lost, radius), 0.0, MAX_DEPTH_KM * 1000, target)
    note = "" if shape.area >= target * (1 - CALIBRATION_TOLERANCE) else "the band cannot grow to the reported area"
    return _Fit(shape, depth / 1000, radius / 1000, note)


def _bisect(make, lo: float, hi: float, target: float) -> tuple[BaseGeometry, float]:
    """Parameter in [lo, hi] whose (monotone) shape area is within tolerance of ``target``."""
    low, high = make(lo), make(hi)
    if low.area >= target:
        return low, lo
    if high.area <= target:
        return high, hi
    best, best_x = high, hi
    for _ in range(60):
        mid = (lo + hi) / 2
        shape = make(mid)
        best, best_x = shape, mid
        if abs(shape.area - target) <= CALIBRATION_TOLERANCE * target:
            break
        lo, hi = (mid, hi) if shape.area < target else (lo, mid)
    return best, best_x


def _finish(local: BaseGeometry, sector: _Sector) -> BaseGeometry:
    """Simplify, return to WGS84, clip to Russia, round to 5 decimals."""
    simple = local.simplify(SIMPLIFY_M, preserve_topology=True)
    wgs84 = _project(simple, sector.to_wgs84).intersection(sector.territory_wgs84)
    rounded = shapely.set_precision(wgs84, 10**-DECIMALS)
    return polygonal_part(shapely.make_valid(rounded))


def polygonal_part(geom: BaseGeometry) -> BaseGeometry:
    """The polygons of ``geom`` as a Polygon or MultiPolygon, counter-clockwise, in a fixed order.

    Points and lines (e.g. slivers left by ``make_valid``) are dropped.
    """
    polys: list[BaseGeometry] = []
    stack = [geom]
    while stack:
        part = stack.pop()
        if part.geom_type == "Polygon" and not part.is_empty:
            polys.append(orient(part, sign=1.0))
        elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
            stack.extend(shapely.get_parts(part))
    polys.sort(key=lambda p: (p.bounds, p.area))
    if not polys:
        return shapely.Polygon()
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


# ----------------------------------------------------------- timelines


@dataclass(frozen=True)
class _Segment:
    start: date
    area_claim: _Claim | None
    rivals: tuple[_Claim, ...]
    held: tuple[Place, ...]
    lost: tuple[Place, ...]
    place_claims: tuple[_Claim, ...]
    peaks: tuple[_Claim, ...]  # undated peak figures, listed while no dated figure is known
    lapsed: tuple[Place, ...] = ()  # fought over longer ago than CONTESTED_DAYS, never reported lost
    first_dated: date | None = None  # the holder's first dated figure, where an undated peak stops


def _holder_extents(mine: Sequence[_Claim], holder: str, sector: _Sector, end: date) -> list[dict]:
    """The holder's extents across the border, one per change of area or of places held."""
    if not mine:
        return []
    segments = _segments(mine, end, sector.country)
    features = []
    for seg, valid_to in zip(segments, [s.start - timedelta(days=1) for s in segments[1:]] + [end]):
        feature = _incursion_feature(seg, valid_to, sector, holder)
        if feature is not None:
            features.append(feature)
    return features


def _segments(mine: Sequence[_Claim], end: date, country: str) -> list[_Segment]:
    """One segment per change of reported area or of place states (hold-last)."""
    lapses = (c.day + timedelta(days=CONTESTED_DAYS + 1) for c in mine if c.contested)
    first = settings.CAMPAIGN_START if any(c.area_km2 is not None for c in mine) else min(c.day for c in mine)
    days = sorted({first, *(d for d in (*(c.day for c in mine), *lapses) if d <= end)})
    # an undated peak ("once held") is the most ground held at some time, not the ground held on a known day;
    # a dated figure calibrates from its own date on, and never before it
    dated_areas = [c for c in mine if c.area_km2 is not None and not c.peak]
    peaks = tuple(sorted((c for c in mine if c.area_km2 is not None and c.peak),
                         key=lambda c: (-(c.area_km2 or 0.0), c.source_id, c.quote)))
    first_dated = min((c.day for c in dated_areas), default=None)
    segments: list[_Segment] = []
    for day in days:
        chosen, rivals = _area_on(dated_areas, day)
        held, lost, place_claims = _places_on(mine, day, country)
        if chosen is None and held and peaks:
            # before the first dated figure, on a day the holder stands somewhere, the peak is the only
            # figure there is: it calibrates (the method says so); with no place held it calibrates nothing
            chosen, rivals = _area_on(peaks, day)
        lapsed = _lapsed_on(mine, day, country) if not held else ()
        listed = peaks if chosen is None or chosen.peak else ()
        seg = _Segment(day, chosen, rivals, held, lost, place_claims, listed, lapsed, first_dated=first_dated)
        if segments and _same(segments[-1], seg):
            continue
        segments.append(seg)
    return segments


def _same(a: _Segment, b: _Segment) -> bool:
    return (a.area_claim, a.rivals, a.held, a.lost) == (b.area_claim, b.rivals, b.held, b.lost)


def _area_on(area_claims: Sequence[_Claim], day: date) -> tuple[_Claim | None, tuple[_Claim, ...]]:
    """Latest dated area report on or before ``day``; none before the first (the places held draw the extent)."""
    past = [c for c in area_claims if c.day <= day]
    if not past:
        return None, ()
    latest = max(c.day for c in past)
    same_day = [c for c in past if c.day == latest]
    # A reported figure beats a claimed one of the same day; among equals the
    # larger wins (peak figures are minimums, so the larger satisfies all).
    same_day.sort(key=lambda c: (c.status != "reported", -(c.area_km2 or 0.0), c.order))
    chosen = same_day[0]
    rivals = tuple(c for c in same_day[1:] if c.area_km2 != chosen.area_km2 or c.source_id != chosen.source_id)
    return chosen, rivals


def _places_on(mine: Sequence[_Claim], day: date,
               country: str = TERRITORY) -> tuple[tuple[Place, ...], tuple[Place, ...], tuple[_Claim, ...]]:
    """Places held and lost on ``day`` in ``country``: the latest report about each place wins.

    A place whose first report is its loss counts as held before it (it
    cannot be lost without having been held); one first reported entered or
    fought over was not held before that report. A place
    fought over counts as held for CONTESTED_DAYS after the report: the
    holder is there, but a fight says nothing of who holds it a month on.
    """
    state: dict[str, tuple[str, Place, _Claim]] = {}
    first_kind: dict[str, str] = {}  # what the first report of each place says
    for claim in sorted(mine, key=lambda c: (c.day, c.source_id, c.quote, c.order)):  # not the input order
        for kind, places in (("held", claim.held), ("contested", claim.contested), ("lost", claim.lost)):
            for place in places:
                first_kind.setdefault(place.place_id, kind)
                if claim.day <= day:
                    before = state.get(place.place_id, ("",))[0]
                    if kind == "contested" and before == "lost":
                        continue  # fighting at a place the holder lost does not give it back
                    if kind == "contested" and before == "held":
                        kind = "held"  # nor does fighting at a place it holds take it away
                    state[place.place_id] = (kind, place, claim)
                elif kind == "lost" and place.place_id not in state and first_kind[place.place_id] == "lost":
                    # held before its loss, unless its first report had the holder only arrive ("entered")
                    state[place.place_id] = ("held", place, claim)
    here = {k: v for k, v in sorted(state.items()) if _usable(v[1]) and _in_country(v[1], country)}
    live = {k for k, (kind, _, c) in here.items()
            if kind == "held" or (kind == "contested" and (day - c.day).days <= CONTESTED_DAYS)}
    # the latest reported first: of two groups of places the same size, the one fought over lately is drawn
    held = tuple(here[k][1] for k in sorted(live, key=lambda k: (-here[k][2].day.toordinal(), k)))
    lost = tuple(p for _, (kind, p, _) in here.items() if kind == "lost")
    sources = tuple(sorted({c for k, (_, _, c) in here.items() if k in live or here[k][0] == "lost"},
                           key=lambda c: c.order))
    return held, lost, sources


def _lapsed_on(mine: Sequence[_Claim], day: date, country: str) -> tuple[Place, ...]:
    """Places last reported fought over, longer ago than CONTESTED_DAYS: where the holder was last seen."""
    last: dict[str, tuple[str, Place]] = {}
    for claim in sorted((c for c in mine if c.day <= day), key=lambda c: (c.day, c.order)):
        for kind, places in (("held", claim.held), ("contested", claim.contested), ("lost", claim.lost)):
            for place in places:
                last[place.place_id] = (kind, place)
    return tuple(p for _, (kind, p) in sorted(last.items())
                 if kind == "contested" and _usable(p) and _in_country(p, country))


def _incursion_feature(seg: _Segment, valid_to: date, sector: _Sector, holder: str) -> dict | None:
    claim = seg.area_claim
    if claim is not None and claim.area_km2 is not None and claim.area_km2 <= 0:
        return None  # reported as nothing held: no extent to draw
    if seg.held:
        fit = _fit_holdings(sector, claim.area_km2 if claim is not None else None, seg.held, seg.lost)
    elif claim is not None and seg.lapsed:
        # an area is reported but no place lately: the holder is where it was last seen fighting
        fit = replace(_fit_holdings(sector, claim.area_km2, seg.lapsed, seg.lost), lapsed=True)
    elif claim is not None:
        fit = _calibrate(sector, claim.area_km2, seg.held, seg.lost)
    else:
        return None  # nothing held and no area: nothing to draw
    geom = _finish(fit.shape, sector)
    if geom.is_empty:
        return None
    latest_places = max(seg.place_claims, key=lambda c: (c.day, c.source_id, c.quote)) if seg.place_claims else None
    lead = claim or latest_places
    status = lead.status if lead else "reported"
    sources = {c.source_id for c in (claim, *seg.rivals, *seg.place_claims, *seg.peaks) if c is not None}
    return _feature(
        geom,
        holder=holder,
        valid_from=seg.start,
        valid_to=valid_to,
        claim_status=status,
        reported_area=claim.area_km2 if claim else None,
        claimant=lead.claimant if lead else "",
        source_ids=sources,
        method=_incursion_method(seg, fit, sector),
        quote=lead.quote if lead else "",
        # Russia also holds, by claim, ground in Russia drawn from the same day: the country keeps ids apart
        id_extra=sector.country if holder != INCURSION_HOLDER else "",
    )


def _incursion_method(seg: _Segment, fit: _Fit, sector: _Sector) -> str:
    claim = seg.area_claim
    words = []
    if claim is None:
        words.append(f"places only: no dated area reported on or before this day; the held places' hull with a {HULL_MARGIN_KM:g} km margin")
        if seg.peaks:
            words.append("peak " + ", ".join(f"{c.area_km2:.1f} km² [{c.source_id}]" for c in seg.peaks)
                         + " reported: the most ground held at some time, undated; it calibrates only days "
                           "before the first dated figure on which a place is held")
    else:
        figure = f"{claim.area_km2:.1f} km² [{claim.source_id}]"
        if claim.peak:
            until = f" ({seg.first_dated})" if seg.first_dated else " (none reported)"
            words.append(f"undated peak figure, drawn until the first dated figure{until}: {figure}, the most "
                         f"ground held at some time, not on a known day, so it may overstate the ground held this day")
        else:
            words.append(f"hold-last: {figure} reported {claim.day}, held until the next report")
        if seg.rivals:
            words.append(_conflict_note(claim, seg.rivals))
        if fit.margin_km is not None and fit.depth_km > 0:
            words.append(
                f"hull of the held places and the border points nearest them (Natural Earth 10 m), clipped to "
                f"{sector.country} and cut to the {fit.depth_km:.1f} km nearest the border they were crossed from "
                f"(less ground than the places span), the depth bisected to within {CALIBRATION_TOLERANCE:.0%} of "
                f"the reported area (geodesic, WGS84)"
            )
        elif fit.margin_km is not None:
            words.append(
                f"hull of the held places and the border points nearest them (Natural Earth 10 m), "
                f"grown by {fit.margin_km:.1f} km and clipped to "
                f"{sector.country}, the margin bisected to within {CALIBRATION_TOLERANCE:.0%} of the reported area "
                f"(geodesic, WGS84)"
            )
        else:
            tuned = "depth" if fit.depth_km > 0 or fit.held_radius_km >= HELD_RADIUS_KM else "corridor width"
            words.append(
                f"schematic band {fit.depth_km:.1f} km deep along {sector.length_km:.0f} km of the "
                f"{TERRITORY}-{NEIGHBOUR} border (Natural Earth 10 m) nearest the named places, clipped to Russia, "
                f"{tuned} bisected to within {CALIBRATION_TOLERANCE:.0%} of the reported area (geodesic, WGS84)"
            )
        if fit.note:
            words.append(f"out of tolerance: {fit.note}")
    if fit.margin_km is not None:
        anchors = seg.lapsed if fit.lapsed else seg.held
        left = [p for p in anchors if p.name not in fit.front]
        label = (f"no place reported held or fought over in the last {CONTESTED_DAYS} days; drawn around the "
                 f"places last fought over" if fit.lapsed else "held")
        words.append(f"{label}: {', '.join(fit.front) or 'none'}"
                     + (f"; left out, over {CLUSTER_LINK_KM:g} km from that group: {_names(left)}" if left else ""))
    else:
        words.append(f"held: {_names(seg.held)} (corridor {fit.held_radius_km:.1f} km each side)")
    words.append(f"lost: {_names(seg.lost)} (cut {LOST_RADIUS_KM:g} km around each)")
    return "; ".join(words)


def _conflict_note(chosen: _Claim, rivals: Sequence[_Claim]) -> str:
    """Why ``chosen`` was drawn rather than the other figures of the same day."""
    def label(c: _Claim) -> str:
        who = f" by {c.claimant}" if c.claimant and c.status != "reported" else ""
        return f"{c.area_km2:.1f} km² [{c.source_id}, {c.status}{who}]"

    others = ", ".join(label(c) for c in rivals)
    if any(c.status != chosen.status for c in rivals):
        why = "a figure reported as fact is preferred to a claimed or disputed one"
    elif all(_LOWER_BOUND.search(c.quote) for c in (chosen, *rivals)):
        why = "the larger, as all are stated as minimums and the larger satisfies every report"
    else:
        why = "the larger figure; the others are listed here"
    return f"reports disagree ({label(chosen)} vs {others}): drew {chosen.area_km2:.1f} km², {why}"


def _names(places: Sequence[Place]) -> str:
    return ", ".join(p.name for p in places) or "none"


def _counter_claim_extents(claims: Sequence[_Claim], incursion: Sequence[dict], sector: _Sector, end: date) -> list[dict]:
    """Russia's claims of control, drawn over the whole former salient."""
    mine = [c for c in claims if c.holder == TERRITORY_HOLDER]
    drawn: list[tuple[date, BaseGeometry, str, list[_Claim]]] = []
    for day in sorted({c.day for c in mine}):
        today = sorted((c for c in mine if c.day == day), key=lambda c: (c.status == "reported", c.order))
        geom, how = _counter_geometry(today[0], day, incursion, sector)
        if geom is not None:
            drawn.append((day, geom, how, today))
    features = []
    for index, (day, geom, how, today) in enumerate(drawn):
        valid_to = drawn[index + 1][0] - timedelta(days=1) if index + 1 < len(drawn) else end
        claim = today[0]
        standing = (
            f"{claim.claimant or 'the claimant'}'s claim of control ({claim.status}), not a report of fact"
            if claim.status != "reported"
            else "control reported as fact"
        )
        features.append(_feature(
            geom,
            holder=TERRITORY_HOLDER,
            valid_from=day,
            valid_to=valid_to,
            claim_status=claim.status,
            reported_area=claim.area_km2,
            claimant=claim.claimant,
            source_ids={c.source_id for c in today},
            method=f"hold-last: {standing} ({claim.note}), drawn over {how}; Ukraine's reported extent is kept alongside",
            quote=claim.quote,
        ))
    return features


def _counter_geometry(claim: _Claim, day: date, incursion: Sequence[dict], sector: _Sector) -> tuple[BaseGeometry | None, str]:
    before = [shapely.geometry.shape(f["geometry"]) for f in incursion if f["properties"]["valid_from"] <= day.isoformat()]
    if before:
        union = shapely.set_precision(shapely.union_all(before), 10**-DECIMALS)
        return polygonal_part(shapely.make_valid(union)), f"the whole former salient (union of Ukraine's schematic extents up to {day})"
    if claim.area_km2:
        fit = _calibrate(sector, claim.area_km2, claim.held, ())
        return _finish(fit.shape, sector), f"a band {fit.depth_km:.1f} km deep calibrated to the claimed area"
    return None, ""


def _feature(
    geom: BaseGeometry,
    *,
    holder: str,
    valid_from: date,
    valid_to: date,
    claim_status: str,
    reported_area: float | None,
    claimant: str,
    source_ids: set[str],
    method: str,
    quote: str,
    id_extra: str = "",
) -> dict:
    return control_feature(
        geom, holder=holder, origin="schematic", valid_from=valid_from, valid_to=valid_to,
        status="schematic" if claim_status == "reported" else claim_status, claim_status=claim_status,
        reported_area=reported_area, claimant=claimant, source_ids=source_ids, method=method, quote=quote,
        id_extra=id_extra,
    )


def control_feature(
    geom: BaseGeometry,
    *,
    holder: str,
    origin: str,
    valid_from: date,
    valid_to: date,
    status: str,
    claim_status: str = "",
    reported_area: float | None = None,
    claimant: str = "",
    source_ids: Iterable[str] = (),
    method: str = "",
    quote: str = "",
    id_extra: str = "",
) -> dict:
    """One ``control`` feature (schema: docs/layer-schema.md), area computed geodesically.

    Shared by the schematic extents here and the imported ones
    (geo.importer), so both always carry the same properties.
    """
    start = valid_from.isoformat()
    cid = control_id(holder, origin, start, *([id_extra] if id_extra else []))
    return {
        "type": "Feature",
        "id": cid,
        "geometry": geojson_geometry(geom),
        "properties": {
            "kind": "control",
            "control_id": cid,
            "holder": holder,
            "valid_from": start,
            "valid_to": valid_to.isoformat(),
            "status": status,
            "claim_status": claim_status,
            "origin": origin,
            "area_km2": round(borders.geodesic_area_km2(geom), 1),
            "reported_area_km2": None if reported_area is None else round(float(reported_area), 1),
            "claimant": claimant,
            "source_ids": sorted(set(source_ids)),
            "method": method,
            "quote": quote,
        },
    }


def geojson_geometry(geom: BaseGeometry) -> dict:
    """GeoJSON geometry dict with lists (not tuples) and 5-decimal coordinates."""
    def walk(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], float):
                return [round(v, DECIMALS) for v in value]
            return [walk(v) for v in value]
        return value

    raw = mapping(geom)
    return {"type": raw["type"], "coordinates": walk(raw["coordinates"])}
