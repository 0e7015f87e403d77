"""Files for briefers and analysts: GeoJSON, CSV, KML, offline HTML, PNG/PDF slides, the ledger.

Each exporter takes the layer and/or the events a filter selected (or the
claims ledger's claims: ``ledger_csv``, ``ledger_json``) and returns bytes; ``export`` dispatches on a format name and writes the file
atomically. The PNG/PDF snapshot is drawn server-side with matplotlib (Agg)
and geopandas: the control extent valid on the day, the events up to it
(styled like the web map), place labels set clear of the marks, the
campaign's settlements named as the web map names them at the slide's
scale, the offline Natural Earth basemap, legend, a locator (the map's
extent on Ukraine, Russia and their neighbours), scale bar, north arrow and
a footer naming the sources and the schematic caveat, on a 16:9 slide. The
app passes its map's bounds, so the slide shows the view on screen.

Article text is untrusted: it is escaped for HTML/KML, guarded against
spreadsheet formula injection in CSV and drawn as literal text (no mathtext)
in images. This module must NOT touch the network, launch a browser or
import streamlit.
"""

from __future__ import annotations

import csv
import io
import json
import math
import textwrap
import threading
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree as ET

from geo.errors import InputError
from geo.ledger import LEDGER_COLUMNS, PlaceClaim, to_rows
from geo.filters import (
    EventFilter,
    article_index,
    count_noun,
    data_as_of,
    describe_date,
    event_span,
    filter_events,
    parse_day,
    places,
    source_label,
)

__all__ = ["CSV_COLUMNS", "FORMATS", "VIEW_FORMATS", "to_geojson", "to_csv", "to_kml", "controls_begun", "to_html",
           "snapshot", "check_bbox", "export", "ledger_csv", "ledger_json"]

CSV_COLUMNS: tuple[str, ...] = (
    "event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "location", "admin1", "country", "latitude", "longitude", "geo_precision", "source", "source_date",
    "notes", "fatalities", "casualties", "wounded", "prisoners", "troops", "area_km2", "claim_status", "claimant", "historical",
    "quote", "date_start", "date_end", "source_ids", "geonameid",
)
FORMATS: tuple[str, ...] = ("png", "pdf", "html", "geojson", "csv", "kml")
# The formats that draw a map, and so can be given the box it shows (``export(bbox=...)``).
VIEW_FORMATS: tuple[str, ...] = ("png", "pdf", "html")
# Leaflet's Web Mercator ends at about 85° (and the slide scales longitude by cos(lat)).
_MAX_LAT = 85.0
# Degrees (~1 km): below this a box shows nothing the reported places can tell apart.
BBOX_MIN_DEG = 0.01
# Spreadsheet apps run cells starting with these as formulas.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
KML_NS = "http://www.opengis.net/kml/2.2"
KML_EVENT_DATA: tuple[str, ...] = (
    "event_id", "event_type", "sub_event_type", "actor1", "actor2", "location", "time_precision", "geo_precision",
    "claim_status", "claimant", "source_id", "source_url",
)
# What geo.importer reads back from a control placemark: holder, status, dates
# and sources, so an exported KML imports as the extents it was made from.
KML_CONTROL_DATA: tuple[str, ...] = (
    "control_id", "holder", "status", "valid_from", "valid_to", "origin", "area_km2", "reported_area_km2",
    "claim_status", "claimant", "source_ids",
)
_KML_HATCH_OPACITY = 0.15  # KML has no hatching: a schematic extent's fill is drawn this faint instead
# Default snapshot view (lon/lat) and the wider box whose events widen it.
CAMPAIGN_VIEW: tuple[float, float, float, float] = (34.3, 50.6, 36.6, 51.9)
WIDEN_BOX: tuple[float, float, float, float] = (30.0, 46.0, 40.0, 53.0)
SLIDE_INCHES: tuple[float, float] = (13.333, 7.5)  # 16:9
MAX_PLACE_LABELS = 14
NOTE_CHAR_EM = 0.55  # average width of a character of the corner note, in ems (DejaVu Sans)
MAX_SETTLEMENT_LABELS = 40
_MPL_MARKERS = {"circle": "o", "triangle": "^", "diamond": "D", "square": "s", "pentagon": "p", "hexagon": "h"}
_KM_PER_DEG = 111.32


# ---------------------------------------------------------------------------
# GeoJSON / CSV / KML
# ---------------------------------------------------------------------------


