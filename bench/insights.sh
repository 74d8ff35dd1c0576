#!/usr/bin/env bash
# The insights' cost (issue 16): soothe days and the age-adjusted comparison over two years of
# a busy journal, for every outcome, timed in a release build of
# crates/core/examples/insights_bench.rs. Target: under 50 ms (the worst run of the slowest
# outcome, days included: what one insights request computes). See bench/README.md.
#
# Usage (from anywhere): bench/insights.sh
# Knobs (environment):
#   RUNS=20          runs per outcome (the median and the worst are shown)
#
# Exits non-zero when the bench cannot build or run. A missed target is shown as NO and does
# not fail the run.

set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" insights

RUNS=${RUNS:-20}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a whole number above 0"

REVISION=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$ROOT" status --porcelain -- crates/core 2>/dev/null) ]]; then
    REVISION+=" + uncommitted changes"
fi

say "building and running (cargo run --release --locked -p soothe-core --example insights_bench)"
OUT=$(cd "$ROOT" && cargo run --quiet --release --locked -p soothe-core --example insights_bench -- "$RUNS") ||
    die "the bench failed"
echo "$OUT"

LAST=$(grep '^insights: ' <<<"$OUT" | tail -n1)
[[ -n $LAST ]] || die "no result line in the output"
WORST=$(sed -n 's/.*worst=\([0-9.]*\).*/\1/p' <<<"$LAST")
MET=$(sed -n 's/.*met=\([a-z]*\).*/\1/p' <<<"$LAST")

say "summary ($(date -u +%F), commit $REVISION, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown))"
printf '%-44s %10s %8s %5s\n' measure value target met
printf '%-44s %8s ms %5s ms %5s\n' "days + insight, worst run, slowest outcome" "$WORST" 50 \
    "$([[ $MET == yes ]] && echo yes || echo NO)"
