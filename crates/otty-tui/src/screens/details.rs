//! `i`: an account's details (type, algorithm, digits, period or counter, group, notes,
//! created, last used), from where its secret or its otpauth URI can be copied, each after a
//! confirm. The screen holds no secret: a copy reads the account from the vault when it is
//! confirmed, and the clipboard is cleared later as codes are.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use zeroize::Zeroizing;

use otty_core::clock::iso8601;
use otty_core::{Account, OtpKind, uri};

use super::delete::{YES_NO, is_yes};
use crate::keys::Command;
use crate::screen::{Ctx, Hint, Look, Outcome, Screen};
use crate::ui::window::window;

/// What may be copied from the details.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copyable {
    /// The secret, in base32.
    Secret,
    /// The otpauth:// URI (it holds the secret).
    Uri,
}

impl Copyable {
    fn name(self) -> &'static str {
        match self {
            Copyable::Secret => "secret",
            Copyable::Uri => "otpauth URI",
        }
    }
}

/// The details of one account, and the copy waiting for its confirm.
#[derive(Debug)]
pub struct Details {
    /// The account shown.
    pub id: i64,
    /// Its name.
    pub title: String,
    /// Label and value of each line, nothing secret.
    pub rows: Vec<(&'static str, String)>,
    /// Its notes.
    pub notes: String,
    /// A copy asked for and not confirmed yet.
    pub asking: Option<Copyable>,
}

fn date(t: i64) -> String {
    let s = iso8601(t);
    // `2023-11-14T22:13:10Z` → `2023-11-14 22:13`
    s.get(..16).map_or(s.clone(), |d| d.replace('T', " "))
}

impl Details {
    /// The details of `a`, in `group` (its name) if any.
    pub fn of(a: &Account, group: Option<&str>) -> Details {
        let p = &a.data.otp;
        let mut rows = vec![
            ("Service", a.data.service.clone()),
            ("Account", a.data.account.clone()),
            ("Type", p.kind.as_str().to_owned()),
            ("Algorithm", p.algorithm.as_str().to_owned()),
            ("Digits", p.digits.to_string()),
        ];
        match p.kind {
            OtpKind::Hotp => rows.push(("Counter", format!("{} (the next code's)", p.counter))),
            _ => rows.push(("Period", format!("{} s", p.period))),
        }
        rows.extend([
            ("Group", group.unwrap_or("none").to_owned()),
            ("Pinned", if a.data.favorite { "yes" } else { "no" }.to_owned()),
            ("Created", date(a.created_at)),
            ("Last used", a.last_used_at.map_or("never".to_owned(), date)),
        ]);
        Details {
            id: a.id,
            title: a.title(),
            rows,
            notes: a.data.notes.clone(),
            asking: None,
        }
    }

    /// Copy what was confirmed, read from the vault now.
    fn copy(&self, what: Copyable, ctx: &mut Ctx) {
        let Some(vault) = ctx.vault else { return };
        match vault.account(self.id) {
            Ok(a) => {
                let text: Zeroizing<String> = match what {
                    Copyable::Secret => a.data.otp.secret.to_base32(),
                    Copyable::Uri => Zeroizing::new(uri::format(&a.data)),
                };
                ctx.copy(format!("the {} of {}", what.name(), self.title), text);
            }
            Err(e) => ctx.toast_error(format!("Cannot read {}: {e}", self.title)),
        }
    }
}

impl Screen for Details {
    /// `i`: the selected account.
    fn open(_cmd: Command, ctx: &mut Ctx) -> Option<Details> {
        let a = ctx.selected?;
        let group = a
            .data
            .group_id
            .and_then(|id| ctx.groups.iter().find(|(g, _)| g.id == id))
            .map(|(g, _)| g.name.as_str());
        Some(Details::of(a, group))
    }

    /// `c` and `u` ask to copy the secret or the URI, `y` confirms; other keys close (or go
    /// back from a question).
    fn keys(&mut self, ev: &KeyEvent, ctx: &mut Ctx) -> Outcome {
        if let Some(what) = self.asking.take() {
            if is_yes(ev) {
                self.copy(what, ctx);
            }
            return Outcome::Stay;
        }
        match ev.code {
            KeyCode::Char('c') => self.asking = Some(Copyable::Secret),
            KeyCode::Char('u') => self.asking = Some(Copyable::Uri),
            _ => return Outcome::Close,
        }
        Outcome::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let t = look.theme;
        let mut lines: Vec<Line> = self
            .rows
            .iter()
            .map(|(label, value)| {
                Line::from(vec![
                    Span::styled(format!(" {label:>10} "), t.dim),
                    Span::raw(value.clone()),
                ])
            })
            .collect();
        let notes = if self.notes.is_empty() {
            vec!["none"]
        } else {
            self.notes.lines().collect()
        };
        for (i, line) in notes.into_iter().enumerate() {
            let label = if i == 0 { "Notes" } else { "" };
            lines.push(Line::from(vec![
                Span::styled(format!(" {label:>10} "), t.dim),
                Span::raw(line.to_owned()),
            ]));
        }
        lines.push(Line::raw(""));
        match self.asking {
            Some(what) => {
                lines.push(Line::styled(
                    format!(
                        " Copy the {} to the clipboard? Anyone who gets it can make the codes.",
                        what.name()
                    ),
                    t.error,
                ));
                lines.push(Line::from(vec![
                    Span::styled(" y", t.key),
                    Span::raw(" copy   "),
                    Span::styled("any other key", t.key),
                    Span::raw(" back"),
                ]));
            }
            None => lines.push(Line::from(vec![
                Span::styled(" c", t.key),
                Span::raw(" copy the secret   "),
                Span::styled("u", t.key),
                Span::raw(" copy the otpauth URI   "),
                Span::styled("any other key", t.key),
                Span::raw(" close"),
            ])),
        }
        window(frame, area, &self.title, lines, 50);
    }

    fn hints(&self) -> &'static [Hint] {
        match self.asking {
            Some(_) => YES_NO,
            None => &[("c", "copy secret"), ("u", "copy URI"), ("any other key", "close")],
        }
    }
}
