"""Date an article: the sources.csv date, a dateline, or a month inferred from cues.

``publication_date`` tries, in order,

- the date given for the file in ``sources.csv`` ("provided", precision 1);
- a dateline in the first lines of the text ("stated", precision 1), in
  English ("March 18, 2025", "18 March 2025"), ISO, numeric with "/", "."
  or "-" (day/month when ambiguous, said in the reason) or another language via
  ``dateparser``; an outlet named right before the date is returned too;
- a month inferred from dated cues in the text ("inferred", precision 3),
  using the curated table ``data/publication_cues.csv``. The cue table
  assumes the article is about the 2024-2025 Kursk campaign (e.g.
  "President Trump" means the second term). Cues give a window (latest
  lower bound, earliest upper bound; an upper bound below the lower one is
  dropped, as writers keep outdated titles); a "Month YYYY" the text
  mentions as past raises the lower bound. The date is the 15th of the
  month after that latest past month when the window allows it, else the
  window's first day.

It must NOT read article files, decode or clean text, split sentences,
extract event dates (that is ``geo.timex``) or write any file. The only file
it reads is the cue table.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

from geo import settings
from geo.errors import InputError
from geo.textfile import clean_field, shorten

__all__ = ["DATELINE_LINES", "MONTHS", "WEEKDAYS", "PublicationDate", "has_full_date", "publication_date"]

CUES_CSV = "publication_cues.csv"
NO_DATE_REASON = "no publication date: no sources.csv date, no dateline, no dated cue in the text"

DATELINE_LINES = 15  # a dateline sits in the first lines of an article
EARLIEST_PLAUSIBLE = date(1990, 1, 1)
INFERENCE_CHARS = 200_000  # dated cues are looked for in this much text (keeps huge files fast)

# English month names and abbreviations -> month number (geo.sentences uses the keys).
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# English month names are capitalised; requiring that keeps "may" the verb out.
_MONTH = "(?:" + "|".join(
    alt for name in sorted(MONTHS, key=len, reverse=True) for alt in (name.capitalize(), name.upper())
) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
_DATE_PATTERNS = (
    # a heading's span of days ("Sitrep for March 24-28, 2025"): the report is dated by the last day it covers
    ("mdy_span", re.compile(rf"\b(?P<month>{_MONTH})\s+\d{{1,2}}\s*[-–]\s*(?P<day>\d{{1,2}}){_ORD},?\s+"
                            rf"(?P<year>\d{{4}})(?!\d)")),
    ("dmy_span", re.compile(rf"(?<![\d.-])\d{{1,2}}\s*[-–]\s*(?P<day>\d{{1,2}}){_ORD}\s+(?P<month>{_MONTH}),?\s+"
                            rf"(?P<year>\d{{4}})(?!\d)")),
    ("mdy", re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}){_ORD},?\s+(?P<year>\d{{4}})(?!\d)")),
    ("mdy", re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})\s*/\s*(?P<year>\d{{4}})(?!\d)")),  # "Sep 11/2024"
    ("dmy", re.compile(rf"(?<!\d)(?P<day>\d{{1,2}}){_ORD}\s+(?P<month>{_MONTH}),?\s+(?P<year>\d{{4}})(?!\d)")),
    ("iso", re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)")),
    ("num", re.compile(r"(?<![\d./-])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})(?!\d)")),
    ("word", re.compile(r"(?<!\d)(?P<day>\d{1,2})\s+(?P<word>[^\W\d_]{3,12})\.?,?\s+(?P<year>\d{4})(?!\d)")),
)
_DATELINE_KEYWORD_RE = re.compile(
    r"\b(?:published|updated|posted|dated?|опубликовано|обновлено|дата)\b", re.IGNORECASE
)
_DATELINE_MAX_CHARS = 80
_CITY_THEN_DATE_RE = re.compile(r"\s*[A-ZА-ЯІЇЄ][A-ZА-ЯІЇЄ'’. -]{1,30},\s*")  # "KYIV, " before a dateline's date
_YEARLESS_DATELINE_RE = re.compile(  # "KYIV, March 9 (AFP) -", "MOSCOW, 8 April -", "SEOUL, South Korea, Dec 11 -"
    rf"^\s*[A-ZА-ЯІЇЄ][A-ZА-ЯІЇЄ'’. -]{{1,30}}(?:,\s*[A-Z][\w .]{{1,30}}?)?,\s*"
    rf"(?:(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH}))(?!\s*,?\s*\d{{4}})"
    rf"(?:\s*(?:\((?P<outlet>[^()]{{1,40}})\))?\s*[-–—]\s|\.?\s*/(?P<agency>[A-Z][A-Za-z-]{{1,12}})/\.?\s)"
)  # ... or TASS's "MOSCOW, March 10. /TASS/."


@dataclass(frozen=True)
class _Found:
    """A date read from a line: the date, the text it came from, notes."""

    day: date
    start: int
    end: int
    note: str = ""


class PublicationDate(NamedTuple):
    """An article's publication date and how it was found."""

    published: date
    basis: str  # "provided", "stated" or "inferred"
    reason: str  # human-readable: where the date came from
    precision: int  # 1 = day, 3 = month
    outlet: str  # outlet named by the dateline ('' if none)


