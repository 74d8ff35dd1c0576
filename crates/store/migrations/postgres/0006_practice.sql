-- Practice runs: a member went through a routine on a doll or a rolled towel, at their own
-- pace. No baby is involved, so a practice run is not a journal event: it belongs to the
-- member in the household (it goes when the membership goes) and names the routine by its
-- catalog id. `id` is made by the client, so a run sent twice is stored once.

CREATE TABLE practice_runs (
    household_id BIGINT  NOT NULL,
    id           TEXT    NOT NULL,
    user_id      BIGINT  NOT NULL,
    routine      TEXT    NOT NULL,
    at           BIGINT  NOT NULL,
    PRIMARY KEY (household_id, id),
    FOREIGN KEY (household_id, user_id) REFERENCES memberships (household_id, user_id) ON DELETE CASCADE
);
CREATE INDEX practice_runs_member ON practice_runs (household_id, user_id, routine, at);
