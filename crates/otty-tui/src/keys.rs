//! The keymap: every command is a named field with its default keys and a help text, and the
//! help overlay and the footer are generated from the same table ([`KeyMap::main`]).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key, with the modifiers that matter (Ctrl, Alt; Shift is part of the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl and Alt.
    pub mods: KeyModifiers,
}

impl Key {
    /// A plain key.
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            mods: KeyModifiers::NONE,
        }
    }
    /// A character key.
    pub const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }
    /// Ctrl + a character.
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }

    /// Whether a terminal key event is this key.
    pub fn matches(&self, ev: &KeyEvent) -> bool {
        let mods = ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        ev.code == self.code && mods == self.mods
    }

    /// How the key is written in help and footer: `Enter`, `↑`, `Ctrl-c`, `J`.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::Up => "↑".to_owned(),
            KeyCode::Down => "↓".to_owned(),
            KeyCode::Left => "←".to_owned(),
            KeyCode::Right => "→".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::BackTab => "S-Tab".to_owned(),
            KeyCode::Home => "Home".to_owned(),
            KeyCode::End => "End".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::Delete => "Del".to_owned(),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }
}

/// The keys of one command and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// Keys that trigger it; the first is shown in the footer.
    pub keys: Vec<Key>,
    /// Short word for the footer.
    pub short: &'static str,
    /// Sentence for the help overlay.
    pub help: &'static str,
}

