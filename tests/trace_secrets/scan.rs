//! The forbidden strings of `trace_secrets` and the scanner that looks for them: secrets in
//! every form they could leak in, OTP codes as whole tokens, what each run may print.

use std::collections::BTreeSet;

use base64::Engine;
use otty::core::OtpKind;
use otty::core::OtpParams;
use otty::core::otp::{at_counter, time_step};

use crate::WRONG_TOKEN;

/// What a run may print on stdout because printing it is the command's job.
#[derive(Clone, Copy, Default)]
pub struct Allowed {
    pub codes: bool,
    pub secrets: bool,
    pub tokens: bool,
}

/// The forms a secret could leak in: as given, canonical base32, lowercase, unpadded, hex,
/// base64.
pub fn secret_forms(bytes: &[u8]) -> Vec<String> {
    let b32 = data_encoding::BASE32_NOPAD.encode(bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    vec![
        b32.clone(),
        b32.to_lowercase(),
        data_encoding::BASE32.encode(bytes),
        hex.clone(),
        hex.to_uppercase(),
        base64::engine::general_purpose::STANDARD.encode(bytes),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes),
    ]
}

/// Every code the accounts produced between `from` and `to` (one period either side), plus the
/// HOTP codes around each counter seen and the codes at the `--at` time.
pub fn codes(params: &[OtpParams], from: i64, to: i64) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for p in params {
        let counters: Vec<u64> = match p.kind {
            OtpKind::Hotp => (p.counter.saturating_sub(10)..=p.counter + 5).collect(),
            OtpKind::Totp | OtpKind::Steam => {
                let period = i64::from(p.period);
                let mut c: Vec<u64> = (time_step(from - period, p.period)
                    ..=time_step(to + period, p.period))
                    .collect();
                c.push(time_step(1_700_000_000, p.period));
                c
            }
        };
        for c in counters {
            out.insert(at_counter(p, c).text.to_string());
        }
    }
    out
}

/// Where `needle` occurs in `hay` as a whole token (no letter or digit on either side).
pub fn whole_token(hay: &str, needle: &str) -> Option<usize> {
    hay.match_indices(needle).map(|(i, _)| i).find(|&i| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

pub fn context(hay: &str, at: usize) -> String {
    let start = hay[..at].char_indices().rev().nth(60).map_or(0, |(i, _)| i);
    hay[start..].chars().take(140).collect()
}

/// The forbidden strings, by kind.
pub struct Forbidden {
    pub secrets: BTreeSet<String>,
    pub passwords: Vec<String>,
    pub tokens: Vec<String>,
    pub codes: BTreeSet<String>,
}

impl Forbidden {
    pub fn len(&self) -> usize {
        self.secrets.len() + self.passwords.len() + self.tokens.len() + self.codes.len()
    }

    /// Every forbidden string in `text`, as "kind: …context…", skipping the allowed kinds.
    pub fn scan(&self, text: &str, allowed: Allowed) -> Vec<String> {
        let mut hits = Vec::new();
        let mut find = |kind: &str, needle: &str, whole: bool| {
            let at = if whole {
                whole_token(text, needle)
            } else {
                text.find(needle)
            };
            if let Some(at) = at {
                hits.push(format!("{kind}: …{}…", context(text, at)));
            }
        };
        for p in &self.passwords {
            find("password or passphrase", p, false);
        }
        for t in &self.tokens {
            if !allowed.tokens || t == WRONG_TOKEN {
                find("API token", t, false);
            }
        }
        if !allowed.secrets {
            for s in &self.secrets {
                find("secret", s, false);
            }
        }
        if !allowed.codes {
            for c in &self.codes {
                find("OTP code", c, true);
            }
        }
        hits
    }
}
