"""Read the store: the whole layer, its revision, and the features one view needs.

``read_layer`` gives the same FeatureCollection a file build writes (features
in the layer's order, metadata from the articles table and the last build),
validated as ``geo.layer.read_layer`` validates a file. ``revision`` is a
cheap number that changes with every write, for caches. ``view_layer``
asks the database for one view only: events in a date range up to a day,
with the event filters the SQL can apply, inside map bounds, and the
control extents and claims valid then.

This module never writes and does not draw.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

import sqlalchemy as sa
from geoalchemy2.shape import to_shape
from shapely.geometry import mapping

from geo.schema import validate_layer
from geo.store import tables
from geo.store.engine import connect, redact

GENERATED_BY = "python -m geo build"
KIND_ORDER = ("control", "place", "event", "claim")  # geo.layer.assemble's order


def revision(url: str) -> int:
    """The id of the store's last write (0 when empty): changes whenever a build or import lands."""
    with connect(url).connect() as conn:
        return conn.execute(sa.select(sa.func.coalesce(sa.func.max(tables.writes.c.id), 0))).scalar_one()


def read_layer(url: str) -> dict:
    """The store's layer as a FeatureCollection, validated against the layer schema.

    Raises
    ------
    StoreError
        When the store cannot be used.
    LayerValidationError
        When a stored feature does not fit the schema (naming the store).
    """
    with connect(url).connect() as conn:
        fc = layer_in(conn)
    validate_layer(fc, origin=redact(url))
    return fc


def layer_in(conn: sa.Connection) -> dict:
    """The whole layer as seen by ``conn`` (inside a writer's transaction, say); not validated."""
    features = [f for kind in KIND_ORDER for f in _features(conn, kind)]
    return {"features": features, "metadata": _metadata(conn), "type": "FeatureCollection"}


def _features(conn: sa.Connection, kind: str, where: Sequence[Any] = ()) -> list[dict]:
    table, _ = tables.FEATURE_TABLES[kind]
    rows = conn.execute(sa.select(table.c.id, table.c.geom, table.c.properties).where(*where)).all()
    # Sorted here, not by ORDER BY: the database's collation may not sort as Python (and the file) does.
    return [_feature(row) for row in sorted(rows, key=lambda r: r.id)]


def _feature(row: sa.Row) -> dict:
    return {"geometry": _geometry(row.geom), "id": row.id, "properties": _key_sorted(row.properties),
            "type": "Feature"}


def _key_sorted(value: Any) -> Any:
    """Objects with their keys in sorted order at every level, as a layer file read gives them.

    jsonb keeps its own key order; exports that do not sort keys would differ from a file's.
    """
    if isinstance(value, dict):
        return {k: _key_sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_key_sorted(v) for v in value]
    return value


def _geometry(element: Any) -> dict:
    geom = mapping(to_shape(element))
    return {"coordinates": _lists(geom["coordinates"]), "type": geom["type"]}


def _lists(coords: Any) -> Any:
    # shapely gives tuples; the layer (JSON) has lists
    return [_lists(c) for c in coords] if isinstance(coords, (tuple, list)) else coords


def _metadata(conn: sa.Connection) -> dict:
    articles = [_key_sorted(row.meta) for row in conn.execute(sa.select(tables.articles.c.source_id, tables.articles.c.meta))]
    unresolved = [_key_sorted(dict(row._mapping)) for row in conn.execute(
        sa.select(tables.unresolved.c.name, tables.unresolved.c.source_id, tables.unresolved.c.count))]
    last_build = conn.execute(sa.select(tables.writes.c.skipped).where(tables.writes.c.command == "build")
                              .order_by(tables.writes.c.id.desc()).limit(1)).scalar()
    return {
        "articles": sorted(articles, key=lambda a: a["source_id"]),
        "generated_by": GENERATED_BY,
        "skipped": _key_sorted(list(last_build or [])),
        "unresolved": sorted(unresolved, key=lambda u: (u["name"], u["source_id"])),
    }


def view_layer(url: str, *, day: date, date_from: date | None = None, date_to: date | None = None,
               bbox: tuple[float, float, float, float] | None = None) -> dict:
    """The features one view of the map needs, filtered by the database.

    Events whose span overlaps ``date_from``..min(``date_to``, ``day``) and
    lie inside ``bbox`` (west, south, east, north; all when None), the
    control extents valid on ``day``, claims begun by ``day``, and the
    places of those events. The metadata is the whole store's.
    """
    last = min(day, date_to) if date_to else day
    ev = tables.events.c
    where = [ev.date_start <= last]
    if date_from is not None:
        where.append(ev.date_end >= date_from)
    if bbox is not None:
        where.append(ev.geom.intersects(sa.func.ST_MakeEnvelope(*bbox, 4326)))
    ct, cl = tables.controls.c, tables.claims.c
    with connect(url).connect() as conn:
        events = _features(conn, "event", where)
        controls = _features(conn, "control", [ct.valid_from <= day, ct.valid_to >= day])
        claims = _features(conn, "claim", [cl.start_date <= day, cl.event_id.in_([e["id"] for e in events])])
        places = _features(conn, "place", [tables.places.c.place_id.in_({e["properties"]["place_id"] for e in events})])
        fc = {"features": controls + places + events + claims, "metadata": _metadata(conn),
              "type": "FeatureCollection"}
    validate_layer(fc, origin=redact(url))
    return fc
