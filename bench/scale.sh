#!/usr/bin/env bash
# bench/scale.sh: soothe on PostgreSQL with many households, beside SQLite with one (issue 18).
#
# Seeds HOUSEHOLDS households (1 baby, DAYS days of demo journal each) into a PostgreSQL schema
# of their own with `soothe demo seed --households … --jobs JOBS`, measures the journal's bytes
# per event, then runs wrk on the four hot endpoints with every request going to a random
# household: on one `soothe serve`, and on two at once (two wrk, half the connections each,
# requests per second summed, the worse p99). The same endpoints run on SQLite with one
# household of the same size, in the same run, in turns with the one instance (ROUNDS runs
# each, medians). Then each endpoint runs again at a steady RATE (requests a second) on
# SQLite and on one instance, for the latency at a load below saturation. See
# bench/README.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" scale

HOUSEHOLDS=${HOUSEHOLDS:-5000}
DAYS=${DAYS:-90}
JOBS=${JOBS:-2}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/test}
SCHEMA=${SCHEMA:-soothe_scale_$HOUSEHOLDS}
KEEP=${KEEP:-}   # 1: keep the seeded schema and its tokens for the next run (then reused)
DURATION=${DURATION:-15s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
RATE=${RATE:-1000}   # the steady load of the latency runs, requests a second
PORT=${PORT:-18090}
PORT2=${PORT2:-18091}
PORT3=${PORT3:-18092}
ROUNDS=${ROUNDS:-3}   # runs of each endpoint on each side; the figures are their medians

[[ $SCHEMA =~ ^[a-z_][a-z0-9_]*$ ]] || die "SCHEMA must be a plain lower-case name"
command -v psql >/dev/null || die "psql is needed (apt-get install -y postgresql-client)"
need_tools
release_binary

WORK=$(mktemp -d)
STATE=${STATE:-$ROOT/target/bench-scale}
mkdir -p "$STATE"
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do stop_pid "$p"; done
    if [[ -z $KEEP ]]; then
        psql -q "$PG_URL" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
        rm -f "$STATE/$SCHEMA.tsv"
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

PG_SCHEMA_URL="$PG_URL?options=-c%20search_path%3D$SCHEMA"
isolated_serve_env

# --- seed ----------------------------------------------------------------------------------------

seed_sqlite() {
    say "SQLite: 1 household, 1 baby, $DAYS days"
    SOOTHE_DATA_DIR=$WORK/sqlite "$BIN" demo seed --babies 1 --days "$DAYS" \
        --targets "$WORK/sqlite.tsv" >"$WORK/seed-sqlite.txt" 2>/dev/null ||
        die "seeding SQLite failed: $(cat "$WORK/seed-sqlite.txt")"
}

seed_postgres() {
    if [[ -s $STATE/$SCHEMA.tsv ]] && [[ $(wc -l <"$STATE/$SCHEMA.tsv") -eq $HOUSEHOLDS ]]; then
        say "PostgreSQL: reusing schema $SCHEMA ($HOUSEHOLDS households, kept by KEEP=1)"
        return
    fi
    psql -q "$PG_URL" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" -c "CREATE SCHEMA $SCHEMA" >/dev/null
    rm -f "$STATE/$SCHEMA.tsv"
    say "PostgreSQL: $HOUSEHOLDS households × 1 baby × $DAYS days, $JOBS at a time"
    local t0=$SECONDS
    SOOTHE_DATABASE_URL=$PG_SCHEMA_URL "$BIN" demo seed --babies 1 --days "$DAYS" \
        --households "$HOUSEHOLDS" --jobs "$JOBS" --email scale@soothe.invalid \
        --targets "$STATE/$SCHEMA.tsv" >"$WORK/seed-pg.txt" ||
        die "seeding PostgreSQL failed: $(cat "$WORK/seed-pg.txt")"
    say "   $(head -n2 "$WORK/seed-pg.txt" | paste -sd ' ' -) (wall $((SECONDS - t0)) s)"
    psql -q "$PG_URL" -c "VACUUM ANALYZE $SCHEMA.events" -c "VACUUM ANALYZE $SCHEMA.day_slots" >/dev/null
}

seed_sqlite
seed_postgres

# Bytes per event: the events table with its TOAST and every index, over its rows.
read -r EVENTS TABLE_B INDEX_B < <(psql -At -F ' ' "$PG_URL" -c \
    "SELECT count(*), pg_table_size('$SCHEMA.events'), pg_indexes_size('$SCHEMA.events') FROM $SCHEMA.events")
PER_EVENT=$(((TABLE_B + INDEX_B) / EVENTS))
say "PostgreSQL events: $EVENTS rows, table $((TABLE_B / 1048576)) MiB, indexes $((INDEX_B / 1048576)) MiB: $PER_EVENT bytes an event"

# --- servers -------------------------------------------------------------------------------------

serve() { # port [env...]: starts soothe serve, waits for /healthz
    local port=$1
    shift
    # A server left over on the port would answer for this one (and refuse its tokens).
    healthz_on "$port" && die "something already answers on 127.0.0.1:$port; set PORT/PORT2 to free ports"
    env "$@" SOOTHE_BIND=127.0.0.1:$port "$BIN" serve >>"$WORK/server-$port.log" 2>&1 &
    PIDS+=($!)
    PID_OF[$port]=$!
    local t0=$SECONDS
    until healthz_on "$port"; do
        kill -0 "${PIDS[-1]}" 2>/dev/null || { cat "$WORK/server-$port.log" >&2; die "soothe serve exited"; }
        ((SECONDS - t0 < 20)) || die "soothe serve on $port did not answer /healthz within 20 s"
        sleep 0.05
    done
}

stop_servers() {
    for p in "${PIDS[@]}"; do stop_pid "$p"; done
    PIDS=()
}

# --- load ----------------------------------------------------------------------------------------

declare -A RPS P99 CPU_SOOTHE CPU_PG PID_OF
INVALID=0
HZ=$(getconf CLK_TCK)

# User and system CPU of these processes, in clock ticks (after the name in /proc/PID/stat,
# which may hold spaces, utime and stime are the 12th and 13th fields).
cpu_ticks() {
    local t=0 p v
    for p in "$@"; do
        v=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }') && t=$((t + ${v:-0}))
    done
    echo "$t"
}
# Every process of the local PostgreSQL server (none when PG_URL names another machine).
pg_pids() { pgrep -u postgres 2>/dev/null || true; }
per_request() { # ticks requests: ms of CPU a request
    awk -v t="$1" -v n="$2" -v hz="$HZ" 'BEGIN { printf "%.3f", (n > 0 ? t * 1000 / hz / n : 0) }'
}
wrk_once() { # out port conns targets endpoint [rate]
    RATE=${6:-} CONNECTIONS=$3 ENDPOINT=$5 TARGETS=$4 wrk -t"$THREADS" -c"$3" -d"$DURATION" --latency \
        -s "$BENCH_DIR/scale.lua" "http://127.0.0.1:$2" >"$1" 2>&1 || { cat "$1" >&2; die "wrk failed"; }
}

