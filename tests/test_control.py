"""Schematic control extents built from the claims the seed articles make.

The claims are written by hand from the seed texts (the quotes are copied
from seeds/001 and seeds/003-004); the expected areas are derived here from
the words of those quotes, not from the code's output.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from functools import lru_cache

import pytest
import shapely
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from shapely.geometry import Point, shape

from geo import borders, control, settings
from geo.control import build_extents, extents_on
from geo.records import ControlClaim, Place

SQ_MILE_KM2 = 2.589988  # 1 mi² in km² (unit conversion, not a reported figure)

Q_DEEP_STATE = ("On a map from Deep State, a Ukrainian volunteer project that tracks changes on the front line, "
                "Ukrainian troops are now shown occupying about 10 percent of the more than 500 square miles that "
                "they once held.")
Q_HALF = ("Meanwhile, the battle for Kursk continues, with Russia reclaiming approximately half of the 1000+ square "
          "kilometers initially captured by Ukrainian forces.")
Q_SUDZHA = ("A fresh supply of North Korean troops, command of the air and a crushing superiority in numbers helped "
            "Russia last week retake the town of Sudzha, Ukraine’s last stronghold in western Russia, according to "
            "interviews with Ukrainian soldiers and officials familiar with the battles of the last few weeks.")
Q_SVERDLIKOVO = ("Operating in small groups on either flank, they joined elite Russian forces and outnumbered the "
                 "Ukrainians by a ratio of about 2 to 1 - helping seize the key stronghold of Sverdlikovo near "
                 "Ukraine’s main logistics routes.")
Q_LIBERATION = ("The confirmation comes just days after Putin declared the “full liberation” of Ukraine’s captured "
                "Kursk region, an assertion Kyiv strongly denies.")

# Figures read from the quotes above.
PEAK_001 = 500 * SQ_MILE_KM2  # "more than 500 square miles that they once held"
NOW_001 = 0.10 * PEAK_001  # "about 10 percent" of it, on 18 March 2025
PEAK_003 = 1000.0  # "1000+ square kilometers initially captured"
HALF_003 = 0.5 * PEAK_003  # "reclaiming approximately half", on 31 January 2025

UNTIL = date(2025, 5, 15)


def _fallback(name: str) -> Place:
    coords = {  # given in the task brief (GeoNames / curated rows)
        "Sudzha": ("gn:486816", 51.191, 35.271, "city"),
        "Sverdlikovo": ("cur:sverdlikovo", 51.23, 35.00, "village"),
        "Guyevo": ("gn:557731", 51.092, 35.269, "village"),
        "Kursk": ("gn:538560", 51.727, 36.185, "city"),
    }[name]
    return Place(coords[0], name, coords[1], coords[2], "RU", "Kursk Oblast", coords[3], 0, 1.0)


@lru_cache(maxsize=None)
def place(name: str) -> Place:
    """The place from the real gazetteer (the Russian one), or the brief's point until it exists."""
    try:
        from geo.gazetteer import load_default
    except ImportError:
        return _fallback(name)
    hits = [p for p in load_default().candidates(name) if p.country == "RU" and not p.is_region]
    assert hits, f"gazetteer has no Russian {name}"
    return hits[0]


def seed_claims() -> list[ControlClaim]:
    """What seeds 001, 003 and 004 say about control, as the extractor hands it over."""
    sudzha, sverdlikovo = place("Sudzha"), place("Sverdlikovo")
    start = settings.CAMPAIGN_START
    return [
        ControlClaim(start, "Ukraine", "Deep State", "reported", "001", Q_DEEP_STATE, round(PEAK_001, 1),
                     places_held=(sudzha, sverdlikovo), note="peak extent (500 square miles), undated"),
        ControlClaim(start, "Ukraine", "", "reported", "003", Q_HALF, PEAK_003,
                     places_held=(sudzha, sverdlikovo), note="peak extent (1000+ km²), initially captured"),
        ControlClaim(date(2025, 1, 31), "Ukraine", "", "reported", "003", Q_HALF, HALF_003,
                     places_held=(sudzha, sverdlikovo)),
        ControlClaim(date(2025, 2, 10), "Ukraine", "", "reported", "001", Q_SVERDLIKOVO,
                     places_held=(sudzha,), places_lost=(sverdlikovo,), note="early last month"),
        ControlClaim(date(2025, 3, 16), "Ukraine", "", "reported", "001", Q_SUDZHA,
                     places_lost=(sudzha, sverdlikovo), note="last week"),
        ControlClaim(date(2025, 3, 18), "Ukraine", "Deep State", "reported", "001", Q_DEEP_STATE,
                     round(NOW_001, 1), places_lost=(sudzha, sverdlikovo)),
        ControlClaim(date(2025, 4, 26), "Russia", "Russia", "disputed", "004", Q_LIBERATION,
                     places_held=(place("Kursk"),), note="claim of full control of the region (disputed)"),
    ]


