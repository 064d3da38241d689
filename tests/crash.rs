//! Crash safety (issue 6): the real `otty` binary killed with SIGKILL at random points loses
//! nothing it acknowledged and leaves a sound file.
//!
//! - `otty serve` under a stream of API writes from four clients (create TOTP and HOTP, edit,
//!   delete, HOTP codes that advance shared counters), killed after a random delay and
//!   restarted on the same vault, round after round: every write answered 2xx is there, no
//!   other change is, `PRAGMA integrity_check` is ok, no HOTP code is ever handed out twice,
//!   and each write sent but never answered either committed whole or not at all.
//! - `otty import` of 2,000 entries killed midway: all of them or none (one transaction).
//! - `otty passwd` killed midway: the vault opens with the old or the new password.
//!
//! Rounds: `OTTY_CRASH_ROUNDS` (default 3); `scripts/crash.sh` runs 20. Seed:
//! `OTTY_CRASH_SEED` (printed; timings still vary from run to run). Each test prints one
//! `crash-summary:` line with its figures.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/served.rs"]
#[allow(dead_code)]
mod served;
#[path = "cli/support.rs"]
#[allow(dead_code)]
mod support;
#[path = "crash/writes.rs"]
mod writes;

use std::collections::BTreeMap;
use std::process::Stdio;
use std::time::{Duration, Instant};

use otty::core::{Error, OtpKind, Vault};
use served::{Rng, Served, integrity, request, token};
use support::{Fixture, PW};
use writes::{Fields, Model, Outcome, client};

