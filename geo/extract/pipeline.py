"""Sentences in, events out: the extraction stage's components, run in order.

For each sentence of an article, like a spaCy pipeline of named components:

1. ``furniture``: headlines, captions, bylines, page furniture and questions
   are dropped; the dateline prefix is cut off;
2. ``triggers``: every action word of ``data/lexicon/triggers.csv``;
3. ``modality``: actions under speculation, forecast, condition or
   negation are dropped;
4. ``location``: each action's places (one event per action and place);
5. ``actors``: who acted, and ACLED's sub-type for territory taken;
6. ``attribution``: claimant and claim standing;
7. ``figures``: killed, wounded, prisoners, troops, areas;
8. the date from ``geo.timex`` (else the narrative's, else the week before
   publication, flagged inferred).

Whatever was not stated in the sentence (a date or place taken from the
sentences before) is said in ``notes`` and in the precision fields. This
module does not read files, build geometry or write the layer.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Sequence

from geo import settings, timex
from geo import lexicon
from geo.extract.areas import AreaContext, area_reports
from geo.extract.actors import (TAKING_FRAMES, event_actors, holder_after, is_deployment, named_actors,
                                on_enemy_ground, territory_sub_type)
from geo.extract.attribution import (Attribution, as_listed_source, attribute, mentioned_source, offices_named,
                                     partisan_voice, people_named)
from geo.extract.figures import NUMBER_WORD, counts_action, figures, numbers_as_digits
from geo.extract.furniture import dateline_end, page_kind
from geo.extract.merge import merge_retold
from geo.extract.location import Located, clause_places, unknown_places, usable_mentions
from geo.extract.modality import attempted, non_factual
from geo.extract.triggers import TriggerHit, find_triggers, idiom_spans
from geo.records import AreaReport, Article, Event, Figures, Mention, TimeSpan
from geo.toponyms import geo_precision

__all__ = ["Extraction", "event_id", "extract_article", "extract_events"]

_LOSSES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
FIGURE_KINDS: dict[str, frozenset[str]] = {  # event types or frames each figure measures
    "fatalities": _LOSSES, "casualties": _LOSSES, "wounded": _LOSSES, "prisoners": frozenset({"Battles"}),
    "troops": frozenset({"deploy", "withdraw"}), "area_km2": frozenset({"capture", "recapture", "take", "control"}),
}
# Counts of places, shared by the patterns below: "10 settlements", "three more villages".
_COUNT = rf"(?:\d+|{NUMBER_WORD})"
_PLACES = r"(?:settlements|villages|towns|localities|hamlets)\b"
_MORE = r"(?:more\s+|other\s+|further\s+)?"
# "liberated 10 settlements", "took three more villages": a count of places, named in a later sentence
_COUNT_OF_PLACES = re.compile(rf"\s+(?:the\s+)?{_COUNT}\s+{_MORE}{_PLACES}", re.I)
# "some 44 settlements had been freed": a count of the places taken is a figure of the taking.
_PLACES_COUNTED = re.compile(rf"\b(?:{_COUNT}|dozens\s+of|scores\s+of|several)\s+"
                             rf"(?:(?:more|other|further|border|small|frontline)\s+)*{_PLACES}", re.I)
_PARENTHETICAL_BEFORE = re.compile(r",\s*[\w’' -]{1,30}$")
# After "took four villages": the list that names them, and where it ends.
_LIST_OPENS = re.compile(r"\s*(?:--|[–—:(]|,\s*(?:including|namely|among them|such as))\s*", re.I)
# "dealt blows to Ukrainian units around 14 other settlements:": the count a few words on, after a locative.
_COUNT_AFTER_LOCATIVE = re.compile(rf"[^,;:.]{{0,40}}?\b(?:around|in|near|at)\s+(?:the\s+)?{_COUNT}\s+{_MORE}{_PLACES}",
                                   re.I)
_LIST_AFTER = re.compile(r"\s*(?::|\s--|\s[-–—])\s+(?=[A-Z])")  # "... in February - Pogrebki, Orlovka"
# "struck two settlements in the region early on Wednesday, Shebekino and Ustinka": an apposition after a
# comma is the count's list only when it names as many places as were counted.
_APPOSITION = re.compile(r"[^,;:.]{0,50}?,\s+(?=[A-Z])")
_ANY_COUNT = re.compile(rf"\b{_COUNT}\b", re.I)
_LIST_CLOSES = re.compile(r"\s(?:--|[–—])\s|[;)]|\.\s")
# "a small village in the Kursk region that Ukrainian forces captured ... last year": a place noun's
# relative clause with no comma before it
_PLACE_THAT_CLAUSE = re.compile(r"(\b(?:village|town|city|settlement|region|area|territory|ground|land)s?)"
                                r"(?:\s+in\s+the\s+[A-Z][\w’'-]+\s+region)?\s+that\s+[^,;:]*", re.I)
_RELATIVE_CLAUSE = re.compile(r"(?<=\w),\s+(?:where|which|who|whom|whose)\b[^,;:]*(?=[,;:]|$)")
_CLAUSE_CUT = re.compile(r";|\s[-–—]{1,2}\s")  # independent clauses of one sentence
_SUBORDINATE = re.compile(r"\b(?:as|while|when|after|before|since|until)\s+(?:[\w’'-]+\s+){0,3}$", re.I)
_CARRIED = "place not named in the sentence"  # note of an action placed from the narrative
_NAMED_BACK = "named as 'the village' or the like: the settlement named before"  # the sentence's own reference
_ENUMERATED = "action from the sentence before, which counted the places this one names"
YEAR_PRECISION = 4  # TimeSpan precision of a year or coarser
RECAP_DAYS = 30  # a campaign noun dated this long before publication is the article's background
UNDATED_WINDOW_DAYS = 7  # an undated sentence is read as "within the week before publication"
CARRY_SENTENCES = 3  # a narrative's date carries over at most this many undated sentences
CARRY_MAX_AGE_DAYS = 45  # ... and only when it ends at most this long before publication


@dataclass(frozen=True)
class Extraction:
    """What one article reports: its events, its area figures, and the place names no gazetteer knew."""

    events: list[Event]
    areas: list[AreaReport]
    unplaced: list[str] = field(default_factory=list)  # drawn at their region; the build lists them


def extract_events(article: Article, sentences: Sequence[tuple[int, int, str]],
                   mentions: Sequence[Mention]) -> list[Event]:
    """Events of one article: one per action and place (see ``extract_article``)."""
    return extract_article(article, sentences, mentions).events


def extract_article(article: Article, sentences: Sequence[tuple[int, int, str]],
                    mentions: Sequence[Mention]) -> Extraction:
    """Events (one per action and place) and area figures of one article.

    Parameters
    ----------
    article : Article
        The source; its publication date anchors relative dates.
    sentences : sequence of (start, end, text)
        From ``geo.sources.split_sentences(article.text)``.
    mentions : sequence of Mention
        Place mentions over the whole text (``geo.toponyms.extract``).
    """
    events: list[Event] = []
    areas: list[AreaReport] = []
    area_context = AreaContext()
    seen: set[str] = set()
    counting: list[Event] = []  # the region-level events of a sentence that counted places it did not name
    context = _Context(focus=_focus_place(mentions, headline_end=article.text.find("\n")),
                       dateline_side=_dateline_side(sentences, mentions), voice=partisan_voice(article.outlet))
    for start, end, sentence in sentences:
        idioms = [(start + a, start + b) for a, b in idiom_spans(sentence)]
        here = [m for m in mentions if start <= m.start and m.end <= end and m.place is not None
                and not any(a <= m.start and m.end <= b for a, b in idioms)]
        verbs = [at for m, _ in lexicon.reporting_verbs().finditer(sentence) for at in (m.start(), m.end())]
        cut = dateline_end(sentence)
        # the dateline's date is the report's, not the event's ("KYIV, May 27 (AFP) - ... have captured")
        stated = timex.resolve_sentence(" " * cut + _main_clause(sentence)[cut:], anchor=article.published,
                                        anchor_precision=article.date_precision, statement_at=verbs)
        if stated is None or stated.text.casefold() in ("the previous day", "the day before", "the next day"):
            stated = _shifted_from_narrative(sentence, context) or stated  # "a day earlier": the narrative's
        context.people.update(people_named(sentence))
        context.offices.update(offices_named(sentence, on=article.published, region=context.region))
        claim = attribute(sentence[cut:], on=article.published, article_sides=context.sides(),
                          actors=tuple(named_actors(sentence[cut:])), previous=context.speaker,
                          continuing="\n" not in article.text[context.speaker_end:start], region=context.region,
                          people=frozenset(context.people))
        if claim.status == "reported" and context.speaker_claimed and _continues_claim(article, context, start, stated):
            claim = replace(context.speaker, status="claimed")  # type: ignore[arg-type]
        office = context.office_of(claim.claimant)
        if office is not None:  # "Hryhorov said", after "Oleh Hryhorov, head of the ... Administration"
            claim = replace(claim, claimant=office.claimant, side=office.side)
        elif claim.claimant in context.people:  # "Hryhorov said": the Oleh Hryhorov named before
            claim = as_listed_source(replace(claim, claimant=context.people[claim.claimant]), on=article.published)
        key = " ".join(sentence.split())
        new: list[Event] = []
        if key not in seen and not page_kind(sentence, whole_line=_whole_line(article.text, start, end)):
            new = _sentence_events(article, sentence, start, here, stated, claim, context)
            if counting and any(_ENUMERATED in e.notes for e in new):
                # "liberated 10 settlements. It named them as A, B ...": the places replace the region
                events = [e for e in events if all(e is not c for c in counting)]
            counting = new if context.counted is not None else []
            events.extend(new)
            when = stated or _now(sentence, article) or context.carried_span(article, sentence) or _undated(article)
            if stated is not None and _dates_a_peak(stated):
                # "holding 63 km², against as much as 1,400 km² it controlled last year": the year dates the
                # peak figure (drawn from the campaign's start anyway), the other is the statement's
                when = _statement_days(article, "the statement", "the sentence's date is the peak figure's")
            if when.end >= settings.CAMPAIGN_START:
                area_context.actor = context.actor
                area_context.country = context.focus.place.country if context.focus and context.focus.place else ""
                areas.extend(area_reports(sentence[cut:], when=when, claim=claim,
                                          here=[m for m in here if m.start >= start + cut],  # not the dateline's
                                          source_id=article.source_id, context=area_context,
                                          speaker_side=claim.side or next(iter(context.sides()), "")))
        seen.add(key)
        context.recent = (context.recent + [sentence])[-CARRY_SENTENCES:]
        # the narrative moves to where something happened, not to a place a description mentions
        # ("The two villages lie ... close to Ukraine's Sumy region")
        settled = [loc.mention for loc in usable_mentions(sentence, start, here, dateline_end=cut)] if new else []
        if not settled and _labels_a_place(sentence, here):
            settled = here  # "• Snagost. Ukrainian forces pushed up to the settlement": the item's label
        context.advance(settled, stated, named_actors(sentence[cut:]), claim,
                        mentioned_source(sentence[cut:], on=article.published), end)
    return Extraction(merge_retold(events), areas, sorted(context.unplaced))


@dataclass
class _Context:
    """What the narrative carries from one sentence to the next."""

    focus: Mention | None
    dateline_side: str = ""
    places: list[Mention] = field(default_factory=list)
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

    def office_of(self, claimant: str) -> Attribution | None:
        """The listed source a person the article introduced speaks for, by surname or full name."""
        if not claimant:
            return None
        return self.offices.get(claimant) or (self.offices.get(claimant.split()[-1]) if " " in claimant else None)

    def relayed_claim(self) -> Attribution:
        """Whose claim a partisan outlet relays in its own words: the last claimant of its side it named
        ("By TASS's count, drawn from Defence Ministry reports, ..."), else the outlet's own."""
        assert self.voice is not None
        if self.speaker_claimed and self.speaker is not None and self.speaker.side == self.voice.side:
            return replace(self.speaker, status="claimed")
        return self.voice

    @property
    def region(self) -> str:
        """The article's region as its offices are named ("Belgorod" for "Belgorod governor"), or ''."""
        place = self.focus.place if self.focus is not None else None
        return place.name.split()[0] if place is not None else ""

    def advance(self, here: list[Mention], stated: TimeSpan | None, actors: list[str], claim: Attribution,
                named: Attribution | None, end: int) -> None:
        self.places = here or self.places
        self.span, self.span_age = (stated, 0) if stated else (self.span, self.span_age + 1)
        self.actor = (actors[0] if actors else "") or self.actor
        if claim.status != "reported" and claim.claimant:
            self.speaker, self.speaker_end, self.speaker_claimed = claim, end, True
            self.claimants.add(claim.claimant)
            if claim.side:
                self.claim_sides.insert(0, claim.side)
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


