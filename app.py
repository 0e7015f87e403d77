"""Streamlit page of the Kursk campaign map (``streamlit run app.py``).

Composes the pure modules for viewers, briefers and analysts: ``geo.layer``
reads the built layer, ``geo.filters`` decides which events, extents and
ledger claims show on a day (on the team store, when ``$GEO_STORE_URL`` is
set, ``geo.store.view`` asks the database for what one view needs instead:
facets, the day's events counted and celled, a zoomed-in map's box),
``geo.mapview`` draws the Leaflet map (a settlement's ledger opens from its name; the frame keeps one map
document and draws each view's data into it), ``geo.export`` makes the
downloads (the PNG/PDF slide shows the bounds the map reports), and
``geo.ingest``/``geo.cli`` add uploaded articles. The view (day, filters,
basemap, map centre and zoom) lives in the URL query parameters, so a link
reproduces it; the day slider spans the event dates the sidebar chooses.

This module must NOT parse articles, build GeoJSON or HTML, or style the
map: any line that would need a unit test belongs in ``geo/``. Article text
is untrusted: it reaches the page only through ``st.dataframe`` and the map
iframe built by ``geo.mapview`` (which escapes it; ``MAP_FRAME`` only puts
that document in an iframe and posts it the view's data), never through
``unsafe_allow_html``.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any, Callable

import streamlit as st

from geo import control, export, filters, ingest, ledger, mapview, settings, store
from geo.errors import InputError
from geo.layer import read_layer
from geo.store import view as store_view

MAP_HEIGHT = 620
# Streamlit's default page top (6rem of padding, a 2.75rem title) pushes the map below the fold of a
# 1280×720 laptop screen; a tighter top keeps the whole map in view. Static CSS, no article text.
PAGE_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2rem; padding: 0 0 0.25rem 0; }
</style>"""
# The map frame's width in a 1600 px window with the sidebar open. A slide
# exported before the map has reported its bounds (a link opened with centre
# and zoom) takes in this much: all of the view in windows up to that wide.
MAP_WIDTH_GUESS = 1140
# The table lists at most this many events (newest first); the map aggregates
# and the downloads hold them all. Keeps each rerun's payload small.
TABLE_MAX_ROWS = 2000
# Events drawn one by one before the map counts the rest in grid cells (geo.mapview.build_map).
MAP_MAX_MARKERS = 1500
# On the store, from this zoom the map asks only for the events around its view (geo.filters.query_box).
STORE_BOX_MIN_ZOOM = 11
# Wide enough for the longest dates the table spells out ("28 February 2024 – 6 March 2025").
DATE_COLUMN_PX = 230
PLAY_STEP_DAYS = 7
PLAY_PAUSE_S = 0.7
BASEMAPS = {"offline": "Offline (no tiles)", "osm": "OpenStreetMap", "carto": "CARTO light"}
CLAIM_STATUSES = ["reported", "claimed", "disputed", "denied"]
# URL keys the page adds beside those of geo.filters.to_query_params.
URL_BASEMAP, URL_ASSESSED = "basemap", "assessed"
UPLOAD_TYPES = [suffix.lstrip(".") for suffix in ingest.ALLOWED_SUFFIXES]
# Shown in the sidebar until the session's first map has drawn (tests.browser.wait_idle waits for it to go).
FILTERS_PENDING = "Loading the filters…"
# The map frame: keeps geo.mapview's live map document, draws each view's
# data into it, and reports pans and zooms back (state "view"), so the view
# survives reruns and reaches the URL, and its first draw (state "drawn"). In the page's DOM (no shadow root),
# like st.iframe's frame was.
MAP_FRAME = st.components.v2.component("kursk_map", js=mapview.EMBED_JS, isolate_styles=False)


# --------------------------------------------------------------------------
# Cached loaders
# --------------------------------------------------------------------------


def layer_path() -> Path:
    """The layer the page shows: ``$GEO_LAYER_PATH`` or ``settings.LAYER_PATH``."""
    return Path(os.environ.get("GEO_LAYER_PATH", settings.LAYER_PATH))


def store_url() -> str | None:
    """The team store the page shows instead of the file: ``$GEO_STORE_URL`` (geo.store), or None."""
    return os.environ.get("GEO_STORE_URL") or None


