"""Import analysts' front-line files (GeoJSON, KML, KMZ) as control features.

``read_control_file`` turns the polygons of one file into ``control``
features (origin "imported"), dated from a feature property, the file name
or ``--date`` and assigned to a holder from a property or ``--holder``; the
``deepstate`` preset reads holders from DeepStateMap's polygon styles
instead and clips whole-front snapshots to the campaign area
(``settings.CAMPAIGN_BBOX`` or ``--bbox``). An extent too large or too wide
for the campaign is refused unless forced. ``import_control`` reads every
file (or every file in a folder) first, then merges them into the layer
under its lock and chains their ``valid_to`` dates (hold-last until the
next dated import of the same holder and source, unless the file gives an
end or the source's next snapshot shows no extent of that holder).

It must NOT fetch anything, expand XML entities or read external ones (KML
goes through defusedxml with DTDs forbidden), unpack oversized archive
members, or write a layer when any input file is bad or refused.
"""

from __future__ import annotations

import json
import logging
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable, Sequence
from xml.etree.ElementTree import Element, ParseError

import pyproj
import shapely
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from shapely.geometry.base import BaseGeometry

from geo import borders, settings
from geo.control import DECIMALS, canonical_holder, control_feature, geojson_geometry, polygonal_part
from geo.errors import InputError
from geo.layer import layer_lock, read_layer, write_layer

log = logging.getLogger(__name__)

FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".kml": "KML", ".kmz": "KMZ"}
STATUSES = ("assessed", "claimed")  # what --status may say
# A file's own 'status' property is kept when it is one of the layer's control
# statuses (a KML the project exported says "schematic" or "disputed"); other
# values ("occupied" ...) describe something else and are left to --status.
FILE_STATUSES = ("assessed", "claimed", "disputed", "schematic", "reported")
PRESETS = ("deepstate",)
DEEPSTATE_SOURCE = "DeepStateMap"
CONTESTED = "contested"  # the holder of a grey zone (the ledger's word for it too)
# DeepStateMap's polygon fills (lower case) -> holder, or None for ground the
# layer does not draw. Checked on the 23 snapshots of Aug 2024 - May 2025
# (../shared/deepstate) inside settings.CAMPAIGN_BBOX, areas per Natural Earth:
DEEPSTATE_STYLES: dict[str, str | None] = {
    # "Liberated", dark blue: Russian ground Ukraine holds, the Kursk salient
    # (508 km² on 15 Aug 2024, 21 km² from 26 Apr 2025) and a patch at Tetkino.
    "#01579b": "Ukraine",
    "#a52714": "Russia",  # "Occupied": Ukrainian ground Russia holds (1-3 km² in the area)
    "#bdbdbd": CONTESTED,  # "Unknown status": the grey zone around the salient (31-642 km²)
    "#bcaaa4": CONTESTED,  # "Unknown status" too: 2 km² from Oct 2024, 18-98 km² astride the Sumy border from Apr 2025
    # Green "Liberated" is Ukraine's own ground retaken in 2022 (3,460-3,500 km²
    # of Sumy and Kharkiv oblasts in the area, unchanged in all 23 snapshots;
    # its 40 km² "in Russia" is the same every time: Natural Earth's border
    # drawn a little off DeepState's). Light blue is ground Ukraine retook on
    # its own side since (Kharkiv oblast, never in Russia). Ukraine holding its
    # own land is the map's background, as Russia holding its own is (DeepState
    # does not draw that either): drawn, it would bury the 20-900 km² salient
    # under 3,500 km² of Ukrainian ground that never changed hands in the campaign.
    "#0f9d58": None,
    "#0288d1": None,
}
_STYLE_URL = re.compile(r"poly-([0-9a-fA-F]{6})")  # DeepState's KML: <styleUrl>#poly-01579B-2000-77</styleUrl>
# Plausibility of one imported extent. The largest area reported in the
# campaign is 1,376 km² (Ukraine's peak, by its General Staff); DeepState's blue
# and grey inside Russia peaked at about 1,240 km² together (1 Sep 2024). 5,000 km² leaves
# room for wider grey zones and border strips, yet refuses an oblast (Kursk:
# 30,000 km²) or a whole-front map (277,000 km² with a bare --holder).
MAX_EXTENT_KM2 = 5_000.0
# The salient spans about 95 km corner to corner, the campaign area 257 km
# (settings.CAMPAIGN_BBOX); wider than 300 km reaches beyond the three border
# oblasts (Kursk to Pokrovsk is 450 km; the whole front spans 2,000 km).
MAX_SPREAD_KM = 300.0
# In a feature's method text: its valid_to is fixed (by the file or by the
# source's next snapshot), so chaining may shorten it but never extend it.
_END_FIXED = "end fixed"
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_KML_BYTES = 64 * 1024 * 1024  # uncompressed doc.kml inside a KMZ
MAX_ZIP_RATIO = 100  # deflate rarely beats this on KML; zip bombs do
DATE_KEYS = ("date", "valid_from", "timestamp", "time", "datetime", "when", "day", "updated", "updated_at")
HOLDER_KEYS = ("holder", "side", "controlled_by", "control", "party")
NAME_KEYS = ("name", "title", "description", "folder")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_UNIX = re.compile(r"(?<!\d)(\d{10})(?!\d)")
_KIND_ORDER = {"control": 0, "place": 1, "event": 2, "claim": 3}  # geo.layer.assemble's order
_WGS84 = pyproj.CRS.from_epsg(4326)
_GEOD = pyproj.Geod(ellps="WGS84")
_OUTSIDE = "polygon(s) outside the area"
_NON_POLYGON = "non-polygon feature(s)"
_AREAL = ("Polygon", "MultiPolygon", "GeometryCollection")


