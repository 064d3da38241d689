//! The JSON shapes of 2FAuth's `/api/v1` (docs/DESIGN.md, «2FAuth compatibility»), shared by
//! `otty … --json` and the REST API.
//!
//! Plain serde types with conversions from the core's types, and nothing about HTTP. Field
//! order follows the contract, because some clients and tests compare bytes. Secrets and codes
//! live in [`SecretText`], which zeroes itself on drop and prints as `[redacted]` in `Debug`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

use otty_core::{Account, Algorithm, Group, NewAccount, Otp, OtpKind};

/// A secret or a code as text: serialised as a plain string, zeroed on drop, never shown by
/// `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretText(pub Zeroizing<String>);

impl SecretText {
    /// Wrap a string.
    pub fn new(text: Zeroizing<String>) -> Self {
        SecretText(text)
    }
    /// The text. The caller must treat it as secret.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SecretText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

impl Serialize for SecretText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SecretText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| SecretText(Zeroizing::new(s)))
    }
}

/// 2FAuth's way of returning a secret: upper case, right-padded with `=` to a multiple of 8
/// (as 2FAuth's `Helpers::PadToBase32Format` does).
pub fn padded_secret(data: &NewAccount) -> SecretText {
    let plain = data.otp.secret.to_base32();
    let padding = (8 - plain.len() % 8) % 8;
    let mut text = Zeroizing::new(String::with_capacity(plain.len() + padding));
    text.push_str(&plain);
    text.extend(std::iter::repeat_n('=', padding));
    SecretText(text)
}

fn padded_base32(account: &Account) -> SecretText {
    padded_secret(&account.data)
}

/// The embedded `otp` object of a Read account (`withOtp`; timed accounts only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbeddedOtp {
    /// The current code.
    pub password: SecretText,
    /// Unix time the code was computed for.
    pub generated_at: i64,
    /// The next period's code.
    pub next_password: SecretText,
}

/// A TwoFAccount "Read" object, as 2FAuth emits it for one user: no sharing keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRead {
    /// Account id.
    pub id: i64,
    /// Group id, or `null`.
    pub group_id: Option<i64>,
    /// `totp`, `hotp` or `steamtotp`.
    pub otp_type: OtpKind,
    /// Account name.
    pub account: String,
    /// Service (issuer); `null` when empty, as 2FAuth turns `""` into `null`.
    pub service: Option<String>,
    /// Icon file name, or `null`.
    pub icon: Option<String>,
    /// The secret, only when asked for (see [`AccountRead::with_secret`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<SecretText>,
    /// Code length.
    pub digits: u8,
    /// HMAC algorithm.
    pub algorithm: Algorithm,
    /// Period in seconds; `null` for HOTP.
    pub period: Option<u32>,
    /// Stored counter; `null` for TOTP and Steam.
    pub counter: Option<u64>,
    /// The current and next code, only when asked for, never for HOTP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otp: Option<EmbeddedOtp>,
}

impl AccountRead {
    /// The Read object of `account`, without `secret` and `otp`.
    pub fn new(account: &Account) -> Self {
        let d = &account.data;
        let timed = d.otp.kind.is_timed();
        AccountRead {
            id: account.id,
            group_id: d.group_id,
            otp_type: d.otp.kind,
            account: d.account.clone(),
            service: (!d.service.is_empty()).then(|| d.service.clone()),
            icon: d.icon.clone(),
            secret: None,
            digits: d.otp.digits,
            algorithm: d.otp.algorithm,
            period: timed.then_some(d.otp.period),
            counter: (!timed).then_some(d.otp.counter),
            otp: None,
        }
    }

    /// Add the secret, in 2FAuth's padded upper-case base32.
    pub fn with_secret(mut self, account: &Account) -> Self {
        self.secret = Some(padded_base32(account));
        self
    }

    /// Add the embedded `otp` object from a code handed out for this account (ignored for
    /// HOTP, as in 2FAuth).
    pub fn with_otp(mut self, otp: &Otp) -> Self {
        if let (Some(generated_at), Some(next)) = (otp.generated_at, otp.next_password.as_ref()) {
            self.otp = Some(EmbeddedOtp {
                password: SecretText(otp.password.clone()),
                generated_at,
                next_password: SecretText(next.clone()),
            });
        }
        self
    }
}

/// A Group object, as 2FAuth emits it (group 0 is the virtual "All").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRead {
    /// Group id; 0 is the virtual "All" group.
    pub id: i64,
    /// The group's name ("All" for group 0).
    pub name: String,
    /// 2FAuth 8's chip flag: `false` for real groups (otty has no chips), `null` for "All".
    pub show_in_chips: Option<bool>,
    /// Number of accounts in the group.
    pub twofaccounts_count: usize,
}

impl GroupRead {
    /// The Group object of `group` holding `count` accounts.
    pub fn new(group: &Group, count: usize) -> Self {
        GroupRead {
            id: group.id,
            name: group.name.clone(),
            show_in_chips: Some(false),
            twofaccounts_count: count,
        }
    }