def layer_source() -> tuple[str, int]:
    """What the page shows (the store's URL, else the layer file) and its version, which keys the caches."""
    url = store_url()
    if url:
        return url, store.revision(url)
    path = layer_path()
    return str(path), path.stat().st_mtime_ns


def articles_dir() -> Path:
    """Where uploaded articles go: ``$GEO_ARTICLES_DIR`` or ``settings.SEEDS_DIR``."""
    return Path(os.environ.get("GEO_ARTICLES_DIR", settings.SEEDS_DIR))


@st.cache_resource(show_spinner=False)
def basemap_warming() -> threading.Thread:
    """Once per process: the offline basemap built in a thread (about 0.6 s of CPU), which the first page's map
    would otherwise wait for after its data; meanwhile the page waits on the layer or the store."""
    thread = threading.Thread(target=mapview.warm_basemap, name="warm-basemap", daemon=True)
    thread.start()
    return thread


@st.cache_resource(show_spinner="Reading the layer…", max_entries=2)
def load_layer(path: str, mtime_ns: int) -> dict:
    """The validated layer (from the file at ``path``; from the store when ``path`` is its URL, without its
    events and claims, which each view asks for), one shared read-only copy per process.

    ``mtime_ns`` (the file's, or the store's revision) keys the cache so a rebuild is picked up. A resource cache,
    not ``st.cache_data``: the latter unpickles a fresh copy on every rerun
    (0.4 s for 10,000 events); geo.filters/mapview/export never mutate it.
    """
    return store_view.base_layer(path) if path == store_url() else read_layer(Path(path))


@st.cache_data(show_spinner=False, max_entries=8)
def layer_facts(path: str, mtime_ns: int) -> dict[str, Any]:
    """Timeline bounds, key dates, control change days and filter options of one layer version."""
    layer = load_layer(path, mtime_ns)
    control_days = [filters.parse_day(f["properties"].get("valid_from")) for f in filters.controls(layer)]
    if path == store_url():  # the store's facets by DISTINCT and min/max, not from every event
        found = store_view.facets(path, filters.controls(layer))
        return {**found, "control_days": control_days,
                "opening_day": filters.opening_day(layer, last=found["bounds"][1])}
    return {
        "bounds": filters.timeline_bounds(layer),
        "key_dates": filters.key_dates(layer),
        "control_days": control_days,
        "opening_day": filters.opening_day(layer),
        "options": filters.options(layer),
    }


@st.cache_resource(show_spinner=False, max_entries=16)
def store_events(url: str, revision: int, day: date, flt_key: str, box: tuple[float, float, float, float] | None,
                 _flt: Any) -> dict[str, Any]:
    """One view asked of the store, shared by all sessions: what the map draws (``shown``, inside ``box``),
    the table's newest rows, how many events the filter keeps and the store holds."""
    return store_view.view_rows(url, day=day, flt=_flt, max_markers=MAP_MAX_MARKERS, newest=TABLE_MAX_ROWS, bbox=box)


@st.cache_resource(show_spinner=False, max_entries=16)
def file_events(path: str, mtime_ns: int, day: date, flt_key: str, _flt: Any) -> dict[str, Any]:
    """One view of the layer file, filtered once for the map, the table and the ledger: the events the filter
    keeps up to ``day`` (``shown``, oldest first), the ledger's claims and what the map draws (``drawn``)."""
    layer = load_layer(path, mtime_ns)
    shown = filters.filter_events(layer, _flt, up_to=day)
    claims = filters.filter_claims(layer, _flt, up_to=day)
    drawn = mapview.shown_events(layer, shown, day, max_markers=MAP_MAX_MARKERS, ledger=claims)
    return {"shown": shown, "claims": claims, "drawn": drawn}


@st.cache_data(show_spinner=False, max_entries=32)
def ticks_svg(path: str, mtime_ns: int, first: date, last: date) -> str:
    """The key-date ticks under a slider running from ``first`` to ``last``."""
    facts = layer_facts(path, mtime_ns)
    return mapview.timeline_ticks_svg(first, last, facts["key_dates"], control_days=facts["control_days"])


