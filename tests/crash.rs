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

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::process::Stdio;
use std::time::{Duration, Instant};

use otty::core::{Account, Error, OtpKind, Vault};
use serde_json::{Value, json};
use served::{NoReply, Rng, Served, integrity, request, token};
use support::{Fixture, PW};

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

/// What an account must look like, as far as the tests check it.
#[derive(Debug, Clone, PartialEq)]
struct Fields {
    service: String,
    account: String,
    secret: String,
    kind: OtpKind,
    counter: u64,
}

impl Fields {
    fn of(a: &Account) -> Fields {
        Fields {
            service: a.data.service.clone(),
            account: a.data.account.clone(),
            secret: a.data.otp.secret.to_base32().to_string(),
            kind: a.data.otp.kind,
            counter: if a.data.otp.kind == OtpKind::Hotp {
                a.data.otp.counter
            } else {
                0
            },
        }
    }

    fn body(&self) -> Value {
        let mut b = json!({
            "service": self.service, "account": self.account, "icon": null,
            "otp_type": if self.kind == OtpKind::Hotp { "hotp" } else { "totp" },
            "secret": self.secret, "digits": 6, "algorithm": "sha1", "period": 30,
        });
        if self.kind == OtpKind::Hotp {
            b["counter"] = json!(self.counter);
        }
        b
    }
}

/// A write that was sent and never answered.
#[derive(Debug)]
enum Pending {
    Create(Fields),
    Put { id: i64, old: Fields, new: Fields },
    Delete { id: i64, old: Fields },
    Code(i64),
}

/// What one client saw during one round.
#[derive(Default)]
struct Outcome {
    /// Its accounts answered as created (and edited), not deleted.
    live: BTreeMap<i64, Fields>,
    /// Its accounts answered as deleted.
    deleted: Vec<i64>,
    /// HOTP codes answered: (account, code, counter stored after it).
    codes: Vec<(i64, String, u64)>,
    /// Answered writes by kind: create, edit, delete.
    acked: [usize; 3],
    pending: Option<Pending>,
}

/// One API client: random writes until the server stops answering.
fn client(addr: String, token: String, tag: String, shared: Vec<i64>, seed: u64) -> Outcome {
    let mut rng = Rng::new(seed);
    let mut out = Outcome::default();
    for n in 0.. {
        let roll = rng.below(100);
        let own: Vec<i64> = out.live.keys().copied().collect();
        let pick = |rng: &mut Rng| own[rng.below(own.len() as u64) as usize];
        let op = if roll < 35 || own.is_empty() && roll < 65 {
            let hotp = rng.below(4) == 0;
            Pending::Create(Fields {
                service: format!("{tag}-n{n}"),
                account: format!("user{n}@example.com"),
                secret: rng.secret(16),
                kind: if hotp { OtpKind::Hotp } else { OtpKind::Totp },
                counter: if hotp { rng.below(1000) } else { 0 },
            })
        } else if roll < 55 && !own.is_empty() {
            let id = pick(&mut rng);
            let old = out.live[&id].clone();
            let new = Fields {
                service: format!("{tag}-n{n}-edited"),
                secret: rng.secret(16),
                ..old.clone()
            };
            Pending::Put { id, old, new }
        } else if roll < 65 && !own.is_empty() {
            let id = pick(&mut rng);
            Pending::Delete {
                id,
                old: out.live[&id].clone(),
            }
        } else {
            Pending::Code(shared[rng.below(shared.len() as u64) as usize])
        };
        let sent = match &op {
            Pending::Create(f) => request(&addr, &token, "POST", "/twofaccounts", Some(&f.body())),
            Pending::Put { id, new, .. } => {
                // No `counter` in the body: the stored one must be kept.
                let mut body = new.body();
                body.as_object_mut().unwrap().remove("counter");
                request(
                    &addr,
                    &token,
                    "PUT",
                    &format!("/twofaccounts/{id}"),
                    Some(&body),
                )
            }
            Pending::Delete { id, .. } => request(
                &addr,
                &token,
                "DELETE",
                &format!("/twofaccounts/{id}"),
                None,
            ),
            Pending::Code(id) => request(
                &addr,
                &token,
                "GET",
                &format!("/twofaccounts/{id}/otp"),
                None,
            ),
        };
        let reply = match sent {
            Ok(r) => r,
            Err(NoReply::NotSent) => break,
            Err(NoReply::Unanswered) => {
                out.pending = Some(op);
                break;
            }
        };
        assert!(reply.ok(), "{op:?}: {} {}", reply.status, reply.body);
        match op {
            Pending::Create(f) => {
                assert_eq!(reply.status, 201);
                out.live.insert(reply.body["id"].as_i64().unwrap(), f);
                out.acked[0] += 1;
            }
            Pending::Put { id, new, .. } => {
                assert_eq!(reply.body["counter"].as_u64().unwrap_or(0), new.counter);
                out.live.insert(id, new);
                out.acked[1] += 1;
            }
            Pending::Delete { id, .. } => {
                assert_eq!(reply.status, 204);
                out.live.remove(&id);
                out.deleted.push(id);
                out.acked[2] += 1;
            }
            Pending::Code(id) => {
                let code = reply.body["password"].as_str().unwrap().to_owned();
                out.codes
                    .push((id, code, reply.body["counter"].as_u64().unwrap()));
            }
        }
    }
    out
}

