//! Make a vault full of made-up accounts, for benchmarks and trials:
//! `cargo run --example seed_vault -- PATH COUNT PASSWORD`.
//!
//! Uses the cheapest KDF the vault accepts, so it is not a vault to keep secrets in.

use otty::core::Vault;
use otty::core::account::{NewAccount, OtpKind, OtpParams, Secret};
use otty::tui::demo::DEMO_KDF;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: seed_vault PATH COUNT PASSWORD";
    let path = args.next().ok_or(usage)?;
    let count: usize = args.next().ok_or(usage)?.parse()?;
    let password = args.next().ok_or(usage)?;
    let vault = Vault::create(path.as_ref(), password.as_bytes(), DEMO_KDF)?;
    let groups: Vec<i64> = ["Work", "Personal", "Games", "Servers"]
        .iter()
        .map(|g| vault.add_group(g).map(|g| g.id))
        .collect::<Result<_, _>>()?;
    vault.add_many(accounts(count, &groups))?;
    println!("{path}: {count} accounts");
    Ok(())
}

/// `count` made-up accounts spread over `groups`, with a mix of periods, lengths and kinds.
pub fn accounts(count: usize, groups: &[i64]) -> Vec<NewAccount> {
    const SERVICES: [&str; 8] = [
        "GitHub", "GitLab", "Google", "AWS", "Proton", "Steam", "Discord", "Mastodon",
    ];
    (0..count)
        .map(|i| {
            let secret = Secret::from_bytes((0..20).map(|b| (i * 31 + b) as u8).collect());
            let mut otp = OtpParams::totp(secret);
            match i % 10 {
                0 => otp.period = 60,
                1 => otp.digits = 8,
                2 => otp.kind = OtpKind::Hotp,
                3 => {
                    otp.kind = OtpKind::Steam;
                    otp.digits = 5;
                }
                _ => {}
            }
            let mut a = NewAccount::new(
                format!("{} {}", SERVICES[i % SERVICES.len()], i / SERVICES.len()),
                format!("user{i}@example.com"),
                otp,
            );
            a.group_id = groups.get(i % (groups.len() + 1)).copied();
            a
        })
        .collect()
}