# "That was roughly when ...", "At that time ...", "By then ...": the time of the sentence before
_POINTED_BACK = "'that was when': the last date the sentences before named"
_POINTS_BACK_IN_TIME = re.compile(r"\s*(?:(?:that|this|it)\s+was\s+(?:(?:roughly|about|around|just|also|precisely|"
                                  r"exactly)\s+)?(?:when|the\s+time)\b|at\s+(?:that|the\s+same)\s+time\b|by\s+then\b|"
                                  r"around\s+(?:that|the\s+same)\s+time\b)", re.I)


@dataclass(frozen=True)
class _Action:
    """One trigger with one of its places, before it becomes an Event."""

    hit: TriggerHit
    mention: Mention
    precision: int
    place_note: str
    named: str = ""  # the sentence's name for the place when the gazetteer lacks it (drawn at its region)

    @property
    def key(self) -> tuple[str, str]:
        """One action per place, and per unlocated name within a region."""
        return self.mention.place.place_id, self.named  # type: ignore[union-attr]

    @property
    def strike_kind(self) -> str:
        """The kind of strike, or '' for an action of another type."""
        trigger = self.hit.trigger
        return trigger.sub_event_type if trigger.event_type == "Explosions/Remote violence" else ""


def _sentence_events(article: Article, sentence: str, offset: int, here: list[Mention], stated: TimeSpan | None,
                     claim: Attribution, context: _Context) -> list[Event]:
    cut = dateline_end(sentence)
    fig = figures(sentence)
    hits = [h for h in find_triggers(sentence) if h.start >= cut and _factual(sentence, h, claim)
            and not (fig.area_km2 is not None and _holds(h))]
    counted = any(counts_action(sentence, h.start, h.end) for h in hits) or (
        any(h.trigger.frame in TAKING_FRAMES for h in hits) and _PLACES_COUNTED.search(sentence) is not None)
    actions = _actions(sentence, offset, here, hits, cut, context,
                       has_own_evidence=bool(stated) or fig != Figures() or counted,
                       disputed=claim.status in ("denied", "disputed"),
                       statement_dated=stated is not None and stated.note.startswith(STATEMENT_DATED)
                       and fig == Figures() and not counted, area_object=fig.area_km2 is not None)
    when = stated or _now(sentence, article) or context.carried_span(article, sentence) or _undated(article)
    if not hits and context.counted is not None:
        actions, when = _enumerated(sentence, offset, here, cut, context.counted, context.focus), context.counted[1]
    listed = _listed_after_count(sentence, offset, here, cut, hits, actions, context.focus)
    if listed:  # the sentence names the places itself: none is carried from the sentence before
        actions = [a for a in actions if not (a.hit in {b.hit for b in listed} and a.place_note.startswith(_CARRIED))]
    actions += listed
    if any(not a.place_note.startswith(_CARRIED) for a in actions):
        # a place from the sentence before serves only a sentence that names none ("... wounded in Kursk")
        actions = [a for a in actions if not a.place_note.startswith(_CARRIED)]
    if any(a.named or not a.mention.place.is_region for a in actions):  # type: ignore[union-attr]
        # a region-level event only when the sentence names no settlement
        actions = [a for a in actions if a.named or not a.mention.place.is_region]  # type: ignore[union-attr]
    context.counted = _counted(sentence, hits, actions, when)
    context.unplaced.update(a.named for a in actions if a.named)
    shares = _share_figures(fig, actions)
    events = [_event(article, sentence, action, _clause_time(sentence, action.hit, article) or when, claim, context,
                     share) for action, share in zip(actions, shares)]
    # a whole country is no event's place ("raids into Russia", "troops sent to Russia"): a map point at its
    # centre would mislead, and the annotations never place an event there
    return [e for e, a in zip(events, actions) if not _recap(a, e, article) and e.place.feature != "country"]


