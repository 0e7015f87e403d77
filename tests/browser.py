"""Shared browser harness: a real ``streamlit run app.py`` and headless Chromium.

Used by tests/test_app_browser.py (as pytest fixtures) and by the bench/
scripts (as plain functions). It starts the app on a free loopback port,
waits for Streamlit's health endpoint, launches Debian's Chromium through
Playwright and aborts every request that would leave the machine, counting
them, so a test can prove the page works offline.

This module does not mock anything, does not download browsers and never
sends traffic beyond 127.0.0.1/localhost.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parent.parent
# Debian's package; CI installs it (.ci/browser-setup.sh). $GEO_CHROMIUM overrides.
CHROMIUM = Path(os.environ.get("GEO_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
# Every URL not on loopback and not data:/about:/blob:. Matched by Playwright's
# driver, so local requests (Streamlit's own files) never take a detour
# through Python; the handler still checks each URL it gets.
NON_LOCAL_URL = re.compile(
    r"^(?!(?:https?|wss?)://(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?(?:[/?#]|$))(?!(?:data|about|blob):)"
)
LOCAL_SCHEMES = frozenset({"data", "about", "blob"})
HEALTH_TIMEOUT_S = 60.0
# Leaflet draws vector layers as SVG paths in the overlay pane; markers of
# events are circle markers (paths) or marker icons, depending on mapview.
POLYGON_SELECTOR = ".leaflet-overlay-pane path.leaflet-interactive"
# Anything the map's own scripts draw: the offline basemap, control extents,
# event marks, stacks, region badges, aggregate cells. They are drawn in one
# go, so the first of them means the map is there (also on a day with no
# control extent, where POLYGON_SELECTOR finds nothing).
DRAWN_SELECTOR = (".leaflet-kursk-basemap-pane path, " + POLYGON_SELECTOR
                  + ", .leaflet-marker-icon:is(.kursk-ev-icon, .kursk-stack, .kursk-region, .kursk-cell)")
MAP_SELECTOR = ".leaflet-container"
# The app's map frame (app.MAP_FRAME, geo.mapview.EMBED_JS draws it).
IFRAME_SELECTOR = "iframe.kursk-map"
# The Leaflet map's view inside the map frame: {lat, lon, zoom}.
MAP_VIEW_JS = """() => { const map = Object.values(window).find(v => v instanceof L.Map);
    const c = map.getCenter(); return {lat: c.lat, lon: c.lng, zoom: map.getZoom()}; }"""
ARTIFACTS = REPO / "tests" / "artifacts"


# --------------------------------------------------------------------------
# The layer the app is pointed at
# --------------------------------------------------------------------------


def real_layer_path() -> Path:
    """The built layer (geo.settings.LAYER_PATH), whether or not it exists yet."""
    from geo import settings

    return Path(settings.LAYER_PATH)


def fixture_layer_file(folder: Path) -> Path:
    """The layer the browser tests and benchmarks show: the committed data/layer.geojson.

    ``folder`` is unused; it is kept so callers may pass a scratch folder.
    """
    real = real_layer_path()
    if not real.exists():
        pytest.fail(f"{real.name} is missing: build it with `python -m geo build`")
    return real


# --------------------------------------------------------------------------
# The Streamlit server
# --------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class AppServer:
    """A running ``streamlit run app.py``; ``url`` is its loopback address."""

    proc: subprocess.Popen
    port: int
    layer_path: Path
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""

    def rss_kib(self) -> int:
        """Resident memory of the server process in KiB (from /proc)."""
        return _status_field(self.proc.pid, "VmRSS")

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used (from /proc)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _status_field(pid: int, name: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1])
    raise KeyError(name)


def _wait_healthy(server: AppServer, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    health = f"{server.url}_stcore/health"
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.proc.returncode}:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(health, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"streamlit not healthy after {timeout_s:.0f} s:\n{server.log_tail()}")


@contextmanager
def run_app(layer_path: Path, *, port: int | None = None, env: dict[str, str] | None = None,
            script: str | None = None, address: str | None = "127.0.0.1") -> Iterator[AppServer]:
    """Run ``streamlit run app.py`` (from the repo root) on loopback with GEO_LAYER_PATH=layer_path.

    ``script`` (default ``$GEO_APP_SCRIPT`` or ``app.py``) lets a developer
    point the harness at another entry script. ``address=None`` leaves the
    listening address to the project's .streamlit/config.toml (to test it);
    the server is still reached on 127.0.0.1.

    The server runs in its own process group and is killed (TERM, then KILL)
    when the context ends, also on errors.
    """
    port = port or free_port()
    script = script or os.environ.get("GEO_APP_SCRIPT", "app.py")
    log = Path(tempfile.mkstemp(prefix="streamlit-", suffix=".log")[1])
    run_env = {**os.environ, "GEO_LAYER_PATH": str(layer_path), "PYTHONUNBUFFERED": "1", **(env or {})}
    cmd = [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.port", str(port),
        *(["--server.address", address] if address else []),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=run_env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    server = AppServer(proc=proc, port=port, layer_path=Path(layer_path), log_path=log)
    try:
        _wait_healthy(server, HEALTH_TIMEOUT_S)
        yield server
    finally:
        _stop(proc)
        log.unlink(missing_ok=True)


def listening_addresses(port: int) -> set[str]:
    """IP addresses with a TCP socket listening on ``port`` (read from /proc/net/tcp and tcp6)."""
    found = set()
    for name, size in (("tcp", 8), ("tcp6", 32)):
        try:
            lines = Path(f"/proc/net/{name}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, _, hex_port = fields[1].partition(":")
            if fields[3] != "0A" or int(hex_port, 16) != port or len(address) != size:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(address)
            # The kernel prints each 32-bit word in host (little-endian) order.
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            found.add(socket.inet_ntop(socket.AF_INET if size == 8 else socket.AF_INET6, raw))
    return found


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


# --------------------------------------------------------------------------
# The browser
# --------------------------------------------------------------------------


def require_chromium() -> None:
    """Skip (clearly) when Debian's chromium is not installed."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run .ci/browser-setup.sh (apt-get install chromium)")


