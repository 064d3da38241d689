//! Token scopes and names in the core: scopes survive a reopen, names are unique among tokens
//! not revoked, a token is revoked by name or id, a row with an unknown scope authenticates
//! nobody, and a vault made before scopes gains the column with every token `admin`.

use std::path::Path;

use otty::core::vault::tokens::{Scope, hash_token};
use otty::core::{Error, KdfParams, Vault};
use rusqlite::Connection;

const FAST: KdfParams = KdfParams {
    memory_kib: KdfParams::MIN_MEMORY_KIB,
    iterations: 1,
    parallelism: 1,
};

fn reopen(path: &Path) -> Vault {
    let v = Vault::open(path).unwrap();
    v.unlock(b"pw").unwrap();
    v
}

#[test]
fn scopes_round_trip_through_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.otty");
    let v = Vault::create(&path, b"pw", FAST).unwrap();
    let mut made = Vec::new();
    for scope in Scope::ALL {
        let t = v.create_scoped_token(scope.as_str(), None, scope).unwrap();
        assert_eq!(t.info.scope, scope);
        made.push((scope, t.token.to_string()));
    }
    assert_eq!(
        v.create_token("default", None).unwrap().info.scope,
        Scope::Admin
    );
    drop(v);
    let v = reopen(&path);
    let listed: Vec<(String, Scope)> = v
        .tokens()
        .unwrap()
        .into_iter()
        .map(|t| (t.name, t.scope))
        .collect();
    assert_eq!(
        listed,
        [
            ("read".to_owned(), Scope::Read),
            ("write".to_owned(), Scope::Write),
            ("admin".to_owned(), Scope::Admin),
            ("default".to_owned(), Scope::Admin),
        ]
    );
    for (scope, token) in made {
        let info = v.check_token(&hash_token(&token)).unwrap().unwrap();
        assert_eq!(info.scope, scope);
    }
}

#[test]
fn names_are_unique_among_tokens_not_revoked() {
    let v = Vault::create_in_memory(b"pw", FAST).unwrap();
    let first = v.create_token("ci", Some(1)).unwrap();
    let clash = v
        .create_scoped_token(" ci ", None, Scope::Read)
        .unwrap_err();
    match &clash {
        Error::TokenNameTaken { name, id } => {
            assert_eq!((name.as_str(), *id), ("ci", first.info.id))
        }
        other => panic!("{other:?}"),
    }
    assert!(clash.to_string().contains("\"ci\""), "{clash}");
    assert_eq!(v.tokens().unwrap().len(), 1, "nothing was stored");
    // Another name is fine; once revoked, the name is free again.
    v.create_token("ci2", None).unwrap();
    v.revoke_token(first.info.id).unwrap();
    let again = v.create_token("ci", None).unwrap();
    assert_ne!(again.info.id, first.info.id);
}

#[test]
fn tokens_are_revoked_by_name_or_id() {
    let v = Vault::create_in_memory(b"pw", FAST).unwrap();
    let ci = v.create_token("ci", None).unwrap().info;
    let laptop = v.create_token("laptop", None).unwrap().info;
    // A token named like a number that is no token's id is found by its name.
    let numeric = v.create_token("77", None).unwrap().info;
    assert_eq!(v.revoke_token_named("laptop").unwrap().id, laptop.id);
    assert_eq!(v.revoke_token_named(&ci.id.to_string()).unwrap().id, ci.id);
    assert_eq!(v.revoke_token_named("77").unwrap().id, numeric.id);
    // Revoking again by name is fine, as by id.
    assert!(v.revoke_token_named("laptop").unwrap().revoked_at.is_some());
    assert!(v.tokens().unwrap().iter().all(|t| t.revoked_at.is_some()));
    assert!(
        matches!(v.revoke_token_named("nope"), Err(Error::TokenNameNotFound(n)) if n == "nope")
    );
    assert!(matches!(
        v.revoke_token_named("999"),
        Err(Error::TokenNotFound(999))
    ));
    // A name shared by a revoked token and a live one: the live one is revoked.
    let live = v.create_token("ci", None).unwrap().info;
    assert_eq!(v.revoke_token_named("ci").unwrap().id, live.id);
}

#[test]
fn a_row_with_an_unknown_scope_authenticates_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.otty");
    let v = Vault::create(&path, b"pw", FAST).unwrap();
    let odd = v.create_scoped_token("odd", None, Scope::Read).unwrap();
    let upper = v.create_scoped_token("upper", None, Scope::Read).unwrap();
    let fine = v.create_scoped_token("fine", None, Scope::Read).unwrap();
    drop(v);
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE tokens SET scope = 'root' WHERE id = ?1",
        [odd.info.id],
    )
    .unwrap();
    conn.execute(
        "UPDATE tokens SET scope = 'ADMIN' WHERE id = ?1",
        [upper.info.id],
    )
    .unwrap();
    drop(conn);
    let v = reopen(&path);
    for t in [&odd, &upper] {
        assert!(
            v.check_token(&hash_token(&t.token)).unwrap().is_none(),
            "{}",
            t.info.name
        );
    }
    let names: Vec<String> = v.tokens().unwrap().into_iter().map(|t| t.name).collect();
    assert_eq!(names, ["fine"]);
    let info = v.check_token(&hash_token(&fine.token)).unwrap().unwrap();
    assert_eq!(info.scope, Scope::Read);
}

#[test]
fn a_vault_made_before_scopes_gains_the_column_with_admin_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.otty");
    let v = Vault::create(&path, b"pw", FAST).unwrap();
    let t = v.create_scoped_token("old", None, Scope::Read).unwrap();
    drop(v);
    // The shape of a format-1 vault from before scopes: no `scope` column.
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("ALTER TABLE tokens DROP COLUMN scope")
        .unwrap();
    let columns = |conn: &Connection| -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT name FROM pragma_table_info('tokens')")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert!(!columns(&conn).contains(&"scope".to_owned()));
    drop(conn);
    let v = reopen(&path);
    let info = v.check_token(&hash_token(&t.token)).unwrap().unwrap();
    assert_eq!(info.scope, Scope::Admin, "what every token could do before");
    assert_eq!(
        v.create_scoped_token("new", None, Scope::Write)
            .unwrap()
            .info
            .scope,
        Scope::Write
    );
    drop(v);
    let conn = Connection::open(&path).unwrap();
    assert!(columns(&conn).contains(&"scope".to_owned()));
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1, "still format 1");
}
