"""Build the interactive Folium map of a layer on a chosen day, and render it offline.

``build_map`` draws, for one day: the offline Natural Earth basemap (default
base layer; OpenStreetMap and CARTO tiles are optional alternatives that
load only when reachable), the control extents valid that day styled by
their standing, the events up to that day after the filter (shape and
colour by type, the day's events emphasised, older ones faded, imprecise
ones drawn as rings or large dashed circles, dense sets aggregated into
grid cells), place labels (a settlement the claims ledger has claims about
opens its ledger on click: each claim's side, claimant, grade and standing),
the campaign's other settlements to orient by (more named as you zoom in),
each label set beside its place where it covers no mark, stack or badge, a
legend and a title box. ``render_html`` turns
the map into one standalone HTML document with Leaflet inlined from the
django-js-lib-leaflet package and deterministic element ids. The document
reports its view (centre, zoom, bounds) to an embedding page;
``view_bounds`` works the bounds out from a centre and zoom.

The app draws the same layers into one live document instead of a new one
per day: ``live_shell`` is the map without its data (Leaflet, basemap, tiles,
layer control), ``view_layers`` what one view shows (the data a standalone
map embeds) and ``view_json`` its text, which ``EMBED_JS``, the app's frame,
posts to the live document to draw in place; a new document opens on the
last view.

Every article-derived string is HTML-escaped here before it reaches a popup,
tooltip or label, and embedded in scripts as JSON. This module must NOT
import streamlit, fetch anything from the network, reference a CDN or use
folium plugins/Popup/Tooltip classes that need jQuery or Bootstrap.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

import folium
import xyzservices  # folium's own dependency: its tile providers
from branca.element import Element, MacroElement
from folium.elements import ElementAddToElement
from folium.template import Template

from geo import cells
from geo.cells import Cell, ShownEvents, cell_limit, split_plan
from geo.filters import (
    GEO_PRECISION_WORDS,
    EventFilter,
    article_index,
    claim_span,
    claims,
    controls,
    count_noun,
    data_as_of,
    describe_date,
    event_span,
    filter_claims,
    filter_events,
    parse_day,
    places,
)
from geo.ledger import CREDIBILITY_WORDS, RELIABILITY_WORDS, from_properties, grade, timeline

__all__ = [
    "build_map",
    "render_html",
    "event_style",
    "control_style",
    "EVENT_STYLES",
    "SCHEMATIC_CAVEAT",
    "CAMPAIGN_CENTER",
    "escape_html",
    "fold_name",
    "overlaps",
    "age_opacity",
    "extents_on",
    "region_badges",
    "timeline_ticks_svg",
    "TICKS_WIDTH",
    "view_bounds",
    "EMBED_JS",
    "embed_view",
    "view_layers",
    "live_shell",
    "view_json",
]

# ---------------------------------------------------------------------------
# Styles shared with geo.export (snapshot)
# ---------------------------------------------------------------------------

# ACLED event type -> (shape, colour). Shapes: circle, triangle, diamond,
# square, pentagon, hexagon (DivIcon SVGs except circle, a CircleMarker).
EVENT_STYLES: dict[str, tuple[str, str]] = {
    "Battles": ("circle", "#d62728"),
    "Explosions/Remote violence": ("triangle", "#ff7f0e"),
    "Violence against civilians": ("diamond", "#9467bd"),
    "Strategic developments": ("square", "#1f77b4"),
    "Protests": ("pentagon", "#2ca02c"),
    "Riots": ("hexagon", "#8c564b"),
}
OTHER_EVENT_STYLE: tuple[str, str] = ("diamond", "#6b6b6b")
HOLDER_COLOURS: dict[str, str] = {"Ukraine": "#2166ac", "Russia": "#b2182b"}
OTHER_HOLDER_COLOUR = "#4d4d4d"
DISPUTED_COLOUR = "#7b3294"
SEA_COLOUR = "#cfe3ef"
LAND_COLOUR = "#f4f1ea"
BORDER_COLOUR = "#8c8c8c"
BASEMAP_ATTRIBUTION = ("Borders: <a href='https://www.naturalearthdata.com/' target='_blank' "
                       "rel='noopener noreferrer'>Natural Earth</a> · events: news reports (Sources)")
SCHEMATIC_CAVEAT = "Schematic extents are shaped from reported areas and places, not a front line"
CAMPAIGN_CENTER: tuple[float, float] = (51.3, 35.4)  # lat, lon near Sudzha
DEFAULT_ZOOM = 9
# Stacks fan out at this zoom (Leaflet.markercluster needs the map to have one).
MAX_ZOOM = 18
# Campaign-region box for the offline basemap, and its simplification (deg).
BASEMAP_BBOX = (22.0, 43.0, 45.0, 57.0)
BASEMAP_TOLERANCE = 0.005
# Fallback radius (km) of a region-level event whose place is not in the layer.
REGION_RADIUS_KM = 50.0
MAX_REGION_RADIUS_KM = 300.0
# Pixel radius of point marks; the day's events are drawn larger.
MARK_RADIUS, DAY_MARK_RADIUS = 6, 9
# Older events fade linearly to this opacity over FADE_DAYS.
MIN_OPACITY, FADE_DAYS = 0.3, 240
_LEAFLET_PKG = "js_lib_leaflet"
_LEAFLET_DIR = ("static", "js_lib_leaflet")
# Leaflet.markercluster (stacks that fan out), from xstatic-leaflet-markercluster.
_CLUSTER_PKG = "xstatic.pkg.leaflet_markercluster"
_CLUSTER_DIR = ("data",)


def event_style(event_type: str) -> tuple[str, str]:
    """``(shape, colour)`` of an ACLED event type (grey diamond if unknown)."""
    return EVENT_STYLES.get(event_type, OTHER_EVENT_STYLE)


def holder_colour(holder: str) -> str:
    """Colour of a control holder (Ukraine blue, Russia red, others grey)."""
    return HOLDER_COLOURS.get(holder, OTHER_HOLDER_COLOUR)


def control_style(props: Mapping) -> dict:
    """Leaflet path style for a control extent, by ``status``.

    assessed: solid outline, solid light fill; schematic (and reported):
    dashed outline, hatched light fill; claimed: dotted outline, faint fill;
    disputed: purple, dashed outline, faint fill. The hatch is an SVG
    pattern id (``fillColor: url(#…)``), defined once in the page.
    """
    status = str(props.get("status") or "schematic")
    colour = holder_colour(str(props.get("holder") or ""))
    if status == "disputed":
        return {"color": DISPUTED_COLOUR, "weight": 2.5, "dashArray": "10 6", "fillColor": DISPUTED_COLOUR,
                "fillOpacity": 0.12, "opacity": 0.95}
    if status == "claimed":
        return {"color": colour, "weight": 2.5, "dashArray": "2 6", "lineCap": "round", "fillColor": colour,
                "fillOpacity": 0.1, "opacity": 0.95}
    if status == "assessed":
        return {"color": colour, "weight": 2, "fillColor": colour, "fillOpacity": 0.25, "opacity": 1}
    return {"color": colour, "weight": 2, "dashArray": "7 5", "fillColor": f"url(#{_hatch_id(colour)})",
            "fillOpacity": 1, "opacity": 0.95}


def _hatch_id(colour: str) -> str:
    return "kursk-hatch-" + colour.lstrip("#").lower()


# ---------------------------------------------------------------------------
# Escaping helpers
# ---------------------------------------------------------------------------


def escape_html(value: object) -> str:
    """HTML-escape any value (quotes too), None as ""."""
    return html.escape("" if value is None else str(value), quote=True)


def _safe_url(url: object) -> str | None:
    """The URL if its scheme is http or https, else None."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") and "//" in url else None


def _js_json(obj: object) -> str:
    """JSON safe to embed inside a <script> element."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _fmt_int(value: object) -> str:
    return f"{int(value):,}" if isinstance(value, (int, float)) and not isinstance(value, bool) else ""


def _fmt_area(value: object) -> str:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return ""
    return f"{value:,.0f} km²" if value >= 10 else f"{value:,.1f} km²"


# ---------------------------------------------------------------------------
# Popup and tooltip HTML (all article text escaped)
# ---------------------------------------------------------------------------


def _event_when(props: Mapping, feature: Mapping) -> str:
    span = event_span(feature)
    if span is None:
        return "date unknown"
    text = describe_date(span[0], span[1], int(props.get("time_precision") or 1))
    return text + (" (inferred)" if props.get("date_inferred") else "")


def _source_line(sid: str, articles: Mapping[str, Mapping], props: Mapping) -> str:
    art = articles.get(sid) or {}
    if not art and sid == props.get("source_id"):
        art = {"title": props.get("source_title"), "url": props.get("source_url"), "published": props.get("source_date")}
    title = escape_html(art.get("title") or sid)
    url = _safe_url(art.get("url"))
    head = f"<a href='{escape_html(url)}' target='_blank' rel='noopener noreferrer'>{title}</a>" if url else title
    extra = []
    if art.get("outlet"):
        extra.append(escape_html(art["outlet"]))
    published = parse_day(art.get("published"))
    if published:
        extra.append(escape_html(describe_date(published, published, 1)))
    if art.get("url") and not url:
        extra.append(f"<span class='kursk-raw'>{escape_html(art['url'])}</span>")
    return head + (f" <span class='kursk-muted'>({', '.join(extra)})</span>" if extra else "")


def _figures(props: Mapping) -> str:
    parts = []
    for key, word in (("fatalities", "killed"), ("casualties", "killed or wounded"), ("wounded", "wounded"),
                      ("prisoners", "captured"), ("troops", "troops")):
        if _fmt_int(props.get(key)):
            parts.append(f"{_fmt_int(props.get(key))} {word}")
    if _fmt_area(props.get("area_km2")):
        parts.append(_fmt_area(props.get("area_km2")))
    return " · ".join(parts)


def _grade_html(props: Mapping) -> str:
    """A claim's grade ("F6") and standing as badges; the grade's words in its tooltip."""
    reliability, credibility = str(props.get("reliability") or "F"), int(props.get("credibility") or 6)
    standing = escape_html(props.get("standing") or "reported")
    words = (f"source: {RELIABILITY_WORDS.get(reliability, '?')}; "
             f"information: {CREDIBILITY_WORDS.get(credibility, '?')}")
    return (f"<span class='kursk-grade' title='{escape_html(words)}'>{escape_html(grade(reliability, credibility))}</span> "
            f"<span class='kursk-claim kursk-claim-{standing}'>{standing}</span>")


def _event_ledger(claims_of_event: Sequence[Mapping]) -> str:
    """The event's statements as the ledger grades them: "F6 reported (the outlet)", one a line."""
    lines = []
    for props in claims_of_event:
        who = escape_html(props.get("claimant") or "the outlet")
        lines.append(f"{_grade_html(props)} <span class='kursk-muted'>{who}</span>")
    return "<br>".join(lines)


def event_popup(feature: Mapping, articles: Mapping[str, Mapping], *, place_km: float | None = None,
                claims_of_event: Sequence[Mapping] = ()) -> str:
    """The popup HTML of one event; every article-derived string is escaped.

    ``claims_of_event`` (properties of the layer's claim features read from
    this event) add a "Ledger" row: each statement's grade and standing.
    """
    props = feature.get("properties") or {}
    shape, colour = event_style(str(props.get("event_type") or ""))
    gp = int(props.get("geo_precision") or 1)
    rows: list[tuple[str, str]] = []
    when = escape_html(_event_when(props, feature))
    if props.get("date_text"):
        when += f" <span class='kursk-muted'>— “{escape_html(props['date_text'])}”</span>"
    rows.append(("Date", when))
    where = ", ".join(escape_html(v) for v in (props.get("location"), props.get("admin1"), props.get("country")) if v)
    precision = GEO_PRECISION_WORDS.get(gp, "unknown precision")
    if gp == 3 and place_km:
        precision += f", within ~{place_km:,.0f} km"
    rows.append(("Place", f"{where or 'unknown'} <span class='kursk-muted'>({escape_html(precision)})</span>"))
    actors = " vs ".join(escape_html(a) for a in (props.get("actor1"), props.get("actor2")) if a)
    if actors:
        rows.append(("Actors", actors))
    if _figures(props):
        rows.append(("Figures", escape_html(_figures(props))))
    status = str(props.get("claim_status") or "reported")
    claim = f"<span class='kursk-claim kursk-claim-{escape_html(status)}'>{escape_html(status)}</span>"
    if props.get("claimant"):
        claim += f" by {escape_html(props['claimant'])}"
    rows.append(("Claim", claim))
    if claims_of_event:
        rows.append(("Ledger", _event_ledger(claims_of_event)))
    sids = list(dict.fromkeys([props.get("source_id"), *(props.get("source_ids") or [])]))
    sources = "<br>".join(_source_line(str(s), articles, props) for s in sids if s)
    rows.append(("Source" if len(sids) == 1 else "Sources", sources or "—"))
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    parts = [
        "<div class='kursk-pop'>",
        f"<div class='kursk-pop-h'><span class='kursk-sw' style='background:{colour}'></span>"
        f"{escape_html(props.get('event_type') or 'Event')} · {escape_html(props.get('sub_event_type') or '')}</div>",
    ]
    if props.get("historical"):
        parts.append("<div class='kursk-hist'>Historical background (outside the campaign)</div>")
    parts.append(f"<table>{body}</table>")
    parts.append(f"<blockquote>{escape_html(props.get('quote') or '')}</blockquote>")
    for item in props.get("also_reported") or []:
        if isinstance(item, Mapping) and item.get("quote"):
            label = escape_html((articles.get(str(item.get("source_id"))) or {}).get("title") or item.get("source_id") or "")
            parts.append(f"<div class='kursk-also'>Also reported ({label}): “{escape_html(item['quote'])}”</div>")
    if props.get("notes"):
        parts.append(f"<div class='kursk-notes'>{escape_html(props['notes'])}</div>")
    parts.append(f"<div class='kursk-muted'>{escape_html(props.get('event_id') or feature.get('id') or '')}</div></div>")
    return "".join(parts)


def _event_tooltip(feature: Mapping) -> str:
    props = feature.get("properties") or {}
    return (f"<b>{escape_html(props.get('sub_event_type') or props.get('event_type') or 'Event')}</b> · "
            f"{escape_html(props.get('location') or '?')}<br>{escape_html(_event_when(props, feature))}")


def _control_html(feature: Mapping, articles: Mapping[str, Mapping], *, with_quote: bool) -> str:
    props = feature.get("properties") or {}
    start, end = parse_day(props.get("valid_from")), parse_day(props.get("valid_to"))
    valid = f"{describe_date(start, start, 1)} – {describe_date(end, end, 1)}" if start and end else "?"
    rows = [
        ("Holder", escape_html(props.get("holder") or "?")),
        ("Status", f"<span class='kursk-claim kursk-claim-{escape_html(props.get('status'))}'>{escape_html(props.get('status'))}</span>"
                   + (f" by {escape_html(props['claimant'])}" if props.get("claimant") else "")),
        ("Area", escape_html(_fmt_area(props.get("area_km2")) or "?")),
        ("Reported area", escape_html(_fmt_area(props.get("reported_area_km2")) or "—")),
        ("Valid", escape_html(valid)),
        ("Sources", "<br>".join(_source_line(str(s), articles, {}) for s in props.get("source_ids") or []) or "—"),
        ("Method", escape_html(props.get("method") or "")),
    ]
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    out = f"<div class='kursk-pop'><div class='kursk-pop-h'>Control extent</div><table>{body}</table>"
    if with_quote and props.get("quote"):
        out += f"<blockquote>{escape_html(props['quote'])}</blockquote>"
    if props.get("origin") != "imported":
        out += f"<div class='kursk-muted'>{escape_html(SCHEMATIC_CAVEAT)}.</div>"
    return out + "</div>"


def _claim_says(props: Mapping) -> str:
    control, holder = escape_html(props.get("control") or "?"), escape_html(props.get("holder") or "")
    return f"{control} → {holder}" if holder else control


def _place_status(shown: Sequence[Mapping], day: date) -> str:
    """The settlement's status on ``day`` from its claims' timeline: "held by Russia since 16 March 2025 (reported)"."""
    claims_made = [from_properties(p) for p in shown]
    spans = [s for s in timeline(claims_made, claims_made[0].place_id) if s.start <= day] if claims_made else []
    if not spans:
        return "no side named yet"
    last = spans[-1]
    who = "contested" if last.holder == "contested" else f"held by {last.holder}"
    return f"{who} since {describe_date(last.start, last.start, 1)} ({last.standing})"


def ledger_popup(name: str, shown: Sequence[Mapping], articles: Mapping[str, Mapping], day: date) -> str:
    """The ledger of one settlement on ``day``: its status, then each claim made by then, in date order.

    ``shown`` are properties of the place's claim features (already filtered
    and sorted, geo.filters.filter_claims). Each claim: its dates, what it
    says (control → holder), who says so and their side, the Admiralty grade
    (the source's reliability letter and the claim's credibility number)
    and standing, the sentence, why it stands so, and the source. Every
    article-derived string is escaped.
    """
    rows = []
    for props in shown:
        span = claim_span({"properties": props})
        when = describe_date(span[0], span[1], 1) if span else "?"
        who = escape_html(props.get("claimant") or "the outlet")
        side = escape_html(props.get("side") or "side not known")
        source = _source_line(str(props.get("source_id") or ""), articles, {})
        rows.append(
            f"<tr class='kursk-ledger-claim'><td>{escape_html(when)}</td><td>{_claim_says(props)}</td>"
            f"<td>{who}<br><span class='kursk-muted'>{side}</span></td><td>{_grade_html(props)}</td></tr>"
            f"<tr class='kursk-ledger-q'><td colspan='4'><blockquote>{escape_html(props.get('quote') or '')}</blockquote>"
            f"<div class='kursk-muted'>{escape_html(props.get('basis') or '')} · {source}</div></td></tr>")
    status = escape_html(_place_status(shown, day))
    return (f"<div class='kursk-pop kursk-ledger'><div class='kursk-pop-h'>{escape_html(name)} · ledger: "
            f"{escape_html(count_noun(len(shown), 'claim'))}</div>"
            f"<div>Status on {escape_html(describe_date(day, day, 1))}: <b>{status}</b></div>"
            "<div class='kursk-ledger-list'><table><tr><th>When</th><th>Says</th><th>Who</th><th>Grade</th></tr>"
            + "".join(rows) + "</table></div>"
            "<div class='kursk-muted'>Claims made by the map's day that pass its filters; the grade is the source's "
            "reliability (A–F) and the claim's credibility (1–6): see the legend.</div></div>")


def _ledger_data(shown: Sequence[Mapping], articles: Mapping[str, Mapping], day: date) -> dict[str, dict]:
    """``place_id -> {name, lat, lon, n, p}``: each settlement's ledger popup, from its shown claims."""
    groups: dict[str, list[Mapping]] = defaultdict(list)
    where: dict[str, tuple[float, float]] = {}
    for feature in shown:
        props = feature.get("properties") or {}
        spot = _lonlat(feature)
        if spot is None or not props.get("place_id"):
            continue
        groups[str(props["place_id"])].append(props)
        where.setdefault(str(props["place_id"]), spot)
    return {pid: {"name": str(members[0].get("place") or ""), "lon": where[pid][0], "lat": where[pid][1],
                  "n": len(members), "p": ledger_popup(str(members[0].get("place") or ""), members, articles, day)}
            for pid, members in groups.items()}


# ---------------------------------------------------------------------------
# Marks: what each event becomes (pure; the JS only draws these specs)
# ---------------------------------------------------------------------------


def overlaps(feature: Mapping, day: date) -> bool:
    """True if the event's date span contains ``day``."""
    span = event_span(feature)
    return span is not None and span[0] <= day <= span[1]


def age_opacity(feature: Mapping, day: date) -> float:
    """Opacity of an older event: 1 on its last day, fading to MIN_OPACITY over FADE_DAYS."""
    span = event_span(feature)
    if span is None:
        return MIN_OPACITY
    age = max(0, (day - span[1]).days)
    return round(max(MIN_OPACITY, 1.0 - (1.0 - MIN_OPACITY) * age / FADE_DAYS), 2)


def _lonlat(feature: Mapping) -> tuple[float, float] | None:
    geom = feature.get("geometry") or {}
    coords = geom.get("coordinates") if geom.get("type") == "Point" else None
    try:
        lon, lat = float(coords[0]), float(coords[1])
    except (TypeError, ValueError, IndexError):
        return None
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        return None
    return lon, lat


def place_precision_km(layer: Mapping) -> dict[str, float]:
    """``place_id -> precision_km`` of the layer's places (positive values only)."""
    out = {}
    for feature in places(layer):
        props = feature.get("properties") or {}
        km = props.get("precision_km")
        if props.get("place_id") and isinstance(km, (int, float)) and km > 0:
            out[str(props["place_id"])] = float(km)
    return out


def _event_mark(feature: Mapping, day: date, articles: Mapping, place_km: Mapping[str, float],
                by_event: Mapping[str, Sequence[Mapping]]) -> dict | None:
    where = _lonlat(feature)
    if where is None:
        return None
    props = feature.get("properties") or {}
    shape, colour = event_style(str(props.get("event_type") or ""))
    gp = int(props.get("geo_precision") or 1)
    on_day = overlaps(feature, day)
    km = None
    if gp == 3:
        km = min(MAX_REGION_RADIUS_KM, place_km.get(str(props.get("place_id")), REGION_RADIUS_KM))
    mark = {
        "id": str(props.get("event_id") or feature.get("id") or ""),
        "lat": round(where[1], 5), "lon": round(where[0], 5),
        "s": shape, "c": colour, "gp": gp,
        "r": DAY_MARK_RADIUS if on_day else MARK_RADIUS,
        "o": 1.0 if on_day else age_opacity(feature, day),
        "day": on_day,
        "p": event_popup(feature, articles, place_km=km,
                         claims_of_event=by_event.get(str(props.get("event_id") or ""), ())),
        "t": _event_tooltip(feature),
        # Names the mark for screen readers (and tests): "Armed clash at Sudzha".
        "a": escape_html(f"{props.get('sub_event_type') or props.get('event_type') or 'Event'} at "
                         f"{props.get('location') or 'an unknown place'}"),
    }
    if km is not None:
        mark["loc"] = escape_html(props.get("location") or "")
        mark["when"] = escape_html(_event_when(props, feature))
        mark["what"] = escape_html(props.get("sub_event_type") or props.get("event_type") or "Event")
        mark["claim"] = escape_html(props.get("claim_status") or "reported")
    return mark


def region_badges(marks: list[dict]) -> tuple[list[dict], list[dict]]:
    """Split region-level marks off as one count badge per region.

    An event known only to region (or country) level has no spot to draw.
    A filled circle the size of the oblast would read as territory and
    cover the towns, so each region gets a badge at its label instead: the
    count, and on click a list of its events (newest first, each opening to
    its full popup). Returns ``(point marks, badges)``.
    """
    groups: dict[tuple, list[dict]] = defaultdict(list)
    points = []
    for mark in marks:
        if mark["gp"] == 3:
            groups[(mark["lat"], mark["lon"], mark["loc"])].append(mark)
        else:
            points.append(mark)
    badges = []
    for (lat, lon, loc), members in groups.items():
        members.sort(key=lambda m: (m["day"], m["o"]))
        n = len(members)
        noun = count_noun(n, "event")
        items = "".join(
            f"<details class='kursk-item'><summary>{m['when']} · {m['what']} · "
            f"<span class='kursk-claim kursk-claim-{m['claim']}'>{m['claim']}</span></summary>{m['p']}</details>"
            for m in reversed(members)
        )
        badges.append({
            "id": f"region-{lat:.4f}-{lon:.4f}", "ids": [m["id"] for m in members], "n": n,
            "lat": lat, "lon": lon, "loc": loc or "region", "day": any(m["day"] for m in members),
            "p": (f"<div class='kursk-multi'><div class='kursk-pop-h'>{noun} known only as “{loc or 'region'}”</div>"
                  "<div class='kursk-muted'>Somewhere in the region: not drawn at a spot. Newest first; "
                  f"click one to open it.</div>{items}</div>"),
            "t": f"<b>{noun}</b> somewhere in {loc or 'the region'}<br>latest: {members[-1]['when']}",
        })
    badges.sort(key=lambda b: -b["n"])
    return points, badges


def _cell_mark(cell: Cell, size: float, day: date) -> dict:
    lines = "".join(f"<tr><th>{escape_html(t)}</th><td>{n:,}</td></tr>" for t, n in cell.types)
    return {
        "id": f"cell-{cell.ix}-{cell.iy}",
        "lat": round(cell.lat, 4),
        "lon": round(cell.lon, 4),
        "n": cell.n,
        "c": event_style(cell.types[0][0])[1],
        "o": max(MIN_OPACITY, round(1.0 - (1.0 - MIN_OPACITY) * max(0, (day - cell.last).days) / FADE_DAYS, 2)),
        "p": (f"<div class='kursk-pop'><div class='kursk-pop-h'>{count_noun(cell.n, 'event')} in this {size:g}° cell"
              f"</div><table>{lines}<tr><th>Dates</th><td>{escape_html(describe_date(cell.first, cell.last, 1))}"
              "</td></tr></table><div class='kursk-muted'>Zoom in or narrow the filter to see single events.</div></div>"),
    }


def cell_marks(cells: Sequence[Cell], size: float, day: date) -> list[dict]:
    """Count marks of grid cells (``geo.cells``) of ``size`` degrees on ``day``."""
    return [_cell_mark(cell, size, day) for cell in cells]


def _aggregate(features: Sequence[Mapping], *, limit: int) -> tuple[list[Cell], float]:
    """Grid cells for many events (at most ``limit`` cells if possible), and their size."""
    rows = []
    for f in features:
        where, span = _lonlat(f), event_span(f)
        if where is not None and span is not None:
            rows.append((f.get("properties") or {}, where[0], where[1], span[0], span[1]))
    size = cells.cell_size(len(rows), lambda s: cells.count_cells(((r[1], r[2]) for r in rows), s), limit)
    return cells.group(rows, size), size


def _marks(singles: Sequence[Mapping], day: date, layer: Mapping, event_claims: Sequence[Mapping]) -> list[dict]:
    articles = article_index(layer)
    place_km = place_precision_km(layer)
    by_event: dict[str, list[Mapping]] = defaultdict(list)
    for claim in event_claims:
        props = claim.get("properties") or {}
        by_event[str(props.get("event_id") or "")].append(props)
    marks = [m for m in (_event_mark(f, day, articles, place_km, by_event) for f in singles) if m]
    # Older marks first, so the day's events are drawn on top.
    marks.sort(key=lambda m: (m["day"], m["o"]))
    return marks


def event_marks(
    layer: Mapping, shown: Sequence[Mapping], day: date, *, max_markers: int
) -> tuple[list[dict], list[dict]]:
    """``(single marks, cell marks)`` for the events ``shown`` on ``day``.

    Up to ``max_markers`` events are drawn one by one; region-level ones
    are among the single marks with ``gp`` 3 (:func:`region_badges` turns
    them into badges). Beyond that the day's own events stay single (if
    they fit in half the budget) and the rest are counted in grid cells, so
    the page never holds thousands of marks.
    """
    view = shown_events(layer, shown, day, max_markers=max_markers)
    return _marks(view.singles, day, layer, view.event_claims), cell_marks(view.cells, view.cell_size, day)


def shown_events(layer: Mapping, shown: Sequence[Mapping], day: date, *, max_markers: int,
                 ledger: Sequence[Mapping] = ()) -> ShownEvents:
    """:class:`ShownEvents` of the events ``shown`` (filtered from ``layer``) on ``day``; ``ledger``: its claims."""
    today = [f for f in shown if overlaps(f, day)]
    plan = split_plan(len(shown), len(today), max_markers)
    singles = list(shown) if plan == "all" else today if plan == "day" else []
    rest = [] if plan == "all" else [f for f in shown if not overlaps(f, day)] if plan == "day" else list(shown)
    grid, size = _aggregate(rest, limit=cell_limit(max_markers)) if rest else ([], cells.CELL_SIZES[0])
    return ShownEvents(singles=singles, event_claims=claims(layer), cells=grid, cell_size=size, count=len(shown),
                       on_day=len(today), types=_types(shown), sources=cited_sources(shown), claims=list(ledger))


def _types(shown: Iterable[Mapping]) -> list[str]:
    return sorted({str((f.get("properties") or {}).get("event_type") or "") for f in shown} - {""})


def cited_sources(features: Iterable[Mapping]) -> dict[str, Mapping]:
    """``source_id -> properties`` of the last of ``features`` whose own source it is (``{}`` for an id only
    listed in ``source_ids``), for every article the features cite."""
    out: dict[str, Mapping] = {}
    for feature in features:
        props = feature.get("properties") or {}
        for sid in [*(props.get("source_ids") or [])]:
            if sid:
                out.setdefault(str(sid), {})
        if props.get("source_id"):
            out[str(props["source_id"])] = props
    return out


# ---------------------------------------------------------------------------
# Folium elements (data inline as JSON, drawn by small Leaflet scripts)
# ---------------------------------------------------------------------------


class _Literal(Element):
    """Text already rendered, placed in the page as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


def _render_macros(element: MacroElement, kwargs: dict) -> None:
    """What ``MacroElement.render`` does, without parsing the rendered text as a template again.

    branca puts each rendered macro into ``Element(text)``, which compiles
    that text as a Jinja template and renders it once more: article text in
    a popup or the sources box ("{{ ... }}", "{% ... %}") would be evaluated
    on the server, and lexing the event data took a fifth of a map's render.
    """
    figure = element.get_root()
    module = element._template.module
    for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
        macro = module.__dict__.get(part)
        if macro is not None:
            target.add_child(_Literal(macro(element, kwargs)), name=element.get_name())
    for child in element._children.values():
        child.render(**kwargs)


class _LiteralMacro(MacroElement):
    """A MacroElement whose rendered macros are used as they are (see ``_render_macros``)."""

    def render(self, **kwargs) -> None:
        _render_macros(self, kwargs)


class _DataLayer(folium.FeatureGroup):
    """A FeatureGroup filled in the browser from inline JSON by ``builder`` JS.

    The builder sees ``group`` (the layer), ``map`` and ``data``.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.featureGroup({});
            (function (group, map, data) {
                {{ this.builder }}
            })({{ this.get_name() }}, {{ this._parent.get_name() }}, {{ this.data_json }});
        {% endmacro %}
        """
    )

    def __init__(
        self, name: str, builder: str, *, data: object = None, data_json: str | None = None,
        overlay: bool = True, show: bool = True,
    ) -> None:
        super().__init__(name=name, overlay=overlay, show=show)
        self._name = "kursk_layer"
        self.data_json = data_json if data_json is not None else _js_json(data)
        self.builder = builder

    def render(self, **kwargs) -> None:
        # folium's Layer.render adds the layer to the map when shown, then renders as a MacroElement.
        if self.show:
            self.add_child(ElementAddToElement(element_name=self.get_name(),
                                               element_parent_name=self._parent.get_name()),
                           name=self.get_name() + "_add")
        _render_macros(self, kwargs)



class _LiveLayer(_DataLayer):
    """A data layer of the app's live map: empty at first, drawn by ``kurskLive`` (see ``_LiveDraw``) with each
    day's data; ``key`` names its data in :func:`view_layers`' dict."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.featureGroup({});
            kurskLive.layer({{ this.key|tojson }}, {{ this.get_name() }}, function (group, map, data) {
                {{ this.builder }}
            });
        {% endmacro %}
        """
    )

    def __init__(self, key: str, name: str, builder: str) -> None:
        super().__init__(name, builder, data_json="null")
        self.key = key


class _LiveDraw(_LiteralMacro):
    """``kurskLive`` in the app's live map: draws each view the embedding page posts into the same document.

    The page posts ``{kurskLayers: text}``, :func:`view_json`'s text; only a message from the parent window is
    read. Each layer is emptied and drawn again by the builder a standalone map runs once, then added back to
    the map if it was shown (the layer control's choices stay), so its ``add`` handlers place the labels as
    they do in a standalone map. Handlers a builder adds to the map or its group are taken off before the next
    draw: the last day's label placement would otherwise keep running on every move. The overlay (title,
    legend, sources; escaped HTML) is replaced first, since the labels keep clear of its boxes. After each draw
    the document's ``data-kursk-drawn`` attribute counts the draws (tests and benchmarks wait on it), and the
    parent window is told the count (``{kurskDrawn: n}``, a number only).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
          var layers = [], drawn = 0;
          function tracking(target, offs) {
            target.on = function (types, fn, context) {
              offs.push(function () { target.off(types, fn, context); });
              return Object.getPrototypeOf(target).on.call(target, types, fn, context);
            };
          }
          function redraw(entry, data) {
            var shown = map.hasLayer(entry.group);
            if (shown) { map.removeLayer(entry.group); }
            entry.offs.splice(0).forEach(function (off) { off(); });
            entry.group.clearLayers();
            if (data !== undefined && data !== null) {
              tracking(map, entry.offs);
              tracking(entry.group, entry.offs);
              try { entry.build(entry.group, map, data); } finally { delete map.on; delete entry.group.on; }
            }
            if (shown) { map.addLayer(entry.group); }
          }
          window.kurskLive = {
            received: 0,
            layer: function (key, group, build) { layers.push({key: key, group: group, build: build, offs: []}); },
            draw: function (view) {
              document.getElementById('kursk-overlay').innerHTML = view.overlay || '';
              layers.forEach(function (entry) { redraw(entry, view[entry.key]); });
              document.documentElement.setAttribute('data-kursk-drawn', String(++drawn));
              if (window.parent !== window) { window.parent.postMessage({kurskDrawn: drawn}, '*'); }
            }
          };
          window.addEventListener('message', function (event) {
            var text = event.source === window.parent && event.data && event.data.kurskLayers;
            if (typeof text !== 'string') { return; }
            kurskLive.received = text.length;
            kurskLive.draw(JSON.parse(text));
          });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "kursk_live"


_BASEMAP_JS = """
/* Shown in Leaflet's attribution corner whenever this basemap is on. */
group.options.attribution = data.attribution;
var pane = map.getPane('kursk-basemap') || map.createPane('kursk-basemap');
pane.style.zIndex = 250; pane.style.pointerEvents = 'none';
L.geoJSON(data.countries, {pane: 'kursk-basemap', interactive: false, style: function () {
  return {color: data.border, weight: 1, fillColor: data.land, fillOpacity: 1};
}}).addTo(group);
if (data.border_ru_ua) {
  L.geoJSON(data.border_ru_ua, {pane: 'kursk-basemap', interactive: false,
    style: function () { return {color: '#555', weight: 2.2, dashArray: '8 3 2 3'}; }}).addTo(group);
}
data.labels.forEach(function (c) {
  L.marker([c.lat, c.lon], {pane: 'kursk-basemap', interactive: false, keyboard: false,
    icon: L.divIcon({className: 'kursk-country', html: c.name, iconSize: null})}).addTo(group);
});
"""

_CONTROL_JS = """
var layer = L.geoJSON(data, {
  style: function (f) { return f.properties.style; },
  onEachFeature: function (f, l) {
    l.bindTooltip(f.properties.tip, {sticky: true});
    l.bindPopup(f.properties.pop, {maxWidth: 380});
  }
}).addTo(group);
/* Control extents sit under the event marks, also after being toggled back on. */
group.on('add', function () { layer.bringToBack(); });
"""

_EVENTS_JS = """
var shapes = {
  circle: '<circle cx="10" cy="10" r="7.5"/>',
  triangle: '<polygon points="10,1.5 18.8,17.5 1.2,17.5"/>',
  diamond: '<polygon points="10,1 19,10 10,19 1,10"/>',
  square: '<rect x="2.5" y="2.5" width="15" height="15"/>',
  pentagon: '<polygon points="10,1.5 18.5,7.7 15.3,17.8 4.7,17.8 1.5,7.7"/>',
  hexagon: '<polygon points="5,2 15,2 19.5,10 15,18 5,18 0.5,10"/>'
};
/* One SVG per event: the shape, a dashed ring if it is only near the place,
   a black ring if it is on the chosen day. Markers only, so they can stack. */
function icon(m) {
  var core = 2 * m.r + 2, pad = m.gp === 2 ? 7 : (m.day ? 5 : 1), size = core + 2 * pad, c = size / 2;
  var rings = '';
  if (m.gp === 2) {
    rings += '<circle cx="' + c + '" cy="' + c + '" r="' + (m.r + 6) + '" fill="none" stroke="' + m.c +
      '" stroke-width="1.2" stroke-dasharray="3 3" stroke-opacity="' + m.o + '"/>';
  }
  if (m.day) {
    rings += '<circle cx="' + c + '" cy="' + c + '" r="' + (m.r + 4) + '" fill="none" stroke="#111" stroke-width="2"/>';
  }
  var svg = '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="' + m.a + '" width="' + size +
    '" height="' + size + '">' + rings +
    '<g transform="translate(' + pad + ',' + pad + ') scale(' + (core / 20) + ')" fill="' + m.c +
    '" fill-opacity="' + m.o + '" stroke="' + (m.day ? '#111' : '#fff') + '" stroke-width="' + (m.day ? 1.6 : 1.2) +
    '" stroke-opacity="' + m.o + '">' + (shapes[m.s] || shapes.diamond) + '</g></svg>';
  return L.divIcon({className: 'kursk-ev-icon', html: svg, iconSize: [size, size], iconAnchor: [c, c]});
}
/* Events at (nearly) one spot become one numbered mark that fans out on click. */
var stack = L.markerClusterGroup({
  maxClusterRadius: 16, showCoverageOnHover: false, spiderfyOnMaxZoom: true, spiderfyDistanceMultiplier: 1.8,
  iconCreateFunction: function (cluster) {
    var kids = cluster.getAllChildMarkers(), n = cluster.getChildCount();
    var colours = {}, day = false;
    kids.forEach(function (k) { colours[k.options.kColour] = 1; day = day || k.options.kDay; });
    var list = Object.keys(colours), bg = list.length === 1 ? list[0] : '#444';
    return L.divIcon({className: 'kursk-stack' + (day ? ' kursk-stack-day' : ''),
      html: '<div style="background:' + bg + '">' + n + '</div>', iconSize: [28, 28], iconAnchor: [14, 14]});
  }
});
stack.on('clustermouseover', function (e) {
  if (e.layer.kSpread) { return; }
  e.layer.bindTooltip('<b>' + e.layer.getChildCount() + ' events here</b><br>click to fan them out',
    {direction: 'top'}).openTooltip();
});
data.marks.forEach(function (m) {
  var main = L.marker([m.lat, m.lon], {icon: icon(m), riseOnHover: true, zIndexOffset: m.day ? 1000 : 0,
    kColour: m.c, kDay: m.day, kId: m.id});
  main.bindPopup(m.p, {maxWidth: 380, minWidth: 240});
  main.bindTooltip(m.t, {sticky: true});
  stack.addLayer(main);
});
/* Once fanned out, the hint would cover the marks it announced. */
stack.on('spiderfied', function (e) { e.cluster.kSpread = true; e.cluster.unbindTooltip(); });
stack.on('unspiderfied', function (e) { e.cluster.kSpread = false; });
stack.addTo(group);
/* Where the marks sit and how far they reach (px, rings included), for the place and
   settlement labels to keep clear of. */
map.kurskMarks = data.marks.map(function (m) {
  return {lat: m.lat, lon: m.lon, r: m.r + (m.gp === 2 ? 6 : (m.day ? 4 : 1))};
}).concat(data.cells.map(function (m) {
  return {lat: m.lat, lon: m.lon, r: Math.round(11 + 4 * Math.log10(m.n))};
}));
data.cells.forEach(function (m) {
  var size = Math.round(22 + 8 * Math.log10(m.n));
  var html = '<div style="width:' + size + 'px;height:' + size + 'px;line-height:' + size + 'px;background:' + m.c +
    ';opacity:' + Math.max(0.55, m.o) + '">' + m.n + '</div>';
  L.marker([m.lat, m.lon], {icon: L.divIcon({className: 'kursk-cell', html: html, iconSize: [size, size],
    iconAnchor: [size / 2, size / 2]})}).bindPopup(m.p, {maxWidth: 320}).addTo(group);
});
"""

# Region-level events: a badge at the region's name, in a pane above the
# control extents and below the town marks, so towns stay clickable.
_REGIONS_JS = """
var pane = map.getPane('kursk-regions') || map.createPane('kursk-regions');
/* Popups open clear of the title box. */
L.Popup.mergeOptions({autoPanPaddingTopLeft: [12, 80]});
pane.style.zIndex = 450;
/* The badges, for the place and settlement labels to keep clear of. */
map.kurskBadges = data.map(function (b) {
  var html = '<span class="kursk-region-name">' + b.loc + '</span><span class="kursk-region-n">' + b.n + '</span>';
  return L.marker([b.lat, b.lon], {pane: 'kursk-regions', keyboard: true, title: '',
    icon: L.divIcon({className: 'kursk-region' + (b.day ? ' kursk-region-day' : ''), html: html,
      iconSize: null, iconAnchor: [-4, 10]})})
    .bindPopup(b.p, {maxWidth: 400, minWidth: 280})
    .bindTooltip(b.t, {direction: 'bottom'})
    .addTo(group);
});
"""

# What the place and settlement labels keep clear of, after each move: the event
# marks (map.kurskMarks; marks markercluster folds into a 28 px count reach 15 px),
# the region badges (map.kurskBadges) and the labels placed before them. Boxes
# are [left, top, right, bottom] in container pixels. The Places builder
# places first and leaves its boxes in map.kurskTaken for the Settlements one.
_LABEL_BOXES_JS = """
function kurskFree(b, taken) {
  return taken.every(function (o) { return b[2] < o[0] || b[0] > o[2] || b[3] < o[1] || b[1] > o[3]; });
}
/* [{lat, lon, box}] of every mark on this zoom; a 16 px grid finds those markercluster folds into a count. */
function kurskMarkBoxes(map) {
  var marks = (map.kurskMarks || []).map(function (m) {
    var p = map.latLngToContainerPoint([m.lat, m.lon]);
    return {lat: m.lat, lon: m.lon, x: p.x, y: p.y, r: m.r};
  });
  var cells = {};
  marks.forEach(function (m) {
    var k = Math.floor(m.x / 16) + ':' + Math.floor(m.y / 16);
    (cells[k] = cells[k] || []).push(m);
  });
  marks.forEach(function (m) {
    var cx = Math.floor(m.x / 16), cy = Math.floor(m.y / 16);
    for (var i = -1; i <= 1; i++) { for (var j = -1; j <= 1; j++) {
      (cells[(cx + i) + ':' + (cy + j)] || []).forEach(function (o) {
        if (o !== m && Math.abs(o.x - m.x) <= 16 && Math.abs(o.y - m.y) <= 16) { m.r = Math.max(m.r, 15); }
      });
    } }
  });
  return marks.map(function (m) { return {lat: m.lat, lon: m.lon, box: [m.x - m.r, m.y - m.r, m.x + m.r, m.y + m.r]}; });
}
/* The title, sources and legend boxes and Leaflet's controls: a settlement's name under them is lost. */
function kurskOverlayBoxes(map) {
  var c = map.getContainer().getBoundingClientRect();
  return Array.prototype.map.call(document.querySelectorAll('.kursk-box, .leaflet-control'), function (el) {
    var r = el.getBoundingClientRect();
    return [r.left - c.left, r.top - c.top, r.right - c.left, r.bottom - c.top];
  });
}
function kurskBadgeBoxes(map) {
  return (map.kurskBadges || []).filter(function (b) { return b.getElement(); }).map(function (b) {
    var el = b.getElement(), p = map.latLngToContainerPoint(b.getLatLng());
    return [p.x + 4, p.y - 10, p.x + 4 + el.offsetWidth, p.y - 10 + el.offsetHeight];
  });
}
"""

# A settlement with claims opens its ledger: in a pane just under the event
# marks (markerPane is 600), so its label never takes a click meant for a mark;
# the tall popup pans clear of the Sources box in the bottom corner. Each label
# stands right of its place, or left, below or above it where that side would
# cover a mark, a badge or another label (it is never hidden: it names events).
_PLACES_JS = _LABEL_BOXES_JS + """
var pane = map.getPane('kursk-ledger') || map.createPane('kursk-ledger');
pane.style.zIndex = 590;
var labels = data.map(function (p) {
  var cls = (p.region ? 'kursk-place kursk-place-region' : 'kursk-place') + (p.p ? ' kursk-place-ledger' : '');
  var shift = p.marked ? 15 : 4;
  var icon = L.divIcon({className: cls, html: '<span>' + p.name + (p.p ? '<b>' + p.k + '</b>' : '') + '</span>',
    iconSize: null, iconAnchor: [-shift, 8]});
  var marker = p.p
    ? L.marker([p.lat, p.lon], {pane: 'kursk-ledger', keyboard: true, title: '', icon: icon})
        .bindPopup(p.p, {maxWidth: 560, minWidth: 440, autoPanPaddingBottomRight: [20, 80]})
        .bindTooltip(p.t, {direction: 'top'})
    : L.marker([p.lat, p.lon], {interactive: false, keyboard: false, icon: icon});
  marker.addTo(group);
  return {p: p, m: marker, shift: shift};
});
/* Labels of places with events or claims choose their side first. */
labels.sort(function (a, b) { return (b.p.marked || !!b.p.p) - (a.p.marked || !!a.p.p); });
function place() {
  var marks = kurskMarkBoxes(map), taken = kurskBadgeBoxes(map);
  labels.forEach(function (e) {
    var el = e.m.getElement();
    if (!el) { return; }
    var p = map.latLngToContainerPoint([e.p.lat, e.p.lon]);
    var w = el.offsetWidth, h = el.offsetHeight || 16, s = e.shift, below = e.p.marked ? 13 : 5;
    /* Its own marks sit left of the label already: the shift keeps it clear of them. */
    var around = marks.filter(function (m) { return m.lat !== e.p.lat || m.lon !== e.p.lon; })
      .map(function (m) { return m.box; }).concat(taken);
    var sides = [[s, -h / 2], [-s - w, -h / 2], [-w / 2, below], [-w / 2, -below - h]];
    var side = sides.find(function (o) {
      return kurskFree([p.x + o[0], p.y + o[1], p.x + o[0] + w, p.y + o[1] + h], around);
    }) || sides[0];
    el.style.marginLeft = side[0] + 'px';
    el.style.marginTop = side[1] + 'px';
    taken.push([p.x + side[0], p.y + side[1], p.x + side[0] + w, p.y + side[1] + h]);
  });
  map.kurskTaken = taken;  /* the badges and the placed labels, in this view's pixels */
}
/* On every move, not only zooms: the Settlements builder reads map.kurskTaken in screen pixels. */
map.on('moveend', place);
group.on('add', place);
"""


# Settlements to orient by (geo.basemap.settlements): a dot and a name, in a
# pane above the control extents and below the event marks. A rank shows
# from its zoom on; on each zoom the names are placed largest first and one
# that would cover a placed name, an event place's label, a mark, a badge or
# a box (title, legend, sources, controls) waits for a closer zoom, so zooming in adds names without piling them up.
_SETTLEMENTS_JS = _LABEL_BOXES_JS + """
var pane = map.getPane('kursk-settlements') || map.createPane('kursk-settlements');
pane.style.zIndex = 420; pane.style.pointerEvents = 'none';
var towns = data.towns.map(function (t) {
  return {t: t, m: L.marker([t.lat, t.lon], {pane: 'kursk-settlements', interactive: false, keyboard: false,
    icon: L.divIcon({className: 'kursk-town kursk-town-' + t.rank, html: '<i></i><span>' + t.name + '</span>',
      iconSize: null, iconAnchor: [3, 3]})})};
});
function box(lat, lon, chars) {
  var p = map.latLngToContainerPoint([lat, lon]);
  return [p.x - 4, p.y - 8, p.x + 8 + 6.5 * chars, p.y + 8];
}
function place() {
  var zoom = map.getZoom(), size = map.getSize();
  var taken = kurskMarkBoxes(map).map(function (m) { return m.box; })
    .concat(map.kurskTaken || kurskBadgeBoxes(map), kurskOverlayBoxes(map));
  towns.forEach(function (e) {
    var b = box(e.t.lat, e.t.lon, e.t.n);
    var whole = b[0] >= 0 && b[1] >= 0 && b[2] <= size.x && b[3] <= size.y;  /* not cut by the map's edge */
    if (zoom >= data.min_zoom[e.t.rank] && whole && kurskFree(b, taken)) { taken.push(b); group.addLayer(e.m); }
    else { group.removeLayer(e.m); }
  });
}
/* After a pan too: names come in from the edges, and the boxes' screen places have moved. */
map.on('moveend', place);
map.whenReady(place);
"""


class _TileFallback(_LiteralMacro):
    """Says so on the map when an online basemap's tiles fail, and switches to the offline one.

    Without it a blocked tile server leaves a blank sea-blue map: no borders,
    no word why.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map, offline, tiles) {
          Object.keys(tiles).forEach(function (name) {
            var layer = tiles[name], failed = false;
            layer.on('tileerror', function () {
              if (failed || !map.hasLayer(layer)) { return; }
              failed = true;
              var box = L.DomUtil.create('div', 'kursk-box kursk-notice', map.getContainer());
              box.setAttribute('role', 'status');
              box.textContent = name + ' tiles did not load (no network?): showing the offline basemap instead.';
              map.removeLayer(layer);
              offline.addTo(map);
              map.once('baselayerchange', function () { box.remove(); });
            });
          });
        })({{ this._parent.get_name() }}, {{ this.offline.get_name() }}, {
          {%- for name, layer in this.tiles.items() %}{{ name|tojson }}: {{ layer.get_name() }}{{ "," if not loop.last }}{% endfor -%}
        });
        {% endmacro %}
        """
    )

    def __init__(self, offline: MacroElement, tiles: Mapping[str, MacroElement]) -> None:
        super().__init__()
        self._name = "kursk_tile_fallback"
        self.offline = offline
        self.tiles = dict(tiles)


