#!/usr/bin/env bash
# Races (issue 6): for SECONDS, a vault opened in-process as the TUI holds it, `otty serve` with
# two API clients and two loops of `otty` CLI processes create accounts, edit one shared HOTP
# account and take codes from it at the same time (tests/races.rs). Fails on any error reaching
# an actor (a CLI exit code, an API status, a vault error: "database is locked" included), a lost
# account, a repeated HOTP code or a final counter other than the number of codes handed out.
#
# Usage: scripts/races.sh [SECONDS]   (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-30}"
start=$(date +%s)
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
OTTY_RACE_SECS="$secs" cargo test --locked --test races -- --nocapture --test-threads=1 \
  >"$log" 2>&1 || status=$?
grep -E "races:|races-summary:|panicked|FAILED|test result" "$log" || true
if [ "$status" -ne 0 ]; then
  echo "races: FAILED (full output follows)" >&2
  cat "$log" >&2
  exit "$status"
fi
echo "races: passed in $(( $(date +%s) - start )) s (build included)"
