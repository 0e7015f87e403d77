"""Load test: 20 concurrent browser sessions against one `streamlit run app.py`.

One headless Chromium with 20 contexts (one per session) drives one app
server on loopback. The sessions open the page one every 2 s and stay
connected. Once all are open, each moves the day slider with the keyboard
and applies a free-text filter, timing each step to a redrawn map: first
one session at a time ("staggered"), then all at the same instant
("burst"). The 20 browser renderers share the machine's cores with the
server, so burst times measure mostly the browsers' CPU starvation; the
server's own CPU share is printed beside them. Prints the errors (must be 0), the median and p95 times, and the
server's resident memory before and after (from /proc/<pid>/status).

Bounded: a fixed number of sessions and steps, a per-step timeout and an
overall deadline; loopback only (every other request is aborted).
Usage: ``python bench/load_test.py [--sessions 20] [--deadline 600] [--verbose]``.
"""

from __future__ import annotations

import argparse
import os
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser import (  # noqa: E402
    CHROMIUM, CHROMIUM_ARGS, MARK_MAP_JS, NEW_MAP_DRAWN_JS, NON_LOCAL_URL, POLYGON_SELECTOR, fixture_layer_file,
    is_local_url, run_app,
)

STEP_TIMEOUT_S = 120.0
RAMP_UP_S = 2.0  # users arrive one every 2 s and stay connected
FILTER_TEXTS = ("Kursk", "Sudzha")


async def redrawn_map(page, timeout_s: float = STEP_TIMEOUT_S) -> None:
    """Wait (in the browser) until an untagged map document draws polygons."""
    await page.wait_for_function(NEW_MAP_DRAWN_JS, arg=POLYGON_SELECTOR, timeout=timeout_s * 1000, polling=100)


async def tag_map(page) -> None:
    await page.evaluate(MARK_MAP_JS)


WATCH_SRCDOC_JS = """() => { window.__geoNewHtml = false;
  for (const f of document.querySelectorAll('iframe')) {
    new MutationObserver(() => { window.__geoNewHtml = true; })
        .observe(f, {attributes: true, attributeFilter: ['srcdoc']}); } }"""


async def new_html(page) -> None:
    """Wait until the page has received new map HTML (the iframe's srcdoc changed)."""
    await page.wait_for_function("() => window.__geoNewHtml", timeout=STEP_TIMEOUT_S * 1000, polling=50)


async def idle(page) -> None:
    await page.wait_for_timeout(150)
    await page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                                 timeout=STEP_TIMEOUT_S * 1000)


async def open_session(browser, url: str, index: int, results: dict) -> tuple:
    """One user arrives (after a ramp-up delay) and waits for the map."""
    await asyncio.sleep(index * RAMP_UP_S)
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    errors: list[str] = []

    async def route(r):
        if is_local_url(r.request.url):
            await r.continue_()
        else:
            errors.append(f"non-local request {r.request.url}")
            await r.abort()

    await context.route(NON_LOCAL_URL, route)
    page = await context.new_page()
    page.on("pageerror", lambda exc: errors.append(f"pageerror {exc}"))
    page.on("dialog", lambda d: errors.append(f"dialog {d.message}"))
    try:
        start = time.perf_counter()
        await page.goto(f"{url}?day=2025-03-0{1 + index % 9}", wait_until="domcontentloaded",
                        timeout=STEP_TIMEOUT_S * 1000)
        await redrawn_map(page)
        results["open"].append(time.perf_counter() - start)
        if results.get("verbose"):
            print(f"  session {index} opened in {results['open'][-1]:.2f} s", flush=True)
        await idle(page)
    except Exception as exc:
        errors.append(f"open: {type(exc).__name__}: {exc}".splitlines()[0])
    return context, page, errors


