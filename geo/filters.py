"""Select what a map or export shows from a built layer (pure functions).

Given a layer (the GeoJSON FeatureCollection of docs/layer-schema.md) this
module picks features by kind, filters events (dates, types, actors,
sources, claim standing, free text, historical background) and the claims
ledger's claims (by the same filter), finds the
timeline's bounds and the dates worth jumping to, lists the distinct values
filter widgets offer, round-trips the filter state through URL query
parameters and spells event dates out for people ("week of 10 March 2025").

It must NOT draw, read or write files, touch the network or import
streamlit: the map, the exports and the app all build on it.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from urllib.parse import quote, unquote

from geo.ledger import grade

__all__ = [
    "EventFilter",
    "events",
    "places",
    "controls",
    "claims",
    "filter_events",
    "filter_claims",
    "claim_table",
    "view_from_report",
    "bounds_from_report",
    "timeline_bounds",
    "slider_range",
    "key_dates",
    "options",
    "to_query_params",
    "from_query_params",
    "describe_date",
    "event_span",
    "parse_day",
    "count_noun",
    "data_as_of",
    "opening_day",
]

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
# Longest free-text filter accepted from a URL; longer values are cut.
MAX_TEXT_CHARS = 200
MAX_ZOOM = 19
# Query parameter names (short, so shared links stay readable).
_P_DAY, _P_FROM, _P_TO = "day", "from", "to"
_P_TYPE, _P_SUB, _P_ACTOR, _P_SRC, _P_CLAIM = "type", "sub", "actor", "src", "claim"
_P_TEXT, _P_HIST, _P_CENTER, _P_ZOOM = "q", "hist", "center", "zoom"
# Characters left readable when list items are percent-encoded; "," is the
# separator, so it must stay encoded.
_SAFE = " /()-'._:"


@dataclass(frozen=True)
class EventFilter:
    """Which events to show; an empty field means "no restriction".

    ``actors`` match ``actor1`` or ``actor2``; ``sources`` match any of an
    event's ``source_ids``; ``text`` is a case-insensitive substring searched
    in the quote, the location and the notes. Historical background events
    (outside the campaign) are hidden unless ``include_historical``.
    """

    date_from: date | None = None
    date_to: date | None = None
    event_types: tuple[str, ...] = ()
    sub_event_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    claim_statuses: tuple[str, ...] = ()
    text: str = ""
    include_historical: bool = False


# --------------------------------------------------------------------------
# Features by kind
# --------------------------------------------------------------------------


# The features of the last few layers seen, by kind: ``(features list, its length, {kind: features})``.
# One map redraw asks for a layer's events, places, claims and controls a dozen
# times over (filters, mapview, export); at 10,000 events each scan took 0.06 s.
# Keyed by the list itself (kept alive here, so its id is not reused) and its
# length, so a list that grew or shrank is indexed anew; the app's layer is
# never mutated, and callers get copies of the lists.
_KIND_INDEX: list[tuple[list, int, dict[str, list[dict]]]] = []
_KIND_INDEX_SIZE = 4
_KIND_INDEX_LOCK = threading.Lock()


def _kind_index(feats: list) -> dict[str, list[dict]]:
    with _KIND_INDEX_LOCK:
        for cached, size, index in _KIND_INDEX:
            if cached is feats and size == len(feats):
                return index
    index: dict[str, list[dict]] = {}
    for f in feats:
        if isinstance(f, Mapping):
            index.setdefault((f.get("properties") or {}).get("kind"), []).append(f)
    with _KIND_INDEX_LOCK:
        _KIND_INDEX.insert(0, (feats, len(feats), index))
        del _KIND_INDEX[_KIND_INDEX_SIZE:]
    return index


def _of_kind(layer: Mapping, kind: str) -> list[dict]:
    feats = layer.get("features") if isinstance(layer, Mapping) else None
    if isinstance(feats, list):
        return list(_kind_index(feats).get(kind, ()))
    return [
        f for f in (feats or [])
        if isinstance(f, Mapping) and (f.get("properties") or {}).get("kind") == kind
    ]


def events(layer: dict) -> list[dict]:
    """The layer's event features, in layer order."""
    return _of_kind(layer, "event")


