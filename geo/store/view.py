"""What the app's view needs, asked of the database: the app on the team store reads no whole layer.

- ``base_layer``: the store's metadata, places and control extents (few
  rows; the map draws them whole), validated;
- facets for the filter widgets and the timeline: ``timeline_bounds``
  (min/max), ``options`` and ``key_dates`` (from the distinct values and
  label fields each build stores, migration 0003: a few thousand rows, not
  every event), ``total_events``; ``facets`` runs the first three side by
  side;
- one view: ``shown_events`` (what the map draws: the events a filter keeps
  up to a day, counted, the day's own fetched, the rest counted per grid
  cell by the database), ``count_events``, ``events`` (the table's newest
  rows, or all for a download), ``ledger_claims`` and ``day_layer`` (a layer
  that holds only what the exports of one view need); ``view_rows`` runs
  a view's queries side by side.

``event_where`` turns a ``geo.filters.EventFilter`` into SQL conditions with
the same meaning as ``geo.filters.filter_events`` (spans overlapping the
dates, actors on either side, any cited source, text in the quote, place or
notes, case-insensitive by the database's ``lower``), and ``claim_where``
mirrors ``geo.filters.filter_claims``; ``bbox`` (west, south, east, north)
keeps what lies inside map bounds. Grid cells are those of ``geo.cells``.

This module never writes and does not draw.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import array

from geo import cells, filters
from geo.cells import Cell, ShownEvents
from geo.filters import EventFilter
from geo.schema import validate_layer
from geo.store import tables
from geo.store.engine import connect, redact
from geo.store.read import _feature, _features, _metadata

BBox = tuple[float, float, float, float]
EV, CL, CT = tables.events.c, tables.claims.c, tables.controls.c
EVENT_TEXT = ("quote", "location", "notes")  # geo.filters._matches searches these
CLAIM_TEXT = ("quote", "place", "claimant")  # geo.filters._claim_matches searches these
# Memory for one view query's sorts and hashes: the grid cells' GROUPING SETS over 100,000 events hash in it
# rather than sorting on disk (PostgreSQL's default is 4 MB).
WORK_MEM = "64MB"
# The distinct combinations of the fields a key-date label uses (geo.filters.key_dates, _event_headline), as
# the last build stored them (migration 0003), each in the order its first event (by id) comes in the layer:
# the order of a day's labels.
HEADLINES_SQL = sa.text("""
    SELECT date_start, sub_event_type, event_type, actor1, claim_status, location, claimant, geo_precision,
           time_precision, first
    FROM event_headlines ORDER BY first
""")
HEADLINE_FIELDS = ("sub_event_type", "event_type", "actor1", "claim_status", "location", "claimant",
                   "geo_precision", "time_precision")


@contextmanager
def _reading(url: str) -> Iterator[sa.Connection]:
    """A connection to the store for one view's queries, its transaction given ``WORK_MEM``."""
    with connect(url).connect() as conn:
        conn.execute(sa.text(f"SET LOCAL work_mem = '{WORK_MEM}'"))
        yield conn


# --------------------------------------------------------------------------
# Filters as SQL
# --------------------------------------------------------------------------


def _text_match(props: Any, keys: Sequence[str], text: str) -> Any:
    # geo.filters._mentions: the fields joined by spaces, searched for the stripped text.
    hay = sa.func.concat_ws(" ", *(sa.func.coalesce(props[k].astext, "") for k in keys))
    return sa.func.strpos(sa.func.lower(hay), text.strip().casefold()) > 0


def _within(geom: Any, bbox: BBox | None) -> list:
    return [] if bbox is None else [geom.intersects(sa.func.ST_MakeEnvelope(*map(float, bbox), 4326))]


def _span_where(start: Any, end: Any, flt: EventFilter, up_to: date | None) -> list:
    """A span begun by ``up_to`` that overlaps the filter's dates."""
    where = [] if up_to is None else [start <= up_to]
    if flt.date_from is not None:
        where.append(end >= flt.date_from)
    if flt.date_to is not None:
        where.append(start <= flt.date_to)
    return where


