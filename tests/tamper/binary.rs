//! The real `otty` binary on damaged vaults: the exit codes (0 ok, 1 other, 4 wrong password,
//! 5 corrupted, tampered or unverified), warnings that name a damaged row or the problems the
//! head found, `otty check` and `otty check --accept`, and the file left byte for byte as it
//! was by everything but `--accept`.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use rusqlite::types::Value;

use super::fixture::{Fixture, HOTP, PW};
use super::mutate::{self, At, Mutation, Target};

fn otty(dir: &Path, vault: &Path, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_otty"));
    for var in ["OTTY_VAULT", "OTTY_LOG", "OTTY_NEW_PASSWORD"] {
        c.env_remove(var);
    }
    c.arg("--vault")
        .arg(vault)
        .args(args)
        .env("OTTY_PASSWORD", PW)
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("xdg"))
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Damage a copy of a fresh fixture, run `otty args` on it, check the file was not rewritten,
/// and return the exit code, stdout and stderr.
fn run_damaged(target: Target, m: Mutation, args: &[&str]) -> (Option<i32>, String, String) {
    let fx = Fixture::new();
    let dir = tempfile::tempdir().unwrap();
    let path = fx.copy_to(dir.path());
    mutate::apply(&path, &target, &m);
    run_untouched(dir.path(), &path, args)
}

