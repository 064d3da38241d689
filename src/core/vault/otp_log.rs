//! The OTP log (DESIGN §5): one row per code handed out, with the account, the name of the
//! token that asked and the time. The code itself is never recorded.
//!
//! Writers buffer entries and call [`Vault::append_otp_logs`] at most once a second, so a TOTP
//! request never waits for a disk sync. The batch is written through a short-lived second
//! connection (`Vault::side_write`), not the vault's own, so a flush of thousands of rows and
//! its fsync never hold the lock that code lookups take. The vault then sees another
//! connection's commit, but its change counter (`store::generation`, bumped only by account and
//! group writes) tells [`Vault::refresh`] that no row needs reloading.

use rusqlite::{Connection, params};

use super::Vault;
use crate::core::error::Result;
use crate::core::store;

/// One code handed out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtpLogEntry {
    /// Account the code belongs to.
    pub account_id: i64,
    /// Name of the token that asked for it (`None`: the TUI or CLI).
    pub token_name: Option<String>,
    /// When, unix seconds.
    pub created_at: i64,
}

impl Vault {
    /// Run a plaintext-table write on a connection of its own when the vault is a file, so
    /// the vault's lock is not held during it; in memory, on the vault's connection.
    pub(super) fn side_write<R>(&self, f: impl FnOnce(&mut Connection) -> Result<R>) -> Result<R> {
        if self.path == store::memory_path() {
            let mut inner = self.inner();
            return f(&mut inner.conn);
        }
        let mut conn = store::open(&self.path)?;
        f(&mut conn)
    }

    /// Append entries in one transaction.
    pub fn append_otp_logs(&self, entries: &[OtpLogEntry]) -> Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        self.side_write(|conn| Self::insert_logs(conn, entries))
    }

    fn insert_logs(conn: &mut Connection, entries: &[OtpLogEntry]) -> Result<()> {
        let tx = conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO otp_logs(account_id, token_name, created_at) VALUES (?1, ?2, ?3)",
            )?;
            for e in entries {
                stmt.execute(params![e.account_id, e.token_name, e.created_at])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The newest `limit` entries of an account, newest first, not older than `since`. Rows
    /// with a value of the wrong type are skipped.
    pub fn otp_logs(&self, account_id: i64, since: i64, limit: usize) -> Result<Vec<OtpLogEntry>> {
        let inner = self.inner();
        let mut stmt = inner.conn.prepare_cached(
            "SELECT account_id, token_name, created_at FROM otp_logs
             WHERE account_id = ?1 AND created_at >= ?2 ORDER BY id DESC LIMIT ?3",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut rows = stmt.query(params![account_id, since, limit])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let entry = (|| {
                Ok::<_, rusqlite::Error>(OtpLogEntry {
                    account_id: r.get(0)?,
                    token_name: r.get(1)?,
                    created_at: r.get(2)?,
                })
            })();
            // A row with a value of the wrong type is skipped: the log is informational.
            if let Ok(e) = entry {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// Forget the log of removed accounts.
    pub fn clear_otp_logs(&self, account_ids: &[i64]) -> Result<()> {
        let mut inner = self.inner();
        let tx = inner.conn.transaction()?;
        for id in account_ids {
            tx.execute("DELETE FROM otp_logs WHERE account_id = ?1", [id])?;
        }
        tx.commit()?;
        Ok(())
    }
}
