"""Tests for geo.extract.attribution: who claims what, by rule."""

from __future__ import annotations

from datetime import date

import pytest

from geo.extract.attribution import Attribution, attribute, headline_source, mentioned_source

DAY = date(2025, 3, 13)


@pytest.mark.parametrize("sentence, claimant", [
    ("Russia's Defence Ministry announced that its forces had retaken Sudzha.", "Russian Ministry of Defence"),
    ("The General Staff of Ukraine reported 19 clashes on the Kursk axis.", "Ukrainian General Staff"),
    ("DeepState put the area at 140 square kilometres.", "DeepState"),
    ("According to the Institute for the Study of War, fighting went on near Tetkino.",
     "Institute for the Study of War"),
])
def test_the_reporting_subject_is_the_claimant(sentence: str, claimant: str) -> None:
    assert attribute(sentence, on=DAY) == Attribution("claimed", claimant, attribute(sentence, on=DAY).side)
    assert attribute(sentence, on=DAY).side


def test_a_source_after_its_verb_is_its_object_unless_the_verb_is_inverted() -> None:
    said = attribute("The source, who sits on Ukraine's General Staff, said Moscow had moved 59,000 troops.", on=DAY)
    assert said.claimant == "Ukrainian General Staff"
    assert attribute("Russian forces retook Sudzha, said the Russian Defence Ministry.", on=DAY).claimant == \
        "Russian Ministry of Defence"


def test_a_source_in_the_reported_clause_is_what_was_said_unless_it_speaks_in_turn() -> None:
    said = attribute("Andrei Marochko said on Wednesday that the Russian army had liberated the village.", on=DAY)
    assert said.claimant == "Andrei Marochko"
    nested = attribute("The outlet Liga reported that Russian military bloggers say Ukraine has massed troops.", on=DAY)
    assert nested.claimant == "Russian military bloggers"
    # a fronted adverbial still leaves a lone name opening its clause
    assert attribute("Separately, Marochko said that troops had liberated the village.", on=DAY).claimant == "Marochko"


@pytest.mark.parametrize("sentence", [
    "The Russian Defence Ministry claimed the capture of Basivka, which Kyiv denied.",
    "A few days earlier the Russian side had claimed the capture of another village, Basivka, which Kyiv also denied.",
])
def test_a_denial_in_a_relative_clause_disputes_the_claim_of_the_main_one(sentence: str) -> None:
    assert attribute(sentence, on=DAY) == Attribution("disputed", "Russian Ministry of Defence", "Russia")


def test_a_relay_is_not_the_claimant() -> None:
    quoted = attribute("In a statement quoted by TASS, the Russian Defence Ministry said Sverdlikovo fell.", on=DAY)
    assert quoted.claimant == "Russian Ministry of Defence"
    assert attribute("TASS reported, citing the Russian Defence Ministry, that Sudzha fell.", on=DAY).claimant == \
        "Russian Ministry of Defence"


def test_an_office_is_resolved_by_its_holder_on_the_day() -> None:
    assert attribute("The Kursk governor said 2,000 residents remained.", on=date(2024, 8, 10)).claimant == \
        "Alexei Smirnov"
    assert attribute("The Kursk governor said 2,000 residents remained.", on=date(2025, 1, 10)).claimant == \
        "Alexander Khinshtein"


def test_an_unqualified_ministry_takes_the_side_the_article_points_to() -> None:
    assert attribute("The defence ministry said its troops took Novenke.", on=DAY,
                     article_sides=("Russia",)).claimant == "Russian Ministry of Defence"
    assert attribute("The defence ministry said its troops took Novenke.", on=DAY,
                     article_sides=("Ukraine",)).claimant == "Ukrainian Ministry of Defence"
    assert attribute("Artillery hit 12 Ukrainian brigades in the border districts, the MoD said.", on=DAY,
                     article_sides=("Russia",)).claimant == "Russian Ministry of Defence"


