//! Idle timeouts as people type them: `90s`, `15m`, `2h`, `1d`, a bare number of seconds, or
//! `0` for none.

use std::time::Duration;

/// Parse a timeout; `Ok(None)` is `0` (never time out).
pub fn parse(text: &str) -> Result<Option<Duration>, String> {
    let t = text.trim();
    let (digits, unit) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => t.split_at(i),
        None => (t, "s"),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{text:?} is not a duration such as 90s, 15m, 2h or 1d"))?;
    let scale = match unit.trim() {
        "s" | "sec" | "secs" => 1,
        "m" | "min" | "mins" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(format!("{text:?}: the unit must be s, m, h or d")),
    };
    let secs = n
        .checked_mul(scale)
        .filter(|s| *s <= 366 * 86_400)
        .ok_or_else(|| format!("{text:?} is longer than a year"))?;
    Ok((secs > 0).then(|| Duration::from_secs(secs)))
}

/// A timeout for people: `15m`, `1h30m`, `45s`; `none` for no timeout.
pub fn show(d: Option<Duration>) -> String {
    let Some(d) = d else {
        return "none".to_owned();
    };
    let s = d.as_secs();
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    let mut out = String::new();
    for (n, unit) in [(h, "h"), (m, "m"), (s, "s")] {
        if n > 0 {
            out.push_str(&format!("{n}{unit}"));
        }
    }
    if out.is_empty() { "0s".to_owned() } else { out }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let secs = |t: &str| parse(t).unwrap().map(|d| d.as_secs());
        assert_eq!(secs("90s"), Some(90));
        assert_eq!(secs("15m"), Some(900));
        assert_eq!(secs("2h"), Some(7200));
        assert_eq!(secs("1d"), Some(86_400));
        assert_eq!(secs("45"), Some(45));
        assert_eq!(secs("0"), None);
        for bad in ["", "m", "5w", "-1s", "99999999999999999999d", "400d"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert_eq!(show(Some(Duration::from_secs(5400))), "1h30m");
        assert_eq!(show(None), "none");
    }
}
