#!/usr/bin/env bash
# The household export's memory (issue 17): a household with one year and one with five years
# of a busy journal (two babies, `soothe demo seed`), each exported as the JSON document and as
# the CSV zip with `soothe export`; peak RSS (GNU time's maximum resident set size), time and
# size of each. Target: the export streams, so five years take no more memory than one (peak
# RSS within 1.25× of the one-year export's, and under 64 MiB). See bench/README.md.
#
# Usage (from anywhere): bench/export.sh
# Knobs (environment):
#   YEARS="1 5"     the household sizes, in years of journal (at most 5)
#   SOOTHE_BIN      a soothe binary to measure instead of the release build
#   SKIP_BUILD=1    measure the release binary as it is
#
# Exits non-zero when the bench cannot build, seed or export. A missed target is shown as NO
# and does not fail the run.

set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" export

YEARS=${YEARS:-"1 5"}
[[ -x /usr/bin/time ]] || die "GNU time is needed (apt-get install -y time)"
release_binary

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PORT=0
isolated_serve_env

declare -A RSS SECONDS_TAKEN BYTES EVENTS
for years in $YEARS; do
    [[ $years =~ ^[1-5]$ ]] || die "YEARS holds whole years from 1 to 5, not '$years'"
    export SOOTHE_DATA_DIR=$WORK/data-$years
    days=$((years * 365 + (years + 3) / 4))
    say "seeding $years year(s): 2 babies, $days days"
    "$BIN" demo seed --babies 2 --days "$days" >/dev/null 2>&1 || die "seeding failed"
    for kind in json csv; do
        out=$WORK/export-$years.$kind
        flag=()
        [[ $kind == csv ]] && flag=(--csv)
        /usr/bin/time -f '%M %e' -o "$WORK/time" \
            "$BIN" export --email demo@soothe.invalid "${flag[@]}" --out "$out" >/dev/null ||
            die "the $kind export of $years year(s) failed"
        read -r kib secs <"$WORK/time"
        RSS[$years-$kind]=$kib
        SECONDS_TAKEN[$years-$kind]=$secs
        BYTES[$years-$kind]=$(stat -c %s "$out")
    done
    EVENTS[$years]=$(grep -c '^    {' "$WORK/export-$years.json" || true)
done

say "summary ($(date -u +%F), commit $REVISION, load average $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-6s %-5s %9s %11s %9s %12s\n' years kind events bytes seconds "peak RSS"
for years in $YEARS; do
    for kind in json csv; do
        printf '%-6s %-5s %9s %11s %9s %9s KiB\n' "$years" "$kind" "${EVENTS[$years]}" \
            "${BYTES[$years-$kind]}" "${SECONDS_TAKEN[$years-$kind]}" "${RSS[$years-$kind]}"
    done
done
set -- $YEARS
small=$1
large=${!#}
for kind in json csv; do
    a=${RSS[$small-$kind]}
    b=${RSS[$large-$kind]}
    met=$(awk -v a="$a" -v b="$b" 'BEGIN { print (b <= 1.25 * a && b < 65536) ? "yes" : "NO" }')
    printf 'bounded memory (%s): %s years %s KiB vs %s year(s) %s KiB (target ≤ 1.25× and < 64 MiB): %s\n' \
        "$kind" "$large" "$b" "$small" "$a" "$met"
done
