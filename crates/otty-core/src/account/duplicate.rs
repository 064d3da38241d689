//! When two accounts are the same account: the one duplicate rule of imports and `otty add`.
//!
//! Two accounts are duplicates only if everything that decides their codes matches (kind,
//! algorithm, digits, the period of a timed kind or the counter of HOTP, secret) and so do
//! their names (service and account, compared case-insensitively). A TOTP and an HOTP on the
//! same secret give different codes, so both are kept.

use super::{Algorithm, NewAccount, OtpKind};

/// What decides whether two accounts are duplicates, comparable and hashable (so a set of
/// keys finds duplicates in linear time). It borrows the secret rather than copy it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DuplicateKey<'a> {
    kind: OtpKind,
    algorithm: Algorithm,
    digits: u8,
    /// The period of TOTP and Steam, the counter of HOTP.
    step: u64,
    secret: Secret<'a>,
    service: String,
    account: String,
}

/// A borrowed secret whose `Debug` never shows it.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Secret<'a>(&'a [u8]);

impl std::fmt::Debug for Secret<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

impl NewAccount {
    /// The key two accounts share exactly when they are duplicates.
    pub fn duplicate_key(&self) -> DuplicateKey<'_> {
        let otp = &self.otp;
        DuplicateKey {
            kind: otp.kind,
            algorithm: otp.algorithm,
            digits: otp.digits,
            step: if otp.kind.is_timed() {
                u64::from(otp.period)
            } else {
                otp.counter
            },
            secret: Secret(otp.secret.expose()),
            service: self.service.to_lowercase(),
            account: self.account.to_lowercase(),
        }
    }

    /// Whether `self` and `other` are the same account (see [`DuplicateKey`]).
    pub fn duplicates(&self, other: &NewAccount) -> bool {
        self.duplicate_key() == other.duplicate_key()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::{Algorithm, NewAccount, OtpKind, OtpParams, Secret};

    fn base() -> NewAccount {
        NewAccount::new(
            "ACME",
            "alice",
            OtpParams::totp(Secret::from_bytes(vec![7; 10])),
        )
    }

    #[test]
    fn every_code_parameter_and_name_counts() {
        let a = base();
        let mut same = base();
        same.service = "acme".into();
        same.account = "ALICE".into();
        same.otp.counter = 9; // ignored by TOTP
        same.notes = "other notes".into();
        assert!(a.duplicates(&same));
        let changes: [fn(&mut NewAccount); 7] = [
            |b| b.otp.kind = OtpKind::Hotp,
            |b| b.otp.algorithm = Algorithm::Sha256,
            |b| b.otp.digits = 8,
            |b| b.otp.period = 60,
            |b| b.otp.secret = Secret::from_bytes(vec![8; 10]),
            |b| b.service = "Other".into(),
            |b| b.account = "bob".into(),
        ];
        for change in changes {
            let mut b = base();
            change(&mut b);
            assert!(!a.duplicates(&b), "{b:?}");
        }
    }

    #[test]
    fn hotp_counts_its_counter_not_its_period() {
        let mut a = base();
        a.otp.kind = OtpKind::Hotp;
        let mut b = a.clone();
        b.otp.period = 60;
        assert!(a.duplicates(&b));
        b.otp.counter = 5;
        assert!(!a.duplicates(&b));
    }

    #[test]
    fn the_key_does_not_show_the_secret() {
        let a = base();
        let text = format!("{:?}", a.duplicate_key());
        assert!(
            text.contains("[redacted]") && !text.contains("7, 7"),
            "{text}"
        );
    }
}
