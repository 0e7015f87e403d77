"""The team store: the layer in PostgreSQL + PostGIS instead of one file.

A store is named by a URL (``postgresql://user@host/db``; ``--store`` on the
command line, ``$GEO_STORE_URL`` for the app). It holds the same features as
``data/layer.geojson`` (geo/schema.py), validated the same way before every
write and after every read:

- ``engine``: connect and bring the schema up to date (numbered SQL files in
  ``migrations/``, applied in order, recorded in ``schema_version``);
- ``tables``: the tables as SQLAlchemy/GeoAlchemy2 objects;
- ``write``: a build or import as one transaction of upserts keyed by the
  features' stable ids, replacing what the same folder (its collection) built
  before;
- ``read``: the whole layer, the store's revision, and one view's features
  (a day, a date range, map bounds), filtered by the database;
- ``view``: what the app's view needs, asked of the database: the filter
  widgets' facets (DISTINCT, min/max), the events of a day and filter
  (counted, the day's own fetched, the rest counted per grid cell in SQL),
  the ledger's claims, and the layer an export of the view needs.

This package does no extraction, drawing or UI; it never reads articles.
"""

from __future__ import annotations

from geo.store.engine import connect, redact
from geo.store.read import read_layer, revision
from geo.store.write import collection_of, write_layer

__all__ = ["collection_of", "connect", "read_layer", "redact", "revision", "write_layer"]
