"""Connect to a store URL and apply the schema's migrations.

``connect(url)`` gives one SQLAlchemy engine per URL and process (psycopg 3
driver) after checking that the server answers and has PostGIS, and applies
the numbered SQL files of ``migrations/`` that ``schema_version`` does not
list yet, in order, in one transaction under an advisory lock (two
processes opening a new store at once apply them once). Every failure is a
``StoreError`` naming the URL with its password hidden.

This module runs no queries on the layer's tables.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from geo.errors import StoreError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
MIGRATE_LOCK = 0x6765_6F01  # advisory lock key while migrating ("geo" 1)
CONNECT_TIMEOUT_S = 10
SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def redact(url: str) -> str:
    """``url`` with its password replaced by ``***``, for messages; unparsable URLs are cut to their scheme."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split(":", 1)[0] + ":…"


def connect(url: str) -> Engine:
    """The engine of the store at ``url``, its schema up to date.

    Raises
    ------
    StoreError
        When the URL is not a PostgreSQL URL, the server cannot be reached,
        PostGIS is not installed on it, or a migration fails.
    """
    return _engine(_driver_url(url), redact(url))


def _driver_url(url: str) -> str:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(redact(url), "not a database URL; expected postgresql://user@host/database") from None
    if parsed.drivername not in SCHEMES:
        raise StoreError(redact(url), f"not a PostgreSQL URL ({parsed.drivername}://); "
                                      "expected postgresql://user@host/database")
    return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


@lru_cache(maxsize=8)
def _engine(url: str, shown: str) -> Engine:
    engine = sa.create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_S}, pool_pre_ping=True)
    try:
        with engine.connect() as conn:
            _require_postgis(conn, shown)
        migrate(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise StoreError(shown, f"cannot use the store: {_first_line(exc)}") from None
    except StoreError:
        engine.dispose()
        raise
    return engine


def _first_line(exc: DBAPIError) -> str:
    text = str(exc.orig or exc).strip()
    return text.splitlines()[0] if text else type(exc.orig).__name__


def _require_postgis(conn: sa.Connection, shown: str) -> None:
    """PostGIS installed on the server and enabled in the database (enabling it needs the right to)."""
    row = conn.execute(sa.text("SELECT installed_version FROM pg_available_extensions WHERE name = 'postgis'")).first()
    if row is None:
        raise StoreError(shown, "PostGIS is not installed on this server "
                                      "(Debian: apt-get install postgresql-15-postgis-3)")
    if row.installed_version is not None:
        return
    try:
        conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS postgis"))
        conn.commit()
    except DBAPIError as exc:
        conn.rollback()
        raise StoreError(shown, "PostGIS is not enabled in this database and this user cannot enable it "
                                      f"({_first_line(exc)}); a superuser can: CREATE EXTENSION postgis") from None


def migrations() -> list[tuple[int, Path]]:
    """The numbered migration files, in order; a misnamed file is an error, not skipped."""
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = MIGRATION_NAME.match(path.name)
        if match is None:
            raise StoreError(path, "migration file not named NNNN_words.sql")
        found.append((int(match.group(1)), path))
    return found


def migrate(engine: Engine) -> list[int]:
    """Apply the migrations ``schema_version`` lacks; returns the versions applied now."""
    applied_now = []
    with engine.begin() as conn:
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATE_LOCK})
        conn.execute(sa.text("CREATE TABLE IF NOT EXISTS schema_version ("
                             "version integer PRIMARY KEY, name text NOT NULL, "
                             "applied_at timestamptz NOT NULL DEFAULT now())"))
        done = set(conn.scalars(sa.text("SELECT version FROM schema_version")))
        for version, path in migrations():
            if version in done:
                continue
            # The driver's own cursor: a file holds several statements and no parameters.
            conn.connection.driver_connection.execute(path.read_text(encoding="utf-8"))
            conn.execute(sa.text("INSERT INTO schema_version (version, name) VALUES (:v, :n)"),
                         {"v": version, "n": path.name})
            applied_now.append(version)
    return applied_now
