//! Integration tests of the `otty` command line (docs/DESIGN.md, «The command line»), driving
//! the real binary.
//!
//! Every vault uses `--kdf-memory 8 --kdf-iterations 1` so each unlock is fast. This file holds
//! the acceptance points of issue 2; `cli/accounts.rs` the account and group commands,
//! `cli/commands.rs` the rest (password sources, passwd, docs, usage errors).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "cli/accounts.rs"]
mod accounts;
#[path = "cli/commands.rs"]
mod commands;
#[path = "cli/exports.rs"]
mod exports;
#[path = "cli/man.rs"]
mod man;
#[path = "cli/queries.rs"]
mod queries;
#[path = "cli/refusals.rs"]
mod refusals;
#[path = "cli/strength.rs"]
mod strength;
#[path = "cli/support.rs"]
mod support;
#[path = "cli/tokens.rs"]
mod tokens;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use otty::core::{NewAccount, OtpParams, Secret, Vault};
use support::{ACME_URI, Fixture, PW, bare, totp_rs_code};

#[test]
fn code_matches_an_independent_computation() {
    let f = Fixture::new();
    let id = f.add(&["--uri", ACME_URI]);
    assert_eq!(id, 1);
    let otp = f.json(&["code", "acme", "--at", "1700000000", "--json"]);
    let want = totp_rs_code("JBSWY3DPEHPK3PXP", 1_700_000_000);
    let next = totp_rs_code("JBSWY3DPEHPK3PXP", 1_700_000_030);
    assert_eq!(
        otp,
        serde_json::json!({
            "password": want,
            "otp_type": "totp",
            "generated_at": 1_700_000_000,
            "period": 30,
            "next_password": next,
        })
    );
    // Humans and scripts: the code alone on stdout.
    assert_eq!(
        f.ok(&["code", "acme", "--at", "1700000000"]),
        format!("{want}\n")
    );
}

#[test]
fn code_json_keys_are_in_the_contract_order() {
    let f = Fixture::new();
    f.add(&["--uri", ACME_URI]);
    let raw = f.ok(&["code", "1", "--at", "1700000000", "--json"]);
    let pos = |k: &str| raw.find(&format!("\"{k}\"")).unwrap();
    assert!(pos("password") < pos("otp_type"));
    assert!(pos("otp_type") < pos("generated_at"));
    assert!(pos("generated_at") < pos("period"));
    assert!(pos("period") < pos("next_password"));
}

#[test]
fn wrong_password_exits_4_and_leaves_the_file_alone() {
    let f = Fixture::new();
    f.add(&["--uri", ACME_URI]);
    let before = f.bytes();
    let out = f
        .cmd()
        .env("OTTY_PASSWORD", "not-the-password-xyzzy")
        .args(["code", "acme"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("wrong password"), "{err}");
    assert!(!err.contains("xyzzy"), "the password leaked: {err}");
    assert!(out.stdout.is_empty());
    assert_eq!(f.bytes(), before, "the vault file changed");
}

#[test]
fn a_bare_vault_name_lives_in_the_current_directory() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        bare(dir.path())
            .env("OTTY_PASSWORD", PW)
            .arg("--vault")
            .arg("name.otty")
            .args(args)
            .output()
            .unwrap()
    };
    let init = run(&["init", "--kdf-memory", "8", "--kdf-iterations", "1"]);
    assert!(init.status.success());
    let path = dir.path().join("name.otty");
    assert!(path.is_file(), "no vault in the current directory");
    assert!(String::from_utf8_lossy(&init.stdout).contains(&path.display().to_string()));
    assert!(run(&["add", "--uri", ACME_URI]).status.success());
    let list = run(&["list"]);
    assert!(String::from_utf8_lossy(&list.stdout).contains("alice"));
    // OTTY_VAULT works the same way.
    let env = bare(dir.path())
        .env("OTTY_PASSWORD", PW)
        .env("OTTY_VAULT", "name.otty")
        .arg("list")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&env.stdout).contains("alice"));
}

