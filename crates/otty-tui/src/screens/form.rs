//! The add/edit form: text fields, two choice fields (type, algorithm: `←`/`→`), a pasted
//! otpauth URI that fills them (its secret never shown in clear), and validation that points
//! at the field at fault and clears as soon as the field is fixed. A bad entry keeps everything
//! typed, so nothing is lost. Before anything is lost or written by surprise the form asks
//! ([`Confirm`]): `Esc` with typed data, a group that does not exist yet (created on `Enter`),
//! an account identical to one already in the vault. Saving goes to the writer thread; the
//! form holds its keys until the answer. An edit is saved only over the version the form
//! opened on: when the account was saved elsewhere meanwhile the form says so and takes that
//! version under what the user typed (`form/stale.rs`). As a screen (`a`, `e`, or an otpauth
//! URI pasted on the main screen) it is drawn by `form/view.rs`.

mod field;
mod stale;
mod view;

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use tui_input::{Input, InputRequest};
use zeroize::Zeroizing;

use otty_core::account::{Algorithm, NewAccount, OtpKind, OtpParams, STEAM_DIGITS, Secret};
use otty_core::{Account, Error, Group, uri};

use crate::text::input_request;

pub use field::{FIELDS, Field, choices};

/// A question the form asks before going on; `Enter` or `y` says yes, `Esc` goes back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// `Esc` with typed data: discard it?
    Discard,
    /// The group typed does not exist: create it, then save?
    CreateGroup(String),
    /// An identical account (this name) is in the vault: add another?
    Duplicate(String),
    /// The account (this name) was saved elsewhere since the form opened: save the form over
    /// it? (`r` loads its stored values into the form, `Esc` discards what was typed.)
    ChangedElsewhere(String),
}

/// What [`AccountForm::submit`] found.
#[derive(Debug)]
pub enum Submit {
    /// Every field is valid: the account to save.
    Ready(NewAccount),
    /// Every field is valid but the group, which does not exist yet.
    MissingGroup(String),
    /// Messages were recorded against the fields at fault.
    Invalid,
}

/// State of the add/edit form.
pub struct AccountForm {
    /// The account being edited (the version the save must replace), or `None` when adding.
    pub editing: Option<Account>,
    /// One input per field, in [`FIELDS`] order.
    pub inputs: Vec<Input>,
    /// What each field held when it was filled from `editing` (a field that still holds it
    /// was not changed by the user). Never the secret: an edit's secret field starts empty.
    opened: Vec<String>,
    /// Focused field.
    pub focus: usize,
    /// Validation messages by field.
    pub errors: Vec<(Field, String)>,
    /// A note under the URI field ("read: fields filled in").
    pub note: Option<String>,
    /// Submitted: the writer thread is saving it (keys wait for the answer).
    pub saving: bool,
    /// A question waiting for its answer.
    pub confirm: Option<Confirm>,
    /// Something was typed or pasted since the form opened.
    pub changed: bool,
    /// The secret field was typed by hand, so it may show in clear while focused (one that
    /// came from a URI never does).
    pub secret_typed: bool,
    /// The group is being created before the save.
    pub creating_group: bool,
}

impl std::fmt::Debug for AccountForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountForm")
            .field("editing", &self.editing.as_ref().map(|a| a.id))
            .field("focus", &self.focus)
            .field("errors", &self.errors)
            .finish_non_exhaustive()
    }
}

impl Drop for AccountForm {
    fn drop(&mut self) {
        self.wipe_secret();
    }
}

impl AccountForm {
    /// An empty form for a new account, in `group` if given.
    pub fn add(group: Option<&Group>) -> Self {
        let mut f = AccountForm {
            editing: None,
            inputs: vec![Input::default(); FIELDS.len()],
            opened: vec![String::new(); FIELDS.len()],
            focus: 0,
            errors: Vec::new(),
            note: None,
            saving: false,
            confirm: None,
            changed: false,
            secret_typed: false,
            creating_group: false,
        };
        f.set(Field::Kind, "totp");
        f.set(Field::Algorithm, "sha1");
        f.set(Field::Digits, "6");
        f.set(Field::Period, "30");
        f.set(Field::Counter, "0");
        if let Some(g) = group {
            f.set(Field::Group, &g.name);
        }
        f
    }

    /// A form filled from `account`. The secret field starts empty and means "unchanged".
    pub fn edit(account: &Account, groups: &[(Group, usize)]) -> Self {
        let mut f = AccountForm::add(None);
        f.focus = 1;
        f.fill(&account.data, groups, false);
        f.editing = Some(account.clone());
        f.opened = f.values();
        f
    }

