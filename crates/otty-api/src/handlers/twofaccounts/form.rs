//! Reading an account from a request: 2FAuth's STORE, UPDATE and URI rule sets,
//! then otty's own checks ([`NewAccount::validate`]).
//!
//! Differences from 2FAuth, on purpose: a missing `secret` on create generates a random
//! 160-bit secret (2FAuth answers 500); any secret length of at least one byte is accepted.

use serde_json::Value;

use crate::error::{ApiError, ApiResult};
use crate::input::Input;
use crate::validate::{Check, Need};
use otty_core::account::{DIGITS, MAX_COUNTER, STEAM_SERVICE, is_steam_service};
use otty_core::{Algorithm, Error as CoreError, NewAccount, OtpKind, OtpParams, Secret, uri};

/// Which rule set applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    /// `POST /twofaccounts` (kind and algorithm lower-cased first).
    Store,
    /// `PUT|PATCH /twofaccounts/{id}` (`service`, `icon`, `secret`, `digits`, `algorithm` present).
    Update,
    /// `POST /twofaccounts/otp`: STORE rules, case-sensitive.
    Otp,
}

/// What the client said about `group_id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupChoice {
    /// Not sent.
    Absent,
    /// Sent as `null` or `""`.
    Null,
    /// Sent as `0`: no group.
    Zero,
    /// A group id.
    Id(i64),
}

/// Read `group_id` (nullable integer, min 0). Existence is checked by the caller.
pub fn group_choice(check: &mut Check<'_>, input: &Input) -> GroupChoice {
    if !input.has("group_id") {
        return GroupChoice::Absent;
    }
    match check.at_least("group_id", Need::Optional, 0) {
        None => GroupChoice::Null,
        Some(0) => GroupChoice::Zero,
        Some(n) => GroupChoice::Id(n),
    }
}

/// A core validation failure as a 422 on its field.
pub fn core_invalid(e: CoreError) -> ApiError {
    match e {
        CoreError::Invalid { field, reason } => {
            ApiError::invalid(field, format!("The {field} field is invalid: {reason}."))
        }
        other => other.into(),
    }
}

/// 2FAuth's Steam rule: Steam's fixed parameters, and the service renamed `Steam`.
fn force_steam(a: &mut NewAccount) {
    a.otp.normalise_steam();
    a.service = STEAM_SERVICE.to_owned();
}

fn base32_secret(check: &mut Check<'_>, text: &str) -> Option<Secret> {
    match Secret::from_base32(text) {
        Ok(s) if !s.is_empty() => Some(s),
        _ => {
            check.fail(
                "secret",
                "The secret field must be a base32 encoded string.",
            );
            None
        }
    }
}

/// An account from STORE or UPDATE fields. `old` is the account being updated, whose secret
/// is kept when `secret` is null.
pub fn from_fields(
    input: &Input,
    rules: Rules,
    old: Option<&NewAccount>,
) -> ApiResult<(NewAccount, GroupChoice)> {
    let lower = rules != Rules::Otp;
    let present = if rules == Rules::Update {
        Need::Present
    } else {
        Need::Optional
    };
    let mut c = Check::new(input);
    let account = c.no_colon("account", Need::Required);
    let service = c.no_colon("service", present);
    let icon = c.string("icon", present);
    let group = group_choice(&mut c, input);
    let kind = c.one_of(
        "otp_type",
        Need::Required,
        &["totp", "hotp", "steamtotp"],
        lower,
    );
    let secret_text = c.string("secret", present);
    let secret = secret_text.and_then(|t| base32_secret(&mut c, &t));
    let digits = c.between(
        "digits",
        present,
        i64::from(*DIGITS.start()),
        i64::from(*DIGITS.end()),
    );
    let algorithm = c.one_of(
        "algorithm",
        present,
        &["sha1", "sha256", "sha512", "md5"],
        lower,
    );
    let period = c.at_least("period", Need::Optional, 1);
    // The core's range (docs/DESIGN.md, «Accounts»), said whole, however large the number.
    let counter = c.between("counter", Need::Optional, 0, MAX_COUNTER as i64);
    c.finish()?;

    let kind = OtpKind::parse(kind.as_deref().unwrap_or("totp")).map_err(core_invalid)?;
    let secret = match (secret, old) {
        (Some(s), _) => s,
        (None, Some(o)) => o.otp.secret.clone(),
        (None, None) => Secret::random(20)?,
    };
    let algorithm = match algorithm {
        Some(a) => Algorithm::parse(&a).map_err(core_invalid)?,
        None => Algorithm::Sha1,
    };
    let otp = OtpParams {
        kind,
        algorithm,
        digits: digits.map_or(6, |d| d as u8),
        period: period.map_or(30, |p| u32::try_from(p).unwrap_or(u32::MAX)),
        counter: counter.map_or(0, |n| n as u64),
        secret,
    };
    let mut a = match old {
        Some(o) => NewAccount { otp, ..o.clone() },
        None => NewAccount::new("", "", otp),
    };
    a.account = account.unwrap_or_default();
    a.service = service.unwrap_or_default();
    // `null` and `""` (read as null) clear it; a name is checked against the vault by the caller.
    a.icon = icon.filter(|i| !i.is_empty());
    if kind == OtpKind::Steam || is_steam_service(&a.service) {
        force_steam(&mut a);
    }
    a.validate().map_err(core_invalid)?;
    Ok((a, group))
}

/// Whether the body asks for the URI path (`uri` key present).
pub fn wants_uri(input: &Input) -> bool {
    input.has("uri")
}

/// An account from `{uri, custom_otp?}` (URI rules).
pub fn from_uri(input: &Input) -> ApiResult<NewAccount> {
    let mut c = Check::new(input);
    let text = c.string("uri", Need::Required);
    let custom = c.one_of("custom_otp", Need::Optional, &["steamtotp"], true);
    if let Some(t) = &text {
        let lower = t.to_ascii_lowercase();
        if !(lower.starts_with("otpauth://totp/") || lower.starts_with("otpauth://hotp/")) {
            c.fail("uri", "The uri field format is invalid.");
        }
    }
    c.finish()?;
    let text = text.unwrap_or_default();
    // "otpauth://totp/" is 15 bytes; the label runs to the first `?`.
    let label = text.get(15..).unwrap_or("").split('?').next().unwrap_or("");
    if label.trim().is_empty() {
        return Err(ApiError::invalid("label", "The uri must have a label."));
    }
    let mut a = uri::parse(&text.replace('#', "%23"))
        .map_err(|_| ApiError::invalid("uri", "The uri field is not a valid otpauth uri."))?;
    if a.account.is_empty() {
        return Err(ApiError::invalid("label", "The uri must have a label."));
    }
    if custom.is_some() || is_steam_service(&a.service) {
        force_steam(&mut a);
    }
    a.validate().map_err(core_invalid)?;
    Ok(a)
}

/// `group_id` alongside a `uri`: only values above 0 name a group; anything else is
/// ignored.
pub fn uri_group(input: &Input) -> GroupChoice {
    match input.get("group_id") {
        Some(Value::Number(n)) => n
            .as_i64()
            .filter(|n| *n > 0)
            .map_or(GroupChoice::Absent, GroupChoice::Id),
        Some(Value::String(s)) => s
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .map_or(GroupChoice::Absent, GroupChoice::Id),
        _ => GroupChoice::Absent,
    }
}
