-- A family experiment (issue 16): which days are massage days is drawn again from the
-- outcome, the first day, the length and the seed, so only those are kept. Times are UTC
-- milliseconds like everywhere else; `start_day` is the first soothe day (YYYY-MM-DD).
CREATE TABLE experiments (
    id           TEXT    PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    baby_id      TEXT    NOT NULL REFERENCES babies (id) ON DELETE CASCADE,
    outcome      TEXT    NOT NULL,
    start_day    TEXT    NOT NULL,
    days         INTEGER NOT NULL,
    seed         INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    stopped_at   INTEGER
);
CREATE INDEX experiments_baby ON experiments (household_id, baby_id);