def test_pronouns_and_subjectless_verbs_take_the_previous_speaker() -> None:
    isw = mentioned_source("Analysts at the Institute for the Study of War track the front.", on=DAY)
    assert attribute("He said Ukrainian forces attacked near Tetkino.", on=DAY, previous=isw).claimant == \
        "Institute for the Study of War"
    footage = "Geolocated footage released on May 6 shows a strike in Tetkino."
    assert attribute(footage, on=DAY, previous=isw, continuing=True).claimant == "Institute for the Study of War"
    # evidence names no speaker: in a new paragraph too, the last speaker presents it
    assert attribute(footage, on=DAY, previous=isw, continuing=False).claimant == "Institute for the Study of War"
    # a statement with no speaker of its own starts afresh in a new paragraph
    assert attribute("The army reported fighting near Tetkino.", on=DAY, previous=isw, continuing=False).claimant != \
        "Institute for the Study of War"


@pytest.mark.parametrize("sentence, status", [
    ("Trump falsely claimed that Ukrainian troops were surrounded.", "denied"),
    ("The claims that Yunakivka has been captured are false, the governor said.", "denied"),
    ("Kyiv denied that its troops had left Sudzha.", "disputed"),
    ("Russian forces shelled the village.", "reported"),
])
def test_falsely_denied_and_plain_statements_keep_their_meaning(sentence: str, status: str) -> None:
    assert attribute(sentence, on=DAY).status == status


def test_a_dateline_city_alone_makes_no_claim() -> None:
    # the pipeline strips "KYIV -" before attributing; a city that is not a speaker makes nothing a claim
    assert attribute("Ukrainian troops withdrew from Sudzha.", on=DAY).status == "reported"


def test_a_person_in_an_appositive_is_the_speaker() -> None:
    said = attribute("Ovcharenko, who had arrived with his unit in August, said drones hit the vehicles.", on=DAY)
    assert said.claimant == "Ovcharenko"


@pytest.mark.parametrize("sentence, claimant", [
    # an organisation's name joined by "for"/"of", after its country's possessive
    ("A strike killed eighteen servicemen, Ukraine's Center for Media Relations said.", "Center for Media Relations"),
    # a demonym before a title and a name says whose, not who
    ("On Tuesday, Ukrainian Sergeant Oleg Chaus said Russian units attacked in Kursk.", "Oleg Chaus"),
    # a person after a title, and after "according to" the office it names
    ("Commander-in-Chief Oleksandr Syrskyi said fighting continued in Sudzha's outskirts.", "Oleksandr Syrskyi"),
    ("According to Ukraine's top commander, Petro Ivanenko, Moscow has moved 50,000 soldiers.", "Petro Ivanenko"),
    # a title's domain goes with the title
    ("Last week, Deputy Minister of Defence Ivan Petrenko said more than 1,000 soldiers had been killed.",
     "Ivan Petrenko"),
    # a listed source described between commas: the description's party is not the speaker
    ("DeepState, an online tracker with links to the Ukrainian army, said Russian forces had advanced.", "DeepState"),
    # a person described between commas by a noun phrase
    ("Petro Ivanenko, an official of the regional council, wrote that fighting went on.", "Petro Ivanenko"),
    # a relative clause longer than the subject window still leaves its name the speaker
    ("Petro Ivanenko, who heads the analysis department of the national security council of Ukraine, said "
     "the first clashes had happened.", "Petro Ivanenko"),
    # a lone name after a noun for a kind of source is that source's name
    ("Russian forces have entered Sudzha, Ukraine's public broadcaster Suspilne reported on Wednesday.", "Suspilne"),
    ("Ukrainian units broke into Korenevo, the newspaper Bild wrote.", "Bild"),
    # people who work for an outlet speak for it; people from a place do not
    ("On 12 March, journalists from Suspilne reported that Russian troops had entered Sudzha.", "Suspilne"),
    ("A reporter at Meduza wrote that Russian troops had entered Sudzha.", "Meduza"),
    ("Soldiers from Sudzha said that Russian troops had entered the town.", ""),
    # a government's officials speak for it, one or many
    ("A senior US official said North Korea had suffered several hundred casualties in Kursk.",
     "United States government"),
    # the war's Telegram channels are its bloggers
    ("By evening, Russian war channels reported that Russian forces had retaken Demidovka.",
     "Russian military bloggers"),
])
def test_speakers_found_by_rule(sentence: str, claimant: str) -> None:
    assert attribute(sentence, on=DAY).claimant == claimant