# The placeholder EMBED_JS fills in with the view a new map document opens on.
VIEW_META = '<meta name="kursk-view" content="">'


class _ViewSync(_LiteralMacro):
    """Lets the page that embeds the map keep its view across redraws.

    The embedding frame may name the view to open on by filling in the
    document's ``<meta name="kursk-view" content="">`` (``LAT,LON,ZOOM``,
    see :data:`EMBED_JS`); a meta tag, not a script, so the page's CSP
    hashes stay valid. Every pan or zoom is posted to the parent window as
    ``{kurskView: {lat, lon, zoom, bounds}}``, ``bounds`` being what the map
    shows, ``[west, south, east, north]`` (a slide exported from the app
    shows the same). A standalone file has no parent and
    an empty meta: nothing happens. Only numbers cross the frame boundary,
    in either direction.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}{{ this.meta }}{% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map) {
          var meta = document.querySelector('meta[name="kursk-view"]');
          var named = /^(-?\\d{1,2}(?:\\.\\d+)?),(-?\\d{1,3}(?:\\.\\d+)?),(\\d{1,2})$/.exec(meta ? meta.content : '');
          if (named && +named[3] <= map.getMaxZoom()) {
            map.setView([+named[1], +named[2]], +named[3], {animate: false});
          }
          if (window.parent === window) { return; }
          map.on('moveend', function () {
            var c = map.getCenter(), b = map.getBounds();
            window.parent.postMessage({kurskView: {lat: +c.lat.toFixed(5), lon: +c.lng.toFixed(5),
              zoom: Math.round(map.getZoom()),
              bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return +v.toFixed(5); })}},
              '*');
          });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "kursk_view_sync"
        self.meta = VIEW_META


# The app's map frame: a Streamlit v2 component module (app.py registers it;
# this module stays free of Streamlit). It keeps one live document in an
# iframe (``data.shell``, live_shell's: Leaflet and the basemap, parsed once)
# and posts it each view's data (``data.layers``, view_json's text) to draw in
# place, so a new day sends and draws only the day's layers; the document is
# replaced only when the shell changes (another basemap). Reruns caused by
# panning post nothing (the same text). A new document opens on the last view
# the map reported (else ``data.view``), written into VIEW_META, and gets the
# latest data once its scripts have run; each reported view (with its bounds,
# when they are numbers) goes to Python as the state value ``view``, and the
# first draw as ``drawn`` (true), which the app waits for to draw the rest.
EMBED_JS = """
function send(host, frame) {
  if (!host.kurskLoaded || host.kurskSent === host.kurskLayers || !frame.contentWindow) { return; }
  frame.contentWindow.postMessage({kurskLayers: host.kurskLayers}, window.location.origin);
  host.kurskSent = host.kurskLayers;
}
export default function (component) {
  const { data, parentElement, setStateValue } = component;
  const host = parentElement;
  let frame = host.querySelector('iframe.kursk-map');
  if (!frame) {
    frame = document.createElement('iframe');
    frame.className = 'kursk-map';
    frame.title = 'Map of the Kursk campaign';
    frame.style.cssText = 'display:block;width:100%;border:0';
    frame.addEventListener('load', () => {
      if (!frame.getAttribute('srcdoc')) { return; }  /* the empty document a new iframe starts with */
      host.kurskLoaded = true;
      host.kurskSent = null;
      send(host, frame);
    });
    host.appendChild(frame);
  }
  frame.style.height = (Number(data.height) || 600) + 'px';
  const same = (a, b) => !!a && !!b && a.lat === b.lat && a.lon === b.lon && a.zoom === b.zoom
    && String(a.bounds) === String(b.bounds);
  host.kurskLayers = String(data.layers || '');
  if (host.kurskShell !== data.shell) {
    const view = host.kurskView || data.view;
    const named = view ? [view.lat, view.lon, view.zoom].map(Number).join(',') : '';
    host.kurskLoaded = false;
    frame.srcdoc = data.shell.replace(__VIEW_META__, __VIEW_META__.replace('content=""', 'content="' + named + '"'));
    host.kurskShell = data.shell;
  } else {
    send(host, frame);
  }
  if (host.kurskListener) { window.removeEventListener('message', host.kurskListener); }
  host.kurskListener = (event) => {
    if (event.source === frame.contentWindow && event.data && Number.isFinite(event.data.kurskDrawn)) {
      if (!host.kurskDrawn) { host.kurskDrawn = true; setStateValue('drawn', true); }
      return;
    }
    const v = event.source === frame.contentWindow && event.data && event.data.kurskView;
    if (!v || ![v.lat, v.lon, v.zoom].every(Number.isFinite)) { return; }
    const view = {lat: v.lat, lon: v.lon, zoom: v.zoom};
    if (Array.isArray(v.bounds) && v.bounds.length === 4 && v.bounds.every(Number.isFinite)) {
      view.bounds = v.bounds.slice();
    }
    if (same(view, host.kurskView || data.view)) { return; }
    host.kurskView = view;
    setStateValue('view', view);
  };
  window.addEventListener('message', host.kurskListener);
  return () => { window.removeEventListener('message', host.kurskListener); };
}
""".replace("__VIEW_META__", json.dumps(VIEW_META))


def embed_view(center: tuple[float, float] | None, zoom: int | None) -> dict | None:
    """The view :data:`EMBED_JS` opens a new map on: None keeps the map's own default."""
    if center is None and zoom is None:
        return None
    lat, lon = center or CAMPAIGN_CENTER
    return {"lat": round(float(lat), 5), "lon": round(float(lon), 5),
            "zoom": int(zoom if zoom is not None else DEFAULT_ZOOM)}


