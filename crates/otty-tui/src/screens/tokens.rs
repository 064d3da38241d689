//! The tokens screen (`T`): the API's personal access tokens, listed with their
//! scope and dates, created with a name, an optional expiry and a scope (admin unless the user
//! picks another), and revoked after a confirmation.
//!
//! A new token is shown once, in the [`Stage::Created`] view, with a key that copies it; leaving
//! that view drops (and zeroes) the only copy. The token is never cut: on a narrow terminal it
//! is broken across lines, and on a short one the view starts on it and scrolls (`↑`/`↓`).
//!
//! The list is re-read on
//! [`VaultEvent::TokensChanged`](otty_core::VaultEvent::TokensChanged) and on every tick while
//! the screen is open, so `last_used_at` written by the server and revocations made by another
//! process show up within a second. Drawn by `tokens/draw.rs`.

mod draw;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use tui_input::Input;
use zeroize::Zeroizing;

use crate::keys::Command;
use crate::scroll::Scroll;
use crate::screen::{Ctx, Hint, Host, Look, Outcome, Screen};
use crate::text::{input_request, insert};
use crate::write::{VaultWrite, WriteDone};
use otty_core::Vault;
use otty_core::vault::tokens::{Scope, TokenInfo};

/// The fields of the create form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewField {
    /// The token's name.
    Name,
    /// Days until it expires; empty for never.
    Days,
    /// What it may do (not a text field: Space and ←→ change it).
    Scope,
}

/// The create form.
pub struct NewToken {
    /// The token's name, unique among live tokens.
    pub name: Input,
    /// Expiry in days (digits), empty for never.
    pub days: Input,
    /// The scope the token will have: what it may do.
    pub scope: Scope,
    /// The focused field.
    pub focus: NewField,
}

/// A token just created: the only time its text is on screen.
pub struct Created {
    /// Its details.
    pub info: TokenInfo,
    /// The token itself.
    pub token: Zeroizing<String>,
    /// Where the view is scrolled on a short terminal (it starts on the token).
    pub scroll: Scroll,
}

/// What the screen shows.
pub enum Stage {
    /// The list of tokens.
    List,
    /// The create form.
    New(NewToken),
    /// "Revoke this token?" (id, name).
    Revoke(i64, String),
    /// The token just created.
    Created(Box<Created>),
}

/// The tokens screen's state.
pub struct TokensScreen {
    /// Every token, revoked and expired ones included.
    pub tokens: Vec<TokenInfo>,
    /// Index of the selected row.
    pub selected: usize,
    /// What is shown.
    pub stage: Stage,
    /// The last failure.
    pub error: Option<String>,
    /// A create or revoke asked of the writer thread and not answered yet (keys wait).
    pub pending: bool,
}

impl TokensScreen {
    /// The text field with the focus, if the create form is up.
    pub fn focused_field(&mut self) -> Option<&mut Input> {
        match &mut self.stage {
            Stage::New(f) => Some(match f.focus {
                NewField::Name => &mut f.name,
                NewField::Days => &mut f.days,
                NewField::Scope => return None,
            }),
            _ => None,
        }
    }

    /// The selected token.
    pub fn selected_token(&self) -> Option<&TokenInfo> {
        self.tokens.get(self.selected)
    }

    /// Re-read the tokens; `true` when something changed.
    fn load(&mut self, vault: &Vault) -> bool {
        match vault.tokens() {
            Ok(list) if list == self.tokens => false,
            Ok(list) => {
                self.tokens = list;
                self.selected = self.selected.min(self.tokens.len().saturating_sub(1));
                true
            }
            Err(e) => {
                self.error = Some(format!("cannot read the tokens: {e}"));
                true
            }
        }
    }
}

