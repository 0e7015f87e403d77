"""Files for briefers and analysts: GeoJSON, CSV, KML, offline HTML, PNG/PDF slides, the ledger.

Each exporter takes the layer and/or the events a filter selected (or the
claims ledger's claims: ``ledger_csv``, ``ledger_json``) and returns bytes; ``export`` dispatches on a format name and writes the file
atomically. The PNG/PDF snapshot is drawn server-side with matplotlib (Agg)
and geopandas: the control extent valid on the day, the events up to it
(styled like the web map), de-cluttered place labels, the offline Natural
Earth basemap, legend, scale bar, north arrow and a footer naming the
sources and the schematic caveat, on a 16:9 slide.

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
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
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

__all__ = ["CSV_COLUMNS", "FORMATS", "to_geojson", "to_csv", "to_kml", "controls_begun", "to_html", "snapshot", "export",
           "ledger_csv", "ledger_json"]

CSV_COLUMNS: tuple[str, ...] = (
    "event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "location", "admin1", "country", "latitude", "longitude", "geo_precision", "source", "source_date",
    "notes", "fatalities", "casualties", "wounded", "prisoners", "troops", "area_km2", "claim_status", "claimant", "historical",
    "quote", "date_start", "date_end", "source_ids", "geonameid",
)
FORMATS: tuple[str, ...] = ("png", "pdf", "html", "geojson", "csv", "kml")
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


def _draw_scale_bar(ax, xlim, ylim) -> None:
    from matplotlib.patches import Rectangle

    lat = ylim[0] + 0.06 * (ylim[1] - ylim[0])
    km_per_deg = _KM_PER_DEG * math.cos(math.radians(lat))
    width_km = (xlim[1] - xlim[0]) * km_per_deg
    length = _nice_km(width_km / 6)
    x0 = xlim[0] + 0.03 * (xlim[1] - xlim[0])
    seg = length / 2 / km_per_deg
    height = 0.008 * (ylim[1] - ylim[0])
    for i in range(2):
        ax.add_patch(Rectangle((x0 + i * seg, lat), seg, height, facecolor="#222" if i == 0 else "white",
                               edgecolor="#222", linewidth=0.8, zorder=20))
    for frac, text in ((0, "0"), (1, f"{length / 2:g}"), (2, f"{length:g} km")):
        ax.text(x0 + frac * seg, lat + height * 1.8, text, ha="center" if frac < 2 else "left", va="bottom",
                fontsize=8, zorder=20, parse_math=False,
                bbox={"facecolor": "white", "alpha": 0.6, "edgecolor": "none", "pad": 0.5} if frac == 2 else None)


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


def _draw_events(ax, layer: Mapping, shown: Sequence[Mapping], day: date, *, scale: float = 1.0) -> None:
    """Events styled like the web map, batched into one scatter per mark kind."""
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
    _draw_region_badges(ax, regions, scale=scale)
    if rings["x"]:
        ax.scatter(rings["x"], rings["y"], s=rings["s"], facecolors="none", edgecolors=rings["c"], linewidths=1.0,
                   linestyles="--", zorder=7)
    if day_rings["x"]:
        ax.scatter(day_rings["x"], day_rings["y"], s=day_rings["s"], facecolors="none", edgecolors="#111",
                   linewidths=1.8, zorder=9)
    for (shape, on_day), batch in sorted(batches.items(), key=lambda item: item[0][1]):
        ax.scatter(batch["x"], batch["y"], s=batch["s"], marker=_MPL_MARKERS.get(shape, "D"), c=batch["c"],
                   edgecolors="#111" if on_day else "white", linewidths=0.9, zorder=10 if on_day else 8)


def _draw_region_badges(ax, regions: Mapping[tuple[float, float, str], list[bool]], *, scale: float = 1.0) -> None:
    """"19 events in the region" under each region's name in view; those outside the view are listed in a corner note."""
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
    if outside:
        ax.text(0.01, 0.99, "Events known only to a region or country, outside this view: " + " · ".join(outside),
                transform=ax.transAxes, ha="left", va="top", fontsize=8 * scale, color="#333", zorder=20,
                parse_math=False, wrap=True,
                bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "alpha": 0.85, "edgecolor": "#999"})


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