@dataclass(frozen=True)
class _Raw:
    """One polygonal feature read from a file, before dating."""

    geom: BaseGeometry
    props: dict[str, Any]
    index: int


@dataclass
class _Group:
    """The polygons of one source, holder and date in a file, and what they say."""

    members: list[_Raw] = field(default_factory=list)
    statuses: set[str] = field(default_factory=set)
    ends: set[date] = field(default_factory=set)
    notes: set[str] = field(default_factory=set)
    claimant: str = ""

    def add(self, raw: _Raw, status: str, end: date | None, *notes: str) -> None:
        self.members.append(raw)
        self.statuses.add(status)
        self.ends.update([end] if end else [])
        self.notes.update(notes)
        self.claimant = self.claimant or str(raw.props.get("claimant") or "").strip()


# ---------------------------------------------------------------- public API


def read_control_file(
    path: Path,
    *,
    holder: str | None,
    status: str,
    source: str | None,
    day: date | None,
    preset: str | None = None,
    bbox: Sequence[float] | None = None,
    force: bool = False,
) -> list[dict]:
    """Read GeoJSON, KML or KMZ polygons as control features (origin 'imported').

    Parameters
    ----------
    path : Path
        A ``.geojson``/``.json``, ``.kml`` or ``.kmz`` file.
    holder : str, optional
        Holder when no feature property names one (not with a preset).
    status : {"assessed", "claimed"}
        Standing of the data, unless a feature's ``status`` property is one
        of ``FILE_STATUSES``.
    source : str, optional
        Source name (default: a feature's ``source_ids`` property, else
        ``DEEPSTATE_SOURCE`` with the preset, else the file name without its date).
    day : date, optional
        Date when neither a property nor the file name gives one.
    preset : {"deepstate"}, optional
        Holders from DeepStateMap's polygon styles (``DEEPSTATE_STYLES``),
        clipped to ``bbox`` or ``settings.CAMPAIGN_BBOX``.
    bbox : (west, south, east, north), optional
        Keep only the polygons' parts inside this lon/lat box.
    force : bool
        Import extents larger than ``MAX_EXTENT_KM2`` or wider than
        ``MAX_SPREAD_KM`` instead of refusing them.

    Returns
    -------
    list of dict
        One feature per source, holder and date in the file, polygons
        merged; empty when a clipped file has nothing in the box.
        ``valid_to`` is the file's (``valid_to`` property or KML TimeSpan
        end), else ``valid_from`` until ``import_control`` chains them.

    Raises
    ------
    InputError
        Naming the file: unreadable, unsafe, no polygons, no date or no
        holder, or an implausible extent without ``force``.
    """
    path = Path(path)
    _check_options(status, preset, holder)
    window = _window(bbox, preset)
    fmt = _format_of(path)
    raws, skipped, crs_note = _read_raw(path, fmt, window)
    if not raws and not skipped.get(_OUTSIDE):
        raise InputError(path, f"no polygons found ({skipped.total()} non-polygon feature(s) ignored); control data must be areas")
    who_of: dict[int, tuple[str, str]] = {}
    if preset:
        raws, who_of = _deepstate_holders(raws, skipped)
    groups: dict[tuple[tuple[str, ...], str, date], _Group] = {}
    fallback_source = source or (DEEPSTATE_SOURCE if preset else _default_source(path))
    for raw in raws:
        when, when_from = _date_of(raw, path, day)
        who, who_from = who_of[raw.index] if preset else _holder_of(raw, path, holder)
        ids = (source,) if source else _source_ids(raw) or (fallback_source,)
        group = groups.setdefault((ids, who, when), _Group())
        group.add(raw, _status_of(raw, status), _end_of(raw, path, when), f"date from {when_from}", f"holder from {who_from}")
    notes = _skip_notes(path, skipped, window, crs_note)
    features = [_group_feature(group, path, fmt, holder=who, day=when, sources=ids, notes=notes)
                for (ids, who, when), group in sorted(groups.items())]
    if not force:
        _check_plausible(features, path)
    return features