@pytest.fixture(scope="module")
def extents() -> list[dict]:
    return build_extents(seed_claims(), until=UNTIL)


def _one(features: list[dict], day: date, holder: str) -> dict:
    hits = [f for f in extents_on(features, day) if f["properties"]["holder"] == holder]
    assert len(hits) == 1, f"{holder} on {day}: {len(hits)} extents"
    return hits[0]


def _point(p: Place) -> Point:
    return Point(p.lon, p.lat)


# ------------------------------------------------------------------ areas


@pytest.mark.parametrize("day, expected", [
    (date(2025, 1, 31), HALF_003),
    (date(2025, 2, 20), HALF_003),  # hold-last: no new area report since 31 Jan
    (date(2025, 3, 17), HALF_003),
    (date(2025, 3, 18), NOW_001),
    (date(2025, 5, 1), NOW_001),
])
def test_area_matches_the_report(extents, day, expected):
    props = _one(extents, day, "Ukraine")["properties"]
    assert props["reported_area_km2"] == pytest.approx(expected, abs=0.1)
    assert props["area_km2"] == pytest.approx(expected, rel=0.10)
    geodesic = borders.geodesic_area_km2(shape(_one(extents, day, "Ukraine")["geometry"]))
    assert geodesic == pytest.approx(props["area_km2"], abs=0.06)


def test_every_schematic_extent_is_within_ten_percent(extents):
    for f in extents:
        reported = f["properties"]["reported_area_km2"]
        if reported is not None:
            assert abs(f["properties"]["area_km2"] - reported) <= 0.10 * reported, f["properties"]["valid_from"]


@hsettings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(area=st.floats(min_value=40.0, max_value=2500.0))
def test_calibrates_to_any_reported_area(area):
    claim = ControlClaim(date(2024, 9, 1), "Ukraine", "", "reported", "x", "some sentence", area,
                         places_held=(place("Sudzha"),))
    features = build_extents([claim])
    # From its own date only: before it nothing is reported, so nothing is drawn.
    assert [f["properties"]["valid_from"] for f in features] == ["2024-09-01"]
    for feature in features:
        assert feature["properties"]["area_km2"] == pytest.approx(area, rel=0.10)
    assert shape(features[-1]["geometry"]).contains(_point(place("Sudzha")))


def test_an_area_russia_holds_is_not_drawn_over_the_salient():
    ukraine = ControlClaim(date(2024, 9, 1), "Ukraine", "", "reported", "x", "Ukraine holds 1,000 km².", 1000.0,
                           places_held=(place("Sudzha"),))
    russia = ControlClaim(date(2025, 4, 1), "Russia", "Russian Ministry of Defence", "claimed", "y",
                          "Russia has taken 90 km² in Sumy Oblast.", 90.0)
    holders = {f["properties"]["holder"] for f in build_extents([ukraine, russia])}
    assert holders == {"Ukraine"}


# ------------------------------------------------------------ places


def test_sudzha_held_in_autumn_and_lost_after_mid_march(extents):
    sudzha = _point(place("Sudzha"))
    autumn = shape(_one(extents, date(2024, 10, 15), "Ukraine")["geometry"])
    assert autumn.contains(sudzha)
    winter = shape(_one(extents, date(2025, 2, 20), "Ukraine")["geometry"])
    assert winter.contains(sudzha)  # still held, only Sverdlikovo fell
    after = shape(_one(extents, date(2025, 3, 20), "Ukraine")["geometry"])
    assert not after.contains(sudzha)
    assert after.distance(sudzha) > 0.01  # the lost-place margin (~1 km and more)


