-- Every journal read filters on the household and the baby (the household keeps households
-- apart; the baby picks the rows). PostgreSQL takes the two conditions as independent and
-- multiplies their selectivities, so with thousands of households it expects about one row
-- for a baby that has thousands: it then ANDs the primary key's household range with a baby
-- index, reads all of the baby's rows and sorts them, instead of walking the baby's time
-- index and stopping after a page (issue 18). A baby belongs to one household: telling the
-- planner that (functional dependency statistics) makes every such read an index walk again,
-- at no cost in storage. crates/store/tests/plans.rs checks the plans on a seeded database.
CREATE STATISTICS IF NOT EXISTS events_household_baby (dependencies) ON household_id, baby_id FROM events;
CREATE STATISTICS IF NOT EXISTS day_slots_household_baby (dependencies) ON household_id, baby_id FROM day_slots;
ANALYZE events;
ANALYZE day_slots;
