"""geo.cells: grid sizes, cells counted in memory, which events a map draws one by one."""

from __future__ import annotations

from datetime import date

from geo import cells

D1, D2, D3 = date(2025, 1, 1), date(2025, 1, 2), date(2025, 1, 3)


def test_the_grid_is_the_finest_that_fits_the_limit() -> None:
    assert cells.cell_size(100, lambda s: 10, limit=20) == 0.05
    assert cells.cell_size(100, lambda s: 30 if s < 0.5 else 5, limit=20) == 0.5
    assert cells.cell_size(30_000, lambda s: 1, limit=20) == 0.25  # many events: never finer than 0.25°
    assert cells.cell_size(100, lambda s: 99, limit=20) == cells.CELL_SIZES[-1]


def test_cells_count_events_types_and_dates() -> None:
    rows = [({"event_type": "Battles"}, 35.01, 51.01, D1, D1),
            ({"event_type": ""}, 35.02, 51.02, D2, D3),
            ({"event_type": "Other"}, 35.03, 51.03, D2, D2),
            ({"event_type": "Battles"}, 36.5, 51.5, D3, D3)]
    first, second = cells.group(rows, 0.25)
    assert (first.ix, first.iy, first.n, first.first, first.last) == (140, 204, 3, D1, D3)
    assert first.types == (("Other", 2), ("Battles", 1))  # a missing type counts as "Other"
    assert abs(first.lon - 35.02) < 1e-12 and abs(first.lat - 51.02) < 1e-12
    assert (second.ix, second.n, second.types) == (146, 1, (("Battles", 1),))
    assert cells.count_cells([(r[1], r[2]) for r in rows], 0.25) == 2
    assert cells.count_cells([(r[1], r[2]) for r in rows[:3]], 0.05) == 1


def test_ties_keep_the_order_types_first_appear_in() -> None:
    assert cells.ranked([("b", 1), ("a", 2), ("c", 1)]) == (("a", 2), ("b", 1), ("c", 1))


def test_the_map_draws_all_then_the_days_own_then_none_one_by_one() -> None:
    assert cells.split_plan(1500, 1500, 1500) == "all"
    assert cells.split_plan(1501, 750, 1500) == "day"
    assert cells.split_plan(1501, 751, 1500) == "none"
    assert cells.cell_limit(1500) == 750 and cells.cell_limit(1) == 1
