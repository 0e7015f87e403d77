"""Tests for geo.claims: control claims read from the seed events."""

from __future__ import annotations

from datetime import date

import pytest

from geo import settings, toponyms
from geo.gazetteer import load_default
from geo.claims import control_claims
from geo.extract.areas import AreaContext, area_report, area_reports
from geo.extract.attribution import Attribution
from geo.records import TimeSpan
from tests.seedrun import seed_areas, seed_articles, seed_events


@pytest.fixture(scope="module")
def claims():
    return control_claims(seed_events(), seed_areas())


def _area(sentence: str) -> float | None:
    day = date(2025, 1, 31)
    report = area_report(sentence, when=TimeSpan(day, day, 1), claim=Attribution("reported"), here=[],
                         source_id="x", context=AreaContext())
    return None if report is None else report.area_km2


def test_area_claims_follow_the_reports(claims) -> None:
    areas = {(c.on, c.source_id[:3]): c.area_km2 for c in claims if c.area_km2 is not None}
    # 003: "approximately half of the 1000+ square kilometers initially captured".
    assert areas[(settings.CAMPAIGN_START, "003")] == 1000
    assert areas[(date(2025, 1, 31), "003")] == 500
    # 001: "about 10 percent of the more than 500 square miles that they once held".
    assert areas[(settings.CAMPAIGN_START, "001")] == pytest.approx(1295, abs=1)
    assert areas[(date(2025, 3, 18), "001")] == pytest.approx(129.5, abs=0.1)


def test_every_claim_keeps_its_sentence(claims) -> None:
    # an event's sentence, or an area report's: both are the article's own words, verbatim
    texts = [a.text for a in seed_articles().values()]
    assert all(c.quote and any(c.quote in " ".join(t.split()) or c.quote in t for t in texts) for c in claims)


def test_sudzha_is_lost_by_ukraine_from_mid_march(claims) -> None:
    def names(places):
        return {p.name for p in places}

    lost = [c for c in claims if c.holder == "Ukraine" and "Sudzha" in names(c.places_lost)]
    assert lost and min(c.on for c in lost) >= date(2025, 3, 10)
    assert all("Sudzha" not in names(c.places_held) for c in claims if c.on >= date(2025, 3, 10))
    assert all("retake the town of Sudzha" in c.quote or "Sudzha" in c.quote for c in lost)


def _event(place, day: str, control: str, holder: str, source: str) -> dict:
    return {"properties": {
        "kind": "event", "event_id": f"ev-{source}", "place_id": place.place_id, "location": place.name,
        "date_start": day, "date_end": day, "geo_precision": 1, "historical": False, "control": control,
        "holder": holder, "claim_status": "claimed", "claimant": "", "source_id": source, "quote": source,
    }}


def test_each_ledger_span_is_a_claim_for_the_side_across_the_border() -> None:
    from geo import ledger
    from geo.claims import holding_claims
    from geo.gazetteer import load_default

    gaz = load_default()
    basivka = next(p for p in gaz.candidates("Basivka") if p.country == "UA" and p.admin1 == "Sumy Oblast")
    sudzha = next(p for p in gaz.candidates("Sudzha") if p.country == "RU")
    claims = ledger.place_claims([
        _event(basivka, "2025-04-06", "taken", "Russia", "a"),
        _event(sudzha, "2024-08-10", "fighting", "", "b"),
        _event(sudzha, "2025-03-13", "taken", "Russia", "c"),
    ])
    out = holding_claims(claims, {p.place_id: p for p in (basivka, sudzha)})
    # Russia holding a village in Ukraine is Russia's ground across the border ...
    assert [(c.holder, [p.name for p in c.places_held]) for c in out if c.source_id == "a"] == [("Russia", ["Basivka"])]
    # ... and Russia retaking a town in Russia is Ukraine losing it, after fighting for it.
    states = [(c.on.isoformat(), c.holder, bool(c.places_contested), bool(c.places_lost))
              for c in sorted(out, key=lambda c: c.on) if c.source_id in ("b", "c")]
    assert states == [("2024-08-10", "Ukraine", True, False), ("2025-03-13", "Ukraine", False, True)]


def test_full_liberation_is_a_disputed_russian_claim(claims) -> None:
    russia = [c for c in claims if c.holder == "Russia"]
    assert len(russia) == 1
    assert (russia[0].status, russia[0].claimant) == ("disputed", "Vladimir Putin")
    assert "full liberation" in russia[0].quote


def test_only_places_actually_taken_become_losses(claims) -> None:
    lost = {p.name for c in claims for p in c.places_lost}
    assert lost == {"Sudzha", "Sverdlikovo"}


def test_shares_of_a_whole_country_are_not_the_campaigns_areas() -> None:
    assert _area("Russia occupies around 20 percent of Ukrainian territory.") is None