def places(layer: dict) -> list[dict]:
    """The layer's place features, in layer order."""
    return _of_kind(layer, "place")


def controls(layer: dict) -> list[dict]:
    """The layer's control-extent features, in layer order."""
    return _of_kind(layer, "control")


def claims(layer: dict) -> list[dict]:
    """The layer's claim features (the claims ledger, geo.ledger), in layer order."""
    return _of_kind(layer, "claim")


# --------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------


def parse_day(value: object) -> date | None:
    """A ``YYYY-MM-DD`` string (or date) as a date; None when it is not one."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    return _iso_day(value)


@lru_cache(maxsize=8192)
def _iso_day(text: str) -> date | None:
    # A redraw reads every event's dates several times; a layer has a few hundred distinct days.
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def event_span(feature: Mapping) -> tuple[date, date] | None:
    """The ``(date_start, date_end)`` of an event feature, None if unusable.

    Falls back to ``event_date`` when the span is missing, and orders the
    two ends so a malformed span never hides an event by accident.
    """
    props = feature.get("properties") or {}
    ends = (props.get("date_start"), props.get("date_end"), props.get("event_date"))
    # A redraw asks each event's span four or five times; the strings make a hashable key.
    if all(value is None or isinstance(value, str) for value in ends):
        return _cached_span(*ends)
    return _ordered_span(*ends)


@lru_cache(maxsize=8192)
def _cached_span(start: str | None, end: str | None, fallback: str | None) -> tuple[date, date] | None:
    return _ordered_span(start, end, fallback)


def _ordered_span(start: object, end: object, fallback: object) -> tuple[date, date] | None:
    first = parse_day(start) or parse_day(fallback)
    last = parse_day(end) or first
    if first is None or last is None:
        return None
    return (first, last) if first <= last else (last, first)


def _control_span(feature: Mapping) -> tuple[date, date] | None:
    return _span(feature, "valid_from", "valid_to")


def _span(feature: Mapping, start_key: str, end_key: str) -> tuple[date, date] | None:
    """The feature's ``(start, end)`` days from two properties, in order; None if either is unreadable."""
    props = feature.get("properties") or {}
    start, end = parse_day(props.get(start_key)), parse_day(props.get(end_key))
    if start is None or end is None:
        return None
    return (start, end) if start <= end else (end, start)


# --------------------------------------------------------------------------
# Filtering
# --------------------------------------------------------------------------


def _matches(props: Mapping, flt: EventFilter) -> bool:
    """True when an event's properties pass every non-date criterion."""
    if props.get("historical") and not flt.include_historical:
        return False
    if flt.event_types and props.get("event_type") not in flt.event_types:
        return False
    if flt.sub_event_types and props.get("sub_event_type") not in flt.sub_event_types:
        return False
    if flt.actors and not ({props.get("actor1"), props.get("actor2")} & set(flt.actors)):
        return False
    if flt.sources:
        ids = set(props.get("source_ids") or ()) | {props.get("source_id")}
        if not ids & set(flt.sources):
            return False
    if flt.claim_statuses and props.get("claim_status") not in flt.claim_statuses:
        return False
    return _mentions(props, flt.text, ("quote", "location", "notes"))


