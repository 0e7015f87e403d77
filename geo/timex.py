"""Time expressions in article text -> dated spans (ACLED time precision).

Finds expressions such as "March 18, 2025", "in late October", "last week",
"By Monday", "the second week of March", "on Palm Sunday" (the Orthodox
date), "As December tipped into January" or "the Korean War of the 1950s"
and turns each into a ``TimeSpan`` (start, end, precision 1-4).
Relative expressions are resolved against the article's publication date
(the *anchor*). Hand-written compiled rules do the work; ``dateparser`` is a
guarded fallback for date formats the rules do not know (and for datelines
in :func:`parse_date`), because it is slow and noisy on running text.

This module must NOT read files, geocode, decide what an event is, or raise
on any text: every public function accepts arbitrary strings.

Precision (ACLED): 1 day, 2 a week or a few days, 3 a month, 4 vaguer.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal, Sequence

from dateutil.easter import EASTER_ORTHODOX, easter

from geo import settings
from geo.records import TimeSpan

__all__ = ["TimeMention", "find_times", "resolve_sentence", "parse_date", "says_now"]

# How a span depends on the anchor: not at all, only for its year
# ("in November", "May 9"), or as an offset from it ("last week").
_Kind = Literal["abs", "year", "offset"]


@dataclass(frozen=True)
class TimeMention:
    """One time expression found in a text.

    Attributes
    ----------
    start, end : int
        Character offsets in the text given (``text[start:end] == span.text``).
    span : TimeSpan
        The resolved span; ``span.text`` is the matched expression.
    relative : bool
        True when resolving it needed the anchor (offsets such as "last week"
        and also year-less dates such as "in November").
    historical : bool
        True when the span ends clearly before the campaign era
        (more than a year before ``settings.CAMPAIGN_START``).
    """

    start: int
    end: int
    span: TimeSpan
    relative: bool
    historical: bool


@dataclass(frozen=True)
class _Hit:
    """A candidate match; ``kind`` drives the inferred-anchor handling."""

    start: int
    end: int
    first: date
    last: date
    precision: int
    kind: _Kind
    note: str = ""


# --------------------------------------------------------------------------
# Vocabulary. Month and weekday names are matched case-sensitively (Title or
# UPPER case) so the modal verb "may" and the verb "march" never match;
# other words are case-insensitive through scoped (?i:...) groups.
# --------------------------------------------------------------------------

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)
_MONTH_ABBR = {
    1: ("Jan",), 2: ("Feb",), 3: ("Mar",), 4: ("Apr",), 5: (), 6: ("Jun",),
    7: ("Jul",), 8: ("Aug",), 9: ("Sept", "Sep"), 10: ("Oct",), 11: ("Nov",),
    12: ("Dec",),
}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _cased(word: str) -> str:
    return f"{word}|{word.upper()}"


_MONTH_FULL = "(?:" + "|".join(_cased(m) for m in _MONTH_NAMES) + ")(?![A-Za-z])"
_MONTH_ANY = (
    "(?:"
    + "|".join(
        "|".join([_cased(name)] + [f"(?:{_cased(a)})\\.?" for a in _MONTH_ABBR[i + 1]])
        for i, name in enumerate(_MONTH_NAMES)
    )
    + ")(?![A-Za-z])"
)
# Bare month names without a preposition: "May" and "March" are too often
# other words ("March on Kyiv", sentence-initial "May ..."), so they need one.
_MONTH_BARE = (
    "(?:" + "|".join(_cased(m) for m in _MONTH_NAMES if m not in ("May", "March")) + ")"
    r"(?![A-Za-z])(?!\s+[A-Z][a-z])"  # not "April Smith"
)
_WEEKDAY = "(?:" + "|".join(_cased(d) for d in _WEEKDAYS) + ")(?![A-Za-z])"

_DAY = r"(?<![\d.,])(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d])"  # not the tail of "131" or "1.5"
_YEAR = r"(?P<year>[12]\d{3})(?!\d|,\d{3}(?!\d))"
_DASH = r"(?:-|–|—|‒)"

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
# Vague counts: "the last few weeks" reads as four weeks, "a couple of" as two.
_VAGUE = {"few": 4, "several": 5, "couple": 2}
_QUANT = (
    r"(?P<n>(?<![\d,.])\d{1,3}(?![\d,])|(?:a\s+)?few|several|(?:a\s+)?couple(?:\s+of)?|"
    + "|".join(sorted((w for w in _NUMBER_WORDS if w not in ("a", "an")), key=len, reverse=True))
    + r"|an|a)"
)

_PART_DAYS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_PART_WORDS = (
    r"(?P<part>early|mid|late|the\s+end\s+of|end\s+of|the\s+start\s+of|start\s+of|"
    r"the\s+beginning\s+of|beginning\s+of|the\s+middle\s+of|middle\s+of|"
    r"the\s+first\s+half\s+of|first\s+half\s+of|the\s+second\s+half\s+of|second\s+half\s+of|"
    r"(?:the\s+)?(?:first|second|third|fourth|last|final)\s+(?:week|fortnight|days)\s+of)"
)
# "the second week of March": days of the month each ordinal week or fortnight covers (None: to the month's end)
_WEEK_DAYS = {"first": (1, 7), "second": (8, 14), "third": (15, 21), "fourth": (22, 28)}
_FORTNIGHT_DAYS = {"first": (1, 14), "second": (15, None)}
_END_DAYS = {"week": 7, "fortnight": 14, "days": 5}  # "the last week of": the month's last seven days

# --------------------------------------------------------------------------
# Date arithmetic helpers (all pure; ValueError/OverflowError are caught by
# the rule runner, so a bad date in text just yields no mention).
# --------------------------------------------------------------------------


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, _last_day(year, month))


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, _last_day(year, month + 1)))


_MONTH_BY_KEY = {m.lower()[:3]: i + 1 for i, m in enumerate(_MONTH_NAMES)}


def _month_num(token: str) -> int:
    return _MONTH_BY_KEY[token.rstrip(".").lower()[:3]]


def _recent_year(month: int, anchor: date) -> int:
    """Year of the most recent ``month`` that started on or before the anchor."""
    return anchor.year if month <= anchor.month else anchor.year - 1


def _nearest_year(month: int, day: int, anchor: date) -> int:
    """Year putting ``month``/``day`` nearest the anchor (future allowed)."""
    best: tuple[int, int] | None = None
    for year in range(anchor.year - 4, anchor.year + 5):  # +-4 finds a Feb 29
        try:
            gap = abs((date(year, month, day) - anchor).days)
        except ValueError:
            continue
        if best is None or gap < best[0]:
            best = (gap, year)
    if best is None:
        raise ValueError("no such day")
    return best[1]


def _part_of_month(part: str, year: int, month: int) -> tuple[date, date, int]:
    """Sub-span of a month for "early", "mid-", "the end of", "first half of"..."""
    part = " ".join(part.lower().split())
    last = _last_day(year, month)
    if "first half" in part:
        return date(year, month, 1), date(year, month, 15), 3
    if "second half" in part:
        return date(year, month, 16), date(year, month, last), 3
    ordinal = re.match(r"(?:the )?(first|second|third|fourth|last|final) (week|fortnight|days) of", part)
    if ordinal:
        return _ordinal_part(ordinal.group(1), ordinal.group(2), year, month)
    if part.startswith(("early", "the start", "start", "the beginning", "beginning")):
        lo, hi = _PART_DAYS["early"]
    elif part.startswith(("mid", "the middle", "middle")):
        lo, hi = _PART_DAYS["mid"]
    else:  # late / end of
        lo, hi = _PART_DAYS["late"]
    return date(year, month, lo), date(year, month, min(hi, last)), 2


def _ordinal_part(which: str, unit: str, year: int, month: int) -> tuple[date, date, int]:
    """"the second week of March", "the final fortnight of December", "the first days of May"."""
    last = _last_day(year, month)
    if which in ("last", "final"):
        return date(year, month, last - _END_DAYS[unit] + 1), date(year, month, last), 2
    if unit == "days":
        return date(year, month, 1), date(year, month, _END_DAYS["days"]), 2
    lo, hi = (_WEEK_DAYS if unit == "week" else _FORTNIGHT_DAYS).get(which, (1, last))
    return date(year, month, lo), date(year, month, min(hi or last, last)), 2


def _part_of_year(part: str | None, year: int) -> tuple[date, date]:
    """Thirds of a year for "early/mid/late 2024"; whole year otherwise."""
    if not part:
        return date(year, 1, 1), date(year, 12, 31)
    part = " ".join(part.lower().split())
    ordinal = re.match(r"(?:the )?(first|second|third|fourth|last|final) (week|fortnight|days) of", part)
    if ordinal:  # "the first week of 2025" is January's, "the last days of 2024" December's
        month = 12 if ordinal.group(1) in ("last", "final") else 1
        first, last, _ = _ordinal_part(ordinal.group(1), ordinal.group(2), year, month)
        return first, last
    if "first half" in part:
        return date(year, 1, 1), date(year, 6, 30)
    if "second half" in part:
        return date(year, 7, 1), date(year, 12, 31)
    if part.startswith(("early", "the start", "start", "the beginning", "beginning")):
        return date(year, 1, 1), date(year, 4, 30)
    if part.startswith(("mid", "the middle", "middle")):
        return date(year, 5, 1), date(year, 8, 31)
    return date(year, 9, 1), date(year, 12, 31)


def _precision_for(first: date, last: date) -> int:
    days = (last - first).days
    if days <= 1:
        return 1
    if days <= 10:
        return 2
    if days <= 31:
        return 3
    return 4


def _weekday_on_or_before(weekday: int, anchor: date) -> date:
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def _week_of(d: date) -> tuple[date, date]:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def _season(name: str, year: int) -> tuple[date, date]:
    """Meteorological seasons; winter ``year`` runs Dec ``year`` - Feb ``year+1``."""
    name = name.lower()
    if name == "winter":
        return date(year, 12, 1), date(year + 1, 2, _last_day(year + 1, 2))
    start = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9}[name]
    return date(year, start, 1), _month_span(year, start + 2)[1]


# --------------------------------------------------------------------------
# Rules: each is a compiled pattern with a group "x" (the expression proper;
# words before it, e.g. "in", only condition the match) and a handler
# returning (first, last, precision, kind, note) or None to drop the match.
# A handler returning _BLOCK consumes the text without a mention, so that
# "three months later" is not read as "three months" ending at the anchor.
# --------------------------------------------------------------------------

_Result = tuple[date, date, int, _Kind, str]
_Handler = Callable[[re.Match[str], date], "_Result | None"]
_BLOCK: _Result = (date.min, date.min, 4, "abs", "block")


def _h_mdy(m: re.Match[str], anchor: date) -> _Result:
    d = date(int(m["year"]), _month_num(m["mon"]), int(m["day"]))
    return d, d, 1, "abs", ""


# "... Obukhovka, Snagost and 10th October": a day and month listed among names is a place named after
# a date (10 let Oktyabrya, Pervoye Maya), not a date: prose puts a preposition or a weekday before a date.
_YEAR_IN = re.compile(r"\b(?:1[89]|20)\d\d\b")
_LISTED_AMONG_NAMES = re.compile(  # "Snagost and |", "Sudzha, Guevo, |" (a dateline "KYIV, |" has one name)
    r"(?:\b(?P<name>[A-Z][\w’'-]+)\s+and|\b[A-Z][\w’'-]+,\s+(?P<second>[A-Z][\w’'-]+),)\s+$")


def _listed_among_names(text: str, start: int) -> bool:
    """The day and month at ``start`` (perhaps "and 10 March") follow a name of a list."""
    lead = re.match(r"and\s+", text[start:])
    prefix = text[max(0, start - 40):start] + ("and " if lead else "")
    before = _LISTED_AMONG_NAMES.search(prefix)
    name = before and (before["name"] or before["second"])
    return bool(name) and name not in _WEEKDAYS and not re.fullmatch(_MONTH_ANY, name)


# A capitalised word right before a bare month makes it a name ("Krasny October", "Red October"), unless
# the word opens the sentence, dates the month itself ("Early October", "Since October") or says whose it is
# (a possessive or a demonym: "Ukraine's August incursion", "the Ukrainian August push").
_NAME_BEFORE_MONTH = re.compile(r"(?<=\S\s)(?P<word>[A-Z][\w’'-]+)\s+$")
_MONTH_MODIFIERS = frozenset({"early", "late", "mid", "last", "next", "this", "since", "in", "by", "until", "from",
                              "through", "during", "before", "after", "that", "each", "every"})


def _ends_a_name(text: str, hit: _Hit) -> bool:
    """Whether a bare month is the last word of a place's name ("Krasny October, Krasny Khutor")."""
    if not re.fullmatch(_MONTH_FULL, text[hit.start:hit.end]):
        return False
    before = _NAME_BEFORE_MONTH.search(text, max(0, hit.start - 40), hit.start)
    word = before["word"] if before else ""
    return bool(word) and word.casefold() not in _MONTH_MODIFIERS and word not in _WEEKDAYS \
        and not word.endswith(("'s", "’s", "ian", "ean", "ish", "ese")) \
        and not re.fullmatch(_MONTH_ANY, word)