impl Binding {
    fn new(keys: &[Key], short: &'static str, help: &'static str) -> Binding {
        Binding {
            keys: keys.to_vec(),
            short,
            help,
        }
    }
    /// Whether `ev` triggers this binding.
    pub fn matches(&self, ev: &KeyEvent) -> bool {
        self.keys.iter().any(|k| k.matches(ev))
    }
    /// All keys, as `↑/k`.
    pub fn label(&self) -> String {
        self.keys
            .iter()
            .map(Key::label)
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// A main-screen command, named so `update` can dispatch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Select the previous row.
    Up,
    /// Select the next row.
    Down,
    /// First row.
    Top,
    /// Last row.
    Bottom,
    /// A page up.
    PageUp,
    /// A page down.
    PageDown,
    /// Next group tab.
    NextGroup,
    /// Previous group tab.
    PrevGroup,
    /// Copy the selected code.
    Copy,
    /// Copy the next code.
    CopyNext,
    /// Start the filter.
    Filter,
    /// Clear the filter.
    ClearFilter,
    /// Add an account.
    Add,
    /// Edit the selected account.
    Edit,
    /// Delete the selected account.
    Delete,
    /// Move the selected account to a group.
    MoveToGroup,
    /// Manage groups.
    Groups,
    /// Import accounts from a file.
    Import,
    /// Export accounts to a file.
    Export,
    /// Show the QR code.
    Qr,
    /// Reveal the secret.
    Reveal,
    /// The account's OTP log: who got codes through the API.
    OtpLog,
    /// HOTP: hand out the next code.
    HotpNext,
    /// Pin or unpin as favourite.
    Favorite,
    /// Move the row up in the user's order.
    MoveUp,
    /// Move the row down.
    MoveDown,
    /// Start or stop the API server.
    Server,
    /// Personal access tokens.
    Tokens,
    /// Cycle the sort order.
    Sort,
    /// The account's details.
    Details,
    /// Help overlay.
    Help,
    /// Lock now.
    Lock,
    /// Quit otty.
    Quit,
}

/// Every key binding, as named fields with defaults; help and footer are generated from it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)] // each field is documented by its `help` text
pub struct KeyMap {
    pub up: Binding,
    pub down: Binding,
    pub top: Binding,
    pub bottom: Binding,
    pub page_up: Binding,
    pub page_down: Binding,
    pub next_group: Binding,
    pub prev_group: Binding,
    pub copy: Binding,
    pub copy_next: Binding,
    pub filter: Binding,
    pub clear_filter: Binding,
    pub add: Binding,
    pub edit: Binding,
    pub delete: Binding,
    pub move_to_group: Binding,
    pub groups: Binding,
    pub import: Binding,
    pub export: Binding,
    pub qr: Binding,
    pub reveal: Binding,
    pub otp_log: Binding,
    pub hotp_next: Binding,
    pub favorite: Binding,
    pub move_up: Binding,
    pub move_down: Binding,
    pub server: Binding,
    pub tokens: Binding,
    pub sort: Binding,
    pub details: Binding,
    pub help: Binding,
    pub lock: Binding,
    pub quit: Binding,
}

impl Default for KeyMap {
    fn default() -> Self {
        use KeyCode::*;
        let b = Binding::new;
        KeyMap {
            up: b(
                &[Key::plain(Up), Key::ch('k')],
                "up",
                "Select the previous account",
            ),
            down: b(
                &[Key::plain(Down), Key::ch('j')],
                "down",
                "Select the next account",
            ),
            top: b(&[Key::plain(Home)], "top", "First account"),
            bottom: b(&[Key::plain(End), Key::ch('G')], "bottom", "Last account"),
            page_up: b(
                &[Key::plain(PageUp), Key::ctrl('u')],
                "page up",
                "One page up",
            ),
            page_down: b(
                &[Key::plain(PageDown), Key::ctrl('d')],
                "page down",
                "One page down",
            ),
            next_group: b(
                &[Key::plain(Tab), Key::plain(Right), Key::ch('l')],
                "group",
                "Next group tab",
            ),
            prev_group: b(
                &[Key::plain(BackTab), Key::plain(Left), Key::ch('h')],
                "prev group",
                "Previous group tab",
            ),
            copy: b(&[Key::plain(Enter), Key::ch('y')], "copy", "Copy the code"),
            copy_next: b(&[Key::ch('n')], "copy next", "Copy the next code"),
            filter: b(
                &[Key::ch('/')],
                "filter",
                "Fuzzy filter (Enter keeps, Esc clears)",
            ),
            clear_filter: b(&[Key::plain(Esc)], "clear", "Clear the filter"),
            add: b(
                &[Key::ch('a')],
                "add",
                "Add an account (form or otpauth URI)",
            ),
            edit: b(&[Key::ch('e')], "edit", "Edit the account"),
            delete: b(
                &[Key::ch('d'), Key::plain(Delete)],
                "delete",
                "Delete the account",
            ),
            move_to_group: b(&[Key::ch('m')], "move", "Move the account to a group"),
            groups: b(
                &[Key::ch('g')],
                "groups",
                "Create, rename and delete groups",
            ),
            import: b(
                &[Key::ch('I')],
                "import",
                "Import accounts from another app's file",
            ),
            export: b(&[Key::ch('X')], "export", "Export accounts to a file"),
            qr: b(&[Key::ch('Q')], "QR", "Show the account as a QR code"),
            reveal: b(&[Key::ch('s')], "secret", "Reveal the secret (asks first)"),
            otp_log: b(
                &[Key::ch('o')],
                "log",
                "Codes of the account handed out through the API",
            ),
            hotp_next: b(&[Key::ch('+')], "next", "HOTP: hand out the next code"),
            favorite: b(
                &[Key::ch('f'), Key::ch('*')],
                "pin",
                "Pin or unpin as favourite",
            ),
            move_up: b(&[Key::ch('K')], "move up", "Move the account up"),
            move_down: b(&[Key::ch('J')], "move down", "Move the account down"),
            server: b(&[Key::ch('S')], "API", "Start or stop the local API server"),
            tokens: b(&[Key::ch('T')], "tokens", "API access tokens"),
            sort: b(
                &[Key::ch('O')],
                "sort",
                "Sort by your order, account, service or last use (kept in the vault)",
            ),
            details: b(
                &[Key::ch('i')],
                "details",
                "The account's details; copy its secret or URI from there",
            ),
            help: b(&[Key::ch('?')], "help", "This help"),
            lock: b(&[Key::ch('L')], "lock", "Lock the vault now"),
            quit: b(&[Key::ch('q'), Key::ctrl('c')], "quit", "Quit"),
        }
    }
}

impl KeyMap {
    /// The main screen's commands in help order: the one table dispatch, help and footer use.
    pub fn main(&self) -> [(&Binding, Command); 33] {
        use Command::*;
        [
            (&self.copy, Copy),
            (&self.copy_next, CopyNext),
            (&self.filter, Filter),
            (&self.clear_filter, ClearFilter),
            (&self.hotp_next, HotpNext),
            (&self.up, Up),
            (&self.down, Down),
            (&self.top, Top),
            (&self.bottom, Bottom),
            (&self.page_up, PageUp),
            (&self.page_down, PageDown),
            (&self.next_group, NextGroup),
            (&self.prev_group, PrevGroup),
            (&self.add, Add),
            (&self.details, Details),
            (&self.edit, Edit),
            (&self.delete, Delete),
            (&self.move_to_group, MoveToGroup),
            (&self.groups, Groups),
            (&self.import, Import),
            (&self.export, Export),
            (&self.favorite, Favorite),
            (&self.move_up, MoveUp),
            (&self.move_down, MoveDown),
            (&self.sort, Sort),
            (&self.qr, Qr),
            (&self.reveal, Reveal),
            (&self.otp_log, OtpLog),
            (&self.server, Server),
            (&self.tokens, Tokens),
            (&self.lock, Lock),
            (&self.help, Help),
            (&self.quit, Quit),
        ]
    }

    /// The main-screen command for a key event, if any.
    pub fn command(&self, ev: &KeyEvent) -> Option<Command> {
        self.main()
            .into_iter()
            .find(|(b, _)| b.matches(ev))
            .map(|(_, c)| c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice() {
        let map = KeyMap::default();
        let all: Vec<Key> = map
            .main()
            .iter()
            .flat_map(|(b, _)| b.keys.clone())
            .collect();
        for (i, k) in all.iter().enumerate() {
            assert!(!all[i + 1..].contains(k), "{k:?} bound twice");
        }
    }

    #[test]
    fn dispatch_and_labels() {
        let map = KeyMap::default();
        let ev = KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE);
        assert_eq!(map.command(&ev), Some(Command::Copy));
        let ev = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map.command(&ev), Some(Command::Quit));
        assert_eq!(map.up.label(), "↑/k");
        assert_eq!(map.quit.label(), "q/Ctrl-c");
    }
}