def _draw_places(ax, layer: Mapping, shown: Sequence[Mapping], view, fig, *, label_size: float = 1.0) -> None:
    """Label every shown event's place, then other places while they fit.

    An event place's label tries the right, left, top and bottom of its
    point and, if all overlap, stays on the right: it is never dropped.
    Other places are drawn only where they overlap nothing, at most
    MAX_PLACE_LABELS in all.
    """
    event_places, others = _label_candidates(layer, shown, view)
    placed: list[tuple[float, float, float, float]] = []
    transform = ax.transData
    px_per_pt = fig.dpi / 72

    def free(box) -> bool:
        return all(box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3] for b in placed)

    def draw(name: str, lon: float, lat: float, region: bool, *, must: bool) -> None:
        x, y = transform.transform((lon, lat))
        size = (10 if region else 9) * label_size
        w, h = 0.6 * size * len(name) * px_per_pt, 1.3 * size * px_per_pt
        gap = 5 * px_per_pt
        spots = [((5, 0), "left", "center", (x + gap, y - h / 2, x + gap + w, y + h / 2)),
                 ((-5, 0), "right", "center", (x - gap - w, y - h / 2, x - gap, y + h / 2)),
                 ((0, 6), "center", "bottom", (x - w / 2, y + gap, x + w / 2, y + gap + h)),
                 ((0, -6), "center", "top", (x - w / 2, y - gap - h, x + w / 2, y - gap))]
        chosen = next((spot for spot in spots if free(spot[3])), spots[0] if must else None)
        if chosen is None:
            return
        offset, ha, va, box = chosen
        placed.append(box)
        ax.annotate(name, (lon, lat), xytext=offset, textcoords="offset points", fontsize=size, ha=ha, va=va,
                    parse_math=False,
                    color="#555" if region else "#111", style="italic" if region else "normal",
                    fontweight="normal" if region else "bold", zorder=12, annotation_clip=True,
                    bbox=_LABEL_BACKDROP)
        if not region:
            ax.plot([lon], [lat], marker="o", markersize=2.5, color="#111", zorder=12)

    for name, lon, lat, region in event_places:
        draw(name, lon, lat, region, must=True)
    for name, lon, lat, region in others:
        if len(placed) >= max(MAX_PLACE_LABELS, len(event_places)):
            break
        draw(name, lon, lat, region, must=False)


