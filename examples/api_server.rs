//! A throw-away API server for `scripts/bench-api.sh` and `scripts/schemathesis.sh`.
//!
//! Creates a vault in a temporary directory (fast key derivation; the data is fake), adds a
//! TOTP, an HOTP and a Steam account and a token, prints one JSON line
//! `{"url","token","totp_id","hotp_id"}` on stdout, and serves `otty::api` until SIGINT or
//! SIGTERM. Environment: `OTTY_BIND` (default `127.0.0.1:0`), `OTTY_BENCH_CEILING=1` to serve
//! the trivial `GET /api/v1/_ping`, `OTTY_AUTH_FAILURES` (failed authentications per minute
//! before 429; default 10, 0 for no limit).

use std::sync::Arc;

use otty::api::{ServerConfig, serve};
use otty::core::{KdfParams, NewAccount, OtpKind, OtpParams, Secret, Vault};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let kdf = KdfParams::CHEAPEST;
    let vault = Arc::new(Vault::create(
        &dir.path().join("bench.otty"),
        b"bench",
        kdf,
    )?);
    let secret = || Secret::from_base32("JBSWY3DPEHPK3PXP");
    let totp = vault.add(NewAccount::new(
        "GitHub",
        "alice",
        OtpParams::totp(secret()?),
    ))?;
    let mut h = OtpParams::totp(secret()?);
    h.kind = OtpKind::Hotp;
    let hotp = vault.add(NewAccount::new("Counter", "bob", h))?;
    vault.add(NewAccount::new(
        "Steam",
        "carol",
        OtpParams::steam(secret()?),
    ))?;
    let token = vault.create_token("bench", None)?;

    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let config = ServerConfig {
        bench_ceiling: env("OTTY_BENCH_CEILING").is_some_and(|v| v == "1"),
        auth_failures_per_minute: env("OTTY_AUTH_FAILURES").map_or(Ok(10), |v| v.parse())?,
        ..ServerConfig::on(
            env("OTTY_BIND")
                .as_deref()
                .unwrap_or("127.0.0.1:0")
                .parse()?,
        )
    };
    let handle = serve(vault, config).await?;
    println!(
        "{}",
        serde_json::json!({
            "url": handle.url(),
            "token": token.token.as_str(),
            "totp_id": totp.id,
            "hotp_id": hotp.id,
        })
    );
    otty::api::serve::shutdown_signal().await;
    handle.shutdown().await?;
    Ok(())
}
