//! Account and group commands: queries, HOTP, `list --json`, groups, `edit`, `rm`.

use crate::support::{ACME_URI, Fixture, hotp_rs_code};

#[test]
fn an_ambiguous_query_exits_3_listing_the_matches() {
    let f = Fixture::new();
    let a = f.add(&["--uri", ACME_URI]);
    let b = f.add(&[
        "--service",
        "ACME",
        "--account",
        "bob",
        "--secret",
        "JBSWY3DPEHPK3PXP",
    ]);
    let out = f.run(&["code", "acme"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("alice") && err.contains("bob"), "{err}");
    assert!(err.contains(&a.to_string()) && err.contains(&b.to_string()));
    // Narrower queries and ids work; nothing at all is exit 3 too.
    f.ok(&["code", "bob"]);
    f.ok(&["code", &a.to_string()]);
    let err = f.fails(&["code", "nothing-like-this"], 3);
    assert!(err.contains("no account matches"), "{err}");
}

#[test]
fn an_exact_label_wins_over_longer_matches() {
    let f = Fixture::new();
    let a = f.add(&["--uri", ACME_URI]);
    f.add(&[
        "--service",
        "ACME",
        "--account",
        "alice2",
        "--secret",
        "JBSWY3DPEHPK3PXP",
        "--digits",
        "8",
    ]);
    let want = f.ok(&["code", &a.to_string(), "--at", "0"]);
    assert_eq!(f.ok(&["code", "acme ALICE", "--at", "0"]), want);
}

#[test]
fn hotp_codes_advance_the_counter() {
    // RFC 4226 appendix D secret ("12345678901234567890").
    let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    let f = Fixture::new();
    let id = f.add(&[
        "--service",
        "Issuu",
        "--account",
        "james",
        "--secret",
        secret,
        "--type",
        "hotp",
    ]);
    let first = f.json(&["code", "issuu", "--json"]);
    assert_eq!(
        first,
        serde_json::json!({"password": "755224", "otp_type": "hotp", "counter": 1})
    );
    assert_eq!(first["password"], hotp_rs_code(secret, 0));
    let second = f.ok(&["code", "issuu"]);
    assert_eq!(second.trim(), "287082");
    assert_eq!(second.trim(), hotp_rs_code(secret, 1));
    let listed = f.json(&["list", "--json"]);
    assert_eq!(listed[0]["id"], id);
    assert_eq!(listed[0]["counter"], 2);
    assert_eq!(listed[0]["period"], serde_json::Value::Null);
}

#[test]
fn list_json_has_read_objects_without_secrets() {
    let f = Fixture::new();
    f.add(&["--uri", ACME_URI]);
    f.add(&[
        "--account",
        "gabe",
        "--service",
        "Steam",
        "--secret",
        "GEZDGNBVGY3TQOJQ",
        "--type",
        "steam",
    ]);
    let raw = f.ok(&["list", "--json"]);
    assert!(!raw.contains("JBSWY3DPEHPK3PXP") && !raw.contains("GEZDGNBVGY3TQOJQ"));
    let list: serde_json::Value = serde_json::from_str(&raw).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    for a in list {
        let obj = a.as_object().unwrap();
        assert!(!obj.contains_key("secret"), "{a}");
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "account",
                "algorithm",
                "counter",
                "digits",
                "group_id",
                "icon",
                "id",
                "otp_type",
                "period",
                "service"
            ]
        );
    }
    assert_eq!(list[0]["service"], "ACME");
    assert_eq!(list[0]["otp_type"], "totp");
    assert_eq!(list[1]["otp_type"], "steamtotp");
    assert_eq!(list[1]["digits"], 5);
}

#[test]
fn groups_round_trip() {
    let f = Fixture::new();
    let gid: i64 = f.ok(&["group", "add", "Work"]).trim().parse().unwrap();
    let err = f.fails(&["add", "--uri", ACME_URI, "--group", "Missing"], 3);
    assert!(
        err.contains("Missing") && err.contains("group add"),
        "{err}"
    );
    let id = f.add(&["--uri", ACME_URI, "--group", "work"]);
    let other = f.add(&["--service", "Other", "--secret", "JBSWY3DPEHPK3PXP"]);
    assert_eq!(
        f.json(&["group", "list", "--json"]),
        serde_json::json!([
            {"id": gid, "name": "Work", "show_in_chips": false, "twofaccounts_count": 1}
        ])
    );
    f.ok(&["group", "rename", "work", "Job"]);
    f.ok(&["group", "assign", "Job", &other.to_string()]);
    let listed = f.json(&["list", "--group", "job", "--json"]);
    let ids: Vec<i64> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [id, other]);
    assert!(f.ok(&["group", "list"]).contains("Job"));
    f.ok(&["edit", &other.to_string(), "--no-group"]);
    assert_eq!(
        f.json(&["group", "list", "--json"])[0]["twofaccounts_count"],
        1
    );
    f.ok(&["group", "rm", "job"]);
    assert_eq!(f.json(&["group", "list", "--json"]), serde_json::json!([]));
    let all = f.json(&["list", "--json"]);
    assert_eq!(
        all.as_array().unwrap().len(),
        2,
        "accounts survive their group"
    );
    assert_eq!(all[0]["group_id"], serde_json::Value::Null);
    f.fails(&["group", "rm", "job"], 3);
}

#[test]
fn edit_and_rm() {
    let f = Fixture::new();
    let id = f.add(&["--uri", ACME_URI]).to_string();
    f.fails(&["edit", &id], 2);
    f.ok(&["edit", &id, "--service", "Acme Corp", "--digits", "8"]);
    let a = &f.json(&["list", "--json"])[0];
    assert_eq!(
        (a["service"].as_str(), a["digits"].as_i64()),
        (Some("Acme Corp"), Some(8))
    );
    f.fails(&["edit", &id, "--digits", "4"], 2);
    f.fails(&["edit", "999", "--service", "x"], 3);
    // No terminal: --yes is required.
    f.fails(&["rm", &id], 2);
    f.fails(&["rm", "999", "--yes"], 3);
    f.ok(&["rm", &id, "--yes"]);
    assert_eq!(f.json(&["list", "--json"]), serde_json::json!([]));
}
