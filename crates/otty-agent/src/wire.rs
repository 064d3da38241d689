//! Core values as they travel between the command line and the agent: plain serde shapes
//! beside the core's types (which know nothing of serialisation), with conversions both ways.
//! Secrets and codes are carried as text in wiped buffers; byte strings (icons, exports, the
//! vault key) as base64.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

use otty_core::account::BackupCode;
use otty_core::export::plan::LeftOut;
use otty_core::import::Icon;
use otty_core::stamp::Edit;
use otty_core::vault::import::{ImportItem, ImportSummary};
use otty_core::vault::tokens::{NewToken, Scope, TokenInfo};
use otty_core::{Account, Algorithm, Group, NewAccount, Otp, OtpKind, OtpParams, Secret};

/// A value the other side sent that this build cannot turn back into a core value.
#[derive(Debug, thiserror::Error)]
#[error("the agent sent {0}")]
pub struct Malformed(pub String);

/// Serde helpers for text that is secret: serialised as is, read into a wiped buffer.
pub mod secret_text {
    use super::*;

    /// Serialise the text.
    pub fn serialize<S: Serializer>(v: &Zeroizing<String>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v)
    }

    /// Read the text into a buffer wiped on drop.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Zeroizing<String>, D::Error> {
        String::deserialize(d).map(Zeroizing::new)
    }
}

/// Serde helpers for byte strings: base64 text, read into a buffer wiped on drop.
pub mod bytes {
    use super::*;

    /// Serialise as base64 (built in a wiped buffer).
    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        let text = Zeroizing::new(B64.encode(v));
        s.serialize_str(&text)
    }

    /// Decode base64 text.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Zeroizing<Vec<u8>>, D::Error> {
        let text = Zeroizing::new(String::deserialize(d)?);
        B64.decode(text.as_bytes())
            .map(Zeroizing::new)
            .map_err(|_| serde::de::Error::custom("bad base64"))
    }
}

/// [`OtpParams`] on the wire (the secret as base32 text).
#[derive(Serialize, Deserialize)]
pub struct OtpParamsW {
    kind: OtpKind,
    algorithm: Algorithm,
    digits: u8,
    period: u32,
    counter: u64,
    #[serde(with = "secret_text")]
    secret: Zeroizing<String>,
}

/// [`NewAccount`] on the wire.
#[derive(Serialize, Deserialize)]
pub struct NewAccountW {
    service: String,
    account: String,
    icon: Option<String>,
    otp: OtpParamsW,
    notes: String,
    favorite: bool,
    backup_codes: Vec<BackupCode>,
    group_id: Option<i64>,
}

impl From<&NewAccount> for NewAccountW {
    fn from(a: &NewAccount) -> Self {
        NewAccountW {
            service: a.service.clone(),
            account: a.account.clone(),
            icon: a.icon.clone(),
            otp: OtpParamsW {
                kind: a.otp.kind,
                algorithm: a.otp.algorithm,
                digits: a.otp.digits,
                period: a.otp.period,
                counter: a.otp.counter,
                secret: a.otp.secret.to_base32(),
            },
            notes: a.notes.clone(),
            favorite: a.favorite,
            backup_codes: a.backup_codes.clone(),
            group_id: a.group_id,
        }
    }
}

impl TryFrom<NewAccountW> for NewAccount {
    type Error = Malformed;
    fn try_from(w: NewAccountW) -> Result<Self, Malformed> {
        let secret = if w.otp.secret.is_empty() {
            Secret::from_bytes(Vec::new())
        } else {
            Secret::from_base32(&w.otp.secret).map_err(|_| Malformed("a bad secret".into()))?
        };
        Ok(NewAccount {
            service: w.service,
            account: w.account,
            icon: w.icon,
            otp: OtpParams {
                kind: w.otp.kind,
                algorithm: w.otp.algorithm,
                digits: w.otp.digits,
                period: w.otp.period,
                counter: w.otp.counter,
                secret,
            },
            notes: w.notes,
            favorite: w.favorite,
            backup_codes: w.backup_codes,
            group_id: w.group_id,
        })
    }
}