@st.cache_data(show_spinner=False, max_entries=32)
def map_layers(path: str, mtime_ns: int, day: date, flt_key: str, prefer_assessed: bool,
               box: tuple[float, float, float, float] | None, _flt: Any) -> str:
    """What the live map draws for one view (``geo.mapview.view_json``); shared by all sessions of the process.

    ``flt_key`` (the filter's repr) stands in for the unhashed ``_flt``; ``box`` is the store's map box.
    """
    layer = load_layer(path, mtime_ns)
    shown = (store_events(path, mtime_ns, day, flt_key, box, _flt=_flt)["shown"] if path == store_url()
             else file_events(path, mtime_ns, day, flt_key, _flt=_flt)["drawn"])
    return mapview.view_json(mapview.view_layers(layer, day=day, flt=_flt, prefer_assessed=prefer_assessed,
                                                 max_markers=MAP_MAX_MARKERS, events=shown))


# --------------------------------------------------------------------------
# State: URL <-> session
# --------------------------------------------------------------------------


def init_state(facts: dict[str, Any]) -> None:
    """Seed the widgets from the URL once per session (a link reproduces the view)."""
    if st.session_state.get("_from_url"):
        return
    params = st.query_params.to_dict()
    own = {k: params.pop(k) for k in (URL_BASEMAP, URL_ASSESSED) if k in params}
    flt, day, center, zoom = filters.from_query_params(params)
    lo, hi = facts["bounds"]
    opts = facts["options"]
    state = st.session_state
    # No day in the link: open on the latest control change, where things stand.
    state.day = min(max(day or facts["opening_day"], lo), hi)
    state.f_from, state.f_to = max(flt.date_from or lo, lo), min(flt.date_to or hi, hi)
    state.f_types = _known(flt.event_types, opts["event_type"])
    state.f_subtypes = _known(flt.sub_event_types, opts["sub_event_type"])
    state.f_actors = _known(flt.actors, opts["actor"])
    state.f_sources = _known(flt.sources, opts["source_id"])
    state.f_claims = _known(flt.claim_statuses, opts["claim_status"])
    state.f_text = flt.text or ""
    state.f_historical = bool(flt.include_historical)
    state.basemap = own.get(URL_BASEMAP) if own.get(URL_BASEMAP) in BASEMAPS else "offline"
    state.prefer_assessed = own.get(URL_ASSESSED, "1") != "0"
    state.view = (center, zoom)
    state.view_bounds = None  # (west, south, east, north) once the map reports them
    state.playing = False
    state._from_url = True


def _known(values: Any, allowed: list[str]) -> list[str]:
    # A stale link may name a value the layer no longer has; multiselect would raise.
    return [v for v in (values or ()) if v in allowed]


def event_dates(facts: dict[str, Any]) -> tuple[date, date]:
    """The event date range of the From/To inputs, inside the layer's timeline and in order."""
    state = st.session_state
    lo, hi = facts["bounds"]
    # A cleared input is None: no bound on that side.
    start = min(max(state.f_from or lo, lo), hi)
    return start, min(max(state.f_to or hi, start), hi)


def keep_dates_in_bounds(facts: dict[str, Any]) -> None:
    """Put the From/To inputs inside the timeline before they are drawn (a rebuilt layer may have moved it)."""
    # date_input refuses a value outside its min and max.
    st.session_state.f_from, st.session_state.f_to = event_dates(facts)


def order_dates(changed: str) -> None:
    """Callback: a From after To (or a To before From) moves the other end with it."""
    state = st.session_state
    if state.f_from and state.f_to and state.f_from > state.f_to:
        if changed == "f_from":
            state.f_to = state.f_from
        else:
            state.f_from = state.f_to


def current_filter(facts: dict[str, Any]) -> Any:
    """The EventFilter of the sidebar widgets (full date range means no bound)."""
    state = st.session_state
    lo, hi = facts["bounds"]
    start, end = event_dates(facts)
    return filters.EventFilter(
        date_from=start if start > lo else None,
        date_to=end if end < hi else None,
        event_types=tuple(state.f_types),
        sub_event_types=tuple(state.f_subtypes),
        actors=tuple(state.f_actors),
        sources=tuple(state.f_sources),
        claim_statuses=tuple(state.f_claims),
        text=state.f_text.strip(),
        include_historical=state.f_historical,
    )


def write_url(flt: Any, day: date) -> None:
    """Put the view in the URL (only when it changed, to keep history short)."""
    center, zoom = st.session_state.view
    params = dict(filters.to_query_params(flt, day=day, center=center, zoom=zoom))
    if st.session_state.basemap != "offline":
        params[URL_BASEMAP] = st.session_state.basemap
    if not st.session_state.prefer_assessed:
        params[URL_ASSESSED] = "0"
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


