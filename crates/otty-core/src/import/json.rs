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
        if super::duo::detect(items) {
            return Some(Format::Duo);
        }
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
    } else if super::stratum::detect(v) {
        Some(Format::Stratum)
    } else if super::cotp::detect(v) {
        Some(Format::Cotp)
    } else if super::proton::detect(v) {
        Some(Format::Proton)
    } else if super::steam::detect(v) {
        Some(Format::Steam)
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lenient_fields() {
        let v = json!({"a": "7", "b": 8, "c": 9.0, "d": "x", "t": "true"});
        assert_eq!(
            (int_of(&v, "a"), int_of(&v, "b"), int_of(&v, "c")),
            (Some(7), Some(8), Some(9))
        );
        assert_eq!((int_of(&v, "d"), int_of(&v, "zz")), (None, None));
        assert!(bool_of(&v, "t") && !bool_of(&v, "d"));
        assert_eq!(str_of(&v, "b"), "");
    }

    #[test]
    fn base64_and_hex() {
        assert_eq!(b64("aGk=").unwrap(), b"hi");
        assert_eq!(b64("aGk").unwrap(), b"hi");
        assert_eq!(b64("-_8").unwrap(), [0xfb, 0xff]);
        assert!(b64("a*b").is_none());
        assert_eq!(hex_array::<2>("0aFF"), Some([10, 255]));
        assert_eq!(hex_array::<2>("0a"), None);
    }

    #[test]
    fn detects_json_shapes() {
        assert_eq!(
            detect(&json!({"header": {}, "db": {}})),
            Some(Format::Aegis)
        );
        assert_eq!(
            detect(&json!([{"secret": "A", "type": "TOTP"}])),
            Some(Format::AndOtp)
        );
        assert_eq!(
            detect(&json!({"app": "2fauth_v5", "data": []})),
            Some(Format::TwoFauth)
        );
        assert_eq!(
            detect(&json!({"encrypted": false, "items": []})),
            Some(Format::Bitwarden)
        );
        assert_eq!(detect(&json!([])), None);
        assert_eq!(detect(&json!({"x": 1})), None);
        assert!(parse(b"  {\"a\":1}").is_some() && parse(b"x{}").is_none());
    }
}
