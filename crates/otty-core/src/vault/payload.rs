//! What goes inside a sealed row: serde payloads for accounts and groups.
//!
//! Payloads are JSON, sealed (padded) with the vault key and the row's associated data
//! (`vault/keys.rs`). In format 2 an account's UUID, group, position and times are inside the
//! seal too: nothing about an account but its id is in clear. The plaintext buffer is zeroed
//! after sealing and after parsing.

use serde::{Deserialize, Serialize};

use crate::account::{
    Account, Algorithm, BackupCode, Group, NewAccount, OtpKind, OtpParams, Secret,
};
use zeroize::Zeroizing;

use super::keys::Keys;
use crate::error::{Error, Result};
use crate::plaintext::{JsonLayout, json_plaintext};
use crate::stamp::Edit;
use crate::store::{RawRow, Table};

/// The sealed part of an account row.
#[derive(Serialize, Deserialize)]
struct AccountPayload {
    // The first six fields are new in format 2 (defaults let format 1's payload parse).
    #[serde(default)]
    uuid: String,
    #[serde(default)]
    group_id: Option<i64>,
    #[serde(default)]
    position: i64,
    #[serde(default)]
    created_at: i64,
    #[serde(default)]
    updated_at: i64,
    #[serde(default)]
    last_used_at: Option<i64>,
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
    /// The last edit's change stamp; rows written before stamps existed read as zero.
    #[serde(default)]
    edit: Edit,
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
    uuid: String,
    name: String,
    position: i64,
    #[serde(default)]
    edit: Edit,
}

/// Plaintext JSON of a payload.
pub fn to_plain<T: Serialize>(value: &T) -> Result<Zeroizing<Vec<u8>>> {
    json_plaintext(value, JsonLayout::Compact)
        .map_err(|_| Error::invalid("row", "cannot be encoded"))
}

/// Open a row of `table` and parse its JSON. Any failure is `Corrupted { table, id }`.
pub fn open_json<T: for<'de> Deserialize<'de>>(
    keys: &Keys,
    table: Table,
    row: &RawRow,
) -> Result<T> {
    let plain = keys.open(table, row.id, row.version, &row.lookup, &row.sealed)?;
    serde_json::from_slice(&plain).map_err(|_| Error::Corrupted {
        table: table.name(),
        id: row.id,
    })
}

/// The plaintext of an account (its id is in the row's associated data).
pub fn account_plain(a: &Account) -> Result<Zeroizing<Vec<u8>>> {
    let data = &a.data;
    let p = AccountPayload {
        uuid: a.uuid.clone(),
        group_id: data.group_id,
        position: a.position,
        created_at: a.created_at,
        updated_at: a.updated_at,
        last_used_at: a.last_used_at,
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
        edit: a.edit,
    };
    to_plain(&p)
}

/// The user data of a parsed payload (`None` when its secret is not canonical base32).
fn data_of(p: &mut AccountPayload) -> Option<NewAccount> {
    let take = std::mem::take::<String>;
    // Sealed payloads hold canonical base32 (written by `account_plain`): decode it strictly,
    // which is faster than the tolerant path user input takes.
    let secret = data_encoding::BASE32_NOPAD
        .decode(p.secret.as_bytes())
        .map(Secret::from_bytes)
        .ok()?;
    Some(NewAccount {
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
        group_id: p.group_id,
    })
}

/// Open an account row.
pub fn open_account(keys: &Keys, row: &RawRow) -> Result<Account> {
    let mut p: AccountPayload = open_json(keys, Table::Accounts, row)?;
    let data = data_of(&mut p).ok_or(Error::Corrupted {
        table: "accounts",
        id: row.id,
    })?;
    Ok(Account {
        id: row.id,
        uuid: std::mem::take(&mut p.uuid),
        position: p.position,
        created_at: p.created_at,
        updated_at: p.updated_at,
        last_used_at: p.last_used_at,
        edit: p.edit,
        data,
    })
}

/// The user data of a format-1 account payload (the migration's reader).
pub fn account_from_v1(plain: &[u8]) -> Option<NewAccount> {
    let mut p: AccountPayload = serde_json::from_slice(plain).ok()?;
    data_of(&mut p)
}

/// The plaintext of a group.
pub fn group_plain(g: &Group) -> Result<Zeroizing<Vec<u8>>> {
    to_plain(&GroupPayload {
        uuid: g.uuid.clone(),
        name: g.name.clone(),
        position: g.position,
        edit: g.edit,
    })
}

/// Open a group row.
pub fn open_group(keys: &Keys, row: &RawRow) -> Result<Group> {
    let p: GroupPayload = open_json(keys, Table::Groups, row)?;
    Ok(Group {
        id: row.id,
        uuid: p.uuid,
        name: p.name,
        position: p.position,
        edit: p.edit,
    })
}
