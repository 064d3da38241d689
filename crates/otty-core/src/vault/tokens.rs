//! Personal access tokens of the REST API, stored sealed in the `tokens` table.
//!
//! A token is `otty_pat_` followed by 43 base62 characters (256 random bits). It is returned
//! once, by [`Vault::create_token`], and only its SHA-256 is stored, so a copied vault file
//! gives no working token. Checking a presented token ([`TokenRecord::matches`]) compares
//! hashes in constant time. Each row seals the name, hash, scope, creation, expiry and
//! revocation, and the vault's head commits to it: a row inserted, un-revoked or given another
//! scope by editing the file does not open or is reported, and authenticates nobody. Only the
//! last use is kept in clear (`token_use`), because the server writes it from a buffer without
//! a transaction on the head.
//!
//! Each token has a [`Scope`] (`read`, `write` or `admin`), and names are unique among the
//! tokens that are not revoked, so a name is enough to revoke one.

mod scope;

use std::collections::HashMap;

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::Vault;
use super::head::Head;
use super::keys::Keys;
use super::payload::{open_json, to_plain};
use super::write::Write;
use crate::account::check_name;
use crate::error::{Error, Result};
use crate::event::VaultEvent;
use crate::store::{self, Table};

pub use scope::{Scope, UnknownScope};

/// Prefix of every otty personal access token.
pub const TOKEN_PREFIX: &str = "otty_pat_";
/// Number of base62 characters after the prefix (43 × log2(62) ≥ 256 bits).
pub const TOKEN_CHARS: usize = 43;
/// Longest expiry accepted, in days (ten years).
pub const MAX_EXPIRY_DAYS: u32 = 3650;

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// What is known about a token, without the token itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    /// Row id, used to revoke it.
    pub id: i64,
    /// Name given at creation (shown in OTP logs).
    pub name: String,
    /// Creation time, unix seconds.
    pub created_at: i64,
    /// Expiry, unix seconds, if any.
    pub expires_at: Option<i64>,
    /// Last successful use, unix seconds.
    pub last_used_at: Option<i64>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<i64>,
    /// What it may do.
    pub scope: Scope,
}

impl TokenInfo {
    /// Whether the token may be used at `now`: not revoked, not expired.
    pub fn is_active(&self, now: i64) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|e| now < e)
    }
}

/// A token with its stored hash, for checking presented tokens.
#[derive(Clone)]
pub struct TokenRecord {
    /// The token's details.
    pub info: TokenInfo,
    hash: [u8; 32],
}

impl std::fmt::Debug for TokenRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenRecord")
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}

impl TokenRecord {
    /// Whether `presented_hash` (see [`hash_token`]) is this token's, in constant time.
    pub fn matches(&self, presented_hash: &[u8; 32]) -> bool {
        self.hash.ct_eq(presented_hash).into()
    }

    /// The stored hash (merging copies matches tokens by it).
    pub(in crate::vault) fn hash(&self) -> [u8; 32] {
        self.hash
    }
}

/// A freshly created token: the text is shown once and never stored.
pub struct NewToken {
    /// Its details.
    pub info: TokenInfo,
    /// The token text. Treat as secret.
    pub token: Zeroizing<String>,
}

impl std::fmt::Debug for NewToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewToken")
            .field("info", &self.info)
            .field("token", &"[redacted]")
            .finish()
    }
}

