//! The TUI's status line says when automatic backups are on and when a sync tool left
//! conflict copies beside the vault.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use otty::core::vault::backup::AutoBackup;
use otty::core::{KdfParams, NewAccount, OtpParams, Secret, Vault};
use otty::tui::action::Action;
use otty::tui::app::App;
use otty::tui::{Config, render, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const FAST: KdfParams = KdfParams::CHEAPEST;

fn status_line(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    let screen = t.backend().to_string();
    let lines: Vec<&str> = screen.lines().collect();
    // The status line is the second to last row.
    lines[lines.len() - 2].to_owned()
}

#[test]
fn the_status_line_shows_backups_and_conflict_copies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.otty");
    let vault = Vault::create(&path, b"pw", FAST).unwrap();
    vault
        .add(NewAccount::new(
            "ACME",
            "alice",
            OtpParams::totp(Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap()),
        ))
        .unwrap();
    let vault = Arc::new(vault);
    let mut app = App::new(Some(vault.clone()), path.clone(), Config::default());
    update(&mut app, Action::Resize(100, 24));
    let plain = status_line(&app);
    assert!(
        !plain.contains("backups") && !plain.contains("conflict"),
        "{plain}"
    );

    vault.set_auto_backup(Some(AutoBackup {
        dir: dir.path().join("backups"),
        keep: 3,
    }));
    std::fs::copy(
        &path,
        dir.path()
            .join("vault.sync-conflict-20251204-134200-ABC.otty"),
    )
    .unwrap();
    std::fs::copy(
        &path,
        dir.path()
            .join("vault (conflicted copy 2025-12-04 134200).otty"),
    )
    .unwrap();
    vault.refresh().unwrap();
    let line = status_line(&app);
    assert!(line.contains("backups on"), "{line}");
    assert!(
        line.contains("2 conflict copies beside the vault: otty merge --conflicts"),
        "{line}"
    );
}
