//! CORS: which origins may call the API from a browser, and the layer that answers
//! cross-origin requests and preflights.
//!
//! Browser extensions (`chrome-extension://`, `moz-extension://`, `safari-web-extension://`
//! origins, such as 2FAuth's own extension) are allowed by default: the bearer token they send
//! is the credential, and a page cannot take an extension's origin. Web pages are refused
//! unless `--cors-origin` names them; `*` allows any origin. Tokens are never sent by a browser
//! on its own the way cookies are, so no `Access-Control-Allow-Credentials` is ever sent.
//! `null` (the origin of sandboxed frames and local files, which any page can claim) and
//! anything but `scheme://host[:port]` are refused at start. An origin is kept as browsers
//! send it: lower case, and without `:80` on `http` or `:443` on `https`. Preflights name the
//! request headers one by one: a `*` there never covers `Authorization`.

use std::net::Ipv6Addr;

use axum::http::{HeaderName, HeaderValue, Method, header};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// Schemes an allowed origin may have: web pages and browser extensions (2FAuth's).
pub const SCHEMES: &[&str] = &[
    "http",
    "https",
    "moz-extension",
    "chrome-extension",
    "safari-web-extension",
];

/// Schemes of browser extensions' own pages, allowed by default.
pub const EXTENSION_SCHEMES: &[&str] =
    &["chrome-extension", "moz-extension", "safari-web-extension"];

/// Request headers a cross-origin client may send.
pub const ALLOWED_HEADERS: [HeaderName; 5] = [
    header::AUTHORIZATION,
    header::CONTENT_TYPE,
    header::ACCEPT,
    HeaderName::from_static("x-requested-with"),
    HeaderName::from_static("x-api-key"),
];

/// A configured origin that is not one.
#[derive(Debug, thiserror::Error)]
#[error("invalid CORS origin {origin:?}: {reason}; give * or scheme://host[:port]")]
pub struct BadOrigin {
    /// The origin as configured.
    pub origin: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// Whether `origin` is a browser extension's: one of [`EXTENSION_SCHEMES`], `://`, and an
/// extension id (letters, digits and dashes: Chrome's 32 letters, Firefox's and Safari's UUIDs),
/// nothing else.
pub fn is_extension(origin: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(origin) else {
        return false;
    };
    let Some((scheme, id)) = text.split_once("://") else {
        return false;
    };
    EXTENSION_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())
        && (1..=64).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The origins allowed: every browser extension (unless `extensions` is false), plus the
/// configured `origins`, any origin at all when they hold `*`; `None` when nothing is allowed.
pub fn allowed(origins: &[String], extensions: bool) -> Result<Option<AllowOrigin>, BadOrigin> {
    let mut list = Vec::with_capacity(origins.len());
    for o in origins.iter().filter(|o| *o != "*") {
        list.push(origin(o).map_err(|reason| BadOrigin {
            origin: o.clone(),
            reason,
        })?);
    }
    Ok(if origins.iter().any(|o| o == "*") {
        Some(AllowOrigin::any())
    } else if extensions {
        Some(AllowOrigin::predicate(move |o: &HeaderValue, _| {
            is_extension(o.as_bytes()) || list.contains(o)
        }))
    } else if list.is_empty() {
        None
    } else {
        Some(AllowOrigin::list(list))
    })
}

/// The layer for `origins` (and extensions when `extensions`), or `None` when nothing is
/// allowed or an origin is invalid (`serve` refuses those before it builds the router).
pub fn layer(origins: &[String], extensions: bool) -> Option<CorsLayer> {
    let allow = allowed(origins, extensions).ok()??;
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([
                Method::GET,
                Method::POST,
                Method::PUT,
                Method::PATCH,
                Method::DELETE,
            ])
            .allow_headers(ALLOWED_HEADERS),
    )
}