def launch_chromium(playwright):
    """Launch Debian's Chromium headless through Playwright (no bundled browser)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


def is_local_url(url: str) -> bool:
    """True for loopback http(s)/ws(s) and for data:, about:, blob: URLs."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


@dataclass
class Guard:
    """What a page did that it should not: non-local requests, errors, dialogs."""

    blocked: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def route(self, route) -> None:
        url = route.request.url
        if is_local_url(url):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def on_dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


def guard_context(context) -> Guard:
    """Abort every non-local request of ``context`` and record page problems.

    Routes are set on the context so requests from iframes (the map) and
    new pages are covered too.
    """
    guard = Guard()
    context.route(NON_LOCAL_URL, guard.route)

    def watch(page) -> None:
        page.on("pageerror", lambda exc: guard.page_errors.append(str(exc)))
        page.on("dialog", guard.on_dialog)

    context.on("page", watch)
    return guard


# --------------------------------------------------------------------------
# Reading the page
# --------------------------------------------------------------------------


# The map iframe is an about:srcdoc document, same-origin with the page, so
# the page itself can look inside it: one in-browser wait, no polling over
# the devtools protocol (which matters with 20 pages on 2 cores).
# Opens every event popup, those folded into a stack too (at their spot), and every tooltip, so their
# text is in the page; returns how many popups opened. Pass true to close each popup after opening it.
OPEN_ALL_POPUPS_JS = """(closeEach) => {
  const map = Object.keys(window).filter(k => k.startsWith('map_')).map(k => window[k])
      .find(m => m && m.eachLayer);
  let opened = 0, layers = [];
  map.eachLayer(l => { layers.push(l); if (l.options && l.options.maxClusterRadius) layers.push(...l.getLayers()); });
  new Set(layers).forEach(l => {
    if (!(l.getPopup && l.getPopup())) return;
    if (map.hasLayer(l)) l.openPopup();
    else L.popup().setLatLng(l.getLatLng()).setContent(l.getPopup().getContent()).openOn(map);
    opened += 1;
    if (closeEach) map.closePopup();
  });
  map.eachLayer(l => { if (l.getTooltip && l.getTooltip()) { l.openTooltip(); } });
  return opened;
}"""
# A live map (geo.mapview.live_shell) is drawn when its data is: data-kursk-drawn counts its draws.
# Marking a map records that count, so a redraw in the same document tells too (a new document is untagged).
MARK_MAP_JS = """() => { for (const f of document.querySelectorAll('iframe')) {
    try { f.contentWindow.__geoOldMap = true;
          f.contentWindow.__geoOldDraw = f.contentDocument.documentElement.getAttribute('data-kursk-drawn'); }
    catch (e) {} } }"""
MAP_DRAWN_JS = """(selector) => [...document.querySelectorAll('iframe')].some(f => {
    try { const d = f.contentDocument;
          return (!f.contentWindow.kurskLive || !!d.documentElement.getAttribute('data-kursk-drawn'))
              && !!d.querySelector(selector); }
    catch (e) { return false; } })"""
NEW_MAP_DRAWN_JS = """(selector) => [...document.querySelectorAll('iframe')].some(f => {
    try { const w = f.contentWindow, d = f.contentDocument, drawn = d.documentElement.getAttribute('data-kursk-drawn');
          const fresh = !w.__geoOldMap || (!!drawn && drawn !== w.__geoOldDraw);
          return fresh && (!w.kurskLive || !!drawn) && !!d.querySelector(selector); }
    catch (e) { return false; } })"""