_TILE_PX = 256  # Leaflet's world is 256 px wide at zoom 0 (Web Mercator)


def view_bounds(center: tuple[float, float] | None, zoom: int | None,
                size: tuple[int, int]) -> tuple[float, float, float, float]:
    """``(west, south, east, north)`` that a Leaflet map of ``size`` (width, height px) shows at ``center``, ``zoom``.

    What the map's own ``getBounds()`` would say, for when the browser has
    not reported it (a link opened with ``center`` and ``zoom``). None
    stands for the map's default (``CAMPAIGN_CENTER``, ``DEFAULT_ZOOM``).
    """
    lat, lon = (float(v) for v in (center or CAMPAIGN_CENTER))
    world = _TILE_PX * 2 ** int(DEFAULT_ZOOM if zoom is None else zoom)
    y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * world
    half_w, half_h = size[0] / 2, size[1] / 2

    def lat_at(py: float) -> float:
        py = min(max(py, 0.0), float(world))
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * py / world))))

    dlon = half_w / world * 360
    return (round(max(-180.0, lon - dlon), 5), round(lat_at(y + half_h), 5),
            round(min(180.0, lon + dlon), 5), round(lat_at(y - half_h), 5))


class _Overlay(_LiteralMacro):
    """Fixed HTML (title box, legend, hatch patterns) plus its CSS."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
        {% macro html(this, kwargs) %}{{ this.markup }}{% endmacro %}
        """
    )

    def __init__(self, markup: str, css: str = "") -> None:
        super().__init__()
        self._name = "kursk_overlay"
        self.markup = markup
        self.css = css


