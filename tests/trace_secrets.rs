//! No secret in any output or log: every CLI command (and `otty serve` under HTTP requests)
//! runs with `RUST_LOG=trace` on a vault of known secrets, and nothing it prints to stdout or
//! stderr may contain an account secret (base32 as typed, canonical, lowercase, hex, base64),
//! a vault password (old, new, wrong), an export or import passphrase, an API token (valid or
//! wrong) or an OTP code, except where the command's purpose is to print it (`code` prints
//! codes on stdout, `token create` its token, a plain export to stdout its secrets). The test
//! also checks that trace and debug lines were written, so logging being off cannot make it
//! pass. Run with `--nocapture` to see the counts. `trace_secrets/commands.rs` holds the
//! command list, `harness.rs` the runner, `scan.rs` the forbidden strings and the scanner.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "trace_secrets/commands.rs"]
mod commands;
#[path = "trace_secrets/harness.rs"]
mod harness;
#[path = "trace_secrets/scan.rs"]
mod scan;
#[allow(dead_code)]
#[path = "cli/support.rs"]
mod support;

use std::collections::BTreeSet;

use otty::core::Secret;

use commands::exercise;
use harness::{Harness, totp, unix_now};
use scan::{Allowed, Forbidden, codes, secret_forms};

const PASSWORD: &str = "vault-pw-Kq93xTj";
const NEW_PASSWORD: &str = "vault-pw2-Zr71mYw";
const WRONG_PASSWORD: &str = "wrong-pw-Hd52Lqe";
const EXPORT_PASSPHRASE: &str = "export-pp-Vn48Rsk";
const WRONG_PASSPHRASE: &str = "wrong-pp-Tb36Wua";
const WRONG_TOKEN: &str = "otty_pat_NotARealTokenButLongEnoughToLookLikeOne0123456";
/// Passphrases of encrypted fixtures (tests/data/SOURCES.md); Aegis, 2FAS and andOTP use
/// `test`, which is too common a word to search for (it is in every fixture path).
const FIXTURE_PASSPHRASES: [&str; 2] = ["interop-test-passphrase", "correct horse battery staple"];

/// Secrets typed on the command line or sent over HTTP.
const S_URI: &str = "2ECNBTAQNWCR7QAAQERV6Z5IDEE364WZ";
const S_STDIN: &str = "PGJBBGUWUFJUCFW3V3P7GPCEGEO7WCK5";
const S_ARG: &str = "xqju cr3t 22wy 6eyq 2rfh n42o rznl noac";
const S_SHA256: &str = "SYBRNJ2MPEMTOCW5YHQG25ZQ4PQ46BP2";
const S_URI_STDIN: &str = "KHAYKEVYM7HLLEHMGHL3ZJUEYAIDECJ6";
const S_EDITED: &str = "BDUKK2DMSEC4XX2K4T4FWP25KCS6BHAE";
const S_API_STORE: &str = "6QYPSGYW2MKENDXLBWHD7U7HJ4MFZY7A";
const S_API_OTP: &str = "DQTWTXWSYEI4VQJX722XJBYVAAFMA7O4";
const S_REMOVED: &str = "RMMDRX5AKDVKSSOOIZOW6ZZACJ3RDH4M";
const S_SHORT: &str = "CHB6Z4REMY7E6PWP";

