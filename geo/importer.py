"""Import analysts' front-line files (GeoJSON, KML, KMZ) as control features.

``read_control_file`` turns the polygons of one file into ``control``
features (origin "imported"), dated from a feature property, the file name
or ``--date`` and assigned to a holder from a property or ``--holder``.
``import_control`` reads every file first, then merges them into the layer
under its lock and chains their ``valid_to`` dates (hold-last until the next
dated import of the same holder and source).

It must NOT fetch anything, expand XML entities or read external ones (KML
goes through defusedxml with DTDs forbidden), unpack oversized archive
members, or write a layer when any input file is bad.
"""

from __future__ import annotations

import json
import logging
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable, Sequence
from xml.etree.ElementTree import Element, ParseError

import pyproj
import shapely
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from shapely.geometry.base import BaseGeometry

from geo import borders
from geo.control import DECIMALS, canonical_holder, control_feature, geojson_geometry, polygonal_part
from geo.errors import InputError
from geo.layer import layer_lock, read_layer, write_layer

log = logging.getLogger(__name__)

FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".kml": "KML", ".kmz": "KMZ"}
STATUSES = ("assessed", "claimed")
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_KML_BYTES = 64 * 1024 * 1024  # uncompressed doc.kml inside a KMZ
MAX_ZIP_RATIO = 100  # deflate rarely beats this on KML; zip bombs do
DATE_KEYS = ("date", "valid_from", "timestamp", "time", "datetime", "when", "day", "updated", "updated_at")
HOLDER_KEYS = ("holder", "side", "controlled_by", "control", "party")
NAME_KEYS = ("name", "title", "description", "folder")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_UNIX = re.compile(r"(?<!\d)(\d{10})(?!\d)")
_KIND_ORDER = {"control": 0, "place": 1, "event": 2}
_WGS84 = pyproj.CRS.from_epsg(4326)


@dataclass(frozen=True)
class _Raw:
    """One polygonal feature read from a file, before dating."""

    geom: BaseGeometry
    props: dict[str, Any]
    index: int


# ---------------------------------------------------------------- public API


def read_control_file(
    path: Path,
    *,
    holder: str | None,
    status: str,
    source: str | None,
    day: date | None,
) -> list[dict]:
    """Read GeoJSON, KML or KMZ polygons as control features (origin 'imported').

    Parameters
    ----------
    path : Path
        A ``.geojson``/``.json``, ``.kml`` or ``.kmz`` file.
    holder : str, optional
        Holder when no feature property names one.
    status : {"assessed", "claimed"}
        Standing of the data.
    source : str, optional
        Source name (default: the file name without its date).
    day : date, optional
        Date when neither a property nor the file name gives one.

    Returns
    -------
    list of dict
        One feature per holder and date in the file, polygons merged;
        ``valid_to`` equals ``valid_from`` until ``import_control`` chains them.

    Raises
    ------
    InputError
        Naming the file: unreadable, unsafe, no polygons, no date or no holder.
    """
    path = Path(path)
    if status not in STATUSES:
        raise InputError("--status", f"must be one of {', '.join(STATUSES)}, not {status!r}")
    fmt = _format_of(path)
    raws, ignored, crs_note = _read_raw(path, fmt)
    if not raws:
        raise InputError(path, f"no polygons found ({ignored} non-polygon feature(s) ignored); control data must be areas")
    if ignored:
        log.info("%s: ignored %d non-polygon feature(s)", path.name, ignored)
    src = source or _default_source(path)
    groups: dict[tuple[str, date], list[_Raw]] = {}
    notes: dict[tuple[str, date], set[str]] = {}
    for raw in raws:
        when, when_from = _date_of(raw, path, day)
        who, who_from = _holder_of(raw, path, holder)
        groups.setdefault((who, when), []).append(raw)
        notes.setdefault((who, when), set()).update({f"date from {when_from}", f"holder from {who_from}"})
    features = []
    for (who, when), members in sorted(groups.items()):
        geom = _clean(shapely.union_all([m.geom for m in members]))
        if geom.is_empty:
            raise InputError(path, f"the {who} polygons dated {when} are empty after repair")
        method = [f"imported from {path.name} ({fmt})", f"{len(members)} polygon feature(s) merged", *sorted(notes[(who, when)])]
        if ignored:
            method.append(f"ignored {ignored} non-polygon feature(s)")
        if crs_note:
            method.append(crs_note)
        features.append(_feature(geom, holder=who, day=when, status=status, source=src, method="; ".join(method)))
    return features