def test_sverdlikovo_cut_out_after_early_february(extents):
    sverdlikovo = _point(place("Sverdlikovo"))
    assert shape(_one(extents, date(2025, 1, 31), "Ukraine")["geometry"]).contains(sverdlikovo)
    feb = shape(_one(extents, date(2025, 2, 20), "Ukraine")["geometry"])
    assert not feb.buffer(0.01).contains(sverdlikovo)  # > ~0.7 km clear of the extent


def test_kursk_city_does_not_anchor_the_salient(extents):
    # Kursk is ~100 km from the border: a claim naming it must not draw a blob or corridor there.
    kursk = _point(place("Kursk"))
    assert all(shape(f["geometry"]).distance(kursk) > 0.5 for f in extents)
    misread = ControlClaim(date(2024, 9, 1), "Ukraine", "", "reported", "x", "some sentence",
                           places_held=(place("Kursk"),))
    features = build_extents([*seed_claims(), misread], until=UNTIL)
    assert all(shape(f["geometry"]).distance(kursk) > 0.5 for f in features)


# ------------------------------------------------------------- border


def test_every_extent_lies_on_the_russian_side(extents):
    russia, ukraine = borders.country_shape("RUS"), borders.country_shape("UKR")
    for f in extents:
        geom = shape(f["geometry"])
        outside = borders.geodesic_area_km2(geom.difference(russia))
        assert outside < 0.05, (f["properties"]["valid_from"], outside)
        assert borders.geodesic_area_km2(geom.intersection(ukraine)) < 0.05


def test_extent_hugs_the_border_near_the_named_places(extents):
    border = borders.border_line()
    for f in extents:
        geom = shape(f["geometry"])
        assert geom.distance(border) < 1e-3  # touches the border it grew from
        assert geom.distance(_point(place("Sudzha"))) < 0.3  # within ~20 km of the sector


# ------------------------------------------------------------- timeline


def test_one_extent_per_holder_and_origin_every_day(extents):
    day = settings.CAMPAIGN_START
    while day <= UNTIL:
        iso = day.isoformat()
        live = [f["properties"] for f in extents if f["properties"]["valid_from"] <= iso <= f["properties"]["valid_to"]]
        ukraine = [p for p in live if p["holder"] == "Ukraine" and p["origin"] == "schematic"]
        russia = [p for p in live if p["holder"] == "Russia" and p["origin"] == "schematic"]
        assert len(ukraine) == 1, iso
        assert len(russia) == (1 if day >= date(2025, 4, 26) else 0), iso
        day += timedelta(days=1)
    assert min(f["properties"]["valid_from"] for f in extents) == "2024-08-06"
    assert max(f["properties"]["valid_to"] for f in extents) == UNTIL.isoformat()


def test_last_extent_runs_to_the_last_report_without_until():
    features = build_extents(seed_claims())
    assert max(f["properties"]["valid_to"] for f in features) == "2025-04-26"


def test_hold_last_is_named_in_method(extents):
    props = _one(extents, date(2025, 2, 20), "Ukraine")["properties"]
    assert props["method"].startswith("hold-last")
    assert "2025-01-31" in props["method"]
    assert props["quote"] == Q_HALF


def test_an_undated_peak_calibrates_the_days_before_the_first_dated_figure(extents):
    # "once held", "initially captured": the most ground held at some time. Before the first dated figure
    # (31 January) it is the only figure there is, so it calibrates the days the holder stands somewhere
    for day in (settings.CAMPAIGN_START, date(2024, 10, 15), date(2025, 1, 30)):
        props = _one(extents, day, "Ukraine")["properties"]
        assert props["reported_area_km2"] == round(PEAK_001, 1)  # both stated as minimums: the larger
        assert props["area_km2"] == pytest.approx(PEAK_001, rel=0.10)
        assert props["method"].startswith("undated peak figure, drawn until the first dated figure (2025-01-31)")
        assert "1000.0" in props["method"]  # the other peak is named
        assert props["quote"] == Q_DEEP_STATE and props["source_ids"] == ["001", "003"]
    props = _one(extents, date(2025, 1, 31), "Ukraine")["properties"]
    assert props["reported_area_km2"] == HALF_003 and props["method"].startswith("hold-last")


