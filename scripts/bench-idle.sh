#!/usr/bin/env bash
# Idle cost of the TUI: CPU share and wake-ups of a running `otty` on a 1,000-account vault,
# sitting on the main screen (countdowns ticking) for 60 s under tmux.
#
#   scripts/bench-idle.sh                 # builds nothing: uses target/release/otty
#   OTTY_BIN=path/to/otty SECS=60 N=1000 scripts/bench-idle.sh
#
# Reads CPU time from /proc/PID/task/*/schedstat (ns) and /proc/PID/stat (utime+stime,
# clock ticks), and context switches from /proc/PID/task/*/status
# (voluntary_ctxt_switches = the process went to sleep and was woken: a wake-up).
# Needs: tmux, cargo (to build the seeding example once, in debug).
set -euo pipefail

cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}
BIN=${OTTY_BIN:-$TARGET/release/otty}
N=${N:-1000}
SECS=${SECS:-60}
PW="idle bench password"
SESSION="otty-idle-$$"

[ -x "$BIN" ] || { echo "no binary at $BIN (cargo build --release first)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true; rm -rf "$tmp"' EXIT

cargo run -q --example seed_vault -- "$tmp/vault.otty" "$N" "$PW" >/dev/null

tmux new-session -d -s "$SESSION" -x 120 -y 40 \
    "exec env -u DISPLAY -u WAYLAND_DISPLAY OTTY_CONFIG=$tmp/config.toml $BIN --vault $tmp/vault.otty"
for _ in $(seq 100); do
    tmux capture-pane -p -t "$SESSION" 2>/dev/null | grep -q "Password" && break
    sleep 0.1
done
tmux send-keys -t "$SESSION" "$PW" Enter
for _ in $(seq 100); do
    tmux capture-pane -p -t "$SESSION" 2>/dev/null | grep -q "accounts" && break
    sleep 0.1
done
sleep 2 # let the unlock settle
pid=$(tmux list-panes -t "$SESSION" -F '#{pane_pid}')
[ "$(cat /proc/"$pid"/comm)" = otty ] || { echo "pane process is not otty" >&2; exit 1; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
switches() { # voluntary nonvoluntary, summed over all threads
    cat /proc/"$1"/task/*/status | awk '/^voluntary_ctxt/ {v+=$2} /^nonvoluntary_ctxt/ {n+=$2} END {print v, n}'
}
main_switches() { awk '/^voluntary_ctxt/ {print $2}' "/proc/$1/status"; }
cpu_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{s+=$1} END {print s+0}'; } # ns on CPU

hz=$(getconf CLK_TCK)
t0=$(cpu_ticks "$pid"); c0=$(cpu_ns "$pid"); read -r v0 n0 < <(switches "$pid"); m0=$(main_switches "$pid")
start=$(date +%s.%N)
sleep "$SECS"
t1=$(cpu_ticks "$pid"); c1=$(cpu_ns "$pid"); read -r v1 n1 < <(switches "$pid"); m1=$(main_switches "$pid")
end=$(date +%s.%N)
threads=$(ls /proc/"$pid"/task | wc -l)

awk -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v hz="$hz" -v s="$start" -v e="$end" \
    -v v0="$v0" -v v1="$v1" -v n0="$n0" -v n1="$n1" -v m0="$m0" -v m1="$m1" \
    -v n="$N" -v th="$threads" 'BEGIN {
    el = e - s
    printf "otty idle on %d accounts for %.1f s (%d threads)\n", n, el, th
    printf "  CPU:        %.3f%% of one core (schedstat: %.1f ms on CPU)\n", 100 * (c1 - c0) / 1e9 / el, (c1 - c0) / 1e6
    printf "              %.3f%% by /proc/PID/stat (%d ticks of 1/%d s)\n", 100 * (t1 - t0) / hz / el, t1 - t0, hz
    printf "  wake-ups:   %.2f/s all threads (voluntary switches), main thread %.2f/s\n", (v1 - v0) / el, (m1 - m0) / el
    printf "  preempted:  %.2f/s (involuntary switches)\n", (n1 - n0) / el
}'
