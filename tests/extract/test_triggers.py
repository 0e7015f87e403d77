"""Tests for geo.extract.triggers: the words that name an action, in every form they take."""

from __future__ import annotations

from datetime import date

import pytest

from geo import sources, toponyms
from geo.extract.pipeline import extract_article
from geo.extract.triggers import find_triggers
from geo.gazetteer import load_default
from geo.records import Article


def _events(text: str, published: date = date(2025, 3, 28)):
    article = Article(source_id="t", file="t.txt", text=text, title="", outlet="", url="", published=published,
                      date_basis="provided", date_reason="test")
    mentions, _ = toponyms.extract(text, gazetteer=load_default())
    return extract_article(article, sources.split_sentences(text), mentions).events


def test_triggers_need_an_action_word() -> None:
    assert find_triggers("The weather was mild.") == []
    assert find_triggers("Russian forces shelled the village.")[0].trigger.sub_event_type == \
        "Shelling/artillery/missile attack"


@pytest.mark.parametrize(("sentence", "sub_event_type"), [
    ("Eight explosions were recorded in Esman.", "Shelling/artillery/missile attack"),
    ("Russian artillery pounded Sumy overnight.", "Shelling/artillery/missile attack"),
    ("Russian units ambushed a Ukrainian column near Sudzha.", "Armed clash"),
    ("A sabotage and reconnaissance group tried to cross near Novenke.", "Armed clash"),
    ("Russian troops are destroying units of the Ukrainian army near Sudzha.", "Armed clash"),
    ("The Volokonovsky district came under six munitions and two drones.", "Shelling/artillery/missile attack"),
    ("Russian troops knocked the enemy out of Demidovka.", "Government regains territory"),
    ("Ukrainian units mounted a raid near Tetkino.", "Armed clash"),
])
def test_strikes_and_fighting_in_other_words_are_actions(sentence: str, sub_event_type: str) -> None:
    assert [h.trigger.sub_event_type for h in find_triggers(sentence)][:1] == [sub_event_type]


@pytest.mark.parametrize("sentence", [
    "Ukrainian troops began blowing up the bridges over the Seym River near Glushkovo on Friday.",
    "On Friday Moscow accused Ukraine of striking Sudzha.",
    "Air defences were shooting down drones over Kursk on Friday.",
])
def test_every_form_of_a_strike_verb_names_the_strike(sentence: str) -> None:
    [event] = _events(sentence)
    assert event.event_type == "Explosions/Remote violence"


def test_the_bare_noun_strike_names_back_a_strike_and_is_no_new_one() -> None:
    assert _events("The strike killed at least 35 people in Sumy on Friday.") != []  # its toll is an event
    assert find_triggers("No statement on the second strike had been reported.") == []


def test_an_attack_on_a_plant_is_a_strike_and_once_more_is_no_determiner() -> None:
    [event] = _events("Russia has once more attacked the Sudzha gas metering station in Kursk Oblast on Friday.")
    assert (event.place.name, event.event_type) == ("Sudzha", "Explosions/Remote violence")


@pytest.mark.parametrize(("sentence", "place", "sub_event_type"), [
    ("Russian forces have made their way into part of Sudzha on Friday.", "Sudzha", "Armed clash"),
    ("A gunfight broke out with five Ukrainian soldiers in Tetkino on Friday.", "Tëtkino", "Armed clash"),
    ("Ukrainian troops were attempting to break into Tetkino on Friday.", "Tëtkino", "Armed clash"),
    ("Ukrainian troops keep breaking into Tetkino, the governor said on Friday.", "Tëtkino", "Armed clash"),
    ("Ukrainian forces tried to go on the offensive near Tetkino, the governor said.", "Tëtkino", "Armed clash"),
])
def test_entering_and_gunfights_in_other_words_are_ground_fighting(sentence: str, place: str,
                                                                   sub_event_type: str) -> None:
    [event] = _events(sentence)
    assert (event.place.name, event.event_type, event.sub_event_type) == (place, "Battles", sub_event_type)


def test_hitting_a_force_by_any_military_name_is_a_strike() -> None:
    events = _events("Russian forces hit Ukrainian reserves at Myropillia on Friday.")
    assert [(e.place.name, e.event_type) for e in events] == [("Myropillia", "Explosions/Remote violence")]


def test_fire_opened_many_words_before_its_places_strikes_each() -> None:
    events = _events("On Friday the aggressor opened fire 50 times, using aircraft, drones, multiple rocket launchers "
                     "and FPV drones, on the Velyka Pysarivka, Krasnopillia and Myropillia hromadas.")
    assert {e.place.name for e in events} == {"Velyka Pysarivka hromada", "Krasnopillia hromada", "Myropillia hromada"}
    assert {e.sub_event_type for e in events} == {"Shelling/artillery/missile attack"}


@pytest.mark.parametrize("sentence", [
    "Since 10 August a counter-terrorist operation regime has been in force in the Kursk, Belgorod and Bryansk regions.",
    "On 10 August a state of emergency was declared in the Belgorod region.",
])
def test_a_legal_regime_over_a_region_is_no_fighting(sentence: str) -> None:
    assert _events(sentence) == []


def test_the_progressive_of_a_listed_action_is_the_same_action() -> None:
    # "massed" and "repelled" are listed, so "massing" and "repelling" are the same frames
    frames = {h.trigger.frame for h in find_triggers("They are massing forces in the village of Zhuravka.")}
    assert frames == {"deploy"}
    assert {h.trigger.frame for h in find_triggers("Units are repelling attacks near Lokny.")} == {"fight"}
    assert {h.trigger.frame for h in find_triggers("They are building up their forces in Basivka.")} == {"deploy"}


def test_a_grouping_striking_enemy_units_is_ground_combat_aircraft_striking_reserves_a_strike() -> None:
    [ground] = find_triggers("Battlegroup Sever struck 10 Ukrainian units near Leonidovo.")
    assert (ground.trigger.frame, ground.trigger.event_type) == ("fight", "Battles")
    [air] = find_triggers("Russian aircraft struck the reserves of seven Ukrainian brigades near Sumy.")
    assert air.trigger.event_type == "Explosions/Remote violence"


def test_a_kind_of_unit_is_no_action() -> None:
    # "air assault brigades", "assault regiments": the unit's name; "defeated" is the action
    hits = find_triggers("Units defeated five air assault brigades and three assault regiments near Guevo.")
    assert [h.text for h in hits] == ["defeated"]
    assert [h.text for h in find_triggers("The assault on Guevo went on.")] == ["assault"]


def test_a_list_of_units_as_the_object_reaches_the_places_after_it() -> None:
    text = ("The Russian Defence Ministry said on Saturday that its forces pressed on.\n\n"
            "Units of the North group of forces defeated formations of a tank brigade, seven mechanised brigades "
            "and three assault regiments of the Ukrainian armed forces in the areas of the settlements of "
            "Goncharovka, Guevo and Sudzha.")
    events = _events(text, published=date(2025, 2, 22))
    assert {"Goncharovka", "Guyevo", "Sudzha"} <= {e.place.name for e in events}


def test_an_air_raid_alert_is_no_strike() -> None:
    assert _events("Air raid sirens sounded in Sumy on Monday.") == []
