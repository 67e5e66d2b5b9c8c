-- A suspension for a period (Part 4: "suspend for a period"): until when,
-- set with the suspend entry. The log cannot end a suspension by itself:
-- reinstating is a signed entry, which a moderator's client makes when the
-- period is over (`trustforum members reinstate-due`); the row is removed
-- when the member is reinstated or removed.
CREATE TABLE suspension_periods (
    member_id  TEXT PRIMARY KEY,
    log_seq    INTEGER NOT NULL,
    until      INTEGER NOT NULL,
    set_by     TEXT NOT NULL
);
