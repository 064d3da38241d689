//! `otty token` with scopes and names: `create --scope`, the scope in `list` (text and JSON),
//! `revoke NAME`, and a duplicate name refused.

use crate::support::Fixture;

#[test]
fn create_with_a_scope_and_list_it() {
    let f = Fixture::new();
    let out = f.ok(&["token", "create", "reader", "--scope", "read"]);
    let token = out.lines().next().unwrap();
    assert!(token.starts_with("otty_pat_"), "{out:?}");
    let made = f.json(&["token", "create", "writer", "--scope", "write", "--json"]);
    assert_eq!(made["scope"], "write");
    f.ok(&["token", "create", "everything"]);
    let list = f.json(&["token", "list", "--json"]);
    let scopes: Vec<(&str, &str)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].as_str().unwrap(), t["scope"].as_str().unwrap()))
        .collect();
    assert_eq!(
        scopes,
        [
            ("reader", "read"),
            ("writer", "write"),
            ("everything", "admin")
        ]
    );
    let table = f.ok(&["token", "list"]);
    let header = table.lines().next().unwrap();
    assert!(header.contains("SCOPE"), "{table}");
    let reader = table.lines().find(|l| l.contains("reader")).unwrap();
    assert!(reader.split_whitespace().any(|w| w == "read"), "{table}");
    let admin = table.lines().find(|l| l.contains("everything")).unwrap();
    assert!(admin.split_whitespace().any(|w| w == "admin"), "{table}");
    assert!(!table.contains(token));
    // An unknown scope is a usage error that names the choices.
    let err = f.fails(&["token", "create", "x", "--scope", "root"], 2);
    assert!(err.contains("read") && err.contains("admin"), "{err}");
}

#[test]
fn a_duplicate_name_is_refused() {
    let f = Fixture::new();
    f.ok(&["token", "create", "ci"]);
    let err = f.fails(&["token", "create", "ci", "--scope", "read"], 2);
    assert!(err.contains("a token named \"ci\" already exists"), "{err}");
    assert_eq!(
        f.json(&["token", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Once revoked, the name may be used again.
    f.ok(&["token", "revoke", "ci"]);
    f.ok(&["token", "create", "ci"]);
}

#[test]
fn revoke_by_name_or_id() {
    let f = Fixture::new();
    f.ok(&["token", "create", "laptop"]);
    f.ok(&["token", "create", "ci"]);
    let out = f.run(&["token", "revoke", "laptop"]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("\"laptop\" revoked"), "{said}");
    let list = f.json(&["token", "list", "--json"]);
    assert!(list[0]["revoked_at"].is_i64(), "laptop revoked");
    assert!(list[1]["revoked_at"].is_null(), "ci untouched");
    f.ok(&["token", "revoke", "2"]);
    assert!(f.json(&["token", "list", "--json"])[1]["revoked_at"].is_i64());
    let err = f.fails(&["token", "revoke", "nope"], 3);
    assert!(err.contains("no token named \"nope\""), "{err}");
    f.fails(&["token", "revoke", "99"], 3);
}
