-- Every event and day slot refers to its baby by (household, baby) since migration 0017, and
-- a baby belongs to its household (and goes with it), so the older key from each row to its
-- household alone says nothing more. It cost every new event a check of its own (a lookup
-- and a lock of the household's row, in a trigger), and every new day slot another. Deleting
-- a household still deletes its babies, and with them their events and day slots.
ALTER TABLE events DROP CONSTRAINT IF EXISTS events_household_id_fkey;
ALTER TABLE day_slots DROP CONSTRAINT IF EXISTS day_slots_household_id_fkey;
