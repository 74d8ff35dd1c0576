-- The first run: one row, written in the same transaction as the first owner, so two setup
-- forms sent at the same moment cannot both make an owner.
CREATE TABLE installation (
    id         BIGINT  PRIMARY KEY CHECK (id = 1),
    set_up_at  BIGINT  NOT NULL
);
