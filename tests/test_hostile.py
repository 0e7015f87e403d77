"""A hostile article, built by the real pipeline, shown by the real app, exported.

The article carries markup meant to run in a dashboard: escaped entities in
an HTML page that decode to ``<svg onload=…>`` and ``<img onerror=…>`` (a
classic double-encoding trick that survives markup stripping), a
``javascript:`` link, and a source URL that tries to break out of an
attribute. Each payload would set ``window.top.__pwned`` if it ran. The
tests build the article into a layer, check the payloads did reach the
layer as text (so the test can fail), then open the app in headless
Chromium and every export, and check that nothing ran.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from defusedxml import ElementTree

from geo import export
from geo.cli import build
from geo.filters import EventFilter
from geo.layer import read_layer
from tests.browser import OPEN_ALL_POPUPS_JS, run_app, wait_for_map, wait_idle

PAYLOAD_SVG = "<svg onload=\"window.top.__pwned='svg'\">"
PAYLOAD_IMG = "<img src=x onerror=\"window.top.__pwned='title'\">"
HOSTILE_HTML = """<html><head><title>&lt;img src=x onerror=&quot;window.top.__pwned='title'&quot;&gt; Kursk report</title></head>
<body><p>date 2025-03-14</p>
<p>Ukrainian troops withdrew from Sudzha on March 13, 2025 &lt;svg onload=&quot;window.top.__pwned='svg'&quot;&gt; under fire, the army said.</p>
<p>Russian troops seized Sverdlikovo on March 1, 2025, see <a href="javascript:window.top.__pwned='link'">javascript:window.top.__pwned='link'</a>.</p>
<script>window.top.__pwned='script'</script></body></html>
"""
HOSTILE_TXT = """date 2025-03-12
Russian forces retook Sudzha <script>window.top.__pwned='txt'</script> last week, officials said.
On March 10, 2025, drones struck Sudzha <img src=x onerror="window.top.__pwned='img'"> near the market, killing 3 people.
"""
SOURCES_CSV = """file,title,outlet,published,url
hostile.txt,"Sudzha $x^2$ report",Outlet,,"https://example.org/a?x=""><img src=x onerror=alert(5)>"
bad.txt,Bad link,Outlet,,javascript:alert(4)
"""
@pytest.fixture(scope="module")
def hostile_layer(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile2.html").write_text(HOSTILE_HTML, encoding="utf-8")
    (folder / "hostile.txt").write_text(HOSTILE_TXT, encoding="utf-8")
    (folder / "bad.txt").write_text("date 2025-03-12\nShelling near Sudzha was reported.\n", encoding="utf-8")
    (folder / "sources.csv").write_text(SOURCES_CSV, encoding="utf-8")
    out = folder / "layer.geojson"
    build(folder, out)
    return out


def _all_text(fc: dict) -> str:
    return json.dumps(fc, ensure_ascii=False)


def test_payloads_reach_the_layer_as_plain_text(hostile_layer: Path) -> None:
    fc = read_layer(hostile_layer)
    text = _all_text(fc)
    assert PAYLOAD_SVG in text.replace('\\"', '"')  # a quote keeps the decoded markup verbatim
    assert PAYLOAD_IMG in text.replace('\\"', '"')  # so does a source title
    assert "__pwned='script'" not in text  # <script> content never becomes article text
    skipped = {s["reason"] for s in fc["metadata"]["skipped"]}
    assert any("javascript" in r or "http" in r for r in skipped), skipped  # the javascript: URL row is refused


def test_app_shows_the_hostile_article_without_running_it(hostile_layer: Path, guarded) -> None:
    page, guard = guarded
    with run_app(hostile_layer) as server:
        page.goto(server.url + "?day=2025-03-20&hist=1", wait_until="domcontentloaded")
        wait_idle(page)
        frame = wait_for_map(page)
        assert frame.evaluate(OPEN_ALL_POPUPS_JS, False) > 0
        page.wait_for_timeout(500)
        assert frame.evaluate("() => window.top.__pwned === undefined && window.__pwned === undefined")
        assert frame.locator("svg[onload], img[onerror], script:has-text('__pwned')").count() == 0
        assert frame.locator("a[href^='javascript']").count() == 0
        popups = " ".join(frame.locator(".leaflet-popup-content").all_inner_texts())
        assert "under fire" in popups or "retook Sudzha" in popups  # the article text is there, as text
        page.screenshot(path=str(Path(__file__).parent / "artifacts" / "hostile-article.png"))
    assert guard.dialogs == [] and guard.page_errors == []


def test_exports_keep_the_payloads_inert(hostile_layer: Path, tmp_path: Path) -> None:
    fc = read_layer(hostile_layer)
    flt = EventFilter(include_historical=True)
    day = date(2025, 3, 20)
    events = [f for f in fc["features"] if f["properties"]["kind"] == "event"]

    html = export.to_html(fc, day=day, flt=flt).decode("utf-8")
    for raw in ("<svg onload", "<img src=x onerror", "><img src=x onerror=alert(5)"):
        assert raw not in html, raw
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", html, re.I)
    assert "&lt;svg onload" in html

    kml = export.to_kml(events, title="hostile")
    root = ElementTree.fromstring(kml)  # defusedxml: no entity tricks
    descriptions = " ".join(el.text or "" for el in root.iter() if el.tag.endswith("description"))
    # A description is HTML for Google Earth: the article's markup must be
    # escaped inside it (shown as text), and the XML escapes that again.
    assert "&lt;svg onload" in descriptions and "<svg onload" not in descriptions
    assert "<script" not in descriptions
    assert b"<svg onload" not in kml and b"CDATA" not in kml

    rows = list(csv.DictReader(io.StringIO(export.to_csv(events).decode("utf-8"))))
    assert any("<svg onload" in r["quote"] for r in rows)
    assert all(not str(v).startswith(("=", "+", "@")) for r in rows for v in r.values())

    for fmt, magic in (("png", b"\x89PNG"), ("pdf", b"%PDF")):
        assert export.snapshot(fc, day=day, flt=flt, fmt=fmt, title=PAYLOAD_IMG + " $x^2$").startswith(magic)
