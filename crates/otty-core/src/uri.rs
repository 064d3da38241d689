//! otpauth:// URIs: a tolerant parser and a canonical formatter (docs/DESIGN.md, «Tolerant
//! parsing», «Canonical formatting», «Steam URIs»).
//!
//! [`parse`] reads what other authenticators actually write, quirks included: the URI is split by
//! hand at the first `?`, because labels carry raw `#`, spaces and `@` that a strict URL parser
//! would turn into a fragment; the label is percent-decoded as UTF-8 (a `+` stays a plus there)
//! while the query is form-decoded (`+` is a space); the `issuer` parameter wins over the label
//! prefix (2FAuth's rule, so Microsoft work accounts keep `Microsoft` rather than the tenant);
//! secrets go through the tolerant [`Secret::from_base32`]; unknown parameters (`image`, `lock`,
//! `codeDisplay`, `algo`, …) are ignored. Steam is recognised in all its URI spellings and
//! normalised the way 2FAuth does it.
//!
//! [`format`] writes one canonical URI that Google Authenticator, Aegis and 2FAuth read back.
//! `parse(&format(&a))` gives `a` back for every validated account, with two documented
//! exceptions that a URI cannot express: a time-based account whose service is `steam` in any
//! letter case is read back as Steam, and the parameter a kind does not use comes back with its
//! default (period 30 for HOTP, counter 0 for TOTP and Steam).
//!
//! Every error is `Error::Invalid { field: "uri", .. }` and never quotes the secret.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use zeroize::Zeroizing;

use super::account::{
    Algorithm, NewAccount, OtpKind, OtpNumber, OtpParams, STEAM_SERVICE, Secret, is_steam_service,
};
use super::error::{Error, Result};

/// Bytes written as they are in labels and parameter values: RFC 3986 unreserved characters and
/// `@` (kept readable in e-mail addresses, as in the Key Uri Format's own examples). Everything
/// else, notably `:`, `%`, `+`, `#`, `?`, `&`, `=`, `/` and spaces, is percent-encoded. Spaces
/// become `%20`, never `+`: KeePassXC's query reader does not turn `+` into a space.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'@');

/// Parse an `otpauth://` URI (or Bitwarden's `steam://BASE32`) into a validated account.
///
/// A bare base32 secret is not a URI and is refused here; importers that meet one (Bitwarden's
/// `login.totp`) wrap it themselves, since only they know the item's name.
pub fn parse(uri: &str) -> Result<NewAccount> {
    let uri = uri.trim();
    let (scheme, rest) = uri.split_once("://").ok_or_else(not_otpauth)?;
    if scheme.eq_ignore_ascii_case("steam") {
        return parse_steam_scheme(rest);
    }
    if !scheme.eq_ignore_ascii_case("otpauth") {
        return Err(not_otpauth());
    }
    // Split by hand: the label ends at the FIRST `?`; nothing is treated as a fragment.
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (host, label) = path.split_once('/').unwrap_or((path, ""));
    let kind = match host.to_ascii_lowercase().as_str() {
        "totp" => OtpKind::Totp,
        "hotp" => OtpKind::Hotp,
        "steam" => OtpKind::Steam,
        _ => return Err(unsupported_type()),
    };
    let query = Query::read(query);
    let label = percent_decode_str(label)
        .decode_utf8()
        .map_err(|_| invalid("the label is not valid UTF-8"))?;
    let issuer = query.issuer.as_deref().map_or("", str::trim);
    let (prefix, account) = split_label(&label, issuer);
    let service = if issuer.is_empty() { prefix } else { issuer };

    // Steam spellings: the `steam` host (Aegis, Ente), `encoder=steam` (KeePassXC) and a TOTP
    // whose service is Steam (2FAuth). All get Steam's fixed parameters (`OtpParams::steam`).
    let steam_service = is_steam_service(service);
    let steam_encoder = query
        .encoder
        .as_deref()
        .is_some_and(|e| e.trim().eq_ignore_ascii_case("steam"));
    let kind = match kind {
        OtpKind::Totp if steam_service || steam_encoder => OtpKind::Steam,
        other => other,
    };
    let service = if kind == OtpKind::Steam && steam_service {
        STEAM_SERVICE
    } else {
        service
    };

    let secret = match &query.secret {
        Some(text) => Secret::from_base32(text).map_err(in_uri)?,
        None => return Err(invalid("the secret parameter is missing")),
    };
    let otp = match kind {
        OtpKind::Steam => OtpParams::steam(secret),
        _ => query.otp_params(kind, secret)?,
    };
    finish(NewAccount::new(service, account, otp))
}

