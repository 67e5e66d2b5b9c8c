-- 0003: circles, keyrings and end-to-end encrypted threads (PROTOCOL.md §4–§5).
--
-- The server holds no plaintext: keyrings are signed membership logs, epochs
-- are key checks with their creator's signature, wraps are keys sealed to
-- one holder each, posts are ciphertext with their signed fields. What each
-- row means and whether it may be written is decided above the store
-- (Protocol's KeyringLog, the API's checks); here it is kept.
--
-- Portable SQL: TEXT, INTEGER and BLOB columns, no SQLite-only functions
-- outside triggers.

-- Collaboration circles besides the default one (the whole community, whose
-- id and keyring id are the community id). The circle-create entry of the
-- community log signs H(name); the name itself is metadata kept here.
CREATE TABLE circles (
    id           TEXT PRIMARY KEY,
    keyring_id   TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    created_seq  INTEGER NOT NULL REFERENCES community_log (seq),
    created_at   INTEGER NOT NULL
);

-- A member asking a circle's moderators to be admitted; one per member and
-- circle, cleared when the member is admitted.
CREATE TABLE circle_join_requests (
    circle_id   TEXT NOT NULL REFERENCES circles (id),
    member_id   TEXT NOT NULL REFERENCES members (id),
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (circle_id, member_id)
);

-- Every keyring: the default circle's (kind 'default', id = the community
-- id), a circle's, or an AMBER / AMBER+STRICT / RED thread's.
-- current_epoch is the newest epoch (0: none yet); rotation_required is set
-- when a holder left or lost membership without a new epoch, and cleared by
-- the next epoch (posts are refused in between).
CREATE TABLE keyrings (
    id                 TEXT PRIMARY KEY,
    kind               TEXT NOT NULL CHECK (kind IN ('default', 'moderators', 'circle', 'thread')),
    circle_id          TEXT NOT NULL,
    thread_id          TEXT,
    current_epoch      INTEGER NOT NULL DEFAULT 0 CHECK (current_epoch >= 0),
    rotation_required  INTEGER NOT NULL DEFAULT 0 CHECK (rotation_required IN (0, 1)),
    created_at         INTEGER NOT NULL
);

-- The membership log of circle and thread keyrings (a thread's entry 0 is
-- its creation record, in `threads`). community_seq is the community log's
-- last seq when the entry was appended and event_order the order of all
-- keyring events, so that start-up replays every entry against the state it
-- was judged by.
CREATE TABLE keyring_log (
    keyring_id        TEXT NOT NULL REFERENCES keyrings (id),
    seq               INTEGER NOT NULL CHECK (seq >= 0),
    action            TEXT NOT NULL CHECK (action IN ('add', 'remove', 'leave')),
    member_id         TEXT NOT NULL,
    member_cert_hash  BLOB NOT NULL,
    prev_hash         BLOB NOT NULL,
    actor_id          TEXT NOT NULL,
    signature         BLOB NOT NULL,
    entry_hash        BLOB NOT NULL,
    community_seq     INTEGER NOT NULL,
    event_order       INTEGER NOT NULL UNIQUE,
    created_at        INTEGER NOT NULL,
    PRIMARY KEY (keyring_id, seq)
);

CREATE TRIGGER keyring_log_no_update BEFORE UPDATE ON keyring_log
BEGIN
    SELECT RAISE(ABORT, 'keyring_log is append-only');
END;

CREATE TRIGGER keyring_log_no_delete BEFORE DELETE ON keyring_log
BEGIN
    SELECT RAISE(ABORT, 'keyring_log is append-only');
END;

-- One key of a keyring: its check, and the creator's signature binding it
-- to the log position (log_seq, log_head) the creator saw.
CREATE TABLE epochs (
    keyring_id  TEXT NOT NULL REFERENCES keyrings (id),
    epoch       INTEGER NOT NULL CHECK (epoch >= 1),
    key_check   BLOB NOT NULL,
    log_seq     INTEGER NOT NULL,
    log_head    BLOB NOT NULL,
    creator_id  TEXT NOT NULL,
    signature   BLOB NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (keyring_id, epoch)
);

-- An epoch key sealed to one holder, signed by whoever wrapped it. A wrap
-- is replaced only when its recipient has a new certificate.
CREATE TABLE wraps (
    keyring_id           TEXT NOT NULL,
    epoch                INTEGER NOT NULL,
    recipient_id         TEXT NOT NULL,
    recipient_cert_hash  BLOB NOT NULL,
    sealed               BLOB NOT NULL,
    wrapper_id           TEXT NOT NULL,
    signature            BLOB NOT NULL,
    created_at           INTEGER NOT NULL,
    PRIMARY KEY (keyring_id, epoch, recipient_id),
    FOREIGN KEY (keyring_id, epoch) REFERENCES epochs (keyring_id, epoch)
);

CREATE INDEX wraps_recipient ON wraps (recipient_id, keyring_id);

-- A thread: its signed creation record (label, circle, keyring, author) and
-- the metadata the server may see (topics from Policies/topics.json, the
-- 'ask the experts' flag, times, the number of posts).
CREATE TABLE threads (
    id                TEXT PRIMARY KEY,
    circle_id         TEXT NOT NULL,
    keyring_id        TEXT NOT NULL REFERENCES keyrings (id),
    label             TEXT NOT NULL CHECK (label IN ('TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED')),
    author_id         TEXT NOT NULL,
    author_cert_hash  BLOB NOT NULL,
    signature         BLOB NOT NULL,
    ask_experts       INTEGER NOT NULL CHECK (ask_experts IN (0, 1)),
    community_seq     INTEGER NOT NULL,
    event_order       INTEGER NOT NULL UNIQUE,
    created_at        INTEGER NOT NULL,
    post_count        INTEGER NOT NULL DEFAULT 0,
    last_post_at      INTEGER
);

CREATE INDEX threads_circle ON threads (circle_id, created_at);
CREATE INDEX threads_keyring ON threads (keyring_id);

CREATE TABLE thread_topics (
    thread_id  TEXT NOT NULL REFERENCES threads (id),
    topic      TEXT NOT NULL,
    PRIMARY KEY (thread_id, topic)
);

CREATE INDEX thread_topics_topic ON thread_topics (topic, thread_id);

-- Posts: every signed field, the ciphertext and the author's signature;
-- seq numbers the thread's posts 1, 2, …; digest = H(signed bytes ‖
-- signature) answers idempotent retries; server_tag is the server's receipt.
CREATE TABLE posts (
    id                TEXT PRIMARY KEY,
    thread_id         TEXT NOT NULL REFERENCES threads (id),
    seq               INTEGER NOT NULL CHECK (seq >= 1),
    digest            BLOB NOT NULL,
    label             TEXT NOT NULL,
    keyring_id        TEXT NOT NULL,
    epoch             INTEGER NOT NULL,
    log_seq           INTEGER NOT NULL,
    log_head          BLOB NOT NULL,
    author_id         TEXT NOT NULL,
    author_cert_hash  BLOB NOT NULL,
    franking_tag      BLOB NOT NULL,
    moderation        TEXT NOT NULL CHECK (moderation IN ('none', 'hold')),
    nonce             BLOB NOT NULL,
    ciphertext        BLOB NOT NULL,
    policy_version    TEXT NOT NULL,
    signature         BLOB NOT NULL,
    received_at       INTEGER NOT NULL,
    server_tag        BLOB NOT NULL,
    UNIQUE (thread_id, seq)
);

CREATE INDEX posts_author ON posts (author_id);
