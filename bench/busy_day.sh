#!/usr/bin/env bash
# A busy day: how long Today's page and the API's `…/today` take when today holds EVENTS
# events (default 6,000). Seeds a demo household (one baby, DAYS days), logs EVENTS events for
# today through the API (feeds, sleeps, crying, nappies, gas, massages, spread from midnight to
# now in the household's zone), signs in through the web form, then times each endpoint with
# wrk on one connection (one request at a time), and prints the mean, p50 and p99.
#
# Usage: bench/busy_day.sh
# Knobs (environment): EVENTS=6000 DAYS=30 DURATION=10s PORT=18082 SKIP_BUILD=1 SOOTHE_BIN=path

set -euo pipefail

EVENTS=${EVENTS:-6000}
DAYS=${DAYS:-30}
DURATION=${DURATION:-10s}
PORT=${PORT:-18082}
T_MS=2

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" busy_day

need_tools
release_binary

WORK=$(mktemp -d "${TMPDIR:-/tmp}/soothe-busy.XXXXXX")
SERVER_PID=
cleanup() {
    stop_pid "$SERVER_PID"
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

isolated_serve_env

say "seeding: soothe demo seed --babies 1 --days $DAYS"
"$BIN" demo seed --babies 1 --days "$DAYS" >"$WORK/seed.txt" 2>"$WORK/seed.log" ||
    { cat "$WORK/seed.log" "$WORK/seed.txt" >&2; die "demo seed failed"; }
BABY=$(sed -n 's/^babies: //p' "$WORK/seed.txt")
TOKEN=$(sed -n 's/^token: //p' "$WORK/seed.txt")
EMAIL=$(sed -n 's/^sign in as \(.*\) with password .*$/\1/p' "$WORK/seed.txt")
PASSWORD=$(sed -n 's/^sign in as .* with password \(.*\)$/\1/p' "$WORK/seed.txt")
[[ -n $BABY && -n $TOKEN && -n $PASSWORD ]] || { cat "$WORK/seed.txt" >&2; die "could not read the demo seed's output"; }

BASE=http://127.0.0.1:$PORT
curl -s -o /dev/null "$BASE/healthz" && die "something already answers on 127.0.0.1:$PORT; set PORT"
"$BIN" serve >>"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
    curl -s -o /dev/null "$BASE/healthz" && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; die "soothe serve exited"; }
    sleep 0.1
done

# EVENTS events today (the demo household's zone is Europe/Paris), from midnight to a minute
# ago, sent by one curl over one connection.
NOW=$(date +%s)
MIDNIGHT=$(TZ=Europe/Paris date -d "$(TZ=Europe/Paris date +%F) 00:00" +%s)
SPAN=$((NOW - 60 - MIDNIGHT))
((SPAN > 0)) || SPAN=1
awk -v n="$EVENTS" -v m="$MIDNIGHT" -v span="$SPAN" -v now="$((NOW - 60))" \
    -v url="$BASE/api/v1/babies/$BABY/events" -v token="$TOKEN" 'BEGIN {
    srand(11)
    split("wet dirty both", contents, " ")
    for (i = 0; i < n; i++) {
        s = m + int(rand() * span)
        e = s + 60 * (1 + int(rand() * 40)); if (e > now) e = now
        k = i % 10
        fs = strftime("%Y-%m-%dT%H:%M:%S+00:00", s, 1); fe = strftime("%Y-%m-%dT%H:%M:%S+00:00", e, 1)
        if (k < 2) body = sprintf("{\"kind\":\"feeding\",\"start\":\"%s\",\"end\":\"%s\",\"method\":\"bottle\",\"amount_ml\":90}", fs, fe)
        else if (k == 2) body = sprintf("{\"kind\":\"sleep\",\"start\":\"%s\",\"end\":\"%s\"}", fs, fe)
        else if (k == 3) body = sprintf("{\"kind\":\"crying\",\"start\":\"%s\",\"end\":\"%s\"}", fs, fe)
        else if (k < 7) body = sprintf("{\"kind\":\"nappy\",\"at\":\"%s\",\"contents\":\"%s\"}", fs, contents[1 + i % 3])
        else if (k < 9) body = sprintf("{\"kind\":\"gas\",\"at\":\"%s\"}", fs)
        else body = sprintf("{\"kind\":\"massage\",\"start\":\"%s\",\"end\":\"%s\"}", fs, fe)
        if (i > 0) print "next"
        printf "url = \"%s\"\nheader = \"Authorization: Bearer %s\"\nheader = \"Content-Type: application/json\"\n", url, token
        gsub(/"/, "\\\"", body)
        printf "data = \"%s\"\noutput = \"/dev/null\"\nwrite-out = \"%%{http_code}\\n\"\n", body
    }
}' >"$WORK/events.cfg"
say "logging $EVENTS events for today"
curl -s -K "$WORK/events.cfg" >"$WORK/codes.txt"
created=$(grep -c '^201$' "$WORK/codes.txt" || true)
((created == EVENTS)) || { sort "$WORK/codes.txt" | uniq -c >&2; die "$created of $EVENTS events were stored"; }

jar=$WORK/jar
csrf=$(curl -s -c "$jar" "$BASE/signin" | grep -o 'name="csrf" value="[^"]*"' | head -n1 | sed 's/.*value="//; s/"$//')
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" --data-urlencode "email=$EMAIL" \
    --data-urlencode "password=$PASSWORD" --data-urlencode "csrf=$csrf" --data-urlencode "next=/" "$BASE/signin")
[[ $code == 303 ]] || die "could not sign in ($code)"
SESSION=$(awk '$6 == "soothe_session" { print $7 }' "$jar")

TODAY_JSON=$(curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/babies/$BABY/today")
echo "   today: $(echo "$TODAY_JSON" | grep -o '"feeds":[0-9]*\|"nappies":{[^}]*}\|"sleep_minutes":[0-9]*' | paste -sd ' ' -)"

to_ms() {
    awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; printf "%.2f", n }'
}
ROWS=()
time_it() { # name path header
    local out=$WORK/wrk-$1.txt
    say "wrk -t1 -c1 -d$DURATION $2"
    wrk -t1 -c1 -d"$DURATION" --latency -H "$3" "$BASE$2" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed"; }
    grep -qE 'Non-2xx or 3xx responses|Socket errors' "$out" && { cat "$out" >&2; die "wrk saw errors"; }
    local mean p50 p99 met=yes
    mean=$(to_ms "$(awk '$1 == "Latency" { print $2; exit }' "$out")")
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
    awk -v a="$p50" -v b="$T_MS" 'BEGIN { exit !(a > b) }' && met=NO
    ROWS+=("$1|$mean|$p50|$p99|<= $T_MS ms (p50)|$met")
}
time_it api-today "/api/v1/babies/$BABY/today" "Authorization: Bearer $TOKEN"
time_it today-page / "Cookie: soothe_session=$SESSION"

echo
say "busy day ($(date -u +%Y-%m-%d), $(nproc) cores, SQLite, $EVENTS events today, one connection)"
echo "   soothe: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown) ($BIN)"
{
    echo "endpoint|mean ms|p50 ms|p99 ms|target|met?"
    printf '%s\n' "${ROWS[@]}"
} | column -t -s '|' | sed 's/^/   /'
