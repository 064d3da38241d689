//! A load generator for `scripts/load.sh` (issue 6): many concurrent API clients with mixed
//! reads and writes against a running `otty serve`, then a check that nothing was lost.
//!
//! Usage: `load <api-url> <token> [clients=50] [seconds=60]`, where `<api-url>` ends in
//! `/api/v1`. Each client has its own connection and loops over a weighted mix: OTP of a TOTP
//! account, list, show, groups (reads); create, update, delete its own accounts and advance
//! one shared HOTP account (writes). Every answer must be the documented success status;
//! anything else counts as an error and is printed (status and route, never a body).
//!
//! At the end it reads the vault back through the API and checks: every account a client
//! created and did not delete is there under the name of its last acknowledged update, every
//! deleted one is gone, the HOTP counter moved exactly once per code handed out, and no HOTP
//! code was handed out twice. Prints per-route p50/p99/max latency and exits 1 on any error.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

/// The operations of the mix, with their weights (out of 100).
const MIX: &[(Op, u32)] = &[
    (Op::TotpOtp, 38),
    (Op::List, 12),
    (Op::Show, 12),
    (Op::Groups, 6),
    (Op::Create, 10),
    (Op::Update, 8),
    (Op::Delete, 6),
    (Op::HotpOtp, 8),
];

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Op {
    TotpOtp,
    List,
    Show,
    Groups,
    Create,
    Update,
    Delete,
    HotpOtp,
}

impl Op {
    fn label(self) -> &'static str {
        match self {
            Op::TotpOtp => "GET  /twofaccounts/{totp}/otp",
            Op::List => "GET  /twofaccounts",
            Op::Show => "GET  /twofaccounts/{id}",
            Op::Groups => "GET  /groups",
            Op::Create => "POST /twofaccounts",
            Op::Update => "PUT  /twofaccounts/{own}",
            Op::Delete => "DELETE /twofaccounts/{own}",
            Op::HotpOtp => "GET  /twofaccounts/{hotp}/otp",
        }
    }
    fn is_write(self) -> bool {
        matches!(self, Op::Create | Op::Update | Op::Delete | Op::HotpOtp)
    }
}

/// What one client saw.
#[derive(Default)]
struct Tally {
    latencies: HashMap<Op, Vec<Duration>>,
    errors: Vec<String>,
    /// Accounts this client created and still owns: id → last acknowledged service name.
    live: HashMap<i64, String>,
    deleted: Vec<i64>,
    hotp_codes: Vec<String>,
}

/// Tiny xorshift generator: the mix only needs to be varied, not unpredictable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

struct Target {
    base: String,
    token: String,
    totp_ids: Vec<i64>,
    hotp_id: i64,
}

const SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(base), Some(token)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: load <api-url ending in /api/v1> <token> [clients=50] [seconds=60]");
        std::process::exit(2);
    };
    let clients: usize = args.get(3).map_or(Ok(50), |s| s.parse())?;
    let seconds: u64 = args.get(4).map_or(Ok(60), |s| s.parse())?;

    let setup = Client::new();
    let target = Arc::new(seed(&setup, base, token).await?);
    let counter_before = hotp_counter(&setup, &target).await?;

    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|n| {
            let target = Arc::clone(&target);
            let stop = Arc::clone(&stop);
            tokio::spawn(async move { run_client(n, &target, &stop).await })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let mut tallies = Vec::new();
    for t in tasks {
        tallies.push(t.await?);
    }
    let elapsed = started.elapsed();

    let problems = verify(&setup, &target, &tallies, counter_before).await?;
    report(&tallies, elapsed, clients);
    let errors: usize = tallies.iter().map(|t| t.errors.len()).sum();
    for t in &tallies {
        for e in t.errors.iter().take(5) {
            eprintln!("error: {e}");
        }
    }
    for p in &problems {
        eprintln!("lost or wrong: {p}");
    }
    println!(
        "errors {errors}, verification problems {}: {}",
        problems.len(),
        if errors == 0 && problems.is_empty() {
            "PASS"
        } else {
            "FAIL"
        }
    );
    if errors > 0 || !problems.is_empty() {
        std::process::exit(1);
    }
    Ok(())
}

/// Twenty TOTP accounts to read and one ten-digit HOTP account to advance.
async fn seed(c: &Client, base: &str, token: &str) -> Result<Target, Box<dyn std::error::Error>> {
    let mut totp_ids = Vec::new();
    for i in 0..20 {
        let uri = format!("otpauth://totp/Seed{i}:user{i}?secret={SECRET}&issuer=Seed{i}");
        totp_ids.push(create(c, base, token, &uri).await?);
    }
    let uri =
        format!("otpauth://hotp/Shared:counter?secret={SECRET}&issuer=Shared&digits=10&counter=0");
    let hotp_id = create(c, base, token, &uri).await?;
    Ok(Target {
        base: base.trim_end_matches('/').to_owned(),
        token: token.to_owned(),
        totp_ids,
        hotp_id,
    })
}