def _h_md(m: re.Match[str], anchor: date) -> _Result:
    month, day = _month_num(m["mon"]), int(m["day"])
    d = date(_nearest_year(month, day, anchor), month, day)
    return d, d, 1, "year", ""


def _h_day_range(m: re.Match[str], anchor: date) -> _Result:
    month = _month_num(m["mon"])
    lo, hi = sorted((int(m["day"]), int(m["day2"])))
    year = int(m["year"]) if m["year"] else _nearest_year(month, lo, anchor)
    first, last = date(year, month, lo), date(year, month, hi)
    precision = 1 if lo == hi else 2 if hi - lo <= 10 else 3
    return first, last, precision, "abs" if m["year"] else "year", ""


def _h_iso(m: re.Match[str], anchor: date) -> _Result:
    d = date(int(m["year"]), int(m["mm"]), int(m["dd"]))
    return d, d, 1, "abs", ""


def _numeric_dmy(a: int, b: int, year: int) -> tuple[date, str]:
    """DD/MM/YYYY unless only MM/DD/YYYY is a valid date."""
    if a > 12 >= b or (a <= 12 and b <= 12):
        note = "ambiguous day/month order, read as DD/MM" if a != b and a <= 12 else ""
        return date(year, b, a), note
    return date(year, a, b), "read as MM/DD (no month above 12)"


