"""Scale benchmark (issue 11): build throughput, incremental rebuilds, the team store.

Prints:

1. build throughput, articles/s, with 1 and 2 processes on 600 articles
   recombined from the seeds' paragraphs (bench_pipeline.synthetic_corpus),
   without the article cache, and with 2 processes on ``--large`` articles
   (default 10,000; 0 skips);
2. an incremental rebuild: the 600 built once with the cache, 6 new
   articles added, rebuilt: seconds and how many articles were read;
3. the team store on a throwaway PostgreSQL + PostGIS cluster
   (tests/store/cluster.py): writing ``--events`` synthetic events (default
   100,000, spread over the campaign area and period; tests/conftest.py's
   ``synthetic_layer``) as one build, reading the whole layer back, and one
   view (a day and a map box) asked of the database;
4. with ``--app``, the app on that store (``GEO_STORE_URL``) in headless
   Chromium: first render, map HTML size and server memory.

Run: ``python bench/bench_scale.py [--large 10000] [--events 100000] [--app]``.
Writes only to temporary folders; needs PostgreSQL + PostGIS for 3 and 4
(``bash .ci/postgres-setup.sh``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_pipeline import synthetic_corpus  # noqa: E402

from geo import settings  # noqa: E402

SMALL = 600
NEW_ARTICLES = 6
VIEW_DAY = date(2025, 1, 15)
VIEW_BOX = (35.0, 51.0, 35.6, 51.4)  # about the map at zoom 10 over Sudzha


def _timed_build(folder: Path, out: Path, **kw) -> tuple[float, object]:
    from geo.cli import build

    start = time.perf_counter()
    report = build(folder, out, **kw)
    return time.perf_counter() - start, report


def throughput(tmp: Path, n: int, jobs_list: tuple[int, ...]) -> None:
    from geo.gazetteer import load_default

    corpus = tmp / f"corpus-{n}"
    corpus.mkdir()
    synthetic_corpus(corpus, n)
    load_default()  # warm: the figure is the pipeline's, not the imports'
    for jobs in jobs_list:
        seconds, report = _timed_build(corpus, tmp / f"layer-{n}-{jobs}.geojson", jobs=jobs, cache=False)
        print(f"build, {n} articles, {jobs} process{'es' if jobs > 1 else ''}, no cache: "
              f"{report.files_read / seconds:.0f} articles/s ({seconds:.1f} s, {report.events} events)")


def incremental(tmp: Path) -> None:
    settings.ARTICLE_CACHE_DIR = tmp / "article-cache"  # a cache of its own, empty
    corpus = tmp / "incremental"
    corpus.mkdir()
    synthetic_corpus(corpus, SMALL + NEW_ARTICLES)
    held_back = sorted(corpus.glob("*.txt"))[-NEW_ARTICLES:]
    for path in held_back:
        path.rename(tmp / path.name)
    full, _ = _timed_build(corpus, tmp / "inc.geojson", jobs=2)
    for path in held_back:
        (tmp / path.name).rename(path)
    seconds, report = _timed_build(corpus, tmp / "inc.geojson", jobs=2)
    again, _ = _timed_build(corpus, tmp / "full.geojson", jobs=2, cache=False)
    same = (tmp / "inc.geojson").read_bytes() == (tmp / "full.geojson").read_bytes()
    print(f"incremental: {SMALL} articles built in {full:.1f} s; {NEW_ARTICLES} added, rebuilt in {seconds:.1f} s "
          f"reading {report.files_read - report.from_cache} (full rebuild without cache {again:.1f} s; "
          f"layer identical: {same})")


def store_rates(n_events: int, *, app: bool) -> None:
    from tests.conftest import sample_layer, synthetic_layer
    from tests.store.cluster import Cluster, unavailable
    from tests.store.conftest import create_database

    from geo import store
    from geo.store.read import view_layer

    why = unavailable()
    if why:
        print(f"store: not measured: {why}")
        return
    cluster = Cluster.start()
    try:
        url = create_database(cluster, "geo_bench")
        store.connect(url)
        fc = synthetic_layer(n_events - sum(1 for f in sample_layer()["features"] if f["properties"]["kind"] == "event"))
        count = len(fc["features"])
        start = time.perf_counter()
        store.write_layer(fc, url)
        write_s = time.perf_counter() - start
        start = time.perf_counter()
        back = store.read_layer(url)
        read_s = time.perf_counter() - start
        assert len(back["features"]) == count
        start = time.perf_counter()
        view = view_layer(url, day=VIEW_DAY, bbox=VIEW_BOX)
        view_s = time.perf_counter() - start
        shown = sum(1 for f in view["features"] if f["properties"]["kind"] == "event")
        print(f"store write: {count} features in {write_s:.1f} s ({count / write_s:,.0f} features/s, one transaction)")
        print(f"store read, whole layer (validated): {read_s:.1f} s ({count / read_s:,.0f} features/s)")
        print(f"store view, {VIEW_DAY} in {VIEW_BOX}: {shown} events in {view_s * 1000:.0f} ms")
        if app:
            app_on_store(url)
    finally:
        cluster.stop()


def app_on_store(url: str) -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser import (
        guard_context, iframe_html_length, launch_chromium, mark_map, open_app, run_app, wait_for_redraw, wait_idle,
    )

    with tempfile.TemporaryDirectory() as tmp, run_app(Path(tmp) / "none.geojson", env={"GEO_STORE_URL": url}) as server:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            guard_context(context)
            page = context.new_page()
            start = time.perf_counter()
            open_app(page, server, f"?day={VIEW_DAY.isoformat()}", timeout_ms=300_000)
            first = time.perf_counter() - start
            wait_idle(page, timeout_ms=300_000)
            html = iframe_html_length(page)
            redraws = []
            for _ in range(2):  # a key press on the day slider to a redrawn map
                mark_map(page)
                page.get_by_role("slider", name="Day").focus()
                start = time.perf_counter()
                page.keyboard.press("ArrowRight")
                wait_for_redraw(page, timeout_ms=300_000)
                redraws.append(time.perf_counter() - start)
                wait_idle(page, timeout_ms=300_000)
            browser.close()
        print(f"app on the store: first render {first:.1f} s, slider redraw {max(redraws):.1f} s (worst of 2), "
              f"map HTML {html / 1024 / 1024:.2f} MB, server memory {server.rss_kib() / 1024:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=int, default=10_000, help="articles of the large build (0: skip)")
    parser.add_argument("--events", type=int, default=100_000, help="synthetic events in the store (0: skip)")
    parser.add_argument("--app", action="store_true", help="also time the app on the store in Chromium")
    parser.add_argument("--skip-builds", action="store_true", help="measure the store (and app) only")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}")
    with tempfile.TemporaryDirectory() as tmp:
        if args.skip_builds:
            args.large = 0
        else:
            throughput(Path(tmp), SMALL, (1, 2))
            incremental(Path(tmp))
        if args.large:
            throughput(Path(tmp), args.large, (2,))
    if args.events:
        store_rates(args.events, app=args.app)


if __name__ == "__main__":
    main()
