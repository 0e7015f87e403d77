"""The Streamlit page in a real headless Chromium against `streamlit run app.py`.

Nothing is mocked: the app reads the real built layer (data/layer.geojson)
when it exists, else the sample layer of tests/conftest.py. Every request
that would leave the machine is aborted and recorded, so the tests also
prove the page works offline. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
import shutil
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from geo import settings
from tests.browser import (
    IFRAME_SELECTOR, OPEN_ALL_POPUPS_JS, POLYGON_SELECTOR, caption_count, guard_context, guarded_page, map_view,
    mark_map,
    open_app, run_app, screenshot, wait_for_map, wait_for_redraw, wait_idle,
)
from tests.conftest import sample_layer

TABLE_MAX_ROWS = 2000  # app.TABLE_MAX_ROWS: the table lists at most this many events
SUDZHA_RETAKEN = date(2025, 3, 20)  # after Russia retook Sudzha (13 March 2025)
EARLY_MARCH = date(2025, 3, 5)
# Event marks: Leaflet circle markers (SVG paths with arc commands), and
# geo.mapview's shape icons (kursk-ev-icon) and aggregate cells (kursk-cell).
EVENT_MARKS_JS = """() => {
  const arcs = [...document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive')]
      .filter(p => /a/i.test(p.getAttribute('d') || ''));
  return arcs.length + document.querySelectorAll('.leaflet-marker-icon:is(.kursk-ev-icon, .kursk-cell, .kursk-stack, .kursk-region)').length;
}"""
# Circles drawn as SVG paths (arcs): region-level events once were 146 km filled circles.
ARC_PATHS_JS = """() => [...document.querySelectorAll('.leaflet-overlay-pane path')]
    .filter(p => /a/i.test(p.getAttribute('d') || '')).length"""
# For each town mark and stack: is it the topmost element at its own centre (so a click reaches it)?
TOPMOST_MARKS_JS = """() => [...document.querySelectorAll('.leaflet-marker-icon:is(.kursk-ev-icon, .kursk-stack)')].map(el => {
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return !!hit && el.contains(hit);
})"""
CONTROL_PATHS_JS = """() => [...document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive')]
    .map(p => p.getAttribute('d') || '').filter(d => !/a/i.test(d))"""


def assert_clean(guard) -> None:
    """No request left the machine, no script error, no dialog."""
    assert guard.blocked == [], f"non-local requests: {guard.blocked[:5]}"
    assert guard.page_errors == [], guard.page_errors
    assert guard.dialogs == [], guard.dialogs


def slider_text(page) -> str:
    return page.get_by_role("slider", name="Day").get_attribute("aria-valuetext")


def control_paths(frame) -> list[str]:
    return sorted(frame.evaluate(CONTROL_PATHS_JS))


def table_rows(page) -> int:
    """Data rows of the events table, from the grid's aria-rowcount (minus the header)."""
    grid = page.locator('[data-testid="stDataFrame"] table[role="grid"]').first
    return int(grid.get_attribute("aria-rowcount")) - 1


def settled_count(page, *, timeout_s: float = 30.0) -> int:
    """The caption's event count once the table shows the same number of rows."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            shown, rows = caption_count(page), table_rows(page)
        except Exception:  # caption or grid being replaced by a rerun
            shown, rows = -1, -2
        if rows == min(shown, TABLE_MAX_ROWS):
            return shown
        if time.monotonic() > deadline:
            raise AssertionError(f"caption says {shown} events, the table has {rows} rows")
        page.wait_for_timeout(100)


def test_map_is_visible_and_draws_offline(app_server, guarded):
    page, guard = guarded
    open_app(page, app_server, f"?day={SUDZHA_RETAKEN.isoformat()}")
    iframe = page.locator(IFRAME_SELECTOR).first
    box = iframe.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 300, box
    frame = wait_for_map(page)
    map_box = frame.locator(".leaflet-container").first.bounding_box()
    assert map_box and map_box["width"] > 300 and map_box["height"] > 300, map_box
    assert frame.locator(POLYGON_SELECTOR).count() > 0
    assert control_paths(frame), "no control polygon drawn"
    assert frame.evaluate(EVENT_MARKS_JS) > 0, "no event mark drawn"
    screenshot(page, "map-2025-03-20")
    assert_clean(guard)


def test_region_events_leave_the_towns_clickable(app_server, guarded):
    page, guard = guarded
    open_app(page, app_server, f"?day={SUDZHA_RETAKEN.isoformat()}")
    frame = wait_for_map(page)
    assert frame.evaluate(ARC_PATHS_JS) == 0, "a circle (region-level event?) is drawn over the map"
    topmost = frame.evaluate(TOPMOST_MARKS_JS)
    assert topmost and all(topmost), topmost
    # The town's own event opens, not a list of region-level ones.
    frame.locator('.kursk-ev-icon svg[aria-label*="Sverdlikovo"]').first.click()
    popup = frame.locator(".leaflet-popup-content").first
    popup.wait_for()
    assert "Sverdlikovo" in popup.inner_text() and "known only as" not in popup.inner_text()
    # The region's events: a count badge at its name that opens their list.
    badge = frame.locator(".kursk-region", has_text="Kursk Oblast").first
    count = int(badge.locator(".kursk-region-n").inner_text())
    assert count > 1
    badge.click()
    frame.get_by_text("known only as “Kursk Oblast”").wait_for()
    assert frame.locator(".leaflet-popup-content details.kursk-item").count() == count
    frame.locator(".leaflet-popup-content details.kursk-item summary").first.click()
    assert frame.locator(".leaflet-popup-content details.kursk-item[open] blockquote").count() == 1
    screenshot(page, "region-badge-list")
    assert_clean(guard)


def test_stacked_events_show_a_count_and_fan_out(app_server, guarded):
    page, guard = guarded
    open_app(page, app_server, f"?day={SUDZHA_RETAKEN.isoformat()}")
    frame = wait_for_map(page)
    stack = frame.locator(".kursk-stack").first
    n = int(stack.inner_text())
    assert n >= 2, "the seeds put several events at Sudzha"
    before = frame.locator(".kursk-ev-icon").count()
    stack.click()
    page.wait_for_function(
        f"""() => [...document.querySelectorAll('iframe')].some(f => {{ try {{
            return f.contentDocument.querySelectorAll('.kursk-ev-icon').length >= {before + n}; }}
            catch (e) {{ return false; }} }})""", timeout=10_000)
    screenshot(page, "stack-fanned-out")
    fanned = frame.locator('.kursk-ev-icon svg[aria-label*="Sudzha"]')
    assert fanned.count() >= n
    fanned.last.click()
    popup = frame.locator(".leaflet-popup-content").first
    popup.wait_for()
    assert "Sudzha" in popup.inner_text()
    assert_clean(guard)


def step_day_forward(page, days: int, iso_day: str) -> None:
    """Move the day slider ``days`` steps with the keyboard and wait until the URL has ``iso_day``."""
    page.get_by_role("slider", name="Day").focus()
    for _ in range(days):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => location.search.includes('day={iso_day}')", timeout=30_000)


def last_extent_change(layer_path, day: date) -> date:
    """Start of the newest control extent valid on ``day`` (read from the layer file)."""
    from geo import filters
    from geo.layer import read_layer

    starts = [
        date.fromisoformat(f["properties"]["valid_from"])
        for f in filters.controls(read_layer(layer_path))
        if f["properties"]["valid_from"] <= day.isoformat() <= f["properties"]["valid_to"]
    ]
    assert starts, f"no control extent is valid on {day}"
    return max(starts)


def test_slider_day_changes_control_extent(app_server, guarded):
    page, guard = guarded
    changed = last_extent_change(app_server.layer_path, SUDZHA_RETAKEN)
    before_day = (changed - timedelta(days=1)).isoformat()
    open_app(page, app_server, f"?day={before_day}")
    before = control_paths(wait_for_map(page))
    open_app(page, app_server, f"?day={SUDZHA_RETAKEN.isoformat()}")
    after = control_paths(wait_for_map(page))
    screenshot(page, "map-after-change")
    open_app(page, app_server, f"?day={before_day}")
    again = control_paths(wait_for_map(page))
    assert before and after
    assert before == again, "the same day must draw the same extent"
    assert before != after, f"the extent of {before_day} is drawn again on {SUDZHA_RETAKEN}"
    assert_clean(guard)


def test_slider_keyboard_moves_day_and_url(app_server, guarded):
    page, guard = guarded
    open_app(page, app_server, f"?day={EARLY_MARCH.isoformat()}")
    wait_idle(page)  # keys pressed while the first run is still going may be lost
    assert slider_text(page) == "5 Mar 2025"
    step_day_forward(page, 3, "2025-03-08")
    wait_idle(page)
    wait_for_map(page)
    assert slider_text(page) == "8 Mar 2025"
    assert_clean(guard)


def test_filter_reduces_table_rows(app_server, guarded):
    page, guard = guarded
    open_app(page, app_server, f"?day={SUDZHA_RETAKEN.isoformat()}")
    total = settled_count(page)
    assert total > 1, "need several events before the filter"
    page.get_by_label("Search quotes").fill("Sudzha")
    page.get_by_label("Search quotes").press("Enter")
    page.wait_for_function("() => location.search.includes('q=Sudzha')", timeout=30_000)
    wait_idle(page)
    shown = settled_count(page)
    assert 0 < shown < total
    screenshot(page, "filter-sudzha")
    assert_clean(guard)


def test_event_type_filter_from_sidebar(app_server, guarded):
    page, guard = guarded
    open_app(page, app_server, f"?day={SUDZHA_RETAKEN.isoformat()}")
    total = settled_count(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('[data-testid="stMultiSelect"]', has_text="Event type").first.click()
    names = [n.strip() for n in page.get_by_role("option").all_inner_texts()]
    chosen = "Battles" if "Battles" in names else next(n for n in names if n != "Select all")
    page.get_by_role("option", name=chosen, exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.search.includes('type=')", timeout=30_000)
    wait_idle(page)
    shown = settled_count(page)
    assert 0 < shown < total
    assert parse_qs(urlsplit(page.url).query)["type"] == [chosen]
    assert_clean(guard)


def test_url_reproduces_the_view(app_server, guarded, chromium):
    page, guard = guarded
    open_app(page, app_server, f"?day={SUDZHA_RETAKEN.isoformat()}&q=Sudzha")
    wait_idle(page)
    assert slider_text(page) == "20 Mar 2025"
    # The sidebar's widgets come after the first map, and a text input shows its value a moment after it mounts.
    expect(page.get_by_label("Search quotes")).to_have_value("Sudzha", timeout=15_000)
    shown, paths = settled_count(page), control_paths(wait_for_map(page))
    url = page.url
    assert "day=2025-03-20" in url and "q=Sudzha" in url
    # A second, unrelated browser context opening the link sees the same view.
    other = chromium.new_context(viewport={"width": 1400, "height": 1000})
    try:
        other_guard = guard_context(other)
        second = other.new_page()
        second.goto(url, wait_until="domcontentloaded")
        frame = wait_for_map(second)
        wait_idle(second)  # the map may draw before the script's run ends and the sidebar shows its values
        assert slider_text(second) == "20 Mar 2025"
        expect(second.get_by_label("Search quotes")).to_have_value("Sudzha", timeout=15_000)
        assert settled_count(second) == shown
        assert control_paths(frame) == paths
        assert_clean(other_guard)
    finally:
        other.close()
    assert_clean(guard)


def url_view(page) -> dict:
    """The view the page's URL records: {"lat", "lon", "zoom"} (KeyError when it records none)."""
    query = parse_qs(urlsplit(page.url).query)
    lat, lon = (float(x) for x in query["center"][0].split(","))
    return {"lat": lat, "lon": lon, "zoom": int(query["zoom"][0])}


def assert_same_view(seen: dict, expected: dict) -> None:
    assert seen["zoom"] == expected["zoom"], (seen, expected)
    assert abs(seen["lat"] - expected["lat"]) < 1e-4 and abs(seen["lon"] - expected["lon"]) < 1e-4, (seen, expected)


def test_pan_and_zoom_survive_reruns_and_reload(app_server, guarded):
    page, guard = guarded
    open_app(page, app_server, f"?day={EARLY_MARCH.isoformat()}")
    frame = wait_for_map(page)
    start = map_view(frame)
    assert "center" not in parse_qs(urlsplit(page.url).query)
    # Pan: drag the map 150 px right and 80 px up (the view goes west and south), then zoom in once.
    box = frame.locator(".leaflet-container").first.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 150, y - 80, steps=12)
    page.mouse.up()
    frame.locator(".leaflet-control-zoom-in").click()
    page.wait_for_function(f"() => location.search.includes('zoom={start['zoom'] + 1}')", timeout=30_000)
    wait_idle(page)
    moved = map_view(frame)
    assert moved["zoom"] == start["zoom"] + 1
    assert moved["lon"] < start["lon"] - 0.05 and moved["lat"] < start["lat"] - 0.02, (start, moved)
    assert_same_view(url_view(page), moved)
    # A new day redraws the map (in the same document) on the same view.
    mark_map(page)
    step_day_forward(page, 2, "2025-03-07")
    wait_for_redraw(page)
    wait_idle(page)
    assert_same_view(map_view(wait_for_map(page)), moved)
    assert_same_view(url_view(page), moved)
    # Reloading the link opens on the same day and view.
    page.reload(wait_until="domcontentloaded")
    frame = wait_for_map(page)
    assert slider_text(page) == "7 Mar 2025"
    assert_same_view(map_view(frame), moved)
    screenshot(page, "map-view-kept")
    assert_clean(guard)



# What a map has drawn, counted: marks, stacks, badges, cells, place and settlement labels, control and other
# interactive paths, and the title, legend and sources boxes.
DRAWN_COUNTS_JS = """() => Object.fromEntries(['.kursk-ev-icon', '.kursk-stack', '.kursk-region', '.kursk-cell',
    '.kursk-place', '.kursk-town', '.kursk-title', '.kursk-legend', '.kursk-sources',
    '.leaflet-overlay-pane path.leaflet-interactive'].map(s => [s, document.querySelectorAll(s).length]))"""
# Every handler on the map's moves runs (the label placement of each drawn layer), as after a pan.
FIRE_MOVEEND_JS = "() => Object.values(window).find(v => v instanceof L.Map).fire('moveend')"


def _drawn_after_a_move(frame) -> dict:
    frame.evaluate(FIRE_MOVEEND_JS)
    return frame.evaluate(DRAWN_COUNTS_JS)


def test_a_new_day_is_drawn_into_the_same_map_document(app_server, guarded, chromium):
    page, guard = guarded
    changed = last_extent_change(app_server.layer_path, SUDZHA_RETAKEN)
    before_day = changed - timedelta(days=1)
    open_app(page, app_server, f"?day={before_day.isoformat()}")
    wait_idle(page)
    frame = wait_for_map(page)
    before = control_paths(frame)
    frame.evaluate("() => { window.__sameDocument = true; }")
    shell = page.locator(IFRAME_SELECTOR).first.get_attribute("srcdoc")
    mark_map(page)
    step_day_forward(page, 1, changed.isoformat())
    wait_for_redraw(page)
    wait_idle(page)
    # Leaflet and the basemap stayed loaded: the same document, sent once, drew the new day's data.
    assert frame.evaluate("() => window.__sameDocument === true"), "the map document was replaced"
    assert page.locator(IFRAME_SELECTOR).first.get_attribute("srcdoc") == shell
    assert control_paths(frame) != before, "the new day's extent is not drawn"
    title = frame.locator(".kursk-title").inner_text()
    assert f"{changed.day} {changed:%B %Y}" in title, title
    # Nothing of the day before is left, also once every move handler has run: the map counts what a map
    # opened on the new day draws.
    in_place = _drawn_after_a_move(frame)
    with guarded_page(chromium, {"width": 1400, "height": 1000}) as (fresh, fresh_guard):
        open_app(fresh, app_server, f"?day={changed.isoformat()}")
        wait_idle(fresh)
        fresh_frame = wait_for_map(fresh)
        assert _drawn_after_a_move(fresh_frame) == in_place
        assert control_paths(fresh_frame) == control_paths(frame)
        assert fresh_frame.locator(".kursk-title").inner_text() == title
        assert_clean(fresh_guard)
    # A layer hidden in the layer control stays hidden on the next day.
    frame.locator(".leaflet-control-layers").hover()
    frame.get_by_text("Settlements", exact=True).click()
    assert frame.locator(".kursk-town").count() == 0
    mark_map(page)
    step_day_forward(page, 1, (changed + timedelta(days=1)).isoformat())
    wait_for_redraw(page)
    wait_idle(page)
    assert frame.evaluate("() => window.__sameDocument === true")
    assert frame.locator(".kursk-town").count() == 0, "a hidden layer came back with the new day"
    assert frame.locator(".kursk-place").count() > 0
    assert_clean(guard)



# When the map first drew, and when the events table and the sidebar's filters first appeared (ms since load).
FIRST_SEEN_JS = """() => { if (window !== window.top) { return; }
  const seen = window.__firstSeen = {};
  const now = () => performance.now();
  const timer = setInterval(() => {
    if (!seen.table && document.querySelector('[data-testid="stDataFrame"]')) { seen.table = now(); }
    if (!seen.filters && document.querySelector('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')) {
      seen.filters = now();
    }
    for (const f of document.querySelectorAll('iframe.kursk-map')) {
      try { if (!seen.map && f.contentDocument.documentElement.getAttribute('data-kursk-drawn')) { seen.map = now(); } }
      catch (e) {}
    }
    if (seen.table && seen.filters && seen.map) { clearInterval(timer); }
  }, 10);
}"""


def test_the_map_draws_before_the_table_and_the_filters(app_server, guarded):
    page, guard = guarded
    page.add_init_script(f"({FIRST_SEEN_JS})()")
    open_app(page, app_server, f"?day={EARLY_MARCH.isoformat()}")
    wait_idle(page)
    # The first run drew the map alone; its report of the draw ran the page in full.
    page.wait_for_function("() => window.__firstSeen.table && window.__firstSeen.filters", timeout=60_000)
    seen = page.evaluate("() => window.__firstSeen")
    assert seen["map"] < seen["table"] and seen["map"] < seen["filters"], seen
    assert caption_count(page) > 0
    assert page.get_by_role("button", name="Reset filters").count() == 1
    assert page.get_by_text("Loading the filters").count() == 0
    assert_clean(guard)


# Each settlement name shown (geo.mapview's kursk-town labels): its text, rank and box on screen.
TOWN_LABELS_JS = """() => [...document.querySelectorAll('.kursk-town')].map(el => {
  const r = el.querySelector('span').getBoundingClientRect();
  return {name: el.innerText, rank: +el.className.match(/kursk-town-(\\d)/)[1],
          box: [r.left, r.top, r.right, r.bottom]};
})"""


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_settlements_are_named_more_as_you_zoom_in(app_server, guarded):
    page, guard = guarded
    counts = {}
    for zoom in (9, 11):
        open_app(page, app_server, f"?day=2025-03-14&center=51.2,35.25&zoom={zoom}")
        labels = wait_for_map(page).evaluate(TOWN_LABELS_JS)
        counts[zoom] = len(labels)
        names = [label["name"] for label in labels]
        if zoom == 9:
            # Towns only: Glushkovo and Bolshoye Soldatskoye frame the Sudzha salient.
            assert {"Glushkovo", "Bolshoye Soldatskoye"} <= set(names), names
            assert all(label["rank"] < 3 for label in labels), names
        else:
            assert {"Makhnovka", "Darino", "Lebedevka"} <= set(names), names
            # small villages appear only now (zoom 9 shows towns and villages of 1,000 people or more)
            assert sum(label["rank"] == 3 for label in labels) >= 8, names
        assert not any(_overlap(a["box"], b["box"]) for i, a in enumerate(labels) for b in labels[i + 1:]), names
        screenshot(page, f"map-settlements-zoom{zoom}", height=1000)
    assert counts[11] > counts[9], counts
    assert_clean(guard)


def test_key_date_jump_moves_the_day(app_server, guarded):
    page, guard = guarded
    open_app(page, app_server, f"?day={EARLY_MARCH.isoformat()}")
    page.locator('[data-testid="stSelectbox"]', has_text="Jump to key date").first.click()
    options = page.get_by_role("option")
    target = options.nth(1)  # the first is the "—" placeholder
    label = target.inner_text().strip()
    target.click()
    wanted = datetime.strptime(label.split(" — ")[0], "%d %b %Y").date()
    page.wait_for_function(f"() => location.search.includes('day={wanted.isoformat()}')", timeout=30_000)
    wait_idle(page)
    assert slider_text(page) == f"{wanted.day} {wanted:%b %Y}"
    wait_for_map(page)
    assert_clean(guard)


def test_online_basemap_in_url_is_blocked_but_map_draws(app_server, guarded):
    page, guard = guarded
    open_app(page, app_server, f"?day={SUDZHA_RETAKEN.isoformat()}&basemap=osm")
    expect(page.get_by_role("combobox", name="Basemap")).to_have_value("OpenStreetMap", timeout=15_000)
    frame = wait_for_map(page)
    assert control_paths(frame)
    page.wait_for_timeout(1_000)
    # Tiles are the only thing that may try to leave the machine. They fail, and the map says so
    # and falls back to the offline borders instead of a blank sea.
    assert guard.blocked and all("tile.openstreetmap.org" in url for url in guard.blocked), guard.blocked[:5]
    notice = frame.locator(".kursk-notice")
    notice.wait_for(timeout=10_000)
    assert "OpenStreetMap tiles did not load" in notice.inner_text()
    assert frame.locator(".leaflet-kursk-basemap-pane path").count() > 0, "no offline borders after the failure"
    screenshot(page, "basemap-offline-fallback")
    assert guard.page_errors == [] and guard.dialogs == []
    assert "basemap=osm" in page.url


def _download(page, label: str) -> bytes:
    button = page.locator('[data-testid="stDownloadButton"] button', has_text=label).first
    with page.expect_download(timeout=120_000) as info:
        button.click()
    with open(info.value.path(), "rb") as handle:
        return handle.read()


def test_downloads_are_valid_files(app_server, guarded):
    page, guard = guarded
    open_app(page, app_server, f"?day={SUDZHA_RETAKEN.isoformat()}")
    shown = settled_count(page)

    collection = json.loads(_download(page, "GeoJSON"))
    assert collection["type"] == "FeatureCollection"
    assert sum(f["properties"]["kind"] == "event" for f in collection["features"]) == shown

    rows = list(csv.DictReader(io.StringIO(_download(page, "CSV").decode("utf-8-sig"))))
    assert len(rows) == shown and "event_date" in rows[0]
    assert all(r["event_date"] <= SUDZHA_RETAKEN.isoformat() for r in rows)

    kml = ET.fromstring(_download(page, "KML"))
    assert kml.tag.endswith("kml")
    assert len(kml.findall(".//{*}Placemark/{*}Point")) == shown
    assert kml.findall(".//{*}Placemark//{*}Polygon")  # the control extents begun by the day go with them

    html = _download(page, "HTML map").decode("utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and "L.map(" in html
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.I), "the HTML map loads a script from elsewhere"
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?(https?:)?//", html, re.I), "the HTML map links a CDN"

    assert _download(page, "PNG snapshot").startswith(b"\x89PNG\r\n\x1a\n")
    assert _download(page, "PDF snapshot").startswith(b"%PDF-")
    assert_clean(guard)


# The standalone map's Leaflet view, [west, south, east, north] (its map is the window's "map_<n>").
EXPORTED_BOUNDS_JS = """() => { const m = Object.keys(window).filter(k => k.startsWith('map_')).map(k => window[k])
    .find(v => v instanceof L.Map); const b = m.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }"""


def test_exported_html_map_opens_on_the_bbox(guarded, tmp_path):
    """``python -m geo export --format html --bbox``: the map in the browser shows the box, not much more."""
    from geo.cli import EXIT_OK, main

    page, guard = guarded
    box = (35.05, 51.12, 35.45, 51.28)
    out = tmp_path / "box.html"
    assert main(["export", "--date", "2025-03-14", "--format", "html", "--out", str(out),
                 "--bbox", ",".join(map(str, box))]) == EXIT_OK
    page.set_content(out.read_text(encoding="utf-8"))
    page.wait_for_selector(POLYGON_SELECTOR)
    west, south, east, north = page.evaluate(EXPORTED_BOUNDS_JS)
    assert west <= box[0] and south <= box[1] and east >= box[2] and north >= box[3]
    # Fitted: the closest whole zoom, so at most twice the box along its tighter side.
    assert (east - west) <= 2 * (box[2] - box[0]) or (north - south) <= 2 * (box[3] - box[1])
    assert_clean(guard)


def test_play_advances_and_stops(app_server, guarded):
    page, guard = guarded
    open_app(page, app_server, f"?day={EARLY_MARCH.isoformat()}")
    page.get_by_role("button", name="Play").click()
    page.wait_for_function(
        "() => { const d = new URLSearchParams(location.search).get('day'); return d && d >= '2025-03-19'; }",
        timeout=60_000,
    )
    page.get_by_role("button", name="Stop").click()
    page.get_by_role("button", name="Play").wait_for(timeout=30_000)
    wait_idle(page)
    stopped = slider_text(page)
    page.wait_for_timeout(2_000)
    assert slider_text(page) == stopped, "the animation goes on after Stop"
    assert_clean(guard)


def test_no_errors_on_first_load(app_server, guarded):
    page, guard = guarded
    open_app(page, app_server)
    wait_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.title() == "Kursk campaign map"
    screenshot(page, "first-load")
    assert_clean(guard)



# --------------------------------------------------------------------------
# Untrusted article text: the sample layer of tests/conftest.py carries
# markup, script, javascript: URLs and TeX in quotes, notes, claimants and
# source titles. None of it may run, load anything or render as markup.
# --------------------------------------------------------------------------

HOSTILE_SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    sample = sample_layer()
    path = tmp_path_factory.mktemp("hostile") / "hostile-layer.geojson"
    path.write_text(json.dumps(sample), encoding="utf-8")
    with run_app(path) as server:
        yield server


def test_hostile_article_text_stays_text(hostile_server, guarded):
    page, guard = guarded
    open_app(page, hostile_server, f"?day={SUDZHA_RETAKEN.isoformat()}&hist=1")
    wait_idle(page)
    frame = wait_for_map(page)
    assert frame.evaluate(OPEN_ALL_POPUPS_JS, True) > 0
    # Leaflet keeps the last popup's content in the DOM; every popup was opened once.
    page.wait_for_timeout(300)
    assert frame.locator("script", has_text="alert(").count() == 0
    assert frame.locator("svg[onload], img[onerror]").count() == 0
    # The source filter lists the hostile title as plain text (no markup, no TeX).
    page.locator('[data-testid="stMultiSelect"]', has_text="Source").first.click()
    titles = " ".join(page.get_by_role("option").all_inner_texts())
    assert HOSTILE_SCRIPT in titles and "$\\frac{1}{2}$" in titles, titles
    page.keyboard.press("Escape")
    assert page.locator('[data-testid="stSidebar"] .katex, [data-testid="stSidebar"] b').count() == 0
    page.get_by_label("Search quotes").fill("Sverdlikovo")
    page.get_by_label("Search quotes").press("Enter")
    page.wait_for_function("() => location.search.includes('q=Sverdlikovo')", timeout=30_000)
    assert settled_count(page) >= 1
    grid = page.locator('[data-testid="stDataFrame"] table[role="grid"]').first.inner_text()
    assert "Sverdlikovo" in grid
    screenshot(page, "hostile-text")
    assert_clean(guard)


# --------------------------------------------------------------------------
# Adding articles (issue 5): a server of its own with a copy of the articles
# folder and of the layer, since a rebuild rewrites the layer it shows.
# --------------------------------------------------------------------------

NEW_ARTICLE = """Ukraine's General Staff said on 12 March 2025 that its forces had withdrawn from Sudzha.
Russian troops entered Sudzha in the Kursk region, the Russian Defence Ministry claimed on 13 March 2025.
"""


@pytest.fixture(scope="module")
def upload_server(app_layer, tmp_path_factory):
    """An app whose articles folder and layer are temporary copies."""
    from geo import settings

    root = tmp_path_factory.mktemp("upload")
    articles = root / "articles"
    shutil.copytree(settings.SEEDS_DIR, articles)
    layer = root / "layer.geojson"
    shutil.copyfile(app_layer, layer)
    with run_app(layer, env={"GEO_ARTICLES_DIR": str(articles)}) as server:
        yield server, articles, layer


def _upload(page, files: list[dict]) -> None:
    page.locator('[data-testid="stExpander"]', has_text="Add articles").first.click()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(files)
    button = page.get_by_role("button", name="Add and rebuild the map")
    button.wait_for()
    page.wait_for_function(
        """() => [...document.querySelectorAll('button')]
            .some(b => b.innerText.includes('Add and rebuild the map') && !b.disabled)""",
        timeout=30_000,
    )
    button.click()


def test_upload_adds_article_and_rebuilds(upload_server, guarded):
    server, articles, layer = upload_server
    before_files = {p.name for p in articles.iterdir()}
    before_mtime = layer.stat().st_mtime_ns
    page, guard = guarded
    open_app(page, server, f"?day={SUDZHA_RETAKEN.isoformat()}")
    _upload(page, [
        {"name": "Sudzha withdrawal (BBC).txt", "mimeType": "text/plain", "buffer": NEW_ARTICLE.encode()},
        {"name": "empty.txt", "mimeType": "text/plain", "buffer": b"   "},
    ])
    page.get_by_text("Rebuilt:").wait_for(timeout=300_000)
    added = {p.name for p in articles.iterdir()} - before_files
    assert added == {"Sudzha_withdrawal_BBC_.txt"}, added
    assert layer.stat().st_mtime_ns != before_mtime, "the layer was not rebuilt"
    results = page.locator('[data-testid="stSidebar"] [data-testid="stDataFrame"] table').first.inner_text()
    assert "saved as Sudzha_withdrawal_BBC_.txt" in results and "empty file" in results
    wait_for_map(page)
    screenshot(page, "upload-rebuilt")
    assert_clean(guard)


def test_failed_upload_leaves_map_as_it_was(upload_server, guarded):
    server, articles, layer = upload_server
    before_files = {p.name for p in articles.iterdir()}
    before = layer.read_bytes()
    page, guard = guarded
    open_app(page, server, f"?day={SUDZHA_RETAKEN.isoformat()}")
    paths = control_paths(wait_for_map(page))
    _upload(page, [{"name": "blank.txt", "mimeType": "text/plain", "buffer": b"\n\n"}])
    page.get_by_text("No file was added").wait_for(timeout=60_000)
    assert {p.name for p in articles.iterdir()} == before_files
    assert layer.read_bytes() == before
    assert control_paths(wait_for_map(page)) == paths
    assert_clean(guard)


# --------------------------------------------------------------------------
# Exposure: the project's .streamlit/config.toml, as `streamlit run app.py` reads it
# --------------------------------------------------------------------------


def test_upload_limit_is_the_article_limit(app_server, guarded):
    import tomllib

    from geo import settings

    config = tomllib.loads((settings.ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == settings.MAX_ARTICLE_BYTES
    page, guard = guarded
    open_app(page, app_server, f"?day={SUDZHA_RETAKEN.isoformat()}")
    page.locator('[data-testid="stExpander"]', has_text="Add articles").first.click()
    uploader = page.locator('[data-testid="stFileUploader"]').first
    uploader.wait_for()
    limit_mb = settings.MAX_ARTICLE_BYTES // (1024 * 1024)
    assert f"{limit_mb}MB per file" in uploader.inner_text(), uploader.inner_text()
    assert_clean(guard)


def test_server_listens_on_loopback_only_and_looks_up_no_ip(app_layer):
    from tests.browser import listening_addresses, require_chromium

    require_chromium()  # the harness's streamlit server; no browser is driven here
    with run_app(app_layer, address=None) as server:  # no --server.address: the config decides
        deadline = time.monotonic() + 15
        while "URL:" not in server.log_tail() and time.monotonic() < deadline:
            time.sleep(0.2)
        log = server.log_tail()
        listening = listening_addresses(server.port)
    assert listening and listening <= {"127.0.0.1", "::1"}, listening
    # Streamlit prints these only after asking the network (and an IP-lookup service) for addresses.
    assert "URL: http://127.0.0.1" in log and "Network URL" not in log and "External URL" not in log, log


# --------------------------------------------------------------------------
# Small things a user sees
# --------------------------------------------------------------------------

# The table cells' font (Streamlit's dataframe) and the grid's cell padding, left + right.
TABLE_FONT, TABLE_CELL_PADDING_PX = '14px "Source Sans"', 16
TEXT_WIDTH_JS = """([font, texts]) => { const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = font; return Math.max(...texts.map(t => ctx.measureText(t).width)); }"""


def test_table_date_column_fits_its_dates(app_server, guarded):
    from streamlit.testing.v1 import AppTest

    from geo import filters
    from tests.browser import REPO
    from geo.layer import read_layer

    last = filters.timeline_bounds(read_layer(app_server.layer_path))[1]
    # The page as the app builds it (all events up to the last day), read from its own element.
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.query_params["day"] = last.isoformat()
    at.session_state["map"] = {"drawn": True}  # what the map frame reports once it has drawn (no browser here)
    at.run()
    assert not at.exception, at.exception
    table = at.dataframe[0]
    width = json.loads(table.proto.columns)["date"]["width"]
    dates = [*table.value["date"], "28 February 2024 – 6 March 2025"]  # and the longest a span can give
    page, guard = guarded
    open_app(page, app_server, f"?day={last.isoformat()}")
    page.wait_for_function("() => document.fonts.check('14px \"Source Sans\"')", timeout=10_000)
    needed = page.evaluate(TEXT_WIDTH_JS, [TABLE_FONT, dates])
    assert isinstance(width, int) and width >= needed + TABLE_CELL_PADDING_PX, (width, needed)
    assert_clean(guard)


def test_play_and_stop_show_real_icons(app_server, guarded):
    page, guard = guarded
    open_app(page, app_server, "?day=2024-08-06")  # a long animation ahead, so Stop stays a while
    play = page.get_by_role("button", name="Play")
    assert play.locator('[data-testid="stIconMaterial"]').inner_text() == "play_arrow"
    assert "▶" not in play.inner_text()
    play.click()
    stop = page.get_by_role("button", name="Stop")
    stop.wait_for(timeout=30_000)
    assert stop.locator('[data-testid="stIconMaterial"]').inner_text() == "stop_circle"
    # The icon font is Streamlit's own (served locally), so the ligature draws an icon, not a box.
    assert page.evaluate("() => document.fonts.check('24px \"Material Symbols Rounded\"', 'stop_circle')")
    assert "⏹" not in stop.inner_text()
    from tests.browser import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stop.screenshot(path=str(ARTIFACTS / "stop-button.png"), timeout=10_000)
    stop.click()
    page.get_by_role("button", name="Play").wait_for(timeout=30_000)
    assert_clean(guard)


def test_first_view_opens_on_the_latest_control_change(app_server, guarded):
    from geo import filters
    from geo.layer import read_layer

    layer = read_layer(app_server.layer_path)
    opening = filters.opening_day(layer)
    assert opening != filters.timeline_bounds(layer)[1] or not filters.controls(layer)
    page, guard = guarded
    open_app(page, app_server)  # no day in the link
    assert slider_text(page) == f"{opening.day} {opening:%b %Y}"
    page.wait_for_function(f"() => location.search.includes('day={opening.isoformat()}')", timeout=30_000)
    # The key dates read as sentences, and they are ticks under the slider.
    page.locator('[data-testid="stSelectbox"]', has_text="Jump to key date").first.click()
    labels = [t.split(" — ", 1)[1] for t in page.get_by_role("option").all_inner_texts() if " — " in t]
    page.keyboard.press("Escape")
    assert labels and not [label for label in labels if label.startswith(("Control:", "Change to group/activity:"))]
    assert any(" holds about " in label for label in labels), labels
    ticks = page.locator('[data-testid="stImage"] img').first
    assert ticks.is_visible()
    screenshot(page, "first-view")
    assert_clean(guard)


# --------------------------------------------------------------------------
# The claims ledger (issue 9, part 5): a settlement's claims from its name on
# the map, the ledger table under the events and its CSV download.
# --------------------------------------------------------------------------

LEDGER_GRADE = re.compile(r"\b[A-F][1-6]\b")


def _sudzha_claims(layer_path, day: date) -> list[dict]:
    """Sudzha's claims made by ``day``, read from the layer file (what the ledger popup must list)."""
    from geo import filters
    from geo.layer import read_layer

    shown = filters.filter_claims(read_layer(layer_path), filters.EventFilter(), up_to=day)
    return [f["properties"] for f in shown if f["properties"]["place"] == "Sudzha"]


def test_a_settlement_opens_its_ledger_and_the_ledger_downloads(app_server, guarded):
    """Its screenshot (tests/artifacts/ledger-popup.png) is the view of docs/screenshot-ledger.png."""
    from geo.ledger import LEDGER_COLUMNS

    page, guard = guarded
    expected = _sudzha_claims(app_server.layer_path, SUDZHA_RETAKEN)
    march = [c for c in expected if c["start"].startswith("2025-03")]
    assert len(march) >= 2, "the seeds make at least two claims about Sudzha in March 2025"
    open_app(page, app_server, f"?day={SUDZHA_RETAKEN.isoformat()}")
    frame = wait_for_map(page)
    frame.locator(".kursk-place-ledger", has_text="Sudzha").first.click()
    popup = frame.locator(".leaflet-popup-content .kursk-ledger").first
    popup.wait_for()
    assert "Sudzha · ledger" in popup.inner_text()
    rows = popup.locator("tr.kursk-ledger-claim").all_inner_texts()
    quotes = popup.locator("tr.kursk-ledger-q blockquote").all_inner_texts()
    assert len(rows) == len(expected) and len(quotes) == len(expected)
    # the March claims side by side, in date order, each with its side, claimant, grade and standing
    assert sum("March 2025" in r for r in rows) == len(march)
    for row, claim, quote in zip(rows, expected, quotes):
        assert LEDGER_GRADE.search(row) and f"{claim['reliability']}{claim['credibility']}" in row
        assert claim["standing"] in row and claim["control"] in row and (claim["holder"] or "") in row
        assert (claim["claimant"] or "the outlet") in row and (claim["side"] or "side not known") in row
        assert quote == claim["quote"]
    page.wait_for_timeout(400)  # the popup's pan ends
    screenshot(page, "ledger-popup", height=1000)

    # the ledger table, with the page's filters, and its CSV beside the other downloads
    page.locator('[data-testid="stExpander"]', has_text="Ledger: who claims what").first.click()
    table = page.locator('[data-testid="stExpander"]', has_text="Ledger: who claims what").first
    table.locator('[data-testid="stDataFrame"]').wait_for()
    shown = len(_all_claims(app_server.layer_path, SUDZHA_RETAKEN))
    assert f"{shown} claim" in table.locator('[data-testid="stCaptionContainer"]').first.inner_text()
    grid = table.locator('[data-testid="stDataFrame"] table[role="grid"]').first
    assert int(grid.get_attribute("aria-rowcount")) - 1 == shown
    rows = list(csv.DictReader(io.StringIO(_download(page, "Ledger CSV").decode("utf-8"))))
    assert list(rows[0]) == list(LEDGER_COLUMNS) and len(rows) == shown
    assert [r["quote"] for r in rows if r["place"] == "Sudzha"] == [c["quote"] for c in expected]
    assert_clean(guard)


def _all_claims(layer_path, day: date) -> list[dict]:
    from geo import filters
    from geo.layer import read_layer

    return filters.filter_claims(read_layer(layer_path), filters.EventFilter(), up_to=day)


# --------------------------------------------------------------------------
# Issue 10, the rest: slides of the view on screen, readable slider ticks,
# labels clear of the marks, a slider bounded by the event dates.
# --------------------------------------------------------------------------

SCREENSHOT_DAY = date(2025, 3, 14)
VIEWPORTS = ({"width": 1600, "height": 1000}, {"width": 1280, "height": 720})
MAP_BOUNDS_JS = """() => { const map = Object.values(window).find(v => v instanceof L.Map);
    const b = map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }"""


@pytest.fixture
def sized(chromium, request):
    """A guarded page of the viewport ``request.param`` (width, height)."""
    with guarded_page(chromium, request.param) as pair:
        yield pair


def _slide_extent(png: bytes) -> list[float]:
    from PIL import Image

    return [float(v) for v in Image.open(io.BytesIO(png)).text["Map extent"].split(",")]


def _covers(extent: list[float], bounds: list[float], *, slack: float = 1e-4) -> bool:
    return (extent[0] <= bounds[0] + slack and extent[1] <= bounds[1] + slack
            and extent[2] >= bounds[2] - slack and extent[3] >= bounds[3] - slack)


def _area(box: list[float]) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


@pytest.mark.parametrize("sized", VIEWPORTS, indirect=True, ids=["1600x1000", "1280x720"])
def test_slides_show_the_view_on_screen(app_server, sized, tmp_path):
    page, guard = sized
    open_app(page, app_server, f"?day={SCREENSHOT_DAY.isoformat()}&center=51.2,35.25&zoom=11")
    wait_idle(page)
    frame = wait_for_map(page)
    # Opened from a link: the slide takes in at least what the map shows (to a pixel: Leaflet rounds its origin).
    seen = frame.evaluate(MAP_BOUNDS_JS)
    first = _slide_extent(_download(page, "PNG snapshot"))
    assert _covers(first, seen, slack=0.0015), (first, seen)
    # Panned: the map reports what it shows, and the slide shows just that (widened to 16:9 only).
    page.locator(IFRAME_SELECTOR).first.scroll_into_view_if_needed()  # the download scrolled to its button
    box = frame.locator(".leaflet-container").first.bounding_box()
    x, y = box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.3  # on open ground, off the marks
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 120, y + 60, steps=10)
    page.mouse.up()
    page.wait_for_function("() => { const c = new URLSearchParams(location.search).get('center');"
                           " return c && Math.abs(+c.split(',')[1] - 35.25) > 0.05; }", timeout=30_000)
    wait_idle(page)
    seen = frame.evaluate(MAP_BOUNDS_JS)
    png = _download(page, "PNG snapshot")
    extent = _slide_extent(png)
    assert _covers(extent, seen), (extent, seen)
    assert _area(extent) < 1.5 * _area(seen), (extent, seen)
    assert extent[0] > first[0] + 0.05, "the slide did not follow the pan east"
    # Its labels are the view's: villages named at this zoom, towns outside it not; a locator beside it.
    pdf = tmp_path / "slide.pdf"
    pdf.write_bytes(_download(page, "PDF snapshot"))
    import subprocess

    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
                    .stdout.split())
    from geo import basemap

    inside = [t["name"] for t in basemap.settlements(tuple(seen)) if t["rank"] == 3]
    named = [name for name in inside if name in text]
    assert "Makhnovka" in named and len(named) >= 5, (named, inside)
    assert "Glushkovo" not in text and "Tëtkino" not in text
    assert "Where the map lies (red)" in text
    if page.viewport_size["width"] == 1600:
        from tests.browser import ARTIFACTS

        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "slide-2025-03-14-zoom11.png").write_bytes(png)
    assert_clean(guard)


# The month labels under the slider as the browser lays them out: the strip's SVG drawn inline at the
# width the image has on the page (so, scaled alike), each <text>'s box read, the copy removed.
TICK_LABELS_JS = """(img) => {
  const width = img.getBoundingClientRect().width;
  const holder = document.createElement('div');
  holder.style.cssText = 'position:absolute;left:0;top:0;width:' + width + 'px';
  holder.innerHTML = atob(img.src.split(',')[1]);
  document.body.appendChild(holder);
  const svg = holder.querySelector('svg');
  svg.setAttribute('width', '100%'); svg.removeAttribute('height');
  const out = [...svg.querySelectorAll('text')].map(t => { const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left, right: r.right, height: r.height}; });
  holder.remove();
  return {width, labels: out};
}"""


@pytest.mark.parametrize("sized", VIEWPORTS, indirect=True, ids=["1600x1000", "1280x720"])
def test_slider_month_labels_are_readable(app_server, sized):
    page, guard = sized
    open_app(page, app_server, f"?day={SCREENSHOT_DAY.isoformat()}")
    wait_idle(page)
    strip = page.locator('[data-testid="stImage"] img').first.element_handle()
    seen = page.evaluate(TICK_LABELS_JS, strip)
    labels = seen["labels"]
    assert len(labels) >= 4, labels
    for label, after in zip(labels, labels[1:]):
        assert label["right"] + 3 <= after["left"], (label, after)  # a gap between any two
    assert labels[-1]["right"] <= seen["width"] + 0.5, labels[-1]
    assert min(label["height"] for label in labels) >= 10, labels  # about 9 px text or more
    assert_clean(guard)


# Each label on the map (settlement names and place labels) and each mark it must not cover:
# event shapes, stacks' counts, aggregate cells and region badges, as boxes on screen.
LABELS_AND_MARKS_JS = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {
    labels: [...document.querySelectorAll('.leaflet-marker-icon:is(.kursk-place, .kursk-town) > span')]
      .map(e => ({name: e.textContent, box: box(e)})),
    marks: [...document.querySelectorAll('.leaflet-marker-icon :is(.kursk-stack > div, svg > g, .kursk-region-n), '
                                         + '.leaflet-marker-icon.kursk-cell > div')]
      .map(e => ({what: e.closest('.leaflet-marker-icon').className, box: box(e)})),
  };
}"""


@pytest.mark.parametrize("sized", VIEWPORTS, indirect=True, ids=["1600x1000", "1280x720"])
def test_labels_keep_clear_of_the_marks(app_server, sized):
    page, guard = sized
    width = page.viewport_size["width"]
    for query, name in ((f"?day={SCREENSHOT_DAY.isoformat()}", f"app-2025-03-14-{width}"),
                        (f"?day={SCREENSHOT_DAY.isoformat()}&center=51.2,35.25&zoom=11", f"app-2025-03-14-zoom11-{width}")):
        open_app(page, app_server, query)
        wait_idle(page)
        frame = wait_for_map(page)
        page.wait_for_timeout(300)
        seen = frame.evaluate(LABELS_AND_MARKS_JS)
        assert any("Sverdlikovo" in label["name"] for label in seen["labels"])
        assert any("kursk-stack" in mark["what"] for mark in seen["marks"]), "no stack at Sudzha on this day"
        covered = [(label["name"], mark["what"]) for label in seen["labels"] for mark in seen["marks"]
                   if _overlap(label["box"], mark["box"])]
        assert not covered, covered
        from tests.browser import ARTIFACTS

        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    assert_clean(guard)


def _slider_ends(page) -> tuple[date, date]:
    """The day slider's first and last day (its input's min and max are microseconds since 1970)."""
    handle = page.locator('[data-testid="stSlider"] input[type="range"]').first
    return tuple((datetime(1970, 1, 1) + timedelta(microseconds=int(handle.get_attribute(a)))).date()
                 for a in ("min", "max"))


def _type_date(page, label: str, day: date) -> None:
    """Type ``day`` into the date input ``label`` (year, month, day fields), then leave it, which applies it."""
    page.get_by_role("spinbutton", name=f"year, {label}").click()
    page.keyboard.type(f"{day:%Y%m%d}")
    page.get_by_role("heading", name="Kursk campaign map").click()


def _pick_date(page, label: str, day: date) -> None:
    """Pick ``day`` in the calendar of the date input ``label`` (the calendar opens on the input's month)."""
    field = page.locator('[data-testid="stDateInput"]', has_text=label).first
    field.get_by_role("button", name="Choose date").click()
    page.locator(f'[role="button"][aria-label="{day:%A, %B} {day.day}, {day.year}"]').click()


def test_the_event_dates_bound_the_slider_as_soon_as_picked(app_server, guarded):
    from geo import filters
    from geo.layer import read_layer

    page, guard = guarded
    lo, hi = filters.timeline_bounds(read_layer(app_server.layer_path))
    open_app(page, app_server, "?day=2025-02-20")
    assert _slider_ends(page) == (lo, hi)
    _type_date(page, "Events from", date(2025, 3, 1))
    # Applies at once: the URL, the slider's start and the day, moved into the range.
    page.wait_for_function("() => location.search.includes('from=2025-03-01')", timeout=30_000)
    wait_idle(page)
    assert _slider_ends(page) == (date(2025, 3, 1), hi)
    assert slider_text(page) == "1 Mar 2025"
    _type_date(page, "Events to", date(2025, 4, 20))
    page.wait_for_function("() => location.search.includes('to=2025-04-20')", timeout=30_000)
    wait_idle(page)
    # A day picked in the calendar applies as it is picked: nothing else to close or confirm.
    _pick_date(page, "Events to", date(2025, 4, 10))
    page.wait_for_function("() => location.search.includes('to=2025-04-10')", timeout=30_000)
    wait_idle(page)
    assert _slider_ends(page) == (date(2025, 3, 1), date(2025, 4, 10))
    tick_bar = page.locator('[data-testid="stSliderTickBar"]').first.inner_text()
    assert "1 Mar 2025" in tick_bar and "10 Apr 2025" in tick_bar
    # The slider stops at the range's end, and the key dates offered lie inside it.
    slider = page.get_by_role("slider", name="Day")
    slider.focus()
    page.keyboard.press("End")
    page.wait_for_function("() => location.search.includes('day=2025-04-10')", timeout=30_000)
    wait_idle(page)
    page.locator('[data-testid="stSelectbox"]', has_text="Jump to key date").first.click()
    offered = [t.split(" — ")[0] for t in page.get_by_role("option").all_inner_texts() if " — " in t]
    page.keyboard.press("Escape")
    assert offered and all(date(2025, 3, 1) <= datetime.strptime(d, "%d %b %Y").date() <= date(2025, 4, 10)
                           for d in offered), offered
    # A link with the range opens the slider on it.
    page.goto(app_server.url + "?day=2025-03-10&from=2025-03-01&to=2025-03-20", wait_until="domcontentloaded")
    wait_for_map(page)
    assert _slider_ends(page) == (date(2025, 3, 1), date(2025, 3, 20))
    screenshot(page, "slider-follows-dates", height=1000)
    assert_clean(guard)


# --------------------------------------------------------------------------
# Reported beside assessed: a DeepState snapshot imported into the seeds' layer
# --------------------------------------------------------------------------

DEEPSTATE_13_MARCH = settings.ROOT.parent / "shared" / "deepstate" / "1741873398.geojson"  # as published


@pytest.fixture(scope="module")
def assessed_server(tmp_path_factory, app_layer):
    if not DEEPSTATE_13_MARCH.exists():
        pytest.skip(f"{DEEPSTATE_13_MARCH} is not here (../shared/deepstate)")
    from geo.importer import import_control

    path = tmp_path_factory.mktemp("assessed") / "layer.geojson"
    path.write_bytes(Path(app_layer).read_bytes())
    import_control([DEEPSTATE_13_MARCH], layer_path=path, preset="deepstate")
    with run_app(path) as server:
        yield server


def test_the_reported_extent_is_compared_with_an_imported_one(assessed_server, guarded):
    page, guard = guarded
    open_app(page, assessed_server, "?day=2025-03-14")
    wait_idle(page)
    line = page.get_by_text("Ukraine, reported vs assessed:")
    line.wait_for(timeout=30_000)
    text = page.locator('[data-testid="stCaptionContainer"]', has_text="reported vs assessed").inner_text()
    assert re.search(r"from the reports, [\d,]+ km² on the imported map \([+−-][\d,]+ km²\)", text), text
    assert "IoU 0." in text


@pytest.mark.parametrize("sized", VIEWPORTS, indirect=True, ids=["1600x1000", "1280x720"])
def test_the_maps_centre_is_on_screen_when_the_page_opens(app_server, sized):
    page, guard = sized
    open_app(page, app_server, f"?day={SCREENSHOT_DAY.isoformat()}")
    wait_idle(page)
    box = page.locator(IFRAME_SELECTOR).first.bounding_box()
    viewport = page.viewport_size
    # the extent and its events sit at the map's centre: on a 1280×720 laptop it must not open below the fold
    assert box["y"] + box["height"] / 2 < 0.75 * viewport["height"], (box, viewport)
    assert not guard.blocked
