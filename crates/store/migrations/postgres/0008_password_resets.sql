-- One-time password reset links. An owner makes one for a member of their household, the
-- server's owner with `soothe user reset-password`, or the person asks for one by email.
-- Only the SHA-256 of the link's secret is kept. A link works once, until `expires_at`;
-- using one marks every other open link of the same user used too. `household_id` is the
-- household whose owner made it (NULL: from the command line or by email).

CREATE TABLE password_resets (
    token_hash   TEXT    PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    household_id BIGINT REFERENCES households (id) ON DELETE CASCADE,
    created_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    used_at      BIGINT
);
CREATE INDEX password_resets_user ON password_resets (user_id, used_at);
