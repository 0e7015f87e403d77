"""What an article's narrative carries from one sentence to the next.

``Narrative`` holds the last places, date, actor and speaker the sentences
before named, so that "he said", "the village" or an undated sentence can be
read against them. Also here: the article-wide cues read once (the focus
region, the dateline's side), whether an unattributed sentence goes on
reporting the last claim, and whom a bulleted list's items speak for. This module reads no trigger and builds no event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Sequence

from geo import lexicon, settings, timex
from geo.extract.attribution import Attribution
from geo.extract.furniture import dateline_end
from geo.extract.triggers import TriggerHit
from geo.records import Article, Mention, TimeSpan

YEAR_PRECISION = 4  # TimeSpan precision of a year or coarser
RECAP_DAYS = 30  # a campaign noun dated this long before publication is the article's background
CARRY_SENTENCES = 3  # a narrative's date carries over at most this many undated sentences
CARRY_MAX_AGE_DAYS = 45  # ... and only when it ends at most this long before publication


@dataclass
class Narrative:
    """What the narrative carries from one sentence to the next."""

    focus: Mention | None
    dateline_side: str = ""
    places: list[Mention] = field(default_factory=list)
    mentioned: list[Mention] = field(default_factory=list)  # the places the last sentence named as places, event or not
    span: TimeSpan | None = None
    span_age: int = 0
    actor: str = ""
    counted: tuple[TriggerHit, TimeSpan] | None = None  # "liberated 10 settlements", named in the next sentence
    speaker: Attribution | None = None  # the last claimant or source named: "he said", "it added"
    speaker_end: int = 0
    speaker_claimed: bool = False  # the speaker made a claim (not merely was named)
    people: dict[str, str] = field(default_factory=dict)  # surname -> full name, as the article introduced them
    offices: dict[str, Attribution] = field(default_factory=dict)  # surname -> the listed source they head
    unplaced: set[str] = field(default_factory=set)  # names of event places the gazetteer lacks
    claim_sides: list[str] = field(default_factory=list)
    claimants: set[str] = field(default_factory=set)  # every claimant named so far
    recent: list[str] = field(default_factory=list)  # the last sentences, for "that was when"
    voice: Attribution | None = None  # the article's outlet, when it speaks for a side (``partisan_voice``)
    side_claims: list[Attribution] = field(default_factory=list)  # claims with a side, in order, for relays
    list_source: Attribution | None = None  # who speaks through the items of the list a heading opened
    page_source: Attribution | None = None  # whom the page's "Source:" line says the report comes from
    report_day: TimeSpan | None = None  # "over the past 24 hours" in the lead: the day a daily report covers
    # the village the gazetteer lacks that the last sentence naming a settlement placed an action at
    # ("fighting in the village of Orlovka"), as (its name, the district or region it is drawn at)
    unknown_village: tuple[str, Mention] | None = None

    def office_of(self, claimant: str) -> Attribution | None:
        """The listed source a person the article introduced speaks for, by surname or full name."""
        if not claimant:
            return None
        return self.offices.get(claimant) or (self.offices.get(claimant.split()[-1]) if " " in claimant else None)

    def relayed_claim(self) -> Attribution:
        """Whose claim a partisan outlet relays in its own words: the last claimant of its side it named that
        reports the fighting ("By TASS's count, drawn from Defence Ministry reports, ..."; not investigators
        opening a case), else the outlet's own. The outlet naming itself ("as gathered by TASS") is no new
        source: the one before still speaks."""
        assert self.voice is not None
        for past in reversed(self.side_claims):
            if past.side == self.voice.side and past.claimant != self.voice.claimant and _speaks_of_the_front(past):
                return replace(past, status="claimed")
        return self.voice

    @property
    def region(self) -> str:
        """The article's region as its offices are named ("Belgorod" for "Belgorod governor"), or ''."""
        place = self.focus.place if self.focus is not None else None
        return place.name.split()[0] if place is not None else ""

    def advance(self, here: list[Mention], stated: TimeSpan | None, actors: list[str], claim: Attribution,
                named: Attribution | None, end: int, mentioned: Sequence[Mention] = ()) -> None:
        self.places = here or self.places
        self.mentioned = list(mentioned)
        self.span, self.span_age = (stated, 0) if stated else (self.span, self.span_age + 1)
        self.actor = (actors[0] if actors else "") or self.actor
        spoken = claim.denier or claim  # "Kyiv denied that ...": Kyiv spoke, and "it added" is Kyiv
        if claim.status != "reported" and spoken.claimant:
            self.speaker, self.speaker_end, self.speaker_claimed = spoken, end, True
            self.claimants.add(spoken.claimant)
            if spoken.side:
                self.claim_sides.insert(0, spoken.side)
                self.side_claims.append(spoken)
        elif named is not None:
            self.speaker, self.speaker_end, self.speaker_claimed = named, end, False

    def sides(self) -> tuple[str, ...]:
        """Sides the article's claims point to, latest first, then the dateline's."""
        return tuple(dict.fromkeys(self.claim_sides + ([self.dateline_side] if self.dateline_side else [])))

    def time_pointed_back(self, article: Article) -> TimeSpan | None:
        """The last time the sentences before named, in any clause ("her brother, who vanished last August")."""
        for before in reversed(self.recent):
            span = timex.resolve_sentence(before, anchor=article.published, anchor_precision=article.date_precision)
            if span is not None:
                return replace(span, inferred=True, note=_POINTED_BACK)
        return None

    def carried_span(self, article: Article, sentence: str = "") -> TimeSpan | None:
        """The recent narrative date ("Then, early last month, …"), flagged as inferred.

        Only a recent date carries: background ("the 1950s", "last summer" in
        a March report) never spreads to the sentences after it, unless the
        sentence points back to it ("That was roughly when troops seized the
        village", after "last August").
        """
        pointed = self.time_pointed_back(article) if _POINTS_BACK_IN_TIME.match(sentence) else None
        if pointed is not None:
            return pointed
        if self.span is None or self.span_age >= CARRY_SENTENCES or self.span.end < settings.CAMPAIGN_START:
            return None
        if self.span.precision >= YEAR_PRECISION:
            return None  # "in 2024" frames a story; it dates none of the sentences after it
        if (article.published - self.span.end).days > CARRY_MAX_AGE_DAYS:
            return None
        return replace(self.span, inferred=True, note="no date in the sentence: taken from the sentences before")


