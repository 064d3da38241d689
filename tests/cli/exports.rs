//! `otty export --format 2fas|bitwarden`: the accounts the app cannot hold are named on stderr
//! and left out; the rest come back, every code parameter intact, through `otty import`.

use otty::core::{OtpParams, Vault};

use crate::support::{Fixture, PW};

/// Service, account and every code parameter (secret included) of each account, sorted by
/// name.
fn params(f: &Fixture) -> Vec<(String, String, OtpParams)> {
    let v = Vault::open(&f.vault).unwrap();
    v.unlock(PW.as_bytes()).unwrap();
    let mut out: Vec<_> = v
        .accounts()
        .unwrap()
        .into_iter()
        .map(|a| (a.data.service, a.data.account, a.data.otp))
        .collect();
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    out
}

#[test]
fn foreign_exports_name_what_they_leave_out_and_import_back() {
    let src = Fixture::new();
    let uris = [
        "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&algorithm=SHA256&digits=8&period=60",
        "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&issuer=Bank&counter=42&digits=7",
        "otpauth://totp/Old:carol?secret=KRSXG5CTMVRXEZLU&issuer=Old&algorithm=MD5",
        "otpauth://steam/Steam:dave?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&issuer=Steam",
    ];
    for uri in uris {
        src.add(&["--uri", uri]);
    }
    let all = params(&src);
    for (format, left_out) in [
        ("2fas", &["Old carol: 2FAS has no HMAC-MD5"][..]),
        (
            "bitwarden",
            &[
                "Bank bob: Bitwarden generates no HOTP codes",
                "Old carol: Bitwarden has no HMAC-MD5",
            ][..],
        ),
    ] {
        let file = src.dir.path().join(format!("export.{format}"));
        let out = src.run(&[
            "export",
            "--format",
            format,
            "--output",
            file.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{format}: {out:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        for why in left_out {
            assert!(err.contains(&format!("skipped {why}")), "{format}: {err}");
        }
        let held = 4 - left_out.len();
        assert!(
            err.contains(&format!("exported {held} accounts")),
            "{format}: {err}"
        );

        let dst = Fixture::new();
        dst.ok(&["import", file.to_str().unwrap()]);
        let want: Vec<_> = all
            .iter()
            .filter(|a| {
                let label = format!("{} {}:", a.0, a.1);
                !left_out.iter().any(|w| w.starts_with(&label))
            })
            .cloned()
            .collect();
        assert_eq!(params(&dst), want, "{format}");
    }
}