def test_an_undated_peak_calibrates_no_day_before_a_place_is_held():
    # the peak is ground held somewhere: before the holder is reported anywhere, it has nowhere to stand
    sudzha = place("Sudzha")
    claims = [
        ControlClaim(settings.CAMPAIGN_START, "Ukraine", "", "reported", "p", "At its height Ukraine held 1,300 km².",
                     1300.0, note="peak extent (1,300 km²), undated"),
        ControlClaim(date(2024, 9, 1), "Ukraine", "", "reported", "h", "Ukraine holds Sudzha.", places_held=(sudzha,)),
        ControlClaim(date(2024, 12, 1), "Ukraine", "", "reported", "d", "Ukraine holds 600 km².", 600.0,
                     places_held=(sudzha,)),
    ]
    features = build_extents(claims, until=date(2025, 1, 1))
    assert not [f for f in extents_on(features, date(2024, 8, 20)) if f["properties"]["holder"] == "Ukraine"]
    props = _one(features, date(2024, 9, 15), "Ukraine")["properties"]
    assert props["reported_area_km2"] == 1300.0 and props["valid_from"] == "2024-09-01"
    assert props["area_km2"] == pytest.approx(1300.0, rel=0.10)
    assert _one(features, date(2024, 12, 15), "Ukraine")["properties"]["reported_area_km2"] == 600.0


def test_an_undated_peak_is_not_drawn_after_the_first_dated_figure():
    # a dated figure calibrates from its own date on; the peak does not come back when a later day
    # has a new place but no new figure
    sudzha, guyevo = place("Sudzha"), place("Guyevo")
    claims = [
        ControlClaim(settings.CAMPAIGN_START, "Ukraine", "", "reported", "p", "At its peak Ukraine held 1,300 km².",
                     1300.0, places_held=(sudzha,), note="peak extent (1,300 km²), undated"),
        ControlClaim(date(2024, 10, 1), "Ukraine", "", "reported", "d", "Ukraine holds 600 km².", 600.0,
                     places_held=(sudzha,)),
        ControlClaim(date(2024, 11, 1), "Ukraine", "", "reported", "g", "Ukraine holds Guyevo.", places_held=(guyevo,)),
    ]
    features = build_extents(claims, until=date(2025, 1, 1))
    assert _one(features, date(2024, 9, 30), "Ukraine")["properties"]["reported_area_km2"] == 1300.0
    for day in (date(2024, 10, 1), date(2024, 11, 15)):
        assert _one(features, day, "Ukraine")["properties"]["reported_area_km2"] == 600.0


def test_same_day_figures_prefer_one_reported_as_fact_to_a_claimed_one():
    day = date(2024, 9, 1)
    claims = [ControlClaim(day, "Ukraine", "Deep State", "claimed", "a", "Deep State's map shows 1,295 km².", 1295.0,
                           places_held=(place("Sudzha"),)),
              ControlClaim(day, "Ukraine", "", "reported", "b", "Ukraine holds more than 1,000 km².", 1000.0,
                           places_held=(place("Sudzha"),))]
    props = _one(build_extents(claims), day, "Ukraine")["properties"]
    assert props["reported_area_km2"] == 1000.0
    assert props["area_km2"] == pytest.approx(1000.0, rel=0.10)
    assert props["status"] == "schematic" and props["source_ids"] == ["a", "b"]
    assert "reported as fact is preferred" in props["method"]


