//! Personal access tokens of the REST API (DESIGN §5), stored in the `tokens` table.
//!
//! A token is `otty_pat_` followed by 43 base62 characters (256 random bits). It is returned
//! once, by [`Vault::create_token`], and only its SHA-256 is stored, so a copied vault file
//! gives no working token. Checking a presented token ([`TokenRecord::matches`]) compares
//! hashes in constant time. Tokens are not sealed: names, dates and hashes are not secret, and
//! a server must be able to re-read them cheaply every second to notice revocations made by
//! another process.
//!
//! Each token has a [`Scope`] (`read`, `write` or `admin`), and names are unique among the
//! tokens that are not revoked, so a name is enough to revoke one.

mod scope;

use rusqlite::{OptionalExtension, TransactionBehavior, params};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::Vault;
use crate::core::account::check_name;
use crate::core::error::{Error, Result};
use crate::core::event::VaultEvent;

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

/// A row as a token, or an error when a value has the wrong type or the scope is not one this
/// build knows (such a row must grant nothing).
fn info_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<(TokenInfo, Vec<u8>)> {
    let scope: String = r.get(7)?;
    let scope = scope.parse::<Scope>().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(7, rusqlite::types::Type::Text, e.into())
    })?;
    Ok((
        TokenInfo {
            id: r.get(0)?,
            name: r.get(1)?,
            created_at: r.get(2)?,
            expires_at: r.get(3)?,
            last_used_at: r.get(4)?,
            revoked_at: r.get(5)?,
            scope,
        },
        r.get(6)?,
    ))
}

const SELECT: &str = "SELECT id, name, created_at, expires_at, last_used_at, revoked_at, hash, scope \
     FROM tokens";

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
        let info = self.write(|conn, _, now| {
            let expires_at = expires_in_days.map(|d| now + i64::from(d) * 86_400);
            // Checked and inserted in one write transaction: two processes cannot both take it.
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let taken: Option<i64> = tx
                .query_row(
                    "SELECT id FROM tokens WHERE name = ?1 AND revoked_at IS NULL",
                    [&name],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(id) = taken {
                return Err(Error::TokenNameTaken { name, id });
            }
            tx.execute(
                "INSERT INTO tokens(name, hash, created_at, expires_at, scope) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![name, hash.to_vec(), now, expires_at, scope.as_str()],
            )?;
            let id = tx.last_insert_rowid();
            tx.commit()?;
            Ok(TokenInfo {
                id,
                name,
                created_at: now,
                expires_at,
                last_used_at: None,
                revoked_at: None,
                scope,
            })
        })?;
        self.emit(VaultEvent::TokensChanged);
        Ok(NewToken { info, token })
    }

    /// Every token, revoked and expired ones included, by id.
    pub fn tokens(&self) -> Result<Vec<TokenInfo>> {
        Ok(self.token_records()?.into_iter().map(|r| r.info).collect())
    }

    /// Every token with its hash (what a server checks requests against).
    pub fn token_records(&self) -> Result<Vec<TokenRecord>> {
        let inner = self.inner();
        let mut stmt = inner
            .conn
            .prepare_cached(&format!("{SELECT} ORDER BY id"))?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            // A row with a value of the wrong type (text in a date, NULL in the hash…) is left
            // out: it authenticates nobody and does not stop the other tokens from working.
            let Ok((info, hash)) = info_from(row) else {
                continue;
            };
            // A hash of the wrong length can match nothing; keep the row visible for revocation.
            let hash = <[u8; 32]>::try_from(hash.as_slice()).unwrap_or([0; 32]);
            out.push(TokenRecord { info, hash });
        }
        Ok(out)
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
        let info = {
            let mut inner = self.inner();
            let tx = inner
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?1) WHERE id = ?2",
                params![now, id],
            )?;
            let info = tx
                .query_row(&format!("{SELECT} WHERE id = ?1"), [id], |r| {
                    Ok(info_from(r).map(|(i, _)| i))
                })
                .optional()?
                .ok_or(Error::TokenNotFound(id))?
                // An unreadable row: nothing is committed (the transaction rolls back).
                .map_err(|_| Error::Corrupted {
                    table: "tokens",
                    id,
                })?;
            tx.commit()?;
            info
        };
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
                "UPDATE tokens SET last_used_at = MAX(COALESCE(last_used_at, 0), ?1) WHERE id = ?2",
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
