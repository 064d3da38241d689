//! The add/edit form as a screen: its keys (held while the writer saves), the answer of the
//! save, and its drawing: one line per field, its message under it when it failed.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{AccountForm, FIELDS, Field};
use crate::keys::Command;
use crate::screen::{Ctx, Hint, Look, Outcome, Screen};
use crate::ui::window::centered;
use crate::write::{VaultWrite, WriteDone};

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
        match ev.code {
            KeyCode::Esc => return Outcome::Close,
            KeyCode::Enter => {
                // A failed check keeps the form open, with its messages and everything typed.
                let Some(data) = self.submit(ctx.groups) else {
                    return Outcome::Stay;
                };
                if ctx.vault.is_none() {
                    return Outcome::Close;
                }
                // The counter field only wins when the user changed it; otherwise the stored
                // counter is kept (the API or the CLI may have advanced it meanwhile).
                let set_counter = self
                    .editing
                    .as_ref()
                    .is_some_and(|old| old.data.otp.counter != data.otp.counter);
                ctx.write(VaultWrite::Save {
                    editing: self.editing.as_ref().map(|old| old.id),
                    set_counter,
                    data,
                });
                self.saving = true;
            }
            _ => self.key(ev, ctx.groups),
        }
        Outcome::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, look: &Look) {
        form(look, self, frame, area);
    }

    fn hints(&self) -> &'static [Hint] {
        &[
            ("Tab/↑↓", "field"),
            ("Enter", "save"),
            ("Esc", "cancel"),
            ("Ctrl-u", "clear field"),
        ]
    }

    /// An otpauth URI fills the form; other text goes into the focused field.
    fn paste(&mut self, text: &str, ctx: &mut Ctx) {
        self.paste_text(text, ctx.groups);
    }

    /// The save finished: close, or mark the fields at fault and keep everything typed.
    fn written(&mut self, done: &WriteDone, _ctx: &mut Ctx) -> Option<Outcome> {
        let WriteDone::Saved { result, .. } = done else {
            return None;
        };
        if !self.saving {
            return None;
        }
        self.saving = false;
        match result {
            Ok(_) => Some(Outcome::Close),
            Err(e) => {
                self.record(e);
                Some(Outcome::Stay)
            }
        }
    }
}

fn hint(field: Field) -> &'static str {
    match field {
        Field::Uri => "paste otpauth://… to fill the rest",
        Field::Kind => "totp · hotp · steam",
        Field::Algorithm => "sha1 · sha256 · sha512 · md5",
        Field::Group => "empty: no group",
        _ => "",
    }
}

/// Draw the form.
fn form(look: &Look, f: &AccountForm, frame: &mut Frame, area: Rect) {
    let t = look.theme;
    let label_w = 13usize;
    let mut lines = Vec::new();
    let mut cursor = None;
    for (i, field) in FIELDS.iter().enumerate() {
        let focused = i == f.focus;
        let mut value = f.value(*field).to_owned();
        if *field == Field::Secret && !focused && !value.is_empty() {
            value = "•".repeat(value.chars().count().min(32));
        }
        if *field == Field::Secret && value.is_empty() && f.editing.is_some() {
            value = String::new();
        }
        let label_style = if focused { t.key } else { t.dim };
        let mut spans = vec![
            Span::styled(format!(" {:>label_w$} ", field.label()), label_style),
            Span::raw(value.clone()),
        ];
        if value.is_empty() {
            let h = if *field == Field::Secret && f.editing.is_some() {
                "unchanged (type to replace)"
            } else {
                hint(*field)
            };
            spans.push(Span::styled(h, t.dim));
        }
        if focused {
            let x = label_w + 2 + f.inputs[i].visual_cursor();
            cursor = Some((x as u16, lines.len() as u16));
        }
        lines.push(Line::from(spans));
        if let Some(msg) = f.error(*field) {
            lines.push(Line::styled(format!(" {:>label_w$} ✗ {msg}", ""), t.error));
        } else if *field == Field::Uri
            && let Some(note) = &f.note
        {
            lines.push(Line::styled(format!(" {:>label_w$} ✓ {note}", ""), t.ok));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " Tab/↑↓ field · Enter save · Esc cancel · paste works anywhere",
        t.dim,
    ));
    let title = if f.editing.is_some() {
        " Edit account "
    } else {
        " Add account "
    };
    let r = centered(area, 90, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        r,
    );
    if let Some((x, y)) = cursor {
        let p = Position::new(r.x + 1 + x, r.y + 1 + y);
        if r.contains(p) {
            frame.set_cursor_position(p);
        }
    }
}
