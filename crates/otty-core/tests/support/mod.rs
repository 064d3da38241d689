//! What the core's integration tests share: a cheap key derivation, one password, a TOTP
//! account by service name, and a vault's services in order.
#![allow(dead_code)]

use otty_core::{KdfParams, NewAccount, OtpParams, Secret, Vault};

/// The cheapest key derivation the core accepts (tests only).
pub const FAST: KdfParams = KdfParams::CHEAPEST;
/// The vault password of every test vault.
pub const PW: &[u8] = b"correct horse";

/// A TOTP account of `service` for alice, RFC 6238's example secret.
pub fn account(service: &str) -> NewAccount {
    NewAccount::new(
        service,
        "alice",
        OtpParams::totp(Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap()),
    )
}

/// The services of `v`'s accounts, sorted.
pub fn services(v: &Vault) -> Vec<String> {
    let mut s: Vec<String> = v
        .accounts()
        .unwrap()
        .into_iter()
        .map(|a| a.data.service)
        .collect();
    s.sort();
    s
}
