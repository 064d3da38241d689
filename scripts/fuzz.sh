#!/usr/bin/env bash
# Run every cargo-fuzz target of otty for a bounded time, then minimise its corpus.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]     (default 60)
#
# Environment:
#   OTTY_FUZZ_TARGETS    targets to run (default: "uri migration import api_json agent_frame")
#   OTTY_FUZZ_SANITIZER  cargo-fuzz sanitizer: none (default: fast, works on stable) or address
#   OTTY_FUZZ_CMIN       1 (default) to minimise fuzz/corpus/<target> after the run, 0 to keep it
#   OTTY_FUZZ_KEEP_MAX   after minimising, drop corpus files over this many bytes (default 4096)
#
# Uses the machine's stable toolchain with RUSTC_BOOTSTRAP=1 (cargo-fuzz needs nightly flags)
# and installs cargo-fuzz if it is missing. Prints executions, coverage (edges), corpus size
# and crashes per target; exits non-zero if any target crashed, timed out or ran out of memory
# (fuzz/artifacts/<target> not empty). Reproduce a crash with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run -s none <target> fuzz/artifacts/<target>/<file>
set -euo pipefail

secs=${1:-60}
targets=${OTTY_FUZZ_TARGETS:-uri migration import api_json agent_frame}
san=${OTTY_FUZZ_SANITIZER:-none}
cmin=${OTTY_FUZZ_CMIN:-1}
keep_max=${OTTY_FUZZ_KEEP_MAX:-4096}
cd "$(dirname "$0")/.."
export RUSTC_BOOTSTRAP=1

if ! command -v cargo-fuzz >/dev/null 2>&1; then
    echo "installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi

echo "building fuzz targets (sanitizer: $san)" >&2
cargo fuzz build -s "$san"

logs=fuzz/target/logs
mkdir -p "$logs"
failed=0
summary=()
for t in $targets; do
    mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t" "fuzz/seeds/$t"
    log="$logs/$t.log"
    echo "fuzzing $t for ${secs}s (log: $log)" >&2
    status=0
    cargo fuzz run -s "$san" "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        >"$log" 2>&1 || status=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
    edges=$(grep -o 'cov: [0-9]*' "$log" | tail -n1 | tr -dc '0-9')
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -n1)
    if [ "$cmin" = 1 ] && [ "$status" = 0 ]; then
        # Set-cover merge keeps fewer files for the same features than the default merge.
        cargo fuzz cmin -s "$san" "$t" "fuzz/corpus/$t" -- -set_cover_merge=1 \
            >"$logs/$t.cmin.log" 2>&1 \
            || echo "cmin of $t failed, corpus kept (see $logs/$t.cmin.log)" >&2
        # Keep the committed corpus small: large finds are mutants of the fixtures, which
        # fuzz/seeds holds whole, so the next run reaches them again.
        find "fuzz/corpus/$t" -type f -size +"$keep_max"c -delete
    fi
    corpus=$(find "fuzz/corpus/$t" -type f | wc -l)
    crashes=$(find "fuzz/artifacts/$t" -type f | wc -l)
    if [ "$status" != 0 ] || [ "$crashes" != 0 ]; then
        failed=1
        echo "!! $t: exit $status, artifacts:" >&2
        ls -l "fuzz/artifacts/$t" >&2
        grep -m5 -E 'panicked|ERROR|SUMMARY' "$log" >&2 || true
    fi
    summary+=("$(printf '%-10s %6ss %12s execs %7s edges %6s corpus %4s crashes %6s MB' \
        "$t" "$secs" "${execs:-?}" "${edges:-?}" "$corpus" "$crashes" "${rss:-?}")")
done

printf '%s\n' "${summary[@]}"
exit "$failed"
