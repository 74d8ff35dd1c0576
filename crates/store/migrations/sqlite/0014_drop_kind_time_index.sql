-- `events_baby_kind_time` (baby, kind, start DESC) repeats the head of `events_baby_kind_span`
-- (baby, kind, start, end), which serves the same reads walked backwards. Every event paid
-- for both: about 127 of the 827 bytes an event took on PostgreSQL in bench/scale.sh at
-- 1,000 households (issue 18). crates/store/tests/plans.rs checks the reads that used it.
DROP INDEX IF EXISTS events_baby_kind_time;