def _recap(action: _Action, event: Event, article: Article) -> bool:
    """Background retold long after: "Kyiv mounted the Kursk incursion last August" in a March report.

    Only a campaign noun with no action of its own, dated more than ``RECAP_DAYS`` before
    publication: the reports of those days carry the event. An action keeps it ("it seized
    1,376 square km in August").
    """
    return action.hit.trigger.strength == "context" and (article.published - event.when.end).days > RECAP_DAYS


def _counted(sentence: str, hits: list[TriggerHit], actions: list[_Action],
             when: TimeSpan) -> tuple[TriggerHit, TimeSpan] | None:
    """A taking of a number of places the sentence does not name ("liberated 10 settlements"), or None."""
    if any(not a.mention.place.is_region for a in actions):  # type: ignore[union-attr]
        return None
    for hit in hits:
        if hit.trigger.frame in TAKING_FRAMES and _COUNT_OF_PLACES.match(sentence, hit.end):
            return hit, when
    return None


def _enumerated(sentence: str, offset: int, here: list[Mention], cut: int,
                counted: tuple[TriggerHit, TimeSpan], focus: Mention | None) -> list[_Action]:
    """The places a sentence lists after a counted taking ("It named them as A, B and C"): one event each."""
    usable = usable_mentions(sentence, offset, here, dateline_end=cut)
    listed = [loc for loc in usable if not loc.is_region] + unknown_places(sentence, offset, here)
    if len(listed) < 2:
        return []
    note = _ENUMERATED
    region = [loc for loc in usable if loc.is_region][:1]
    return [replace(a, place_note="; ".join(filter(None, (note, a.place_note))))
            for a in _place_actions(counted[0], sorted(listed, key=lambda loc: loc.start) + region, focus)]


