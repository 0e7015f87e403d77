"""What a map shows of its events: some one by one, the rest counted in grid cells.

A map that would hold thousands of event marks draws the day's own events
(``split_plan``) and one count per cell of a longitude/latitude grid for the
rest (``ShownEvents`` holds both). ``cell_size`` picks the grid (the finest
of ``CELL_SIZES`` that gives at most ``limit`` cells, coarser for more
events) and ``group`` counts events held in memory; ``geo.store.view`` counts the same cells in the
database (``floor(lon / size)``, ``floor(lat / size)``), so a map drawn from
the store and one drawn from the file show the same cells.
``geo.mapview`` turns them into marks.

Pure: no drawing, no I/O.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

CELL_SIZES = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0)  # degrees
NO_TYPE = "Other"  # the type counted for an event without one


@dataclass(frozen=True)
class Cell:
    """One grid cell's events: its index, count, mean position, types and dates.

    ``types`` are ``(event type, count)``, most frequent first, ties in the
    order the types first appear among the cell's events (by start date, then id).
    """

    ix: int
    iy: int
    n: int
    lon: float
    lat: float
    types: tuple[tuple[str, int], ...]
    first: date
    last: date


def cell_size(count: int, cells_for: Callable[[float], int], limit: int) -> float:
    """The grid for ``count`` events: the finest size (from 0.05° up to 5,000 events, 0.1° up to 20,000,
    else 0.25°) whose number of cells, ``cells_for(size)``, is at most ``limit``; else the coarsest."""
    start = 0.05 if count <= 5000 else 0.1 if count <= 20000 else 0.25
    for size in CELL_SIZES:
        if size >= start and cells_for(size) <= limit:
            return size
    return CELL_SIZES[-1]


def key(lon: float, lat: float, size: float) -> tuple[int, int]:
    """The index of the cell of ``size`` degrees holding ``(lon, lat)``."""
    return math.floor(lon / size), math.floor(lat / size)


def count_cells(points: Iterable[tuple[float, float]], size: float) -> int:
    """How many cells of ``size`` the points fall in."""
    return len({key(lon, lat, size) for lon, lat in points})


def group(events: Sequence[tuple[Mapping, float, float, date, date]], size: float) -> list[Cell]:
    """Cells of ``size`` for events given as ``(properties, lon, lat, start, end)`` in (start, id) order,
    sorted by cell index."""
    members: dict[tuple[int, int], list] = defaultdict(list)
    for event in events:
        members[key(event[1], event[2], size)].append(event)
    return [_cell(k, rows) for k, rows in sorted(members.items())]


def _cell(k: tuple[int, int], rows: list) -> Cell:
    counts: dict[str, int] = {}
    for props, *_ in rows:  # a dict keeps first appearance: the tie order
        kind = str(props.get("event_type") or NO_TYPE)
        counts[kind] = counts.get(kind, 0) + 1
    n = len(rows)
    return Cell(ix=k[0], iy=k[1], n=n, lon=sum(r[1] for r in rows) / n, lat=sum(r[2] for r in rows) / n,
                types=ranked(counts.items()), first=min(r[3] for r in rows), last=max(r[4] for r in rows))


def ranked(counts: Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """``(type, count)`` pairs, given in order of first appearance, most frequent first (stable for ties)."""
    return tuple(sorted(counts, key=lambda item: -item[1]))


def split_plan(shown: int, on_day: int, max_markers: int) -> str:
    """Which events a map draws one by one: ``"all"`` (up to ``max_markers``), else ``"day"`` (the day's own,
    if they fit in half the budget; the rest in cells), else ``"none"`` (all in cells)."""
    if shown <= max_markers:
        return "all"
    return "day" if on_day <= max_markers // 2 else "none"


def cell_limit(max_markers: int) -> int:
    """How many cells a map may draw for ``max_markers``."""
    return max(1, max_markers // 2)


@dataclass(frozen=True)
class ShownEvents:
    """What a map draws of its events, however they were chosen: from a layer in
    memory (``geo.mapview.shown_events``), or by the database (``geo.store.view.shown_events``).

    ``singles`` are drawn one by one (in start, id order) with ``event_claims`` (their claim features) in their
    popups; ``cells`` (of ``cell_size`` degrees) count the rest; ``count`` and ``on_day`` are all the events
    shown and those whose span holds the day; ``types`` their event types; ``sources`` each cited article id
    with the properties of an event citing it (its fallback title); ``claims`` the ledger's claim features shown.
    ``boxed``: only the events in a box around the map's view were chosen (a zoomed-in map on the store).
    """

    singles: list[dict]
    event_claims: list[dict]
    cells: list[Cell]
    cell_size: float
    count: int
    on_day: int
    types: list[str]
    sources: dict[str, Mapping] = field(default_factory=dict)
    claims: list[dict] = field(default_factory=list)
    boxed: bool = False
