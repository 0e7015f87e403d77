"""geo.store.view: the database answers one view exactly as filtering the whole layer in Python does.

The seeds' build and a synthetic layer (3,000 events, enough for grid
cells) are written to a store once per module; every view query is compared
with ``geo.filters`` / ``geo.mapview`` on the same layer held in memory.
"""

from __future__ import annotations

import copy
from datetime import date

import pytest
import sqlalchemy as sa

from geo import filters, mapview, settings, store
from geo.cli import build
from geo.filters import EventFilter
from geo.layer import read_layer
from geo.store import view
from tests.conftest import synthetic_layer
from tests.store.conftest import create_database

DAYS = (date(2024, 8, 20), date(2025, 1, 15), date(2025, 3, 14), date(2025, 4, 30))
SUDZHA_BBOX = (35.0, 51.0, 35.6, 51.4)


def _filters(layer: dict) -> list[EventFilter]:
    opts = filters.options(layer)
    return [
        EventFilter(),
        EventFilter(include_historical=True),
        EventFilter(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31)),
        EventFilter(event_types=(opts["event_type"][0],)),
        EventFilter(sub_event_types=tuple(opts["sub_event_type"][:2])),
        EventFilter(actors=(opts["actor"][0],)),
        EventFilter(sources=(opts["source_id"][-1],)),
        EventFilter(claim_statuses=("claimed", "disputed")),
        EventFilter(text="  sudzha "),
        EventFilter(text="SUDZHA retaken"),  # no match, or a phrase
        EventFilter(event_types=(opts["event_type"][0],), actors=tuple(opts["actor"][:2]), text="a"),
    ]


@pytest.fixture(scope="module")
def seed_store(pg_cluster, tmp_path_factory) -> tuple[str, dict]:
    """A store holding the seeds' build, and the same layer read from its file."""
    out = tmp_path_factory.mktemp("seed-build") / "layer.geojson"
    build(settings.SEEDS_DIR, out)
    url = create_database(pg_cluster, "geo_test_view_seeds")
    layer = read_layer(out)
    store.write_layer(layer, url)
    return url, layer


@pytest.fixture(scope="module")
def synthetic_store(pg_cluster) -> tuple[str, dict]:
    url = create_database(pg_cluster, "geo_test_view_synthetic")
    layer = synthetic_layer(3000)
    store.write_layer(layer, url)
    return url, layer


def _ids(features: list[dict]) -> list[str]:
    return [f["id"] for f in features]


def _inside(feature: dict, bbox: tuple[float, float, float, float]) -> bool:
    lon, lat = feature["geometry"]["coordinates"]
    return bbox[0] <= lon <= bbox[2] and bbox[1] <= lat <= bbox[3]


def test_view_events_and_claims_are_the_filtered_layer(seed_store) -> None:
    url, layer = seed_store
    assert filters.events(layer) and filters.claims(layer)
    for flt in _filters(layer):
        for day in DAYS:
            expected = filters.filter_events(layer, flt, up_to=day)
            assert _ids(view.events(url, day=day, flt=flt)) == _ids(expected), (flt, day)
            assert view.count_events(url, day=day, flt=flt) == len(expected)
            assert _ids(view.events(url, day=day, flt=flt, newest=2)) == _ids(expected[-2:])
            in_box = [f for f in expected if _inside(f, SUDZHA_BBOX)]
            assert _ids(view.events(url, day=day, flt=flt, bbox=SUDZHA_BBOX)) == _ids(in_box)
            claims = filters.filter_claims(layer, flt, up_to=day)
            assert _ids(view.ledger_claims(url, day=day, flt=flt)) == _ids(claims), (flt, day)
    # The filters above select something, or the comparison proves little.
    assert filters.filter_events(layer, EventFilter(text="sudzha"), up_to=DAYS[-1])
    assert filters.filter_claims(layer, EventFilter(), up_to=DAYS[-1])


