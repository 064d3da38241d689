#!/usr/bin/env bash
# Crash safety (issue 6): the real `otty` binary killed with SIGKILL at random points, ROUNDS
# times each (tests/crash.rs):
#   - `otty serve` under four API clients writing (create, edit, delete, HOTP codes), killed and
#     restarted on the same vault: every write answered 2xx is there, nothing else changed, no
#     HOTP code repeats, unanswered writes committed whole or not at all;
#   - `otty import` of 2,000 entries: all or nothing;
#   - `otty passwd`: the vault opens with the old or the new password, never neither;
# and `PRAGMA integrity_check` is ok after every kill. Prints one summary line per part.
#
# Usage: scripts/crash.sh [ROUNDS]   (default 20; OTTY_CRASH_SEED=N reuses a seed)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-20}"
start=$(date +%s)
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
OTTY_CRASH_ROUNDS="$rounds" cargo test --locked --test crash -- --nocapture --test-threads=1 \
  >"$log" 2>&1 || status=$?
grep -E "seed|crash-summary|panicked|FAILED|test result" "$log" || true
if [ "$status" -ne 0 ]; then
  echo "crash: FAILED (full output follows)" >&2
  cat "$log" >&2
  exit "$status"
fi
echo "crash: $rounds rounds per part passed in $(( $(date +%s) - start )) s (build included)"
