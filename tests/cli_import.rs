//! Integration tests of `otty import` and `otty export` (issue 5), driving the real binary on
//! the fixtures of `tests/data/` (see SOURCES.md): reports, duplicates, dry runs, passphrases,
//! damaged files, round trips through every export format, output files and QR images.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/halfblocks.rs"]
mod halfblocks;
#[allow(dead_code)]
#[path = "cli/support.rs"]
mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use otty::core::{OtpKind, Vault};
use serde_json::Value;
use support::{Fixture, PW};

const AEGIS_PLAIN: &str = "aegis/aegis_plain.json";
const AEGIS_ENCRYPTED: &str = "aegis/aegis_encrypted.json";
/// The passphrase of `aegis_encrypted.json` (SOURCES.md).
const AEGIS_PASSPHRASE: &str = "test";

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Run otty on the fixture's vault with no import/export passphrase in the environment.
fn run(f: &Fixture, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = f.cmd();
    c.env_remove("OTTY_IMPORT_PASSWORD")
        .env_remove("OTTY_EXPORT_PASSWORD");
    for (k, v) in env {
        c.env(k, v);
    }
    c.args(args).output().unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn import_json(f: &Fixture, file: &Path, extra: &[&str], env: &[(&str, &str)]) -> Value {
    let mut args = vec!["import", file.to_str().unwrap(), "--json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&ok(&run(f, &args, env))).unwrap()
}

fn statuses(report: &Value) -> Vec<String> {
    report["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap().to_owned())
        .collect()
}

/// An account as a comparable tuple: service, account, kind, algorithm, digits, period,
/// counter, secret bytes, group name.
type Row = (
    String,
    String,
    OtpKind,
    String,
    u8,
    u32,
    u64,
    Vec<u8>,
    Option<String>,
);

/// The vault's accounts as comparable tuples (with group names), sorted.
fn snapshot(path: &Path) -> Vec<Row> {
    let v = Vault::open(path).unwrap();
    v.unlock(PW.as_bytes()).unwrap();
    let groups = v.groups().unwrap();
    let mut out: Vec<_> = v
        .accounts()
        .unwrap()
        .into_iter()
        .map(|a| {
            let d = a.data;
            let group = d
                .group_id
                .and_then(|id| groups.iter().find(|g| g.id == id))
                .map(|g| g.name.clone());
            (
                d.service,
                d.account,
                d.otp.kind,
                d.otp.algorithm.as_str().to_owned(),
                d.otp.digits,
                d.otp.period,
                d.otp.counter,
                d.otp.secret.expose().to_vec(),
                group,
            )
        })
        .collect();
    out.sort_by(|a, b| (&a.0, &a.1, &a.7).cmp(&(&b.0, &b.1, &b.7)));
    out
}

#[test]
fn aegis_plain_imports_7_new_then_7_duplicates() {
    let f = Fixture::new();
    let first = import_json(&f, &data(AEGIS_PLAIN), &[], &[]);
    assert_eq!(statuses(&first), vec!["new"; 7]);
    assert_eq!(
        (first["new"].as_u64(), first["added"].as_u64()),
        (Some(7), Some(7))
    );
    assert_eq!(first["format"], "aegis");
    assert!(first["entries"][0]["id"].is_i64());
    let list = f.json(&["list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 7);
    let before = f.bytes();
    let again = import_json(&f, &data(AEGIS_PLAIN), &[], &[]);
    assert_eq!(statuses(&again), vec!["duplicate"; 7]);
    assert_eq!(again["added"].as_u64(), Some(0));
    assert_eq!(
        f.bytes(),
        before,
        "a duplicate-only import wrote to the vault"
    );
    // The human report: one line per entry and a summary.
    let text = ok(&run(
        &f,
        &["import", data(AEGIS_PLAIN).to_str().unwrap()],
        &[],
    ));
    assert_eq!(text.lines().count(), 8, "{text}");
    assert!(text.contains("duplicate  Deno  Mason"), "{text}");
    assert!(
        text.lines()
            .last()
            .unwrap()
            .contains("0 new, 7 duplicate, 0 invalid")
    );
}

#[test]
fn duplicates_within_one_file_are_reported() {
    let f = Fixture::new();
    let text = std::fs::read_to_string(data("otpauth_uri/plain.txt")).unwrap();
    let first = text.lines().next().unwrap();
    let file = f.dir.path().join("twice.txt");
    std::fs::write(&file, format!("{first}\n{first}\nnot a uri\n")).unwrap();
    let r = import_json(&f, &file, &[], &[]);
    assert_eq!(statuses(&r), ["new", "duplicate", "invalid"]);
    assert!(r["entries"][2]["reason"].is_string());
    assert_eq!(f.json(&["list", "--json"]).as_array().unwrap().len(), 1);
}

#[test]
fn a_totp_and_an_hotp_sharing_a_secret_both_come_in() {
    let f = Fixture::new();
    let file = data("2fauth/VALID_2FAUTH_JSON_MIGRATION_PAYLOAD.json");
    let out = run(&f, &["import", file.to_str().unwrap()], &[]);
    let text = ok(&out) + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("3 new, 0 duplicate"), "{text}");
    let kinds: Vec<OtpKind> = snapshot(&f.vault).into_iter().map(|r| r.2).collect();
    assert!(
        kinds.contains(&OtpKind::Totp) && kinds.contains(&OtpKind::Hotp),
        "{kinds:?}"
    );
}

#[test]
fn dry_run_leaves_the_vault_bytes_unchanged() {
    let f = Fixture::new();
    let before = f.bytes();
    let r = import_json(&f, &data(AEGIS_PLAIN), &["--dry-run"], &[]);
    assert_eq!(statuses(&r), vec!["new"; 7]);
    assert_eq!(
        (r["dry_run"].as_bool(), r["added"].as_u64()),
        (Some(true), Some(0))
    );
    assert_eq!(f.bytes(), before);
    assert!(f.json(&["list", "--json"]).as_array().unwrap().is_empty());
}

#[test]
fn encrypted_aegis_with_the_right_and_a_wrong_passphrase() {
    let f = Fixture::new();
    let file = data(AEGIS_ENCRYPTED);
    let file = file.to_str().unwrap();
    let before = f.bytes();
    // Wrong passphrase: exit 4, nothing written, the passphrase never echoed.
    let out = run(
        &f,
        &["import", file],
        &[("OTTY_IMPORT_PASSWORD", "xyzzy-wrong")],
    );
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("wrong passphrase") && !err.contains("xyzzy"),
        "{err}"
    );
    assert_eq!(f.bytes(), before);
    // No passphrase and no terminal: exit 2 naming the sources; never the vault password.
    let out = run(&f, &["import", file], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--passphrase-file") && err.contains("OTTY_IMPORT_PASSWORD"),
        "{err}"
    );
    assert_eq!(f.bytes(), before);
    // The right one, from a file: 7 new.
    let pass = f.dir.path().join("pass.txt");
    std::fs::write(&pass, format!("{AEGIS_PASSPHRASE}\n")).unwrap();
    let r = import_json(
        &f,
        &data(AEGIS_ENCRYPTED),
        &["--passphrase-file", pass.to_str().unwrap()],
        &[],
    );
    assert_eq!(statuses(&r), vec!["new"; 7]);
    assert_eq!(r["encrypted"], true);
    // It imports the same accounts as the plain file.
    let g = Fixture::new();
    import_json(&g, &data(AEGIS_PLAIN), &[], &[]);
    assert_eq!(snapshot(&f.vault), snapshot(&g.vault));
}

#[test]
fn damaged_and_unknown_files_exit_2_and_change_nothing() {
    let f = Fixture::new();
    import_json(&f, &data(AEGIS_PLAIN), &[], &[]);
    let before = f.bytes();
    let full = std::fs::read(data(AEGIS_PLAIN)).unwrap();
    let cut = f.dir.path().join("cut.json");
    std::fs::write(&cut, &full[..full.len() / 2]).unwrap();
    let garbage = f.dir.path().join("garbage.bin");
    std::fs::write(&garbage, [0u8, 159, 146, 150, 1, 2, 3]).unwrap();
    for file in [
        cut,
        garbage,
        data("google_migration/test_export_wrong_data.txt"),
        data("2fauth-api/INVALID_2FAUTH_JSON_MIGRATION_PAYLOAD.json"),
        data("2fauth-api/invalidQrcode.png"),
    ] {
        let out = run(&f, &["import", file.to_str().unwrap()], &[]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{}: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was imported"));
        assert_eq!(f.bytes(), before, "{} changed the vault", file.display());
    }
    // --format forces a reader: an Aegis file read as 2FAS is damaged, exit 2.
    let out = run(
        &f,
        &[
            "import",
            data(AEGIS_PLAIN).to_str().unwrap(),
            "--format",
            "2fas",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn every_export_format_round_trips_into_a_fresh_vault() {
    let src = Fixture::new();
    import_json(&src, &data(AEGIS_PLAIN), &[], &[]);
    // A grouped account too, for the formats that keep groups.
    src.ok(&["group", "add", "Work"]);
    src.add(&[
        "--service",
        "Grouped",
        "--account",
        "g",
        "--secret",
        "GEZDGNBVGY3TQOJQ",
        "--group",
        "Work",
    ]);
    let want = snapshot(&src.vault);
    let pass = src.dir.path().join("export-pass.txt");
    std::fs::write(&pass, "export passphrase\n").unwrap();
    for (format, encrypt, groups) in [
        ("otty", false, true),
        ("otty", true, true),
        ("aegis", false, true),
        ("aegis", true, true),
        ("2fauth", false, false),
        ("otpauth", false, false),
    ] {
        let file = src.dir.path().join(format!("export-{format}-{encrypt}"));
        let mut args = vec![
            "export",
            "--format",
            format,
            "--output",
            file.to_str().unwrap(),
        ];
        if encrypt {
            args.extend(["--encrypt", "--passphrase-file", pass.to_str().unwrap()]);
        }
        ok(&run(&src, &args, &[]));
        let dst = Fixture::new();
        let env: &[(&str, &str)] = if encrypt {
            &[("OTTY_IMPORT_PASSWORD", "export passphrase")]
        } else {
            &[]
        };
        let r = import_json(&dst, &file, &[], env);
        assert_eq!(r["new"].as_u64(), Some(8), "{format} {encrypt}: {r}");
        assert_eq!(r["encrypted"].as_bool(), Some(encrypt), "{format}");
        let mut got = snapshot(&dst.vault);
        let mut want = want.clone();
        if !groups {
            got.iter_mut().for_each(|a| a.8 = None);
            want.iter_mut().for_each(|a| a.8 = None);
        }
        assert_eq!(got, want, "{format} encrypted={encrypt}");
    }
    // Standard output works too, for pipes.
    let lines = ok(&run(&src, &["export", "--format", "otpauth"], &[]));
    assert_eq!(
        lines
            .lines()
            .filter(|l| l.starts_with("otpauth://"))
            .count(),
        8
    );
}

#[test]
fn output_files_are_0600_and_never_overwritten_without_force() {
    let f = Fixture::new();
    import_json(&f, &data(AEGIS_PLAIN), &[], &[]);
    let file = f.dir.path().join("out.json");
    let path = file.to_str().unwrap();
    let out = run(&f, &["export", "--format", "otty", "--output", path], &[]);
    ok(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unencrypted"));
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let first = std::fs::read(&file).unwrap();
    let out = run(&f, &["export", "--format", "aegis", "--output", path], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read(&file).unwrap(), first);
    ok(&run(
        &f,
        &["export", "--format", "aegis", "--output", path, "--force"],
        &[],
    ));
    assert_ne!(std::fs::read(&file).unwrap(), first);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

/// `otty export --encrypt` seals with the vault's own Argon2id parameters, not a cheaper
/// fixed cost: the export is no easier to attack than the vault.
#[test]
fn sealed_export_uses_the_vault_kdf_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let f = Fixture {
        vault: dir.path().join("v.otty"),
        dir,
    };
    f.ok(&[
        "init",
        "--kdf-memory",
        "12",
        "--kdf-iterations",
        "2",
        "--kdf-parallelism",
        "2",
    ]);
    import_json(&f, &data(AEGIS_PLAIN), &[], &[]);
    let out = ok(&run(
        &f,
        &["export", "--format", "otty", "--encrypt"],
        &[("OTTY_EXPORT_PASSWORD", "export passphrase")],
    ));
    let doc: Value = serde_json::from_str(&out).unwrap();
    let enc = &doc["encryption"];
    let kdf = Vault::open(&f.vault).unwrap().kdf_params();
    assert_eq!(
        (kdf.memory_kib, kdf.iterations, kdf.parallelism),
        (12 * 1024, 2, 2)
    );
    assert_eq!(enc["memory_kib"].as_u64(), Some(12 * 1024), "{enc}");
    assert_eq!(enc["iterations"].as_u64(), Some(2), "{enc}");
    assert_eq!(enc["parallelism"].as_u64(), Some(2), "{enc}");
}

#[test]
fn export_usage_errors() {
    let f = Fixture::new();
    // 2FAuth and otpauth files cannot be encrypted.
    let out = run(
        &f,
        &["export", "--format", "2fauth", "--encrypt"],
        &[("OTTY_EXPORT_PASSWORD", "p")],
    );
    assert_eq!(out.status.code(), Some(2));
    // --encrypt with no passphrase source and no terminal.
    let out = run(&f, &["export", "--format", "otty", "--encrypt"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("OTTY_EXPORT_PASSWORD"));
    // QR codes only on a terminal.
    let out = run(&f, &["export", "--qr"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not one"));
    assert!(out.stdout.is_empty());
}

#[test]
fn import_qr_reads_png_and_jpeg_images() {
    let f = Fixture::new();
    let r = import_json(&f, &data("2fauth-api/validQrcode.png"), &[], &[]);
    assert_eq!(statuses(&r), ["new"]);
    assert_eq!(r["entries"][0]["account"], "test@test.com");
    let out = run(
        &f,
        &[
            "import",
            "--qr",
            data("generated/validQrcode.jpg").to_str().unwrap(),
        ],
        &[],
    );
    assert!(ok(&out).contains("duplicate"));
    let before = f.bytes();
    let out = run(
        &f,
        &["import", "--qr", data(AEGIS_PLAIN).to_str().unwrap()],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = run(
        &f,
        &[
            "import",
            "--qr",
            data("2fauth-api/invalidQrcode.png").to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(f.bytes(), before);
}

#[test]
fn export_qr_draws_readable_codes_on_a_terminal() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` to give otty a terminal");
        return;
    }
    let f = Fixture::new();
    {
        let v = Vault::open(&f.vault).unwrap();
        v.unlock(PW.as_bytes()).unwrap();
        let secret = otty::core::Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
        let many = (0..12)
            .map(|i| {
                otty::core::NewAccount::new(
                    format!("S{i}"),
                    "me",
                    otty::core::OtpParams::totp(secret.clone()),
                )
            })
            .collect();
        v.add_many(many).unwrap();
    }
    let cmd = format!(
        "{} --vault {} export --qr",
        env!("CARGO_BIN_EXE_otty"),
        f.vault.display()
    );
    let mut child = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .env("OTTY_PASSWORD", PW)
        .env("COLUMNS", "200")
        .env("LINES", "100")
        .current_dir(f.dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"\n\n").unwrap();
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    if String::from_utf8_lossy(&out.stderr).contains("pseudo-terminal") {
        eprintln!("skipped: `script` cannot open a pseudo-terminal here");
        return;
    }
    let text = String::from_utf8_lossy(&out.stdout)
        .replace("\x1b[30;107m", "")
        .replace("\x1b[0m", "");
    assert!(text.contains("QR 1/2") && text.contains("QR 2/2"), "{text}");
    // Read each drawn code back and import it: 10 + 2 accounts.
    let mut found = 0;
    for screen in text
        .split("\x1b[2J\x1b[H")
        .filter(|s| s.contains("press Enter"))
    {
        let lines: Vec<&str> = screen
            .lines()
            .map(|l| l.trim_end_matches('\r'))
            .filter(|l| l.contains(['█', '▀', '▄']) || (l.trim().is_empty() && !l.is_empty()))
            .collect();
        let png = halfblocks::modules_png(&halfblocks::modules(&lines));
        let uri = otty::core::qr::decode(&png).unwrap();
        let batch = otty::core::import::import(uri.as_bytes(), None).unwrap();
        found += batch.valid().count();
    }
    assert_eq!(found, 12);
}

#[test]
fn icons_come_in_with_their_accounts_and_unsupported_ones_are_left_out() {
    let f = Fixture::new();
    let png = data("2fauth-api/VALID_2FAUTH_JSON_MIGRATION_PAYLOAD_WITH_PNG_ICON.json");
    let report = import_json(&f, &png, &[], &[]);
    assert_eq!(report["icons_stored"], 1, "{report}");
    let gif = data("2fauth-api/VALID_2FAUTH_JSON_MIGRATION_PAYLOAD_WITH_UNSUPPORTED_ICON.json");
    let report = import_json(&f, &gif, &[], &[]);
    assert_eq!(report["icons_stored"], 0, "{report}");

    let v = Vault::open(&f.vault).unwrap();
    v.unlock(PW.as_bytes()).unwrap();
    let accounts = v.accounts().unwrap();
    let with_icon: Vec<_> = accounts
        .iter()
        .filter_map(|a| a.data.icon.clone())
        .collect();
    assert_eq!(with_icon.len(), 1, "only the PNG icon is kept");
    let icon = v.icon(&with_icon[0]).unwrap().expect("stored icon");
    assert_eq!(icon.mime, "image/png");
    assert!(
        icon.bytes.starts_with(b"\x89PNG"),
        "the image bytes were stored sealed"
    );
}

fn stored_icon(f: &Fixture) -> (String, Vec<u8>) {
    let v = Vault::open(&f.vault).unwrap();
    v.unlock(PW.as_bytes()).unwrap();
    let accounts = v.accounts().unwrap();
    let name = accounts
        .iter()
        .find_map(|a| a.data.icon.clone())
        .expect("an icon");
    let icon = v.icon(&name).unwrap().expect("stored icon");
    (icon.mime, icon.bytes)
}

#[test]
fn icons_leave_with_exports_and_come_back() {
    let a = Fixture::new();
    import_json(
        &a,
        &data("2fauth-api/VALID_2FAUTH_JSON_MIGRATION_PAYLOAD_WITH_PNG_ICON.json"),
        &[],
        &[],
    );
    let original = stored_icon(&a);
    for format in ["2fauth", "otty", "aegis"] {
        let out = a.dir.path().join(format!("out-{format}.json"));
        ok(&run(
            &a,
            &["export", "--format", format, "-o", out.to_str().unwrap()],
            &[],
        ));
        let b = Fixture::new();
        let report = import_json(&b, &out, &[], &[]);
        assert_eq!(report["icons_stored"], 1, "{format}: {report}");
        assert_eq!(
            stored_icon(&b),
            original,
            "{format}: the same image comes back"
        );
    }
}

#[test]
fn unknown_binaries_and_vaults_are_no_format_and_ask_no_passphrase() {
    let f = Fixture::new();
    let before = f.bytes();
    let vault_copy = f.dir.path().join("other.otty");
    std::fs::copy(&f.vault, &vault_copy).unwrap();
    let ls = f.dir.path().join("ls");
    std::fs::copy("/bin/ls", &ls).unwrap();
    let noise = f.dir.path().join("noise.bin");
    std::fs::write(
        &noise,
        (0..4096u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    // andOTP's old layout has no header: its `.bin` copy is no format without `--format`.
    let old_andotp = data("andotp/andotp_encrypted_old.bin");
    for file in [&vault_copy, &ls, &noise, &old_andotp] {
        let out = run(&f, &["import", file.to_str().unwrap()], &[]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{}: {err}", file.display());
        assert!(
            err.contains("no format otty can import"),
            "{}: {err}",
            file.display()
        );
        assert!(
            !err.to_lowercase().contains("passphrase"),
            "{}: {err}",
            file.display()
        );
    }
    assert_eq!(f.bytes(), before);
    // The same backup named as andOTP names its backups, or with --format, imports.
    let aes = f.dir.path().join("otp_accounts.json.aes");
    std::fs::copy(&old_andotp, &aes).unwrap();
    let env = [("OTTY_IMPORT_PASSWORD", "test")];
    let report = import_json(&f, &aes, &["--dry-run"], &env);
    assert_eq!(statuses(&report), vec!["new"; 6]);
    let report = import_json(&f, &old_andotp, &["--dry-run", "--format", "andotp"], &env);
    assert_eq!(statuses(&report), vec!["new"; 6]);
}

#[test]
fn only_an_otty_vault_is_sent_to_merge_other_sqlite_files_are_unknown_or_damaged() {
    let f = Fixture::new();
    let before = f.bytes();
    let dir = f.dir.path();
    let other = dir.join("other.sqlite");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch("CREATE TABLE t (a);").unwrap();
    drop(conn);
    let google = std::fs::read(data("google_authenticator/google_authenticator.sqlite")).unwrap();
    let cut = dir.join("google_cut.sqlite");
    std::fs::write(&cut, &google[..4000]).unwrap();
    let vault_copy = dir.join("copy.otty");
    std::fs::copy(&f.vault, &vault_copy).unwrap();
    let merge = "fold it into this one with `otty merge";
    // (file, what stderr says, whether it points to `otty merge`)
    for (file, says, to_merge) in [
        (&other, "the file is in no format otty can import", false),
        (
            &cut,
            "the file is an SQLite database that cannot be read (damaged or cut short)",
            false,
        ),
        (&vault_copy, merge, true),
    ] {
        let out = run(&f, &["import", file.to_str().unwrap()], &[]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{}: {err}", file.display());
        assert!(err.contains(says), "{}: {err}", file.display());
        assert_eq!(err.contains(merge), to_merge, "{}: {err}", file.display());
        assert_eq!(err.trim_end().lines().count(), 1, "one sentence: {err}");
    }
    assert_eq!(f.bytes(), before);
}

#[test]
fn new_formats_import_through_the_cli_in_one_transaction() {
    let f = Fixture::new();
    let env = [("OTTY_IMPORT_PASSWORD", "test")];
    let report = import_json(&f, &data("stratum/stratum_encrypted_legacy.bin"), &[], &env);
    assert_eq!(report["format"], "stratum", "{report}");
    assert_eq!(statuses(&report), vec!["new"; 7]);
    // The same accounts from Stratum's database are all duplicates now.
    let report = import_json(&f, &data("stratum/stratum_internal.db"), &[], &[]);
    assert_eq!(statuses(&report), vec!["duplicate"; 7]);
    let vault = Vault::open(&f.vault).unwrap();
    vault.unlock(PW.as_bytes()).unwrap();
    assert_eq!(vault.accounts().unwrap().len(), 7);
}
