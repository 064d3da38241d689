#!/usr/bin/env bash
# Reads that never wait (issue 17): one run prints the table of docs/BENCHMARKS.md,
# section "Reads under writes".
#
#   scripts/bench-reads.sh              # uses target/release/otty and the release seed_vault
#   OTTY_BIN=path/to/otty COTP=path/to/cotp SECS=10 IDLE_SECS=60 scripts/bench-reads.sh
#
# Figures, all on the release `otty` binary and a 1,000-account vault made by
# `examples/seed_vault.rs`:
#   1. `GET /twofaccounts/{id}/otp` req/s over the `_ping` ceiling (`otty serve --bench-ceiling`,
#      wrk -t1 -c50);
#   2. one client's p99 for a code (wrk -t1 -c1), alone and while 4 connections write
#      (`PUT /groups/{id}`, each an fsync'd commit); the same at -c50;
#   3. the TUI's resident memory idle on the main screen at 100, 1,000 and 10,000 accounts
#      (each program started with an empty page cache when run as root),
#      and cotp's on the same 1,000 accounts (an Aegis export of the vault, imported by cotp)
#      when cotp is installed (`cargo install cotp`; COTP= or on PATH);
#   4. the TUI's idle CPU and wake-ups over IDLE_SECS (scripts/bench-idle.sh);
#   5. the release binary's size.
# Needs: wrk, tmux, python3. Only 127.0.0.1 is contacted.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}
BIN=${OTTY_BIN:-$TARGET/release/otty}
SECS=${SECS:-10}
IDLE_SECS=${IDLE_SECS:-60}
COTP=${COTP:-$(command -v cotp || true)}
PW="bench reads password"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v tmux >/dev/null || { echo "tmux is missing: apt-get install tmux" >&2; exit 1; }
[ -x "$BIN" ] || { echo "no binary at $BIN (cargo build --release --locked first)" >&2; exit 1; }
cargo build -q --release --locked --example seed_vault >&2
SEED="$TARGET/release/examples/seed_vault"