/// The canonical URI of an account. It contains the secret: treat the result as secret.
///
/// `otpauth://totp/Issuer:Account?secret=…&issuer=Issuer&algorithm=SHA1&digits=6&period=30`;
/// HOTP writes `counter` instead of `period`. Label parts and values are percent-encoded, so a
/// colon inside a name is `%3A`; [`parse`] strips the exact `issuer` value plus `:` from the
/// label before falling back to the first colon, so colons survive in both service and account.
/// With no service the label is the account alone, or `:account` when the account has a colon.
///
/// Steam is written `otpauth://steam/…&algorithm=SHA1&digits=5&period=30&encoder=steam`. Aegis
/// and Ente only recognise Steam by the `steam` host: Aegis reads `otpauth://totp/Steam:…` as a
/// numeric TOTP (it refuses to guess from the issuer, Aegis issues #343 and #1590), which shows
/// wrong codes silently. KeePassXC keys on `encoder=steam`. Google Authenticator and 2FAuth's URI
/// reader refuse the `steam` host, a loud failure where they would otherwise show wrong codes
/// (2FAuth gets Steam accounts as `steamtotp` through its API and JSON formats instead). The
/// service is kept as it is, so a Steam account imported from Aegis as `Boeing` stays `Boeing`.
pub fn format(account: &NewAccount) -> String {
    let otp = &account.otp;
    let secret = otp.secret.to_base32();
    let (service, name) = (account.service.as_str(), account.account.as_str());
    // Sized up front so the buffer holding the secret is never reallocated (and left behind).
    let mut uri = String::with_capacity(128 + secret.len() + 6 * (service.len() + name.len()));
    uri.push_str("otpauth://");
    uri.push_str(match otp.kind {
        OtpKind::Totp => "totp",
        OtpKind::Hotp => "hotp",
        OtpKind::Steam => "steam",
    });
    uri.push('/');
    if !service.is_empty() {
        uri.extend(utf8_percent_encode(service, COMPONENT));
        uri.push(':');
    } else if name.contains(':') {
        // A leading colon means "no issuer", so the account's own colon is not read as one.
        uri.push(':');
    }
    uri.extend(utf8_percent_encode(name, COMPONENT));
    uri.push_str("?secret=");
    uri.push_str(&secret);
    if !service.is_empty() {
        uri.push_str("&issuer=");
        uri.extend(utf8_percent_encode(service, COMPONENT));
    }
    uri.push_str("&algorithm=");
    uri.push_str(&otp.algorithm.as_str().to_ascii_uppercase());
    uri.push_str("&digits=");
    uri.push_str(&otp.digits.to_string());
    match otp.kind {
        OtpKind::Hotp => {
            uri.push_str("&counter=");
            uri.push_str(&otp.counter.to_string());
        }
        OtpKind::Totp | OtpKind::Steam => {
            uri.push_str("&period=");
            uri.push_str(&otp.period.to_string());
        }
    }
    if otp.kind == OtpKind::Steam {
        uri.push_str("&encoder=steam");
    }
    uri
}

/// The parameters otty reads; the first occurrence of each wins, names are case-insensitive.
#[derive(Default)]
struct Query {
    secret: Option<Zeroizing<String>>,
    issuer: Option<String>,
    algorithm: Option<String>,
    digits: Option<String>,
    period: Option<String>,
    counter: Option<String>,
    encoder: Option<String>,
}