# A pale backdrop rather than a stroked halo: a path effect turns the label
# into outlines in a PDF, which a slide editor can neither edit nor search.
_LABEL_BACKDROP = {"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.7, "edgecolor": "none"}


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
_INSET_BOX = (0.735, 0.19, 0.25, 0.33)


def _wider(view: Sequence[float], base: Sequence[float]) -> bool:
    return view[0] < base[0] or view[1] < base[1] or view[2] > base[2] or view[3] > base[3]


def _draw_map(ax, fig, layer: Mapping, shown: Sequence[Mapping], extents: Sequence[Mapping], day: date,
              view: Sequence[float], *, box: Sequence[float], label_size: float = 1.0) -> None:
    """Basemap, control, events, places and scale bar in ``ax``, fitted around ``view``."""
    xlim, ylim = _fit(view, box_ratio=(box[2] * SLIDE_INCHES[0]) / (box[3] * SLIDE_INCHES[1]))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect(1 / math.cos(math.radians((ylim[0] + ylim[1]) / 2)), adjustable="box")
    full = (xlim[0], ylim[0], xlim[1], ylim[1])
    _draw_basemap(ax, full, label_size=label_size)
    _draw_controls(ax, extents)
    _draw_events(ax, layer, shown, day, scale=label_size)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    _draw_places(ax, layer, shown, full, fig, label_size=label_size)
    _draw_scale_bar(ax, xlim, ylim)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for spine in ax.spines.values():
        spine.set_edgecolor("#666")


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
        ``(min lon, min lat, max lon, max lat)``; default the campaign area,
        widened to nearby non-historical events and the control extent.
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
    _draw_map(ax, fig, layer, shown, extents, day, view, box=_MAP_BOX)
    ax.text(0.975, 0.965, "N\n↑", transform=ax.transAxes, ha="center", va="top", fontsize=14, fontweight="bold",
            parse_math=False, zorder=20, bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "alpha": 0.85,
                                               "edgecolor": "#888"})
    widened = bbox is None and _wider(view, CAMPAIGN_VIEW)
    if widened:
        # The campaign area is small at the widened scale: show it again as a detail.
        from matplotlib.patches import Rectangle

        ax.add_patch(Rectangle(CAMPAIGN_VIEW[:2], CAMPAIGN_VIEW[2] - CAMPAIGN_VIEW[0], CAMPAIGN_VIEW[3] - CAMPAIGN_VIEW[1],
                               facecolor="none", edgecolor="#111", linewidth=1.2, zorder=15))
        inset = fig.add_axes(_INSET_BOX)
        _draw_map(inset, fig, layer, shown, extents, day, CAMPAIGN_VIEW, box=_INSET_BOX, label_size=0.85)
        inset.set_title("Campaign area (detail)", fontsize=9, loc="left", pad=3, parse_math=False)

    when = describe_date(day, day, 1)
    fig.text(0.015, 0.965, title or f"Kursk campaign — {when}", fontsize=20, fontweight="bold", va="top",
             parse_math=False)
    fig.text(0.985, 0.96, _as_of_text(layer), fontsize=11, color="#333", ha="right", va="top", parse_math=False)
    on_day = sum(1 for f in shown if (event_span(f) or (day, day))[0] <= day <= (event_span(f) or (day, day))[1])
    held = ", ".join(f"{(f.get('properties') or {}).get('holder')} ({(f.get('properties') or {}).get('status')})"
                     for f in extents) or "none reported"
    fig.text(0.015, 0.915, f"Situation on {when} · {count_noun(len(shown), 'event')} up to this day ({on_day:,} on it) · "
             f"control: {held}", fontsize=11, color="#333", va="top", parse_math=False)

    leg_ax = fig.add_axes((0.73, 0.115, 0.26, 0.78))
    leg_ax.axis("off")
    legend = leg_ax.legend(handles=_legend_handles(shown, extents), loc="upper left", frameon=False,
                           fontsize=8.5 if widened else 9.5, title="Legend", title_fontsize=11, alignment="left",
                           handlelength=2.2, labelspacing=0.35 if widened else 0.7)
    # Labels carry holders and event types from articles: never mathtext.
    for text in [*legend.get_texts(), legend.get_title()]:
        text.set_parse_math(False)
    from geo.mapview import SCHEMATIC_CAVEAT

    leg_ax.text(0.0, 0.0, textwrap.fill(SCHEMATIC_CAVEAT + ".", 44), fontsize=9, style="italic", color="#444",
                va="bottom", transform=leg_ax.transAxes, parse_math=False)

    footer = textwrap.wrap(_sources_text(layer, shown, extents), 230)
    footer = footer[:3] + (["…"] if len(footer) > 3 else [])
    footer.append(f"{SCHEMATIC_CAVEAT}. Borders: Natural Earth (10 m admin-0). Event positions are reported "
                  "places, not exact sites.")
    fig.text(0.015, 0.095, "\n".join(footer), fontsize=7.5, color="#333", va="top", parse_math=False, linespacing=1.4)

    buf = io.BytesIO()
    metadata = {"Software": None} if fmt == "png" else {"Creator": None, "Producer": None, "CreationDate": None}
    # TrueType fonts (not Type 3) keep the PDF's text editable and searchable on a slide.
    with matplotlib.rc_context({"pdf.fonttype": 42}):
        fig.savefig(buf, format=fmt, dpi=dpi, metadata=metadata)
    return buf.getvalue()


# ---------------------------------------------------------------------------
# Dispatch
# ---------------------------------------------------------------------------


def export(layer: dict, *, day: date, flt: EventFilter, fmt: str, out: Path) -> Path:
    """Write the ``fmt`` export of ``layer`` on ``day`` to ``out`` atomically.

    Parameters
    ----------
    fmt : str
        One of ``FORMATS``: png, pdf, html, geojson, csv, kml. The tabular
        and vector formats hold the events passing ``flt`` up to ``day``;
        KML also the control extents begun by then (``controls_begun``).
    out : Path
        Target file (its folder is created).

    Returns
    -------
    Path
        ``out``.

    Raises
    ------
    InputError
        For an unknown format.
    """
    from geo.layer import atomic_write_bytes

    fmt = str(fmt).lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError(out, f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt in ("png", "pdf"):
        data = snapshot(layer, day=day, flt=flt, fmt=fmt)
    elif fmt == "html":
        data = to_html(layer, day=day, flt=flt)
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