def test_every_area_figure_of_a_sentence_is_read_with_its_own_verb() -> None:
    day = date(2025, 4, 6)
    reports = area_reports("DeepState shows Ukraine holding roughly 63 square kilometres (24 square miles), down from "
                           "as much as 1,400 square kilometres that Kyiv said it controlled last year.",
                           when=TimeSpan(day, day, 1), claim=Attribution("reported"), here=[], source_id="x",
                           context=AreaContext())
    assert [(r.holder, r.area_km2, r.peak) for r in reports] == [("Ukraine", 63, False), ("Ukraine", 1400, True)]


def test_ground_neither_side_holds_is_no_holders_area() -> None:
    assert _area("A further 81 square kilometres along the border is marked as of unknown control.") is None


def test_a_bare_comparison_is_the_same_holders_earlier_extent() -> None:
    day = date(2025, 4, 6)
    reports = area_reports("Ukraine now holds about 63 square kilometres, down from 1,400 square kilometres.",
                           when=TimeSpan(day, day, 1), claim=Attribution("reported"), here=[], source_id="x",
                           context=AreaContext())
    assert [(r.holder, r.area_km2, r.peak) for r in reports] == [("Ukraine", 63, False), ("Ukraine", 1400, True)]


@pytest.mark.parametrize("sentence, speaker, expected", [
    # ground one side lost, as a figure of its own, is the other side's
    ("Analysts said the Russians had by then pulled back from a total of about 142 square kilometres.", "",
     ("Ukraine", 142)),
    # a share restated in km² is that figure; ground retaken goes back to the side announcing it
    ("63.2% of the area the Ukrainians had seized in the region, or 801 square kilometers, had been liberated.",
     "Russia", ("Russia", 801)),
])
def test_ground_lost_or_retaken_is_held_by_the_side_that_took_it(sentence: str, speaker: str,
                                                                  expected: tuple[str, float]) -> None:
    day = date(2025, 1, 17)
    [report] = area_reports(sentence, when=TimeSpan(day, day, 1), claim=Attribution("claimed", "x"), here=[],
                            source_id="x", context=AreaContext(), speaker_side=speaker)
    assert (report.holder, report.area_km2) == expected


def test_a_share_of_an_earlier_figure_slipping_out_of_hands_is_what_is_left() -> None:
    day, context = date(2025, 1, 7), AreaContext()
    for sentence in ("Kyiv says it captured about 1,300 square km in its initial push.",
                     "Roughly half of that ground has since slipped back out of Ukrainian hands."):
        reports = area_reports(sentence, when=TimeSpan(day, day, 1), claim=Attribution("claimed", "x"), here=[],
                               source_id="x", context=context, speaker_side="Ukraine")
    assert [(r.holder, r.area_km2) for r in reports] == [("Ukraine", 650)]


def _reports(sentence: str, *, actor: str = "") -> list[tuple[str, float, bool]]:
    day = date(2025, 2, 12)
    found = area_reports(sentence, when=TimeSpan(day, day, 1), claim=Attribution("reported"), here=[],
                         source_id="x", context=AreaContext(actor=actor))
    return [(a.holder, a.area_km2, a.peak) for a in found]


def test_they_hold_what_the_narrative_last_named_acting_and_a_later_share_is_of_that_figure() -> None:
    sentence = ("In the first weeks they took around 1,300 square kilometres (500 square miles); roughly half of "
                "that area has since been lost to Russian counterattacks.")
    assert _reports(sentence, actor="Ukraine") == [("Ukraine", 1300, True), ("Ukraine", 650, False)]
    assert _reports(sentence) == []  # nobody named: no holder to guess


def test_an_area_in_a_capitals_hands_is_that_sides() -> None:
    assert _reports("A military source put the area still in Kyiv's hands at 800 square kilometers.") == [
        ("Ukraine", 800, False)]


def test_ground_of_unknown_control_in_another_clause_leaves_the_figure_alone() -> None:
    assert _reports("Ukraine holds 600 square kilometres; the rest is contested.") == [("Ukraine", 600, False)]
    assert _reports("DeepState marks 81 square kilometres along the border as of unknown control.") == []


def test_an_area_given_as_a_range_gives_both_ends() -> None:
    sentence = "Estimates put the territory under Ukrainian control in the Kursk region at 900 to 1,300 square kilometers."
    assert _reports(sentence) == [("Ukraine", 900, False), ("Ukraine", 1300, False)]


@pytest.mark.parametrize("sentence, km2", [
    ("By Sunday Ukrainian troops were hanging on to a narrow strip of barely 30 square miles.", 77.7),
    ("Ukrainian forces are now present only in a pocket of 80 square kilometres.", 80),
    ("Ukrainian units are clinging to about 63 square kilometres near the border.", 63),
])
def test_holding_on_to_a_remnant_is_holding_it(sentence: str, km2: float) -> None:
    assert _reports(sentence) == [("Ukraine", km2, False)]


