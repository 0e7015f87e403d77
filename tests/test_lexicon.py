"""Tests for geo.lexicon: the phrase syntax of the data/ word lists, and the files themselves."""

from __future__ import annotations

import pytest

from geo import lexicon
from geo.lexicon import phrase_pattern, regional_variants


def test_a_gap_takes_up_to_four_words_and_a_long_gap_up_to_twelve() -> None:
    short, long = phrase_pattern("put ~ at"), phrase_pattern("put ~~ at")
    assert short.search("the ministry put Ukraine's losses at 300")
    text = "Syrskyi put the total area under Ukrainian control in the Kursk region at 1,263 square kilometres"
    assert short.search(text) is None and long.search(text)
    assert long.search("put " + "word " * 13 + "at") is None


@pytest.mark.parametrize("forms", ["~ at", "put ~~", "pu*t"])
def test_a_gap_or_wildcard_out_of_place_is_an_error(forms: str) -> None:
    with pytest.raises(ValueError):
        phrase_pattern(forms)


def test_a_regional_office_is_written_every_way_news_writes_it() -> None:
    assert "Kursk region's governor" in regional_variants("Kursk governor")
    assert "head of the Kursk region" in regional_variants("governor of Kursk")
    assert regional_variants("Ukrainian General Staff") == []


def test_every_listed_source_can_be_found_by_its_own_name() -> None:
    for source in lexicon.sources():
        assert source.pattern.fullmatch(source.name), source.name


def test_a_long_gap_spans_a_list_but_not_another_clause() -> None:
    sent = phrase_pattern("sent ~~ toward")
    assert sent.search("Ukraine sent two tanks, a dozen armored vehicles and a demolition team toward Berdin")
    assert sent.search("10,000 soldiers have been sent to Russia, with many heading toward the border") is None
