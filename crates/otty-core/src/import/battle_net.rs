//! Battle.net Authenticator's `shared_prefs` XML (`com.blizzard.messenger`): the device secret
//! and the serial are stored hex-encoded and XOR-masked with one fixed 57-byte key (the app's
//! `MASK` encryption type). Unmasked, the secret is 40 hex characters (20 bytes) and the serial
//! reads like `US-2211-2050-3346`. The token is TOTP, SHA1, 8 digits, 30 s; the issuer is
//! "Battle.net" and the account the serial.

use super::draft::{Draft, entry};
use super::json::hex;
use super::xml::Prefs;
use super::{Format, ImportBatch, ImportError, batch};

const F: Format = Format::BattleNet;
const PREFIX: &str = "com.blizzard.messenger.";
/// The entry holding the masked device secret.
pub(crate) const SECRET_KEY: &str = "com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET";

/// The fixed mask the app XORs both values with, from their first byte.
const MASK: [u8; 57] = [
    0x39, 0x8e, 0x27, 0xfc, 0x50, 0x27, 0x6a, 0x65, 0x60, 0x65, 0xb0, 0xe5, 0x25, 0xf4, 0xc0, 0x6c,
    0x04, 0xc6, 0x10, 0x75, 0x28, 0x6b, 0x8e, 0x7a, 0xed, 0xa5, 0x9d, 0xa9, 0x81, 0x3b, 0x5d, 0xd6,
    0xc8, 0x0d, 0x2f, 0xb3, 0x80, 0x68, 0x77, 0x3f, 0xa5, 0x9b, 0xa4, 0x7c, 0x17, 0xca, 0x6c, 0x64,
    0x79, 0x01, 0x5c, 0x1d, 0x5b, 0x8b, 0x8f, 0x6b, 0x9a,
];

/// Import the XML.
pub(crate) fn import(text: &str) -> Result<ImportBatch, ImportError> {
    let prefs = Prefs::parse_as(text, F)?;
    let get = |name: &str| prefs.get(&format!("{PREFIX}{name}")).unwrap_or("");
    match get("AUTHENTICATOR_CREDENTIALS_ENCRYPTION_TYPE") {
        "" | "MASK" => {}
        other => {
            return Err(ImportError::Unsupported {
                format: F,
                reason: format!("credentials encrypted as {:?}", super::draft::short(other)),
            });
        }
    }
    let secret = get("AUTHENTICATOR_DEVICE_SECRET");
    let serial = get("AUTHENTICATOR_SERIAL");
    let e = entry(|| {
        let secret = unmask(secret).ok_or("the device secret is not masked hex")?;
        let serial = unmask(serial).ok_or("the serial is not masked hex")?;
        let serial = String::from_utf8(serial.to_vec()).map_err(|_| "the serial is not text")?;
        let mut d = Draft::new("Battle.net", serial.trim());
        d.numbers(Some(8), Some(30), None);
        let text = std::str::from_utf8(&secret).map_err(|_| "the secret is not hex")?;
        d.secret_bytes(hex(text).ok_or("the secret is not hex")?);
        d.finish()
    });
    Ok(batch(F, false, vec![e]))
}

/// Hex-decode and unmask one value (at most as long as the mask).
fn unmask(value: &str) -> Option<zeroize::Zeroizing<Vec<u8>>> {
    let bytes = zeroize::Zeroizing::new(hex(value)?);
    if bytes.is_empty() || bytes.len() > MASK.len() {
        return None;
    }
    Some(zeroize::Zeroizing::new(
        bytes.iter().zip(MASK).map(|(b, m)| b ^ m).collect(),
    ))
}
