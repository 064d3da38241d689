//! [`Usage`]: OTP log entries and tokens' `last_used_at`, buffered in memory and written at
//! most once a second by the server's timer, so handing out a TOTP code never
//! waits for a disk sync. Codes handed out to one requester for one account within one second
//! are one entry with a count, so a client polling as fast as it can costs one sealed row a
//! second, not one per request.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use otty_core::Result;
use otty_core::Vault;
use otty_core::vault::otp_log::OtpLogEntry;

/// What makes codes one entry: account, token name, second.
type Burst = (i64, Option<Arc<str>>, i64);

#[derive(Default)]
struct Buffer {
    /// Entries in the order their first code was handed out.
    logs: Vec<(Burst, u32)>,
    /// Where each burst of the buffer is in `logs`.
    index: HashMap<Burst, usize>,
    tokens: HashMap<i64, i64>,
}

impl Buffer {
    fn add(&mut self, burst: Burst, count: u32) {
        match self.index.get(&burst) {
            Some(&i) => self.logs[i].1 = self.logs[i].1.saturating_add(count),
            None => {
                self.index.insert(burst.clone(), self.logs.len());
                self.logs.push((burst, count));
            }
        }
    }
}

fn entry(((account_id, token_name, created_at), count): &(Burst, u32)) -> OtpLogEntry {
    OtpLogEntry {
        account_id: *account_id,
        token_name: token_name.as_deref().map(str::to_owned),
        created_at: *created_at,
        count: *count,
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
        self.buffer().add((account_id, token_name.cloned(), now), 1);
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
            .filter(|e| e.0.0 == account_id)
            .map(entry)
            .collect()
    }

    /// Write everything buffered (blocking: call from `spawn_blocking`). On failure the
    /// entries are put back for the next try.
    pub fn flush(&self, vault: &Vault) -> Result<()> {
        let (logs, tokens) = {
            let mut b = self.buffer();
            b.index.clear();
            (std::mem::take(&mut b.logs), std::mem::take(&mut b.tokens))
        };
        let used: Vec<(i64, i64)> = tokens.iter().map(|(k, v)| (*k, *v)).collect();
        let entries: Vec<OtpLogEntry> = logs.iter().map(entry).collect();
        let result = vault
            .append_otp_logs(&entries)
            .and_then(|()| vault.touch_tokens(&used));
        if result.is_err() {
            let mut b = self.buffer();
            let newer = std::mem::take(&mut b.logs);
            b.index.clear();
            for (burst, count) in logs.into_iter().chain(newer) {
                b.add(burst, count);
            }
            for (id, at) in tokens {
                let e = b.tokens.entry(id).or_insert(at);
                *e = (*e).max(at);
            }
        }
        result
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use otty_core::{KdfParams, NewAccount, OtpParams, Secret};

    #[test]
    fn a_burst_of_codes_is_one_entry_with_its_count() {
        let kdf = KdfParams::CHEAPEST;
        let v = Vault::create_in_memory(b"pw", kdf).unwrap();
        let secret = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
        let id = v
            .add(NewAccount::new("GitHub", "me", OtpParams::totp(secret)))
            .unwrap()
            .id;
        let usage = Usage::default();
        let (a, b): (Arc<str>, Arc<str>) = ("poller".into(), "cli".into());
        for _ in 0..1000 {
            usage.record_otp(id, Some(&a), 100);
        }
        usage.record_otp(id, Some(&b), 100);
        usage.record_otp(id, Some(&a), 101);
        let counts = |e: Vec<OtpLogEntry>| -> Vec<(Option<String>, i64, u32)> {
            e.into_iter()
                .map(|e| (e.token_name, e.created_at, e.count))
                .collect()
        };
        let expected = vec![
            (Some("poller".into()), 100, 1000),
            (Some("cli".into()), 100, 1),
            (Some("poller".into()), 101, 1),
        ];
        assert_eq!(counts(usage.pending_for(id)), expected);
        usage.flush(&v).unwrap();
        assert!(usage.pending_for(id).is_empty());
        // Newest row first.
        let mut stored = counts(v.otp_logs(id, 0, 10).unwrap());
        stored.reverse();
        assert_eq!(stored, expected);
    }
}
