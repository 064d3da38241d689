//! The DNS-rebinding guard (docs/DESIGN.md, «Loopback and Host checks»): a request's `Host` must
//! name a loopback host (`localhost`, `*.localhost`, `127.0.0.0/8`, `::1`), the address the server
//! is bound to, or a name given with `--host`. A web page that rebinds its own name to 127.0.0.1
//! therefore gets 403 instead of the API.

use std::net::IpAddr;

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::state::AppState;

/// The host part of a `Host` header value (port and IPv6 brackets removed), lower-cased.
pub fn host_name(value: &str) -> String {
    let v = value.trim();
    let host = if let Some(rest) = v.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        v.rsplit_once(':')
            .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
            .map_or(v, |(h, _)| h)
    };
    host.trim_end_matches('.').to_ascii_lowercase()
}

/// Whether `host` (see [`host_name`]) is acceptable for a server bound to `bind`.
pub fn allowed(host: &str, bind: IpAddr, extra: &[String]) -> bool {
    if host == "localhost" || host.ends_with(".localhost") {
        return true;
    }
    if let Ok(ip) = host.parse::<IpAddr>() {
        return ip.is_loopback() || (ip == bind && !bind.is_unspecified());
    }
    extra.iter().any(|h| h.eq_ignore_ascii_case(host))
}

/// Middleware: 403 unless the `Host` header is allowed.
pub async fn check_host(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let ok = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()))
        .is_some_and(|h| {
            allowed(
                &host_name(h),
                state.config.bind.ip(),
                &state.config.allowed_hosts,
            )
        });
    if ok {
        next.run(req).await
    } else {
        ApiError::Forbidden("Host not allowed".to_owned()).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        let lo: IpAddr = [127, 0, 0, 1].into();
        for h in [
            "localhost:6889",
            "127.0.0.1:6889",
            "[::1]:6889",
            "LOCALHOST",
            "a.localhost",
        ] {
            assert!(allowed(&host_name(h), lo, &[]), "{h}");
        }
        for h in ["evil.example:6889", "10.0.0.1", "localhost.evil.example"] {
            assert!(!allowed(&host_name(h), lo, &[]), "{h}");
        }
        assert!(allowed(
            &host_name("otty.lan"),
            lo,
            &["otty.lan".to_owned()]
        ));
    }
}
