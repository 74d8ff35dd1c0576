#!/usr/bin/env bash
# Benchmarks soothe's HTTP API on this machine: builds release, seeds a demo household
# (2 babies, 365 days), starts `soothe serve` on SQLite, measures startup time and memory,
# and drives four endpoints with wrk from the same machine. See bench/README.md.
#
# Usage (from anywhere): bench/run.sh
# Knobs (environment):
#   DURATION=15s       wrk duration per endpoint
#   THREADS=2          wrk threads
#   CONNECTIONS=32     wrk connections
#   FEEDING_CONNECTIONS=16  wrk connections of the second "log a feeding" run (the write target
#                      is judged at 16 connections: every write is synced before its answer)
#   PORT=18080         port the server listens on (127.0.0.1)
#   BABIES=2 DAYS=365  demo data size
#   STARTUP_RUNS=3     how many times the server is started to time startup (worst is judged)
#   IDLE_SECONDS=2     idle time before reading the idle RSS
#   SKIP_BUILD=1       use the existing release binary instead of building
#   SOOTHE_BIN=path    benchmark this binary (implies SKIP_BUILD)
#   KEEP_OUTPUT=dir    copy the raw wrk outputs and server log into dir
#
# Exits non-zero only when the benchmark cannot be set up or its answers are wrong (a request
# that fails its sanity check, or wrk seeing errors or non-2xx answers); missed targets are
# reported in the summary but do not fail the script.

set -euo pipefail

