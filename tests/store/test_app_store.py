"""The app draws from the team store (``GEO_STORE_URL``) in headless Chromium."""

from __future__ import annotations

import copy
from pathlib import Path

from geo import store
from tests.browser import caption_count, open_app, run_app, wait_for_map, require_chromium
from tests.conftest import sample_layer

DAY = "2025-04-30"  # after every sample event but the historical one


def _shown_events(fc: dict) -> int:
    return sum(1 for f in fc["features"] if f["properties"]["kind"] == "event" and not f["properties"]["historical"]
               and f["properties"]["date_start"] <= DAY)


def test_the_app_draws_the_store_and_sees_a_new_build(store_url: str, tmp_path: Path, guarded) -> None:
    require_chromium()
    fc = sample_layer()
    store.write_layer(fc, store_url)
    page, guard = guarded
    # No layer file at all: whatever the page draws comes from the store.
    with run_app(tmp_path / "no-layer.geojson", env={"GEO_STORE_URL": store_url}) as server:
        open_app(page, server, f"?day={DAY}")
        assert caption_count(page) == _shown_events(fc)
        later = copy.deepcopy(next(f for f in fc["features"] if f["properties"]["kind"] == "event"
                                   and not f["properties"]["historical"]))
        later["id"] = later["properties"]["event_id"] = "ev-added-in-store"
        store.write_layer({**fc, "features": [*fc["features"], later]}, store_url)  # another analyst's build
        page.reload(wait_until="domcontentloaded")
        wait_for_map(page)
        assert caption_count(page) == _shown_events(fc) + 1
    assert guard.page_errors == [] and guard.blocked == []


CELL_SELECTOR = ".leaflet-marker-icon.kursk-cell"
SINGLE_SELECTOR = ".leaflet-marker-icon:is(.kursk-ev-icon, .kursk-stack)"
TITLE_DATE_SELECTOR = ".kursk-title .kursk-date"


def _expected(layer: dict, day: str) -> int:
    from datetime import date

    from geo import filters

    return len(filters.filter_events(layer, filters.EventFilter(), up_to=date.fromisoformat(day)))


def _drawn_once_zoomed(page, timeout_s: float = 60.0) -> dict:
    """The map's marks once it has drawn without grid cells (the zoomed-in view's box), else the last seen."""
    import time

    from tests.browser import map_frame

    deadline, seen = time.monotonic() + timeout_s, {}
    while time.monotonic() < deadline:
        try:
            frame = map_frame(page)
            seen = {"cells": frame.locator(CELL_SELECTOR).count(), "singles": frame.locator(SINGLE_SELECTOR).count()}
        except Exception:  # the frame was replaced while counting
            continue
        if seen["cells"] == 0 and seen["singles"]:
            return seen
        page.wait_for_timeout(250)
    return seen


def test_the_app_on_the_store_draws_the_view_and_moves_with_the_slider(store_url: str, tmp_path: Path,
                                                                        guarded) -> None:
    from tests.browser import map_frame, mark_map, screenshot, wait_for_redraw, wait_idle
    from tests.conftest import synthetic_layer

    require_chromium()
    layer = synthetic_layer(3000)  # more than the map draws one by one (1,500): the rest in grid cells
    store.write_layer(layer, store_url)
    page, guard = guarded
    with run_app(tmp_path / "no-layer.geojson", env={"GEO_STORE_URL": store_url}) as server:
        open_app(page, server, "?day=2025-01-15")
        frame = wait_for_map(page)
        assert caption_count(page) == _expected(layer, "2025-01-15") > 1500
        assert frame.locator(CELL_SELECTOR).count() > 0
        assert frame.locator(TITLE_DATE_SELECTOR).inner_text() == "15 January 2025"
        screenshot(page, "store-view", height=1000)
        mark_map(page)
        page.get_by_role("slider", name="Day").focus()
        page.keyboard.press("ArrowRight")
        wait_for_redraw(page)
        page.wait_for_function("() => location.search.includes('day=2025-01-16')", timeout=30_000)
        wait_idle(page)
        frame = wait_for_map(page)
        assert frame.locator(TITLE_DATE_SELECTOR).inner_text() == "16 January 2025"
        assert caption_count(page) == _expected(layer, "2025-01-16") > _expected(layer, "2025-01-15")
        # Zoomed in, the map asks for the events around its view only: few enough to draw one by one.
        open_app(page, server, "?day=2025-01-15&center=51.2,35.3&zoom=12")
        drawn = _drawn_once_zoomed(page)
        assert drawn["cells"] == 0 and drawn["singles"] > 100, drawn
        title = map_frame(page).locator(".kursk-title").inner_text()
        assert "in and around this view" in title
        screenshot(page, "store-view-zoomed", height=1000)
        assert caption_count(page) == _expected(layer, "2025-01-15")  # the table keeps the whole filter
    assert guard.page_errors == [] and guard.blocked == []


def _download(page, label: str) -> bytes:
    button = page.locator('[data-testid="stDownloadButton"] button', has_text=label).first
    with page.expect_download(timeout=120_000) as info:
        button.click()
    with open(info.value.path(), "rb") as handle:
        return handle.read()


def test_downloads_on_the_store_hold_the_whole_view(store_url: str, tmp_path: Path, guarded) -> None:
    """Downloads are asked of the store when clicked: every event the filter keeps, not the table's newest."""
    import csv
    import io
    import json

    from tests.conftest import synthetic_layer

    require_chromium()
    layer = synthetic_layer(2500)
    store.write_layer(layer, store_url)
    page, guard = guarded
    with run_app(tmp_path / "no-layer.geojson", env={"GEO_STORE_URL": store_url}) as server:
        open_app(page, server, "?day=2025-03-14")
        shown = caption_count(page)
        assert shown == _expected(layer, "2025-03-14") > 2000  # more than the table lists
        rows = list(csv.DictReader(io.StringIO(_download(page, "CSV").decode("utf-8-sig"))))
        assert len(rows) == shown
        collection = json.loads(_download(page, "GeoJSON"))
        assert sum(f["properties"]["kind"] == "event" for f in collection["features"]) == shown
        assert _download(page, "PNG snapshot").startswith(b"\x89PNG\r\n\x1a\n")
    assert guard.page_errors == [] and guard.blocked == []