def filter_events(layer: dict, flt: EventFilter, *, up_to: date | None = None) -> list[dict]:
    """Events passing ``flt`` and, if given, begun on or before ``up_to``.

    Parameters
    ----------
    layer : dict
        The layer FeatureCollection.
    flt : EventFilter
        The criteria. Date criteria compare spans: an event counts for
        ``date_from``/``date_to`` when its span overlaps the range.
    up_to : date, optional
        The map's day: events with ``date_start <= up_to`` are kept, so an
        event whose span contains ``up_to`` counts.

    Returns
    -------
    list of dict
        The event features (not copied), sorted by start date, then id.
    """
    kept: list[tuple[date, str, dict]] = []
    for feature in events(layer):
        span = event_span(feature)
        if span is None:
            continue
        start, end = span
        if up_to is not None and start > up_to:
            continue
        if flt.date_from is not None and end < flt.date_from:
            continue
        if flt.date_to is not None and start > flt.date_to:
            continue
        if not _matches(feature.get("properties") or {}, flt):
            continue
        kept.append((start, str(feature.get("id") or ""), feature))
    kept.sort(key=lambda item: (item[0], item[1]))
    return [item[2] for item in kept]


def claim_span(feature: Mapping) -> tuple[date, date] | None:
    """The ``(start, end)`` of a claim feature, None if unusable."""
    return _span(feature, "start", "end")


def _claim_matches(props: Mapping, event: Mapping, flt: EventFilter) -> bool:
    """A claim passes when it and the event it was read from pass the filter's criteria.

    Its own source, status and sentence count (a merged report's differ from
    the event's); an actor matches the claimant's side, the holder it names
    or one of the event's actors; types are the event's.
    """
    if event.get("historical") and not flt.include_historical:
        return False
    if flt.event_types and event.get("event_type") not in flt.event_types:
        return False
    if flt.sub_event_types and event.get("sub_event_type") not in flt.sub_event_types:
        return False
    if flt.actors and not ({props.get("side"), props.get("holder"), event.get("actor1"), event.get("actor2")}
                           & set(flt.actors)):
        return False
    if flt.sources and props.get("source_id") not in flt.sources:
        return False
    if flt.claim_statuses and props.get("status") not in flt.claim_statuses:
        return False
    return _mentions(props, flt.text, ("quote", "place", "claimant"))


def _mentions(props: Mapping, text: str, keys: tuple[str, ...]) -> bool:
    """Whether the searched text (case-insensitive) is in any of ``keys``; an empty search matches all."""
    needle = text.strip().casefold()
    return not needle or needle in " ".join(str(props.get(k) or "") for k in keys).casefold()


def filter_claims(layer: dict, flt: EventFilter, *, up_to: date | None = None) -> list[dict]:
    """The layer's claim features passing ``flt`` and, if given, made by ``up_to``, in date order.

    Dates compare like :func:`filter_events`' (a claim's span overlaps the
    range; ``start <= up_to``). Sorted by the day a claim speaks of (its
    end), then start, place, claimant and id: a settlement's claims read in
    the order they were made.
    """
    by_event = {str((f.get("properties") or {}).get("event_id")): f.get("properties") or {} for f in events(layer)}
    kept: list[dict] = []
    for feature in claims(layer):
        span = claim_span(feature)
        props = feature.get("properties") or {}
        if span is None or (up_to is not None and span[0] > up_to):
            continue
        if (flt.date_from is not None and span[1] < flt.date_from) or (flt.date_to is not None and span[0] > flt.date_to):
            continue
        if not _claim_matches(props, by_event.get(str(props.get("event_id")), {}), flt):
            continue
        kept.append(feature)
    kept.sort(key=claim_order)
    return kept


def claim_order(feature: Mapping) -> tuple:
    """The ledger's sort key of a claim feature: the day it speaks of (its end), start, place, claimant, id."""
    props = feature.get("properties") or {}
    span = claim_span(feature) or (date.min, date.min)
    return span[1], span[0], str(props.get("place")), str(props.get("claimant")), str(feature.get("id"))