def _listed_after_count(sentence: str, offset: int, here: list[Mention], cut: int, hits: list[TriggerHit],
                        actions: list[_Action], focus: Mention | None) -> list[_Action]:
    """Places an action lists in its own sentence after counting them.

    "took four more villages -- A, B, C and D --", "Five localities were won back in February - A, B
    and C", "dealt blows to Ukrainian units around 14 other settlements: A, B ...": a number before
    the list says the list is of the action's places.
    """
    taken = {a.key for a in actions}
    for hit in hits:
        if hit.trigger.strength in ("context", "attribute"):
            continue
        count = _COUNT_OF_PLACES.match(sentence, hit.end) or _COUNT_AFTER_LOCATIVE.match(sentence, hit.end)
        marker = (_LIST_OPENS.match(sentence, count.end()) or _LIST_AFTER.search(sentence, count.end(), count.end() + 40)
                  if count else _LIST_AFTER.search(sentence, hit.end))
        apposed = marker is None and count is not None
        if apposed:
            marker = _APPOSITION.match(sentence, count.end())
        if marker is None or not (count or _ANY_COUNT.search(sentence, 0, marker.start())):
            continue
        if any(hit.end <= other.start < marker.start() for other in hits):
            continue  # the list belongs to the action nearer it
        close = _LIST_CLOSES.search(sentence, marker.end())
        stop = close.start() if close else len(sentence)
        usable = usable_mentions(sentence, offset, here, dateline_end=cut)
        listed = [loc for loc in usable + unknown_places(sentence, offset, here)
                  if marker.end() <= loc.start < stop and not loc.is_region]
        if apposed and not _names_as_many(sentence[marker.end():stop], count.group(0), listed):
            continue
        note = "one of the places the sentence lists after counting them"
        return [replace(a, place_note=note) for a in _place_actions(hit, sorted(listed, key=lambda loc: loc.start), focus)
                if a.key not in taken]
    return []


def _names_as_many(apposition: str, count: str, listed: list[Located]) -> bool:
    """Whether a comma's apposition is the counted list: as many places as counted, joined by "and"."""
    number = re.search(r"\d+", numbers_as_digits(count))
    return number is not None and int(number.group(0)) == len(listed) >= 2 and " and " in apposition


