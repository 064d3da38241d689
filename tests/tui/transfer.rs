//! The import (`I`) and export (`X`) screens: a preview with new, duplicate and invalid rows,
//! an import that adds accounts, a cancel that adds none, a wrong passphrase, and an export
//! written 0600 that is never overwritten. Background work is performed synchronously, as
//! the runner would on its thread. Files live in a temporary folder inside the crate whose
//! random name is masked in the snapshots.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use otty::core::export::{self, ExportEntry, ExportFormat};
use otty::core::{NewAccount, OtpParams, Secret, Vault, uri};
use otty::tui::action::{Action, Effect};
use otty::tui::app::{App, Overlay};
use otty::tui::{export as export_screen, import, update};
use ratatui::crossterm::event::KeyCode;

use crate::support::*;

/// A folder in the working directory (so typed paths are short and relative), its name.
fn workdir() -> (tempfile::TempDir, String) {
    let dir = tempfile::Builder::new()
        .prefix("tui-io-")
        .tempdir_in(".")
        .unwrap();
    let name = dir.path().file_name().unwrap().to_str().unwrap().to_owned();
    (dir, name)
}

/// The screen with the folder's random name replaced by one of the same length.
fn masked(app: &App, dir: &str) -> String {
    screen(app).replace(dir, &"tmp-".repeat(dir.len()).as_str()[..dir.len()])
}

/// Run the queued background work the way the runner does.
fn run_effects(app: &mut App, v: &Vault) {
    for e in effects(app) {
        match e {
            Effect::ReadImport { path, passphrase } => {
                let r = import::read(&path, passphrase.as_ref().map(|p| p.as_bytes()));
                update(app, Action::ImportRead(r));
            }
            Effect::Export(req) => {
                let r = export_screen::write(v, &req).map(|n| (req.path.clone(), n));
                update(app, Action::Exported(r));
            }
            _ => {}
        }
    }
}

/// An otpauth file: one new account, one already in the demo vault, one broken line.
fn otpauth_file(v: &Vault, path: &Path) {
    let demo = v.accounts().unwrap();
    let github = demo.iter().find(|a| a.data.service == "GitHub").unwrap();
    let new = NewAccount::new(
        "Example",
        "new@example.com",
        OtpParams::totp(Secret::from_bytes(b"made-up-secret-1".to_vec())),
    );
    let text = format!(
        "{}\n{}\notpauth://totp/Broken:me?issuer=Broken\n",
        uri::format(&new),
        uri::format(&github.data)
    );
    std::fs::write(path, text).unwrap();
}

fn open_and_read(app: &mut App, v: &Vault, typed: &str) {
    press(app, KeyCode::Char('I'));
    typ(app, typed);
    press(app, KeyCode::Enter);
    run_effects(app, v);
}

/// Write [`otpauth_file`] and read it on the import screen; the folder and its name.
fn read_codes_file(app: &mut App, v: &Vault) -> (tempfile::TempDir, String) {
    let (dir, name) = workdir();
    otpauth_file(v, &Path::new(&name).join("codes.txt"));
    open_and_read(app, v, &format!("{name}/codes.txt"));
    (dir, name)
}

#[test]
fn import_preview_then_confirm_adds_the_new_accounts() {
    let (mut app, _, v) = setup();
    let before = v.accounts().unwrap().len();
    let (_dir, name) = read_codes_file(&mut app, &v);
    assert!(matches!(app.overlay, Some(Overlay::Import(_))));
    let s = masked(&app, &name);
    assert!(s.contains("1 new") && s.contains("1 duplicate") && s.contains("1 invalid"));
    insta::assert_snapshot!("import_preview", s);
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none());
    assert_eq!(v.accounts().unwrap().len(), before + 1);
    assert!(
        app.list
            .accounts
            .iter()
            .any(|a| a.data.service == "Example")
    );
    assert_eq!(app.toast.as_ref().unwrap().text, "Imported 1 account");
}

#[test]
fn cancelling_an_import_adds_nothing() {
    let (mut app, _, v) = setup();
    let before = v.accounts().unwrap().len();
    let (_dir, _) = read_codes_file(&mut app, &v);
    press(&mut app, KeyCode::Esc);
    assert!(
        matches!(app.overlay, Some(Overlay::Import(_))),
        "back to the path"
    );
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    assert_eq!(v.accounts().unwrap().len(), before);
}

#[test]
fn a_missing_or_unknown_file_is_a_clear_error() {
    let (mut app, _, v) = setup();
    open_and_read(&mut app, &v, "no/such/file.json");
    let s = screen(&app);
    assert!(s.contains("Cannot read no/such/file.json"), "{s}");
    // Back on the path field: a file in no known format.
    let (_dir, name) = workdir();
    std::fs::write(Path::new(&name).join("notes.txt"), "shopping list\n").unwrap();
    clear_field(&mut app);
    typ(&mut app, &format!("{name}/notes.txt"));
    press(&mut app, KeyCode::Enter);
    run_effects(&mut app, &v);
    let s = screen(&app);
    assert!(
        s.contains("Cannot import: the file is in no format otty can import"),
        "{s}"
    );
    assert_eq!(v.accounts().unwrap().len(), 10, "nothing written");
}

