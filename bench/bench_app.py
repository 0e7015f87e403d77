"""Benchmark the Streamlit page in headless Chromium (prints figures).

Measures, against a real ``streamlit run app.py`` on loopback:

- first render: navigation to Leaflet polygons visible, per new session
  (each run asks for a day not drawn before, so the map is built anew);
- slider redraw: a key press on the day slider to a redrawn map (a new
  map document, or the live map's data drawn in place);
- what was sent for the map: the iframe's srcdoc (the live map document,
  sent once) plus the last view's data it drew;
- the same on a synthetic layer of 10,000 events (the real events
  jittered in place and time), plus the DOM marker count, which must stay
  bounded by geo.mapview's ``max_markers``.

Targets: first render < 3 s, slider redraw < 1 s, map HTML < 2 MB.
Usage: ``python bench/bench_app.py [--runs 5] [--skip-synthetic]
[--docs-screenshot]``. This script only measures: it does not assert
behaviour (tests/test_app_browser.py does) and sends nothing off loopback.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser import (  # noqa: E402
    REPO, guard_context, iframe_html_length, launch_chromium, mark_map, open_app, run_app, wait_for_map,
    wait_for_redraw, wait_idle,
)

TARGET_FIRST_S, TARGET_REDRAW_S, TARGET_HTML_BYTES = 3.0, 1.0, 2 * 1024 * 1024
SYNTHETIC_EVENTS = 10_000
MAX_MARKERS = 1500  # geo.mapview.build_map's default: beyond it events are aggregated
# Event marks drawn by geo.mapview: circle markers (arc paths), shape icons, aggregate cells.
EVENT_MARKS_JS = """() => {
  const arcs = [...document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive')]
      .filter(p => /a/i.test(p.getAttribute('d') || ''));
  return arcs.length + document.querySelectorAll('.kursk-ev-icon, .kursk-cell').length;
}"""
DOCS_SCREENSHOT = REPO / "docs" / "screenshot-app.png"


def bench_layer(folder: Path) -> Path:
    """The committed layer (data/layer.geojson)."""
    from tests.browser import fixture_layer_file

    try:
        return fixture_layer_file(folder)
    except BaseException as exc:  # pytest.fail outside pytest
        sys.exit(f"no layer to benchmark: {exc}")


def synthetic_layer(source: Path, out: Path, *, n_events: int, seed: int = 7) -> Path:
    """Write a layer of ``n_events`` events jittered from the real ones.

    Coordinates move by up to ~10 km, dates by up to 30 days (kept inside
    the source's timeline); ids are new and unique. Control extents and
    places are kept as they are.
    """
    from geo import filters
    from geo.layer import read_layer, write_layer

    layer = read_layer(source)
    base = filters.events(layer)
    if not base:
        sys.exit(f"{source} has no events to jitter")
    lo, hi = filters.timeline_bounds(layer)
    rng = random.Random(seed)
    made = []
    for i in range(n_events):
        feature = copy.deepcopy(base[i % len(base)])
        lon, lat = feature["geometry"]["coordinates"]
        feature["geometry"]["coordinates"] = [round(lon + rng.uniform(-0.15, 0.15), 5),
                                              round(lat + rng.uniform(-0.09, 0.09), 5)]
        props = feature["properties"]
        shift = timedelta(days=rng.randint(-30, 30))
        start = min(max(date.fromisoformat(props["date_start"]) + shift, lo), hi)
        end = max(start, min(date.fromisoformat(props["date_end"]) + shift, hi))
        props.update(date_start=start.isoformat(), date_end=end.isoformat(), event_date=start.isoformat())
        new_id = "ev-" + hashlib.sha1(f"synthetic-{i}".encode()).hexdigest()[:12]
        feature["id"] = props["event_id"] = new_id
        made.append(feature)
    others = [f for f in layer["features"] if f["properties"]["kind"] != "event"]
    layer["features"] = others + sorted(made, key=lambda f: f["id"])
    write_layer(layer, out)
    return out


def measure(browser, server, *, runs: int, label: str) -> dict[str, list[float]]:
    """First render, slider redraw, HTML size and marker count over ``runs`` sessions."""
    from geo import filters
    from geo.layer import read_layer

    # Days on which a control extent exists, so "polygons visible" can happen.
    extents = filters.controls(read_layer(server.layer_path))
    lo = min(date.fromisoformat(f["properties"]["valid_from"]) for f in extents)
    hi = max(date.fromisoformat(f["properties"]["valid_to"]) for f in extents)
    span = max(1, (hi - lo).days)
    figures: dict[str, list[float]] = {"first_s": [], "warm_s": [], "redraw_s": [], "html_bytes": [], "marks": []}
    for run in range(runs):
        # A day no earlier run asked for, so the server builds the map anew.
        day = lo + timedelta(days=(span * (run + 1)) // (runs + 2))
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        guard = guard_context(context)
        page = context.new_page()
        start = time.perf_counter()
        open_app(page, server, f"?day={day.isoformat()}")
        figures["first_s"].append(time.perf_counter() - start)
        wait_idle(page)
        figures["html_bytes"].append(iframe_html_length(page))
        figures["marks"].append(wait_for_map(page).evaluate(EVENT_MARKS_JS))
        slider = page.get_by_role("slider", name="Day")
        for _ in range(2):
            mark_map(page)
            slider.focus()
            start = time.perf_counter()
            page.keyboard.press("ArrowRight")
            wait_for_redraw(page)
            figures["redraw_s"].append(time.perf_counter() - start)
            wait_idle(page)
        # A returning user: new session (reload), the browser cache holds Streamlit's scripts.
        start = time.perf_counter()
        open_app(page, server, f"?day={(day + timedelta(days=3)).isoformat()}")
        figures["warm_s"].append(time.perf_counter() - start)
        wait_idle(page)
        if guard.blocked or guard.page_errors:
            print(f"  [{label}] run {run}: blocked={guard.blocked[:3]} errors={guard.page_errors[:3]}")
        context.close()
    return figures


def report(label: str, figures: dict[str, list[float]]) -> None:
    """Print medians (and worst) against the targets."""
    def med(key: str) -> float:
        return statistics.median(figures[key])

    first, redraw, html = med("first_s"), med("redraw_s"), med("html_bytes")
    print(f"[{label}]")
    print(f"  first render, new browser context  median {first:.2f} s  max {max(figures['first_s']):.2f} s  "
          f"(target < {TARGET_FIRST_S:.0f} s) {'OK' if first < TARGET_FIRST_S else 'SLOW'}")
    print(f"  first render, browser cache warm  median {med('warm_s'):.2f} s  max {max(figures['warm_s']):.2f} s")
    print(f"  slider -> redraw  median {redraw:.2f} s  max {max(figures['redraw_s']):.2f} s  "
          f"(target < {TARGET_REDRAW_S:.0f} s) {'OK' if redraw < TARGET_REDRAW_S else 'SLOW'}")
    print(f"  map HTML (srcdoc + data) median {html / 1024:.0f} KiB  max {max(figures['html_bytes']) / 1024:.0f} KiB  "
          f"(target < 2048 KiB) {'OK' if html < TARGET_HTML_BYTES else 'BIG'}")
    marks = max(figures["marks"])
    print(f"  event marks in DOM median {med('marks'):.0f}  max {marks:.0f}  "
          f"(bounded by max_markers {MAX_MARKERS}) {'OK' if marks <= MAX_MARKERS else 'UNBOUNDED'}")


def streamlit_floor(browser, folder: Path, runs: int) -> float:
    """Median first paint of a one-line Streamlit page: the framework's own share."""
    script = folder / "blank_app.py"
    script.write_text('import streamlit as st\nst.title("blank page")\n', encoding="utf-8")
    times = []
    with run_app(Path(folder) / "unused.geojson", script=str(script)) as server:
        for _ in range(runs):
            context = browser.new_context()
            page = context.new_page()
            start = time.perf_counter()
            page.goto(server.url, wait_until="domcontentloaded")
            page.get_by_text("blank page").first.wait_for()
            times.append(time.perf_counter() - start)
            context.close()
    return statistics.median(times)


def docs_screenshot(browser, server, day: str = "2025-03-14") -> None:
    """The README picture: the app on 14 March 2025 at 1600×1000, as its caption says."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    guard_context(context)
    page = context.new_page()
    open_app(page, server, f"?day={day}")
    wait_idle(page)
    page.wait_for_timeout(500)  # let Leaflet finish fading tiles/labels in
    DOCS_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS_SCREENSHOT), full_page=False)
    context.close()
    print(f"wrote {DOCS_SCREENSHOT.relative_to(REPO)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="sessions per layer (default 5)")
    parser.add_argument("--skip-synthetic", action="store_true", help="only the seed layer")
    parser.add_argument("--docs-screenshot", action="store_true", help=f"also write {DOCS_SCREENSHOT.name}")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-app-") as tmp, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        layer = bench_layer(Path(tmp))
        print(f"load average at start: {', '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
        print(f"[floor] blank Streamlit page, new browser context: median "
              f"{streamlit_floor(browser, Path(tmp), args.runs):.2f} s")
        with run_app(layer) as server:
            report(f"seed layer {layer.name}", measure(browser, server, runs=args.runs, label="seed"))
            if args.docs_screenshot:
                docs_screenshot(browser, server)
        if not args.skip_synthetic:
            start = time.perf_counter()
            big = synthetic_layer(layer, Path(tmp) / "synthetic.geojson", n_events=SYNTHETIC_EVENTS)
            print(f"synthetic layer: {SYNTHETIC_EVENTS:,} events, {big.stat().st_size / 1e6:.1f} MB, "
                  f"made in {time.perf_counter() - start:.1f} s")
            with run_app(big) as server:
                report(f"synthetic {SYNTHETIC_EVENTS:,} events", measure(browser, server, runs=args.runs,
                                                                       label="synthetic"))
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