def test_a_surname_takes_the_full_name_the_article_gave() -> None:
    from tests.extract.test_pipeline import _one_article

    events = _one_article("Drones broke the calm that Vitalii Ovcharenko had known near Sudzha. "
                          "Ovcharenko, who serves in a drone unit, said Russian drones struck Sudzha on Monday.")
    assert {e.claimant for e in events if e.event_type == "Explosions/Remote violence"} == {"Vitalii Ovcharenko"}


def test_an_adjective_is_not_an_office() -> None:
    # "military vehicles" is not "the military": no claimant from it
    assert attribute("Drones hit six military vehicles, analysts said.", on=DAY).claimant == ""


@pytest.mark.parametrize("sentence, claimant", [
    ("Russia said on Monday its forces had recaptured the villages of Uspenovka and Borki.",
     "Russian Ministry of Defence"),
    ("Moscow says it has now expelled Kyiv's forces from the region.", "Kremlin"),  # the seat of government
    ("Kyiv says its troops are still present in parts of the region.", "Ukrainian military"),
])
def test_a_state_as_reporting_subject_speaks_through_its_military_and_its_capital_through_its_government(sentence: str, claimant: str) -> None:
    assert attribute(sentence, on=DAY).claimant == claimant


def test_a_state_after_a_preposition_is_not_the_subject() -> None:
    assert attribute("The General Staff of Ukraine reported 19 clashes.", on=DAY).claimant == "Ukrainian General Staff"
    assert attribute("In its update, the General Staff counted 19 clashes.", on=DAY).status == "claimed"


@pytest.mark.parametrize("sentence", [
    "In a single day, the channel said, Russian troops drove Ukrainian forces out of four settlements.",
    "According to the project, Ukraine's forces took Guevo and Gornal.",
    "By their account, sweeping operations were still under way in Lyubimovka.",
])
def test_a_noun_or_pronoun_for_a_source_refers_back_to_the_last_claimant(sentence: str) -> None:
    before = Attribution("claimed", "Mash", "Russia")
    assert attribute(sentence, on=DAY, previous=before).claimant == "Mash"


def test_an_official_citing_someone_makes_the_claim_an_outlet_only_relays_it() -> None:
    official = attribute("Zelensky, citing Commander-in-Chief Oleksandr Syrskyi, said Russian losses were heavy.", on=DAY)
    assert official.claimant == "Volodymyr Zelensky"
    outlet = attribute("TASS reported, citing the Russian Defence Ministry, that Sudzha had been retaken.", on=DAY)
    assert outlet.claimant == "Russian Ministry of Defence"


def test_named_sources_in_reporting_phrases() -> None:
    assert attribute("By Bild's account, Ukrainian troops had taken Korenevo.", on=DAY).claimant == "Bild"
    assert attribute("According to Ukraine's top commander, Oleksandr Syrskyi, Moscow has moved 50,000 soldiers; "
                     "he said that might relieve the pressure.", on=DAY).claimant == "Oleksandr Syrskyi"


def test_an_unnamed_soldier_speaks_for_the_army_of_the_article_side() -> None:
    said = attribute("Ukrainian troops had withdrawn from Kursk, said a soldier familiar with drone operations.",
                     on=DAY, actors=("Ukraine",))
    assert said.claimant == "Ukrainian military"


def test_not_confirming_a_claim_disputes_it_but_not_saying_when_does_not() -> None:
    neither = attribute("Neither the General Staff nor Commander-in-Chief Oleksandr Syrskyi has confirmed that Russia "
                        "fully controls Sudzha.", on=DAY)
    assert neither.status == "disputed"
    assert attribute("Kyiv did not say when the village was lost.", on=DAY).status == "claimed"


def test_the_governor_is_the_governor_of_the_article_region() -> None:
    said = "Drones struck Shebekino overnight, the governor said."
    assert attribute(said, on=DAY, actors=("Russia",), region="Belgorod").claimant == "Vyacheslav Gladkov"
    assert attribute(said, on=DAY, actors=("Russia",), region="Kursk").claimant == "Alexander Khinshtein"
    assert attribute(said, on=DAY, actors=("Russia",)).claimant == "Alexander Khinshtein"  # no region: Kursk's


