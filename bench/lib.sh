# Shared by the benchmark scripts: `source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" NAME`.
# Sets BENCH_DIR and ROOT and defines die/say (messages start with NAME), need_tools,
# release_binary (sets BIN and REVISION), stop_pid, isolated_serve_env and machine_jitter.

BENCH_NAME=${1:-bench}
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)

die() {
    echo "$BENCH_NAME: $*" >&2
    exit 1
}
say() { echo "== $*"; }

# curl and wrk; wrk is installed with apt-get when the script runs as root.
need_tools() {
    command -v curl >/dev/null || die "curl is needed (apt-get install -y curl)"
    command -v wrk >/dev/null && return 0
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        say "installing wrk (apt-get install -y wrk)"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } >/dev/null ||
            die "could not install wrk; install it with: apt-get install -y wrk"
    else
        die "wrk is not installed; install it with: sudo apt-get install -y wrk"
    fi
}

# The binary to measure: SOOTHE_BIN, else the release build (built unless SKIP_BUILD is set;
# honours CARGO_TARGET_DIR). REVISION names the commit, and says so when sources differ.
release_binary() {
    if [[ -n ${SOOTHE_BIN:-} ]]; then
        BIN=$SOOTHE_BIN
    else
        local target_dir=${CARGO_TARGET_DIR:-$ROOT/target}
        [[ $target_dir = /* ]] || target_dir=$ROOT/$target_dir
        BIN=$target_dir/release/soothe
        if [[ -z ${SKIP_BUILD:-} ]]; then
            say "building release (cargo build --release --locked -p soothe)"
            (cd "$ROOT" && cargo build --release --locked -p soothe) || die "the release build failed"
        fi
    fi
    [[ -x $BIN ]] || die "no binary at $BIN (build it, or set SOOTHE_BIN)"
    BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
    REVISION=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
    if [[ -n $(git -C "$ROOT" status --porcelain -- ':(glob)crates/*/src/**' ':(glob)crates/*/Cargo.toml' \
        Cargo.toml Cargo.lock 2>/dev/null) ]]; then
        REVISION+=" + uncommitted changes"
    fi
}

# Stops a process: TERM, up to 5 s, then KILL.
stop_pid() { # pid
    [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null || return 0
    kill "$1" 2>/dev/null || true
    for _ in $(seq 50); do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# Only the settings a benchmark sets: every SOOTHE_* variable of the caller is dropped (no
# PostgreSQL URL), the server keeps its data in $WORK/data, listens on 127.0.0.1:$PORT and
# logs warnings only, and the script runs in $WORK (soothe reads ./soothe.toml when present;
# there is none there).
isolated_serve_env() {
    while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^SOOTHE_' || true)
    export SOOTHE_DATA_DIR=$WORK/data
    export SOOTHE_BIND=127.0.0.1:$PORT
    export SOOTHE_LOG_LEVEL=warn
    cd "$WORK" || die "cannot enter $WORK"
}

# GET /healthz on 127.0.0.1:PORT over bash's /dev/tcp: no process per probe, so the timing is
# sub-millisecond.
healthz_on() { # port
    local line
    { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
    printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3 2>/dev/null ||
        { exec 3<&-; return 1; }
    IFS= read -r -t 2 line <&3 || line=
    exec 3<&-
    [[ $line == "HTTP/1."?" 200"* ]]
}

# wrk latency like 852.00us, 1.23ms, 1.02s, 1.50m -> milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.2f", n }'
}

# How steady this machine's CPU is: the same fixed piece of work (about a millisecond of
# arithmetic) timed 1,000 times, each after a short sleep, as a server's request is handled
# after waiting for it. On a quiet machine its p99 is close to its p50; where the host takes
# the CPU away now and then (a shared virtual machine), the p99 is several times the p50,
# and every latency measured on it carries the same tail, whatever the code does. Prints
# "p50 p99" in ms, or nothing without python3.
machine_jitter() {
    command -v python3 >/dev/null || return 0
    python3 - <<'PY'
import random, time
runs = []
for _ in range(1000):
    time.sleep(random.uniform(0.001, 0.004))
    t = time.perf_counter()
    x = 0
    for i in range(15000):
        x += i
    runs.append((time.perf_counter() - t) * 1000)
runs.sort()
print("%.2f %.2f" % (runs[len(runs) // 2], runs[int(len(runs) * 0.99)]))
PY
}
