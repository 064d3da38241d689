//! Aegis vaults: plain and password-encrypted, content versions 1–3.
//!
//! Encrypted vaults wrap a random master key in password slots (scrypt → AES-256-GCM); the
//! master key opens `db` (AES-256-GCM). A slot that does not open means a wrong password; a
//! `db` that does not open under an opened master key means a damaged file. Groups come from
//! v3's `groups` table or v2's per-entry `group` name; Aegis's `steam` type and 2FAuth's
//! lenient `steamtotp` are both read as Steam.

use std::collections::HashMap;

use serde_json::Value;
use zeroize::Zeroizing;

use super::cipher::{gcm_open, scrypt};
use super::draft::{Draft, group_name, icon};
use super::json::{arr_of, b64, bool_of, hex, hex_array, int_of, str_of};
use super::{Format, ImportBatch, ImportError, ImportedEntry, batch};

const F: Format = Format::Aegis;

/// Import a parsed Aegis document.
pub(crate) fn import(doc: &Value, passphrase: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    let db = doc
        .get("db")
        .ok_or_else(|| ImportError::damaged(F, "no db"))?;
    match db {
        Value::Object(_) => content(db, false),
        Value::String(sealed) => {
            let password = passphrase.ok_or(ImportError::NeedPassphrase { format: F })?;
            let plain = decrypt(doc.get("header").unwrap_or(&Value::Null), sealed, password)?;
            let content_doc: Value = serde_json::from_slice(&plain)
                .map_err(|_| ImportError::damaged(F, "the decrypted content is not JSON"))?;
            content(&content_doc, true)
        }
        _ => Err(ImportError::damaged(
            F,
            "db is neither an object nor a string",
        )),
    }
}

/// Open an encrypted vault's `db` with the password.
fn decrypt(
    header: &Value,
    sealed: &str,
    password: &[u8],
) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let master = open_master_key(header, password)?;
    let params = header
        .get("params")
        .ok_or_else(|| ImportError::damaged(F, "no header.params"))?;
    let nonce = hex(str_of(params, "nonce"))
        .ok_or_else(|| ImportError::damaged(F, "bad header.params.nonce"))?;
    let tag = hex(str_of(params, "tag"))
        .ok_or_else(|| ImportError::damaged(F, "bad header.params.tag"))?;
    let mut ct = b64(sealed).ok_or_else(|| ImportError::damaged(F, "db is not base64"))?;
    ct.extend_from_slice(&tag);
    gcm_open(&master, &nonce, &ct, &[])
        .ok_or_else(|| ImportError::damaged(F, "the vault content failed its integrity check"))
}

/// Try each password slot; the first that opens gives the master key.
fn open_master_key(header: &Value, password: &[u8]) -> Result<Zeroizing<[u8; 32]>, ImportError> {
    let slots = arr_of(header, "slots");
    let mut tried = false;
    for slot in slots.iter().filter(|s| int_of(s, "type") == Some(1)) {
        tried = true;
        let salt =
            hex(str_of(slot, "salt")).ok_or_else(|| ImportError::damaged(F, "bad slot salt"))?;
        let n = u64::try_from(int_of(slot, "n").unwrap_or(0)).unwrap_or(0);
        let r = u32::try_from(int_of(slot, "r").unwrap_or(0)).unwrap_or(0);
        let p = u32::try_from(int_of(slot, "p").unwrap_or(0)).unwrap_or(0);
        let key = scrypt(F, password, &salt, n, r, p)?;
        let kp = slot.get("key_params").unwrap_or(&Value::Null);
        let (Some(mut ct), Some(nonce), Some(tag)) = (
            hex(str_of(slot, "key")),
            hex(str_of(kp, "nonce")),
            hex_array::<16>(str_of(kp, "tag")),
        ) else {
            return Err(ImportError::damaged(F, "bad password slot"));
        };
        ct.extend_from_slice(&tag);
        if let Some(master) = gcm_open(&key, &nonce, &ct, &[]) {
            let master: [u8; 32] = master
                .as_slice()
                .try_into()
                .map_err(|_| ImportError::damaged(F, "the master key is not 32 bytes"))?;
            return Ok(Zeroizing::new(master));
        }
    }
    if tried {
        Err(ImportError::WrongPassphrase { format: F })
    } else {
        Err(ImportError::Unsupported {
            format: F,
            reason: "the vault has no password slot (biometric or raw key only)".into(),
        })
    }
}