    /// 2FAuth's virtual "All" group (id 0) over `count` accounts.
    pub fn all(count: usize) -> Self {
        GroupRead {
            id: 0,
            name: "All".to_owned(),
            show_in_chips: None,
            twofaccounts_count: count,
        }
    }
}

/// An OTP object, in 2FAuth's key order. TOTP and Steam carry `generated_at`, `period` and
/// `next_password`; HOTP carries `counter` (the value now stored, N+1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtpRead {
    /// The code.
    pub password: SecretText,
    /// `totp`, `hotp` or `steamtotp`.
    pub otp_type: OtpKind,
    /// Unix time the code was computed for (timed kinds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated_at: Option<i64>,
    /// Period in seconds (timed kinds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<u32>,
    /// The next period's code (timed kinds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_password: Option<SecretText>,
    /// The counter now stored (HOTP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counter: Option<u64>,
}

impl From<Otp> for OtpRead {
    /// Takes the code's strings as they are (no copy on the request path).
    fn from(otp: Otp) -> Self {
        let timed = otp.kind.is_timed();
        OtpRead {
            password: SecretText(otp.password),
            otp_type: otp.kind,
            generated_at: otp.generated_at.filter(|_| timed),
            period: otp.period.filter(|_| timed),
            next_password: otp.next_password.filter(|_| timed).map(SecretText),
            counter: otp.counter.filter(|_| !timed),
        }
    }
}

/// A personal access token as `otty token list --json` prints it (never the token itself;
/// `token create --json` adds it once, in `token`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRead {
    /// Token id (for `otty token revoke`).
    pub id: i64,
    /// Name given at creation.
    pub name: String,
    /// What it may do: `read`, `write` or `admin`.
    pub scope: String,
    /// The token, only right after creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<SecretText>,
    /// Creation time, unix seconds.
    pub created_at: i64,
    /// Expiry, unix seconds, or `null`.
    pub expires_at: Option<i64>,
    /// Last use, unix seconds, or `null`.
    pub last_used_at: Option<i64>,
    /// Revocation time, unix seconds, or `null`.
    pub revoked_at: Option<i64>,
}

impl From<&otty_core::vault::tokens::TokenInfo> for TokenRead {
    fn from(t: &otty_core::vault::tokens::TokenInfo) -> Self {
        TokenRead {
            id: t.id,
            name: t.name.clone(),
            scope: t.scope.as_str().to_owned(),
            token: None,
            created_at: t.created_at,
            expires_at: t.expires_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use otty_core::{NewAccount, OtpParams, Secret};

    fn account(kind: OtpKind) -> Account {
        let mut otp = OtpParams::totp(Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap());
        otp.kind = kind;
        Account {
            id: 7,
            uuid: "u".into(),
            position: 1,
            created_at: 0,
            updated_at: 0,
            last_used_at: None,
            edit: Default::default(),
            data: NewAccount::new("", "alice", otp),
        }
    }

    #[test]
    fn read_object_keys_and_order() {
        let json = serde_json::to_string(&AccountRead::new(&account(OtpKind::Totp))).unwrap();
        assert_eq!(
            json,
            r#"{"id":7,"group_id":null,"otp_type":"totp","account":"alice","service":null,"icon":null,"digits":6,"algorithm":"sha1","period":30,"counter":null}"#
        );
        let hotp = AccountRead::new(&account(OtpKind::Hotp));
        assert_eq!((hotp.period, hotp.counter), (None, Some(0)));
    }

    #[test]
    fn secret_is_padded_and_redacted_in_debug() {
        let a = account(OtpKind::Totp);
        let read = AccountRead::new(&a).with_secret(&a);
        assert_eq!(read.secret.as_ref().unwrap().expose(), "JBSWY3DPEHPK3PXP");
        let mut short = a.clone();
        short.data.otp.secret = Secret::from_bytes(vec![1; 5 + 1]);
        let s = AccountRead::new(&short).with_secret(&short);
        assert_eq!(s.secret.as_ref().unwrap().expose().len() % 8, 0);
        assert!(!format!("{read:?}").contains("JBSW"));
    }

    #[test]
    fn otp_object_shapes() {
        let a = account(OtpKind::Totp);
        let otp = Otp::timed(&a.data, 1_700_000_000);
        let json = serde_json::to_string(&OtpRead::from(otp)).unwrap();
        let at = |k: &str| json.find(&format!("\"{k}\":")).unwrap();
        let keys = [
            "password",
            "otp_type",
            "generated_at",
            "period",
            "next_password",
        ];
        assert!(keys.windows(2).all(|w| at(w[0]) < at(w[1])), "{json}");
        assert!(!json.contains("counter"));
        let hotp = Otp::hotp(&account(OtpKind::Hotp).data, 3);
        let json = serde_json::to_string(&OtpRead::from(hotp)).unwrap();
        assert!(
            json.ends_with(r#""otp_type":"hotp","counter":3}"#),
            "{json}"
        );
    }
}