def timeline_bounds(layer: dict) -> tuple[date, date]:
    """First and last date of the layer's campaign timeline.

    Uses non-historical events (their whole spans) and the validity of the
    control extents. A layer with no dated item gives the campaign start
    (``settings.CAMPAIGN_START``) for both ends.
    """
    days: list[date] = []
    for feature in events(layer):
        span = event_span(feature)
        if span and not (feature.get("properties") or {}).get("historical"):
            days.extend(span)
    for feature in controls(layer):
        span = _control_span(feature)
        if span:
            days.extend(span)
    if not days:
        from geo import settings

        return settings.CAMPAIGN_START, settings.CAMPAIGN_START
    return min(days), max(days)


def slider_range(bounds: tuple[date, date], date_from: date | None, date_to: date | None) -> tuple[date, date]:
    """The day slider's ``(first, last)`` day: the event date range, inside the timeline's ``bounds``.

    A slider needs two different ends, so a one-day range (or a one-day
    timeline) takes in the next day, or the day before at the timeline's end.
    """
    lo, hi = bounds
    first = min(max(date_from or lo, lo), hi)
    last = max(min(date_to or hi, hi), first)
    if first == last:
        if last < hi:
            last += timedelta(days=1)
        elif first > lo:
            first -= timedelta(days=1)
        else:
            last += timedelta(days=1)
    return first, last


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# Sub-event types worth a jump, in the order their labels are listed on a day.
_KEY_SUB_EVENTS = (
    "Government regains territory", "Non-state actor overtakes territory", "Air/drone strike",
    "Shelling/artillery/missile attack", "Armed clash", "Change to group/activity",
)


def _event_headline(props: Mapping) -> str:
    """A human label for an event: "Russia says it retook Sudzha", "Drone strike on Sudzha"."""
    sub = str(props.get("sub_event_type") or props.get("event_type") or "Event")
    actor = str(props.get("actor1") or "")
    place = str(props.get("location") or "?")
    claimant = str(props.get("claimant") or "")
    said = props.get("claim_status") in ("claimed", "disputed") and claimant
    if sub in ("Government regains territory", "Non-state actor overtakes territory"):
        taker = actor or "a side"
        retook = sub == "Government regains territory"
        if said:
            return f"{claimant} says {'it' if claimant == actor else taker} {'retook' if retook else 'took'} {place}"
        return f"{taker} {'retakes' if retook else 'takes'} {place}"
    if sub == "Air/drone strike":
        return f"Air or drone strike on {place}"
    if sub == "Shelling/artillery/missile attack":
        return f"Shelling of {place}"
    if sub == "Armed clash":
        return f"Fighting {'in' if props.get('geo_precision') == 3 else 'at'} {place}"
    if sub == "Change to group/activity":
        return f"{actor or 'Forces'}: forces change ({place})"
    return f"{sub}: {place}"


def _control_headline(props: Mapping) -> str:
    """"Ukraine holds about 990 km² (schematic)", "Russia: area claimed back (disputed, Vladimir Putin)"."""
    holder = str(props.get("holder") or "?")
    status = str(props.get("status") or "?")
    area = props.get("area_km2")
    size = f"about {area:,.0f} km²" if isinstance(area, (int, float)) and not isinstance(area, bool) else "an area"
    who = f", {props['claimant']}" if props.get("claimant") else ""
    return f"{holder} holds {size} ({status}{who})"


def key_dates(layer: dict) -> list[tuple[date, str]]:
    """Dates worth jumping to on the timeline, with labels for people.

    Control changes (a control extent's ``valid_from``: "Ukraine holds about
    990 km² (schematic)") and non-historical events dated to a day or a week
    (``time_precision <= 2``) of the kinds in ``_KEY_SUB_EVENTS`` ("Russia
    says it retook Sudzha", "Air or drone strike on Sudzha"). One entry per
    date, control first, then by kind; at most two labels and "+N more".
    Sorted by date.
    """
    labels: dict[date, list[tuple[int, str]]] = {}

    def add(day: date, rank: int, label: str) -> None:
        items = labels.setdefault(day, [])
        if all(text != label for _, text in items):
            items.append((rank, label))

    for feature in controls(layer):
        span = _control_span(feature)
        if span is not None:
            add(span[0], -1, _short(_control_headline(feature.get("properties") or {}), 60))
    for feature in events(layer):
        props = feature.get("properties") or {}
        span = event_span(feature)
        precision = props.get("time_precision")
        if span is None or props.get("historical") or not isinstance(precision, int) or precision > 2:
            continue
        sub = props.get("sub_event_type")
        rank = _KEY_SUB_EVENTS.index(sub) if sub in _KEY_SUB_EVENTS else len(_KEY_SUB_EVENTS)
        add(span[0], rank, _short(_event_headline(props), 60))
    out = []
    for day in sorted(labels):
        items = [text for _, text in sorted(labels[day], key=lambda item: item[0])]
        out.append((day, "; ".join(items[:2]) + (f" +{len(items) - 2} more" if len(items) > 2 else "")))
    return out


