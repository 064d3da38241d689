//! What goes inside a sealed row: serde payloads for accounts and groups.
//!
//! Payloads are JSON, sealed with the vault key and the row's associated data. The plaintext
//! buffer is zeroed after sealing and after parsing.

use serde::{Deserialize, Serialize};

use crate::core::account::{
    Account, Algorithm, BackupCode, Group, NewAccount, OtpKind, OtpParams, Secret,
};
use crate::core::crypto::Sealer;
use crate::core::error::{Error, Result};
use crate::core::plaintext::{JsonLayout, json_plaintext};
use crate::core::store::{RawRow, Table, row_aad};

/// The sealed part of an account row.
#[derive(Serialize, Deserialize)]
struct AccountPayload {
    service: String,
    account: String,
    icon: Option<String>,
    otp_type: OtpKind,
    algorithm: Algorithm,
    digits: u8,
    period: u32,
    counter: u64,
    secret: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    favorite: bool,
    #[serde(default)]
    backup_codes: Vec<BackupCode>,
}

impl Drop for AccountPayload {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.secret.zeroize();
    }
}

/// The sealed part of a group row.
#[derive(Serialize, Deserialize)]
struct GroupPayload {
    name: String,
}

fn seal_json<T: Serialize>(sealer: &Sealer, value: &T, table: Table, id: i64) -> Result<Vec<u8>> {
    let plain = json_plaintext(value, JsonLayout::Compact)
        .map_err(|_| Error::invalid("account", "cannot be encoded"))?;
    sealer.seal(&plain, &row_aad(table.name(), id))
}

fn open_json<T: for<'de> Deserialize<'de>>(
    sealer: &Sealer,
    blob: &[u8],
    table: Table,
    id: i64,
) -> Result<T> {
    let corrupted = || Error::Corrupted {
        table: table.name(),
        id,
    };
    let plain = sealer
        .open(blob, &row_aad(table.name(), id))
        .map_err(|_| corrupted())?;
    serde_json::from_slice(&plain).map_err(|_| corrupted())
}

/// Seal an account's user data for row `id`.
pub fn seal_account(sealer: &Sealer, data: &NewAccount, id: i64) -> Result<Vec<u8>> {
    let p = AccountPayload {
        service: data.service.clone(),
        account: data.account.clone(),
        icon: data.icon.clone(),
        otp_type: data.otp.kind,
        algorithm: data.otp.algorithm,
        digits: data.otp.digits,
        period: data.otp.period,
        counter: data.otp.counter,
        secret: data.otp.secret.to_base32().to_string(),
        notes: data.notes.clone(),
        favorite: data.favorite,
        backup_codes: data.backup_codes.clone(),
    };
    seal_json(sealer, &p, Table::Accounts, id)
}

/// Open an account row.
pub fn open_account(sealer: &Sealer, row: &RawRow) -> Result<Account> {
    let mut p: AccountPayload = open_json(sealer, &row.sealed, Table::Accounts, row.id)?;
    let take = std::mem::take::<String>;
    // Sealed payloads hold canonical base32 (written by `seal_account`): decode it strictly,
    // which is faster than the tolerant path user input takes.
    let secret = data_encoding::BASE32_NOPAD
        .decode(p.secret.as_bytes())
        .map(Secret::from_bytes)
        .map_err(|_| Error::Corrupted {
            table: "accounts",
            id: row.id,
        })?;
    Ok(Account {
        id: row.id,
        uuid: row.uuid.clone(),
        position: row.position,
        created_at: row.created_at,
        updated_at: row.updated_at,
        last_used_at: row.last_used_at,
        data: NewAccount {
            service: take(&mut p.service),
            account: take(&mut p.account),
            icon: p.icon.take(),
            otp: OtpParams {
                kind: p.otp_type,
                algorithm: p.algorithm,
                digits: p.digits,
                period: p.period,
                counter: p.counter,
                secret,
            },
            notes: take(&mut p.notes),
            favorite: p.favorite,
            backup_codes: std::mem::take(&mut p.backup_codes),
            group_id: row.group_id,
        },
    })
}

/// Seal a group name for row `id`.
pub fn seal_group(sealer: &Sealer, name: &str, id: i64) -> Result<Vec<u8>> {
    seal_json(
        sealer,
        &GroupPayload {
            name: name.to_owned(),
        },
        Table::Groups,
        id,
    )
}

/// Open a group row.
pub fn open_group(sealer: &Sealer, row: &RawRow) -> Result<Group> {
    let p: GroupPayload = open_json(sealer, &row.sealed, Table::Groups, row.id)?;
    Ok(Group {
        id: row.id,
        uuid: row.uuid.clone(),
        name: p.name,
        position: row.position,
    })
}
