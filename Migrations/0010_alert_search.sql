-- Full-text search over security alerts (Part 5), beside publications_fts:
-- title; body = summary, affected products, CVE ids and handling advice;
-- topics. An alert is saved with INSERT OR REPLACE (its rowid changes), so
-- the index is keyed by a stable number of its own (alert_search_ids.seq).
-- Who may read a hit is decided by joining alerts (label). Search queries
-- are never stored.
CREATE TABLE alert_search_ids (
    seq       INTEGER PRIMARY KEY,
    alert_id  TEXT NOT NULL UNIQUE
);

CREATE VIRTUAL TABLE alerts_fts USING fts5 (
    title, body, topics,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Alerts stored before this migration.
INSERT INTO alert_search_ids (alert_id) SELECT id FROM alerts ORDER BY created_at, id;

INSERT INTO alerts_fts (rowid, title, body, topics)
SELECT s.seq, a.title,
       coalesce(a.summary, '')
       || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(a.products)), '')
       || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(a.cve_ids)), '')
       || ' ' || coalesce((SELECT group_concat(json_extract(value, '$.details'), ' ') FROM json_each(a.remediations)), ''),
       coalesce((SELECT group_concat(topic, ' ') FROM alert_topics WHERE alert_id = a.id), '')
FROM alerts a JOIN alert_search_ids s ON s.alert_id = a.id;

-- fts5vocab views of both indexes (no storage of their own): the server
-- reads every term instance from them to keep an in-memory copy of the
-- postings for ranking (Store/Knowledge/SearchAccelerator).
CREATE VIRTUAL TABLE publications_fts_instances USING fts5vocab (publications_fts, instance);
CREATE VIRTUAL TABLE alerts_fts_instances USING fts5vocab (alerts_fts, instance);

-- A counter per full-text index, raised in the same transaction as every
-- change to it: an in-memory copy built at generation N is current while
-- the counter reads N.
CREATE TABLE search_generations (
    name        TEXT PRIMARY KEY,
    generation  INTEGER NOT NULL
);

INSERT INTO search_generations (name, generation) VALUES ('publications_fts', 0), ('alerts_fts', 0);
