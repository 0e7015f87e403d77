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
8. the date from ``geo.timex``, chosen by ``when`` (else the narrative's,
   else the week before publication, flagged inferred).

``actions`` pairs each trigger with its places and ``counts`` reads counted
lists of places; ``event`` turns each action into an ``Event``, and
``narrative`` carries places, dates and speakers from one sentence to the
next; ``merge`` folds an action retold, and a region-level summary ("won
back five settlements"), into the article's own finer event. This module composes them, one sentence at a time.

Whatever was not stated in the sentence (a date or place taken from the
sentences before) is said in ``notes`` and in the precision fields. This
module does not read files, build geometry or write the layer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Sequence

from geo import lexicon, settings, timex
from geo.extract.actions import CARRIED, NAMED_BACK, Action, placed_actions
from geo.extract.actors import TAKING_FRAMES, named_actors
from geo.extract.areas import AreaContext, area_reports
from geo.extract.attribution import (UNNAMED, Attribution, as_listed_source, attribute, headline_source,
                                     mentioned_source, names_the_outlet, offices_named, partisan_voice, people_named,
                                     quotation_speaker)
from geo.extract.counts import ENUMERATED, PLACES_COUNTED, counted_taking, enumerated_actions, listed_after_count
from geo.extract.event import build_event, event_id, moves_a_force, share_figures
from geo.extract.figures import counts_action, figures, share_follows
from geo.extract.furniture import credit_follows, dateline_end, is_source_line, opens_recap, page_kind
from geo.extract.location import usable_mentions
from geo.extract.merge import fold_summaries, fold_toll, merge_retold
from geo.extract.modality import dates_by_the_fighting, names_the_fighting, non_factual
from geo.extract.narrative import (CARRY_SENTENCES, RECAP_DAYS, Narrative, continues_claim, dateline_side, focus_place,
                                   background, heading_source, item_claim)
from geo.extract.triggers import TriggerHit, find_triggers, idiom_spans
from geo.extract.when import (DAILY_LEAD_SENTENCES, STATEMENT_DATED, clause_time, covers_the_past_day, dates_a_peak,
                              main_clause, said_now, shifted_from_narrative, statement_days, story_day, undated_span)
from geo.records import AreaReport, Article, Event, Figures, Mention, TimeSpan

__all__ = ["Extraction", "event_id", "extract_article", "extract_events"]

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
    context = Narrative(focus=focus_place(mentions, headline_end=article.text.find("\n")),
                       dateline_side=dateline_side(sentences, mentions), voice=partisan_voice(article.outlet))
    retold = headline_source(article.text, on=article.published, region=context.region)
    quote: tuple[int, Attribution] | None = None  # the open quotation's end and its speaker
    for index, (start, end, sentence) in enumerate(sentences):
        idioms = [(start + a, start + b) for a, b in idiom_spans(sentence)]
        here = [m for m in mentions if start <= m.start and m.end <= end and m.place is not None
                and not any(a <= m.start and m.end <= b for a, b in idioms)]
        verbs = [at for m, _ in lexicon.reporting_verbs().finditer(sentence) for at in (m.start(), m.end())]
        cut = dateline_end(sentence)
        # the dateline's date is the report's, not the event's ("KYIV, May 27 (AFP) - ... have captured")
        stated = timex.resolve_sentence(" " * cut + main_clause(sentence)[cut:], anchor=article.published,
                                        anchor_precision=article.date_precision, statement_at=verbs)
        if stated is None or stated.text.casefold() in ("the previous day", "the day before", "the next day"):
            stated = shifted_from_narrative(sentence, context) or stated  # "a day earlier": the narrative's
        if context.report_day is None and index < DAILY_LEAD_SENTENCES and stated is not None \
                and covers_the_past_day(stated):
            context.report_day = stated  # "fired on 12 hromadas 81 times over the past 24 hours": a daily report
        context.people.update(people_named(sentence))
        context.offices.update(offices_named(sentence, on=article.published, region=context.region))
        claim = attribute(sentence[cut:], on=article.published, article_sides=context.sides(),
                          actors=tuple(named_actors(sentence[cut:])), previous=context.speaker,
                          continuing="\n" not in article.text[context.speaker_end:start], region=context.region,
                          people=frozenset(context.people))
        claim = item_claim(article, context, start, claim)  # "• Snagost. Ukrainian forces pushed up ...": the heading's
        if quote is None or start >= quote[0]:  # no quotation open: does one open here?
            quote = quotation_speaker(article.text, sentences, index, on=article.published, region=context.region,
                                      previous=context.speaker)
        if quote is not None and start < quote[0] and claim.status == "reported" and not claim.claimant:
            claim = quote[1]  # '"In the Kharkiv direction ... One engagement is continuing," Syniehubov said.'
        if claim.status == "reported" and context.speaker_claimed and continues_claim(article, context, start, stated) \
                and not _names_another_source(sentence[cut:], article, context):
            claim = replace(context.speaker, status="claimed")  # type: ignore[arg-type]
        elif claim.claimant == UNNAMED and claim.denier is None and context.speaker_claimed \
                and not _names_no_one(sentence[cut:], article) and continues_claim(article, context, start, stated):
            # "Other clashes were reported near A and B", in a report built on the ministry's statement: its
            # report, told in the passive
            claim = replace(context.speaker, status=claim.status)  # type: ignore[arg-type]
        own_words = claim.status == "reported"  # what the narrative carries on: the retold source speaks in none
        if opens_recap(sentence):
            context.page_source = None  # "Background: ...": the page's own recap, not the source's report
        if own_words and retold is not None and not background(article, stated):
            claim = retold  # "Forbes: Russians pray in Kursk church ...": the story retells Forbes
        elif own_words and context.page_source is not None and not background(article, stated):
            claim = context.page_source  # after "Source: Sumy Oblast Military Administration", the page retells it
        if is_source_line(sentence) and claim.status == "claimed" and claim.claimant not in ("", UNNAMED):
            context.page_source = claim
        claim = _as_introduced(claim, context, article)
        clauses = _clause_claims(sentence, cut, claim, article, context)
        if claim.status == "claimed" and context.voice is None and names_the_outlet(claim.claimant, article.outlet):
            claim = Attribution("reported")  # "As Ukrinform reported earlier", in Ukrinform's story: its own words
        key = " ".join(sentence.split())
        new: list[Event] = []
        acts: list[Action] = []
        furniture = page_kind(sentence, whole_line=_whole_line(article.text, start, end)) \
            or ("caption" if credit_follows(article.text, end) else "")
        if key not in seen and not furniture:
            new, acts = _sentence_events(article, sentence, start, here, stated, claim, context, clauses)
            struck = _struck_before(acts, new, events)
            if struck is not None:  # "The strike killed at least 35 people": the toll of the strike just told
                events[struck], new = fold_toll(events[struck], new), []
            if counting and any(ENUMERATED in e.notes for e in new):
                # "liberated 10 settlements. It named them as A, B ...": the places replace the region
                events = [e for e in events if all(e is not c for c in counting)]
            counting = new if context.counted is not None else []
            events.extend(new)
            when = stated or said_now(sentence, article) or context.carried_span(article, sentence) \
                or undated_span(article, context.report_day)
            if stated is not None and dates_a_peak(stated):
                # "holding 63 km², against as much as 1,400 km² it controlled last year": the year dates the
                # peak figure (drawn from the campaign's start anyway), the other is the statement's
                when = statement_days(article, "the statement", "the sentence's date is the peak figure's")
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
        usable = [loc.mention for loc in usable_mentions(sentence, start, here, dateline_end=cut)]
        settled = usable if new else []
        if not settled and _labels_a_place(sentence, here):
            settled = here  # "• Snagost. Ukrainian forces pushed up to the settlement": the item's label
        context.unknown_village = _unknown_village(acts, settled, context.unknown_village)
        # a "Read also: ... – regional military administration" line names a source that says nothing here
        named = None if furniture == "furniture" else mentioned_source(sentence[cut:], on=article.published)
        context.list_source = heading_source(sentence, claim, named) or context.list_source
        # a caption's or slider's date ("Kursk salient, February 24 - March 9") dates no sentence after it
        context.advance(settled, None if furniture else story_day(sentence, cut, stated, article, verbs),
                        named_actors(sentence[cut:]),
                        Attribution("reported") if own_words or furniture == "furniture" else claim, named, end,
                        mentioned=usable)
    return Extraction(fold_summaries(merge_retold(events)), areas, sorted(context.unplaced))


# "X had not commented", "X declined to comment", "X did not respond": a source named only as silent
_NO_COMMENT = re.compile(r"\b(?:(?:has|had|have|did|does)\s+not\s+(?:yet\s+|immediately\s+)?(?:comment|respond|repl)\w*"
                         r"|declined\s+to\s+comment|(?:gave|offered)\s+no\s+comment)", re.I)


def _names_another_source(sentence: str, article: Article, context: Narrative) -> bool:
    """Whether an unattributed sentence names another source as silent ("Russia's Defence Ministry had not
    commented"): it does not go on with the speaker's claim, and that source becomes the one "the ministry"
    means next."""
    named = mentioned_source(sentence, on=article.published) if _NO_COMMENT.search(sentence) else None
    return named is not None and context.speaker is not None and named.claimant not in ("", context.speaker.claimant)


def _names_no_one(sentence: str, article: Article) -> bool:
    """Whether the sentence says its source is unnamed ("according to unofficial information"), where a
    passive ("clashes were reported") leaves the story's source speaking."""
    named = mentioned_source(sentence, on=article.published)
    return named is not None and named.claimant == UNNAMED


def _unknown_village(actions: list[Action], settled: list[Mention],
                     before: tuple[str, Mention] | None) -> tuple[str, Mention] | None:
    """The village "the village" now names back when the gazetteer lacks it: the last one this sentence placed
    an action at; none once the sentence names a settlement the gazetteer knows; else the one before."""
    named = [a for a in actions if a.named and a.mention.place is not None]
    if named:
        return named[-1].named, named[-1].mention
    if any(m.place is not None and not m.place.is_region and m.place.feature != "area" for m in settled):
        return None
    return before


_STRIKE_TYPES = frozenset({"Explosions/Remote violence", "Violence against civilians"})


def _struck_before(actions: list[Action], new: list[Event], events: list[Event]) -> int | None:
    """The index of the strike whose toll the sentence tells: deaths or injuries only, at the place the
    sentence before struck, named there and not here; else None."""
    if not new or not events or any(a.hit.trigger.frame != "casualty" or not a.place_note.startswith((CARRIED, NAMED_BACK))
                                    for a in actions):
        return None
    last = len(events) - 1
    before = events[last]
    if before.event_type not in _STRIKE_TYPES or any(e.place.place_id != before.place.place_id for e in new):
        return None
    return last


def _restates_the_count(hits: list[TriggerHit], actions: list[Action]) -> bool:
    """After "won back another two settlements", "The settlements freed by the Russian military are A and B"
    names them: a sentence whose only actions are takings placed at no settlement restates the count."""
    return all(h.trigger.frame in TAKING_FRAMES for h in hits) and all(
        a.mention.place is None or a.mention.place.is_region for a in actions)


def _as_introduced(claim: Attribution, context: Narrative, article: Article) -> Attribution:
    """The claimant as the article introduced them: "Hryhorov said", after "Oleh Hryhorov, head of the ...
    Administration", is the administration; after "Oleh Hryhorov" alone, Oleh Hryhorov."""
    office = context.office_of(claim.claimant)
    if office is not None:
        return replace(claim, claimant=office.claimant, side=office.side)
    if claim.claimant in context.people:
        return as_listed_source(replace(claim, claimant=context.people[claim.claimant]), on=article.published)
    return claim


def _clause_claims(sentence: str, cut: int, claim: Attribution, article: Article,
                   context: Narrative) -> list[tuple[int, Attribution]]:
    """Each clause's own speaker, where clauses joined by a semicolon have different ones ("the ministry said
    its troops had taken A and B; ISW said it had seen no evidence ..."), as (clause start, claim); else []."""
    starts = [cut] + [m.end() for m in _CLAUSE_JOINT.finditer(sentence, cut)]
    if len(starts) < 2:
        return []
    out = []
    for start, end in zip(starts, starts[1:] + [len(sentence)]):
        clause = sentence[start:end]
        own = attribute(clause, on=article.published, article_sides=context.sides(),
                        actors=tuple(named_actors(clause)), previous=context.speaker, continuing=True,
                        region=context.region, people=frozenset(context.people))
        out.append((start, _as_introduced(own, context, article) if own.claimant else claim))
    return out if len({c.claimant for _, c in out}) > 1 and all(c.claimant for _, c in out) else []


_CLAUSE_JOINT = re.compile(r";\s+")


def _claim_at(position: int, clauses: Sequence[tuple[int, Attribution]], claim: Attribution) -> Attribution:
    return next((c for start, c in reversed(clauses) if start <= position), claim)


def _sentence_events(article: Article, sentence: str, offset: int, here: list[Mention], stated: TimeSpan | None,
                     claim: Attribution, context: Narrative,
                     clauses: Sequence[tuple[int, Attribution]] = ()) -> tuple[list[Event], list[Action]]:
    cut = dateline_end(sentence)
    fig = figures(sentence)
    hits = [h for h in find_triggers(sentence) if h.start >= cut and _factual(sentence, h, claim)
            and not ((fig.area_km2 is not None or share_follows(sentence, h.end)) and _holds(h))]
    counted = any(counts_action(sentence, h.start, h.end) for h in hits) or (
        any(h.trigger.frame in TAKING_FRAMES for h in hits) and PLACES_COUNTED.search(sentence) is not None)
    actions = placed_actions(sentence, offset, here, hits, cut, context,
                       has_own_evidence=bool(stated) or fig != Figures() or counted,
                       disputed=claim.status in ("denied", "disputed"),
                       statement_dated=stated is not None and stated.note.startswith(STATEMENT_DATED)
                       and fig == Figures() and not counted, area_object=fig.area_km2 is not None)
    when = stated or said_now(sentence, article) or context.carried_span(article, sentence) \
        or undated_span(article, context.report_day)
    if context.counted is not None and (not hits or _restates_the_count(hits, actions)):
        enumerated = enumerated_actions(sentence, offset, here, cut, context.counted, context.focus)
        if enumerated or not hits:
            actions, when = enumerated, context.counted[1]
    listed = listed_after_count(sentence, offset, here, cut, hits, actions, context.focus)
    if listed:  # the sentence names the places itself: none is carried from the sentence before
        actions = [a for a in actions if not (a.hit in {b.hit for b in listed} and a.place_note.startswith(CARRIED))]
    actions += listed
    if any(not a.place_note.startswith(CARRIED) for a in actions):
        # a place from the sentence before serves only a sentence that names none ("... wounded in Kursk")
        actions = [a for a in actions if not a.place_note.startswith(CARRIED)]
    if fig == Figures():  # a sentence that counts the fighting's cost reports it ("12,000 troops lost in ...")
        # "away from the fighting in the Kursk region": the war named as a whole is no event at a region;
        # "the church had its roof damaged during the fighting": the fighting dates the damage, at any place
        actions = [a for a in actions if not dates_by_the_fighting(sentence, a.hit.start, a.hit.end)
                   and (a.named or not a.mention.place.is_region  # type: ignore[union-attr]
                        or not names_the_fighting(sentence, a.hit.start, a.hit.end))]
    if any(a.named or not a.mention.place.is_region for a in actions):  # type: ignore[union-attr]
        # a region-level event only when the sentence names no settlement
        actions = [a for a in actions if a.named or not a.mention.place.is_region]  # type: ignore[union-attr]
    context.counted = counted_taking(sentence, hits, actions, when)
    context.unplaced.update(a.named for a in actions if a.named)
    shares = share_figures(fig, actions)
    events = [build_event(article, sentence, action, clause_time(sentence, action.hit, article) or when,
                          _claim_at(action.hit.start, clauses, claim), context, share)
              for action, share in zip(actions, shares)]
    # a whole country is no event's place ("raids into Russia", "troops sent to Russia"): a map point at its
    # centre would mislead, and the annotations never place an event there
    kept = [(e, a) for e, a in zip(events, actions) if not _recap(a, e, article) and e.place.feature != "country"
            and moves_a_force(sentence, a.hit)]  # "the wounded are to be moved to the hospital": no deployment
    return [e for e, _ in kept], [a for _, a in kept]


def _recap(action: Action, event: Event, article: Article) -> bool:
    """Background retold long after: "Kyiv mounted the Kursk incursion last August" in a March report.

    Only a campaign noun with no action of its own, dated more than ``RECAP_DAYS`` before
    publication: the reports of those days carry the event. An action keeps it ("it seized
    1,376 square km in August").
    """
    return action.hit.trigger.strength == "context" and (article.published - event.when.end).days > RECAP_DAYS


def _factual(sentence: str, hit: TriggerHit, claim: Attribution) -> bool:
    """Not speculation, forecast or condition; a negated action is kept when the report calls a claim of it false."""
    why = non_factual(sentence, hit.start)
    return not why or (why == "negation" and claim.status in ("denied", "disputed"))


def _holds(hit: TriggerHit) -> bool:
    # "controls 1,294 km²", "560 km² under Ukrainian control": a state, read as an area figure, not an action
    cue = lexicon.area_verbs().owner(hit.text)
    return cue is not None and cue.role == "hold"


def _labels_a_place(sentence: str, here: list[Mention]) -> bool:
    """Whether the sentence is only a settlement's name, as the label of a list item ("• Snagost.")."""
    return len(here) == 1 and here[0].place is not None and not here[0].place.is_region \
        and _LIST_MARKER.sub("", sentence, count=1).strip().rstrip(".:").strip() == here[0].surface


_LIST_MARKER = re.compile(r"\s*(?:[-–—•*·▪►]|\d{1,2}[.)])?\s*")  # what may stand before a line's text: "- ", "• ", "2. "


def _whole_line(text: str, start: int, end: int) -> bool:
    """Whether the sentence is a line of its own (headlines, labels, items of a list of links)."""
    line_start = text.rfind("\n", 0, start) + 1
    alone_at_start = _LIST_MARKER.fullmatch(text[line_start:start]) is not None
    return alone_at_start and (end >= len(text.rstrip()) or text[end:end + 1] in ("\n", ""))