def test_disputed_full_liberation_after_26_april(extents):
    may = date(2025, 5, 1)
    russia = _one(extents, may, "Russia")["properties"]
    assert (russia["status"], russia["claim_status"], russia["claimant"]) == ("disputed", "disputed", "Russia")
    assert russia["quote"] == Q_LIBERATION and russia["source_ids"] == ["004"]
    assert "not a report of fact" in russia["method"]
    # Ukraine's reported extent is still shown, not silently zeroed.
    ukraine = _one(extents, may, "Ukraine")["properties"]
    assert ukraine["status"] == "schematic" and ukraine["area_km2"] > 0.5 * NOW_001
    # Russia claims the whole former salient, which held Sudzha.
    salient = shape(_one(extents, may, "Russia")["geometry"])
    assert salient.contains(_point(place("Sudzha")))
    assert salient.area >= shape(_one(extents, date(2024, 9, 1), "Ukraine")["geometry"]).area * 0.99
    assert not extents_on(extents, date(2025, 4, 25)) or all(
        f["properties"]["holder"] == "Ukraine" for f in extents_on(extents, date(2025, 4, 25)))


def test_zero_area_claim_by_the_other_side_becomes_a_disputed_russian_extent():
    claims = seed_claims()[:6] + [
        ControlClaim(date(2025, 4, 26), "Ukraine", "Russia", "disputed", "004", Q_LIBERATION, 0.0)]
    features = build_extents(claims)
    day = date(2025, 4, 26)
    assert _one(features, day, "Russia")["properties"]["status"] == "disputed"
    assert _one(features, day, "Ukraine")["properties"]["area_km2"] == pytest.approx(NOW_001, rel=0.10)


# --------------------------------------------------------- feature form


def test_features_fit_the_layer_schema(extents):
    from geo.layer import validate_layer

    validate_layer({"type": "FeatureCollection", "features": extents})
    for f in extents:
        props = f["properties"]
        assert f["id"] == props["control_id"] and re.fullmatch(r"ctl-[0-9a-f]{12}", f["id"])
        assert props["kind"] == "control" and props["origin"] == "schematic"
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert props["status"] == ("schematic" if props["claim_status"] == "reported" else props["claim_status"])
    assert len({f["id"] for f in extents}) == len(extents)


def test_features_are_small_and_rounded(extents):
    for f in extents:
        text = json.dumps(f)
        assert len(text.encode("utf-8")) < 20_000
        coords = shapely.get_coordinates(shape(f["geometry"]))
        assert (abs(coords * 1e5 - (coords * 1e5).round()) < 1e-6).all()
        assert shape(f["geometry"]).is_valid


def test_deterministic_and_independent_of_input_order(extents):
    again = build_extents(seed_claims(), until=UNTIL)
    shuffled = build_extents(list(reversed(seed_claims())), until=UNTIL)
    assert json.dumps(again, sort_keys=True) == json.dumps(extents, sort_keys=True)
    assert json.dumps(shuffled, sort_keys=True) == json.dumps(extents, sort_keys=True)


def test_no_claims_no_extents():
    assert build_extents([]) == []


def test_extents_on_ignores_other_kinds_and_dates(extents):
    event = {"type": "Feature", "id": "ev-1", "properties": {"kind": "event"}}
    assert extents_on([event], date(2024, 9, 1)) == []
    assert extents_on(extents, date(2024, 8, 5)) == []
    assert extents_on(extents, UNTIL + timedelta(days=1)) == []


def test_canonical_holder():
    assert control.canonical_holder("Ukrainian forces") == "Ukraine"
    assert control.canonical_holder("Russian Federation") == "Russia"
    assert control.canonical_holder("Russia-Ukraine border") is None
    assert control.canonical_holder("North Korea") is None


# ------------------------------------------------- holdings from the ledger


def _ukrainian(name: str) -> Place:
    from geo.gazetteer import load_default

    return next(p for p in load_default().candidates(name) if p.country == "UA" and p.admin1 == "Sumy Oblast")


