"""Tests for geo.extract.pipeline: typed, dated, located events from the real seeds."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from geo.extract import area_km2, extract_events, figures, merge_duplicates
from geo.extract.attribution import attribute
from geo.extract.triggers import find_triggers
from geo.records import Article
from tests.seedrun import event_with, seed_articles, seed_events


def test_sudzha_retaken_last_week_is_government_regains_territory() -> None:
    e = event_with("retake the town of Sudzha")
    assert (e.event_type, e.sub_event_type) == ("Battles", "Government regains territory")
    assert (e.actor1, e.actor2) == ("Russia", "Ukraine")
    assert e.place.name == "Sudzha" and e.geo_precision == 1
    # Published Tuesday 18 March 2025: "last week" is Monday 10 to Sunday 16 March.
    assert (e.when.start, e.when.end, e.when.precision) == (date(2025, 3, 10), date(2025, 3, 16), 2)


def test_new_years_eve_drone_attack_on_vehicles_entering_sudzha() -> None:
    e = event_with("New Year’s Eve drones swarmed six Ukrainian military vehicles")
    assert e.sub_event_type == "Air/drone strike"
    assert e.place.name == "Sudzha"
    assert e.when.start == e.when.end == date(2024, 12, 31) and e.when.precision == 1
    assert e.actor2 == "Ukraine" and e.actor1 == "Russia"  # the attacker comes from the sentence before
    assert "previous" in e.notes or "before" in e.notes


def test_sverdlikovo_seized_early_last_month_with_the_date_marked_inferred() -> None:
    e = event_with("seize the key stronghold of Sverdlikovo")
    assert e.sub_event_type == "Government regains territory"
    assert e.place.name == "Sverdlikovo"
    assert (e.when.start, e.when.end) == (date(2025, 2, 1), date(2025, 2, 10))
    assert e.when.inferred


def test_troop_deployment_is_a_strategic_development_with_troops() -> None:
    e = event_with("dispatched 12,000 soldiers")
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Change to group/activity")
    assert e.figures.troops == 12000
    assert e.place.name == "Kursk Oblast" and e.geo_precision == 3
    assert (e.when.start, e.when.end) == (date(2024, 10, 21), date(2024, 10, 31))


def test_figures_from_the_seeds() -> None:
    assert event_with("1,770 Russian soldiers killed or wounded").figures.casualties == 1770
    nk = event_with("Reports reveal heavy North Korean casualties")
    assert (nk.figures.casualties, nk.figures.fatalities) == (4700, 600)
    assert event_with("approximately half of the 12,000", place="Kursk Oblast").figures.casualties == 6000


def test_fatalities_after_the_verb() -> None:
    assert figures("Drones struck Sudzha, killing at least 3 people.").fatalities == 3
    assert figures("The strike killed 12 soldiers.").fatalities == 12


def test_areas_convert_to_square_kilometres() -> None:
    assert area_km2("more than 500 square miles")[0] == pytest.approx(1295, abs=1)
    assert area_km2("about 10 percent of the more than 500 square miles")[0] == pytest.approx(129.5, abs=0.1)
    assert area_km2("approximately half of the 1000+ square kilometers")[0] == 500
    # "kilometres of territory" is an area written loosely; a distance is no area
    assert area_km2("more than 1,100 kilometers of territory were freed")[0] == 1100
    assert area_km2("Ukrainian forces advanced 10 kilometres into the region")[0] is None


def test_claim_statuses() -> None:
    trump = event_with("falsely claimed")
    assert (trump.claim_status, trump.claimant) == ("denied", "Donald Trump")
    putin = event_with("full liberation", place="Kursk Oblast")
    assert (putin.claim_status, putin.claimant) == ("disputed", "Vladimir Putin")
    # the area report, not an event (it names no place): its claim is DeepState's, by the canonical name
    deep_state = attribute("On a map from Deep State, a Ukrainian volunteer project that tracks changes on the front "
                           "line, Ukrainian troops are now shown occupying about 10 percent of the more than 500 "
                           "square miles that they once held.", on=date(2025, 3, 18))
    assert (deep_state.status, deep_state.claimant) == ("claimed", "DeepState")  # canonical name, data/sources.csv
    assert attribute("Russian forces shelled the village.", on=date(2025, 3, 1)).status == "reported"


def test_background_references_are_historical() -> None:
    historical = {e.place.name for e in seed_events() if e.historical}
    assert "Mariupol" in historical  # "August 2014: ... capturing Mariupol"
    assert not event_with("retake the town of Sudzha").historical


def test_every_event_keeps_its_sentence_verbatim() -> None:
    for e in seed_events():
        assert e.sentence in seed_articles()[e.source_id[:3]].text


def test_repeated_sentences_in_one_article_give_one_event() -> None:
    heavy_use = [e for e in seed_events() if e.sentence.startswith("Russia’s heavy use of North Korean troops")]
    assert len(heavy_use) == 1


def test_duplicates_across_sources_merge_with_every_sentence() -> None:
    a = seed_articles()["003"]
    b = Article(**{**a.__dict__, "source_id": "999_copy", "file": "999_copy.txt"})
    original = event_with("dispatched 12,000 soldiers")
    copy = type(original)(**{**original.__dict__, "source_id": b.source_id, "event_id": "ev-copy"})
    merged = merge_duplicates([original, copy])
    assert len(merged) == 1 and merged[0].also_reported == (("999_copy", original.sentence),)


def test_unrelated_region_level_reports_do_not_merge() -> None:
    a = event_with("nearly retake the Kursk region")
    b = event_with("amassed a force of 50,000 troops")
    assert len(merge_duplicates([a, b])) == 2


@hsettings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_figures_triggers_and_attribution_never_crash(text: str) -> None:
    f = figures(text)
    assert f.casualties is None or f.casualties >= 0
    find_triggers(text)
    attribute(text, on=date(2025, 1, 1))


def test_extract_events_on_an_empty_article_is_empty() -> None:
    a = seed_articles()["001"]
    assert extract_events(a, [], []) == []


def test_absurd_figures_are_not_reported() -> None:
    assert figures("killing 99999999999999999999999 soldiers").fatalities is None
    assert area_km2("999999999999 square miles")[0] is None
    assert area_km2("1e308 square kilometres")[0] is None
    assert figures("10^400 soldiers").troops is None
    assert figures("killing 1,234 soldiers").fatalities == 1234


def _extraction(text: str, published: date, outlet: str = ""):
    from geo import sources, toponyms
    from geo.extract.pipeline import extract_article
    from geo.gazetteer import load_default

    article = Article(source_id="t", file="t.txt", text=text, title="", outlet=outlet, url="", published=published,
                      date_basis="provided", date_reason="test")
    mentions, _ = toponyms.extract(text, gazetteer=load_default())
    return extract_article(article, sources.split_sentences(text), mentions)


def _one_article(text: str, published: date = date(2025, 2, 17), outlet: str = ""):
    return _extraction(text, published, outlet).events


def _area_reports(text: str, published: date):
    return _extraction(text, published).areas


def test_the_date_beside_the_reporting_verb_is_the_statement_not_the_event() -> None:
    [event] = _one_article("HUR said on Monday that 30 North Korean soldiers were killed on Dec. 14 and 15 near Plekhovo.")
    assert (event.when.start, event.when.end) == (date(2024, 12, 14), date(2024, 12, 15))


def test_a_list_of_villages_is_one_event_each_and_the_dateline_is_no_place() -> None:
    events = _one_article("MOSCOW (Reuters) - Russian forces recaptured Viktorovka, Nikolayevka and Staraya Sorochina, "
                          "the defence ministry said on Saturday.", published=date(2025, 3, 8))
    assert {e.place.name for e in events} == {"Viktorovka", "Nikolaevka", "Staraya Sorochina"}
    assert {e.claimant for e in events} == {"Russian Ministry of Defence"}  # the office, by the dateline's side
    assert all(e.sub_event_type == "Government regains territory" for e in events)


def test_a_clause_after_a_comma_is_not_the_object_of_the_action() -> None:
    events = _one_article("Two soldiers, although wounded, survived and were brought to Kyiv, where they are held.")
    assert all(e.place.name != "Kyiv" for e in events)


def test_speculation_forecasts_and_conditionals_are_not_events() -> None:
    for sentence in ("Russia could launch an offensive toward Sumy.",
                     "If fighting erupts near Sudzha, Ukrainian units might withdraw.",
                     "North Korean troops are expected to bolster Russian forces near Sudzha."):
        assert _one_article(sentence) == [], sentence


def test_captions_headlines_and_furniture_are_not_events() -> None:
    text = ("Russia retakes Sudzha\n\n(Photo: Russian troops in Sudzha. Reuters/Stringer)\n\n"
            "Read more: Russian forces retook Sudzha\n\nBy Jane Doe\n\n"
            "Map: the Ukrainian incursion into Sudzha as of September 15, 2024.\n")
    assert _one_article(text) == []


def test_each_clause_keeps_its_own_date() -> None:
    events = _one_article("In mid-December Russia freed Darino; in January Russian troops took Aleksandriya and Sudzha.",
                          published=date(2025, 2, 17))
    darino = next(e for e in events if e.place.name == "Darino")
    sudzha = next(e for e in events if e.place.name == "Sudzha")
    assert darino.when.start.month == 12 and sudzha.when.start.month == 1


def test_a_background_date_does_not_carry_to_the_next_sentence() -> None:
    events = _one_article("Ukraine's army crossed into Kursk last summer. Russian forces shelled Sudzha.",
                          published=date(2025, 3, 8))
    shelling = next(e for e in events if e.event_type == "Explosions/Remote violence")
    assert shelling.when.end == date(2025, 3, 8) and shelling.when.inferred  # the week before publication


def test_an_action_aimed_at_is_not_one_done() -> None:
    assert all(e.sub_event_type != "Government regains territory"
               for e in _one_article("Russia massed troops near Sudzha for an assault to retake the town."))
    [done] = [e for e in _one_article("Russian forces managed to retake Sudzha on Monday.")
              if e.sub_event_type == "Government regains territory"]
    assert done.place.name == "Sudzha"


def test_a_state_of_control_gives_way_to_the_action_in_the_sentence() -> None:
    events = _one_article("By Monday, Ukrainian troops had withdrawn from Sudzha, leaving little under Ukrainian control.")
    assert [(e.place.name, e.sub_event_type) for e in events] == [("Sudzha", "Change to group/activity")]


def test_places_named_after_a_counted_taking_are_events_of_it() -> None:
    events = _one_article("Russia's defence ministry said its troops had liberated three settlements on Tuesday. "
                          "It named them as Viktorovka, Staraya Sorochina and Sverdlikovo.", published=date(2025, 3, 8))
    taken = {e.place.name: e for e in events if e.event_type == "Battles"}
    assert {"Viktorovka", "Staraya Sorochina", "Sverdlikovo"} <= set(taken)
    assert taken["Sverdlikovo"].when.start == date(2025, 3, 4)  # the Tuesday of the sentence before
    assert taken["Sverdlikovo"].claimant == "Russian Ministry of Defence"


@pytest.mark.parametrize("count", ["another two settlements", "two more settlements", "some two settlements"])
def test_a_sentence_restating_a_counted_taking_names_its_places(count: str) -> None:
    # "The settlements freed ... are A and B": the taking told again, placed only at the region, is the count's list
    events = _one_article(f"Russia's Defence Ministry announced on Monday that its forces had won back {count} in the "
                          "Kursk region. The settlements freed by the Russian military are Sverdlikovo and Viktorovka "
                          "in Kursk Region, the ministry said.", published=date(2024, 9, 16))
    taken = {e.place.name: e for e in events if e.sub_event_type == "Government regains territory"}
    assert set(taken) == {"Sverdlikovo", "Viktorovka"}
    assert taken["Viktorovka"].when.start == date(2024, 9, 15)  # the statement's Monday, or the day before
    assert taken["Viktorovka"].claimant == "Russian Ministry of Defence"


def test_a_village_the_gazetteer_lacks_is_kept_at_its_region_with_its_name() -> None:
    events = _one_article("Russian troops won back Goncharovka, Zaoleshenka and Rubanshchina in the Kursk region "
                          "on Sunday.", published=date(2025, 3, 16))
    unknown = [e for e in events if e.location_text == "Rubanshchina"]
    assert len(unknown) == 1 and unknown[0].place.name == "Kursk Oblast" and unknown[0].geo_precision == 3
    assert "not in the gazetteer" in unknown[0].notes
    assert {"Goncharovka", "Zaoleshenka"} <= {e.place.name for e in events}


def test_units_roads_and_parties_are_not_unknown_places() -> None:
    events = _one_article("Russian forces attacked the Edelweiss brigade near Sudzha and captured Ukrainian positions "
                          "along the K-040 highway.")
    assert {e.location_text for e in events} <= {"Sudzha"}


def test_wars_media_people_and_organisations_are_not_unknown_places() -> None:
    cases = [
        "Near Sudzha in the Kursk region, in World War II, Soviet troops fought Nazi German forces.",
        "Maria Zakharova claimed on Telegram that Ukrainian forces had been routed in the Kursk region.",
        "It is a dispatch by Yuri Kotyonok, a pro-Kremlin war correspondent, on the fighting in the Kursk region.",
        "The Institute for the Study of War put the size of the combat area in the Kursk region at 1,160 km².",
        "Russian fighters had surrounded Ukrainian soldiers in the Kursk region, Shot claimed.",
    ]
    for text in cases:
        places = {e.location_text for e in _one_article("Kursk region\n\n" + text, published=date(2025, 3, 20))}
        assert places <= {"Sudzha", "Kursk region", "Kursk"}, text


def test_a_list_before_a_state_of_control_is_one_event_each() -> None:
    events = _one_article("According to the Russian Defence Ministry, the villages of Viktorovka, Nikolayevka and "
                          "Staraya Sorochina are once again under Russian control.", published=date(2025, 3, 8))
    assert {e.place.name for e in events} == {"Viktorovka", "Nikolaevka", "Staraya Sorochina"}


def test_unknown_names_listed_after_a_counted_taking_are_kept_at_the_region() -> None:
    events = _one_article("The Russian Defence Ministry said its troops had liberated 10 settlements in the Kursk region. "
                          "It named them as Apanasovka, Byakhovo and Snagost.", published=date(2024, 9, 12))
    assert {"Apanasovka", "Byakhovo"} <= {e.location_text for e in events}
    # listed in the counting sentence itself, each still says it is a village the gazetteer lacks
    listed = _one_article("Fighting goes on in the Kursk region. Five localities were won back in February - "
                          "Apanasovka, Byakhovo and Snagost.",
                          published=date(2025, 3, 2))
    unknown = [e for e in listed if e.location_text in ("Apanasovka", "Byakhovo")]
    assert len(unknown) == 2 and all("not in the gazetteer" in e.notes for e in unknown)


@pytest.mark.parametrize("sentence", ["In the village of Zyzykovka, in the Borisovsky district, shelling left a woman injured.",
                                      "Shelling hit the village of Zyzykovka in the Borisovsky district."])
def test_a_village_the_gazetteer_lacks_is_drawn_at_the_district_the_sentence_puts_it_in(sentence: str) -> None:
    [event] = _one_article(sentence, published=date(2024, 8, 31))
    assert (event.location_text, event.place.name, event.geo_precision) == ("Zyzykovka", "Borisovsky District", 2)
    # retold with its district, it is still that village's event, not the district's own
    text = ("Ukrainian forces broke through last week, heading towards the village of Vesele in the Glushkovo district.")
    assert "Vesele" in {e.location_text for e in _one_article(text, published=date(2024, 9, 16))}


def test_a_settlement_the_gazetteer_lacks_is_where_a_strike_in_another_clause_happened() -> None:
    text = ("In the Kursk region, in the settlement of Artakovo, two buildings went up in flames after a drone strike, "
            "the governor said.")
    [event] = _one_article(text, published=date(2025, 5, 31))
    assert (event.location_text, event.place.name, event.sub_event_type) == ("Artakovo", "Kursk Oblast", "Air/drone strike")


def test_the_region_names_back_the_articles_region_and_the_district_the_last_district() -> None:
    text = ("Kursk region\n\nRussia says it has retaken most of the Kursk region. Fighting also goes on in Kherson "
            "Oblast. Ukrainian troops beat back five Russian assaults in the region on Saturday, the General Staff said.")
    [repelled] = [e for e in _one_article(text, published=date(2025, 4, 26)) if "beat back" in e.sentence]
    assert (repelled.place.name, repelled.geo_precision) == ("Kursk Oblast", 3)
    assert "named as 'the region'" in repelled.notes
    district = _one_article("Shelling hit the Belgorodsky District. Two drones struck the district on Monday.",
                            published=date(2025, 5, 23))
    assert ("Belgorodsky District", "Air/drone strike") in {(e.place.name, e.sub_event_type) for e in district}
    # "in the region of" is a quantity, not the region
    about = _one_article("Kursk region\n\nPrices rose. A drone strike hit targets in the region of ten "
                         "kilometres away on Monday.", published=date(2025, 4, 26))
    assert not any("named as 'the region'" in e.notes for e in about)


@pytest.mark.parametrize("sentence, places", [
    ("Ukrainian troops made gains in the Glushkovo district on Saturday, September 14, close to the villages of "
     "Tyotkino and Sudzha.", {"Tëtkino", "Sudzha"}),
    ("Russian forces advanced in the Sudzha district near Martynovka.", {"Martynovka"}),
])
def test_settlements_near_which_a_districts_action_happened_are_its_places(sentence: str, places: set[str]) -> None:
    assert {e.place.name for e in _one_article(sentence, published=date(2024, 9, 16))} == places


def test_a_war_entering_its_seventh_day_is_no_entry() -> None:
    events = _one_article("The fighting in Russia's Kursk region has now entered its seventh day.",
                          published=date(2024, 8, 12))
    assert [(e.event_type, e.sub_event_type) for e in events] == [("Battles", "Armed clash")]
    assert "trigger 'fighting'" in events[0].notes


def test_the_fighting_as_a_time_is_no_fight() -> None:
    text = "Kursk region\n\nThe church in Sudzha had its facade and roof damaged during the fighting."
    assert not _one_article(text, published=date(2025, 4, 5))
    # counted, the fighting's cost is news
    counted = _one_article("Kursk region\n\nTwelve soldiers were killed in Sudzha during the fighting on Monday.",
                           published=date(2025, 4, 5))
    assert [e.place.name for e in counted] == ["Sudzha"]


def test_a_village_the_gazetteer_lacks_is_drawn_in_the_region_its_sentence_names_not_the_articles() -> None:
    text = ("Kursk region\n\nPutin declared the full liberation of the Kursk region on Saturday. Separately, Marochko "
            "said on Wednesday that the Russian army had liberated the village of Makiivka in the Luhansk region.")
    [makiivka] = [e for e in _one_article(text, published=date(2025, 4, 28)) if e.location_text == "Makiivka"]
    assert makiivka.place.name == "Luhansk Oblast" and makiivka.claimant == "Marochko"


@pytest.mark.parametrize("sentence", [
    '"We need to hit these three areas hard to completely liberate Sudzha," he said.',
    "Russian troops must retake Sudzha before the spring, the commander said.",
    "Putin told troops on Wednesday that Moscow's aim was the complete liberation of Sudzha.",
])
def test_an_obligation_or_goal_is_no_event(sentence: str) -> None:
    assert not _one_article(sentence, published=date(2025, 3, 1))


def test_an_action_reported_in_the_passive_is_placed_after_its_verb() -> None:
    events = _one_article("Kursk region\n\nOther clashes were reported near Nikolayevo-Daryino and Sudzha on Tuesday.",
                          published=date(2024, 8, 14))
    assert {e.place.name for e in events} == {"Nikolayevo-Darino", "Sudzha"}


def test_an_attribution_set_off_by_commas_does_not_end_the_actions_clause() -> None:
    events = _one_article("Kursk region\n\nThe fiercest fighting, it said, was around the settlements of Martynovka "
                          "and Sudzha on Tuesday.", published=date(2024, 8, 14))
    assert {e.place.name for e in events} == {"Martynovka", "Sudzha"}


def test_a_news_outlet_naming_itself_tells_its_own_reporting() -> None:
    text = "Sumy region\n\nAs Ukrinform reported earlier, Russian forces struck Sumy Oblast almost 70 times on Tuesday."
    [own] = _one_article(text, published=date(2025, 5, 29), outlet="Ukrinform (via MENAFN)")
    assert (own.claim_status, own.claimant) == ("reported", "")
    # a think tank's own page still speaks as the think tank
    text = "Kursk region\n\nUkrainian forces attacked towards Tetkino on Monday, the ISW said."
    [isw] = _one_article(text, published=date(2025, 5, 6), outlet="Institute for the Study of War")
    assert isw.claimant == "Institute for the Study of War"


def test_holidays_are_not_unknown_places() -> None:
    events = _one_article("Russian forces struck Sudzha on New Year’s Eve and Victory Day.")
    assert {e.location_text for e in events} == {"Sudzha"}


def test_a_counted_taking_lists_its_places_in_the_same_sentence() -> None:
    events = _one_article("In January Russian troops took four more villages -- Sverdlikovo, Nikolayevo-Darino, "
                          "Plekhovo and Darino -- the ministry said.", published=date(2025, 2, 17))
    assert {e.place.name for e in events} >= {"Sverdlikovo", "Plekhovo", "Darino"}
    assert all(e.when.start == date(2025, 1, 1) and e.when.end == date(2025, 1, 31) for e in events)


def test_places_named_among_an_area_taken_are_events_of_the_taking() -> None:
    events = _one_article("In a short time more than 1,100 square kilometres were freed, among them villages such as "
                          "Malaya Loknya and Staraya Sorochina.", published=date(2025, 3, 14))
    assert {e.place.name for e in events} == {"Malaya Loknya", "Staraya Sorochina"}
    taken = _one_article("Russian forces took control of 64 square kilometres, including the villages of Novenke "
                         "and Basivka.", published=date(2025, 3, 30))
    assert {e.place.name for e in taken} == {"Novenke", "Basivka"}


def test_an_allied_force_reaching_its_own_side_region_is_a_deployment() -> None:
    [nk] = _one_article("North Korean soldiers were on the move toward Russia's Kursk region.", date(2024, 11, 4))
    assert (nk.event_type, nk.actor1) == ("Strategic developments", "North Korea")
    [ua] = _one_article("Ukrainian troops have reached the Kursk region.", date(2024, 8, 8))
    assert (ua.event_type, ua.actor1) == ("Battles", "Ukraine")  # an incursion, not a deployment


def test_a_bulletin_tally_is_an_event_and_each_kind_of_strike_its_own() -> None:
    events = _one_article("Fighting went on near Sudzha on Sunday, the General Staff of Ukraine said. "
                          "Russian forces carried out 34 airstrikes and fired on Ukrainian positions 243 times.",
                          published=date(2025, 3, 16))
    strikes = sorted(e.sub_event_type for e in events if e.event_type == "Explosions/Remote violence")
    assert strikes == ["Air/drone strike", "Shelling/artillery/missile attack"]
    # the paragraph opened with the General Staff's claim: the tally is its claim too
    assert {e.claimant for e in events if e.event_type == "Explosions/Remote violence"} == {"Ukrainian General Staff"}


def test_what_a_speaker_is_asked_about_is_not_reported() -> None:
    assert not _one_article("Asked about the reports of fighting in Kursk Oblast, Zelenskyy said Russia should feel "
                            "what war is.", published=date(2024, 8, 9))


def test_the_toll_told_after_a_strike_is_that_strikes() -> None:
    [strike] = _one_article("A Russian missile hit Sumy on Sunday morning. The strike killed at least 35 people "
                            "and wounded 117 others.", published=date(2025, 4, 14))
    assert strike.event_type == "Explosions/Remote violence"
    assert (strike.figures.fatalities, strike.figures.wounded) == (35, 117)
    assert any("killed at least 35" in sentence for _, sentence in strike.also_reported)  # traceable to its sentence


def test_a_captions_date_dates_no_sentence_after_it() -> None:
    text = ("Image Sequence Slider - Kursk salient, February 24 - March 9, 2025\n\n"
            "Russian troops have taken the Ukrainian village of Novenke.")
    [taken] = _one_article(text, published=date(2025, 3, 10))
    assert taken.when.end >= date(2025, 3, 9)  # the report's days, not the slider's first


def test_the_fighting_that_dates_a_running_total_is_no_event() -> None:
    assert not _one_article("Since the fighting in the region started, the enemy's losses have risen to more than "
                            "28,850 servicemen, the ministry said.", published=date(2024, 11, 1))


def test_a_rate_of_fire_is_not_a_tally() -> None:
    assert not _one_article("Russia fires about 28,000 artillery shells per day.", published=date(2025, 4, 28))


def test_a_place_a_description_mentions_is_not_carried_to_the_next_event() -> None:
    events = _one_article("Russia said its forces had recaptured Sverdlikovo in the Kursk region.\n\n"
                          "The village lies close to Ukraine's Sumy region. Moscow said 10 more settlements "
                          "had been freed since Monday.", published=date(2025, 2, 17))
    assert "Sumy Oblast" not in {e.place.name for e in events}


def test_one_plural_head_makes_every_listed_name_a_region() -> None:
    from geo import toponyms
    from geo.gazetteer import load_default

    mentions, _ = toponyms.extract("Shelling hit villages in the Sumy and Chernihiv oblasts.", gazetteer=load_default())
    assert [m.place.name for m in mentions] == ["Sumy Oblast", "Chernihiv Oblast"]


def test_an_attempt_to_take_a_place_is_a_clash_not_a_taking() -> None:
    [e] = _one_article("Russian troops were trying to retake Sverdlikovo on Sunday.", published=date(2025, 2, 17))
    assert (e.event_type, e.sub_event_type, e.place.name) == ("Battles", "Armed clash", "Sverdlikovo")
    assert "attempt" in e.notes
    [plan] = _one_article("Russian troops plan to retake Sverdlikovo.", published=date(2025, 2, 17)) or [None]
    assert plan is None  # an intention is not an event


def test_a_place_after_a_country_possessive_is_the_action_place() -> None:
    [e] = _one_article("Ukraine's armed forces have attacked Russian troops along several directions in Russia's "
                       "Kursk Oblast, an official said on 5 January.", published=date(2025, 1, 5))
    assert e.place.name == "Kursk Oblast" and e.when.end == date(2025, 1, 5)
    assert e.when.start == date(2025, 1, 4)  # dated by the statement alone: that day or the day before


def test_a_count_of_places_taken_is_evidence_of_a_taking() -> None:
    text = "The Kursk region borders Ukraine. By DeepState's reckoning some {} had been freed."
    [e] = _one_article(text.format("44 settlements"), published=date(2024, 8, 12))
    assert e.place.name == "Kursk Oblast" and e.geo_precision == 3  # the article's region
    assert not _one_article(text.format("settlements"), published=date(2024, 8, 12))  # no count: background


def test_a_relative_clause_keeps_its_date_to_itself() -> None:
    events = _one_article("Russia's army has won back 10 settlements in its Kursk border region, where Ukraine "
                          "launched a large incursion last month, the defence ministry said Thursday.",
                          published=date(2024, 9, 12))
    assert events and all(e.when.start >= date(2024, 9, 1) for e in events if "won back" in e.notes)


@pytest.mark.parametrize("line", ["By Jane Doe and John Roe in Kyiv", "By Kyiv Independent news desk",
                                  "Reporting by Tom Balmforth; Editing by Jane Doe"])
def test_bylines_are_names_and_their_joints(line: str) -> None:
    from geo.extract.furniture import page_kind

    assert page_kind(line, whole_line=True) == "byline"
    assert page_kind("By DeepState's reckoning some 44 settlements had been freed.", whole_line=False) == ""


def test_a_list_after_a_count_names_the_places_taken_even_in_the_passive() -> None:
    events = _one_article("Five localities were won back in February - Pogrebki, Sverdlikovo, Darino, Plekhovo "
                          "and Sudzha.", published=date(2025, 3, 10))
    assert {e.place.name for e in events} == {"Pogrebki", "Sverdlikovo", "Darino", "Plekhovo", "Sudzha"}
    assert all(e.when.start == date(2025, 2, 1) for e in events)


def test_a_region_level_event_only_when_no_settlement_is_named() -> None:
    events = _one_article("Seven of them were freed in the Kursk region over two days, March 8 and 9: Sudzha, "
                          "Darino and Plekhovo.", published=date(2025, 3, 10))
    assert "Kursk Oblast" not in {e.place.name for e in events} and len(events) == 3


def test_the_dateline_date_is_the_report_not_the_event() -> None:
    events = _one_article("KYIV, May 27 (AFP) - Russian forces have captured four villages in Ukraine's Sumy region.",
                          published=date(2025, 5, 27))
    assert events and all(e.when.start < date(2025, 5, 27) for e in events)


def test_a_village_falls_and_is_taken_as_subject_of_the_verb() -> None:
    events = _one_article("Sverdlikovo fell after fighting on Tuesday; Oleshnya was taken with little resistance.",
                          published=date(2024, 8, 8))
    assert {e.place.name for e in events} == {"Sverdlikovo", "Oleshnya"}
    assert not _one_article("Prices fell sharply in Sudzha.", published=date(2024, 8, 8))


@pytest.mark.parametrize("sentence, place", [
    ("Ukrainian forces had recently seized Sverdlikovo, a village on the Seim.", "Sverdlikovo"),  # adverb, not adjective
    ("Earlier on Monday, Russia's Defence Ministry had claimed both Sverdlikovo and Darino.", "Darino"),
    ("Fighting went on around other villages in the area, the governor said, among them Sverdlikovo.", "Sverdlikovo"),
    ("The General Staff reported new Russian attacks further east, near Sudzha.", "Sudzha"),
    ("Russian forces recaptured settlements such as Tolsty Lug and Novoivanovka.", "Novoivanovka"),  # examples
])
def test_where_the_action_happened_in_harder_phrasings(sentence: str, place: str) -> None:
    assert place in {e.place.name for e in _one_article(sentence, published=date(2025, 2, 17))}


def test_civilians_killed_with_no_weapon_named_are_violence_against_civilians() -> None:
    [event] = _one_article("Russian officials said five civilians were killed and 24 wounded in the Kursk region on Tuesday.",
                           published=date(2024, 8, 14))
    assert (event.event_type, event.sub_event_type) == ("Violence against civilians", "Attack")
    [struck] = _one_article("Five civilians were killed by shelling in the Kursk region on Monday.",
                            published=date(2024, 8, 14))
    assert struck.event_type == "Explosions/Remote violence"  # the weapon makes them a strike's casualties


def test_a_pages_source_line_and_paragraph_labels_give_the_speaker() -> None:
    text = "Source: Sumy Oblast Military Administration on Telegram\n\nRussian forces shelled Khotin on Monday."
    [shelled] = _one_article(text, published=date(2024, 9, 3))
    assert (shelled.claim_status, shelled.claimant) == ("claimed", "Sumy regional administration")
    text = ("Commander-in-Chief Oleksandr Syrskyi reported to the president on Thursday.\n\n"
            "Details: Syrskyi said Ukrainian forces had advanced near Sudzha on Thursday.")
    [advance] = _one_article(text, published=date(2024, 8, 15))
    assert advance.claimant == "Oleksandr Syrskyi"  # the label does not hide the sentence's opening name


def test_a_pages_source_line_speaks_past_another_sources_paragraph_until_a_recap_label() -> None:
    text = ("Source: Sumy Oblast Military Administration\n\n"
            "Details: Suspilne said a drone had hit a house in Hlukhiv on Monday.\n\n"
            "Russian forces shelled Khotin on Monday.\n\n"
            "Background: Russian forces shelled Yunakivka on Sunday.")
    events = {e.place.name: e for e in _one_article(text, published=date(2024, 11, 19))}
    assert events["Hlukhiv"].claimant == "Suspilne"  # a sentence with its own source keeps it
    assert (events["Khotin"].claim_status, events["Khotin"].claimant) == ("claimed", "Sumy regional administration")
    assert events["Yunakivka"].claim_status == "reported"  # past "Background:" the page speaks for itself


def test_places_that_came_under_attack_or_fire_were_struck() -> None:
    events = _one_article("The Myropillia, Khotin and Buryn hromadas came under attack on Monday.",
                          published=date(2024, 9, 3))
    assert events and {e.event_type for e in events} == {"Explosions/Remote violence"}
    [fired] = _one_article("Russian forces opened fire on 12 hromadas in Sumy Oblast on Monday.", published=date(2024, 9, 3))
    assert fired.event_type == "Explosions/Remote violence"
    # troops that came under attack, or fire opened on fighters, name no struck place
    assert not _one_article("They came under attack from several directions on Monday.", published=date(2024, 9, 3))


@pytest.mark.parametrize("sentence", [
    "Concentrations of Ukrainian troops were defeated by air strikes, artillery fire and combat operations near "
    "Plekhovo and Snagost on Sunday.",
    "Plekhovo and Snagost were hit with mortars, FPV drones and explosives on Sunday.",
])
def test_weapons_listed_for_one_attack_are_one_event_at_each_place(sentence: str) -> None:
    places = [e.place.name for e in _one_article(sentence, published=date(2024, 8, 26))]
    assert sorted(places) == ["Plekhovo", "Snagost"]


def test_a_strike_in_another_clause_is_its_own_event() -> None:
    events = _one_article("A Russian missile hit Sumy on Sunday; the city is a frequent target of Russian air strikes.",
                          published=date(2025, 4, 14))
    assert sorted(e.sub_event_type for e in events if e.place.name == "Sumy") == [
        "Air/drone strike", "Shelling/artillery/missile attack"]


def test_an_object_named_back_comes_before_a_landmark_later_in_the_sentence() -> None:
    text = ("Ukrainian forces attacked Snagost on Saturday.\n\n"
            "On Sunday they pushed up to the settlement and were operating south-east of Korenevo.")
    pushed = [e for e in _one_article(text, published=date(2024, 8, 11)) if "pushed up" in e.sentence]
    assert [e.place.name for e in pushed] == ["Snagost"]
    # "the village of X" names its place itself
    [near] = _one_article("On Sunday they were surrounded near the village of Olgovka.", published=date(2024, 10, 11))
    assert near.place.name == "Olgovka"


def test_the_town_named_back_is_the_one_the_sentence_before_named_even_without_an_event() -> None:
    text = ("Kyiv still holds most of Sudzha, the district's main town.\n\n"
            "But Russian forces have broken through the defensive lines north of the town in recent days.")
    places = [e.place.name for e in _one_article(text, published=date(2025, 3, 10))]
    assert "Sudzha" in places and "Kyiv" not in places


@pytest.mark.parametrize("sentence, place", [
    ("Ukrainian units are also operating inside Lyubimovka, the ISW said on Thursday.", "Lyubimovka"),
    ("On Saturday Russian assault groups kept trying to get into Bilovody.", "Bilovody"),
    ("On Sunday Ukraine sent tanks toward Bolshoye Soldatskoye.", "Bol’shoye Soldatskoye"),
    ("Ukrainian troops have lately been active near Malaya Loknya, the ISW said on Sunday.", "Malaya Loknya"),
    ("The ministry said it had stopped attempts to move on the village of Ulanok on Thursday.", "Ulanok"),
    ("TASS reported that Russian forces were closing in on Yunakivka on Friday.", "Yunakivka"),
    ("On Friday the Russian side claimed the capture of another village, Basivka.", "Basivka"),
])
def test_closing_in_and_a_named_kind_of_place(sentence: str, place: str) -> None:
    assert place in {e.place.name for e in _one_article(sentence, published=date(2025, 4, 11))}


@pytest.mark.parametrize("sentence", [
    "In Shebekino and Grayvoron shells scored a direct hit on houses on Saturday.",
    "Russian attacks targeted the hromadas of Sumy, Khotin and Yunakivka on Monday.",
    "The strikes hit areas near the villages of Gornal and Guyevo on Sunday.",
])
def test_places_targeted_or_areas_hit_were_struck(sentence: str) -> None:
    events = _one_article(sentence, published=date(2025, 2, 24))
    assert len(events) >= 2 and {e.event_type for e in events} == {"Explosions/Remote violence"}


@pytest.mark.parametrize("sentence, place", [
    ("Ukrainian troops were advancing towards Bolshoye Soldatskoye, and to the northeast of Sudzha near the "
     "village of Russkoe Porechnoe.", "Russkoye Porechnoye"),
    ("Russian troops were attacking south of Sudzha near Guyevo on Sunday.", "Guyevo"),
])
def test_a_compass_points_landmark_is_not_where_it_happened(sentence: str, place: str) -> None:
    places = {e.place.name for e in _one_article(sentence, published=date(2025, 3, 10))}
    assert place in places and "Sudzha" not in places


def test_a_compass_point_after_a_comma_describes_the_place_before_it() -> None:
    places = {e.place.name for e in _one_article("Ukrainian units had pushed north of Martynovka, northeast of "
                                                 "Sudzha, on Thursday.", published=date(2024, 8, 23))}
    assert places == {"Martynovka"}


@pytest.mark.parametrize("sentence", [
    "Ukrainian forces attacked the town of Lgov on Monday, causing heavy damage to a block of flats.",
    "Eleven civilians were wounded on Sunday when Ukrainian forces attacked Belgorod.",
])
def test_an_attack_that_hits_civilians_or_homes_is_a_strike_not_a_battle(sentence: str) -> None:
    types = {(e.place.name, e.event_type) for e in _one_article(sentence, published=date(2024, 12, 30))
             if e.event_type != "Violence against civilians"}
    assert types and all(t == "Explosions/Remote violence" for _, t in types)
    [fight] = _one_article("Ukrainian forces attacked Russian positions near Sudzha on Monday.", published=date(2024, 12, 30))
    assert fight.event_type == "Battles"  # no civilian harm: a ground attack


def test_an_action_in_a_relative_clause_is_its_own_event() -> None:
    events = _one_article("On Friday Ukrainian troops repelled an assault near Lyubimovka, where Russian forces had "
                          "advanced on Tuesday.", published=date(2024, 10, 12))
    assert sorted((e.place.name, str(e.when.start)) for e in events) == [
        ("Lyubimovka", "2024-10-08"), ("Lyubimovka", "2024-10-11")]
    assert len({e.event_id for e in events}) == 2  # one place, one sentence, two events: two ids


def test_fire_that_reached_settlements_is_a_strike_on_each() -> None:
    events = _one_article("According to the governor, enemy fire reached the settlements of Dubovoye, Zhuravlevka, "
                          "Krasny October and Chayki in the Belgorod region.", published=date(2024, 9, 30))
    assert {e.event_type for e in events} == {"Explosions/Remote violence"}
    assert "Krasny October" in {e.location_text for e in events}  # a village, not a month
    assert all(not e.historical for e in events)


@pytest.mark.parametrize("sentence, place", [
    ("Russian troops had broken through Ukrainian defensive lines to the south of Sudzha on March 7.", "Sudzha"),
    ("Ukrainian troops made two attempts to break through the border in the Kursk region on May 7.", "Kursk Oblast"),
    ("Kyiv's troops had gone on the attack near Sudzha on Sunday.", "Sudzha"),
    ("Russian forces had moved forward near the village of Sverdlikovo on Sunday.", "Sverdlikovo"),  # not 'moved'

])
def test_breakthroughs_and_attacks_in_more_phrasings_are_battles(sentence: str, place: str) -> None:
    events = _one_article(sentence, published=date(2025, 5, 8))
    assert ("Battles", place) in {(e.event_type, e.place.name) for e in events}


def test_a_foiled_attempt_to_push_deeper_is_a_clash_at_each_village() -> None:
    events = _one_article("Russia's Defence Ministry said its troops had foiled an attempt by Ukrainian units to push "
                          "deeper into Russian territory around several villages, among them Kauchuk, Obshchy "
                          "Kolodez and Snagost in the Kursk region.", published=date(2024, 8, 13))
    # the villages the gazetteer lacks are drawn at their region, but are still villages: no deployment
    assert {(e.event_type, e.location_text) for e in events} == {
        ("Battles", "Kauchuk"), ("Battles", "Obshchy Kolodez"), ("Battles", "Snagost")}


def test_still_working_to_do_it_is_doing_it() -> None:
    events = _one_article("Units of the North group were still working to wipe out Ukrainian armed formations in "
                          "the Sudzha and Korenevo districts of the Kursk region.", published=date(2024, 8, 9))
    assert {e.place.name for e in events} == {"Sudzhansky District", "Korenevsky District"}


def test_where_a_move_starts_is_not_its_place_unless_it_is_a_withdrawal() -> None:
    advance = _one_article("Ukrainian troops were advancing out of the town of Sudzha towards the village of "
                           "Bolshoye Soldatskoye, the bloggers said.", published=date(2025, 1, 5))
    assert [e.location_text for e in advance] == ["Bolshoye Soldatskoye"]
    withdrawal = _one_article("Ukrainian troops pulled out of the town of Sudzha on Tuesday.",
                              published=date(2025, 3, 12))
    assert [e.place.name for e in withdrawal] == ["Sudzha"]


def test_the_village_named_back_is_a_settlement_not_a_district() -> None:
    text = ("Fighting went on around Tetkino in the Glushkovsky district on Monday.\n\n"
            "Wargonzo said the Ukrainians briefly gained a foothold in the northwestern part of the village.")
    events = _one_article(text, published=date(2025, 5, 6))
    assert {e.place.name for e in events if "foothold" in e.sentence} == {"Tëtkino"}


def test_a_thing_named_with_a_is_not_a_village_the_gazetteer_lacks() -> None:
    events = _one_article("The drone hit a Lada Largus in the morning near the village of Shchegolek in the Kursk "
                          "region, the governor said.", published=date(2025, 5, 5))
    assert [e.location_text for e in events] == ["Shchegolek"]


def test_deaths_as_a_result_of_a_strike_are_its_toll() -> None:
    [event] = _one_article("Two women in the Kursk region were killed as a result of the strike, he wrote "
                           "on Sunday.", published=date(2025, 5, 5))
    assert event.event_type == "Explosions/Remote violence"


def test_a_battlegroup_is_a_unit_not_a_place() -> None:
    events = _one_article("Units of Battlegroup North threw back enemy attacks toward Borki and Spalnoye in the Kursk "
                          "region.", published=date(2024, 8, 24))
    assert "Battlegroup North" not in {e.location_text for e in events}
    assert {"Borki", "Spalnoye"} <= {e.location_text for e in events}


def test_areas_among_them_near_places_are_those_places() -> None:
    events = _one_article("Ukrainian units kept up offensive operations in a number of areas on September 13, among "
                          "them near Obukhovka and Novy Put in the Kursk region.", published=date(2024, 9, 14))
    assert {"Obukhovka", "Novy Put"} <= {e.location_text for e in events}


def test_what_a_bridge_crosses_is_a_river_not_a_place() -> None:
    # "the Seim" is no settlement the gazetteer lacks: the strike is at the town the sentence names
    events = _one_article("The strike came two days after Friday's attack on a bridge over the Seim near the town "
                          "of Glushkovo.", published=date(2024, 8, 18))
    assert [e.place.name for e in events] == ["Glushkovo"]


def test_the_medium_of_a_statement_is_not_a_place() -> None:
    events = _one_article("Trump falsely claimed in a post on TruthSocial that troops were surrounded in the Kursk "
                          "region.", published=date(2025, 3, 18))
    assert all(e.location_text != "TruthSocial" for e in events)


def test_a_claim_carries_to_the_end_of_its_paragraph_but_not_to_its_background() -> None:
    text = ("Russia's defence ministry said its troops repelled attacks near Glushkovo on Tuesday. "
            "DeepState said Ukrainian forces took Sudzha on Tuesday. Assault groups got close to Korenevo. "
            "Ukraine had launched its incursion into the Kursk region in early August.\n\n"
            "Russian drones struck Rylsk.")
    events = _one_article(text, published=date(2024, 10, 2))
    korenevo = next(e for e in events if e.place.name == "Korenevo")
    assert (korenevo.claim_status, korenevo.claimant) == ("claimed", "DeepState")
    background = [e for e in events if e.when.end < date(2024, 9, 1)]
    assert background and all(e.claim_status == "reported" for e in background)  # background is the outlet's own
    # two sources so far: past the paragraph the outlet speaks again
    assert next(e for e in events if e.event_type == "Explosions/Remote violence").claim_status == "reported"


def test_a_report_built_on_one_source_carries_its_claim_past_the_paragraph() -> None:
    text = ("Belgorod governor Vyacheslav Gladkov said Ukrainian shelling hit Shebekino on Tuesday.\n\n"
            "Seven drones struck the Borisovsky District, damaging a house.\n\n"
            "Ukraine had launched its incursion into the Kursk region in early August.")
    events = _one_article(text, published=date(2025, 5, 23))
    district = next(e for e in events if e.place.name.startswith("Borisovsk"))
    assert (district.claim_status, district.claimant) == ("claimed", "Vyacheslav Gladkov")
    background = [e for e in events if e.when.end < date(2024, 9, 1)]
    assert all(e.claim_status == "reported" for e in background)  # background stays the outlet's own


@pytest.mark.parametrize("sentence", [
    "Ukrainian aircraft have hit a second bridge over the Seim near Glushkovo on Friday.",
    "Air defences shot down drones over Shebekino on Wednesday.",
    "Ten Storm Shadows were launched on Wednesday against the Maryino estate in the Kursk region.",
    "Ukrainian drones had hit a column near Glushkovo on Friday.",  # an auxiliary between weapon and verb
    "Russian missiles have struck Sumy on Friday.",
    "Air defences brought down drones over Shebekino on Wednesday.",
    "Ukrainian artillery knocked out three key bridges near Glushkovo on Friday.",
])
def test_strikes_on_bridges_and_downed_drones_are_remote_violence(sentence: str) -> None:
    events = _one_article(sentence, published=date(2024, 8, 18))
    assert events and all(e.event_type == "Explosions/Remote violence" for e in events)


def test_places_lost_are_taken_but_troops_lost_are_casualties() -> None:
    [taken] = _one_article("Russian officials acknowledged on Monday that 28 localities had been lost in the Kursk "
                           "region.", published=date(2024, 8, 13))
    assert (taken.event_type, taken.place.name) == ("Battles", "Kursk Oblast")
    [lost] = _one_article("Half of the 12,000 troops sent to the Kursk region have been lost.", date(2025, 1, 31))
    assert lost.figures.casualties == 6000


def test_a_list_after_a_count_serves_any_action_and_a_year_dates_no_later_sentence() -> None:
    text = ("Russia has held the initiative in the Kursk region since 2024. The ministry also said its forces had "
            "dealt blows to Ukrainian units around 14 other settlements in the region: Sverdlikovo, Darino and "
            "Plekhovo.")
    events = _one_article(text, published=date(2025, 1, 27))
    listed = {e.place.name for e in events if e.event_type == "Battles"}
    assert {"Sverdlikovo", "Darino", "Plekhovo"} <= listed
    # the undated list is read as the week before publication, not as "2024"
    assert all(e.when.start >= date(2025, 1, 1) for e in events if e.place.name == "Darino")


def test_a_figure_falling_is_not_a_place_falling_and_under_way_is_the_present() -> None:
    assert not _one_article("In Sudzha, transit requests fell to zero on January 1.", published=date(2025, 3, 21))
    events = _one_article("Russian forces took Guevo on March 28. Heavy fighting was under way in Gornal.",
                          published=date(2025, 4, 3))
    gornal = next(e for e in events if e.place.name == "Gornal")
    assert gornal.when.end == date(2025, 4, 3) and gornal.when.start >= date(2025, 4, 2)


def test_a_month_that_brought_back_places_lists_them_and_none_carried_from_before() -> None:
    events = _one_article("Russian forces retook Pogrebki in November. December 2024 brought back three: Plekhovo, "
                          "Darino and Novoivanovka.", published=date(2025, 3, 10))
    december = [e for e in events if "December" in e.sentence]
    assert {e.place.name for e in december} == {"Plekhovo", "Darino", "Novoivanovka"}
    assert all(e.sub_event_type == "Government regains territory" for e in december)
    assert all((e.when.start, e.when.end) == (date(2024, 12, 1), date(2024, 12, 31)) for e in december)


def test_a_village_named_after_a_date_in_a_list_is_not_the_date() -> None:
    events = _one_article("The biggest haul came in September 2024, when 12 were returned: Snagost, Viktorovka "
                          "and 10th October.", published=date(2025, 3, 10))
    assert {e.place.name for e in events} >= {"Snagost", "Viktorovka"}
    assert all((e.when.start, e.when.end) == (date(2024, 9, 1), date(2024, 9, 30)) for e in events)


def test_drones_brought_down_over_a_region_were_the_other_sides_strike() -> None:
    [event] = _one_article("The Russian Defence Ministry said it had intercepted four Ukrainian drones over Kursk Oblast.",
                           published=date(2025, 3, 21))
    assert (event.sub_event_type, event.place.name) == ("Air/drone strike", "Kursk Oblast")
    assert (event.actor1, event.actor2) == ("Ukraine", "Russia")
    assert event.claimant == "Russian Ministry of Defence"


def test_pulling_equipment_out_of_a_town_is_a_withdrawal_from_it() -> None:
    [event] = _one_article("On Saturday Ukrainian forces were pulling their equipment out of Sudzha.",
                           published=date(2025, 3, 9))
    assert (event.place.name, event.control) == ("Sudzha", "withdrawn")


def test_the_ends_of_a_road_and_a_party_to_talks_are_not_where_it_happened() -> None:
    events = _one_article("Russian paratroopers stormed Sverdlikovo and had taken control of the road between Sudzha "
                          "and Rylsk, the ministry said.", published=date(2025, 2, 17))
    assert {e.place.name for e in events} == {"Sverdlikovo"}
    events = _one_article("In August Ukraine seized Sudzha, which Kyiv hoped to trade in future peace talks with Moscow.",
                          published=date(2025, 3, 13))
    assert "Moscow" not in {e.place.name for e in events}


def test_territory_freed_is_an_area_taken_back() -> None:
    text = ("Kursk governor Alexander Khinshtein said on Saturday that more than 1,100 kilometers of territory were "
            "freed in a short time.")
    assert [a.area_km2 for a in _area_reports(text, date(2025, 4, 5))] == [1100]


def test_a_year_that_dates_the_peak_figure_does_not_date_the_current_one() -> None:
    text = ("The DeepState map shows Ukraine holding roughly 63 square kilometres of Russian territory, against as "
            "much as 1,400 square kilometres that Kyiv said it controlled last year.")
    areas = {a.area_km2: a for a in _area_reports(text, date(2025, 4, 6))}
    assert areas[63.0].on == date(2025, 4, 6) and not areas[63.0].peak
    assert areas[1400.0].peak


def test_an_apposition_naming_as_many_places_as_counted_is_the_counts_list() -> None:
    events = _one_article("Ukrainian drones struck two settlements in the Belgorod region early on Wednesday, Shebekino "
                          "and Grayvoron, the governor said.", published=date(2024, 8, 14))
    assert {e.place.name for e in events} == {"Shebekino", "Grayvoron"}


def test_a_fight_in_a_countrys_compass_region_is_placed_there() -> None:
    [event] = _one_article("Russian troops fought fierce battles on Thursday against Ukrainian forces in Russia's western "
                           "Kursk region, war bloggers said.", published=date(2025, 4, 3))
    assert (event.place.name, event.event_type, event.when.start) == ("Kursk Oblast", "Battles", date(2025, 4, 3))


def test_the_governor_is_the_governor_of_the_headlines_region() -> None:
    text = ("Belgorod region governor declares an emergency\n\n"
            "Fighting goes on in the Kursk region, and the Kursk region has evacuated 120,000 people. "
            "Ukrainian drones struck Shebekino on Wednesday, according to the governor.")
    events = [e for e in _one_article(text, published=date(2024, 8, 14)) if e.place.name == "Shebekino"]
    assert events and all(e.claimant == "Vyacheslav Gladkov" for e in events)


def test_a_whole_country_is_no_events_place() -> None:
    events = _one_article("Cross-border raids into Russia by exiled Russian units are nothing new.",
                          published=date(2024, 8, 8))
    assert all(e.place.feature != "country" for e in events)
    [event] = _one_article("Ukrainian forces attacked Sudzha in Russia on Tuesday.", published=date(2024, 8, 8))
    assert event.place.name == "Sudzha"


def test_places_named_after_a_counted_taking_replace_its_region_level_event() -> None:
    events = _one_article("The Russian Defence Ministry said its troops had liberated 10 settlements in the Kursk region. "
                          "It named them as Snagost, Viktorovka and Apanasovka.", published=date(2024, 9, 12))
    assert {e.location_text for e in events} == {"Snagost", "Viktorovka", "Apanasovka"}


def test_a_day_earlier_counts_from_the_narratives_date() -> None:
    events = _one_article("On October 11 Russian troops retook Lyubimovka, Mash said. Russian channels had reported a "
                          "Ukrainian retreat from Novoivanovka a day earlier.", published=date(2024, 10, 14))
    [retreat] = [e for e in events if e.place.name == "Novoivanovka"]
    assert (retreat.when.start, retreat.when.end) == (date(2024, 10, 10), date(2024, 10, 10))
    [early] = _one_article("On October 12, two days after the retreat, Russian troops retook Lyubimovka.",
                           published=date(2024, 10, 14))
    assert early.when.start == date(2024, 10, 12)  # the sentence's own date wins


def test_a_conversion_in_brackets_does_not_end_the_actions_clause() -> None:
    [event] = _one_article("Ukrainian forces have advanced 2.5 kilometres (1.5 miles) near Sudzha, Zelensky said.",
                           published=date(2025, 2, 12))
    assert event.place.name == "Sudzha"


def test_fighting_that_took_place_somewhere_is_no_taking_and_artillery_support_no_strike() -> None:
    events = _one_article("The fighting took place near Sudzha, where the troops had air and artillery support, the "
                          "ministry said.", published=date(2024, 9, 29))
    assert [(e.place.name, e.event_type, e.control) for e in events] == [("Sudzha", "Battles", "fighting")]


def test_the_object_of_an_idiom_is_no_place_of_the_event() -> None:
    events = _one_article("Kyiv's incursion in early August took Moscow by surprise.", published=date(2024, 8, 20))
    assert all(e.place.name != "Moscow" for e in events)


def test_troops_brought_in_or_poured_in_are_a_deployment() -> None:
    for sentence in ("Russia has brought in more than 10,000 North Korean soldiers to the Kursk region.",
                     "North Korea has put some 10,000 troops into the Kursk region, Western officials said."):
        [event] = _one_article(sentence, published=date(2024, 11, 22))
        assert (event.event_type, event.place.name) == ("Strategic developments", "Kursk Oblast"), sentence
        assert event.figures.troops == 10000


def test_a_relative_clause_between_a_place_and_its_passive_verb_is_skipped() -> None:
    [event] = _one_article("Putin was handed a report claiming that Gornal, which Moscow describes as the last settlement "
                           "in Russia's Kursk Oblast under Ukrainian control, had been liberated on 26 April.",
                           published=date(2025, 4, 26))
    assert (event.place.name, event.sub_event_type, event.actor1) == ("Gornal", "Government regains territory", "Russia")


def test_the_date_of_a_place_nouns_that_clause_is_not_the_main_actions() -> None:
    [event] = _one_article("Russian troops have won back Nikolayevo-Darino, a small village in the Kursk region that "
                           "Ukrainian forces captured during their offensive last year, the ministry said on Monday.",
                           published=date(2025, 1, 27))
    assert event.sub_event_type == "Government regains territory" and event.when.start.year == 2025


def test_a_participle_after_other_or_more_is_an_adjective() -> None:
    events = _one_article("Russian units brought grenade launchers and other advanced weapons to Sudzha.",
                          published=date(2024, 12, 24))
    assert all(e.control != "entered" and "advanced" not in e.notes for e in events)


def test_the_village_is_the_settlement_named_before() -> None:
    text = ("Ukrainian troops entered Korenevo on August 20. "
            "The Russian army has since hit back and forced the Ukrainians out of the village.")
    retaken = [e for e in _one_article(text, published=date(2024, 8, 29)) if e.control == "taken"]
    assert [(e.place.name, e.actor1) for e in retaken] == [("Korenevo", "Russia")]
    # only a settlement is "the village": after a region alone the action has no place
    alone = _one_article("Fighting went on in the Kursk region on Monday. Russian troops forced the Ukrainians "
                         "out of the village.", published=date(2024, 8, 29))
    assert all(e.control != "taken" for e in alone)


def test_an_action_retold_in_the_article_is_one_event_with_both_sentences() -> None:
    text = ("Ukrainian missiles hit a command post in Rylsk on Wednesday, killing 18 servicemen.\n\n"
            "The missiles hit the command post in Rylsk in the afternoon, wounding 33.")
    [strike] = [e for e in _one_article(text, published=date(2024, 12, 26)) if e.location_text == "Rylsk"]
    assert [sentence for _, sentence in strike.also_reported] == [text.split("\n\n")[1]]
    assert (strike.figures.fatalities, strike.figures.wounded) == (18, 33)
    # two claimants of one action stay two claims
    disputed = ("Russia's defence ministry said its forces took Sudzha on Tuesday. "
                "DeepState said Russian forces took Sudzha on Tuesday.")
    assert len([e for e in _one_article(disputed, published=date(2025, 3, 13)) if e.place.name == "Sudzha"]) == 2


@pytest.mark.parametrize("sentence", ["Sudzha has reportedly been liberated.",
                                      "Sudzha was reported to have been liberated on March 13.",
                                      "Russian forces are said to have retaken Sudzha."])
def test_an_evidential_hedge_is_a_claim_of_the_action_not_a_speaker(sentence: str) -> None:
    events = _one_article("Fighting went on in the Kursk region.\n\n" + sentence, published=date(2025, 3, 14))
    [event] = [e for e in events if e.sentence == sentence]
    assert event.place.name == "Sudzha" and event.sub_event_type == "Government regains territory"
    assert event.claim_status == "claimed"


@pytest.mark.parametrize("sentence", [
    "Media reported that Sudzha, the largest town Ukraine had held in the Kursk region, had been retaken.",
    "Sudzha, a town of 5,000 people, was retaken on Wednesday."])
def test_an_appositive_between_a_place_and_its_verb_keeps_the_place(sentence: str) -> None:
    [event] = _one_article(sentence, published=date(2025, 3, 13))
    assert (event.place.name, event.sub_event_type, event.actor1) == ("Sudzha", "Government regains territory", "Russia")


def test_a_region_level_summary_of_the_villages_named_is_folded_into_them() -> None:
    text = ("Russia said on Saturday that its forces had recaptured two more villages in the Kursk region. "
            "The defence ministry said its troops had retaken Viktorovka and Staraya Sorochina.")
    events = _one_article(text, published=date(2025, 3, 15))
    assert {e.place.name for e in events} == {"Viktorovka", "Staraya Sorochina"}
    assert any(text.split(". ")[0] in sentence for e in events for _, sentence in e.also_reported)  # still traceable
    # an action of its own over the region, or a region-level area figure, stays an event at the region
    own = _one_article("Ukraine opened a new offensive in the Kursk region on Sunday. Ukrainian troops "
                       "advanced toward Berdin.", published=date(2025, 1, 6))
    assert "Kursk Oblast" in {e.place.name for e in own}
    area = _one_article("Russian troops liberated 24 settlements and 259 square kilometres in the Kursk region, "
                        "the ministry said. They retook Kositsa and Malaya Loknya.", published=date(2025, 3, 12))
    assert "Kursk Oblast" in {e.place.name for e in area}


@pytest.mark.parametrize("marker", ["- ", "• ", "2. "])
def test_a_listed_headline_of_another_story_is_no_event(marker: str) -> None:
    text = ("Russian forces retook Lyubimovka on Friday, the ministry said.\n\nRead more:\n"
            f"{marker}Frontline report: Ukrainian units win back 5 km of lost ground in Kursk\n")
    events = _one_article(text, published=date(2024, 10, 14))
    assert events and all("Frontline" not in e.sentence for e in events)


def test_a_place_carried_from_before_serves_only_a_sentence_that_names_none() -> None:
    text = ("Two wounded soldiers were brought to Kyiv on Saturday. "
            "More than 1,000 North Korean soldiers had been killed or wounded in the Kursk region last week.")
    [losses] = [e for e in _one_article(text, published=date(2025, 1, 12)) if "1,000" in e.sentence]
    assert losses.place.name == "Kursk Oblast"


@pytest.mark.parametrize("sentence, event_type, place", [
    ("Russian forces have managed to dig in near Glushkovo on Friday.", "Battles", "Glushkovo"),
    ("Ukrainian forces made further small gains near Sudzha on Friday.", "Battles", "Sudzha"),
    ("DeepState said on Monday the gray zone had spread toward Loknia.", "Battles", "Loknia"),
    ("Russian drones dropped munitions on Ukrainian troops near Tolsty Lug on Thursday.",
     "Explosions/Remote violence", "Tolsty Lug"),
    ("Kyiv says its troops are still present in parts of the Kursk region.", "Battles", "Kursk Oblast"),
    ("DeepState reported the start of an active push towards Malaya Loknya on Monday.", "Battles", "Malaya Loknya"),
    # attacks that hurt people with no word that they are soldiers are fire on where people live
    ("On Aug. 15, Russian attacks on 11 communities of Sumy Oblast killed one person and injured three.",
     "Explosions/Remote violence", "Sumy Oblast"),
    ("North Korea has sent some 11,000 troops to back Russian forces in the Kursk region.",
     "Strategic developments", "Kursk Oblast"),
    ("Zelensky has estimated that about 11,000 North Korean troops are in the Kursk region.",
     "Strategic developments", "Kursk Oblast"),
    ("Moscow's troops have pushed the Ukrainians almost entirely out of Sudzha.", "Battles", "Sudzha"),
    # a modal in a fronted clause does not reach the main clause's action
    ("Fearing they would be encircled, Ukrainian soldiers left their positions near Lyubimovka on Thursday.",
     "Strategic developments", "Lyubimovka"),
])
def test_more_phrasings_of_actions(sentence: str, event_type: str, place: str) -> None:
    events = _one_article(sentence, published=date(2025, 5, 24))
    assert (event_type, place) in {(e.event_type, e.place.name) for e in events}


@pytest.mark.parametrize("sentence, sub_type", [
    ("Enemy infantrymen in Bilopillia were killed by drones on Friday.", "Air/drone strike"),
    ("Two civilians in Shebekino were wounded by Ukrainian artillery on Monday.", "Shelling/artillery/missile attack"),
    # the only weapon the sentence names, in another clause
    ("A man died in Shebekino on Monday after an explosive device was dropped on his car.", "Air/drone strike"),
    ("A second explosion went off in Shebekino on Monday, wounding thirteen servicemen.",
     "Shelling/artillery/missile attack"),
])
def test_people_killed_by_a_weapon_are_a_strikes_casualties(sentence: str, sub_type: str) -> None:
    [event] = _one_article(sentence, published=date(2025, 5, 24))
    assert (event.event_type, event.sub_event_type) == ("Explosions/Remote violence", sub_type)


def test_casualties_of_ground_fighting_stay_a_battles_though_a_weapon_is_named() -> None:
    [event] = _one_article("Two soldiers were killed in clashes near Sudzha on Monday, as drones circled overhead.",
                           published=date(2025, 5, 24))
    assert event.event_type == "Battles"


def test_the_narrative_goes_on_from_the_latest_day_a_sentence_names() -> None:
    text = ("Shelling hit Shebekino on Friday, the governor said. He added that a woman hurt in Shebekino on May 19 "
            "had died on Friday morning. Drones struck the Belgorodsky District, damaging two houses.")
    [struck] = [e for e in _one_article(text, published=date(2025, 5, 23)) if "Belgorodsky" in e.sentence]
    assert (struck.when.start, struck.when.end) == (date(2025, 5, 23), date(2025, 5, 23))
    assert struck.when.inferred
    # a statement's own day is no day the story reached: the capture's Tuesday carries on
    text = ("The ministry said on Friday that its troops captured Sudzha on Tuesday. They also took Martynovka.")
    [took] = [e for e in _one_article(text, published=date(2025, 3, 14)) if e.place.name == "Martynovka"]
    assert took.when.end == date(2025, 3, 11)


def test_that_was_when_takes_the_last_time_named_in_any_clause() -> None:
    text = ("Russian forces took back Kazachya Loknya on March 12. Her brother, who vanished last August, was a "
            "farmhand there. That was roughly when Ukrainian troops seized the village.")
    [seized] = [e for e in _one_article(text, published=date(2025, 3, 19)) if e.actor1 == "Ukraine"]
    assert (seized.place.name, seized.when.start, seized.when.end) == ("Kazachya Loknya", date(2024, 8, 1),
                                                                      date(2024, 8, 31))
    assert seized.when.inferred and "that was when" in seized.when.note


@pytest.mark.parametrize("sentence", [
    "Russian fighters had surrounded more than 1,800 Ukrainian soldiers near Sudzha on Monday.",
    "Ukrainian units had taken as many as two streets in the southwest of Sudzha on Monday.",
])
def test_a_number_with_a_thousands_comma_more_than_and_as_many_as_do_not_end_the_actions_clause(
        sentence: str) -> None:
    [event] = _one_article(sentence, published=date(2024, 10, 21))
    assert event.place.name == "Sudzha"


def test_deaths_in_a_participle_are_at_the_main_clauses_place() -> None:
    [event] = _one_article("Russia hit a civilian bus in Bilopillia, Sumy Oblast, on May 17, killing nine people.",
                           published=date(2025, 5, 24))
    assert (event.event_type, event.place.name, event.figures.fatalities) == (
        "Explosions/Remote violence", "Bilopillia", 9)
    # deaths the only action: their place is still the main clause's, not the article's region
    [deaths] = _one_article("A bus in Bilopillia, Sumy Oblast, was caught in a blast on May 17, killing nine people.",
                            published=date(2025, 5, 24))
    assert deaths.place.name == "Bilopillia"


def test_a_surname_speaks_for_the_office_its_person_was_introduced_with() -> None:
    text = ("Oleh Hryhorov, head of the Sumy Oblast Military Administration, rejected the claim on Saturday.\n\n"
            "According to Hryhorov, Russian assault groups attacked near Loknia on Friday.")
    [attack] = [e for e in _one_article(text, published=date(2025, 5, 24)) if e.place.name == "Loknia"]
    assert (attack.claim_status, attack.claimant) == ("claimed", "Sumy regional administration")
    # a surname introduced with no office is the person
    text = ("The analyst Petro Ivanenko was in Sumy on Monday.\n\n"
            "According to Ivanenko, Russian assault groups attacked near Loknia on Friday.")
    [attack] = [e for e in _one_article(text, published=date(2025, 5, 24)) if e.place.name == "Loknia"]
    assert attack.claimant == "Petro Ivanenko"


def test_an_action_before_a_contrasting_claim_is_the_outlets_own() -> None:
    [entered] = [e for e in _one_article("Ukrainian forces entered Sudzha in August, though Russia says it has "
                                         "since retaken the town.", published=date(2025, 3, 14))
                 if e.actor1 == "Ukraine"]
    assert entered.claim_status == "reported"
    # a denial after the turn is of the action; a parenthetical "he said" covers the whole sentence
    [denied] = _one_article("Russian forces captured Sudzha on Tuesday, but Kyiv denied it.", published=date(2025, 3, 14))
    assert denied.claim_status == "disputed"
    [said] = _one_article("Russian groups tried to slip into Sudzha on Tuesday, but were destroyed, the general staff "
                          "said.", published=date(2025, 3, 14))
    assert said.claim_status == "claimed"


def test_regions_listed_as_an_actions_places_are_each_its_place() -> None:
    events = _one_article("Russian forces were shelling villages in Sumy and Chernihiv oblasts on Monday.",
                          published=date(2024, 8, 20))
    assert {e.place.name for e in events} == {"Sumy Oblast", "Chernihiv Oblast"}


def test_a_fronted_village_in_its_oblast_is_the_actions_place() -> None:
    [event] = _one_article("On March 18, near the village of Demidovka in Russia's Belgorod Oblast, Ukrainian forces "
                           "destroyed a command post.", published=date(2025, 3, 20))
    assert event.place.name == "Demidovka"
    # an oblast after "in" with no settlement before it is the place itself
    [event] = _one_article("On March 12, as Russia broke through in Kursk Oblast, the ministry reported heavy losses.",
                           published=date(2025, 3, 20))
    assert event.place.name == "Kursk Oblast"


def test_each_locative_phrase_of_an_action_is_one_of_its_places() -> None:
    events = _one_article("According to the governor, battles continue near Volodymyrivka and Kindrativka in the "
                          "Khotin hromada, on the edge of Vodolahy, and on the approaches to Loknia in the Yunakivka "
                          "hromada of Sumy Oblast.", published=date(2025, 5, 26))
    assert {e.place.name for e in events} == {"Volodymyrivka", "Kindrativka", "Vodolahy", "Loknia"}
    # a district after a settlement is its container, and "X, east of Y" is a reference, not another place
    struck = _one_article("Missiles hit the command post in the village of Maryino, in the Rylsky district, on "
                          "Wednesday.", published=date(2024, 11, 21))
    # one event: the gazetteer lacks the Rylsky district's Maryino, so it is drawn in its district, under its name
    assert [(e.location_text, e.place.name) for e in struck] == [("Maryino", "Rylsky District")]
    moved = _one_article("Ukrainian troops moved deeper into Martynovka, east of Sudzha, on August 22.",
                         published=date(2024, 8, 24))
    assert [e.place.name for e in moved] == ["Martynovka"]


def test_state_media_naming_itself_does_not_take_over_its_sources_claim() -> None:
    text = ("Ukraine lost more than 250 troops in the Kursk area over the past day, Russia's Defence Ministry said.\n\n"
            "The press service of Russia's Investigative Committee told TASS that investigators had opened a case.\n\n"
            "Here are the main developments, as gathered by TASS.\n\n"
            "Russia's Battlegroup North fought off six counterattacks near Plekhovo on Friday.")
    [fought] = [e for e in _one_article(text, published=date(2024, 11, 1), outlet="TASS") if e.place.name == "Plekhovo"]
    assert (fought.claim_status, fought.claimant) == ("claimed", "Russian Ministry of Defence")


def test_clearing_a_place_is_fighting_there() -> None:
    events = _one_article("Sweeping operations were still under way in Lyubimovka and Olgovka in the Kursk region, "
                          "the channel said.", published=date(2024, 10, 11))
    assert {(e.place.name, e.event_type) for e in events} == {("Lyubimovka", "Battles"), ("Olgovka", "Battles")}


def test_a_sides_state_media_telling_its_gains_in_its_own_words_is_that_sides_claim() -> None:
    text = ("By the agency's count, drawn from Russian Defence Ministry reports, 32 settlements have been liberated.\n\n"
            "Seven of them were freed on March 8 and 9: Lebedevka, Viktorovka and Malaya Loknya.\n\n"
            "Ukraine launched its assault on the Kursk region on August 6, 2024.")
    events = _one_article(text, published=date(2025, 3, 10), outlet="TASS")
    freed = [e for e in events if e.place.name in ("Lebedevka", "Viktorovka", "Malaya Loknya")]
    assert len(freed) == 3
    assert {(e.claim_status, e.claimant) for e in freed} == {("claimed", "Russian Ministry of Defence")}
    # the other side's action, in the same outlet's words, stays the outlet's report
    [assault] = [e for e in events if e.actor1 == "Ukraine"]
    assert assault.claim_status == "reported"
    # with no source of its side named, the claim is the outlet's own; a wire's words stay a report
    [own] = _one_article("Russian forces liberated Lebedevka on Sunday.", published=date(2025, 3, 10), outlet="RIA Novosti")
    assert (own.claim_status, own.claimant) == ("claimed", "RIA Novosti")
    [wire] = _one_article("Russian forces liberated Lebedevka on Sunday.", published=date(2025, 3, 10), outlet="Reuters")
    assert wire.claim_status == "reported"


def test_a_compass_reference_before_a_locative_list_only_says_where_the_list_lies() -> None:
    events = _one_article("Kursk region\n\nRussian sources gave conflicting versions of the fighting east of Sudzha, "
                          "around Samoryadovo and Kozyrevka.", published=date(2024, 8, 23))
    assert {e.location_text for e in events} == {"Samoryadovo", "Kozyrevka"}
    # a time named like a place is no place: "on Palm Sunday" after the struck city
    [struck] = {e.location_text for e in _one_article(
        "Sumy region\n\nA Russian missile hit the regional capital, also called Sumy, on Palm Sunday.",
        published=date(2025, 4, 20))}
    assert struck == "Sumy"


def test_districts_listed_with_their_unit_word_are_each_a_place() -> None:
    events = _one_article("Russian fighters had surrounded Ukrainian soldiers in the Sudzha district and the Korenevo "
                          "district of the Kursk region, Shot claimed.", published=date(2024, 10, 21))
    assert {e.place.name for e in events} == {"Sudzhansky District", "Korenevsky District"}


def test_equipment_named_for_fighting_is_no_fight() -> None:
    [lost] = _one_article("Ukraine lost more than 300 troops in the Kursk region over 24 hours, along with four tanks "
                          "and three infantry fighting vehicles.", published=date(2025, 2, 22))
    assert lost.place.name == "Kursk Oblast" and lost.figures.casualties == 300


def test_standard_abbreviations_and_short_names_of_listed_sources_are_that_source() -> None:
    [taken] = _one_article("Oleg Hrygorov, the head of the Sumy OVA, has officially confirmed that Russian invaders have "
                           "taken control of Novenke.", published=date(2025, 5, 27))
    assert taken.claimant == "Sumy regional administration"
    [hit] = _one_article("Ukrainian intelligence reported that on December 14 and 15 at least 30 North Korean soldiers "
                         "were killed or wounded near Plekhovo.", published=date(2024, 12, 18))
    assert hit.claimant == "Ukrainian military intelligence (HUR)"


def test_deaths_count_when_the_other_action_has_no_place_unless_they_are_a_running_total() -> None:
    [lost] = _one_article("Russian forces lost roughly 6,000 soldiers killed and wounded in the Kursk region alone, on "
                          "top of tens of thousands of troops lost in other combat areas.", published=date(2024, 9, 6))
    assert lost.place.name == "Kursk Oblast" and lost.figures.casualties == 6000
    assert _one_article("The ministry puts Kiev's losses in the Kursk area since the fighting began at over 65,000 "
                        "troops in combat.", published=date(2025, 3, 10)) == []


def test_launching_a_campaign_is_news_and_a_flag_raised_in_a_square_is_a_capture_of_its_town() -> None:
    [opened] = _one_article("Ukrainian forces have opened a new offensive in Russia's Kursk region.",
                            published=date(2025, 1, 5))
    assert opened.place.name == "Kursk Oblast" and opened.event_type == "Battles"
    [flag] = _one_article("Military bloggers posted videos of soldiers raising a Russian flag in Sudzha's central square.",
                          published=date(2025, 3, 12))
    assert flag.place.name == "Sudzha" and flag.control == "taken"


def test_a_bridge_hit_or_put_out_of_action_is_a_strike() -> None:
    for text in ("The governor said a second bridge had been hit near Glushkovo.",
                 "Ukrainian forces have put three bridges over the Seym out of action near Glushkovo."):
        [struck] = _one_article(text, published=date(2024, 8, 18))
        assert (struck.event_type, struck.place.name) == ("Explosions/Remote violence", "Glushkovo"), text


def test_the_city_is_the_one_its_sentence_named_even_in_a_title() -> None:
    text = "Sudzha\n\nKyiv Mayor Vitali Klitschko said missiles hit the city in the early hours of 12 February."
    [hit] = _one_article(text, published=date(2025, 2, 12))
    assert hit.place.name == "Kyiv" and hit.claimant == "Vitali Klitschko"


def test_a_side_that_lost_a_place_leaves_it_to_the_other() -> None:
    [lost] = _one_article("DeepState reported that Ukrainian forces had recently lost control of the town of Korenevo.",
                          published=date(2024, 9, 12))
    assert (lost.place.name, lost.actor1, lost.holder) == ("Korenevo", "Ukraine", "Russia")
    assert lost.event_type == "Battles"


def test_deaths_whose_subject_is_a_strike_are_that_strikes() -> None:
    events = _one_article("Russian missiles hit Sumy on Sunday. The strike killed at least 35 people in Sumy.",
                          published=date(2025, 4, 15))
    assert {e.event_type for e in events} == {"Explosions/Remote violence"}


def test_a_listed_member_after_among_them_may_carry_a_descriptor() -> None:
    events = _one_article("Russian forces have liberated five settlements over the past day, among them downtown "
                          "Sudzha, the ministry said.", published=date(2025, 3, 13))
    assert "Sudzha" in {e.place.name for e in events}


def test_trying_to_cross_into_a_district_is_a_clash_there() -> None:
    events = _one_article("Gladkov said Ukrainian troops tried to cross into Russia through the Krasnaya Yaruga "
                          "district.", published=date(2025, 3, 18))
    assert [(e.event_type, e.place.name) for e in events] == [("Battles", "Krasnoyaruzhsky District")]
    # the channel by its transliterated name is the listed source
    [said] = _one_article("According to the pro-war channel Dva Mayora, Ukrainian troops tried to cross into Russia "
                          "through the Krasnaya Yaruga district.", published=date(2025, 3, 18))
    assert said.claimant == "Two Majors"


def test_troops_moving_on_the_other_sides_ground_are_an_advance_not_a_deployment() -> None:
    [moved] = _one_article("Ukrainian troops have recently moved deeper into the southern part of Martynovka in the "
                           "Kursk region.", published=date(2024, 8, 24))
    assert (moved.event_type, moved.place.name) == ("Battles", "Martynovka")
    [sent] = _one_article("North Korea has sent 10,000 troops to the Kursk region.", published=date(2024, 11, 5))
    assert sent.event_type == "Strategic developments"  # an ally on its side's ground is deployed
    evacuated = _one_article("By May 19 the Russian authorities had moved almost 56,000 residents out of Sumy Oblast.",
                             published=date(2025, 5, 24))
    assert not [e for e in evacuated if e.event_type == "Battles"]  # residents moved: no fighting, and no deployment


def test_a_list_items_place_label_is_the_settlement_its_sentences_refer_to() -> None:
    text = ("Kursk region\n\n  • Snagost. Ukrainian forces pushed up to the settlement on August 10.\n"
            "  • Olgovka. Some Russian military correspondents claimed the village had been captured.\n")
    events = _one_article(text, published=date(2024, 8, 12))
    assert {e.place.name for e in events} == {"Snagost", "Olgovka"}


def _areas(text: str, published: date) -> dict[float, str]:
    return {a.area_km2: a.holder for a in _area_reports(text, published)}


def test_they_is_the_holder_of_the_figure_before_and_an_incursion_is_the_foreign_sides() -> None:
    assert _areas("Kursk region\n\nBy London's estimate, Ukrainian forces now hold about 480 km2 of Russian territory, "
                  "down from the August peak, when they controlled between 800 and 900 km2.",
                  date(2025, 1, 5)) == {480.0: "Ukraine", 800.0: "Ukraine", 900.0: "Ukraine"}
    areas = _areas("Kursk region\n\nMoscow's troops have pushed the Ukrainians almost entirely out of the Kursk region. "
                   "That incursion began in August 2024 and had grabbed roughly 1,300 square kilometres inside its "
                   "first two weeks.", date(2025, 3, 31))
    assert areas[1300.0] == "Ukraine"


def test_a_campaign_noun_dated_only_by_its_statement_is_background() -> None:
    assert _one_article("Drawing Russian troops away from other parts of the front was one of the aims of Ukraine's "
                        "operation in Kursk Oblast, Syrskyi said on Monday.", published=date(2024, 8, 27)) == []
    # a launch is still news
    [opened] = _one_article("Ukraine opened a new offensive in Kursk Oblast on Sunday, the ministry said on Monday.",
                            published=date(2025, 1, 6))
    assert opened.place.name == "Kursk Oblast"


def test_a_village_named_for_a_date_is_a_listed_place_and_a_date_stays_a_date() -> None:
    events = _one_article("Russian forces took back Apanasovka, Byakhovo, Snagost and 10th October in the Kursk region "
                          "on Tuesday. Russian forces took Sudzha on 10th March.", published=date(2024, 9, 12))
    assert "10th October" in {e.location_text for e in events}
    assert "10th March" not in {e.location_text for e in events}


@pytest.mark.parametrize("text, event_type", [
    ("The ministry said it had repelled three Ukrainian bids to breach the border near Tetkino on Tuesday.", "Battles"),
    ("Russia shifted 50,000 troops from other sectors of the front to Kursk Oblast last month.",
     "Strategic developments"),
    ("The vehicles were spotted in time near Sudzha and hit with rockets and artillery on Saturday.",
     "Explosions/Remote violence"),
])
def test_more_of_the_wars_vocabulary_names_actions(text: str, event_type: str) -> None:
    assert [e.event_type for e in _one_article(text, published=date(2024, 10, 14))] == [event_type]


def test_no_such_action_is_no_event() -> None:
    assert _one_article("No such breakthrough attempt near Tetkino has been mentioned by the ministry.",
                        published=date(2024, 8, 27)) == []
    assert _one_article("The General Staff's morning report made no mention of any withdrawal from Sudzha.",
                        published=date(2025, 3, 12)) == []
    # a danger, or a battle about to begin: not yet events
    assert _one_article("Zelensky rejected reports that Ukrainian units near Sudzha were in danger of being "
                        "surrounded.", published=date(2025, 3, 15)) == []
    assert _one_article("Russian forces are poised to retake Sudzha, according to the channel.",
                        published=date(2024, 10, 21)) == []
    # kept from happening: the advance did not happen, though the foiled breakthrough was a clash
    foiled = _one_article("Russian units prevented the Ukrainian army from advancing and foiled its attempts at a "
                          "breakthrough in the Sudzha district on Thursday.", published=date(2024, 8, 8))
    assert [(e.event_type, e.place.name) for e in foiled] == [("Battles", "Sudzhansky District")]
    assert _one_article("Ukrainian forces are holding their positions near Sudzha and keeping Russian troops from "
                        "advancing.", published=date(2025, 3, 12)) == []


def test_a_landmark_named_with_st_is_a_listed_place() -> None:
    events = _one_article("Kursk region\n\nFighting was still going on near Oleshnya, Guyevo and the St. Nicholas "
                          "Monastery.", published=date(2025, 4, 26))
    assert "St. Nicholas Monastery" in {e.location_text for e in events}


def test_a_taking_of_an_area_that_names_no_place_is_an_area_report_not_an_event() -> None:
    text = "Russian forces advanced near Sudzha on Monday. Kyiv says it captured about 1,300 square km in its initial push."
    assert [e.place.name for e in _one_article(text, published=date(2025, 1, 7))] == ["Sudzha"]
    # with its region named it is both
    named = _one_article("Ukraine seized 1,376 square kilometres of the Kursk region in August.", published=date(2025, 3, 13))
    assert [e.place.name for e in named] == ["Kursk Oblast"]


def test_launching_a_counteroffensive_against_troops_is_no_missile_launch() -> None:
    [launched] = _one_article("Russian forces have launched a large counteroffensive against Ukrainian troops in the "
                              "Kursk region, DeepState said.", published=date(2024, 9, 11))
    assert launched.event_type == "Battles"
    [missiles] = _one_article("No fewer than 10 Storm Shadows were launched on Wednesday against the Maryino estate.",
                              published=date(2024, 11, 21))
    assert missiles.event_type == "Explosions/Remote violence"


def test_a_person_introduced_as_head_of_the_regional_administration_speaks_for_it_even_as_he() -> None:
    text = ("Sumy region\n\nRussian forces now control four settlements in the Sumy region, according to Oleh Hryhorov, "
            "head of the regional military administration (OVA). As of today, he said, Russia controls Novenke and "
            "Basivka.")
    events = [e for e in _one_article(text, published=date(2025, 5, 26)) if e.place.name in ("Novenke", "Basivka")]
    assert events and {e.claimant for e in events} == {"Sumy regional administration"}


def test_the_items_of_a_list_speak_for_the_source_its_heading_names() -> None:
    text = ("Key points from the Institute for the Study of War's latest assessment:\n\n"
            "  • Russian sources claim Ukrainian troops entered Sudzha on Tuesday.\n"
            "  • Ukrainian forces hit an oil depot in Oryol Oblast on Tuesday.\n"
            "  • Russian forces advanced near Korenevo on Tuesday.\n\n"
            "Russian drones struck Rylsk on Tuesday.")
    events = _one_article(text, published=date(2024, 12, 15))
    by_place = {e.place.name: e for e in events}
    assert (by_place["Sudzha"].claimant, by_place["Korenevo"].claimant) == (
        "Russian sources", "Institute for the Study of War")  # an item's own source keeps it
    assert by_place["Oryol Oblast"].claimant == "Institute for the Study of War"
    assert by_place["Ryl’sk"].claim_status == "reported"  # the first line that is no item closes the list


def test_a_heading_that_names_nobody_gives_its_items_no_claimant() -> None:
    text = "Background:\n\n  • Ukrainian forces seized Sudzha on 14 August 2024."
    [event] = _one_article(text, published=date(2025, 3, 13))
    assert event.claim_status == "reported"


def test_a_place_that_came_under_bouts_of_shelling_is_struck_with_the_list_before_it() -> None:
    events = _one_article("Shebekino itself and the village of Novaya Tavolzhanka came under four bouts of shelling "
                          "on Thursday.", published=date(2025, 5, 23))
    assert sorted(e.place.name for e in events) == ["Novaya Tavolzhanka", "Shebekino"]
    assert {e.sub_event_type for e in events} == {"Shelling/artillery/missile attack"}


def test_the_text_a_photo_credit_follows_on_its_line_is_a_caption() -> None:
    text = ("Aftermath of a Russian attack in Sumy Oblast. Photo: Sumy Oblast Military Administration\n\n"
            "Krasnopillia hromada came under artillery, multiple-launch rocket system (MLRS) and mortar fire "
            "on Friday.")
    events = _one_article(text, published=date(2024, 8, 24))
    assert [e.sentence.startswith("Krasnopillia") for e in events] == [True]
    assert events[0].sub_event_type == "Shelling/artillery/missile attack"


def test_a_story_whose_headline_opens_with_its_source_retells_that_source() -> None:
    text = ("Forbes: Russians pray in Kursk church as a Ukrainian Bradley closes in\n\n"
            "Ukrainian troops pounded Russian positions in Pogrebki on Tuesday.\n\n"
            "The monitoring project DeepState gave a higher count. By its reckoning Ukrainian forces took Sudzha on "
            "Tuesday.\n\n"
            "Ukraine had launched its incursion into the Kursk region in August 2024.")
    events = _one_article(text, published=date(2025, 1, 13))
    by_place = {e.place.name: e for e in events}
    assert (by_place["Pogrebki"].claim_status, by_place["Pogrebki"].claimant) == ("claimed", "Forbes")
    assert by_place["Sudzha"].claimant == "DeepState"  # the source the sentences name still speaks for itself
    assert all(e.claim_status == "reported" for e in events if e.when.end < date(2024, 12, 1))  # background


@pytest.mark.parametrize("headline", ["BREAKING: Kursk Oblast in the news again",
                                      "Kursk Region: six Ukrainian counterattacks repelled"])
def test_a_headline_label_or_place_retells_no_one(headline: str) -> None:
    [event] = _one_article(headline + "\n\nUkrainian troops pounded Russian positions in Pogrebki on Tuesday.",
                           published=date(2025, 1, 13))
    assert event.claim_status == "reported"


@pytest.mark.parametrize("sentence", [
    "These are counterattacks meant to draw Russian forces away from the fighting in the Kursk region on Tuesday.",
    "Gerasimov said on Tuesday that Ukraine had lost 75,000 troops in the Kursk fighting.",
])
def test_the_fighting_named_after_a_preposition_is_no_event_at_a_region(sentence: str) -> None:
    assert [e for e in _one_article(sentence, published=date(2025, 3, 20)) if e.event_type == "Battles"
            and e.place.is_region] == []


def test_fighting_reported_at_a_region_or_named_with_a_settlement_stays_an_event() -> None:
    assert _one_article("Fighting continued in the Kursk region on Tuesday.", published=date(2025, 3, 20))
    [event] = _one_article("Troops were pulled from the fighting in Sudzha on Tuesday.", published=date(2025, 3, 20))
    assert event.place.name == "Sudzha"


def test_a_strike_a_summary_listed_and_a_paragraph_detailed_is_one_event() -> None:
    text = ("The hromadas of Khotin, Yunakivka and Krasnopillia came under fire on Monday.\n\n"
            "Krasnopillia hromada was hit with mortars and FPV drones on Monday.\n\n"
            "Sumy was struck by a missile on Monday.")
    events = _one_article(text, published=date(2025, 2, 25))
    krasnopillia = [e for e in events if e.place.name.startswith("Krasnopillia")]
    assert len(krasnopillia) == 1 and len(krasnopillia[0].also_reported) == 1  # the listing is kept as a retelling
    assert krasnopillia[0].sentence.startswith("Krasnopillia hromada was hit")  # the detail, which names the weapons
    assert len(events) == 4  # three hromadas and Sumy



def test_after_a_denial_the_denier_speaks_on_and_the_event_notes_who_disputes() -> None:
    text = ("Russia's Defence Ministry said on Monday its forces had captured Basivka.\n\n"
            "Kyiv denied on Monday that Russian troops had captured Basivka.\n\n"
            "Ukrainian forces repelled three assaults near Yunakivka on Monday, it added.")
    events = _one_article(text, published=date(2025, 4, 8))
    disputed = [e for e in events if e.claim_status == "disputed"]
    assert [e.claimant for e in disputed] == ["Russian Ministry of Defence"]
    assert "disputed by Ukrainian military" in disputed[0].notes
    [repelled] = [e for e in events if e.place.name.startswith("Yunakivka")]
    assert repelled.claimant == "Ukrainian military"


def test_past_its_quote_of_the_other_side_a_partisan_outlet_narrates_in_its_own_voice() -> None:
    text = ("Ukrainian units have been ordered to leave Sudzha, Oleksandr Syrsky wrote on Telegram on Wednesday.\n\n"
            "Russian forces have liberated five settlements over the past day, among them Sudzha.")
    events = _one_article(text, published=date(2025, 3, 13), outlet="TASS")
    [liberated] = [e for e in events if e.sub_event_type == "Government regains territory"]
    assert "Syrsk" not in liberated.claimant  # TASS's own narration, not the Ukrainian commander's


def test_a_regions_count_of_attacks_sums_the_strikes_its_summary_details() -> None:
    text = ("Over the past day Russian forces attacked the border areas of Sumy Oblast 73 times.\n\n"
            "Source: Sumy Oblast Military Administration\n\n"
            "Krasnopillia hromada was hit by mortars and FPV drones (38 explosions).\n\n"
            "Yunakivka hromada was hit by artillery and guided bombs (23 explosions).")
    events = _one_article(text, published=date(2025, 2, 21))
    assert all(not e.place.is_region for e in events)  # the count is the details' summary, folded into them
    assert any("73 times" in sentence for e in events for _, sentence in e.also_reported)
    assert {e.event_type for e in events} == {"Explosions/Remote violence"}


def test_a_passive_report_in_a_story_built_on_one_statement_is_that_statements() -> None:
    text = ("Russia's Defence Ministry said on Tuesday its forces had repelled attacks near Martynovka.\n\n"
            "Other clashes were reported near Mikhaylovka and Nikolayevo-Darino on Tuesday.")
    events = _one_article(text, published=date(2024, 8, 13))
    passive = [e for e in events if "Other clashes" in e.sentence]
    assert passive and {e.claimant for e in passive} == {"Russian Ministry of Defence"}


def test_a_places_nationality_is_not_who_took_it() -> None:
    # "the Russian town of Sudzha, which they seized": they are the Ukrainian forces; Russian says whose the town is
    [event] = _one_article("Ukrainian forces hold a bridgehead around the Russian town of Sudzha, which they seized "
                           "two weeks ago.", published=date(2024, 8, 19))
    assert (event.actor1, event.sub_event_type) == ("Ukraine", "Armed clash")


def test_an_adverb_inside_the_passive_of_a_reported_action_keeps_its_place() -> None:
    # "Russian attacks were also reported in X": the passive reports the attacks; "also" does not end the clause
    events = _one_article("Russia's Defence Ministry said on Tuesday its forces had repelled attacks near Martynovka.\n\n"
                          "Russian attacks were also reported in Novaya Sorochina.", published=date(2025, 2, 26))
    assert "Novaya Sorochina" in {e.place.name for e in events}


def test_a_list_item_that_is_no_usable_place_does_not_end_the_list() -> None:
    # "Russian Porechnoye" reads as an actor, not a place; the names after it are still the list's items
    text = ("The Russian Defence Ministry said on Tuesday its troops pressed on.\n\n"
            "Units freed Sudzha, Leonidovo, Russian Porechnoye and Kruglenke in the Kursk region.")
    events = _one_article(text, published=date(2025, 1, 15))
    assert {"Leonidovo", "Kruglenke"} <= {e.location_text for e in events}


def test_the_village_named_back_is_the_one_the_gazetteer_lacks_when_it_was_named_last() -> None:
    # Orlovka is not in the gazetteer: "the village" is still Orlovka, drawn at its region, not Sudzha before it
    text = ("Russian forces stormed Sudzha in the Kursk region on Tuesday, the ministry said.\n\n"
            "Fighting continued in the village of Orlovka on Wednesday.\n\n"
            "Ukrainian troops were forced out of the village.")
    events = _one_article(text, published=date(2025, 2, 26))
    [forced] = [e for e in events if "forced out" in e.sentence]
    assert (forced.location_text, forced.place.name) == ("Orlovka", "Kursk Oblast")
    # a sentence that names a settlement itself refers to that one
    [named] = [e for e in _one_article(text + " Russian troops then took the centre of the town of Sudzha.",
                                       published=date(2025, 2, 26)) if "centre of the town" in e.sentence]
    assert named.place.name == "Sudzha"


def test_a_quotation_over_several_sentences_is_the_speaker_named_where_it_closes() -> None:
    text = ("Russia keeps up its attacks on Kharkiv Oblast.\n\n"
            '"In the Kharkiv direction, since the start of the day the enemy has conducted offensive actions near '
            "the settlements of Hoptivka and Hlyboke. There were five clashes in all. In the Kupiansk direction "
            'the enemy carried out six assaults near Kucherivka and Bohuslavka. One engagement is continuing," '
            "Oleh Syniehubov said.")
    events = _one_article(text, published=date(2024, 12, 23))
    # "conducted offensive actions near" is an action, like "launched an offensive"
    assert {"Hoptivka", "Hlyboke", "Kucherivka", "Bohuslavka"} <= {e.location_text for e in events}
    assert {e.claimant for e in events if e.location_text in ("Hoptivka", "Kucherivka")} == {"Oleh Syniehubov"}


def test_a_rank_before_a_name_is_no_part_of_the_claimant() -> None:
    text = ("Russian troops keep trying to push through Vovchansk, according to Colonel Vitaly Sarantsev, "
            "spokesman for the Kharkiv group.\n\nSarantsev said two clashes took place near Lyptsi on Thursday.")
    [lyptsi] = [e for e in _one_article(text, published=date(2024, 8, 23)) if e.place.name == "Lyptsi"]
    assert lyptsi.claimant == "Vitaly Sarantsev"


def test_a_village_in_the_oblast_of_a_place_the_article_names_is_meant_though_far_from_the_front() -> None:
    # Svesa lies 130 km from Sumy and farther from the campaign, in the Sumy Oblast the article is about;
    # "the village of Svesa" names its place, so it is no "the village" pointing back to Sumy
    text = ("The Sumy regional administration said on Thursday that the region was shelled.\n\n"
            "On 4 January 2025 a Russian air strike hit a residential building in the village of Svesa.")
    [strike] = [e for e in _one_article(text, published=date(2025, 1, 9)) if "Svesa" in e.sentence]
    assert (strike.place.name, strike.place.admin1) == ("Svesa", "Sumy Oblast")


def test_a_statement_aside_between_the_source_and_its_verb_keeps_the_source() -> None:
    # "Russia's Defence Ministry, in a statement on ..., said": the ministry speaks, not Ukraine's named army
    claim = attribute("Russia's Defence Ministry, in a statement on the progress of the fighting in the Kursk "
                      "region, said Ukraine's armed forces had lost more than 300 servicemen.", on=date(2024, 9, 15))
    assert (claim.claimant, claim.side) == ("Russian Ministry of Defence", "Russia")


def test_names_the_gazetteer_lacks_are_items_of_a_list_of_settlements() -> None:
    text = ("Russia's Defence Ministry said on Sunday its forces advanced.\n\n"
            "Aviation carried out strikes on areas where troops were concentrated in the Sumy region, in areas "
            "including Belopolye, Vodolagi, Zhuravka, Obody, Katerinovka and Rechki.")
    events = _one_article(text, published=date(2024, 9, 15))
    assert {"Zhuravka", "Obody", "Katerinovka", "Rechki"} <= {e.location_text for e in events}
    # the unknown ones lie where their listed neighbours do, in the Sumy region the sentence names
    assert {e.place.name for e in events if e.location_text in ("Zhuravka", "Katerinovka")} == {"Sumy Oblast"}


def test_a_bulletin_goes_on_past_a_read_also_line_and_a_tally_contrasts_with_no_claim() -> None:
    text = ("Russian forces fired on Sumy Oblast overnight, the Sumy Regional Military Administration said.\n\n"
            "In the Bilopillia community the Russians fired artillery (4 explosions), the administration said.\n\n"
            "Read also: Over ten enemy strikes recorded – regional military administration\n\n"
            "The Seredyna-Buda community was also hit by an FPV drone (1 explosion), while launches of guided "
            "aerial bombs were recorded over the Esman community (2 explosions).")
    events = _one_article(text, published=date(2024, 9, 29))
    last = [e for e in events if e.sentence.startswith("The Seredyna-Buda")]
    assert last and {(e.claim_status, e.claimant) for e in last} == {("claimed", "Sumy regional administration")}


def test_each_labelled_line_of_a_bulletin_is_an_event_at_its_label() -> None:
    text = ("Russian forces opened fire on Sumy region 22 times during the night, the Sumy Regional Military "
            "Administration said on Monday.\n\n"
            "- Esman community: Russian troops fired mortars at it (29 explosions).\n\n"
            "- Yunakivska community: KAB bombs were dropped (2 explosions).")
    events = _one_article(text, published=date(2024, 9, 2))
    assert {"Esman hromada", "Yunakivka hromada"} <= {e.place.name for e in events}
    [kab] = [e for e in events if e.place.name == "Yunakivka hromada"]
    assert kab.sub_event_type == "Air/drone strike"


def test_an_editors_note_after_the_sentence_does_not_hide_its_places() -> None:
    text = ("Ukrainska Pravda reported on Tuesday, citing the Sumy Oblast Military Administration.\n\n"
            "The hromadas of Khotin, Yunakivka and Esman came under attack. [A hromada is an administrative unit "
            "made up of a village or several villages – ed.]")
    assert {"Khotin hromada", "Yunakivka hromada", "Esman hromada"} <= {
        e.place.name for e in _one_article(text, published=date(2024, 11, 19))}


def test_a_quotation_closed_by_the_statement_reads_is_the_source_named_before() -> None:
    # two sources in the story, so an unattributed paragraph no longer carries the last one by itself
    text = ("Ukraine's General Staff said on Friday that fighting went on near Sudzha.\n\n"
            "Russian troops have beaten off three counterattacks in the Kursk region, the Russian Defence Ministry "
            "said in a statement.\n\n"
            '"Units of the North group of forces defeated formations of a tank brigade near Guevo and Sudzha. '
            'Three enemy counterattacks were repelled," the statement reads.')
    events = _one_article(text, published=date(2025, 2, 22))
    quoted = [e for e in events if e.sentence.startswith('"Units of the North')]
    assert quoted and {e.claimant for e in quoted} == {"Russian Ministry of Defence"}


def test_unofficial_information_stays_unnamed_in_a_story_built_on_one_statement() -> None:
    text = ("Ukrainian troops tried to break through the border in the Glushkovo district, the Russian Defence "
            "Ministry said on Wednesday.\n\n"
            "According to unofficial information, Ukrainian troops have been driven out of Snagost.")
    [snagost] = [e for e in _one_article(text, published=date(2024, 9, 11)) if e.place.name == "Snagost"]
    assert snagost.claimant == "unnamed reports"


def test_the_ministry_is_the_one_named_just_before_whatever_the_story_is_about() -> None:
    text = ("Fourteen people were injured when Russian drones struck Konotop in Ukraine's Sumy region, the "
            "regional military administration said on Thursday.\n\n"
            "Russia's Defence Ministry had not commented on the attack. The ministry did, however, say that five "
            "Ukrainian drones had been downed over Russia's Kursk region.")
    [downed] = [e for e in _one_article(text, published=date(2024, 9, 12)) if "five Ukrainian drones" in e.sentence]
    assert downed.claimant == "Russian Ministry of Defence"


def test_a_facility_named_after_its_town_keeps_its_name_at_the_town() -> None:
    text = ("Ukrainian troops entered Russia's Kursk region on Tuesday, the Russian Defence Ministry said.\n\n"
            "The 80th brigade showed its troops storming the Sudzha border crossing in the first hours.")
    [crossing] = [e for e in _one_article(text, published=date(2024, 8, 7)) if "storming" in e.sentence]
    assert (crossing.place.name, crossing.location_text) == ("Sudzha", "Sudzha border crossing")


_DETAILS = ("Khotin hromada was hit by a guided bomb.\n\nYunakivka hromada came under mortar fire.\n\n"
            "Bilopillia hromada was hit by drones.\n\nMyropillia hromada was shelled.\n\n"
            "Esman hromada was shelled with mortars (46 explosions).")


def test_an_undated_sentence_of_a_daily_report_is_the_day_its_lead_covers() -> None:
    # past the sentences a date carries to, the lead's "past 24 hours" still dates the daily report's details
    text = "Russian forces opened fire on Sumy Oblast 81 times over the past 24 hours.\n\n" + _DETAILS
    [shelled] = [e for e in _one_article(text, published=date(2024, 9, 3)) if "Esman" in e.sentence]
    assert (shelled.when.start, shelled.when.end) == (date(2024, 9, 2), date(2024, 9, 3))
    assert shelled.when.inferred and "daily report" in shelled.when.note  # inferred, and says from what


def test_an_undated_sentence_of_any_other_report_is_the_week_before_publication() -> None:
    text = "Russian forces opened fire on Sumy Oblast on Monday.\n\n" + _DETAILS
    [shelled] = [e for e in _one_article(text, published=date(2024, 9, 3)) if "Esman" in e.sentence]
    assert (shelled.when.start, shelled.when.end) == (date(2024, 8, 27), date(2024, 9, 3))


def test_each_clause_joined_by_a_semicolon_keeps_its_own_speaker() -> None:
    text = ("The Russian Defence Ministry said its troops had taken Zaoleshenka; the Institute for the Study of "
            "War said fighting went on near Sudzha.")
    claimants = {e.place.name: e.claimant for e in _one_article(text, published=date(2025, 3, 15))}
    assert claimants == {"Zaoleshenka": "Russian Ministry of Defence", "Sudzha": "Institute for the Study of War"}


def test_an_action_a_speaker_stopped_short_of_announcing_is_no_event() -> None:
    text = "Syrskyi stopped short of announcing a withdrawal from Sudzha on Wednesday."
    assert not [e for e in _one_article(text, published=date(2025, 3, 13)) if e.control == "withdrawn"]


@pytest.mark.parametrize("text", [
    "Ukrainian forces tried to break through the border near Tyotkino on May 5.",
    "Ukrainian forces kept trying on May 5 to break through the Russian border near Tyotkino.",
])
def test_an_attempted_entry_is_fighting_not_an_entry(text: str) -> None:
    [event] = _one_article(text, published=date(2025, 5, 6))
    assert (event.event_type, event.sub_event_type, event.control) == ("Battles", "Armed clash", "fighting")


def test_communities_attacked_in_the_passive_were_shelled_not_fought_over() -> None:
    events = _one_article("The communities of Khotin, Yunakivka and Esman were also attacked on Thursday.",
                          published=date(2024, 10, 4))
    assert events and {e.event_type for e in events} == {"Explosions/Remote violence"}


def test_a_partisan_outlets_battle_news_is_not_the_investigators_who_opened_a_case() -> None:
    text = ("Over the past day Ukraine lost more than 250 troops in the Kursk area, Russia's Defence Ministry said.\n\n"
            "Russia's Investigative Committee told TASS it had opened a criminal case over the attack on a monastery.\n\n"
            "Russian forces fought off six counterattacks towards Novoivanovka and Plekhovo.")
    fought = [e for e in _one_article(text, published=date(2024, 11, 1), outlet="TASS") if "six" in e.sentence]
    assert fought and {e.claimant for e in fought} == {"Russian Ministry of Defence"}


def test_the_side_of_an_objects_demonym_holds_no_area_its_subject_does() -> None:
    text = ("On 27 August, Syrskyi said that Ukraine had taken 594 Russian soldiers prisoner and held more than "
            "100 settlements, or 1,294 sq km of territory.")
    assert [(r.holder, r.area_km2) for r in _area_reports(text, date(2024, 9, 12))] == [("Ukraine", 1294)]


def test_a_date_in_an_aside_describing_the_place_is_not_the_actions() -> None:
    text = ("Russia's Defense Ministry said Thursday that it has taken control of Sudzha, the largest town in the "
            "Kursk region overrun by Ukrainian forces since their offensive across the border in August 2024.")
    [taken] = [e for e in _one_article(text, published=date(2025, 3, 13)) if e.place.name == "Sudzha"]
    assert taken.when.end == date(2025, 3, 13)


def test_a_days_count_of_a_sides_losses_is_a_tally_a_strikes_dead_are_an_event() -> None:
    tally = ("Over the past day Ukraine's armed forces lost more than 400 troops and 27 armoured vehicles in the Kursk "
             "direction, the ministry said.")
    assert _one_article(tally, published=date(2024, 8, 26)) == []
    strike = "Over the past day a Russian drone strike killed two people in Bilopillia."
    assert [e.place.name for e in _one_article(strike, published=date(2025, 5, 12))] == ["Bilopillia"]


@pytest.mark.parametrize("text, events", [
    ("The wounded are to be moved to the Kursk regional hospital shortly.", 0),
    ("Rafael Grossi arrived at Russia's Kursk nuclear power plant on Tuesday.", 0),
    ("Russia has sent 10,000 North Korean troops to the Kursk region.", 1),
])
def test_a_deployment_moves_a_force_not_the_wounded_or_a_visitor(text: str, events: int) -> None:
    assert len(_one_article(text, published=date(2024, 11, 5))) == events


def test_claimed_to_have_done_something_near_a_place_is_no_claim_of_the_place() -> None:
    events = _one_article("The Russians also claimed to have destroyed equipment close to Martynovka in the Kursk region.",
                          published=date(2024, 8, 9))
    assert not [e for e in events if e.control == "taken"]
    assert {e.claimant for e in events} <= {"unnamed reports"}  # a claim no named source makes is unnamed, never blank


def test_an_aside_between_a_subject_and_its_verb_keeps_the_subject_the_place() -> None:
    events = _one_article("Sudzha, meanwhile, was shelled, and five people were wounded.", published=date(2024, 8, 6))
    assert [e.place.name for e in events] == ["Sudzha"]


def test_there_is_no_fighting_is_no_fighting() -> None:
    assert _one_article("There is no fighting in Korenevo, its head said.", published=date(2024, 8, 9)) == []


def test_a_share_of_regions_held_is_no_event_at_them() -> None:
    text = "Rudskoi also said that Russia controls 75% of the Donetsk, Zaporizhzhia and Kherson regions."
    assert _one_article(text, published=date(2025, 2, 20)) == []
