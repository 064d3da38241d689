//! Token scopes at the API: the check for `withSecret`, which only `admin` tokens may ask for,
//! and [`code_params`]. Each route declares its minimum [`Scope`] in the route table
//! ([`super::router`]), whose layer ([`super::auth::authorize`]) refuses a token below it, so
//! the table is the one place a route's scope is written. A refusal is 403 `{"message":"Invalid scope(s) provided."}`
//! ([`ApiError::MissingScope`]).
//!
//! [`code_params`] keeps the secret's codes `admin`'s on updates: below `admin`, an update
//! that keeps the stored secret may not change what decides the codes that secret yields.

use subtle::ConstantTimeEq;

use super::auth::Caller;
use super::error::{ApiError, ApiResult};
use super::input::Input;
use otty_core::OtpParams;
use otty_core::vault::tokens::Scope;

/// Whether a response to `caller` includes secrets: what `withSecret` asks for (`default`
/// when the request does not say), refused with 403 when the caller's token may not see them.
/// Without `withSecret`, a token that may not see secrets gets none, whatever `default` is.
pub fn with_secret(caller: &Caller, input: &Input, default: bool) -> ApiResult<bool> {
    if !caller.scope.reveals_secrets() {
        let asked = input.get("withSecret").is_some_and(|v| !v.is_null());
        if asked && input.flag("withSecret") {
            return Err(ApiError::MissingScope(Scope::Admin));
        }
        return Ok(false);
    }
    Ok(input.flag_or("withSecret", default))
}

/// Check an account update's OTP parameters against the caller's scope, and say whether the
/// update may set the stored HOTP counter from the body (`counter_sent`).
///
/// `admin` may change anything. Below `admin`, an update that keeps the stored secret (`new`
/// holds the same secret as `old`: sent as null, left out, or sent unchanged) may not change
/// the type, algorithm or digits, nor the period of a timed account or the counter of an HOTP
/// one: 403 naming `admin`. Otherwise a `write` token could turn a TOTP account into HOTP at
/// the counter of an hour ahead, read that code, and turn it back, never seeing the secret. It
/// may send the stored counter back, which is then not written (so a stale copy never rolls
/// the counter back). An update with a new secret may set any parameters: its sender knows the
/// secret already.
pub fn code_params(
    caller: &Caller,
    old: &OtpParams,
    new: &OtpParams,
    counter_sent: bool,
) -> ApiResult<bool> {
    if caller.scope.reveals_secrets() {
        return Ok(counter_sent);
    }
    let same_secret = bool::from(old.secret.expose().ct_eq(new.secret.expose()));
    if !same_secret {
        return Ok(counter_sent);
    }
    let same_codes = old.kind == new.kind
        && old.algorithm == new.algorithm
        && old.digits == new.digits
        && (!old.kind.is_timed() || old.period == new.period)
        && (old.kind.is_timed() || !counter_sent || old.counter == new.counter);
    if same_codes {
        Ok(false)
    } else {
        Err(ApiError::MissingScope(Scope::Admin))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use otty_core::{OtpKind, Secret};

    fn caller(scope: Scope) -> Caller {
        Caller {
            token_id: 1,
            token_name: Arc::from("t"),
            scope,
        }
    }

    fn totp() -> OtpParams {
        OtpParams::totp(Secret::from_base32("A4GRFHVVRBGY7UIW").unwrap())
    }

    #[test]
    fn below_admin_the_stored_secret_keeps_its_parameters() {
        let write = caller(Scope::Write);
        let old = totp();
        let hotp = OtpParams {
            kind: OtpKind::Hotp,
            counter: 60_000_000,
            ..old.clone()
        };
        let period = OtpParams {
            period: 1,
            ..old.clone()
        };
        let digits = OtpParams {
            digits: 8,
            ..old.clone()
        };
        for changed in [&hotp, &period, &digits] {
            assert!(matches!(
                code_params(&write, &old, changed, true),
                Err(ApiError::MissingScope(Scope::Admin))
            ));
            assert!(code_params(&caller(Scope::Admin), &old, changed, true).unwrap());
        }
        // Unchanged parameters: allowed, and the counter is never written.
        assert!(!code_params(&write, &old, &old, true).unwrap());
        // A new secret may come with any parameters.
        let fresh = OtpParams {
            secret: Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap(),
            ..hotp.clone()
        };
        assert!(code_params(&write, &old, &fresh, true).unwrap());
        // HOTP: another counter is refused, the same one is not written; a left-out counter
        // is kept.
        let moved = OtpParams {
            counter: 60_000_001,
            ..hotp.clone()
        };
        assert!(code_params(&write, &hotp, &moved, true).is_err());
        assert!(!code_params(&write, &hotp, &hotp, true).unwrap());
        assert!(!code_params(&write, &hotp, &moved, false).unwrap());
    }
}