# --------------------------------------------------------------------------
# Widgets
# --------------------------------------------------------------------------


def reset_filters() -> None:
    """Callback: clear every sidebar filter (the day and basemap stay)."""
    for key in ("f_types", "f_subtypes", "f_actors", "f_sources", "f_claims"):
        st.session_state[key] = []
    st.session_state.f_text = ""
    st.session_state.f_historical = False
    st.session_state.f_from, st.session_state.f_to = st.session_state._bounds


def sidebar(facts: dict[str, Any]) -> None:
    """Analyst filters, basemap and display toggles."""
    lo, hi = facts["bounds"]
    opts = facts["options"]
    with st.sidebar:
        st.header("Filters")
        # Two single dates, not one range: each applies as soon as it is picked (a range only once the
        # calendar closed on both ends), and the day slider runs over what they span.
        st.date_input("Events from", min_value=lo, max_value=hi, key="f_from", format="YYYY-MM-DD",
                      on_change=order_dates, args=("f_from",),
                      help="The first day of the events shown; the day slider starts here.")
        st.date_input("Events to", min_value=lo, max_value=hi, key="f_to", format="YYYY-MM-DD",
                      on_change=order_dates, args=("f_to",),
                      help="The last day of the events shown; the day slider ends here.")
        st.multiselect("Event type", opts["event_type"], key="f_types")
        st.multiselect("Sub-event type", opts["sub_event_type"], key="f_subtypes")
        st.multiselect("Actor", opts["actor"], key="f_actors")
        titles = dict(zip(opts["source_id"], opts["source_title"]))
        st.multiselect("Source", opts["source_id"], format_func=lambda sid: titles.get(sid, sid), key="f_sources")
        st.multiselect("Claim status", opts["claim_status"] or CLAIM_STATUSES, key="f_claims")
        st.text_input("Search quotes", key="f_text", placeholder="e.g. Sudzha")
        st.checkbox("Show historical background", key="f_historical",
                    help="Events outside the campaign that articles recall (e.g. earlier wars).")
        st.button("Reset filters", on_click=reset_filters)
        st.header("Map")
        st.selectbox("Basemap", list(BASEMAPS), format_func=BASEMAPS.get, key="basemap",
                     help="Tiles need a network; 'Offline' draws borders and settlement names.")
        st.toggle("Prefer assessed extents", key="prefer_assessed",
                  help="Where imported assessed front lines exist, show them instead of "
                       "schematic extents derived from reports.")
        upload_panel()


def jump_to_key_date() -> None:
    """Callback: move the slider to the chosen key date."""
    choice = st.session_state.get("jump")
    if choice is not None:
        st.session_state.day = choice
        st.session_state.playing = False
    st.session_state.jump = None


def toggle_play() -> None:
    """Callback: start or stop the animation (restart from the start at the end)."""
    state = st.session_state
    state.playing = not state.playing
    lo, hi = state._range
    if state.playing and state.day >= hi:
        state.day = lo


def time_controls(facts: dict[str, Any], path: str, mtime_ns: int) -> date:
    """Day slider over the event date range, key-date jumps and play/stop; returns the chosen day."""
    state = st.session_state
    state._bounds = facts["bounds"]  # what "Reset filters" restores
    lo, hi = state._range = filters.slider_range(facts["bounds"], *event_dates(facts))
    if "_next_day" in state:  # set by the previous animation step
        state.day = state.pop("_next_day")
    state.day = min(max(state.day, lo), hi)  # the date range or a rebuilt layer may have moved the ends
    labels = {d: f"{d.day} {d:%b %Y} — {label}" for d, label in facts["key_dates"] if lo <= d <= hi}
    slider_col, jump_col, play_col = st.columns([5, 3.5, 1.5], vertical_alignment="bottom")
    with slider_col:
        st.slider("Day", min_value=lo, max_value=hi, step=timedelta(days=1), format="D MMM YYYY", key="day",
                  help="Control extent valid on this day; events up to it. The slider spans the event dates "
                       "chosen in the sidebar. Ticks below: key dates (tall: control changes).")
        st.image(ticks_svg(path, mtime_ns, lo, hi), width="stretch")
    with jump_col:
        st.selectbox("Jump to key date", [None, *labels], format_func=lambda d: "—" if d is None else labels[d],
                     key="jump", on_change=jump_to_key_date)
    with play_col:
        # Material icons ship with Streamlit; "⏹" is missing from common fonts and showed as a box.
        st.button("Stop" if state.playing else "Play", on_click=toggle_play, key="play",
                  icon=":material/stop_circle:" if state.playing else ":material/play_arrow:",
                  help=f"Animate the campaign, {PLAY_STEP_DAYS} days a step.")
    return state.day