def _main_clause(sentence: str) -> str:
    """The sentence with its relative clauses blanked, offsets kept: their dates are their own.

    "won back 10 settlements in its Kursk border region, where Ukraine launched an incursion last
    month", "a small village that Ukrainian forces captured last year": "last month" and "last
    year" date what the clause tells, not the retaking.
    """
    blank = _RELATIVE_CLAUSE.sub(lambda m: " " * len(m.group(0)), sentence)
    return _PLACE_THAT_CLAUSE.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), blank)


def _clause_time(sentence: str, hit: TriggerHit, article: Article) -> TimeSpan | None:
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
        clause = _main_clause(sentence[start:end])
    verbs = [at for m, _ in lexicon.reporting_verbs().finditer(clause) for at in (m.start(), m.end())]
    return timex.resolve_sentence(clause, anchor=article.published, anchor_precision=article.date_precision,
                                  statement_at=verbs)


def _share_figures(fig: Figures, actions: list[_Action]) -> list[Figures]:
    """Each figure to one action, so a list of places never multiplies it.

    A figure goes to the first action of the kind it measures (troops to a
    deployment, deaths to a battle or strike, an area to a capture), else to
    the first action whose place the sentence names.
    """
    shares = [Figures() for _ in actions]
    if not actions:
        return shares
    default = next((i for i, a in enumerate(actions) if not a.place_note), 0)
    for name in ("fatalities", "casualties", "wounded", "prisoners", "troops", "area_km2"):
        value = getattr(fig, name)
        if value is None:
            continue
        kinds = FIGURE_KINDS[name]
        owner = next((i for i, a in enumerate(actions) if a.hit.trigger.event_type in kinds
                      or a.hit.trigger.frame in kinds), default)
        extra = {"area_note": fig.area_note} if name == "area_km2" else {}
        shares[owner] = replace(shares[owner], **{name: value}, **extra)
    return shares


def _factual(sentence: str, hit: TriggerHit, claim: Attribution) -> bool:
    """Not speculation, forecast or condition; a negated action is kept when the report calls a claim of it false."""
    why = non_factual(sentence, hit.start)
    return not why or (why == "negation" and claim.status in ("denied", "disputed"))


def _holds(hit: TriggerHit) -> bool:
    # "controls 1,294 km²", "560 km² under Ukrainian control": a state, read as an area figure, not an action
    cue = lexicon.area_verbs().owner(hit.text)
    return cue is not None and cue.role == "hold"


def _subordinate(sentence: str, hit: TriggerHit) -> bool:
    # "drones swarmed the vehicles as they entered Sudzha": the strike is the event, the entry its setting
    return bool(_SUBORDINATE.search(sentence[:hit.start]))


def _actions(sentence: str, offset: int, here: list[Mention], hits: list[TriggerHit], cut: int, context: _Context,
             *, has_own_evidence: bool, disputed: bool, statement_dated: bool = False,
             area_object: bool = False) -> list[_Action]:
    """One action per place: the strongest trigger at each place wins. ``area_object``: the sentence
    gives an area figure, so a taking that names no place took that area, not the last place named."""
    placed = _placed_hits(sentence, offset, here, hits, cut, has_own_evidence=has_own_evidence,
                          statement_dated=statement_dated)
    shared = next((locs for locs in placed.values() if any(not loc.is_region for loc in locs)), [])
    candidates = []
    for hit, located in placed.items():
        actions = _place_actions(hit, located, context.focus)
        if not actions and shared and hit.trigger.strength == "strong":
            actions = [replace(a, place_note="place of the other action in the sentence")
                       for a in _place_actions(hit, shared, context.focus)]
        # a claim reported as false is still mapped, as such
        if not actions and _names_place_back(sentence, hit):
            actions = _named_before_in_sentence(hit, here, offset) or _carried(hit, context, True, settlement=True)
        if not actions and area_object and hit.trigger.frame in TAKING_FRAMES:
            continue  # "Kyiv says it captured about 1,300 square km": the area report stands for it, no place
        candidates += actions or _carried(hit, context, has_own_evidence or disputed, force=disputed)
    by_place: dict[tuple[str, str], list[_Action]] = {}
    for action in sorted(candidates, key=lambda a: (_subordinate(sentence, a.hit), a.hit.rank)):
        kept = by_place.setdefault(action.key, [action])
        # strikes of another kind at a place already struck stay apart ("34 airstrikes ... and fired on
        # positions 243 times"): a bulletin lists separate attacks, while a capture and its fighting are one
        if kept[0].strike_kind and action.strike_kind and action.strike_kind not in {k.strike_kind for k in kept}:
            kept.append(action)
    return sorted((a for kept in by_place.values() for a in kept), key=lambda a: a.mention.start)