DURATION=${DURATION:-15s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
FEEDING_CONNECTIONS=${FEEDING_CONNECTIONS:-16}
PORT=${PORT:-18080}
BABIES=${BABIES:-2}
DAYS=${DAYS:-365}
STARTUP_RUNS=${STARTUP_RUNS:-3}
IDLE_SECONDS=${IDLE_SECONDS:-2}

# Targets (2-core machine, load generator beside the server, SQLite).
T_EVENTS_RPS=8000
T_EVENTS_P99_MS=10
T_FEEDING_RPS=3000
T_TODAY_RPS=4000
T_READINESS_RPS=4000
T_IDLE_RSS_MB=20
T_PEAK_RSS_MB=80
T_STARTUP_MS=200

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" bench

need_tools
release_binary

# --- scratch space and cleanup -----------------------------------------------------------------

WORK=$(mktemp -d "${TMPDIR:-/tmp}/soothe-bench.XXXXXX")
SERVER_PID=
stop_server() {
    stop_pid "$SERVER_PID"
    SERVER_PID=
}
cleanup() {
    stop_server
    if [[ -n ${KEEP_OUTPUT:-} ]]; then
        mkdir -p "$KEEP_OUTPUT" && cp "$WORK"/*.txt "$WORK"/*.log "$KEEP_OUTPUT"/ 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Only the settings set here: no soothe.toml, no PostgreSQL URL from the caller's environment.
isolated_serve_env

# --- seed --------------------------------------------------------------------------------------

say "seeding: soothe demo seed --babies $BABIES --days $DAYS"
seed_started=$(date +%s%N)
"$BIN" demo seed --babies "$BABIES" --days "$DAYS" >"$WORK/seed.txt" 2>"$WORK/seed.log" ||
    { cat "$WORK/seed.log" "$WORK/seed.txt" >&2; die "demo seed failed"; }
seed_ms=$((($(date +%s%N) - seed_started) / 1000000))
read -r -a BABY_IDS < <(sed -n 's/^babies: //p' "$WORK/seed.txt")
TOKEN=$(sed -n 's/^token: //p' "$WORK/seed.txt")
[[ ${#BABY_IDS[@]} -ge 1 && -n $TOKEN ]] || { cat "$WORK/seed.txt" >&2; die "could not read the babies and token from demo seed"; }
READ_BABY=${BABY_IDS[0]}
WRITE_BABY=${BABY_IDS[1]:-${BABY_IDS[0]}}
db_size=$(du -h "$SOOTHE_DATA_DIR/soothe.db" | cut -f1)
echo "   $(head -n1 "$WORK/seed.txt") (${seed_ms} ms wall); database $db_size"

# --- server ------------------------------------------------------------------------------------

healthz_ok() { healthz_on "$PORT"; }

healthz_ok && die "something already answers on 127.0.0.1:$PORT; set PORT to a free port"

mkfifo "$WORK/tick"

# Starts the server; sets SERVER_PID and STARTUP_MS (launch to the first 200 from /healthz).
start_server() {
    local t0
    t0=$(date +%s%N)
    "$BIN" serve >>"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    while ! healthz_ok; do
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; die "soothe serve exited"; }
        if (($(date +%s%N) - t0 > 10000000000)); then
            cat "$WORK/server.log" >&2
            die "soothe serve did not answer /healthz within 10 s"
        fi
        # Wait 1 ms without forking, so the probe does not take a core from the server.
        read -r -t 0.001 _ <>"$WORK/tick" || true
    done
    STARTUP_MS=$((($(date +%s%N) - t0) / 1000000))
}

# Reads a field (VmRSS, VmHWM) of the server's /proc status, in kB.
proc_kb() {
    local key value _
    while read -r key value _; do
        [[ $key == "$1:" ]] && { echo "$value"; return; }
    done <"/proc/$SERVER_PID/status"
    echo 0
}
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

say "starting soothe serve ($STARTUP_RUNS times, to time startup)"
startups=()
for i in $(seq "$STARTUP_RUNS"); do
    start_server
    startups+=("$STARTUP_MS")
    if ((i < STARTUP_RUNS)); then stop_server; fi
done
startup_worst=$(printf '%s\n' "${startups[@]}" | sort -n | tail -n1)
startup_median=$(printf '%s\n' "${startups[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "   startup: ${startups[*]} ms (median $startup_median, worst $startup_worst)"

sleep "$IDLE_SECONDS"
idle_kb=$(proc_kb VmRSS)
echo "   idle RSS: $(mb "$idle_kb") MB (pid $SERVER_PID)"

# --- sanity checks -----------------------------------------------------------------------------

BASE=http://127.0.0.1:$PORT/api/v1
AUTH="Authorization: Bearer $TOKEN"
EVENTS_URL=$BASE/babies/$READ_BABY/events?limit=20
FEEDING_URL=$BASE/babies/$WRITE_BABY/events
TODAY_URL=$BASE/babies/$READ_BABY/today
READINESS_URL=$BASE/babies/$READ_BABY/readiness?state=quiet_alert

check() { # expected-status method url [body]
    local want=$1 method=$2 url=$3 body=${4:-} code
    if [[ -n $body ]]; then
        code=$(curl -s -o "$WORK/check.json" -w '%{http_code}' -X "$method" -H "$AUTH" \
            -H 'Content-Type: application/json' --data "$body" "$url")
    else
        code=$(curl -s -o "$WORK/check.json" -w '%{http_code}' -X "$method" -H "$AUTH" "$url")
    fi
    if [[ $code != "$want" ]]; then
        echo "$method $url answered $code, expected $want:" >&2
        head -c 2000 "$WORK/check.json" >&2
        echo >&2
        die "sanity check failed"
    fi
}
now_s=$(date -u +%s)
check 200 GET "$EVENTS_URL"
grep -q '"events"' "$WORK/check.json" || die "the events list has no events field"
check 201 POST "$FEEDING_URL" \
    "{\"kind\":\"feeding\",\"start\":\"$(date -u -d "@$((now_s - 7200))" +%Y-%m-%dT%H:%M:%S+00:00)\",\"end\":\"$(date -u -d "@$((now_s - 6000))" +%Y-%m-%dT%H:%M:%S+00:00)\",\"method\":\"bottle\",\"amount_ml\":120}"
check 200 GET "$TODAY_URL"
check 200 GET "$READINESS_URL"

# --- load --------------------------------------------------------------------------------------

ROWS=()
INVALID=0
run_wrk() { # name url target_rps target_p99_ms(or -) [wrk args...]; WRK_CONNECTIONS overrides -c
    local name=$1 url=$2 t_rps=$3 t_p99=$4
    shift 4
    local out=$WORK/wrk-$name.txt conns=${WRK_CONNECTIONS:-$CONNECTIONS}
    say "wrk $name: -t$THREADS -c$conns -d$DURATION $url"
    wrk -t"$THREADS" -c"$conns" -d"$DURATION" --latency -H "$AUTH" "$@" "$url" >"$out" 2>&1 ||
        { cat "$out" >&2; die "wrk failed"; }
    sed 's/^/   /' "$out"
    local rps p50 p99 errors hwm met
    rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
    errors=$(grep -E 'Non-2xx or 3xx responses|Socket errors' "$out" | sed 's/^ *//' | paste -sd ';' - || true)
    hwm=$(proc_kb VmHWM)
    met=yes
    awk -v a="$rps" -v b="$t_rps" 'BEGIN { exit !(a < b) }' && met=NO
    [[ $t_p99 != - ]] && awk -v a="$p99" -v b="$t_p99" 'BEGIN { exit !(a > b) }' && met=NO
    if [[ -n $errors ]]; then
        met="INVALID ($errors)"
        INVALID=1
    fi
    local target=">= $t_rps req/s"
    [[ $t_p99 != - ]] && target+=", p99 <= $t_p99 ms"
    ROWS+=("$name|$conns|$rps|$p50|$p99|$(mb "$hwm")|$target|$met")
}

run_wrk events "$EVENTS_URL" "$T_EVENTS_RPS" "$T_EVENTS_P99_MS"
run_wrk feeding "$FEEDING_URL" "$T_FEEDING_RPS" - -s "$BENCH_DIR/post_feeding.lua"
WRK_CONNECTIONS=$FEEDING_CONNECTIONS run_wrk feeding-c$FEEDING_CONNECTIONS "$FEEDING_URL" "$T_FEEDING_RPS" - \
    -s "$BENCH_DIR/post_feeding.lua"
run_wrk today "$TODAY_URL" "$T_TODAY_RPS" -
run_wrk readiness "$READINESS_URL" "$T_READINESS_RPS" -

kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; die "the server died during the load"; }
peak_kb=$(proc_kb VmHWM)
after_kb=$(proc_kb VmRSS)