def _h_numeric(m: re.Match[str], anchor: date) -> _Result:
    d, note = _numeric_dmy(int(m["a"]), int(m["b"]), int(m["year"]))
    return d, d, 1, "abs", note


def _h_month_year(m: re.Match[str], anchor: date) -> _Result:
    first, last = _month_span(int(m["year"]), _month_num(m["mon"]))
    return first, last, 3, "abs", ""


def _h_part_month(m: re.Match[str], anchor: date) -> _Result:
    month = _month_num(m["mon"])
    year = int(m["year"]) if m["year"] else _recent_year(month, anchor)
    first, last, precision = _part_of_month(m["part"], year, month)
    return first, last, precision, "abs" if m["year"] else "year", ""


def _h_month(m: re.Match[str], anchor: date) -> _Result:
    month = _month_num(m["mon"])
    mod = (m["mod"] or "").lower()
    year = _recent_year(month, anchor)
    if mod == "last" and year == anchor.year and month == anchor.month:
        year -= 1  # "last March" said in March means a year ago
    elif mod == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    first, last = _month_span(year, month)
    return first, last, 3, "year", ""


def _h_month_range(m: re.Match[str], anchor: date) -> _Result:
    m1, m2 = _month_num(m["mon"]), _month_num(m["mon2"])
    y2 = int(m["year"]) if m["year"] else _recent_year(m2, anchor)
    y1 = y2 if m1 <= m2 else y2 - 1
    first, last = date(y1, m1, 1), _month_span(y2, m2)[1]
    return first, last, 3 if (y1, m1) == (y2, m2) else 4, "abs" if m["year"] else "year", ""


def _h_turn(m: re.Match[str], anchor: date) -> _Result | None:
    """"As December tipped into January": the week either side of the turn."""
    m1, m2 = _month_num(m["mon"]), _month_num(m["mon2"])
    if m2 != m1 % 12 + 1:
        return None
    y2 = _recent_year(m2, anchor)
    y1 = y2 if m1 < m2 else y2 - 1
    return date(y1, m1, _last_day(y1, m1) - 6), date(y2, m2, 7), 2, "year", ""


def _h_new_year(m: re.Match[str], anchor: date) -> _Result:
    """"at the turn of the year", "around New Year": Dec 25 - Jan 7."""
    year = anchor.year + 1 if anchor >= date(anchor.year, 12, 25) else anchor.year
    return date(year - 1, 12, 25), date(year, 1, 7), 2, "year", ""


def _h_holiday(m: re.Match[str], anchor: date) -> _Result:
    name = " ".join(m["x"].lower().replace("’", "'").split())
    if "eve" in name and "new" in name:
        month, day = 12, 31
    elif "new" in name:
        month, day = 1, 1
    elif "eve" in name:
        month, day = 12, 24
    else:
        month, day = 12, 25
    year = anchor.year if date(anchor.year, month, day) <= anchor else anchor.year - 1
    d = date(year, month, day)
    return d, d, 1, "year", ""


def _h_easter_feast(m: re.Match[str], anchor: date) -> _Result:
    """"on Palm Sunday", "at Easter": the Orthodox date (the churches of both sides keep it), the most recent
    one on or before the report."""
    offset = _EASTER_OFFSETS[" ".join(m["feast"].lower().split())]
    if m["year"]:  # "Easter 2024"
        day = easter(int(m["year"]), EASTER_ORTHODOX) + timedelta(days=offset)
        return day, day, 1, "abs", "the Orthodox date"
    day = easter(anchor.year, EASTER_ORTHODOX) + timedelta(days=offset)
    if day > anchor:
        day = easter(anchor.year - 1, EASTER_ORTHODOX) + timedelta(days=offset)
    return day, day, 1, "year", "the Orthodox date"


_EASTER_OFFSETS = {"palm sunday": -7, "easter": 0, "easter sunday": 0, "orthodox easter": 0, "good friday": -2,
                   "holy saturday": -1, "easter monday": 1}


def _h_season(m: re.Match[str], anchor: date) -> _Result | None:
    name = m["season"].lower()
    mod = " ".join((m["mod"] or "").lower().split())
    if m["year"]:
        first, last = _season(name, int(m["year"]))
        return first, last, 4, "abs", ""
    if mod in ("", "the", "early", "late", "mid") and not m["prep"]:
        return None  # "the spring offensive", "the fall of Sudzha" are not times
    year = anchor.year
    while _season(name, year)[0] > anchor:
        year -= 1
    if mod == "last" or mod == "past":
        while _season(name, year)[1] >= anchor:
            year -= 1
    elif mod in ("next", "coming", "this coming"):
        year += 1
    first, last = _season(name, year)
    return first, last, 4, "year", ""


def _h_day_word(m: re.Match[str], anchor: date) -> _Result:
    word = " ".join(m["x"].lower().split())
    if "before yesterday" in word:
        d = anchor - timedelta(days=2)
        return d, d, 1, "offset", ""
    if word.startswith(("yesterday", "last night")):
        d = anchor - timedelta(days=1)
        return (d, anchor, 1, "offset", "") if "night" in word else (d, d, 1, "offset", "")
    if word.startswith("tomorrow"):
        d = anchor + timedelta(days=1)
        return d, d, 1, "offset", ""
    if word in ("overnight", "during the night", "in the night"):  # the night before the report
        return anchor - timedelta(days=1), anchor, 1, "offset", ""
    return anchor, anchor, 1, "offset", ""


def _h_calendar_unit(m: re.Match[str], anchor: date) -> _Result:
    """"last week", "early last month", "earlier this year", "late last year"."""
    which = m["which"].lower()
    unit = m["unit"].lower()
    part = " ".join((m["part"] or "").lower().split())
    step = {"last": -1, "previous": -1, "this": 0, "next": 1}[which]
    if unit in ("week", "weekend"):
        monday, sunday = _week_of(anchor + timedelta(weeks=step))
        if unit == "weekend":
            return sunday - timedelta(days=1), sunday, 2, "offset", ""
        first, last = monday, sunday
    elif unit == "month":
        first, last = _month_span(*_year_month(_add_months(anchor.replace(day=1), step)))
    else:
        first, last = date(anchor.year + step, 1, 1), date(anchor.year + step, 12, 31)
    if part in ("earlier", "so far"):
        last = min(last, anchor)
    elif part == "later":
        first = max(first, anchor)
    elif part and unit == "month":
        first, last, _ = _part_of_month(part, first.year, first.month)
        return first, last, 2, "offset", ""
    elif part and unit == "year":
        first, last = _part_of_year(part, first.year)
        return first, last, 4, "offset", ""
    elif part:  # "early last week": still a few days
        return first, last, 2, "offset", ""
    precision = {"week": 2, "month": 3, "year": 4}[unit]
    return first, last, max(precision, _precision_for(first, last)), "offset", ""