#[test]
fn an_encrypted_file_asks_for_its_passphrase_and_says_when_it_is_wrong() {
    let (mut app, _, v) = setup();
    let (_dir, name) = workdir();
    let acc = NewAccount::new(
        "Sealed",
        "me",
        OtpParams::totp(Secret::from_bytes(b"made-up-secret-2".to_vec())),
    );
    let bytes = export::export(
        ExportFormat::Otty,
        &[ExportEntry::new(&acc)],
        Some(b"right horse"),
        v.kdf_params(),
    )
    .unwrap();
    std::fs::write(Path::new(&name).join("sealed.json"), bytes).unwrap();
    open_and_read(&mut app, &v, &format!("{name}/sealed.json"));
    assert!(screen(&app).contains("is encrypted: type its passphrase"));
    typ(&mut app, "wrong horse");
    press(&mut app, KeyCode::Enter);
    run_effects(&mut app, &v);
    let s = masked(&app, &name);
    assert!(!s.contains("wrong horse"), "the passphrase is never drawn");
    insta::assert_snapshot!("import_wrong_passphrase", s);
    typ(&mut app, "right horse");
    press(&mut app, KeyCode::Enter);
    run_effects(&mut app, &v);
    assert!(screen(&app).contains("1 new"));
    press(&mut app, KeyCode::Enter);
    assert!(app.list.accounts.iter().any(|a| a.data.service == "Sealed"));
}

#[test]
fn the_import_screen_reads_the_new_formats_too() {
    // A FreeOTP v2 backup: binary, encrypted, detected by content through the core's plan.
    let (mut app, _, v) = setup();
    let (_dir, name) = workdir();
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/freeotp/freeotp_v2_api34.xml");
    std::fs::copy(fixture, Path::new(&name).join("externalBackup.xml")).unwrap();
    open_and_read(&mut app, &v, &format!("{name}/externalBackup.xml"));
    assert!(
        screen(&app).contains("is encrypted: type its passphrase"),
        "{}",
        screen(&app)
    );
    typ(&mut app, "test");
    press(&mut app, KeyCode::Enter);
    run_effects(&mut app, &v);
    assert!(screen(&app).contains("6 new"), "{}", screen(&app));
    press(&mut app, KeyCode::Enter);
    assert!(
        app.list
            .accounts
            .iter()
            .any(|a| a.data.service == "Air Canada")
    );
}

/// On the open export screen: Aegis, not encrypted, to `path`, `Enter`.
fn export_plain_aegis(app: &mut App, path: &str) {
    press(app, KeyCode::Right); // otty → Aegis
    press(app, KeyCode::Tab);
    press(app, KeyCode::Char(' ')); // encryption off
    press(app, KeyCode::Tab);
    clear_field(app);
    typ(app, path);
    press(app, KeyCode::Enter);
}

#[test]
fn export_writes_a_0600_file_and_never_overwrites() {
    let (mut app, _, v) = setup();
    let (_dir, name) = workdir();
    press(&mut app, KeyCode::Char('X'));
    insta::assert_snapshot!("export_screen", screen(&app));
    let path = format!("{name}/out.json");
    export_plain_aegis(&mut app, &path);
    run_effects(&mut app, &v);
    assert!(app.overlay.is_none());
    let s = masked(&app, &name);
    assert!(s.contains("Exported 10 accounts to"), "{s}");
    insta::assert_snapshot!("export_done", s);
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    let written = std::fs::read(&path).unwrap();
    // Again to the same file: refused before anything is written.
    press(&mut app, KeyCode::Char('X'));
    export_plain_aegis(&mut app, &path);
    assert!(screen(&app).contains("never overwrites"));
    assert_eq!(std::fs::read(&path).unwrap(), written);
}

#[test]
fn encrypted_export_wants_the_same_passphrase_twice() {
    let (mut app, _, v) = setup();
    let (_dir, name) = workdir();
    press(&mut app, KeyCode::Char('X'));
    press(&mut app, KeyCode::Tab); // encrypt (on)
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "export horse");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "export hors");
    press(&mut app, KeyCode::Tab);
    clear_field(&mut app);
    let path = format!("{name}/sealed.json");
    typ(&mut app, &path);
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("The two passphrases differ"));
    typ(&mut app, "export horse");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    run_effects(&mut app, &v);
    assert!(app.overlay.is_none(), "{}", screen(&app));
    let batch = import::read(Path::new(&path), Some(b"export horse")).unwrap();
    assert_eq!(batch.entries.len(), 10);
    assert!(batch.encrypted);
    // Sealed with the vault's own Argon2id parameters: no cheaper to attack than the vault.
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let kdf = v.kdf_params();
    let enc = &doc["encryption"];
    assert_eq!(enc["memory_kib"].as_u64(), Some(kdf.memory_kib.into()));
    assert_eq!(enc["iterations"].as_u64(), Some(kdf.iterations.into()));
    assert_eq!(enc["parallelism"].as_u64(), Some(kdf.parallelism.into()));
}
