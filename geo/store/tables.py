"""The store's tables as SQLAlchemy Core objects (GeoAlchemy2 geometry columns).

They mirror ``migrations/`` (tests/store/test_engine.py compares them with
the migrated database), so queries are built, not pasted. Per feature kind:
its table and the typed columns copied from its properties (the rest stays in
``properties``).

This module defines tables only; it connects to nothing.
"""

from __future__ import annotations

import sqlalchemy as sa
from geoalchemy2 import Geometry
from sqlalchemy.dialects.postgresql import JSONB

META = sa.MetaData()


def _geom(kind: str) -> sa.Column:
    # spatial_index=False: the GiST indexes come from the migration, not from create_all.
    return sa.Column("geom", Geometry(kind, srid=4326, spatial_index=False), nullable=False)


articles = sa.Table(
    "articles", META,
    sa.Column("source_id", sa.Text, primary_key=True),
    sa.Column("published", sa.Date, nullable=False),
    sa.Column("meta", JSONB, nullable=False),
    sa.Column("collection", sa.Text, nullable=True),  # 0004: the folder it was last built from
)

unresolved = sa.Table(
    "unresolved", META,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("source_id", sa.Text, primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
)

places = sa.Table(
    "places", META,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("place_id", sa.Text, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    _geom("POINT"),
    sa.Column("properties", JSONB, nullable=False),
)

events = sa.Table(
    "events", META,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("event_date", sa.Date, nullable=False),
    sa.Column("date_start", sa.Date, nullable=False),
    sa.Column("date_end", sa.Date, nullable=False),
    *(sa.Column(name, sa.Text, nullable=False) for name in
      ("event_type", "sub_event_type", "actor1", "actor2", "claim_status", "source_id", "place_id")),
    sa.Column("historical", sa.Boolean, nullable=False),
    _geom("POINT"),
    sa.Column("properties", JSONB, nullable=False),
)

claims = sa.Table(
    "claims", META,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("event_id", sa.Text, nullable=False),
    sa.Column("place_id", sa.Text, nullable=False),
    sa.Column("start_date", sa.Date, nullable=False),
    sa.Column("end_date", sa.Date, nullable=False),
    sa.Column("holder", sa.Text, nullable=False),
    sa.Column("standing", sa.Text, nullable=False),
    _geom("POINT"),
    sa.Column("properties", JSONB, nullable=False),
)

controls = sa.Table(
    "controls", META,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("holder", sa.Text, nullable=False),
    sa.Column("valid_from", sa.Date, nullable=False),
    sa.Column("valid_to", sa.Date, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("origin", sa.Text, nullable=False),
    _geom("GEOMETRY"),
    sa.Column("properties", JSONB, nullable=False),
)

writes = sa.Table(
    "writes", META,
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("command", sa.Text, nullable=False),
    sa.Column("skipped", JSONB, nullable=False),
)

# 0003: what the first view needs, refreshed by every build (refresh_view_summary()).
event_headlines = sa.Table(
    "event_headlines", META,
    sa.Column("date_start", sa.Date, nullable=False),
    *(sa.Column(name, sa.Text, nullable=False) for name in ("sub_event_type", "event_type", "actor1", "claim_status")),
    sa.Column("location", sa.Text),
    sa.Column("claimant", sa.Text),
    sa.Column("geo_precision", sa.Integer),
    sa.Column("time_precision", sa.Integer),
    sa.Column("first", sa.Text(collation="C"), nullable=False),
)

event_facets = sa.Table(
    "event_facets", META,
    sa.Column("facet", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, primary_key=True),
)

event_totals = sa.Table(
    "event_totals", META,
    sa.Column("events", sa.BigInteger, nullable=False),
)

# Feature kind -> its table and the typed columns copied from its properties
# (column name -> property name; dates are ISO strings in the layer).
FEATURE_TABLES: dict[str, tuple[sa.Table, dict[str, str]]] = {
    "control": (controls, {"holder": "holder", "valid_from": "valid_from", "valid_to": "valid_to",
                           "status": "status", "origin": "origin"}),
    "place": (places, {"place_id": "place_id", "name": "name"}),
    "event": (events, {c: c for c in ("event_date", "date_start", "date_end", "event_type", "sub_event_type",
                                      "actor1", "actor2", "claim_status", "source_id", "place_id", "historical")}),
    "claim": (claims, {"event_id": "event_id", "place_id": "place_id", "start_date": "start", "end_date": "end",
                       "holder": "holder", "standing": "standing"}),
}
DATE_COLUMNS = {"valid_from", "valid_to", "event_date", "date_start", "date_end", "start_date", "end_date"}