def _placed_hits(sentence: str, offset: int, here: list[Mention], hits: list[TriggerHit], cut: int,
                 *, has_own_evidence: bool, statement_dated: bool = False) -> dict[TriggerHit, list[Located]]:
    """The places each trigger governs; deaths and injuries count only when nothing else happened."""
    # a parenthetical ", the governor said," does not end the action's clause
    verbs = [m.start() for m, _ in lexicon.reporting_verbs().finditer(sentence)
             if not (_PARENTHETICAL_BEFORE.search(sentence, 0, m.start()) and sentence[m.end():m.end() + 1] == ",")]
    boundaries = sorted({h.start for h in hits} | set(verbs))
    main = [h for h in hits if h.trigger.strength != "attribute"]
    unknown = unknown_places(sentence, offset, here)
    placed: dict[TriggerHit, list[Located]] = {}
    for hit in main:
        if hit.trigger.strength == "context" and not (has_own_evidence or _LAUNCHED.search(sentence, 0, hit.start)):
            continue  # "the offensive" as background; "have opened a new offensive in X" is news
        if hit.trigger.strength == "context" and statement_dated and not _LAUNCHED.search(sentence, 0, hit.start):
            continue  # "one of the aims of Ukraine's operation, the commander said on Monday": the date is the saying's
        placed[hit] = _hit_places(sentence, offset, here, hit, cut, boundaries, unknown)
    if not any(placed.values()) and (not main or not lexicon.tally_cues().finditer(sentence)):
        # deaths and injuries, when no other action has a place ("lost 6,000 soldiers killed and wounded in
        # the Kursk region, on top of troops lost in other combat areas"), unless they are a running total
        # ("losses in the Kursk area since the fighting began"), which the other action's words tell
        placed.update({hit: _hit_places(sentence, offset, here, hit, cut, boundaries, unknown)
                       for hit in hits if hit.trigger.strength == "attribute"})
    return placed


def _hit_places(sentence: str, offset: int, here: list[Mention], hit: TriggerHit, cut: int, boundaries: list[int],
                unknown: list[Located]) -> list[Located]:
    usable = usable_mentions(sentence, offset, here, dateline_end=cut, frame=hit.trigger.frame)
    found = clause_places(sentence, hit, usable, boundaries=[b for b in boundaries if b != hit.start], unknown=unknown)
    if not found and hit.trigger.strength == "attribute":
        found = _main_clause_places(hit, usable)
    return found


def _main_clause_places(hit: TriggerHit, usable: list[Located]) -> list[Located]:
    """Deaths told in a participle ("hit a bus in Bilopillia, Sumy Oblast, on May 17, killing nine"): the
    place is the main clause's, before it (its settlement over its region)."""
    before = [loc for loc in usable if loc.start < hit.start and loc.cue in ("event", "near") and not loc.is_country]
    settlements = [loc for loc in before if not loc.is_region]
    return settlements[:1] or before[:1]


def _place_actions(hit: TriggerHit, located: list[Located], focus: Mention | None) -> list[_Action]:
    """Actions at the located places; a name the gazetteer lacks is drawn at its region, region precision."""
    region = next((loc.mention for loc in located if loc.is_region), focus)
    actions = []
    for loc in located:
        if not loc.is_unknown:
            actions.append(_Action(hit, loc.mention, max(geo_precision(loc.mention), 2 if loc.cue == "near" else 1), ""))
        elif region is not None and region.place is not None:
            note = f"'{loc.mention.surface}' is not in the gazetteer: drawn at {region.place.name}, region precision"
            actions.append(_Action(hit, region, 3, note, named=loc.mention.surface))
    if any(a.named for a in actions):
        actions = [a for a in actions if a.named or not a.mention.place.is_region]  # type: ignore[union-attr]
    return actions


def _names_place_back(sentence: str, hit: TriggerHit) -> bool:
    """Whether the action's clause names its place by a definite noun ("forced them out of the village")."""
    clause_end = next((m.start() for m in _CLAUSE_BREAK.finditer(sentence, hit.end)), len(sentence))
    return any(hit.end <= m.start() < clause_end for m, _ in lexicon.place_anaphora().finditer(sentence))


# A campaign noun as the object of a launch ("have opened a new offensive", "launched a counteroffensive")
_LAUNCHED = re.compile(r"\b(?:launch|open|begin|began|begun|start|mount|unleash)(?:s|ed|ing)?\s+(?:an?\s+|the\s+|its\s+|"
                       r"their\s+)?(?:(?:new|fresh|large-scale|major|surprise|second|renewed)\s+){0,2}$", re.I)
def _force_moves(sentence: str, hit: TriggerHit) -> bool:
    """Whether a military force is what the deployment verb moves ("Ukrainian units moved forward", "troops
    are in"), not residents ("the authorities had moved 56,000 residents out")."""
    window = sentence[max(0, hit.start - FORCE_WINDOW_CHARS):hit.end]
    return any(cue.role == "unit" for _, cue in lexicon.name_heads().finditer(window))


def _labels_a_place(sentence: str, here: list[Mention]) -> bool:
    """Whether the sentence is only a settlement's name, as the label of a list item ("• Snagost.")."""
    return len(here) == 1 and here[0].place is not None and not here[0].place.is_region \
        and _LIST_MARKER.sub("", sentence, count=1).strip().rstrip(".:").strip() == here[0].surface


def _named_before_in_sentence(hit: TriggerHit, here: list[Mention], offset: int) -> list[_Action]:
    """"Kyiv Mayor Vitali Klitschko said missiles hit the city": "the city" is the settlement the sentence
    named before it, in whatever role, before any the sentences before named."""
    before = [m for m in here if m.place is not None and not m.place.is_region and m.end - offset <= hit.start]
    return [_Action(hit, before[-1], max(2, geo_precision(before[-1])), _NAMED_BACK)] if before else []


_CLAUSE_BREAK = re.compile(r"[,;:]|\b(?:and|but|while|as|so that)\b")