_CSS = f"""
.leaflet-container {{ background: {SEA_COLOUR}; font: 12px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }}
.kursk-box {{ position: absolute; z-index: 1000; background: rgba(255,255,255,.93); border-radius: 6px;
  box-shadow: 0 1px 5px rgba(0,0,0,.35); padding: 6px 10px; color: #222;
  font: 12px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }}
.kursk-title {{ top: 10px; left: 50%; transform: translateX(-50%); text-align: center; max-width: 60%; }}
.kursk-title .kursk-date {{ font-size: 17px; font-weight: 700; }}
.kursk-sources {{ bottom: 46px; left: 10px; max-width: 420px; max-height: 45%; overflow: auto; }}
.kursk-sources summary {{ font-weight: 700; cursor: pointer; }}
.kursk-sources ol {{ margin: 4px 0; padding-left: 18px; }}
.kursk-notice {{ top: 62px; left: 50%; transform: translateX(-50%); background: #fff3cd; color: #5c4400;
  border: 1px solid #d9b44a; font-weight: 600; max-width: 70%; text-align: center; }}
.kursk-legend {{ bottom: 24px; right: 10px; max-width: 270px; max-height: 62%; overflow: auto; }}
.kursk-legend summary {{ font-weight: 700; cursor: pointer; }}
.kursk-legend table {{ border-collapse: collapse; margin-top: 3px; }}
.kursk-legend td {{ padding: 1px 4px; vertical-align: middle; }}
.kursk-legend .kursk-caveat {{ margin-top: 4px; font-style: italic; color: #555; }}
.kursk-pop table {{ border-collapse: collapse; }}
.kursk-pop th {{ text-align: left; color: #555; font-weight: 600; padding: 1px 8px 1px 0; vertical-align: top; }}
.kursk-pop td {{ padding: 1px 0; }}
.kursk-pop-h {{ font-weight: 700; font-size: 13px; margin-bottom: 4px; }}
.kursk-pop blockquote {{ margin: 6px 0; padding: 3px 8px; border-left: 3px solid #bbb; color: #333;
  max-height: 150px; overflow: auto; }}
.kursk-sw {{ display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; }}
.kursk-muted {{ color: #777; font-size: 11px; }}
.kursk-multi {{ max-height: 340px; overflow: auto; padding-right: 4px; }}
.kursk-multi hr {{ border: 0; border-top: 1px solid #ccc; margin: 6px 0; }}
.kursk-also, .kursk-notes {{ font-size: 11px; color: #444; margin-top: 3px; }}
.kursk-hist {{ background: #eee; padding: 1px 5px; margin-bottom: 3px; font-style: italic; }}
.kursk-claim {{ padding: 0 4px; border-radius: 3px; background: #eef2f7; }}
.kursk-claim-claimed {{ background: #fff3cd; color: #7a5a00; font-weight: 600; }}
.kursk-claim-disputed, .kursk-claim-denied {{ background: #f3e0f7; color: {DISPUTED_COLOUR}; font-weight: 700; }}
.kursk-claim-confirmed {{ background: #dcefd9; color: #25632a; font-weight: 600; }}
.kursk-grade {{ display: inline-block; padding: 0 4px; border: 1px solid #888; border-radius: 3px; font-weight: 700;
  font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 11px; color: #222; background: #fff; }}
.kursk-ledger-list {{ max-height: 400px; overflow: auto; margin-top: 4px; padding-right: 4px; }}
.kursk-ledger-list table {{ width: 100%; }}
.kursk-ledger-list th {{ border-bottom: 1px solid #ccc; }}
.kursk-ledger-claim td {{ padding: 4px 6px 0 0; vertical-align: top; white-space: nowrap; }}
.kursk-ledger-q td {{ border-bottom: 1px solid #e4e4e4; padding-bottom: 4px; }}
.kursk-ledger-q blockquote {{ margin: 3px 0; max-height: 120px; }}
.kursk-place-ledger {{ cursor: pointer; }}
.kursk-place-ledger span {{ text-decoration: underline dotted #555; text-underline-offset: 2px; }}
.kursk-place-ledger b {{ display: inline-block; margin-left: 3px; padding: 0 4px; border-radius: 7px; font-size: 10px;
  line-height: 13px; color: #fff; background: #555; text-decoration: none; }}
.kursk-ev-icon {{ background: none; border: none; }}
.kursk-stack div {{ width: 28px; height: 28px; line-height: 24px; border-radius: 50%; color: #fff; text-align: center;
  font-weight: 700; font-size: 12px; border: 2px solid #fff; box-shadow: 0 0 0 1.5px #333, 0 1px 4px rgba(0,0,0,.5);
  box-sizing: border-box; cursor: pointer; }}
.kursk-stack-day div {{ box-shadow: 0 0 0 3px #111, 0 1px 4px rgba(0,0,0,.5); }}
.kursk-stack-legend div {{ width: 18px; height: 18px; line-height: 14px; font-size: 10px; display: inline-block; }}
.kursk-region {{ white-space: nowrap; cursor: pointer; }}
.kursk-region-name {{ font-style: italic; color: #555; font-size: 12px; letter-spacing: .5px;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }}
.kursk-region-n {{ display: inline-block; margin-left: 4px; padding: 0 6px; border-radius: 9px; font-size: 11px;
  font-weight: 700; color: #333; background: #fff; border: 1.5px dashed #666; line-height: 15px; }}
.kursk-region-day .kursk-region-n {{ border: 2px solid #111; }}
.kursk-item summary {{ cursor: pointer; padding: 2px 0; }}
.kursk-item[open] summary {{ font-weight: 600; }}
.kursk-item .kursk-pop {{ margin: 2px 0 6px 12px; }}
.kursk-cell div {{ border-radius: 50%; color: #fff; text-align: center; font-weight: 700; font-size: 11px;
  border: 2px solid rgba(255,255,255,.9); box-shadow: 0 0 3px rgba(0,0,0,.5); }}
.kursk-place span {{ white-space: nowrap; font-size: 11px; font-weight: 600; color: #222;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }}
.kursk-place-region span {{ font-style: italic; font-weight: 400; color: #555; font-size: 12px; letter-spacing: .5px; }}
.kursk-town {{ white-space: nowrap; }}
.kursk-town i {{ display: inline-block; width: 5px; height: 5px; border-radius: 50%; background: #666;
  border: 1px solid #fff; vertical-align: middle; margin-right: 3px; }}
.kursk-town span {{ font-size: 10.5px; color: #444; vertical-align: middle;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }}
.kursk-town-1 span {{ font-size: 12px; color: #333; font-weight: 600; }}
.kursk-town-1 i {{ width: 7px; height: 7px; background: #444; }}
.kursk-country {{ white-space: nowrap; color: #9a9a9a; font-size: 13px; letter-spacing: 3px;
  text-transform: uppercase; font-weight: 600; }}
"""


