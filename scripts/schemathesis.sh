#!/usr/bin/env bash
# Property-based test of the REST API against its own OpenAPI document (issue 4).
#
# Installs schemathesis from PyPI into a virtual environment (reused between runs), starts
# `examples/api_server.rs` (otty::api::serve on a temporary vault with fake accounts and a
# token), and runs schemathesis against the served `GET /api/v1/openapi.json` with the token,
# within a time budget. The failed-authentication throttle is switched off for the run
# (OTTY_AUTH_FAILURES=0) because the `ignored_auth` check sends bad tokens on purpose.
#
# Gate: zero server errors (5xx) and zero responses that break the document (status code,
# content type, headers, body schema), plus the authentication checks. The checks that judge
# which inputs the server *should* accept (positive_data_acceptance, negative_data_rejection)
# are reported but do not fail the run: otty follows 2FAuth (Laravel) in ignoring unknown
# fields and in semantic rules a schema cannot express (unique names, "" read as null).
#
# Usage: scripts/schemathesis.sh [MAX_SECONDS]   (default 120)
# Env:   OTTY_ST_VENV (default: <target dir>/schemathesis-venv), OTTY_ST_VERSION (pip spec),
#        OTTY_ST_PYTHON (interpreter for the venv).
set -euo pipefail
cd "$(dirname "$0")/.."
budget="${1:-120}"
target="${CARGO_TARGET_DIR:-target}"
venv="${OTTY_ST_VENV:-$target/schemathesis-venv}"
spec="${OTTY_ST_VERSION:-schemathesis>=4.32,<5}"

# CPython 3.11.7 and older 3.11s crash inside hypothesis on deep schemas ("AST constructor
# recursion depth mismatch"): prefer a newer Python when there is one.
# A candidate counts only if it runs: pyenv puts shims on PATH for versions that are installed
# but not selected, and those fail when called.
pick_python() {
  local c
  for c in python3.13 python3.12 "$(pyenv root 2>/dev/null)"/versions/3.1[23]*/bin/python3 python3; do
    if "$c" -c 'import sys' >/dev/null 2>&1; then echo "$c"; return; fi
  done
}
py="${OTTY_ST_PYTHON:-$(pick_python)}"
if [ ! -x "$venv/bin/schemathesis" ]; then
  "$py" -m venv "$venv"
  "$venv/bin/pip" install --quiet "$spec"
fi
"$venv/bin/schemathesis" --version

cargo build --example api_server >&2
out="$(mktemp)"
OTTY_AUTH_FAILURES=0 "$target/debug/examples/api_server" >"$out" &
server=$!
trap 'kill -TERM "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 100); do [ -s "$out" ] && break; sleep 0.1; done
field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$out" "$1"; }
url="$(field url)"; token="$(field token)"

gate=not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,ignored_auth,use_after_free,ensure_resource_availability
report="${OTTY_ST_REPORT:-$target/schemathesis-report}"
echo "== gate: $gate" >&2
"$venv/bin/schemathesis" run "$url/api/v1/openapi.json" --url "$url" \
  -H "Authorization: Bearer $token" \
  --checks "$gate" --max-time "$budget" --workers 2 --no-color \
  --generation-database none --report junit --report-dir "$report"
