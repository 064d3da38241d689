#!/usr/bin/env bash
# Throughput and latency of the REST API (issue 4): wrk with 50 connections against
# `GET /api/v1/twofaccounts/{id}/otp` with a token, side by side with the trivial
# `GET /api/v1/_ping` of the same server build (the ceiling).
#
# The server is `examples/api_server.rs` in release mode: the library's `otty::api::serve` on a
# temporary file vault with fake accounts, started with OTTY_BENCH_CEILING=1 so the hidden
# `_ping` route is served. `_ping` sits behind the Host guard but not the token check: it is
# the cost of the HTTP stack alone. Needs wrk (Debian package `wrk`).
#
# Usage: scripts/bench-api.sh [DURATION_SECONDS] [WRK_THREADS]   (defaults 10 and 1: on a 2-core
# machine a second wrk thread takes the CPU the server needs, and both routes then measure
# the scheduler; see docs/BENCHMARKS.md)
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
threads="${2:-1}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

# OTTY_BENCH_BIN: an already built server (skips the release build).
bin="${OTTY_BENCH_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release --example api_server >&2
  bin="${CARGO_TARGET_DIR:-target}/release/examples/api_server"
fi
out="$(mktemp)"
OTTY_BENCH_CEILING=1 "$bin" >"$out" &
server=$!
trap 'kill -TERM "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 100); do [ -s "$out" ] && break; sleep 0.1; done
field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$out" "$1"; }
url="$(field url)"; token="$(field token)"; id="$(field totp_id)"

run() { # name, path, extra wrk args...
  local name="$1" path="$2"; shift 2
  wrk -t"$threads" -c50 -d"${duration}s" --latency "$@" "$url$path" >"$out.$name"
  local rps p99
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$out.$name")"
  p99="$(awk '$1 == "99%" {print $2}' "$out.$name")"
  echo "$name $rps $p99"
  grep -E "Non-2xx|Socket errors" "$out.$name" >&2 || true
  rm -f "$out.$name"
}

echo "wrk -t$threads -c50 -d${duration}s, $(nproc) cores" >&2
warm="$(run warmup /api/v1/_ping)"
ceiling="$(run ceiling /api/v1/_ping)"
otp="$(run otp "/api/v1/twofaccounts/$id/otp" -H "Authorization: Bearer $token")"
python3 - "$ceiling" "$otp" <<'PY'
import sys
def parse(line):
    name, rps, p99 = line.split()
    unit = {"us": 1e-3, "ms": 1.0, "s": 1e3}
    for u in ("us", "ms", "s"):
        if p99.endswith(u):
            return name, float(rps), float(p99[: -len(u)]) * unit[u]
c, o = parse(sys.argv[1]), parse(sys.argv[2])
print(f"{'route':<42} {'req/s':>10} {'p99 ms':>8}")
print(f"{'GET /api/v1/_ping (ceiling)':<42} {c[1]:>10.0f} {c[2]:>8.2f}")
print(f"{'GET /api/v1/twofaccounts/{id}/otp (token)':<42} {o[1]:>10.0f} {o[2]:>8.2f}")
ratio = o[1] / c[1]
print(f"otp / ceiling = {ratio:.0%} (target >= 70%), otp p99 = {o[2]:.2f} ms (target < 5 ms)")
sys.exit(0 if ratio >= 0.70 and o[2] < 5 else 1)
PY
