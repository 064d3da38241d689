//! Commands through the agent: no password source, the same answers, writes seen both ways,
//! HOTP codes unique across the agent and a direct process.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use crate::Agent;
use crate::support::totp_rs_code;

#[test]
fn code_list_and_add_need_no_password_through_the_agent() {
    let a = Agent::fixture();
    // Without an agent, no password source is an error (exit 2)...
    assert_eq!(a.run(&["list"]).status.code(), Some(2));
    a.unlock(&["--timeout", "10m"]);
    // ...with one, the same commands work with none.
    let at = "1700000000";
    let want = totp_rs_code("JBSWY3DPEHPK3PXP", 1_700_000_000);
    assert_eq!(a.ok(&["code", "acme", "--at", at]), format!("{want}\n"));
    let id: i64 = a
        .ok(&["add", "--service", "Proton", "--secret", "GEZDGNBVGY3TQOJQ"])
        .trim()
        .parse()
        .unwrap();
    let list = a.ok(&["list"]);
    assert!(list.contains("ACME") && list.contains("Proton"), "{list}");
    // The same answers as a direct process, and errors keep their exit codes.
    let direct = a.direct().args(["list"]).output().unwrap();
    assert_eq!(String::from_utf8(direct.stdout).unwrap(), list);
    assert_eq!(a.run(&["code", "nothing-like-it"]).status.code(), Some(3));
    a.ok(&["edit", &id.to_string(), "--account", "bob"]);
    a.ok(&["group", "add", "Work"]);
    a.ok(&["group", "assign", "Work", &id.to_string()]);
    let json = a.ok(&["list", "--json", "--group", "Work"]);
    assert!(json.contains("\"bob\""), "{json}");
    a.ok(&["rm", "--yes", &id.to_string()]);
    assert!(!a.ok(&["list"]).contains("Proton"));
    // A secret on standard input still works with --password-stdin (its line is skipped).
    let mut child = a
        .bare()
        .args([
            "--password-stdin",
            "add",
            "--service",
            "Piped",
            "--secret",
            "-",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"ignored-password\nGEZDGNBVGY3TQOJQ\n")
        .unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
    assert!(a.ok(&["list"]).contains("Piped"));
    // Export and import go through it too.
    let exported = a.ok(&["export", "--format", "otpauth"]);
    assert!(exported.contains("otpauth://totp/"), "{exported}");
    let file = a.f.dir.path().join("more.txt");
    std::fs::write(
        &file,
        "otpauth://totp/Imported:zoe?secret=GEZDGNBVGY3TQOJQ&issuer=Imported\n",
    )
    .unwrap();
    a.ok(&["import", file.to_str().unwrap()]);
    assert!(a.ok(&["list"]).contains("Imported"));
    let token = a.ok(&["token", "create", "ci", "--scope", "read"]);
    assert!(token.starts_with("otty_pat_"), "{token}");
    assert!(a.ok(&["token", "list"]).contains("ci"));
}

#[test]
fn a_direct_cli_add_appears_in_the_agent_within_a_second() {
    let a = Agent::fixture();
    a.unlock(&[]);
    assert!(!a.ok(&["list"]).contains("Fresh"));
    let out = a
        .direct()
        .args(["add", "--service", "Fresh", "--secret", "GEZDGNBVGY3TQOJQ"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let start = Instant::now();
    while !a.ok(&["list"]).contains("Fresh") {
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "the agent did not see the add within 1 s"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn hotp_codes_from_the_agent_and_a_direct_process_are_all_distinct() {
    let a = Agent::fixture();
    a.f.add_hotp10("Counter", "c", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    a.unlock(&[]);
    let each = 100;
    let (via_agent, direct) = std::thread::scope(|s| {
        let agent = s.spawn(|| {
            (0..each)
                .map(|_| a.ok(&["code", "Counter", "--json"]))
                .collect::<Vec<_>>()
        });
        let direct = s.spawn(|| {
            (0..each)
                .map(|_| {
                    let out = a
                        .direct()
                        .args(["code", "Counter", "--json"])
                        .output()
                        .unwrap();
                    assert!(out.status.success());
                    String::from_utf8(out.stdout).unwrap()
                })
                .collect::<Vec<_>>()
        });
        (agent.join().unwrap(), direct.join().unwrap())
    });
    let mut codes = HashSet::new();
    let mut counters = HashSet::new();
    for raw in via_agent.iter().chain(&direct) {
        let v: serde_json::Value = serde_json::from_str(raw).unwrap();
        codes.insert(v["password"].as_str().unwrap().to_owned());
        counters.insert(v["counter"].as_u64().unwrap());
    }
    assert_eq!(codes.len(), 2 * each, "a code was handed out twice");
    assert_eq!(counters, (1..=2 * each as u64).collect::<HashSet<_>>());
}

#[test]
fn merge_and_backup_need_no_password_through_the_agent() {
    let a = Agent::fixture();
    // A diverged copy of the vault: it gains an account the vault lacks.
    let copy = a.f.dir.path().join("laptop.otty");
    a.f.ok(&["backup", copy.to_str().unwrap()]);
    let mut add = crate::support::bare(a.f.dir.path());
    add.env("XDG_RUNTIME_DIR", a.f.dir.path().join("elsewhere"))
        .env("OTTY_PASSWORD", crate::support::PW)
        .args(["--vault", copy.to_str().unwrap()])
        .args(["add", "--service", "Laptop", "--secret", "GEZDGNBVGY3TQOJQ"]);
    let out = add.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    a.unlock(&[]);
    // The copy opens with the agent's key: no password for either vault.
    let merged = a.ok(&["merge", copy.to_str().unwrap(), "--json"]);
    assert!(merged.contains("\"added\""), "{merged}");
    assert!(a.ok(&["list"]).contains("Laptop"));
    let backup = a.f.dir.path().join("backup.otty");
    a.ok(&["backup", backup.to_str().unwrap()]);
    assert!(backup.exists());
}

#[test]
fn a_server_on_the_agents_key_takes_the_automatic_backups() {
    let a = Agent::fixture();
    let config = a.f.dir.path().join("config.toml");
    std::fs::write(&config, "backup_dir = \"backups\"\nbackup_keep = 5\n").unwrap();
    a.unlock(&[]);
    let token = crate::served::token(&a.f, "script");
    let mut cmd = a.bare();
    cmd.env("OTTY_CONFIG", &config);
    let mut server = crate::served::Served::start_with(cmd);
    let body = serde_json::json!({
        "service": "Served", "account": "api", "icon": null, "otp_type": "totp",
        "secret": "JBSWY3DPEHPK3PXP", "digits": 6, "algorithm": "sha1", "period": 30,
    });
    let reply =
        crate::served::request(&server.addr, &token, "POST", "/twofaccounts", Some(&body)).unwrap();
    assert!(reply.ok(), "{reply:?}");
    server.stop();
    let backups: Vec<_> = std::fs::read_dir(a.f.dir.path().join("backups"))
        .map(|d| d.flatten().collect())
        .unwrap_or_default();
    assert_eq!(backups.len(), 1, "{backups:?}");
}
