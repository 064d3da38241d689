//! Races (issue 6): several writers on one vault file at once never lose an update, never hand
//! out an HOTP code twice, and never show a user "database is locked".
//!
//! The long test runs, for `OTTY_RACE_SECS` seconds (default 4; `scripts/races.sh` runs 30):
//! a `Vault` opened in this process as the TUI holds it (an `Arc<Vault>`, refreshed now and
//! then like the TUI's tick, so its cache is often stale), the real `otty serve` with two API
//! clients, and two loops of `otty` CLI processes. All of them create accounts, edit the one
//! shared HOTP account from whatever copy they hold, and take codes from it.
//!
//! The short tests (`races/stale.rs`) pin the bug the long one found: an edit from a stale copy
//! used to write its HOTP counter back, rolling back a counter another process had advanced.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/served.rs"]
#[allow(dead_code)]
mod served;
#[path = "races/stale.rs"]
mod stale;
#[path = "cli/support.rs"]
#[allow(dead_code)]
mod support;

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use otty::core::{NewAccount, OtpParams, Secret, Vault};
use serde_json::{Value, json};
use served::{Served, integrity, request, token};
use support::{Fixture, PW};

/// The secret of every account these tests make (base32).
pub const HOTP_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

fn race_secs() -> u64 {
    std::env::var("OTTY_RACE_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4)
}

/// What every actor reports.
#[derive(Default)]
struct Tally {
    /// (code, counter stored after it) for each HOTP code handed out.
    codes: Vec<(String, u64)>,
    /// (id, service) of each account it created.
    created: Vec<(i64, String)>,
    edits: usize,
    errors: Vec<String>,
}

impl Tally {
    fn ops(&self) -> usize {
        self.codes.len() + self.created.len() + self.edits
    }
}

/// The stand-in for the TUI: one `Arc<Vault>`, refreshed every few operations.
fn tui(vault: Arc<Vault>, shared: i64, until: Instant) -> Tally {
    let mut t = Tally::default();
    let mut n = 0u64;
    while Instant::now() < until {
        n += 1;
        if n.is_multiple_of(5)
            && let Err(e) = vault.refresh()
        {
            t.errors.push(format!("tui refresh: {e}"));
        }
        let result = match n % 4 {
            0 | 1 => vault.otp(shared, 0).map(|o| {
                t.codes
                    .push((o.password.to_string(), o.counter.unwrap_or(0)));
            }),
            2 => {
                let service = format!("tui-{n}");
                let data = NewAccount::new(
                    &service,
                    "tui",
                    OtpParams::totp(Secret::from_base32(HOTP_SECRET).unwrap()),
                );
                vault.add(data).map(|a| t.created.push((a.id, service)))
            }
            _ => vault.account(shared).and_then(|a| {
                // Pin or unpin from the cached copy, as the `p` key does.
                let mut data = a.data;
                data.favorite = !data.favorite;
                vault.update(shared, data).map(|_| t.edits += 1)
            }),
        };
        if let Err(e) = result {
            t.errors.push(format!("tui op {n}: {e}"));
        }
        // A pause between operations, as any UI has: without it this thread commits back to
        // back and starves the CLI (see `a_writer_in_a_tight_loop_does_not_starve_the_cli`).
        std::thread::sleep(Duration::from_millis(1));
    }
    t
}

/// An API client.
fn api(addr: String, token: String, name: String, shared: i64, until: Instant) -> Tally {
    let mut t = Tally::default();
    let mut n = 0u64;
    while Instant::now() < until {
        n += 1;
        let (method, path, body) = match n % 4 {
            0 | 1 => ("GET", format!("/twofaccounts/{shared}/otp"), None),
            2 => (
                "POST",
                "/twofaccounts".to_owned(),
                Some(json!({"service": format!("{name}-{n}"), "account": "api",
                    "otp_type": "totp", "secret": HOTP_SECRET})),
            ),
            // A full edit of the shared account without `counter`.
            _ => (
                "PUT",
                format!("/twofaccounts/{shared}"),
                Some(
                    json!({"service": "Shared", "account": format!("edited by {name}"),
                    "icon": null, "otp_type": "hotp", "secret": HOTP_SECRET, "digits": 10,
                    "algorithm": "sha1"}),
                ),
            ),
        };
        let began = Instant::now();
        match request(&addr, &token, method, &path, body.as_ref()) {
            Ok(r) if r.ok() => match method {
                "GET" => t.codes.push((
                    r.body["password"].as_str().unwrap_or_default().to_owned(),
                    r.body["counter"].as_u64().unwrap_or(0),
                )),
                "POST" => t.created.push((
                    r.body["id"].as_i64().unwrap_or(0),
                    r.body["service"].as_str().unwrap_or_default().to_owned(),
                )),
                _ => t.edits += 1,
            },
            Ok(r) => t.errors.push(format!(
                "{name} {method} {path}: {} after {} ms: {}",
                r.status,
                began.elapsed().as_millis(),
                r.body
            )),
            Err(e) => t.errors.push(format!("{name} {method} {path}: {e:?}")),
        }
    }
    t
}

/// A shell user running `otty` again and again.
fn cli(f: Arc<Fixture>, name: String, shared: i64, until: Instant) -> Tally {
    let mut t = Tally::default();
    let mut n = 0u64;
    let id = shared.to_string();
    while Instant::now() < until {
        n += 1;
        let service = format!("{name}-{n}");
        let notes = format!("{name} {n}");
        let args: Vec<&str> = match n % 3 {
            0 => vec!["code", &id, "--json"],
            1 => vec![
                "add",
                "--service",
                &service,
                "--account",
                "cli",
                "--secret",
                HOTP_SECRET,
            ],
            _ => vec!["edit", &id, "--notes", &notes],
        };
        let began = Instant::now();
        let out = f.run(&args);
        if !out.status.success() {
            t.errors.push(format!(
                "otty {args:?}: exit {:?} after {} ms: {}",
                out.status.code(),
                began.elapsed().as_millis(),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
            continue;
        }
        let stdout = String::from_utf8_lossy(&out.stdout);
        match n % 3 {
            0 => {
                let v: Value = serde_json::from_str(&stdout).unwrap_or(Value::Null);
                t.codes.push((
                    v["password"].as_str().unwrap_or_default().to_owned(),
                    v["counter"].as_u64().unwrap_or(0),
                ));
            }
            1 => t
                .created
                .push((stdout.trim().parse().unwrap_or(0), service)),
            _ => t.edits += 1,
        }
    }
    t
}

#[test]
fn tui_api_and_two_clis_share_one_hotp_counter() {
    let secs = race_secs();
    let f = Arc::new(Fixture::new());
    let shared = f.add_hotp10("Shared", "race", HOTP_SECRET);
    let token = token(&f, "races");
    let mut server = Served::start(&f);
    let vault = Arc::new(Vault::open(&f.vault).unwrap());
    vault.unlock(PW.as_bytes()).unwrap();
    let until = Instant::now() + Duration::from_secs(secs);
    let mut actors: Vec<(String, std::thread::JoinHandle<Tally>)> = Vec::new();
    let v = Arc::clone(&vault);
    actors.push((
        "tui".into(),
        std::thread::spawn(move || tui(v, shared, until)),
    ));
    for i in 1..=2 {
        let (addr, token, name) = (server.addr.clone(), token.clone(), format!("api{i}"));
        actors.push((
            name.clone(),
            std::thread::spawn(move || api(addr, token, name, shared, until)),
        ));
        let (f, name) = (Arc::clone(&f), format!("cli{i}"));
        actors.push((
            name.clone(),
            std::thread::spawn(move || cli(f, name, shared, until)),
        ));
    }
    let tallies: Vec<(String, Tally)> = actors
        .into_iter()
        .map(|(n, h)| (n, h.join().unwrap()))
        .collect();
    server.stop();
    let log = server.log_text();

    let mut summary = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    let mut codes: Vec<(String, u64)> = Vec::new();
    let mut created: Vec<(i64, String)> = Vec::new();
    for (name, t) in &tallies {
        summary.push(format!(
            "{name} {} ops ({} codes, {} creates, {} edits)",
            t.ops(),
            t.codes.len(),
            t.created.len(),
            t.edits
        ));
        errors.extend(t.errors.iter().cloned());
        codes.extend(t.codes.iter().cloned());
        created.extend(t.created.iter().cloned());
    }
    println!("races: {}", summary.join("; "));
    errors.extend(
        log.lines()
            .filter(|l| l.contains("ERROR") || l.contains("locked") || l.contains("panick"))
            .map(|l| format!("server log: {l}")),
    );
    assert!(
        errors.is_empty(),
        "errors reached users:\n{}",
        errors.join("\n")
    );
    assert_eq!(integrity(&f.vault), "ok");

    let check = Vault::open(&f.vault).unwrap();
    check.unlock(PW.as_bytes()).unwrap();
    let stored: BTreeMap<i64, String> = check
        .accounts()
        .unwrap()
        .into_iter()
        .map(|a| (a.id, a.data.service))
        .collect();
    for (id, service) in &created {
        assert_eq!(stored.get(id), Some(service), "created account {id} lost");
    }
    assert_eq!(stored.len(), created.len() + 1, "unexpected accounts");
    let distinct: HashSet<&str> = codes.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(
        distinct.len(),
        codes.len(),
        "an HOTP code was handed out twice"
    );
    let mut counters: Vec<u64> = codes.iter().map(|(_, n)| *n).collect();
    counters.sort_unstable();
    assert_eq!(
        counters,
        (1..=codes.len() as u64).collect::<Vec<_>>(),
        "counters handed out are not exactly 1..=n"
    );
    let last = check.account(shared).unwrap().data.otp.counter;
    assert_eq!(last, codes.len() as u64, "final counter");
    println!(
        "races-summary: {secs} s, {} actors, 0 errors, {} HOTP codes with no duplicate, final \
         counter {last}, {} accounts created all present, {} edits of the shared account, \
         integrity ok",
        tallies.len(),
        codes.len(),
        created.len(),
        tallies.iter().map(|(_, t)| t.edits).sum::<usize>()
    );
}

/// A process writing back to back (here: HOTP codes in a tight loop, ~1,600 commits a second on
/// this machine) must not starve another process's write past the busy timeout. With SQLite's
/// default busy handler (`busy_timeout`, which polls every 100 ms after the first few tries)
/// about one `otty code` in three failed with "database is locked" after 5 s; with a handler
/// that polls every millisecond (`store::wait_when_busy`) every one succeeds.
#[test]
fn a_writer_in_a_tight_loop_does_not_starve_the_cli() {
    let f = Arc::new(Fixture::new());
    let shared = f.add_hotp10("Shared", "race", HOTP_SECRET);
    let vault = Arc::new(Vault::open(&f.vault).unwrap());
    vault.unlock(PW.as_bytes()).unwrap();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (v, halt) = (Arc::clone(&vault), Arc::clone(&stop));
    let hog = std::thread::spawn(move || {
        let mut n = 0u64;
        while !halt.load(std::sync::atomic::Ordering::Relaxed) {
            v.otp(shared, 0).unwrap();
            n += 1;
        }
        n
    });
    let mut failures = Vec::new();
    for _ in 0..10 {
        let out = f.run(&["code", &shared.to_string()]);
        if !out.status.success() {
            failures.push(String::from_utf8_lossy(&out.stderr).trim().to_owned());
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = hog.join().unwrap();
    assert!(written > 0);
    assert!(
        failures.is_empty(),
        "{} of 10 failed: {failures:?}",
        failures.len()
    );
}
