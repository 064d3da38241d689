//! 2FAS backups (`.2fas`, schema 4, unencrypted), so the 2FAS app can restore otty's
//! accounts: one `services` entry per account with its `otp` block (TOTP, HOTP or Steam,
//! algorithm, digits, period or counter), the account's position, a letter badge for an icon
//! (2FAS keeps its own icon collection, not images), and the groups by UUID.
//!
//! 2FAS has no HMAC-MD5: such accounts are left out ([`super::ExportFormat::cannot_hold`]).

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use zeroize::Zeroizing;

use super::{ExportEntry, ExportError, to_json, uuid};
use crate::account::{NewAccount, OtpKind};
use crate::uri;

/// The backup schema otty writes (the newest the importer reads).
const SCHEMA: u32 = 4;
/// 2FAS's own icon collection, named by the entries it writes for a letter badge.
const DEFAULT_COLLECTION: &str = "a5b3fb65-4ec5-43e6-8ec1-49e24ca9e7ad";

/// Build the backup document.
pub(super) fn export(entries: &[ExportEntry<'_>]) -> Result<Zeroizing<Vec<u8>>, ExportError> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
    let mut groups: BTreeMap<&str, String> = BTreeMap::new();
    for name in entries.iter().filter_map(|e| e.group) {
        if !groups.contains_key(name) {
            groups.insert(name, uuid()?);
        }
    }
    let services: Vec<Value> = entries
        .iter()
        .enumerate()
        .map(|(position, e)| service(e, position, now, &groups))
        .collect();
    let groups: Vec<Value> = groups
        .iter()
        .map(|(name, id)| json!({"id": id, "name": name, "isExpanded": true, "updatedAt": now}))
        .collect();
    to_json(&json!({
        "services": services,
        "groups": groups,
        "updatedAt": now,
        "schemaVersion": SCHEMA,
        "appVersionName": concat!("otty ", env!("CARGO_PKG_VERSION")),
    }))
}

fn service(
    e: &ExportEntry<'_>,
    position: usize,
    now: u64,
    groups: &BTreeMap<&str, String>,
) -> Value {
    let a = e.account;
    let mut otp = json!({
        "link": uri::format(a),
        "label": a.account,
        "account": a.account,
        "issuer": a.service,
        "digits": a.otp.digits,
        "algorithm": a.otp.algorithm.as_str().to_ascii_uppercase(),
        "tokenType": token_type(a),
        "source": "Link",
    });
    if a.otp.kind == OtpKind::Hotp {
        otp["counter"] = json!(a.otp.counter);
    } else {
        otp["period"] = json!(a.otp.period);
    }
    let mut s = json!({
        "name": a.service,
        "secret": a.otp.secret.to_base32().as_str(),
        "updatedAt": now,
        "otp": otp,
        "order": {"position": position},
        "icon": {
            "selected": "Label",
            "label": {"text": badge(a), "backgroundColor": "Default"},
            "iconCollection": {"id": DEFAULT_COLLECTION},
        },
    });
    if let Some(id) = e.group.and_then(|g| groups.get(g)) {
        s["groupId"] = json!(id);
    }
    s
}

fn token_type(a: &NewAccount) -> &'static str {
    match a.otp.kind {
        OtpKind::Totp => "TOTP",
        OtpKind::Hotp => "HOTP",
        OtpKind::Steam => "STEAM",
    }
}

/// The two letters 2FAS shows in place of a logo: the service's (else the account's) first
/// two characters, upper-cased.
fn badge(a: &NewAccount) -> String {
    let name = if a.service.trim().is_empty() {
        &a.account
    } else {
        &a.service
    };
    name.trim()
        .chars()
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}
