-- The day's numbers kept as events are written, so "today" does not read every event of a
-- busy day. Each row sums the events of one baby that start in one 15-minute slot (every time
-- zone's midnight falls on a slot boundary), by kind and (for nappies) contents: how many, and
-- the whole minutes of those that have an end. Triggers keep it in step with `events`.

CREATE TABLE day_slots (
    household_id INTEGER NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    baby_id      TEXT    NOT NULL REFERENCES babies (id) ON DELETE CASCADE,
    slot         INTEGER NOT NULL, -- start of the slot, ms since the epoch
    kind         TEXT    NOT NULL,
    contents     TEXT    NOT NULL, -- a nappy's contents, else ''
    events       INTEGER NOT NULL,
    minutes      INTEGER NOT NULL,
    PRIMARY KEY (household_id, baby_id, slot, kind, contents)
) WITHOUT ROWID;

INSERT INTO day_slots (household_id, baby_id, slot, kind, contents, events, minutes)
SELECT household_id, baby_id, start_at - (((start_at % 900000) + 900000) % 900000), kind,
       CASE WHEN kind = 'nappy' THEN COALESCE(json_extract(fields, '$.contents'), '') ELSE '' END,
       COUNT(*),
       SUM(CASE WHEN end_at >= start_at THEN (end_at - start_at) / 60000 ELSE 0 END)
FROM events
GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER events_day_slots_insert AFTER INSERT ON events BEGIN
    INSERT INTO day_slots (household_id, baby_id, slot, kind, contents, events, minutes)
    VALUES (NEW.household_id, NEW.baby_id,
            NEW.start_at - (((NEW.start_at % 900000) + 900000) % 900000), NEW.kind,
            CASE WHEN NEW.kind = 'nappy' THEN COALESCE(json_extract(NEW.fields, '$.contents'), '') ELSE '' END,
            1,
            CASE WHEN NEW.end_at >= NEW.start_at THEN (NEW.end_at - NEW.start_at) / 60000 ELSE 0 END)
    ON CONFLICT (household_id, baby_id, slot, kind, contents) DO UPDATE
    SET events = events + 1, minutes = minutes + excluded.minutes;
END;

CREATE TRIGGER events_day_slots_delete AFTER DELETE ON events BEGIN
    UPDATE day_slots
    SET events = events - 1,
        minutes = minutes - CASE WHEN OLD.end_at >= OLD.start_at THEN (OLD.end_at - OLD.start_at) / 60000 ELSE 0 END
    WHERE household_id = OLD.household_id AND baby_id = OLD.baby_id
      AND slot = OLD.start_at - (((OLD.start_at % 900000) + 900000) % 900000) AND kind = OLD.kind
      AND contents = CASE WHEN OLD.kind = 'nappy' THEN COALESCE(json_extract(OLD.fields, '$.contents'), '') ELSE '' END;
END;

CREATE TRIGGER events_day_slots_update AFTER UPDATE ON events BEGIN
    UPDATE day_slots
    SET events = events - 1,
        minutes = minutes - CASE WHEN OLD.end_at >= OLD.start_at THEN (OLD.end_at - OLD.start_at) / 60000 ELSE 0 END
    WHERE household_id = OLD.household_id AND baby_id = OLD.baby_id
      AND slot = OLD.start_at - (((OLD.start_at % 900000) + 900000) % 900000) AND kind = OLD.kind
      AND contents = CASE WHEN OLD.kind = 'nappy' THEN COALESCE(json_extract(OLD.fields, '$.contents'), '') ELSE '' END;
    INSERT INTO day_slots (household_id, baby_id, slot, kind, contents, events, minutes)
    VALUES (NEW.household_id, NEW.baby_id,
            NEW.start_at - (((NEW.start_at % 900000) + 900000) % 900000), NEW.kind,
            CASE WHEN NEW.kind = 'nappy' THEN COALESCE(json_extract(NEW.fields, '$.contents'), '') ELSE '' END,
            1,
            CASE WHEN NEW.end_at >= NEW.start_at THEN (NEW.end_at - NEW.start_at) / 60000 ELSE 0 END)
    ON CONFLICT (household_id, baby_id, slot, kind, contents) DO UPDATE
    SET events = events + 1, minutes = minutes + excluded.minutes;
END;

-- The spans that reach into a day from the day before, and those still going on.
CREATE INDEX events_baby_kind_span ON events (baby_id, kind, start_at, end_at);