def import_control(
    paths: Sequence[Path],
    *,
    layer_path: Path,
    holder: str | None = None,
    status: str = "assessed",
    source: str | None = None,
    day: date | None = None,
    preset: str | None = None,
    bbox: Sequence[float] | None = None,
    force: bool = False,
    store: str | None = None,
) -> list[dict]:
    """Import front-line files, or folders of them, into the layer (or the team store at ``store``).

    Reads all files first (any bad or refused file -> InputError, nothing
    written), merges them into the layer (a re-import of the same holder,
    source and date replaces the earlier one), sets each imported extent's
    ``valid_to`` to the day before the next dated import of the same holder
    and source (the last runs to the layer's last schematic day, hold-last;
    an end the file gives is kept), and writes the layer via
    ``geo.layer.write_layer`` under its lock. With a preset every file is a
    snapshot of the whole area: an extent ends the day before the source's
    next snapshot even when that snapshot shows no extent of its holder.
    With ``store`` (a PostgreSQL URL) the same merge runs on the store's
    layer inside one transaction under its write lock (geo.store.write), and
    only control extents are written back. The other arguments are
    ``read_control_file``'s.

    Returns
    -------
    list of dict
        The imported features as written.
    """
    files = _expand([Path(p) for p in paths])
    fresh: dict[str, dict] = {}
    for path in files:
        for feature in read_control_file(path, holder=holder, status=status, source=source, day=day,
                                         preset=preset, bbox=bbox, force=force):
            fresh[feature["id"]] = _merge(fresh.get(feature["id"]), feature)
    if not fresh:
        box = _box_text(_window_bounds(bbox, preset) or ())
        raise InputError(files[0] if len(files) == 1 else Path(paths[0]),
                         f"no polygons to import inside the area {box} in {len(files)} file(s)")
    if store:
        return _import_into_store(store, fresh, files, preset=preset, day=day)
    layer_path = Path(layer_path)
    with layer_lock(layer_path):
        fc = read_layer(layer_path) if layer_path.exists() else _empty_layer()
        fc["features"] = _merged(fc["features"], fresh, files, preset=preset, day=day)
        write_layer(fc, layer_path, locked=True)
    return [f for f in fc["features"] if f["id"] in fresh]


def _merged(features: list[dict], fresh: dict[str, dict], files: Sequence[Path], *, preset: str | None,
            day: date | None) -> list[dict]:
    """``features`` with the fresh imports in place of same-id ones, each extent ended before the next."""
    merged = [f for f in features if f.get("id") not in fresh] + list(fresh.values())
    if preset:
        _end_at_snapshot_gaps(merged, fresh.values(), {_snapshot_day(p, day) for p in files} - {None})
    return _chain(merged)


def _import_into_store(url: str, fresh: dict[str, dict], files: Sequence[Path], *, preset: str | None,
                       day: date | None) -> list[dict]:
    from geo.schema import validate_layer
    from geo.store import read, redact, write

    with write.writing(url) as conn:
        fc = read.layer_in(conn)
        fc["features"] = _merged(fc["features"], fresh, files, preset=preset, day=day)
        validate_layer(fc, origin=redact(url))
        write.upsert_features(conn, [f for f in fc["features"] if f["properties"]["kind"] == "control"])
        write.record_write(conn, "import-control")
    return [f for f in fc["features"] if f["id"] in fresh]


# ------------------------------------------------------------------ reading


