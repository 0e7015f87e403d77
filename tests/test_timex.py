"""Tests for geo.timex: time expressions in real seed articles and in
arbitrary text (hypothesis). Expected dates were worked out by hand from the
article text and a calendar (2025-03-18 is a Tuesday), not copied from the
code's output."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from geo import settings
from geo.timex import TimeMention, find_times, parse_date, resolve_sentence

WP_ANCHOR = date(2025, 3, 18)  # seeds/001, Washington Post, a Tuesday
NYT_ANCHOR = date(2025, 1, 31)  # seeds/003
INFERRED_ANCHOR = date(2024, 11, 15)  # seeds/000 has no date: inferred, month precision


def _seed(prefix: str) -> str:
    (path,) = sorted(settings.SEEDS_DIR.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8")


def _sentence(prefix: str, phrase: str) -> str:
    """The one sentence (or line) of a seed that contains ``phrase``."""
    parts = re.split(r"(?<=[a-z0-9”'][.!?])\s+|\n+", _seed(prefix))  # not after "U.S."
    found = [p for p in parts if phrase in p]
    assert len(found) >= 1, f"{phrase!r} not in seed {prefix}"
    return found[0]


def _mention(text: str, phrase: str, anchor: date) -> TimeMention:
    """The mention whose text contains ``phrase`` (exactly one must)."""
    found = [m for m in find_times(text, anchor=anchor) if phrase in m.span.text]
    assert len(found) == 1, (phrase, find_times(text, anchor=anchor))
    return found[0]


# --------------------------------------------------------------------------
# Seeds: the expressions the brief pins, checked against a calendar
# --------------------------------------------------------------------------


def test_seed_anchors_come_from_the_articles_datelines() -> None:
    assert WP_ANCHOR.weekday() == 1  # sanity: the weekday rules below assume Tuesday
    header = _sentence("001", "Washington Post")
    (mention,) = find_times(header, anchor=date(2000, 1, 1))
    assert mention.span.start == mention.span.end == WP_ANCHOR
    assert mention.relative is False
    assert parse_date(_sentence("003", "31/01/2025")) == NYT_ANCHOR
    assert parse_date("2025-01-31") == NYT_ANCHOR


@pytest.mark.parametrize(
    ("phrase", "start", "end", "precision"),
    [
        ("helped Russia last week retake", date(2025, 3, 10), date(2025, 3, 16), 2),
        ("Last week, a spokesman", date(2025, 3, 10), date(2025, 3, 16), 2),
        ("By Monday", date(2025, 3, 17), date(2025, 3, 17), 1),
        ("early last month", date(2025, 2, 1), date(2025, 2, 10), 2),
        ("New Year’s Eve", date(2024, 12, 31), date(2024, 12, 31), 1),
        ("withdrawn from the battlefield in January", date(2025, 1, 1), date(2025, 1, 31), 3),
        ("celebrated on May 9", date(2025, 5, 9), date(2025, 5, 9), 1),
        ("the May 9 parade", date(2025, 5, 9), date(2025, 5, 9), 1),
        ("Kursk region since August", date(2024, 8, 1), WP_ANCHOR, 4),
    ],
)
def test_seed001_sentences_resolve_to_hand_checked_spans(
    phrase: str, start: date, end: date, precision: int
) -> None:
    span = resolve_sentence(_sentence("001", phrase), anchor=WP_ANCHOR)
    assert span is not None
    assert (span.start, span.end, span.precision) == (start, end, precision)
    assert span.inferred is False


def test_by_monday_keeps_the_by_note_and_text() -> None:
    span = resolve_sentence(_sentence("001", "By Monday"), anchor=WP_ANCHOR)
    assert span is not None and span.note == "by" and span.text == "By Monday"


def test_seed001_turn_of_the_year_spans_the_week_either_side() -> None:
    sentence = _sentence("001", "As December tipped into January")
    span = resolve_sentence(sentence, anchor=WP_ANCHOR)
    assert span is not None and span.precision == 2
    assert "December tipped into January" in span.text
    assert date(2024, 12, 20) <= span.start <= date(2024, 12, 28)
    assert date(2025, 1, 3) <= span.end <= date(2025, 1, 10)
    fall = _mention(sentence, "fall", WP_ANCHOR).span  # "that fall": autumn 2024
    assert (fall.start, fall.end, fall.precision) == (date(2024, 9, 1), date(2024, 11, 30), 4)


def test_seed001_over_the_winter_is_the_last_meteorological_winter() -> None:
    sentence = _sentence("001", "over the winter")
    winter = _mention(sentence, "winter", WP_ANCHOR).span
    assert (winter.start, winter.end, winter.precision) == (date(2024, 12, 1), date(2025, 2, 28), 4)
    span = resolve_sentence(sentence, anchor=WP_ANCHOR)  # "Last week, a spokesman ..."
    assert span is not None and span.text == "Last week"


def test_seed001_few_weeks_is_vaguer_than_last_week() -> None:
    sentence = _sentence("001", "the last few weeks")
    weeks = _mention(sentence, "few weeks", WP_ANCHOR).span
    assert weeks.end == WP_ANCHOR and weeks.start == WP_ANCHOR - timedelta(weeks=4)
    assert weeks.precision == 4
    # the sentence's best span is the more specific "last week"
    span = resolve_sentence(sentence, anchor=WP_ANCHOR)
    assert span is not None and span.text == "last week"


def test_seed001_last_year_is_the_calendar_year_before() -> None:
    span = resolve_sentence(_sentence("001", "Avdiivka last year"), anchor=WP_ANCHOR)
    assert span is not None
    assert (span.start, span.end, span.precision) == (date(2024, 1, 1), date(2024, 12, 31), 4)


@pytest.mark.parametrize(
    ("phrase", "expression", "start", "end", "precision"),
    [
        ("in late October", "late October", date(2024, 10, 21), date(2024, 10, 31), 2),
        ("in November", "November", date(2024, 11, 1), date(2024, 11, 30), 3),
        ("three months", "three months", date(2024, 10, 31), NYT_ANCHOR, 4),
        ("August incursion", "August", date(2024, 8, 1), date(2024, 8, 31), 3),
    ],
)
def test_seed003_mentions(phrase: str, expression: str, start: date, end: date, precision: int) -> None:
    mention = _mention(_sentence("003", phrase), expression, NYT_ANCHOR)
    span = mention.span
    assert (span.start, span.end, span.precision) == (start, end, precision)
    assert mention.relative is True and mention.historical is False


def test_seed003_best_span_prefers_the_month_over_the_duration() -> None:
    span = resolve_sentence(_sentence("003", "in November"), anchor=NYT_ANCHOR)
    assert span is not None and span.text == "November" and span.precision == 3


def test_seed000_inferred_anchor_widens_relative_spans() -> None:
    sentence = _sentence("000", "In the past 24 hours")
    stated = resolve_sentence(sentence, anchor=INFERRED_ANCHOR)
    assert stated is not None and stated.precision == 1
    assert (stated.start, stated.end) == (date(2024, 11, 14), INFERRED_ANCHOR)
    doubted = resolve_sentence(sentence, anchor=INFERRED_ANCHOR, anchor_precision=3)
    assert doubted is not None
    assert doubted.precision >= 3 and doubted.inferred is True and doubted.note
    assert doubted.start <= stated.start and doubted.end >= stated.end


def test_seed000_absolute_month_is_not_touched_by_an_inferred_anchor() -> None:
    sentence = _sentence("000", "October 2024")
    span = resolve_sentence(sentence, anchor=INFERRED_ANCHOR, anchor_precision=3)
    assert span is not None
    assert (span.start, span.end, span.precision) == (date(2024, 10, 1), date(2024, 10, 31), 3)
    assert span.inferred is False and span.text == "October 2024"


@pytest.mark.parametrize(
    ("prefix", "phrase"),
    [
        ("000", "two-year conflict"),  # a duration describing the war
        ("000", "A recent U.S. intelligence assessment"),  # "recent" is no time
        ("003", "2 minute read"),
        ("002", "28,000 artillery shells per day"),
        ("004", "12,000 troops to fight alongside"),
    ],
)
def test_seed_sentences_without_a_time_resolve_to_none(prefix: str, phrase: str) -> None:
    assert resolve_sentence(_sentence(prefix, phrase), anchor=WP_ANCHOR) is None


def test_seed002_background_dates_are_historical() -> None:
    text = _seed("002")
    anchor = date(2025, 1, 10)
    flags = {m.span.text: m.historical for m in find_times(text, anchor=anchor)}
    for old in ("2016–17", "August 2014", "February 2015", "1950s"):
        assert any(old in k and v for k, v in flags.items()), (old, flags)
    assert flags["May 2024"] is False and flags["June 2024"] is False
    decade = _mention(text, "1950s", anchor).span
    assert (decade.start, decade.end, decade.precision) == (date(1950, 1, 1), date(1959, 12, 31), 4)
    aleppo = _mention(text, "2016–17", anchor).span
    assert (aleppo.start, aleppo.end) == (date(2016, 1, 1), date(2017, 12, 31))


def test_historical_sentence_still_gets_its_own_span() -> None:
    sentence = _sentence("002", "August 2014:")
    span = resolve_sentence(sentence, anchor=date(2025, 1, 10))
    assert span is not None and (span.start, span.end) == (date(2014, 8, 1), date(2014, 8, 31))


def test_seed004_just_days_after() -> None:
    anchor = date(2025, 4, 29)
    span = resolve_sentence(_sentence("004", "just days after"), anchor=anchor)
    assert span is not None
    assert (span.start, span.end, span.precision) == (anchor - timedelta(days=7), anchor, 2)


def test_historical_follows_the_campaign_start_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Aleppo (2016–17) and August 2014."
    assert [m.historical for m in find_times(text, anchor=WP_ANCHOR)] == [True, True]
    monkeypatch.setattr(settings, "CAMPAIGN_START", date(2016, 1, 1))
    assert [m.historical for m in find_times(text, anchor=WP_ANCHOR)] == [False, True]


# --------------------------------------------------------------------------
# Rules on short texts (anchor Tuesday 2025-03-18 unless said otherwise)
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("yesterday", date(2025, 3, 17), date(2025, 3, 17), 1),
        ("today", WP_ANCHOR, WP_ANCHOR, 1),
        ("on Monday", date(2025, 3, 17), date(2025, 3, 17), 1),
        ("on Sunday", date(2025, 3, 16), date(2025, 3, 16), 1),
        ("this week", date(2025, 3, 17), date(2025, 3, 23), 2),
        ("last month", date(2025, 2, 1), date(2025, 2, 28), 3),
        ("late last month", date(2025, 2, 21), date(2025, 2, 28), 2),
        ("in the past week", date(2025, 3, 11), WP_ANCHOR, 2),
        ("over the past few days", date(2025, 3, 14), WP_ANCHOR, 2),
        ("in the past 24 hours", date(2025, 3, 17), WP_ANCHOR, 1),
        ("three days ago", date(2025, 3, 15), date(2025, 3, 15), 1),
        ("mid-October", date(2024, 10, 11), date(2024, 10, 20), 2),
        ("early March 2024", date(2024, 3, 1), date(2024, 3, 10), 2),
        ("late February", date(2025, 2, 21), date(2025, 2, 28), 2),
        ("late February 2024", date(2024, 2, 21), date(2024, 2, 29), 2),
        ("in March", date(2025, 3, 1), date(2025, 3, 31), 3),
        ("in April", date(2024, 4, 1), date(2024, 4, 30), 3),
        ("October 2024", date(2024, 10, 1), date(2024, 10, 31), 3),
        ("Sudzha fell on 12 March.", date(2025, 3, 12), date(2025, 3, 12), 1),
        ("on Tuesday, March 11, 2025", date(2025, 3, 11), date(2025, 3, 11), 1),
        ("2025-01-31", NYT_ANCHOR, NYT_ANCHOR, 1),
        ("31/01/2025", NYT_ANCHOR, NYT_ANCHOR, 1),
        ("March 10-16", date(2025, 3, 10), date(2025, 3, 16), 2),
        ("since Monday", date(2025, 3, 17), WP_ANCHOR, 2),
        ("since 2022", date(2022, 1, 1), WP_ANCHOR, 4),
        ("Christmas", date(2024, 12, 25), date(2024, 12, 25), 1),
    ],
)
def test_rules(text: str, start: date, end: date, precision: int) -> None:
    span = resolve_sentence(text, anchor=WP_ANCHOR)
    assert span is not None, text
    assert (span.start, span.end, span.precision) == (start, end, precision)


@pytest.mark.parametrize(
    "text",
    [
        "recently", "a recent assessment", "the two-year conflict", "12,000 soldiers",
        "2000 troops", "North Korea may have agreed", "the fall of Sudzha",
        "the spring offensive", "three months later", "twice a day", "1000+ square kilometers",
        "April Smith said", "a march on Kyiv", "the 91st and 92nd brigades", "",
    ],
)
def test_non_times(text: str) -> None:
    assert find_times(text, anchor=WP_ANCHOR) == []
    assert resolve_sentence(text, anchor=WP_ANCHOR) is None


def test_year_less_months_take_the_most_recent_past_or_current_one() -> None:
    november = resolve_sentence("in November", anchor=NYT_ANCHOR)
    assert november is not None and november.start == date(2024, 11, 1)
    january = resolve_sentence("in January", anchor=date(2025, 1, 15))
    assert january is not None and january.start == date(2025, 1, 1)


def test_month_day_without_year_is_nearest_the_anchor_future_allowed() -> None:
    for anchor, expected in [
        (WP_ANCHOR, date(2025, 5, 9)),  # ahead: Victory Day after a March article
        (date(2025, 6, 1), date(2025, 5, 9)),
        (date(2025, 12, 20), date(2026, 5, 9)),
    ]:
        span = resolve_sentence("on May 9", anchor=anchor)
        assert span is not None and span.start == expected, anchor


def test_numeric_dates_prefer_day_first_and_say_so() -> None:
    (ambiguous,) = find_times("05/04/2025", anchor=WP_ANCHOR)
    assert ambiguous.span.start == date(2025, 4, 5) and "DD/MM" in ambiguous.span.note
    (clear,) = find_times("01/31/2025", anchor=WP_ANCHOR)
    assert clear.span.start == NYT_ANCHOR and "MM/DD" in clear.span.note
    assert find_times("31/02/2025", anchor=WP_ANCHOR) == []


def test_longest_match_wins_and_mentions_come_in_text_order() -> None:
    text = "In late October 2024 troops moved; last week, and on New Year's Eve, fighting."
    mentions = find_times(text, anchor=WP_ANCHOR)
    assert [m.span.text for m in mentions] == ["late October 2024", "last week", "New Year's Eve"]
    assert mentions[0].relative is False and mentions[1].relative is True
    for m in mentions:
        assert text[m.start:m.end] == m.span.text


def test_dateparser_fallback_reads_formats_the_rules_lack() -> None:
    (mention,) = find_times("signed on March the 18th, 2025 in Moscow", anchor=date(2025, 4, 1))
    assert mention.span.start == mention.span.end == WP_ANCHOR
    assert mention.span.precision == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 18, 2025", WP_ANCHOR),
        ("18 March 2025", WP_ANCHOR),
        ("Tuesday, 18 March 2025", WP_ANCHOR),
        ("2025-03-18T10:00:00Z", WP_ANCHOR),
        ("Tue, 18 Mar 2025 10:00:00 GMT", WP_ANCHOR),  # via dateparser
        ("31/01/2025", NYT_ANCHOR),
        ("05/04/2025", date(2025, 4, 5)),
        ("  2025-01-31 \n", NYT_ANCHOR),
        ("2025-02-30", None),
        ("March 18", None),
        ("March 2025", None),
        ("yesterday", None),
        ("Washington Post March 18, 2025", None),
        ("", None),
    ],
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


# --------------------------------------------------------------------------
# Properties (hypothesis)
# --------------------------------------------------------------------------

ANCHORS = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
FRAGMENTS = [
    "January", "May", "March", "Sept.", "Dec", "29", "31", "9", "2024", "1999", "2100",
    "0000", "9999", "last", "early", "mid-", "late", "/", "-", "–", ".", ",", "the", "of",
    "in", "since", "by", "past", "few", "three", "weeks", "week", "month", "months", "year",
    "years", "days", "ago", "later", "Monday", "New Year's Eve", "tipped into", "winter",
    "fall", "1950s", "24 hours", "2016–17", "31/12/2099", "12/31/2099", "2099-12-31",
    "couple of", "decades", "hundred", "'s", " ", "\n",
]
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map(" ".join),
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join),
)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
FUZZ = hsettings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(text=TEXTS, anchor=ANCHORS, anchor_precision=st.integers(1, 4))
def test_any_text_gives_well_formed_mentions(text: str, anchor: date, anchor_precision: int) -> None:
    mentions = find_times(text, anchor=anchor)
    previous_end = 0
    for m in mentions:
        assert previous_end <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.span.text
        assert m.span.start <= m.span.end and 1 <= m.span.precision <= 4
        previous_end = m.end
    span = resolve_sentence(text, anchor=anchor, anchor_precision=anchor_precision)
    assert (span is None) == (not mentions)
    if span is not None:
        assert span.start <= span.end and 1 <= span.precision <= 4
        if all(m.relative for m in mentions):
            assert span.precision >= anchor_precision
            assert span.inferred is (anchor_precision > 1)


@FUZZ
@given(text=TEXTS)
def test_parse_date_never_raises(text: str) -> None:
    assert parse_date(text) is None or isinstance(parse_date(text), date)


@FUZZ
@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)), anchor=ANCHORS)
def test_written_dates_round_trip(day: date, anchor: date) -> None:
    month = MONTHS[day.month - 1]
    for text in (f"{month} {day.day}, {day.year}", f"{day.day} {month} {day.year}",
                 day.isoformat(), f"{day:%d/%m/%Y}"):
        assert parse_date(text) == day, text
        (mention,) = find_times(f"It happened on {text}.", anchor=anchor)
        assert (mention.span.start, mention.span.end, mention.span.precision) == (day, day, 1)
        assert mention.relative is False


@FUZZ
@given(anchor=ANCHORS)
def test_last_week_is_the_previous_iso_week(anchor: date) -> None:
    span = resolve_sentence("Russia last week retook the town", anchor=anchor)
    assert span is not None and span.precision == 2
    assert span.start.weekday() == 0 and span.end - span.start == timedelta(days=6)
    assert span.end < anchor <= span.end + timedelta(days=7)


@FUZZ
@given(month=st.integers(1, 12), year=st.integers(1950, 2099), anchor=ANCHORS,
       part=st.sampled_from(["early", "mid", "late"]))
def test_parts_of_a_month(month: int, year: int, anchor: date, part: str) -> None:
    span = resolve_sentence(f"in {part} {MONTHS[month - 1]} {year}", anchor=anchor)
    assert span is not None and span.precision == 2
    assert (span.start.year, span.start.month) == (span.end.year, span.end.month) == (year, month)
    first_day = {"early": 1, "mid": 11, "late": 21}[part]
    assert span.start.day == first_day
    if part == "late":
        assert (span.end + timedelta(days=1)).day == 1  # runs to the month's last day
    else:
        assert span.end.day == first_day + 9


@FUZZ
@given(month=st.integers(1, 12), anchor=ANCHORS)
def test_year_less_month_is_never_after_the_anchor(month: int, anchor: date) -> None:
    span = resolve_sentence(f"It began in {MONTHS[month - 1]}.", anchor=anchor)
    assert span is not None and span.precision == 3
    assert span.start <= anchor < span.start.replace(year=span.start.year + 1)


def test_impossible_day_numbers_do_not_become_days() -> None:
    anchor = date(2025, 3, 18)
    for text in ("on 131 March 2025", "on 99 March 2025", "March 45, 2025"):
        span = resolve_sentence(text, anchor=anchor)
        assert span is None or span.precision >= 3, (text, span)
        assert span is None or span.start.year == 2025, (text, span)


def test_the_current_year_ends_on_the_day_of_the_report() -> None:
    # a report speaks of the past: "the Ukraine 2024 forum", read on 27 August 2024, is not December 2024
    span = resolve_sentence("Syrskyi told the Ukraine 2024 forum that the advance goes on.", anchor=date(2024, 8, 27))
    assert span is not None and (span.start, span.end) == (date(2024, 1, 1), date(2024, 8, 27))
    past = resolve_sentence("The village was shelled in 2023.", anchor=date(2024, 8, 27))
    assert past is not None and past.end == date(2023, 12, 31)


@pytest.mark.parametrize("text, expected", [
    ("Russian troops retook Snagost and 10th October.", None),  # a village named after a date
    ("Strikes hit Sudzha, Guevo, 10 March and Gornal.", None),
    ("Sudzha, 10 March (Reuters) - fighting went on.", (date(2025, 3, 10), date(2025, 3, 10))),  # a dateline
    ("Russia said on Monday, 10 March, it had struck.", (date(2025, 3, 10), date(2025, 3, 10))),
    ("It happened on 8 and 10 March.", (date(2025, 3, 8), date(2025, 3, 10))),
])
def test_a_day_and_month_listed_among_names_is_a_place(text: str, expected) -> None:
    span = resolve_sentence(text, anchor=date(2025, 3, 12))
    assert (None if span is None else (span.start, span.end)) == expected


def _verbs(sentence: str) -> list[int]:
    return [m.start() for m in re.finditer(r"\bsaid\b", sentence)]


def test_an_event_dated_only_by_its_statement_is_that_day_or_the_day_before() -> None:
    sentence = "The Journal said on Thursday that Ukrainian missiles hit a target in the Kursk region."
    span = resolve_sentence(sentence, anchor=date(2024, 11, 22), statement_at=_verbs(sentence))
    # Thursday 21 November 2024 is the statement's day; the strike was then or on Wednesday
    assert (span.start, span.end, span.precision) == (date(2024, 11, 20), date(2024, 11, 21), 2)
    assert "statement" in span.note


def test_a_date_inside_the_reported_clause_is_the_events() -> None:
    sentence = "He said that on New Year's Eve drones swarmed six vehicles."
    span = resolve_sentence(sentence, anchor=date(2025, 3, 18), statement_at=_verbs(sentence))
    assert (span.start, span.end, span.precision) == (date(2024, 12, 31), date(2024, 12, 31), 1)


@pytest.mark.parametrize("phrase, start, end", [
    # worked out with a calendar; the anchor is 30 March 2025
    ("killed in the final week of December alone", date(2024, 12, 25), date(2024, 12, 31)),
    ("in the last week of December", date(2024, 12, 25), date(2024, 12, 31)),  # not "last week"
    ("in the second week of March", date(2025, 3, 8), date(2025, 3, 14)),
    ("during the first fortnight of January", date(2025, 1, 1), date(2025, 1, 14)),
    ("in the second fortnight of February", date(2025, 2, 15), date(2025, 2, 28)),
    ("in the first days of March", date(2025, 3, 1), date(2025, 3, 5)),
    ("in the first week of 2025", date(2025, 1, 1), date(2025, 1, 7)),
])
def test_ordinal_weeks_and_fortnights_of_a_month(phrase: str, start: date, end: date) -> None:
    span = resolve_sentence(phrase, anchor=date(2025, 3, 30))
    assert (span.start, span.end, span.precision) == (start, end, 2)


def test_a_fronted_date_before_the_speaker_dates_the_statement() -> None:
    sentence = ("Last week, U.S. Secretary of State Antony Blinken said more than 1,000 soldiers had been killed "
                "in the final week of December alone.")
    span = resolve_sentence(sentence, anchor=date(2025, 1, 12), statement_at=_verbs(sentence))
    assert (span.start, span.end) == (date(2024, 12, 25), date(2024, 12, 31))
    # a fronted date before an action is the action's, though a reporting verb follows
    sentence = "On Monday, Russian troops captured Sudzha, the ministry said."
    span = resolve_sentence(sentence, anchor=date(2025, 1, 12), statement_at=_verbs(sentence))
    assert (span.start, span.end) == (date(2025, 1, 6), date(2025, 1, 6))


@pytest.mark.parametrize("phrase, day", [
    # Orthodox Easter: 20 April 2025 (Western Easter fell on the same day), 5 May 2024
    ("35 people were killed on Palm Sunday last month", date(2025, 4, 13)),
    ("a truce at Easter", date(2025, 4, 20)),
    ("on Easter 2024", date(2024, 5, 5)),
])
def test_movable_feasts_take_their_orthodox_date(phrase: str, day: date) -> None:
    span = resolve_sentence(phrase, anchor=date(2025, 5, 27))
    assert (span.start, span.end, span.precision) == (day, day, 1)


@pytest.mark.parametrize("text, found", [
    ("Enemy fire reached Zhuravlevka, Krasny October, Krasny Khutor and Chayki.", []),  # a village's name
    ("Fighting began in early October.", ["early October"]),
    ("Ukraine's August incursion took Moscow by surprise.", ["August"]),
    ("The Ukrainian August push stalled.", ["August"]),
])
def test_a_month_after_a_capitalised_word_ends_a_name(text: str, found: list[str]) -> None:
    assert [m.span.text for m in find_times(text, anchor=date(2024, 9, 30))] == found


@pytest.mark.parametrize("sentence, dated", [
    ("Overnight, air defences brought down drones over the Kursk region.", True),
    ("Drones attacked the region overnight.", True),
    ("Drones attacked overnight on Friday.", True),
    ("The town changed hands almost overnight in the first days of the incursion", False),
    ("During the night and in the morning the aggressor opened fire 50 times.", True),
    ("In the night, drones hit a school.", True),
])
def test_overnight_as_an_adverbial_is_the_night_before_the_report(sentence: str, dated: bool) -> None:
    anchor = date(2024, 8, 14)
    span = resolve_sentence(sentence, anchor=anchor)
    if dated:
        assert span is not None and span.end <= anchor and span.start >= anchor - timedelta(days=7)
    else:
        assert span is None


def test_during_the_night_is_the_night_before_the_report_unless_a_date_names_the_night() -> None:
    anchor = date(2025, 3, 31)
    span = resolve_sentence("During the night the aggressor opened fire 50 times.", anchor=anchor)
    assert span is not None and (span.start, span.end) == (date(2025, 3, 30), anchor)
    named = resolve_sentence("During the night of 28 March drones hit a school.", anchor=anchor)
    assert named is not None and named.start == date(2025, 3, 28)