/// The keys of each stage, for the footer and the screen's hint line.
pub fn keys(s: &TokensScreen) -> &'static [(&'static str, &'static str)] {
    match s.stage {
        Stage::List => &[
            ("c", "create"),
            ("r", "revoke"),
            ("↑↓", "select"),
            ("Esc", "close"),
        ],
        Stage::New(NewToken {
            focus: NewField::Scope,
            ..
        }) => &[
            ("Space/←→", "scope"),
            ("Tab", "field"),
            ("Enter", "create"),
            ("Esc", "cancel"),
        ],
        Stage::New(_) => &[("Tab", "field"), ("Enter", "create"), ("Esc", "cancel")],
        Stage::Revoke(..) => &[("y", "revoke"), ("any other key", "keep")],
        Stage::Created(_) => &[("c", "copy"), ("Esc", "done (the token is gone)")],
    }
}

impl Screen for TokensScreen {
    /// `T`: open the screen.
    fn open(_cmd: Command, ctx: &mut Ctx) -> Option<TokensScreen> {
        let mut s = TokensScreen {
            tokens: Vec::new(),
            selected: 0,
            stage: Stage::List,
            error: None,
            pending: false,
        };
        if let Some(v) = ctx.vault {
            s.load(v);
        }
        Some(s)
    }

    fn keys(&mut self, ev: &KeyEvent, ctx: &mut Ctx) -> Outcome {
        key(self, ev, ctx)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, look: &Look) {
        draw::tokens(look, self, frame, area);
    }

    fn hints(&self) -> &'static [Hint] {
        keys(self)
    }

    /// A path or a name pasted into the focused field.
    fn paste(&mut self, text: &str, _ctx: &mut Ctx) {
        if let Some(field) = self.focused_field() {
            insert(field, text);
        }
    }

    /// Re-read the tokens (tokens changed, or a tick).
    fn refresh(&mut self, ctx: &mut Ctx) -> bool {
        ctx.vault.is_some_and(|v| self.load(v))
    }

    /// A create or revoke finished: show the new token once, or why not.
    fn written(&mut self, done: &WriteDone, ctx: &mut Ctx) -> Option<Outcome> {
        if !self.pending {
            return None;
        }
        match done {
            WriteDone::TokenCreated(Ok(new)) => {
                self.error = None;
                self.refresh(ctx);
                if let Some(i) = self.tokens.iter().position(|t| t.id == new.info.id) {
                    self.selected = i;
                }
                self.stage = Stage::Created(Box::new(Created {
                    info: new.info.clone(),
                    token: new.token.clone(),
                    scroll: Scroll::default(),
                }));
            }
            WriteDone::TokenCreated(Err(e)) => self.error = Some(e.to_string()),
            WriteDone::TokenRevoked { name, result } => {
                match result {
                    Ok(()) => ctx.toast(revoked(name)),
                    Err(e) => self.error = Some(format!("cannot revoke {name}: {e}")),
                }
                self.refresh(ctx);
            }
            _ => return None,
        }
        self.pending = false;
        Some(Outcome::Stay)
    }
}

/// The toast after a token is revoked.
pub fn revoked(name: &str) -> String {
    format!("Revoked token {name}: this server refuses it at once, others within a second")
}

/// Re-read the tokens if the screen is open, now rather than at the next tick.
pub fn reload(app: &mut impl Host) {
    app.refresh_screen();
}

/// A key while the screen is open.
fn key(s: &mut TokensScreen, ev: &KeyEvent, ctx: &mut Ctx) -> Outcome {
    if ctx.vault.is_none() {
        return Outcome::Close;
    }
    if s.pending {
        // The writer thread has it; `written` takes the answer.
        return Outcome::Stay;
    }
    let stage = std::mem::replace(&mut s.stage, Stage::List);
    s.stage = match stage {
        Stage::List => {
            s.error = None;
            // `None`: the list closes the screen.
            match list_key(s, ev) {
                Some(stage) => stage,
                None => return Outcome::Close,
            }
        }
        Stage::New(form) => new_key(ctx, s, form, ev),
        Stage::Revoke(id, name) => {
            if matches!(ev.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                ctx.write(VaultWrite::RevokeToken { id, name });
                s.pending = true;
            }
            Stage::List
        }
        Stage::Created(mut c) => match ev.code {
            KeyCode::Char('c') | KeyCode::Char('y') => {
                ctx.copy("the token", c.token.clone());
                Stage::Created(c)
            }
            KeyCode::Down | KeyCode::Up | KeyCode::Char('j') | KeyCode::Char('k') => {
                c.scroll
                    .row(matches!(ev.code, KeyCode::Down | KeyCode::Char('j')));
                Stage::Created(c)
            }
            KeyCode::PageDown | KeyCode::PageUp => {
                c.scroll.page(ev.code == KeyCode::PageDown);
                Stage::Created(c)
            }
            KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') => Stage::List,
            _ => Stage::Created(c),
        },
    };
    Outcome::Stay
}