def _format_of(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(path, f"unsupported file type {path.suffix!r}; use {', '.join(sorted(FORMATS))}")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if not path.is_file():
        raise InputError(path, "not a file")
    if size > MAX_FILE_BYTES:
        raise InputError(path, f"file is {size} bytes, over the {MAX_FILE_BYTES} byte limit")
    return fmt


def _read_raw(path: Path, fmt: str, window: BaseGeometry | None) -> tuple[list[_Raw], Counter, str]:
    """The file's polygons (clipped to ``window``) and counts of what was left out."""
    if fmt == "GeoJSON":
        return _read_geojson(path, window)
    data = _kmz_member(path) if fmt == "KMZ" else path.read_bytes()
    raws, skipped = _read_kml(data, path, window)
    return raws, skipped, ""


def _read_geojson(path: Path, window: BaseGeometry | None) -> tuple[list[_Raw], Counter, str]:
    try:
        doc = json.loads(path.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"not valid JSON: {exc}") from None
    except RecursionError:  # '[' * 100000 overflows the parser's stack
        raise InputError(path, "not valid JSON: nested too deeply") from None
    if not isinstance(doc, dict):
        raise InputError(path, "not a GeoJSON object")
    kind = doc.get("type")
    if kind == "FeatureCollection" and isinstance(doc.get("features"), list):
        items = doc["features"]
    elif kind == "Feature":
        items = [doc]
    elif kind == "GeometryCollection" or (isinstance(kind, str) and "coordinates" in doc):
        items = [{"type": "Feature", "geometry": doc, "properties": {}}]
    else:
        raise InputError(path, f"not a GeoJSON FeatureCollection, Feature or geometry (type {kind!r})")
    transformer, crs_note = _crs_transformer(doc.get("crs"), path)
    raws: list[_Raw] = []
    skipped: Counter = Counter()
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise InputError(path, f"feature {index} is not an object")
        geom = _geojson_geometry(item.get("geometry"), path, index)
        if geom is None or geom.is_empty or geom.geom_type not in _AREAL:
            skipped[_NON_POLYGON] += 1
            continue
        if transformer is not None:
            geom = shapely.transform(geom, lambda xy: _reproject(transformer, xy))
        _check_lonlat(geom, path, index)
        # Whole-front maps hold hundreds of polygons far from the campaign:
        # skip them before the costly repair.
        if window is not None and not window.intersects(shapely.box(*geom.bounds)):
            skipped[_OUTSIDE] += 1
            continue
        polys = _clip(polygonal_part(shapely.make_valid(geom)), window)
        if polys is None or polys.is_empty:
            skipped[_NON_POLYGON if polys is not None else _OUTSIDE] += 1
            continue
        props = item.get("properties") if isinstance(item.get("properties"), dict) else {}
        raws.append(_Raw(polys, props, index))
    return raws, skipped, crs_note


def _clip(geom: BaseGeometry, window: BaseGeometry | None) -> BaseGeometry | None:
    """``geom`` inside ``window`` (None when nothing of it is)."""
    if window is None or geom.is_empty:
        return geom
    inside = polygonal_part(shapely.intersection(geom, window))
    return None if inside.is_empty else inside


def _geojson_geometry(value: Any, path: Path, index: int) -> BaseGeometry | None:
    if value is None:
        return None
    try:
        return shapely.force_2d(shapely.geometry.shape(value))
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, shapely.errors.GEOSException) as exc:
        raise InputError(path, f"feature {index}: bad geometry: {exc}") from None


def _crs_transformer(crs: Any, path: Path) -> tuple[pyproj.Transformer | None, str]:
    """Transformer to WGS84 for a legacy GeoJSON ``crs`` member (None if WGS84)."""
    if not crs:
        return None, ""
    props = crs.get("properties") if isinstance(crs, dict) else None
    if not isinstance(props, dict):
        raise InputError(path, f"cannot read the declared crs {str(crs)[:80]!r}: 'properties' is not an object")
    name, code = props.get("name"), props.get("code")
    if isinstance(name, str) and name.strip():
        name = name.strip()
    elif isinstance(code, (int, str)) and not isinstance(code, bool) and str(code).strip():
        name = f"EPSG:{str(code).strip()}"
    else:
        raise InputError(path, f"cannot read the declared crs {str(crs)[:80]!r}: no 'name' or 'code'")
    try:
        declared = pyproj.CRS.from_user_input(name)
    except pyproj.exceptions.CRSError:
        raise InputError(path, f"unknown crs {name!r}") from None
    if declared.equals(_WGS84, ignore_axis_order=True) or declared.equals(pyproj.CRS("OGC:CRS84")):
        return None, ""
    return pyproj.Transformer.from_crs(declared, _WGS84, always_xy=True), f"reprojected from {name}"


def _reproject(transformer: pyproj.Transformer, xy):
    x, y = transformer.transform(xy[:, 0], xy[:, 1])
    out = xy.copy()
    out[:, 0], out[:, 1] = x, y
    return out