def publication_date(text: str, *, provided: str | None, path: Path) -> PublicationDate:
    """Date an article from the provided date, a dateline or dated cues.

    Parameters
    ----------
    text : str
        Clean article text.
    provided : str | None
        ISO date given for the file (the ``sources.csv`` ``published``
        value, already validated); empty or None when there is none.
    path : Path
        The article file, only to name it in an error.

    Returns
    -------
    PublicationDate
        ``(published, basis, reason, precision, outlet)``.

    Raises
    ------
    InputError
        If nothing in the text dates it, or the cue table is missing or bad.
    """
    if provided:
        reason = f"provided: sources.csv published {provided}"
        return PublicationDate(date.fromisoformat(provided), "provided", reason, 1, "")
    stated = _stated_date(text)
    if stated:
        return stated
    yearless = _yearless_dateline(text)
    if yearless:
        return yearless
    inferred = _inferred_date(text)
    if inferred:
        day, reason = inferred
        return PublicationDate(day, "inferred", reason, 3, "")
    raise InputError(path, NO_DATE_REASON)


def has_full_date(line: str) -> bool:
    """Does ``line`` hold a plausible full date (day, month, year), as a dateline would?

    Parameters
    ----------
    line : str
        One line of text.

    Returns
    -------
    bool
        True when a dateline date could be read from it.
    """
    return _first_dateline_date(line) is not None


def _stated_date(text: str) -> PublicationDate | None:
    """The first plausible dateline in the first lines of the text."""
    fallback = None
    lines = [line for line in text.split("\n", 200)[:200] if line.strip()][:DATELINE_LINES]
    for number, line in enumerate(lines, start=1):
        line = line[:300]  # a dateline is short; never scan a whole one-line book
        if len(line) > _DATELINE_MAX_CHARS and not _DATELINE_KEYWORD_RE.search(line):
            # a wire dateline opening the first paragraph: "KYIV, 17.05.2025 (Interfax-Ukraine) - Nine people ..."
            opening = _CITY_THEN_DATE_RE.match(line)
            found = _first_dateline_date(line[:opening.end() + 20]) if opening else None
            if found is None or found.start != opening.end():  # type: ignore[union-attr]
                continue
        found = _first_dateline_date(line)
        if not found:
            continue
        shown = shorten(line, 80)
        reason = f"stated: dateline {shown!r} (line {number}){found.note}"
        result = PublicationDate(found.day, "stated", reason, 1, _dateline_outlet(line[: found.start]))
        if not found.note:
            return result
        fallback = fallback or result  # ambiguous day/month order: keep looking
    return fallback


def _first_dateline_date(line: str) -> _Found | None:
    """The earliest plausible full date (day, month, year) in one line."""
    best: _Found | None = None
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(line):
            found = _date_from_match(kind, match)
            if found and (best is None or found.start < best.start):
                best = found
                break
    return best


def _date_from_match(kind: str, match: re.Match) -> _Found | None:
    """Turn one regex match into a plausible date (None if it is not one)."""
    note = ""
    try:
        year = int(match["year"])
        if kind in ("mdy", "dmy", "mdy_span", "dmy_span"):
            month, day = MONTHS[match["month"].rstrip(".").lower()], int(match["day"])
            if kind.endswith("_span"):
                note = " (the last day of the span of days it covers)"
        elif kind == "iso":
            month, day = int(match["month"]), int(match["day"])
        elif kind == "num":
            a, b = int(match["a"]), int(match["b"])
            if a > 12 or match["sep"] == ".":
                day, month = a, b
            elif b > 12:
                month, day = a, b
            else:
                day, month = a, b
                note = " (day/month order ambiguous; read as day/month)"
        else:
            if match["word"].lower() in MONTHS:
                return None  # covered by the English patterns
            found = _parse_foreign_date(match.group(0))
            if not found:
                return None
            year, month, day = found.year, found.month, found.day
        when = date(year, month, day)
    except (ValueError, KeyError):
        return None
    if not EARLIEST_PLAUSIBLE <= when <= date.today() + timedelta(days=1):
        return None
    return _Found(when, match.start(), match.end(), note)