def _shape_svg(shape: str, colour: str, *, size: int = 14, dashed_ring: bool = False) -> str:
    body = {
        "circle": "<circle cx='10' cy='10' r='7.5'/>",
        "triangle": "<polygon points='10,1.5 18.8,17.5 1.2,17.5'/>",
        "diamond": "<polygon points='10,1 19,10 10,19 1,10'/>",
        "square": "<rect x='2.5' y='2.5' width='15' height='15'/>",
        "pentagon": "<polygon points='10,1.5 18.5,7.7 15.3,17.8 4.7,17.8 1.5,7.7'/>",
        "hexagon": "<polygon points='5,2 15,2 19.5,10 15,18 5,18 0.5,10'/>",
    }.get(shape, "<polygon points='10,1 19,10 10,19 1,10'/>")
    ring = "<circle cx='10' cy='10' r='9.3' fill='none' stroke='#444' stroke-dasharray='2 2'/>" if dashed_ring else ""
    return (f"<svg width='{size}' height='{size}' viewBox='0 0 20 20'><g fill='{colour}' stroke='#fff'>"
            f"{body}</g>{ring}</svg>")


def _swatch(style: Mapping) -> str:
    fill = style.get("fillColor", "none")
    dash = f" stroke-dasharray='{style['dashArray']}'" if style.get("dashArray") else ""
    return (f"<svg width='26' height='16'><rect x='1.5' y='1.5' width='23' height='13' fill=\"{fill}\" "
            f"fill-opacity='{min(1, float(style.get('fillOpacity', 0.2)) * (1 if 'url' in str(fill) else 2))}' "
            f"stroke='{style['color']}' stroke-width='2'{dash}/></svg>")


