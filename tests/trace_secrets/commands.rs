//! Every CLI command of `trace_secrets`, in an order that exercises them all on one vault.

use crate::harness::{Harness, data, serve_and_request};
use crate::scan::Allowed;
use crate::*;

/// Every command, in an order that exercises them all on one vault.
pub fn exercise(h: &mut Harness) {
    let fast = ["--kdf-memory", "8", "--kdf-iterations", "1"];
    h.ok(&[&["init"][..], &fast].concat());
    let acme = format!("otpauth://totp/ACME:alice?secret={S_URI}&issuer=ACME");
    h.ok(&["add", "--uri", &acme]);
    h.run_with(
        &[
            "add",
            "--secret",
            "-",
            "--service",
            "Hotp",
            "--account",
            "bob",
            "--type",
            "hotp",
            "--counter",
            "3",
        ],
        &[],
        Some(&format!("{S_STDIN}\n")),
        0,
        Allowed::default(),
    );
    h.ok(&[
        "add",
        "--secret",
        S_ARG,
        "--service",
        "Steam",
        "--account",
        "erin",
        "--type",
        "steam",
    ]);
    let sha = format!(
        "otpauth://totp/Sha:carol?secret={S_SHA256}&algorithm=SHA256&digits=8&period=60&issuer=Sha"
    );
    h.ok(&["add", "--uri", &sha]);
    let md5 = format!("otpauth://totp/Md5:dave?secret={S_URI_STDIN}&algorithm=MD5&issuer=Md5");
    h.run_with(
        &["add", "--uri", "-"],
        &[],
        Some(&format!("{md5}\n")),
        0,
        Allowed::default(),
    );
    h.ok(&[
        "add",
        "--secret",
        S_REMOVED,
        "--service",
        "Gone",
        "--account",
        "f",
    ]);
    h.ok(&[
        "add",
        "--secret",
        S_SHORT,
        "--service",
        "Short",
        "--account",
        "g",
    ]);
    h.run_with(
        &["add", "--uri", "otpauth://totp/x?secret=!!"],
        &[],
        None,
        2,
        Allowed::default(),
    );

    h.ok(&["list"]);
    h.ok(&["list", "--json"]);
    let code = Allowed {
        codes: true,
        ..Allowed::default()
    };
    for q in ["1", "hotp", "steam", "sha", "md5", "short"] {
        h.run_with(&["code", q], &[], None, 0, code);
    }
    h.run_with(&["code", "acme", "--json"], &[], None, 0, code);
    h.run_with(&["code", "hotp", "--json"], &[], None, 0, code);
    h.run_with(&["code", "1", "--at", "1700000000"], &[], None, 0, code);
    h.run_with(&["code", "nothing-matches"], &[], None, 3, code);

    h.snapshot();
    h.ok(&["edit", "1", "--service", "Acme Corp", "--notes", "work"]);
    h.ok(&["edit", "2", "--counter", "10"]);
    h.ok(&["edit", "3", "--secret", S_EDITED]);
    h.run_with(
        &["edit", "7", "--secret", "-"],
        &[],
        Some(&format!("{S_SHORT}\n")),
        0,
        Allowed::default(),
    );
    h.run_with(
        &["edit", "999", "--service", "X"],
        &[],
        None,
        3,
        Allowed::default(),
    );

    h.ok(&["group", "add", "Work"]);
    h.ok(&["group", "assign", "Work", "1", "2"]);
    h.ok(&["group", "list"]);
    h.ok(&["group", "list", "--json"]);
    h.ok(&["list", "--group", "Work"]);
    h.ok(&["group", "rename", "Work", "Job"]);
    h.ok(&["group", "rm", "Job"]);

    let token_out = Allowed {
        tokens: true,
        ..Allowed::default()
    };
    let out = h.run_with(&["token", "create", "laptop"], &[], None, 0, token_out);
    let token = out.lines().next().unwrap().to_owned();
    h.tokens.push(token.clone());
    let out = h.run_with(
        &["token", "create", "ci", "--json"],
        &[],
        None,
        0,
        token_out,
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    h.tokens.push(json["token"].as_str().unwrap().to_owned());
    h.ok(&["token", "list"]);
    h.ok(&["token", "list", "--json"]);

    serve_and_request(h, &token);
    h.snapshot();

    h.ok(&["token", "revoke", "2"]);
    h.run_with(&["token", "revoke", "99"], &[], None, 3, Allowed::default());

    h.ok(&["import", &data("ente/ente_auth.txt")]);
    h.ok(&["import", "--dry-run", &data("aegis/aegis_plain.json")]);
    h.ok(&["import", "--json", &data("aegis/aegis_plain.json")]);
    h.ok(&["import", &data("google_migration/example_export.txt")]);
    h.ok(&["import", "--qr", &data("2fauth-api/validQrcode.png")]);
    h.ok(&["import", &data("bitwarden/bitwarden.csv")]);
    h.ok(&["import", &data("freeotp_plus/freeotp_plus.json")]);
    for (file, pass) in [
        ("aegis/aegis_encrypted.json", "test"),
        ("2fas/2fas_authenticator_encrypted_v4.2fas", "test"),
        ("andotp/andotp_encrypted.bin", "test"),
        ("generated/ente_encrypted.json", FIXTURE_PASSPHRASES[0]),
    ] {
        let f = data(file);
        h.run_with(
            &["import", &f],
            &[("OTTY_IMPORT_PASSWORD", pass)],
            None,
            0,
            Allowed::default(),
        );
    }
    let pass_file = h.dir.path().join("bitwarden-pass");
    std::fs::write(&pass_file, format!("{}\n", FIXTURE_PASSPHRASES[1])).unwrap();
    h.ok(&[
        "import",
        "--passphrase-file",
        &pass_file.display().to_string(),
        &data("generated/bitwarden_protected.json"),
    ]);
    let ente = data("generated/ente_encrypted.json");
    h.run_with(
        &["import", &ente],
        &[("OTTY_IMPORT_PASSWORD", WRONG_PASSPHRASE)],
        None,
        4,
        Allowed::default(),
    );

    let plain = Allowed {
        secrets: true,
        codes: true,
        ..Allowed::default()
    };
    for format in ["otpauth", "2fauth", "aegis", "otty", "2fas", "bitwarden"] {
        h.run_with(&["export", "--format", format], &[], None, 0, plain);
        let out = h.dir.path().join(format!("plain.{format}"));
        h.ok(&[
            "export",
            "--format",
            format,
            "-o",
            &out.display().to_string(),
        ]);
    }
    h.run_with(
        &["export", "--format", "aegis", "--encrypt"],
        &[("OTTY_EXPORT_PASSWORD", EXPORT_PASSPHRASE)],
        None,
        0,
        Allowed::default(),
    );
    let sealed = h.dir.path().join("sealed.otty");
    let pp_file = h.dir.path().join("export-pass");
    std::fs::write(&pp_file, format!("{EXPORT_PASSPHRASE}\n")).unwrap();
    let (sealed_s, pp_s) = (sealed.display().to_string(), pp_file.display().to_string());
    h.ok(&[
        "export",
        "--format",
        "otty",
        "--encrypt",
        "--passphrase-file",
        &pp_s,
        "-o",
        &sealed_s,
    ]);
    h.run_with(
        &["import", &sealed_s],
        &[("OTTY_IMPORT_PASSWORD", EXPORT_PASSPHRASE)],
        None,
        0,
        Allowed::default(),
    );
    h.run_with(
        &["import", &sealed_s],
        &[("OTTY_IMPORT_PASSWORD", WRONG_PASSPHRASE)],
        None,
        4,
        Allowed::default(),
    );

    h.snapshot();
    h.run_with(
        &["list"],
        &[("OTTY_PASSWORD", WRONG_PASSWORD)],
        None,
        4,
        Allowed::default(),
    );
    h.run_with(
        &["--verbose", "code", "1"],
        &[("OTTY_PASSWORD", WRONG_PASSWORD)],
        None,
        4,
        Allowed::default(),
    );
    h.run_with(
        &["passwd"],
        &[("OTTY_NEW_PASSWORD", NEW_PASSWORD)],
        None,
        0,
        Allowed::default(),
    );
    h.password = NEW_PASSWORD.to_owned();
    h.run_with(&["--verbose", "list"], &[], None, 0, Allowed::default());
    let new_pw_file = h.dir.path().join("new-pw");
    std::fs::write(&new_pw_file, format!("{PASSWORD}\n")).unwrap();
    h.ok(&[
        "passwd",
        "--new-password-file",
        &new_pw_file.display().to_string(),
    ]);
    h.password = PASSWORD.to_owned();

    h.snapshot();
    h.ok(&["rm", "6", "--yes"]);
    h.run_with(&["rm", "9999", "--yes"], &[], None, 3, Allowed::default());
    h.ok(&["completions", "bash"]);
    h.ok(&["man"]);
    h.ok(&["list"]);
    h.snapshot();
}
