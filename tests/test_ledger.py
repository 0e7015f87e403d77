"""Tests for geo.ledger: claims about each settlement, graded by who else says so."""

from __future__ import annotations

from datetime import date

from geo import settings
from geo.filters import events
from geo.layer import read_layer
from geo.ledger import event_claims, place_claims, timeline


def _claim(day: str, control: str, holder: str, claimant: str, *, source: str, place: str = "Sudzha",
           status: str = "claimed", also: tuple[dict, ...] = ()) -> dict:
    return {"properties": {
        "kind": "event", "event_id": f"ev-{source}-{day}", "place_id": f"gn:{place}", "location": place,
        "date_start": day, "date_end": day, "geo_precision": 1, "historical": False, "control": control,
        "holder": holder, "claim_status": status, "claimant": claimant, "source_id": source,
        "quote": f"{claimant} on {place}", "also_reported": list(also),
    }}


def _standing(claims, claimant: str) -> tuple[str, int]:
    claim = next(c for c in claims if c.claimant == claimant)
    return claim.standing, claim.credibility


def test_sudzha_in_march_2025_side_by_side() -> None:
    claims = place_claims([
        _claim("2025-03-12", "fighting", "", "Syrsky", source="a"),  # fighting goes on, Syrskyi says
        _claim("2025-03-13", "taken", "Russia", "Russian Defence Ministry", source="b"),
        _claim("2025-03-16", "withdrawn", "Russia", "General Staff of Ukraine", source="c"),
    ])
    # the other side's admission confirms the ministry's claim, and each side's grade comes from data/sources.csv
    assert _standing(claims, "Russian Ministry of Defence") == ("confirmed", 1)
    ministry = next(c for c in claims if c.claimant == "Russian Ministry of Defence")
    assert (ministry.side, ministry.kind, ministry.reliability) == ("Russia", "ministry", "C")
    assert "Ukrainian General Staff" in ministry.basis
    spans = timeline(claims, "gn:Sudzha")
    assert [(s.holder, s.start) for s in spans] == [("contested", date(2025, 3, 12)), ("Russia", date(2025, 3, 13))]


def test_a_claim_only_its_own_side_makes_is_claimed_and_a_later_contrary_one_disputes_it() -> None:
    claims = place_claims([
        _claim("2025-04-06", "taken", "Russia", "Russian Ministry of Defence", source="a", place="Basivka"),
        _claim("2025-04-06", "taken", "Russia", "Russian military bloggers", source="b", place="Basivka"),
    ])
    assert _standing(claims, "Russian Ministry of Defence") == ("claimed", 2)  # corroborated by its own side only
    denied = place_claims([
        _claim("2025-04-06", "taken", "Russia", "Russian Ministry of Defence", source="a", place="Basivka"),
        _claim("2025-04-07", "held", "Ukraine", "Andriy Kovalenko", source="b", place="Basivka"),
    ])
    assert _standing(denied, "Russian Ministry of Defence")[0] == "disputed"
    assert timeline(denied, "gn:Basivka")[-1].holder == "Ukraine"  # disputed claims stay off the timeline


def test_merged_reports_are_claims_of_their_own() -> None:
    merged = _claim("2025-03-13", "taken", "Russia", "Russian Ministry of Defence", source="a",
                    also=({"source_id": "b", "quote": "DeepState said so", "claimant": "DeepState",
                           "claim_status": "claimed"},))
    claims = place_claims([merged])
    assert {c.claimant for c in claims} == {"Russian Ministry of Defence", "DeepState"}
    assert _standing(claims, "Russian Ministry of Defence")[0] == "confirmed"  # DeepState is independent


def test_region_level_events_and_strikes_are_not_claims_about_a_settlement() -> None:
    region = _claim("2025-03-13", "taken", "Russia", "Russian Ministry of Defence", source="a")
    region["properties"]["geo_precision"] = 3
    strike = _claim("2025-03-13", "", "", "Russian Ministry of Defence", source="b")
    assert place_claims([region, strike]) == []


def test_the_seeds_ledger_ends_with_sudzha_and_sverdlikovo_held_by_russia() -> None:
    claims = place_claims(events(read_layer(settings.LAYER_PATH)))
    for place in ("Sudzha", "Sverdlikovo"):
        place_id = next(c.place_id for c in claims if c.place == place)
        assert timeline(claims, place_id)[-1].holder == "Russia", place


