-- 0002: indexes for the app's view queries (geo/store/view.py).
--
-- The app asks the database for one view at a time: the events of a filter
-- up to a day (counted, listed or counted per grid cell), the claims of the
-- events it draws, and the distinct values its filter widgets offer. These
-- indexes serve the filters that map to columns or jsonb, so a narrow
-- filter reads few rows; a wide one (every event up to the day) is a scan
-- whatever the index.

-- Claims of the events drawn one by one (their popups), and the ledger's join.
CREATE INDEX claims_event_id_idx ON claims (event_id);

-- "Events up to the day that have not ended before it" (the day's own marks).
CREATE INDEX events_span_idx ON events (date_start, date_end);

-- The filter widgets' columns: each filter, and its DISTINCT list, from an index.
CREATE INDEX events_event_type_idx ON events (event_type);
CREATE INDEX events_sub_event_type_idx ON events (sub_event_type);
CREATE INDEX events_actor1_idx ON events (actor1);
CREATE INDEX events_actor2_idx ON events (actor2);
CREATE INDEX events_claim_status_idx ON events (claim_status);
CREATE INDEX events_source_id_idx ON events (source_id);

-- Every source an event cites (the source filter matches any of them): jsonb ?| uses it.
CREATE INDEX events_source_ids_idx ON events USING gin ((properties -> 'source_ids'));

-- The table's newest rows: ORDER BY date_start DESC, id (byte order, as Python sorts) LIMIT n reads n entries.
CREATE INDEX events_newest_idx ON events (date_start, (id COLLATE "C"));