    /// Empty the secret field. It holds key material: overwrite what we can reach.
    fn wipe_secret(&mut self) {
        if let Some(i) = self.inputs.get_mut(Field::Secret as usize) {
            let mut s = std::mem::take(i).value_and_reset();
            zeroize::Zeroize::zeroize(&mut s);
        }
    }

    /// The text of every field, in [`FIELDS`] order; never the secret's (left empty).
    fn values(&self) -> Vec<String> {
        FIELDS
            .iter()
            .zip(&self.inputs)
            .map(|(f, i)| match f {
                Field::Secret => String::new(),
                _ => i.value().to_owned(),
            })
            .collect()
    }

    fn fill(&mut self, a: &NewAccount, groups: &[(Group, usize)], with_secret: bool) {
        let p = &a.otp;
        self.set(Field::Service, &a.service);
        self.set(Field::Account, &a.account);
        if with_secret {
            self.set(Field::Secret, &p.secret.to_base32());
        }
        self.set(
            Field::Kind,
            match p.kind {
                OtpKind::Steam => "steam",
                k => k.as_str(),
            },
        );
        self.set(Field::Algorithm, p.algorithm.as_str());
        self.set(Field::Digits, &p.digits.to_string());
        self.set(Field::Period, &p.period.to_string());
        self.set(Field::Counter, &p.counter.to_string());
        let group = a
            .group_id
            .and_then(|id| groups.iter().find(|(g, _)| g.id == id))
            .map(|(g, _)| g.name.clone())
            .unwrap_or_default();
        self.set(Field::Group, &group);
    }

    fn set(&mut self, field: Field, value: &str) {
        self.inputs[field as usize] = Input::new(value.to_owned());
    }

    /// The text of a field.
    pub fn value(&self, field: Field) -> &str {
        self.inputs[field as usize].value()
    }

    /// The focused field.
    pub fn focused(&self) -> Field {
        FIELDS[self.focus]
    }