/// SHA-256 of a presented token, as stored.
pub fn hash_token(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Whether `text` has the shape of an otty token (prefix, length, alphabet).
pub fn looks_like_token(text: &str) -> bool {
    text.strip_prefix(TOKEN_PREFIX)
        .is_some_and(|rest| rest.len() == TOKEN_CHARS && rest.bytes().all(|b| BASE62.contains(&b)))
}

/// A new random token: 43 base62 characters drawn by rejection sampling (no modulo bias).
fn generate() -> Result<Zeroizing<String>> {
    let mut out = Zeroizing::new(String::with_capacity(TOKEN_PREFIX.len() + TOKEN_CHARS));
    out.push_str(TOKEN_PREFIX);
    let mut buf = Zeroizing::new([0u8; 64]);
    while out.len() < TOKEN_PREFIX.len() + TOKEN_CHARS {
        getrandom::fill(&mut buf[..]).map_err(|_| Error::Random)?;
        for &b in buf.iter() {
            // 248 = 4 × 62: bytes at or above it would favour the first symbols.
            if b < 248 && out.len() < TOKEN_PREFIX.len() + TOKEN_CHARS {
                out.push(BASE62[usize::from(b % 62)] as char);
            }
        }
    }
    Ok(out)
}

/// A token row's sealed payload.
#[derive(Serialize, Deserialize)]
pub(super) struct TokenPayload {
    name: String,
    hash: String,
    created_at: i64,
    expires_at: Option<i64>,
    revoked_at: Option<i64>,
    scope: String,
}

/// The plaintext of a token row (also used by the migration).
pub(super) fn token_plain(info: &TokenInfo, hash: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    to_plain(&TokenPayload {
        name: info.name.clone(),
        hash: data_encoding::HEXLOWER.encode(hash),
        created_at: info.created_at,
        expires_at: info.expires_at,
        revoked_at: info.revoked_at,
        scope: info.scope.as_str().to_owned(),
    })
}

/// [`read_all`], in one read transaction with the head, refusing ([`Error::Unverified`]) when
/// the token rows differ from what the head commits to: a server re-reads its tokens every
/// second, and a token row put back under it must not authenticate anyone, even before the
/// next full reload notices.
fn read_committed(conn: &Connection, keys: &Keys) -> Result<Vec<TokenRecord>> {
    let snapshot = conn.unchecked_transaction()?;
    let head = Head::stored(&snapshot, keys)?.ok_or(Error::Unverified)?;
    let mut problems = Vec::new();
    head.diff_stored(&snapshot, Table::Tokens, &mut problems)?;
    if !problems.is_empty() {
        return Err(Error::Unverified);
    }
    let out = read_all(&snapshot, keys)?;
    snapshot.commit()?;
    Ok(out)
}

/// Every readable token with its hash, as stored now. A row that does not open, or names a
/// scope this build does not know, is left out: it authenticates nobody and does not stop the
/// other tokens from working.
pub(super) fn read_all(conn: &Connection, keys: &Keys) -> Result<Vec<TokenRecord>> {
    let used: HashMap<i64, i64> = conn
        .prepare_cached("SELECT token_id, last_used_at FROM token_use")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .filter_map(std::result::Result::ok)
        .collect();
    let mut out = Vec::new();
    for row in store::all_rows(conn, Table::Tokens)?.into_iter().flatten() {
        let Ok(p) = open_json::<TokenPayload>(keys, Table::Tokens, &row) else {
            continue;
        };
        let Ok(scope) = p.scope.parse::<Scope>() else {
            continue;
        };
        // A hash of the wrong length can match nothing; keep the row visible for revocation.
        let hash = data_encoding::HEXLOWER
            .decode(p.hash.as_bytes())
            .ok()
            .and_then(|h| <[u8; 32]>::try_from(h.as_slice()).ok())
            .unwrap_or([0; 32]);
        out.push(TokenRecord {
            info: TokenInfo {
                id: row.id,
                name: p.name,
                created_at: p.created_at,
                expires_at: p.expires_at,
                last_used_at: used.get(&row.id).copied(),
                revoked_at: p.revoked_at,
                scope,
            },
            hash,
        });
    }
    Ok(out)
}

/// The token named `name` (trimmed): the one not revoked, else the last revoked one.
fn by_name<'a>(tokens: &'a [TokenInfo], name: &str) -> Option<&'a TokenInfo> {
    let name = name.trim();
    let mut same = tokens.iter().filter(|t| t.name == name);
    same.clone()
        .rfind(|t| t.revoked_at.is_none())
        .or_else(|| same.next_back())
}

impl Vault {
    /// Create an `admin` token (2FAuth's only kind) named `name`; see
    /// [`Vault::create_scoped_token`].
    pub fn create_token(&self, name: &str, expires_in_days: Option<u32>) -> Result<NewToken> {
        self.create_scoped_token(name, expires_in_days, Scope::Admin)
    }

    /// Create a token named `name` with `scope`, expiring after `expires_in_days` if given.
    /// The name must not be used by another token that is not revoked. The vault must be
    /// unlocked. The returned text is the only copy.
    pub fn create_scoped_token(
        &self,
        name: &str,
        expires_in_days: Option<u32>,
        scope: Scope,
    ) -> Result<NewToken> {
        let name = name.trim().to_owned();
        if name.is_empty() {
            return Err(Error::invalid("name", "a token needs a name"));
        }
        check_name("name", &name)?;
        if let Some(days) = expires_in_days
            && !(1..=MAX_EXPIRY_DAYS).contains(&days)
        {
            return Err(Error::invalid(
                "expires",
                format!("must be between 1 and {MAX_EXPIRY_DAYS} days"),
            ));
        }
        let token = generate()?;
        let hash = hash_token(&token);
        let info = self.write(|conn, open, now| {
            let expires_at = expires_in_days.map(|d| now + i64::from(d) * 86_400);
            // Checked and inserted in one write transaction: two processes cannot both take it.
            let mut w = Write::begin(conn, &open.keys)?;
            if let Some(t) = read_all(&w, &open.keys)?
                .iter()
                .find(|t| t.info.name == name && t.info.revoked_at.is_none())
            {
                return Err(Error::TokenNameTaken {
                    name,
                    id: t.info.id,
                });
            }
            let mut info = TokenInfo {
                id: 0,
                name,
                created_at: now,
                expires_at,
                last_used_at: None,
                revoked_at: None,
                scope,
            };
            info.id = w.insert(
                &open.keys,
                Table::Tokens,
                None,
                &[],
                &token_plain(&info, &hash)?,
            )?;
            w.commit(&open.keys)?;
            Ok(info)
        })?;
        self.emit(VaultEvent::TokensChanged);
        Ok(NewToken { info, token })
    }

