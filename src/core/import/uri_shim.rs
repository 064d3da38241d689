//! A minimal tolerant otpauth URI parser and formatter used by import and export until
//! `core::uri` lands.
// TODO: replace with core::uri (same signatures: `parse(&str) -> Result<NewAccount>` and
// `format(&NewAccount) -> String`).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use super::draft::Draft;
use crate::core::account::{NewAccount, OtpKind};
use crate::core::error::{Error, Result};

/// Characters kept as they are in labels and parameter values.
const KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'@');

/// Parse an `otpauth://` or `steam://` URI.
pub(crate) fn parse(uri: &str) -> Result<NewAccount> {
    let uri = uri.trim();
    if let Some(secret) = strip_scheme(uri, "steam://") {
        let mut d = Draft::new("Steam", "");
        d.kind = OtpKind::Steam;
        d.secret_base32(secret)
            .map_err(|r| Error::invalid("secret", r))?;
        return d.finish().map_err(|r| Error::invalid("uri", r));
    }
    let rest = strip_scheme(uri, "otpauth://")
        .ok_or_else(|| Error::invalid("uri", "not an otpauth:// URI"))?;
    let (kind, rest) = rest
        .split_once('/')
        .ok_or_else(|| Error::invalid("uri", "no type in the URI"))?;
    let (label, query) = rest.split_once('?').unwrap_or((rest, ""));
    let label = percent_decode_str(label).decode_utf8_lossy();
    let mut d = Draft::new("", "");
    d.kind(kind).map_err(|r| Error::invalid("otp_type", r))?;
    let (prefix, account) = super::draft::split_label(&label);
    let (mut issuer, mut secret, mut steam) = (None, None, false);
    let (mut digits, mut period, mut counter) = (None, None, None);
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        match k.to_ascii_lowercase().as_str() {
            "secret" => secret = Some(v.into_owned()),
            "issuer" => issuer = Some(v.trim().to_owned()),
            "algorithm" => d
                .algorithm(&v)
                .map_err(|r| Error::invalid("algorithm", r))?,
            "digits" => digits = Some(num(&v, "digits")?),
            "period" => period = Some(num(&v, "period")?),
            "counter" => counter = Some(num(&v, "counter")?),
            "encoder" => steam |= v.eq_ignore_ascii_case("steam"),
            _ => {}
        }
    }
    // The issuer parameter wins; a label that starts with it loses exactly that prefix.
    let (issuer, account) = match issuer.filter(|i| !i.is_empty()) {
        Some(i) if label.starts_with(&format!("{i}:")) => {
            let rest = label[i.len() + 1..].trim().to_owned();
            (i, rest)
        }
        Some(i) => (i, account),
        None => (prefix, account),
    };
    if steam || issuer.eq_ignore_ascii_case("steam") {
        d.kind = OtpKind::Steam;
    }
    d.service = issuer;
    d.account = account;
    d.numbers(digits, period, counter);
    d.secret_base32(&secret.ok_or_else(|| Error::invalid("secret", "missing"))?)
        .map_err(|r| Error::invalid("secret", r))?;
    d.finish().map_err(|r| Error::invalid("uri", r))
}

fn strip_scheme<'a>(uri: &'a str, scheme: &str) -> Option<&'a str> {
    let head = uri.get(..scheme.len())?;
    head.eq_ignore_ascii_case(scheme)
        .then(|| &uri[scheme.len()..])
}

fn num(v: &str, field: &'static str) -> Result<i64> {
    v.trim()
        .parse()
        .map_err(|_| Error::invalid(field, "not a number"))
}

/// Format an account as a canonical otpauth URI.
pub(crate) fn format(a: &NewAccount) -> String {
    let enc = |s: &str| utf8_percent_encode(s, KEEP).to_string();
    let host = match a.otp.kind {
        OtpKind::Totp => "totp",
        OtpKind::Hotp => "hotp",
        OtpKind::Steam => "steam",
    };
    let label = if a.service.is_empty() {
        enc(&a.account)
    } else {
        format!("{}:{}", enc(&a.service), enc(&a.account))
    };
    let mut uri = format!(
        "otpauth://{host}/{label}?secret={}",
        a.otp.secret.to_base32().as_str()
    );
    if !a.service.is_empty() {
        uri.push_str(&format!("&issuer={}", enc(&a.service)));
    }
    uri.push_str(&format!(
        "&algorithm={}&digits={}",
        a.otp.algorithm.as_str().to_ascii_uppercase(),
        a.otp.digits
    ));
    match a.otp.kind {
        OtpKind::Hotp => uri.push_str(&format!("&counter={}", a.otp.counter)),
        _ => uri.push_str(&format!("&period={}", a.otp.period)),
    }
    uri
}
