//! Preparing an export, shared by `otty export` and the TUI's export screen (as
//! `import::plan` is for imports): every readable account, each with its group's name and its
//! icon, written in the chosen format and, when a passphrase is given, sealed at the vault's own
//! KDF cost. The faces keep their prompts, progress and messages, and write the bytes where
//! they belong (a new 0600 file, see [`super::file`], or standard output).

use std::collections::HashMap;

use zeroize::Zeroizing;

use super::{ExportEntry, ExportError, ExportFormat, export};
use crate::account::Account;
use crate::import::Icon;
use crate::vault::Vault;

/// An export ready to be written.
pub struct Prepared {
    /// The file's content: every secret, sealed or not. Wiped on drop.
    pub bytes: Zeroizing<Vec<u8>>,
    /// How many accounts it holds.
    pub accounts: usize,
    /// The accounts the format cannot hold, left out ([`ExportFormat::cannot_hold`]).
    pub skipped: Vec<LeftOut>,
}

/// An account an export left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The account's id in the vault.
    pub id: i64,
    /// Its name for messages ([`Account::label`]).
    pub label: String,
    /// Why the format cannot hold it (never a secret).
    pub reason: String,
}

/// Why an export could not be prepared. Never holds a secret. Not `non_exhaustive`: a face
/// that maps these to its own errors should be told when a cause is added.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The accounts or groups could not be read (the vault is locked, for one).
    #[error("cannot read the vault: {0}")]
    Vault(crate::Error),
    /// The format writer refused (a passphrase for a format that cannot be encrypted, an
    /// empty passphrase) or failed.
    #[error(transparent)]
    Export(#[from] ExportError),
}

/// Export every readable account of `vault` to `format`, sealed with `passphrase` when one is
/// given: the otty format derives its key with the vault's own Argon2id parameters
/// ([`Vault::kdf_params`]), so the file is no cheaper to attack than the vault.
pub fn prepare(
    vault: &Vault,
    format: ExportFormat,
    passphrase: Option<&[u8]>,
) -> Result<Prepared, PlanError> {
    let accounts = vault.accounts().map_err(PlanError::Vault)?;
    let groups: HashMap<i64, String> = vault
        .groups()
        .map_err(PlanError::Vault)?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    let icons = icons_of(vault, &accounts);
    let entries = entries(&accounts, &groups, &icons);
    let bytes = export(format, &entries, passphrase, vault.kdf_params())?;
    let skipped: Vec<LeftOut> = accounts
        .iter()
        .filter_map(|a| {
            format.cannot_hold(&a.data).map(|reason| LeftOut {
                id: a.id,
                label: a.label(),
                reason: reason.to_owned(),
            })
        })
        .collect();
    Ok(Prepared {
        bytes,
        accounts: accounts.len() - skipped.len(),
        skipped,
    })
}

/// The icon images the vault holds for `accounts`, by file name. An icon that cannot be read
/// (missing or failing its check) is left out.
fn icons_of(vault: &Vault, accounts: &[Account]) -> HashMap<String, Icon> {
    accounts
        .iter()
        .filter_map(|a| a.data.icon.as_deref())
        .filter_map(|name| {
            let stored = vault.icon(name).ok().flatten()?;
            Some((
                name.to_owned(),
                Icon {
                    name: name.to_owned(),
                    bytes: stored.bytes,
                    mime: stored.mime,
                },
            ))
        })
        .collect()
}