def test_the_verb_nearest_before_the_figure_governs_it_and_a_whole_front_is_not_the_campaign() -> None:
    sentence = "Russia's advance in Ukraine lost pace in March, when its forces gained 240 square kilometres."
    gazetteer = load_default()
    here = [m for m in toponyms.extract(sentence, gazetteer=gazetteer)[0] if m.place is not None]
    day = date(2025, 3, 31)
    found = area_reports(sentence, when=TimeSpan(day, day, 1), claim=Attribution("reported"), here=here,
                         source_id="x", context=AreaContext())
    assert found == []  # Russia's gain on the whole front in Ukraine, not the campaign's ground
    assert _reports("Russian forces lost momentum but gained 140 square kilometres near Sudzha.") == [
        ("Russia", 140, False)]  # "gained" governs the figure, not "lost"


def test_an_adjectival_area_and_a_share_of_the_peak_restating_it() -> None:
    sentence = "Ukrainian forces hold just an 80-square-kilometre pocket - 6% of the most ground they ever took."
    assert _reports(sentence) == [("Ukraine", 80, False)]


def test_a_share_of_a_named_region_is_not_a_share_of_the_last_figure() -> None:
    day, context = date(2025, 2, 19), AreaContext()
    reports = []
    for sentence in ("Ukrainian forces held 500 square kilometers.",
                     "Russian troops control around 75% of Ukraine's Donetsk and Luhansk regions."):
        reports = area_reports(sentence, when=TimeSpan(day, day, 1), claim=Attribution("reported"), here=[],
                               source_id="x", context=context)
    assert reports == []


@pytest.mark.parametrize("text, expected", [
    # the taker of ground won back is the subject, not a country the sentence names as an actor
    ("Ukraine currently holds 427.5 sqkm of the Kursk region, while Russian forces have won back 683 sqkm of the area.",
     {427.5: "Ukraine", 683.0: "Russia"}),
    # a verb in a relative clause describing the ground does not govern the figure
    ("According to the report, 63.2% or 801 square kilometers of the Kursk region's territory, which was originally "
     "occupied by Ukrainian forces, has now been reclaimed, the statement read.", {801.0: "Russia"}),
    # "the occupied area" of a Ukrainian region is Russia's
    ("DeepState, for its part, puts the occupied area in the Sumy region at 62.6 square kilometres.", {62.6: "Russia"}),
    # a part of the figure before is the same side's
    ("The Russian military has retaken roughly 120 square kilometres of the Kursk region since the start of October, "
     "65 square kilometres of it over the weekend alone.", {120.0: "Russia", 65.0: "Russia"}),
    # more verbs of taking and retaking
    ("Ukrainian forces had pushed across some 800 square kilometres of Russia's Kursk region by Monday.",
     {800.0: "Ukraine"}),
    ("Russia had recovered at least 800 square km of the Kursk region.", {800.0: "Russia"}),
])
def test_area_holders_in_more_phrasings(text: str, expected: dict[float, str]) -> None:
    day = date(2025, 1, 17)
    here, _ = toponyms.extract(text, gazetteer=load_default())
    reports = area_reports(text, when=TimeSpan(day, day, 1), claim=Attribution("claimed", "x"), here=here,
                           source_id="x", context=AreaContext())
    assert {r.area_km2: r.holder for r in reports} == expected


def _events_of(text: str, published: date):
    """The events the pipeline reads in one article's text."""
    from geo import sources
    from geo.extract.pipeline import extract_article
    from geo.records import Article

    article = Article(source_id="t", file="t.txt", text=text, title="", outlet="", url="",
                      published=published, date_basis="provided", date_reason="test")
    mentions, _ = toponyms.extract(text, gazetteer=load_default())
    return extract_article(article, sources.split_sentences(text), mentions).events


def test_full_liberation_of_another_front_is_no_claim_on_the_salient() -> None:
    text = ("Andrei Marochko said on Wednesday that the Russian army had completely liberated the village of "
            "Makiivka in the Luhansk region. Putin declared the full liberation of the Kursk region on Saturday.")
    events = _events_of(text, date(2025, 4, 28))
    full = [c for c in control_claims(events) if c.holder == "Russia" and not c.places_held and not c.places_lost]
    assert [c.quote for c in full] == ["Putin declared the full liberation of the Kursk region on Saturday."]


def test_the_home_side_holding_a_village_no_one_said_the_other_held_is_no_loss() -> None:
    text = ("Sumy region\n\nRussian forces captured Novenke, the ministry said. Hryhorov said on May 24 that "
            "Yunakivka is under Ukrainian control.")
    events = _events_of(text, date(2025, 5, 24))
    # the state names its holder, whoever the sentence before had acting
    assert [(e.control, e.holder) for e in events if e.place.name == "Yunakivka"] == [("held", "Ukraine")]
    russia = [c for c in control_claims(events) if c.holder == "Russia"]
    assert not any(p.name == "Yunakivka" for c in russia for p in (*c.places_lost, *c.places_held))
