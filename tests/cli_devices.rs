//! Several devices, through the real binary: `otty backup`, automatic backups from the config
//! file, `otty merge` (copies, other vaults, exports, `--conflicts`), `otty merge-driver` under
//! a real `git merge`, and `otty import` of a vault pointing to `merge`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "cli/support.rs"]
mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use otty::core::Vault;
use support::{ACME_URI, Fixture, PW};

/// The services of the vault at `path`, opened with the password; it must be intact.
fn services_of(path: &Path) -> Vec<String> {
    let v = Vault::open(path).unwrap();
    v.unlock(PW.as_bytes()).unwrap();
    assert!(v.check().unwrap().is_intact(), "{}", path.display());
    let mut names: Vec<String> = v
        .accounts()
        .unwrap()
        .into_iter()
        .map(|a| a.data.service)
        .collect();
    names.sort();
    names
}

#[test]
fn backup_writes_a_0600_vault_and_overwrites_only_with_force() {
    let f = Fixture::new();
    f.add(&["--uri", ACME_URI]);
    let copy = f.dir.path().join("copy.otty");
    // No password is needed to copy sealed rows.
    let out = f
        .cmd()
        .env_remove("OTTY_PASSWORD")
        .args(["backup", copy.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("copy.otty"));
    let mode = std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(services_of(&copy), ["ACME"]);

    f.add(&["--service", "Second", "--secret", "GEZDGNBVGY3TQOJQ"]);
    let err = f.fails(&["backup", copy.to_str().unwrap()], 1);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(services_of(&copy), ["ACME"]);
    f.ok(&["backup", copy.to_str().unwrap(), "--force"]);
    assert_eq!(services_of(&copy), ["ACME", "Second"]);
}

/// The files in `dir`, sorted.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn automatic_backups_come_from_the_config_file_and_are_off_by_default() {
    let f = Fixture::new();
    f.add(&["--uri", ACME_URI]);
    let backups = f.dir.path().join("backups");
    assert!(files_in(&backups).is_empty(), "off by default");
    let config = f.dir.path().join("config.toml");
    std::fs::write(&config, "backup_dir = \"backups\"\nbackup_keep = 5\n").unwrap();
    let out = f
        .cmd()
        .env("OTTY_CONFIG", &config)
        .args(["add", "--service", "Second", "--secret", "GEZDGNBVGY3TQOJQ"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let taken = files_in(&backups);
    assert_eq!(taken.len(), 1, "{taken:?}");
    assert_eq!(services_of(&taken[0]), ["ACME", "Second"]);
    // A command that changes nothing takes none.
    let out = f
        .cmd()
        .env("OTTY_CONFIG", &config)
        .arg("list")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(files_in(&backups).len(), 1);
}
