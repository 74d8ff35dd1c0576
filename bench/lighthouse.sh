#!/usr/bin/env bash
# Lighthouse (mobile) on Today, the player and the journal, against a real soothe over SQLite.
# Usage: bench/lighthouse.sh   (needs Debian's chromium and Node; fetches lighthouse with npx)
# Prints performance and accessibility scores per page; the JSON reports land in
# target/lighthouse/.
set -euo pipefail
cd "$(dirname "$0")/.."
LIGHTHOUSE=${LIGHTHOUSE:-"npx --yes lighthouse@12"}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
out=target/lighthouse
mkdir -p "$out"
cargo build --release --quiet
data=$(mktemp -d)
port=${PORT:-8097}
SOOTHE_DATA_DIR=$data SOOTHE_BIND=127.0.0.1:$port SOOTHE_LOG_LEVEL=warn ./target/release/soothe serve &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
base=http://127.0.0.1:$port
for _ in $(seq 50); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done

# First run through the setup form, then a day of journal so the pages are not empty.
jar=$data/cookies
csrf=$(curl -s -c "$jar" -b "$jar" "$base/setup" | grep -o 'name="csrf" value="[^"]*"' | head -1 | cut -d'"' -f4)
curl -s -c "$jar" -b "$jar" -o /dev/null "$base/setup" \
  --data-urlencode "csrf=$csrf" --data-urlencode "display_name=Ann" \
  --data-urlencode "email=ann@example.com" --data-urlencode "password=correct horse battery" \
  --data-urlencode "password_again=correct horse battery" --data-urlencode "household=Home" \
  --data-urlencode "time_zone=Europe/Paris" --data-urlencode "name=Ada" \
  --data-urlencode "born=$(date -d '-10 weeks' +%F)"
csrf=$(curl -s -c "$jar" -b "$jar" "$base/" | grep -o 'name="csrf" value="[^"]*"' | head -1 | cut -d'"' -f4)
baby=$(curl -s -b "$jar" "$base/" | grep -o 'name="baby" value="[^"]*"' | head -1 | cut -d'"' -f4)
for kind in nappy; do
  for contents in wet dirty both; do
    curl -s -b "$jar" -o /dev/null "$base/log" --data "csrf=$csrf&baby=$baby&kind=$kind&action=log&contents=$contents"
  done
done
session=$(grep soothe_session "$jar" | awk '{print $7}')
headers="{\"Cookie\": \"soothe_session=$session\"}"

for page in "today|/" "player|/massage/play?routine=full-body&state=quiet_alert&oil=none" "journal|/journal"; do
  name=${page%%|*}
  path=${page#*|}
  $LIGHTHOUSE "$base$path" --quiet --only-categories=performance,accessibility \
    --extra-headers="$headers" --chrome-flags="--headless=new --no-sandbox" \
    --output=json --output-path="$out/$name.json" >/dev/null 2>&1
  node -e '
    const r = require(process.argv[1]);
    const c = r.categories;
    console.log(`${process.argv[2].padEnd(8)} performance ${c.performance.score.toFixed(2)}  accessibility ${c.accessibility.score.toFixed(2)}  LCP ${Math.round(r.audits["largest-contentful-paint"].numericValue)} ms  CLS ${r.audits["cumulative-layout-shift"].numericValue.toFixed(3)}  TBT ${Math.round(r.audits["total-blocking-time"].numericValue)} ms`);
  ' "$PWD/$out/$name.json" "$name"
done