def upload_panel() -> None:
    """Sidebar panel that adds articles and rebuilds the layer (issue 5)."""
    with st.expander("Add articles"):
        round_ = st.session_state.setdefault("upload_round", 0)  # a new key empties the uploader
        files = st.file_uploader("Articles (.txt or .html)", type=UPLOAD_TYPES, accept_multiple_files=True,
                                 key=f"uploads-{round_}", help=f"Up to {ingest.MAX_UPLOAD_FILES} files at once. "
                                 "Each is saved under a safe name beside the other articles, then the map is rebuilt.")
        if st.button("Add and rebuild the map", disabled=not files):
            with st.spinner("Rebuilding the layer…"):
                result = ingest.add_articles([(f.name, f.getvalue()) for f in files], articles_dir(), layer_path(),
                                             store=store_url())
            st.session_state.upload_result = result
            if result.report is not None:
                st.session_state.upload_round = round_ + 1
                st.rerun()  # read the new layer from the top
        show_upload_result(st.session_state.get("upload_result"))


def _upload_rows(result: ingest.AddResult) -> list[dict[str, str]]:
    # ``saved`` follows the upload order: a Path, or a Skipped naming the upload.
    return [{"result": f"saved as {item.name}"} if isinstance(item, Path)
            else {"result": f"skipped {item.file}: {item.reason}"} for item in result.saved]


def show_upload_result(result: ingest.AddResult | None) -> None:
    """Per-file results and the rebuild summary of the last upload.

    Names, reasons and warnings may carry article text, so they go into
    tables or literal text, never into Markdown (which would fetch images).
    """
    if result is None:
        return
    if result.saved:
        st.dataframe(_upload_rows(result), hide_index=True)
    if result.error:
        st.error("The map was not rebuilt.")
        st.code(result.error, language=None)
    report = result.report
    if report is None:
        return
    unresolved = sorted({name for names in report.unresolved.values() for name in names})
    st.success(f"Rebuilt: {report.files_read} files read, {report.events} events, "
               f"{report.places} places, {len(unresolved)} unresolved place names.")
    notes = ([{"note": f"skipped {s.file}: {s.reason}"} for s in report.skipped]
             + [{"note": f"unresolved place name: {name}"} for name in unresolved]
             + [{"note": f"warning: {w}"} for w in report.warnings])
    if notes:
        st.dataframe(notes, hide_index=True)


# --------------------------------------------------------------------------
# Map, table, downloads
# --------------------------------------------------------------------------


def downloads(layer: dict, features: Callable[[], list[dict]], claims: list[dict], day: date, flt: Any,
              full: Callable[[], dict]) -> None:
    """Download buttons; every file is made only when its button is clicked.

    ``features()`` gives the events shown, ``claims`` are the ledger's claim features shown, ``full()`` a layer
    holding all the view needs (the whole layer file; on the store, ``geo.store.view.day_layer``).
    """
    state = st.session_state
    stamp = f"kursk-{day.isoformat()}"
    title = f"Kursk campaign, {day.day} {day:%B %Y}"
    center, zoom = state.view
    map_kwargs = {"basemap": state.basemap, "prefer_assessed": state.prefer_assessed, "center": center, "zoom": zoom}
    # The slide shows what the map shows: its reported bounds, else those of its centre and zoom.
    bbox = state.view_bounds or mapview.view_bounds(center, zoom, (MAP_WIDTH_GUESS, MAP_HEIGHT))
    files = [
        ("GeoJSON", f"{stamp}-events.geojson", "application/geo+json", lambda: export.to_geojson(layer, features())),
        ("CSV", f"{stamp}-events.csv", "text/csv", lambda: export.to_csv(features())),
        ("Ledger CSV", f"{stamp}-ledger.csv", "text/csv",
         lambda: export.ledger_csv(ledger.from_properties(f["properties"]) for f in claims)),
        ("KML", f"{stamp}-events.kml", "application/vnd.google-earth.kml+xml",
         lambda: export.to_kml(export.controls_begun(layer, day) + features(), title=title)),
        ("HTML map", f"{stamp}-map.html", "text/html",
         lambda: export.to_html(full(), day=day, flt=flt, **map_kwargs)),
        ("PNG snapshot", f"{stamp}.png", "image/png",
         lambda: export.snapshot(full(), day=day, flt=flt, fmt="png", title=title, bbox=bbox)),
        ("PDF snapshot", f"{stamp}.pdf", "application/pdf",
         lambda: export.snapshot(full(), day=day, flt=flt, fmt="pdf", title=title, bbox=bbox)),
    ]
    columns = st.columns(len(files))
    for column, (label, name, mime, make) in zip(columns, files):
        with column:
            st.download_button(label, data=make, file_name=name, mime=mime, on_click="ignore",
                               key=f"dl-{label}", icon=":material/download:", width="stretch")


