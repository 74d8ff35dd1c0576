#!/usr/bin/env bash
# Sign-in under attack: the memory of a real `soothe serve` while it is flooded with
#   1. 1,000 sign-ins with 1 MB emails from one address (all refused with 422 `email`), and
#   2. 64 sign-ins at once from one address (they queue for the Argon2 workers; beyond the
#      queue, 503 with Retry-After).
# Prints idle, peak and after RSS (VmRSS / VmHWM from /proc) and the answers' statuses.
#
#   bench/signin.sh                      # builds and measures the release binary
#   SOOTHE_BIN=target/debug/soothe bench/signin.sh
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${SOOTHE_BIN:-}
if [[ -z $BIN ]]; then
  cargo build --release --locked -p soothe >&2
  BIN=target/release/soothe
fi
PORT=${PORT:-18089}
DIR=$(mktemp -d)
BODY=$(mktemp)
PID=
cleanup() {
  [[ -n $PID ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  rm -rf "$DIR" "$BODY"
}
trap cleanup EXIT

export SOOTHE_DATA_DIR=$DIR/data SOOTHE_BIND=127.0.0.1:$PORT SOOTHE_LOG_LEVEL=warn
# Only the per-address limit is lifted, so that one machine can send the burst.
export SOOTHE_SIGN_IN_PER_IP_PER_MINUTE=100000 SOOTHE_SIGN_IN_PER_ACCOUNT_PER_15_MINUTES=100000
unset SOOTHE_DATABASE_URL
echo "correct horse battery" | "$BIN" user create --email sam@example.org \
  --household Bench --time-zone UTC >/dev/null
"$BIN" serve >/dev/null 2>&1 &
PID=$!
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 0.1
done

rss() { awk -v k="$1:" '$1 == k { printf "%d", $2 / 1024 }' "/proc/$PID/status"; }
url=http://127.0.0.1:$PORT/api/v1/auth/token
sleep 1
echo "idle RSS: $(rss VmRSS) MiB"

# 1. Huge emails, 4 at a time, each one different (as an attacker would send them).
head -c 1000000 /dev/zero | tr '\0' a >"$BODY"
start=$(date +%s.%N)
seq 1 1000 | xargs -P 4 -I{} sh -c '
  { printf "{\"email\":\"{}"; cat "$1"; printf "@example.org\",\"password\":\"wrong password!\"}"; } |
    curl -s -o /dev/null -w "%{http_code}\n" -H "content-type: application/json" --data-binary @- "$2"
' sh "$BODY" "$url" | sort | uniq -c | sed 's/^/  huge emails: /'
echo "  took $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s; RSS after: $(rss VmRSS) MiB, peak so far: $(rss VmHWM) MiB"

# 2. 64 sign-ins at once, each for its own email (an unknown email costs a full check too).
sleep 1
base=$(rss VmRSS)
peak=$base
start=$(date +%s.%N)
seq 1 64 | xargs -P 64 -I{} sh -c '
  e=nobody{}@example.org
  curl -s -o /dev/null -w "%{http_code}\n" -H "content-type: application/json" \
    -d "{\"email\":\"$e\",\"password\":\"wrong password!\"}" '"$url"'' >"$DIR/codes" &
XP=$!
while kill -0 $XP 2>/dev/null; do
  now=$(rss VmRSS); ((now > peak)) && peak=$now
  sleep 0.02
done
sort "$DIR/codes" | uniq -c | sed 's/^/  64 at once: /'
echo "  took $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s; RSS before: $base MiB, peak: $peak MiB"
sleep 2
echo "  RSS 2 s after: $(rss VmRSS) MiB"