def opening_day(layer: dict, *, last: date | None = None) -> date:
    """The day a new viewer should see first: the most recent control change, else the timeline's end.

    A control change is a control extent's ``valid_from``; the latest one
    shows where things stand, while the timeline's last day may be a quiet
    one long after it. ``last`` is the timeline's end when known (a layer
    of control extents only, from the store, cannot tell it).
    """
    last = timeline_bounds(layer)[1] if last is None else last
    starts = [span[0] for span in map(_control_span, controls(layer)) if span is not None and span[0] <= last]
    return max(starts) if starts else last


def options(layer: dict) -> dict[str, list[str]]:
    """Distinct values for the filter widgets, each list sorted.

    Returns
    -------
    dict
        Keys ``event_type``, ``sub_event_type``, ``actor``, ``source_id``,
        ``claim_status`` (the values to put in an ``EventFilter``) and
        ``source_title``: a label per entry of ``source_id``, index for index
        ("title (outlet, YYYY-MM-DD)" from the layer metadata, falling back
        to the events' ``source_title``, else the id itself).
    """
    found: dict[str, set[str]] = {k: set() for k in ("event_type", "sub_event_type", "actor", "source_id", "claim_status")}
    titles: dict[str, str] = {}
    for feature in events(layer):
        props = feature.get("properties") or {}
        for key in ("event_type", "sub_event_type", "claim_status"):
            if props.get(key):
                found[key].add(str(props[key]))
        for key in ("actor1", "actor2"):
            if props.get(key):
                found["actor"].add(str(props[key]))
        for sid in list(props.get("source_ids") or []) + [props.get("source_id")]:
            if sid:
                found["source_id"].add(str(sid))
        if props.get("source_id") and props.get("source_title"):
            titles.setdefault(str(props["source_id"]), str(props["source_title"]))
    articles = article_index(layer)
    out = {key: sorted(values) for key, values in found.items()}
    out["source_title"] = [source_label(sid, articles, fallback=titles.get(sid, "")) for sid in out["source_id"]]
    return out


def article_index(layer: Mapping) -> dict[str, dict]:
    """``source_id -> article metadata`` from the layer's ``metadata.articles``."""
    meta = layer.get("metadata") if isinstance(layer, Mapping) else None
    arts = (meta or {}).get("articles") if isinstance(meta, Mapping) else None
    return {
        str(a["source_id"]): dict(a)
        for a in (arts or [])
        if isinstance(a, Mapping) and a.get("source_id")
    }


def data_as_of(layer: Mapping) -> date | None:
    """The newest publication date among the layer's articles: what the map can know of.

    None when no article carries a usable ``published`` date.
    """
    days = [parse_day(a.get("published")) for a in article_index(layer).values()]
    days = [d for d in days if d is not None]
    return max(days) if days else None


def source_label(source_id: str, articles: Mapping[str, Mapping], *, fallback: str = "") -> str:
    """Plain-text label of a source: "title (outlet, date)" or the id."""
    art = articles.get(source_id) or {}
    title = str(art.get("title") or fallback or source_id)
    extra = ", ".join(str(x) for x in (art.get("outlet"), art.get("published")) if x)
    return f"{title} ({extra})" if extra else title


