//! 2FAuth's JSON export: `{app: "2fauth_v…", schema: 1, data[]}` with icons as
//! base64 `icon_file`, or the `otpauth` flavour `{app, data: [{uri}]}` whose URIs are
//! already URL-decoded (read leniently). `steamtotp` is forced to SHA1/5/30.

use serde_json::Value;

use super::draft::{Draft, icon};
use super::json::{b64, int_of, str_of};
use super::{Format, ImportBatch, ImportError, ImportedEntry, batch};
use crate::uri;

/// Import a parsed 2FAuth export.
pub(crate) fn import(doc: &Value) -> Result<ImportBatch, ImportError> {
    let data = doc
        .get("data")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::damaged(Format::TwoFauth, "no data"))?;
    Ok(batch(
        Format::TwoFauth,
        false,
        data.iter().map(item).collect(),
    ))
}

fn item(v: &Value) -> ImportedEntry {
    let uri = str_of(v, "uri");
    if !uri.is_empty() && v.get("secret").is_none() {
        return ImportedEntry::new(uri::parse(uri).map_err(|e| e.to_string()));
    }
    let account = (|| {
        let mut d = Draft::new(str_of(v, "service"), str_of(v, "account"));
        d.kind(str_of(v, "otp_type"))?;
        d.algorithm(str_of(v, "algorithm"))?;
        d.numbers(
            int_of(v, "digits"),
            int_of(v, "period"),
            int_of(v, "counter"),
        );
        d.secret_base32(str_of(v, "secret"))?;
        d.finish()
    })();
    let icon = b64(str_of(v, "icon_file"))
        .and_then(|bytes| icon(str_of(v, "icon").to_owned(), bytes, str_of(v, "icon_mime")));
    ImportedEntry {
        account,
        group: None,
        icon,
    }
}