async fn create(
    c: &Client,
    base: &str,
    token: &str,
    uri: &str,
) -> Result<i64, Box<dyn std::error::Error>> {
    let r = c
        .post(format!("{base}/twofaccounts"))
        .bearer_auth(token)
        .json(&json!({ "uri": uri }))
        .send()
        .await?;
    if r.status() != StatusCode::CREATED {
        return Err(format!("seeding: POST /twofaccounts answered {}", r.status()).into());
    }
    let v: Value = r.json().await?;
    v["id"].as_i64().ok_or_else(|| "seeding: no id".into())
}

async fn hotp_counter(c: &Client, t: &Target) -> Result<u64, Box<dyn std::error::Error>> {
    let v: Value = c
        .get(format!(
            "{}/twofaccounts/{}?withSecret=1",
            t.base, t.hotp_id
        ))
        .bearer_auth(&t.token)
        .send()
        .await?
        .json()
        .await?;
    v["counter"]
        .as_u64()
        .ok_or_else(|| "the HOTP account shows no counter".into())
}

fn pick(rng: &mut Rng) -> Op {
    let total: u32 = MIX.iter().map(|(_, w)| w).sum();
    let mut roll = (rng.next() % u64::from(total)) as u32;
    for &(op, w) in MIX {
        if roll < w {
            return op;
        }
        roll -= w;
    }
    Op::List
}

async fn run_client(n: usize, t: &Target, stop: &AtomicBool) -> Tally {
    let client = Client::new();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ ((n as u64 + 1) * 0x1000_0000_01B3));
    let mut tally = Tally::default();
    let mut made = 0usize;
    while !stop.load(Ordering::Relaxed) {
        let mut op = pick(&mut rng);
        let own: Vec<i64> = tally.live.keys().copied().collect();
        if matches!(op, Op::Update | Op::Delete) && own.is_empty() {
            op = Op::Create;
        }
        let base = &t.base;
        let mut subject = None;
        let (req, expect) = match op {
            Op::TotpOtp => {
                let id = t.totp_ids[rng.below(t.totp_ids.len())];
                (
                    client.get(format!("{base}/twofaccounts/{id}/otp")),
                    StatusCode::OK,
                )
            }
            Op::List => (client.get(format!("{base}/twofaccounts")), StatusCode::OK),
            Op::Show => {
                let id = t.totp_ids[rng.below(t.totp_ids.len())];
                (
                    client.get(format!("{base}/twofaccounts/{id}")),
                    StatusCode::OK,
                )
            }
            Op::Groups => (client.get(format!("{base}/groups")), StatusCode::OK),
            Op::Create => {
                made += 1;
                let uri =
                    format!("otpauth://totp/C{n}x{made}:load?secret={SECRET}&issuer=C{n}x{made}");
                (
                    client
                        .post(format!("{base}/twofaccounts"))
                        .json(&json!({ "uri": uri })),
                    StatusCode::CREATED,
                )
            }
            Op::Update => {
                let id = own[rng.below(own.len())];
                subject = Some(id);
                made += 1;
                let body = json!({
                    "service": format!("U{n}x{made}"),
                    "account": "load",
                    "otp_type": "totp",
                    "secret": SECRET,
                    "digits": 6,
                    "algorithm": "sha1",
                    "period": 30,
                    "icon": null,
                });
                (
                    client.put(format!("{base}/twofaccounts/{id}")).json(&body),
                    StatusCode::OK,
                )
            }
            Op::Delete => {
                let id = own[rng.below(own.len())];
                subject = Some(id);
                (
                    client.delete(format!("{base}/twofaccounts/{id}")),
                    StatusCode::NO_CONTENT,
                )
            }
            Op::HotpOtp => (
                client.get(format!("{base}/twofaccounts/{}/otp", t.hotp_id)),
                StatusCode::OK,
            ),
        };
        let began = Instant::now();
        let sent = req.bearer_auth(&t.token).send().await;
        let outcome = match sent {
            Ok(r) if r.status() == expect => {
                if op == Op::Delete {
                    Ok(Value::Null)
                } else {
                    r.json::<Value>().await.map_err(|e| format!("body: {e}"))
                }
            }
            Ok(r) => Err(format!("{} answered {}", op.label(), r.status())),
            Err(e) => Err(format!("{}: {e}", op.label())),
        };
        tally.latencies.entry(op).or_default().push(began.elapsed());
        match outcome {
            Err(e) => tally.errors.push(e),
            Ok(v) => record(&mut tally, op, &v, subject),
        }
    }
    tally
}

