#!/usr/bin/env bash
# The crash harness, long form: 50 rounds per backend of concurrent writers logging events over
# HTTP to a real `soothe serve`, SIGKILL at a random moment, restart, then every acknowledged
# event must be there (by id), none stored twice, retries of the writes in flight stored once,
# and SQLite's PRAGMA integrity_check ok. It runs crates/soothe/tests/crash.rs (the same
# harness CI runs for 5 rounds) and prints its summary. See bench/README.md.
#
# Usage (from anywhere): bench/crash.sh
# Knobs (environment):
#   ROUNDS=50          rounds per backend
#   WRITERS=8          concurrent writers
#   SOOTHE_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test
#                      the PostgreSQL server (each run uses its own schema); set it empty
#                      (SOOTHE_TEST_POSTGRES_URL=) to run SQLite only
#   SOOTHE_BIN=path    crash this binary (default: the release build when there is one, as
#                      bench/run.sh builds it, else the debug build the test makes)
#
# Exits non-zero when an acknowledged write is lost, an event is stored twice, the database
# is damaged, or the harness cannot run.

set -euo pipefail

ROUNDS=${ROUNDS:-50}
WRITERS=${WRITERS:-8}
PG_URL=${SOOTHE_TEST_POSTGRES_URL-postgres://postgres@127.0.0.1:5432/test}

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
[[ $TARGET_DIR = /* ]] || TARGET_DIR=$ROOT/$TARGET_DIR

BIN=${SOOTHE_BIN:-}
if [[ -z $BIN && -x $TARGET_DIR/release/soothe ]]; then
    BIN=$TARGET_DIR/release/soothe
fi

LOG=$(mktemp "${TMPDIR:-/tmp}/soothe-crash.XXXXXX")
trap 'rm -f "$LOG"' EXIT

echo "== crash harness: $ROUNDS rounds per backend, $WRITERS writers, binary ${BIN:-(debug build)}"
[[ -n $PG_URL ]] || echo "   PostgreSQL: skipped (SOOTHE_TEST_POSTGRES_URL is empty)"
started=$(date +%s)
status=0
(
    cd "$ROOT"
    export SOOTHE_CRASH_ROUNDS=$ROUNDS SOOTHE_CRASH_WRITERS=$WRITERS SOOTHE_TEST_POSTGRES_URL=$PG_URL
    [[ -n $BIN ]] && export SOOTHE_CRASH_BIN=$BIN
    cargo test --locked -p soothe --test crash -- --nocapture --test-threads=1
) >"$LOG" 2>&1 || status=$?
elapsed=$(($(date +%s) - started))

echo
echo "== summary ($(date -u +%Y-%m-%d), $(nproc) cores, ${elapsed} s)"
grep -o 'crash harness (.*' "$LOG" | sed 's/^/   /' || true
if ((status != 0)); then
    echo
    grep -E 'panicked|assert|FAILED|error' "$LOG" | head -n 20 | sed 's/^/   /'
    echo "bench: the crash harness FAILED (exit $status)" >&2
    exit 1
fi
grep -q 'test result: ok' "$LOG" || { tail -n 20 "$LOG" >&2; echo "bench: no test ran" >&2; exit 1; }
