//! The add/edit form as a screen: its keys (held while the writer saves), its questions
//! ([`Confirm`]), the answers of the writes it asks for, and its drawing: one line per field,
//! its message under it when it failed (wrapped, never cut), scrolled so the focused field is
//! in view.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use otty_core::{Error, NewAccount};

use super::{AccountForm, Confirm, FIELDS, Field, Submit, choices, masked_uri};
use crate::keys::Command;
use crate::screen::{Ctx, Hint, Look, Outcome, Screen};
use crate::ui::fit;
use crate::ui::window::{Focus, window_at};
use crate::write::{VaultWrite, WriteDone};

/// Width of the field labels.
const LABEL_W: usize = 13;

impl Screen for AccountForm {
    /// `a`: an empty form in the current tab's group; `e`: the selected account.
    fn open(cmd: Command, ctx: &mut Ctx) -> Option<AccountForm> {
        if cmd == Command::Edit {
            return ctx.selected.map(|a| AccountForm::edit(a, ctx.groups));
        }
        let group = ctx
            .tab_group
            .and_then(|id| ctx.groups.iter().find(|(g, _)| g.id == id))
            .map(|(g, _)| g);
        Some(AccountForm::add(group))
    }

    fn keys(&mut self, ev: &KeyEvent, ctx: &mut Ctx) -> Outcome {
        if self.saving {
            // The writer thread has it; `written` below closes the form or marks its fields.
            return Outcome::Stay;
        }
        if let Some(question) = self.confirm.take() {
            return self.answer(question, ev, ctx);
        }
        match ev.code {
            KeyCode::Esc if self.changed => self.confirm = Some(Confirm::Discard),
            KeyCode::Esc => return Outcome::Close,
            KeyCode::Enter => return self.enter(ctx),
            _ => self.key(ev, ctx.groups),
        }
        Outcome::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, look: &Look) {
        form(look, self, frame, area);
    }

    fn hints(&self) -> &'static [Hint] {
        match self.confirm {
            Some(Confirm::ChangedElsewhere(_)) => {
                return &[
                    ("Enter/y", "save over it"),
                    ("r", "load stored values"),
                    ("Esc", "discard"),
                    ("other keys", "back"),
                ];
            }
            Some(_) => return &[("Enter/y", "yes"), ("other keys", "back")],
            None => {}
        }
        &[
            ("Tab/↑↓", "field"),
            ("←→", "choose"),
            ("Enter", "save"),
            ("Esc", "cancel"),
            ("Ctrl-u", "clear field"),
        ]
    }

    /// An otpauth URI fills the form; other text goes into the focused field.
    fn paste(&mut self, text: &str, ctx: &mut Ctx) {
        if !self.saving && self.confirm.is_none() {
            self.paste_text(text, ctx.groups);
        }
    }

    /// The save (or the group created before it) finished: close, go on with the save, or
    /// mark the fields at fault and keep everything typed.
    fn written(&mut self, done: &WriteDone, ctx: &mut Ctx) -> Option<Outcome> {
        match done {
            WriteDone::GroupNamed(result) if self.creating_group => {
                self.creating_group = false;
                self.saving = false;
                match result {
                    Ok(_) => {
                        // The app re-read the groups: the one typed exists now.
                        let outcome = self.enter(ctx);
                        Some(outcome)
                    }
                    Err(e) => {
                        self.record(e);
                        Some(Outcome::Stay)
                    }
                }
            }
            WriteDone::Saved { result, .. } if self.saving => {
                self.saving = false;
                match result {
                    Ok(_) => Some(Outcome::Close),
                    // Nothing was written: edit the stored version (the core left it in the
                    // snapshot) under what was typed, and ask.
                    Err(Error::AccountChanged { id }) => {
                        match ctx.vault.map(|v| v.account(*id)) {
                            Some(Ok(stored)) => {
                                let name = stored.title();
                                self.rebase(stored, ctx.groups);
                                self.confirm = Some(Confirm::ChangedElsewhere(name));
                            }
                            Some(Err(e)) => self.record(&e),
                            None => self.record(&Error::Locked),
                        }
                        Some(Outcome::Stay)
                    }
                    Err(e) => {
                        self.record(e);
                        Some(Outcome::Stay)
                    }
                }
            }
            _ => None,
        }
    }
}

