#!/usr/bin/env bash
# A memory soak of `soothe serve`: a release build on SQLite with the demo data, under a mixed
# load for DURATION (default 10 minutes): API reads, event writes and page views signed in by a
# web session cookie (wrk with bench/soak.lua), and sign-ins at a steady low rate beside it
# (curl). VmRSS is sampled every SAMPLE_SECONDS into a CSV. Prints the idle RSS, the peak, the
# growth over the last 5 minutes and the RSS after the load. See bench/README.md.
#
# Usage: bench/soak.sh
# Knobs (environment):
#   DURATION=600        load time in seconds
#   SAMPLE_SECONDS=10   RSS sample interval
#   THREADS=1 CONNECTIONS=8   wrk threads and connections
#   SIGNIN_EVERY=2      seconds between sign-ins (each one hashes a password: Argon2id, 19 MiB)
#   PORT=18081          port on 127.0.0.1
#   BABIES=2 DAYS=365   demo data size
#   IDLE_SECONDS=5      idle time before the idle RSS is read (and after the load)
#   CSV=path            where the samples go (default: soak-rss.csv in the scratch directory,
#                       copied to KEEP_OUTPUT when set)
#   SKIP_BUILD=1        use the existing release binary; SOOTHE_BIN=path: use this binary
#   KEEP_OUTPUT=dir     copy the CSV, wrk output and server log into dir
#
# Exits non-zero when the soak cannot be set up, the server dies, or wrk sees errors; missed
# targets are reported but do not fail the script.

set -euo pipefail

DURATION=${DURATION:-600}
SAMPLE_SECONDS=${SAMPLE_SECONDS:-10}
THREADS=${THREADS:-1}
CONNECTIONS=${CONNECTIONS:-8}
SIGNIN_EVERY=${SIGNIN_EVERY:-2}
PORT=${PORT:-18081}
BABIES=${BABIES:-2}
DAYS=${DAYS:-365}
IDLE_SECONDS=${IDLE_SECONDS:-5}

T_IDLE_MB=20
T_PEAK_MB=80
T_GROWTH_MB=5 # "flat": the last 5 minutes grow by no more than this

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" soak

need_tools
release_binary

