-- soothe's first schema: accounts, households and the journal. Times are UTC instants in
-- milliseconds since the Unix epoch. Migrations are append-only: never edit a released one.

CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL
);

CREATE TABLE households (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT    NOT NULL,
    time_zone  TEXT    NOT NULL,
    created_at BIGINT  NOT NULL
);

CREATE TABLE memberships (
    household_id BIGINT  NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    user_id      BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role         TEXT    NOT NULL CHECK (role IN ('owner', 'caregiver', 'viewer')),
    created_at   BIGINT  NOT NULL,
    PRIMARY KEY (household_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE invitations (
    id           TEXT    PRIMARY KEY,
    household_id BIGINT  NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    token_hash   TEXT    NOT NULL UNIQUE,
    role         TEXT    NOT NULL CHECK (role IN ('owner', 'caregiver', 'viewer')),
    created_by   BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at   BIGINT  NOT NULL,
    expires_at   BIGINT  NOT NULL,
    accepted_at  BIGINT,
    accepted_by  BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    revoked_at   BIGINT
);
CREATE INDEX invitations_household ON invitations (household_id);

CREATE TABLE api_tokens (
    id           TEXT    PRIMARY KEY,
    household_id BIGINT  NOT NULL,
    user_id      BIGINT  NOT NULL,
    name         TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    created_at   BIGINT  NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT,
    FOREIGN KEY (household_id, user_id) REFERENCES memberships (household_id, user_id) ON DELETE CASCADE
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE web_sessions (
    id_hash      TEXT    PRIMARY KEY,
    household_id BIGINT  NOT NULL,
    user_id      BIGINT  NOT NULL,
    csrf_token   TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    expires_at   BIGINT  NOT NULL,
    revoked_at   BIGINT,
    FOREIGN KEY (household_id, user_id) REFERENCES memberships (household_id, user_id) ON DELETE CASCADE
);

CREATE TABLE babies (
    id           TEXT    PRIMARY KEY,
    household_id BIGINT  NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    profile      TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL
);
CREATE INDEX babies_household ON babies (household_id);

CREATE TABLE events (
    household_id BIGINT  NOT NULL REFERENCES households (id) ON DELETE CASCADE,
    id           TEXT    NOT NULL,
    baby_id      TEXT    NOT NULL REFERENCES babies (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL,
    start_at     BIGINT  NOT NULL,
    end_at       BIGINT,
    logged_by    BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL,
    fields       TEXT    NOT NULL,
    PRIMARY KEY (household_id, id)
);
CREATE INDEX events_baby_time ON events (baby_id, start_at DESC, id DESC);
CREATE INDEX events_baby_kind_time ON events (baby_id, kind, start_at DESC);