/// [`Account`] on the wire.
#[derive(Serialize, Deserialize)]
pub struct AccountW {
    id: i64,
    uuid: String,
    position: i64,
    created_at: i64,
    updated_at: i64,
    last_used_at: Option<i64>,
    #[serde(default)]
    edit: Edit,
    data: NewAccountW,
}

impl From<&Account> for AccountW {
    fn from(a: &Account) -> Self {
        AccountW {
            id: a.id,
            uuid: a.uuid.clone(),
            position: a.position,
            created_at: a.created_at,
            updated_at: a.updated_at,
            last_used_at: a.last_used_at,
            edit: a.edit,
            data: (&a.data).into(),
        }
    }
}

impl TryFrom<AccountW> for Account {
    type Error = Malformed;
    fn try_from(w: AccountW) -> Result<Self, Malformed> {
        Ok(Account {
            id: w.id,
            uuid: w.uuid,
            position: w.position,
            created_at: w.created_at,
            updated_at: w.updated_at,
            last_used_at: w.last_used_at,
            edit: w.edit,
            data: w.data.try_into()?,
        })
    }
}

/// Accounts from the wire.
pub fn accounts(list: Vec<AccountW>) -> Result<Vec<Account>, Malformed> {
    list.into_iter().map(Account::try_from).collect()
}

/// [`Group`] on the wire.
#[derive(Serialize, Deserialize)]
pub struct GroupW {
    id: i64,
    uuid: String,
    name: String,
    position: i64,
    #[serde(default)]
    edit: Edit,
}

impl From<&Group> for GroupW {
    fn from(g: &Group) -> Self {
        GroupW {
            id: g.id,
            uuid: g.uuid.clone(),
            name: g.name.clone(),
            position: g.position,
            edit: g.edit,
        }
    }
}

impl From<GroupW> for Group {
    fn from(w: GroupW) -> Self {
        Group {
            id: w.id,
            uuid: w.uuid,
            name: w.name,
            position: w.position,
            edit: w.edit,
        }
    }
}

/// An account an export left out ([`LeftOut`]) on the wire.
#[derive(Serialize, Deserialize)]
pub struct LeftOutW {
    id: i64,
    label: String,
    reason: String,
}

impl From<&LeftOut> for LeftOutW {
    fn from(l: &LeftOut) -> Self {
        LeftOutW {
            id: l.id,
            label: l.label.clone(),
            reason: l.reason.clone(),
        }
    }
}

impl From<LeftOutW> for LeftOut {
    fn from(w: LeftOutW) -> Self {
        LeftOut {
            id: w.id,
            label: w.label,
            reason: w.reason,
        }
    }
}

/// [`Otp`] on the wire.
#[derive(Serialize, Deserialize)]
pub struct OtpW {
    #[serde(with = "secret_text")]
    password: Zeroizing<String>,
    kind: OtpKind,
    generated_at: Option<i64>,
    period: Option<u32>,
    next_password: Option<String>,
    counter: Option<u64>,
}

impl From<&Otp> for OtpW {
    fn from(o: &Otp) -> Self {
        OtpW {
            password: o.password.clone(),
            kind: o.kind,
            generated_at: o.generated_at,
            period: o.period,
            next_password: o.next_password.as_ref().map(|p| p.as_str().to_owned()),
            counter: o.counter,
        }
    }
}

impl From<OtpW> for Otp {
    fn from(w: OtpW) -> Self {
        Otp {
            password: w.password,
            kind: w.kind,
            generated_at: w.generated_at,
            period: w.period,
            next_password: w.next_password.map(Zeroizing::new),
            counter: w.counter,
        }
    }
}

/// [`TokenInfo`] on the wire.
#[derive(Serialize, Deserialize)]
pub struct TokenInfoW {
    id: i64,
    name: String,
    created_at: i64,
    expires_at: Option<i64>,
    last_used_at: Option<i64>,
    revoked_at: Option<i64>,
    scope: String,
}

impl From<&TokenInfo> for TokenInfoW {
    fn from(t: &TokenInfo) -> Self {
        TokenInfoW {
            id: t.id,
            name: t.name.clone(),
            created_at: t.created_at,
            expires_at: t.expires_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
            scope: t.scope.as_str().to_owned(),
        }
    }
}

