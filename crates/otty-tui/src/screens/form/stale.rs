//! An edit form whose account was saved elsewhere (another otty process, the API) since it
//! opened. The save was refused by the core (`Error::AccountChanged`, nothing written); the
//! form then edits the version stored now: the fields the user did not change take its
//! values, the ones the user changed keep what was typed, and the fields the form does not
//! show (notes, icon, backup codes…) are its own. So saving afterwards changes only what the
//! user typed, and nothing another process wrote goes back silently. `r` loads every stored
//! value instead.

use tui_input::Input;

use otty_core::{Account, Group};

use super::{AccountForm, FIELDS, Field};

impl AccountForm {
    /// Whether the user changed `field` since it was filled from the account edited.
    fn typed_in(&self, i: usize) -> bool {
        match FIELDS[i] {
            // Empty means "unchanged" (an edit never shows the secret); the URI starts empty.
            Field::Secret | Field::Uri => !self.inputs[i].value().is_empty(),
            _ => self.opened.get(i).is_none_or(|v| v != self.inputs[i].value()),
        }
    }

    /// Edit `stored` (the account as saved elsewhere since the form opened) from now on,
    /// keeping what the user typed and taking its values everywhere else.
    pub fn rebase(&mut self, stored: Account, groups: &[(Group, usize)]) {
        let typed: Vec<Option<Input>> = (0..FIELDS.len())
            .map(|i| self.typed_in(i).then(|| std::mem::take(&mut self.inputs[i])))
            .collect();
        self.fill(&stored.data, groups, false);
        self.opened = self.values();
        for (i, input) in typed.into_iter().enumerate() {
            if let Some(input) = input {
                self.inputs[i] = input;
            }
        }
        self.editing = Some(stored);
    }

    /// `r`: every field from the account edited, as if the form had just opened on it (what
    /// was typed is dropped, the secret wiped).
    pub fn reload(&mut self, groups: &[(Group, usize)]) {
        let Some(account) = self.editing.take() else {
            return;
        };
        self.wipe_secret();
        self.inputs[Field::Uri as usize] = Input::default();
        self.fill(&account.data, groups, false);
        self.opened = self.values();
        self.editing = Some(account);
        self.errors.clear();
        self.note = None;
        self.changed = false;
        self.secret_typed = false;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use otty_core::account::{NewAccount, OtpParams, Secret};

    use super::*;

    fn account(service: &str, name: &str, notes: &str) -> Account {
        let mut data = NewAccount::new(
            service,
            name,
            OtpParams::totp(Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap()),
        );
        data.notes = notes.to_owned();
        Account {
            id: 1,
            uuid: String::new(),
            position: 1,
            created_at: 0,
            updated_at: 0,
            last_used_at: None,
            edit: Default::default(),
            data,
        }
    }

    fn typed(form: &mut AccountForm, field: Field, text: &str) {
        form.inputs[field as usize] = Input::new(text.to_owned());
    }

    #[test]
    fn a_rebase_keeps_what_was_typed_and_takes_the_rest_from_the_stored_version() {
        let mut f = AccountForm::edit(&account("GitHub", "alice", ""), &[]);
        typed(&mut f, Field::Service, "GitHub Enterprise");
        typed(&mut f, Field::Digits, "8");
        f.rebase(account("GitHub", "alice-cli", "from cli"), &[]);
        assert_eq!(f.value(Field::Service), "GitHub Enterprise");
        assert_eq!(f.value(Field::Digits), "8");
        assert_eq!(f.value(Field::Account), "alice-cli", "not typed: the stored value");
        assert_eq!(f.value(Field::Secret), "", "still unchanged");
        let Ok(saved) = f.check(&[]) else {
            panic!("valid")
        };
        assert_eq!(
            (saved.service.as_str(), saved.account.as_str(), saved.notes.as_str()),
            ("GitHub Enterprise", "alice-cli", "from cli")
        );
        // Typed before the rebase is still typed after it.
        f.rebase(account("GitHub", "bob", "again"), &[]);
        assert_eq!(f.value(Field::Service), "GitHub Enterprise");
        assert_eq!(f.value(Field::Account), "bob");
    }

    #[test]
    fn reload_drops_what_was_typed() {
        let mut f = AccountForm::edit(&account("GitHub", "alice", ""), &[]);
        typed(&mut f, Field::Service, "Typed");
        typed(&mut f, Field::Secret, "KRSXG5CTMVRXEZLU");
        f.changed = true;
        f.rebase(account("GitHub", "alice-cli", "from cli"), &[]);
        f.reload(&[]);
        assert_eq!(f.value(Field::Service), "GitHub");
        assert_eq!(f.value(Field::Account), "alice-cli");
        assert_eq!(f.value(Field::Secret), "");
        assert!(!f.changed);
    }
}