    /// Every token, revoked and expired ones included, by id.
    pub fn tokens(&self) -> Result<Vec<TokenInfo>> {
        self.token_list()
    }

    /// Every token with its hash (what a server checks requests against). Refused while the
    /// vault fails its integrity check ([`Error::Unverified`]): a token row put back or
    /// inserted by editing the file must not authenticate anyone.
    pub fn token_records(&self) -> Result<Vec<TokenRecord>> {
        self.query(|conn, open| {
            open.verified()?;
            read_committed(conn, &open.keys)
        })
    }

    /// Every token, for listing, also while the vault fails its integrity check.
    fn token_list(&self) -> Result<Vec<TokenInfo>> {
        self.query(|conn, open| {
            Ok(read_all(conn, &open.keys)?
                .into_iter()
                .map(|r| r.info)
                .collect())
        })
    }

    /// The active token whose hash is `presented_hash`, if any (constant-time comparisons).
    pub fn check_token(&self, presented_hash: &[u8; 32]) -> Result<Option<TokenInfo>> {
        let now = self.clock.now();
        let mut found = None;
        for r in self.token_records()? {
            if r.matches(presented_hash) && r.info.is_active(now) {
                found = Some(r.info);
            }
        }
        Ok(found)
    }

    /// Revoke a token. Revoking twice is fine; an unknown id is an error.
    pub fn revoke_token(&self, id: i64) -> Result<TokenInfo> {
        let now = self.clock.now();
        let info = self.write(|conn, open, _| {
            let mut w = Write::begin(conn, &open.keys)?;
            if store::row(&w, Table::Tokens, id)?.is_none() {
                return Err(Error::TokenNotFound(id));
            }
            // A row that exists but does not open (or names an unknown scope) is corrupted.
            let mut info = read_all(&w, &open.keys)?
                .into_iter()
                .find(|r| r.info.id == id)
                .ok_or(Error::Corrupted {
                    table: "tokens",
                    id,
                })?;
            info.info.revoked_at.get_or_insert(now);
            let plain = token_plain(&info.info, &info.hash)?;
            w.update(&open.keys, Table::Tokens, id, &[], &plain)?;
            w.commit(&open.keys)?;
            Ok(info.info)
        })?;
        self.emit(VaultEvent::TokensChanged);
        Ok(info)
    }

    /// Revoke the token `id_or_name` names: an id when it parses as one and such a token
    /// exists, else a name (the token not revoked with that name, else the last revoked one).
    pub fn revoke_token_named(&self, id_or_name: &str) -> Result<TokenInfo> {
        let tokens = self.tokens()?;
        let parsed = id_or_name.trim().parse::<i64>();
        let id = match parsed {
            Ok(id) if tokens.iter().any(|t| t.id == id) => id,
            _ => match (by_name(&tokens, id_or_name), parsed) {
                (Some(t), _) => t.id,
                // An unreadable row keeps its own error (`revoke_token` reports it).
                (None, Ok(id)) => id,
                (None, Err(_)) => {
                    return Err(Error::TokenNameNotFound(id_or_name.trim().to_owned()));
                }
            },
        };
        self.revoke_token(id)
    }

    /// Write buffered `last_used_at` times, as `(token id, unix seconds)`, in one transaction
    /// on a connection of its own (see [`Vault::append_otp_logs`]). A time never moves back.
    pub fn touch_tokens(&self, used: &[(i64, i64)]) -> Result<()> {
        if used.is_empty() {
            return Ok(());
        }
        self.side_write(|conn| {
            let tx = conn.transaction()?;
            {
                let mut stmt = tx.prepare_cached(
                    "INSERT INTO token_use(token_id, last_used_at) VALUES (?2, ?1)
                     ON CONFLICT(token_id) DO UPDATE SET last_used_at = MAX(last_used_at, ?1)",
                )?;
                for (id, at) in used {
                    stmt.execute(params![at, id])?;
                }
            }
            tx.commit()?;
            Ok(())
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn generated_tokens_have_the_documented_shape() {
        let a = generate().unwrap();
        let b = generate().unwrap();
        assert!(looks_like_token(&a), "bad shape");
        assert_ne!(*a, *b);
        assert_eq!(a.len(), TOKEN_PREFIX.len() + TOKEN_CHARS);
        assert!(!looks_like_token("otty_pat_short"));
    }
}