    /// The message for a field, if it failed validation.
    pub fn error(&self, field: Field) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }

    /// Handle an editing key (not Enter/Esc, which the caller handles).
    pub fn key(&mut self, ev: &KeyEvent, groups: &[(Group, usize)]) {
        let field = self.focused();
        match ev.code {
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1) % FIELDS.len(),
            KeyCode::BackTab | KeyCode::Up => {
                self.focus = (self.focus + FIELDS.len() - 1) % FIELDS.len();
            }
            KeyCode::Left | KeyCode::Right if choices(field).is_some() => {
                let list = choices(field).unwrap_or(&[]);
                let step = if ev.code == KeyCode::Left { -1 } else { 1 };
                let next = field::step_choice(list, self.value(field), step);
                self.set(field, next);
                self.edited(field, groups);
            }
            // A choice field takes no typing.
            _ if choices(field).is_some() => {}
            _ => {
                if let Some(req) = input_request(ev)
                    && self.inputs[self.focus]
                        .handle(req)
                        .is_some_and(|c| c.value)
                {
                    if field == Field::Secret {
                        self.secret_typed = true;
                    }
                    if field == Field::Uri {
                        self.uri_changed(groups);
                    }
                    self.edited(field, groups);
                }
            }
        }
    }

    /// `field` changed: the form has typed data now, and the field's message goes as soon as
    /// the field is right (or is replaced by what is still wrong with it).
    fn edited(&mut self, field: Field, groups: &[(Group, usize)]) {
        self.changed = true;
        if self.error(field).is_none() {
            return;
        }
        let now = self.check(groups).err().unwrap_or_default();
        self.errors.retain(|(f, _)| *f != field);
        self.errors
            .extend(now.into_iter().filter(|(f, _)| *f == field));
    }

    /// Pasted text goes into the focused field (a URI pasted anywhere goes to the URI field).
    pub fn paste_text(&mut self, text: &str, groups: &[(Group, usize)]) {
        let text = text.trim();
        self.changed = true;
        if text.starts_with("otpauth://") || text.starts_with("steam://") {
            self.focus = Field::Uri as usize;
            self.set(Field::Uri, text);
            self.uri_changed(groups);
        } else if choices(self.focused()).is_none() {
            for c in text.chars().filter(|c| !c.is_control()) {
                self.inputs[self.focus].handle(InputRequest::InsertChar(c));
            }
            if self.focused() == Field::Secret {
                // Pasted, not seen while typed: keep it masked.
                self.secret_typed = false;
            }
            self.edited(self.focused(), groups);
        }
    }

    /// When the URI field reads as a valid URI, fill the other fields from it.
    fn uri_changed(&mut self, groups: &[(Group, usize)]) {
        self.errors.retain(|(f, _)| *f != Field::Uri);
        let text = self.value(Field::Uri).trim().to_owned();
        if text.is_empty() {
            self.note = None;
            return;
        }
        match uri::parse(&text) {
            Ok(mut a) => {
                let group = self.value(Field::Group).to_owned();
                a.group_id = None;
                self.fill(&a, groups, true);
                self.secret_typed = false;
                self.set(Field::Group, &group);
                // What the URI filled in replaces what was wrong before.
                self.errors.clear();
                self.note = Some("read: the fields below were filled in".to_owned());
            }
            Err(_) => self.note = None,
        }
    }

    /// Check every field and build the account. On failure every message is recorded and the
    /// first field at fault gets the focus; nothing typed is lost. A group that does not exist
    /// yet is not a failure when it is all that is wrong: the caller offers to create it.
    pub fn submit(&mut self, groups: &[(Group, usize)]) -> Submit {
        match self.check(groups) {
            Ok(account) => {
                self.errors.clear();
                Submit::Ready(account)
            }
            Err(errors) => {
                let group = self.value(Field::Group).trim().to_owned();
                let missing_group_only = errors.iter().all(|(f, _)| *f == Field::Group)
                    && !group.is_empty()
                    && !groups
                        .iter()
                        .any(|(g, _)| g.name.eq_ignore_ascii_case(&group));
                if missing_group_only {
                    self.errors.clear();
                    return Submit::MissingGroup(group);
                }
                self.errors = errors;
                self.focus_first_error();
                Submit::Invalid
            }
        }
    }

    /// Every field checked: the account, or every message by field.
    pub fn check(&self, groups: &[(Group, usize)]) -> Result<NewAccount, Vec<(Field, String)>> {
        let mut errors = Vec::new();
        let uri_text = self.value(Field::Uri).trim().to_owned();
        if !uri_text.is_empty()
            && let Err(e) = uri::parse(&uri_text)
        {
            errors.push((Field::Uri, reason(&e)));
        }
        let mut err = |f: Field, m: String| errors.push((f, m));
        let kind = OtpKind::parse(self.inputs[Field::Kind as usize].value().trim())
            .map_err(|_| err(Field::Kind, "type totp, hotp or steam".into()))
            .ok();
        let algorithm = Algorithm::parse(self.inputs[Field::Algorithm as usize].value().trim())
            .map_err(|_| err(Field::Algorithm, "type sha1, sha256, sha512 or md5".into()))
            .ok();
        let digits = self.inputs[Field::Digits as usize]
            .value()
            .trim()
            .parse::<u8>()
            .map_err(|_| err(Field::Digits, "a number from 5 to 10".into()))
            .ok();
        let period = self.inputs[Field::Period as usize]
            .value()
            .trim()
            .parse::<u32>()
            .map_err(|_| err(Field::Period, "a number of seconds".into()))
            .ok();
        let counter = self.inputs[Field::Counter as usize]
            .value()
            .trim()
            .parse::<u64>()
            .map_err(|_| err(Field::Counter, "a whole number".into()))
            .ok();
        let secret_text = Zeroizing::new(self.inputs[Field::Secret as usize].value().to_owned());
        let secret = match (&self.editing, secret_text.trim().is_empty()) {
            (Some(old), true) => Some(old.data.otp.secret.clone()),
            (None, true) => {
                err(
                    Field::Secret,
                    "the secret is needed (base32, as the site shows it)".into(),
                );
                None
            }
            (_, false) => Secret::from_base32(&secret_text)
                .map_err(|e| err(Field::Secret, strip_field(&reason(&e))))
                .ok(),
        };
        let group_name = self.inputs[Field::Group as usize].value().trim().to_owned();
        let group_id = if group_name.is_empty() {
            Some(None)
        } else {
            match groups
                .iter()
                .find(|(g, _)| g.name.eq_ignore_ascii_case(&group_name))
            {
                Some((g, _)) => Some(Some(g.id)),
                None => {
                    err(
                        Field::Group,
                        format!("no group named {group_name:?} (create it with g)"),
                    );
                    None
                }
            }
        };
        let (
            Some(kind),
            Some(algorithm),
            Some(mut digits),
            Some(period),
            Some(counter),
            Some(secret),
            Some(group_id),
        ) = (kind, algorithm, digits, period, counter, secret, group_id)
        else {
            return Err(errors);
        };
        if kind == OtpKind::Steam {
            digits = STEAM_DIGITS;
        }
        let mut account = match &self.editing {
            Some(old) => old.data.clone(),
            None => NewAccount::new("", "", OtpParams::totp(secret.clone())),
        };
        account.service = self.value(Field::Service).to_owned();
        account.account = self.value(Field::Account).to_owned();
        account.group_id = group_id;
        account.otp = OtpParams {
            kind,
            algorithm,
            digits,
            period,
            counter,
            secret,
        };
        if let Err(e) = account.validate() {
            return Err(vec![(field_of(&e), strip_field(&reason(&e)))]);
        }
        Ok(account)
    }

    /// Record an error from the vault against its field.
    pub fn record(&mut self, e: &Error) {
        self.errors.push((field_of(e), strip_field(&reason(e))));
        self.focus_first_error();
    }

    fn focus_first_error(&mut self) {
        if let Some(i) = FIELDS
            .iter()
            .position(|f| self.errors.iter().any(|(e, _)| e == f))
        {
            self.focus = i;
        }
    }
}