@pytest.mark.parametrize("sentence, claimant", [
    ("The Telegram channel Shot says battles are going on around the village of Kruglenkoye.", "Shot"),
    ("A battalion commander with the call sign Gorm said the village was taken.", "Gorm"),
    ("Agentstvo has worked out from DeepState's maps that Russia took about 100 square kilometres.", "Agentstvo"),
])
def test_a_named_medium_or_call_sign_and_a_reckoning_make_the_claim(sentence: str, claimant: str) -> None:
    claim = attribute(sentence, on=DAY)
    assert (claim.status, claim.claimant) == ("claimed", claimant)


def test_a_pronoun_speaks_for_the_last_speaker_even_when_a_source_is_named_after_the_verb() -> None:
    first = attribute("Ukrainian lawmaker Oleksiy Goncharenko appeared to confirm the operation.", on=DAY)
    assert first.claimant == "Oleksiy Goncharenko"  # a raising verb between the subject and "confirm"
    second = attribute("He wrote that the Ukrainian army had taken control of the gas hub at Sudzha.", on=DAY,
                       previous=first)
    assert (second.status, second.claimant) == ("claimed", "Oleksiy Goncharenko")


def test_a_source_after_the_clause_it_ends_makes_the_claim_over_a_party_named_inside() -> None:
    claim = attribute("Russian troops fought on Thursday in the Kursk region as Moscow tried to dislodge Kyiv from its "
                      "last foothold, war bloggers said.", on=DAY)
    assert claim.claimant == "Russian military bloggers"


def test_a_district_before_the_reporting_phrase_is_no_speaker() -> None:
    claim = attribute("In the Shebekinsky District, according to the governor's Telegram post, Shebekino was shelled.",
                      on=DAY, region="Belgorod", article_sides=("Russia",))
    assert claim.claimant == "Vyacheslav Gladkov"


def test_the_outlet_a_speaker_talks_to_is_not_the_claimant() -> None:
    told = attribute("Shelling of the district has eased, the head of the district, Alexander Bogachev, said in an "
                     "interview with TASS.", on=DAY)
    assert told.claimant == "Alexander Bogachev"
    assert attribute("Russian forces attacked Sudzha, Ukraine's General Staff told Reuters.", on=DAY).claimant == \
        "Ukrainian General Staff"


@pytest.mark.parametrize("sentence, claimant", [
    ("Russian defence media claim that the Ukrainians seized part of Tetkino.", "Russian defence media"),
    ("Western officials said 10,000 North Korean troops were in the Kursk region.", "Western officials"),
    ("Ukrainian soldiers said the fighting in Kursk was now about holding the best lines.", "Ukrainian soldiers"),
    # after "according to" the group follows the phrase
    ("According to Russian insider channels, Ukrainian troops attacked Pushkarnoye.", "Russian insider channels"),
    ("Other Russian sources said 11 settlements had been captured.", "Russian sources"),  # not "Other ..."
    ("A local Telegram channel said shelling had damaged a school in Grafovka.", "a local Telegram channel"),
    # "describe" reports like "described"
    ("Russian military bloggers have for days been describing heavy fighting around Tyotkino.",
     "Russian military bloggers"),
    ("Pro-Russian military channels described artillery duels near Sudzha.", "Russian military bloggers"),
    ("Russian military bloggers conceded that Ukrainian forces had taken Veseloye.", "Russian military bloggers"),
])
def test_a_group_of_speakers_no_source_stands_for_is_the_claimant_as_written(sentence: str, claimant: str) -> None:
    assert attribute(sentence, on=DAY).claimant == claimant


def test_a_group_named_back_by_a_demonstrative_is_the_last_claimant() -> None:
    previous = Attribution("claimed", "Russian military bloggers", "Russia")
    said = attribute("According to those channels, the heaviest fighting is around Bolshoye Soldatskoye.", on=DAY,
                     previous=previous)
    assert said.claimant == "Russian military bloggers"


@pytest.mark.parametrize("sentence", [
    "Citing Newsweek, the report says the Russian military has retaken 120 square kilometres.",
    "At present around 660 square kilometres of Kursk Oblast are still under Ukrainian control.",
])
def test_a_reporting_phrase_or_a_region_is_no_persons_name(sentence: str) -> None:
    from geo.extract.attribution import people_named
    assert people_named(sentence) == {}