def _check_lonlat(geom: BaseGeometry, path: Path, index: int) -> None:
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise InputError(path, f"feature {index}: coordinates are not WGS84 lon/lat (declare the file's crs)")


def _kmz_member(path: Path) -> bytes:
    """The KML inside a KMZ, refusing oversized or implausibly compressed members."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [i for i in archive.infolist() if i.filename.lower().endswith(".kml") and not i.is_dir()]
            if not infos:
                raise InputError(path, "KMZ holds no .kml file")
            info = next((i for i in infos if i.filename.lower() == "doc.kml"), sorted(infos, key=lambda i: i.filename)[0])
            if info.file_size > MAX_KML_BYTES:
                raise InputError(path, f"{info.filename} unpacks to {info.file_size} bytes, over the limit")
            if info.file_size > 1024 * 1024 and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
                raise InputError(path, f"{info.filename} is compressed {info.file_size // max(info.compress_size, 1)}:1; refused as a zip bomb")
            with archive.open(info) as member:
                data = member.read(MAX_KML_BYTES + 1)  # headers can lie: cap the read too
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
        raise InputError(path, f"not a readable KMZ (zip) file: {exc}") from None
    if len(data) > MAX_KML_BYTES:
        raise InputError(path, f"{info.filename} unpacks past {MAX_KML_BYTES} bytes; refused")
    return data


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _read_kml(data: bytes, path: Path, window: BaseGeometry | None) -> tuple[list[_Raw], Counter]:
    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(path, f"unsafe KML refused ({type(exc).__name__}: DTDs and entities are not allowed)") from None
    except ParseError as exc:
        raise InputError(path, f"not well-formed KML: {exc}") from None
    if _local(root.tag) != "kml":
        raise InputError(path, f"not KML (root element {_local(root.tag)!r})")
    raws: list[_Raw] = []
    skipped: Counter = Counter()
    for index, mark in enumerate(e for e in root.iter() if _local(e.tag) == "Placemark"):
        polys = [_kml_polygon(p, path, index) for p in mark.iter() if _local(p.tag) == "Polygon"]
        geom = polygonal_part(shapely.union_all(polys)) if polys else shapely.Polygon()
        if geom.is_empty:
            skipped[_NON_POLYGON] += 1
            continue
        _check_lonlat(geom, path, index)
        inside = _clip(geom, window)
        if inside is None:
            skipped[_OUTSIDE] += 1
            continue
        raws.append(_Raw(inside, _kml_props(mark), index))
    return raws, skipped


def _kml_polygon(poly: Element, path: Path, index: int) -> BaseGeometry:
    outer: list | None = None
    inners: list = []
    for boundary in poly:
        name = _local(boundary.tag)
        if name not in ("outerBoundaryIs", "innerBoundaryIs"):
            continue
        for coords in boundary.iter():
            if _local(coords.tag) == "coordinates":
                ring = _kml_coords(coords.text or "", path, index)
                if name == "outerBoundaryIs":
                    outer = ring
                else:
                    inners.append(ring)
    if outer is None:
        raise InputError(path, f"placemark {index}: polygon without outerBoundaryIs coordinates")
    try:
        return shapely.make_valid(shapely.Polygon(outer, inners))
    except (ValueError, shapely.errors.GEOSException) as exc:
        raise InputError(path, f"placemark {index}: bad polygon: {exc}") from None


def _kml_coords(text: str, path: Path, index: int) -> list[tuple[float, float]]:
    ring = []
    for token in text.split():
        parts = token.split(",")
        try:
            ring.append((float(parts[0]), float(parts[1])))
        except (ValueError, IndexError):
            raise InputError(path, f"placemark {index}: bad coordinate {token[:40]!r}") from None
    if len(ring) < 3:
        raise InputError(path, f"placemark {index}: a polygon ring needs at least 3 points")
    return ring


def _kml_props(mark: Element) -> dict[str, str]:
    """Name, description, time and extended data of a placemark."""
    props: dict[str, str] = {}
    for child in mark:
        if _local(child.tag) in ("name", "description"):
            props[_local(child.tag)] = (child.text or "").strip()
    for child in mark.iter():
        name = _local(child.tag)
        text = (child.text or "").strip()
        if name == "when" and text:
            props.setdefault("timestamp", text)
        elif name == "begin" and text:
            props.setdefault("valid_from", text)
        elif name == "end" and text:
            props.setdefault("valid_to", text)
        elif name == "styleUrl" and text:
            props.setdefault("styleUrl", text)
        elif name == "Data" and child.get("name"):
            value = next((v.text or "" for v in child if _local(v.tag) == "value"), "")
            props[child.get("name")] = value.strip()
        elif name == "SimpleData" and child.get("name"):
            props[child.get("name")] = text
    return props


# ------------------------------------------------------- dates and holders


def _lowered(raw: _Raw) -> dict[str, Any]:
    return {str(k).lower(): v for k, v in raw.props.items()}


def _date_of(raw: _Raw, path: Path, fallback: date | None) -> tuple[date, str]:
    lowered = _lowered(raw)
    for key in DATE_KEYS:
        value = lowered.get(key)
        if value in (None, ""):
            continue
        parsed = _parse_date(value)
        if parsed is None:
            raise InputError(path, f"feature {raw.index}: property {key!r} = {str(value)[:40]!r} is not a date")
        return parsed, f"property '{key}'"
    from_name = _date_from_name(path.stem)
    if from_name is not None:
        return from_name, "file name"
    if fallback is not None:
        return fallback, "--date"
    raise InputError(path, "no date: give the features a 'date' property, put YYYY-MM-DD or a unix timestamp in the file name, or pass --date")


def _parse_date(value: Any) -> date | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _from_unix(float(value))
    text = str(value).strip()
    if text.isdigit() and len(text) in (10, 13):
        return _from_unix(float(text))
    match = _ISO_DATE.search(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None


def _from_unix(seconds: float) -> date | None:
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    try:
        day = datetime.fromtimestamp(seconds, tz=timezone.utc).date()
    except (OverflowError, OSError, ValueError):
        return None
    return day if 2000 <= day.year <= 2100 else None


def _date_from_name(stem: str) -> date | None:
    match = _ISO_DATE.search(stem)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    match = _UNIX.search(stem)
    return _from_unix(float(match[1])) if match else None


def _holder_of(raw: _Raw, path: Path, fallback: str | None) -> tuple[str, str]:
    lowered = _lowered(raw)
    for key in HOLDER_KEYS:
        value = str(lowered.get(key) or "").strip()
        if value:
            return canonical_holder(value) or value, f"property '{key}'"
    for key in NAME_KEYS:
        found = canonical_holder(str(lowered.get(key) or ""))
        if found:
            return found, f"property '{key}'"
    if fallback and fallback.strip():
        return canonical_holder(fallback) or fallback.strip(), "--holder"
    raise InputError(path, f"feature {raw.index}: no holder: add a 'holder' property or pass --holder")


def _default_source(path: Path) -> str:
    stem = _UNIX.sub("", _ISO_DATE.sub("", path.stem)).strip(" -_.")
    return stem or "import"


def _status_of(raw: _Raw, fallback: str) -> str:
    value = str(_lowered(raw).get("status") or "").strip().lower()
    return value if value in FILE_STATUSES else fallback


def _end_of(raw: _Raw, path: Path, start: date) -> date | None:
    """The last day the file says the polygon is valid (``valid_to`` or a KML TimeSpan end)."""
    value = _lowered(raw).get("valid_to")
    if value in (None, ""):
        return None
    end = _parse_date(value)
    if end is None:
        raise InputError(path, f"feature {raw.index}: property 'valid_to' = {str(value)[:40]!r} is not a date")
    if end < start:
        raise InputError(path, f"feature {raw.index}: valid_to {end} is before its start {start}")
    return end


def _source_ids(raw: _Raw) -> tuple[str, ...]:
    """The sources a file names for a polygon (the layer's own ``source_ids``, as KML export writes it)."""
    value = _lowered(raw).get("source_ids")
    items = value if isinstance(value, list) else str(value or "").split(";")
    return tuple(sorted({str(v).strip() for v in items} - {""}))


def _style_of(props: dict[str, Any]) -> str:
    """A polygon's fill colour, '#rrggbb' in lower case ('' when it has none)."""
    fill = str(props.get("fill") or "").strip().lower()
    if re.fullmatch(r"#[0-9a-f]{6}", fill):
        return fill
    match = _STYLE_URL.search(str(props.get("styleUrl") or ""))
    return "#" + match[1].lower() if match else ""


def _deepstate_holders(raws: list[_Raw], skipped: Counter) -> tuple[list[_Raw], dict[int, tuple[str, str]]]:
    """The polygons whose DeepState style names a holder, and that holder (by feature index)."""
    kept, holders = [], {}
    for raw in raws:
        fill = _style_of(raw.props)
        if fill not in DEEPSTATE_STYLES:
            skipped[f"polygon(s) of a style the deepstate preset does not know ({fill or 'no fill'})"] += 1
            continue
        if DEEPSTATE_STYLES[fill] is None:
            skipped[f"polygon(s) of Ukraine's own ground ({fill})"] += 1
            continue
        kept.append(raw)
        holders[raw.index] = (DEEPSTATE_STYLES[fill], f"DeepState style {fill}")
    return kept, holders


# --------------------------------------------------------------- features


def _clean(geom: BaseGeometry) -> BaseGeometry:
    """Valid, polygonal, 5-decimal geometry."""
    fixed = polygonal_part(shapely.make_valid(geom))
    if fixed.is_empty:
        return fixed
    return polygonal_part(shapely.make_valid(shapely.set_precision(fixed, 10**-DECIMALS)))


def _group_feature(group: _Group, path: Path, fmt: str, *, holder: str, day: date, sources: tuple[str, ...],
                   notes: list[str]) -> dict:
    if len(group.statuses) > 1:
        raise InputError(path, f"the {holder} polygons dated {day} have different statuses "
                               f"({', '.join(sorted(group.statuses))}); put them in files with different --source")
    geom = _clean(shapely.union_all([m.geom for m in group.members]))
    if geom.is_empty:
        raise InputError(path, f"the {holder} polygons dated {day} are empty after repair")
    end = max(group.ends, default=None)
    method = [f"imported from {path.name} ({fmt})", f"{len(group.members)} polygon feature(s) merged", *sorted(group.notes), *notes]
    if end is not None:
        method.append(f"{_END_FIXED} by the file (valid_to {end})")
    # valid_to starts equal to valid_from unless the file gives it; _chain extends the open ones.
    return control_feature(geom, holder=holder, origin="imported", valid_from=day, valid_to=end or day,
                           status=group.statuses.pop(), claimant=group.claimant or sources[0], source_ids=sources,
                           method="; ".join(method), id_extra=sources[0])


def _skip_notes(path: Path, skipped: Counter, window: BaseGeometry | None, crs_note: str) -> list[str]:
    """Method notes: the clipping box, what was left out and the reprojection."""
    box = _box_text(window.bounds) if window is not None else ""
    notes = [f"clipped to {box}"] if window is not None else []
    for what, count in sorted(skipped.items()):
        notes.append(f"ignored {count} {what}" + (f" {box}" if what == _OUTSIDE else ""))
        log.info("%s: ignored %d %s", path.name, count, what)
    return notes + ([crs_note] if crs_note else [])


def _box_text(bounds: Sequence[float]) -> str:
    return ",".join(f"{v:g}" for v in bounds)


def _check_plausible(features: Sequence[dict], path: Path) -> None:
    """Refuse extents no front line of the campaign could have (see MAX_EXTENT_KM2, MAX_SPREAD_KM)."""
    problems = [p for f in features if (p := _implausible(f))]
    if problems:
        raise InputError(path, f"refused: {'; '.join(problems)}: too big for the campaign area (a whole-front map?); "
                               "clip it with --preset deepstate or --bbox W,S,E,N, or pass --force to import it as it is")


def _implausible(feature: dict) -> str:
    """What is implausible about one extent ('' when nothing is)."""
    props = feature["properties"]
    minx, miny, maxx, maxy = shapely.geometry.shape(feature["geometry"]).bounds
    spread_km = _GEOD.inv(minx, miny, maxx, maxy)[2] / 1000
    problems = []
    if props["area_km2"] > MAX_EXTENT_KM2:
        problems.append(f"covers {props['area_km2']:,.0f} km² (limit {MAX_EXTENT_KM2:,.0f} km²)")
    if spread_km > MAX_SPREAD_KM:
        problems.append(f"spans {spread_km:,.0f} km corner to corner (limit {MAX_SPREAD_KM:,.0f} km)")
    return f"the {props['holder']} extent dated {props['valid_from']} {' and '.join(problems)}" if problems else ""


def _merge(old: dict | None, new: dict) -> dict:
    """Two files with the same holder, source and date: one extent, both polygons."""
    if old is None:
        return new
    geom = _clean(shapely.union_all([shapely.geometry.shape(old["geometry"]), shapely.geometry.shape(new["geometry"])]))
    merged = dict(new, geometry=geojson_geometry(geom))
    merged["properties"] = dict(
        new["properties"],
        area_km2=round(borders.geodesic_area_km2(geom), 1),
        method=old["properties"]["method"] + " | " + new["properties"]["method"],
    )
    return merged


def _chain(features: Iterable[dict]) -> list[dict]:
    """Set imported extents' valid_to (hold-last per holder and source) and order the layer."""
    features = list(features)
    control = [f for f in features if f.get("properties", {}).get("kind") == "control"]
    schematic_end = max((f["properties"]["valid_to"] for f in control if f["properties"]["origin"] != "imported"), default="")
    chains: dict[tuple[str, str], list[dict]] = {}
    for f in control:
        if f["properties"]["origin"] == "imported":
            key = (f["properties"]["holder"], (f["properties"]["source_ids"] or [""])[0])
            chains.setdefault(key, []).append(f)
    for chain in chains.values():
        chain.sort(key=lambda f: f["properties"]["valid_from"])
        for this, nxt in zip(chain, chain[1:] + [None]):
            props = this["properties"]
            until = _day_before(nxt["properties"]["valid_from"]) if nxt is not None else None
            if _END_FIXED in props["method"]:
                props["valid_to"] = min(props["valid_to"], until or props["valid_to"])
            else:
                props["valid_to"] = until or max(props["valid_from"], schematic_end)
    return sorted(features, key=lambda f: (_KIND_ORDER.get(f.get("properties", {}).get("kind"), 9), str(f.get("id"))))


def _day_before(iso: str) -> str:
    return (date.fromisoformat(iso) - timedelta(days=1)).isoformat()


def _end_at_snapshot_gaps(features: list[dict], fresh: Iterable[dict], days: set[date]) -> None:
    """End each extent of a snapshot source the day before its next snapshot, when that shows no extent of the holder.

    Hold-last would carry the extent over a snapshot that has none: a
    whole-area snapshot without a holder's polygons says it holds nothing there.
    """
    for source in {f["properties"]["source_ids"][0] for f in fresh}:
        mine = [f for f in features if f["properties"].get("kind") == "control" and f["properties"]["origin"] == "imported"
                and f["properties"]["source_ids"][:1] == [source]]
        snapshots = sorted({d.isoformat() for d in days} | {f["properties"]["valid_from"] for f in mine})
        starts = {(f["properties"]["holder"], f["properties"]["valid_from"]) for f in mine}
        for f in mine:
            props = f["properties"]
            later = [d for d in snapshots if d > props["valid_from"]]
            if not later or (props["holder"], later[0]) in starts:
                continue
            end = _day_before(later[0])
            if _END_FIXED in props["method"]:
                props["valid_to"] = min(props["valid_to"], end)
            else:
                props["valid_to"] = end
                props["method"] += f"; {_END_FIXED}: the next snapshot ({later[0]}) shows no {props['holder']} extent in the area"


def _expand(paths: Sequence[Path]) -> list[Path]:
    """Files as given; a folder gives its GeoJSON, KML and KMZ files (not hidden ones), sorted."""
    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = sorted(p for p in path.iterdir() if p.suffix.lower() in FORMATS and not p.name.startswith(".") and p.is_file())
        if not found:
            raise InputError(path, f"no {', '.join(sorted(FORMATS))} file in the folder")
        files.extend(found)
    return files


def _snapshot_day(path: Path, fallback: date | None) -> date | None:
    return _date_from_name(path.stem) or fallback


def _check_options(status: str, preset: str | None, holder: str | None) -> None:
    if status not in STATUSES:
        raise InputError("--status", f"must be one of {', '.join(STATUSES)}, not {status!r}")
    if preset is not None and preset not in PRESETS:
        raise InputError("--preset", f"must be one of {', '.join(PRESETS)}, not {preset!r}")
    if preset and holder:
        raise InputError("--holder", f"the {preset} preset reads each polygon's holder from its style; drop --holder")


def _window_bounds(bbox: Sequence[float] | None, preset: str | None) -> tuple[float, ...] | None:
    """The clipping box: ``bbox``, else the campaign area for a preset, else none."""
    if bbox is None:
        return tuple(settings.CAMPAIGN_BBOX) if preset else None
    try:
        west, south, east, north = (float(v) for v in bbox)
    except (TypeError, ValueError):
        raise InputError("--bbox", f"must be four numbers W,S,E,N, not {bbox!r}") from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise InputError("--bbox", f"{_box_text((west, south, east, north))} is not W,S,E,N in degrees (west < east, south < north)")
    return west, south, east, north


def _window(bbox: Sequence[float] | None, preset: str | None) -> BaseGeometry | None:
    bounds = _window_bounds(bbox, preset)
    return shapely.box(*bounds) if bounds else None


def _empty_layer() -> dict:
    return {
        "type": "FeatureCollection",
        "features": [],
        "metadata": {"generated_by": "geo import-control", "articles": [], "skipped": [], "unresolved": []},
    }
