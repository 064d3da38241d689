//! JSON helpers shared by the importers: lenient field access, format detection of JSON
//! documents and the base64/hex decoding foreign files use.

use data_encoding::{BASE64, BASE64_NOPAD, BASE64URL_NOPAD, HEXLOWER_PERMISSIVE};
use serde_json::Value;

use super::Format;

/// Parse `bytes` as JSON when they look like a JSON object or array.
pub(crate) fn parse(bytes: &[u8]) -> Option<Value> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace())?;
    if *first != b'{' && *first != b'[' {
        return None;
    }
    serde_json::from_slice(bytes).ok()
}

/// Which format a JSON document is, by its keys.
pub(crate) fn detect(v: &Value) -> Option<Format> {
    if let Some(items) = v.as_array() {
        let first = items.first()?;
        return (first.get("secret").is_some() && first.get("type").is_some())
            .then_some(Format::AndOtp);
    }
    let has = |k: &str| v.get(k).is_some();
    if str_of(v, "format") == super::otty::FORMAT_TAG {
        Some(Format::Otty)
    } else if has("header") && has("db") {
        Some(Format::Aegis)
    } else if has("schemaVersion") && (has("services") || has("servicesEncrypted")) {
        Some(Format::TwoFas)
    } else if has("kdfParams") && has("encryptedData") {
        Some(Format::Ente)
    } else if v.get("encrypted").is_some_and(Value::is_boolean) && (has("items") || has("data")) {
        Some(Format::Bitwarden)
    } else if v.get("tokens").is_some_and(Value::is_array) {
        Some(Format::FreeOtpPlus)
    } else if str_of(v, "app").starts_with("2fauth") && has("data") {
        Some(Format::TwoFauth)
    } else {
        None
    }
}

/// A string field, or `""` when missing or not a string.
pub(crate) fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// An integer field given as a number or a numeric string.
pub(crate) fn int_of(v: &Value, key: &str) -> Option<i64> {
    match v.get(key)? {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean field (`true`, or the strings `"true"`/`"1"`).
pub(crate) fn bool_of(v: &Value, key: &str) -> bool {
    match v.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s == "true" || s == "1",
        Some(Value::Number(n)) => n.as_i64() == Some(1),
        _ => false,
    }
}

/// An array field, or an empty slice.
pub(crate) fn arr_of<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// Decode base64 (standard or URL alphabet, padded or not, `\/` already unescaped by JSON).
pub(crate) fn b64(text: &str) -> Option<Vec<u8>> {
    let t: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let t = t.trim_end_matches('=');
    BASE64_NOPAD
        .decode(t.as_bytes())
        .or_else(|_| BASE64URL_NOPAD.decode(t.as_bytes()))
        .ok()
}

/// Encode standard padded base64.
pub(crate) fn to_b64(bytes: &[u8]) -> String {
    BASE64.encode(bytes)
}

/// Decode hex, either case.
pub(crate) fn hex(text: &str) -> Option<Vec<u8>> {
    HEXLOWER_PERMISSIVE.decode(text.trim().as_bytes()).ok()
}

/// Decode hex into a fixed-size array.
pub(crate) fn hex_array<const N: usize>(text: &str) -> Option<[u8; N]> {
    hex(text)?.try_into().ok()
}
