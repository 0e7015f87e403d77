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
