"""Merge the same real-world event reported by several articles.

Two reports are one event when they have the same type, overlapping dates
and something concrete in common (see ``_same_event``). The first report is
kept; the others are listed in ``also_reported`` with their own sentences,
so every source stays traceable. This module does not extract anything.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from geo.records import Event, Figures

__all__ = ["merge_duplicates"]


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