/// Everything the server acknowledged so far, over all rounds.
#[derive(Default)]
struct Model {
    live: BTreeMap<i64, Fields>,
    gone: BTreeSet<i64>,
    /// Shared HOTP account → counter last verified in the file.
    counters: BTreeMap<i64, u64>,
    shared_fields: BTreeMap<i64, Fields>,
    codes: HashSet<(i64, String)>,
    acked: [usize; 4],
    unanswered: usize,
    committed: usize,
}

impl Model {
    /// Fold one round's outcomes in, settling unanswered writes against the file.
    fn settle(&mut self, outcomes: Vec<Outcome>, stored: &BTreeMap<i64, Fields>) {
        let mut asked: BTreeMap<i64, (u64, u64)> = BTreeMap::new(); // acked, pending
        for o in outcomes {
            for (id, code, counter) in o.codes {
                assert!(
                    self.codes.insert((id, code)),
                    "HOTP code of account {id} handed out twice (counter {counter})"
                );
                asked.entry(id).or_default().0 += 1;
                self.acked[3] += 1;
            }
            for i in 0..3 {
                self.acked[i] += o.acked[i];
            }
            self.live.extend(o.live);
            for id in o.deleted {
                self.live.remove(&id);
                self.gone.insert(id);
            }
            let Some(p) = o.pending else { continue };
            self.unanswered += 1;
            let committed = match p {
                Pending::Create(f) => {
                    let found: Vec<i64> = stored
                        .iter()
                        .filter(|(_, s)| s.service == f.service)
                        .map(|(id, _)| *id)
                        .collect();
                    assert!(found.len() <= 1, "created twice: {found:?}");
                    if let Some(id) = found.first() {
                        assert_eq!(stored[id], f, "half-written create");
                        self.live.insert(*id, f);
                    }
                    !found.is_empty()
                }
                Pending::Put { id, old, new } => {
                    let now = &stored[&id];
                    assert!(*now == old || *now == new, "half-written edit: {now:?}");
                    self.live.insert(id, now.clone());
                    *now == new
                }
                Pending::Delete { id, old } => match stored.get(&id) {
                    None => {
                        self.live.remove(&id);
                        self.gone.insert(id);
                        true
                    }
                    Some(now) => {
                        assert_eq!(*now, old);
                        false
                    }
                },
                Pending::Code(id) => {
                    asked.entry(id).or_default().1 += 1;
                    continue; // settled below, from the counter
                }
            };
            self.committed += usize::from(committed);
        }
        for (id, base) in self.counters.iter_mut() {
            let (acked, pending) = asked.get(id).copied().unwrap_or_default();
            let now = stored[id].counter;
            assert!(
                *base + acked <= now && now <= *base + acked + pending,
                "account {id}: counter {now}, was {base}, {acked} codes answered, {pending} unanswered"
            );
            self.committed += (now - *base - acked) as usize;
            *base = now;
        }
    }

    /// The file holds exactly what was acknowledged (plus settled unanswered writes).
    fn check(&self, stored: &BTreeMap<i64, Fields>) {
        for (id, f) in &self.live {
            assert_eq!(stored.get(id), Some(f), "acknowledged account {id}");
        }
        for id in &self.gone {
            assert!(!stored.contains_key(id), "deleted account {id} came back");
        }
        let expected: BTreeSet<i64> = self
            .live
            .keys()
            .chain(self.counters.keys())
            .copied()
            .collect();
        let found: BTreeSet<i64> = stored.keys().copied().collect();
        assert_eq!(found, expected, "accounts nobody acknowledged");
        for (id, f) in &self.shared_fields {
            let s = &stored[id];
            assert_eq!((&s.service, &s.secret), (&f.service, &f.secret));
        }
    }
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
        // Ten digits: distinct counters give distinct codes, so "no repeated code" really
        // means "no counter handed out twice".
        let secret = rng.secret(32);
        let id = f.add(&[
            "--service",
            name,
            "--account",
            "hotp",
            "--secret",
            &secret,
            "--type",
            "hotp",
            "--digits",
            "10",
            "--counter",
            "0",
        ]);
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