def test_villages_russia_holds_in_ukraine_are_drawn_on_ukraines_side():
    day = date(2025, 4, 6)
    basivka, novenke = _ukrainian("Basivka"), _ukrainian("Novenke")
    claims = [ControlClaim(day, "Russia", "Russian Ministry of Defence", "claimed", "x",
                           "Russian troops captured Basivka and Novenke.", places_held=(basivka, novenke))]
    russia = [f for f in build_extents(claims, until=date(2025, 5, 1)) if f["properties"]["holder"] == "Russia"]
    assert len(russia) == 1 and russia[0]["properties"]["valid_from"] == day.isoformat()
    geom = shape(russia[0]["geometry"])
    assert borders.geodesic_area_km2(geom.intersection(borders.country_shape("UKR"))) > 1.0
    assert borders.geodesic_area_km2(geom.difference(borders.country_shape("UKR"))) < 0.05
    assert geom.buffer(0.001).contains(_point(basivka)) and geom.buffer(0.001).contains(_point(novenke))


def test_a_place_first_reported_entered_was_not_held_before():
    yunakivka, novenke = _ukrainian("Yunakivka"), _ukrainian("Novenke")
    claims = [ControlClaim(date(2025, 3, 10), "Russia", "Russian Ministry of Defence", "claimed", "n",
                           "Russian troops captured Novenke.", places_held=(novenke,)),
              ControlClaim(date(2025, 5, 23), "Russia", "TASS", "claimed", "x", "Russian units got into the village.",
                           places_contested=(yunakivka,)),
              ControlClaim(date(2025, 5, 24), "Russia", "Sumy regional administration", "claimed", "y",
                           "Yunakivka is under Ukrainian control.", places_lost=(yunakivka,))]
    features = build_extents(claims, until=date(2025, 5, 30))
    april = _one(features, date(2025, 4, 1), "Russia")
    assert "Yunakivka" not in april["properties"]["method"].split("lost:")[0]  # not held before the entry
    assert "Yunakivka" in _one(features, date(2025, 5, 23), "Russia")["properties"]["method"].split("lost:")[0]


def test_russias_ground_in_ukraine_and_its_claim_in_russia_from_one_day_have_their_own_ids():
    day = date(2025, 4, 6)
    claims = [ControlClaim(date(2024, 9, 1), "Ukraine", "", "reported", "x", "Ukraine holds 600 km².", 600.0,
                           places_held=(place("Sudzha"), place("Guyevo"))),
              ControlClaim(day, "Russia", "Russian Ministry of Defence", "claimed", "y",
                           "Russian troops captured Basivka.", places_held=(_ukrainian("Basivka"),)),
              ControlClaim(day, "Russia", "Russian Ministry of Defence", "claimed", "y",
                           "The Kursk region has been fully liberated.", note="claim of full control of the region")]
    ids = [f["id"] for f in build_extents(claims, until=date(2025, 5, 1))]
    assert len(ids) == len(set(ids)) and len(ids) >= 3  # Ukraine's; Russia's in Ukraine; its claim in Russia


def test_a_claim_about_a_village_is_never_drawn_as_control_of_the_whole_salient():
    claims = [ControlClaim(date(2024, 9, 1), "Ukraine", "", "reported", "x", "Ukraine holds 600 km².", 600.0,
                           places_held=(place("Sudzha"), place("Guyevo"))),
              ControlClaim(date(2025, 4, 6), "Russia", "DeepState", "claimed", "y",
                           "The gray zone spread toward Guyevo.", places_contested=(place("Guyevo"),))]
    russia = [f for f in build_extents(claims, until=date(2025, 5, 1)) if f["properties"]["holder"] == "Russia"]
    assert not any("whole former salient" in f["properties"]["method"] for f in russia)


def test_a_held_place_far_from_the_others_does_not_stretch_the_extent():
    near = (place("Sudzha"), place("Guyevo"), place("Sverdlikovo"))
    stray = place("Glushkovo")  # ~45 km from the others: one misread report must not draw a band to it
    claims = [ControlClaim(date(2024, 9, 1), "Ukraine", "", "reported", "x", "Ukraine holds 600 km².", 600.0,
                           places_held=(*near, stray))]
    feature = _one(build_extents(claims), date(2024, 9, 1), "Ukraine")
    geom = shape(feature["geometry"])
    assert all(geom.contains(_point(p)) for p in near)
    assert not geom.buffer(0.05).contains(_point(stray))
    assert "left out" in feature["properties"]["method"] and "Glushkovo" in feature["properties"]["method"]
    assert feature["properties"]["area_km2"] == pytest.approx(600.0, rel=0.02)