/// Read the content object `{version, entries, groups}`.
fn content(db: &Value, encrypted: bool) -> Result<ImportBatch, ImportError> {
    let entries = db
        .get("entries")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::damaged(F, "no entries"))?;
    let groups: HashMap<&str, &str> = arr_of(db, "groups")
        .iter()
        .map(|g| (str_of(g, "uuid"), str_of(g, "name")))
        .collect();
    let out = entries.iter().map(|e| read_entry(e, &groups)).collect();
    Ok(batch(F, encrypted, out))
}

fn read_entry(e: &Value, groups: &HashMap<&str, &str>) -> ImportedEntry {
    let account = (|| {
        let info = e.get("info").ok_or("no info")?;
        let mut d = Draft::new(str_of(e, "issuer"), str_of(e, "name"));
        d.kind(str_of(e, "type"))?;
        d.algorithm(str_of(info, "algo"))?;
        d.numbers(
            int_of(info, "digits"),
            int_of(info, "period"),
            int_of(info, "counter"),
        );
        d.secret_base32(str_of(info, "secret"))?;
        d.notes = str_of(e, "note").to_owned();
        d.favorite = bool_of(e, "favorite");
        d.finish()
    })();
    // v3: `groups: [uuid]`; v2: `group: "name"`.
    let group = arr_of(e, "groups")
        .iter()
        .filter_map(Value::as_str)
        .find_map(|uuid| groups.get(uuid).copied())
        .or_else(|| e.get("group").and_then(Value::as_str))
        .and_then(group_name);
    let icon = e.get("icon").and_then(Value::as_str).and_then(|data| {
        let name = str_of(e, "uuid").to_owned();
        icon(name, b64(data)?, str_of(e, "icon_mime"))
    });
    ImportedEntry {
        account,
        group,
        icon,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(group: Value) -> Value {
        let mut e = json!({"type": "totp", "name": "bob", "issuer": "ACME",
            "info": {"secret": "JBSWY3DPEHPK3PXP", "algo": "SHA1", "digits": 6, "period": 30}});
        if let (Some(obj), Value::Object(extra)) = (e.as_object_mut(), group) {
            obj.extend(extra);
        }
        e
    }

    #[test]
    fn groups_from_v2_names_and_v3_uuids() {
        let v2 = json!({"version": 1, "header": {"slots": null, "params": null}, "db": {"version": 2,
            "entries": [entry(json!({"group": "Work"})), entry(json!({"group": "Work"})), entry(json!({}))]}});
        let b = import(&v2, None).unwrap();
        let groups: Vec<_> = b.entries.iter().map(|e| e.group.as_deref()).collect();
        assert_eq!(groups, [Some("Work"), Some("Work"), None]);
        let v3 = json!({"version": 1, "header": {"slots": null, "params": null}, "db": {"version": 3,
            "groups": [{"uuid": "u1", "name": "Home"}],
            "entries": [entry(json!({"groups": ["u1"]})), entry(json!({"groups": ["missing"]}))]}});
        let b = import(&v3, None).unwrap();
        assert_eq!(b.entries[0].group.as_deref(), Some("Home"));
        assert_eq!(b.entries[1].group, None);
    }

    #[test]
    fn unknown_types_are_per_entry_errors() {
        let doc = json!({"version": 1, "header": {"slots": null, "params": null}, "db": {"version": 3,
            "entries": [entry(json!({"type": "yandex"})), entry(json!({}))]}});
        let b = import(&doc, None).unwrap();
        assert!(b.entries[0].account.is_err() && b.entries[1].account.is_ok());
    }

    #[test]
    fn biometric_only_vaults_are_unsupported() {
        let doc =
            json!({"version": 1, "header": {"slots": [{"type": 2}], "params": {}}, "db": "AAAA"});
        assert!(matches!(
            import(&doc, Some(b"x")),
            Err(ImportError::Unsupported { .. })
        ));
    }
}
