-- On PostgreSQL this migration drops the key from each event and day slot to its household
-- alone, which the key to its baby makes redundant (see the PostgreSQL migration). SQLite
-- checks its keys without a trigger's cost, and dropping one would rebuild the table: it
-- keeps them. The migration is kept so that both backends count the same migrations.
SELECT 1;