def test_less_ground_than_the_held_places_span_lies_along_the_border():
    held = (place("Sudzha"), place("Guyevo"), place("Sverdlikovo"))  # a hull of well over 100 km²
    claims = [ControlClaim(date(2025, 4, 26), "Ukraine", "DeepState", "claimed", "x",
                           "DeepState still showed roughly 30 square kilometres in Ukrainian hands.", 30.0,
                           places_held=held)]
    feature = _one(build_extents(claims), date(2025, 4, 26), "Ukraine")
    geom = shape(feature["geometry"])
    assert feature["properties"]["area_km2"] == pytest.approx(30.0, rel=0.1)
    # the salient fell back toward the border it was crossed from: no point of it lies deep inside
    deepest_km = max(Point(xy).distance(borders.border_line()) for xy in shapely.get_coordinates(geom)) * 111
    assert geom.distance(borders.border_line()) < 1e-3 and deepest_km < 8
    assert "nearest the border" in feature["properties"]["method"]


def test_a_place_fought_over_counts_as_held_for_a_month_only():
    fought = date(2024, 10, 1)
    claims = [ControlClaim(fought, "Ukraine", "Russian Ministry of Defence", "claimed", "x",
                           "Fighting continues in Sudzha and Guyevo.",
                           places_contested=(place("Sudzha"), place("Guyevo")))]
    features = build_extents(claims, until=fought + timedelta(days=60))
    assert shape(_one(features, fought + timedelta(days=10), "Ukraine")["geometry"]).contains(_point(place("Sudzha")))
    later = fought + timedelta(days=control.CONTESTED_DAYS + 5)
    assert not [f for f in extents_on(features, later) if f["properties"]["holder"] == "Ukraine"]


def test_an_assessed_map_replaces_a_sides_extent_but_not_its_disputed_claim():
    square = shapely.box(35.2, 51.2, 35.3, 51.3)
    day = date(2025, 4, 27)
    common = dict(holder="Russia", valid_from=day, valid_to=day)
    claim = control.control_feature(square, origin="schematic", status="disputed", **common)
    drawn = control.control_feature(square, origin="schematic", status="schematic", id_extra="x", **common)
    assessed = control.control_feature(square.buffer(-0.01), origin="imported", status="assessed", **common)
    shown = {(f["properties"]["origin"], f["properties"]["status"]) for f in extents_on([claim, drawn, assessed], day)}
    assert shown == {("schematic", "disputed"), ("imported", "assessed")}


def test_a_place_outside_the_campaign_area_draws_nothing():
    far = Place("gn:702320", "Makiyivka", 48.04782, 37.92576, "UA", "Donetsk Oblast", "city", 0, 1.0)  # Donbas
    claims = [ControlClaim(date(2024, 9, 28), "Russia", "Russian Ministry of Defence", "claimed", "x",
                           "Russia claimed the capture of Makiivka.", places_held=(far,))]
    assert build_extents(claims) == []


def test_fighting_at_a_place_the_holder_lost_does_not_give_it_back():
    sudzha, guyevo, sverdlikovo = place("Sudzha"), place("Guyevo"), place("Sverdlikovo")
    claims = [
        ControlClaim(date(2024, 9, 1), "Ukraine", "", "reported", "a", "Ukraine holds Sudzha, Guyevo and Sverdlikovo.",
                     places_held=(sudzha, guyevo, sverdlikovo)),
        ControlClaim(date(2025, 2, 10), "Ukraine", "", "reported", "b", "Russia retook Sverdlikovo.",
                     places_lost=(sverdlikovo,)),
        ControlClaim(date(2025, 2, 20), "Ukraine", "", "claimed", "c", "Fighting near Sverdlikovo.",
                     places_contested=(sverdlikovo,)),
    ]
    feb = shape(_one(build_extents(claims, until=date(2025, 3, 1)), date(2025, 2, 25), "Ukraine")["geometry"])
    assert feb.contains(_point(sudzha)) and not feb.buffer(0.01).contains(_point(sverdlikovo))


