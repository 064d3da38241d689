#!/usr/bin/env bash
# Property-based test of the REST API against an OpenAPI document (issues 4 and 18).
#
# Installs schemathesis from PyPI into a virtual environment (reused between runs), starts
# `examples/api_server.rs` (otty::api::serve on a temporary vault with fake accounts and a
# token), and runs schemathesis against it with the token. The failed-authentication throttle is
# switched off for the run (OTTY_AUTH_FAILURES=0) because the `ignored_auth` check sends bad
# tokens on purpose.
#
# Two documents:
# - otty's own (default): the served `GET /api/v1/openapi.json`, fuzzed for MAX_SECONDS.
# - 2FAuth's (`--2fauth`): `tests/data/2fauth-api/2fauth-openapi.yaml` as
#   `scripts/2fauth-openapi.py` writes it (single-user operations; where 2FAuth's document and
#   2FAuth's server disagree, the server's answer, each case listed in docs/COMPATIBILITY.md).
#   A bounded run for CI: OTTY_ST_EXAMPLES (default 25) examples per operation, with
#   MAX_SECONDS as a ceiling only (the run fails if it takes longer).
#
# Gate: zero server errors (5xx) and zero responses that break the document (status code,
# content type, headers, body schema), plus the authentication checks. The checks that judge
# which inputs the server *should* accept (positive_data_acceptance, negative_data_rejection)
# are left out: otty follows 2FAuth (Laravel) in ignoring unknown fields and in semantic rules a
# schema cannot express (unique names, "" read as null).
#
# Usage: scripts/schemathesis.sh [--2fauth] [MAX_SECONDS]   (default 120)
# Env:   OTTY_ST_VENV (default: <target dir>/schemathesis-venv), OTTY_ST_VERSION (pip spec),
#        OTTY_ST_PYTHON (interpreter for the venv), OTTY_ST_EXAMPLES (--2fauth), OTTY_ST_REPORT.
set -euo pipefail
cd "$(dirname "$0")/.."
spec_of=otty
if [ "${1:-}" = "--2fauth" ]; then
  spec_of=2fauth
  shift
fi
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

cargo build --locked --example api_server >&2
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
common=(-H "Authorization: Bearer $token" --checks "$gate" --workers 2 --no-color
  --generation-database none --report junit --report-dir "$report")
if [ "$spec_of" = 2fauth ]; then
  doc="$target/2fauth-openapi.json"
  "$venv/bin/python" scripts/2fauth-openapi.py "$doc"
  echo "== 2FAuth's document, amended where 2FAuth's server differs:" >&2
  "$venv/bin/python" scripts/2fauth-openapi.py --list >&2
  timeout "$budget" "$venv/bin/schemathesis" run "$doc" --url "$url" "${common[@]}" \
    --max-examples "${OTTY_ST_EXAMPLES:-25}"
else
  "$venv/bin/schemathesis" run "$url/api/v1/openapi.json" --url "$url" "${common[@]}" \
    --max-time "$budget"
fi