def _parse_foreign_date(value: str) -> date | None:
    """'18 марта 2025' and the like, via dateparser (imported only when needed)."""
    try:
        import dateparser

        parsed = dateparser.parse(
            value, languages=["ru", "uk", "de", "fr", "es", "pl"], settings={"STRICT_PARSING": True}
        )
    except Exception:  # third-party parser on untrusted text: failure means "no date"
        return None
    return parsed.date() if parsed else None


def _dateline_outlet(prefix: str) -> str:
    """An outlet named right before the date ('Washington Post March 18, 2025').

    A comma before the date marks a place dateline ('KYIV, March 3, 2025'); a colon a label ('Post At:
    Sep 11/2024').
    """
    if prefix.rstrip().endswith((",", ":")):
        return ""
    prefix = prefix.strip(" \t|-–—·•:")
    words = prefix.split()
    if not 1 <= len(words) <= 6 or any(ch.isdigit() for ch in prefix):
        return ""
    if _DATELINE_KEYWORD_RE.search(prefix) or words[0].lower() in ("by", "on", "in", "at"):
        return ""
    if not all(w[0].isupper() or w.lower() in ("of", "the", "and", "de", "la") for w in words):
        return ""
    return clean_field(prefix)


# ---- inference from dated cues ------------------------------------------