async def interact(page, errors: list[str], times: dict, text: str) -> None:
    """Move the day slider, then filter by ``text``; time each to the redrawn map."""
    try:
        await tag_map(page)
        await page.evaluate(WATCH_SRCDOC_JS)
        await page.get_by_role("slider", name="Day").focus()
        start = time.perf_counter()
        await page.keyboard.press("ArrowRight")
        await new_html(page)
        times["slider -> new map HTML in page"].append(time.perf_counter() - start)
        await redrawn_map(page)
        times["slider -> map redrawn"].append(time.perf_counter() - start)
        await idle(page)

        await tag_map(page)
        box = page.get_by_label("Search quotes")
        await box.fill(text)
        start = time.perf_counter()
        await box.press("Enter")
        await page.wait_for_function(f"() => location.search.includes('q={text}')", timeout=STEP_TIMEOUT_S * 1000)
        await redrawn_map(page)
        times["text filter -> map redrawn"].append(time.perf_counter() - start)
        await idle(page)
        if await page.locator('[data-testid="stException"]').count():
            errors.append("exception shown on the page")
    except Exception as exc:  # a failed step is an error of this session
        errors.append(f"{type(exc).__name__}: {exc}".splitlines()[0])


def _phase() -> dict[str, list[float]]:
    return {"slider -> new map HTML in page": [], "slider -> map redrawn": [], "text filter -> map redrawn": []}


async def all_sessions(browser, url: str, sessions: int, results: dict) -> None:
    """Open every session (ramped); then, with all of them connected, each
    interacts in turn ("staggered"), then all at the same instant ("burst")."""
    opened = await asyncio.gather(*(open_session(browser, url, i, results) for i in range(sessions)))
    live = [(page, errors) for _, page, errors in opened if not errors]
    for page, errors in live:
        await interact(page, errors, results["staggered"], FILTER_TEXTS[0])
    await asyncio.gather(*(interact(page, errors, results["burst"], FILTER_TEXTS[1]) for page, errors in live))
    for index, (context, _, errors) in enumerate(opened):
        results["errors"].extend(f"session {index}: {e}" for e in errors)
        await context.close()


async def run(url: str, sessions: int, deadline_s: float, *, verbose: bool = False) -> dict:
    from playwright.async_api import async_playwright

    results: dict = {"open": [], "staggered": _phase(), "burst": _phase(), "errors": [], "verbose": verbose}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            await asyncio.wait_for(all_sessions(browser, url, sessions, results), timeout=deadline_s)
        except asyncio.TimeoutError:
            results["errors"].append(f"overall deadline of {deadline_s:.0f} s passed")
        finally:
            await browser.close()
    return results


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--deadline", type=float, default=600.0, help="overall limit in seconds")
    parser.add_argument("--verbose", action="store_true", help="print each session's open time")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="load-test-") as tmp:
        try:
            layer = fixture_layer_file(Path(tmp))
        except BaseException as exc:  # pytest.skip outside pytest
            sys.exit(f"no layer to load-test: {exc}")
        with run_app(layer) as server:
            rss_before, cpu_before = server.rss_kib(), server.cpu_seconds()
            start = time.perf_counter()
            print(f"load average at start: {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
                  f"({os.cpu_count()} cores)")
            results = asyncio.run(run(server.url, args.sessions, args.deadline, verbose=args.verbose))
            wall = time.perf_counter() - start
            rss_after, cpu = server.rss_kib(), server.cpu_seconds() - cpu_before
    print(f"load test: {args.sessions} concurrent sessions on one server, layer {layer.name}, {wall:.1f} s wall")
    def line(label: str, values: list[float]) -> None:
        if values:
            print(f"    {label:<31} n={len(values):<3} median {statistics.median(values):6.2f} s  "
                  f"p95 {p95(values):6.2f} s")
        else:
            print(f"    {label:<31} n=0")

    line("open -> map drawn (ramped)", results["open"])
    for phase, title in (("staggered", "one session acting at a time, all connected"),
                         ("burst", "all sessions acting at the same instant")):
        print(f"  {phase}: {title}")
        for label, values in results[phase].items():
            line(label, values)
    print(f"  server RSS before {rss_before / 1024:.0f} MiB, after {rss_after / 1024:.0f} MiB")
    print(f"  server CPU {cpu:.1f} s over {wall:.0f} s wall ({100 * cpu / wall:.0f}% of one core; the browsers "
          f"had the rest of the {os.cpu_count()} cores); load average after: "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"  errors: {len(results['errors'])}")
    for error in results["errors"][:20]:
        print(f"    {error}")
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
