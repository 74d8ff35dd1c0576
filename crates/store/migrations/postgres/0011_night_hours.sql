-- The household's night hours now also bound the baby's night and its soothe days for the
-- insights (issue 16), whose night starts at 19:00 by default; they used to choose only when
-- the pages turn dark, from 20:00. Households still on that old default pair (20:00–07:00)
-- move to 19:00–07:00, and a new household starts at 19:00.
UPDATE households SET night_start_hour = 19 WHERE night_start_hour = 20 AND night_end_hour = 7;
ALTER TABLE households ALTER COLUMN night_start_hour SET DEFAULT 19;
