//! Aegis vault JSON, plain or encrypted, in Aegis's own format so Aegis
//! imports it: outer `version 1`, content `version 3` with a `groups` table, and for
//! encryption one password slot (scrypt N=32768 r=8 p=1, 32-byte salt) wrapping a random
//! master key that seals the content with AES-256-GCM.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::{ExportEntry, ExportError, to_json, uuid};
use crate::account::{Algorithm, OtpKind};
use crate::crypto::random_bytes;
use crate::import::Format;
use crate::import::cipher::{gcm_seal, scrypt};
use crate::import::json::to_b64;
use crate::plaintext::{JsonLayout, json_plaintext};

/// scrypt cost of encrypted Aegis exports: exactly Aegis's own defaults for its vaults
/// (N = 2^15, r = 8, p = 1: 32 MiB), never less, so the file costs an attacker what a vault
/// Aegis made itself would. It is cheaper than the vault's Argon2id: the file is meant for
/// Aegis on a phone. An otty export is the one sealed at the vault's own cost.
pub(crate) const SCRYPT_N: u64 = 1 << 15;
const SCRYPT_R: u32 = 8;
const SCRYPT_P: u32 = 1;
const TAG: usize = 16;

/// Build the vault file.
pub(super) fn export(
    entries: &[ExportEntry<'_>],
    passphrase: Option<&[u8]>,
) -> Result<Zeroizing<Vec<u8>>, ExportError> {
    let content = content(entries)?;
    let Some(password) = passphrase else {
        return to_json(&json!({
            "version": 1,
            "header": {"slots": null, "params": null},
            "db": content,
        }));
    };
    let plain = json_plaintext(&content, JsonLayout::Compact)
        .map_err(|_| ExportError::Internal("serialising JSON"))?;
    let master: Zeroizing<[u8; 32]> = Zeroizing::new(random()?);
    let salt: [u8; 32] = random()?;
    let key = scrypt(Format::Aegis, password, &salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        .map_err(|_| ExportError::Internal("scrypt"))?;
    let (slot_nonce, db_nonce): ([u8; 12], [u8; 12]) = (random()?, random()?);
    let wrapped =
        gcm_seal(&key, &slot_nonce, master.as_ref()).ok_or(ExportError::Internal("AES-GCM"))?;
    let sealed = gcm_seal(&master, &db_nonce, &plain).ok_or(ExportError::Internal("AES-GCM"))?;
    let (wrapped_ct, wrapped_tag) = wrapped.split_at(wrapped.len() - TAG);
    let (db_ct, db_tag) = sealed.split_at(sealed.len() - TAG);
    to_json(&json!({
        "version": 1,
        "header": {
            "slots": [{
                "type": 1,
                "uuid": uuid()?,
                "key": hex(wrapped_ct),
                "key_params": {"nonce": hex(&slot_nonce), "tag": hex(wrapped_tag)},
                "n": SCRYPT_N,
                "r": SCRYPT_R,
                "p": SCRYPT_P,
                "salt": hex(&salt),
                "repaired": true,
                "is_backup": false,
            }],
            "params": {"nonce": hex(&db_nonce), "tag": hex(db_tag)},
        },
        "db": to_b64(db_ct),
    }))
}

/// The content object `{version: 3, entries, groups}`.
fn content(entries: &[ExportEntry<'_>]) -> Result<Value, ExportError> {
    let mut groups: BTreeMap<&str, String> = BTreeMap::new();
    for name in entries.iter().filter_map(|e| e.group) {
        if !groups.contains_key(name) {
            groups.insert(name, uuid()?);
        }
    }
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        out.push(entry(e, &groups)?);
    }
    let groups: Vec<Value> = groups
        .iter()
        .map(|(name, uuid)| json!({"uuid": uuid, "name": name}))
        .collect();
    Ok(json!({"version": 3, "entries": out, "groups": groups}))
}

fn entry(e: &ExportEntry<'_>, groups: &BTreeMap<&str, String>) -> Result<Value, ExportError> {
    let a = e.account;
    let (kind, algo) = match a.otp.kind {
        OtpKind::Totp => ("totp", a.otp.algorithm),
        OtpKind::Hotp => ("hotp", a.otp.algorithm),
        OtpKind::Steam => ("steam", Algorithm::Sha1),
    };
    let mut info = json!({
        "secret": a.otp.secret.to_base32().as_str(),
        "algo": algo.as_str().to_ascii_uppercase(),
        "digits": a.otp.digits,
    });
    if a.otp.kind == OtpKind::Hotp {
        info["counter"] = json!(a.otp.counter);
    } else {
        info["period"] = json!(a.otp.period);
    }
    let group_ids: Vec<&String> = e.group.and_then(|g| groups.get(g)).into_iter().collect();
    Ok(json!({
        "type": kind,
        "uuid": uuid()?,
        "name": a.account,
        "issuer": a.service,
        "note": a.notes,
        "favorite": a.favorite,
        "icon": e.icon.map(|i| to_b64(&i.bytes)),
        "icon_mime": e.icon.map(|i| i.mime.as_str()),
        "icon_hash": e.icon.map(|i| hex(&Sha256::digest(&i.bytes))),
        "info": info,
        "groups": group_ids,
    }))
}

fn random<const N: usize>() -> Result<[u8; N], ExportError> {
    random_bytes().map_err(|_| ExportError::Random)
}

fn hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(bytes)
}
