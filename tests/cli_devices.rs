//! Several devices, through the real binary: `otty backup`, automatic backups from the config
//! file, `otty merge` (copies, other vaults, exports, `--conflicts`), `otty merge-driver` under
//! a real `git merge` (with the password, or with the unlock agent's key and none), and `otty
//! import` of a vault pointing to `merge`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "cli/support.rs"]
mod support;

#[allow(dead_code)]
#[path = "support/served.rs"]
mod served;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use otty::core::Vault;
use support::{ACME_URI, Fixture, PW, bare};

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

/// A `Fixture`-like handle on another vault file in the same directory.
fn on(f: &Fixture, vault: &Path, args: &[&str]) -> std::process::Output {
    cmd_on(f, vault).args(args).output().unwrap()
}

/// `otty --vault <vault>` with the fixture's password in OTTY_PASSWORD.
fn cmd_on(f: &Fixture, vault: &Path) -> std::process::Command {
    let mut c = bare(f.dir.path());
    c.env("OTTY_PASSWORD", PW).arg("--vault").arg(vault);
    c
}

fn ok_on(f: &Fixture, vault: &Path, args: &[&str]) -> String {
    let out = on(f, vault, args);
    assert!(
        out.status.success(),
        "otty {args:?} on {}: {}",
        vault.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A copy of the fixture's vault beside it (the main file alone: it is whole).
fn copy_of(f: &Fixture, name: &str) -> PathBuf {
    let copy = f.dir.path().join(name);
    std::fs::copy(&f.vault, &copy).unwrap();
    copy
}

#[test]
fn merge_folds_a_diverged_copy_and_leaves_the_copy_untouched() {
    let f = Fixture::new();
    f.add(&["--uri", ACME_URI]);
    let other = copy_of(&f, "other.otty");
    f.add(&["--service", "Mine", "--secret", "GEZDGNBVGY3TQOJQ"]);
    ok_on(
        &f,
        &other,
        &["add", "--service", "Theirs", "--secret", "GEZDGNBVGY3TQOJQ"],
    );
    ok_on(&f, &other, &["rm", "acme", "--yes"]);
    let before = std::fs::read(&other).unwrap();

    let other_arg = other.to_str().unwrap();
    let dry = f.json(&["merge", other_arg, "--dry-run", "--json"]);
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["written"], false);
    assert_eq!(dry["accounts"]["added"], 1, "{dry}");
    assert_eq!(dry["accounts"]["deleted"], 1, "{dry}");
    assert_eq!(
        services_of(&f.vault),
        ["ACME", "Mine"],
        "a dry run writes nothing"
    );

    let text = f.ok(&["merge", other_arg]);
    assert!(text.contains("merged") && text.contains("Theirs"), "{text}");
    assert_eq!(services_of(&f.vault), ["Mine", "Theirs"]);
    let again = f.json(&["merge", other_arg, "--json"]);
    assert_eq!(again["written"], false, "{again}");
    assert_eq!(again["accounts"]["added"], 0);
    assert_eq!(
        std::fs::read(&other).unwrap(),
        before,
        "the other file was modified"
    );
    let err = f.fails(&["merge", f.vault.to_str().unwrap()], 2);
    assert!(err.contains("is this vault"), "{err}");
}

#[test]
fn another_vault_s_password_comes_from_the_passphrase_sources() {
    let f = Fixture::new();
    let other = f.dir.path().join("other.otty");
    let init = bare_init(&f, &other, "a different password for the other one");
    assert!(init.status.success(), "{init:?}");
    let out = cmd_on(&f, &other)
        .env("OTTY_PASSWORD", "a different password for the other one")
        .args(["add", "--service", "Other", "--secret", "GEZDGNBVGY3TQOJQ"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let other_arg = other.to_str().unwrap();
    let err = f.fails(&["merge", other_arg], 2);
    assert!(
        err.contains("--passphrase-file") && err.contains("OTTY_IMPORT_PASSWORD"),
        "{err}"
    );
    let wrong = f
        .cmd()
        .env("OTTY_IMPORT_PASSWORD", "not it")
        .args(["merge", other_arg])
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(4));
    let file = f.dir.path().join("pass.txt");
    std::fs::write(&file, "a different password for the other one\n").unwrap();
    f.ok(&[
        "merge",
        other_arg,
        "--passphrase-file",
        file.to_str().unwrap(),
    ]);
    assert_eq!(services_of(&f.vault), ["Other"]);
}

/// `otty init` of `vault` with `password`.
fn bare_init(f: &Fixture, vault: &Path, password: &str) -> std::process::Output {
    cmd_on(f, vault)
        .env("OTTY_PASSWORD", password)
        .args([
            "init",
            "--kdf-memory",
            "8",
            "--kdf-iterations",
            "1",
            "--weak-password",
        ])
        .output()
        .unwrap()
}

#[test]
fn import_of_a_vault_points_to_merge_without_asking_anything() {
    let f = Fixture::new();
    let other = copy_of(&f, "other.otty");
    let out = f
        .cmd()
        .env_remove("OTTY_PASSWORD")
        .args(["import", other.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("otty merge"), "{err}");
    assert!(
        !err.contains("passphrase") && !err.contains("andOTP"),
        "{err}"
    );
}

#[test]
fn merge_of_an_otty_export_adds_what_the_vault_lacks() {
    let f = Fixture::new();
    f.add(&["--uri", ACME_URI]);
    let other = f.dir.path().join("other.otty");
    assert!(bare_init(&f, &other, PW).status.success());
    ok_on(&f, &other, &["add", "--uri", ACME_URI]);
    ok_on(
        &f,
        &other,
        &[
            "add",
            "--service",
            "Exported",
            "--secret",
            "GEZDGNBVGY3TQOJQ",
        ],
    );
    let export = f.dir.path().join("export.json");
    ok_on(
        &f,
        &other,
        &["export", "--format", "otty", "-o", export.to_str().unwrap()],
    );
    let report = f.json(&["merge", export.to_str().unwrap(), "--json"]);
    assert_eq!(report["added"], 1, "{report}");
    assert_eq!(report["duplicate"], 1, "{report}");
    assert_eq!(services_of(&f.vault), ["ACME", "Exported"]);
}

#[test]
fn conflict_copies_are_mentioned_then_merged_and_removed() {
    let f = Fixture::new();
    f.add(&["--uri", ACME_URI]);
    let syncthing = copy_of(&f, "v.sync-conflict-20251204-134200-ABCDEFG.otty");
    let nextcloud = copy_of(&f, "v (conflicted copy 2025-12-04 134200).otty");
    ok_on(
        &f,
        &syncthing,
        &[
            "add",
            "--service",
            "From Syncthing",
            "--secret",
            "GEZDGNBVGY3TQOJQ",
        ],
    );
    ok_on(
        &f,
        &nextcloud,
        &[
            "add",
            "--service",
            "From Nextcloud",
            "--secret",
            "GEZDGNBVGY3TQOJQ",
        ],
    );
    f.add(&["--service", "Local", "--secret", "GEZDGNBVGY3TQOJQ"]);

    let out = f.run(&["list"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2 conflict copies beside the vault: otty merge --conflicts"),
        "{err}"
    );
    let dry = f.json(&["merge", "--conflicts", "--dry-run", "--json"]);
    assert_eq!(dry["copies"].as_array().unwrap().len(), 2, "{dry}");
    assert!(
        syncthing.exists() && nextcloud.exists(),
        "a dry run removes nothing"
    );

    let text = f.ok(&["merge", "--conflicts"]);
    assert!(text.contains("merged and removed"), "{text}");
    assert!(!syncthing.exists() && !nextcloud.exists());
    assert_eq!(
        services_of(&f.vault),
        ["ACME", "From Nextcloud", "From Syncthing", "Local"]
    );
    let out = f.run(&["list"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("conflict"));
    assert!(
        f.ok(&["merge", "--conflicts"])
            .contains("no conflict copies")
    );
}

/// `git` in `repo` with a clean configuration, the test's own runtime directory (its unlock
/// agents, never a real one) and the vault password in the environment (the merge driver
/// without `%P` needs it: git gives it no terminal).
fn git(repo: &Path, args: &[&str]) -> String {
    let mut c = git_cmd(repo);
    c.env("OTTY_PASSWORD", PW);
    git_ok(c, args)
}

/// `git` as [`git`], with no password anywhere in its environment.
fn git_without_password(repo: &Path, args: &[&str]) -> String {
    let mut c = git_cmd(repo);
    c.env_remove("OTTY_PASSWORD");
    git_ok(c, args)
}

fn git_cmd(repo: &Path) -> std::process::Command {
    let mut c = std::process::Command::new("git");
    c.current_dir(repo)
        .env("HOME", repo)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .env("XDG_RUNTIME_DIR", repo.parent().unwrap().join("run"))
        .env_remove("OTTY_VAULT");
    c
}

fn git_ok(mut c: std::process::Command, args: &[&str]) -> String {
    let out = c.args(args).output().unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A repository `repo/` beside the fixture's vault, merging `*.otty` with `driver` (git's
/// placeholders after `otty merge-driver`), holding `vault.otty` on two diverged branches:
/// `laptop` added "Laptop" and edited "Edited there", `main` (checked out) added "Desktop" and
/// deleted "Deleted here". Returns the repository and the vault.
fn diverged_repo(f: &Fixture, driver: &str) -> (PathBuf, PathBuf) {
    let repo = f.dir.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    std::fs::write(repo.join(".gitattributes"), "*.otty merge=otty\n").unwrap();
    std::fs::write(repo.join(".gitignore"), "*-wal\n*-shm\n").unwrap();
    let driver = format!("{} merge-driver {driver}", env!("CARGO_BIN_EXE_otty"));
    git(&repo, &["config", "merge.otty.driver", &driver]);
    let vault = repo.join("vault.otty");
    assert!(bare_init(f, &vault, PW).status.success());
    for service in ["Shared", "Edited there", "Deleted here"] {
        ok_on(
            f,
            &vault,
            &["add", "--service", service, "--secret", "GEZDGNBVGY3TQOJQ"],
        );
    }
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-qm", "start"]);

    git(&repo, &["checkout", "-qb", "laptop"]);
    ok_on(
        f,
        &vault,
        &["add", "--service", "Laptop", "--secret", "GEZDGNBVGY3TQOJQ"],
    );
    ok_on(
        f,
        &vault,
        &["edit", "Edited there", "--notes", "from the laptop"],
    );
    git(&repo, &["commit", "-qam", "laptop"]);

    git(&repo, &["checkout", "-q", "main"]);
    ok_on(
        f,
        &vault,
        &[
            "add",
            "--service",
            "Desktop",
            "--secret",
            "GEZDGNBVGY3TQOJQ",
        ],
    );
    ok_on(f, &vault, &["rm", "Deleted here", "--yes"]);
    git(&repo, &["commit", "-qam", "desktop"]);
    (repo, vault)
}

/// After `git merge laptop` in [`diverged_repo`]: both sides' changes are in the vault, it is
/// intact, and the work tree is clean.
fn assert_merged(f: &Fixture, repo: &Path, vault: &Path) {
    assert_eq!(
        services_of(vault),
        ["Desktop", "Edited there", "Laptop", "Shared"]
    );
    let v = Vault::open(vault).unwrap();
    v.unlock(PW.as_bytes()).unwrap();
    let edited = v.find("Edited there").unwrap().remove(0);
    assert_eq!(
        edited.data.notes, "from the laptop",
        "the laptop's edit is kept"
    );
    drop(v);
    ok_on(f, vault, &["check"]);
    assert!(
        git(repo, &["status", "--porcelain"]).trim().is_empty(),
        "the work tree is clean"
    );
}

#[test]
fn git_merges_two_branches_of_the_vault_through_the_driver() {
    let f = Fixture::new();
    let (repo, vault) = diverged_repo(&f, "%O %A %B");
    git(&repo, &["merge", "-q", "--no-edit", "laptop"]);
    assert_merged(&f, &repo, &vault);
}

/// An unlock agent of `vault` for the length of a test (locked on drop).
struct Unlocked<'a> {
    f: &'a Fixture,
    vault: PathBuf,
}

impl<'a> Unlocked<'a> {
    fn new(f: &'a Fixture, vault: &Path) -> Self {
        ok_on(f, vault, &["unlock"]);
        Unlocked {
            f,
            vault: vault.to_owned(),
        }
    }
}

impl Drop for Unlocked<'_> {
    fn drop(&mut self) {
        // The agent may already be gone: git replaced the vault file it held.
        let _ = on(self.f, &self.vault, &["lock"]);
    }
}

#[test]
fn git_merges_with_the_unlock_agent_s_key_and_no_password_in_git_s_environment() {
    let f = Fixture::new();
    let (repo, vault) = diverged_repo(&f, "%O %A %B %P");
    let _agent = Unlocked::new(&f, &vault);
    git_without_password(&repo, &["merge", "-q", "--no-edit", "laptop"]);
    assert_merged(&f, &repo, &vault);
}

/// `otty merge-driver ANCESTOR OURS THEIRS PATH` in the fixture's directory with no password
/// source (stdin closed, no OTTY_PASSWORD), as git runs it.
fn driver(f: &Fixture, files: [&Path; 3], path: &str) -> std::process::Output {
    let mut c = bare(f.dir.path());
    c.arg("merge-driver");
    for file in files {
        c.arg(file);
    }
    c.arg(path).output().unwrap()
}

/// The fixture's vault as git's three files: the ancestor, ours, and theirs with one account
/// more.
fn three_versions(f: &Fixture) -> [PathBuf; 3] {
    f.add(&["--uri", ACME_URI]);
    let base = copy_of(f, "base.otty");
    let ours = copy_of(f, "ours.otty");
    f.add(&["--service", "Theirs", "--secret", "GEZDGNBVGY3TQOJQ"]);
    let theirs = copy_of(f, "theirs.otty");
    [base, ours, theirs]
}

#[test]
fn the_driver_with_neither_an_agent_nor_a_password_says_to_run_otty_unlock() {
    let f = Fixture::new();
    let [base, ours, theirs] = three_versions(&f);
    let before = std::fs::read(&ours).unwrap();
    let out = driver(&f, [&base, &ours, &theirs], "v.otty");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("otty unlock"), "{err}");
    assert!(err.contains("OTTY_PASSWORD"), "{err}");
    let canonical = std::fs::canonicalize(&f.vault).unwrap();
    assert!(err.contains(canonical.to_str().unwrap()), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
    assert_eq!(std::fs::read(&ours).unwrap(), before, "OURS is unchanged");
}

#[test]
fn the_agent_s_key_merges_only_copies_of_its_vault() {
    let f = Fixture::new();
    let [base, ours, _] = three_versions(&f);
    let stranger = f.dir.path().join("stranger.otty");
    assert!(bare_init(&f, &stranger, PW).status.success());
    ok_on(
        &f,
        &stranger,
        &[
            "add",
            "--service",
            "Stranger",
            "--secret",
            "GEZDGNBVGY3TQOJQ",
        ],
    );
    let _agent = Unlocked::new(&f, &f.vault);
    let before = std::fs::read(&ours).unwrap();
    let out = driver(&f, [&base, &ours, &stranger], "v.otty");
    assert!(!out.status.success(), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not a copy of"), "{err}");
    assert_eq!(std::fs::read(&ours).unwrap(), before, "OURS is unchanged");

    // The same vault's versions merge with the agent's key and no password.
    let theirs = copy_of(&f, "theirs-again.otty");
    let out = driver(&f, [&base, &ours, &theirs], "v.otty");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(services_of(&ours), ["ACME", "Theirs"]);
}

#[test]
fn while_serve_runs_the_main_file_alone_and_a_backup_hold_every_api_write() {
    let f = Fixture::new();
    let token = served::token(&f, "script");
    let mut server = served::Served::start(&f);
    let body = serde_json::json!({
        "service": "Served", "account": "api", "icon": null, "otp_type": "totp",
        "secret": "JBSWY3DPEHPK3PXP", "digits": 6, "algorithm": "sha1", "period": 30,
    });
    let reply =
        served::request(&server.addr, &token, "POST", "/twofaccounts", Some(&body)).unwrap();
    assert!(reply.ok(), "{reply:?}");

    // The write is acknowledged: within a second or two (the server's timer runs once a
    // second) a copy of the main file alone holds it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    let copy = f.dir.path().join("main-only.otty");
    loop {
        let _ = std::fs::remove_file(&copy);
        std::fs::copy(&f.vault, &copy).unwrap();
        let opened = Vault::open(&copy).and_then(|v| {
            v.unlock(PW.as_bytes())?;
            v.accounts()
        });
        if opened.is_ok_and(|a| a.iter().any(|a| a.data.service == "Served")) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the main file lacks the write"
        );
    }
    assert_eq!(services_of(&copy), ["Served"]);

    let backup = f.dir.path().join("during-serve.otty");
    f.ok(&["backup", backup.to_str().unwrap()]);
    assert_eq!(services_of(&backup), ["Served"]);
    server.stop();
}

/// A sync tool replaces the vault under a running server by renaming the other device's copy
/// over it. The server must not write to the file that was replaced (where the write would be
/// lost): a write is refused with 503 until the server has opened the new file (its
/// one-second timer), then lands in the new file beside the other device's account.
#[test]
fn a_vault_renamed_over_a_running_server_is_reopened_and_no_api_write_is_lost() {
    let f = Fixture::new();
    f.add(&["--uri", ACME_URI]);
    let token = served::token(&f, "script");
    let mut server = served::Served::start(&f);
    // The other device's copy: one more account.
    let remote = copy_of(&f, "remote.otty");
    ok_on(
        &f,
        &remote,
        &[
            "add",
            "--service",
            "FromRemote",
            "--secret",
            "GEZDGNBVGY3TQOJQ",
        ],
    );
    let tmp = f.dir.path().join(".sync-tmp");
    std::fs::copy(&remote, &tmp).unwrap();
    std::fs::rename(&tmp, &f.vault).unwrap();

    let body = serde_json::json!({
        "service": "AfterSync", "account": "api", "icon": null, "otp_type": "totp",
        "secret": "JBSWY3DPEHPK3PXP", "digits": 6, "algorithm": "sha1", "period": 30,
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let reply =
            served::request(&server.addr, &token, "POST", "/twofaccounts", Some(&body)).unwrap();
        if reply.ok() {
            break;
        }
        assert_eq!(reply.status, 503, "refused until reopened: {reply:?}");
        assert!(std::time::Instant::now() < deadline, "never reopened");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // The list the server gives is the new file's.
    let list = served::request(&server.addr, &token, "GET", "/twofaccounts", None).unwrap();
    let mut names: Vec<&str> = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["service"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["ACME", "AfterSync", "FromRemote"]);
    server.stop();
    assert_eq!(services_of(&f.vault), ["ACME", "AfterSync", "FromRemote"]);
}
