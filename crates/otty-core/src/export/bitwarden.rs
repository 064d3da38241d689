//! Bitwarden JSON (unencrypted), in the shape Bitwarden Authenticator exports and imports
//! (`{"encrypted": false, "items": [...]}`, one login item per account with its code in
//! `login.totp`), which Bitwarden's password manager also imports. Groups become folders.
//!
//! `login.totp` holds the canonical `otpauth://totp/…` URI, or `steam://SECRET` for Steam
//! (the only Steam form Bitwarden reads). Bitwarden generates neither HOTP nor HMAC-MD5
//! codes: those accounts are left out ([`super::ExportFormat::cannot_hold`]). The item name is
//! the service, or the account name when there is no service (Bitwarden requires one).

use std::collections::BTreeMap;

use serde_json::{Value, json};
use zeroize::Zeroizing;

use super::{ExportEntry, ExportError, to_json, uuid};
use crate::account::OtpKind;
use crate::uri;

/// Build the export document.
pub(super) fn export(entries: &[ExportEntry<'_>]) -> Result<Zeroizing<Vec<u8>>, ExportError> {
    let mut folders: BTreeMap<&str, String> = BTreeMap::new();
    for name in entries.iter().filter_map(|e| e.group) {
        if !folders.contains_key(name) {
            folders.insert(name, uuid()?);
        }
    }
    let mut items = Vec::with_capacity(entries.len());
    for e in entries {
        items.push(item(e, &folders)?);
    }
    let folders: Vec<Value> = folders
        .iter()
        .map(|(name, id)| json!({"id": id, "name": name}))
        .collect();
    to_json(&json!({"encrypted": false, "folders": folders, "items": items}))
}

fn item(e: &ExportEntry<'_>, folders: &BTreeMap<&str, String>) -> Result<Value, ExportError> {
    let a = e.account;
    let totp = match a.otp.kind {
        OtpKind::Steam => Zeroizing::new(format!("steam://{}", a.otp.secret.to_base32().as_str())),
        _ => Zeroizing::new(uri::format(a)),
    };
    let name = if a.service.is_empty() {
        &a.account
    } else {
        &a.service
    };
    Ok(json!({
        "id": uuid()?,
        "organizationId": null,
        "folderId": e.group.and_then(|g| folders.get(g)),
        "collectionIds": null,
        "type": 1,
        "name": name,
        "notes": (!a.notes.is_empty()).then_some(a.notes.as_str()),
        "favorite": a.favorite,
        "login": {
            "totp": totp.as_str(),
            "username": a.account,
            "issuer": a.service,
            "period": a.otp.period,
            "digits": a.otp.digits,
        },
    }))
}