#[test]
fn init_never_overwrites() {
    let f = Fixture::new();
    f.add(&["--uri", ACME_URI]);
    let before = f.bytes();
    let err = f.fails(&["init", "--kdf-memory", "8", "--kdf-iterations", "1"], 1);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(f.bytes(), before);
    // Nor a file that is not a vault.
    let other = f.dir.path().join("notes.txt");
    std::fs::write(&other, b"precious").unwrap();
    let out = f
        .cmd()
        .arg("--vault")
        .arg(&other)
        .args(["init", "--kdf-memory", "8", "--kdf-iterations", "1"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_eq!(std::fs::read(&other).unwrap(), b"precious");
}

#[test]
fn no_terminal_and_no_password_exits_2_naming_the_options() {
    let f = Fixture::new();
    let out = bare(f.dir.path())
        .arg("--vault")
        .arg(&f.vault)
        .arg("list")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    for option in ["--password-file", "OTTY_PASSWORD", "--password-stdin"] {
        assert!(err.contains(option), "{option} missing from: {err}");
    }
}

#[test]
fn list_into_a_closed_pipe_exits_quietly() {
    let f = Fixture::new();
    // 1,000 accounts through the library: long names so the table (about 200 KB) overflows
    // the pipe buffer and otty is still writing when the reader goes away.
    let vault = Vault::open(&f.vault).unwrap();
    vault.unlock(PW.as_bytes()).unwrap();
    let secret = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
    let many: Vec<NewAccount> = (0..1000)
        .map(|i| {
            NewAccount::new(
                format!("Service {i:04} {}", "s".repeat(100)),
                format!("user{i}@example.com {}", "a".repeat(80)),
                OtpParams::totp(secret.clone()),
            )
        })
        .collect();
    vault.add_many(many).unwrap();
    drop(vault);

    let mut child = f
        .cmd()
        .arg("list")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    assert!(first.trim_start().starts_with("ID"), "{first}");
    drop(reader); // like `head -1`
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.is_empty(), "stderr not empty: {err}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_tampered_row_exits_5_and_the_others_still_work() {
    let f = Fixture::new();
    let bad = f.add(&["--uri", ACME_URI]);
    let good = f.add(&["--service", "Good", "--secret", "GEZDGNBVGY3TQOJQ"]);
    {
        let conn = rusqlite::Connection::open(&f.vault).unwrap();
        let mut sealed: Vec<u8> = conn
            .query_row("SELECT sealed FROM accounts WHERE id = ?1", [bad], |r| {
                r.get(0)
            })
            .unwrap();
        let mid = sealed.len() / 2;
        sealed[mid] ^= 0x01;
        conn.execute(
            "UPDATE accounts SET sealed = ?1 WHERE id = ?2",
            rusqlite::params![sealed, bad],
        )
        .unwrap();
    }
    let err = f.fails(&["code", &bad.to_string()], 5);
    assert!(err.contains(&format!("row {bad}")), "{err}");
    assert!(!err.contains("panicked"));
    f.ok(&["code", &good.to_string()]);
    // A name search cannot see inside the damaged row, and says so.
    let err = f.fails(&["code", "acme"], 3);
    assert!(err.contains("1 corrupted account row"), "{err}");
    let out = f.run(&["list"]);
    assert!(out.status.success());
    let warn = String::from_utf8_lossy(&out.stderr);
    assert!(warn.contains(&format!("row {bad}")), "{warn}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Good"));
}

/// A flag on the command line beats an inherited `OTTY_PASSWORD`: a script that pipes a new
/// vault's password must get that password, not one from a variable it never saw.
#[test]
fn password_stdin_beats_an_inherited_otty_password() {
    use std::io::Write;
    let f = Fixture::new();
    let path = f.dir.path().join("piped.otty");
    let piped = "a totally different passphrase 99";
    let mut child = bare(f.dir.path())
        .env("OTTY_PASSWORD", PW)
        .arg("--vault")
        .arg(&path)
        .args([
            "init",
            "--kdf-memory",
            "8",
            "--kdf-iterations",
            "1",
            "--password-stdin",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{piped}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let vault = Vault::open(&path).unwrap();
    assert!(
        vault.unlock(PW.as_bytes()).is_err(),
        "not the inherited password"
    );
    vault.unlock(piped.as_bytes()).unwrap();
}

/// A row put back from an older copy of the file decrypts fine but the head names it: an
/// export would carry the rolled-back state (here an HOTP counter) on, so it is refused
/// (exit 5) unless `--skip-corrupted`.
#[test]
fn an_export_of_a_rolled_back_vault_exits_5() {
    let f = Fixture::new();
    let id = f.add(&[
        "--uri",
        "otpauth://hotp/ACME:alice?secret=JBSWY3DPEHPK3PXP&counter=0",
    ]);
    let old: (Vec<u8>, i64) = rusqlite::Connection::open(&f.vault)
        .unwrap()
        .query_row(
            "SELECT sealed, version FROM accounts WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    f.ok(&["code", &id.to_string()]);
    rusqlite::Connection::open(&f.vault)
        .unwrap()
        .execute(
            "UPDATE accounts SET sealed = ?1, version = ?2 WHERE id = ?3",
            rusqlite::params![old.0, old.1, id],
        )
        .unwrap();
    let out = f
        .cmd()
        .args(["export", "--format", "otpauth"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{out:?}");
    assert!(out.stdout.is_empty(), "nothing exported");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("otty check"), "{err}");
    let out = f
        .cmd()
        .args(["export", "--format", "otpauth", "--skip-corrupted"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("otpauth://hotp/"));
}
