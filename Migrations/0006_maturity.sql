-- The security-maturity self-assessment (Part 5): the level each
-- organisation reached, scored on a member's machine against the questions
-- of Policies/maturity.json (`questions_version`). The answers never reach
-- the server. History per organisation, visible to its own members; experts
-- see counts per level, only for groups of at least five organisations.
CREATE TABLE maturity_levels (
    id                 INTEGER PRIMARY KEY,
    org_id             TEXT NOT NULL,
    level              INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    questions_version  TEXT NOT NULL,
    member_id          TEXT NOT NULL,
    recorded_at        INTEGER NOT NULL
);

CREATE INDEX maturity_levels_org ON maturity_levels (org_id, recorded_at);
