#!/usr/bin/env bash
# The reminder runner's cost (issue 15): COUNT rhythms (default 10,000) due in the same minute
# on PostgreSQL, one webhook channel per household pointing at a local receiver
# (bench/reminder_receiver.py, counting ids), then `soothe worker` (release build) alone.
# Measures the time from the minute the reminders fall due until the receiver has every one,
# and checks that none arrived twice. Target: all within 60 s. See bench/README.md.
#
# Usage (from anywhere): bench/reminders.sh
# Knobs (environment):
#   COUNT=10000            rhythms (one baby each)
#   PER_HOUSEHOLD=1        babies per household (one webhook channel per household)
#   MAX_CONNECTIONS=8      each worker's database connections (it runs max_connections/2
#                          passes side by side, at most 4)
#   WORKERS=1              `soothe worker` processes on the same database (they share the
#                          work; each reminder still goes out once)
#   SOOTHE_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test
#                          the PostgreSQL server; the bench makes its own schema and drops it
#   SOOTHE_BIN, SKIP_BUILD as for bench/run.sh
#   RPORT=18090            the receiver's port
#   KEEP_OUTPUT=dir        copy the worker's log and the receiver's figures there
#
# Exits non-zero when a reminder is missing or arrived twice, or the bench cannot run.
# A missed target (over 60 s) is shown as NO and does not fail the run.

set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" reminders