measure() { # label rate targets "endpoints" ports... (rate: empty for as fast as it goes)
    local label=$1 rate=$2 targets=$3 endpoints=$4
    shift 4
    local ports=("$@") n=$# endpoint
    for endpoint in $endpoints; do
        local outs=() jobs=() i=0 soothe0 pg0
        # At a steady load on one server: the CPU that it and PostgreSQL spend on a request.
        # shellcheck disable=SC2046 # one pid a word
        [[ -n $rate && $n -eq 1 ]] && soothe0=$(cpu_ticks "${PID_OF[${ports[0]}]}") pg0=$(cpu_ticks $(pg_pids))
        for port in "${ports[@]}"; do
            outs+=("$WORK/wrk-$label-$endpoint-$port.txt")
            wrk_once "${outs[i]}" "$port" $((CONNECTIONS / n)) "$targets" "$endpoint" "$rate" &
            jobs+=($!)
            i=$((i + 1))
        done
        for j in "${jobs[@]}"; do wait "$j" || die "wrk failed"; done
        if [[ -n ${soothe0:-} ]]; then
            local made
            made=$(awk '/requests in/ { print $1 }' "${outs[0]}")
            # shellcheck disable=SC2046 # one pid a word
            CPU_SOOTHE[$label,$endpoint]=$(per_request $(($(cpu_ticks "${PID_OF[${ports[0]}]}") - soothe0)) "$made")
            # shellcheck disable=SC2046
            CPU_PG[$label,$endpoint]=$(per_request $(($(cpu_ticks $(pg_pids)) - pg0)) "$made")
        fi
        # wrk ran in the background: its errors are read here, in the script itself.
        for out in "${outs[@]}"; do
            if grep -qE 'Non-2xx or 3xx responses|Socket errors' "$out"; then
                sed 's/^/   /' "$out"
                INVALID=1
            fi
        done
        local rps=0 p99=0
        for out in "${outs[@]}"; do
            rps=$(awk -v a="$rps" '/^Requests\/sec:/ { printf "%.0f", a + $2 }' "$out")
            p99=$(awk -v a="$p99" -v b="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")" \
                'BEGIN { printf "%.2f", (b > a ? b : a) }')
        done
        RPS[$label,$endpoint]=$rps
        P99[$label,$endpoint]=$p99
        say "$label $endpoint: $rps req/s, p99 $p99 ms${CPU_SOOTHE[$label,$endpoint]:+, CPU a request: soothe ${CPU_SOOTHE[$label,$endpoint]} ms, PostgreSQL ${CPU_PG[$label,$endpoint]} ms}"
    done
}

