-- The reminder worker asks, every pass, which patch tests' watch has just ended, over every
-- household. The watch's end depends on the household's hours, so no index on the events
-- served it: each pass read every event of every household (9.6 million rows and 2.4 GB at
-- 5,000 households, a second of a core every 15 seconds per instance; issue 18). The read
-- now also bounds the start by the shortest and longest watch allowed, and this index holds
-- the patch tests alone: a few entries a household, a walk of a few pages.
CREATE INDEX IF NOT EXISTS events_patch_tests ON events (start_at) WHERE kind = 'patch_test';