/// Keys of the list; `None` closes the screen.
fn list_key(s: &mut TokensScreen, ev: &KeyEvent) -> Option<Stage> {
    let n = s.tokens.len();
    match ev.code {
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('T') => return None,
        KeyCode::Up | KeyCode::Char('k') => s.selected = s.selected.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => {
            s.selected = (s.selected + 1).min(n.saturating_sub(1));
        }
        KeyCode::Home => s.selected = 0,
        KeyCode::End => s.selected = n.saturating_sub(1),
        KeyCode::Char('c') | KeyCode::Char('a') | KeyCode::Char('n') => {
            return Some(Stage::New(NewToken {
                name: Input::default(),
                days: Input::default(),
                scope: Scope::Admin,
                focus: NewField::Name,
            }));
        }
        KeyCode::Char('r') | KeyCode::Char('d') | KeyCode::Delete => match s.selected_token() {
            Some(t) if t.revoked_at.is_some() => {
                s.error = Some(format!("{} is already revoked", t.name));
            }
            Some(t) => return Some(Stage::Revoke(t.id, t.name.clone())),
            None => {}
        },
        _ => {}
    }
    Some(Stage::List)
}

/// Keys of the create form.
fn new_key(ctx: &mut Ctx, s: &mut TokensScreen, mut form: NewToken, ev: &KeyEvent) -> Stage {
    match ev.code {
        KeyCode::Esc => {
            s.error = None;
            return Stage::List;
        }
        KeyCode::Tab | KeyCode::Down => {
            form.focus = match form.focus {
                NewField::Name => NewField::Days,
                NewField::Days => NewField::Scope,
                NewField::Scope => NewField::Name,
            };
        }
        KeyCode::BackTab | KeyCode::Up => {
            form.focus = match form.focus {
                NewField::Name => NewField::Scope,
                NewField::Days => NewField::Name,
                NewField::Scope => NewField::Days,
            };
        }
        KeyCode::Char(' ') | KeyCode::Right if form.focus == NewField::Scope => {
            form.scope = form.scope.next();
        }
        KeyCode::Left if form.focus == NewField::Scope => {
            form.scope = form.scope.previous();
        }
        KeyCode::Enter => match create(&form) {
            // The writer thread creates it; `written` shows it.
            Ok(write) => {
                ctx.write(write);
                s.pending = true;
            }
            Err(e) => s.error = Some(e),
        },
        _ => {
            if let Some(req) = input_request(ev) {
                s.error = None;
                match form.focus {
                    NewField::Name => form.name.handle(req),
                    NewField::Days => form.days.handle(req),
                    NewField::Scope => None,
                };
            }
        }
    }
    Stage::New(form)
}

/// The write that creates the token the form describes, or what is wrong with it.
fn create(form: &NewToken) -> Result<VaultWrite, String> {
    let days = form.days.value().trim();
    let days = if days.is_empty() {
        None
    } else {
        Some(
            days.parse::<u32>()
                .map_err(|_| "Expires: a number of days, or empty for never".to_owned())?,
        )
    };
    Ok(VaultWrite::CreateToken {
        name: form.name.value().to_owned(),
        days,
        scope: form.scope,
    })
}