COUNT=${COUNT:-10000}
PER_HOUSEHOLD=${PER_HOUSEHOLD:-1}
MAX_CONNECTIONS=${MAX_CONNECTIONS:-8}
WORKERS=${WORKERS:-1}
PG=${SOOTHE_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
RPORT=${RPORT:-18090}
TARGET_SECONDS=60

command -v psql >/dev/null || die "psql is needed (apt-get install -y postgresql-client)"
command -v python3 >/dev/null || die "python3 is needed"
command -v curl >/dev/null || die "curl is needed"
release_binary

SCHEMA=bench_reminders_$$_$(date +%s)
URL="$PG$([[ $PG == *\?* ]] && echo '&' || echo '?')options=-c%20search_path%3D$SCHEMA"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/soothe-bench-reminders.XXXXXX")
RECEIVER_PID=
WORKER_PIDS=()
cleanup() {
    for pid in "${WORKER_PIDS[@]}"; do stop_pid "$pid"; done
    stop_pid "$RECEIVER_PID"
    psql -q "$PG" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
    if [[ -n ${KEEP_OUTPUT:-} ]]; then
        mkdir -p "$KEEP_OUTPUT" && cp "$WORK"/* "$KEEP_OUTPUT"/ 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# Nothing of the caller's soothe settings.
for v in $(env | grep -o '^SOOTHE_[A-Z_]*' || true); do unset "$v"; done
export SOOTHE_DATABASE_URL=$URL SOOTHE_LOG_FORMAT=json SOOTHE_LOG_LEVEL=info
export SOOTHE_MAX_CONNECTIONS=$MAX_CONNECTIONS SOOTHE_DATA_DIR=$WORK/data
cd "$WORK"

say "schema $SCHEMA on $PG"
psql -q -v ON_ERROR_STOP=1 "$PG" -c "CREATE SCHEMA $SCHEMA" >/dev/null || die "cannot create the schema"
"$BIN" migrate >/dev/null || die "soothe migrate failed"

if curl -s -o /dev/null "http://127.0.0.1:$RPORT/stats"; then
    die "something already answers on port $RPORT (set RPORT)"
fi
python3 "$BENCH_DIR/reminder_receiver.py" "$RPORT" &
RECEIVER_PID=$!
for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$RPORT/stats" && break
    sleep 0.05
done
curl -s -o /dev/null "http://127.0.0.1:$RPORT/stats" || die "the receiver did not start"

# The minute they fall due: the next whole minute at least 40 s away (time to seed).
NOW=$(date +%s)
DUE=$(((NOW + 40) / 60 * 60 + 60))
HHMM=$(date -u -d "@$DUE" +%H:%M)
DAY=$(date -u -d "@$DUE" +%F)
HOUSEHOLDS=$(((COUNT + PER_HOUSEHOLD - 1) / PER_HOUSEHOLD))
say "seeding $COUNT rhythms in $HOUSEHOLDS households, due at $HHMM UTC ($DAY)"
SEED_START=$(date +%s.%N)
psql -q -v ON_ERROR_STOP=1 "$URL" >/dev/null <<SQL || die "seeding failed"
BEGIN;
INSERT INTO users (id, email, display_name, password_hash, created_at)
    VALUES (1, 'bench@soothe.invalid', 'Bench', '!', ${NOW}000);
INSERT INTO households (id, name, time_zone, created_at)
    SELECT g, 'Household ' || g, 'UTC', ${NOW}000 FROM generate_series(1, $HOUSEHOLDS) g;
INSERT INTO memberships (household_id, user_id, role, created_at)
    SELECT g, 1, 'owner', ${NOW}000 FROM generate_series(1, $HOUSEHOLDS) g;
INSERT INTO babies (id, household_id, name, profile, created_at, updated_at)
    SELECT md5('baby' || g)::uuid::text, (g - 1) / $PER_HOUSEHOLD + 1, 'Baby ' || g,
           json_build_object('name', 'Baby ' || g, 'born', to_char(now() - interval '90 days', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'))::text,
           ${NOW}000, ${NOW}000
    FROM generate_series(1, $COUNT) g;
INSERT INTO rhythms (household_id, baby_id, time, routine, weekdays, remind_before_minutes,
                     enabled, next_at, next_day, updated_at)
    SELECT (g - 1) / $PER_HOUSEHOLD + 1, md5('baby' || g)::uuid::text, '$HHMM', 'full-body', 127, 0,
           1, ${DUE}000, '$DAY', ${NOW}000
    FROM generate_series(1, $COUNT) g;
INSERT INTO channels (id, household_id, user_id, kind, spec, created_at)
    SELECT md5('channel' || g)::uuid::text, g, 1, 'webhook',
           '{"kind":"webhook","url":"http://127.0.0.1:$RPORT/hook","secret":"bench-secret"}', ${NOW}000
    FROM generate_series(1, $HOUSEHOLDS) g;
SELECT setval(pg_get_serial_sequence('users', 'id'), 1);
SELECT setval(pg_get_serial_sequence('households', 'id'), $HOUSEHOLDS);
COMMIT;
ANALYZE;
SQL
SEED_END=$(date +%s.%N)
say "seeded in $(echo "$SEED_END - $SEED_START" | bc) s"
(( $(date +%s) < DUE - 2 )) || die "seeding took past the due minute; run again"

for i in $(seq "$WORKERS"); do
    "$BIN" worker 2>"$WORK/worker-$i.log" &
    WORKER_PIDS+=($!)
done
say "$WORKERS soothe worker(s) started (pids ${WORKER_PIDS[*]}); waiting for $HHMM:00 UTC"

LIMIT=$((DUE + 300))
DISTINCT=0
while :; do
    STATS=$(curl -s "http://127.0.0.1:$RPORT/stats")
    DISTINCT=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["distinct"])' "$STATS")
    ((DISTINCT >= COUNT)) && break
    for pid in "${WORKER_PIDS[@]}"; do
        kill -0 "$pid" 2>/dev/null || die "a soothe worker exited: $(tail -5 "$WORK"/worker-*.log)"
    done
    (( $(date +%s) < LIMIT )) || break
    sleep 0.2
done
PEAK_RSS=0
for pid in "${WORKER_PIDS[@]}"; do
    rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    ((rss > PEAK_RSS)) && PEAK_RSS=$rss
done
# Past the next tick: a duplicate would show now.
sleep 16
STATS=$(curl -s "http://127.0.0.1:$RPORT/stats")
for pid in "${WORKER_PIDS[@]}"; do stop_pid "$pid"; done
WORKER_PIDS=()
echo "$STATS" >"$WORK/receiver.json"

read -r DISTINCT TOTAL DUPES MISMATCHED FIRST LAST < <(python3 -c '
import json, sys
s = json.loads(sys.argv[1]); due = float(sys.argv[2])
f = lambda t: "%.2f" % (t - due) if t else "-"
print(s["distinct"], s["total"], s["dupes"], s["mismatched"], f(s["first"]), f(s["last"]))
' "$STATS" "$DUE")
DB=$(psql -At "$URL" -c "SELECT (SELECT count(*) FROM reminders) || ' reminders; deliveries: ' || coalesce((SELECT string_agg(state || '=' || n, ', ') FROM (SELECT state, count(*) n FROM deliveries GROUP BY state ORDER BY state) s), 'none')")
PASSES=$(cat "$WORK"/worker-*.log | grep -c '"reminders: pass done"' || true)
ERRORS=$(cat "$WORK"/worker-*.log | grep -c '"level":"ERROR"' || true)

MET=NO
[[ $LAST != - ]] && python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) <= float(sys.argv[2]) else 1)' "$LAST" "$TARGET_SECONDS" && MET=yes
CPU=$(nproc)
echo
echo "reminders bench — soothe $REVISION, $CPU cores, PostgreSQL $(psql -At "$PG" -c 'SHOW server_version'), $WORKERS worker(s), max_connections $MAX_CONNECTIONS each"
printf '%-44s %s\n' \
    "rhythms due in the same minute" "$COUNT ($HOUSEHOLDS households, one webhook each)" \
    "received (distinct / requests)" "$DISTINCT / $TOTAL" \
    "received twice" "$DUPES" \
    "id header mismatches" "$MISMATCHED" \
    "first received after the minute" "${FIRST} s" \
    "all received after the minute" "${LAST} s (target ≤ $TARGET_SECONDS s: $MET)" \
    "ticks that did work / errors logged" "$PASSES / $ERRORS" \
    "worker peak RSS (largest)" "$((PEAK_RSS / 1024)) MB" \
    "database" "$DB"
((DISTINCT == COUNT)) || die "only $DISTINCT of $COUNT reminders arrived"
((DUPES == 0)) || die "$DUPES reminders arrived more than once"
((MISMATCHED == 0)) || die "$MISMATCHED requests had an X-Soothe-Id unlike their body's id"
