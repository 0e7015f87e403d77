"""Merge the same real-world event reported by several articles, or retold within one.

Two reports are one event when they have the same type, overlapping dates
and something concrete in common (see ``_same_event``). The first report is
kept; the others are listed in ``also_reported`` with their own sentences,
so every source stays traceable. This module does not extract anything.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Sequence

from geo import lexicon
from geo.extract.actions import UNPLACED
from geo.records import Event, Figures, Place, TimeSpan
from geo.toponyms import place_km

__all__ = ["fold_summaries", "fold_toll", "merge_duplicates", "merge_retold"]


def merge_duplicates(events: Sequence[Event]) -> list[Event]:
    """One event per real-world event reported by several articles.

    See ``_same_event`` for when two reports are the same event. The first
    report (input order) is kept as the primary; the others are listed in
    ``also_reported`` with their own sentences.
    """
    merged: list[Event] = []
    # Only same-type events sharing a place or a figure can match (_same_event): index them by those.
    index_of: dict[tuple, list[int]] = {}
    for event in events:
        keys = _keys(event)
        candidates = sorted({i for key in keys for i in index_of.get(key, ())})
        index = next((i for i in candidates if _same_event(merged[i], event)), None)
        if index is None:
            for key in keys:
                index_of.setdefault(key, []).append(len(merged))
            merged.append(event)
        else:
            match = merged[index]
            merged[index] = replace(match, also_reported=match.also_reported + ((event.source_id, event.sentence),),
                                    also_claimed=match.also_claimed + ((event.claimant, event.claim_status),))
    return merged


def merge_retold(events: Sequence[Event]) -> list[Event]:
    """One event per action and place within one article: the lead and the paragraph that retells it.

    Two events of one article are the same action when they have the same type and sub-type, the
    same settlement (not a region), overlapping dates, the same actors and the same claimant and
    standing, and no conflicting figure; a strike a summary listed ("The hromadas of A, B and C came
    under fire") and a paragraph details ("A was hit with mortars and FPV drones") is one too, whatever
    the weapons. A different claimant stays apart: the ledger shows both claims. The first sentence is
    kept, except that a detail replaces the summary's listing (it names the weapons; the listing, which
    dates the attack, lends its narrower date); the others go to ``also_reported``.
    """
    listing = Counter(event.sentence for event in events)
    merged: list[Event] = []
    for event in events:
        found = next(((i, how) for i, kept in enumerate(merged) if (how := _retelling(kept, event, listing))), None)
        if found is None:
            merged.append(event)
            continue
        index, how = found
        kept = merged[index]
        if how == "detail":
            kept, event = replace(event, when=_narrower(event.when, kept.when)), kept
        merged[index] = replace(kept, figures=_fill(kept.figures, event.figures),
                                also_reported=kept.also_reported + ((event.source_id, event.sentence),),
                                also_claimed=kept.also_claimed + ((event.claimant, event.claim_status),))
    return merged


def fold_summaries(events: Sequence[Event]) -> list[Event]:
    """Region-level summaries folded into the article's own finer events of the same action.

    "Russia said its forces had won back five settlements in the Kursk region", then each village
    named: the region-level event says nothing the villages do not, so the first finer event that
    the summary covers lists its sentence in ``also_reported`` (see ``_summarises``). A summary
    nothing finer covers stays an event at its region.
    """
    kept: list[Event] = list(events)
    for summary in events:
        if not any(_summarises(summary, event) for event in kept):
            continue
        kept = [event for event in kept if event is not summary]
        index = next(i for i, event in enumerate(kept) if _summarises(summary, event))
        kept[index] = replace(kept[index], also_reported=kept[index].also_reported
                              + ((summary.source_id, summary.sentence),),
                              also_claimed=kept[index].also_claimed + ((summary.claimant, summary.claim_status),))
    return kept


_SUMMARY_FEATURES = frozenset({"country", "region", "area"})  # an area is a district or hromada
SETTLEMENT_KM = 1.0  # the reach of a settlement the gazetteer lacks


def _summarises(summary: Event, detail: Event) -> bool:
    """True when ``detail`` is one of the finer events a region- or district-level ``summary`` sums up:
    same type, sub-type and side acting, overlapping dates, the same standing, a place inside the summary's,
    and a summary that speaks of several places together (``lexicon.place_plurals``): "opened a new
    offensive in the region" is an action of its own, "won back five settlements in the region" is not.
    A region's count of strikes may differ in sub-type and be unattributed (``counted``)."""
    if summary.place.feature not in _SUMMARY_FEATURES or _spread_km(summary) <= _spread_km(detail):
        return False
    if summary.figures.area_km2 is not None:  # "liberated 24 settlements and 259 km²": the area is its own news
        return False
    if (summary.event_type, summary.actor1, summary.historical) != (detail.event_type, detail.actor1, detail.historical):
        return False
    # a region's count of strikes ("attacked the border areas of Sumy Oblast 73 times"): the details name the
    # weapons it leaves out, and its line, before the "Source:" line, is as much the source's as theirs
    counted = summary.event_type == "Explosions/Remote violence" and summary.place.is_region
    if summary.sub_event_type != detail.sub_event_type and not counted:
        return False
    if summary.when.end < detail.when.start or detail.when.end < summary.when.start:
        return False
    if summary.claim_status not in (detail.claim_status, "reported" if counted else detail.claim_status) \
            or not lexicon.place_plurals().finditer(summary.sentence):
        return False
    return _inside(detail.place, summary.place)


