"""Tests for geo.lexicon: the phrase syntax of the data/ word lists, and the files themselves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo import lexicon
from geo.lexicon import phrase_pattern, regional_variants

ROOT = Path(__file__).resolve().parents[1]


def test_a_gap_takes_up_to_four_words_and_a_long_gap_up_to_twelve() -> None:
    short, long = phrase_pattern("put ~ at"), phrase_pattern("put ~~ at")
    assert short.search("the ministry put Ukraine's losses at 300")
    text = "Syrskyi put the total area under Ukrainian control in the Kursk region at 1,263 square kilometres"
    assert short.search(text) is None and long.search(text)
    assert long.search("put " + "word " * 13 + "at") is None
    # the long gap reaches the nearest end: "opened fire on 12 hromadas ... on Monday" is fire on the hromadas
    fire = phrase_pattern("opened fire ~~ on").search("Russian forces opened fire on 12 hromadas in Sumy Oblast on Monday")
    assert fire is not None and fire.group(0) == "opened fire on"


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


def test_matching_does_not_depend_on_the_hash_seed() -> None:
    # Alternatives of equal length were once ordered as a set iterates, which changes with the hash seed,
    # and the regex takes the first that matches: the same sentence gave "hit the personnel" or
    # "hit the personnel and equipment" from one run to the next.
    code = ("from geo.extract.triggers import find_triggers; s = 'Russian aviation and artillery also hit the "
            "personnel and equipment of 12 Ukrainian brigades.'; print([s[h.start:h.end] for h in find_triggers(s)])")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "3", "5", "8")}
    assert len(runs) == 1, runs
