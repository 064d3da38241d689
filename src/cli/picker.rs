//! The one-line fuzzy picker of `otty code` without a QUERY: type to narrow (the TUI's
//! nucleo filter, best match first), Up/Down or Tab/Shift-Tab to move among the matches, Enter
//! to take the one shown, Esc or Ctrl-C to cancel (exit 1, nothing spent). It draws one line
//! on standard error and erases it when done, so standard output holds only the code.

use std::io::{self, IsTerminal, Write};

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::terminal;
use unicode_width::UnicodeWidthChar;

use super::error::{Context, Error, Result};
use crate::agent::Backend;
use crate::core::Account;
use crate::tui::filter::Filter;

/// Whether a picker can open: standard input and standard error are terminals.
pub fn available() -> bool {
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// Raw mode for as long as it lives.
struct Raw;

impl Raw {
    fn on() -> Result<Raw> {
        terminal::enable_raw_mode().map_err(|e| Error::io("cannot use the terminal", e))?;
        Ok(Raw)
    }
}

impl Drop for Raw {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// The picker's state: the typed text, the matches in order, the one shown.
struct Picker {
    accounts: Vec<Account>,
    labels: Vec<String>,
    filter: Filter,
    query: String,
    matches: Vec<usize>,
    shown: usize,
}

impl Picker {
    fn new(accounts: Vec<Account>) -> Self {
        let labels = accounts.iter().map(Account::label).collect();
        let mut p = Picker {
            accounts,
            labels,
            filter: Filter::default(),
            query: String::new(),
            matches: Vec::new(),
            shown: 0,
        };
        p.refilter();
        p
    }

    fn refilter(&mut self) {
        self.filter.input = std::mem::take(&mut self.filter.input).with_value(self.query.clone());
        self.filter.reparse();
        let mut scored: Vec<(u32, usize)> = (0..self.labels.len())
            .filter_map(|i| {
                if self.filter.is_active() {
                    self.filter.score(&self.labels[i]).map(|s| (s, i))
                } else {
                    Some((0, i))
                }
            })
            .collect();
        // Best first; among equals, the list's order (pinned first).
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        self.matches = scored.into_iter().map(|(_, i)| i).collect();
        self.shown = 0;
    }

    fn step(&mut self, forward: bool) {
        let n = self.matches.len();
        if n > 0 {
            self.shown = if forward {
                (self.shown + 1) % n
            } else {
                (self.shown + n - 1) % n
            };
        }
    }

    /// The line drawn, cut to `width` columns.
    fn line(&self, width: usize) -> String {
        let choice = match self.matches.get(self.shown) {
            Some(&i) => format!(
                "{}  ({}/{})",
                self.labels[i],
                self.shown + 1,
                self.matches.len()
            ),
            None => "no match".to_owned(),
        };
        let text = format!("code> {}  → {choice}", self.query);
        let mut used = 0;
        text.chars()
            .take_while(|c| {
                used += c.width().unwrap_or(0);
                used < width
            })
            .collect()
    }
}

fn draw(err: &mut impl Write, p: &Picker) {
    let width = terminal::size().map_or(80, |(w, _)| usize::from(w));
    let _ = write!(err, "\r\x1b[2K{}", p.line(width));
    let _ = err.flush();
}

/// Let the user choose an account.
pub fn pick(vault: &dyn Backend) -> Result<Account> {
    let mut accounts = vault
        .accounts()
        .context(|| "cannot list the accounts".to_owned())?;
    accounts.sort_by_key(|a| !a.data.favorite);
    if accounts.is_empty() {
        return Err(Error::usage(
            "the vault holds no account yet; add one with `otty add`",
        ));
    }
    let mut p = Picker::new(accounts);
    let mut err = io::stderr();
    let raw = Raw::on()?;
    let chosen = loop {
        draw(&mut err, &p);
        let ev = event::read().map_err(|e| Error::io("cannot read the terminal", e))?;
        let Event::Key(KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press | KeyEventKind::Repeat,
            ..
        }) = ev
        else {
            continue;
        };
        let ctrl = modifiers.contains(KeyModifiers::CONTROL);
        match code {
            KeyCode::Esc => break None,
            KeyCode::Char('c' | 'd') if ctrl => break None,
            KeyCode::Char('u') if ctrl => {
                p.query.clear();
                p.refilter();
            }
            KeyCode::Char('n') if ctrl => p.step(true),
            KeyCode::Char('p') if ctrl => p.step(false),
            KeyCode::Enter => {
                if let Some(&i) = p.matches.get(p.shown) {
                    break Some(i);
                }
            }
            KeyCode::Down | KeyCode::Tab => p.step(true),
            KeyCode::Up | KeyCode::BackTab => p.step(false),
            KeyCode::Backspace => {
                p.query.pop();
                p.refilter();
            }
            KeyCode::Char(c) if !ctrl => {
                p.query.push(c);
                p.refilter();
            }
            _ => {}
        }
    };
    let _ = write!(err, "\r\x1b[2K");
    let _ = err.flush();
    drop(raw);
    match chosen {
        Some(i) => Ok(p.accounts.swap_remove(i)),
        None => Err(Error::Cancelled),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::core::{NewAccount, OtpParams, Secret};

    fn account(id: i64, service: &str, name: &str) -> Account {
        Account {
            id,
            uuid: String::new(),
            position: id,
            created_at: 0,
            updated_at: 0,
            last_used_at: None,
            edit: Default::default(),
            data: NewAccount::new(
                service,
                name,
                OtpParams::totp(Secret::from_bytes(vec![1; 10])),
            ),
        }
    }

    #[test]
    fn typing_narrows_and_the_best_match_is_shown() {
        let mut p = Picker::new(vec![
            account(1, "GitHub", "alice"),
            account(2, "GitLab", "bob"),
            account(3, "Proton", "carol"),
        ]);
        assert_eq!(p.matches.len(), 3);
        // Fuzzy: "gitl" is in "GitHub alice" too, but GitLab is the better match.
        p.query = "gitl".into();
        p.refilter();
        assert_eq!(p.matches, vec![1, 0]);
        assert!(p.line(80).contains("GitLab bob  (1/2)"), "{}", p.line(80));
        p.query = "gitlab".into();
        p.refilter();
        assert_eq!(p.matches, vec![1]);
        p.query = "zzz".into();
        p.refilter();
        assert!(p.line(80).contains("no match"));
        p.query = "git".into();
        p.refilter();
        p.step(true);
        p.step(true);
        assert_eq!(p.shown, 0, "moving wraps around");
        assert!(p.line(12).chars().count() < 12);
    }
}
