-- Publications (Part 5): plaintext best practices, TLP:CLEAR or TLP:GREEN
-- only (the CHECK refuses any other label), each tagged with the maturity
-- level it helps an organisation reach and 1–5 topics of Policies/topics.json
-- (space-separated). Every edit is a new row of publication_versions; the
-- publication row carries the current version's fields for listing.
-- status: visible; held (a moderation rule held its text: visible to its
-- author and moderators until a moderator approves); removed (by a
-- moderator).
CREATE TABLE publications (
    seq             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('best-practice', 'essential', 'step-plan')),
    label           TEXT NOT NULL CHECK (label IN ('TLP:CLEAR', 'TLP:GREEN')),
    author_id       TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('visible', 'held', 'removed')),
    version         INTEGER NOT NULL,
    maturity_level  INTEGER NOT NULL CHECK (maturity_level BETWEEN 1 AND 5),
    topics          TEXT NOT NULL,
    language        TEXT NOT NULL CHECK (language IN ('en', 'nl')),
    title           TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE INDEX publications_level ON publications (status, maturity_level);

CREATE TABLE publication_versions (
    publication_id  TEXT NOT NULL REFERENCES publications (id),
    version         INTEGER NOT NULL,
    maturity_level  INTEGER NOT NULL CHECK (maturity_level BETWEEN 1 AND 5),
    topics          TEXT NOT NULL,
    language        TEXT NOT NULL CHECK (language IN ('en', 'nl')),
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    editor_id       TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (publication_id, version)
);

-- An expert endorses a publication once.
CREATE TABLE publication_endorsements (
    publication_id  TEXT NOT NULL REFERENCES publications (id),
    expert_id       TEXT NOT NULL,
    endorsed_at     INTEGER NOT NULL,
    PRIMARY KEY (publication_id, expert_id)
);

-- Which moderation queue items (held-text, flagged-text) are about which
-- publication: a moderator's approval of a held item releases it.
CREATE TABLE publication_items (
    item_id         TEXT PRIMARY KEY REFERENCES moderation_items (id),
    publication_id  TEXT NOT NULL REFERENCES publications (id)
);

CREATE INDEX publication_items_publication ON publication_items (publication_id);

-- Full-text search (SQLite FTS5; the one SQLite-only table, used only by
-- Store/Knowledge/PublicationSearch): the current version of every
-- publication, rowid = publications.seq. Who may read a hit is decided by
-- joining publications (status, label). Search queries are never stored.
CREATE VIRTUAL TABLE publications_fts USING fts5 (
    title, body, topics,
    tokenize = 'unicode61 remove_diacritics 2'
);