def test_facets_are_the_whole_layers(seed_store) -> None:
    url, layer = seed_store
    assert view.options(url) == filters.options(layer)
    assert view.timeline_bounds(url) == filters.timeline_bounds(layer)
    base = view.base_layer(url)
    assert view.key_dates(url, filters.controls(base)) == filters.key_dates(layer)
    assert filters.opening_day(base, last=view.timeline_bounds(url)[1]) == filters.opening_day(layer)
    assert view.total_events(url) == len(filters.events(layer))
    assert base["metadata"] == layer["metadata"]
    assert _ids(filters.places(base)) == _ids(filters.places(layer))
    assert _ids(filters.controls(base)) == _ids(filters.controls(layer))


def test_the_map_from_the_store_is_the_map_from_the_file(seed_store) -> None:
    url, layer = seed_store
    base = view.base_layer(url)
    for flt in _filters(layer)[:4]:
        for day in DAYS:
            shown = view.shown_events(url, day=day, flt=flt, max_markers=1500)
            from_store = mapview.render_html(mapview.build_map(base, day=day, flt=flt, events=shown))
            from_file = mapview.render_html(mapview.build_map(layer, day=day, flt=flt))
            assert from_store == from_file, (flt, day)


@pytest.mark.parametrize("max_markers", [10_000, 1500, 60, 2])
def test_grid_cells_are_counted_in_the_database_as_in_memory(synthetic_store, max_markers: int) -> None:
    url, layer = synthetic_store
    for flt in (EventFilter(), EventFilter(event_types=("Battles",)), EventFilter(date_from=date(2025, 1, 1))):
        for day in (date(2024, 10, 1), date(2025, 3, 14)):
            expected = mapview.shown_events(layer, filters.filter_events(layer, flt, up_to=day), day,
                                            max_markers=max_markers)
            got = view.shown_events(url, day=day, flt=flt, max_markers=max_markers, ledger=False)
            assert (got.count, got.on_day, got.cell_size, got.types) == (
                expected.count, expected.on_day, expected.cell_size, expected.types)
            assert _ids(got.singles) == _ids(expected.singles)
            assert got.sources == expected.sources
            assert len(got.cells) == len(expected.cells)
            for mine, theirs in zip(got.cells, expected.cells):
                assert (mine.ix, mine.iy, mine.n, mine.types, mine.first, mine.last) == (
                    theirs.ix, theirs.iy, theirs.n, theirs.types, theirs.first, theirs.last)
                assert mine.lon == pytest.approx(theirs.lon, abs=1e-9)
                assert mine.lat == pytest.approx(theirs.lat, abs=1e-9)
    assert view.shown_events(url, day=date(2025, 3, 14), flt=EventFilter(), max_markers=60).cells


def test_map_bounds_keep_the_events_inside(synthetic_store) -> None:
    url, layer = synthetic_store
    day = date(2025, 3, 14)
    inside = [f for f in filters.filter_events(layer, EventFilter(), up_to=day) if _inside(f, SUDZHA_BBOX)]
    got = view.shown_events(url, day=day, flt=EventFilter(), max_markers=60, bbox=SUDZHA_BBOX, ledger=False)
    expected = mapview.shown_events(layer, inside, day, max_markers=60)
    assert 60 < got.count == len(inside) < len(filters.events(layer))
    assert [(c.ix, c.iy, c.n) for c in got.cells] == [(c.ix, c.iy, c.n) for c in expected.cells]


def test_the_view_indexes_exist(seed_store) -> None:
    url, _ = seed_store
    with store.connect(url).connect() as conn:
        names = set(conn.execute(sa.text("SELECT indexname FROM pg_indexes")).scalars())
    assert {"claims_event_id_idx", "events_span_idx", "events_source_ids_idx", "events_actor1_idx"} <= names