# Each figure is the median of ROUNDS runs. The SQLite server and the PostgreSQL one run side
# by side (the idle one costs nothing), and each round runs an endpoint on one, then on the
# other: a slow spell of the machine (this one is shared) falls on both sides of a ratio
# instead of on one run of one side.
median() { # format: the median of the numbers on stdin
    sort -n | awk -v f="$1" '{ v[NR] = $1 } END { printf f, (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

# The median of an array's figures (RPS, P99, CPU_…) over the rounds of a label and endpoint.
rounds_median() { # array label endpoint format
    local -n of=$1
    local r
    for r in $(seq "$ROUNDS"); do echo "${of[$2#$r,$3]}"; done | median "$4"
}

declare -A TARGETS_OF PORTS_OF
rounds() { # rate "endpoints" setups... (a setup: sqlite, pg1; rate empty for as fast as it goes)
    local rate=$1 endpoints=$2
    shift 2
    local suffix=${rate:+-steady} endpoint round setup
    for endpoint in $endpoints; do
        for round in $(seq "$ROUNDS"); do
            for setup in "$@"; do
                # shellcheck disable=SC2086 # PORTS_OF holds one port or two
                measure "$setup$suffix#$round" "$rate" "${TARGETS_OF[$setup]}" "$endpoint" ${PORTS_OF[$setup]}
            done
        done
        for setup in "$@"; do
            local label=$setup$suffix
            RPS[$label,$endpoint]=$(rounds_median RPS "$label" "$endpoint" %.0f)
            P99[$label,$endpoint]=$(rounds_median P99 "$label" "$endpoint" %.2f)
            if [[ -n ${CPU_SOOTHE[$label#1,$endpoint]:-} ]]; then
                CPU_SOOTHE[$label,$endpoint]=$(rounds_median CPU_SOOTHE "$label" "$endpoint" %.3f)
                CPU_PG[$label,$endpoint]=$(rounds_median CPU_PG "$label" "$endpoint" %.3f)
            fi
            say "$label $endpoint, median of $ROUNDS: ${RPS[$label,$endpoint]} req/s, p99 ${P99[$label,$endpoint]} ms"
        done
    done
}

# The machine's own steadiness, measured while nothing else of the benchmark runs.
read -r JITTER_P50 JITTER_P99 < <(machine_jitter) || true

serve "$PORT" SOOTHE_DATA_DIR="$WORK/sqlite"
serve "$PORT2" SOOTHE_DATABASE_URL="$PG_SCHEMA_URL"
TARGETS_OF[sqlite]=$WORK/sqlite.tsv PORTS_OF[sqlite]=$PORT
TARGETS_OF[pg1]=$STATE/$SCHEMA.tsv PORTS_OF[pg1]=$PORT2
TARGETS_OF[pg2]=$STATE/$SCHEMA.tsv PORTS_OF[pg2]="$PORT2 $PORT3"
# The feedings go last: on SQLite they all land on its one baby (tens of thousands within
# three days), which would make its later reads of today measure that.
READS="events today readiness"
rounds "" "$READS" sqlite pg1
rounds "$RATE" "$READS feeding" sqlite pg1
rounds "" feeding sqlite pg1
serve "$PORT3" SOOTHE_DATABASE_URL="$PG_SCHEMA_URL"
ROUNDS=1 rounds "" "$READS feeding" pg2
stop_servers

# --- summary -------------------------------------------------------------------------------------

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
meets() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }' && echo yes || echo NO; }

echo
echo "soothe $REVISION; $HOUSEHOLDS households × 1 baby × $DAYS days ($EVENTS events) on PostgreSQL;"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, requests spread over random households; p99 at a"
echo "steady load: the same with each connection pacing its requests to about $RATE req/s in all;"
echo "SQLite and one instance: the median of $ROUNDS runs each, taken in turns"
echo
echo "| endpoint | SQLite, 1 household | PostgreSQL, 1 instance | × SQLite | PostgreSQL, 2 instances | p99 at $RATE req/s: SQLite, PostgreSQL | target | met? |"
echo "|---|---|---|---|---|---|---|---|"
for endpoint in events today readiness feeding; do
    s=${RPS[sqlite,$endpoint]} p=${RPS[pg1,$endpoint]}
    r=$(ratio "$p" "$s")
    case $endpoint in
        events) want=0.6 ;;
        today | readiness) want=0.8 ;;
        *) want=0 ;;
    esac
    met=$(meets "$r" "$want")
    awk -v a="${P99[pg1-steady,$endpoint]}" 'BEGIN { exit !(a > 10) }' && met=NO
    target="p99 ≤ 10 ms at $RATE req/s"
    [[ $want != 0 ]] && target="≥ $want× SQLite, $target"
    steady="${P99[sqlite-steady,$endpoint]} ms (${RPS[sqlite-steady,$endpoint]} req/s), ${P99[pg1-steady,$endpoint]} ms (${RPS[pg1-steady,$endpoint]} req/s)"
    echo "| $endpoint | $s req/s, p99 ${P99[sqlite,$endpoint]} ms | $p req/s, p99 ${P99[pg1,$endpoint]} ms | $r | ${RPS[pg2,$endpoint]} req/s, p99 ${P99[pg2,$endpoint]} ms | $steady | $target | $met |"
done
echo
echo "CPU a request at the steady load (medians), of soothe serve and of every local PostgreSQL process:"
echo
echo "| endpoint | SQLite: soothe | PostgreSQL: soothe + PostgreSQL |"
echo "|---|---|---|"
for endpoint in events today readiness feeding; do
    echo "| $endpoint | ${CPU_SOOTHE[sqlite-steady,$endpoint]} ms | ${CPU_SOOTHE[pg1-steady,$endpoint]} + ${CPU_PG[pg1-steady,$endpoint]} ms |"
done
if [[ -n ${JITTER_P50:-} ]]; then
    echo
    echo "This machine, before the load: a fixed piece of work (about 1 ms) timed 1,000 times"
    echo "after short sleeps took p50 $JITTER_P50 ms, p99 $JITTER_P99 ms. Every p99 above carries that"
    echo "tail: on a steady machine the two are close."
fi
echo
echo "| storage | value | target | met? |"
echo "|---|---|---|---|"
echo "| bytes per event (table + indexes) | $PER_EVENT | ≤ 350 | $( ((PER_EVENT <= 350)) && echo yes || echo NO) |"
((INVALID == 0)) || die "a wrk run saw errors (shown above): the figures are not valid"