def _legend_html(types: Iterable[str], holders: Iterable[str], *, aggregated: bool, ledger: bool = False) -> str:
    rows = []
    for etype in types:
        shape, colour = event_style(etype)
        rows.append(f"<tr><td>{_shape_svg(shape, colour)}</td><td>{escape_html(etype)}</td></tr>")
    rows.append("<tr><td><svg width='18' height='18' viewBox='0 0 20 20'><circle cx='10' cy='10' r='5' fill='#888'/>"
                "<circle cx='10' cy='10' r='8.5' fill='none' stroke='#111' stroke-width='2'/></svg></td>"
                "<td>event on the chosen day (older ones fade)</td></tr>")
    rows.append(f"<tr><td>{_shape_svg('circle', '#888', dashed_ring=True)}</td><td>near a place (approximate)</td></tr>")
    rows.append("<tr><td><span class='kursk-stack kursk-stack-legend'><div style='background:#444'>3</div></span></td>"
                "<td>events at one spot (click to fan out)</td></tr>")
    rows.append("<tr><td><span class='kursk-region kursk-region-legend'><span class='kursk-region-n'>n</span></span></td>"
                "<td>n events known only to a region, at its name (click for the list)</td></tr>")
    if aggregated:
        rows.append("<tr><td><svg width='18' height='18'><circle cx='9' cy='9' r='8' fill='#d62728'/>"
                    "<text x='9' y='12' font-size='8' fill='#fff' text-anchor='middle'>n</text></svg></td>"
                    "<td>n events counted in a grid cell</td></tr>")
    if ledger:
        rows += _ledger_legend_rows()
    for holder in holders:
        colour = holder_colour(holder)
        rows.append(f"<tr><td>{_swatch({'color': colour, 'fillColor': colour, 'fillOpacity': 0.25})}</td>"
                    f"<td>held by {escape_html(holder)}</td></tr>")
    for status, word in (("assessed", "assessed (imported front line)"), ("schematic", "schematic (from reports)"),
                         ("claimed", "claimed"), ("disputed", "disputed claim")):
        style = control_style({"holder": "", "status": status})
        rows.append(f"<tr><td>{_swatch(style)}</td><td>{word}</td></tr>")
    return (
        "<div class='kursk-box kursk-legend'><details><summary>Legend</summary><table>"
        + "".join(rows)
        + f"</table><div class='kursk-caveat'>{escape_html(SCHEMATIC_CAVEAT)}.</div></details></div>"
    )


def _ledger_legend_rows() -> list[str]:
    """What a settlement's ledger shows: the label that opens it, the grade, the standings."""
    standings = [f"<span class='kursk-claim kursk-claim-{s}'>{s}</span>"
                 for s in ("confirmed", "claimed", "disputed", "reported")]
    return [
        "<tr><td><span class='kursk-place kursk-place-ledger'><span>Name<b>2</b></span></span></td>"
        "<td>claims about a settlement's control: click its name for the ledger</td></tr>",
        "<tr><td><span class='kursk-grade'>C1</span></td><td>grade: source reliability A (reliable) … F (cannot be "
        "judged), then credibility 1 (confirmed) … 6 (cannot be judged)</td></tr>",
        f"<tr><td colspan='2'>standing: {standings[0]} by the other side or an independent source, {standings[1]} "
        f"by one side only, {standings[2]}, or {standings[3]} by an outlet itself</td></tr>",
    ]


def _patterns_html(colours: Iterable[str]) -> str:
    defs = "".join(
        f"<pattern id='{_hatch_id(c)}' patternUnits='userSpaceOnUse' width='8' height='8' "
        f"patternTransform='rotate(45)'><rect width='8' height='8' fill='{c}' fill-opacity='0.12'/>"
        f"<line x1='0' y1='0' x2='0' y2='8' stroke='{c}' stroke-width='2.2' stroke-opacity='0.55'/></pattern>"
        for c in sorted(set(colours))
    )
    return f"<svg width='0' height='0' style='position:absolute' aria-hidden='true'><defs>{defs}</defs></svg>"


def _sources_html(layer: Mapping, sources: Mapping[str, Mapping], extents: Sequence[Mapping]) -> str:
    """A collapsed "Sources" box: every article the shown events (``sources``, from :func:`cited_sources`) and
    extents cite, and the data's date.

    Titles, outlets and URLs are article-derived: escaped, and linked only
    with http(s) schemes (see ``_source_line``).
    """
    articles = article_index(layer)
    cited = set(cited_sources(extents)) | set(sources)
    items = "".join(f"<li>{_source_line(sid, articles, sources.get(sid, {}))}</li>" for sid in sorted(cited))
    newest = data_as_of(layer)
    as_of = f"data as of {describe_date(newest, newest, 1)}" if newest else "data date unknown"
    return (f"<div class='kursk-box kursk-sources'><details><summary>Sources ({len(cited)}) · {escape_html(as_of)}"
            f"</summary><ol>{items or '<li>none shown</li>'}</ol><div class='kursk-muted'>Borders: Natural Earth "
            f"(public domain). Map: Leaflet. {escape_html(SCHEMATIC_CAVEAT)}.</div></details></div>")


def _title_html(day: date, *, shown: int, on_day: int, extents: Sequence[Mapping], flt: EventFilter,
                boxed: bool = False) -> str:
    held = ", ".join(
        f"{escape_html((f.get('properties') or {}).get('holder'))} ({escape_html((f.get('properties') or {}).get('status'))})"
        for f in extents
    ) or "none reported"
    filtered = flt != EventFilter(include_historical=flt.include_historical)
    return (
        "<div class='kursk-box kursk-title'>"
        f"<div>Kursk campaign · <span class='kursk-date'>{escape_html(describe_date(day, day, 1))}</span></div>"
        f"<div class='kursk-muted'>{escape_html(count_noun(shown, 'event'))} up to this day ({on_day:,} on it)"
        f"{' in and around this view' if boxed else ''}"
        f"{' · filtered' if filtered else ''} · control: {held}</div></div>"
    )


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def extents_on(layer: Mapping, day: date, *, prefer_assessed: bool) -> list[dict]:
    """The layer's control extents valid on ``day`` (see ``geo.control.extents_on``)."""
    from geo.control import extents_on as control_extents_on

    return list(control_extents_on(controls(layer), day, prefer_assessed=prefer_assessed))


