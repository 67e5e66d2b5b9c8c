-- 0001: the platform. The community's identity, and the audit log.
--
-- Portable SQL (a PostgreSQL backend is planned): TEXT, INTEGER and BLOB
-- columns only, no SQLite-only functions outside triggers.

-- The one community this installation serves. Later parts add its root
-- certificate (the community log's entry 0).
CREATE TABLE community (
    singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
    id          TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);

-- Every administrative and moderation action, append-only. Rows hold ids
-- and action codes only, never names, e-mail addresses or free text, so a
-- member can be erased without breaking the chain.
--   mac = BLAKE2b(key, prev_mac || frame("trustforum/audit/v1", seq, at_ms, actor_id, action, subject_id, detail))
-- with the key in a 0600 file outside the database.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY CHECK (seq >= 1),
    at_ms       INTEGER NOT NULL,
    actor_id    TEXT NOT NULL,
    action      TEXT NOT NULL,
    subject_id  TEXT NOT NULL,
    detail      TEXT NOT NULL,
    mac         BLOB NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
