"""When a sentence's events happened, beyond the date it states.

``geo.timex`` reads the dates a sentence states; this module decides which
of them dates the event and what stands in when none does: a relative
clause's date is its own ("..., where Ukraine launched an incursion last
month"), a joined clause has its own date, "now" is the statement's day,
"a day earlier" counts from the narrative's date, and an undated sentence is
the week before publication, flagged inferred.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from geo import lexicon, timex
from geo.extract.figures import numbers_as_digits
from geo.extract.furniture import dateline_end
from geo.extract.narrative import CARRY_SENTENCES, Narrative
from geo.extract.triggers import TriggerHit
from geo.records import Article, TimeSpan

# "a small village in the Kursk region that Ukrainian forces captured ... last year": a place noun's
# relative clause with no comma before it
_PLACE_THAT_CLAUSE = re.compile(r"(\b(?:village|town|city|settlement|region|area|territory|ground|land)s?)"
                                r"(?:\s+in\s+the\s+[A-Z][\w’'-]+\s+region)?\s+that\s+[^,;:]*", re.I)
_RELATIVE_CLAUSE = re.compile(r"(?<=\w),\s+(?:where|which|who|whom|whose)\b[^,;:]*(?=[,;:]|$)")
# "Sudzha, the largest town in the region overrun by Ukrainian forces since ... August 2024": a noun phrase set
# beside a name and described by a participle: its date is the description's, as a relative clause's is
_DESCRIBED_ASIDE = re.compile(r"(?<=\w),\s+(?:the|a|an)\s+[^,;:]*?\b(?:overrun|held|captured|seized|occupied|controlled|"
                              r"taken|retaken|liberated)\s+by\b[^,;:]*(?=[,;:]|$)")
_CLAUSE_CUT = re.compile(r";|\s[-–—]{1,2}\s")  # independent clauses of one sentence
UNDATED_WINDOW_DAYS = 7  # an undated sentence is read as "within the week before publication"


def main_clause(sentence: str) -> str:
    """The sentence with its relative clauses and described asides blanked, offsets kept: their dates are
    their own.

    "won back 10 settlements in its Kursk border region, where Ukraine launched an incursion last
    month", "a small village that Ukrainian forces captured last year": "last month" and "last
    year" date what the clause tells, not the retaking.
    """
    blank = _RELATIVE_CLAUSE.sub(lambda m: " " * len(m.group(0)), sentence)
    blank = _DESCRIBED_ASIDE.sub(lambda m: " " * len(m.group(0)), blank)
    return _PLACE_THAT_CLAUSE.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), blank)


def relative_clause(sentence: str, hit: TriggerHit) -> tuple[int, int] | None:
    """The span of the relative clause the trigger sits in ("..., where the offensive began in August"), or None."""
    found = next((m for m in _RELATIVE_CLAUSE.finditer(sentence) if m.start() < hit.start < m.end()), None)
    return found.span() if found is not None else None


def clause_time(sentence: str, hit: TriggerHit, article: Article) -> TimeSpan | None:
    """The date of the trigger's own clause, when the sentence joins several ("X in December; Y in January")
    or the trigger sits in a relative clause ("the region, which they entered on Aug. 6")."""
    sentence = " " * dateline_end(sentence) + sentence[dateline_end(sentence):]  # the report's date, not the event's
    relative = next((m for m in _RELATIVE_CLAUSE.finditer(sentence) if m.start() < hit.start < m.end()), None)
    if relative is not None:
        clause = sentence[relative.start():relative.end()]
    else:
        cuts = [m.start() for m in _CLAUSE_CUT.finditer(sentence)]
        if not cuts:
            return None
        start = max([c for c in cuts if c < hit.start] + [0])
        end = min([c for c in cuts if c > hit.start] + [len(sentence)])
        clause = main_clause(sentence[start:end])
    verbs = [at for m, _ in lexicon.reporting_verbs().finditer(clause) for at in (m.start(), m.end())]
    return timex.resolve_sentence(clause, anchor=article.published, anchor_precision=article.date_precision,
                                  statement_at=verbs)


STATEMENT_DATED = "the statement's date"  # geo.timex's note on an event dated only by its statement
_SHIFT = re.compile(
    r"\b(?:(?P<n>a|an|one|two|three|four|five|six|seven|\d+)\s+(?P<unit>day|days|week|weeks)\s+"
    r"(?P<dir>earlier|before|later|after)|the\s+(?P<unit2>day|week)\s+(?P<dir2>before|after)|"
    r"the\s+(?P<dir3>previous|next|following)\s+(?P<unit3>day|week))\b", re.I)


def shifted_from_narrative(sentence: str, context: Narrative) -> TimeSpan | None:
    """"a day earlier", "two days later", "the previous day": counted from the narrative's last date.

    "Mash said on October 11 ... where Russian channels had reported a retreat a day earlier" is
    October 10, not the day before publication. Without a recent narrative date, None (the
    publication-relative reading stands).
    """
    match = _SHIFT.search(sentence)
    base = context.span
    if match is None or base is None or context.span_age >= CARRY_SENTENCES or base.precision > 2:
        return None
    count = "1" if (match["n"] or "a").lower() in ("a", "an") else numbers_as_digits(match["n"])
    days = int(count)
    unit = (match["unit"] or match["unit2"] or match["unit3"]).lower()
    days *= 7 if unit.startswith("week") else 1
    later = (match["dir"] or match["dir2"] or match["dir3"]).lower() in ("later", "after", "next", "following")
    day = base.end + timedelta(days=days) if later else base.start - timedelta(days=days)
    return TimeSpan(day, day, max(base.precision, 1 if unit.startswith("day") else 2), text=match.group(0),
                    inferred=base.inferred, note=f"'{match.group(0)}': counted from {base.text or 'the date before'}")


def story_day(sentence: str, cut: int, stated: TimeSpan | None, article: Article, verbs: list[int]) -> TimeSpan | None:
    """The date the narrative goes on from after this sentence: its event's date, unless it is a single day
    and the main clause also names a later one, which the story has reached ("He added that a woman hurt in
    Shebekino on May 19 had died on Friday morning": the next sentences tell of Friday, not of May 19)."""
    if stated is None or stated.precision != 1 or stated.start != stated.end or stated.inferred:
        return stated
    latest = timex.latest_event_day(" " * cut + main_clause(sentence)[cut:], anchor=article.published,
                                    statement_at=verbs)
    return latest if latest is not None and stated.end < latest.end <= article.published else stated


def said_now(sentence: str, article: Article) -> TimeSpan | None:
    """"now", "currently": the day of the statement, which wire copy often dates the day before publication."""
    if not timex.says_now(sentence):
        return None
    return statement_days(article, "now", "'now': the publication date or the day before it, when the statement was made")


def statement_days(article: Article, text: str, note: str) -> TimeSpan:
    """The day of the statement: the publication date, or the day before it for wire copy."""
    return TimeSpan(article.published - timedelta(days=1), article.published, max(2, article.date_precision),
                    text=text, inferred=article.date_basis == "inferred", note=note)


def dates_a_peak(span: TimeSpan) -> bool:
    """Whether the sentence's date is a peak cue of the area lexicon ("last year", "last summer")."""
    return any(cue.role == "peak" for _, cue in lexicon.area_verbs().finditer(span.text))


# "over the past 24 hours", "in the last day": the span a daily report (a governor's or a ministry's tally) covers
_PAST_DAY = re.compile(r"\b(?:past|last)\s+(?:24\s+hours|day)\b", re.I)
DAILY_LEAD_SENTENCES = 6  # a daily report says so in its lead: the headline, a date line and the first lines


def covers_the_past_day(span: TimeSpan) -> bool:
    """Whether a stated span is "the past 24 hours" or "the past day": the lead of a daily report."""
    return _PAST_DAY.search(span.text) is not None


def undated_span(article: Article, report_day: TimeSpan | None = None) -> TimeSpan:
    """The span of a sentence with no date of its own: the day a daily report covers, when its lead says
    so ("... 81 times over the past 24 hours", then "Esman hromada was shelled"), else the week before
    publication."""
    if report_day is not None:
        return replace(report_day, inferred=True,
                       note=f"no date in the sentence: the day the daily report covers ('{report_day.text}')")
    start = article.published - timedelta(days=UNDATED_WINDOW_DAYS)
    return TimeSpan(start=start, end=article.published, precision=max(2, article.date_precision), text="",
                    inferred=True, note="no date in the sentence: read as the week before publication")
