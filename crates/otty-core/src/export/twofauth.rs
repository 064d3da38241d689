//! 2FAuth's JSON export (schema 1), icons included as base64, so 2FAuth can import otty's
//! accounts. Steam is written as `steamtotp` with SHA1/5/30.

use serde_json::{Value, json};

use zeroize::Zeroizing;

use super::{ExportEntry, ExportError, to_json};
use crate::account::OtpKind;
use crate::import::json::to_b64;
use crate::uri;

/// Build the export document.
pub(super) fn export(entries: &[ExportEntry<'_>]) -> Result<Zeroizing<Vec<u8>>, ExportError> {
    let data: Vec<Value> = entries.iter().map(item).collect();
    to_json(&json!({
        "app": concat!("2fauth_otty_v", env!("CARGO_PKG_VERSION")),
        "schema": 1,
        "data": data,
    }))
}

fn item(e: &ExportEntry<'_>) -> Value {
    let a = e.account;
    let hotp = a.otp.kind == OtpKind::Hotp;
    json!({
        "otp_type": a.otp.kind.as_str(),
        "service": a.service,
        "account": a.account,
        "icon": e.icon.map(|i| i.name.as_str()),
        "icon_mime": e.icon.map(|i| i.mime.as_str()),
        "icon_file": e.icon.map(|i| to_b64(&i.bytes)),
        "secret": a.otp.secret.to_base32().as_str(),
        "digits": a.otp.digits,
        "algorithm": a.otp.algorithm.as_str(),
        "period": (!hotp).then_some(a.otp.period),
        "counter": hotp.then_some(a.otp.counter),
        "legacy_uri": uri::format(a),
    })
}