def test_reported_and_assessed_extents_are_compared_in_km2():
    day = date(2025, 1, 15)
    common = dict(holder="Ukraine", valid_from=day, valid_to=day)
    reported = control.control_feature(shapely.box(35.0, 51.0, 35.2, 51.2), origin="schematic", status="claimed",
                                       **common)
    assessed = control.control_feature(shapely.box(35.1, 51.0, 35.3, 51.2), origin="imported", status="assessed",
                                       **common)
    [cmp] = control.compare_extents([reported, assessed], day)
    half = borders.geodesic_area_km2(shapely.box(35.1, 51.0, 35.2, 51.2))
    assert cmp.holder == "Ukraine" and cmp.overlap_km2 == pytest.approx(half, rel=0.01)
    assert cmp.difference_km2 == pytest.approx(0.0, abs=1.0) and cmp.iou == pytest.approx(1 / 3, abs=0.01)
    assert control.compare_extents([reported], day) == []  # nothing assessed that day: nothing to compare


def test_a_district_does_not_anchor_the_extent():
    # A district (or a hromada) is placed at its centre, 25 km wide: "taken in the Krasnoyaruzhsky district" says
    # nothing of where the holder stands, so only settlements shape the extent.
    district = Place("cur:krasnoyaruzhsky-district", "Krasnoyaruzhsky District", 50.80198, 35.65774, "RU",
                     "Belgorod Oblast", "area", 0, 25.0)
    claims = [ControlClaim(date(2025, 3, 10), "Ukraine", "", "claimed", "a", "Fighting goes on in Guyevo.",
                           places_contested=(place("Guyevo"),)),
              ControlClaim(date(2025, 3, 13), "Ukraine", "DeepState", "claimed", "b",
                           "Ukraine's forces hold 140 km² and entered the Krasnoyaruzhsky district.", 140.0,
                           places_held=(district,))]
    feature = _one(build_extents(claims, until=date(2025, 3, 20)), date(2025, 3, 15), "Ukraine")
    geom = shape(feature["geometry"])
    assert geom.contains(_point(place("Guyevo")))
    assert geom.distance(Point(district.lon, district.lat)) > 0.1
    assert "Krasnoyaruzhsky" not in feature["properties"]["method"]


def test_a_village_known_only_to_its_district_does_not_anchor_the_extent():
    # A village a source lists in the Krasnoyaruzhsky district without coordinates is placed at the
    # district's centre with its radius: holding it says nothing of where the holder stands.
    village = Place("cur:kolotilovka-krasnoyaruzhsky", "Kolotilovka", 50.80198, 35.65774, "RU", "Belgorod Oblast",
                    "village", 0, 25.0)
    claims = [ControlClaim(date(2025, 3, 10), "Ukraine", "", "claimed", "a", "Fighting goes on in Guyevo.",
                           places_contested=(place("Guyevo"),)),
              ControlClaim(date(2025, 3, 13), "Ukraine", "DeepState", "claimed", "b",
                           "Ukraine's forces hold 140 km² and entered Kolotilovka.", 140.0, places_held=(village,))]
    feature = _one(build_extents(claims, until=date(2025, 3, 20)), date(2025, 3, 15), "Ukraine")
    assert shape(feature["geometry"]).distance(Point(village.lon, village.lat)) > 0.1
    assert "Kolotilovka" not in feature["properties"]["method"]


def test_fighting_at_a_place_the_holder_holds_does_not_take_it_away():
    sudzha, guyevo = place("Sudzha"), place("Guyevo")
    claims = [ControlClaim(date(2024, 8, 10), "Ukraine", "Oleksandr Syrskyi", "claimed", "a",
                           "Ukrainian forces took Sudzha and Guyevo.", places_held=(sudzha, guyevo)),
              ControlClaim(date(2024, 8, 20), "Ukraine", "Russian military bloggers", "claimed", "b",
                           "Fighting goes on in Sudzha.", places_contested=(sudzha,))]
    later = date(2024, 8, 20) + timedelta(days=control.CONTESTED_DAYS + 30)
    geom = shape(_one(build_extents(claims, until=later), later, "Ukraine")["geometry"])
    assert geom.contains(_point(sudzha)) and geom.contains(_point(guyevo))
