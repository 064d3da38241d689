//! Process hardening, seen from outside through the real binary: `otty serve` runs with a core
//! file limit of 0, is not dumpable (its /proc files belong to root, so no same-user process
//! can read its memory or attach a debugger), and keeps the vault key in locked memory
//! (`VmLck` > 0). A vault file other users can read gets one warning per command.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "cli/support.rs"]
mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use support::{ACME_URI, Fixture};

#[cfg(target_os = "linux")]
/// The unprivileged user the server runs as when the tests run as root.
const NOBODY: u32 = 65534;

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Start `otty serve` from `cmd` and wait until it prints its URL (the vault is unlocked by
/// then). Returns the server and the stderr lines printed so far.
fn serve(mut cmd: Command) -> (Server, Vec<String>) {
    let mut child = cmd
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let server = Server(child);
    let mut seen = Vec::new();
    loop {
        let line = lines
            .next()
            .unwrap_or_else(|| panic!("serve exited early: {seen:?}"))
            .unwrap();
        let ready = line.contains("serving the API at ");
        seen.push(line);
        if ready {
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    (server, seen)
}

#[cfg(target_os = "linux")]
fn proc_file(pid: u32, name: &str) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/{name}")).unwrap()
}

#[cfg(target_os = "linux")]
/// The soft and hard values of one line of /proc/<pid>/limits, e.g. "Max core file size".
fn limit(pid: u32, name: &str) -> (String, String) {
    let limits = proc_file(pid, "limits");
    let line = limits
        .lines()
        .find(|l| l.starts_with(name))
        .unwrap_or_else(|| panic!("no {name:?} in {limits}"));
    let mut values = line[name.len()..].split_whitespace();
    (
        values.next().unwrap().to_owned(),
        values.next().unwrap().to_owned(),
    )
}

#[cfg(target_os = "linux")]
/// A kB figure from /proc/<pid>/status, e.g. "VmLck".
fn status_kb(pid: u32, field: &str) -> u64 {
    let status = proc_file(pid, "status");
    let line = status
        .lines()
        .find(|l| l.starts_with(&format!("{field}:")))
        .unwrap_or_else(|| panic!("no {field} in {status}"));
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[cfg(target_os = "linux")]
fn is_root() -> bool {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let uid = status.lines().find(|l| l.starts_with("Uid:")).unwrap();
    uid.split_whitespace().nth(1) == Some("0")
}

#[cfg(target_os = "linux")]
/// Hand the fixture's directory and files to `uid` so a server running as it can use them.
fn give_to(f: &Fixture, uid: u32) {
    std::os::unix::fs::chown(f.dir.path(), Some(uid), Some(uid)).unwrap();
    for entry in std::fs::read_dir(f.dir.path()).unwrap() {
        std::os::unix::fs::chown(entry.unwrap().path(), Some(uid), Some(uid)).unwrap();
    }
}

#[cfg(target_os = "linux")]
#[test]
fn serve_has_no_core_dumps_is_not_dumpable_and_locks_its_key() {
    use std::os::unix::fs::MetadataExt;
    use std::os::unix::process::CommandExt;

    let f = Fixture::new();
    f.add(&["--uri", ACME_URI]);
    let root = is_root();
    let mut cmd = f.cmd();
    if root {
        // As root every /proc file is root's anyway: run as nobody to see the difference.
        give_to(&f, NOBODY);
        cmd.uid(NOBODY).gid(NOBODY);
    }
    let (server, stderr) = serve(cmd);
    let pid = server.0.id();

    assert_eq!(
        limit(pid, "Max core file size"),
        ("0".to_owned(), "0".to_owned()),
        "no core file, and the limit cannot be raised again"
    );

    let environ = std::fs::metadata(format!("/proc/{pid}/environ")).unwrap();
    let own = std::fs::metadata(format!("/proc/{pid}/cmdline")).unwrap();
    if root {
        assert_eq!(own.uid(), 0, "non-dumpable: /proc files belong to root");
        assert_eq!(environ.uid(), 0, "environ (OTTY_PASSWORD) belongs to root");
        let status = proc_file(pid, "status");
        let uid = status.lines().find(|l| l.starts_with("Uid:")).unwrap();
        assert!(uid.contains(&NOBODY.to_string()), "runs as nobody: {uid}");
    } else {
        let me = std::fs::metadata("/proc/self/environ").unwrap().uid();
        assert_ne!(me, 0);
        assert_eq!(
            environ.uid(),
            0,
            "non-dumpable: environ belongs to root, not to uid {me}"
        );
        assert!(
            std::fs::read(format!("/proc/{pid}/environ")).is_err(),
            "the same user cannot read the server's environment"
        );
    }

    let (memlock, _) = limit(pid, "Max locked memory");
    if memlock == "0" {
        eprintln!("skipped the VmLck check: RLIMIT_MEMLOCK is 0 for the server");
    } else {
        let locked = status_kb(pid, "VmLck");
        assert!(
            locked > 0,
            "the unlocked vault's key sits in mlocked pages (VmLck {locked} kB, RLIMIT_MEMLOCK {memlock})"
        );
        eprintln!("serve: VmLck {locked} kB, core limit 0/0, /proc/{pid}/environ owned by uid 0");
    }
    assert!(
        !stderr.iter().any(|l| l.contains("warning")),
        "no hardening warning: {stderr:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_vault_file_others_can_read_is_warned_about_once_per_command() {
    use std::os::unix::fs::PermissionsExt;

    let f = Fixture::new();
    f.add(&["--uri", ACME_URI]);
    let warning = format!(
        "otty: warning: vault file {p} is readable by others (mode 0644); run chmod 600 {p}\n",
        p = f.vault.display()
    );
    let chmod = |mode| {
        std::fs::set_permissions(&f.vault, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    let stderr = |args: &[&str]| {
        let out = f.run(args);
        assert!(out.status.success(), "otty {args:?}");
        String::from_utf8(out.stderr).unwrap()
    };

    chmod(0o600);
    for args in [&["list"][..], &["code", "acme"], &["token", "list"]] {
        assert_eq!(stderr(args), "", "otty {args:?}");
    }
    let (_server, lines) = serve(f.cmd());
    assert!(!lines.iter().any(|l| l.contains("readable")), "{lines:?}");

    chmod(0o644);
    for args in [&["list"][..], &["code", "acme"], &["token", "list"]] {
        assert_eq!(stderr(args), warning, "otty {args:?}");
    }
    let (_server, lines) = serve(f.cmd());
    let warned = lines.iter().filter(|l| format!("{l}\n") == warning).count();
    assert_eq!(warned, 1, "serve warns once before it serves: {lines:?}");

    chmod(0o640);
    assert!(stderr(&["list"]).contains("(mode 0640)"));
}