def _speaks_of_the_front(claim: Attribution) -> bool:
    """Whether a claimant reports the fighting: investigators opening a case over a strike do not, so a
    partisan outlet's battle news after their case is not theirs (``data/sources.csv`` kind ``law enforcement``)."""
    source = lexicon.sources().owner(claim.claimant)
    return source is None or source.kind != "law enforcement"


# "That was roughly when ...", "At that time ...", "By then ...": the time of the sentence before
_POINTED_BACK = "'that was when': the last date the sentences before named"
_POINTS_BACK_IN_TIME = re.compile(r"\s*(?:(?:that|this|it)\s+was\s+(?:(?:roughly|about|around|just|also|precisely|"
                                  r"exactly)\s+)?(?:when|the\s+time)\b|at\s+(?:that|the\s+same)\s+time\b|by\s+then\b|"
                                  r"around\s+(?:that|the\s+same)\s+time\b)", re.I)


def continues_claim(article: Article, context: Narrative, start: int, stated: TimeSpan | None) -> bool:
    """Whether an unattributed sentence goes on reporting the last claim: in its paragraph it does
    ("The General Staff counted 19 clashes. Russian forces carried out 34 airstrikes ..."), unless
    it tells of background ("Ukraine launched its incursion last August").

    Past the paragraph it does only while the article has named one claimant: a claimant
    carried through a whole report was right for reports built on one source (a governor's
    daily summary, a tracker's day-by-day account) and wrong for the rest; and never when a partisan
    outlet quoted the other side: past the quote, TASS's narration is TASS's, not Syrskyi's.
    """
    if "\n" in article.text[context.speaker_end:start]:
        speaker_side = context.speaker.side if context.speaker is not None else ""
        if len(context.claimants) != 1 or (context.voice is not None and speaker_side != context.voice.side):
            return False
    return not background(article, stated)