# --- summary -----------------------------------------------------------------------------------

verdict() { awk -v a="$1" -v b="$2" -v op="$3" 'BEGIN { ok = (op == "<=") ? (a <= b) : (a >= b); print ok ? "yes" : "NO" }'; }

echo
say "summary ($(date -u +%Y-%m-%d), $(nproc) cores, wrk -t$THREADS -d$DURATION on the same machine, SQLite, synchronous=FULL)"
echo "   soothe: $REVISION ($BIN)"
echo "   seed: $(head -n1 "$WORK/seed.txt"); database $db_size"
{
    echo "endpoint|conns|req/s|p50 ms|p99 ms|peak RSS so far MB|target|met?"
    printf '%s\n' "${ROWS[@]}"
} | column -t -s '|' | sed 's/^/   /'
echo
{
    echo "measure|value|target|met?"
    echo "startup to first answer|${startup_median} ms median, ${startup_worst} ms worst of $STARTUP_RUNS|<= $T_STARTUP_MS ms (worst)|$(verdict "$startup_worst" "$T_STARTUP_MS" "<=")"
    echo "idle RSS|$(mb "$idle_kb") MB|<= $T_IDLE_RSS_MB MB|$(verdict "$(mb "$idle_kb")" "$T_IDLE_RSS_MB" "<=")"
    echo "peak RSS (VmHWM)|$(mb "$peak_kb") MB|<= $T_PEAK_RSS_MB MB|$(verdict "$(mb "$peak_kb")" "$T_PEAK_RSS_MB" "<=")"
    echo "RSS after the load|$(mb "$after_kb") MB||"
} | column -t -s '|' | sed 's/^/   /'

if [[ -s $WORK/server.log ]]; then
    echo
    say "server log (warnings and errors)"
    tail -n 20 "$WORK/server.log" | sed 's/^/   /'
fi
if ((INVALID)); then
    echo
    die "wrk saw errors or non-2xx answers: these figures are not valid"
fi
