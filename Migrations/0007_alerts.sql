-- Security alerts (Part 5): plaintext, TLP:CLEAR or TLP:GREEN only (they go
-- to all members), published by experts, from CSAF 2.0 advisories or by
-- hand. An advisory is one alert: (publisher_namespace, tracking_id) is
-- unique, and importing a newer version updates it. Lists are JSON text.
CREATE TABLE alerts (
    id                   TEXT PRIMARY KEY,
    source               TEXT NOT NULL CHECK (source IN ('csaf', 'manual')),
    publisher_namespace  TEXT NOT NULL,
    publisher_name       TEXT NOT NULL,
    tracking_id          TEXT NOT NULL,
    version              TEXT NOT NULL,
    status               TEXT NOT NULL,
    label                TEXT NOT NULL CHECK (label IN ('TLP:CLEAR', 'TLP:GREEN')),
    title                TEXT NOT NULL,
    summary              TEXT,
    severity             TEXT,
    base_score           REAL,
    cvss_version         TEXT,
    vector               TEXT,
    cve_ids              TEXT NOT NULL,
    products             TEXT NOT NULL,
    remediations         TEXT NOT NULL,
    initial_release      INTEGER NOT NULL,
    current_release      INTEGER NOT NULL,
    published_by         TEXT NOT NULL,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    UNIQUE (publisher_namespace, tracking_id)
);

CREATE INDEX alerts_updated ON alerts (updated_at);
