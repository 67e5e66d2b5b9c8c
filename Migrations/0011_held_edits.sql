-- A held edit of a visible publication (Part 5 with Part 4's rules): the
-- new version waits as its own row (state 'held'), seen by its author and
-- the moderators only, while readers keep the version before it. Approved,
-- it becomes the current version; removed, its text is dropped and the row
-- stays as 'removed' so version numbers keep their meaning.
ALTER TABLE publication_versions ADD COLUMN state TEXT NOT NULL DEFAULT 'published'
    CHECK (state IN ('published', 'held', 'removed'));

-- Which version a queue item is about (NULL: the publication as a whole,
-- as for a new publication).
ALTER TABLE publication_items ADD COLUMN version INTEGER;