impl TryFrom<TokenInfoW> for TokenInfo {
    type Error = Malformed;
    fn try_from(w: TokenInfoW) -> Result<Self, Malformed> {
        Ok(TokenInfo {
            id: w.id,
            name: w.name,
            created_at: w.created_at,
            expires_at: w.expires_at,
            last_used_at: w.last_used_at,
            revoked_at: w.revoked_at,
            scope: w
                .scope
                .parse::<Scope>()
                .map_err(|_| Malformed("an unknown token scope".into()))?,
        })
    }
}

/// [`NewToken`] on the wire.
#[derive(Serialize, Deserialize)]
pub struct NewTokenW {
    info: TokenInfoW,
    #[serde(with = "secret_text")]
    token: Zeroizing<String>,
}

impl From<&NewToken> for NewTokenW {
    fn from(t: &NewToken) -> Self {
        NewTokenW {
            info: (&t.info).into(),
            token: t.token.clone(),
        }
    }
}

impl TryFrom<NewTokenW> for NewToken {
    type Error = Malformed;
    fn try_from(w: NewTokenW) -> Result<Self, Malformed> {
        Ok(NewToken {
            info: w.info.try_into()?,
            token: w.token,
        })
    }
}

/// One [`ImportItem`] on the wire.
#[derive(Serialize, Deserialize)]
pub struct ImportItemW {
    account: NewAccountW,
    group: Option<String>,
    icon: Option<IconW>,
}

/// An import's icon on the wire.
#[derive(Serialize, Deserialize)]
pub struct IconW {
    name: String,
    mime: String,
    #[serde(with = "bytes")]
    bytes: Zeroizing<Vec<u8>>,
}

impl From<&ImportItem> for ImportItemW {
    fn from((account, group, icon): &ImportItem) -> Self {
        ImportItemW {
            account: account.into(),
            group: group.clone(),
            icon: icon.as_ref().map(|i| IconW {
                name: i.name.clone(),
                mime: i.mime.clone(),
                bytes: Zeroizing::new(i.bytes.clone()),
            }),
        }
    }
}

impl TryFrom<ImportItemW> for ImportItem {
    type Error = Malformed;
    fn try_from(w: ImportItemW) -> Result<Self, Malformed> {
        Ok((
            w.account.try_into()?,
            w.group,
            w.icon.map(|i| Icon {
                name: i.name,
                bytes: i.bytes.to_vec(),
                mime: i.mime,
            }),
        ))
    }
}

/// [`ImportSummary`] on the wire.
#[derive(Serialize, Deserialize)]
pub struct SummaryW {
    added: Vec<AccountW>,
    groups_created: Vec<GroupW>,
    icons_stored: usize,
}

impl From<&ImportSummary> for SummaryW {
    fn from(s: &ImportSummary) -> Self {
        SummaryW {
            added: s.added.iter().map(AccountW::from).collect(),
            groups_created: s.groups_created.iter().map(GroupW::from).collect(),
            icons_stored: s.icons_stored,
        }
    }
}

impl TryFrom<SummaryW> for ImportSummary {
    type Error = Malformed;
    fn try_from(w: SummaryW) -> Result<Self, Malformed> {
        Ok(ImportSummary {
            added: accounts(w.added)?,
            groups_created: w.groups_created.into_iter().map(Group::from).collect(),
            icons_stored: w.icons_stored,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn an_account_survives_the_wire() {
        let mut data = NewAccount::new(
            "GitHub",
            "alice",
            OtpParams::totp(Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap()),
        );
        data.backup_codes.push(BackupCode {
            code: "1234-5678".into(),
            used_at: Some(5),
        });
        data.group_id = Some(3);
        let account = Account {
            id: 7,
            uuid: "u".into(),
            position: 2,
            created_at: 1,
            updated_at: 2,
            last_used_at: None,
            edit: Edit {
                stamp: otty_core::stamp::Stamp::default(),
                prev: otty_core::stamp::Stamp::default(),
            },
            data,
        };
        let text = serde_json::to_string(&AccountW::from(&account)).unwrap();
        let back: Account = serde_json::from_str::<AccountW>(&text)
            .unwrap()
            .try_into()
            .unwrap();
        assert_eq!(back, account);
    }
}