impl AccountForm {
    /// A key while `question` is asked: `Enter`/`y` says yes; for an account changed
    /// elsewhere `Esc` discards what was typed and `r` loads the stored values; any other key
    /// goes back to the form.
    fn answer(&mut self, question: Confirm, ev: &KeyEvent, ctx: &mut Ctx) -> Outcome {
        match (&question, ev.code) {
            (_, KeyCode::Enter | KeyCode::Char('y')) => self.confirmed(question, ctx),
            (Confirm::ChangedElsewhere(_), KeyCode::Esc) => Outcome::Close,
            (Confirm::ChangedElsewhere(_), KeyCode::Char('r')) => {
                self.reload(ctx.groups);
                Outcome::Stay
            }
            _ => Outcome::Stay,
        }
    }

    /// `Enter`: check, then ask about a missing group or a duplicate, else save.
    fn enter(&mut self, ctx: &mut Ctx) -> Outcome {
        match self.submit(ctx.groups) {
            // A failed check keeps the form open, with its messages and everything typed.
            Submit::Invalid => Outcome::Stay,
            Submit::MissingGroup(name) => {
                self.confirm = Some(Confirm::CreateGroup(name));
                Outcome::Stay
            }
            Submit::Ready(data) => {
                if let Some(name) = self.duplicate_of(&data, ctx) {
                    self.confirm = Some(Confirm::Duplicate(name));
                    return Outcome::Stay;
                }
                self.save(data, ctx)
            }
        }
    }

    /// Adding: the name of an account already in the vault that `data` duplicates.
    fn duplicate_of(&self, data: &NewAccount, ctx: &Ctx) -> Option<String> {
        if self.editing.is_some() {
            return None;
        }
        let accounts = ctx.vault?.accounts().ok()?;
        accounts
            .iter()
            .find(|a| a.data.duplicates(data))
            .map(|a| a.title())
    }

    /// The user said yes to `question`.
    fn confirmed(&mut self, question: Confirm, ctx: &mut Ctx) -> Outcome {
        match question {
            Confirm::Discard => Outcome::Close,
            Confirm::CreateGroup(name) => {
                if ctx.vault.is_none() {
                    return Outcome::Stay;
                }
                ctx.write(VaultWrite::NameGroup { id: None, name });
                self.creating_group = true;
                self.saving = true;
                Outcome::Stay
            }
            Confirm::Duplicate(_) => match self.submit(ctx.groups) {
                Submit::Ready(data) => self.save(data, ctx),
                _ => Outcome::Stay,
            },
            // The form edits the stored version now: saving goes over it.
            Confirm::ChangedElsewhere(_) => self.enter(ctx),
        }
    }

    /// Hand the account to the writer thread.
    fn save(&mut self, data: NewAccount, ctx: &mut Ctx) -> Outcome {
        if ctx.vault.is_none() {
            return Outcome::Close;
        }
        // The counter field only wins when the user changed it; otherwise the stored counter
        // is kept (the API or the CLI may have advanced it meanwhile).
        let set_counter = self
            .editing
            .as_ref()
            .is_some_and(|old| old.data.otp.counter != data.otp.counter);
        ctx.write(VaultWrite::Save {
            editing: self.editing.as_ref().map(|old| (old.id, old.edit.stamp)),
            set_counter,
            data,
        });
        self.saving = true;
        Outcome::Stay
    }
}

fn hint(field: Field) -> &'static str {
    match field {
        Field::Uri => "paste otpauth://… to fill the rest",
        Field::Group => "empty: no group",
        _ => "",
    }
}

