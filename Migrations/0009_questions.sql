-- Ask the experts (Part 5): which expert took up a question, which answer
-- its author accepted (both metadata the server may know, PROTOCOL.md §8),
-- and which organisations show their sector and maturity level to the
-- experts answering their questions.
CREATE TABLE question_claims (
    thread_id   TEXT PRIMARY KEY REFERENCES threads (id),
    expert_id   TEXT NOT NULL,
    claimed_at  INTEGER NOT NULL
);

CREATE TABLE accepted_answers (
    thread_id    TEXT PRIMARY KEY REFERENCES threads (id),
    post_id      TEXT NOT NULL REFERENCES posts (id),
    accepted_at  INTEGER NOT NULL
);

CREATE TABLE org_sharing (
    org_id              TEXT PRIMARY KEY,
    share_with_experts  INTEGER NOT NULL CHECK (share_with_experts IN (0, 1)),
    updated_at          INTEGER NOT NULL
);
