//! Token scopes and names in the core: scopes survive a reopen, names are unique among tokens
//! not revoked, a token is revoked by name or id, and a token row put back or copied in by
//! editing the file authenticates nobody.

use std::path::Path;

use otty_core::vault::tokens::{Scope, hash_token};
use otty_core::{Error, KdfParams, Vault};
use rusqlite::Connection;

const FAST: KdfParams = KdfParams::CHEAPEST;

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

/// The sealed blob and version of a token row.
fn token_row(path: &Path, id: i64) -> (i64, Vec<u8>) {
    let conn = Connection::open(path).unwrap();
    conn.query_row(
        "SELECT version, sealed FROM tokens WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

#[test]
fn a_token_row_put_back_after_revocation_authenticates_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.otty");
    let v = Vault::create(&path, b"pw", FAST).unwrap();
    let t = v.create_scoped_token("laptop", None, Scope::Admin).unwrap();
    let before = token_row(&path, t.info.id);
    v.revoke_token(t.info.id).unwrap();
    drop(v);
    // Someone who can write the file puts back the row as it was before the revocation.
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE tokens SET version = ?1, sealed = ?2 WHERE id = ?3",
        rusqlite::params![before.0, before.1, t.info.id],
    )
    .unwrap();
    drop(conn);
    let v = reopen(&path);
    assert!(matches!(
        v.check_token(&hash_token(&t.token)),
        Err(Error::Unverified)
    ));
    assert!(!v.problems().unwrap().is_empty());
    // Accepting the state after reading the report is the user's decision; the token is then
    // as the file says (here: the row put back, not revoked).
    v.accept().unwrap();
    assert!(v.check_token(&hash_token(&t.token)).unwrap().is_some());
}

#[test]
fn a_token_row_copied_in_from_another_copy_authenticates_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.otty");
    let v = Vault::create(&path, b"pw", FAST).unwrap();
    v.create_scoped_token("mine", None, Scope::Read).unwrap();
    drop(v);
    // Another copy of the same vault (same key), where someone made a token of their own.
    let copy = dir.path().join("copy.otty");
    std::fs::copy(&path, &copy).unwrap();
    let c = reopen(&copy);
    let theirs = c.create_scoped_token("theirs", None, Scope::Admin).unwrap();
    drop(c);
    let row = token_row(&copy, theirs.info.id);
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "INSERT INTO tokens(id, version, sealed) VALUES (?1, ?2, ?3)",
        rusqlite::params![theirs.info.id, row.0, row.1],
    )
    .unwrap();
    drop(conn);
    let v = reopen(&path);
    assert!(matches!(
        v.check_token(&hash_token(&theirs.token)),
        Err(Error::Unverified)
    ));
    let problems = v.problems().unwrap();
    assert_eq!(
        problems,
        [otty_core::vault::head::Problem::Unexpected {
            table: "tokens",
            id: theirs.info.id
        }]
    );
}