def test_whom_a_speaker_is_close_to_is_not_the_speaker() -> None:
    said = attribute("According to Telegram channels close to Russia's Defence Ministry, Ukrainian troops have taken "
                     "Darino.", on=DAY)
    assert said.claimant != "Russian Ministry of Defence" and said.side == "Russia"


def test_a_plural_noun_opening_the_sentence_is_no_lone_speaker() -> None:
    said = attribute("Analysts describe the Ukrainian retreat as orderly.", on=DAY)
    assert said.claimant != "Analysts"


def test_a_quoted_source_before_its_description_is_the_speaker() -> None:
    said = attribute('"Rybar," a Telegram channel with close links to Russia\'s Ministry of Defense, said Russian '
                     "troops had all but driven Ukrainian forces out of the Glushkovsky district.", on=DAY)
    assert said.claimant == "Rybar"


def test_a_governor_introduced_by_title_speaks_for_the_regions_governor() -> None:
    from geo.extract.attribution import offices_named
    named = offices_named("Governor Oleh Hryhorov, writing on Facebook, named the villages.", on=DAY, region="Sumy")
    assert named["Hryhorov"].claimant == "Sumy regional administration"
    assert offices_named("The governor said the villages were shelled.", on=DAY, region="Sumy") == {}


@pytest.mark.parametrize("sentence", [
    "Four more settlements were reported liberated by Russian forces on Monday.",
    "Russia has reportedly brought in more than 10,000 North Korean soldiers.",
    "Sudzha is said to have fallen to Russian forces.",
    "Moscow is said to have recaptured settlements such as Tolsty Lug.",  # Moscow acts; no one speaks
    "On 7 March there were reports that Russian troops had broken through south of Sudzha.",
    "But according to reports, Russian forces have broken through north of Sudzha.",
    "According to media reports, Russian troops took Novenke.",
])
def test_a_claim_the_report_pins_on_no_one_is_unnamed_reports(sentence: str) -> None:
    assert attribute(sentence, on=DAY) == Attribution("claimed", "unnamed reports", "")


@pytest.mark.parametrize("sentence, speaker", [
    # a description that ends in a title, then the name
    ("According to Ukrainian journalist Andriy Tsaplienko, North Korean units lost half of their force.",
     "Andriy Tsaplienko"),
    # whom the speaker told is not the speaker
    ("Sgt. Mykhailo Makaruk, who told RFA Korean that he fought there, said 200 soldiers came.", "Mykhailo Makaruk"),
    # a lone name opening the sentence before its verb: a channel or call sign
    ("Shot claimed that Russian fighters had surrounded 1,800 Ukrainian soldiers.", "Shot"),
])
def test_people_named_in_harder_lead_ins(sentence: str, speaker: str) -> None:
    assert attribute(sentence, on=DAY).claimant == speaker


@pytest.mark.parametrize("sentence", [
    "Sixteen civilians were injured in 12 communities, the regional military administration said.",
    "Russian troops shelled the communities of Vorozhba and Hlukhiv, according to the administration.",
    "The governor said the villages were shelled.",  # no side named: the region still tells whose
])
def test_an_unqualified_regional_administration_is_the_articles_regions(sentence: str) -> None:
    assert attribute(sentence, on=DAY, region="Sumy").claimant == "Sumy regional administration"


def test_a_speaker_after_an_auxiliary_and_whom_they_told() -> None:
    said = attribute("Commander-in-Chief Oleksandr Syrskyi has told President Volodymyr Zelensky that 74 "
                     "settlements are under Ukrainian control.", on=DAY)
    assert said.claimant == "Oleksandr Syrskyi"
    assert attribute("Russian military bloggers, for their part, write that Ukrainian troops attacked.",
                     on=DAY).claimant == "Russian military bloggers"


@pytest.mark.parametrize("sentence, speaker", [
    # named back by rank or view
    ("The general reported that the Ukrainian battlegroup had been cut off.", "Valery Gerasimov"),
    ("In the general's view, the Ukrainian battlegroup had been cut off.", "Valery Gerasimov"),
    # evidence and a statement continued after a colon are the last speaker's
    ("According to geolocated footage posted on August 22, Ukrainian troops moved deeper into Kursk Oblast.",
     "Institute for the Study of War"),
    ('It went on: "Russian forces also advanced southeast of Sudzha."', "Institute for the Study of War"),
])
def test_the_last_speaker_named_back_or_presenting_evidence(sentence: str, speaker: str) -> None:
    previous = Attribution("claimed", speaker, "")
    assert attribute(sentence, on=DAY, previous=previous).claimant == speaker