/// Run `otty args` and check the file was not rewritten.
fn run_untouched(dir: &Path, path: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let before = std::fs::read(path).unwrap();
    let out = otty(dir, path, args);
    assert_eq!(
        std::fs::read(path).unwrap(),
        before,
        "otty {args:?} rewrote the damaged vault"
    );
    mutate::assert_no_wal(path);
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn sealed(table: &'static str, id: i64) -> Target {
    Target {
        table,
        column: "sealed",
        key_column: "id",
        key: Value::Integer(id),
    }
}

fn meta(key: &str) -> Target {
    Target {
        table: "meta",
        column: "value",
        key_column: "key",
        key: Value::Text(key.into()),
    }
}

#[test]
fn list_with_one_damaged_row_exits_0_and_names_it() {
    let (code, out, err) =
        run_damaged(sealed("accounts", 2), Mutation::Flip(At::Middle), &["list"]);
    assert_eq!(code, Some(0), "stderr: {err}");
    assert!(err.contains("account row 2"), "stderr: {err}");
    for name in ["ACME", "Steam", "GitHub"] {
        assert!(out.contains(name), "{name} missing from: {out}");
    }
    assert!(!out.contains("Issuu"), "{out}");
}

#[test]
fn export_refuses_to_leave_a_damaged_row_out_silently() {
    let damaged = || sealed("accounts", 2);
    let flip = || Mutation::Flip(At::Middle);
    let export = ["export", "--format", "otpauth"];
    let (code, out, err) = run_damaged(damaged(), flip(), &export);
    assert_eq!(code, Some(5), "stderr: {err}");
    assert!(out.is_empty(), "an incomplete export was written: {out}");
    assert!(
        err.contains("account row 2") && err.contains("--skip-corrupted"),
        "stderr: {err}"
    );
    let (code, out, err) = run_damaged(
        damaged(),
        flip(),
        &[&export[..], &["--skip-corrupted"]].concat(),
    );
    assert_eq!(code, Some(0), "stderr: {err}");
    assert!(err.contains("account row 2"), "stderr: {err}");
    assert!(out.contains("ACME") && !out.contains("Issuu"), "{out}");
}

#[test]
fn list_with_a_wrong_typed_group_row_exits_0_and_names_it() {
    let target = Target {
        column: "version",
        ..sealed("groups", 1)
    };
    let (code, out, err) = run_damaged(target, Mutation::Set(Value::Text("top".into())), &["list"]);
    assert_eq!(code, Some(0), "stderr: {err}");
    assert!(err.contains("group row 1"), "stderr: {err}");
    assert!(
        err.contains("integrity check ("),
        "no unverified warning: {err}"
    );
    assert!(out.contains("ACME") && out.contains("Issuu"), "{out}");
    let target = Target {
        column: "version",
        ..sealed("groups", 1)
    };
    let (code, _, err) = run_damaged(
        target,
        Mutation::Set(Value::Text("top".into())),
        &["list", "--group", "1"],
    );
    assert_eq!(code, Some(5), "stderr: {err}");
    assert!(err.contains("groups row 1"), "stderr: {err}");
}

#[test]
fn code_of_the_damaged_row_exits_5_and_others_still_work() {
    let (code, _, err) = run_damaged(
        sealed("accounts", 1),
        Mutation::Truncate(None),
        &["code", "1"],
    );
    assert_eq!(code, Some(5), "stderr: {err}");
    assert!(err.contains("accounts row 1"), "stderr: {err}");
    let (code, out, err) = run_damaged(
        sealed("accounts", 1),
        Mutation::Truncate(None),
        &["code", "github", "--at", "1700000000"],
    );
    assert_eq!(code, Some(0), "stderr: {err}");
    assert_eq!(out.trim().len(), 6, "{out}");
}

#[test]
fn a_damaged_header_exits_5() {
    let (code, _, err) = run_damaged(meta("kdf_salt"), Mutation::TruncateMinusOne, &["list"]);
    assert_eq!(code, Some(5), "stderr: {err}");
    assert!(err.contains("header"), "stderr: {err}");
}

/// 4 GiB × 64 passes: each within its own bound, minutes of work together. Refused as a
/// damaged header before the KDF runs: had it run, the password (right, for the real
/// parameters) would unwrap nothing and the error would be "wrong password" instead.
#[test]
fn a_header_asking_for_minutes_of_kdf_work_is_refused_before_it_runs() {
    let costly = Mutation::Sql(
        "4 GiB × 64 passes".into(),
        "UPDATE meta SET value = x'00004000' WHERE key = 'kdf_memory_kib';
         UPDATE meta SET value = x'40000000' WHERE key = 'kdf_iterations';"
            .into(),
    );
    let (code, _, err) = run_damaged(meta("-"), costly, &["list"]);
    assert_eq!(code, Some(5), "stderr: {err}");
    assert!(
        err.contains("header") && err.contains("key-derivation parameters out of range"),
        "stderr: {err}"
    );
    assert!(err.contains("memory × passes"), "stderr: {err}");
    assert!(!err.contains("wrong password"), "stderr: {err}");
}

#[test]
fn a_replaced_salt_or_wrapped_key_exits_4_like_a_wrong_password() {
    let salt = Mutation::Set(Value::Blob(vec![0x5a; 16]));
    let (code, _, err) = run_damaged(meta("kdf_salt"), salt, &["list"]);
    assert_eq!(code, Some(4), "stderr: {err}");
    assert!(err.contains("wrong password"), "stderr: {err}");
    let (code, _, err) = run_damaged(meta("wrapped_key"), Mutation::Flip(At::Last), &["list"]);
    assert_eq!(code, Some(4), "stderr: {err}");
}

#[test]
fn another_format_version_exits_1_untouched() {
    let version = |n: i32| Mutation::Sql(format!("set {n}"), format!("PRAGMA user_version = {n}"));
    let (code, _, err) = run_damaged(meta("-"), version(3), &["list"]);
    assert_eq!(code, Some(1), "stderr: {err}");
    assert!(err.contains("newer otty"), "stderr: {err}");
    let (code, _, err) = run_damaged(meta("-"), version(0), &["list"]);
    assert_eq!(code, Some(1), "stderr: {err}");
    assert!(err.contains("not an otty vault"), "stderr: {err}");
}

#[test]
fn a_lowered_format_version_exits_5_untouched() {
    let version = Mutation::Sql("set 1".into(), "PRAGMA user_version = 1".into());
    let (code, _, err) = run_damaged(meta("-"), version, &["list"]);
    assert_eq!(code, Some(5), "stderr: {err}");
    assert!(err.contains("format version was lowered"), "stderr: {err}");
}

/// Rows moved in from another copy of the same vault and a deleted row: every row that is left
/// opens, so only the head tells. `list` works and warns, `check` names each problem and exits
/// 5, HOTP codes are refused (5) while TOTP codes are not; `check --accept` commits the head to
/// the rows as they are, after which `check` exits 0 and the HOTP code is handed out.
#[test]
fn check_names_rows_from_another_copy_and_accept_lifts_the_refusal() {
    let fx = Fixture::new();
    let dir = tempfile::tempdir().unwrap();
    let path = fx.copy_to(dir.path());
    let moved = Mutation::Put(
        "the sibling's account 5".into(),
        fx.sibling_row("accounts", 5),
    );
    mutate::apply(&path, &sealed("accounts", 5), &moved);
    mutate::apply(&path, &sealed("accounts", 3), &Mutation::Delete);
    let dir = dir.path();

    let (code, out, err) = run_untouched(dir, &path, &["list"]);
    assert_eq!(code, Some(0), "stderr: {err}");
    assert!(out.contains("Theirs") && out.contains("GitHub"), "{out}");
    assert!(
        err.contains("failed its integrity check (2 problem(s)") && err.contains("otty check"),
        "stderr: {err}"
    );

    let (code, out, err) = run_untouched(dir, &path, &["check"]);
    assert_eq!(code, Some(5), "stdout: {out} stderr: {err}");
    assert!(out.contains("accounts 3: deleted from the file"), "{out}");
    assert!(
        out.contains("accounts 5: replaced by a row otty did not write here"),
        "{out}"
    );

    let hotp = HOTP.to_string();
    let (code, _, err) = run_untouched(dir, &path, &["code", &hotp]);
    assert_eq!(code, Some(5), "stderr: {err}");
    assert!(err.contains("otty check"), "stderr: {err}");
    let (code, out, err) = run_untouched(dir, &path, &["code", "github", "--at", "1700000000"]);
    assert_eq!(code, Some(0), "stderr: {err}");
    assert_eq!(out.trim().len(), 6, "{out}");

    let accepted = otty(dir, &path, &["check", "--accept"]);
    assert_eq!(
        accepted.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&accepted.stderr)
    );
    let (code, out, err) = run_untouched(dir, &path, &["check"]);
    assert_eq!(code, Some(0), "stdout: {out} stderr: {err}");
    assert!(out.contains("intact"), "{out}");
    let out = otty(dir, &path, &["code", &hotp]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A row that fails its own check cannot be accepted: `check --accept` still exits 5 and
/// names it, and so does the next `check`.
#[test]
fn accept_does_not_clear_a_row_that_fails_its_own_check() {
    let fx = Fixture::new();
    let dir = tempfile::tempdir().unwrap();
    let path = fx.copy_to(dir.path());
    mutate::apply(&path, &sealed("tokens", 2), &Mutation::Flip(At::Last));
    let (code, out, _) = run_untouched(dir.path(), &path, &["check"]);
    assert_eq!(code, Some(5), "{out}");
    assert!(out.contains("tokens 2: replaced"), "{out}");
    assert!(
        out.contains("tokens 2: fails its own integrity check"),
        "{out}"
    );
    let accepted = otty(dir.path(), &path, &["check", "--accept"]);
    assert_eq!(accepted.status.code(), Some(5));
    let (code, out, _) = run_untouched(dir.path(), &path, &["check"]);
    assert_eq!(code, Some(5), "{out}");
    assert!(!out.contains("replaced"), "{out}");
    assert!(
        out.contains("tokens 2: fails its own integrity check"),
        "{out}"
    );
}

#[test]
fn a_dropped_trigger_is_named_by_check() {
    let drop = Mutation::Sql(
        "drop a trigger".into(),
        "DROP TRIGGER accounts_update".into(),
    );
    let (code, out, err) = run_damaged(meta("-"), drop, &["check"]);
    assert_eq!(code, Some(5), "stderr: {err}");
    assert!(
        out.contains("the schema (tables, indexes, triggers) was changed"),
        "{out}"
    );
}

#[test]
fn a_missing_change_counter_exits_5() {
    let (code, _, err) = run_damaged(sealed("changes", 1), Mutation::Delete, &["list"]);
    assert_eq!(code, Some(5), "stderr: {err}");
    assert!(err.contains("changes row 1"), "stderr: {err}");
}
