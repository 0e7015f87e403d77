"""Write a layer into the store: one transaction of upserts keyed by stable ids.

A build or import validates the whole collection first (geo/schema.py,
as a file write does), then, in one transaction under the store's write
lock, upserts its articles and features by id (an article by
``source_id``, a feature by its ``id``), deletes what the build's scope
held before and no longer produces, refreshes what the app's first view reads (``refresh_view_summary()``,
migration 0003) and records the write in ``writes``.

A build's *scope* is its own articles and those its collection (the folder
it was built from, migration 0004) held before and no longer has. The
store's events, claims and schematic control extents that cite only scope
articles and that the build does not produce are deleted, as are the
articles it no longer has; a place keeps the sources of other articles and
goes when it has none left. Everything else stays: two analysts building
different folders both land, one after the other, and a place named by
both keeps both sets of sources. Imported front lines are never a build's.
A process killed before the commit leaves the store as it was (PostgreSQL
rolls the transaction back).

Rows go in sorted by id, table by table, so concurrent writers never
deadlock. This module does not read articles, extract or draw.
"""

from __future__ import annotations

import socket
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import sqlalchemy as sa
from geoalchemy2.shape import from_shape
from shapely.geometry import shape
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.exc import DBAPIError

from geo.errors import StoreError
from geo.schema import validate_layer
from geo.store import tables
from geo.store.engine import connect, redact

WRITE_LOCK = 0x6765_6F02  # advisory lock key held by every write ("geo" 2)


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


def collection_of(folder: Path) -> str:
    """The collection a build of ``folder`` writes: the machine's name and the folder's absolute path, so two
    analysts' folders of the same name stay two collections."""
    return f"{socket.gethostname()}:{Path(folder).resolve()}"


def write_layer(fc: dict, url: str, *, command: str = "build", collection: str | None = None) -> int:
    """Validate ``fc`` and write it into the store at ``url`` in place of what its scope held before (see the
    module's docstring; ``collection`` names the folder it was built from, None: its own articles only);
    returns the store's new revision.

    Raises
    ------
    LayerValidationError
        When ``fc`` does not fit the layer schema (nothing written).
    StoreError
        When the store cannot be used.
    """
    validate_layer(fc, origin=redact(url))
    meta = fc.get("metadata", {})
    articles = meta.get("articles", [])
    with writing(url) as conn:
        gone = dropped_articles(conn, collection, {a["source_id"] for a in articles})
        scope = sorted({a["source_id"] for a in articles} | set(gone))
        upsert_articles(conn, articles, meta.get("unresolved", []), collection=collection)
        upsert_features(conn, fc["features"], scope=scope)
        remove_stale(conn, fc["features"], scope, gone)  # after: every table is written in the same order
        conn.execute(sa.text("SELECT refresh_view_summary()"))
        return record_write(conn, command, skipped=meta.get("skipped", []))


def dropped_articles(conn: sa.Connection, collection: str | None, kept: set[str]) -> list[str]:
    """The articles ``collection`` held in the store that are not in ``kept`` (none without a collection)."""
    if collection is None:
        return []
    held = conn.scalars(sa.select(tables.articles.c.source_id).where(tables.articles.c.collection == collection))
    return sorted(set(held) - kept)


def remove_stale(conn: sa.Connection, features: Sequence[dict], scope: Sequence[str], gone: Sequence[str]) -> None:
    """Delete the articles in ``gone`` and, of the features that cite only ``scope`` articles, those that
    ``features`` (the new build) lacks; take the scope's sources off the places it does not produce."""
    if not scope:
        return
    if gone:
        conn.execute(tables.articles.delete().where(tables.articles.c.source_id.in_(gone)))
        conn.execute(tables.unresolved.delete().where(tables.unresolved.c.source_id.in_(gone)))
    kept = {kind: {f["id"] for f in features if f["properties"]["kind"] == kind} for kind in tables.FEATURE_TABLES}
    in_scope = sa.func.to_jsonb(_array(scope))
    ev, cl, ct = tables.events.c, tables.claims.c, tables.controls.c
    supported = {  # each kind's rows that only the scope's articles support
        "event": [_among(ev.source_id, scope), ev.properties["source_ids"].contained_by(in_scope)],
        "claim": [_among(cl.properties["source_id"].astext, scope)],
        "control": [ct.origin == "schematic", sa.func.jsonb_array_length(ct.properties["source_ids"]) > 0,
                    ct.properties["source_ids"].contained_by(in_scope)],
    }
    for kind, where in supported.items():
        table = tables.FEATURE_TABLES[kind][0]
        # The candidates' ids come back and the build's are taken off here: a NOT IN of 100,000 ids would not.
        stale = sorted(set(conn.scalars(sa.select(table.c.id).where(*where))) - kept[kind])
        if stale:
            conn.execute(table.delete().where(_among(table.c.id, stale)))
    _unsource_places(conn, kept["place"], scope)