#[test]
fn no_secret_token_password_or_code_in_any_output_or_log() {
    let from = unix_now();
    let mut h = Harness::new();
    exercise(&mut h);
    let to = unix_now();

    // The secrets we typed, plus every secret any snapshot saw (imports included).
    let mut secrets: BTreeSet<Vec<u8>> = [
        S_URI,
        S_STDIN,
        S_ARG,
        S_SHA256,
        S_URI_STDIN,
        S_EDITED,
        S_API_STORE,
        S_API_OTP,
        S_REMOVED,
        S_SHORT,
    ]
    .iter()
    .map(|s| Secret::from_base32(s).unwrap().expose().to_vec())
    .collect();
    let mut params = h.params.clone();
    params.push(totp(S_API_OTP));
    secrets.extend(params.iter().map(|p| p.secret.expose().to_vec()));
    let mut secret_strings = BTreeSet::new();
    let mut short_forms = 0;
    for s in &secrets {
        for form in secret_forms(s) {
            // Very short secrets (a few bytes) would match by chance; count and skip them.
            if form.len() >= 12 {
                secret_strings.insert(form);
            } else {
                short_forms += 1;
            }
        }
    }
    secret_strings.insert(S_ARG.to_owned());
    let mut passwords: Vec<String> = [
        PASSWORD,
        NEW_PASSWORD,
        WRONG_PASSWORD,
        EXPORT_PASSPHRASE,
        WRONG_PASSPHRASE,
    ]
    .map(str::to_owned)
    .to_vec();
    passwords.extend(FIXTURE_PASSPHRASES.map(str::to_owned));
    let mut tokens = vec![WRONG_TOKEN.to_owned()];
    for t in &h.tokens {
        tokens.push(t.clone());
        tokens.push(t.trim_start_matches("otty_pat_").to_owned());
    }
    let forbidden = Forbidden {
        secrets: secret_strings,
        passwords,
        tokens,
        codes: codes(&params, from, to),
    };

    let mut leaks = Vec::new();
    let (mut lines, mut trace_lines, mut debug_lines, mut bytes) = (0, 0, 0, 0);
    let mut controls = (0, 0, 0);
    for run in &h.runs {
        for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            lines += text.lines().count();
            bytes += text.len();
            trace_lines += text.lines().filter(|l| l.starts_with("TRACE ")).count();
            debug_lines += text.lines().filter(|l| l.starts_with("DEBUG ")).count();
            let allowed = if stream == "stdout" {
                run.allowed
            } else {
                Allowed::default()
            };
            for hit in forbidden.scan(text, allowed) {
                leaks.push(format!("{} ({stream}): {hit}", run.what));
            }
            // Positive controls: what a command prints on purpose is found when not allowed,
            // so the forbidden lists are right (codes of every kind, secrets, tokens).
            if stream == "stdout" && run.allowed.codes && !run.allowed.secrets {
                let found = forbidden.scan(text, Allowed::default());
                if !text.is_empty() && !run.what.contains("nothing-matches") {
                    assert!(
                        found.iter().any(|f| f.starts_with("OTP code")),
                        "{}: the code it printed is in the forbidden list: {text:?}",
                        run.what
                    );
                    controls.0 += 1;
                }
            }
            if stream == "stdout" && run.allowed.secrets {
                let found = forbidden.scan(text, Allowed::default());
                assert!(
                    found.iter().any(|f| f.starts_with("secret")),
                    "{}",
                    run.what
                );
                controls.1 += 1;
            }
            if stream == "stdout" && run.allowed.tokens {
                let found = forbidden.scan(text, Allowed::default());
                assert!(
                    found.iter().any(|f| f.starts_with("API token")),
                    "{}",
                    run.what
                );
                controls.2 += 1;
            }
        }
    }

    let runs = h.runs.len();
    eprintln!(
        "trace_secrets: {runs} runs (serve counted once, with 12 HTTP requests); forbidden \
         strings: {} ({} secrets in {} forms, {short_forms} short forms skipped; {} passwords \
         and passphrases; {} token strings; {} OTP codes); scanned {lines} lines ({bytes} \
         bytes) of stdout and stderr, {trace_lines} TRACE and {debug_lines} DEBUG lines; \
         positive controls: {} code, {} export and {} token outputs caught; leaks: {}",
        forbidden.len(),
        secrets.len(),
        forbidden.secrets.len(),
        forbidden.passwords.len(),
        forbidden.tokens.len(),
        forbidden.codes.len(),
        controls.0,
        controls.1,
        controls.2,
        leaks.len()
    );
    assert!(leaks.is_empty(), "leaks:\n{}", leaks.join("\n"));

    // Logging was on: every run wrote its TRACE line.
    let logged = h
        .runs
        .iter()
        .filter(|r| r.stderr.lines().any(|l| l.starts_with("TRACE ")))
        .count();
    assert_eq!(logged, runs, "every run logs at trace level");
    assert!(debug_lines >= 50, "debug lines: {debug_lines}");
    assert!(secrets.len() >= 15, "imports added their secrets too");
    assert!(controls.0 >= 9 && controls.1 >= 4 && controls.2 >= 2);
}
