//! New passwords pass the core's strength estimate unless `--weak-password`.

use crate::support::{Fixture, bare};

fn fails_weak(out: &std::process::Output) -> String {
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(
        err.contains("too easy to guess") && err.contains("--weak-password"),
        "{err}"
    );
    err
}

#[test]
fn init_refuses_a_weak_password_unless_insisted() {
    let dir = tempfile::tempdir().unwrap();
    let fast = ["init", "--kdf-memory", "8", "--kdf-iterations", "1"];
    let out = bare(dir.path())
        .env("OTTY_PASSWORD", "abc")
        .args(["--vault", "weak.otty"])
        .args(fast)
        .output()
        .unwrap();
    let err = fails_weak(&out);
    assert!(!err.contains("abc\n") && !err.contains("\"abc\""), "{err}");
    assert!(!dir.path().join("weak.otty").exists());
    let out = bare(dir.path())
        .env("OTTY_PASSWORD", "abc")
        .args(["--vault", "weak.otty"])
        .args(fast)
        .arg("--weak-password")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn passwd_refuses_a_weak_password_unless_insisted() {
    let f = Fixture::new();
    let out = f
        .cmd()
        .env("OTTY_NEW_PASSWORD", "password1")
        .arg("passwd")
        .output()
        .unwrap();
    fails_weak(&out);
    f.ok(&["list"]); // the old password still opens it
    let out = f
        .cmd()
        .env("OTTY_NEW_PASSWORD", "password1")
        .args(["passwd", "--weak-password"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    f.fails(&["list"], 4);
}
