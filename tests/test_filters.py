"""Behaviour of geo.filters on the sample layer (tests/conftest.py) and the real one."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.filters import (
    EventFilter,
    bounds_from_report,
    claim_table,
    claims,
    controls,
    describe_date,
    events,
    filter_claims,
    filter_events,
    from_query_params,
    key_dates,
    options,
    places,
    slider_range,
    timeline_bounds,
    to_query_params,
    view_from_report,
)

S0, S1, S2, S3, S4 = (
    "000_75e1f71b68d9fc3f", "001_2dafe8c5b76e0796", "002_c1a517583d6e6b88",
    "003_c601d5b61a287260", "004_bc244ce61d56f460",
)


def _locations(feats: list[dict]) -> list[str]:
    return [f["properties"]["location"] for f in feats]


def _starts(feats: list[dict]) -> list[str]:
    return [f["properties"]["date_start"] for f in feats]


# ---------------------------------------------------------------------------
# kinds
# ---------------------------------------------------------------------------


def test_kinds_split_the_layer(layer):
    assert len(events(layer)) == 9
    assert {p["properties"]["name"] for p in places(layer)} == {"Sudzha", "Kursk Oblast"}
    assert sorted(c["properties"]["valid_from"] for c in controls(layer)) == ["2024-08-06", "2025-01-31", "2025-04-26"]


def test_claims_are_a_kind_of_their_own(layer):
    assert {c["properties"]["place"] for c in claims(layer)} == {"Sudzha", "Sverdlikovo"}
    assert not [f for f in events(layer) + places(layer) + controls(layer) if f["properties"]["kind"] == "claim"]


def test_kinds_tolerate_junk():
    junk = {"features": [None, 3, {"properties": None}, {"properties": {"kind": "event"}}]}
    assert len(events(junk)) == 1
    assert events({}) == [] and places({"features": None}) == []


# ---------------------------------------------------------------------------
# filter_claims: the ledger under the page's filter
# ---------------------------------------------------------------------------


def _places(feats: list[dict]) -> list[str]:
    return [f["properties"]["place"] for f in feats]


def test_claims_up_to_the_day_in_date_order(layer):
    assert _places(filter_claims(layer, EventFilter())) == ["Sverdlikovo", "Sudzha"]
    assert _places(filter_claims(layer, EventFilter(), up_to=date(2025, 3, 9))) == ["Sverdlikovo"]
    assert _places(filter_claims(layer, EventFilter(), up_to=date(2025, 3, 10))) == ["Sverdlikovo", "Sudzha"]
    assert filter_claims(layer, EventFilter(), up_to=date(2025, 1, 31)) == []


@pytest.mark.parametrize(
    "flt, expected",
    [
        (EventFilter(date_from=date(2025, 3, 1)), ["Sudzha"]),
        (EventFilter(date_to=date(2025, 2, 28)), ["Sverdlikovo"]),
        (EventFilter(sources=(S1,)), ["Sudzha"]),  # the claim's own source
        (EventFilter(actors=("Russia",)), ["Sverdlikovo", "Sudzha"]),  # the holder named, or the event's actor
        (EventFilter(actors=("North Korea",)), []),
        (EventFilter(event_types=("Explosions/Remote violence",)), []),  # the claim's event's type
        (EventFilter(claim_statuses=("claimed",)), ["Sverdlikovo"]),
        (EventFilter(text="SUDZHA"), ["Sudzha"]),
    ],
)
def test_claims_follow_the_page_filter(layer, flt, expected):
    assert _places(filter_claims(layer, flt)) == expected


def test_claim_table_spells_out_dates_and_grades(layer):
    sverdlikovo, sudzha = claim_table(filter_claims(layer, EventFilter()), {S1: "The Post"})
    assert sudzha == {
        "date": "10–16 March 2025", "place": "Sudzha", "claim": "taken → Russia", "claimant": "(the outlet)",
        "side": "?", "grade": "F6", "standing": "reported", "basis": "stated by the outlet, with no claimant",
        "source": "The Post", "quote": sudzha["quote"],
    }
    assert sverdlikovo["grade"] == "F3" and sverdlikovo["standing"] == "claimed"


# ---------------------------------------------------------------------------
# filter_events
# ---------------------------------------------------------------------------


def test_historical_hidden_by_default(layer):
    assert "Aleppo" not in _locations(filter_events(layer, EventFilter()))
    assert "Aleppo" in _locations(filter_events(layer, EventFilter(include_historical=True)))


def test_up_to_keeps_events_begun_by_the_day(layer):
    shown = filter_events(layer, EventFilter(), up_to=date(2024, 12, 31))
    # Aug (Sudzha), 1 Oct - 31 Jan (NIS estimate, Kursk), late Oct (region), 31 Dec (drone strike).
    assert _starts(shown) == ["2024-08-01", "2024-10-01", "2024-10-21", "2024-12-31"]


def test_up_to_counts_an_event_whose_span_contains_the_day(layer):
    shown = filter_events(layer, EventFilter(), up_to=date(2024, 11, 15))
    assert "2024-10-01" in _starts(shown)  # the Oct 2024 - Jan 2025 casualty estimate
    assert "2024-12-31" not in _starts(shown)


def test_date_range_compares_spans(layer):
    shown = filter_events(layer, EventFilter(date_from=date(2025, 1, 15), date_to=date(2025, 2, 5)))
    # The casualty estimate ends 31 Jan, Sverdlikovo runs 1-10 Feb, Sudzha 31 Jan.
    assert sorted(_starts(shown)) == ["2024-10-01", "2025-01-31", "2025-02-01"]


def test_results_are_sorted_by_start(layer):
    starts = _starts(filter_events(layer, EventFilter(include_historical=True)))
    assert starts == sorted(starts) and starts[0] == "2016-01-01"


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (EventFilter(event_types=("Explosions/Remote violence",)), ["2024-12-31"]),
        (EventFilter(sub_event_types=("Change to group/activity",)), ["2024-10-21"]),
        # actor2 counts: North Korea fought Ukraine in the NIS estimate.
        (EventFilter(actors=("North Korea",)), ["2024-10-01", "2024-10-21"]),
        # 000_… is only a second source (also_reported) of the late-October deployment.
        (EventFilter(sources=(S0,)), ["2024-10-21"]),
        (EventFilter(claim_statuses=("disputed",)), ["2025-04-26"]),
        (EventFilter(claim_statuses=("claimed",), actors=("Russia",)), ["2025-02-01"]),
    ],
)
def test_field_filters(layer, flt, expected):
    assert _starts(filter_events(layer, flt)) == expected


def test_text_is_case_insensitive_over_quote_location_notes(layer):
    assert _locations(filter_events(layer, EventFilter(text="SVERDLIKOVO"))) == ["Sverdlikovo"]
    assert _locations(filter_events(layer, EventFilter(text="hyperlink"))) == ["Sverdlikovo"]  # notes only
    assert _starts(filter_events(layer, EventFilter(text="new year’s eve"))) == ["2024-12-31"]
    # The claimant is not searched: "Vladimir Putin" is only the claimant's name.
    assert filter_events(layer, EventFilter(text="Vladimir Putin")) == []


def test_filters_combine(layer):
    flt = EventFilter(event_types=("Battles",), text="sudzha", date_from=date(2025, 3, 1))
    assert _starts(filter_events(layer, flt)) == ["2025-03-10"]


# ---------------------------------------------------------------------------
# timeline, key dates, options
# ---------------------------------------------------------------------------


def test_timeline_bounds_ignore_historical(layer):
    # First: the August event (from 1 Aug); last: the disputed Russian extent (to 30 April 2025).
    assert timeline_bounds(layer) == (date(2024, 8, 1), date(2025, 4, 30))


def test_timeline_bounds_of_empty_layer():
    from geo import settings

    assert timeline_bounds({"features": []}) == (settings.CAMPAIGN_START, settings.CAMPAIGN_START)


def test_key_dates(layer):
    found = dict(key_dates(layer))
    # Day/week-precise events and control changes …
    for day in (date(2024, 12, 31), date(2025, 2, 1), date(2025, 3, 10), date(2024, 8, 6), date(2025, 4, 26)):
        assert day in found
    assert "Sudzha" in found[date(2024, 12, 31)]
    assert "Russia" in found[date(2025, 4, 26)] and "disputed" in found[date(2025, 4, 26)]
    # … but not month/vaguer dates or historical ones.
    assert date(2024, 8, 1) not in found and date(2024, 10, 1) not in found and date(2016, 1, 1) not in found
    days = [d for d, _ in key_dates(layer)]
    assert days == sorted(set(days))


def test_options(layer):
    opts = options(layer)
    assert opts["event_type"] == ["Battles", "Explosions/Remote violence", "Strategic developments"]
    assert opts["actor"] == ["North Korea", "Russia", "Ukraine"]
    assert opts["claim_status"] == ["claimed", "disputed", "reported"]
    assert S0 in opts["source_id"] and len(opts["source_title"]) == len(opts["source_id"])
    wapo = opts["source_title"][opts["source_id"].index(S1)]
    assert wapo.startswith("North Koreans troops key to Russian advances") and "Washington Post" in wapo


# ---------------------------------------------------------------------------
# URL state
# ---------------------------------------------------------------------------


def test_query_round_trip_full():
    flt = EventFilter(
        date_from=date(2024, 9, 1), date_to=date(2025, 3, 31),
        event_types=("Battles", "Explosions/Remote violence"), sub_event_types=("Air/drone strike",),
        actors=("Military Forces of Russia, 2000-", "North Korea"), sources=(S1, "a,b%c"),
        claim_statuses=("disputed",), text="Суджа & “full liberation”", include_historical=True,
    )
    params = to_query_params(flt, day=date(2025, 3, 12), center=(51.19, 35.27), zoom=10)
    assert all(isinstance(v, str) for v in params.values())
    assert from_query_params(params) == (flt, date(2025, 3, 12), (51.19, 35.27), 10)


def test_query_defaults_are_short_and_round_trip():
    params = to_query_params(EventFilter(), day=date(2025, 1, 1), center=None, zoom=None)
    assert params == {"day": "2025-01-01"}
    assert from_query_params(params) == (EventFilter(), date(2025, 1, 1), None, None)


def test_query_accepts_list_values():
    params = {"type": ["Battles", "Riots"], "actor": ["Russia"], "day": ["2025-03-12", "junk"]}
    flt, day, _, _ = from_query_params(params)
    assert flt.event_types == ("Battles", "Riots") and flt.actors == ("Russia",) and day == date(2025, 3, 12)


@pytest.mark.parametrize(
    "params",
    [
        {"day": "2025-13-40", "zoom": "abc", "center": "x,y"},
        {"day": "", "zoom": "99", "center": "91,200"},
        {"day": 5, "zoom": ["-1"], "center": "51.2"},
        {"day": None, "zoom": "1e3", "center": "nan,nan", "unknown": "1"},
    ],
)
def test_query_junk_is_ignored(params):
    assert from_query_params(params) == (EventFilter(), None, None, None)


def test_query_inverted_range_and_bad_flags_dropped():
    flt, *_ = from_query_params({"from": "2025-03-01", "to": "2024-01-01", "hist": "maybe", "q": "x" * 500})
    assert flt.date_from is None and flt.date_to is None
    assert flt.include_historical is False and len(flt.text) == 200


_items = st.lists(
    st.text(min_size=1, max_size=30).map(str.strip).filter(bool), max_size=4, unique=True
).map(tuple)


@settings(max_examples=60, deadline=None)
@given(types=_items, actors=_items, sources=_items, text=st.text(max_size=40).map(str.strip),
       hist=st.booleans(), zoom=st.one_of(st.none(), st.integers(0, 19)))
def test_query_round_trip_property(types, actors, sources, text, hist, zoom):
    flt = EventFilter(event_types=types, actors=actors, sources=sources, text=text, include_historical=hist)
    params = to_query_params(flt, day=date(2025, 2, 2), center=None, zoom=zoom)
    assert from_query_params(params) == (flt, date(2025, 2, 2), None, zoom)


# ---------------------------------------------------------------------------
# describe_date
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "precision", "text"),
    [
        (date(2025, 3, 18), date(2025, 3, 18), 1, "18 March 2025"),
        (date(2024, 12, 31), date(2024, 12, 31), 1, "31 December 2024"),
        (date(2025, 3, 10), date(2025, 3, 16), 2, "week of 10 March 2025"),  # 10 March 2025 is a Monday
        (date(2024, 12, 30), date(2025, 1, 5), 2, "week of 30 December 2024"),
        (date(2025, 3, 11), date(2025, 3, 17), 2, "11–17 March 2025"),  # not Monday-Sunday
        (date(2025, 2, 1), date(2025, 2, 10), 2, "1–10 February 2025"),
        (date(2025, 2, 26), date(2025, 3, 4), 2, "26 February – 4 March 2025"),
        (date(2025, 3, 1), date(2025, 3, 31), 3, "March 2025"),
        (date(2025, 3, 1), date(2025, 4, 30), 3, "March – April 2025"),
        (date(2024, 10, 1), date(2025, 1, 31), 4, "Oct 2024 – Jan 2025 (approx.)"),
        (date(2025, 1, 1), date(2025, 3, 31), 4, "Jan – Mar 2025 (approx.)"),
        (date(2025, 3, 16), date(2025, 3, 10), 2, "week of 10 March 2025"),  # reversed ends
        (date(2025, 3, 18), date(2025, 3, 18), 9, "Mar 2025 (approx.)"),  # clamped to 4
    ],
)
def test_describe_date(start, end, precision, text):
    assert describe_date(start, end, precision) == text


# ---------------------------------------------------------------------------
# the real layer
# ---------------------------------------------------------------------------


def test_real_layer_filters(real_layer):
    first, last = timeline_bounds(real_layer)
    assert first <= last
    every = filter_events(real_layer, EventFilter(include_historical=True))
    assert len(every) == len(events(real_layer))
    assert all(not f["properties"]["historical"] for f in filter_events(real_layer, EventFilter()))
    opts = options(real_layer)
    assert len(opts["source_title"]) == len(opts["source_id"])


def test_event_table_spells_out_dates_and_precision() -> None:
    from geo.filters import event_table

    feature = {"properties": {
        "date_start": "2025-03-10", "date_end": "2025-03-16", "time_precision": 2, "event_type": "Battles",
        "sub_event_type": "Government regains territory", "actor1": "Russia", "actor2": "Ukraine",
        "location": "Sudzha", "geo_precision": 1, "claim_status": "reported", "source_ids": ["001"],
        "quote": "<b>retake</b> the town of Sudzha"}}
    [row] = event_table([feature], {"001": "Washington Post, 18 March 2025"})
    assert row["precision"] == "town" and row["actors"] == "Russia / Ukraine"
    assert "March 2025" in row["date"] and row["date"] != "2025-03-10"
    assert row["source"] == "Washington Post, 18 March 2025"
    assert row["quote"] == "<b>retake</b> the town of Sudzha"  # kept as text; st.dataframe shows text


# ---------------------------------------------------------------------------
# what a new viewer sees first
# ---------------------------------------------------------------------------


def test_key_dates_speak_plainly(layer):
    from geo.filters import _control_headline

    found = dict(key_dates(layer))
    assert found[date(2025, 3, 10)].startswith("Russia retakes Sudzha")  # a reported retaking
    assert "Air or drone strike on Sudzha" in found[date(2024, 12, 31)]
    assert "Change to group" not in " ".join(found.values()) and "Control:" not in " ".join(found.values())
    ukraine = next(f for f in controls(layer) if f["properties"]["holder"] == "Ukraine")
    assert _control_headline(ukraine["properties"]).startswith("Ukraine holds about ")


def test_a_claimed_retaking_names_who_says_so():
    from geo.filters import _event_headline

    props = {"sub_event_type": "Government regains territory", "actor1": "Russia", "location": "Sudzha",
             "claim_status": "claimed", "claimant": "Russia"}
    assert _event_headline(props) == "Russia says it retook Sudzha"
    assert _event_headline({**props, "claimant": "DeepState"}) == "DeepState says Russia retook Sudzha"
    assert _event_headline({**props, "claim_status": "reported"}) == "Russia retakes Sudzha"


def test_opening_day_is_the_latest_control_change(layer):
    from geo.filters import opening_day

    starts = sorted(f["properties"]["valid_from"] for f in controls(layer))
    assert opening_day(layer).isoformat() == starts[-1]
    assert opening_day(layer) <= timeline_bounds(layer)[1]
    no_control = {"features": [f for f in layer["features"] if f["properties"]["kind"] != "control"]}
    assert opening_day(no_control) == timeline_bounds(no_control)[1]


def test_data_as_of_and_counts(layer):
    from geo.filters import count_noun, data_as_of

    published = [a["published"] for a in layer["metadata"]["articles"] if a.get("published")]
    assert data_as_of(layer).isoformat() == max(published)
    assert data_as_of({"features": []}) is None
    assert (count_noun(1, "event"), count_noun(2, "event"), count_noun(1204, "event")) == (
        "1 event", "2 events", "1,204 events")


# ---------------------------------------------------------------------------
# the view the browser's map reports back
# ---------------------------------------------------------------------------


def test_a_reported_view_is_read_and_rounded_to_the_url():
    assert view_from_report({"lat": 51.193456789, "lon": 35.27, "zoom": 11}) == ((51.19346, 35.27), 11)
    assert view_from_report({"lat": 51, "lon": 35, "zoom": 9.0}) == ((51.0, 35.0), 9)


@pytest.mark.parametrize("report", [
    None, "51,35,9", [51, 35, 9], {}, {"lat": 51, "lon": 35},
    {"lat": "51", "lon": 35, "zoom": 9}, {"lat": 91, "lon": 35, "zoom": 9}, {"lat": 51, "lon": 181, "zoom": 9},
    {"lat": float("nan"), "lon": 35, "zoom": 9}, {"lat": 51, "lon": 35, "zoom": 9.5},
    {"lat": 51, "lon": 35, "zoom": 20}, {"lat": 51, "lon": 35, "zoom": -1}, {"lat": True, "lon": 35, "zoom": 9},
    {"lat": 51, "lon": 35, "zoom": float("inf")},
])
def test_a_bad_reported_view_is_refused(report):
    assert view_from_report(report) is None


def test_reported_bounds_are_read_and_rounded():
    report = {"lat": 51.2, "lon": 35.25, "zoom": 11, "bounds": [34.858612345, 51.06643, 35.64139, 51.33319]}
    assert bounds_from_report(report) == (34.85861, 51.06643, 35.64139, 51.33319)
    assert bounds_from_report({**report, "bounds": (-180, -85, 180, 85)}) == (-180.0, -85.0, 180.0, 85.0)


@pytest.mark.parametrize("bounds", [
    None, "34,51,35,52", [34, 51, 35], [34, 51, 35, 52, 1], ["34", 51, 35, 52], [35, 51, 34, 52], [34, 52, 35, 51],
    [34, 51, 34, 52], [-181, 51, 35, 52], [34, -91, 35, 52], [34, 51, float("nan"), 52], [True, 51, 35, 52],
    [34, 51, float("inf"), 52],
])
def test_bad_reported_bounds_are_refused(bounds):
    assert bounds_from_report({"lat": 51, "lon": 35, "zoom": 9, "bounds": bounds}) is None
    assert bounds_from_report(None) is None and bounds_from_report({"lat": 51, "lon": 35, "zoom": 9}) is None


# ---------------------------------------------------------------------------
# the day slider follows the event date range
# ---------------------------------------------------------------------------

TIMELINE = (date(2024, 1, 1), date(2025, 5, 13))


@pytest.mark.parametrize("date_from, date_to, expected", [
    (None, None, TIMELINE),
    (date(2025, 3, 1), date(2025, 3, 31), (date(2025, 3, 1), date(2025, 3, 31))),
    (date(2025, 3, 1), None, (date(2025, 3, 1), TIMELINE[1])),
    (None, date(2024, 8, 31), (TIMELINE[0], date(2024, 8, 31))),
    (date(2023, 5, 1), date(2026, 1, 1), TIMELINE),  # outside the timeline: its ends
    (date(2025, 3, 14), date(2025, 3, 14), (date(2025, 3, 14), date(2025, 3, 15))),  # a slider needs two days
    (TIMELINE[1], TIMELINE[1], (date(2025, 5, 12), TIMELINE[1])),
    (date(2025, 4, 1), date(2025, 3, 1), (date(2025, 4, 1), date(2025, 4, 2))),  # an inverted range keeps From
])
def test_slider_range_is_the_event_date_range(date_from, date_to, expected):
    assert slider_range(TIMELINE, date_from, date_to) == expected


def test_slider_range_of_a_one_day_timeline_has_two_days():
    day = date(2024, 8, 6)
    assert slider_range((day, day), None, None) == (day, date(2024, 8, 7))


def test_a_zoomed_in_view_asks_for_a_box_around_it_that_small_pans_keep() -> None:
    from geo.filters import query_box

    view = (35.10, 51.10, 35.50, 51.30)
    box = query_box(view, 11, min_zoom=11)
    assert box == (34.75, 50.75, 35.75, 51.75)  # step 0.25° (half the view's width, rounded up to 2^k)
    assert box[0] < view[0] and box[1] < view[1] and box[2] > view[2] and box[3] > view[3]
    assert query_box((35.11, 51.11, 35.49, 51.29), 11, min_zoom=11) == box
    assert query_box(view, 10, min_zoom=11) is None and query_box(None, 12, min_zoom=11) is None
    assert query_box((179.0, 89.0, 179.9, 89.9), 11, min_zoom=11)[2:] == (180.0, 90.0)