def to_geojson(layer: dict, features: list[dict]) -> bytes:
    """The given (filtered) features as a GeoJSON FeatureCollection.

    ``metadata`` carries the source layer's ``generated_by``, the feature
    count and the articles the features cite, so the file stands alone.
    """
    articles = article_index(layer)
    cited: list[str] = []
    for feature in features:
        props = feature.get("properties") or {}
        for sid in [props.get("source_id"), *(props.get("source_ids") or [])]:
            if sid and sid not in cited:
                cited.append(str(sid))
    meta = layer.get("metadata") or {}
    out = {
        "type": "FeatureCollection",
        "features": list(features),
        "metadata": {
            "generated_by": "geo.export",
            "source_layer": meta.get("generated_by", "") if isinstance(meta, Mapping) else "",
            "count": len(features),
            "articles": [articles[s] for s in sorted(cited) if s in articles],
        },
    }
    return (json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _csv_safe(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _cell(value: object) -> str:
    """A CSV cell: numbers as written, booleans lower-case, text formula-guarded."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.10g}" if math.isfinite(value) else ""
    if isinstance(value, (list, tuple)):
        return _csv_safe("; ".join(str(v) for v in value))
    return _csv_safe(" ".join(str(value).split("\n")).replace("\r", " "))


def _coords(feature: Mapping) -> tuple[float | None, float | None]:
    geom = feature.get("geometry") or {}
    if geom.get("type") != "Point":
        return None, None
    try:
        return float(geom["coordinates"][1]), float(geom["coordinates"][0])
    except (KeyError, TypeError, ValueError, IndexError):
        return None, None


def to_csv(features: list[dict]) -> bytes:
    """Events as ACLED-style CSV (UTF-8, header ``CSV_COLUMNS``).

    ``source`` is the first source's title; ``source_ids`` are joined with
    "; ". Text cells starting with ``= + - @`` (or tab/CR) get a leading
    apostrophe so spreadsheets never evaluate them.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for feature in features:
        props = dict(feature.get("properties") or {})
        lat, lon = _coords(feature)
        row = {**props, "latitude": round(lat, 5) if lat is not None else None,
               "longitude": round(lon, 5) if lon is not None else None,
               "source": props.get("source_title") or props.get("source_id")}
        writer.writerow([_cell(row.get(col)) for col in CSV_COLUMNS])
    return buf.getvalue().encode("utf-8")


def ledger_csv(claims: Iterable[PlaceClaim]) -> bytes:
    """The ledger as CSV: one row per claim, header ``geo.ledger.LEDGER_COLUMNS`` (UTF-8).

    Quotes, claimants and bases are article text: guarded against formula
    injection like ``to_csv``'s cells.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(LEDGER_COLUMNS)
    for row in to_rows(claims):
        writer.writerow([_cell(row[col]) for col in LEDGER_COLUMNS])
    return buf.getvalue().encode("utf-8")


def ledger_json(claims: Iterable[PlaceClaim]) -> bytes:
    """The ledger as a JSON list of objects with the keys of ``LEDGER_COLUMNS`` (UTF-8, one per line)."""
    rows = to_rows(claims)
    body = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
    return (f"[\n{body}\n]\n" if rows else "[]\n").encode("utf-8")


def _kml_colour(hex_rgb: str, alpha: int = 255) -> str:
    """KML colours are aabbggrr."""
    h = hex_rgb.lstrip("#")
    return f"{alpha:02x}{h[4:6]}{h[2:4]}{h[0:2]}"


def _kml_description(props: Mapping) -> str:
    """HTML for a KML balloon; every value escaped (ElementTree escapes again for XML)."""
    from geo.mapview import escape_html

    lines = []
    if props.get("kind") == "control":
        for key in ("holder", "status", "valid_from", "valid_to", "area_km2", "reported_area_km2", "claimant", "method"):
            if props.get(key) not in (None, ""):
                lines.append(f"<b>{key}</b>: {escape_html(props[key])}")
    else:
        span_text = ""
        start, end = parse_day(props.get("date_start")), parse_day(props.get("date_end"))
        if start and end:
            span_text = describe_date(start, end, int(props.get("time_precision") or 1))
        for key, value in (("Date", span_text), ("Type", f"{props.get('event_type', '')} / {props.get('sub_event_type', '')}"),
                           ("Actors", " vs ".join(a for a in (props.get("actor1"), props.get("actor2")) if a)),
                           ("Place", props.get("location")), ("Claim", f"{props.get('claim_status', '')} {props.get('claimant', '')}".strip()),
                           ("Source", f"{props.get('source_title', '')} ({props.get('source_date', '')})")):
            if value:
                lines.append(f"<b>{key}</b>: {escape_html(value)}")
    if props.get("quote"):
        lines.append(f"<i>{escape_html(props['quote'])}</i>")
    return "<br/>".join(lines)


def _kml_rings(parent: ET.Element, rings: Sequence) -> None:
    for index, ring in enumerate(rings):
        boundary = ET.SubElement(parent, f"{{{KML_NS}}}{'outerBoundaryIs' if index == 0 else 'innerBoundaryIs'}")
        linear = ET.SubElement(boundary, f"{{{KML_NS}}}LinearRing")
        ET.SubElement(linear, f"{{{KML_NS}}}coordinates").text = " ".join(f"{x:.6f},{y:.6f}" for x, y, *_ in ring)


def _kml_geometry(parent: ET.Element, geom: Mapping) -> bool:
    kind, coords = geom.get("type"), geom.get("coordinates")
    if kind == "Point":
        point = ET.SubElement(parent, f"{{{KML_NS}}}Point")
        ET.SubElement(point, f"{{{KML_NS}}}coordinates").text = f"{float(coords[0]):.6f},{float(coords[1]):.6f}"
        return True
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else None
    if not polygons:
        return False
    target = parent if len(polygons) == 1 else ET.SubElement(parent, f"{{{KML_NS}}}MultiGeometry")
    for poly in polygons:
        _kml_rings(ET.SubElement(target, f"{{{KML_NS}}}Polygon"), poly)
    return True


def _kml_control_style(placemark: ET.Element, style: Mapping) -> None:
    """The map's style of a control extent (``geo.mapview.control_style``) as far as KML can draw it."""
    fill = str(style.get("fillColor") or "")
    opacity = float(style.get("fillOpacity") or 0) if fill.startswith("#") else _KML_HATCH_OPACITY
    node = ET.SubElement(placemark, f"{{{KML_NS}}}Style")
    line = ET.SubElement(node, f"{{{KML_NS}}}LineStyle")
    ET.SubElement(line, f"{{{KML_NS}}}color").text = _kml_colour(style["color"], round(255 * float(style.get("opacity", 1))))
    ET.SubElement(line, f"{{{KML_NS}}}width").text = f"{float(style.get('weight', 2)):g}"
    poly = ET.SubElement(node, f"{{{KML_NS}}}PolyStyle")
    ET.SubElement(poly, f"{{{KML_NS}}}color").text = _kml_colour(fill if fill.startswith("#") else style["color"], round(255 * opacity))


def to_kml(features: list[dict], *, title: str) -> bytes:
    """Events and control polygons as KML 2.2.

    Placemarks carry a name, a time span (a control extent's
    ``valid_from``..``valid_to``), an HTML description whose values are
    escaped before ElementTree escapes the whole for XML (no CDATA), and
    ExtendedData with the main properties: for control polygons
    ``KML_CONTROL_DATA`` (holder, status, dates, sources), which
    ``geo.importer`` reads back. Styles colour events by type and control
    polygons by holder, with the map's outline and fill by status.
    """
    from geo.mapview import EVENT_STYLES, OTHER_EVENT_STYLE, control_style

    ET.register_namespace("", KML_NS)
    root = ET.Element(f"{{{KML_NS}}}kml")
    doc = ET.SubElement(root, f"{{{KML_NS}}}Document")
    ET.SubElement(doc, f"{{{KML_NS}}}name").text = title
    styles = {**{t: c for t, (_, c) in EVENT_STYLES.items()}, "Other": OTHER_EVENT_STYLE[1]}
    for index, (name, colour) in enumerate(styles.items()):
        style = ET.SubElement(doc, f"{{{KML_NS}}}Style", id=f"ev{index}")
        icon = ET.SubElement(style, f"{{{KML_NS}}}IconStyle")
        ET.SubElement(icon, f"{{{KML_NS}}}color").text = _kml_colour(colour)
    style_of = {name: f"#ev{index}" for index, name in enumerate(styles)}
    for feature in features:
        props = feature.get("properties") or {}
        placemark = ET.SubElement(doc, f"{{{KML_NS}}}Placemark", id=str(feature.get("id") or ""))
        if props.get("kind") == "control":
            name = f"Control: {props.get('holder', '')} ({props.get('status', '')})"
            begin, end = props.get("valid_from"), props.get("valid_to")
        else:
            name = f"{props.get('event_type', 'Event')}: {props.get('location', '')} ({props.get('event_date', '')})"
            begin, end = props.get("date_start"), props.get("date_end")
        ET.SubElement(placemark, f"{{{KML_NS}}}name").text = name
        if begin and end:
            span = ET.SubElement(placemark, f"{{{KML_NS}}}TimeSpan")
            ET.SubElement(span, f"{{{KML_NS}}}begin").text = str(begin)
            ET.SubElement(span, f"{{{KML_NS}}}end").text = str(end)
        ET.SubElement(placemark, f"{{{KML_NS}}}description").text = _kml_description(props)
        if props.get("kind") == "control":
            _kml_control_style(placemark, control_style(props))
        else:
            ET.SubElement(placemark, f"{{{KML_NS}}}styleUrl").text = style_of.get(str(props.get("event_type")), style_of["Other"])
        extended = ET.SubElement(placemark, f"{{{KML_NS}}}ExtendedData")
        for key in KML_CONTROL_DATA if props.get("kind") == "control" else KML_EVENT_DATA:
            if props.get(key) not in (None, "", []):
                data = ET.SubElement(extended, f"{{{KML_NS}}}Data", name=key)
                value = props[key]
                ET.SubElement(data, f"{{{KML_NS}}}value").text = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
        _kml_geometry(placemark, feature.get("geometry") or {})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def controls_begun(layer: dict, day: date) -> list[dict]:
    """The layer's control extents that began on or before ``day``, each with its own dates.

    What a KML export holds besides the events: the control history up to
    the day (KML viewers show it on their own time slider), every origin
    and status, since the file says which is which.
    """
    from geo.filters import controls

    iso = day.isoformat()
    return [f for f in controls(layer) if str((f.get("properties") or {}).get("valid_from") or "") <= iso]


def to_html(layer: dict, *, day: date, flt: EventFilter, **map_kwargs) -> bytes:
    """The standalone offline map (see ``geo.mapview.render_html``) as UTF-8."""
    from geo.mapview import build_map, render_html

    return render_html(build_map(layer, day=day, flt=flt, **map_kwargs)).encode("utf-8")


# ---------------------------------------------------------------------------
# Snapshot (matplotlib)
# ---------------------------------------------------------------------------


def _view(shown: Sequence[Mapping], extents: Sequence[Mapping]) -> tuple[float, float, float, float]:
    """The campaign view, widened to take in nearby non-historical events.

    Region-level events (geo_precision 3) sit at a region's centroid, not
    where anything happened, so they never widen the view.
    """
    minx, miny, maxx, maxy = CAMPAIGN_VIEW
    for feature in shown:
        props = feature.get("properties") or {}
        if props.get("historical") or props.get("geo_precision") == 3:
            continue
        lat, lon = _coords(feature)
        if lat is None or not (WIDEN_BOX[0] <= lon <= WIDEN_BOX[2] and WIDEN_BOX[1] <= lat <= WIDEN_BOX[3]):
            continue
        minx, maxx, miny, maxy = min(minx, lon - 0.1), max(maxx, lon + 0.1), min(miny, lat - 0.07), max(maxy, lat + 0.07)
    for feature in extents:
        from shapely.geometry import shape

        try:
            bx = shape(feature["geometry"]).bounds
        except Exception:  # noqa: BLE001 - a broken polygon must not break the slide
            continue
        minx, miny, maxx, maxy = min(minx, bx[0]), min(miny, bx[1]), max(maxx, bx[2]), max(maxy, bx[3])
    return minx, miny, maxx, maxy


def _fit(view: Sequence[float], *, box_ratio: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """Limits around ``view`` widened so that, drawn with lon scaled by cos(lat), they fill a box of ``box_ratio``."""
    minx, miny, maxx, maxy = view
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    scale = math.cos(math.radians(cy))
    width, height = (maxx - minx) * scale, maxy - miny
    if width / height < box_ratio:
        width = height * box_ratio
    else:
        height = width / box_ratio
    half_w, half_h = width / scale / 2, height / 2
    return (cx - half_w, cx + half_w), (cy - half_h, cy + half_h)


def _nice_km(target: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if step >= target:
            return float(step)
    return 1000.0


def _draw_scale_bar(ax, xlim, ylim) -> list:
    """A two-part scale bar in the bottom left; returns its artists (labels keep clear of them)."""
    from matplotlib.patches import Rectangle

    lat = ylim[0] + 0.06 * (ylim[1] - ylim[0])
    km_per_deg = _KM_PER_DEG * math.cos(math.radians(lat))
    width_km = (xlim[1] - xlim[0]) * km_per_deg
    length = _nice_km(width_km / 6)
    x0 = xlim[0] + 0.03 * (xlim[1] - xlim[0])
    seg = length / 2 / km_per_deg
    height = 0.008 * (ylim[1] - ylim[0])
    artists = [ax.add_patch(Rectangle((x0 + i * seg, lat), seg, height, facecolor="#222" if i == 0 else "white",
                                      edgecolor="#222", linewidth=0.8, zorder=20)) for i in range(2)]
    for frac, text in ((0, "0"), (1, f"{length / 2:g}"), (2, f"{length:g} km")):
        artists.append(ax.text(x0 + frac * seg, lat + height * 1.8, text, ha="center" if frac < 2 else "left",
                               va="bottom", fontsize=8, zorder=20, parse_math=False,
                               bbox={"facecolor": "white", "alpha": 0.6, "edgecolor": "none", "pad": 0.5}
                               if frac == 2 else None))
    return artists


def _draw_basemap(ax, view: tuple[float, float, float, float], *, label_size: float = 1.0) -> None:
    from shapely.geometry import box
    from shapely.ops import polylabel

    from geo import basemap, borders
    from geo.mapview import BORDER_COLOUR, LAND_COLOUR, SEA_COLOUR

    pad = 1.5
    frame = basemap.countries_frame((view[0] - pad, view[1] - pad, view[2] + pad, view[3] + pad), tolerance=0.002)
    ax.set_facecolor(SEA_COLOUR)
    frame.plot(ax=ax, aspect=None, color=LAND_COLOUR, edgecolor=BORDER_COLOUR, linewidth=0.7, zorder=1)
    try:
        line = borders.border_line("RUS", "UKR").intersection(box(view[0] - pad, view[1] - pad, view[2] + pad, view[3] + pad))
        import geopandas as gpd

        gpd.GeoSeries([line]).plot(ax=ax, aspect=None, color="#444", linewidth=2.0, linestyle=(0, (6, 2, 1.5, 2)), zorder=2)
    except Exception:  # noqa: BLE001 - emphasis only; the country outlines are drawn already
        pass
    window = box(*view)
    fontsize = 15 * label_size
    # Degrees per typographic point, to size a label in map units.
    axes_in = ax.get_position().width * ax.figure.get_figwidth()
    deg_per_pt = (view[2] - view[0]) / (axes_in * 72)
    aspect = 1 / math.cos(math.radians((view[1] + view[3]) / 2))
    for row in frame.itertuples(index=False):
        part = row.geometry.intersection(window)
        if part.is_empty:
            continue
        # The middle of the largest piece in view; the name is drawn only if it fits inside that piece.
        largest = max(getattr(part, "geoms", [part]), key=lambda g: g.area)
        if largest.geom_type != "Polygon":
            continue
        point = polylabel(largest, tolerance=0.01)
        # Bold capitals run ~0.9 em wide; the box may overhang the land a little, never the map edge.
        half_w = 0.5 * 0.9 * fontsize * len(row.name) * deg_per_pt
        half_h = 0.5 * fontsize * deg_per_pt / aspect
        label = box(point.x - half_w, point.y - half_h, point.x + half_w, point.y + half_h)
        if not (window.contains(label) and largest.buffer(half_h / 2).contains(label)):
            continue
        ax.text(point.x, point.y, row.name.upper(), fontsize=fontsize, color="#9a9a9a", alpha=0.8, ha="center",
                va="center", zorder=3, parse_math=False, fontweight="bold", clip_on=True)


def _draw_controls(ax, extents: Sequence[Mapping]) -> None:
    import geopandas as gpd
    from shapely.geometry import shape

    from geo.mapview import DISPUTED_COLOUR, holder_colour

    for feature in extents:
        props = feature.get("properties") or {}
        try:
            series = gpd.GeoSeries([shape(feature["geometry"])])
        except Exception:  # noqa: BLE001
            continue
        status = str(props.get("status") or "schematic")
        colour = DISPUTED_COLOUR if status == "disputed" else holder_colour(str(props.get("holder") or ""))
        if status == "assessed":
            series.plot(ax=ax, aspect=None, facecolor=colour, alpha=0.25, edgecolor="none", zorder=4)
            series.plot(ax=ax, aspect=None, facecolor="none", edgecolor=colour, linewidth=1.6, zorder=5)
        elif status in ("schematic", "reported"):
            series.plot(ax=ax, aspect=None, facecolor=colour, alpha=0.1, edgecolor="none", zorder=4)
            series.plot(ax=ax, aspect=None, facecolor="none", edgecolor=colour, hatch="///", linewidth=0, alpha=0.45, zorder=4)
            series.plot(ax=ax, aspect=None, facecolor="none", edgecolor=colour, linewidth=1.8, linestyle=(0, (5, 3)), zorder=5)
        else:  # claimed (dotted) / disputed (dashed)
            series.plot(ax=ax, aspect=None, facecolor=colour, alpha=0.1, edgecolor="none", zorder=4)
            style = (0, (1, 2.5)) if status == "claimed" else (0, (8, 4))
            series.plot(ax=ax, aspect=None, facecolor="none", edgecolor=colour, linewidth=2.0, linestyle=style, zorder=5)


def _draw_events(ax, layer: Mapping, shown: Sequence[Mapping], day: date, *, scale: float = 1.0) -> list:
    """Events styled like the web map, batched into one scatter per mark kind; returns the corner note, if any."""
    from matplotlib.colors import to_rgba

    from geo.mapview import (
        DAY_MARK_RADIUS,
        MARK_RADIUS,
        age_opacity,
        overlaps,
        event_style,
    )

    # Dense sets get smaller marks so the slide stays readable.
    shrink = 1.0 if len(shown) <= 200 else max(0.3, math.sqrt(200 / len(shown)))
    shrink, grow = shrink * scale * scale, scale * scale
    batches: dict[tuple[str, bool], dict[str, list]] = {}
    rings: dict[str, list] = {"x": [], "y": [], "s": [], "c": []}
    day_rings: dict[str, list] = {"x": [], "y": [], "s": []}
    regions: dict[tuple[float, float, str], list[bool]] = {}
    # Older first so the day's events end up on top.
    for feature in sorted(shown, key=lambda f: (overlaps(f, day), age_opacity(f, day))):
        lat, lon = _coords(feature)
        if lat is None:
            continue
        props = feature.get("properties") or {}
        shape, colour = event_style(str(props.get("event_type") or ""))
        on_day = overlaps(feature, day)
        alpha = 1.0 if on_day else age_opacity(feature, day)
        gp = int(props.get("geo_precision") or 1)
        if gp == 3:
            # Counted per region and shown as a badge at its name: an oblast-sized circle reads as territory.
            regions.setdefault((lon, lat, str(props.get("location") or "region")), []).append(on_day)
            continue
        size = (2.2 * (DAY_MARK_RADIUS if on_day else MARK_RADIUS)) ** 2 * (grow if on_day else shrink)
        if gp == 2:
            rings["x"].append(lon), rings["y"].append(lat), rings["s"].append(size * 3.2)
            rings["c"].append(to_rgba(colour, alpha))
        if on_day:
            day_rings["x"].append(lon), day_rings["y"].append(lat), day_rings["s"].append(size * 2.6)
        batch = batches.setdefault((shape, on_day), {"x": [], "y": [], "s": [], "c": []})
        batch["x"].append(lon), batch["y"].append(lat), batch["s"].append(size), batch["c"].append(to_rgba(colour, alpha))
    note = _draw_region_badges(ax, regions, scale=scale)
    if rings["x"]:
        ax.scatter(rings["x"], rings["y"], s=rings["s"], facecolors="none", edgecolors=rings["c"], linewidths=1.0,
                   linestyles="--", zorder=7)
    if day_rings["x"]:
        ax.scatter(day_rings["x"], day_rings["y"], s=day_rings["s"], facecolors="none", edgecolors="#111",
                   linewidths=1.8, zorder=9)
    for (shape, on_day), batch in sorted(batches.items(), key=lambda item: item[0][1]):
        ax.scatter(batch["x"], batch["y"], s=batch["s"], marker=_MPL_MARKERS.get(shape, "D"), c=batch["c"],
                   edgecolors="#111" if on_day else "white", linewidths=0.9, zorder=10 if on_day else 8)
    return note


def _draw_region_badges(ax, regions: Mapping[tuple[float, float, str], list[bool]], *, scale: float = 1.0) -> list:
    """"19 events in the region" under each region's name in view; those outside the view are listed in a corner note.

    Returns the note (a list of one text, or empty), for labels to keep clear of.
    """
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    outside = []
    for (lon, lat, name), days in sorted(regions.items(), key=lambda item: -len(item[1])):
        n = len(days)
        if not (x0 <= lon <= x1 and y0 <= lat <= y1):
            outside.append(f"{name} {n}")
            continue
        ax.annotate(f"{count_noun(n, 'event')} in the region", (lon, lat), xytext=(5, -14), textcoords="offset points", fontsize=9 * scale,
                    style="italic", color="#333", parse_math=False, zorder=11, annotation_clip=True,
                    bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "alpha": 0.9, "edgecolor": "#111" if any(days)
                          else "#666", "linestyle": "-" if any(days) else "--", "linewidth": 1.2})
    if not outside:
        return []
    # wrapped to the map's own width: matplotlib's wrap=True wraps at the figure's edge, over the legend
    fontsize = 8 * scale
    width_px = ax.get_window_extent().width * 0.96
    chars = max(20, int(width_px / (NOTE_CHAR_EM * fontsize * ax.figure.dpi / 72)))
    note = textwrap.fill("Events known only to a region or country, outside this view: " + " · ".join(outside), chars)
    return [ax.text(0.01, 0.99, note,
                transform=ax.transAxes, ha="left", va="top", fontsize=fontsize, color="#333", zorder=20,
                parse_math=False,
                bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "alpha": 0.85, "edgecolor": "#999"})]


def _label_candidates(layer: Mapping, shown: Sequence[Mapping], view) -> tuple[list, list]:
    """``(event places, other places)`` in view as ``(name, lon, lat, is_region)``.

    Every point event's own place comes first (named by the event, so a
    place the layer's place list lacks is named too, with the number of
    events there when several share it); other places follow,
    those with shown events and the best-sourced first.
    """
    inside = lambda lon, lat: view[0] <= lon <= view[2] and view[1] <= lat <= view[3]  # noqa: E731
    counts: dict[str, int] = {}
    event_places: dict[str, list] = {}
    for feature in shown:
        props = feature.get("properties") or {}
        pid = props.get("place_id")
        if pid:
            counts[str(pid)] = counts.get(str(pid), 0) + 1
        lat, lon = _coords(feature)
        name = str(props.get("location") or "")
        if lat is None or not name or props.get("geo_precision") == 3 or not inside(lon, lat):
            continue
        event_places.setdefault(name, [name, lon, lat, False, 0])[4] += 1
    others = []
    for feature in places(layer):
        props = feature.get("properties") or {}
        lat, lon = _coords(feature)
        name = str(props.get("name") or "")
        if lat is None or not name or name in event_places or not inside(lon, lat):
            continue
        pid = str(props.get("place_id") or "")
        others.append((-counts.get(pid, 0), -len(props.get("sources") or []), name, lon, lat,
                       props.get("feature") in ("region", "country")))
    others.sort()
    # A stack of events at one place is one mark on a slide: its label gives the count.
    labelled = [(name if n == 1 else f"{name} ({n})", lon, lat, region)
                for name, lon, lat, region, n in event_places.values()]
    return labelled, [item[2:] for item in others]


def _mark_spots(shown: Sequence[Mapping], day: date, view, *, scale: float = 1.0) -> dict[tuple[float, float], float]:
    """``(lon, lat) -> radius`` (points) of the point-event marks drawn in ``view``: what labels keep clear of.

    The radius takes in the mark's rings (the day's black ring, a "near"
    place's dashed one), as ``_draw_events`` draws them.
    """
    from geo.mapview import overlaps

    spots: dict[tuple[float, float], float] = {}
    for feature in shown:
        lat, lon = _coords(feature)
        gp = int((feature.get("properties") or {}).get("geo_precision") or 1)
        if lat is None or gp == 3 or not (view[0] <= lon <= view[2] and view[1] <= lat <= view[3]):
            continue
        radius = (16.0 if overlaps(feature, day) else 12.0 if gp == 2 else 7.0) * scale
        spots[(lon, lat)] = max(spots.get((lon, lat), 0.0), radius)
    return spots


def _badge_boxes(shown: Sequence[Mapping], view, transform, px_per_pt: float, *, scale: float = 1.0) -> list:
    """Pixel boxes of the region badges ``_draw_region_badges`` puts under region names in ``view``."""
    counts: dict[tuple[float, float], int] = {}
    for feature in shown:
        lat, lon = _coords(feature)
        if lat is None or (feature.get("properties") or {}).get("geo_precision") != 3:
            continue
        if view[0] <= lon <= view[2] and view[1] <= lat <= view[3]:
            counts[(lon, lat)] = counts.get((lon, lat), 0) + 1
    boxes = []
    for (lon, lat), n in counts.items():
        x, y = transform.transform((lon, lat))
        width = 0.55 * 9 * scale * len(f"{count_noun(n, 'event')} in the region") * px_per_pt
        # The badge's text body, below the region's name (which sits just above it).
        boxes.append((x + 2 * px_per_pt, y - 18 * px_per_pt, x + 8 * px_per_pt + width, y - 7 * px_per_pt))
    return boxes


def _screen_zoom(ax, xlim: Sequence[float]) -> float:
    """The web map's zoom at which it shows as much per inch as ``ax`` (96 px an inch), for its settlement ranks."""
    inches = ax.get_position().width * ax.figure.get_figwidth()
    return math.log2(inches * 96 * 360 / (256 * max(1e-9, xlim[1] - xlim[0])))


def _draw_places(ax, layer: Mapping, shown: Sequence[Mapping], view, fig, day: date, *,
                 label_size: float = 1.0, inside: Sequence[float] | None = None,
                 keep_out: Sequence[Sequence[float]] = ()) -> None:
    """Label every shown event's place, then other places and the settlements while they fit.

    An event place's label tries the right, left, top and bottom of its
    mark, clear of its rings, and where all of them cover another mark, a
    region badge or a label it stays on the right: it is never dropped.
    Other places of the layer follow, at most MAX_PLACE_LABELS in all, then
    the settlements ``geo.basemap.settlements`` names (as many as the web
    map names at the same scale, ``geo.mapview.SETTLEMENT_MIN_ZOOM``), each
    only where it covers nothing (``keep_out``: pixel boxes of the scale
    bar, north arrow and notes) and lies ``inside`` the map's pixel box.
    """
    event_places, others = _label_candidates(layer, shown, view)
    transform = ax.transData
    px_per_pt = fig.dpi / 72
    spots = _mark_spots(shown, day, view, scale=label_size)
    marks = {spot: _square(transform.transform(spot), r * px_per_pt) for spot, r in spots.items()}
    placed: list = [*_badge_boxes(shown, view, transform, px_per_pt, scale=label_size), *keep_out]
    named: set[str] = set()

    def free(box, own=None) -> bool:
        if inside is not None and not (inside[0] <= box[0] and box[2] <= inside[2]
                                       and inside[1] <= box[1] and box[3] <= inside[3]):
            return False
        around = [b for spot, b in marks.items() if spot != own] + placed
        return all(box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3] for b in around)

    def draw(name: str, lon: float, lat: float, region: bool, *, must: bool) -> bool:
        x, y = transform.transform((lon, lat))
        size = (10 if region else 9) * label_size
        w, h = 0.6 * size * len(name) * px_per_pt, 1.3 * size * px_per_pt
        gap_pt = spots.get((lon, lat), 2.0) + 3  # clear of its own mark's rings
        gap = gap_pt * px_per_pt
        sides = [((gap_pt, 0), "left", "center", (x + gap, y - h / 2, x + gap + w, y + h / 2)),
                 ((-gap_pt, 0), "right", "center", (x - gap - w, y - h / 2, x - gap, y + h / 2)),
                 ((0, gap_pt), "center", "bottom", (x - w / 2, y + gap, x + w / 2, y + gap + h)),
                 ((0, -gap_pt), "center", "top", (x - w / 2, y - gap - h, x + w / 2, y - gap))]
        chosen = next((side for side in sides if free(side[3], (lon, lat))), sides[0] if must else None)
        if chosen is None:
            return False
        offset, ha, va, box = chosen
        placed.append(box)
        named.add(_fold(name))
        ax.annotate(name, (lon, lat), xytext=offset, textcoords="offset points", fontsize=size, ha=ha, va=va,
                    parse_math=False,
                    color="#555" if region else "#111", style="italic" if region else "normal",
                    fontweight="normal" if region else "bold", zorder=12, annotation_clip=True,
                    bbox=_LABEL_BACKDROP)
        if not region:
            ax.plot([lon], [lat], marker="o", markersize=2.5, color="#111", zorder=12)
        return True

    for name, lon, lat, region in event_places:
        draw(name, lon, lat, region, must=True)
        named.add(_fold(name.rsplit(" (", 1)[0]))
    drawn = len(event_places)
    for name, lon, lat, region in others:
        if drawn >= max(MAX_PLACE_LABELS, len(event_places)):
            break
        drawn += draw(name, lon, lat, region, must=False)
    _draw_settlements(ax, view, transform, px_per_pt, free, placed, named, label_size=label_size)


def _square(xy: Sequence[float], r: float) -> tuple[float, float, float, float]:
    return (xy[0] - r, xy[1] - r, xy[0] + r, xy[1] + r)


def _fold(name: str) -> str:
    from geo.mapview import fold_name

    return fold_name(name)


def _draw_settlements(ax, view, transform, px_per_pt: float, free, placed: list, named: set[str], *,
                      label_size: float = 1.0) -> None:
    """The campaign's towns and villages to orient by, as the web map names them: a dot and a name where both fit."""
    from geo import basemap
    from geo.mapview import SETTLEMENT_MIN_ZOOM

    zoom = _screen_zoom(ax, (view[0], view[2]))
    shown = 0
    for town in basemap.settlements():
        lon, lat, rank = town["lon"], town["lat"], town["rank"]
        if shown >= MAX_SETTLEMENT_LABELS or zoom < SETTLEMENT_MIN_ZOOM.get(rank, 99) or _fold(town["name"]) in named:
            continue
        if not (view[0] <= lon <= view[2] and view[1] <= lat <= view[3]):
            continue
        size = (9 if rank == 1 else 8) * label_size
        x, y = transform.transform((lon, lat))
        w, h = 0.58 * size * len(town["name"]) * px_per_pt, 1.25 * size * px_per_pt
        box = (x - 3 * px_per_pt, y - h / 2, x + 4 * px_per_pt + w, y + h / 2)
        if not free(box):
            continue
        placed.append(box)
        named.add(_fold(town["name"]))
        shown += 1
        ax.plot([lon], [lat], marker="o", markersize=3.2 if rank == 1 else 2.6, color="#555",
                markeredgecolor="white", markeredgewidth=0.6, zorder=11)
        ax.annotate(town["name"], (lon, lat), xytext=(4, 0), textcoords="offset points", fontsize=size,
                    ha="left", va="center", color="#333" if rank == 1 else "#555", parse_math=False, zorder=11,
                    annotation_clip=True, bbox=_TOWN_BACKDROP)


# A pale backdrop rather than a stroked halo: a path effect turns the label
# into outlines in a PDF, which a slide editor can neither edit nor search.
_LABEL_BACKDROP = {"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.7, "edgecolor": "none"}
_TOWN_BACKDROP = {"boxstyle": "round,pad=0.1", "facecolor": "white", "alpha": 0.5, "edgecolor": "none"}


def _legend_handles(shown: Sequence[Mapping], extents: Sequence[Mapping]) -> list:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from geo.mapview import DISPUTED_COLOUR, EVENT_STYLES, event_style, holder_colour

    types = sorted({str((f.get("properties") or {}).get("event_type") or "") for f in shown} - {""}) or list(EVENT_STYLES)[:4]
    handles = []
    for etype in types:
        shape, colour = event_style(etype)
        handles.append(Line2D([], [], marker=_MPL_MARKERS.get(shape, "D"), color="none", markerfacecolor=colour,
                              markeredgecolor="white", markersize=9, label=etype))
    handles += [
        Line2D([], [], marker="o", color="none", markerfacecolor="#888", markeredgecolor="#111", markersize=9,
               markeredgewidth=1.8, label="event on this day (older fade)"),
        Line2D([], [], marker="o", color="none", markerfacecolor="none", markeredgecolor="#888", markersize=13,
               linestyle="none", label="near a place (dashed ring)"),
        Patch(facecolor="white", edgecolor="#666", linestyle="--", label="n events known only to a region (at its name)"),
    ]
    holders = sorted({str((f.get("properties") or {}).get("holder") or "") for f in extents} - {""}) or ["Ukraine", "Russia"]
    for holder in holders:
        handles.append(Patch(facecolor=holder_colour(holder), alpha=0.35, edgecolor=holder_colour(holder),
                             label=f"held by {holder}"))
    handles += [
        Patch(facecolor="#66666640", edgecolor="#444", label="assessed (imported)"),
        Patch(facecolor="#6666661a", edgecolor="#444", hatch="///", linestyle="--", label="schematic (from reports)"),
        Patch(facecolor="#6666661a", edgecolor="#444", linestyle=":", linewidth=1.6, label="claimed"),
        Patch(facecolor=DISPUTED_COLOUR + "22", edgecolor=DISPUTED_COLOUR, linestyle="--", label="disputed claim"),
    ]
    return handles


def _sources_text(layer: Mapping, shown: Sequence[Mapping], extents: Sequence[Mapping]) -> str:
    articles = article_index(layer)
    ids: list[str] = []
    for feature in [*extents, *shown]:
        props = feature.get("properties") or {}
        for sid in [props.get("source_id"), *(props.get("source_ids") or [])]:
            if sid and str(sid) not in ids:
                ids.append(str(sid))
    titles = {str((f.get("properties") or {}).get("source_id")): str((f.get("properties") or {}).get("source_title") or "")
              for f in shown}
    labels = [source_label(sid, articles, fallback=titles.get(sid, "")) for sid in sorted(ids)]
    if not labels:
        return "Sources: none shown."
    limit = 8
    text = "Sources: " + "; ".join(labels[:limit]) + (f"; and {len(labels) - limit} more." if len(labels) > limit else ".")
    return text


def _as_of_text(layer: Mapping) -> str:
    """"Data as of 28 April 2025 (newest of 5 articles)": how current the slide can be."""
    newest = data_as_of(layer)
    count = count_noun(len(article_index(layer)), "article")
    if newest is None:
        return f"Data as of: unknown ({count}, none dated)"
    return f"Data as of {describe_date(newest, newest, 1)} (newest of {count})"


_MAP_BOX = (0.015, 0.115, 0.70, 0.78)  # figure fractions: left, bottom, width, height
_COLUMN_BOX = (0.73, 0.115, 0.26, 0.78)  # the right column: legend, detail, locator, caveat
_COLUMN_GAP = 0.02
_LOCATOR_HEIGHT = (0.14, 0.25)  # the locator's least and greatest height (figure fractions)
_DETAIL_HEIGHT = 0.2  # the least height of the widened slide's campaign detail
# The locator's half height in degrees of latitude: Ukraine and western Russia around the map.
_LOCATOR_HALF_LAT = 6.0
_LOCATOR_COLOUR = "#d7301f"


def _wider(view: Sequence[float], base: Sequence[float]) -> bool:
    return view[0] < base[0] or view[1] < base[1] or view[2] > base[2] or view[3] > base[3]


def _draw_map(ax, fig, layer: Mapping, shown: Sequence[Mapping], extents: Sequence[Mapping], day: date,
              view: Sequence[float], *, box: Sequence[float], label_size: float = 1.0,
              north: bool = False) -> tuple[float, ...]:
    """Basemap, control, events, scale bar, north arrow (if ``north``) and labels in ``ax``, fitted around ``view``.

    Returns the extent drawn, ``(west, south, east, north)``: ``view``
    widened to the box's shape.
    """
    xlim, ylim = _fit(view, box_ratio=(box[2] * SLIDE_INCHES[0]) / (box[3] * SLIDE_INCHES[1]))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect(1 / math.cos(math.radians((ylim[0] + ylim[1]) / 2)), adjustable="box")
    full = (xlim[0], ylim[0], xlim[1], ylim[1])
    _draw_basemap(ax, full, label_size=label_size)
    _draw_controls(ax, extents)
    furniture = _draw_events(ax, layer, shown, day, scale=label_size)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.apply_aspect()  # the box as drawn, so that label boxes measured now stay true
    furniture += _draw_scale_bar(ax, xlim, ylim)
    if north:
        furniture.append(ax.text(0.975, 0.965, "N\n↑", transform=ax.transAxes, ha="center", va="top", fontsize=14,
                                 fontweight="bold", parse_math=False, zorder=20,
                                 bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "alpha": 0.85,
                                       "edgecolor": "#888"}))
    renderer = _renderer(fig)
    frame = ax.get_window_extent(renderer)
    keep_out = [tuple(a.get_window_extent(renderer).extents) for a in furniture]
    _draw_places(ax, layer, shown, full, fig, day, label_size=label_size, inside=tuple(frame.extents),
                 keep_out=keep_out)
    _bare(ax)
    return full


def _bare(ax) -> None:
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for spine in ax.spines.values():
        spine.set_edgecolor("#666")


def _draw_locator(fig, box: Sequence[float], extent: Sequence[float]) -> None:
    """Where the map lies: Ukraine, Russia and their neighbours around it, the map's extent framed in red."""
    from matplotlib.colors import to_rgba
    from matplotlib.patches import Rectangle

    from geo.mapview import SEA_COLOUR

    cx, cy = (extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2
    half_h = max(_LOCATOR_HALF_LAT, (extent[3] - extent[1]) * 0.75)
    xlim, ylim = _fit((cx - 1, cy - half_h, cx + 1, cy + half_h), box_ratio=(box[2] * SLIDE_INCHES[0]) /
                      (box[3] * SLIDE_INCHES[1]))
    ax = fig.add_axes(box)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect(1 / math.cos(math.radians(cy)), adjustable="box")
    ax.set_facecolor(SEA_COLOUR)
    _draw_locator_land(ax, xlim, ylim)
    ax.add_patch(Rectangle(extent[:2], extent[2] - extent[0], extent[3] - extent[1],
                           facecolor=to_rgba(_LOCATOR_COLOUR, 0.25), edgecolor=_LOCATOR_COLOUR, linewidth=1.6,
                           zorder=6))
    # A map a few pixels across on the locator still needs to be found there.
    ax.plot([cx], [cy], marker="s", markersize=9, markerfacecolor="none", markeredgecolor=_LOCATOR_COLOUR,
            markeredgewidth=1.4, zorder=6)
    ax.set_title("Where the map lies (red)", fontsize=9, loc="left", pad=3, parse_math=False)
    _bare(ax)


def _draw_locator_land(ax, xlim: Sequence[float], ylim: Sequence[float]) -> None:
    """The locator's countries: Russia and Ukraine named and outlined darker, their shared border heavier."""
    import geopandas as gpd
    from shapely.geometry import box as shapely_box

    from geo import basemap, borders
    from geo.mapview import BORDER_COLOUR, LAND_COLOUR

    window = (max(-180.0, xlim[0] - 1), max(-89.0, ylim[0] - 1), min(180.0, xlim[1] + 1), min(89.0, ylim[1] + 1))
    frame = basemap.countries_frame(window, tolerance=0.03)
    ours = frame["iso3"].isin(["RUS", "UKR"])
    frame[~ours].plot(ax=ax, aspect=None, color="#ebe8e1", edgecolor=BORDER_COLOUR, linewidth=0.4, zorder=1)
    frame[ours].plot(ax=ax, aspect=None, color=LAND_COLOUR, edgecolor="#555", linewidth=0.8, zorder=2)
    try:
        line = borders.border_line("RUS", "UKR").intersection(shapely_box(*window))
        gpd.GeoSeries([line]).plot(ax=ax, aspect=None, color="#444", linewidth=1.2, zorder=3)
    except Exception:  # noqa: BLE001 - emphasis only; the country outlines are drawn already
        pass
    for row in frame[ours].itertuples(index=False):
        point = max(getattr(row.geometry, "geoms", [row.geometry]), key=lambda g: g.area).representative_point()
        if xlim[0] < point.x < xlim[1] and ylim[0] < point.y < ylim[1]:
            ax.text(point.x, point.y, row.name.upper(), fontsize=7, color="#888", ha="center", va="center",
                    fontweight="bold", zorder=4, parse_math=False, clip_on=True)


def _renderer(fig):
    """An Agg renderer of ``fig``'s size, to measure text before the slide is drawn.

    Not an Agg canvas on the figure: geopandas asks the canvas to redraw
    after each plot, which an Agg canvas does in full (eight times a slide).
    One per thread, as matplotlib keeps its fonts (the app's sessions run
    in threads of their own).
    """
    return _agg_renderer(*(int(v) for v in fig.bbox.size), fig.dpi, threading.get_ident())


@lru_cache(maxsize=4)
def _agg_renderer(width: int, height: int, dpi: float, _thread: int):
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(width, height, dpi)


def _fraction_box(artist, fig) -> tuple[float, float, float, float]:
    """An artist's bounds in figure fractions (x0, y0, x1, y1), as drawn."""
    bb = artist.get_window_extent(_renderer(fig)).transformed(fig.transFigure.inverted())
    return bb.x0, bb.y0, bb.x1, bb.y1


def _draw_column(fig, shown: Sequence[Mapping], extents: Sequence[Mapping], *, widened: bool) -> list:
    """The right column: legend on top and the caveat at the foot; returns the free boxes between them.

    One box (for the locator) or, on a widened slide, two: the campaign
    detail above the locator. The legend is set smaller when they would
    not fit under it.
    """
    from geo.mapview import SCHEMATIC_CAVEAT

    leg_ax = fig.add_axes(_COLUMN_BOX)
    leg_ax.axis("off")
    caveat = leg_ax.text(0.0, 0.0, textwrap.fill(SCHEMATIC_CAVEAT + ".", 44), fontsize=9, style="italic",
                         color="#444", va="bottom", transform=leg_ax.transAxes, parse_math=False)
    foot = _fraction_box(caveat, fig)[3] + _COLUMN_GAP
    needed = _LOCATOR_HEIGHT[0] + (_DETAIL_HEIGHT + 2 * _COLUMN_GAP if widened else _COLUMN_GAP)
    for fontsize, spacing in ((9.5, 0.7), (8.5, 0.35), (7.5, 0.2)):
        legend = leg_ax.legend(handles=_legend_handles(shown, extents), loc="upper left", frameon=False,
                               fontsize=fontsize, title="Legend", title_fontsize=11, alignment="left",
                               handlelength=2.2, labelspacing=spacing)
        # Labels carry holders and event types from articles: never mathtext (measuring it would parse it).
        for text in [*legend.get_texts(), legend.get_title()]:
            text.set_parse_math(False)
        top = _fraction_box(legend, fig)[1] - _COLUMN_GAP
        if top - foot >= needed:
            break
    left, width = _COLUMN_BOX[0] + 0.01, _COLUMN_BOX[2] - 0.015
    free = max(_LOCATOR_HEIGHT[0], top - foot - _COLUMN_GAP)  # the locator's title needs a line above it
    if not widened:
        height = min(_LOCATOR_HEIGHT[1], free)
        return [(left, foot, width, height)]
    locator = min(_LOCATOR_HEIGHT[1], max(_LOCATOR_HEIGHT[0], free * 0.4))
    detail = max(_DETAIL_HEIGHT, free - locator - 2 * _COLUMN_GAP)
    return [(left, foot + locator + 2 * _COLUMN_GAP, width, detail), (left, foot, width, locator)]


def snapshot(
    layer: dict,
    *,
    day: date,
    flt: EventFilter,
    fmt: str = "png",
    title: str | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    dpi: int = 150,
) -> bytes:
    """A 16:9 slide of the map on ``day`` as PNG or PDF bytes (no browser, no network).

    Beside the map: the legend, a locator (the map's extent in red on
    Ukraine, Russia and their neighbours) and, when the default view had to
    widen, a detail of the campaign area. The extent drawn is in the file's
    metadata (PNG text "Map extent", PDF "Subject": ``west,south,east,north``),
    so a slide can be traced back to its view.

    Parameters
    ----------
    layer : dict
        The layer FeatureCollection.
    day : date
        Control valid on this day and events begun by it are drawn.
    flt : EventFilter
        Which events to draw.
    fmt : str
        "png" or "pdf".
    title : str, optional
        Slide title (drawn literally; "$" is not math). Default
        "Kursk campaign — <date>".
    bbox : tuple, optional
        ``(min lon, min lat, max lon, max lat)``: what the slide must show
        (the app passes its map's bounds), widened to the slide's shape;
        default the campaign area, widened to nearby non-historical events
        and the control extent.
    dpi : int
        Resolution of the PNG (150 gives 2000 x 1125 pixels).
    """
    fmt = fmt.lower()
    if fmt not in ("png", "pdf"):
        raise InputError("fmt", f"snapshot format must be png or pdf, not {fmt!r}")
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    from geo.mapview import extents_on

    shown = filter_events(layer, flt, up_to=day)
    extents = extents_on(layer, day, prefer_assessed=True)
    view = tuple(bbox) if bbox else _view(shown, extents)
    fig = Figure(figsize=SLIDE_INCHES, dpi=dpi, facecolor="white")
    ax = fig.add_axes(_MAP_BOX)
    extent = _draw_map(ax, fig, layer, shown, extents, day, view, box=_MAP_BOX, north=True)
    widened = bbox is None and _wider(view, CAMPAIGN_VIEW)
    boxes = _draw_column(fig, shown, extents, widened=widened)
    if widened:
        # The campaign area is small at the widened scale: show it again as a detail.
        from matplotlib.patches import Rectangle

        ax.add_patch(Rectangle(CAMPAIGN_VIEW[:2], CAMPAIGN_VIEW[2] - CAMPAIGN_VIEW[0], CAMPAIGN_VIEW[3] - CAMPAIGN_VIEW[1],
                               facecolor="none", edgecolor="#111", linewidth=1.2, zorder=15))
        inset = fig.add_axes(boxes[0])
        _draw_map(inset, fig, layer, shown, extents, day, CAMPAIGN_VIEW, box=boxes[0], label_size=0.85)
        inset.set_title("Campaign area (detail)", fontsize=9, loc="left", pad=3, parse_math=False)
    _draw_locator(fig, boxes[-1], extent)
    _draw_heading(fig, layer, shown, extents, day, title)
    _draw_footer(fig, layer, shown, extents)

    buf = io.BytesIO()
    where = ",".join(f"{v:.5f}" for v in extent)
    metadata = ({"Software": None, "Map extent": where} if fmt == "png"
                else {"Creator": None, "Producer": None, "CreationDate": None, "Subject": f"Map extent: {where}"})
    # TrueType fonts (not Type 3) keep the PDF's text editable and searchable on a slide.
    with matplotlib.rc_context({"pdf.fonttype": 42}):
        fig.savefig(buf, format=fmt, dpi=dpi, metadata=metadata)
    return buf.getvalue()


def _draw_heading(fig, layer: Mapping, shown: Sequence[Mapping], extents: Sequence[Mapping], day: date,
                  title: str | None) -> None:
    """Title, "data as of" and the situation line."""
    when = describe_date(day, day, 1)
    fig.text(0.015, 0.965, title or f"Kursk campaign — {when}", fontsize=20, fontweight="bold", va="top",
             parse_math=False)
    fig.text(0.985, 0.96, _as_of_text(layer), fontsize=11, color="#333", ha="right", va="top", parse_math=False)
    on_day = sum(1 for f in shown if (event_span(f) or (day, day))[0] <= day <= (event_span(f) or (day, day))[1])
    held = ", ".join(f"{(f.get('properties') or {}).get('holder')} ({(f.get('properties') or {}).get('status')})"
                     for f in extents) or "none reported"
    fig.text(0.015, 0.915, f"Situation on {when} · {count_noun(len(shown), 'event')} up to this day ({on_day:,} on it) · "
             f"control: {held}", fontsize=11, color="#333", va="top", parse_math=False)


def _draw_footer(fig, layer: Mapping, shown: Sequence[Mapping], extents: Sequence[Mapping]) -> None:
    """The sources and the caveats under the map."""
    from geo.mapview import SCHEMATIC_CAVEAT

    footer = textwrap.wrap(_sources_text(layer, shown, extents), 230)
    footer = footer[:3] + (["…"] if len(footer) > 3 else [])
    footer.append(f"{SCHEMATIC_CAVEAT}. Borders: Natural Earth (10 m admin-0). Event positions are reported "
                  "places, not exact sites.")
    fig.text(0.015, 0.095, "\n".join(footer), fontsize=7.5, color="#333", va="top", parse_math=False, linespacing=1.4)


# ---------------------------------------------------------------------------
# Dispatch
# ---------------------------------------------------------------------------


def check_bbox(values: Sequence[float]) -> tuple[float, float, float, float]:
    """``values`` as a map box ``(west, south, east, north)`` in degrees, or InputError saying what is wrong.

    The box must be four finite numbers, west before east and south before
    north (a box across the antimeridian is not supported), at least
    ``BBOX_MIN_DEG`` each way, and overlap the region the offline basemap
    covers (``geo.basemap.CAMPAIGN_BBOX``): a box with latitude and
    longitude swapped falls outside it.
    """
    from geo.basemap import CAMPAIGN_BBOX

    if len(values) != 4:
        raise InputError("bbox", f"needs four numbers, west,south,east,north; got {len(values)}")
    west, south, east, north = (float(v) for v in values)
    for name, value, limit in (("west", west, 180.0), ("east", east, 180.0),
                               ("south", south, _MAX_LAT), ("north", north, _MAX_LAT)):
        if not math.isfinite(value) or abs(value) > limit:
            raise InputError("bbox", f"{name} {value:g} is not a {'longitude' if limit == 180 else 'latitude'} "
                                     f"between -{limit:g} and {limit:g}")
    for low, high, lo_name, hi_name in ((west, east, "west", "east"), (south, north, "south", "north")):
        if low >= high:
            raise InputError("bbox", f"{lo_name} {low:g} is not less than {hi_name} {high:g} "
                                     "(the order is west,south,east,north)")
        if high - low < BBOX_MIN_DEG:
            raise InputError("bbox", f"{lo_name} to {hi_name} spans {high - low:g}°, under {BBOX_MIN_DEG:g}° (about 1 km)")
    w, s, e, n = CAMPAIGN_BBOX
    if east <= w or west >= e or north <= s or south >= n:
        raise InputError("bbox", f"{west:g},{south:g},{east:g},{north:g} lies outside the map's region "
                                 f"({w:g} to {e:g}°E, {s:g} to {n:g}°N); longitude comes first")
    return west, south, east, north


def export(layer: dict, *, day: date, flt: EventFilter, fmt: str, out: Path,
           bbox: Sequence[float] | None = None) -> Path:
    """Write the ``fmt`` export of ``layer`` on ``day`` to ``out`` atomically.

    Parameters
    ----------
    fmt : str
        One of ``FORMATS``: png, pdf, html, geojson, csv, kml. The tabular
        and vector formats hold the events passing ``flt`` up to ``day``;
        KML also the control extents begun by then (``controls_begun``).
    out : Path
        Target file (its folder is created).
    bbox : sequence of four floats, optional
        ``(west, south, east, north)`` the map must show, for the
        ``VIEW_FORMATS``: the slide takes it in widened to 16:9 (as the
        app's download does with the view on screen), the HTML map opens
        fitted to it. Checked by ``check_bbox``.

    Returns
    -------
    Path
        ``out``.

    Raises
    ------
    InputError
        For an unknown format, a bad ``bbox``, or a ``bbox`` with a format
        that draws no map.
    """
    from geo.layer import atomic_write_bytes

    fmt = str(fmt).lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError(out, f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if bbox is not None:
        if fmt not in VIEW_FORMATS:
            # The event files hold what the filter selects, wherever it lies; a box would be silently ignored.
            raise InputError("bbox", f"applies to the map formats ({', '.join(VIEW_FORMATS)}), not {fmt}")
        bbox = check_bbox(bbox)
    if fmt in ("png", "pdf"):
        data = snapshot(layer, day=day, flt=flt, fmt=fmt, bbox=bbox)
    elif fmt == "html":
        data = to_html(layer, day=day, flt=flt, bounds=bbox)
    else:
        features = filter_events(layer, flt, up_to=day)
        if fmt == "geojson":
            data = to_geojson(layer, features)
        elif fmt == "csv":
            data = to_csv(features)
        else:
            data = to_kml(controls_begun(layer, day) + features, title=f"Kursk campaign up to {describe_date(day, day, 1)}")
    out = Path(out)
    atomic_write_bytes(out, data)
    return out
