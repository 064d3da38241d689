//! How the agent starts and ends: lock, idle timeout, SIGTERM, a replaced vault file, a stale
//! socket, a wrong password, and another user refused.

use std::time::Duration;

use crate::Agent;

const DEADLINE: Duration = Duration::from_secs(10);

fn kill(signal: &str, pid: u32) {
    let status = std::process::Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn lock_ends_the_agent_and_its_socket() {
    let a = Agent::fixture();
    assert_eq!(
        a.run(&["lock"]).status.code(),
        Some(3),
        "nothing to lock yet"
    );
    a.unlock(&[]);
    assert!(a.is_unlocked());
    let socket = a.sockets();
    assert_eq!(socket.len(), 1);
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&socket[0]), 0o600);
    assert_eq!(mode(socket[0].parent().unwrap()), 0o700);
    a.ok(&["lock"]);
    // The socket is gone before `lock` returns.
    assert!(a.sockets().is_empty());
    a.wait_locked(DEADLINE);
    assert_eq!(
        a.run(&["list"]).status.code(),
        Some(2),
        "a password is needed again"
    );
}

#[test]
fn the_idle_timeout_ends_it_and_unlock_again_refreshes_it() {
    let a = Agent::fixture();
    a.unlock(&["--timeout", "1h"]);
    // A second unlock asks for nothing and sets the new timeout.
    a.ok(&["unlock", "--timeout", "1s"]);
    assert!(a.ok(&["unlock", "--status"]).contains("after 1s"));
    a.wait_locked(DEADLINE);
    assert!(a.sockets().is_empty());
}

#[test]
fn sigterm_and_a_replaced_vault_file_end_it() {
    let a = Agent::fixture();
    a.unlock(&[]);
    kill("-TERM", a.pid());
    a.wait_locked(DEADLINE);
    assert!(a.sockets().is_empty());

    a.unlock(&[]);
    let copy = a.f.dir.path().join("copy.otty");
    std::fs::copy(&a.f.vault, &copy).unwrap();
    std::fs::rename(&copy, &a.f.vault).unwrap();
    a.wait_locked(DEADLINE);
}

#[test]
fn a_stale_socket_is_replaced_by_the_next_unlock() {
    let a = Agent::fixture();
    a.unlock(&[]);
    let socket = a.sockets().remove(0);
    kill("-KILL", a.pid());
    // The crashed agent's socket file is left behind; nobody answers on it.
    let start = std::time::Instant::now();
    while std::os::unix::net::UnixStream::connect(&socket).is_ok() {
        assert!(start.elapsed() < DEADLINE, "the killed agent still answers");
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(socket.exists());
    assert!(!a.is_unlocked());
    assert_eq!(a.run(&["list"]).status.code(), Some(2));
    a.unlock(&[]);
    assert!(a.is_unlocked());
    assert!(a.ok(&["list"]).contains("ACME"));
}

#[test]
fn a_wrong_password_starts_nothing() {
    let a = Agent::fixture();
    let out =
        a.f.cmd()
            .env("OTTY_PASSWORD", "not-it-xyzzy")
            .arg("unlock")
            .output()
            .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("wrong password") && !err.contains("xyzzy"),
        "{err}"
    );
    assert!(!a.is_unlocked());
    assert!(a.sockets().is_empty());
}

#[test]
fn another_user_gets_a_closed_connection_and_nothing_else() {
    if rustix_uid() != 0 {
        eprintln!("skipped: needs root to run a client as nobody");
        return;
    }
    // A system python the other user can run (not one under root's home).
    let Some(python) = ["/usr/bin/python3", "/usr/local/bin/python3"]
        .into_iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.is_file())
    else {
        eprintln!("skipped: no python3 to play the other user's client");
        return;
    };
    let a = Agent::fixture();
    a.unlock(&[]);
    let socket = a.sockets().remove(0);
    // Let `nobody` reach the socket file; only the peer check stands in its way now.
    use std::os::unix::fs::PermissionsExt;
    let open = |p: &std::path::Path, m| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap()
    };
    open(a.f.dir.path(), 0o755);
    open(&a.f.dir.path().join("run"), 0o755);
    open(socket.parent().unwrap(), 0o755);
    open(&socket, 0o666);
    // A well-formed status request (`ot`, version 1, length, JSON).
    let script = r#"
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
body = b'"Status"'
try:
    s.sendall(b"ot\x01" + len(body).to_bytes(4, "big") + body)
except OSError:
    pass
data = b""
try:
    while True:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
except OSError:
    pass
print(len(data))
"#;
    use std::os::unix::process::CommandExt;
    let out = std::process::Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(&socket)
        .current_dir("/")
        .env_clear()
        .uid(65534)
        .gid(65534)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "0",
        "bytes answered"
    );
    // A client of the agent's own user refuses a directory others may enter...
    let out = a.run(&["list"]);
    assert_eq!(out.status.code(), Some(2), "used an unsafe directory");
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing the agent directory"));
    // ...and once it is private again, the agent still serves its own user.
    open(socket.parent().unwrap(), 0o700);
    assert!(a.is_unlocked());
    assert!(a.ok(&["list"]).contains("ACME"));
}

fn rustix_uid() -> u32 {
    otty::agent::place::uid()
}

#[test]
fn a_password_change_elsewhere_ends_it() {
    let a = Agent::fixture();
    a.unlock(&[]);
    let out = a
        .direct()
        .env("OTTY_NEW_PASSWORD", "another correct horse battery staple")
        .arg("passwd")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    a.wait_locked(DEADLINE);
    assert_eq!(
        a.run(&["list"]).status.code(),
        Some(2),
        "the old key is gone"
    );
}