def test_a_day_layer_exports_what_the_view_shows(seed_store) -> None:
    url, layer = seed_store
    flt, day = EventFilter(), date(2025, 3, 14)
    small = view.day_layer(url, day=day, flt=flt)
    assert _ids(filters.filter_events(small, flt, up_to=day)) == _ids(filters.filter_events(layer, flt, up_to=day))
    assert _ids(filters.filter_claims(small, flt, up_to=day)) == _ids(filters.filter_claims(layer, flt, up_to=day))
    assert len(filters.events(small)) < len(filters.events(layer))



def test_a_views_queries_side_by_side_give_the_same(synthetic_store) -> None:
    url, layer = synthetic_store
    day, flt = date(2025, 3, 14), EventFilter(event_types=("Battles",))
    found = view.view_rows(url, day=day, flt=flt, max_markers=60, newest=5, bbox=SUDZHA_BBOX)
    expected = filters.filter_events(layer, flt, up_to=day)
    assert found["count"] == len(expected) > found["shown"].count > 0
    assert _ids(found["newest"]) == _ids(expected[::-1][:5])
    assert found["total"] == len(filters.events(layer))
    stored = store.read_layer(url)  # the store's layer order (by id) orders a day's labels
    assert view.facets(url, filters.controls(stored)) == {
        "bounds": filters.timeline_bounds(layer), "key_dates": filters.key_dates(stored),
        "options": filters.options(layer)}


def _type_and_another(layer: dict) -> list[EventFilter]:
    """An event-type filter combined with each other kind of filter, for every type the claims' events have."""
    opts = filters.options(layer)
    types = {e["id"]: e["properties"]["event_type"] for e in filters.events(layer)}
    claimed = {types[c["properties"]["event_id"]] for c in filters.claims(layer) if c["properties"]["event_id"] in types}
    others = [{"actors": (actor,)} for actor in opts["actor"]] + [
        {"claim_statuses": ("claimed",)}, {"sources": (opts["source_id"][0],)}, {"text": "sudzha"},
        {"date_from": date(2025, 3, 1), "date_to": date(2025, 3, 31)}, {"sub_event_types": tuple(opts["sub_event_type"])}]
    return [EventFilter(event_types=(kind,), **other) for kind in sorted(claimed) for other in others]


def _with_a_claim_by_the_other_side(layer: dict) -> dict:
    """``layer`` with a copy of its first claim made by the side its event does not name, so an actor filter keeps
    the claim (by its side) while it drops the claim's event."""
    out = copy.deepcopy(layer)
    claim = copy.deepcopy(filters.claims(layer)[0])
    event = next(e for e in filters.events(layer) if e["id"] == claim["properties"]["event_id"])
    side = next(a for a in filters.options(layer)["actor"]
                if a not in (event["properties"]["actor1"], event["properties"]["actor2"], claim["properties"]["holder"]))
    claim["id"] = claim["properties"]["claim_id"] = "cl-otherside0001"
    claim["properties"].update(side=side, claimant=f"{side} officials")
    out["features"].append(claim)
    return out


def test_the_ledger_downloads_honour_an_event_type_with_another_filter(seed_store, store_url: str) -> None:
    from geo import export, ledger

    layer = _with_a_claim_by_the_other_side(seed_store[1])
    store.write_layer(layer, store_url)
    day = DAYS[-1]
    csv_of = lambda claims: export.ledger_csv(ledger.from_properties(f["properties"]) for f in claims)  # noqa: E731
    some = 0
    for flt in _type_and_another(layer):
        expected = filters.filter_claims(layer, flt, up_to=day)
        some += "cl-otherside0001" in _ids(expected)
        shown = view.view_rows(store_url, day=day, flt=flt, max_markers=1500, newest=10)["shown"]
        assert csv_of(shown.claims) == csv_of(expected), flt  # the app's "Ledger CSV"
        small = view.day_layer(store_url, day=day, flt=flt)  # what the HTML, PNG and PDF downloads draw
        assert _ids(filters.filter_claims(small, flt, up_to=day)) == _ids(expected), flt
    assert some, "no filter keeps the other side's claim without its event: a weak test"
