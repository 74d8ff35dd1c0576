-- Baby Buddy's apps on soothe (issue 17 §4): a household turns the facade under `/bb/api/`
-- on (off by default), and each thing the facade shows gets the whole-number id Baby
-- Buddy's clients expect. A row ties that id to a baby (`children`), an event (the journal
-- resources) or nothing soothe keeps (a running `timers` row, whose child is `baby_id`).
-- `fields` holds, as JSON, what the client sent that soothe has no field for, with the
-- event's `updated` time it belongs to (see crates/app/src/bbapi.rs). Rows are made when the
-- facade first shows or stores a thing, and go with their baby, event or household.

ALTER TABLE households ADD COLUMN babybuddy_api BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE bb_objects (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    household_id INTEGER NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    resource     TEXT    NOT NULL,
    baby_id      TEXT    REFERENCES babies (id) ON DELETE CASCADE,
    event_id     TEXT,
    fields       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    FOREIGN KEY (household_id, event_id) REFERENCES events (household_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX bb_objects_event ON bb_objects (household_id, event_id) WHERE event_id IS NOT NULL;
CREATE UNIQUE INDEX bb_objects_child ON bb_objects (baby_id) WHERE resource = 'children';
CREATE INDEX bb_objects_resource ON bb_objects (household_id, resource);
