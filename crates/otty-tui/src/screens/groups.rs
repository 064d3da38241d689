//! The groups screen (`g`): create, rename, delete and reorder groups, or jump to a group's
//! tab. Its writes go to the writer thread; while one is pending the screen holds its keys,
//! and the answer selects the group, or shows why not with the typed name kept.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use tui_input::Input;

use super::delete::is_yes;
use super::move_to::pick_line;
use crate::keys::Command;
use crate::screen::{Ctx, Hint, Look, Outcome, Screen};
use crate::text::{input_request, insert};
use crate::ui::window::window;
use crate::write::{VaultWrite, WriteDone};

/// What the name field of the groups screen is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameEdit {
    /// A new group.
    New,
    /// Renaming this group.
    Rename(i64),
}

/// A write of this screen waiting for the writer thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    /// Creating or renaming.
    Name,
    /// Deleting the selected group.
    Remove,
    /// Moving the selected group to this index.
    Reorder(usize),
}

/// The groups screen.
#[derive(Debug, Default)]
pub struct GroupsPane {
    /// Selected group (index into the list's groups).
    pub selected: usize,
    /// The name being typed, and what for.
    pub editing: Option<(NameEdit, Input)>,
    /// Waiting for `y` to delete the selected group.
    pub confirm_delete: bool,
    /// The last failure.
    pub error: Option<String>,
    /// A write asked for and not answered yet.
    pub pending: Option<Pending>,
}

impl GroupsPane {
    fn name_key(&mut self, ev: &KeyEvent, ctx: &mut Ctx) {
        let Some((what, mut input)) = self.editing.take() else {
            return;
        };
        match ev.code {
            KeyCode::Esc => return,
            KeyCode::Enter => {
                let id = match what {
                    NameEdit::New => None,
                    NameEdit::Rename(id) => Some(id),
                };
                let name = input.value().to_owned();
                ctx.write(VaultWrite::NameGroup { id, name });
                self.pending = Some(Pending::Name);
            }
            _ => {
                if let Some(req) = input_request(ev) {
                    input.handle(req);
                }
            }
        }
        self.editing = Some((what, input));
    }
}

impl Screen for GroupsPane {
    /// `g`: open on the first group.
    fn open(_cmd: Command, _ctx: &mut Ctx) -> Option<GroupsPane> {
        Some(GroupsPane::default())
    }

    fn keys(&mut self, ev: &KeyEvent, ctx: &mut Ctx) -> Outcome {
        if ctx.vault.is_none() {
            return Outcome::Close;
        }
        if self.pending.is_some() {
            // The writer thread has it; `written` below takes the answer.
            return Outcome::Stay;
        }
        let count = ctx.groups.len();
        if self.editing.is_some() {
            self.name_key(ev, ctx);
            return Outcome::Stay;
        }
        if self.confirm_delete {
            self.confirm_delete = false;
            if is_yes(ev)
                && let Some((group, _)) = ctx.groups.get(self.selected)
            {
                let (id, name) = (group.id, group.name.clone());
                ctx.write(VaultWrite::RemoveGroup { id, name });
                self.pending = Some(Pending::Remove);
            }
            return Outcome::Stay;
        }
        self.error = None;
        match ev.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('g') => return Outcome::Close,
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => {
                self.selected = (self.selected + 1).min(count.saturating_sub(1));
            }
            KeyCode::Char('a') | KeyCode::Char('n') => {
                self.editing = Some((NameEdit::New, Input::default()));
            }
            KeyCode::Char('r') | KeyCode::Char('e') => {
                if let Some((group, _)) = ctx.groups.get(self.selected) {
                    self.editing = Some((NameEdit::Rename(group.id), Input::new(group.name.clone())));
                }
            }
            KeyCode::Char('d') | KeyCode::Delete if count > 0 => self.confirm_delete = true,
            KeyCode::Char('K') | KeyCode::Char('J') if count > 1 => {
                let other = if ev.code == KeyCode::Char('K') {
                    self.selected.checked_sub(1)
                } else {
                    Some(self.selected + 1).filter(|i| *i < count)
                };
                if let Some(o) = other {
                    let mut ids: Vec<i64> = ctx.groups.iter().map(|(x, _)| x.id).collect();
                    ids.swap(self.selected, o);
                    ctx.write(VaultWrite::ReorderGroups { ids });
                    self.pending = Some(Pending::Reorder(o));
                }
            }
            // Jump to the group's tab.
            KeyCode::Enter => return Outcome::ShowTab(self.selected + 1),
            _ => {}
        }
        Outcome::Stay
    }

    fn draw(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let t = look.theme;
        let mut lines = Vec::new();
        if look.groups.is_empty() {
            lines.push(Line::styled(" No groups yet.", t.dim));
        }
        for (i, (group, n)) in look.groups.iter().enumerate() {
            let text = match &self.editing {
                Some((NameEdit::Rename(id), input)) if *id == group.id => {
                    format!("{}▏ ({n})", input.value())
                }
                _ => format!("{} ({n})", group.name),
            };
            lines.push(pick_line(i == self.selected, text, t));
        }
        if let Some((NameEdit::New, input)) = &self.editing {
            lines.push(Line::from(vec![
                Span::styled("   New group: ", t.key),
                Span::raw(format!("{}▏", input.value())),
            ]));
        }
        if let Some(e) = &self.error {
            lines.push(Line::styled(format!(" ✗ {e}"), t.error));
        }
        lines.push(Line::raw(""));
        let hint = if self.editing.is_some() {
            " Enter save · Esc cancel"
        } else if self.confirm_delete {
            " Delete this group? y yes · any other key no (accounts stay, in no group)"
        } else {
            " a new · r rename · d delete · J/K move · Enter show · Esc close"
        };
        let st = if self.confirm_delete { t.error } else { t.dim };
        lines.push(Line::styled(hint, st));
        window(frame, area, "Groups", lines, 40);
    }

    fn hints(&self) -> &'static [Hint] {
        if self.editing.is_some() {
            &[("Enter", "save"), ("Esc", "cancel")]
        } else {
            &[
                ("a", "new"),
                ("r", "rename"),
                ("d", "delete"),
                ("J/K", "move"),
                ("Enter", "show"),
                ("Esc", "close"),
            ]
        }
    }

    /// A group's name pasted into the name field.
    fn paste(&mut self, text: &str, _ctx: &mut Ctx) {
        if let Some((_, input)) = &mut self.editing {
            insert(input, text);
        }
    }

    fn written(&mut self, done: &WriteDone, ctx: &mut Ctx) -> Option<Outcome> {
        let pending = self.pending?;
        match (pending, done) {
            (Pending::Name, WriteDone::GroupNamed(result)) => match result {
                Ok(group) => {
                    self.editing = None;
                    self.error = None;
                    if let Some(i) = ctx.groups.iter().position(|(x, _)| x.id == group.id) {
                        self.selected = i;
                    }
                }
                Err(e) => self.error = Some(e.to_string()),
            },
            (Pending::Remove, WriteDone::GroupRemoved { name, result }) => match result {
                Ok(()) => {
                    ctx.toast(format!("Deleted group {name}; its accounts stay, in no group"));
                    self.selected = self.selected.min(ctx.groups.len().saturating_sub(1));
                }
                Err(e) => self.error = Some(e.to_string()),
            },
            (Pending::Reorder(o), WriteDone::GroupsReordered(result)) => match result {
                Ok(()) => self.selected = o,
                Err(e) => self.error = Some(e.to_string()),
            },
            _ => return None,
        }
        self.pending = None;
        Some(Outcome::Stay)
    }
}