def show_view(layer: dict, facts: dict[str, Any], path: str, mtime_ns: int, day: date) -> bool:
    """The map, then the events table in step with it and the downloads; False when only the map was drawn.

    A session's first runs draw the map alone, until the map reports that it has drawn: the browser then loads
    the code of the table, the sidebar's widgets and the downloads after the map, not before it (a new browser
    draws its first map in about half the time). The map's report reruns the page, which draws the rest.
    """
    state = st.session_state
    flt = current_filter(facts)
    on_store = path == store_url()
    # The map's data does not depend on the view: panning reruns the page without redrawing the map,
    # but on the store a zoomed-in map holds only the events of a box around its view. The frame keeps one
    # document per basemap (Leaflet, the basemap) and draws each view's data into it.
    box = store_box() if on_store else None
    layers = map_layers(path, mtime_ns, day, repr(flt), state.prefer_assessed, box, _flt=flt)
    frame = MAP_FRAME(key="map", data={"shell": mapview.live_shell(state.basemap), "layers": layers,
                                       "height": MAP_HEIGHT, "view": mapview.embed_view(*state.view)},
                      height=MAP_HEIGHT, on_view_change=lambda: None, on_drawn_change=lambda: None)
    report = frame.get("view") if hasattr(frame, "get") else None
    reported = filters.view_from_report(report)
    if reported is not None:
        state.view = reported
        state.view_bounds = filters.bounds_from_report(report)
        if on_store and store_box() != box:
            st.rerun()  # the view left the box the map was drawn for
    if not (frame.get("drawn") if hasattr(frame, "get") else True):
        return False

    count, total, newest, claims, features, full = (store_rows if on_store else file_rows)(
        layer, path, mtime_ns, day, flt, box)
    more = count > TABLE_MAX_ROWS
    note = f" · the table lists the newest {TABLE_MAX_ROWS:,}, the downloads all" if more else ""
    st.caption(f"**{filters.count_noun(count, 'event')} shown** · up to {day.day} {day:%b %Y} · "
               f"{filters.count_noun(total, 'event')} in the layer{note}")
    reported_beside_assessed(layer, day)
    titles = dict(zip(facts["options"]["source_id"], facts["options"]["source_title"]))
    st.dataframe(filters.event_table(newest, titles), hide_index=True, width="stretch",
                 column_config={"date": st.column_config.TextColumn("date", width=DATE_COLUMN_PX),
                                "quote": st.column_config.TextColumn("quote", width="large")})
    ledger_view(claims, titles, day)
    downloads(layer, features, claims, day, flt, full)
    write_url(flt, day)
    return True


def sidebar_pending() -> None:
    """The sidebar while the first map draws: its place and heading, so the map keeps its width when the
    filters come."""
    with st.sidebar:
        st.header("Filters")
        st.caption(FILTERS_PENDING)


def file_rows(layer: dict, path: str, mtime_ns: int, day: date, flt: Any, box: Any) -> tuple:
    """``(count, total, newest, claims, features, full)`` of a view of the layer file: how many events the
    filter keeps and the layer holds, the table's rows (newest first), the ledger's claims, and makers of the
    downloads' events and layer."""
    found = file_events(path, mtime_ns, day, repr(flt), _flt=flt)
    shown = found["shown"]
    return (len(shown), len(filters.events(layer)), shown[::-1][:TABLE_MAX_ROWS], found["claims"],
            lambda: shown, lambda: layer)


