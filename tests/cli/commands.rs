//! The other commands and options: password sources, `passwd`, completions and man, usage
//! errors, `--verbose`, the KDF floor.

use std::io::Write;
use std::process::Stdio;

use otty::core::{KdfParams, Vault};

use crate::support::{ACME_URI, Fixture, PW, bare, totp_rs_code};

#[test]
fn completions_and_man_produce_output() {
    let dir = tempfile::tempdir().unwrap();
    let bash = bare(dir.path())
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(bash.status.success());
    let text = String::from_utf8(bash.stdout).unwrap();
    assert!(text.contains("_otty") && text.contains("--password-file"));
    let man = bare(dir.path()).arg("man").output().unwrap();
    assert!(man.status.success());
    let text = String::from_utf8(man.stdout).unwrap();
    assert!(text.contains(".TH otty"), "{text}");
}

#[test]
fn a_missing_vault_suggests_init_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = bare(dir.path())
        .env("OTTY_PASSWORD", PW)
        .args(["--vault", "absent.otty", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("otty init"));
    assert!(
        !dir.path().join("absent.otty").exists(),
        "a vault was created"
    );
}

#[test]
fn password_sources_and_their_order() {
    let f = Fixture::new();
    let file = f.dir.path().join("pw.txt");
    std::fs::write(&file, format!("{PW}\r\nsecond line\n")).unwrap();
    // --password-file wins over a wrong OTTY_PASSWORD.
    let out = f
        .cmd()
        .env("OTTY_PASSWORD", "wrong")
        .arg("--password-file")
        .arg(&file)
        .arg("list")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // --password-stdin: the password is the first line, a `-` secret the second.
    let mut child = bare(f.dir.path())
        .arg("--vault")
        .arg(&f.vault)
        .args([
            "--password-stdin",
            "add",
            "--service",
            "Piped",
            "--secret",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PW}\nJBSWY3DPEHPK3PXP\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = String::from_utf8(out.stdout).unwrap();
    let code = f.ok(&["code", id.trim(), "--at", "1700000000"]);
    assert_eq!(code.trim(), totp_rs_code("JBSWY3DPEHPK3PXP", 1_700_000_000));
}

#[test]
fn passwd_changes_the_password() {
    let f = Fixture::new();
    f.add(&["--uri", ACME_URI]);
    let err = f.fails(&["passwd"], 2);
    assert!(err.contains("--new-password-file") && err.contains("OTTY_NEW_PASSWORD"));
    let out = f
        .cmd()
        .env("OTTY_NEW_PASSWORD", "a new one")
        .arg("passwd")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    f.fails(&["list"], 4);
    let out = f
        .cmd()
        .env("OTTY_PASSWORD", "a new one")
        .arg("list")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("alice"));
}

#[test]
fn bad_input_exits_2() {
    let f = Fixture::new();
    f.fails(&["code"], 2); // clap: missing QUERY
    f.fails(&["list", "--frobnicate"], 2);
    f.fails(&["add", "--uri", "https://example.com"], 2);
    f.fails(&["add", "--service", "x", "--secret", "not base32!"], 2);
    f.fails(
        &[
            "add",
            "--service",
            "x",
            "--secret",
            "JBSWY3DP",
            "--digits",
            "11",
        ],
        2,
    );
    let err = f.fails(&["init", "--kdf-memory", "4"], 1); // the vault exists: checked first
    assert!(err.contains("already exists"));
    let fresh = f.dir.path().join("fresh.otty");
    let out = f
        .cmd()
        .arg("--vault")
        .arg(&fresh)
        .args(["init", "--kdf-memory", "4"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!fresh.exists());
}

#[test]
fn no_subcommand_without_a_terminal_points_at_help() {
    // `otty` opens the TUI, which needs a terminal; `output()` gives it pipes.
    let dir = tempfile::tempdir().unwrap();
    let out = bare(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("otty --help"));
}

#[test]
fn verbose_adds_details_without_secrets() {
    let f = Fixture::new();
    let out = f
        .cmd()
        .env("OTTY_PASSWORD", "sekrit-guess")
        .args(["--verbose", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("WrongPassword") && err.contains("exit code: 4"),
        "{err}"
    );
    assert!(!err.contains("sekrit"));
}

#[test]
fn kdf_floor_is_8_mib() {
    let dir = tempfile::tempdir().unwrap();
    let out = bare(dir.path())
        .env("OTTY_PASSWORD", PW)
        .args([
            "--vault",
            "k.otty",
            "init",
            "--kdf-memory",
            "8",
            "--kdf-iterations",
            "1",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("below the default"));
    let vault = Vault::open(&dir.path().join("k.otty")).unwrap();
    assert_eq!(vault.kdf_params().memory_kib, KdfParams::MIN_MEMORY_KIB);
}

#[test]
fn the_default_vault_lives_in_the_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = bare(dir.path())
        .env("OTTY_PASSWORD", PW)
        .args(["init", "--kdf-memory", "8", "--kdf-iterations", "1"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // `bare` points XDG_DATA_HOME (and HOME) into the temporary directory.
    let expected = dir.path().join("xdg").join("otty").join("vault.otty");
    assert!(expected.is_file(), "no vault at {}", expected.display());
    assert!(String::from_utf8_lossy(&out.stdout).contains(&expected.display().to_string()));
}