impl Query {
    /// Form-decode a query (`+` is a space) and keep the known parameters.
    fn read(query: &str) -> Self {
        let mut q = Query::default();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let slot = match key.to_ascii_lowercase().as_str() {
                "secret" => {
                    if q.secret.is_none() {
                        q.secret = Some(Zeroizing::new(value.into_owned()));
                    }
                    continue;
                }
                "issuer" => &mut q.issuer,
                "algorithm" => &mut q.algorithm,
                "digits" => &mut q.digits,
                "period" => &mut q.period,
                "counter" => &mut q.counter,
                "encoder" => &mut q.encoder,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(value.into_owned());
            }
        }
        q
    }

    /// TOTP or HOTP parameters; the one the kind does not use is ignored (Ente writes a period
    /// on HOTP URIs) and keeps its default.
    fn otp_params(&self, kind: OtpKind, secret: Secret) -> Result<OtpParams> {
        let mut otp = OtpParams {
            kind,
            ..OtpParams::totp(secret)
        };
        if let Some(name) = present(&self.algorithm) {
            otp.algorithm = Algorithm::parse(name).map_err(in_uri)?;
        }
        // Out of range is refused, never clamped: a period cut to one day (KeePassXC's rule)
        // would give codes the service never accepts.
        if let Some(digits) = present(&self.digits) {
            otp.digits = number(OtpNumber::Digits, digits)?;
        }
        match kind {
            OtpKind::Hotp => {
                if let Some(counter) = present(&self.counter) {
                    otp.counter = number(OtpNumber::Counter, counter)?;
                }
            }
            _ => {
                if let Some(period) = present(&self.period) {
                    otp.period = number(OtpNumber::Period, period)?;
                }
            }
        }
        Ok(otp)
    }
}

/// A parameter's value, unless absent or blank (blank counts as absent).
fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A whole number in the parameter's range, converted to its field's type; anything else is
/// refused in the words of account validation ([`OtpNumber::out_of_range`]).
fn number<T: TryFrom<u64>>(which: OtpNumber, value: &str) -> Result<T> {
    which
        .parse(value)
        .and_then(|n| T::try_from(n).map_err(|_| which.out_of_range()))
        .map_err(in_uri)
}

/// Split a decoded label into (issuer prefix, account), both trimmed.
///
/// When the `issuer` parameter is given and the label starts with exactly that value and a
/// colon, that is the prefix, so an issuer that itself contains a colon is cut at the right
/// place. Otherwise the label is cut at its first colon (literal or `%3A`), whatever the prefix
/// is: the account of `MyOrganization:account#EXT#@microsoft.com` is the part after it.
fn split_label<'a>(label: &'a str, issuer: &str) -> (&'a str, &'a str) {
    let exact = (!issuer.is_empty())
        .then(|| label.strip_prefix(issuer)?.strip_prefix(':'))
        .flatten();
    let (prefix, account) = match exact {
        Some(account) => (&label[..issuer.len()], account),
        None => label.split_once(':').unwrap_or(("", label)),
    };
    (prefix.trim(), account.trim())
}

/// Bitwarden's `steam://BASE32`: the secret is the whole authority; service "Steam", no account.
fn parse_steam_scheme(rest: &str) -> Result<NewAccount> {
    let encoded = rest.trim().trim_end_matches('/');
    let text = Zeroizing::new(percent_decode_str(encoded).decode_utf8_lossy().into_owned());
    let secret = Secret::from_base32(&text).map_err(in_uri)?;
    finish(NewAccount::new(STEAM_SERVICE, "", OtpParams::steam(secret)))
}

/// Validate (ranges, names) and report problems as URI errors.
fn finish(mut account: NewAccount) -> Result<NewAccount> {
    account.validate().map_err(in_uri)?;
    Ok(account)
}

/// Re-label a field error as a URI error, keeping the field's name in the reason.
fn in_uri(error: Error) -> Error {
    match error {
        Error::Invalid { field, reason } => invalid(format!("{field}: {reason}")),
        other => other,
    }
}