def store_rows(layer: dict, path: str, mtime_ns: int, day: date, flt: Any,
               box: tuple[float, float, float, float] | None) -> tuple:
    """:func:`file_rows` of a view of the store, asked of the database (the downloads' when clicked)."""
    found = store_events(path, mtime_ns, day, repr(flt), box, _flt=flt)
    return (found["count"], found["total"], found["newest"], found["shown"].claims,
            partial(store_view.events, path, day=day, flt=flt),
            partial(store_view.day_layer, path, day=day, flt=flt, base=layer))


def store_box() -> tuple[float, float, float, float] | None:
    """The box a zoomed-in map asks the store for (None: all of it), around the bounds the map reported, else
    those of the view's centre and zoom (a link's)."""
    state = st.session_state
    center, zoom = state.view
    if zoom is None:
        return None
    bounds = state.view_bounds or mapview.view_bounds(center, zoom, (MAP_WIDTH_GUESS, MAP_HEIGHT))
    return filters.query_box(bounds, zoom, min_zoom=STORE_BOX_MIN_ZOOM)


def reported_beside_assessed(layer: dict, day: date) -> None:
    """Where an assessed front line is imported for the day: how the reports' extent compares with it."""
    for cmp in control.compare_extents(filters.controls(layer), day):
        st.caption(f"**{cmp.holder}, reported vs assessed:** {cmp.reported_km2:,.0f} km² from the reports, "
                   f"{cmp.assessed_km2:,.0f} km² on the imported map ({cmp.difference_km2:+,.0f} km²); "
                   f"they overlap on {cmp.overlap_km2:,.0f} km² (IoU {cmp.iou:.2f}). Untick \"Prefer assessed "
                   f"extents\" to see both.")


def ledger_view(claims: list[dict], titles: dict[str, str], day: date) -> None:
    """The claims ledger in step with the map: who claims what about each settlement, graded."""
    # A fixed label: Streamlit would fold an expander whose label changed with the day.
    with st.expander("Ledger: who claims what about each settlement"):
        st.caption(f"**{filters.count_noun(len(claims), 'claim')}** made by {day.day} {day:%b %Y} that pass the "
                   "filters, in date order. Grade: the source's reliability (A–F, data/sources.csv) and the "
                   "claim's credibility (1 confirmed … 6 cannot be judged). Click a settlement's name on the map "
                   "for its ledger.")
        st.dataframe(filters.claim_table(claims, titles), hide_index=True, width="stretch",
                     column_config={"date": st.column_config.TextColumn("date", width=DATE_COLUMN_PX),
                                    "quote": st.column_config.TextColumn("quote", width="large")})


def animate(day: date) -> None:
    """While playing: pause, then rerun on the next step (stops at the slider's end)."""
    state = st.session_state
    if not state.playing:
        return
    hi = state._range[1]
    if day >= hi:
        state.playing = False
        st.rerun()
    time.sleep(PLAY_PAUSE_S)
    state._next_day = min(day + timedelta(days=PLAY_STEP_DAYS), hi)
    st.rerun()


def main() -> None:
    """Compose the page."""
    st.set_page_config(page_title="Kursk campaign map", page_icon="🗺️", layout="wide")
    basemap_warming()
    try:
        path, mtime_ns = layer_source()
        layer = load_layer(path, mtime_ns)
    except FileNotFoundError:
        st.error(f"No layer at {layer_path().name}. Build it with `python -m geo build`.")
        st.stop()
    except InputError as exc:
        st.error("The layer cannot be shown.")
        st.code(exc.reason, language=None)
        st.stop()
    facts = layer_facts(path, mtime_ns)
    init_state(facts)
    keep_dates_in_bounds(facts)
    st.html(PAGE_CSS)
    st.title("Kursk campaign map")
    day = time_controls(facts, path, mtime_ns)
    # The sidebar after the map: it has its own place on the page, and the map, which the widgets' state
    # already decides, reaches the browser a sidebar's drawing earlier (on every slider move too).
    if not show_view(layer, facts, path, mtime_ns, day):
        sidebar_pending()
        return
    sidebar(facts)
    animate(day)


main()
