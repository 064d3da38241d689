//! `otty demo`: an in-memory vault of made-up accounts (several groups, TOTP with 30 s and
//! 60 s periods, 8 digits, HOTP, Steam) with an empty password, so a newcomer sees otty in
//! one command. The secrets are invented and protect nothing.

use std::sync::Arc;

use otty_core::account::{Algorithm, NewAccount, OtpKind, OtpParams, Secret};
use otty_core::{KdfParams, Result, Vault};

/// Cheapest KDF the vault accepts: the demo password is empty anyway.
pub const DEMO_KDF: KdfParams = KdfParams::CHEAPEST;

fn params(
    kind: OtpKind,
    secret: &str,
    digits: u8,
    period: u32,
    algorithm: Algorithm,
) -> Result<OtpParams> {
    Ok(OtpParams {
        kind,
        algorithm,
        digits,
        period,
        counter: 0,
        secret: Secret::from_base32(secret)?,
    })
}

/// Fill `vault` (unlocked) with the sample accounts.
pub fn fill(vault: &Vault) -> Result<()> {
    use Algorithm::*;
    use OtpKind::*;
    let work = vault.add_group("Work")?.id;
    let personal = vault.add_group("Personal")?.id;
    let games = vault.add_group("Games")?.id;
    let rows: [(&str, &str, OtpParams, Option<i64>, bool); 10] = [
        (
            "GitHub",
            "alice@example.com",
            params(Totp, "JBSWY3DPEHPK3PXP", 6, 30, Sha1)?,
            Some(work),
            true,
        ),
        (
            "GitLab",
            "alice",
            params(Totp, "KRSXG5CTMVRXEZLU", 6, 30, Sha1)?,
            Some(work),
            false,
        ),
        (
            "AWS",
            "root@example.com",
            params(Totp, "GEZDGNBVGY3TQOJQ", 8, 60, Sha256)?,
            Some(work),
            false,
        ),
        (
            "Company VPN",
            "alice",
            params(Hotp, "MFRGGZDFMZTWQ2LK", 6, 30, Sha1)?,
            Some(work),
            false,
        ),
        (
            "Google",
            "alice@gmail.com",
            params(Totp, "NBSWY3DPO5XXE3DE", 6, 30, Sha1)?,
            Some(personal),
            true,
        ),
        (
            "Proton",
            "alice@proton.me",
            params(Totp, "ONSWG4TFORXXEZLU", 6, 30, Sha256)?,
            Some(personal),
            false,
        ),
        (
            "Bank of Example",
            "12345678",
            params(Totp, "MZXW6YTBOI======", 8, 60, Sha512)?,
            Some(personal),
            false,
        ),
        (
            "Steam",
            "alice_plays",
            params(Steam, "GNSWG3DFOJ2HK3TF", 5, 30, Sha1)?,
            Some(games),
            false,
        ),
        (
            "Discord",
            "alice#4242",
            params(Totp, "IFBEGRCFIZDUQSKK", 6, 30, Sha1)?,
            Some(games),
            false,
        ),
        (
            "Mastodon",
            "@alice@example.social",
            params(Totp, "KNSWG4TFORZWK3TE", 6, 30, Sha1)?,
            None,
            false,
        ),
    ];
    let list = rows
        .into_iter()
        .map(|(service, account, otp, group, favorite)| NewAccount {
            group_id: group,
            favorite,
            ..NewAccount::new(service, account, otp)
        })
        .collect();
    vault.add_many(list)?;
    Ok(())
}

/// A new unlocked in-memory demo vault.
pub fn vault() -> Result<Arc<Vault>> {
    let vault = Vault::create_in_memory(b"", DEMO_KDF)?;
    fill(&vault)?;
    Ok(Arc::new(vault))
}