def open_app(page, server: AppServer, query: str = "", *, timeout_ms: int = 60_000) -> None:
    """Go to the app (with an optional ``?query``) and wait for the map to draw."""
    page.goto(server.url + query, wait_until="domcontentloaded")
    wait_for_map(page, timeout_ms=timeout_ms)


def map_frame(page, *, timeout_ms: int = 60_000):
    """The Playwright Frame of the Leaflet map (the iframe holding .leaflet-container)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        for frame in page.frames:
            if frame is page.main_frame:
                continue
            try:
                if frame.query_selector(MAP_SELECTOR):
                    return frame
            except Exception:  # frame detached during a rerun
                continue
        page.wait_for_timeout(100)
    raise TimeoutError("no iframe with a Leaflet map appeared")


def wait_for_map(page, *, timeout_ms: int = 60_000):
    """Wait until the map iframe has drawn (see DRAWN_SELECTOR); return its frame."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    try:
        page.wait_for_function(MAP_DRAWN_JS, arg=DRAWN_SELECTOR, timeout=timeout_ms, polling=50)
    except Exception as exc:
        raise TimeoutError("the Leaflet map drew nothing") from exc
    return map_frame(page, timeout_ms=timeout_ms)


# The app's sidebar says this until the session's first map has drawn and the page has run in full (app.py).
FILTERS_PENDING = "Loading the filters…"
IDLE_JS = """(pending) => !document.querySelector('[data-testid="stStatusWidget"]')
    && ![...document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stCaptionContainer"]')]
        .some(el => el.innerText.includes(pending))"""


def wait_idle(page, *, timeout_ms: int = 60_000) -> None:
    """Wait until Streamlit has finished running the script (no status widget), and the app its first full run."""
    page.wait_for_timeout(150)
    page.wait_for_function(IDLE_JS, arg=FILTERS_PENDING, timeout=timeout_ms, polling=100)


def mark_map(page) -> None:
    """Tag the current map document, so :func:`wait_for_redraw` can tell a new one."""
    page.evaluate(MARK_MAP_JS)


def wait_for_redraw(page, *, timeout_ms: int = 60_000) -> None:
    """Wait until a map document other than the marked one has drawn."""
    # Interval polling: "raf" polling in the page was seen to delay the iframe's navigation by ~2 s.
    page.wait_for_function(NEW_MAP_DRAWN_JS, arg=DRAWN_SELECTOR, timeout=timeout_ms, polling=50)


def map_view(frame) -> dict:
    """The Leaflet map's centre and zoom, ``{"lat", "lon", "zoom"}``, read in its frame."""
    return frame.evaluate(MAP_VIEW_JS)


def iframe_html_length(page) -> int:
    """Length of what the app sent for the map: the iframe's srcdoc, plus the last data a live map drew."""
    return page.eval_on_selector_all(
        "iframe",
        """els => Math.max(0, ...els.map(e => (e.getAttribute('srcdoc') || '').length
            + (((e.contentWindow || {}).kurskLive || {}).received || 0)))""",
    )


def caption_count(page) -> int:
    """N from the caption "N events shown" / "1 event shown" (the table's row count)."""

    text = page.locator('[data-testid="stCaptionContainer"]', has_text=re.compile(r"events? shown")).first.inner_text()
    match = re.search(r"(\d[\d,]*)\s+events? shown", text)
    if not match:
        raise AssertionError(f"no event count in caption {text!r}")
    return int(match.group(1).replace(",", ""))


def screenshot(page, name: str, *, height: int = 1700) -> Path:
    """Save the page to tests/artifacts/<name>.png and return its path.

    Streamlit scrolls inside its own container, so a "full page" shot shows
    only the viewport: the viewport is made ``height`` tall for the shot
    (map, table and downloads), then restored.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": height})
    page.wait_for_timeout(300)  # let Leaflet and the grid lay out again
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    return path


# --------------------------------------------------------------------------
# pytest fixtures (import them into a test module to use them)
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def app_layer(tmp_path_factory) -> Path:
    """The layer file the app under test reads."""
    return fixture_layer_file(tmp_path_factory.mktemp("layer"))


@pytest.fixture(scope="session")
def app_server(app_layer: Path) -> Iterator[AppServer]:
    """One ``streamlit run app.py`` for the whole session."""
    require_chromium()
    with run_app(app_layer) as server:
        yield server


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless Chromium, shared by the session."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@contextmanager
def guarded_page(chromium, viewport: dict[str, int]) -> Iterator[tuple]:
    """A page in a fresh browser context whose non-local requests are all aborted: ``(page, guard)``."""
    context = chromium.new_context(viewport=viewport, accept_downloads=True)
    guard = guard_context(context)
    try:
        yield context.new_page(), guard
    finally:
        context.close()


@pytest.fixture
def guarded(chromium):
    """A fresh 1400×1000 guarded page; ``guard.blocked`` lists the aborted URLs."""
    with guarded_page(chromium, {"width": 1400, "height": 1000}) as pair:
        yield pair
