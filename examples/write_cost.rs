//! What one acknowledged write costs, and where its bytes are afterwards:
//! `cargo run --example write_cost -- [ACCOUNTS] [WRITES] [SPACED]` (defaults 100, 200, 0).
//!
//! Creates a vault file of ACCOUNTS made-up accounts (cheapest KDF) in a temporary directory,
//! edits one account WRITES times back to back (each `Vault::update` is one immediate
//! transaction and its fsync'd commit, plus whatever the vault does after it), then SPACED
//! more times 1.1 s apart (a write after a quiet second, as a person makes them), and prints
//! the median, mean and 95th percentile of each in milliseconds. Then it runs one
//! `Vault::refresh` (what the server's and the TUI's timer do each second) and prints the sizes
//! of the main file and of its `-wal`, the vault still open.

use std::time::{Duration, Instant};

use otty::core::Vault;
use otty::core::account::{NewAccount, OtpParams, Secret};
use otty::tui::demo::DEMO_KDF;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let accounts: usize = args.next().map_or(Ok(100), |a| a.parse())?;
    let writes: usize = args.next().map_or(Ok(200), |a| a.parse())?;
    let spaced: usize = args.next().map_or(Ok(0), |a| a.parse())?;
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
    let edit = |i: usize| -> Result<f64, otty::core::Error> {
        let mut data = first.data.clone();
        data.notes = format!("edit {i}");
        let start = Instant::now();
        vault.update(first.id, data)?;
        Ok(start.elapsed().as_secs_f64() * 1000.0)
    };
    let back_to_back = (0..writes).map(edit).collect::<Result<Vec<_>, _>>()?;
    let spaced = (0..spaced)
        .map(|i| {
            std::thread::sleep(Duration::from_millis(1100));
            edit(writes + i)
        })
        .collect::<Result<Vec<_>, _>>()?;
    print_times(
        &format!("{accounts} accounts, {writes} writes back to back"),
        back_to_back,
    );
    let n = spaced.len();
    print_times(
        &format!("{accounts} accounts, {n} writes 1.1 s apart"),
        spaced,
    );
    vault.refresh()?;
    let size = |suffix: &str| {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        std::fs::metadata(p).map_or(0, |m| m.len())
    };
    println!(
        "after one refresh, the vault open: main file {} bytes, -wal {} bytes",
        size(""),
        size("-wal")
    );
    Ok(())
}

/// Print the median, mean and 95th percentile of `times` (milliseconds).
fn print_times(what: &str, mut times: Vec<f64>) {
    if times.is_empty() {
        return;
    }
    times.sort_by(f64::total_cmp);
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{what}: median {:.2} ms, mean {mean:.2} ms, p95 {:.2} ms",
        at(0.5),
        at(0.95)
    );
}
