-- 0001: the layer's tables (geo/schema.py), one row per feature or article.
--
-- Each feature table keeps the feature's validated properties whole in
-- `properties` (jsonb keeps numbers as written, so a feature reads back
-- byte-identical) and copies into typed columns the fields that queries
-- filter on: dates, types, actors, holders. Geometry is PostGIS in WGS84
-- (SRID 4326) with a GiST index; the date columns have B-tree indexes.

CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE articles (
    source_id  text PRIMARY KEY,
    published  date NOT NULL,
    meta       jsonb NOT NULL            -- the layer's metadata.articles entry
);
CREATE INDEX articles_published_idx ON articles (published);

-- Place-like names the gazetteer did not know, per article (metadata.unresolved).
CREATE TABLE unresolved (
    name       text NOT NULL,
    source_id  text NOT NULL,
    count      integer NOT NULL CHECK (count >= 1),
    PRIMARY KEY (name, source_id)
);

CREATE TABLE places (
    id         text PRIMARY KEY,         -- 'place-' || place_id
    place_id   text NOT NULL,
    name       text NOT NULL,
    geom       geometry(Point, 4326) NOT NULL,
    properties jsonb NOT NULL
);
CREATE INDEX places_geom_idx ON places USING gist (geom);
CREATE INDEX places_place_id_idx ON places (place_id);

CREATE TABLE events (
    id             text PRIMARY KEY,     -- event_id
    event_date     date NOT NULL,
    date_start     date NOT NULL,
    date_end       date NOT NULL,
    event_type     text NOT NULL,
    sub_event_type text NOT NULL,
    actor1         text NOT NULL,
    actor2         text NOT NULL,
    claim_status   text NOT NULL,
    source_id      text NOT NULL,
    place_id       text NOT NULL,
    historical     boolean NOT NULL,
    geom           geometry(Point, 4326) NOT NULL,
    properties     jsonb NOT NULL,
    CHECK (date_start <= date_end)
);
CREATE INDEX events_geom_idx ON events USING gist (geom);
CREATE INDEX events_date_start_idx ON events (date_start);
CREATE INDEX events_date_end_idx ON events (date_end);
CREATE INDEX events_event_date_idx ON events (event_date);

CREATE TABLE claims (
    id         text PRIMARY KEY,         -- claim_id
    event_id   text NOT NULL,
    place_id   text NOT NULL,
    start_date date NOT NULL,
    end_date   date NOT NULL,
    holder     text NOT NULL,
    standing   text NOT NULL,
    geom       geometry(Point, 4326) NOT NULL,
    properties jsonb NOT NULL,
    CHECK (start_date <= end_date)
);
CREATE INDEX claims_geom_idx ON claims USING gist (geom);
CREATE INDEX claims_start_idx ON claims (start_date);
CREATE INDEX claims_end_idx ON claims (end_date);

CREATE TABLE controls (
    id         text PRIMARY KEY,         -- control_id
    holder     text NOT NULL,
    valid_from date NOT NULL,
    valid_to   date NOT NULL,
    status     text NOT NULL,
    origin     text NOT NULL,
    geom       geometry(Geometry, 4326) NOT NULL
               CHECK (GeometryType(geom) IN ('POLYGON', 'MULTIPOLYGON')),
    properties jsonb NOT NULL,
    CHECK (valid_from <= valid_to)
);
CREATE INDEX controls_geom_idx ON controls USING gist (geom);
CREATE INDEX controls_valid_idx ON controls (valid_from, valid_to);

-- One row per write (a build or an import): its id is the store's revision,
-- which readers use to notice a change; a build's skipped files are its own.
CREATE TABLE writes (
    id         bigserial PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    command    text NOT NULL,            -- 'build' or 'import-control'
    skipped    jsonb NOT NULL DEFAULT '[]'
);
