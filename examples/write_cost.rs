//! What one acknowledged write costs, and where its bytes are afterwards:
//! `cargo run --example write_cost -- [ACCOUNTS] [WRITES]` (defaults 100 and 200).
//!
//! Creates a vault file of ACCOUNTS made-up accounts (cheapest KDF) in a temporary directory,
//! edits one account WRITES times (each `Vault::update` is one immediate transaction and its
//! fsync'd commit, plus whatever the vault does after it) and prints the median, mean and 95th
//! percentile in milliseconds, then the sizes of the main file and of its `-wal`, with the
//! vault still open: how much of the last write sits only in the write-ahead log.

use std::time::Instant;

use otty::core::Vault;
use otty::core::account::{NewAccount, OtpParams, Secret};
use otty::tui::demo::DEMO_KDF;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let accounts: usize = args.next().map_or(Ok(100), |a| a.parse())?;
    let writes: usize = args.next().map_or(Ok(200), |a| a.parse())?;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("cost.otty");
    let vault = Vault::create(&path, b"password", DEMO_KDF)?;
    vault.add_many(
        (0..accounts)
            .map(|i| {
                let secret = Secret::from_bytes(format!("secret-{i:08}-padding").into_bytes());
                NewAccount::new(
                    format!("Service {i}"),
                    format!("user{i}"),
                    OtpParams::totp(secret),
                )
            })
            .collect(),
    )?;
    let first = vault.accounts()?[0].clone();
    let mut times = Vec::with_capacity(writes);
    for i in 0..writes {
        let mut data = first.data.clone();
        data.notes = format!("edit {i}");
        let start = Instant::now();
        vault.update(first.id, data)?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let mean = times.iter().sum::<f64>() / times.len().max(1) as f64;
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    let size = |suffix: &str| {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        std::fs::metadata(p).map_or(0, |m| m.len())
    };
    println!(
        "{accounts} accounts, {writes} writes: median {:.2} ms, mean {mean:.2} ms, p95 {:.2} ms",
        at(0.5),
        at(0.95)
    );
    println!(
        "with the vault open: main file {} bytes, -wal {} bytes",
        size(""),
        size("-wal")
    );
    Ok(())
}
