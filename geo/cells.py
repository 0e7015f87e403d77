"""Grid cells: many events counted per cell of a longitude/latitude grid.

A map that would hold thousands of event marks draws one count per cell
instead. ``cell_size`` picks the grid (the finest of ``CELL_SIZES`` that
gives at most ``limit`` cells, coarser for more events) and ``group`` counts
events held in memory; ``geo.store.view`` counts the same cells in the
database (``floor(lon / size)``, ``floor(lat / size)``), so a map drawn from
the store and one drawn from the file show the same cells.
``geo.mapview`` turns cells into marks.

Pure: no drawing, no I/O.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
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
