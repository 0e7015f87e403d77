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
    buckets: dict[tuple[str, str], list[int]] = {}  # only same-type events can match
    for event in events:
        bucket = buckets.setdefault((event.event_type, event.sub_event_type), [])
        index = next((i for i in bucket if _same_event(merged[i], event)), None)
        if index is None:
            bucket.append(len(merged))
            merged.append(event)
        else:
            match = merged[index]
            merged[index] = replace(match, also_reported=match.also_reported + ((event.source_id, event.sentence),))
    return merged


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
