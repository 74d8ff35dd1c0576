-- Clearance per reason. The one `clinician_cleared` flag of a profile becomes a clearance for
-- each reason the profile had when it was cleared: born early (when a due date or a gestation
-- was given; it only counts for a baby born early) and each condition then listed. Who said
-- so, when, and the advice are copied to each; a clearance with no date takes the day the
-- profile was last saved. A condition added later has no clearance, so soothe asks again.
-- A condition listed twice gets one clearance; a `due` of null is no due date.
UPDATE babies AS b
SET profile = jsonb_set(b.profile::jsonb, '{clearances}', coalesce((
    SELECT jsonb_agg(x.c ORDER BY x.n) FROM (
        SELECT 0 AS n, jsonb_build_object(
                   'reason', 'born_early',
                   'by', q.p -> 'clinician_cleared_by',
                   'at', coalesce(q.p -> 'clinician_cleared_at',
                                  to_jsonb(to_char(to_timestamp(b.updated_at / 1000.0) AT TIME ZONE 'UTC',
                                                   'YYYY-MM-DD"T"HH24:MI:SS"Z"'))),
                   'advice', q.p -> 'clinician_note') AS c
        FROM (SELECT b.profile::jsonb AS p) AS q
        WHERE jsonb_typeof(q.p -> 'due') <> 'null' OR jsonb_typeof(q.p -> 'gestation_at_birth') <> 'null'
        UNION ALL
        SELECT min(j.n) AS n, jsonb_build_object(
                   'reason', j.reason,
                   'by', q.p -> 'clinician_cleared_by',
                   'at', coalesce(q.p -> 'clinician_cleared_at',
                                  to_jsonb(to_char(to_timestamp(b.updated_at / 1000.0) AT TIME ZONE 'UTC',
                                                   'YYYY-MM-DD"T"HH24:MI:SS"Z"'))),
                   'advice', q.p -> 'clinician_note') AS c
        FROM (SELECT b.profile::jsonb AS p) AS q,
             jsonb_array_elements(coalesce(q.p -> 'conditions', '[]'::jsonb)) WITH ORDINALITY AS j(reason, n)
        GROUP BY j.reason, q.p
    ) AS x
), '[]'::jsonb))::text
WHERE b.profile::jsonb -> 'clinician_cleared' = 'true'::jsonb;

UPDATE babies
SET profile = (profile::jsonb - 'clinician_cleared' - 'clinician_cleared_by' - 'clinician_cleared_at')::text
WHERE profile::jsonb ?| array['clinician_cleared', 'clinician_cleared_by', 'clinician_cleared_at'];