_BASEMAP_LOCK = threading.Lock()  # one thread builds the basemap; another asking for it waits for that one


def warm_basemap() -> None:
    """Build the offline basemap's data and the live map's document now (once per process; about 0.6 s), so
    that the first map need not: an app calls it in a thread while it waits for its data."""
    live_shell("offline")


def _basemap_json() -> str:
    with _BASEMAP_LOCK:
        return _basemap_data()


@lru_cache(maxsize=2)
def _basemap_data() -> str:
    from shapely.geometry import box, mapping

    from geo import basemap, borders

    countries = basemap.countries_geojson(BASEMAP_BBOX, tolerance=BASEMAP_TOLERANCE)
    frame = basemap.countries_frame(BASEMAP_BBOX, tolerance=BASEMAP_TOLERANCE)
    labels = []
    for row in frame.itertuples(index=False):
        point = row.geometry.representative_point()
        labels.append({"name": escape_html(row.name), "lat": round(point.y, 3), "lon": round(point.x, 3)})
    try:
        line = borders.border_line("RUS", "UKR").intersection(box(*BASEMAP_BBOX)).simplify(BASEMAP_TOLERANCE / 2)
        border = {"type": "Feature", "properties": {}, "geometry": json.loads(json.dumps(mapping(line)))}
    except Exception:  # noqa: BLE001 - the emphasis is decoration; the countries still draw
        border = None
    data = {"countries": countries, "border_ru_ua": border, "labels": labels,
            "land": LAND_COLOUR, "border": BORDER_COLOUR, "attribution": BASEMAP_ATTRIBUTION}
    return _js_json(data)


def _control_data(extents: Sequence[Mapping], articles: Mapping) -> dict:
    feats = []
    for feature in extents:
        props = feature.get("properties") or {}
        feats.append({
            "type": "Feature",
            "id": str(feature.get("id") or props.get("control_id") or ""),
            "geometry": feature.get("geometry"),
            "properties": {
                "control_id": str(props.get("control_id") or feature.get("id") or ""),
                "style": control_style(props),
                "tip": _control_html(feature, articles, with_quote=False),
                "pop": _control_html(feature, articles, with_quote=True),
            },
        })
    return {"type": "FeatureCollection", "features": feats}


def _place_data(layer: Mapping, *, badged: Iterable[tuple[float, float]] = (),
                marked: Iterable[tuple[float, float]] = (), ledgers: Mapping[str, Mapping] | None = None) -> list[dict]:
    """Place labels; regions that carry an event badge are named by the badge instead.

    Labels of places with event marks (``marked``) stand further right, clear of a stack's number.
    A settlement with claims (``ledgers``, from :func:`_ledger_data`) is labelled with their count and
    opens its ledger on click, also when the layer has no place feature for it.
    """
    skip, marked, ledgers = set(badged), set(marked), dict(ledgers or {})
    out = []
    for feature in places(layer):
        where = _lonlat(feature)
        props = feature.get("properties") or {}
        if where is None or not props.get("name") or (round(where[1], 5), round(where[0], 5)) in skip:
            continue
        out.append(_label(str(props["name"]), where, region=props.get("feature") in ("region", "country"),
                          marked=marked, ledger=ledgers.pop(str(props.get("place_id") or ""), None)))
    for pid in sorted(ledgers):  # claims at a place the layer lists no place feature for
        entry = ledgers[pid]
        out.append(_label(entry["name"], (entry["lon"], entry["lat"]), region=False, marked=marked, ledger=entry))
    return out


def _label(name: str, where: tuple[float, float], *, region: bool, marked: set, ledger: Mapping | None) -> dict:
    lat, lon = round(where[1], 5), round(where[0], 5)
    label = {"name": escape_html(name), "n": len(name), "lat": lat, "lon": lon, "region": region,
             "marked": (lat, lon) in marked}
    if ledger:
        label.update(n=len(name) + 3, k=ledger["n"], p=ledger["p"],
                     t=f"<b>{escape_html(name)}</b>: {escape_html(count_noun(ledger['n'], 'claim'))} about its "
                       "control<br>click for the ledger")
    return label


# Zoom from which each settlement rank is named (basemap.settlements: 1 towns, 2 big villages, 3 villages).
SETTLEMENT_MIN_ZOOM: dict[int, int] = {1: 0, 2: 9, 3: 10}


def _settlement_data(places_drawn: Sequence[Mapping], layer: Mapping) -> dict:
    """Settlements to name: those the layer's own labels (``places_drawn``) do not."""
    from geo import basemap

    named = {fold_name(p) for p in _layer_place_names(layer)}
    spots = [(p["lat"], p["lon"]) for p in places_drawn]
    towns = []
    for t in basemap.settlements():
        if fold_name(t["name"]) in named or any(
                abs(t["lat"] - lat) < 0.004 and abs(t["lon"] - lon) < 0.006 for lat, lon in spots):
            continue
        towns.append({"name": escape_html(t["name"]), "n": len(t["name"]), "lat": t["lat"], "lon": t["lon"],
                      "rank": t["rank"]})
    # The labels they must not cover are placed in the browser (_PLACES_JS leaves them in map.kurskTaken).
    return {"towns": towns, "min_zoom": {str(k): v for k, v in SETTLEMENT_MIN_ZOOM.items()}}


def fold_name(name: str) -> str:
    """A place name folded for comparison (case, ``ё``/``ë``, hyphens, spaces)."""
    return re.sub(r"[\s\-‐–]+", " ", str(name).casefold().replace("ë", "e").replace("ё", "е")).strip()


def _layer_place_names(layer: Mapping) -> list[str]:
    return [str((f.get("properties") or {}).get("name") or "") for f in places(layer)]


_OSM_TILES = xyzservices.providers.OpenStreetMap.Mapnik
_CARTO_TILES = xyzservices.TileProvider(
    name="CartoDB.Positron", url="https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
    attribution="(C) OpenStreetMap contributors (C) CARTO",
    html_attribution='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
                     '&copy; <a href="https://carto.com/attributions">CARTO</a>',
    subdomains="abcd", max_zoom=20,
)


def build_map(
    layer: dict,
    *,
    day: date,
    flt: EventFilter = EventFilter(),
    basemap: str = "offline",
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    show_places: bool = True,
    prefer_assessed: bool = True,
    max_markers: int = 1500,
    bounds: Sequence[float] | None = None,
    events: ShownEvents | None = None,
) -> folium.Map:
    """The interactive map of ``layer`` on ``day``.

    Parameters
    ----------
    layer : dict
        The layer FeatureCollection (docs/layer-schema.md).
    day : date
        Control extents valid on this day and events begun by it are drawn;
        events whose span contains it are emphasised.
    flt : EventFilter
        Which events to show (historical ones only if it says so).
    basemap : str
        Base layer shown first: "offline" (Natural Earth, always works),
        "osm" or "carto" (tiles, only if reachable). The others stay
        selectable in the layer control.
    center, zoom : optional
        Initial view (lat, lon) and zoom; default the campaign area.
    show_places : bool
        Draw labels of the resolved places, and name the campaign's other
        settlements (``geo.basemap.settlements``), more of them as the map
        zooms in (``SETTLEMENT_MIN_ZOOM``).
    prefer_assessed : bool
        Passed to ``geo.control.extents_on``: imported assessed extents hide
        schematic ones of the same holder.
    max_markers : int
        Above this many events, older events are counted in grid cells.
    bounds : sequence of four floats, optional
        ``(west, south, east, north)`` to open on, fitted (the closest zoom
        that shows all of it); takes precedence over ``center`` and ``zoom``.
        ``python -m geo export --bbox`` passes it.
    events : ShownEvents, optional
        The events (and ledger claims) to draw, already chosen for ``day``,
        ``flt`` and ``max_markers`` (``geo.store.view.shown_events`` asks the
        database); by default they are filtered from ``layer``, which then
        needs only its metadata, places and control extents besides.

    Returns
    -------
    folium.Map
        Render it offline with :func:`render_html` (it references no CDN).
    """
    m = _base_map(basemap, center=center, zoom=zoom, bounds=bounds)
    view = view_layers(layer, day=day, flt=flt, show_places=show_places, prefer_assessed=prefer_assessed,
                       max_markers=max_markers, events=events)
    for key, name, builder in _VIEW_LAYERS:
        if key in view:
            _DataLayer(name, builder, data=view[key]).add_to(m)
    _Overlay(view["overlay"], _CSS).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    _ViewSync().add_to(m)
    return m


# The map's data layers: (key in view_layers' dict, name in the layer control, the JS that draws them), in the
# order they are drawn: the place labels read where the marks and badges are; the settlements, where the labels.
_VIEW_LAYERS: tuple[tuple[str, str, str], ...] = (
    ("control", "Control extent", _CONTROL_JS),
    ("events", "Events", _EVENTS_JS),
    ("regions", "Region-level events", _REGIONS_JS),
    ("places", "Places", _PLACES_JS),
    ("settlements", "Settlements", _SETTLEMENTS_JS),
)


def _base_map(basemap: str, *, center: tuple[float, float] | None, zoom: int | None,
              bounds: Sequence[float] | None) -> folium.Map:
    """The map with what every day shares: its view, the offline basemap and the online tile layers."""
    center = center or CAMPAIGN_CENTER
    m = folium.Map(location=list(center), zoom_start=int(zoom if zoom is not None else DEFAULT_ZOOM),
                   tiles=None, control_scale=True, prefer_canvas=False)
    if bounds is not None:
        west, south, east, north = (float(v) for v in bounds)
        m.fit_bounds([[south, west], [north, east]])
    m.options["maxZoom"] = MAX_ZOOM  # folium gives max_zoom only to its own tiles
    # Instance-level: never link folium's CDN scripts/styles (class lists stay intact).
    m.default_js, m.default_css = [], []
    choice = basemap if basemap in ("offline", "osm", "carto") else "offline"

    # The basemap payload is shared by every map: its JSON text is cached.
    offline = _DataLayer("Offline basemap (Natural Earth)", _BASEMAP_JS, data_json=_basemap_json(), overlay=False,
                         show=choice == "offline").add_to(m)
    # Providers, not names: folium looks a name or URL string up among all of xyzservices' providers on
    # every call (about 0.1 s a map); a provider is used as it is.
    osm = folium.TileLayer(_OSM_TILES, name="OpenStreetMap (online)", overlay=False,
                           show=choice == "osm").add_to(m)
    carto = folium.TileLayer(_CARTO_TILES, name="CARTO Positron (online)", subdomains="abcd", max_zoom=20,
                             overlay=False, show=choice == "carto").add_to(m)
    _TileFallback(offline, {"OpenStreetMap": osm, "CARTO": carto}).add_to(m)
    return m


def view_layers(
    layer: dict,
    *,
    day: date,
    flt: EventFilter = EventFilter(),
    show_places: bool = True,
    prefer_assessed: bool = True,
    max_markers: int = 1500,
    events: ShownEvents | None = None,
) -> dict:
    """What the map shows of ``layer`` on ``day`` (arguments as :func:`build_map`'s), as the data its scripts draw.

    Keys: ``control``, ``events``, ``regions`` and, with ``show_places``, ``places`` and ``settlements`` (each the
    data of one entry of ``_VIEW_LAYERS``), and ``overlay``, the title, legend and sources boxes' HTML. Article
    text in it is escaped already. :func:`build_map` embeds it in a standalone document; :func:`view_json` sends
    it to the app's live map (:func:`live_shell`).
    """
    articles = article_index(layer)
    extents = extents_on(layer, day, prefer_assessed=prefer_assessed)
    if events is None:
        ledger = filter_claims(layer, flt, up_to=day) if show_places else []
        events = shown_events(layer, filter_events(layer, flt, up_to=day), day, max_markers=max_markers, ledger=ledger)
    points, badges = region_badges(_marks(events.singles, day, layer, events.event_claims))
    cell_data = cell_marks(events.cells, events.cell_size, day)
    view: dict = {"control": _control_data(extents, articles), "events": {"marks": points, "cells": cell_data},
                  "regions": badges}
    ledgers = _ledger_data(events.claims, articles, day) if show_places else {}
    if show_places:
        view["places"] = _place_data(layer, badged=[(b["lat"], b["lon"]) for b in badges],
                                     marked=[(p["lat"], p["lon"]) for p in points], ledgers=ledgers)
        view["settlements"] = _settlement_data(view["places"], layer)
    holders = sorted({str((f.get("properties") or {}).get("holder") or "") for f in controls(layer)} - {""})
    colours = [holder_colour(h) for h in holders] + [holder_colour("")]
    view["overlay"] = (
        _title_html(day, shown=events.count, on_day=events.on_day, extents=extents, flt=flt, boxed=events.boxed)
        + _legend_html(events.types or list(EVENT_STYLES)[:4], holders or ["Ukraine", "Russia"],
                       aggregated=bool(cell_data), ledger=bool(ledgers))
        + _sources_html(layer, events.sources, extents)
        + _patterns_html(colours)
    )
    return view