def test_where_a_speaker_is_based_is_not_the_speaker() -> None:
    previous = Attribution("claimed", "Institute for the Study of War", "")
    said = attribute("The Washington-based think tank said Ukrainian troops made gains near Tetkino.", on=DAY,
                     previous=previous)
    assert said.claimant == "Institute for the Study of War"


def test_a_reporting_word_is_no_lone_speaker() -> None:
    said = attribute("Geolocated footage released on May 6 shows a strike on a Russian position.", on=DAY)
    assert said.claimant != "Geolocated"


def test_a_map_shown_as_holding_keeps_its_speaker() -> None:
    # "shown as" is not hearsay: the map the speaker showed says it
    previous = Attribution("claimed", "Oleksandr Syrskyi", "Ukraine")
    said = attribute("Sheptukhovka and Spalnoye are shown as Ukrainian-held.", on=DAY, previous=previous,
                     continuing=True)
    assert said.claimant == "Oleksandr Syrskyi"


def test_a_name_after_according_to_may_carry_abbreviated_ranks() -> None:
    said = attribute("According to Gen. Oleksandr Syrskyi, Ukraine's Commander-in-Chief, half of the 12,000 North "
                     "Korean troops have been killed or wounded.", on=DAY)
    assert said.claimant == "Oleksandr Syrskyi"
    assert attribute("According to Lt. Gen. Kyrylo Budanov, the troops moved.", on=DAY).claimant == "Kyrylo Budanov"


def test_reported_by_a_tracker_is_its_claim_quoted_by_an_outlet_is_not_the_outlets() -> None:
    assert attribute("Russian naval infantry were reported by ISW to be attacking south of Kurilovka.",
                     on=DAY).claimant == "Institute for the Study of War"
    assert attribute("A statement quoted by TASS said Russian forces took Sudzha.", on=DAY).claimant != "TASS"


def test_a_tally_recorded_by_no_one_is_the_last_speaker_s_even_in_a_new_paragraph() -> None:
    bulletin = Attribution("claimed", "Sumy regional administration", "Ukraine")
    for sentence in ("In Hlukhiv hromada, three guided-bomb explosions were recorded.",
                     "Esman hromada was attacked with mines, and a drone strike was also recorded there."):
        assert attribute(sentence, on=DAY, previous=bulletin).claimant == "Sumy regional administration"
    # a record with its agent is the agent's
    assert attribute("Ten explosions were recorded by DeepState in Sudzha.", on=DAY,
                     previous=bulletin).claimant == "DeepState"


def test_a_pronoun_saying_inside_the_subject_leaves_the_main_verb_its_speaker() -> None:
    bloggers = Attribution("claimed", "Russian military bloggers", "Russia")
    sentence = ("In a statement late on Monday that he said followed visits to the front, Ukrainian army commander "
                "Oleksandr Syrsky confirmed that troops had pulled back near Sudzha.")
    assert attribute(sentence, on=DAY, previous=bloggers).claimant == "Oleksandr Syrskyi"  # the listed source
    # a pronoun that is the subject still speaks for the last speaker
    assert attribute("He said that troops had pulled back near Sudzha.", on=DAY,
                     previous=bloggers).claimant == "Russian military bloggers"


def test_a_denial_disputes_the_claim_of_its_owner_and_its_subject_only_disputes_it() -> None:
    ministry = Attribution("claimed", "Russian Ministry of Defence", "Russia")
    denial = attribute("Kyiv denied that Russia had taken Basivka.", on=DAY, previous=ministry)
    assert (denial.status, denial.claimant, denial.side) == ("disputed", "Russian Ministry of Defence", "Russia")
    assert denial.denier is not None and denial.denier.side == "Ukraine"
    unowned = attribute("Ukraine's Defence Minister Rustem Umierov has rejected claims that Ukrainian troops are "
                        "surrounded in Kursk Oblast.", on=DAY)
    assert (unowned.status, unowned.claimant) == ("disputed", "unnamed reports")
    pinned = attribute("Kyiv dismissed claims by TASS that Sudzha had fallen.", on=DAY)
    assert pinned.claimant == "TASS"