def import_control(
    paths: Sequence[Path],
    *,
    layer_path: Path,
    holder: str | None = None,
    status: str = "assessed",
    source: str | None = None,
    day: date | None = None,
) -> list[dict]:
    """Import front-line files into the layer.

    Reads all files first (any bad file -> InputError, nothing written),
    merges them into the layer (a re-import of the same holder, source and
    date replaces the earlier one), sets each imported extent's ``valid_to``
    to the day before the next dated import of the same holder and source
    (the last runs to the layer's last schematic day, hold-last), and writes
    the layer via ``geo.layer.write_layer`` under its lock.

    Returns
    -------
    list of dict
        The imported features as written.
    """
    fresh: dict[str, dict] = {}
    for path in paths:
        for feature in read_control_file(Path(path), holder=holder, status=status, source=source, day=day):
            fresh[feature["id"]] = _merge(fresh.get(feature["id"]), feature)
    layer_path = Path(layer_path)
    with layer_lock(layer_path):
        fc = read_layer(layer_path) if layer_path.exists() else _empty_layer()
        kept = [f for f in fc["features"] if f.get("id") not in fresh]
        fc["features"] = _chain(kept + list(fresh.values()))
        write_layer(fc, layer_path, locked=True)
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


def _read_raw(path: Path, fmt: str) -> tuple[list[_Raw], int, str]:
    if fmt == "GeoJSON":
        return _read_geojson(path)
    data = _kmz_member(path) if fmt == "KMZ" else path.read_bytes()
    raws, ignored = _read_kml(data, path)
    return raws, ignored, ""


def _read_geojson(path: Path) -> tuple[list[_Raw], int, str]:
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
    ignored = 0
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise InputError(path, f"feature {index} is not an object")
        geom = _geojson_geometry(item.get("geometry"), path, index)
        polys = polygonal_part(shapely.make_valid(geom)) if geom is not None else shapely.Polygon()
        if polys.is_empty:
            ignored += 1
            continue
        if transformer is not None:
            polys = shapely.transform(polys, lambda xy: _reproject(transformer, xy))
        _check_lonlat(polys, path, index)
        props = item.get("properties") if isinstance(item.get("properties"), dict) else {}
        raws.append(_Raw(polys, props, index))
    return raws, ignored, crs_note


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


def _read_kml(data: bytes, path: Path) -> tuple[list[_Raw], int]:
    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(path, f"unsafe KML refused ({type(exc).__name__}: DTDs and entities are not allowed)") from None
    except ParseError as exc:
        raise InputError(path, f"not well-formed KML: {exc}") from None
    if _local(root.tag) != "kml":
        raise InputError(path, f"not KML (root element {_local(root.tag)!r})")
    raws: list[_Raw] = []
    ignored = 0
    for index, mark in enumerate(e for e in root.iter() if _local(e.tag) == "Placemark"):
        polys = [_kml_polygon(p, path, index) for p in mark.iter() if _local(p.tag) == "Polygon"]
        geom = polygonal_part(shapely.union_all(polys)) if polys else shapely.Polygon()
        if geom.is_empty:
            ignored += 1
            continue
        _check_lonlat(geom, path, index)
        raws.append(_Raw(geom, _kml_props(mark), index))
    return raws, ignored


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
        elif name == "Data" and child.get("name"):
            value = next((v.text or "" for v in child if _local(v.tag) == "value"), "")
            props[child.get("name")] = value.strip()
        elif name == "SimpleData" and child.get("name"):
            props[child.get("name")] = text
    return props


# ------------------------------------------------------- dates and holders


def _date_of(raw: _Raw, path: Path, fallback: date | None) -> tuple[date, str]:
    lowered = {str(k).lower(): v for k, v in raw.props.items()}
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
    lowered = {str(k).lower(): v for k, v in raw.props.items()}
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


# --------------------------------------------------------------- features


def _clean(geom: BaseGeometry) -> BaseGeometry:
    """Valid, polygonal, 5-decimal geometry."""
    fixed = polygonal_part(shapely.make_valid(geom))
    if fixed.is_empty:
        return fixed
    return polygonal_part(shapely.make_valid(shapely.set_precision(fixed, 10**-DECIMALS)))


def _feature(geom: BaseGeometry, *, holder: str, day: date, status: str, source: str, method: str) -> dict:
    # valid_to starts equal to valid_from; _chain extends it to the next import.
    return control_feature(geom, holder=holder, origin="imported", valid_from=day, valid_to=day, status=status,
                           claimant=source, source_ids=[source], method=method, id_extra=source)


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
            start = this["properties"]["valid_from"]
            if nxt is not None:
                end = (date.fromisoformat(nxt["properties"]["valid_from"]) - timedelta(days=1)).isoformat()
            else:
                end = max(start, schematic_end)
            this["properties"]["valid_to"] = end
    return sorted(features, key=lambda f: (_KIND_ORDER.get(f.get("properties", {}).get("kind"), 9), str(f.get("id"))))


def _empty_layer() -> dict:
    return {
        "type": "FeatureCollection",
        "features": [],
        "metadata": {"generated_by": "geo import-control", "articles": [], "skipped": [], "unresolved": []},
    }