fn rounds() -> usize {
    std::env::var("OTTY_CRASH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
}

fn seed(test: &str) -> u64 {
    let seed = Rng::seed_from_env("OTTY_CRASH_SEED");
    println!("{test}: seed {seed} (OTTY_CRASH_SEED to reuse)");
    seed
}

fn unlocked(f: &Fixture) -> Vault {
    let v = Vault::open(&f.vault).unwrap();
    v.unlock(PW.as_bytes()).unwrap();
    v
}

fn stored(f: &Fixture) -> BTreeMap<i64, Fields> {
    unlocked(f)
        .accounts()
        .unwrap()
        .iter()
        .map(|a| (a.id, Fields::of(a)))
        .collect()
}

#[test]
fn server_killed_mid_writes_loses_no_acknowledged_write() {
    let rounds = rounds();
    let mut rng = Rng::new(seed("server"));
    let started = Instant::now();
    let f = Fixture::new();
    let token = token(&f, "crash");
    let mut model = Model::default();
    for name in ["shared-a", "shared-b"] {
        let secret = rng.secret(32);
        let id = f.add_hotp10(name, "hotp", &secret);
        model.counters.insert(id, 0);
        model.shared_fields.insert(
            id,
            Fields {
                service: name.to_owned(),
                account: "hotp".to_owned(),
                secret,
                kind: OtpKind::Hotp,
                counter: 0,
            },
        );
    }
    let shared: Vec<i64> = model.counters.keys().copied().collect();
    for round in 0..rounds {
        let mut server = Served::start(&f);
        let clients: Vec<_> = (0..4)
            .map(|c| {
                let (addr, token, shared) = (server.addr.clone(), token.clone(), shared.clone());
                let tag = format!("r{round}c{c}");
                let seed = rng.next();
                std::thread::spawn(move || client(addr, token, tag, shared, seed))
            })
            .collect();
        std::thread::sleep(Duration::from_millis(100 + rng.below(1400)));
        server.kill();
        let outcomes: Vec<Outcome> = clients.into_iter().map(|c| c.join().unwrap()).collect();
        let log = server.log_text();
        assert!(!log.contains("panick"), "round {round}: {log}");
        assert_eq!(integrity(&f.vault), "ok", "round {round}");
        let now = stored(&f);
        model.settle(outcomes, &now);
        model.check(&now);
    }
    // One more restart: the next code of each shared account is new.
    let mut server = Served::start(&f);
    for id in &shared {
        let r = request(
            &server.addr,
            &token,
            "GET",
            &format!("/twofaccounts/{id}/otp"),
            None,
        )
        .unwrap();
        assert_eq!(r.status, 200);
        let code = r.body["password"].as_str().unwrap().to_owned();
        assert!(
            model.codes.insert((*id, code)),
            "code repeated after restart"
        );
        assert_eq!(r.body["counter"].as_u64(), Some(model.counters[id] + 1));
    }
    server.stop();
    assert_eq!(integrity(&f.vault), "ok");
    let [creates, edits, deletes, codes] = model.acked;
    println!(
        "crash-summary: server: {rounds} rounds, {} acknowledged writes all present \
         ({creates} creates, {edits} edits, {deletes} deletes, {codes} HOTP codes, none repeated), \
         {} sent but unanswered of which {} had committed, {} accounts at the end, \
         integrity ok every round, {:.1} s",
        creates + edits + deletes + codes,
        model.unanswered,
        model.committed,
        model.live.len() + shared.len(),
        started.elapsed().as_secs_f64()
    );
}

/// Kill `cmd` after a random delay around `typical`, unless it finished first.
/// Returns whether it finished on its own (with success).
fn run_and_maybe_kill(mut cmd: std::process::Command, typical: Duration, rng: &mut Rng) -> bool {
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Half the kills anywhere up to 130 % of the typical run, half near its end, where the
    // commit is.
    let t = (typical.as_micros() as u64).max(1);
    let delay = if rng.below(2) == 0 {
        rng.below(t * 13 / 10)
    } else {
        t * 85 / 100 + rng.below(t / 5 + 1)
    };
    std::thread::sleep(Duration::from_micros(delay));
    if let Some(status) = child.try_wait().unwrap() {
        let out = child.wait_with_output().unwrap();
        assert!(status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        return true;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    false
}

/// How long a command typically takes: the median of three runs on fresh fixtures.
fn typical(mut run: impl FnMut() -> Duration) -> Duration {
    let mut d: Vec<Duration> = (0..3).map(|_| run()).collect();
    d.sort();
    d[1]
}

const IMPORT_SIZE: usize = 2000;

#[test]
fn import_killed_midway_is_all_or_nothing() {
    let rounds = rounds();
    let mut rng = Rng::new(seed("import"));
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.txt");
    let lines: Vec<String> = (0..IMPORT_SIZE)
        .map(|i| {
            format!(
                "otpauth://totp/Bulk{i}:user{i}%40example.com?secret={}&issuer=Bulk{i}",
                rng.secret(32)
            )
        })
        .collect();
    std::fs::write(&file, lines.join("\n")).unwrap();
    let file = file.to_str().unwrap().to_owned();
    let import = |f: &Fixture| {
        let mut c = f.cmd();
        c.args(["import", &file]);
        c
    };
    let typical = typical(|| {
        let f = Fixture::new();
        let t = Instant::now();
        let out = import(&f).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        t.elapsed()
    });
    let (mut before, mut after, mut finished) = (0, 0, 0);
    for round in 0..rounds {
        let f = Fixture::new();
        let done = run_and_maybe_kill(import(&f), typical, &mut rng);
        assert_eq!(integrity(&f.vault), "ok", "round {round}");
        let n = unlocked(&f).account_count().unwrap();
        assert!(
            n == 0 || n == IMPORT_SIZE,
            "round {round}: {n} accounts, a partial import"
        );
        match (done, n) {
            (true, _) => {
                assert_eq!(n, IMPORT_SIZE);
                finished += 1;
            }
            (false, 0) => before += 1,
            (false, _) => after += 1,
        }
    }
    println!(
        "crash-summary: import of {IMPORT_SIZE} ({:.0} ms typical): {rounds} rounds, killed before \
         the commit {before}, killed after it {after}, finished {finished}, never partial, \
         integrity ok every round, {:.1} s",
        typical.as_secs_f64() * 1000.0,
        started.elapsed().as_secs_f64()
    );
}

const NEW_PW: &str = "a brand new passphrase";

#[test]
fn passwd_killed_midway_leaves_the_old_or_the_new_password() {
    let rounds = rounds();
    let mut rng = Rng::new(seed("passwd"));
    let started = Instant::now();
    let passwd = |f: &Fixture| {
        // Stronger parameters for the new password: the key derivation takes long enough for
        // kills to land before, during and after the header write.
        let mut c = f.cmd();
        c.args(["passwd", "--kdf-memory", "64", "--kdf-iterations", "2"])
            .env("OTTY_NEW_PASSWORD", NEW_PW);
        c
    };
    let fixture = || {
        let f = Fixture::new();
        f.add(&["--uri", support::ACME_URI]);
        f
    };
    let typical = typical(|| {
        let f = fixture();
        let t = Instant::now();
        let out = passwd(&f).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        t.elapsed()
    });
    let (mut old, mut new, mut finished) = (0, 0, 0);
    for round in 0..rounds {
        let f = fixture();
        let before = Vault::open(&f.vault).unwrap().kdf_params();
        let done = run_and_maybe_kill(passwd(&f), typical, &mut rng);
        assert_eq!(integrity(&f.vault), "ok", "round {round}");
        let v = Vault::open(&f.vault).unwrap();
        let kdf = v.kdf_params();
        let with_new = match v.unlock(PW.as_bytes()) {
            Ok(()) => {
                assert_eq!(kdf, before, "old password, new parameters");
                false
            }
            Err(Error::WrongPassword) => {
                v.unlock(NEW_PW.as_bytes())
                    .unwrap_or_else(|e| panic!("round {round}: neither password opens: {e}"));
                assert_eq!((kdf.memory_kib, kdf.iterations), (64 * 1024, 2));
                true
            }
            Err(e) => panic!("round {round}: {e}"),
        };
        assert_eq!(v.account_count().unwrap(), 1);
        match (done, with_new) {
            (true, _) => {
                assert!(with_new);
                finished += 1;
            }
            (false, false) => old += 1,
            (false, true) => new += 1,
        }
    }
    println!(
        "crash-summary: passwd ({:.0} ms typical): {rounds} rounds, killed with the old password \
         still valid {old}, killed after the new one was written {new}, finished {finished}, \
         never neither, integrity ok every round, {:.1} s",
        typical.as_secs_f64() * 1000.0,
        started.elapsed().as_secs_f64()
    );
}