# --------------------------------------------------------------------------
# URL state
# --------------------------------------------------------------------------


def _join(items: Iterable[str]) -> str:
    return ",".join(quote(str(item), safe=_SAFE) for item in items)


def to_query_params(
    flt: EventFilter,
    *,
    day: date,
    center: tuple[float, float] | None,
    zoom: int | None,
) -> dict[str, str]:
    """Encode the map state as URL query parameters (strings only).

    Default (empty) filter fields are left out so links stay short. Lists
    are comma-joined with each item percent-encoded, so values containing
    commas survive. ``center`` is ``"lat,lon"`` with 5 decimals.
    """
    params: dict[str, str] = {_P_DAY: day.isoformat()}
    if flt.date_from:
        params[_P_FROM] = flt.date_from.isoformat()
    if flt.date_to:
        params[_P_TO] = flt.date_to.isoformat()
    for key, values in (
        (_P_TYPE, flt.event_types), (_P_SUB, flt.sub_event_types), (_P_ACTOR, flt.actors),
        (_P_SRC, flt.sources), (_P_CLAIM, flt.claim_statuses),
    ):
        if values:
            params[key] = _join(values)
    if flt.text.strip():
        params[_P_TEXT] = flt.text.strip()[:MAX_TEXT_CHARS]
    if flt.include_historical:
        params[_P_HIST] = "1"
    if center is not None and _valid_center(center):
        params[_P_CENTER] = f"{center[0]:.5f},{center[1]:.5f}"
    if zoom is not None and 0 <= int(zoom) <= MAX_ZOOM:
        params[_P_ZOOM] = str(int(zoom))
    return params


def _values(params: Mapping, key: str) -> list[str]:
    """All string values of ``key`` (a str or a list of str); junk dropped."""
    raw = params.get(key)
    if raw is None:
        return []
    items = raw if isinstance(raw, (list, tuple)) else [raw]
    return [item for item in items if isinstance(item, str)]


def _first(params: Mapping, key: str) -> str | None:
    values = _values(params, key)
    return values[0] if values else None


def _split(params: Mapping, key: str) -> tuple[str, ...]:
    out: list[str] = []
    for value in _values(params, key):
        for part in value.split(","):
            item = unquote(part).strip()
            if item and item not in out and len(item) <= MAX_TEXT_CHARS:
                out.append(item)
    return tuple(out)


def _valid_center(center: tuple[float, float]) -> bool:
    try:
        lat, lon = float(center[0]), float(center[1])
    except (TypeError, ValueError, IndexError):
        return False
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180


def _parse_center(value: str | None) -> tuple[float, float] | None:
    if not value:
        return None
    parts = value.split(",")
    if len(parts) != 2:
        return None
    try:
        center = (float(parts[0]), float(parts[1]))
    except ValueError:
        return None
    return center if _valid_center(center) else None


def _parse_zoom(value: str | None) -> int | None:
    try:
        zoom = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return zoom if 0 <= zoom <= MAX_ZOOM else None


def view_from_report(report: object) -> tuple[tuple[float, float], int] | None:
    """The map view ``(center, zoom)`` a browser reported, or None when unusable.

    ``report`` is what the page's map sends back as it is panned and zoomed:
    a mapping ``{"lat": .., "lon": .., "zoom": ..}``. It comes from the
    browser, so anything else (missing keys, text, NaN, out-of-range numbers,
    a fractional zoom) is refused rather than trusted. The centre is rounded
    to the 5 decimals of the URL.
    """
    if not isinstance(report, Mapping):
        return None
    lat, lon, zoom = report.get("lat"), report.get("lon"), report.get("zoom")
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in (lat, lon, zoom)):
        return None
    if not _valid_center((lat, lon)) or not math.isfinite(zoom) or zoom != int(zoom):
        return None
    if not 0 <= int(zoom) <= MAX_ZOOM:
        return None
    return (round(float(lat), 5), round(float(lon), 5)), int(zoom)