/// One `scheme://host[:port]` origin, as browsers send it: lower-cased, and without the
/// scheme's default port (`http://…:80`, `https://…:443`), which browsers leave out.
fn origin(text: &str) -> Result<HeaderValue, &'static str> {
    if text == "null" {
        return Err(
            "null is the origin of sandboxed frames and local files, which any page can claim",
        );
    }
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("it contains whitespace");
    }
    let lower = text.to_ascii_lowercase();
    let (scheme, rest) = lower.split_once("://").ok_or("it has no scheme:// part")?;
    if !SCHEMES.contains(&scheme) {
        return Err("the scheme must be http or https (or a browser extension's)");
    }
    if rest.contains(['/', '?', '#']) {
        return Err("an origin has no path, query or fragment (no trailing slash either)");
    }
    if rest.contains('@') {
        return Err("an origin has no user name or password");
    }
    let (host, port) = match rest.strip_prefix('[') {
        Some(v6) => {
            let (addr, after) = v6.split_once(']').ok_or("unclosed [ in the host")?;
            addr.parse::<Ipv6Addr>()
                .map_err(|_| "the host is not an IPv6 address")?;
            match after {
                "" => (addr, None),
                p => (
                    addr,
                    Some(p.strip_prefix(':').ok_or("junk after the host")?),
                ),
            }
        }
        None => match rest.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (rest, None),
        },
    };
    let host_ok = !host.is_empty()
        && (rest.starts_with('[')
            || host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.'));
    if !host_ok {
        return Err("the host is empty or has characters a host name cannot have");
    }
    let port = match port {
        None => None,
        Some(p) => match p.parse::<u16>() {
            Ok(n @ 1..) if p.bytes().all(|b| b.is_ascii_digit()) => Some(n),
            _ => return Err("the port must be a number from 1 to 65535"),
        },
    };
    let serialised = match (scheme, port) {
        ("http", Some(80)) | ("https", Some(443)) => format!("{scheme}://{}", host_part(rest)),
        ("http" | "https", Some(n)) => format!("{scheme}://{}:{n}", host_part(rest)),
        _ => lower,
    };
    HeaderValue::from_str(&serialised).map_err(|_| "it is not a valid header value")
}

/// The host of `host[:port]` or `[v6]:port`, brackets kept.
fn host_part(rest: &str) -> &str {
    match rest.find(']') {
        Some(end) => &rest[..=end],
        None => rest.split(':').next().unwrap_or(rest),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn extension_origins_are_recognised_and_pages_are_not() {
        for ext in [
            "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
            "moz-extension://3f1c2b6e-1a2b-4c3d-9e8f-0a1b2c3d4e5f",
            "safari-web-extension://3F1C2B6E-1A2B-4C3D-9E8F-0A1B2C3D4E5F",
        ] {
            assert!(is_extension(ext.as_bytes()), "{ext}");
        }
        for not in [
            "https://app.example",
            "http://127.0.0.1:3000",
            "null",
            "chrome-extension://",
            "chrome-extension://abc/path",
            "chrome-extension://abc:80",
            "moz-extension://abc.evil.example",
            "chrome-extensionx://abc",
            "file://abc",
        ] {
            assert!(!is_extension(not.as_bytes()), "{not}");
        }
    }

    #[test]
    fn origins_are_scheme_host_and_port() {
        for good in [
            "http://app.example",
            "https://app.example:8443",
            "http://127.0.0.1:3000",
            "http://[::1]:8080",
            "HTTP://App.Example",
            "moz-extension://3f1c2b6e-1a2b-4c3d-9e8f-0a1b2c3d4e5f",
        ] {
            assert!(origin(good).is_ok(), "{good}");
        }
        for bad in [
            "null",
            "",
            "app.example",
            "ftp://app.example",
            "javascript://x",
            "http://",
            "http://app.example/",
            "http://app.example/path",
            "http://app.example?q",
            "http://app.example#f",
            "http://app.example:0",
            "http://app.example:99999",
            "http://app.example:",
            "http://user@app.example",
            "http://app .example",
            " http://app.example",
            "http://app.example\n",
            "http://[::1",
            "http://[nope]:80",
            "http://a_b.example",
        ] {
            assert!(origin(bad).is_err(), "{bad:?}");
        }
        assert_eq!(origin("HTTP://App.Example").unwrap(), "http://app.example");
    }

    #[test]
    fn default_ports_are_left_out_as_browsers_do() {
        for (given, sent) in [
            ("http://y:80", "http://y"),
            ("HTTPS://Y:443", "https://y"),
            ("http://[::1]:80", "http://[::1]"),
            ("http://127.0.0.1:080", "http://127.0.0.1"),
            ("http://y:08080", "http://y:8080"),
            ("http://y:443", "http://y:443"),
            ("https://y:80", "https://y:80"),
            ("https://[::1]:8443", "https://[::1]:8443"),
            ("http://y", "http://y"),
            ("moz-extension://abc:80", "moz-extension://abc:80"),
            ("chrome-extension://abc:443", "chrome-extension://abc:443"),
        ] {
            assert_eq!(origin(given).unwrap(), sent, "{given}");
        }
    }

    #[test]
    fn a_star_allows_any_origin_and_null_is_refused() {
        assert!(allowed(&[], false).unwrap().is_none());
        assert!(allowed(&[], true).unwrap().is_some());
        assert!(allowed(&["*".into()], false).unwrap().is_some());
        let e = allowed(&["http://a.example".into(), "null".into()], true).unwrap_err();
        assert_eq!(e.origin, "null");
        assert!(
            e.to_string().contains("invalid CORS origin \"null\""),
            "{e}"
        );
    }
}
