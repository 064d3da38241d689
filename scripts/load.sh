#!/usr/bin/env bash
# Load (issue 6): 50 concurrent API clients for 60 s with mixed reads and writes against the
# real `otty serve` (release build, default key derivation) on a fresh temporary vault, then a
# read-back check that no acknowledged write was lost. The client is `examples/load.rs`; it
# prints per-route p50/p99/max and exits 1 on any error or lost write.
#
# Usage: scripts/load.sh [CLIENTS] [SECONDS]   (defaults 50 and 60)
set -euo pipefail
cd "$(dirname "$0")/.."
clients="${1:-50}"
seconds="${2:-60}"
target="${CARGO_TARGET_DIR:-target}"

cargo build --release --locked --bin otty --example load >&2
otty="$target/release/otty"
load="$target/release/examples/load"

dir="$(mktemp -d)"
server=""
cleanup() {
  [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
export OTTY_VAULT="$dir/load.otty" OTTY_PASSWORD="load-test-password"
"$otty" init >&2
token="$("$otty" token create load | head -n1)"
"$otty" serve --bind 127.0.0.1:0 2>"$dir/serve.log" &
server=$!
url=""
for _ in $(seq 200); do
  url="$(sed -n 's/.*serving the API at \([^ ]*\).*/\1/p' "$dir/serve.log" | head -n1)"
  [ -n "$url" ] && break
  sleep 0.05
done
[ -n "$url" ] || { echo "otty serve did not start:" >&2; cat "$dir/serve.log" >&2; exit 1; }
echo "otty serve at $url; $clients clients for ${seconds}s on $(nproc) cores" >&2
status=0
"$load" "$url" "$token" "$clients" "$seconds" || status=$?
if grep -qiE "panick|database is locked" "$dir/serve.log"; then
  echo "the server log shows a panic or a locked database:" >&2
  grep -iE "panick|database is locked" "$dir/serve.log" | head >&2
  status=1
fi
exit "$status"
