#!/usr/bin/env bash
# `otty code X` through the unlock agent against a full unlock, on a default-KDF vault of N
# accounts, in one run; and cotp's `extract` on the same accounts when cotp is installed.
# Prints a Markdown table for docs/BENCHMARKS.md.
#
#   cargo build --release --locked && scripts/bench-agent.sh
#   OTTY_BIN=path/to/otty N=1000 RUNS=200 FULL_RUNS=5 COTP=/path/to/cotp scripts/bench-agent.sh
#
# Times are wall-clock per process (spawn to exit, python's perf_counter), medians of RUNS
# calls; memory is the process's maximum resident set size from /usr/bin/time -v (from
# wait4 where that tool is missing). Everything lives in a temporary directory, with its own
# XDG_RUNTIME_DIR, so no real agent or vault is touched. cotp is looked for as $COTP, then on
# PATH, then /work/tools/bin/cotp; without it that row is skipped.
set -euo pipefail

cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}
BIN=${OTTY_BIN:-$TARGET/release/otty}
N=${N:-1000}
RUNS=${RUNS:-200}
FULL_RUNS=${FULL_RUNS:-5}
[ -x "$BIN" ] || { echo "no binary at $BIN (cargo build --release --locked first)" >&2; exit 1; }
COTP=${COTP:-$(command -v cotp || true)}
[ -n "$COTP" ] || COTP=/work/tools/bin/cotp
[ -x "$COTP" ] || COTP=""

tmp=$(mktemp -d)
trap 'XDG_RUNTIME_DIR="$tmp/run" "$BIN" --vault "$tmp/vault.otty" lock >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
mkdir -m 700 "$tmp/run" "$tmp/none"

exec python3 - "$BIN" "$tmp" "$N" "$RUNS" "$FULL_RUNS" "$COTP" <<'PY'
import base64, os, pty, secrets, select, statistics, subprocess, sys, time

BIN, TMP, N, RUNS, FULL_RUNS, COTP = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
PW = "agent bench: correct horse battery staple"
VAULT = os.path.join(TMP, "vault.otty")
env = {k: v for k, v in os.environ.items() if not k.startswith("OTTY_")}
env.update(XDG_RUNTIME_DIR=os.path.join(TMP, "run"), OTTY_CONFIG=os.path.join(TMP, "config.toml"), HOME=TMP)
with_pw = dict(env, OTTY_PASSWORD=PW)
no_agent = dict(with_pw, XDG_RUNTIME_DIR=os.path.join(TMP, "none"))
TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None

def run(args, e, stdin=None, check=True):
    p = subprocess.run([BIN, "--vault", VAULT] + args, env=e, input=stdin, capture_output=True)
    if check and p.returncode != 0:
        sys.exit(f"otty {args} failed: {p.stderr.decode()}")
    return p

def timed(cmd, e, runs, stdin=None):
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.run(cmd, env=e, input=stdin, capture_output=True)
        out.append(time.perf_counter() - t)
        if p.returncode != 0:
            sys.exit(f"{cmd} failed: {p.stderr.decode()}")
    return out

def max_rss_kib(cmd, e, stdin=None):
    if TIME:
        p = subprocess.run([TIME, "-v"] + cmd, env=e, input=stdin, capture_output=True)
        for line in p.stderr.decode().splitlines():
            if "Maximum resident set size" in line:
                return int(line.split(":")[1])
    p = subprocess.Popen(cmd, env=e, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    p.stdin.write(stdin or b""); p.stdin.close()
    return os.wait4(p.pid, 0)[2].ru_maxrss

# A default-KDF vault (Argon2id 128 MiB, 5 passes) holding N accounts, ACME alice first.
lines = ["otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME"]
for i in range(1, N):
    secret = base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")
    lines.append(f"otpauth://totp/Service{i:04d}:user{i}@example.com?secret={secret}&issuer=Service{i:04d}")
uris = os.path.join(TMP, "uris.txt")
open(uris, "w").write("\n".join(lines) + "\n")
run(["init"], with_pw)
run(["import", uris], with_pw)

code = [BIN, "--vault", VAULT, "code", "ACME alice"]
full = timed(code, no_agent, FULL_RUNS)
full_rss = max_rss_kib(code, no_agent)
run(["unlock", "--timeout", "10m"], with_pw)
timed(code, env, 5)  # warm the page cache
agent = timed(code, env, RUNS)
agent_rss = max_rss_kib(code, env)

rows = []
def row(name, times, rss):
    med = statistics.median(times)
    p90 = sorted(times)[int(len(times) * 0.9) - 1] if len(times) >= 10 else max(times)
    rows.append((name, len(times), med * 1000, p90 * 1000, rss / 1024))
row("otty code, full unlock (Argon2id)", full, full_rss)
row("otty code, through the agent", agent, agent_rss)

if COTP:
    # cotp reads the same accounts from an Aegis export; creating its database needs a terminal.
    aegis = os.path.join(TMP, "aegis.json")
    run(["export", "--format", "aegis", "--output", aegis], env)
    db = os.path.join(TMP, "db.cotp")
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(COTP, [COTP, "-d", db, "import", "-p", aegis, "--aegis"])
    seen, asked, deadline = b"", 0, time.time() + 120
    while time.time() < deadline:
        if select.select([fd], [], [], 0.2)[0]:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if seen.lower().count(b"password") > asked:
                os.write(fd, PW.encode() + b"\r"); asked += 1
        elif os.waitpid(pid, os.WNOHANG)[0]:
            break
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    cmd = [COTP, "-d", db, "--password-stdin", "extract", "-s", "ACME"]
    cotp_times = timed(cmd, env, min(RUNS, 20), stdin=PW.encode() + b"\n")
    row("cotp extract (its own KDF per call)", cotp_times, max_rss_kib(cmd, env, stdin=PW.encode() + b"\n"))
else:
    print("cotp not found: its row is skipped", file=sys.stderr)

print(f"{N} accounts, default KDF; otty {subprocess.run([BIN, '--version'], capture_output=True).stdout.decode().strip()}")
print()
print("| command | calls | median | p90 | max RSS |")
print("|---|---|---|---|---|")
for name, n, med, p90, rss in rows:
    print(f"| {name} | {n} | {med:.1f} ms | {p90:.1f} ms | {rss:.1f} MiB |")
speedup = statistics.median(full) / statistics.median(agent)
print()
print(f"through the agent: {speedup:.0f}x faster than a full unlock (goal: at least 20x, median under 5 ms, under 10 MB)")
PY