WORK=$(mktemp -d "${TMPDIR:-/tmp}/soothe-soak.XXXXXX")
CSV=${CSV:-$WORK/soak-rss.csv}
SERVER_PID= SAMPLER_PID= SIGNER_PID=
cleanup() {
    stop_pid "$SIGNER_PID"
    stop_pid "$SAMPLER_PID"
    stop_pid "$SERVER_PID"
    if [[ -n ${KEEP_OUTPUT:-} ]]; then
        mkdir -p "$KEEP_OUTPUT" && cp "$CSV" "$WORK"/*.txt "$WORK"/*.log "$KEEP_OUTPUT"/ 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

isolated_serve_env
# Every sign-in of the soak must really check a password, not meet the rate limit.
export SOOTHE_SIGN_IN_PER_IP_PER_MINUTE=100000
export SOOTHE_SIGN_IN_PER_ACCOUNT_PER_15_MINUTES=100000

say "seeding: soothe demo seed --babies $BABIES --days $DAYS"
"$BIN" demo seed --babies "$BABIES" --days "$DAYS" >"$WORK/seed.txt" 2>"$WORK/seed.log" ||
    { cat "$WORK/seed.log" "$WORK/seed.txt" >&2; die "demo seed failed"; }
read -r -a BABY_IDS < <(sed -n 's/^babies: //p' "$WORK/seed.txt")
TOKEN=$(sed -n 's/^token: //p' "$WORK/seed.txt")
EMAIL=$(sed -n 's/^sign in as \(.*\) with password .*$/\1/p' "$WORK/seed.txt")
PASSWORD=$(sed -n 's/^sign in as .* with password \(.*\)$/\1/p' "$WORK/seed.txt")
[[ ${#BABY_IDS[@]} -ge 1 && -n $TOKEN && -n $PASSWORD ]] ||
    { cat "$WORK/seed.txt" >&2; die "could not read the babies, token and password from demo seed"; }
READ_BABY=${BABY_IDS[0]}
WRITE_BABY=${BABY_IDS[1]:-${BABY_IDS[0]}}
echo "   $(head -n1 "$WORK/seed.txt")"

BASE=http://127.0.0.1:$PORT
curl -s -o /dev/null "$BASE/healthz" && die "something already answers on 127.0.0.1:$PORT; set PORT"
"$BIN" serve >>"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
    curl -s -o /dev/null "$BASE/healthz" && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; die "soothe serve exited"; }
    sleep 0.1
done
curl -s -o /dev/null "$BASE/healthz" || die "soothe serve did not answer /healthz"

rss_kb() { # field (VmRSS, VmHWM)
    awk -v k="$1:" '$1 == k { print $2; found = 1 } END { if (!found) print 0 }' "/proc/$SERVER_PID/status"
}
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

sleep "$IDLE_SECONDS"
IDLE_KB=$(rss_kb VmRSS)
echo "   idle RSS: $(mb "$IDLE_KB") MB (pid $SERVER_PID)"

# One sign-in through the web form: the signed-out CSRF cookie and field, then the POST.
# Prints the session cookie's value; fails when the sign-in did not succeed.
sign_in() {
    local jar=$WORK/jar.$BASHPID csrf code
    rm -f "$jar"
    csrf=$(curl -s -c "$jar" "$BASE/signin" | grep -o 'name="csrf" value="[^"]*"' | head -n1 | sed 's/.*value="//; s/"$//')
    [[ -n $csrf ]] || return 1
    code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" \
        --data-urlencode "email=$EMAIL" --data-urlencode "password=$PASSWORD" \
        --data-urlencode "csrf=$csrf" --data-urlencode "next=/" "$BASE/signin")
    [[ $code == 303 ]] || return 1
    awk '$6 == "soothe_session" { print $7 }' "$jar"
}
SESSION=$(sign_in) || die "could not sign in as $EMAIL through /signin"
[[ -n $SESSION ]] || die "the sign-in set no session cookie"

# Sanity: every request of the mix answers as expected.
check() { # want method path [auth-header]
    local code
    code=$(curl -s -o "$WORK/check.out" -w '%{http_code}' -X "$2" -H "$4" "$BASE$3")
    [[ $code == "$1" ]] || { head -c 1000 "$WORK/check.out" >&2; die "$2 $3 answered $code, expected $1"; }
}
check 200 GET "/api/v1/babies/$READ_BABY/events?limit=20" "Authorization: Bearer $TOKEN"
check 200 GET "/api/v1/babies/$READ_BABY/today" "Authorization: Bearer $TOKEN"
check 200 GET / "Cookie: soothe_session=$SESSION"
check 200 GET /journal "Cookie: soothe_session=$SESSION"

echo "seconds,rss_kb" >"$CSV"
T0=$(date +%s)
(
    while kill -0 "$SERVER_PID" 2>/dev/null; do
        echo "$(($(date +%s) - T0)),$(rss_kb VmRSS)" >>"$CSV"
        sleep "$SAMPLE_SECONDS"
    done
) &
SAMPLER_PID=$!
(
    ok=0 bad=0
    trap 'echo "$ok $bad" >"$WORK/signins.txt"; exit 0' TERM
    while true; do
        if sign_in >/dev/null; then ok=$((ok + 1)); else bad=$((bad + 1)); fi
        echo "$ok $bad" >"$WORK/signins.txt"
        sleep "$SIGNIN_EVERY" &
        wait $!
    done
) &
SIGNER_PID=$!

say "load: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s (bench/soak.lua) and a sign-in every ${SIGNIN_EVERY} s"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$BENCH_DIR/soak.lua" "$BASE" \
    -- "$TOKEN" "$READ_BABY" "$WRITE_BABY" "$SESSION" >"$WORK/wrk.txt" 2>&1 ||
    { cat "$WORK/wrk.txt" >&2; die "wrk failed"; }
stop_pid "$SIGNER_PID"
SIGNER_PID=
kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; die "the server died during the load"; }
END_S=$(($(date +%s) - T0))
echo "$END_S,$(rss_kb VmRSS)" >>"$CSV"
HWM_KB=$(rss_kb VmHWM)
sleep "$IDLE_SECONDS"
AFTER_KB=$(rss_kb VmRSS)
stop_pid "$SAMPLER_PID"
SAMPLER_PID=
sed 's/^/   /' "$WORK/wrk.txt"
read -r SIGN_OK SIGN_BAD <"$WORK/signins.txt" || { SIGN_OK=0 SIGN_BAD=0; }

# Growth over the last 5 minutes (or the last half of a shorter soak): the last sample under
# load minus the first sample of that window.
WINDOW=300
((END_S < 2 * WINDOW)) && WINDOW=$((END_S / 2))
read -r PEAK_KB GROWTH_KB < <(awk -F, -v end="$END_S" -v w="$WINDOW" '
    NR > 1 { if ($2 > peak) peak = $2
             if ($1 >= end - w && first == "") first = $2
             last = $2 }
    END { print peak, last - first }' "$CSV")

verdict() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? "yes" : "NO" }'; }
echo
say "soak summary ($(date -u +%Y-%m-%d), $(nproc) cores, SQLite, $DURATION s)"
echo "   soothe: $REVISION ($BIN)"
echo "   requests: $(awk '/requests in/ { print $1 }' "$WORK/wrk.txt") ($(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$WORK/wrk.txt") req/s), sign-ins: $SIGN_OK ok, $SIGN_BAD failed"
echo "   samples: $CSV"
{
    echo "measure|value|target|met?"
    echo "idle RSS|$(mb "$IDLE_KB") MB|<= $T_IDLE_MB MB|$(verdict "$(mb "$IDLE_KB")" "$T_IDLE_MB")"
    echo "peak RSS (VmHWM)|$(mb "$HWM_KB") MB (highest sample $(mb "$PEAK_KB") MB)|<= $T_PEAK_MB MB|$(verdict "$(mb "$HWM_KB")" "$T_PEAK_MB")"
    echo "growth, last $WINDOW s under load|$(mb "$GROWTH_KB") MB|<= $T_GROWTH_MB MB|$(verdict "$(mb "$GROWTH_KB")" "$T_GROWTH_MB")"
    echo "RSS ${IDLE_SECONDS} s after the load|$(mb "$AFTER_KB") MB||"
} | column -t -s '|' | sed 's/^/   /'
if grep -qE 'Non-2xx or 3xx responses|Socket errors' "$WORK/wrk.txt"; then
    die "wrk saw errors or non-2xx answers: these figures are not valid"
fi
((SIGN_BAD == 0)) || die "$SIGN_BAD sign-ins failed: these figures are not valid"
