-- A compact journal (issue 18): one narrow index on (household, start) serves every read of
-- a baby's times (a household has one baby or a few), and `events_sparse_kinds` (household,
-- kind, start, for every kind but the four that make most of a journal) keeps the reads of
-- the rare kinds short; the two indexes that led with the baby's text UUID go. See
-- the PostgreSQL migration of the same number. SQLite uses the partial index for a query
-- that repeats its condition word for word (`SPARSE` in crates/store/src/journal.rs).
--
-- The foreign key from an event to its baby stays as it is (SQLite cannot change one in
-- place): deleting a baby, which first deletes its events by household, then also looks
-- through the events for any left.
CREATE INDEX IF NOT EXISTS events_household_time ON events (household_id, start_at);
CREATE INDEX IF NOT EXISTS events_sparse_kinds ON events (household_id, kind, start_at)
    WHERE kind NOT IN ('feeding', 'nappy', 'sleep', 'gas');
DROP INDEX IF EXISTS events_baby_time;
DROP INDEX IF EXISTS events_baby_kind_span;
