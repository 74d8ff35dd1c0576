-- The units a household shows measurements in: `metric` (°C, kg, cm) or `us` (°F, lb and
-- oz, in). NULL: not chosen yet, so soothe goes by the household's time zone (US units in
-- the United States and its territories, metric elsewhere). Measurements are still stored
-- in °C, kg and cm; each entry may keep the unit it was entered in (in its JSON).

ALTER TABLE households ADD COLUMN units TEXT;
