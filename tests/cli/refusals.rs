//! Input the command line must refuse with exit 2 and one clear sentence, and leave the vault
//! untouched: numbers out of range in an otpauth URI (never clamped), names with
//! bidirectional control characters, a negative `code --at`.

use super::support::{ACME_URI, Fixture};

const SECRET: &str = "JBSWY3DPEHPK3PXP";

#[test]
fn refused_input_exits_2_and_writes_nothing() {
    let f = Fixture::new();
    f.add(&["--uri", ACME_URI]);
    let uri = |rest: &str| format!("otpauth://{rest}&secret={SECRET}");
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["add".into(), "--uri".into(), uri("totp/X:y?period=0")],
            "period: must be between 1 and 86400 seconds",
        ),
        (
            vec![
                "add".into(),
                "--uri".into(),
                uri("totp/X:y?period=99999999999999"),
            ],
            "period: must be between 1 and 86400 seconds",
        ),
        (
            vec![
                "add".into(),
                "--uri".into(),
                uri("totp/X:y?digits=4294967302"),
            ],
            "digits: must be between 5 and 10",
        ),
        (
            vec![
                "add".into(),
                "--uri".into(),
                uri("hotp/X:y?counter=18446744073709551616"),
            ],
            "counter: must be between 0 and 9223372036854775807",
        ),
        (
            vec![
                "add".into(),
                "--uri".into(),
                uri("totp/%E2%80%AEevil:y?issuer="),
            ],
            "service: contains bidirectional control characters",
        ),
        (
            vec![
                "add".into(),
                "--service".into(),
                "\u{202E}evil".into(),
                "--secret".into(),
                SECRET.into(),
            ],
            "contains bidirectional control characters",
        ),
        (
            vec![
                "edit".into(),
                "1".into(),
                "--account".into(),
                "al\u{200F}ice".into(),
            ],
            "contains bidirectional control characters",
        ),
        (
            vec!["group".into(), "add".into(), "W\u{2067}ork".into()],
            "contains bidirectional control characters",
        ),
        (
            vec!["code".into(), "1".into(), "--at=-5".into()],
            "a unix time cannot be negative",
        ),
        (
            vec!["code".into(), "1".into(), "--at".into(), "-5".into()],
            "a unix time cannot be negative",
        ),
    ];
    let before = f.bytes();
    for (args, want) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let err = f.fails(&args, 2);
        assert!(err.contains(want), "otty {args:?}: {err}");
        // One sentence; clap adds its `--help` hint after a blank line.
        let said = err.lines().take_while(|l| !l.is_empty()).count();
        assert_eq!(said, 1, "one sentence: {err}");
    }
    assert_eq!(f.bytes(), before, "a refused command wrote to the vault");
}
