-- Household settings, stored: the readiness check's thresholds (feed gap, vaccine-site and
-- patch-test hours), the hours the pages turn dark, the household's urgent-care number and
-- its language. Every existing household gets the values soothe used before they were
-- stored, so its checks answer as they did. An account may choose its own language (NULL:
-- the browser's, then the household's).

ALTER TABLE households ADD COLUMN feed_gap_minutes   BIGINT  NOT NULL DEFAULT 45;
ALTER TABLE households ADD COLUMN vaccine_site_hours BIGINT  NOT NULL DEFAULT 48;
ALTER TABLE households ADD COLUMN patch_test_hours   BIGINT  NOT NULL DEFAULT 4;
ALTER TABLE households ADD COLUMN night_start_hour   BIGINT  NOT NULL DEFAULT 20;
ALTER TABLE households ADD COLUMN night_end_hour     BIGINT  NOT NULL DEFAULT 7;
ALTER TABLE households ADD COLUMN urgent_care        TEXT;
ALTER TABLE households ADD COLUMN language           TEXT    NOT NULL DEFAULT 'en';

ALTER TABLE users ADD COLUMN language TEXT;