def _settlement(event: Event) -> tuple[str, str]:
    """The place an event is at: a village the gazetteer lacks is its own place, though drawn at its
    district or region with others."""
    return event.place.place_id, event.location_text if UNPLACED in event.notes else ""


def _spread_km(event: Event) -> float:
    """How far the event's place reaches: a village the gazetteer lacks is drawn at its region but is
    still one settlement."""
    return SETTLEMENT_KM if UNPLACED in event.notes else event.place.precision_km


def _inside(place: Place, area: Place) -> bool:
    """A place within a region (same first-level region) or within a district's radius."""
    if area.is_region:
        return place.country == area.country and (area.feature == "country" or place.admin1 == area.admin1)
    return place_km(place, area) <= area.precision_km


def fold_toll(strike: Event, toll: Sequence[Event]) -> Event:
    """The strike with the deaths and injuries the next sentence tells of it ("The strike killed at least
    35 people and wounded 117 others."): its figures, and the sentence among its reports."""
    kept = strike
    for event in toll:
        kept = replace(kept, figures=_fill(kept.figures, event.figures),
                       also_reported=kept.also_reported + ((event.source_id, event.sentence),))
    return kept


def _retold(a: Event, b: Event) -> bool:
    if (a.event_type, a.sub_event_type, _settlement(a), a.historical) != (b.event_type, b.sub_event_type,
                                                                        _settlement(b), b.historical):
        return False
    if a.place.is_region or a.when.end < b.when.start or b.when.end < a.when.start:
        return False
    if (a.actor1, a.actor2, a.claimant, a.claim_status) != (b.actor1, b.actor2, b.claimant, b.claim_status):
        return False
    return all(x == y for x, y in zip(_numbers(a.figures), _numbers(b.figures)) if x is not None and y is not None)


def _retelling(kept: Event, event: Event, listing: Counter[str]) -> str:
    """How ``event`` retells ``kept``: "retold", "detail" (it details a summary's listing), or ''."""
    return "detail" if _detailed(kept, event, listing) else "retold" if _retold(kept, event) else ""


SUMMARY_PLACES = 3  # a sentence that strikes this many places is a summary ("The hromadas of A, B and C came under fire")


def _detailed(summary: Event, event: Event, listing: Counter[str]) -> bool:
    """Whether ``event`` details a strike a summary listed: "The hromadas of A, B, C ... came under fire",
    then "A was hit with mortars and FPV drones". The paragraph names the weapons, so the sub-types may
    differ; it is the same attack on the same day, told twice."""
    if summary.event_type != "Explosions/Remote violence" or listing[summary.sentence] < SUMMARY_PLACES \
            or listing[event.sentence] >= SUMMARY_PLACES:
        return False
    return _retold(summary, replace(event, sub_event_type=summary.sub_event_type))


def _narrower(a: TimeSpan, b: TimeSpan) -> TimeSpan:
    return a if (a.end - a.start) <= (b.end - b.start) else b


def _fill(kept: Figures, other: Figures) -> Figures:
    """The kept event's figures, with the ones only the retelling gives."""
    return replace(kept, **{name: value for name, value in vars(other).items()
                            if value is not None and getattr(kept, name) is None and name != "area_note"})


def _keys(event: Event) -> list[tuple]:
    kind = (event.event_type, event.sub_event_type)
    figures = [(kind, "figure", n, v) for n, v in enumerate(_numbers(event.figures)) if v is not None]
    return [(kind, "place", event.place.place_id), *figures]


def _same_event(a: Event, b: Event) -> bool:
    """Same type, overlapping dates, and something concrete in common.

    The concrete link is an identical figure (and no conflicting one), or
    the same town-level place with the same actors. Vague region-level
    reports without figures are never merged: too many differ.
    """
    if (a.event_type, a.sub_event_type) != (b.event_type, b.sub_event_type) or a.historical != b.historical:
        return False
    if a.when.end < b.when.start or b.when.end < a.when.start:
        return False
    if any(source == b.source_id for source, _ in a.also_reported):
        return False
    pairs = [(x, y) for x, y in zip(_numbers(a.figures), _numbers(b.figures)) if x is not None and y is not None]
    if pairs:
        return all(x == y for x, y in pairs)
    same_town = a.place.place_id == b.place.place_id and a.geo_precision == b.geo_precision == 1
    return a.source_id != b.source_id and same_town and {a.actor1, a.actor2} == {b.actor1, b.actor2}


def _numbers(fig: Figures) -> tuple[float | None, ...]:
    return (fig.fatalities, fig.casualties, fig.troops, fig.area_km2)

