//! [`App`]: the one model of the TUI. Everything `render` draws is read from here, and only
//! `update` changes it.
//!
//! The app holds an `Arc<Vault>` (absent on the first-run screen until the vault is created)
//! and, while unlocked, the [`AccountList`] built from it. Locking empties the list, the HOTP
//! codes, the filter and every overlay, so nothing decrypted stays behind. The API server
//! ([`ApiServer`]) keeps running while locked: it answers 503 until the next unlock.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use ratatui::crossterm::event::KeyEvent;
use zeroize::Zeroizing;

use otty_core::{Clock, SystemClock, Vault};

use super::action::Effect;
use super::config::Config;
use super::filter::Filter;
use super::keys::KeyMap;
use super::list::AccountList;
use super::lock::{CreateForm, UnlockForm};
use super::screen::{Ctx, Host, Look, Outcome};
use super::server::handle::ApiServer;
use super::theme::Theme;
use super::write::VaultWrite;

pub use super::screen::Toast;
pub use super::screens::Overlay;

/// Which full screen is up.
pub enum Screen {
    /// First run: create the vault.
    Create(CreateForm),
    /// Locked: ask for the password.
    Locked(UnlockForm),
    /// The accounts.
    Main,
}

/// The TUI's one model: everything `render` draws and `update` changes.
pub struct App {
    /// The vault (absent only on the first-run screen).
    pub vault: Option<Arc<Vault>>,
    /// Where the vault lives (shown on the lock and first-run screens), or "demo".
    pub place: String,
    /// The file to create on first run.
    pub path: PathBuf,
    /// Time source.
    pub clock: Arc<dyn Clock>,
    /// Settings read from the config file.
    pub config: Config,
    /// Key bindings, which also generate the help and the footer.
    pub keys: KeyMap,
    /// Styles.
    pub theme: Theme,
    /// The time of the last tick (unix seconds): what the screen shows.
    pub now: i64,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// The full screen that is up.
    pub screen: Screen,
    /// A window over the main screen.
    pub overlay: Option<Overlay>,
    /// Accounts, tabs, rows, selection.
    pub list: AccountList,
    /// The `/` filter.
    pub filter: Filter,
    /// HOTP codes handed out with `+`, by account id.
    pub hotp_codes: HashMap<i64, Zeroizing<String>>,
    /// HOTP advances asked of the writer and not answered yet, by account id: whether the
    /// code is to be copied once it comes. A second advance of the same account waits for the
    /// first (a copy asked meanwhile copies the code it brings) instead of advancing twice.
    pub hotp_pending: HashMap<i64, bool>,
    /// The message at the bottom.
    pub toast: Option<Toast>,
    /// How many problems the vault's integrity check found (0: intact): shown in the status
    /// line, because HOTP codes are refused until `otty check --accept`.
    pub unverified: usize,
    /// When to clear the clipboard.
    pub clear_clipboard_at: Option<i64>,
    /// Unix time of the last key or click (for auto-lock).
    pub last_activity: i64,
    /// Frames of the unlock spinner so far.
    pub spinner: usize,
    /// Last click: (row index, monotonic ms), for double clicks.
    pub last_click: Option<(usize, u64)>,
    /// A demo vault (password empty, shown on the lock screen).
    pub demo: bool,
    /// Something visible changed since the last draw.
    pub dirty: bool,
    /// Work for the runner.
    pub effects: Vec<Effect>,
    /// Vault writes queued and not answered yet: while any is pending, nothing on the UI
    /// thread reads the vault on a tick (the writer thread may hold it, waiting for the disk
    /// or for another process's write lock).
    pub writes_pending: usize,
    /// What the pending copy was ("GitHub code"), for the toast once it is done.
    pub pending_copy: Option<String>,
    /// The local API server started with `S`.
    pub api: ApiServer,
    /// The vault file's mode when other users may read or write it (warned on the lock screen).
    pub loose_mode: Option<u32>,
    /// Called when the user locks (`L`, the idle lock), not when the TUI quits: the command
    /// line locks the unlock agent with it.
    pub on_lock: Option<Box<dyn Fn() + Send>>,
}

impl App {
    /// An app on `vault` (locked or unlocked), or on the first-run screen when `vault` is
    /// `None` (then `path` is where the vault will be created).
    pub fn new(vault: Option<Arc<Vault>>, path: PathBuf, config: Config) -> App {
        let clock: Arc<dyn Clock> = match &vault {
            Some(v) => v.clock().clone(),
            None => Arc::new(SystemClock),
        };
        let now = clock.now();
        let screen = match &vault {
            None => Screen::Create(CreateForm::default()),
            Some(v) if v.is_unlocked() => Screen::Main,
            Some(_) => Screen::Locked(UnlockForm::default()),
        };
        let loose_mode = match &vault {
            Some(_) => otty_core::hardening::loose_permissions(&path),
            None => None,
        };
        let mut app = App {
            loose_mode,
            place: path.display().to_string(),
            path,
            vault,
            clock,
            theme: Theme::from_config(config.theme),
            config,
            keys: KeyMap::default(),
            now,
            size: (80, 24),
            screen,
            overlay: None,
            list: AccountList::default(),
            filter: Filter::default(),
            hotp_codes: HashMap::new(),
            hotp_pending: HashMap::new(),
            toast: None,
            unverified: 0,
            clear_clipboard_at: None,
            last_activity: now,
            spinner: 0,
            last_click: None,
            demo: false,
            dirty: true,
            effects: Vec::new(),
            writes_pending: 0,
            pending_copy: None,
            api: ApiServer::default(),
            on_lock: None,
        };
        if matches!(app.screen, Screen::Main) {
            app.load_prefs();
            app.reload();
            let name = app.config.default_group.clone();
            app.list.select_tab_named(&name);
            app.refilter();
        }
        app
    }