def event_where(flt: EventFilter, *, up_to: date | None = None, bbox: BBox | None = None) -> list:
    """SQL conditions on ``events`` keeping what ``geo.filters.filter_events(layer, flt, up_to=up_to)`` keeps."""
    where = _span_where(EV.date_start, EV.date_end, flt, up_to)
    if not flt.include_historical:
        where.append(EV.historical.is_(False))
    for column, values in ((EV.event_type, flt.event_types), (EV.sub_event_type, flt.sub_event_types),
                           (EV.claim_status, flt.claim_statuses)):
        if values:
            where.append(column.in_(values))
    if flt.actors:
        where.append(sa.or_(EV.actor1.in_(flt.actors), EV.actor2.in_(flt.actors)))
    if flt.sources:
        where.append(sa.or_(EV.source_id.in_(flt.sources),
                            tables.events.c.properties["source_ids"].has_any(array(list(flt.sources)))))
    if flt.text.strip():
        where.append(_text_match(tables.events.c.properties, EVENT_TEXT, flt.text))
    return where + _within(EV.geom, bbox)


def claim_where(flt: EventFilter, *, up_to: date | None = None) -> list:
    """SQL conditions on ``claims`` outer-joined to their ``events`` keeping what ``geo.filters.filter_claims``
    keeps: the claim's own dates, source, status and text; the event's types and historical flag; an actor
    as the claimant's side, the holder or one of the event's actors."""
    props = tables.claims.c.properties
    where = _span_where(CL.start_date, CL.end_date, flt, up_to)
    if not flt.include_historical:
        where.append(sa.func.coalesce(EV.historical, False).is_(False))
    for column, values in ((EV.event_type, flt.event_types), (EV.sub_event_type, flt.sub_event_types),
                           (props["source_id"].astext, flt.sources), (props["status"].astext, flt.claim_statuses)):
        if values:
            where.append(column.in_(values))
    if flt.actors:
        where.append(sa.or_(props["side"].astext.in_(flt.actors), CL.holder.in_(flt.actors),
                            EV.actor1.in_(flt.actors), EV.actor2.in_(flt.actors)))
    if flt.text.strip():
        where.append(_text_match(props, CLAIM_TEXT, flt.text))
    return where


# --------------------------------------------------------------------------
# The layer without its events, and the facets
# --------------------------------------------------------------------------


def base_layer(url: str) -> dict:
    """The store's metadata, places and control extents as a validated FeatureCollection (no events, no claims)."""
    with _reading(url) as conn:
        fc = {"features": _features(conn, "control") + _features(conn, "place"), "metadata": _metadata(conn),
              "type": "FeatureCollection"}
    validate_layer(fc, origin=redact(url))
    return fc


def timeline_bounds(url: str) -> tuple[date, date]:
    """``geo.filters.timeline_bounds`` of the store's layer: min and max over non-historical event spans and
    control validity."""
    ev = sa.select(sa.func.min(EV.date_start).label("lo"), sa.func.max(EV.date_end).label("hi")).where(
        EV.historical.is_(False))
    ct = sa.select(sa.func.min(CT.valid_from).label("lo"), sa.func.max(CT.valid_to).label("hi"))
    with _reading(url) as conn:
        rows = [conn.execute(query).one() for query in (ev, ct)]
    days = [d for row in rows for d in row if d is not None]
    if not days:
        from geo import settings

        return settings.CAMPAIGN_START, settings.CAMPAIGN_START
    return min(days), max(days)


FACETS = ("event_type", "sub_event_type", "claim_status", "actor", "source_id")  # event_facets' facets


def options(url: str) -> dict[str, list[str]]:
    """``geo.filters.options`` of the store's layer (distinct values of the filter widgets, sorted), from the
    values the last build stored (``event_facets``, migration 0003)."""
    query = sa.select(tables.event_facets.c.facet, tables.event_facets.c.value)
    with _reading(url) as conn:
        found: dict[str, set[str]] = {key: set() for key in FACETS}
        for facet, value in conn.execute(query):
            found[facet].add(value)
        articles = filters.article_index({"metadata": _metadata(conn)})
        titles = _first_titles(conn, sorted(found["source_id"] - set(articles)))
    out = {key: sorted(values) for key, values in found.items()}
    out["source_title"] = [filters.source_label(sid, articles, fallback=titles.get(sid, ""))
                           for sid in out["source_id"]]
    return out


