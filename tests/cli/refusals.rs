//! Input the command line must refuse with exit 2 and one clear sentence, and leave the vault
//! untouched: numbers out of range in an otpauth URI (never clamped).

use super::support::{ACME_URI, Fixture};

const SECRET: &str = "JBSWY3DPEHPK3PXP";

#[test]
fn out_of_range_input_exits_2_and_adds_nothing() {
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
    ];
    let before = f.bytes();
    for (args, want) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let err = f.fails(&args, 2);
        assert!(err.contains(want), "otty {args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "one sentence: {err}");
    }
    assert_eq!(f.bytes(), before, "a refused command wrote to the vault");
}