def test_a_speaker_who_will_not_confirm_keeps_the_claim() -> None:
    ministry = Attribution("claimed", "Russian Ministry of Defence", "Russia")
    unconfirmed = attribute("Ukrainian authorities did not confirm that the territory had been lost.", on=DAY,
                            previous=ministry)
    assert unconfirmed.status == "disputed" and unconfirmed.denier is None


@pytest.mark.parametrize("sentence", [
    "Kursk region's governor wrote on Telegram that a drone hit a car in Rylsk.",
    "The governor of the Kursk region said a drone hit a car in Rylsk.",
    "The Kursk regional governor said a drone hit a car in Rylsk.",
    "The head of the Kursk region said a drone hit a car in Rylsk.",
])
def test_a_regional_office_is_its_holder_however_the_region_is_written(sentence: str) -> None:
    assert attribute(sentence, on=DAY).claimant == "Alexander Khinshtein"  # Kursk's governor on 13 March 2025


@pytest.mark.parametrize("sentence, claimant", [
    ("Russian troops advanced near Novenke, said Yuri Podolyaka.", "Yuri Podolyaka"),
    ("Russian troops advanced near Novenke, wrote Yuri Podolyaka on Telegram.", "Yuri Podolyaka"),
    ("Russian troops advanced near Novenke, a Russian milblogger claimed.", "Russian military bloggers"),
    ("A second blogger, Yuri Kotenok, said Ukrainian forces were pulling out of Sudzha.", "Yuri Kotenok"),
])
def test_after_a_comma_an_inverted_verb_takes_the_name_after_it(sentence: str, claimant: str) -> None:
    assert attribute(sentence, on=DAY).claimant == claimant


@pytest.mark.parametrize("sentence, claimant", [
    ("The pro-Moscow Telegram channel Rybar and other Russian military sources have admitted that Ukrainian "
     "forces reached Popivka.", "Rybar"),
    ("The Russian Telegram channel Upravlenie Z says Ukrainian units fired on Tetkino.", "Upravlenie Z"),
])
def test_a_named_channel_speaks_not_the_class_it_belongs_to(sentence: str, claimant: str) -> None:
    assert attribute(sentence, on=DAY).claimant == claimant


def test_a_group_close_to_a_sides_source_is_that_sides_listed_group() -> None:
    said = attribute("According to Telegram channels close to Russia's Defence Ministry, Ukrainian troops have "
                     "taken Sverdlikovo.", on=DAY)
    assert (said.claimant, said.side) == ("Russian military bloggers", "Russia")


def test_bloggers_called_propagandists_admitting_a_loss_claim_it() -> None:
    claim = attribute('Russian military propagandists are having to admit that Ukrainian forces have captured '
                      'the village of Demidovka.', on=date(2025, 3, 24))
    assert (claim.status, claim.claimant) == ("claimed", "Russian military bloggers")


def test_a_listed_broadcaster_speaks_past_an_adverb() -> None:
    claim = attribute("Suspilne then reported that the Shahed had hit a residential building in Hlukhiv.",
                      on=date(2024, 11, 19))
    assert (claim.claimant, claim.side) == ("Suspilne", "Ukraine")
    # a listed blogger's name does not catch a namesake: the presidential adviser is not Yuri Podolyaka
    assert attribute("Presidential adviser Mykhailo Podolyak wrote on X that the troops held.",
                     on=date(2025, 1, 29)).claimant != "Yuri Podolyaka"


@pytest.mark.parametrize("sentence", [
    "Two buildings caught fire after a drone attack on Artakovo, Kovrigin said.",
    "Fire broke out after a drone attack on Artakovo, Kovrigin said on Telegram.",
])
def test_a_lone_name_between_a_comma_and_the_closing_verb_is_the_speaker(sentence: str) -> None:
    assert attribute(sentence, on=DAY).claimant == "Kovrigin"


def test_a_group_between_a_comma_and_the_closing_verb_is_no_person() -> None:
    assert attribute("Russian troops retook Artakovo, analysts said.", on=DAY).claimant != "analysts"