def background(article: Article, stated: TimeSpan | None) -> bool:
    """Whether a sentence's date puts it in the article's background: more than ``RECAP_DAYS`` before
    publication ("Ukraine launched its incursion last August", in a March report)."""
    return stated is not None and (article.published - stated.end).days > RECAP_DAYS


# a bullet that opens a line: "• ", "- ", "* " (not "2." — numbered lines are as often headings as items)
_BULLET = re.compile(r"[ \t]*[-–—•*·▪►][ \t]+")


def in_bulleted_item(text: str, start: int) -> bool:
    """Whether the sentence at ``start`` belongs to a line that opens with a bullet."""
    line_start = text.rfind("\n", 0, start) + 1
    return _BULLET.match(text, line_start) is not None


def opens_line(text: str, start: int) -> bool:
    """Whether the sentence at ``start`` is the first of its line."""
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip() or _BULLET.fullmatch(text[line_start:start]) is not None


def heading_source(sentence: str, claim: Attribution, named: Attribution | None) -> Attribution | None:
    """Who speaks through a list a heading opens ("Key points from the Institute for the Study of War's
    latest assessment:", "Their picture, settlement by settlement:" after the analysts said): the
    heading's claimant, else the listed source it names; None for a heading naming nobody
    ("Background:") or a sentence that opens no list."""
    if not sentence.rstrip().endswith(":"):
        return None
    if claim.status != "reported" and claim.claimant:
        return replace(claim, status="claimed")
    return named


def item_claim(article: Article, context: Narrative, start: int, claim: Attribution) -> Attribution:
    """A bulleted item the article states in its own words speaks for the source its heading named: a
    tracker's or analyst's summary told point by point. An item with its own source keeps it; the
    first line that is not an item closes the list."""
    if not in_bulleted_item(article.text, start):
        if opens_line(article.text, start):
            context.list_source = None
        return claim
    if context.list_source is not None and claim.status == "reported":
        return context.list_source
    return claim


def focus_place(mentions: Sequence[Mention], *, headline_end: int = -1) -> Mention | None:
    """The region (not country) the headline names, else the one the article names most: a fallback
    location, and whose governor "the governor" is."""
    regions = [m for m in mentions if m.place is not None and m.place.feature == "region"]
    if not regions:
        return None
    headline = [m for m in regions if m.end <= headline_end]
    if headline:  # "Belgorod Oblast governor declares regional emergency ..." is Belgorod's story
        regions = [m for m in regions if m.place.place_id in {h.place.place_id for h in headline}]  # type: ignore[union-attr]
    counts: dict[str, int] = {}
    for m in regions:
        counts[m.place.place_id] = counts.get(m.place.place_id, 0) + 1  # type: ignore[union-attr]
    top = max(sorted(counts), key=counts.__getitem__)
    return next(m for m in regions if m.place is not None and m.place.place_id == top)


def dateline_side(sentences: Sequence[tuple[int, int, str]], mentions: Sequence[Mention]) -> str:
    """The government of the dateline city's country ("MOSCOW (Reuters) -" -> Russia), or ''."""
    for start, _, sentence in sentences[:6]:
        cut = dateline_end(sentence)
        if cut:
            for m in mentions:
                if start <= m.start < start + cut and m.place is not None:
                    return settings.GOVERNMENTS.get(m.place.country, "")
    return ""