def test_on_one_day_the_withdrawal_ends_the_fighting_and_a_taker_unnamed_shows_no_status() -> None:
    claims = place_claims([
        _claim("2025-03-13", "taken", "Russia", "Russian Ministry of Defence", source="a"),
        _claim("2025-03-16", "withdrawn", "Russia", "Ukrainian General Staff", source="b"),
        _claim("2025-03-16", "fighting", "", "Ukrainian General Staff", source="c"),
        _claim("2025-03-17", "taken", "", "Institute for the Study of War", source="d"),  # taker not named
    ])
    assert [s.holder for s in timeline(claims, "gn:Sudzha")] == ["Russia", "contested", "Russia"]


def test_a_vague_window_that_may_lie_before_the_last_change_does_not_undo_it() -> None:
    vague = _claim("2025-03-18", "fighting", "", "Ukrainian military", source="b")
    vague["properties"]["date_start"] = "2025-03-11"  # "in recent days", in a report of 18 March
    claims = place_claims([_claim("2025-03-16", "taken", "Russia", "Russian Ministry of Defence", source="a"), vague])
    assert [s.holder for s in timeline(claims, "gn:Sudzha")] == ["Russia"]


# ---------------------------------------------------------------- the ledger as rows and as layer features


def test_rows_have_the_ledger_columns_in_order_and_plain_values() -> None:
    from geo.ledger import LEDGER_COLUMNS, to_rows

    claims = place_claims([_claim("2025-03-13", "taken", "Russia", "Russian Defence Ministry", source="b")])
    (row,) = to_rows(claims)
    assert tuple(row) == LEDGER_COLUMNS
    assert row == {
        "place": "Sudzha", "place_id": "gn:Sudzha", "start": "2025-03-13", "end": "2025-03-13", "control": "taken",
        "holder": "Russia", "claimant": "Russian Ministry of Defence", "side": "Russia", "kind": "ministry",
        "reliability": "C", "standing": "claimed", "credibility": 3, "basis": "only the claimant says so",
        "status": "claimed", "source_id": "b", "quote": "Russian Defence Ministry on Sudzha",
    }


def test_a_claim_feature_reads_back_as_the_claim_it_was_written_from() -> None:
    from geo.ledger import claim_properties, from_properties

    merged = _claim("2025-03-13", "taken", "Russia", "Russian Ministry of Defence", source="a",
                    also=({"source_id": "b", "quote": "DeepState said so", "claimant": "DeepState",
                           "claim_status": "claimed"},))
    claims = place_claims([merged])
    props = [claim_properties(c) for c in claims]
    assert [from_properties(p) for p in props] == claims
    # the claimant's kind is not the feature's kind
    assert {p["kind"] for p in props} == {"claim"} and {p["claimant_kind"] for p in props} == {"ministry", "tracker"}
    # one event, two reports: one id each, the same on every build
    assert len({p["claim_id"] for p in props}) == 2
    assert [p["claim_id"] for p in props] == [claim_properties(c)["claim_id"] for c in place_claims([merged])]


def test_the_layer_holds_one_claim_feature_per_ledger_claim_at_its_settlement() -> None:
    from geo.filters import claims as claim_features, places
    from geo.ledger import claim_properties

    layer = read_layer(settings.LAYER_PATH)
    features = claim_features(layer)
    ledger = place_claims(events(layer))
    assert ledger, "the seeds say who took Sudzha"
    assert sorted((f["properties"] for f in features), key=lambda p: p["claim_id"]) == sorted(
        (claim_properties(c) for c in ledger), key=lambda p: p["claim_id"])
    points = {p["properties"]["place_id"]: p["geometry"]["coordinates"] for p in places(layer)}
    assert all(f["geometry"]["coordinates"] == points[f["properties"]["place_id"]] for f in features)
    # and they stay out of the lists the map and the exports draw from
    assert not [f for f in events(layer) + places(layer) if f["properties"]["kind"] == "claim"]


def test_an_articles_retelling_of_its_own_claim_is_one_claim() -> None:
    from geo.extract import extract_article
    from geo import sources, toponyms
    from geo.gazetteer import load_default
    from geo.records import Article

    text = ("Russia's defence ministry said on Tuesday its forces had taken back Sverdlikovo.\n\n"
            "The ministry said its forces had taken back Sverdlikovo after days of fighting.")
    article = Article("r", "r.txt", text, "", "", "", date(2025, 2, 18), "stated", "")
    mentions, _ = toponyms.extract(text, gazetteer=load_default())
    events = extract_article(article, sources.split_sentences(text), mentions).events
    [retaken] = [e for e in events if e.place.name == "Sverdlikovo"]
    assert len(retaken.also_reported) == 1  # the second sentence, kept for the record
    assert len([c for c in event_claims([retaken]) if c.place == "Sverdlikovo"]) == 1
