"""Write a layer into the store: one transaction of upserts keyed by stable ids.

A build or import validates the whole collection first (geo/schema.py,
as a file write does), then, in one transaction under the store's write
lock, upserts its articles and features by id (an article by ``source_id``,
a feature by its ``id``) and records the write in ``writes``. Rows of
earlier builds that this one does not produce stay: two analysts building
different folders both land, one after the other, and a place named by both
keeps both sets of mentions and sources. A process killed before the commit
leaves the store as it was (PostgreSQL rolls the transaction back).

Rows go in sorted by id, table by table, so concurrent writers never
deadlock. This module does not read articles, extract or draw.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from typing import Any, Iterable, Iterator, Sequence

import sqlalchemy as sa
from geoalchemy2.shape import from_shape
from shapely.geometry import shape
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import DBAPIError

from geo.errors import StoreError
from geo.schema import validate_layer
from geo.store import tables
from geo.store.engine import connect, redact

WRITE_LOCK = 0x6765_6F02  # advisory lock key held by every write ("geo" 2)
# Place properties that are lists of what builds saw: a rewrite adds to them.
PLACE_UNIONS = ("mentions", "sources")


@contextmanager
def writing(url: str) -> Iterator[sa.Connection]:
    """A transaction on the store holding its write lock; commits on success, rolls back on any error.

    A database error inside it is a StoreError naming the store: nothing was written.
    """
    try:
        with connect(url).begin() as conn:
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
            yield conn
    except DBAPIError as exc:
        first = str(exc.orig or exc).strip().splitlines()
        raise StoreError(redact(url), f"write failed, nothing written: {first[0] if first else exc}") from None


def write_layer(fc: dict, url: str, *, command: str = "build") -> int:
    """Validate ``fc`` and upsert it into the store at ``url``; returns the store's new revision.

    Raises
    ------
    LayerValidationError
        When ``fc`` does not fit the layer schema (nothing written).
    StoreError
        When the store cannot be used.
    """
    validate_layer(fc, origin=redact(url))
    meta = fc.get("metadata", {})
    with writing(url) as conn:
        upsert_articles(conn, meta.get("articles", []), meta.get("unresolved", []))
        upsert_features(conn, fc["features"])
        return record_write(conn, command, skipped=meta.get("skipped", []))


def upsert_articles(conn: sa.Connection, articles: Sequence[dict], unresolved: Sequence[dict]) -> None:
    """Insert or replace the articles, and replace their unresolved names."""
    rows = [{"source_id": a["source_id"], "published": date.fromisoformat(a["published"]), "meta": a}
            for a in sorted(articles, key=lambda a: a["source_id"])]
    _upsert(conn, tables.articles, rows, key="source_id")
    ids = sorted({a["source_id"] for a in articles} | {u["source_id"] for u in unresolved})
    if ids:
        conn.execute(tables.unresolved.delete().where(tables.unresolved.c.source_id.in_(ids)))
    names = [{"name": u["name"], "source_id": u["source_id"], "count": u["count"]}
             for u in sorted(unresolved, key=lambda u: (u["name"], u["source_id"]))]
    if names:
        conn.execute(tables.unresolved.insert(), names)


def upsert_features(conn: sa.Connection, features: Iterable[dict]) -> None:
    """Insert or replace features by id, each kind in its table, in id order."""
    by_kind: dict[str, list[dict]] = {kind: [] for kind in tables.FEATURE_TABLES}
    for feature in features:
        by_kind[feature["properties"]["kind"]].append(feature)
    by_kind["place"] = _with_earlier_places(conn, by_kind["place"])
    for kind in ("place", "event", "claim", "control"):  # the same order in every writer
        table, columns = tables.FEATURE_TABLES[kind]
        rows = [_row(f, columns) for f in sorted(by_kind[kind], key=lambda f: f["id"])]
        _upsert(conn, table, rows, key="id")


def record_write(conn: sa.Connection, command: str, *, skipped: Sequence[dict] = ()) -> int:
    """Add the write to ``writes``; its id is the store's new revision."""
    return conn.execute(tables.writes.insert().values(command=command, skipped=list(skipped), at=sa.func.now())
                        .returning(tables.writes.c.id)).scalar_one()


def _row(feature: dict, columns: dict[str, str]) -> dict[str, Any]:
    props = feature["properties"]
    row: dict[str, Any] = {"id": feature["id"], "properties": props,
                           "geom": from_shape(shape(feature["geometry"]), srid=4326)}
    for column, prop in columns.items():
        value = props[prop]
        row[column] = date.fromisoformat(value) if column in tables.DATE_COLUMNS else value
    return row


def _upsert(conn: sa.Connection, table: sa.Table, rows: list[dict], *, key: str) -> None:
    if not rows:
        return
    stmt = insert(table)
    stmt = stmt.on_conflict_do_update(index_elements=[key],
                                      set_={c.name: stmt.excluded[c.name] for c in table.columns if c.name != key})
    conn.execute(stmt, rows)


def _with_earlier_places(conn: sa.Connection, places: list[dict]) -> list[dict]:
    """Places with the mentions and sources the store already has for them added (sorted, as a build writes them)."""
    if not places:
        return places
    stored = dict(conn.execute(sa.select(tables.places.c.id, tables.places.c.properties)
                               .where(tables.places.c.id.in_([p["id"] for p in places]))).all())
    merged = []
    for place in places:
        before = stored.get(place["id"])
        if before is not None:
            props = dict(place["properties"])
            for name in PLACE_UNIONS:
                props[name] = sorted(set(props[name]) | set(before.get(name, [])))
            place = {**place, "properties": props}
        merged.append(place)
    return merged
