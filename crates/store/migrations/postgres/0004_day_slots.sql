-- The day's numbers kept as events are written, so "today" does not read every event of a
-- busy day. Each row sums the events of one baby that start in one 15-minute slot (every time
-- zone's midnight falls on a slot boundary), by kind and (for nappies) contents: how many, and
-- the whole minutes of those that have an end. A trigger keeps it in step with `events`.

-- No event may be written between the backfill below and the trigger (an older soothe still
-- serving during an upgrade): hold writers off until this migration commits.
LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE;

-- A nappy's contents are read from the stored text, not through `json`/`jsonb`: PostgreSQL
-- refuses a \u0000 anywhere in a document it parses, and notes stored before control
-- characters were refused may hold one. serde writes `"contents":"wet"` with no spaces, and a
-- quote inside a string is escaped, so only the real field matches.
CREATE TABLE day_slots (
    household_id BIGINT NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    baby_id      TEXT   NOT NULL REFERENCES babies (id) ON DELETE CASCADE,
    slot         BIGINT NOT NULL, -- start of the slot, ms since the epoch
    kind         TEXT   NOT NULL,
    contents     TEXT   NOT NULL, -- a nappy's contents, else ''
    events       BIGINT NOT NULL,
    minutes      BIGINT NOT NULL,
    PRIMARY KEY (household_id, baby_id, slot, kind, contents)
);

INSERT INTO day_slots (household_id, baby_id, slot, kind, contents, events, minutes)
SELECT household_id, baby_id, start_at - (((start_at % 900000) + 900000) % 900000), kind,
       CASE WHEN kind = 'nappy' THEN COALESCE(substring(fields FROM '"contents":"([a-z]+)"'), '') ELSE '' END,
       COUNT(*),
       SUM(CASE WHEN end_at >= start_at THEN (end_at - start_at) / 60000 ELSE 0 END)
FROM events
GROUP BY 1, 2, 3, 4, 5;

CREATE FUNCTION events_day_slots() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE day_slots
        SET events = events - 1,
            minutes = minutes - CASE WHEN OLD.end_at >= OLD.start_at THEN (OLD.end_at - OLD.start_at) / 60000 ELSE 0 END
        WHERE household_id = OLD.household_id AND baby_id = OLD.baby_id
          AND slot = OLD.start_at - (((OLD.start_at % 900000) + 900000) % 900000) AND kind = OLD.kind
          AND contents = CASE WHEN OLD.kind = 'nappy' THEN COALESCE(substring(OLD.fields FROM '"contents":"([a-z]+)"'), '') ELSE '' END;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO day_slots AS d (household_id, baby_id, slot, kind, contents, events, minutes)
        VALUES (NEW.household_id, NEW.baby_id,
                NEW.start_at - (((NEW.start_at % 900000) + 900000) % 900000), NEW.kind,
                CASE WHEN NEW.kind = 'nappy' THEN COALESCE(substring(NEW.fields FROM '"contents":"([a-z]+)"'), '') ELSE '' END,
                1,
                CASE WHEN NEW.end_at >= NEW.start_at THEN (NEW.end_at - NEW.start_at) / 60000 ELSE 0 END)
        ON CONFLICT (household_id, baby_id, slot, kind, contents) DO UPDATE
        SET events = d.events + 1, minutes = d.minutes + excluded.minutes;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER events_day_slots AFTER INSERT OR UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_day_slots();

-- The spans that reach into a day from the day before, and those still going on.
CREATE INDEX events_baby_kind_span ON events (baby_id, kind, start_at, end_at);