_MENTION_RE = re.compile(
    rf"\b(?P<month>{_MONTH})\s+(?:\d{{1,2}}{_ORD},?\s+)?(?P<year>\d{{4}})(?!\d)"
    rf"|(?<!\d)\d{{1,2}}{_ORD}\s+(?P<month2>{_MONTH}),?\s+(?P<year2>\d{{4}})(?!\d)"
)
# A month after one of these words may lie ahead of the writer ("by May 2025").
_FUTURE_RE = re.compile(
    r"\b(?:will|would|shall|expected|expects?|plans?|planned|planning|scheduled|due|until|till|by|"
    r"next|upcoming|ahead|before|deadline|forecasts?|set to)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Cue:
    """One row of data/publication_cues.csv."""

    pattern: re.Pattern
    not_before: date | None
    not_after: date | None
    label: str
    source: str


def _yearless_dateline(text: str) -> PublicationDate | None:
    """A wire dateline with day and month but no year ("MOSCOW, Sept 12 (AFP) -").

    The year is the first in which that day falls on or after both the
    campaign's start (``settings.CAMPAIGN_START``: the tool maps this
    campaign) and the latest fact the article mentions (dated cues, past
    months). The date is marked
    inferred, with that reason.
    """
    lines = [line for line in text.split("\n", 200)[:200] if line.strip()][:DATELINE_LINES]
    for number, line in enumerate(lines, start=1):
        match = _YEARLESS_DATELINE_RE.match(line[:200])
        if match is None:
            continue
        name, day = match["month"] or match["month2"], int(match["day"] or match["day2"])
        month = MONTHS[name.rstrip(".").lower()]
        floor = _inference_floor(text[:INFERENCE_CHARS])
        start = max(floor or settings.CAMPAIGN_START, settings.CAMPAIGN_START)
        try:
            found = next(d for y in (start.year, start.year + 1) for d in [date(y, month, day)] if d >= start)
        except (StopIteration, ValueError):
            continue  # 30 February
        why = (f"the latest fact it mentions ({floor.isoformat()})" if floor and floor > settings.CAMPAIGN_START
               else "the campaign's first year")
        reason = (f"inferred: dateline {shorten(line, 60)!r} (line {number}) gives day and month; "
                  f"year {found.year} from {why}")
        return PublicationDate(found, "inferred", reason, 1, (match["outlet"] or match["agency"] or "").strip())
    return None


def _inference_floor(text: str) -> date | None:
    """The latest date the text shows it was written after: cues' lower bounds and past months."""
    hits = _cue_hits(text)
    floors = [cue.not_before for cue, _ in hits if cue.not_before]
    month = _latest_past_month(text, None)
    floors += [month] if month else []
    return max(floors) if floors else None


def _inferred_date(text: str) -> tuple[date, str] | None:
    """(representative date, reason) from dated cues and past months, or None."""
    text = text[:INFERENCE_CHARS]
    hits = _cue_hits(text)
    floors = [cue.not_before for cue, _ in hits if cue.not_before]
    floor = max(floors) if floors else None
    # A later fact mentioned is a hard lower bound; an office title is a
    # softer upper bound (writers keep old titles), so drop ceilings that
    # contradict the floor rather than fail.
    ceilings = [cue.not_after for cue, _ in hits if cue.not_after and (floor is None or cue.not_after >= floor)]
    ceiling = min(ceilings) if ceilings else None
    month = _latest_past_month(text, ceiling)
    if month:
        floor = max(floor, month) if floor else month
    if floor is None:
        return None
    day, outcome = _representative_day(floor, ceiling, month)
    return day, _inference_reason(hits, month, outcome)


def _cue_hits(text: str) -> list[tuple[_Cue, str]]:
    """Each cue found in the text, with the text that matched it."""
    hits = []
    for cue in _load_cues(settings.DATA_DIR / CUES_CSV):
        match = cue.pattern.search(text)
        if match:
            hits.append((cue, " ".join(match.group(0).split())))
    return hits


def _latest_past_month(text: str, ceiling: date | None) -> date | None:
    """First day of the latest month the text mentions as past (not after ``ceiling``)."""
    today = date.today()
    latest = None
    for match in _MENTION_RE.finditer(text):
        name, year = match["month"] or match["month2"], int(match["year"] or match["year2"])
        first = date(year, MONTHS[name.rstrip(".").lower()], 1) if 1 <= year <= 9999 else None
        if first is None or first < EARLIEST_PLAUSIBLE or first > today or (ceiling and first > ceiling):
            continue
        before = text[max(0, match.start() - 60) : match.start()]
        before = re.split(r"[.!?\n]\s", before)[-1]  # same sentence only
        if _FUTURE_RE.search(before):
            continue
        if latest is None or first > latest:
            latest = first
    return latest


def _representative_day(floor: date, ceiling: date | None, month: date | None) -> tuple[date, str]:
    """Mid-month of the month after the latest past month when the cues allow, else the floor."""
    if month:
        after = _add_month(month)
        mid = after.replace(day=15)
        end = _add_month(after) - timedelta(days=1)
        if end >= floor and (ceiling is None or after <= ceiling):
            day = max(floor, min(mid, ceiling or mid))
            return day, f"{after:%B %Y} ({day.isoformat()} stands for the month)"
        return floor, f"{floor.isoformat()}, the earliest date the cues allow (the month mentioned is older)"
    return floor, f"{floor.isoformat()}, the earliest date the cues allow"


def _add_month(first: date) -> date:
    """First day of the following month."""
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _inference_reason(hits: list[tuple[_Cue, str]], month: date | None, outcome: str) -> str:
    """Human reason: the cues with their windows, the past month, the result."""
    parts = []
    ordered = sorted(hits, key=lambda hit: hit[0].not_before or date.min, reverse=True)
    for cue, matched in ordered[:3]:  # the tightest lower bounds; the cue table has the labels
        window = f"{cue.not_before or ''}..{cue.not_after or ''}"
        if len(matched) > 60:  # keep both ends: a cue's key words may be at either
            matched = matched[:24].rstrip() + " … " + matched[-32:].lstrip()
        parts.append(f"{matched!r} ({window})")
    if month:
        parts.append(f"'{month:%B %Y}' mentioned as past")
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"inferred: {listed} -> {outcome}"


def _load_cues(path: Path) -> tuple[_Cue, ...]:
    """The cue table (cached per file version)."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        raise InputError(path, "publication cue table is missing") from None
    return _load_cues_cached(str(path), mtime)


@functools.lru_cache(maxsize=4)
def _load_cues_cached(path: str, _mtime: int) -> tuple[_Cue, ...]:
    cues = []
    with open(path, encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            try:
                cues.append(
                    _Cue(
                        pattern=re.compile(row["cue_regex"], re.IGNORECASE),
                        not_before=date.fromisoformat(row["not_before"]) if row["not_before"] else None,
                        not_after=date.fromisoformat(row["not_after"]) if row["not_after"] else None,
                        label=row["label"],
                        source=row["source"],
                    )
                )
            except (re.error, ValueError, KeyError, TypeError) as err:
                raise InputError(path, f"line {number}: bad cue row: {err}") from None
    return tuple(cues)
