-- 0003: what the app's first view needs of the events, kept per store revision.
--
-- The timeline's key dates, the filter widgets' lists and the number of
-- events are the same for every view of one revision, but computing them
-- scans every event (and its jsonb): about half a second on 100,000 events,
-- paid by the first visitor of each revision. Each build refreshes these
-- three small tables in its own transaction (SELECT refresh_view_summary(),
-- geo/store/write.py), so a reader sees them change together with the
-- events, and the app reads a few thousand rows instead (geo/store/view.py).

-- The distinct combinations of the fields a key-date label uses
-- (geo.filters.key_dates, _event_headline), for non-historical events dated
-- to a day or a week; `first` is the combination's first event id in byte
-- order, the order its labels come in on a day.
CREATE TABLE event_headlines (
    date_start     date NOT NULL,
    sub_event_type text NOT NULL,
    event_type     text NOT NULL,
    actor1         text NOT NULL,
    claim_status   text NOT NULL,
    location       text,
    claimant       text,
    geo_precision  integer,
    time_precision integer,
    first          text COLLATE "C" NOT NULL
);
CREATE INDEX event_headlines_first_idx ON event_headlines (first);

-- The filter widgets' values (geo.filters.options), non-empty:
-- facet is 'event_type', 'sub_event_type', 'claim_status', 'actor' (either
-- side) or 'source_id' (an event's own source or any it cites).
CREATE TABLE event_facets (
    facet text NOT NULL,
    value text NOT NULL,
    PRIMARY KEY (facet, value)
);

-- How many events the store holds (historical ones too): the app's caption.
CREATE TABLE event_totals (
    events bigint NOT NULL
);

-- DELETE, not TRUNCATE: readers keep the previous revision's rows until the
-- build commits, instead of waiting on an exclusive lock.
CREATE FUNCTION refresh_view_summary() RETURNS void LANGUAGE sql AS $$
    DELETE FROM event_headlines;
    INSERT INTO event_headlines
    SELECT e.date_start, e.sub_event_type, e.event_type, e.actor1, e.claim_status,
           r.location, r.claimant, r.geo_precision, r.time_precision, min(e.id COLLATE "C")
    FROM events e, jsonb_to_record(e.properties) AS r(location text, claimant text, geo_precision integer,
                                                      time_precision integer)
    WHERE NOT e.historical AND r.time_precision <= 2
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;

    DELETE FROM event_facets;
    INSERT INTO event_facets (facet, value)
    SELECT DISTINCT f.facet, f.value
    FROM events e CROSS JOIN LATERAL (VALUES ('event_type', e.event_type), ('sub_event_type', e.sub_event_type),
                                             ('claim_status', e.claim_status), ('actor', e.actor1),
                                             ('actor', e.actor2), ('source_id', e.source_id)) AS f(facet, value)
    WHERE f.value <> ''
    UNION
    SELECT 'source_id', jsonb_array_elements_text(e.properties -> 'source_ids') FROM events e
    EXCEPT
    SELECT 'source_id', '';

    DELETE FROM event_totals;
    INSERT INTO event_totals SELECT count(*) FROM events;
$$;

SELECT refresh_view_summary();