/// What a field shows: secrets masked, long values scrolled (focused) or ended in `…`.
fn shown_value(f: &AccountForm, i: usize, field: Field, room: usize) -> (String, usize) {
    let focused = i == f.focus;
    let input = &f.inputs[i];
    let value = input.value();
    let value = match field {
        Field::Secret if !focused || !f.secret_typed => "•".repeat(value.chars().count()),
        Field::Uri => masked_uri(value),
        _ => value.to_owned(),
    };
    if !focused {
        return (fit::ellipsize(&value, room), 0);
    }
    let scroll = input.visual_scroll(room.max(1));
    let shown: String = value.chars().skip(scroll).collect();
    let shown = fit::ellipsize(&shown, room);
    (shown, input.visual_cursor().saturating_sub(scroll))
}

/// Draw the form.
fn form(look: &Look, f: &AccountForm, frame: &mut Frame, area: Rect) {
    let t = look.theme;
    // The window is 90 wide or the terminal's width; lines keep one column inside the border.
    let max = usize::from(area.width.min(90)).saturating_sub(3);
    let room = max.saturating_sub(LABEL_W + 3);
    let mut lines = Vec::new();
    let mut focus_line = 0;
    let mut focus_end = 0;
    let mut cursor = None;
    for (i, field) in FIELDS.iter().enumerate() {
        let focused = i == f.focus;
        let label_style = if focused { t.key } else { t.dim };
        let label = fit::ellipsize(field.label(), LABEL_W);
        let mut spans = vec![Span::styled(format!(" {label:>LABEL_W$} "), label_style)];
        if let Some(list) = choices(*field) {
            let value = f.value(*field);
            let text = if focused {
                format!("‹ {value} ›  ({})", list.join(" · "))
            } else {
                value.to_owned()
            };
            spans.push(Span::raw(fit::ellipsize(&text, room)));
        } else {
            let (value, col) = shown_value(f, i, *field, room);
            if focused {
                cursor = Some((lines.len(), LABEL_W + 2 + col));
            }
            let empty = value.is_empty();
            spans.push(Span::raw(value));
            if empty {
                let h = if *field == Field::Secret && f.editing.is_some() {
                    "unchanged (type to replace)"
                } else {
                    hint(*field)
                };
                spans.push(Span::styled(fit::ellipsize(h, room), t.dim));
            }
        }
        if focused {
            focus_line = lines.len();
        }
        lines.push(Line::from(spans));
        if focused {
            // Its message too, right below it.
            focus_end = lines.len();
        }
        let indent = " ".repeat(LABEL_W + 2);
        if let Some(msg) = f.error(*field) {
            lines.push(Line::styled(format!("{indent}✗ {msg}"), t.error));
        } else if *field == Field::Uri
            && let Some(note) = &f.note
        {
            lines.push(Line::styled(format!("{indent}✓ {note}"), t.ok));
        }
    }
    lines.push(Line::raw(""));
    match &f.confirm {
        Some(q) => {
            let text = match q {
                Confirm::Discard => "Discard what was typed? Enter/y discards, any other key goes back."
                    .to_owned(),
                Confirm::CreateGroup(name) => format!(
                    "There is no group {name:?}. Enter/y creates it and saves, any other key goes back."
                ),
                Confirm::Duplicate(name) => format!(
                    "{name} is already in the vault with the same secret and settings. Enter/y adds it again, any other key goes back."
                ),
                Confirm::ChangedElsewhere(name) => format!(
                    "{name} was changed elsewhere since this form opened; nothing was saved. The fields you did not change now show its stored values. Enter/y saves the form over it, r loads every stored value, Esc discards your changes, any other key goes back."
                ),
            };
            focus_line = lines.len();
            focus_end = focus_line;
            cursor = None;
            lines.push(Line::styled(format!(" {text}"), t.error));
        }
        None => lines.push(Line::styled(
            " Tab/↑↓ field · ←→ choose · Enter save · Esc cancel · paste works anywhere",
            t.dim,
        )),
    }
    let title = if f.editing.is_some() {
        "Edit account"
    } else {
        "Add account"
    };
    let placed = window_at(frame, area, title, lines, 90, Focus::KeepLines(focus_line, focus_end));
    if let Some((line, col)) = cursor
        && let Some(p) = placed
            .starts
            .get(line)
            .and_then(|row| placed.position(*row, u16::try_from(col).unwrap_or(u16::MAX)))
    {
        frame.set_cursor_position(p);
    }
}