def bounds_from_report(report: object) -> tuple[float, float, float, float] | None:
    """The ``(west, south, east, north)`` a browser reported its map shows, or None when unusable.

    ``report`` is the view the map sends back (see :func:`view_from_report`);
    its ``bounds`` are ``[west, south, east, north]`` in degrees. Anything
    but four finite numbers in range with west < east and south < north is
    refused: it comes from the browser.
    """
    bounds = report.get("bounds") if isinstance(report, Mapping) else None
    if not isinstance(bounds, (list, tuple)) or len(bounds) != 4:
        return None
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) for v in bounds):
        return None
    west, south, east, north = (float(v) for v in bounds)
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        return None
    return round(west, 5), round(south, 5), round(east, 5), round(north, 5)


def query_box(bounds: tuple[float, float, float, float] | None, zoom: int | None, *,
              min_zoom: int) -> tuple[float, float, float, float] | None:
    """The box a zoomed-in map asks a store for: ``bounds`` widened on every side and snapped outward.

    None (the whole map) below ``min_zoom`` or when the bounds are unknown.
    Else the step is the smallest power of two degrees at least half the
    view's longer side; the box takes in a step beyond each edge, snapped
    out to multiples of it, so it changes only when an edge of the view
    crosses a multiple of the step (the view never leaves the box).
    """
    if bounds is None or zoom is None or zoom < min_zoom:
        return None
    west, south, east, north = bounds
    step = 2.0 ** math.ceil(math.log2(max(east - west, north - south, 1e-6) / 2))
    return (max(-180.0, math.floor(west / step - 1) * step), max(-90.0, math.floor(south / step - 1) * step),
            min(180.0, math.ceil(east / step + 1) * step), min(90.0, math.ceil(north / step + 1) * step))


def from_query_params(
    params: Mapping[str, str | list[str]],
) -> tuple[EventFilter, date | None, tuple[float, float] | None, int | None]:
    """Decode :func:`to_query_params` output; bad values are ignored.

    Returns
    -------
    tuple
        ``(filter, day, center, zoom)``; ``day``, ``center`` and ``zoom``
        are None when absent or unusable. A ``from`` after ``to`` drops both.
    """
    date_from = parse_day(_first(params, _P_FROM))
    date_to = parse_day(_first(params, _P_TO))
    if date_from and date_to and date_from > date_to:
        date_from = date_to = None
    text = (_first(params, _P_TEXT) or "").strip()[:MAX_TEXT_CHARS]
    hist = (_first(params, _P_HIST) or "").strip().lower() in {"1", "true", "yes", "on"}
    flt = EventFilter(
        date_from=date_from,
        date_to=date_to,
        event_types=_split(params, _P_TYPE),
        sub_event_types=_split(params, _P_SUB),
        actors=_split(params, _P_ACTOR),
        sources=_split(params, _P_SRC),
        claim_statuses=_split(params, _P_CLAIM),
        text=text,
        include_historical=hist,
    )
    return (
        flt,
        parse_day(_first(params, _P_DAY)),
        _parse_center(_first(params, _P_CENTER)),
        _parse_zoom(_first(params, _P_ZOOM)),
    )


# --------------------------------------------------------------------------
# Dates in words
# --------------------------------------------------------------------------


def _day_month_year(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _day_range(start: date, end: date) -> str:
    """"10–16 March 2025", "28 February – 6 March 2025", across years too."""
    if start == end:
        return _day_month_year(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {MONTHS[end.month - 1]} {end.year}"
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]} – {_day_month_year(end)}"
    return f"{_day_month_year(start)} – {_day_month_year(end)}"