def _carried(hit: TriggerHit, context: _Context, has_own_evidence: bool, *, force: bool = False,
             settlement: bool = False) -> list[_Action]:
    """The previous sentence's place, else the article's region: strong actions with their own date or figure.

    ``settlement``: the sentence refers back to a settlement ("the village"), so only one will do.
    """
    if settlement:
        usable = [m for m in context.places if m.place is not None and not m.place.is_region]
        return [_Action(hit, usable[-1], max(2, geo_precision(usable[-1])), _NAMED_BACK)
                ] if usable and hit.trigger.strength != "none" else []
    if (hit.trigger.strength not in ("strong", "attribute") and not force) or not has_own_evidence:
        return []
    if context.places:
        usable = [m for m in context.places if m.place is not None and m.place.feature != "country"]
        if usable:
            best = min(usable, key=lambda m: (geo_precision(m), m.start))
            return [_Action(hit, best, max(2, geo_precision(best)), f"{_CARRIED}: taken from the one before")]
    if context.focus is not None:
        return [_Action(hit, context.focus, 3, f"{_CARRIED}: the article's focus region")]
    return []


def _event(article: Article, sentence: str, action: _Action, when: TimeSpan, claim: Attribution,
           context: _Context, fig: Figures) -> Event:
    trigger, place = action.hit.trigger, action.mention.place
    assert place is not None  # only resolved mentions become actions
    actor1, actor2 = event_actors(sentence, action.hit.start, action.hit.end, frame=trigger.frame,
                                  event_type=trigger.event_type, place=place)
    actor_note = ""
    if not actor1 and context.actor:
        actor1, actor_note = context.actor, f"actor1 ({context.actor}) from the sentences before"
    event_type = trigger.event_type
    sub_type = territory_sub_type(trigger.sub_event_type, frame=trigger.frame, actor1=actor1, place=place)
    control = trigger.control
    if trigger.frame in TAKING_FRAMES and attempted(sentence, action.hit.start):
        sub_type, control = "Armed clash", "fighting"  # "trying to retake": the place did not change hands
        actor_note = "; ".join(n for n in (actor_note, "an attempt: a clash, not a taking") if n)
    if claim.status != "reported" and _before_a_contrasted_claim(sentence, action.hit):
        claim = Attribution("reported")  # "Kyiv's forces poured in in August, though Russia says ...": the outlet's
    if claim.status == "reported" and context.voice is not None and actor1 == context.voice.side:
        claim = context.relayed_claim()  # TASS telling Russia's gains in its own words: Russia's claim
    weapon = _killed_by(sentence, action.hit) if trigger.frame == "casualty" else ""
    if weapon:  # "infantrymen were killed by drones": the strike's casualties
        event_type, sub_type = "Explosions/Remote violence", weapon
    if trigger.frame == "deploy" and on_enemy_ground(actor1=actor1, place=place) \
            and _force_moves(sentence, action.hit):
        event_type, sub_type, control = "Battles", "Armed clash", "entered"
        actor_note = "; ".join(n for n in (actor_note, "troops on the other side's ground: a ground advance") if n)
    if is_deployment(frame=trigger.frame, actor1=actor1, place=place):
        event_type, sub_type, actor2, control = "Strategic developments", "Change to group/activity", "", ""
        actor_note = "; ".join(n for n in (actor_note, "a force moving within its own side's region: a deployment") if n)
    area_note = f"area: {fig.area_note}" if fig.area_km2 is not None else ""
    notes = "; ".join(n for n in (f"trigger '{action.hit.text}' ({trigger.frame})", action.place_note, when.note,
                                  actor_note, area_note) if n)
    return Event(
        event_id=event_id(article.source_id, sentence, place.place_id + (f"#{action.named}" if action.named else "")
                          + (f"~{action.strike_kind}" if action.strike_kind else "")),  # two strikes at one place
        source_id=article.source_id, sentence=sentence.strip(), when=when, place=place,
        geo_precision=action.precision, event_type=event_type, sub_event_type=sub_type,
        actor1=actor1, actor2=actor2 if actor2 != actor1 else "", figures=fig,
        claim_status=claim.status, claimant=claim.claimant,
        historical=when.end < settings.CAMPAIGN_START, notes=notes, location_text=action.named or action.mention.surface,
        control=control, holder=holder_after(control, actor1),
    )


def _before_a_contrasted_claim(sentence: str, hit: TriggerHit) -> bool:
    """Whether the action is told in a clause of its own before a contrasting clause that holds every
    reporting verb ("Kyiv's forces poured into the region in August, though Russia's military says it has
    since won back most of it")."""
    turn = _CONTRAST.search(sentence, hit.end)
    if turn is None:
        return False
    verbs = lexicon.reporting_verbs().finditer(sentence)
    # the contrasting clause opens with its claimant ("though Russia's military says"), not "..., but were
    # destroyed, he said", whose verb covers the whole sentence; "..., but Kyiv denied it" keeps it disputed
    return bool(verbs) and all(turn.end() < m.start() <= turn.end() + CONTRAST_SUBJECT_CHARS
                               and "," not in sentence[turn.end():m.start()]
                               and cue.role not in ("deny", "false") for m, cue in verbs)


