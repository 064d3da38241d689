//! Shell ergonomics through the agent: bash completes account names (zsh and fish scripts
//! are checked where those shells are installed).

use crate::Agent;

/// What bash's completion function offers for `words` (the last one being completed).
fn bash_complete(a: &Agent, words: &[&str]) -> Vec<String> {
    let script = a.ok(&["completions", "bash"]);
    let file = a.f.dir.path().join("otty.bash");
    std::fs::write(&file, script).unwrap();
    let otty = env!("CARGO_BIN_EXE_otty");
    let mut line = vec![
        otty.to_owned(),
        "--vault".into(),
        a.f.vault.display().to_string(),
    ];
    line.extend(words.iter().map(|w| (*w).to_owned()));
    let quoted: Vec<String> = line.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; _otty_with_accounts otty; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display(),
        quoted.join(" "),
        line.len() - 1
    );
    let out = std::process::Command::new("bash")
        .arg("--norc")
        .arg("-c")
        .arg(&program)
        .env("XDG_RUNTIME_DIR", a.f.dir.path().join("run"))
        .env_remove("OTTY_PASSWORD")
        .env_remove("OTTY_VAULT")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn bash_completes_account_names_through_the_agent() {
    if std::process::Command::new("bash")
        .arg("-c")
        .arg("true")
        .status()
        .is_err()
    {
        eprintln!("skipped: no bash");
        return;
    }
    let a = Agent::fixture();
    a.f.add(&[
        "--service",
        "GitHub",
        "--account",
        "alice",
        "--secret",
        "GEZDGNBVGY3TQOJQ",
    ]);
    // No agent: no names (clap's own completion is used instead).
    assert!(
        !bash_complete(&a, &["code", "Gi"])
            .iter()
            .any(|w| w.contains("GitHub"))
    );
    a.unlock(&[]);
    assert_eq!(bash_complete(&a, &["code", "Gi"]), vec!["GitHub\\ alice"]);
    let all = bash_complete(&a, &["rm", ""]);
    assert!(all.contains(&"ACME\\ alice".to_owned()), "{all:?}");
    // Elsewhere than a QUERY, no names.
    assert!(
        !bash_complete(&a, &["list", ""])
            .iter()
            .any(|w| w.contains("ACME"))
    );
}

#[test]
fn zsh_and_fish_scripts_load_where_installed() {
    let a = Agent::fixture();
    for (shell, check) in [("zsh", "-n"), ("fish", "--no-execute")] {
        if std::process::Command::new(shell)
            .arg("-c")
            .arg("true")
            .status()
            .is_err()
        {
            eprintln!("skipped {shell}: not installed");
            continue;
        }
        let file = a.f.dir.path().join(format!("otty.{shell}"));
        std::fs::write(&file, a.ok(&["completions", shell])).unwrap();
        let status = std::process::Command::new(shell)
            .arg(check)
            .arg(&file)
            .status()
            .unwrap();
        assert!(
            status.success(),
            "{shell} cannot read its completion script"
        );
    }
}
