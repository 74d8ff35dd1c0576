-- The household's night hours now also bound the baby's night and its soothe days for the
-- insights (issue 16), whose night starts at 19:00 by default; they used to choose only when
-- the pages turn dark, from 20:00. Households still on that old default pair (20:00–07:00)
-- move to 19:00–07:00. SQLite cannot change a column's default, so a new household (which
-- the store inserts without its night hours) gets the new default from a trigger.
UPDATE households SET night_start_hour = 19 WHERE night_start_hour = 20 AND night_end_hour = 7;

CREATE TRIGGER households_night_default AFTER INSERT ON households
WHEN NEW.night_start_hour = 20 AND NEW.night_end_hour = 7
BEGIN
    UPDATE households SET night_start_hour = 19 WHERE id = NEW.id;
END;