# Where the live map's view_layers overlay goes (a plain block: the boxes inside are placed as in a standalone map).
LIVE_OVERLAY = '<div id="kursk-overlay"></div>'


@lru_cache(maxsize=4)
def live_shell(basemap: str = "offline") -> str:
    """The app's live map document: a standalone map's Leaflet, basemap, tiles, layer control and view
    reporting, with empty data layers that ``EMBED_JS`` fills with each view's :func:`view_json`.

    It holds no layer data, so one document (per basemap, built once per process) serves every day, filter
    and layer version; its scripts are allowed by hash like a standalone map's (:func:`render_html`).
    """
    m = _base_map(basemap, center=None, zoom=None, bounds=None)
    _LiveDraw().add_to(m)
    for key, name, builder in _VIEW_LAYERS:
        _LiveLayer(key, name, builder).add_to(m)
    _Overlay(LIVE_OVERLAY, _CSS).add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    _ViewSync().add_to(m)
    return render_html(m)


def view_json(view: Mapping) -> str:
    """:func:`view_layers`' data as the JSON text the live map draws (never put inside a script: the page posts
    it, and the live map parses it as data)."""
    return json.dumps(view, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------------------
# Timeline ticks (drawn under the app's day slider)
# ---------------------------------------------------------------------------


# The tick strip's drawing width: about what it is shown at under the slider in a
# 1280 px window, so its labels are drawn near their size there, and larger
# (never smaller) in a wider window.
TICKS_WIDTH = 420
TICKS_FONT = 11
# Months between labels, the fewest that keep the labels apart (all divide 12: January is always one).
_LABEL_STEPS = (1, 2, 3, 6, 12)
_CHAR_EM = 0.62  # a generous average advance of sans-serif text, in ems


def _month_starts(start: date, end: date) -> list[date]:
    month, out = date(start.year, start.month, 1), []
    while month <= end:
        if month >= start:
            out.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return out


def _days_of_month(start: date, end: date, days: Iterable[int]) -> list[date]:
    out = []
    for month in [date(start.year, start.month, 1), *_month_starts(start, end)]:
        out += [month.replace(day=d) for d in days if start <= month.replace(day=d) <= end]
    return sorted(set(out))


def _month_labels(start: date, end: date, width: float) -> list[tuple[float, str]]:
    """``(x, text)`` of the labels under the slider that fit: month starts, and on a short range some days.

    Every ``step`` months are labelled, the smallest step of ``_LABEL_STEPS``
    whose labels, at their estimated width, keep a gap to the next. With
    fewer than three months in view the 10th and 20th are labelled too,
    where they fit. The first label and each January's carry the year (the
    first, a day's, its month too); one that would run past the right edge
    is left out.
    """
    span = max(1, (end - start).days)
    gap = TICKS_FONT * 0.6

    def size(text: str) -> float:
        return len(text) * TICKS_FONT * _CHAR_EM

    def spelt(days: Sequence[date]) -> list[tuple[float, str]]:
        out = []
        for i, d in enumerate(days):
            if d.day == 1:
                text = f"{d:%b %Y}" if d.month == 1 or i == 0 else f"{d:%b}"
            else:
                text = f"{d.day} {d:%b %Y}" if i == 0 else str(d.day)
            x = round(width * (d - start).days / span, 1) + 2
            if x + size(text) <= width:
                out.append((x, text))
        return out

    def apart(labels: list[tuple[float, str]]) -> bool:
        return all(b[0] - a[0] >= size(a[1]) + gap for a, b in zip(labels, labels[1:]))

    months = _month_starts(start, end)
    out: list[tuple[float, str]] = []
    for step in _LABEL_STEPS:
        chosen = [m for m in months if (m.month - 1) % step == 0]
        tries = [sorted(chosen + _days_of_month(start, end, (10, 20)))] if len(chosen) < 3 else []
        for days in [*tries, chosen]:
            out = spelt(days)
            if apart(out):
                return out
    return out[:1]


def timeline_ticks_svg(start: date, end: date, marks: Sequence[tuple[date, str]], *, control_days: Iterable[date] = (),
                       width: int = TICKS_WIDTH, height: int = 24) -> str:
    """An SVG strip with a tick for each key date between ``start`` and ``end``.

    Ticks sit where the slider's thumb would be for that day (linear in
    time); control changes (``control_days``) are taller and dark, other key
    dates short and grey; month starts get a faint label, as many as fit
    without running together (every month, every other, quarterly …: see
    ``_month_labels``). Each tick's ``<title>`` holds its label (escaped: it
    comes from article text). Drawn as an image, so nothing in it can run.
    """
    span = max(1, (end - start).days)

    def x(day: date) -> float:
        return round(width * (day - start).days / span, 1)

    controls_on = set(control_days)
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' viewBox='0 0 {width} {height}'>",
             f"<line x1='0' y1='1' x2='{width}' y2='1' stroke='#ddd' stroke-width='1'/>"]
    for month in _month_starts(start, end):  # a faint mark at each month start, labelled or not
        parts.append(f"<line x1='{x(month)}' y1='1' x2='{x(month)}' y2='4' stroke='#ccc' stroke-width='1'/>")
    for left, label in _month_labels(start, end, width):
        parts.append(f"<text x='{left}' y='{height - 3}' font-size='{TICKS_FONT}' fill='#888' "
                     f"font-family='sans-serif'>{escape_html(label)}</text>")
    for day, label in marks:
        if not start <= day <= end:
            continue
        big = day in controls_on
        parts.append(f"<line x1='{x(day)}' y1='0' x2='{x(day)}' y2='{height - 11 if big else 6}' "
                     f"stroke='{'#333' if big else '#999'}' stroke-width='{2 if big else 1.2}'>"
                     f"<title>{escape_html(describe_date(day, day, 1))}: {escape_html(label)}</title></line>")
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------------------
# Standalone HTML
# ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _leaflet_assets() -> tuple[str, str]:
    """Leaflet's JS and CSS (django-js-lib-leaflet, images as data URIs), then Leaflet.markercluster's."""
    folder = resources.files(_LEAFLET_PKG).joinpath(*_LEAFLET_DIR)
    js = folder.joinpath("leaflet.js").read_text(encoding="utf-8")
    css = folder.joinpath("leaflet.css").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S+", "", js).replace("</script", "<\\/script")

    def inline(match: re.Match) -> str:
        name = match.group(1)
        data = folder.joinpath("images", name).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(data).decode('ascii')})"

    css = re.sub(r"url\(images/([\w.-]+\.png)\)", inline, css)
    cluster = resources.files(_CLUSTER_PKG).joinpath(*_CLUSTER_DIR)
    cluster_js = cluster.joinpath("leaflet.markercluster.js").read_text(encoding="utf-8")
    cluster_js = re.sub(r"//# sourceMappingURL=\S+", "", cluster_js).replace("</script", "<\\/script")
    # MarkerCluster.css only: its animations and spider legs; the stack icons are styled here.
    css += "\n" + cluster.joinpath("MarkerCluster.css").read_text(encoding="utf-8")
    return js + "\n" + cluster_js, css


_EXTERNAL_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=[^>]*>\s*</script\s*>", re.IGNORECASE)
_EXTERNAL_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.IGNORECASE)
def _element_names(root: Element) -> list[str]:
    """``get_name()`` of ``root`` and every element below it (children, header, html, script)."""
    names: list[str] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        element = stack.pop()
        if id(element) in seen:
            continue
        seen.add(id(element))
        names.append(element.get_name())
        stack.extend(element._children.values())
        stack.extend(getattr(element, part) for part in ("header", "html", "script") if hasattr(element, part))
    return names


def _normalise_ids(text: str, names: Iterable[str]) -> str:
    """Replace the random hex in folium's element ``names`` by 1, 2, 3… in order of appearance.

    Only these exact names are touched: article text that merely looks like
    an id (``commit_`` + 32 hex digits) stays as written.
    """
    # Folium names end in "_" + a 32-hex uuid; anything else has nothing random to renumber.
    wanted = {name for name in names if re.fullmatch(r".*_[0-9a-f]{32}", name)}
    if not wanted:
        return text
    pattern = re.compile("|".join(re.escape(n) for n in sorted(wanted, key=len, reverse=True)))
    numbers: dict[str, str] = {}

    def number(match: re.Match) -> str:
        name = match.group(0)
        return numbers.setdefault(name, f"{name[:-32]}{len(numbers) + 1}")

    return pattern.sub(number, text)


def render_html(m: folium.Map) -> str:
    """The map as one standalone, offline HTML document.

    Leaflet's JS and CSS are inlined (with the layer-control images as data
    URIs); every external ``<script src>`` and ``<link href>`` folium would
    add is removed; element ids are renumbered so equal maps render to equal
    text. Online tile layers remain selectable but are never required.
    """
    m.default_js, m.default_css = [], []
    text = m.get_root().render()
    text = _EXTERNAL_SCRIPT.sub("", text)
    text = _EXTERNAL_LINK.sub("", text)
    # Renumbered and hashed before Leaflet goes in: its 180 KB hold no element name and its hash never
    # changes, and scanning them on every map cost a tenth of the render.
    text = _normalise_ids(text, _element_names(m.get_root()))
    js, css = _leaflet_assets()
    inline = f"<style>{css}</style>\n<script>{js}</script>\n"
    head = re.search(r"<head[^>]*>", text)
    hashes = [*map(_script_hash, _INLINE_SCRIPT.findall(text)), _leaflet_hash()]
    if head is None:
        text = f"<!DOCTYPE html><html><head>{inline}</head><body>{text}</body></html>"
    else:
        text = text[: head.end()] + "\n<title>Kursk campaign map</title>\n" + inline + text[head.end():]
    return _add_csp(text, hashes)


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
TILE_ORIGINS = "https://tile.openstreetmap.org https://*.tile.openstreetmap.org https://*.basemaps.cartocdn.com"


def with_csp(html: str) -> str:
    """Add a Content-Security-Policy allowing only this page's own scripts.

    Escaping keeps article text inert; this is the second wall behind it.
    Each inline script the page was built with is allowed by its SHA-256
    hash, so any script or event handler (``onerror=``) that slipped into a
    popup would be refused by the browser. Nothing may be fetched but the
    optional tiles; no form, no frame, no plugin.
    """
    return _add_csp(html, map(_script_hash, _INLINE_SCRIPT.findall(html)))


def _script_hash(body: str) -> str:
    """A script body's CSP source expression, ``'sha256-…'``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


@lru_cache(maxsize=1)
def _leaflet_hash() -> str:
    # The inlined Leaflet is the same in every map: hashed once per process.
    return _script_hash(_leaflet_assets()[0])


def _add_csp(html: str, hashes: Iterable[str]) -> str:
    """``html`` with a Content-Security-Policy allowing exactly the scripts of ``hashes``."""
    hashes = sorted(set(hashes))
    policy = "; ".join((
        "default-src 'none'",
        "script-src " + " ".join(hashes),
        "style-src 'unsafe-inline'",
        f"img-src data: {TILE_ORIGINS}",
        "font-src data:",
        "connect-src 'none'",
        "form-action 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    head = re.search(r"<head[^>]*>", html)
    return html[: head.end()] + meta + html[head.end():] if head else meta + html
