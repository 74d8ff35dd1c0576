-- PostgreSQL tells every soothe instance when access changes (see the PostgreSQL migration
-- and crates/store/src/token_cache.rs). SQLite has no such channel and needs none: one server
-- serves the file, and it trusts a token's answer for a quarter of a second. The migration is
-- kept so that both backends count the same migrations.
SELECT 1;