/// Books the effect of an acknowledged write; `subject` is the id an update or delete named.
fn record(tally: &mut Tally, op: Op, v: &Value, subject: Option<i64>) {
    match op {
        Op::Delete => {
            if let Some(id) = subject {
                tally.live.remove(&id);
                tally.deleted.push(id);
            }
        }
        Op::Create | Op::Update => {
            let id = v["id"].as_i64();
            if let (Some(id), Some(service)) = (id, v["service"].as_str()) {
                if op == Op::Update && Some(id) != subject {
                    tally
                        .errors
                        .push(format!("{} answered for another id", op.label()));
                }
                tally.live.insert(id, service.to_owned());
            } else {
                tally
                    .errors
                    .push(format!("{} gave no id/service", op.label()));
            }
        }
        Op::HotpOtp => match v["password"].as_str() {
            Some(code) => tally.hotp_codes.push(code.to_owned()),
            None => tally.errors.push("HOTP otp gave no password".to_owned()),
        },
        _ => {}
    }
}

async fn verify(
    c: &Client,
    t: &Target,
    tallies: &[Tally],
    counter_before: u64,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut problems = Vec::new();
    let all: Value = c
        .get(format!("{}/twofaccounts", t.base))
        .bearer_auth(&t.token)
        .send()
        .await?
        .json()
        .await?;
    let present: HashMap<i64, String> = all
        .as_array()
        .ok_or("the list is not an array")?
        .iter()
        .filter_map(|a| Some((a["id"].as_i64()?, a["service"].as_str()?.to_owned())))
        .collect();
    for tally in tallies {
        for (id, service) in &tally.live {
            match present.get(id) {
                None => problems.push(format!("account {id} ({service}) is missing")),
                Some(s) if s != service => problems.push(format!(
                    "account {id} is {s:?}, last update said {service:?}"
                )),
                Some(_) => {}
            }
        }
        for id in &tally.deleted {
            if present.contains_key(id) {
                problems.push(format!("account {id} was deleted (204) but is still there"));
            }
        }
    }
    let codes: Vec<&String> = tallies.iter().flat_map(|t| &t.hotp_codes).collect();
    let distinct: HashSet<&String> = codes.iter().copied().collect();
    if distinct.len() != codes.len() {
        problems.push(format!(
            "{} HOTP codes handed out twice",
            codes.len() - distinct.len()
        ));
    }
    let counter_after = hotp_counter(c, t).await?;
    if counter_after != counter_before + codes.len() as u64 {
        problems.push(format!(
            "HOTP counter moved {} for {} codes",
            counter_after - counter_before,
            codes.len()
        ));
    }
    Ok(problems)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn report(tallies: &[Tally], elapsed: Duration, clients: usize) {
    let mut by_op: HashMap<Op, Vec<Duration>> = HashMap::new();
    for t in tallies {
        for (op, l) in &t.latencies {
            by_op.entry(*op).or_default().extend(l);
        }
    }
    let mut everything: Vec<Duration> = by_op.values().flatten().copied().collect();
    everything.sort();
    println!(
        "{clients} clients, {:.1} s, {} requests ({:.0} req/s)",
        elapsed.as_secs_f64(),
        everything.len(),
        everything.len() as f64 / elapsed.as_secs_f64()
    );
    println!(
        "{:<32} {:>8} {:>9} {:>9} {:>9}",
        "route", "requests", "p50 ms", "p99 ms", "max ms"
    );
    for (op, _) in MIX {
        let Some(l) = by_op.get_mut(op) else { continue };
        l.sort();
        println!(
            "{:<32} {:>8} {:>9.2} {:>9.2} {:>9.2}",
            op.label(),
            l.len(),
            ms(percentile(l, 0.50)),
            ms(percentile(l, 0.99)),
            ms(*l.last().unwrap_or(&Duration::ZERO))
        );
    }
    for (name, writes) in [("all reads", false), ("all writes", true)] {
        let mut l: Vec<Duration> = by_op
            .iter()
            .filter(|(op, _)| op.is_write() == writes)
            .flat_map(|(_, l)| l.iter().copied())
            .collect();
        l.sort();
        println!(
            "{:<32} {:>8} {:>9.2} {:>9.2} {:>9.2}",
            name,
            l.len(),
            ms(percentile(&l, 0.50)),
            ms(percentile(&l, 0.99)),
            ms(*l.last().unwrap_or(&Duration::ZERO))
        );
    }
    println!(
        "{:<32} {:>8} {:>9.2} {:>9.2} {:>9.2}",
        "everything",
        everything.len(),
        ms(percentile(&everything, 0.50)),
        ms(percentile(&everything, 0.99)),
        ms(*everything.last().unwrap_or(&Duration::ZERO))
    );
}
