-- Every soothe instance caches what an API token grants, and must honour a revoked token, a
-- removed member, a changed role or a household's new time zone within a second (issues 7
-- and 18). Rather than every instance asking the database on every request, the database says
-- when access changed: these triggers `NOTIFY soothe_access` (sent when the transaction
-- commits) whoever makes the change (an instance, the CLI, psql, a cascade from a deleted
-- user or household), and each instance's listener clears its cache
-- (crates/store/src/token_cache.rs). `last_used_at` moves without a notification: it is not
-- access. Notifications reach every session of the database, whatever its schema: the
-- payload `changed:<schema>` lets the listeners of other soothe schemas on the same database
-- (another deployment, another test) pass it by.
CREATE FUNCTION soothe_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('soothe_access', 'changed:' || TG_TABLE_SCHEMA);
    RETURN NULL;
END
$$;

CREATE TRIGGER api_tokens_access
    AFTER UPDATE OF revoked_at, token_hash, household_id, user_id OR DELETE OR TRUNCATE ON api_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION soothe_access_changed();

CREATE TRIGGER memberships_access
    AFTER UPDATE OR DELETE OR TRUNCATE ON memberships
    FOR EACH STATEMENT EXECUTE FUNCTION soothe_access_changed();

CREATE TRIGGER households_access
    AFTER UPDATE OF time_zone OR DELETE OR TRUNCATE ON households
    FOR EACH STATEMENT EXECUTE FUNCTION soothe_access_changed();