fn invalid(reason: impl Into<String>) -> Error {
    Error::invalid("uri", reason)
}

fn not_otpauth() -> Error {
    invalid("not an otpauth:// URI")
}

/// The type is not named back: a mangled URI may hold the secret in that place.
fn unsupported_type() -> Error {
    invalid("unsupported type (expected totp, hotp or steam)")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    const SECRET: &str = "JBSWY3DPEHPK3PXP";

    fn reason(uri: &str) -> String {
        match parse(uri) {
            Err(Error::Invalid { field, reason }) => {
                assert_eq!(field, "uri", "{uri}");
                reason
            }
            other => panic!("{uri}: expected a URI error, got {other:?}"),
        }
    }

    fn account(service: &str, name: &str, otp: OtpParams) -> NewAccount {
        let mut a = NewAccount::new(service, name, otp);
        a.validate().unwrap();
        a
    }

    fn totp() -> OtpParams {
        OtpParams::totp(Secret::from_base32(SECRET).unwrap())
    }

    #[test]
    fn formats_the_canonical_uri() {
        let a = account("ACME Co", "john@example.com", totp());
        assert_eq!(
            format(&a),
            "otpauth://totp/ACME%20Co:john@example.com?secret=JBSWY3DPEHPK3PXP\
             &issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30"
        );
        let hotp = OtpParams {
            kind: OtpKind::Hotp,
            algorithm: Algorithm::Sha256,
            digits: 8,
            counter: 7,
            ..totp()
        };
        assert_eq!(
            format(&account("", "bob", hotp)),
            "otpauth://hotp/bob?secret=JBSWY3DPEHPK3PXP&algorithm=SHA256&digits=8&counter=7"
        );
        let steam = OtpParams::steam(Secret::from_base32(SECRET).unwrap());
        assert_eq!(
            format(&account("Steam", "gaben", steam)),
            "otpauth://steam/Steam:gaben?secret=JBSWY3DPEHPK3PXP&issuer=Steam\
             &algorithm=SHA1&digits=5&period=30&encoder=steam"
        );
    }

    #[test]
    fn reserved_characters_are_encoded() {
        let a = account("R&D #1/2", "a+b?c=d%e", totp());
        let uri = format(&a);
        assert!(uri.starts_with("otpauth://totp/R%26D%20%231%2F2:a%2Bb%3Fc%3Dd%25e?secret="));
        assert!(uri.contains("&issuer=R%26D%20%231%2F2&"));
        assert_eq!(parse(&uri).unwrap(), a);
    }

    #[test]
    fn colons_round_trip_in_both_names() {
        for (service, name) in [
            ("A:B", "c"),
            ("A:B", "x:y"),
            ("", "x:y"),
            ("a", "a:b"),
            ("S", ""),
            (":", ":"),
        ] {
            let a = account(service, name, totp());
            assert_eq!(parse(&format(&a)).unwrap(), a, "{service:?} / {name:?}");
        }
        assert!(format(&account("", "x:y", totp())).starts_with("otpauth://totp/:x%3Ay?"));
    }

    #[test]
    fn label_keeps_raw_hash_spaces_and_plus() {
        let a = parse("otpauth://totp/MyOrganization:account#EXT#@microsoft.com?secret=JBSWY3DPEHPK3PXP&issuer=Microsoft").unwrap();
        assert_eq!(
            (a.service.as_str(), a.account.as_str()),
            ("Microsoft", "account#EXT#@microsoft.com")
        );
        let a = parse("otpauth://totp/Deno: Mason Jr+1?secret=JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(
            (a.service.as_str(), a.account.as_str()),
            ("Deno", "Mason Jr+1")
        );
        let a = parse("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&issuer=Air+Canada%21").unwrap();
        assert_eq!(a.service, "Air Canada!");
    }

    #[test]
    fn issuer_parameter_wins_and_prefix_is_the_fallback() {
        let a =
            parse("otpauth://totp/Tenant:bob?secret=JBSWY3DPEHPK3PXP&issuer=Microsoft").unwrap();
        assert_eq!(
            (a.service.as_str(), a.account.as_str()),
            ("Microsoft", "bob")
        );
        let a = parse("otpauth://totp/Tenant%3Abob?secret=JBSWY3DPEHPK3PXP&issuer=").unwrap();
        assert_eq!((a.service.as_str(), a.account.as_str()), ("Tenant", "bob"));
        let a = parse("otpauth://totp?secret=JBSWY3DPEHPK3PXP&issuer=Only").unwrap();
        assert_eq!((a.service.as_str(), a.account.as_str()), ("Only", ""));
    }

    #[test]
    fn tolerant_secrets_scheme_and_parameters() {
        let expected = Secret::from_base32(SECRET).unwrap();
        for uri in [
            "otpauth://totp/a?secret=jbswy3dpehpk3pxp",
            "otpauth://totp/a?secret=JBSW+Y3DP%20EHPK-3PXP",
            "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP%3D%3D%3D%3D",
            "OTPAUTH://TOTP/a?SECRET=JBSWY3DPEHPK3PXP&secret=AAAA",
            "  otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&image=x&lock=false&algo=MD5\n",
        ] {
            let a = parse(uri).unwrap();
            assert_eq!(a.otp.secret, expected, "{uri}");
            assert_eq!(a.otp.algorithm, Algorithm::Sha1, "{uri}");
        }
        let a = parse("otpauth://totp/a?secret=AA&algorithm=sha-512&digits=%2010&period=86400")
            .unwrap();
        assert_eq!(
            (a.otp.algorithm, a.otp.digits, a.otp.period),
            (Algorithm::Sha512, 10, 86_400)
        );
        let a = parse("otpauth://hotp/a?secret=AA&period=abc&counter=").unwrap();
        assert_eq!(
            (a.otp.counter, a.otp.period),
            (0, 30),
            "period ignored, counter defaults"
        );
        let a = parse("otpauth://totp/a?secret=AA&counter=abc").unwrap();
        assert_eq!(a.otp.counter, 0, "counter ignored for TOTP");
    }

    #[test]
    fn steam_spellings_are_normalised() {
        for uri in [
            "otpauth://totp/steam:bob?secret=AA&issuer=steam&digits=6&algorithm=SHA256&period=60",
            "otpauth://totp/STEAM:bob?secret=AA",
            "otpauth://Steam/Steam:bob?secret=AA&digits=abc",
            "otpauth://totp/Steam:bob?secret=AA&encoder=STEAM",
        ] {
            let a = parse(uri).unwrap();
            assert_eq!(
                a.otp,
                OtpParams::steam(Secret::from_bytes(vec![0])),
                "{uri}"
            );
            assert_eq!(
                (a.service.as_str(), a.account.as_str()),
                ("Steam", "bob"),
                "{uri}"
            );
        }
        let a = parse("otpauth://totp/Valve:gaben?secret=AA&encoder=steam&issuer=Valve").unwrap();
        assert_eq!((a.otp.kind, a.service.as_str()), (OtpKind::Steam, "Valve"));
        let a = parse("otpauth://hotp/Steam:bob?secret=AA&issuer=Steam&counter=3").unwrap();
        assert_eq!(
            a.otp.kind,
            OtpKind::Hotp,
            "only time-based URIs become Steam"
        );
        let a = parse("STEAM://jrzcl47cmxvoqmnpzr2f7j4rgi/").unwrap();
        assert_eq!(
            (a.otp.kind, a.service.as_str(), a.account.as_str()),
            (OtpKind::Steam, "Steam", "")
        );
    }

    #[test]
    fn refusals_name_the_problem() {
        assert!(reason("JBSWY3DPEHPK3PXP").contains("not an otpauth"));
        assert!(reason("").contains("not an otpauth"));
        assert!(reason("https://example.com/?secret=AA").contains("not an otpauth"));
        assert!(reason("otpauth://Xotp/a?secret=AA").contains("unsupported type"));
        assert!(reason("otpauth://motp/a?secret=AA").contains("unsupported type"));
        assert!(reason("otpauth://totp/a?issuer=x").contains("missing"));
        assert!(reason("otpauth://totp/a?secret=").contains("secret is empty"));
        assert!(reason("steam://").contains("secret is empty"));
        assert!(reason("otpauth://totp/a?secret=AA&digits=4").contains("digits"));
        assert!(reason("otpauth://totp/a?secret=AA&digits=300").contains("digits"));
        assert!(reason("otpauth://totp/a?secret=AA&digits=six").contains("digits"));
        assert!(reason("otpauth://totp/a?secret=AA&period=0").contains("period"));
        assert!(reason("otpauth://totp/a?secret=AA&period=-30").contains("period"));
        assert!(reason("otpauth://hotp/a?secret=AA&counter=-1").contains("counter"));
        assert!(
            reason("otpauth://hotp/a?secret=AA&counter=9223372036854775808").contains("counter")
        );
        assert!(reason("otpauth://totp/a?secret=AA&algorithm=sha3").contains("algorithm"));
        assert!(reason("otpauth://totp/?secret=AA").contains("account"));
        assert!(reason("otpauth://totp/%FF?secret=AA").contains("UTF-8"));
        assert!(reason("otpauth://totp/a%07b?secret=AA").contains("control"));
        assert_eq!(
            reason("otpauth://totp/%E2%80%AEevil:y?secret=AA"),
            "service: contains bidirectional control characters"
        );
        assert_eq!(
            reason("otpauth://totp/x:%E2%81%A6y?secret=AA"),
            "account: contains bidirectional control characters"
        );
    }

    #[test]
    fn numbers_out_of_range_are_refused_in_validation_s_words() {
        let period = "period: must be between 1 and 86400 seconds";
        let digits = "digits: must be between 5 and 10";
        let counter = "counter: must be between 0 and 9223372036854775807";
        for (query, want) in [
            ("period=0", period),
            ("period=86401", period),
            ("period=4294967296", period),
            ("period=99999999999", period),
            ("period=99999999999999", period),
            ("period=-30", period),
            ("period=abc", period),
            ("digits=4", digits),
            ("digits=256", digits),
            ("digits=18446744073709551616", digits),
            ("digits=six", digits),
        ] {
            let uri = format!("otpauth://totp/X:y?secret=JBSWY3DPEHPK3PXP&{query}");
            assert_eq!(reason(&uri), want, "{uri}");
        }
        for (query, want) in [
            ("counter=9223372036854775808", counter),
            ("counter=18446744073709551615", counter),
            ("counter=18446744073709551616", counter),
            ("counter=-1", counter),
            ("digits=11", digits),
        ] {
            let uri = format!("otpauth://hotp/X:y?secret=JBSWY3DPEHPK3PXP&{query}");
            assert_eq!(reason(&uri), want, "{uri}");
        }
        let edge = parse("otpauth://hotp/X:y?secret=AA&counter=9223372036854775807").unwrap();
        assert_eq!(edge.otp.counter, 9_223_372_036_854_775_807);
    }

    #[test]
    fn errors_never_quote_the_secret() {
        for uri in [
            "otpauth://totp/a?secret=SUPERSECRETVALUE1",
            "otpauth://totp/a?secret=SUPERSECRETVALUE&digits=1",
            "steam://SUPERSECRETVALUE!",
            "otpauth://SUPERSECRETVALUE/a?secret=AA",
        ] {
            let error = parse(uri).unwrap_err();
            for shown in [error.to_string(), format!("{error:?}")] {
                assert!(!shown.contains("SUPERSECRET"), "{shown}");
            }
        }
        let a = parse("otpauth://totp/a?secret=SUPERSECRETVALUE").unwrap();
        assert!(!format!("{a:?}").contains("SUPERSECRET"));
    }
}