def _array(values: Sequence[str]) -> Any:
    # One array parameter, however many values (an expanded IN list has a limit of 65,535).
    return sa.cast(sa.literal(list(values), ARRAY(sa.Text)), ARRAY(sa.Text))


def _among(column: Any, values: Sequence[str]) -> Any:
    return column == sa.any_(_array(values))


def _unsource_places(conn: sa.Connection, produced: set[str], scope: Sequence[str]) -> None:
    """Places the build does not produce lose the scope's sources; those left with none are deleted."""
    pl = tables.places.c
    rows = conn.execute(sa.select(pl.id, pl.properties["sources"]).where(
        pl.properties["sources"].has_any(_array(scope)))).all()
    for place_id, sources in rows:
        if place_id in produced:
            continue  # upsert_features merges its sources
        left = sorted(set(sources) - set(scope))
        if left:
            conn.execute(tables.places.update().where(pl.id == place_id).values(
                properties=sa.func.jsonb_set(pl.properties, "{sources}", sa.func.to_jsonb(_array(left)))))
        else:
            conn.execute(tables.places.delete().where(pl.id == place_id))


def upsert_articles(conn: sa.Connection, articles: Sequence[dict], unresolved: Sequence[dict], *,
                    collection: str | None = None) -> None:
    """Insert or replace the articles (as last built by ``collection``), and replace their unresolved names."""
    rows = [{"source_id": a["source_id"], "published": date.fromisoformat(a["published"]), "meta": a,
             "collection": collection} for a in sorted(articles, key=lambda a: a["source_id"])]
    _upsert(conn, tables.articles, rows, key="source_id")
    ids = sorted({a["source_id"] for a in articles} | {u["source_id"] for u in unresolved})
    if ids:
        conn.execute(tables.unresolved.delete().where(tables.unresolved.c.source_id.in_(ids)))
    names = [{"name": u["name"], "source_id": u["source_id"], "count": u["count"]}
             for u in sorted(unresolved, key=lambda u: (u["name"], u["source_id"]))]
    if names:
        conn.execute(tables.unresolved.insert(), names)


def upsert_features(conn: sa.Connection, features: Iterable[dict], *, scope: Sequence[str] = ()) -> None:
    """Insert or replace features by id, each kind in its table, in id order; a place keeps the sources (and
    mentions) the store has for it from articles outside ``scope``."""
    by_kind: dict[str, list[dict]] = {kind: [] for kind in tables.FEATURE_TABLES}
    for feature in features:
        by_kind[feature["properties"]["kind"]].append(feature)
    by_kind["place"] = _with_earlier_places(conn, by_kind["place"], set(scope))
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


def _with_earlier_places(conn: sa.Connection, places: list[dict], scope: set[str]) -> list[dict]:
    """Places with the sources the store already has for them from articles outside ``scope`` added, and then
    its mentions too (sorted, as a build writes them): the scope's own sources are the build's to say."""
    if not places:
        return places
    stored = dict(conn.execute(sa.select(tables.places.c.id, tables.places.c.properties)
                               .where(tables.places.c.id.in_([p["id"] for p in places]))).all())
    merged = []
    for place in places:
        before = stored.get(place["id"])
        others = set(before.get("sources", [])) - scope if before is not None else set()
        if others:  # mentions cannot be told apart by article: kept while another article names the place
            props = dict(place["properties"])
            props["sources"] = sorted(set(props["sources"]) | others)
            props["mentions"] = sorted(set(props["mentions"]) | set(before.get("mentions", [])))
            place = {**place, "properties": props}
        merged.append(place)
    return merged