def describe_date(start: date, end: date, precision: int) -> str:
    """Spell out an event date at its precision (ACLED scale).

    Parameters
    ----------
    start, end : date
        The span the text supports (swapped if reversed).
    precision : int
        1 day, 2 week or a few days, 3 month, 4 vaguer (clamped to 1..4).

    Returns
    -------
    str
        1: "18 March 2025" (a range if the span has several days);
        2: "week of 10 March 2025" for a Monday-to-Sunday span, else
        "10–16 March 2025"; 3: "March 2025" (or "March – April 2025");
        4: "Oct 2024 – Jan 2025 (approx.)".

    Examples
    --------
    >>> describe_date(date(2025, 3, 10), date(2025, 3, 16), 2)
    'week of 10 March 2025'
    """
    if end < start:
        start, end = end, start
    precision = min(4, max(1, int(precision)))
    if precision == 1:
        return _day_range(start, end)
    if precision == 2:
        if (end - start) == timedelta(days=6) and start.weekday() == 0:
            return f"week of {_day_month_year(start)}"
        return _day_range(start, end)
    if precision == 3:
        if (start.year, start.month) == (end.year, end.month):
            return f"{MONTHS[start.month - 1]} {start.year}"
        if start.year == end.year:
            return f"{MONTHS[start.month - 1]} – {MONTHS[end.month - 1]} {end.year}"
        return f"{MONTHS[start.month - 1]} {start.year} – {MONTHS[end.month - 1]} {end.year}"
    first, last = f"{MONTHS[start.month - 1][:3]} {start.year}", f"{MONTHS[end.month - 1][:3]} {end.year}"
    if first == last:
        return f"{first} (approx.)"
    if start.year == end.year:
        return f"{MONTHS[start.month - 1][:3]} – {last} (approx.)"
    return f"{first} – {last} (approx.)"


GEO_PRECISION_WORDS = {1: "town", 2: "near a place", 3: "region"}


def count_noun(n: int, noun: str) -> str:
    """``"1 event"``, ``"2 events"``, ``"1,204 events"`` (regular English plurals only)."""
    return f"{n:,} {noun if n == 1 else noun + 's'}"


def event_table(features: Iterable[Mapping], titles: Mapping[str, str]) -> list[dict[str, str]]:
    """One row per event for the analysts' table, dates and precision spelled out.

    ``titles`` labels source ids (``options(layer)`` gives them). Values are
    plain strings: the table shows them as text, never as markup.
    """
    rows = []
    for feature in features:
        p = feature["properties"]
        rows.append({
            "date": describe_date(date.fromisoformat(p["date_start"]), date.fromisoformat(p["date_end"]),
                                  p["time_precision"]),
            "type": p["event_type"],
            "sub-type": p["sub_event_type"],
            "actors": " / ".join(a for a in (p["actor1"], p["actor2"]) if a),
            "location": p["location"],
            "precision": GEO_PRECISION_WORDS.get(p["geo_precision"], str(p["geo_precision"])),
            "claim status": p["claim_status"],
            "source": "; ".join(titles.get(sid, sid) for sid in p["source_ids"]),
            "quote": p["quote"],
        })
    return rows


def claim_table(features: Iterable[Mapping], titles: Mapping[str, str]) -> list[dict[str, str]]:
    """One row per claim for the ledger table: who says what about which settlement, graded.

    ``grade`` is the Admiralty grade: the source's reliability (A-F, from
    data/sources.csv) and the claim's credibility (1-6). Plain strings, like
    :func:`event_table`'s.
    """
    rows = []
    for feature in features:
        p = feature["properties"]
        rows.append({
            "date": describe_date(date.fromisoformat(p["start"]), date.fromisoformat(p["end"]), 1),
            "place": p["place"],
            "claim": f"{p['control']} → {p['holder']}" if p["holder"] else p["control"],
            "claimant": p["claimant"] or "(the outlet)",
            "side": p["side"] or "?",
            "grade": grade(p["reliability"], p["credibility"]),
            "standing": p["standing"],
            "basis": p["basis"],
            "source": titles.get(p["source_id"], p["source_id"]),
            "quote": p["quote"],
        })
    return rows