/// The accounts as export entries, each with its group's name from `groups` (group id →
/// name) and its icon image from `icons`.
fn entries<'a>(
    accounts: &'a [Account],
    groups: &'a HashMap<i64, String>,
    icons: &'a HashMap<String, Icon>,
) -> Vec<ExportEntry<'a>> {
    accounts
        .iter()
        .map(|a| ExportEntry {
            account: &a.data,
            group: a
                .data
                .group_id
                .and_then(|id| groups.get(&id))
                .map(String::as_str),
            icon: a.data.icon.as_deref().and_then(|name| icons.get(name)),
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::account::{NewAccount, OtpParams, Secret};
    use crate::crypto::KdfParams;

    /// Cheap, and with an iteration count the default never has, so a sealed export shows
    /// whose parameters it used.
    const VAULT_KDF: KdfParams = KdfParams {
        memory_kib: KdfParams::MIN_MEMORY_KIB,
        iterations: 2,
        parallelism: 1,
    };
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\nnot really an image";

    /// A vault with `Work/GitHub alice` (with an icon) and `ACME bob` (no group, no icon).
    fn vault() -> Vault {
        let v = Vault::create_in_memory(b"pw", VAULT_KDF).unwrap();
        let work = v.add_group("Work").unwrap();
        let icon = v.add_icon("png", "image/png", PNG).unwrap();
        let mut github = NewAccount::new(
            "GitHub",
            "alice",
            OtpParams::totp(Secret::from_bytes(vec![1; 20])),
        );
        github.group_id = Some(work.id);
        github.icon = Some(icon);
        v.add(github).unwrap();
        v.add(NewAccount::new(
            "ACME",
            "bob",
            OtpParams::totp(Secret::from_bytes(vec![2; 20])),
        ))
        .unwrap();
        v
    }

    #[test]
    fn every_format_holds_every_account_with_its_group_and_icon() {
        let v = vault();
        // (format, passphrase, the format keeps groups, the format keeps icons)
        let cases: [(ExportFormat, Option<&[u8]>, bool, bool); 7] = [
            (ExportFormat::Otty, None, true, true),
            (ExportFormat::Otty, Some(b"horse"), true, true),
            (ExportFormat::Aegis, None, true, true),
            (ExportFormat::TwoFauth, None, false, true),
            (ExportFormat::OtpauthLines, None, false, false),
            (ExportFormat::TwoFas, None, true, false),
            (ExportFormat::Bitwarden, None, true, false),
        ];
        for (format, pass, groups, icons) in cases {
            let p = prepare(&v, format, pass).unwrap();
            assert_eq!((p.accounts, p.skipped.len()), (2, 0), "{format}");
            let batch = crate::import::import(&p.bytes, pass).unwrap();
            let names: Vec<_> = batch
                .entries
                .iter()
                .map(|e| {
                    let a = e.account.as_ref().unwrap();
                    (a.service.as_str(), a.account.as_str())
                })
                .collect();
            assert_eq!(names, [("GitHub", "alice"), ("ACME", "bob")], "{format}");
            let first = &batch.entries[0];
            let want_group = groups.then_some("Work");
            assert_eq!(first.group.as_deref(), want_group, "{format}");
            let icon = first.icon.as_ref().map(|i| i.bytes.as_slice());
            assert_eq!(icon, icons.then_some(PNG), "{format}");
            assert!(batch.entries[1].group.is_none() && batch.entries[1].icon.is_none());
        }
    }

    #[test]
    fn accounts_a_format_cannot_hold_are_left_out_and_named() {
        let v = vault();
        let mut hotp = OtpParams::totp(Secret::from_bytes(vec![3; 20]));
        hotp.kind = crate::account::OtpKind::Hotp;
        let id = v.add(NewAccount::new("Bank", "carol", hotp)).unwrap().id;
        let p = prepare(&v, ExportFormat::Bitwarden, None).unwrap();
        assert_eq!(p.accounts, 2);
        assert_eq!(
            p.skipped,
            [LeftOut {
                id,
                label: "Bank carol".into(),
                reason: "Bitwarden generates no HOTP codes".into(),
            }]
        );
        let batch = crate::import::import(&p.bytes, None).unwrap();
        assert_eq!(batch.entries.len(), 2);
        let all = prepare(&v, ExportFormat::TwoFas, None).unwrap();
        assert_eq!((all.accounts, all.skipped.len()), (3, 0));
    }

    #[test]
    fn a_sealed_otty_export_uses_the_vault_kdf() {
        let p = prepare(&vault(), ExportFormat::Otty, Some(b"horse")).unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&p.bytes).unwrap();
        let enc = &doc["encryption"];
        assert_eq!(enc["iterations"], VAULT_KDF.iterations);
        assert_eq!(enc["memory_kib"], VAULT_KDF.memory_kib);
        assert!(doc["accounts"].is_null(), "no account in clear");
    }

    #[test]
    fn refusals_name_their_cause() {
        let v = vault();
        let refused = [
            (ExportFormat::TwoFauth, Some(&b"x"[..])),
            (ExportFormat::OtpauthLines, Some(&b"x"[..])),
            (ExportFormat::Otty, Some(&b""[..])),
        ];
        for (format, pass) in refused {
            assert!(
                matches!(prepare(&v, format, pass), Err(PlanError::Export(_))),
                "{format}"
            );
        }
        v.lock();
        let Err(e) = prepare(&v, ExportFormat::Otty, None) else {
            panic!("a locked vault exported");
        };
        assert!(matches!(e, PlanError::Vault(_)));
        assert!(e.to_string().starts_with("cannot read the vault: "), "{e}");
    }
}
