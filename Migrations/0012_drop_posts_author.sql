-- posts_author (author_id) served no query: every read of posts names the
-- thread first (the (thread_id, seq) index). It cost a page write per post
-- in a random place of the index at every commit (posts ingest).
DROP INDEX posts_author;
