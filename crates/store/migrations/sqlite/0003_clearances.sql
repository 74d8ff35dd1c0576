-- Clearance per reason. The one `clinician_cleared` flag of a profile becomes a clearance for
-- each reason the profile had when it was cleared: born early (when a due date or a gestation
-- was given; it only counts for a baby born early) and each condition then listed. Who said
-- so, when, and the advice are copied to each; a clearance with no date takes the day the
-- profile was last saved. A condition added later has no clearance, so soothe asks again.
-- A condition listed twice gets one clearance; a `due` of null is no due date.
UPDATE babies
SET profile = json_set(profile, '$.clearances', (
    SELECT json_group_array(json(c)) FROM (
        SELECT json_object(
                   'reason', 'born_early',
                   'by', json_extract(babies.profile, '$.clinician_cleared_by'),
                   'at', coalesce(json_extract(babies.profile, '$.clinician_cleared_at'),
                                  strftime('%Y-%m-%dT%H:%M:%SZ', babies.updated_at / 1000, 'unixepoch')),
                   'advice', json_extract(babies.profile, '$.clinician_note')) AS c
        WHERE json_extract(babies.profile, '$.due') IS NOT NULL
           OR json_extract(babies.profile, '$.gestation_at_birth') IS NOT NULL
        UNION ALL
        SELECT json_object(
                   'reason', j.value,
                   'by', json_extract(babies.profile, '$.clinician_cleared_by'),
                   'at', coalesce(json_extract(babies.profile, '$.clinician_cleared_at'),
                                  strftime('%Y-%m-%dT%H:%M:%SZ', babies.updated_at / 1000, 'unixepoch')),
                   'advice', json_extract(babies.profile, '$.clinician_note')) AS c
        FROM (SELECT value FROM json_each(babies.profile, '$.conditions')
              GROUP BY value ORDER BY min(key)) AS j
    )
))
WHERE json_extract(profile, '$.clinician_cleared') = 1;

UPDATE babies
SET profile = json_remove(profile, '$.clinician_cleared', '$.clinician_cleared_by', '$.clinician_cleared_at')
WHERE json_type(profile, '$.clinician_cleared') IS NOT NULL
   OR json_type(profile, '$.clinician_cleared_by') IS NOT NULL
   OR json_type(profile, '$.clinician_cleared_at') IS NOT NULL;