/// The field a vault error is about.
fn field_of(e: &Error) -> Field {
    match e {
        Error::Invalid { field, .. } => Field::from_core(field),
        Error::GroupNotFound(_) => Field::Group,
        _ => Field::Uri,
    }
}

/// The URI as shown: the value of its `secret` parameter masked, one dot per character (so
/// the cursor stays where it is typed).
pub fn masked_uri(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    for (at, _) in lower.match_indices("secret=") {
        if at < rest || !(at == 0 || matches!(lower.as_bytes()[at - 1], b'?' | b'&')) {
            continue;
        }
        let start = at + "secret=".len();
        let end = text[start..].find('&').map_or(text.len(), |i| start + i);
        out.push_str(&text[rest..start]);
        out.extend(text[start..end].chars().map(|_| '•'));
        rest = end;
    }
    out.push_str(&text[rest..]);
    out
}

fn reason(e: &Error) -> String {
    e.to_string()
}

/// "invalid secret: bad character" → "bad character".
fn strip_field(msg: &str) -> String {
    match msg.strip_prefix("invalid ") {
        Some(rest) => rest.split_once(": ").map_or(rest, |(_, r)| r).to_owned(),
        None => msg.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(form: &mut AccountForm, field: Field, text: &str) {
        form.focus = field as usize;
        form.set(field, text);
    }

    #[test]
    fn bad_entries_keep_the_text_and_point_at_the_field() {
        let mut f = AccountForm::add(None);
        typed(&mut f, Field::Service, "ACME");
        typed(&mut f, Field::Secret, "not base32!");
        typed(&mut f, Field::Digits, "12");
        assert!(matches!(f.submit(&[]), Submit::Invalid));
        assert!(f.error(Field::Secret).is_some());
        assert_eq!(f.focused(), Field::Secret);
        assert_eq!(f.value(Field::Service), "ACME", "nothing lost");
        typed(&mut f, Field::Secret, "JBSWY3DPEHPK3PXP");
        assert!(matches!(f.submit(&[]), Submit::Invalid));
        assert_eq!(f.focused(), Field::Digits);
        typed(&mut f, Field::Digits, "8");
        let Submit::Ready(a) = f.submit(&[]) else {
            panic!("valid")
        };
        assert_eq!((a.service.as_str(), a.otp.digits), ("ACME", 8));
    }

    #[test]
    fn a_pasted_uri_fills_the_fields() {
        let mut f = AccountForm::add(None);
        f.paste_text(
            "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&period=60&digits=8",
            &[],
        );
        assert_eq!(f.value(Field::Service), "ACME");
        assert_eq!(f.value(Field::Period), "60");
        let Submit::Ready(a) = f.submit(&[]) else {
            panic!("valid")
        };
        assert_eq!((a.otp.period, a.otp.digits), (60, 8));
    }

    #[test]
    fn the_uri_shows_no_secret() {
        assert_eq!(
            masked_uri("otpauth://totp/A:b?secret=JBSW&issuer=A"),
            "otpauth://totp/A:b?••••&issuer=A".replace("?", "?secret=")
        );
        assert_eq!(masked_uri("otpauth://totp/x?SECRET=AB"), "otpauth://totp/x?SECRET=••");
        assert_eq!(masked_uri("otpauth://totp/mysecret=x"), "otpauth://totp/mysecret=x");
    }
}
