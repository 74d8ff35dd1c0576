-- soothe's first schema: accounts, households and the journal. Times are UTC instants in
-- milliseconds since the Unix epoch. Migrations are append-only: never edit a released one.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE households (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT    NOT NULL,
    time_zone  TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE memberships (
    household_id INTEGER NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role         TEXT    NOT NULL CHECK (role IN ('owner', 'caregiver', 'viewer')),
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (household_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE invitations (
    id           TEXT    PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    token_hash   TEXT    NOT NULL UNIQUE,
    role         TEXT    NOT NULL CHECK (role IN ('owner', 'caregiver', 'viewer')),
    created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    accepted_at  INTEGER,
    accepted_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    revoked_at   INTEGER
);
CREATE INDEX invitations_household ON invitations (household_id);

CREATE TABLE api_tokens (
    id           TEXT    PRIMARY KEY,
    household_id INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    name         TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER,
    FOREIGN KEY (household_id, user_id) REFERENCES memberships (household_id, user_id) ON DELETE CASCADE
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE web_sessions (
    id_hash      TEXT    PRIMARY KEY,
    household_id INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    csrf_token   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    revoked_at   INTEGER,
    FOREIGN KEY (household_id, user_id) REFERENCES memberships (household_id, user_id) ON DELETE CASCADE
);

CREATE TABLE babies (
    id           TEXT    PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    profile      TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX babies_household ON babies (household_id);

CREATE TABLE events (
    household_id INTEGER NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    id           TEXT    NOT NULL,
    baby_id      TEXT    NOT NULL REFERENCES babies (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL,
    start_at     INTEGER NOT NULL,
    end_at       INTEGER,
    logged_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    fields       TEXT    NOT NULL,
    PRIMARY KEY (household_id, id)
);
CREATE INDEX events_baby_time ON events (baby_id, start_at DESC, id DESC);
CREATE INDEX events_baby_kind_time ON events (baby_id, kind, start_at DESC);
