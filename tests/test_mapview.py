"""The Folium map: offline HTML, content for the day, escaping, determinism, scale.

The HTML is checked as text and, where chromium is installed, loaded in a
headless browser with every non-file request aborted.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest


from conftest import HOSTILE, HOSTILE_URL, sample_layer, synthetic_layer
from geo import basemap
from geo.filters import EventFilter, article_index, claims, event_table, filter_claims, filter_events
from geo.mapview import (
    EMBED_JS, VIEW_META, _js_json, build_map, embed_view, event_marks, event_popup, ledger_popup, live_shell, region_badges,
    render_html, view_json, view_layers,
)

DAY = date(2025, 3, 12)
MAX_HTML_BYTES = 2 * 1024 * 1024


def _ids(layer: dict, kind: str) -> dict[str, dict]:
    return {f["id"]: f["properties"] for f in layer["features"] if f["properties"]["kind"] == kind}


def _control_id(layer: dict, holder: str, valid_from: str) -> str:
    return next(i for i, p in _ids(layer, "control").items() if p["holder"] == holder and p["valid_from"] == valid_from)


@pytest.fixture(scope="module")
def sample() -> dict:
    return sample_layer()


@pytest.fixture(scope="module")
def page_html(sample) -> str:
    return render_html(build_map(sample, day=DAY))


# ---------------------------------------------------------------------------
# the view the app keeps (app.MAP_FRAME)
# ---------------------------------------------------------------------------


def test_the_map_carries_the_view_placeholder_the_frame_fills_in(page_html):
    # EMBED_JS opens a new document on the last view by filling in this exact tag; it must be in the head, once.
    head, _, body = page_html.partition("</head>")
    assert head.count(VIEW_META) == 1 and VIEW_META not in body
    assert json.dumps(VIEW_META) in EMBED_JS
    # The script that reads it and reports moves is one of the page's own (hashed by the CSP).
    assert "kursk-view" in page_html and "kurskView" in page_html


def test_embed_view_fills_in_what_the_link_left_out():
    assert embed_view(None, None) is None
    assert embed_view((51.19, 35.27), None) == {"lat": 51.19, "lon": 35.27, "zoom": 9}
    assert embed_view(None, 12) == {"lat": 51.3, "lon": 35.4, "zoom": 12}



# ---------------------------------------------------------------------------
# the app's live map (geo.mapview.live_shell, drawn with each view's view_json)
# ---------------------------------------------------------------------------


def test_the_live_shell_holds_no_layer_data(sample):
    shell = live_shell()
    head, _, body = shell.partition("</head>")
    assert head.count(VIEW_META) == 1 and VIEW_META not in body
    assert 'http-equiv="Content-Security-Policy"' in head
    # One empty layer per data layer, filled by kurskLive; nothing of any layer's events, places or claims.
    assert body.count("kurskLive.layer(") == 5
    assert '<div id="kursk-overlay"></div>' in body
    for name in ("Sudzha", "Sverdlikovo", "Kursk campaign ·"):
        assert name not in shell
    # It reads only what its parent page posts, as data.
    assert "event.source === window.parent" in shell and "JSON.parse" in shell
    assert live_shell() == live_shell("offline") and live_shell("osm") != live_shell()


def test_view_json_is_what_a_standalone_map_draws(sample):
    view = view_layers(sample, day=DAY)
    assert set(view) == {"control", "events", "regions", "places", "settlements", "overlay"}
    assert json.loads(view_json(view)) == view
    # Each layer's data is what the standalone map of the same view embeds, its overlay the same boxes.
    html = render_html(build_map(sample, day=DAY))
    for key in ("control", "events", "regions", "places", "settlements"):
        assert f"}})(kursk_layer_" in html and _js_json(view[key]) in html, key
    assert view["overlay"] in html
    assert "places" not in view_layers(sample, day=DAY, show_places=False)


# ---------------------------------------------------------------------------
# settlements to orient by
# ---------------------------------------------------------------------------


def test_settlements_are_the_curated_towns_and_villages_ranked_by_size():
    towns = {t["name"]: t for t in basemap.settlements()}
    assert towns["Sudzha"] == {"name": "Sudzha", "lat": 51.191, "lon": 35.271, "rank": 1}
    assert towns["Goncharovka"]["rank"] == 2  # a village of 2,731 people
    assert towns["Makhnovka"] == {"name": "Makhnovka", "lat": 51.17, "lon": 35.2, "rank": 3}
    # Districts, a road, the power plant are no settlements; everything is in the campaign area.
    for name in ("Sudzhansky District", "Sumy–Sudzha road", "Kursk Nuclear Power Plant", "Kursk salient"):
        assert name not in towns
    west, south, east, north = basemap.SETTLEMENT_BBOX
    assert all(west <= t["lon"] <= east and south <= t["lat"] <= north for t in towns.values())
    assert len(towns) >= 30


def _builder_data(html: str, pane: str):
    """The JSON a builder that creates ``pane`` is called with."""
    call = html.index("})(", html.index(f"map.getPane('{pane}')"))
    return json.JSONDecoder().raw_decode(html[html.index(", ", html.index(", ", call) + 2) + 2:])[0]


def test_the_map_names_settlements_its_own_labels_do_not(sample):
    html = render_html(build_map(sample, day=DAY))
    data = _builder_data(html, "kursk-settlements")
    names = [t["name"] for t in data["towns"]]
    assert "Makhnovka" in names and "Glushkovo" in names
    assert "Sudzha" not in names  # the layer's own place label names it (with its events)
    assert {"name", "n", "lat", "lon", "rank"} == set(data["towns"][0])
    assert build_map(sample, day=DAY, show_places=False).get_root().render().count("kursk-settlements") == 0


def test_settlement_names_are_escaped(sample, tmp_path, monkeypatch):
    from geo import settings

    csv_path = tmp_path / "gazetteer.csv"
    csv_path.write_text("place_id,name,aliases,country,admin1code,lat,lon,precision_km,feature,population,source\n"
                        'cur:x,"<img src=x onerror=alert(1)>",,RU,41,51.3,35.0,1.0,village,,test\n', encoding="utf-8")
    monkeypatch.setattr(settings, "GAZETTEER_CSV", csv_path)
    html = render_html(build_map(sample, day=DAY))
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img src=x" not in html


# ---------------------------------------------------------------------------
# offline, self-contained
# ---------------------------------------------------------------------------


def test_no_external_scripts_or_styles(page_html):
    assert not re.search(r"<script[^>]*\bsrc\s*=", page_html, re.I)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?(https?:)?//", page_html, re.I)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?https?:", page_html, re.I)
    assert "cdn.jsdelivr" not in page_html and "code.jquery" not in page_html and "bootstrapcdn" not in page_html
    # Folium's default extras (jQuery, Bootstrap, Awesome Markers, Font Awesome) are left out entirely.
    lower = page_html.lower()
    for extra in ("jquery", "bootstrap", "awesome-markers", "awesome_markers", "font-awesome", "fontawesome"):
        assert extra not in lower, extra


def test_leaflet_is_inline(page_html):
    from importlib import resources

    leaflet = resources.files("js_lib_leaflet").joinpath("static", "js_lib_leaflet", "leaflet.js").read_text()
    banner = leaflet[:200].split("*/")[0]
    assert "Leaflet 1.9" in banner and banner in page_html
    assert ".leaflet-container" in page_html and "L.map(" in page_html
    # The layer-control icon is a data URI, not a relative file.
    assert "url(images/" not in page_html and "data:image/png;base64," in page_html


def test_html_size_of_sample_under_2mb(page_html):
    assert len(page_html.encode("utf-8")) < MAX_HTML_BYTES


def test_geo_modules_never_import_streamlit():
    code = "import sys, geo.mapview, geo.export, geo.filters, geo.basemap; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------------------
# content for the day
# ---------------------------------------------------------------------------


def test_control_extent_valid_on_the_day(sample, page_html):
    assert _control_id(sample, "Ukraine", "2025-01-31") in page_html
    assert _control_id(sample, "Ukraine", "2024-08-06") not in page_html
    assert _control_id(sample, "Russia", "2025-04-26") not in page_html
    autumn = render_html(build_map(sample, day=date(2024, 9, 1)))
    assert _control_id(sample, "Ukraine", "2024-08-06") in autumn
    assert _control_id(sample, "Ukraine", "2025-01-31") not in autumn


def test_events_up_to_the_day_only(sample, page_html):
    evs = _ids(sample, "event")
    for event_id, props in evs.items():
        expected = props["date_start"] <= DAY.isoformat() and not props["historical"]
        assert (event_id in page_html) == expected, props["location"]


def test_historical_events_need_the_flag(sample):
    aleppo = next(i for i, p in _ids(sample, "event").items() if p["historical"])
    assert aleppo not in render_html(build_map(sample, day=DAY))
    assert aleppo in render_html(build_map(sample, day=DAY, flt=EventFilter(include_historical=True)))


def test_filter_applies_to_markers(sample):
    html = render_html(build_map(sample, day=DAY, flt=EventFilter(event_types=("Explosions/Remote violence",))))
    shown = [i for i, p in _ids(sample, "event").items() if i in html]
    assert [_ids(sample, "event")[i]["sub_event_type"] for i in shown] == ["Air/drone strike"]


def test_day_events_stand_out_and_older_fade(sample):
    shown = filter_events(sample, EventFilter(), up_to=DAY)
    marks, cells = event_marks(sample, shown, DAY, max_markers=1500)
    assert cells == []
    by_start = {_ids(sample, "event")[m["id"]]["date_start"]: m for m in marks}
    today = by_start["2025-03-10"]  # 10-16 March contains the day
    assert today["day"] and today["o"] == 1.0 and today["r"] > by_start["2024-12-31"]["r"]
    assert by_start["2024-08-01"]["o"] < by_start["2025-01-31"]["o"] < 1.0  # older is fainter
    region = next(m for m in marks if m["gp"] == 3)
    assert "within ~95 km" in region["p"]  # Kursk Oblast's precision_km in the sample layer
    shapes = {_ids(sample, "event")[m["id"]]["event_type"]: m["s"] for m in marks}
    assert shapes["Battles"] == "circle" and shapes["Explosions/Remote violence"] != "circle"


def _with_region_twin() -> tuple[dict, dict, dict]:
    layer = sample_layer()
    region = next(f for f in layer["features"] if f["properties"].get("geo_precision") == 3)
    twin = json.loads(json.dumps(region))
    twin["id"] = twin["properties"]["event_id"] = "ev-00000000beef"
    twin["properties"]["date_start"] = twin["properties"]["event_date"] = "2025-03-12"
    twin["properties"]["date_end"] = "2025-03-12"
    layer["features"].append(twin)
    return layer, region, twin


def test_region_events_become_one_badge_with_a_list():
    layer, region, twin = _with_region_twin()
    marks, _ = event_marks(layer, filter_events(layer, EventFilter(), up_to=DAY), DAY, max_markers=1500)
    points, badges = region_badges(marks)
    assert all(m["gp"] != 3 for m in points) and len(badges) == 1
    badge = badges[0]
    assert badge["n"] == 2 and set(badge["ids"]) == {region["id"], twin["id"]}
    assert badge["loc"] == "Kursk Oblast" and badge["day"]  # the twin is on the day
    assert badge["p"].count("<details class='kursk-item'>") == 2
    assert badge["p"].index("ev-00000000beef") < badge["p"].index(region["id"])  # newest first
    assert "2 events known only as" in badge["p"]


def test_region_events_are_not_drawn_as_territory():
    # No filled circle the size of an oblast: the badge is a marker in a pane
    # above the control extents (400) and below the town marks (600).
    layer, _, _ = _with_region_twin()
    html = render_html(build_map(layer, day=DAY))
    assert "L.circle(" not in html and "fillOpacity: m.day" not in html
    assert "createPane('kursk-regions')" in html and "pane.style.zIndex = 450" in html
    assert "region-level (somewhere in the region)" not in html
    # The region's own label is replaced by the badge, which names it.
    assert '"name":"Kursk Oblast"' not in html and '"loc":"Kursk Oblast"' in html


def test_stacked_events_fan_out_from_one_mark():
    html = render_html(build_map(sample_layer(), day=DAY))
    assert "L.markerClusterGroup(" in html and "spiderfyOnMaxZoom: true" in html
    # Leaflet.markercluster comes inline from the installed package, not a CDN.
    from importlib import resources

    cluster = resources.files("xstatic.pkg.leaflet_markercluster").joinpath("data", "leaflet.markercluster.js")
    assert cluster.read_text()[:120] in html


def test_popup_spells_out_dates_places_claims(sample):
    html = render_html(build_map(sample, day=date(2025, 4, 26)))
    assert "week of 10 March 2025" in html
    assert "31 January 2025 (inferred)" in html
    assert "Oct 2024 – Jan 2025 (approx.)" in html
    assert "near a place" in html
    assert "kursk-claim-disputed" in html and "Vladimir Putin" in html
    assert "Washington Post" in html


def test_popup_and_table_use_the_same_precision_words(sample):
    articles = article_index(sample)
    events = [f for f in sample["features"] if f["properties"]["kind"] == "event"]
    assert {f["properties"]["geo_precision"] for f in events} >= {1, 2, 3}
    for feature in events:
        word = event_table([feature], {})[0]["precision"]
        popup = event_popup(feature, articles, place_km=5.0)
        assert f"({word})" in popup or f"({word}, within" in popup, (word, popup)


def test_layers_legend_and_title(page_html):
    for name in ("Offline basemap (Natural Earth)", "OpenStreetMap (online)", "CARTO Positron (online)",
                 "Control extent", "Events", "Places"):
        assert json.dumps(name) in page_html
    assert "Schematic extents are shaped from reported areas and places, not a front line" in page_html
    for word in ("assessed", "schematic", "claimed", "disputed"):
        assert word in page_html
    assert "12 March 2025" in page_html


def test_places_can_be_hidden(sample):
    assert '"name":"Sudzha"' in render_html(build_map(sample, day=DAY))
    assert '"name":"Sudzha"' not in render_html(build_map(sample, day=DAY, show_places=False))


# ---------------------------------------------------------------------------
# the claims ledger on the map
# ---------------------------------------------------------------------------


def _place_labels(html: str) -> list[dict]:
    """The place labels the page draws: the JSON its Places builder is called with."""
    call = html.index("})(", html.index("'kursk-ledger'"))
    return json.JSONDecoder().raw_decode(html[html.index("[", call):])[0]


def test_a_settlement_with_claims_opens_its_ledger(sample, page_html):
    labels = {p["name"]: p for p in _place_labels(page_html)}
    sudzha = labels["Sudzha"]
    assert sudzha["k"] == 1 and "Sudzha · ledger: 1 claim" in sudzha["p"]
    for text in ("10–16 March 2025", "taken → Russia", "the outlet", "side not known", "F6",
                 "kursk-claim-reported", "stated by the outlet", "retake the town of Sudzha"):
        assert text in sudzha["p"], text
    assert "Status on 12 March 2025: <b>no side named yet</b>" in sudzha["p"]  # the claim speaks of 16 March
    # a place the layer has no place feature for still gets its label and ledger
    sverdlikovo = labels["Sverdlikovo"]
    assert sverdlikovo["k"] == 1 and "held by Russia since 10 February 2025 (claimed)" in sverdlikovo["p"]


def test_ledger_popup_lists_claims_in_date_order_and_escapes_them(sample):
    # one settlement's ledger of both claims
    shown = [dict(f["properties"], place="Sudzha", place_id="gn:486816") for f in filter_claims(sample, EventFilter())]
    html = ledger_popup("Sudzha <i>x</i>", shown, article_index(sample), date(2025, 3, 20))
    assert html.index("1–10 February 2025") < html.index("10–16 March 2025")
    assert "F3" in html and "kursk-claim-claimed" in html
    assert HOSTILE not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<i>x</i>" not in html and "<svg onload" not in html


# Jinja's syntax: text that a second template pass would evaluate ({{ }}), fail on ({% %}) or drop ({# #}).
TEMPLATE_TEXT = "Sudzha {{ 7*7 }} {% if %} {# gone #} {{ lipsum.__globals__ }}"


def test_article_text_is_never_evaluated_as_a_template(sample):
    layer = copy.deepcopy(sample)
    for feature in layer["features"]:
        props = feature["properties"]
        if props["kind"] == "event":
            props["quote"] = TEMPLATE_TEXT
        if props["kind"] == "control":
            props["claimant"] = TEMPLATE_TEXT
    for article in layer["metadata"]["articles"]:
        article["title"] = TEMPLATE_TEXT  # the sources box and the popups name the articles
    html = render_html(build_map(layer, day=DAY))
    # the event data, the control extents and the sources box carry it literally (JSON-escaped, never rendered)
    assert html.count(TEMPLATE_TEXT) >= 3
    assert "Sudzha 49" not in html and "function generate_lorem_ipsum" not in html


def test_claims_follow_the_day_and_the_filter(sample):
    early = render_html(build_map(sample, day=date(2025, 1, 15)))
    assert not [p for p in _place_labels(early) if "p" in p] and "click its name for the ledger" not in early
    only_sudzha = render_html(build_map(sample, day=DAY, flt=EventFilter(sources=("001_2dafe8c5b76e0796",))))
    labels = {p["name"]: p for p in _place_labels(only_sudzha)}
    assert "p" in labels["Sudzha"] and "Sverdlikovo" not in labels


def test_an_events_popup_and_the_legend_show_the_grade_and_standing(sample, page_html):
    by_event = {c["properties"]["event_id"]: c["properties"] for c in claims(sample)}
    feature = next(f for f in filter_events(sample, EventFilter()) if f["id"] in by_event)
    popup = event_popup(feature, article_index(sample), claims_of_event=[by_event[feature["id"]]])
    assert "<th>Ledger</th>" in popup and "kursk-grade" in popup
    assert "<th>Ledger</th>" not in event_popup(feature, article_index(sample))
    assert "click its name for the ledger" in page_html and "credibility 1 (confirmed)" in page_html
    for standing in ("confirmed", "claimed", "disputed", "reported"):
        assert f"kursk-claim-{standing}'>{standing}" in page_html


# ---------------------------------------------------------------------------
# escaping
# ---------------------------------------------------------------------------


def test_hostile_text_only_escaped(page_html):
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page_html
    assert "<script>alert(1)" not in page_html
    assert "<img src=x" not in page_html
    assert "<svg onload" not in page_html
    assert "<b>Evil</b>" not in page_html and "&lt;b&gt;Evil&lt;/b&gt;" in page_html


def test_javascript_url_never_a_link(page_html):
    assert not re.search(r"href\s*=\s*\\?[\"']?\s*javascript:", page_html, re.I)
    assert HOSTILE_URL in page_html  # shown as text
    assert "href='https://www.washingtonpost.com/" in page_html  # http(s) sources still link


# ---------------------------------------------------------------------------
# determinism
# ---------------------------------------------------------------------------


def test_render_is_deterministic(sample, page_html):
    assert render_html(build_map(sample, day=DAY)) == page_html
    assert not re.search(r"_[0-9a-f]{32}(?![0-9a-z])", page_html)


def test_id_renumbering_leaves_article_text_alone(sample):
    # Looks like a folium id ("_" + 32 hex digits) but is article text: it must stay as written.
    quoted = "commit_0123456789abcdef0123456789abcdef was cited"
    layer = copy.deepcopy(sample)
    event = next(f for f in layer["features"] if f["properties"]["kind"] == "event"
                 and f["properties"]["date_start"] == "2025-03-10")
    event["properties"]["quote"] = quoted
    html = render_html(build_map(layer, day=DAY))
    assert quoted in html and "commit_1 " not in html
    # Folium's own ids are still renumbered, so the page stays deterministic.
    assert re.findall(r"_[0-9a-f]{32}(?![0-9a-z])", html) == ["_0123456789abcdef0123456789abcdef"]
    assert render_html(build_map(layer, day=DAY)) == html


def test_different_days_render_differently(sample, page_html):
    assert render_html(build_map(sample, day=date(2025, 3, 13))) != page_html


# ---------------------------------------------------------------------------
# scale
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_html() -> tuple[dict, str]:
    layer = synthetic_layer(10_000)
    return layer, render_html(build_map(layer, day=DAY, max_markers=1500))


def test_aggregation_for_10000_events(big_html):
    layer, html = big_html
    shown = filter_events(layer, EventFilter(), up_to=DAY)
    assert len(shown) > 5000
    singles = len(re.findall(r'"id":"ev-', html))
    cells = re.findall(r'"id":"cell-[^"]+"[^{}]*?"n":(\d+)', html)
    assert 0 < singles <= 1500 // 2 and 0 < len(cells) <= 1500
    assert singles + sum(int(n) for n in cells) == len(shown)
    assert len(html.encode("utf-8")) < MAX_HTML_BYTES


def test_no_aggregation_below_the_limit(sample):
    shown = filter_events(sample, EventFilter(), up_to=DAY)
    marks, cells = event_marks(sample, shown, DAY, max_markers=len(shown))
    assert len(marks) == len(shown) and cells == []
    marks, cells = event_marks(sample, shown, DAY, max_markers=2)
    assert sum(c["n"] for c in cells) + len(marks) == len(shown) and cells


# ---------------------------------------------------------------------------
# basemap
# ---------------------------------------------------------------------------


def test_basemap_small_clipped_and_cached():
    bbox = (22.0, 43.0, 45.0, 57.0)
    gj = basemap.countries_geojson(bbox=bbox)
    assert len(json.dumps(gj, separators=(",", ":"))) < 300_000
    names = {f["properties"]["name"] for f in gj["features"]}
    assert {"Russia", "Ukraine", "Belarus"} <= names and "France" not in names

    def coords(value):
        if isinstance(value[0], (int, float)):
            yield value
        else:
            for item in value:
                yield from coords(item)

    for feature in gj["features"]:
        for lon, lat in coords(feature["geometry"]["coordinates"]):
            assert bbox[0] - 1e-6 <= lon <= bbox[2] + 1e-6 and bbox[1] - 1e-6 <= lat <= bbox[3] + 1e-6
    gj["features"].clear()  # callers get copies
    assert basemap.countries_geojson(bbox=bbox)["features"]
    frame = basemap.countries_frame(bbox=(34.0, 50.0, 37.0, 52.0))
    assert set(frame["iso3"]) == {"RUS", "UKR"}


# ---------------------------------------------------------------------------
# in a browser (offline)
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(chromium):
    # One Playwright per session (tests/browser.py): a second sync_playwright
    # inside the first one's event loop fails.
    return chromium


# What the map draws that a user can click: control extents, event marks,
# stacks of events at one spot, region badges.
DRAWN_SELECTOR = (".leaflet-overlay-pane path.leaflet-interactive, "
                  ".leaflet-marker-icon:is(.kursk-ev-icon, .kursk-stack, .kursk-region)")
# Opens every popup and tooltip once, also those of events folded into a
# stack (they are not on the map until fanned out); returns popup texts.
OPEN_EVERY_POPUP_JS = """() => {
  var out = [], layers = [];
  map_1.eachLayer(function (l) {
    layers.push(l);
    if (l.options && l.options.maxClusterRadius) { layers = layers.concat(l.getLayers()); }  /* a stack group */
  });
  layers.filter(function (l, i) { return layers.indexOf(l) === i; }).forEach(function (l) {
    if (l.getTooltip && l.getTooltip() && map_1.hasLayer(l)) { l.openTooltip(); }
    if (!(l.getPopup && l.getPopup())) { return; }
    var popup = map_1.hasLayer(l) ? (l.openPopup(), l.getPopup())
        : L.popup().setLatLng(l.getLatLng()).setContent(l.getPopup().getContent()).openOn(map_1);
    var el = popup.getElement();
    out.push(el ? el.textContent : '');
  });
  return out;
}"""


def _open(browser, html: str, tmp_path: Path):
    path = tmp_path / "map.html"
    path.write_text(html, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    problems = {"blocked": [], "errors": [], "dialogs": []}

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            problems["blocked"].append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda e: problems["errors"].append(str(e)))
    page.on("dialog", lambda d: (problems["dialogs"].append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector(".leaflet-overlay-pane path.leaflet-interactive", timeout=20_000)
    return context, page, problems


def test_browser_draws_offline_and_popups_stay_inert(browser, page_html, tmp_path):
    context, page, problems = _open(browser, page_html, tmp_path)
    try:
        # Open every popup and tooltip in turn: hostile text must not run or create elements.
        texts = page.evaluate(OPEN_EVERY_POPUP_JS)
        page.wait_for_timeout(300)
        assert len(texts) >= 7
        assert problems == {"blocked": [], "errors": [], "dialogs": []}
        assert page.eval_on_selector_all("img[src='x'], .leaflet-pane script, svg[onload]", "e => e.length") == 0
        assert any("<script>alert(1)</script>" in t for t in texts)  # shown as text
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        assert links and not [h for h in links if h.lower().startswith("javascript")]
        assert page.eval_on_selector_all(DRAWN_SELECTOR, "e => e.length") >= 2
    finally:
        context.close()


def test_content_security_policy_blocks_markup_that_slips_through(browser, page_html, tmp_path):
    # Simulate an escaping bug: raw markup in the page body. The map must
    # still draw (its own scripts are allowed by hash) and the markup's
    # handlers must not run.
    slipped = page_html.replace("</body>", "<img src=x onerror=\"document.title='pwned'\">"
                                           "<script>document.title='pwned'</script></body>")
    context, page, problems = _open(browser, slipped, tmp_path)
    try:
        page.wait_for_timeout(300)
        assert page.title() != "pwned"
        assert page.eval_on_selector_all(DRAWN_SELECTOR, "e => e.length") >= 2
    finally:
        context.close()


def test_browser_10000_events_keep_the_dom_small(browser, big_html, tmp_path):
    _, html = big_html
    context, page, problems = _open(browser, html, tmp_path)
    try:
        marks = page.eval_on_selector_all(".leaflet-marker-icon", "e => e.length")
        paths = page.eval_on_selector_all(".leaflet-overlay-pane path", "e => e.length")
        assert marks + paths < 2000
        assert problems["errors"] == [] and problems["blocked"] == []
    finally:
        context.close()


# ---------------------------------------------------------------------------
# the real layer
# ---------------------------------------------------------------------------


def test_real_layer_map(real_layer):
    from geo.filters import timeline_bounds

    first, last = timeline_bounds(real_layer)
    html = render_html(build_map(real_layer, day=last))
    assert len(html.encode("utf-8")) < MAX_HTML_BYTES
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.I)
    assert render_html(build_map(real_layer, day=last)) == html


def test_one_event_is_not_one_events(sample):
    first = min(filter_events(sample, EventFilter()), key=lambda f: f["properties"]["date_start"])
    day = date.fromisoformat(first["properties"]["date_start"])
    assert len(filter_events(sample, EventFilter(), up_to=day)) == 1
    html = render_html(build_map(sample, day=day))
    assert "1 event up to this day" in html and "1 events" not in html


def test_timeline_ticks_mark_key_dates_and_escape_labels():
    from geo.mapview import timeline_ticks_svg

    marks = [(date(2024, 8, 6), "Ukraine holds <b>x</b>"), (date(2025, 3, 10), "Russia retakes Sudzha"),
             (date(2030, 1, 1), "outside the timeline")]
    svg = timeline_ticks_svg(date(2024, 8, 1), date(2025, 5, 13), marks, control_days=[date(2024, 8, 6)], width=640)
    assert svg.count("<title>") == 2  # two ticks: one date lies outside
    assert "&lt;b&gt;x&lt;/b&gt;" in svg and "<b>" not in svg
    assert "6 August 2024: Ukraine holds" in svg
    tall = re.search(r"<line x1='([\d.]+)' y1='0' x2='[\d.]+' y2='13' stroke='#333'", svg)
    assert tall and abs(float(tall.group(1)) - 640 * 5 / 285) < 0.2  # 5 of 285 days in


def _tick_labels(svg: str) -> list[tuple[float, str]]:
    return [(float(x), text) for x, text in re.findall(r"<text x='([\d.]+)'[^>]*>([^<]*)</text>", svg)]


@pytest.mark.parametrize("start, end", [
    (date(2024, 1, 1), date(2025, 5, 13)),  # the seeds' timeline: "Jan 2024Feb" ran together
    (date(2024, 8, 1), date(2025, 5, 13)),
    (date(2022, 2, 24), date(2025, 5, 13)),
    (date(2025, 2, 1), date(2025, 4, 30)),
])
def test_timeline_month_labels_keep_apart(start, end):
    from geo.mapview import TICKS_WIDTH, timeline_ticks_svg

    svg = timeline_ticks_svg(start, end, [], width=TICKS_WIDTH)
    labels = _tick_labels(svg)
    font = float(re.search(r"font-size='([\d.]+)'", svg).group(1))
    assert len(labels) >= 3, labels
    # 0.55 em a character is less than any sans-serif font's labels take: a lower bound of their width
    for (x, text), (next_x, _) in zip(labels, labels[1:]):
        assert x + 0.55 * font * len(text) < next_x, (text, labels)
    assert labels[-1][0] + 0.55 * font * len(labels[-1][1]) <= TICKS_WIDTH
    # the year stands on the first label and on each January's
    assert re.search(r"\d{4}$", labels[0][1])
    assert all(re.fullmatch(r"Jan \d{4}", text) for _, text in labels if text.startswith("Jan"))


def test_a_short_timeline_labels_every_month_and_a_shorter_some_days():
    from geo.mapview import TICKS_WIDTH, timeline_ticks_svg

    labels = [t for _, t in _tick_labels(timeline_ticks_svg(date(2025, 1, 20), date(2025, 5, 13), [], width=TICKS_WIDTH))]
    assert labels == ["Feb 2025", "Mar", "Apr", "May"]
    # a month or so (a slider bounded by the event dates): the 10th and 20th too, the first naming its month
    labels = [t for _, t in _tick_labels(timeline_ticks_svg(date(2025, 3, 10), date(2025, 4, 30), [], width=TICKS_WIDTH))]
    assert labels == ["10 Mar 2025", "20", "Apr", "10", "20"]


def test_view_bounds_are_what_leaflet_shows():
    from geo.mapview import CAMPAIGN_CENTER, DEFAULT_ZOOM, view_bounds

    # the whole world at zoom 1 in 512 x 512 px: Web Mercator's latitude limit
    assert view_bounds((0, 0), 1, (512, 512)) == pytest.approx((-180, -85.05113, 180, 85.05113), abs=1e-4)
    west, south, east, north = view_bounds((51.2, 35.25), 11, (1140, 620))
    assert (west + east) / 2 == pytest.approx(35.25) and east - west == pytest.approx(1140 / (256 * 2 ** 11) * 360, abs=1e-4)
    assert south < 51.2 < north and north - 51.2 < 51.2 - south  # Mercator: more degrees to the south
    assert view_bounds(None, None, (800, 600)) == view_bounds(CAMPAIGN_CENTER, DEFAULT_ZOOM, (800, 600))
