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

-- What a member wants to hear about: topics (Policies/topics.json) and
-- product names (matched case-insensitively as a substring of an alert's
-- affected products). An alert's topics come with it (import --topic).
CREATE TABLE alert_topics (
    alert_id  TEXT NOT NULL REFERENCES alerts (id),
    topic     TEXT NOT NULL,
    PRIMARY KEY (alert_id, topic)
);

CREATE TABLE subscriptions (
    member_id  TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('topic', 'product')),
    value      TEXT NOT NULL,
    PRIMARY KEY (member_id, kind, value)
);

-- A new or updated alert that matches a member's subscriptions.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    member_id   TEXT NOT NULL,
    alert_id    TEXT NOT NULL REFERENCES alerts (id),
    version     TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    read_at     INTEGER,
    UNIQUE (member_id, alert_id, version)
);

CREATE INDEX notifications_member ON notifications (member_id, created_at);

-- A member's Atom feed: the URL carries a random token (never a session
-- token); the store keeps its hash. Revoked by deleting or replacing it.
CREATE TABLE feed_tokens (
    member_id   TEXT PRIMARY KEY,
    token_hash  BLOB NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);
