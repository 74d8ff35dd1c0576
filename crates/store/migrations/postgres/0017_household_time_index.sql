-- A compact journal (issue 18). An event took about 700 bytes at 5,000 households, more than
-- half of them in two indexes that led with the baby's text UUID: `events_baby_time` (baby,
-- start DESC, id DESC) and `events_baby_kind_span` (baby, kind, start, end). Their entries
-- were wide, and their pages about half full: a baby's new events go into the middle of an
-- index ordered by baby, where pages split in two.
--
-- Every journal read names the household, and a household has one baby or a few, so one
-- narrow index on (household, start) serves every read of a baby's times: two 8-byte
-- numbers, an entry PostgreSQL packs when a group's new entries arrive at its end. The
-- kinds that make most of a journal (feeding, nappy, sleep, gas: nine events in ten) are
-- read by walking it; every other kind also has `events_sparse_kinds`, a partial index of
-- the household's kinds and times for them alone, so a read of a rare kind (a patch test,
-- an illness, a vaccination) stays a short walk however long the journal. crates/store/tests/plans.rs checks the reads' plans.
CREATE INDEX IF NOT EXISTS events_household_time ON events (household_id, start_at);
CREATE INDEX IF NOT EXISTS events_sparse_kinds ON events (household_id, kind, start_at)
    WHERE kind NOT IN ('feeding', 'nappy', 'sleep', 'gas');
DROP INDEX IF EXISTS events_baby_time;
DROP INDEX IF EXISTS events_baby_kind_span;

-- Deleting a baby looks up its events and day slots by the foreign key's columns. With no
-- index leading with the baby any more, that lookup names the household too: each row's
-- baby must be a baby of the row's own household, which also keeps any row from pointing
-- at another household's baby.
CREATE UNIQUE INDEX IF NOT EXISTS babies_household_id ON babies (household_id, id);
ALTER TABLE events ADD CONSTRAINT events_household_baby FOREIGN KEY (household_id, baby_id)
    REFERENCES babies (household_id, id) ON DELETE CASCADE;
ALTER TABLE events DROP CONSTRAINT IF EXISTS events_baby_id_fkey;
ALTER TABLE day_slots ADD CONSTRAINT day_slots_household_baby FOREIGN KEY (household_id, baby_id)
    REFERENCES babies (household_id, id) ON DELETE CASCADE;
ALTER TABLE day_slots DROP CONSTRAINT IF EXISTS day_slots_baby_id_fkey;
ANALYZE events;
