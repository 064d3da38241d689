//! The OTP log (DESIGN §5): one row per code handed out, with the account, the name of the
//! token that asked and the time. The code itself is never recorded.
//!
//! Writers buffer entries and call [`Vault::append_otp_logs`] at most once a second, so a TOTP
//! request never waits for a disk sync.

use rusqlite::params;

use super::Vault;
use crate::core::error::Result;

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
    /// Append entries in one transaction.
    pub fn append_otp_logs(&self, entries: &[OtpLogEntry]) -> Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let mut inner = self.inner();
        let tx = inner.conn.transaction()?;
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

    /// The newest `limit` entries of an account, newest first, not older than `since`.
    pub fn otp_logs(&self, account_id: i64, since: i64, limit: usize) -> Result<Vec<OtpLogEntry>> {
        let inner = self.inner();
        let mut stmt = inner.conn.prepare_cached(
            "SELECT account_id, token_name, created_at FROM otp_logs
             WHERE account_id = ?1 AND created_at >= ?2 ORDER BY id DESC LIMIT ?3",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![account_id, since, limit], |r| {
            Ok(OtpLogEntry {
                account_id: r.get(0)?,
                token_name: r.get(1)?,
                created_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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