    /// Read the preferences the TUI keeps in the vault (the sort order chosen with `O`), which
    /// win over the config file's defaults.
    pub fn load_prefs(&mut self) {
        let Some(v) = &self.vault else { return };
        if let Ok(Some(value)) = v.setting(super::config::SORT_SETTING)
            && let Some(sort) = value.as_str().and_then(super::config::SortOrder::parse)
        {
            self.config.sort = sort;
        }
    }

    /// Re-read accounts and groups from the vault, keeping tab and selection.
    pub fn reload(&mut self) {
        let Some(v) = &self.vault else { return };
        match (v.accounts(), v.groups()) {
            (Ok(a), Ok(g)) => {
                self.unverified = v.problems().map_or(0, |p| p.len());
                self.list.load(a, g, self.config.sort);
                let live: Vec<i64> = self.list.accounts.iter().map(|a| a.id).collect();
                self.hotp_codes.retain(|id, _| live.contains(id));
            }
            (Err(e), _) | (_, Err(e)) => {
                if !matches!(e, otty_core::Error::Locked) {
                    self.toast_error(format!("cannot read the vault: {e}"));
                }
            }
        }
        self.refilter();
    }

    /// Recompute visible rows and scroll.
    pub fn refilter(&mut self) {
        self.list.refilter(&mut self.filter);
        self.scroll();
    }

    /// Keep the selection on screen.
    pub fn scroll(&mut self) {
        let h = super::ui::layout::list_height(self.size);
        self.list.scroll(h, &mut self.filter);
        self.dirty = true;
    }

    /// Forget everything decrypted and show the lock screen.
    pub fn on_locked(&mut self) {
        self.list.clear();
        self.hotp_codes.clear();
        self.filter.clear();
        self.overlay = None;
        if !matches!(self.screen, Screen::Locked(_)) {
            self.screen = Screen::Locked(UnlockForm::default());
        }
        self.dirty = true;
    }

    /// Show a confirmation for a few seconds.
    pub fn toast(&mut self, text: impl Into<String>) {
        self.toast = Some(Toast::info(text, self.now));
        self.dirty = true;
    }

    /// Re-read the vault after a change made here, then confirm it.
    pub fn reload_then_toast(&mut self, text: impl Into<String>) {
        self.reload();
        self.toast(text);
    }

    /// Show an error for a few seconds.
    pub fn toast_error(&mut self, text: impl Into<String>) {
        self.toast = Some(Toast::error(text, self.now));
        self.dirty = true;
    }

    /// The narrow slice of the app a screen works through.
    pub fn ctx(&mut self) -> Ctx<'_> {
        self.split().1
    }

    /// The open window beside the context it works through (disjoint borrows).
    pub fn split(&mut self) -> (&mut Option<Overlay>, Ctx<'_>) {
        let ctx = Ctx {
            vault: self.vault.as_ref(),
            now: self.now,
            config: &self.config,
            selected: self.list.selected_account(),
            groups: &self.list.groups,
            tab_group: self.list.tab_group(),
            effects: &mut self.effects,
            toast: &mut self.toast,
            pending_copy: &mut self.pending_copy,
            clear_clipboard_at: &mut self.clear_clipboard_at,
            writes_pending: &mut self.writes_pending,
            spinner: &mut self.spinner,
        };
        (&mut self.overlay, ctx)
    }

    /// Do what a screen asked with `outcome`: close it, or close it and show a tab.
    pub fn apply(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Stay => {}
            Outcome::Close => self.overlay = None,
            Outcome::ShowTab(tab) => {
                self.overlay = None;
                self.list.tab = tab;
                self.list.selected = 0;
                self.refilter();
            }
        }
    }

    /// A key for the open screen (closing it if it asks); `false` when none is open.
    pub fn screen_keys(&mut self, ev: &KeyEvent) -> bool {
        let (overlay, mut ctx) = self.split();
        let Some(screen) = overlay.as_mut().map(|o| o.screen_mut()) else {
            return false;
        };
        let outcome = screen.keys(ev, &mut ctx);
        self.apply(outcome);
        true
    }

    /// What a screen reads while it draws.
    pub fn look(&self) -> Look<'_> {
        Look {
            theme: &self.theme,
            now: self.now,
            keys: &self.keys,
            spinner: self.spinner,
            groups: &self.list.groups,
            accounts: self.list.accounts.len(),
        }
    }

    /// Whether a background job runs (the runner ticks faster for the spinner).
    pub fn busy(&self) -> bool {
        match &self.screen {
            Screen::Locked(f) => f.busy,
            Screen::Create(f) => f.busy,
            Screen::Main => self.overlay.as_ref().is_some_and(|o| o.screen().busy()),
        }
    }

    /// Queue a vault write for the writer thread.
    pub fn write(&mut self, write: VaultWrite) {
        self.writes_pending += 1;
        self.effects.push(Effect::Write(write));
    }

    /// Whether the user asked to quit.
    pub fn quitting(&self) -> bool {
        self.effects.iter().any(|e| matches!(e, Effect::Quit))
    }
}

impl Host for App {
    fn refresh_screen(&mut self) {
        let (overlay, mut ctx) = self.split();
        let changed = overlay
            .as_mut()
            .is_some_and(|o| o.screen_mut().refresh(&mut ctx));
        if changed {
            self.dirty = true;
        }
    }
}