tmp=$(mktemp -d)
server=""
sessions=()
cleanup() {
    [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null
    for s in "${sessions[@]}"; do tmux kill-session -t "$s" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
export OTTY_CONFIG="$tmp/config.toml"

for n in 100 1000 10000; do "$SEED" "$tmp/v$n.otty" "$n" "$PW" >/dev/null; done
V="$tmp/v1000.otty"
otty() { OTTY_PASSWORD="$PW" "$BIN" --vault "$V" "$@"; }

# --- the API ---------------------------------------------------------------------------
token=$(otty token create bench --scope write 2>/dev/null | grep -Eo '[A-Za-z0-9_.-]{40,}' | head -1)
[ -n "$token" ] || { echo "could not create a token" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
OTTY_PASSWORD="$PW" "$BIN" --vault "$V" serve --bind "127.0.0.1:$port" --bench-ceiling \
    --auth-failures-per-minute 0 2>"$tmp/serve.log" &
server=$!
for _ in $(seq 200); do grep -q "serving the API" "$tmp/serve.log" 2>/dev/null && break; sleep 0.05; done
auth=(-H "Authorization: Bearer $token")
id=$(curl -s "${auth[@]}" "$url/api/v1/twofaccounts" | python3 -c \
    'import json,sys; print(next(a["id"] for a in json.load(sys.stdin) if a["otp_type"]=="totp"))')
group=$(curl -s "${auth[@]}" "$url/api/v1/groups" | python3 -c \
    'import json,sys; print(next(g["id"] for g in json.load(sys.stdin) if g["id"]))')
cat >"$tmp/put.lua" <<EOF
local n = 0
request = function()
  n = n + 1
  return wrk.format("PUT", "/api/v1/groups/$group",
    {["Authorization"] = "Bearer $token", ["Content-Type"] = "application/json"},
    '{"name":"Work ' .. n .. '"}')
end
EOF

ms() { # wrk latency like 1.23ms / 456.00us / 1.2s -> milliseconds
    python3 -c 'import sys; v=sys.argv[1]
for u,f in (("us",1e-3),("ms",1.0),("s",1e3)):
    if v.endswith(u): print(float(v[:-len(u)])*f); break' "$1"
}
wrk_run() { # out, connections, seconds, path-or-script args...
    local out="$1" c="$2" d="$3"; shift 3
    wrk -t1 -c"$c" -d"${d}s" --latency "$@" >"$out"
}
rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
p99() { ms "$(awk '$1 == "99%" {print $2}' "$1")"; }
errors() { grep -E "Non-2xx|Socket errors" "$1" || true; }

otp_path="/api/v1/twofaccounts/$id/otp"
wrk_run "$tmp/warm" 50 3 "$url/api/v1/_ping"
wrk_run "$tmp/ceiling" 50 "$SECS" "$url/api/v1/_ping"
wrk_run "$tmp/otp50" 50 "$SECS" "${auth[@]}" "$url$otp_path"
wrk_run "$tmp/otp1" 1 "$SECS" "${auth[@]}" "$url$otp_path"
under_writes() { # out, connections
    wrk_run "$tmp/writes" 4 $((SECS + 2)) -s "$tmp/put.lua" "$url" &
    local w=$!
    sleep 1
    wrk_run "$1" "$2" "$SECS" "${auth[@]}" "$url$otp_path"
    wait "$w"
    echo "$(rps "$tmp/writes")"
}
wps1=$(under_writes "$tmp/otp1w" 1)
wps50=$(under_writes "$tmp/otp50w" 50)
for f in ceiling otp50 otp1 otp1w otp50w writes; do errors "$tmp/$f" | sed "s/^/$f: /" >&2; done
kill -TERM "$server"; wait "$server" 2>/dev/null || true; server=""

# --- the TUI: resident memory and idle CPU -----------------------------------------------
# Start `$@` in tmux, type the password, wait for `ready` on the screen, settle, print the
# pane's process id.
tui() { # session, password, ready-pattern, command...
    local s="$1" pw="$2" ready="$3"; shift 3
    sessions+=("$s")
    # How much of a binary the kernel maps depends on what of it is in the page cache (it maps
    # 64 KB around each page run), so every program starts from an empty cache where we may.
    if [ -w /proc/sys/vm/drop_caches ]; then sync; echo 3 >/proc/sys/vm/drop_caches; fi
    tmux new-session -d -s "$s" -x 120 -y 40 "exec env -u DISPLAY -u WAYLAND_DISPLAY $*"
    for _ in $(seq 200); do tmux capture-pane -p -t "$s" | grep -qi "password" && break; sleep 0.05; done
    tmux send-keys -t "$s" "$pw" Enter
    for _ in $(seq 400); do tmux capture-pane -p -t "$s" | grep -q "$ready" && break; sleep 0.05; done
    sleep 3
    tmux list-panes -t "$s" -F '#{pane_pid}'
}
rss_mb() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
declare -A rss
for n in 100 1000 10000; do
    pid=$(tui "rss$n-$$" "$PW" accounts "$BIN" --vault "$tmp/v$n.otty")
    rss[$n]=$(rss_mb "$pid")
    tmux kill-session -t "rss$n-$$"
done
cotp_rss="not installed"
if [ -n "$COTP" ]; then
    otty export --format aegis --output "$tmp/aegis.json" >/dev/null 2>&1
    s="cotpimp-$$"; sessions+=("$s")
    tmux new-session -d -s "$s" "$COTP -d $tmp/cotp.db import --path $tmp/aegis.json --aegis; sleep 60"
    for _ in 1 2; do
        for _ in $(seq 100); do tmux capture-pane -p -t "$s" | grep -qi "password" && break; sleep 0.05; done
        tmux send-keys -t "$s" "$PW" Enter; sleep 0.5
    done
    for _ in $(seq 600); do [ -s "$tmp/cotp.db" ] && break; sleep 0.1; done
    sleep 1; tmux kill-session -t "$s"
    pid=$(tui "cotp-$$" "$PW" "GitHub" "$COTP" -d "$tmp/cotp.db")
    cotp_rss="$(rss_mb "$pid") MB"
    tmux kill-session -t "cotp-$$"
fi
idle=$(OTTY_BIN="$BIN" SECS="$IDLE_SECS" N=1000 scripts/bench-idle.sh 2>/dev/null | grep -E "CPU:|wake-ups:" | tr -s ' ' | paste -sd ' ' || true)
size=$(stat -c %s "$BIN")

# --- the table -----------------------------------------------------------------------------
python3 - "$tmp" "$wps1" "$wps50" "${rss[100]}" "${rss[1000]}" "${rss[10000]}" "$cotp_rss" "$idle" "$size" <<'PY'
import re, sys
tmp, wps1, wps50, r100, r1k, r10k, cotp, idle, size = sys.argv[1:]
def wrk(name):
    text = open(f"{tmp}/{name}").read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    v = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)$", text, re.M)
    p99 = float(v.group(1)) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[v.group(2)]
    return rps, p99
ceiling, otp50, otp1, otp1w, otp50w = (wrk(n) for n in ("ceiling", "otp50", "otp1", "otp1w", "otp50w"))
ratio = otp50[0] / ceiling[0]
print(f"{'figure':<58} {'value':<40} goal")
print(f"{'GET /otp req/s / _ping req/s (wrk -t1 -c50)':<58} {ratio:.2f} ({otp50[0]:.0f} / {ceiling[0]:.0f}){'':<14} >= 0.80")
def under(alone, loaded, wps):
    return f"{alone[1]:.2f} -> {loaded[1]:.2f} ms ({loaded[1] / alone[1]:.1f}x; {float(wps):.0f} writes/s)"
print(f"{'one client p99, alone -> while 4 connections write (-c1)':<58} {under(otp1, otp1w, wps1):<40} <= 2x alone (2 ms floor)")
print(f"{'the same at wrk -c50':<58} {under(otp50, otp50w, wps50):<40}")
print(f"{'TUI RSS idle, 100 / 1,000 / 10,000 accounts':<58} {f'{r100} / {r1k} / {r10k} MB':<40} 1,000: <= cotp")
print(f"{'cotp RSS idle, 1,000 accounts':<58} {cotp:<40}")
print(f"{'TUI idle, 1,000 accounts':<58} {idle}")
print(f"{'release binary':<58} {int(size) / 1e6:.1f} MB")
PY
