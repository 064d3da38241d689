//! What a new user hit: `code --at` on HOTP, exact names winning, one QUERY for `code`, `edit`
//! and `rm`, what `add`, `rm` and `group assign` say, pinned accounts first in `list`,
//! duplicates refused by `add`.

use crate::support::Fixture;

/// RFC 4226 appendix D secret ("12345678901234567890").
const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

fn add_hotp(f: &Fixture) -> i64 {
    f.add(&[
        "--service",
        "Issuu",
        "--account",
        "james",
        "--secret",
        RFC_SECRET,
        "--type",
        "hotp",
    ])
}

#[test]
fn code_at_on_hotp_is_a_usage_error_and_spends_nothing() {
    let f = Fixture::new();
    add_hotp(&f);
    let err = f.fails(&["code", "issuu", "--at", "1700000000"], 2);
    assert!(err.contains("--at applies to TOTP and Steam"), "{err}");
    // The counter is untouched: the next code is still counter 0's.
    assert_eq!(f.json(&["list", "--json"])[0]["counter"], 0);
    assert_eq!(f.ok(&["code", "issuu"]).trim(), "755224");
}

fn add_named(f: &Fixture, service: &str, account: &str, secret: &str) -> i64 {
    f.add(&[
        "--service",
        service,
        "--account",
        account,
        "--secret",
        secret,
    ])
}

#[test]
fn an_exact_service_or_account_wins_over_partial_matches() {
    let f = Fixture::new();
    let gamer = add_named(&f, "gamer", "me", "JBSWY3DPEHPK3PXP");
    add_named(&f, "gamer2", "me", "GEZDGNBVGY3TQOJQ");
    let at = ["--at", "1700000000"];
    let want = f.ok(&["code", &gamer.to_string(), at[0], at[1]]);
    assert_eq!(f.ok(&["code", "gamer", at[0], at[1]]), want);
    assert_eq!(f.ok(&["code", "GAMER", at[0], at[1]]), want);
    // An exact account name works the same way; still ambiguous without an exact name.
    let bob = add_named(&f, "Forge", "bob", "MFRGGZDFMZTWQ2LK");
    add_named(&f, "Forge", "bobby", "MFRGGZDFMZTWQ2LL");
    let want = f.ok(&["code", &bob.to_string(), at[0], at[1]]);
    assert_eq!(f.ok(&["code", "bob", at[0], at[1]]), want);
    f.fails(&["code", "forge"], 3);
}

#[test]
fn edit_and_rm_take_a_query_and_rm_says_what_it_removed() {
    let f = Fixture::new();
    add_named(&f, "gamer", "me", "JBSWY3DPEHPK3PXP");
    let other = add_named(&f, "gamer2", "me", "GEZDGNBVGY3TQOJQ");
    f.ok(&["edit", "gamer", "--account", "alice"]);
    let list = f.json(&["list", "--json"]);
    assert_eq!(list[0]["account"], "alice");
    assert_eq!(list[1]["account"], "me");
    f.fails(&["edit", "nobody-at-all", "--notes", "x"], 3);
    f.fails(&["rm", "nobody-at-all", "--yes"], 3);
    let out = f.run(&["rm", "gamer", "--yes"]);
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("removed 1  gamer  alice"), "{err}");
    let list = f.json(&["list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], other);
}

#[test]
fn add_prints_the_id_for_scripts_and_says_what_it_added() {
    let f = Fixture::new();
    let out = f.run(&[
        "add",
        "--service",
        "GitHub",
        "--account",
        "alice",
        "--secret",
        "JBSWY3DPEHPK3PXP",
    ]);
    assert!(out.status.success());
    // Standard output is a pipe here: the id alone, the sentence on stderr.
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "1\n");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("added 1  GitHub  alice"), "{err}");
    let out = f.run(&[
        "add",
        "--quiet",
        "--service",
        "B",
        "--secret",
        "GEZDGNBVGY3TQOJQ",
    ]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "2\n");
    assert!(
        out.stderr.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&out.stderr)
    );
    // An account without a name: no trailing spaces after the service.
    let out = f.run(&["add", "--service", "Lone", "--secret", "JBSWY3DPEHPK3PXP"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("  Lone\n"), "{err:?}");
}

#[test]
fn add_refuses_an_exact_duplicate_unless_allowed() {
    let f = Fixture::new();
    let args = [
        "--service",
        "GitHub",
        "--account",
        "alice",
        "--secret",
        "JBSWY3DPEHPK3PXP",
    ];
    f.add(&args);
    let mut again = vec!["add"];
    again.extend_from_slice(&args);
    let err = f.fails(&again, 1);
    assert!(
        err.contains("already holds this account (1  GitHub  alice")
            && err.contains("--allow-duplicate"),
        "{err}"
    );
    assert_eq!(f.json(&["list", "--json"]).as_array().unwrap().len(), 1);
    // Another kind on the same secret is another account.
    let mut hotp = args.to_vec();
    hotp.extend_from_slice(&["--type", "hotp"]);
    f.add(&hotp);
    again.push("--allow-duplicate");
    f.ok(&again);
    assert_eq!(f.json(&["list", "--json"]).as_array().unwrap().len(), 3);
}

#[test]
fn group_assign_and_rm_say_what_they_did() {
    let f = Fixture::new();
    let a = add_named(&f, "A", "x", "JBSWY3DPEHPK3PXP");
    let b = add_named(&f, "B", "y", "GEZDGNBVGY3TQOJQ");
    f.ok(&["group", "add", "Work"]);
    let out = f.run(&["group", "assign", "Work", &a.to_string(), &b.to_string()]);
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("moved 2 accounts to group \"Work\""), "{err}");
    let out = f.run(&["group", "rm", "Work"]);
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("removed group \"Work\""), "{err}");
}

#[test]
fn list_shows_pinned_accounts_first_and_marked() {
    let f = Fixture::new();
    add_named(&f, "Plain", "a", "JBSWY3DPEHPK3PXP");
    let pinned = f.add(&[
        "--service",
        "Pinned",
        "--account",
        "b",
        "--secret",
        "GEZDGNBVGY3TQOJQ",
        "--favorite",
    ]);
    let text = f.ok(&["list"]);
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert!(
        rows[0].starts_with('★') && rows[0].contains("Pinned"),
        "{text}"
    );
    assert!(
        !rows[1].contains('★') && rows[1].contains("Plain"),
        "{text}"
    );
    assert_eq!(f.json(&["list", "--json"])[0]["id"], pinned);
}

#[test]
fn list_aligns_wide_characters_by_display_width() {
    let f = Fixture::new();
    add_named(&f, "日本語サービス", "たろう", "JBSWY3DPEHPK3PXP");
    add_named(&f, "Plain", "bob", "GEZDGNBVGY3TQOJQ");
    add_named(&f, "🦀 Crab", "ferris", "MFRGGZDFMZTWQ2LK");
    let text = f.ok(&["list"]);
    // The ACCOUNT column starts at the same terminal column on every line.
    let column = |line: &str, word: &str| {
        let at = line.find(word).unwrap();
        unicode_width::UnicodeWidthStr::width(&line[..at])
    };
    let lines: Vec<&str> = text.lines().collect();
    let want = column(lines[0], "ACCOUNT");
    for (line, word) in lines[1..].iter().zip(["たろう", "bob", "ferris"]) {
        assert_eq!(column(line, word), want, "{text}");
    }
}
