"""Tests for geo.sentences: splitting article text into sentences with offsets.

Seed texts come from the real seed articles as geo.sources cleans them;
expected sentences are checked against the seed files themselves.
"""

from __future__ import annotations

import textwrap

import pytest

from tests.seedrun import seed_articles
from hypothesis import given, strategies as st

from geo import settings
from geo.records import Article
from geo.sentences import split_sentences

SEEDS = settings.SEEDS_DIR


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    return seed_articles()  # tests/seedrun.py: read once, no file skipped


def sentences(text: str) -> list[str]:
    return [s for _, _, s in split_sentences(text)]


def test_offsets_and_abbreviations_on_seed_000(seeds: dict[str, Article]) -> None:
    text = seeds["000"].text
    spans = split_sentences(text)
    assert all(text[s:e] == sent for s, e, sent in spans)
    first = spans[0][2]
    assert first.startswith("Russia has amassed") and first.endswith("according to U.S. and Ukrainian officials.")
    assert any(s.startswith("A recent U.S. intelligence assessment") for _, _, s in spans)
    # 12 sentences: count of ". " sentence ends in the file's three paragraphs.
    assert len(spans) == 12


def test_gen_abbreviation_on_seed_003(seeds: dict[str, Article]) -> None:
    said = sentences(seeds["003"].text)
    assert any(s.startswith("According to Gen. Oleksandr Syrskyi, Ukraine’s Commander-in-Chief") for s in said)


def test_bullet_lines_in_seed_002_are_sentences(seeds: dict[str, Article]) -> None:
    said = sentences(seeds["002"].text)
    raw_bullets = [
        line.strip().lstrip("•").strip()
        for line in (SEEDS / seeds["002"].file).read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("•")
    ]
    assert len(raw_bullets) == 4
    for bullet in raw_bullets:
        assert any(bullet.startswith(s) and s for s in said if s[:10] == bullet[:10])
    assert "Examples include:" in said
    assert not any("•" in s for s in said)


def test_headlines_and_bullets_in_seed_004(seeds: dict[str, Article]) -> None:
    said = sentences(seeds["004"].text)
    assert said[0] == (
        "Putin confirms North Korea sent thousands of troops to fight in Ukraine as Russia-NK alliance deepens"
    )
    assert said[1].startswith("Putin confirms North Korea has sent 12,000 troops")
    assert "North Korean troops “shoulder to shoulder” with Russia" in said
    # A line wrapped mid-sentence ("... to\ndefend Russia") stays one sentence.
    assert any("to\ndefend Russia as if it were their own homeland." in s for s in said)


def test_headlines_and_quotes_in_seed_001(seeds: dict[str, Article]) -> None:
    said = sentences(seeds["001"].text)
    assert said[:3] == [
        "Europe",
        "North Koreans troops key to Russian advances in Kursk, says Ukraine",
        "Washington Post March 18, 2025",
    ]
    # A quotation ending a sentence keeps its closing quote.
    assert "Just some border zones.”" in said
    assert any(s.endswith("still under\nUkrainian control as “a tiny patch, practically nothing.") for s in said)
    assert any(s.startswith("KYIV - A fresh supply of North Korean troops") for s in said)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith met Dr. Jones in St. Petersburg. They talked.", 2),
        ("J. D. Vance spoke. Then he left.", 2),
        ("Troops advanced 2.5 km. Losses were heavy!", 2),
        ("He asked “Why now?” and left. Nobody answered.", 2),
        ("Sent in Jan. 2025 to the front. They returned.", 2),
        ("г. Курск обстрелян. Жертв нет.", 2),
    ],
)
def test_sentence_rules(text: str, expected: int) -> None:
    assert len(split_sentences(text)) == expected


def test_hard_wrapped_text_splits_like_unwrapped(seeds: dict[str, Article]) -> None:
    text = seeds["000"].text
    wrapped = "\n\n".join(textwrap.fill(p, 72, break_on_hyphens=False) for p in text.split("\n") if p)
    assert [" ".join(s.split()) for s in sentences(wrapped)] == sentences(text.replace("\n\n", "\n"))


@given(st.text(max_size=400))
def test_split_sentences_offsets_property(text: str) -> None:
    last = 0
    for start, end, sentence in split_sentences(text):
        assert last <= start < end <= len(text)
        assert text[start:end] == sentence == sentence.strip()
        last = end


def test_an_editors_bracketed_note_is_a_sentence_of_its_own_a_bracketed_word_is_not() -> None:
    from geo.sentences import split_sentences as split

    parts = [s for _, _, s in split("The hromadas came under attack. [A hromada is a unit – ed.] Two were hurt.")]
    assert parts == ["The hromadas came under attack.", "[A hromada is a unit – ed.]", "Two were hurt."]
    assert len(split("He said they were able to [make] it. Then they left.")) == 2
