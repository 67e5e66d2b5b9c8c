-- Moderation (PROTOCOL.md §6–7, Part 4): the review queue, encrypted
-- reports, signed decisions and appeals. The server holds no report
-- plaintext: a report is ciphertext under a fresh key sealed to each
-- moderator. Plaintext appears only for content that is plaintext anyway
-- (display names, organisation profiles, applications) when a rule held
-- or flagged it.

-- What a post shows to whom: visible to its thread; held (moderation =
-- hold, until a moderator decides) to its author only; removed by
-- moderation (ciphertext, nonce and signature deleted, the row is the
-- tombstone) to the thread; rejected (held, then removed) to its author.
ALTER TABLE posts ADD COLUMN status TEXT NOT NULL DEFAULT 'visible'
    CHECK (status IN ('visible', 'held', 'removed', 'rejected'));

-- One queue item per subject: a post (held or reported), a held or
-- flagged plaintext field, or a proposed suspension. state: open →
-- decided → appealed → closed.
CREATE TABLE moderation_items (
    id                 TEXT PRIMARY KEY,
    kind               TEXT NOT NULL
                       CHECK (kind IN ('held-post', 'report', 'held-text', 'flagged-text', 'suspension-proposal')),
    state              TEXT NOT NULL CHECK (state IN ('open', 'decided', 'appealed', 'closed')),
    subject_member_id  TEXT NOT NULL,
    post_id            TEXT UNIQUE,
    thread_id          TEXT,
    label              TEXT,
    field              TEXT,
    text               TEXT,
    rule_ids           TEXT NOT NULL DEFAULT '',
    created_at         INTEGER NOT NULL,
    appeal_reason      TEXT,
    appealed_at        INTEGER
);

CREATE INDEX moderation_items_state ON moderation_items (state, created_at);
CREATE INDEX moderation_items_subject ON moderation_items (subject_member_id);

-- A report as the reporter signed it. key_wraps is the canonical JSON of
-- the sealed report keys; digest = H(the request's signed bytes ‖
-- signature) answers idempotent retries.
CREATE TABLE reports (
    id                  TEXT PRIMARY KEY,
    item_id             TEXT NOT NULL REFERENCES moderation_items (id),
    post_id             TEXT NOT NULL,
    reporter_id         TEXT NOT NULL,
    reporter_cert_hash  BLOB NOT NULL,
    nonce               BLOB NOT NULL,
    ciphertext          BLOB NOT NULL,
    key_wraps           TEXT NOT NULL,
    signature           BLOB NOT NULL,
    digest              BLOB NOT NULL,
    received_at         INTEGER NOT NULL,
    UNIQUE (post_id, reporter_id)
);

CREATE INDEX reports_item ON reports (item_id);

-- Signed decisions: signature = Ed25519 over frame("trustforum/decision/v1",
-- community_id, subject_id, decision, H(reason)).
CREATE TABLE decisions (
    id                   INTEGER PRIMARY KEY,
    item_id              TEXT NOT NULL REFERENCES moderation_items (id),
    subject_id           TEXT NOT NULL,
    decision             TEXT NOT NULL CHECK (decision IN ('approve', 'remove', 'dismiss', 'warn')),
    reason               TEXT NOT NULL,
    moderator_id         TEXT NOT NULL,
    moderator_cert_hash  BLOB NOT NULL,
    signature            BLOB NOT NULL,
    decided_at           INTEGER NOT NULL,
    on_appeal            INTEGER NOT NULL CHECK (on_appeal IN (0, 1))
);

CREATE INDEX decisions_item ON decisions (item_id);
