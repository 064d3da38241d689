//! [`Usage`]: OTP log entries and tokens' `last_used_at`, buffered in memory and written at
//! most once a second by the server's timer, so handing out a TOTP code never
//! waits for a disk sync.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use otty_core::Result;
use otty_core::Vault;
use otty_core::vault::otp_log::OtpLogEntry;

/// One code handed out: account, token name, time.
type Pending = (i64, Option<Arc<str>>, i64);

#[derive(Default)]
struct Buffer {
    logs: Vec<Pending>,
    tokens: HashMap<i64, i64>,
}

fn entry((account_id, token_name, created_at): &Pending) -> OtpLogEntry {
    OtpLogEntry {
        account_id: *account_id,
        token_name: token_name.as_deref().map(str::to_owned),
        created_at: *created_at,
    }
}

/// The buffer. Never holds its lock across an `.await`.
#[derive(Default)]
pub struct Usage(Mutex<Buffer>);

impl Usage {
    fn buffer(&self) -> std::sync::MutexGuard<'_, Buffer> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Note that a code of `account_id` was handed out to `token_name` at `now`.
    pub fn record_otp(&self, account_id: i64, token_name: Option<&Arc<str>>, now: i64) {
        self.buffer()
            .logs
            .push((account_id, token_name.cloned(), now));
    }

    /// Note that token `id` was used at `now`.
    pub fn touch_token(&self, id: i64, now: i64) {
        let mut b = self.buffer();
        let at = b.tokens.entry(id).or_insert(now);
        *at = (*at).max(now);
    }

    /// Entries not yet written for `account_id` (so a log read right after a code is complete).
    pub fn pending_for(&self, account_id: i64) -> Vec<OtpLogEntry> {
        self.buffer()
            .logs
            .iter()
            .filter(|e| e.0 == account_id)
            .map(entry)
            .collect()
    }

    /// Write everything buffered (blocking: call from `spawn_blocking`). On failure the
    /// entries are put back for the next try.
    pub fn flush(&self, vault: &Vault) -> Result<()> {
        let (logs, tokens) = {
            let mut b = self.buffer();
            (std::mem::take(&mut b.logs), std::mem::take(&mut b.tokens))
        };
        let used: Vec<(i64, i64)> = tokens.iter().map(|(k, v)| (*k, *v)).collect();
        let entries: Vec<OtpLogEntry> = logs.iter().map(entry).collect();
        let result = vault
            .append_otp_logs(&entries)
            .and_then(|()| vault.touch_tokens(&used));
        if result.is_err() {
            let mut b = self.buffer();
            let newer = std::mem::replace(&mut b.logs, logs);
            b.logs.extend(newer);
            for (id, at) in tokens {
                let e = b.tokens.entry(id).or_insert(at);
                *e = (*e).max(at);
            }
        }
        result
    }
}
