-- A baby's daily rhythm and the reminders it sends (issue 15). Times are UTC milliseconds like
-- everywhere else; flags are 0/1 integers (one SQL for both engines).
--
-- rhythms: one per baby. `time` is 'HH:MM' or 'suggested'; `weekdays` bit 0 = Monday. The
-- runner claims rows whose `next_at` (the next reminder instant, NULL when disabled or when
-- no time is known) has come, and moves `next_at` on in the same transaction.
CREATE TABLE rhythms (
    household_id          BIGINT  NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    baby_id               TEXT    NOT NULL REFERENCES babies (id) ON DELETE CASCADE,
    time                  TEXT    NOT NULL,
    routine               TEXT    NOT NULL,
    weekdays              BIGINT NOT NULL,
    remind_before_minutes BIGINT NOT NULL,
    enabled               BIGINT NOT NULL,
    next_at               BIGINT,
    next_day              TEXT,
    updated_at            BIGINT NOT NULL,
    PRIMARY KEY (household_id, baby_id)
);
CREATE INDEX rhythms_next ON rhythms (next_at);

-- channels: how one member is reached outside the app; goes with the membership.
CREATE TABLE channels (
    id                   TEXT    PRIMARY KEY,
    household_id         BIGINT  NOT NULL,
    user_id              BIGINT  NOT NULL,
    kind                 TEXT    NOT NULL,
    spec                 TEXT    NOT NULL,
    created_at           BIGINT NOT NULL,
    consecutive_failures BIGINT NOT NULL DEFAULT 0,
    failing_since        BIGINT,
    last_error           TEXT,
    FOREIGN KEY (household_id, user_id) REFERENCES memberships (household_id, user_id) ON DELETE CASCADE
);
CREATE INDEX channels_household ON channels (household_id);

-- reminders: at most one per (baby, kind, day, ref): ref is '' for the rhythm's, the patch
-- test's event id for a skin check. state: sent | held | dropped.
CREATE TABLE reminders (
    id           TEXT    PRIMARY KEY,
    household_id BIGINT  NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    baby_id      TEXT    NOT NULL REFERENCES babies (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL,
    day          TEXT    NOT NULL,
    ref          TEXT    NOT NULL,
    due_at       BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    late         BIGINT NOT NULL,
    state        TEXT    NOT NULL,
    facts        TEXT    NOT NULL,
    UNIQUE (baby_id, kind, day, ref)
);

-- deliveries: one per reminder and channel. state: pending | sending | sent | failed.
CREATE TABLE deliveries (
    id              TEXT    PRIMARY KEY,
    reminder_id     TEXT    NOT NULL REFERENCES reminders (id) ON DELETE CASCADE,
    channel_id      TEXT    NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    state           TEXT    NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_until     BIGINT,
    last_error      TEXT,
    sent_at         BIGINT,
    UNIQUE (reminder_id, channel_id)
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);

-- notifications: the in-app list, per household.
CREATE TABLE notifications (
    id           TEXT    PRIMARY KEY,
    household_id BIGINT  NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    baby_id      TEXT    REFERENCES babies (id) ON DELETE CASCADE,
    reminder_id  TEXT    REFERENCES reminders (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL,
    created_at   BIGINT NOT NULL,
    facts        TEXT    NOT NULL
);
CREATE INDEX notifications_household ON notifications (household_id, created_at DESC);

-- When each member last opened the list (the badge counts what came after).
CREATE TABLE notifications_seen (
    household_id BIGINT NOT NULL,
    user_id      BIGINT NOT NULL,
    seen_at      BIGINT NOT NULL,
    PRIMARY KEY (household_id, user_id),
    FOREIGN KEY (household_id, user_id) REFERENCES memberships (household_id, user_id) ON DELETE CASCADE
);

-- calendar_feeds: a private iCalendar address per baby; only the secret's SHA-256 is kept.
CREATE TABLE calendar_feeds (
    id           TEXT    PRIMARY KEY,
    household_id BIGINT  NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    baby_id      TEXT    NOT NULL REFERENCES babies (id) ON DELETE CASCADE,
    token_hash   TEXT    NOT NULL UNIQUE,
    created_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at   BIGINT NOT NULL,
    revoked_at   BIGINT
);
CREATE INDEX calendar_feeds_household ON calendar_feeds (household_id);

-- Secrets the installation makes once (the VAPID keys), by name.
CREATE TABLE installation_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