def _first_titles(conn: sa.Connection, source_ids: Sequence[str]) -> dict[str, str]:
    # geo.filters.options labels a source the metadata lacks by the title of its first event (by id) with one.
    if not source_ids:
        return {}
    title = tables.events.c.properties["source_title"].astext
    first = (sa.select(sa.func.min(EV.id.collate("C"))).where(EV.source_id.in_(source_ids),
                                                              sa.func.coalesce(title, "") != "")
             .group_by(EV.source_id))
    return dict(conn.execute(sa.select(EV.source_id, title).where(EV.id.in_(first.scalar_subquery()))).all())


def key_dates(url: str, controls: Sequence[Mapping]) -> list[tuple[date, str]]:
    """``geo.filters.key_dates`` of the store's layer, whose control extents are ``controls``: the events'
    labels from the distinct combinations of the fields a label uses (stored by the last build), not from every
    event."""
    with _reading(url) as conn:
        rows = conn.execute(HEADLINES_SQL).all()
    stand_ins = [{"properties": {"kind": "event", "date_start": row[0].isoformat(), "date_end": row[0].isoformat(),
                                 **dict(zip(HEADLINE_FIELDS, row[1:-1]))}} for row in rows]
    return filters.key_dates({"features": [*controls, *stand_ins]})


def facets(url: str, controls: Sequence[Mapping]) -> dict[str, Any]:
    """The timeline's ``bounds``, its ``key_dates`` and the filter widgets' ``options`` of the store whose
    control extents are ``controls``, their queries run side by side on their own connections."""
    with ThreadPoolExecutor(max_workers=3) as pool:
        bounds = pool.submit(timeline_bounds, url)
        marks = pool.submit(key_dates, url, controls)
        opts = pool.submit(options, url)
        return {"bounds": bounds.result(), "key_dates": marks.result(), "options": opts.result()}


def total_events(url: str) -> int:
    """How many events the store holds (historical ones too), as the last build counted them."""
    with _reading(url) as conn:
        return conn.execute(sa.select(sa.func.coalesce(sa.func.sum(tables.event_totals.c.events), 0))).scalar_one()


# --------------------------------------------------------------------------
# One view
# --------------------------------------------------------------------------


def _event_order(feature: Mapping) -> tuple[str, str]:
    # geo.filters.filter_events' order: start date, then id (ISO dates sort as dates).
    return str(feature["properties"]["date_start"]), str(feature["id"])


def count_events(url: str, *, day: date, flt: EventFilter, bbox: BBox | None = None) -> int:
    """How many events ``geo.filters.filter_events(layer, flt, up_to=day)`` keeps (inside ``bbox``)."""
    query = sa.select(sa.func.count()).select_from(tables.events).where(*event_where(flt, up_to=day, bbox=bbox))
    with _reading(url) as conn:
        return conn.execute(query).scalar_one()


def events(url: str, *, day: date, flt: EventFilter, bbox: BBox | None = None, newest: int | None = None) -> list[dict]:
    """The event features ``flt`` keeps up to ``day`` in ``geo.filters.filter_events``' order; with ``newest``,
    only that many of the last ones."""
    where = event_where(flt, up_to=day, bbox=bbox)
    with _reading(url) as conn:
        if newest is not None:
            last = (sa.select(EV.id).where(*where).order_by(EV.date_start.desc(), EV.id.collate("C").desc())
                    .limit(newest))
            where = [EV.id.in_(last.scalar_subquery())]
        found = sorted(_features(conn, "event", where), key=_event_order)
    _validate(url, found)
    return found


def ledger_claims(url: str, *, day: date, flt: EventFilter) -> list[dict]:
    """The claim features ``geo.filters.filter_claims(layer, flt, up_to=day)`` keeps, in its order."""
    joined = tables.claims.outerjoin(tables.events, EV.id == CL.event_id)
    query = sa.select(CL.id, CL.geom, CL.properties).select_from(joined).where(*claim_where(flt, up_to=day))
    with _reading(url) as conn:
        found = [_feature(row) for row in conn.execute(query)]
    found.sort(key=filters.claim_order)
    _validate(url, found)
    return found


