#!/usr/bin/env bash
# Compare the code route's cost in several otty builds on a noisy machine (docs/BENCHMARKS.md,
# "Reads under writes"): every build serves its own copy of a 1,000-account vault at once, and
# wrk alternates between them (ping, code; next build; ...) for ROUNDS rounds, so a burst of
# stolen CPU hits every build alike. Besides req/s and the ratio it prints the server's own CPU
# time per request (from /proc/PID/stat), which stolen time does not inflate.
#
#   scripts/bench-otp-ab.sh SECS ROUNDS path/to/otty-a path/to/otty-b ...
#
# Needs wrk, curl and python3; builds the release seed_vault example (SEED=path skips that).
# Only 127.0.0.1 is contacted.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 3 ] || { echo "usage: $0 SECS ROUNDS OTTY..." >&2; exit 2; }
SECS=$1; ROUNDS=$2; shift 2
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
TARGET=${CARGO_TARGET_DIR:-target}
SEED=${SEED:-}
if [ -z "$SEED" ]; then
    cargo build -q --release --locked --example seed_vault >&2
    SEED="$TARGET/release/examples/seed_vault"
fi
PW="bench reads password"
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT
export OTTY_CONFIG="$tmp/config.toml"
"$SEED" "$tmp/seed.otty" 1000 "$PW" >/dev/null
urls=(); tokens=(); ids=()
for i in $(seq 0 $(($# - 1))); do
    bin=${*:$((i + 1)):1}
    cp "$tmp/seed.otty" "$tmp/v$i.otty"
    token=$(OTTY_PASSWORD="$PW" "$bin" --vault "$tmp/v$i.otty" token create bench --scope write 2>/dev/null |
        grep -Eo '[A-Za-z0-9_.-]{40,}' | head -1)
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    OTTY_PASSWORD="$PW" "$bin" --vault "$tmp/v$i.otty" serve --bind "127.0.0.1:$port" \
        --bench-ceiling --auth-failures-per-minute 0 2>"$tmp/serve$i.log" &
    pids+=($!)
    for _ in $(seq 200); do grep -q "serving the API" "$tmp/serve$i.log" 2>/dev/null && break; sleep 0.05; done
    url="http://127.0.0.1:$port"
    id=$(curl -s -H "Authorization: Bearer $token" "$url/api/v1/twofaccounts" | python3 -c \
        'import json,sys; print(next(a["id"] for a in json.load(sys.stdin) if a["otp_type"]=="totp"))')
    urls+=("$url"); tokens+=("$token"); ids+=("$id")
done
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; } # clock ticks (1/100 s)
rps() { awk '/^Requests\/sec:/ {print $2}'; }
for i in "${!urls[@]}"; do wrk -t1 -c50 -d2s "${urls[$i]}/api/v1/_ping" >/dev/null; done
printf '%-6s %-5s %10s %10s %7s %12s %12s\n' build round ping/s code/s ratio "µs/ping" "µs/code"
for r in $(seq "$ROUNDS"); do
    for i in "${!urls[@]}"; do
        c0=$(cpu "${pids[$i]}")
        p=$(wrk -t1 -c50 -d"${SECS}s" "${urls[$i]}/api/v1/_ping" | rps)
        c1=$(cpu "${pids[$i]}")
        o=$(wrk -t1 -c50 -d"${SECS}s" -H "Authorization: Bearer ${tokens[$i]}" \
            "${urls[$i]}/api/v1/twofaccounts/${ids[$i]}/otp" | rps)
        c2=$(cpu "${pids[$i]}")
        python3 -c "
p, o, s = float('$p'), float('$o'), $SECS
print(f'{$i:<6} {$r:<5} {p:10.0f} {o:10.0f} {o / p:7.3f} {($c1 - $c0) * 1e4 / (p * s):12.2f} {($c2 - $c1) * 1e4 / (o * s):12.2f}')"
    done
done