@pytest.mark.parametrize("sentence", [
    "Early reports put the toll at 10 dead.",
    "Initial reports said two people had been killed in Sudzha.",
    "Preliminary reports say that Orlovka is now under Russian control.",
])
def test_reports_before_a_reporting_verb_are_unnamed_not_the_adjective_before_them(sentence: str) -> None:
    # "reports" followed by a verb is the subject noun: the capitalised word before it is no speaker
    assert attribute(sentence, on=DAY) == Attribution("claimed", "unnamed reports", "")


def test_reports_owned_by_a_side_keep_their_group() -> None:
    assert attribute("Russian media reports said Sudzha fell.", on=DAY) == Attribution("claimed", "Russian media", "Russia")


@pytest.mark.parametrize("headline, claimant", [
    ("Ukrainian army loses over 380 troops in Kursk area in past day - Russian MoD", "Russian Ministry of Defence"),
    ("Russians are advancing in the Sumy region - DeepState", "DeepState"),
    ("Drones hit Russian ammunition depot in Kursk – Kovalenko", "Kovalenko"),
])
def test_a_source_after_the_headlines_dash_is_whom_the_story_retells(headline: str, claimant: str) -> None:
    assert headline_source(headline + "\n\nRussian forces beat off five attacks.", on=DAY).claimant == claimant


@pytest.mark.parametrize("headline", ["Vietnam.vn - Platform for promoting Vietnam", "Sumy - Kursk highway hit again"])
def test_a_dash_in_a_headline_before_no_source_names_no_one(headline: str) -> None:
    assert headline_source(headline + "\n\nRussian forces beat off five attacks.", on=DAY) is None


@pytest.mark.parametrize("sentence", ["Some claimed that Ukrainian forces had captured Makhnovka.",
                                      "Others said the Ukrainians had gone around Makhnovka."])
def test_a_quantifier_pronoun_as_speaker_is_unnamed_never_a_person(sentence: str) -> None:
    assert attribute(sentence, on=DAY) == Attribution("claimed", "unnamed reports", "")


@pytest.mark.parametrize("side", [("Ukraine",), ("Russia",)])
def test_a_demonym_before_an_unqualified_office_gives_its_side_whatever_the_article(side: tuple[str, ...]) -> None:
    claim = attribute("The Russian Ministry of Defense said its troops had taken Sudzha.", on=DAY, article_sides=side)
    assert claim.claimant == "Russian Ministry of Defence"


@pytest.mark.parametrize("sentence, claimant", [
    ("Yesterday reports emerged that Ukrainian forces had dug in at Demidovka.", ""),
    ("Yesterday Kovrigin said drones hit Rylsk.", "Kovrigin"),
])
def test_a_time_word_opening_the_sentence_is_no_speaker(sentence: str, claimant: str) -> None:
    assert attribute(sentence, on=DAY).claimant == claimant


@pytest.mark.parametrize("sentence", [
    "Two Majors insists that the fighting in Demidovka goes on.",
    "Two Majors stressed that the fighting in Demidovka goes on.",
    "Two Majors adds that the fighting in Demidovka goes on.",
])
def test_every_form_of_a_verb_of_saying_makes_its_subject_the_speaker(sentence: str) -> None:
    assert attribute(sentence, on=DAY).claimant == "Two Majors"


@pytest.mark.parametrize("sentence, claimant", [
    ("According to Syrskyi, Ukrainian forces took one more settlement.", "Oleksandr Syrskyi"),
    ("Details: The Russian ministry said it had carried out a fire attack near Daryino.", "Russian Ministry of Defence"),
    ("Earlier, a local woman said that Ukrainian forces had shelled a village.", "a local woman"),
    ("A U.S. military official has spoken of several hundred casualties.", "United States government"),
])
def test_commanders_ministries_and_witnesses_are_read_as_speakers(sentence: str, claimant: str) -> None:
    assert attribute(sentence, on=DAY).claimant == claimant


@pytest.mark.parametrize("sentence, claimant", [
    ("The RMA said the shelling killed one person in the Shalygyn community.", "Sumy regional administration"),
    ("The attack killed a man in the Bilopillia hromada, the prosecutors said.", "Sumy Oblast Prosecutor's Office"),
])
def test_an_unqualified_regional_office_is_the_articles_regions(sentence: str, claimant: str) -> None:
    assert attribute(sentence, on=DAY, region="Sumy", article_sides=("Ukraine",)).claimant == claimant
