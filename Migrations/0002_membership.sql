-- 0002: vetted membership. The community log (who is who, signed), the
-- organisations and members it certifies, applications, login challenges
-- and sessions, warnings and invitations.
--
-- Personal data (contact names, e-mail addresses, free-text reasons) sits
-- in columns an erasure sets to NULL; ids, keys, certificates and the log
-- stay, so every signature still verifies.

-- PROTOCOL.md §3: hash-chained, every entry signed by its actor. The
-- server checks each entry before it appends (API/Community); clients
-- replay and check it again.
CREATE TABLE community_log (
    seq         INTEGER PRIMARY KEY CHECK (seq >= 0),
    kind        TEXT NOT NULL,
    actor_id    TEXT NOT NULL,
    payload     BLOB NOT NULL,
    prev_hash   BLOB NOT NULL,
    signature   BLOB NOT NULL,
    entry_hash  BLOB NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TRIGGER community_log_no_update BEFORE UPDATE ON community_log
BEGIN
    SELECT RAISE(ABORT, 'community_log is append-only');
END;

CREATE TRIGGER community_log_no_delete BEFORE DELETE ON community_log
BEGIN
    SELECT RAISE(ABORT, 'community_log is append-only');
END;

-- The reason behind a sanction entry: the log holds its hash only.
CREATE TABLE sanction_reasons (
    seq         INTEGER PRIMARY KEY REFERENCES community_log (seq),
    member_id   TEXT NOT NULL,
    reason      TEXT
);

CREATE INDEX sanction_reasons_member ON sanction_reasons (member_id);

CREATE TABLE organisations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kvk_number  TEXT NOT NULL UNIQUE,
    sector      TEXT NOT NULL,
    region      TEXT NOT NULL,
    size        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

-- Everyone with a key bundle: applicants first, then (once certified) members.
-- role, org_id and status mirror the community log for queries; the log is
-- the authority.
CREATE TABLE members (
    id            TEXT PRIMARY KEY,
    org_id        TEXT REFERENCES organisations (id),
    role          TEXT,
    status        TEXT NOT NULL CHECK (status IN ('applicant', 'rejected', 'active', 'suspended', 'revoked')),
    sign_pk       BLOB NOT NULL UNIQUE,
    box_pk        BLOB NOT NULL,
    contact_name  TEXT,
    email         TEXT,
    created_at    INTEGER NOT NULL,
    erased_at     INTEGER
);

CREATE INDEX members_org ON members (org_id);
CREATE INDEX members_status ON members (status);

-- An application is the applicant's member row plus the organisation it
-- applies for. The member id is the application id (PROTOCOL.md §2).
CREATE TABLE applications (
    id             TEXT PRIMARY KEY REFERENCES members (id),
    org_name       TEXT NOT NULL,
    kvk_number     TEXT NOT NULL,
    sector         TEXT NOT NULL,
    region         TEXT NOT NULL,
    size           TEXT NOT NULL,
    signature      BLOB NOT NULL,
    invitation_id  TEXT,
    status         TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    reason         TEXT,
    submitted_at   INTEGER NOT NULL,
    decided_at     INTEGER,
    decided_by     TEXT
);

CREATE INDEX applications_status ON applications (status, submitted_at);
CREATE INDEX applications_kvk ON applications (kvk_number);

-- Login challenges: single use, short lived, bound to the member id asked for
-- (unknown ids get them too, so that nobody learns who is a member).
CREATE TABLE challenges (
    challenge   BLOB PRIMARY KEY,
    member_id   TEXT NOT NULL,
    expires_at  INTEGER NOT NULL,
    used        INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX challenges_expiry ON challenges (expires_at);

-- Sessions: only the hash of the bearer token is stored.
CREATE TABLE sessions (
    token_hash  BLOB PRIMARY KEY,
    member_id   TEXT NOT NULL REFERENCES members (id),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);

CREATE INDEX sessions_member ON sessions (member_id);

CREATE TABLE warnings (
    id            INTEGER PRIMARY KEY,
    member_id     TEXT NOT NULL REFERENCES members (id),
    moderator_id  TEXT NOT NULL,
    reason        TEXT,
    created_at    INTEGER NOT NULL
);

CREATE INDEX warnings_member ON warnings (member_id);

-- An org admin's invitation of a colleague: the code's hash, its
-- organisation, and who used it.
CREATE TABLE invitations (
    id          TEXT PRIMARY KEY,
    code_hash   BLOB NOT NULL UNIQUE,
    org_id      TEXT NOT NULL REFERENCES organisations (id),
    invited_by  TEXT NOT NULL REFERENCES members (id),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_by     TEXT
);
