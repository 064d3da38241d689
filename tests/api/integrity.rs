//! A vault whose file was edited outside otty: the server refuses every token (401) and HOTP
//! codes (503) until `otty check --accept`, and a token row put back after its revocation or
//! copied in from another copy of the vault authenticates nobody.

use std::sync::Arc;

use otty::api::ServerConfig;
use otty::core::Vault;
use reqwest::Method;
use rusqlite::Connection;

use crate::common::{FAST, PW, Server};

fn row(path: &std::path::Path, table: &str, id: i64) -> (i64, Vec<u8>) {
    Connection::open(path)
        .unwrap()
        .query_row(
            &format!("SELECT version, sealed FROM {table} WHERE id = ?1"),
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

async fn fresh_server(path: &std::path::Path) -> Server {
    let v = Vault::open(path).unwrap();
    v.unlock(PW).unwrap();
    Server::on(
        Arc::new(v),
        ServerConfig::on("127.0.0.1:0".parse().unwrap()),
    )
    .await
}

#[tokio::test]
async fn a_token_put_back_after_revocation_gets_401() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.otty");
    let v = Vault::create(&path, PW, FAST).unwrap();
    let t = v.create_token("laptop", None).unwrap();
    let before = row(&path, "tokens", t.info.id);
    v.revoke_token(t.info.id).unwrap();
    drop(v);
    Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE tokens SET version = ?1, sealed = ?2 WHERE id = ?3",
            rusqlite::params![before.0, before.1, t.info.id],
        )
        .unwrap();
    let s = fresh_server(&path).await;
    let r = s
        .raw(Method::GET, "/api/v1/user", None, Some(&t.token))
        .await;
    assert_eq!(r.status, 401, "{}", r.body);
    // No token is trusted on an unverified vault, not even the server's own.
    assert_eq!(s.get("/api/v1/user").await.status, 401);
    // Once the user accepts the state, tokens work again (the server re-reads them within a
    // second).
    s.vault.accept().unwrap();
    let start = std::time::Instant::now();
    while s.get("/api/v1/user").await.status != 200 {
        assert!(start.elapsed().as_secs() < 5, "tokens still refused");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_token_copied_in_from_another_copy_gets_401() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.otty");
    let v = Vault::create(&path, PW, FAST).unwrap();
    drop(v);
    let copy = dir.path().join("copy.otty");
    std::fs::copy(&path, &copy).unwrap();
    let c = Vault::open(&copy).unwrap();
    c.unlock(PW).unwrap();
    let theirs = c.create_token("theirs", None).unwrap();
    drop(c);
    let r = row(&copy, "tokens", theirs.info.id);
    Connection::open(&path)
        .unwrap()
        .execute(
            "INSERT INTO tokens(id, version, sealed) VALUES (?1, ?2, ?3)",
            rusqlite::params![theirs.info.id, r.0, r.1],
        )
        .unwrap();
    let s = fresh_server(&path).await;
    let r = s
        .raw(Method::GET, "/api/v1/user", None, Some(&theirs.token))
        .await;
    assert_eq!(r.status, 401, "{}", r.body);
}