CONTRAST_SUBJECT_CHARS = 40  # "though Russia's military says": the claimant before its verb
_CONTRAST = re.compile(r"(?:,|;)\s+(?:though|although|but|whereas|while|yet)\b|;\s+")


def _killed_by(sentence: str, hit: TriggerHit) -> str:
    """The strike sub-type when deaths or wounds are "by" a weapon right after them ("killed by drones") or
    a weapon is their subject ("The strike killed 35 people"), or ''."""
    by = _BY_WEAPON.match(sentence, hit.end)
    found = lexicon.weapons().match(sentence, by.end()) if by else None
    if found is None:  # "The strike killed at least 35 people", "the drones wounded two": the weapon as subject
        found = lexicon.weapons().just_before(sentence, hit.start, window=WEAPON_SUBJECT_CHARS)
    return found[1].role if found else ""


STATEMENT_DATED = "the statement's date"  # geo.timex's note on an event dated only by its statement
FORCE_WINDOW_CHARS = 40  # how far before a deployment verb its force ("Ukrainian troops have recently") may be
WEAPON_SUBJECT_CHARS = 25  # "The strike killed": how far before the verb its weapon subject may end
_BY_WEAPON = re.compile(r"\s+(?:(?:in|from)\s+(?:the\s+)?|by\s+(?:(?:a|an|the|Russian|Ukrainian|enemy)\s+)?)")


def _continues_claim(article: Article, context: _Context, start: int, stated: TimeSpan | None) -> bool:
    """Whether an unattributed sentence goes on reporting the last claim: in its paragraph it does
    ("The General Staff counted 19 clashes. Russian forces carried out 34 airstrikes ..."), unless
    it tells of background ("Ukraine launched its incursion last August").

    Past the paragraph it does only while the article has named one claimant: a claimant
    carried through a whole report was right for reports built on one source (a governor's
    daily summary, a tracker's day-by-day account) and wrong for the rest.
    """
    if "\n" in article.text[context.speaker_end:start] and len(context.claimants) != 1:
        return False
    return stated is None or (article.published - stated.end).days <= RECAP_DAYS


_LIST_MARKER = re.compile(r"\s*(?:[-–—•*·▪►]|\d{1,2}[.)])?\s*")  # what may stand before a line's text: "- ", "• ", "2. "


def _whole_line(text: str, start: int, end: int) -> bool:
    """Whether the sentence is a line of its own (headlines, labels, items of a list of links)."""
    line_start = text.rfind("\n", 0, start) + 1
    alone_at_start = _LIST_MARKER.fullmatch(text[line_start:start]) is not None
    return alone_at_start and (end >= len(text.rstrip()) or text[end:end + 1] in ("\n", ""))


def _focus_place(mentions: Sequence[Mention], *, headline_end: int = -1) -> Mention | None:
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


def _dateline_side(sentences: Sequence[tuple[int, int, str]], mentions: Sequence[Mention]) -> str:
    """The government of the dateline city's country ("MOSCOW (Reuters) -" -> Russia), or ''."""
    for start, _, sentence in sentences[:6]:
        cut = dateline_end(sentence)
        if cut:
            for m in mentions:
                if start <= m.start < start + cut and m.place is not None:
                    return settings.GOVERNMENTS.get(m.place.country, "")
    return ""


_SHIFT = re.compile(
    r"\b(?:(?P<n>a|an|one|two|three|four|five|six|seven|\d+)\s+(?P<unit>day|days|week|weeks)\s+"
    r"(?P<dir>earlier|before|later|after)|the\s+(?P<unit2>day|week)\s+(?P<dir2>before|after)|"
    r"the\s+(?P<dir3>previous|next|following)\s+(?P<unit3>day|week))\b", re.I)


def _shifted_from_narrative(sentence: str, context: _Context) -> TimeSpan | None:
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


def _now(sentence: str, article: Article) -> TimeSpan | None:
    """"now", "currently": the day of the statement, which wire copy often dates the day before publication."""
    if not timex.says_now(sentence):
        return None
    return _statement_days(article, "now", "'now': the publication date or the day before it, when the statement was made")


def _statement_days(article: Article, text: str, note: str) -> TimeSpan:
    """The day of the statement: the publication date, or the day before it for wire copy."""
    return TimeSpan(article.published - timedelta(days=1), article.published, max(2, article.date_precision),
                    text=text, inferred=article.date_basis == "inferred", note=note)


def _dates_a_peak(span: TimeSpan) -> bool:
    """Whether the sentence's date is a peak cue of the area lexicon ("last year", "last summer")."""
    return any(cue.role == "peak" for _, cue in lexicon.area_verbs().finditer(span.text))


def _undated(article: Article) -> TimeSpan:
    start = article.published - timedelta(days=UNDATED_WINDOW_DAYS)
    return TimeSpan(start=start, end=article.published, precision=max(2, article.date_precision), text="",
                    inferred=True, note="no date in the sentence: read as the week before publication")


def event_id(source_id: str, sentence: str, place_id: str) -> str:
    """Stable id from the source, the sentence text and the place."""
    digest = hashlib.sha1(f"{source_id}\x1f{' '.join(sentence.split())}\x1f{place_id}".encode()).hexdigest()
    return f"ev-{digest[:12]}"