def _year_month(d: date) -> tuple[int, int]:
    return d.year, d.month


_WEEKDAY_INDEX = {d.lower(): i for i, d in enumerate(_WEEKDAYS)}


def _h_weekday(m: re.Match[str], anchor: date) -> _Result:
    weekday = _WEEKDAY_INDEX[m["wd"].lower()]
    mod = " ".join((m["mod"] or "").lower().split())
    d = _weekday_on_or_before(weekday, anchor)
    if mod in ("last", "this past", "past") and d == anchor:
        d -= timedelta(days=7)
    elif mod in ("next", "this coming", "coming"):
        d = anchor + timedelta(days=(weekday - anchor.weekday()) % 7 or 7)
    return d, d, 1, "offset", ""


def _count(token: str, unit: str) -> tuple[int, bool]:
    """(number, vague?) for "three", "24", "a few", "a couple of"."""
    token = " ".join(token.lower().split())
    for word, value in _VAGUE.items():
        if word in token:
            if word == "few" and unit.startswith(("month", "year")):
                value = 3
            return value, True
    if token.isdigit():
        return int(token), False
    return _NUMBER_WORDS[token], False


def _back(anchor: date, n: int, unit: str) -> date:
    unit = unit.lower().rstrip("s")
    if unit == "hour":
        return anchor - timedelta(days=-(-n // 24))
    if unit == "day":
        return anchor - timedelta(days=n)
    if unit == "week":
        return anchor - timedelta(weeks=n)
    if unit == "month":
        return _add_months(anchor, -n)
    if unit == "year":
        return _add_months(anchor, -12 * n)
    return _add_months(anchor, -120 * n)  # decade


def _h_past(m: re.Match[str], anchor: date) -> _Result:
    """"the past 24 hours", "past few days", "the last few weeks", "past week"."""
    unit = m["unit"]
    n, vague = _count(m["n"], unit) if m["n"] else (1, False)
    first = _back(anchor, n, unit)
    precision = _precision_for(first, anchor)
    if vague and not unit.lower().startswith(("day", "hour")):
        precision = 4
    return first, anchor, precision, "offset", ""


def _h_coming(m: re.Match[str], anchor: date) -> _Result:
    """"in the coming days", "the next few weeks": a span ahead of the anchor."""
    unit = m["unit"]
    if m["n"]:
        n, vague = _count(m["n"], unit)
    elif unit.lower().endswith("s"):  # "the coming days": a few
        n, vague = _VAGUE["few"], True
    else:  # "the coming week"
        n, vague = 1, False
    last = _back(anchor, -n, unit)
    precision = _precision_for(anchor, last)
    if vague and not unit.lower().startswith(("day", "hour")):
        precision = 4
    return anchor, last, precision, "offset", ""


def _h_duration(m: re.Match[str], anchor: date) -> _Result | None:
    """"in just three months", "for two years", "three days ago"."""
    unit, tail = m["unit"], (m["tail"] or "").lower()
    n, vague = _count(m["n"], unit)
    if tail in ("later", "earlier", "before", "after", "prior", "into", "on"):
        return _BLOCK  # counted from another event, not from the anchor
    plural = unit.lower().endswith("s")
    if tail == "ago":
        return _ago(anchor, n, unit.lower().rstrip("s"), vague)
    if tail in ("from now", "away") or (m["dir"] or "").lower() in ("next", "coming"):
        return anchor, _back(anchor, -n, unit), 4, "offset", ""
    if (m["dir"] or "").lower() == "first":
        return _BLOCK  # "the first three months of the war"
    if not plural and not m["prep"]:
        return None  # "twice a day", "a year" in passing
    first = _back(anchor, n, unit)
    precision = _precision_for(first, anchor)
    if vague and not unit.lower().startswith(("day", "hour")):
        precision = 4
    return first, anchor, precision, "offset", ""


def _ago(anchor: date, n: int, unit: str, vague: bool) -> _Result:
    if unit in ("hour", "day"):
        d = _back(anchor, n, unit)
        if vague:
            return d - timedelta(days=3), anchor, 2, "offset", ""
        return d, d, 1, "offset", ""
    if unit == "week":
        d = _back(anchor, n, unit)
        if vague:
            return _back(anchor, n + 3, unit), anchor - timedelta(days=7), 4, "offset", ""
        return d - timedelta(days=3), d + timedelta(days=3), 2, "offset", ""
    if unit == "month":
        d = _back(anchor, n, unit)
        if vague:
            return _back(anchor, n + 2, unit), _back(anchor, 1, unit), 4, "offset", ""
        first, last = _month_span(d.year, d.month)
        return first, last, 3, "offset", ""
    d = _back(anchor, n, unit)
    return date(d.year, 1, 1), date(d.year, 12, 31), 4, "offset", ""


def _h_vague_ago(m: re.Match[str], anchor: date) -> _Result | None:
    """"just days after", "days ago", "weeks ago" (no number given)."""
    unit, tail = m["unit"].lower(), m["tail"].lower()
    if unit == "days":
        return anchor - timedelta(days=7), anchor, 2, "offset", ""
    if tail in ("after", "later"):
        return _BLOCK
    if unit == "weeks":
        return _back(anchor, 8, "week"), anchor - timedelta(days=7), 4, "offset", ""
    return _back(anchor, 12, "month"), _back(anchor, 1, "month"), 4, "offset", ""


def _h_year(m: re.Match[str], anchor: date) -> _Result | None:
    year = int(m["year"])
    if not 1800 <= year <= 2099:
        return None
    if m["year2"] or m["year3"]:
        y2 = int(m["year2"] or m["year3"])
        if y2 < 100:
            y2 = year - year % 100 + y2
        if not year < y2 <= year + 20:
            return None
        return date(year, 1, 1), date(y2, 12, 31), 4, "abs", ""
    first, last = _part_of_year(m["part"], year)
    # "in 2024", read in an article of 27 August 2024, reports January to August: a report speaks of the past
    last = min(last, max(first, anchor))
    return first, last, 2 if (last - first).days < 15 else 4, "abs", ""


def _h_decade(m: re.Match[str], anchor: date) -> _Result:
    start = int(m["decade"])
    first, last = date(start, 1, 1), date(start + 9, 12, 31)
    part = (m["part"] or "").lower()
    if part.startswith("early"):
        last = date(start + 3, 12, 31)
    elif part.startswith("mid"):
        first, last = date(start + 3, 1, 1), date(start + 6, 12, 31)
    elif part.startswith("late"):
        first = date(start + 6, 1, 1)
    return first, last, 4, "abs", ""


_WD_PREFIX = rf"(?:{_WEEKDAY},?\s+)?"
_YEAR_STOP = (
    r"(?!\s*(?:%|(?i:percent|per\b|troops|soldiers|men\b|people|civilians|km|sq\b|square|"
    r"kilomet|miles|metres|meters|tons|tonnes|shells|casualties|dead\b|killed|wounded|"
    r"prisoners|personnel|fighters|vehicles|tanks|drones|missiles|rockets|rounds|"
    r"residents|refugees|units|hectares|acres)))"
)

_RULES: list[tuple[re.Pattern[str], _Handler]] = [
    (re.compile(rf"(?P<x>{_WD_PREFIX}(?P<mon>{_MONTH_ANY})\s+{_DAY}(?:\s*,\s*|\s+){_YEAR})"), _h_mdy),
    (re.compile(
        rf"(?P<x>{_WD_PREFIX}(?:(?i:the)\s+)?{_DAY}(?:\s+(?i:of))?[\s\-]+(?P<mon>{_MONTH_ANY})"
        rf"(?:\s*,\s*|[\s\-]+){_YEAR})"), _h_mdy),
    (re.compile(rf"(?P<x>{_WD_PREFIX}(?P<mon>{_MONTH_ANY})\s+{_DAY})"), _h_md),
    (re.compile(rf"(?P<x>{_WD_PREFIX}(?:(?i:the)\s+)?{_DAY}(?:\s+(?i:of))?\s+(?P<mon>{_MONTH_ANY}))"), _h_md),
    (re.compile(
        rf"(?P<x>(?P<mon>{_MONTH_ANY})\s+{_DAY}\s*(?:{_DASH}|(?i:to|through|and))\s*"
        rf"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?:(?:\s*,\s*|\s+){_YEAR})?)"), _h_day_range),
    (re.compile(
        rf"(?P<x>{_DAY}\s*(?:{_DASH}|(?i:to|and))\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\s+"
        rf"(?P<mon>{_MONTH_ANY})(?:(?:\s*,\s*|\s+){_YEAR})?)"), _h_day_range),
    (re.compile(
        r"(?<![\d/.\-])(?P<x>(?P<year>[12]\d{3})([-/.])(?P<mm>[01]?\d)\3(?P<dd>[0-3]?\d)"
        r"(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+\-]\d\d:?\d\d)?)?)(?![\d/.\-]?\d)"), _h_iso),
    (re.compile(
        r"(?<![\d/.\-])(?P<x>(?P<a>[0-3]?\d)([/.\-])(?P<b>[0-3]?\d)\3(?P<year>[12]\d{3}))(?![\d/.\-]?\d)"),
        _h_numeric),
    (re.compile(rf"(?P<x>(?P<mon>{_MONTH_ANY})(?:\s+(?i:of))?,?\s+{_YEAR}){_YEAR_STOP}"), _h_month_year),
    (re.compile(
        rf"(?P<x>(?i:{_PART_WORDS})(?:\s+|\s*{_DASH}\s*)(?P<mon>{_MONTH_FULL}|{_MONTH_ANY})"
        rf"(?:(?:\s*,\s*|\s+)(?:(?i:of)\s+)?{_YEAR})?)"), _h_part_month),
    (re.compile(
        rf"(?:(?i:\b(?:in|during|since|by|until|till|from|through|throughout|of|before|after|"
        rf"around|between|and|or|to|on|for)\b)\s+)(?P<x>(?:(?P<mod>(?i:last|this|next))\s+)?"
        rf"(?P<mon>{_MONTH_FULL}))"), _h_month),
    (re.compile(rf"(?P<x>(?:(?P<mod>(?i:last|this|next))\s+)?(?P<mon>{_MONTH_BARE}))"), _h_month),
    (re.compile(
        rf"(?P<x>(?:(?i:from|between)\s+)?(?P<mon>{_MONTH_FULL})\s*(?:{_DASH}|(?i:to|through|until|and))\s*"
        rf"(?P<mon2>{_MONTH_FULL})(?:,?\s+{_YEAR})?)"), _h_month_range),
    (re.compile(
        rf"(?P<x>(?:(?i:as|when|while)\s+)?(?P<mon>{_MONTH_FULL})\s+"
        rf"(?i:tipped|tips|turned|turns|gave\s+way|gives\s+way|rolled|rolls|slipped|slips|passed|"
        rf"bled|melted|moved|became)\s+(?i:in)?(?i:to)\s+(?P<mon2>{_MONTH_FULL}))"), _h_turn),
    (re.compile(
        r"(?P<x>(?i:(?:the\s+)?turn\s+of\s+the\s+year|(?:around|over|at)\s+(?:the\s+)?new\s+year)"
        r"(?![’']s))"), _h_new_year),
    (re.compile(r"(?P<x>(?i:new\s+year[’']?s(?:\s+eve|\s+day)?|christmas(?:\s+eve|\s+day)?))"), _h_holiday),
    (re.compile(r"(?P<x>(?P<feast>(?i:palm\s+sunday|good\s+friday|holy\s+saturday|(?:orthodox\s+)?easter"
                r"(?:\s+sunday|\s+monday)?))(?:\s+(?P<year>20\d\d))?)\b"), _h_easter_feast),
    (re.compile(
        r"(?:(?P<prep>(?i:in|during|over|through|throughout|since|by|until|all|across))\s+)?"
        r"(?P<x>(?:(?P<mod>(?i:this\s+coming|this\s+past|the|this|that|last|next|past|coming|"
        r"early|late|mid))[\s\-]+)?(?P<season>(?i:winter|spring|summer|fall|autumn))"
        r"(?:(?:\s+(?i:of))?\s+" + _YEAR + r")?)(?!\s+(?i:of)\s+(?!\d))"), _h_season),
    (re.compile(
        r"(?P<x>(?i:\b(?:the\s+day\s+before\s+yesterday|yesterday(?:\s+(?:morning|afternoon|evening))?|"
        r"last\s+night|today|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today|"
        r"tomorrow|overnight(?=\s+(?:on|into|to)\b|\s*[,.;])|(?:during|in)\s+the\s+night(?!\s+(?:of|before|after)\b)))\b)"),
        _h_day_word),
    (re.compile(
        r"(?P<x>(?i:\b(?:(?P<part>early|mid|late|earlier|later|so\s+far|the\s+end\s+of|end\s+of|"
        r"the\s+start\s+of|start\s+of|the\s+beginning\s+of|beginning\s+of|the\s+middle\s+of|"
        r"the\s+first\s+half\s+of|the\s+second\s+half\s+of)[\s\-]+)?"
        r"(?P<which>last|this|next|previous)\s+(?P<unit>week|weekend|month|year)\b))"),
        _h_calendar_unit),
    (re.compile(
        rf"(?P<x>(?:(?P<mod>(?i:last|this\s+past|this\s+coming|this|next|past|coming))\s+)?"
        rf"(?P<wd>{_WEEKDAY})(?:\s+(?i:morning|afternoon|evening|night))?)"), _h_weekday),
    (re.compile(
        r"(?P<x>(?i:\b(?:the\s+)?(?:past|last|previous)\s+(?:" + _QUANT + r"\s+)?"
        r"(?P<unit>hours?|days?|weeks?|months?|years?|decades?)\b))"), _h_past),
    (re.compile(
        r"(?:(?P<prep>(?i:in|over|for|during|within|after|throughout|across))\s+)?"
        r"(?P<x>(?i:(?:(?:the\s+)?(?P<dir>first|next|coming|last|past)\s+)?"
        r"(?:(?:just|only|nearly|almost|about|around|some|roughly|barely|more\s+than|less\s+than)\s+)?"
        r"\b" + _QUANT + r"\s+(?P<unit>hours?|days?|weeks?|months?|years?|decades?)\b)"
        r"(?:\s+(?P<tail>(?i:ago|earlier|later|before|after|prior|from\s+now|away|into|on)\b))?)"),
        _h_duration),
    (re.compile(
        r"(?P<x>(?i:\b(?:the\s+)?(?:coming|next)\s+(?:" + _QUANT + r"\s+)?"
        r"(?P<unit>hours?|days?|weeks?|months?|years?)\b))"), _h_coming),
    (re.compile(
        r"(?P<x>(?i:\b(?:(?:just|only|mere|a\s+few)\s+)?(?P<unit>days|weeks|months)\s+"
        r"(?P<tail>after|ago|earlier|later)\b))"), _h_vague_ago),
    (re.compile(
        r"(?<![\d,.$€£#№/\-])(?P<x>(?:(?i:" + _PART_WORDS + r")(?:\s+|\s*" + _DASH + r"\s*))?"
        r"(?P<year>[12]\d{3})(?:\s*(?:" + _DASH + r"|/)\s*(?P<year2>[12]\d{3}|\d{2})"
        r"|\s+(?i:to|and)\s+(?P<year3>[12]\d{3}))?)"
        r"(?![\d,.]\d|[\d'’]|\s*\+)" + _YEAR_STOP), _h_year),
    (re.compile(
        r"(?P<x>(?:(?i:the)\s+)?(?:(?P<part>(?i:early|mid|late))[\s\-]+)?"
        r"(?P<decade>1[5-9]\d0|20\d0)['’]?s)\b"), _h_decade),
]

# Gating: a rule runs only when its cheap gate (C-level substring tests or a
# literal-led regex) fires, which keeps date-free sentences fast; each gate
# is evaluated at most once per text.
_MONTH_KEYS = tuple(k for m in _MONTH_NAMES for k in (m[:3], m[:3].upper()))
_WEEKDAY_KEYS = tuple(k for d in _WEEKDAYS for k in (d[:3], d[:3].upper()))
_MONTH_GATE = re.compile("|".join(_MONTH_KEYS))
_WEEKDAY_GATE = re.compile("|".join(_WEEKDAY_KEYS))
_YEAR4_GATE = re.compile(r"\d\d\d\d")
_NUMERIC_GATE = re.compile(r"\d[/.\-]\d")
_UNIT_WORD = re.compile(r"\b(?:hours?|days?|weeks?|weekend|months?|years?|decades?)\b", re.IGNORECASE)
_Gate = Callable[[str, str], bool]
_GATES: dict[str, _Gate] = {
    "month": lambda raw, low: _MONTH_GATE.search(raw) is not None,
    "weekday": lambda raw, low: _WEEKDAY_GATE.search(raw) is not None,
    "unit": lambda raw, low: _UNIT_WORD.search(raw) is not None,
    "year4": lambda raw, low: _YEAR4_GATE.search(raw) is not None,
    "numeric": lambda raw, low: _NUMERIC_GATE.search(raw) is not None,
    "holiday": lambda raw, low: "year" in low or "christmas" in low,
    "feast": lambda raw, low: "easter" in low or "palm sunday" in low or "good friday" in low or "holy saturday" in low,
    "season": lambda raw, low: any(k in low for k in ("winter", "spring", "summer", "fall", "autumn")),
    "dayword": lambda raw, low: any(k in low for k in (
        "yesterday", "today", "tonight", "tomorrow", "night", "morning", "afternoon", "evening")),
    "decade": lambda raw, low: "0s" in raw or "0's" in raw or "0’s" in raw,
}
# Gates whose matches every rule match contains: such rules scan only
# windows around them (see _windows); the others scan the whole text.
_FOCUS: dict[str, re.Pattern[str]] = {
    "month": re.compile(_MONTH_ANY),
    "unit": _UNIT_WORD,
    "year4": _YEAR4_GATE,
    "weekday": _WEEKDAY_GATE,
}
_RULE_GATE: dict[_Handler, str] = {
    _h_mdy: "month", _h_md: "month", _h_day_range: "month", _h_iso: "numeric",
    _h_numeric: "numeric", _h_month_year: "month", _h_part_month: "month",
    _h_month: "month", _h_month_range: "month", _h_turn: "month",
    _h_new_year: "holiday", _h_holiday: "holiday", _h_easter_feast: "feast", _h_season: "season",
    _h_day_word: "dayword", _h_calendar_unit: "unit", _h_weekday: "weekday",
    _h_past: "unit", _h_duration: "unit", _h_coming: "unit", _h_vague_ago: "unit",
    _h_year: "year4", _h_decade: "decade",
}

# Rules without case-sensitive parts run on the lower-cased text with their
# (?i:...) groups made plain and a word-start lead: case-folded matching
# and mid-word starts made these scans several times slower.
_CASELESS = {_h_new_year, _h_holiday, _h_easter_feast, _h_season, _h_day_word, _h_calendar_unit,
             _h_past, _h_duration, _h_coming, _h_vague_ago, _h_year, _h_decade}
_LOWER_PATTERNS: dict[int, re.Pattern[str]] = {
    i: re.compile(r"(?<!\w)(?=\w)" + p.pattern.replace("(?i:", "(?:"))
    for i, (p, h) in enumerate(_RULES) if h in _CASELESS
}

_PREFIX = re.compile(r"(?i:\b(since|by|until|till)\s+)$")


# --------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------


def _rule_hits(text: str, anchor: date) -> list[_Hit]:
    hits: list[_Hit] = []
    low = text.lower()
    scopes: dict[str, list[tuple[int, int]]] = {}
    same_length = len(low) == len(text)  # lower() can lengthen a few letters
    for i, (pattern, handler) in enumerate(_RULES):
        gate = _RULE_GATE[handler]
        if gate not in scopes:
            scopes[gate] = _scope(gate, text, low)
        target = text
        if same_length and i in _LOWER_PATTERNS:
            pattern, target = _LOWER_PATTERNS[i], low
        for lo, hi in scopes[gate]:
            for m in pattern.finditer(target, lo, hi):
                hit = _run(handler, m, anchor)
                if hit is not None:
                    hits.append(hit)
    return hits


def _scope(gate: str, text: str, low: str) -> list[tuple[int, int]]:
    """Where a gate's rules must look: nowhere, focus windows or everywhere."""
    if not _GATES[gate](text, low):
        return []
    if gate in _FOCUS:
        return _windows(text, _FOCUS[gate])
    return [(0, len(text))]


def _windows(text: str, focus: re.Pattern[str], before: int = 64, after: int = 40) -> list[tuple[int, int]]:
    """Merged text windows around each ``focus`` match, cut at whitespace.

    Rules whose patterns open with optional words are slow to scan over a
    whole sentence; their matches always contain a focus word, so scanning
    only around it gives the same matches much faster.
    """
    windows: list[tuple[int, int]] = []
    for m in focus.finditer(text):
        lo = text.rfind(" ", 0, max(0, m.start() - before)) + 1
        hi = text.find(" ", min(len(text), m.end() + after))
        hi = len(text) if hi < 0 else hi
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
        else:
            windows.append((lo, hi))
    return windows


def _run(handler: _Handler, m: re.Match[str], anchor: date) -> _Hit | None:
    try:
        result = handler(m, anchor)
    except (ValueError, OverflowError, KeyError):
        return None  # impossible date ("February 30") or out of range
    if result is None:
        return None
    first, last, precision, kind, note = result
    if result is not _BLOCK and first > last:
        return None
    return _Hit(m.start("x"), m.end("x"), first, last, precision, kind, note)


def _select(hits: list[_Hit]) -> list[_Hit]:
    """Non-overlapping hits, longest first; ties go to the earlier rule."""
    chosen: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: h.start - h.end):  # stable: rule order kept
        if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def _apply_prefix(text: str, hit: _Hit, anchor: date) -> _Hit:
    """"since August" -> Aug 1 .. anchor; "by Monday" / "until X" -> a note."""
    m = _PREFIX.search(text, max(0, hit.start - 12), hit.start)
    if m is None:
        return hit
    word = m[1].lower()
    if word == "since":
        if hit.first > anchor:
            return hit
        days = (anchor - hit.first).days
        precision = 2 if days <= 10 else 4
        return replace(hit, start=m.start(), last=anchor, precision=precision, kind="offset",
                       note="since")
    return replace(hit, start=m.start(), note="by" if word == "by" else "until")


def _historical(last: date) -> bool:
    """Clearly before the campaign era: ended over a year before it began."""
    return last < settings.CAMPAIGN_START - timedelta(days=365)


def _hits(text: str, anchor: date) -> list[_Hit]:
    if not isinstance(text, str) or not text:
        return []
    if isinstance(anchor, datetime):  # a datetime would not compare with dates
        anchor = anchor.date()
    chosen = [h for h in _select(_rule_hits(text, anchor)) if h.note != "block"]
    chosen = [_apply_prefix(text, h, anchor) for h in chosen]
    if _dp_gate(text) and _DP_HINT.search(text):
        chosen = _select(chosen + _dateparser_hits(text, chosen, anchor))
    return [h for h in chosen if not (h.precision == 1 and not _YEAR_IN.search(text, h.start, h.end)
                                      and _listed_among_names(text, h.start)) and not _ends_a_name(text, h)]


def _to_mention(text: str, hit: _Hit) -> TimeMention:
    span = TimeSpan(hit.first, hit.last, hit.precision, text[hit.start:hit.end], False, hit.note)
    return TimeMention(hit.start, hit.end, span, hit.kind != "abs", _historical(hit.last))


def find_times(text: str, *, anchor: date) -> list[TimeMention]:
    """All time expressions in a sentence or paragraph.

    Parameters
    ----------
    text : str
        Any text; never raises on odd input.
    anchor : date
        The publication date relative expressions are resolved against.

    Returns
    -------
    list of TimeMention
        In text order, non-overlapping (the longest match wins).
    """
    return [_to_mention(text, h) for h in _hits(text, anchor)]


def resolve_sentence(
    sentence: str, *, anchor: date, anchor_precision: int = 1, statement_at: Sequence[int] = ()
) -> TimeSpan | None:
    """The best span for the event a sentence describes.

    The most specific mention (lowest precision, then shortest span) that is
    not historical; a historical one only when the sentence has nothing else.
    When ``anchor_precision > 1`` (the publication date was itself inferred),
    spans resolved against the anchor get ``precision >= anchor_precision``,
    ``inferred=True`` and a note; offsets such as "last week" are also widened
    by the anchor's own uncertainty (about 3 days, 15 days or 6 months for
    anchor precision 2, 3 or 4).

    Parameters
    ----------
    sentence : str
        The sentence.
    anchor : date
        Publication date.
    anchor_precision : int
        ACLED precision of ``anchor`` (1 when it was stated).
    statement_at : sequence of int
        Offsets of reporting verbs: a time expression beside one ("said on
        Monday") dates the statement, and is used for the event only when
        the sentence has no other.

    Returns
    -------
    TimeSpan or None
        None when the sentence has no time expression.
    """
    mentions = [(h, _to_mention(sentence, h)) for h in _hits(sentence, anchor)]
    of_event = [(h, tm) for h, tm in mentions if not any(_dates_statement(sentence, tm, at) for at in statement_at)]
    if not mentions:
        return None
    spans = [_with_anchor_doubt(h, tm.span, anchor_precision) for h, tm in (of_event or mentions)]
    if not of_event:
        spans = [_reported_by(s) for s in spans]
    current = [s for s, (_, tm) in zip(spans, mentions) if not tm.historical]
    pool = current or spans
    return min(pool, key=lambda s: (s.precision, (s.end - s.start).days, s.inferred))


def latest_event_day(sentence: str, *, anchor: date, statement_at: Sequence[int] = ()) -> TimeSpan | None:
    """The latest single day the sentence dates an event on, not the statement's day ("said on Friday")
    and not a historical one; None when it names no day. "A woman hurt on May 19 had died on Friday
    morning": Friday, the day the story has reached."""
    days = [tm.span for tm in (_to_mention(sentence, h) for h in _hits(sentence, anchor))
            if not tm.historical and tm.span.precision == 1 and tm.span.start == tm.span.end
            and not any(_dates_statement(sentence, tm, at) for at in statement_at)]
    return max(days, key=lambda span: span.end) if days else None


def _dates_statement(sentence: str, mention: TimeMention, verb_at: int) -> bool:
    """Whether a time expression beside a reporting verb dates the statement ("said on Monday"),
    not the reported clause ("said that on New Year's Eve drones swarmed")."""
    near = abs(mention.start - verb_at) <= STATEMENT_DATE_CHARS or abs(mention.end - verb_at) <= STATEMENT_DATE_CHARS
    if near:
        return not (mention.start >= verb_at and _COMPLEMENTIZER.search(sentence, verb_at, mention.start))
    # "Last week, U.S. Secretary of State Antony Blinken said": a fronted date, then only the subject
    return mention.end <= verb_at and _FRONTED_SUBJECT.fullmatch(sentence, mention.end, verb_at) is not None


_COMPLEMENTIZER = re.compile(r"\bthat\b", re.I)  # opens the reported clause: what follows is the event's
# ", the ministry ", ", U.S. Secretary of State Antony Blinken ": between a fronted date and its verb
_FRONTED_SUBJECT = re.compile(r"\s*,\s+(?:[^,;:.!?\"“”]|\.(?!\s)|(?<=\b[A-Z])\.){1,60}?\s*")


def _reported_by(statement: TimeSpan) -> TimeSpan:
    """An event dated only by the statement reporting it ("said on Thursday that missiles hit"):
    on that day or the day before, as reports of strikes and captures come the morning after."""
    if statement.precision > 1:
        return statement
    return replace(statement, start=statement.start - timedelta(days=STATEMENT_LAG_DAYS), precision=2,
                   note="the statement's date: the event was on it or the day before")


_DOUBT_DAYS = {2: 3, 3: 15, 4: 182}
STATEMENT_DATE_CHARS = 12  # "said on Monday", "on Monday announced": the date of the statement
STATEMENT_LAG_DAYS = 1  # an event known only by its statement's date may be that far before it


def _with_anchor_doubt(hit: _Hit, span: TimeSpan, anchor_precision: int) -> TimeSpan:
    if anchor_precision <= 1 or hit.kind == "abs":
        return span
    level = min(int(anchor_precision), 4)
    note = "resolved against an inferred publication date"
    if hit.kind == "offset":
        pad = timedelta(days=_DOUBT_DAYS[level])
        try:
            return replace(span, start=span.start - pad, end=span.end + pad,
                           precision=max(span.precision, level), inferred=True,
                           note=_join_note(span.note, note + " (widened)"))
        except OverflowError:
            pass
    return replace(span, precision=max(span.precision, level), inferred=True,
                   note=_join_note(span.note, note))


def _join_note(a: str, b: str) -> str:
    return f"{a}; {b}" if a else b


# --------------------------------------------------------------------------
# dateparser fallback: only for date-looking text the rules left unmatched
# (it is ~1-2 ms a call and finds "may" or "now" in running text).
# --------------------------------------------------------------------------

_DP_HINT = re.compile(
    rf"(?<![\d/.\-])\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{2}}(?![\d/.\-]?\d)"
    rf"|{_MONTH_ANY}[^\w\n]{{0,3}}(?:(?i:the)\s+)?\d"
    rf"|\d[^\w\n]{{0,3}}(?:(?i:of)\s+)?{_MONTH_ANY}"
)


def _dp_gate(text: str) -> bool:
    if _GATES["numeric"](text, ""):
        return True
    return _GATES["month"](text, "") and any(d in text for d in "0123456789")


def _dp_settings(anchor: date) -> dict[str, object]:
    return {
        "RELATIVE_BASE": datetime(anchor.year, anchor.month, anchor.day),
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
        "STRICT_PARSING": False,
        "REQUIRE_PARTS": ["month"],
    }


def _dateparser_hits(text: str, chosen: list[_Hit], anchor: date) -> list[_Hit]:
    found: list[_Hit] = []
    for m in _DP_HINT.finditer(text):
        if any(c.start <= m.start() and m.end() <= c.end for c in chosen):
            continue
        lo, hi = max(0, m.start() - 20), min(len(text), m.end() + 20)
        found.extend(_dateparser_window(text, lo, hi, m, anchor))
    return found


def _dateparser_window(text: str, lo: int, hi: int, hint: re.Match[str], anchor: date) -> list[_Hit]:
    try:  # third-party parser: any failure simply means "no date here"
        from dateparser.date import DateDataParser
        from dateparser.search import search_dates

        found = search_dates(text[lo:hi], languages=["en"], settings=_dp_settings(anchor)) or []
        parser = DateDataParser(languages=["en"], settings=_dp_settings(anchor))
        hits = []
        for surface, _ in found:
            at = text.find(surface, lo, hi)
            if at < 0 or at + len(surface) <= hint.start() or at >= hint.end():
                continue
            if not re.search(r"\d", surface):
                continue
            data = parser.get_date_data(surface)
            if data.date_obj is None:
                continue
            hits.append(_dateparser_hit(at, at + len(surface), data.date_obj.date(),
                                        tuple(data.parts or ())))
        return hits
    except Exception:  # noqa: BLE001 - see comment above
        return []


def _dateparser_hit(start: int, end: int, d: date, parts: tuple[str, ...]) -> _Hit:
    kind: _Kind = "abs" if "year" in parts else "year"
    if "day" in parts:
        return _Hit(start, end, d, d, 1, kind, "dateparser")
    first, last = _month_span(d.year, d.month)
    return _Hit(start, end, first, last, 3, kind, "dateparser")


# --------------------------------------------------------------------------
# parse_date
# --------------------------------------------------------------------------

_TIME_TAIL = (
    r"(?:[\sT,]+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?"
    r"(?:\s*(?:Z|[A-Z]{2,5}|[+\-]\d{2}:?\d{2}))?)?"
)
_EXACT = [
    (re.compile(rf"{_WD_PREFIX}(?P<mon>{_MONTH_ANY})\s+{_DAY}(?:\s*,\s*|\s+){_YEAR}{_TIME_TAIL}"), "mdy"),
    (re.compile(
        rf"{_WD_PREFIX}(?:(?i:the)\s+)?{_DAY}(?:\s+(?i:of))?[\s\-]+(?P<mon>{_MONTH_ANY})"
        rf"(?:\s*,\s*|[\s\-]+){_YEAR}{_TIME_TAIL}"), "mdy"),
    (re.compile(r"(?P<year>[12]\d{3})([-/.])(?P<mm>[01]?\d)\2(?P<dd>[0-3]?\d)" + _TIME_TAIL), "iso"),
    (re.compile(r"(?P<a>[0-3]?\d)([/.\-])(?P<b>[0-3]?\d)\2(?P<year>[12]\d{3})" + _TIME_TAIL), "num"),
]
_DP_DATELINE = re.compile(r"(?<!\d)[12]\d{3}(?!\d)")


def parse_date(text: str) -> date | None:
    """One absolute date such as a dateline.

    Accepts 'March 18, 2025', '18 March 2025', '2025-01-31', '31/01/2025'
    (DD/MM when ambiguous), optionally with a weekday before and a time after;
    other full dates (e.g. RFC 2822) go to dateparser in strict mode.

    Parameters
    ----------
    text : str
        The candidate date text.

    Returns
    -------
    date or None
        None unless the whole text (stripped) is exactly one full date.
    """
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not text or len(text) > 64:
        return None
    for pattern, form in _EXACT:
        m = pattern.fullmatch(text)
        if m is None:
            continue
        try:
            if form == "mdy":
                return date(int(m["year"]), _month_num(m["mon"]), int(m["day"]))
            if form == "iso":
                return date(int(m["year"]), int(m["mm"]), int(m["dd"]))
            return _numeric_dmy(int(m["a"]), int(m["b"]), int(m["year"]))[0]
        except (ValueError, KeyError):
            return None
    return _dateparser_exact(text) if _DP_DATELINE.search(text) else None


def _dateparser_exact(text: str) -> date | None:
    try:  # third-party parser: any failure means "not a date"
        from dateparser.date import DateDataParser

        parser = DateDataParser(languages=["en"], settings={
            "STRICT_PARSING": True, "DATE_ORDER": "DMY",
            "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False,
        })
        data = parser.get_date_data(text)
        if data.date_obj is None or not {"day", "month", "year"} <= set(data.parts or ()):
            return None
        return data.date_obj.date()
    except Exception:  # noqa: BLE001 - see comment above
        return None


# The present of the report: "now", "fighting was under way", "is ongoing", "still hold".
_NOW = re.compile(r"\b(?:now|currently|as of today|under\s*way|ongoing|still)\b", re.I)


def says_now(sentence: str) -> bool:
    """Whether the sentence speaks of the present ("now", "currently", "under way", "still"): the publication date."""
    return bool(_NOW.search(sentence))
