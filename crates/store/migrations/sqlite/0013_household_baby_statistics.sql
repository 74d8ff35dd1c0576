-- PostgreSQL learns here that a baby belongs to one household (its planner otherwise
-- misjudges the journal's reads at many households; see the PostgreSQL migration). SQLite
-- needs nothing: its planner walks the baby's time index for those reads with or without
-- statistics (crates/store/tests/plans.rs checks it). The migration is kept so that both
-- backends count the same migrations.
SELECT 1;
