//! Importing many accounts at once ([`Vault::import`]): the groups they name are matched
//! (case-insensitively) or created, and the accounts added, all in ONE immediate transaction.
//!
//! Either everything lands or nothing does: the in-memory state is only updated after the
//! commit, so a failure part-way (disk full, a concurrent writer, a bad name) leaves the vault
//! file and the unlocked view exactly as they were. Duplicate detection is the caller's job
//! (it must report it per entry); this method adds what it is given.

use std::collections::HashMap;

use super::write::Write;
use super::{Vault, accounts, groups, icons};
use crate::account::{Account, Group, NewAccount, check_name};
use crate::error::Result;
use crate::event::VaultEvent;
use crate::import::Icon as ImportIcon;

/// What one [`Vault::import`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// The accounts added, in the order given.
    pub added: Vec<Account>,
    /// The groups that did not exist and were created.
    pub groups_created: Vec<Group>,
    /// Icon images stored with their accounts.
    pub icons_stored: usize,
}

/// One account to import: the account, its group name, and the icon image it came with.
pub type ImportItem = (NewAccount, Option<String>, Option<ImportIcon>);

/// Media types of icons an import stores (the API's upload accepts the same raster types);
/// other images, SVG among them, are left out and the account keeps no icon.
fn icon_extension(mime: &str) -> Option<&'static str> {
    match mime {
        "image/png" => Some("png"),
        "image/jpeg" => Some("jpg"),
        "image/webp" => Some("webp"),
        _ => None,
    }
}

/// A trimmed, checked group name, or none for an empty one.
fn group_name(name: Option<&str>) -> Result<Option<String>> {
    match name.map(str::trim) {
        None | Some("") => Ok(None),
        Some(n) => {
            check_name("group", n)?;
            Ok(Some(n.to_owned()))
        }
    }
}

impl Vault {
    /// Add accounts, each with an optional group name, in one transaction (see the module
    /// documentation). Group names match existing groups case-insensitively; missing ones are
    /// created once. Any account's own `group_id` is replaced by its group name's.
    pub fn import(&self, entries: Vec<(NewAccount, Option<String>)>) -> Result<ImportSummary> {
        self.import_with_progress(entries, &mut |_| {})
    }

    /// [`Vault::import`], calling `progress` with the number of accounts written so far.
    pub fn import_with_progress(
        &self,
        entries: Vec<(NewAccount, Option<String>)>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<ImportSummary> {
        let entries = entries.into_iter().map(|(a, g)| (a, g, None)).collect();
        self.import_with_icons(entries, progress)
    }

    /// [`Vault::import_with_progress`] where entries may bring an icon image: PNG, JPEG and
    /// WebP images are stored sealed in the same transaction and the account's `icon` names
    /// the stored file; any other image is left out and the account gets no icon.
    pub fn import_with_icons(
        &self,
        entries: Vec<ImportItem>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<ImportSummary> {
        let mut list = Vec::with_capacity(entries.len());
        for (mut account, group, icon) in entries {
            account.validate()?;
            let icon = icon.and_then(|i| {
                let ext = icon_extension(&i.mime)?;
                icons::check_icon(ext, &i.mime, &i.bytes).ok()?;
                Some((ext, i))
            });
            if icon.is_none() {
                account.icon = None;
            }
            list.push((account, group_name(group.as_deref())?, icon));
        }
        let summary = self.write(|conn, open, now| {
            // Lower-cased name → group id, existing groups first.
            let mut ids: HashMap<String, i64> = open
                .groups
                .values()
                .map(|g| (g.name.to_lowercase(), g.id))
                .collect();
            let mut w = Write::begin(conn, &open.keys)?;
            let mut next_group = open.next_group_position();
            let first_account = open.next_position();
            let mut groups_created = Vec::new();
            let mut added = Vec::with_capacity(list.len());
            let mut icons_stored = 0;
            for (i, (mut data, group, icon)) in list.into_iter().enumerate() {
                if let Some((ext, icon)) = icon {
                    let name =
                        icons::insert_icon(&mut w, &open.keys, ext, &icon.mime, &icon.bytes)?;
                    data.icon = Some(name);
                    icons_stored += 1;
                }
                data.group_id = match group {
                    None => None,
                    Some(name) => match ids.get(&name.to_lowercase()) {
                        Some(id) => Some(*id),
                        None => {
                            let g = groups::insert(&mut w, open, name, next_group)?;
                            next_group += 1;
                            ids.insert(g.name.to_lowercase(), g.id);
                            let id = g.id;
                            groups_created.push(g);
                            Some(id)
                        }
                    },
                };
                let position = first_account + i as i64;
                added.push(accounts::insert_at(
                    &mut w, &open.keys, data, position, now,
                )?);
                progress(i + 1);
            }
            w.commit(&open.keys)?;
            for g in &groups_created {
                open.groups.insert(g.id, g.clone());
            }
            for a in &added {
                open.accounts.insert(a.id, a.clone());
            }
            Ok(ImportSummary {
                added,
                groups_created,
                icons_stored,
            })
        })?;
        if !summary.groups_created.is_empty() {
            self.emit(VaultEvent::GroupsChanged);
        }
        for a in &summary.added {
            self.emit(VaultEvent::AccountAdded(a.id));
        }
        Ok(summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::{OtpParams, Secret};
    use crate::crypto::KdfParams;

    const CHEAP: KdfParams = KdfParams::CHEAPEST;

    fn acc(service: &str) -> NewAccount {
        NewAccount::new(
            service,
            "me",
            OtpParams::totp(Secret::from_bytes(vec![7; 10])),
        )
    }

    #[test]
    fn groups_are_matched_case_insensitively_or_created_once() {
        let v = Vault::create_in_memory(b"pw", CHEAP).unwrap();
        let work = v.add_group("Work").unwrap();
        v.add(acc("Existing")).unwrap();
        let s = v
            .import(vec![
                (acc("A"), Some("work".into())),
                (acc("B"), Some(" Home ".into())),
                (acc("C"), Some("HOME".into())),
                (acc("D"), Some(String::new())),
            ])
            .unwrap();
        assert_eq!(s.groups_created.len(), 1);
        assert_eq!(s.groups_created[0].name, "Home");
        let home = s.groups_created[0].id;
        let groups: Vec<_> = s.added.iter().map(|a| a.data.group_id).collect();
        assert_eq!(groups, [Some(work.id), Some(home), Some(home), None]);
        let positions: Vec<_> = s.added.iter().map(|a| a.position).collect();
        assert_eq!(
            positions,
            [2, 3, 4, 5],
            "after the existing account, in order"
        );
        assert_eq!(v.accounts().unwrap().len(), 5);
        assert_eq!(v.groups().unwrap().len(), 2);
    }

    #[test]
    fn an_invalid_entry_writes_nothing() {
        let v = Vault::create_in_memory(b"pw", CHEAP).unwrap();
        let bad = NewAccount::new("", "", OtpParams::totp(Secret::from_bytes(vec![1; 10])));
        assert!(
            v.import(vec![(acc("A"), Some("G".into())), (bad, None)])
                .is_err()
        );
        assert!(v.import(vec![(acc("A"), Some("bad\u{7}".into()))]).is_err());
        assert!(v.accounts().unwrap().is_empty());
        assert!(v.groups().unwrap().is_empty());
    }
}