def view_rows(url: str, *, day: date, flt: EventFilter, max_markers: int, newest: int,
              bbox: BBox | None = None) -> dict[str, Any]:
    """One view of the app, its queries run side by side: what the map draws (``shown``: :func:`shown_events`
    inside ``bbox``), how many events ``flt`` keeps up to ``day`` (``count``, the whole map's), the table's
    ``newest`` rows (newest first) and how many events the store holds (``total``)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        shown = pool.submit(shown_events, url, day=day, flt=flt, max_markers=max_markers, bbox=bbox)
        count = pool.submit(count_events, url, day=day, flt=flt) if bbox is not None else None
        rows = pool.submit(events, url, day=day, flt=flt, newest=newest)
        total = pool.submit(total_events, url)
        return {"shown": shown.result(), "count": count.result() if count else shown.result().count,
                "newest": rows.result()[::-1], "total": total.result()}


def _validate(url: str, features: list[dict]) -> None:
    validate_layer({"features": features, "type": "FeatureCollection"}, origin=redact(url))


def shown_events(url: str, *, day: date, flt: EventFilter, max_markers: int, bbox: BBox | None = None,
                 ledger: bool = True) -> ShownEvents:
    """What a map of ``day`` draws of the events ``flt`` keeps (inside ``bbox``), asked of the database.

    The same as ``geo.mapview.shown_events`` of the whole layer's filtered
    events: up to ``max_markers`` events are fetched whole; beyond that, the
    day's own (if they fit in half the budget) and the rest counted per grid
    cell in SQL (``geo.cells``). With ``ledger``, also the ledger's claims.
    """
    where = event_where(flt, up_to=day, bbox=bbox)
    with _reading(url) as conn:
        every, by_source = _view_rows(conn, where, day)  # one pass: counts, cells, types and sources
        count, on_day = sum(row.n for row in every), sum(row.n for row in every if row.today)
        plan = cells.split_plan(count, on_day, max_markers)
        today = [EV.date_end >= day] if plan == "day" else []
        singles = [] if plan == "none" else _features(conn, "event", where + today)
        singles.sort(key=_event_order)
        rows = [] if plan == "all" else [row for row in every if not row.today] if plan == "day" else every
        event_claims = _features(conn, "claim", [CL.event_id.in_([f["id"] for f in singles])]) if singles else []
        sources = _cited(conn, by_source)
    _validate(url, singles + event_claims)
    size = cells.cell_size(count - len(singles), _cells_per_size(rows), cells.cell_limit(max_markers))
    types = {str(f["properties"]["event_type"]) for f in singles} | {row.event_type for row in rows}
    return ShownEvents(singles=singles, event_claims=event_claims, cells=_cells(rows, size) if rows else [],
                       cell_size=size, count=count, on_day=on_day, types=sorted(types - {""}), sources=sources,
                       claims=ledger_claims(url, day=day, flt=flt) if ledger else [], boxed=bbox is not None)


def _cell_keys(size: float) -> tuple[Any, Any]:
    return sa.func.floor(sa.func.ST_X(EV.geom) / size), sa.func.floor(sa.func.ST_Y(EV.geom) / size)


def _view_rows(conn: sa.Connection, where: list, day: date) -> tuple[list[sa.Row], list[sa.Row]]:
    """The events ``where`` keeps, grouped two ways in one pass (GROUPING SETS).

    Cell rows: per cell of every grid size at once, type and whether their
    span holds ``day``: the keys ``x0, y0, x1, y1 …`` (one pair per
    ``geo.cells.CELL_SIZES``), ``event_type``, ``today``, then ``n``, sums
    ``lon`` and ``lat``, ``first`` start, ``last`` end and ``order`` (the
    first event as "start id", for the type order). Source rows: per
    ``source_id`` and ``source_ids``, with ``newest`` (the last event as "start id").
    """
    keys = [key.label(f"{axis}{i}") for i, size in enumerate(cells.CELL_SIZES)
            for axis, key in zip("xy", _cell_keys(size))]
    keys += [EV.event_type, (EV.date_end >= day).label("today")]
    listed = tables.events.c.properties["source_ids"].label("listed")
    start_id = sa.func.concat(sa.cast(EV.date_start, sa.Text), " ", EV.id).collate("C")
    query = (sa.select(*keys, EV.source_id, listed, sa.func.grouping(EV.source_id).label("by_cell"),
                       sa.func.count().label("n"), sa.func.sum(sa.func.ST_X(EV.geom)).label("lon"),
                       sa.func.sum(sa.func.ST_Y(EV.geom)).label("lat"), sa.func.min(EV.date_start).label("first"),
                       sa.func.max(EV.date_end).label("last"), sa.func.min(start_id).label("order"),
                       sa.func.max(start_id).label("newest"))
             .where(*where).group_by(sa.func.grouping_sets(sa.tuple_(*keys), sa.tuple_(EV.source_id, listed))))
    rows = conn.execute(query).all()
    return [row for row in rows if row.by_cell], [row for row in rows if not row.by_cell]


def _key(row: sa.Row, size: float) -> tuple[int, int]:
    i = cells.CELL_SIZES.index(size)
    return int(row[2 * i]), int(row[2 * i + 1])


def _cells_per_size(rows: Sequence[sa.Row]) -> Any:
    counts = {size: len({_key(row, size) for row in rows}) for size in cells.CELL_SIZES}
    return counts.__getitem__


def _cells(rows: Sequence[sa.Row], size: float) -> list[Cell]:
    groups: dict[tuple[int, int], list] = {}
    for row in rows:
        groups.setdefault(_key(row, size), []).append(row)
    return [_cell(key, members) for key, members in sorted(groups.items())]


def _cell(key: tuple[int, int], rows: list) -> Cell:
    types: dict[str, list] = {}  # type -> [count, its first event as "start id"]
    for row in rows:
        entry = types.setdefault(row.event_type or cells.NO_TYPE, [0, row.order])
        entry[0] += row.n
        entry[1] = min(entry[1], row.order)
    n = sum(row.n for row in rows)
    ordered = sorted(types.items(), key=lambda item: item[1][1])
    return Cell(ix=key[0], iy=key[1], n=n, lon=sum(row.lon for row in rows) / n, lat=sum(row.lat for row in rows) / n,
                types=cells.ranked((t, entry[0]) for t, entry in ordered),
                first=min(row.first for row in rows), last=max(row.last for row in rows))


def _cited(conn: sa.Connection, rows: Sequence[sa.Row]) -> dict[str, Mapping]:
    """``geo.mapview.cited_sources`` from the source rows of :func:`_view_rows`: each source with the properties
    of the last event (in start, id order) whose own source it is; ids only listed in ``source_ids`` map to ``{}``."""
    newest: dict[str, str] = {}
    for row in rows:
        newest[row.source_id] = max(newest.get(row.source_id, row.newest), row.newest)
    ids = [key.split(" ", 1)[1] for key in newest.values()]
    props = dict(conn.execute(sa.select(EV.source_id, tables.events.c.properties).where(EV.id.in_(ids))).all())
    return {**{str(sid): {} for row in rows for sid in row.listed}, **props}


def day_layer(url: str, *, day: date, flt: EventFilter, base: Mapping | None = None) -> dict:
    """A layer holding what the exports of one view need: ``base`` (else :func:`base_layer`), the events
    ``flt`` keeps up to ``day``, their claims, the ledger's claims and those claims' own events.

    Filtering it again with ``flt`` up to ``day`` gives the same events and
    the same ledger as the store: a claim can pass ``flt`` (an actor filter
    keeps it by its claimant's side) while its event does not, and the
    ledger asks for the event's type, so the event is in the layer too
    (the filter drops it from the map again).
    """
    base = base_layer(url) if base is None else base
    shown = events(url, day=day, flt=flt)
    ids = [f["id"] for f in shown]
    ledger = ledger_claims(url, day=day, flt=flt)
    missing = sorted({str(c["properties"]["event_id"]) for c in ledger} - set(ids))
    with _reading(url) as conn:
        of_events = _features(conn, "claim", [CL.event_id.in_(ids)]) if ids else []
        of_ledger = _features(conn, "event", [EV.id.in_(missing)]) if missing else []
    _validate(url, of_ledger)
    claims = {f["id"]: f for f in [*of_events, *ledger]}
    found = sorted([*shown, *of_ledger], key=_event_order)
    return {**base, "features": [*base["features"], *found, *(claims[k] for k in sorted(claims))]}
