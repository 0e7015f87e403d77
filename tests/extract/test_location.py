"""Tests for geo.extract.location: which of a sentence's places an action happened at."""

from __future__ import annotations

from datetime import date

import pytest

from geo import sources, toponyms
from geo.extract.pipeline import extract_article
from geo.gazetteer import load_default
from geo.records import Article

DAY = date(2024, 10, 3)


def _places(text: str) -> list[str]:
    article = Article(source_id="t", file="t.txt", text=text, title="", outlet="", url="", published=DAY,
                      date_basis="provided", date_reason="test")
    mentions, _ = toponyms.extract(text, gazetteer=load_default())
    return sorted(e.place.name for e in extract_article(article, sources.split_sentences(text), mentions).events)


@pytest.mark.parametrize("sentence", [
    "Air defences shot down 47 Ukrainian drones over the Kursk, Belgorod and Bryansk regions overnight.",
    "Drones were downed over the Kursk region, the Belgorod region and the Bryansk region on Wednesday.",
    "Overnight, authorities in the Kursk, Belgorod and Bryansk regions said their air defences had brought down drones.",
])
def test_every_region_of_a_list_is_a_place_of_the_action(sentence: str) -> None:
    assert _places(sentence) == ["Belgorod Oblast", "Bryansk Oblast", "Kursk Oblast"]


def test_the_after_a_comma_lists_only_places_of_one_kind() -> None:
    places = _places("Ukrainian forces fought Russian border guards near the village of Nekhoteyevka in the Belgorod "
                     "region, the Telegram channel Shot reported.")
    assert places == ["Belgorod Oblast"]  # the unknown village, drawn in its region; "Telegram" is no place


def test_a_place_after_in_nearby_is_where_the_fighting_went_on() -> None:
    assert _places("Heavy fighting has gone on for nearly two weeks in nearby Demydivka.") == ["Demidovka"]


def test_each_unknown_village_is_drawn_in_the_region_named_right_after_it() -> None:
    places = _places("Russian troops captured the settlement of Kostyantynivka in the Sumy region of Ukraine, "
                     "as well as Zelene Pole in the Donetsk region.")
    assert places == ["Donetsk Oblast", "Sumy Oblast"]  # not both in the first region named


@pytest.mark.parametrize("text, place", [
    ("One of the videos comes from Pogrebki, which Russian troops retook last week.", "Pogrebki"),
    ("Sappers arrived from Pogrebki, which recently came back under Russian control.", "Pogrebki"),
])
def test_a_relative_clause_tells_of_a_place_named_in_passing(text: str, place: str) -> None:
    # "from" names no event's place, but the relative clause right after the name is news of it
    assert _places(text) == [place]



def _events(text: str):
    article = Article(source_id="t", file="t.txt", text=text, title="", outlet="", url="", published=DAY,
                      date_basis="provided", date_reason="test")
    mentions, _ = toponyms.extract(text, gazetteer=load_default())
    return extract_article(article, sources.split_sentences(text), mentions).events


def _located(text: str) -> list[str]:
    """Where each event is drawn, by the name the text gives it (an unknown village keeps its own name)."""
    return sorted(e.location_text for e in _events(text))


@pytest.mark.parametrize("sentence, place", [
    ("Near Zeleny Shlyakh the fighting was still going on, DeepState said.", "Zeleny Shlyakh"),
    ("In Plodosovkhoz fighting went on all day.", "Plodosovkhoz"),
])
def test_an_unknown_village_after_a_capitalised_preposition_is_a_place(sentence: str, place: str) -> None:
    # the preposition's capital joins it to the name; it is still a cue, not part of the name
    assert _located("Fighting continued in the Kursk region on Friday. " + sentence)[-1:] == [place]


def test_a_list_goes_on_past_the_kind_of_settlement_of_its_last_item() -> None:
    located = _located("Shelling hit the Belgorod region again. Five drones attacked the Stary farmstead and the "
                       "settlement of Shakhovka, Gladkov said.")
    assert {"Stary", "Shakhovka"} <= set(located)


@pytest.mark.parametrize("sentence", [
    "Nikolai Volobuev wrote on his Telegram channel that FPV drones were attacking the road to Shchegolek in the "
    "Belovsky district.",
    "The brigade said on its Facebook page that FPV drones were attacking the road to Shchegolek in the Belovsky "
    "district.",
])
def test_a_medium_named_before_its_channel_or_page_is_no_place(sentence: str) -> None:
    located = _located(sentence)
    assert located and not {"Telegram", "Facebook"} & set(located)


@pytest.mark.parametrize("sentence", [
    "Nikolai Volobuev, who heads the Belovsky district, said Ukrainian drones attacked a car near the village of "
    "Shchegolek in the Kursk region.",
    "The head of the Belovsky district said Ukrainian drones attacked a car near the village of Shchegolek in the "
    "Kursk region.",
])
def test_the_district_a_speaker_heads_is_his_office_not_the_events_place(sentence: str) -> None:
    [event] = _events(sentence)
    assert (event.location_text, event.place.name) == ("Shchegolek", "Kursk Oblast")  # not drawn in his district


def test_a_list_set_off_by_dashes_is_the_subject_of_the_verb_after_it() -> None:
    located = _located("Hryhorov said four border villages – Veselivka, Basivka and Novenke – were in a grey zone.")
    assert located == ["Basivka", "Novenke", "Veselivka"]


def test_a_name_before_a_facility_noun_is_the_facility_and_the_village_after_it_the_place() -> None:
    located = _located("Russian troops had captured the St. Nicholas Belogorsky monastery in the village of Gornal.")
    assert located == ["Gornal"]


def test_a_target_then_a_locative_cue_leads_to_the_place_past_an_objects_reach() -> None:
    located = _located("The ministry said it had carried out a fire attack on Ukrainian troops and equipment close "
                       "to the settlements of Daryino and Gogolevka.")
    assert located == ["Daryino", "Gogolevka"]
