//! The runner: owns the terminal, the clipboard and the one event stream, and performs the
//! [`Effect`]s that `update` queues.
//!
//! One channel merges terminal input (a thread blocked in `crossterm::event::read`) and the
//! results of background work (unlock, create, import, export, and vault writes, which one
//! [`Writer`] thread performs in order so the UI never waits for the disk or another
//! process's write lock). Ticks are the channel's receive timeout,
//! aligned to the wall-clock second, so an idle otty wakes once a second and draws only when
//! something visible changed. On every tick `Vault::refresh` picks up changes from other
//! processes (one cheap `PRAGMA data_version`); the vault's events are drained after every
//! wake-up and folded into one reload.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use ratatui::crossterm::execute;

use crate::clipboard::Clipboard;
use otty_core::{Error as CoreError, KdfParams, Vault, VaultEvent};

use super::Error;
use super::action::{Action, Effect};
use super::app::App;
use super::ui;
use super::update::update;
use super::write::{self, Writer};

/// How often the spinner turns while Argon2 runs.
const SPIN: Duration = Duration::from_millis(100);

/// Take over the terminal, run `app` until it quits, give the terminal back.
pub fn run(mut app: App) -> Result<(), Error> {
    let mut terminal = ratatui::try_init()?;
    install_panic_hook();
    let _ = execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    let result = (|| {
        let size = terminal.size()?;
        update(&mut app, Action::Resize(size.width, size.height));
        event_loop(&mut terminal, &mut app)
    })();
    let _ = execute!(io::stdout(), DisableBracketedPaste, DisableMouseCapture);
    ratatui::restore();
    // Leaving stops the API server (in-flight requests finish, the OTP log is written).
    super::server::stop(&mut app);
    if let Some(v) = &app.vault {
        v.lock();
    }
    result
}

/// ratatui's hook restores raw mode and the screen; also stop mouse reporting.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableBracketedPaste, DisableMouseCapture);
        previous(info);
    }));
}

fn spawn_input(tx: Sender<Action>) {
    let start = Instant::now();
    std::thread::spawn(move || {
        loop {
            let action = match event::read() {
                Ok(Event::Key(k)) => Action::Key(k),
                Ok(Event::Paste(s)) => Action::Paste(s),
                Ok(Event::Mouse(m)) => {
                    let ms = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX);
                    Action::Mouse(m, ms)
                }
                Ok(Event::Resize(w, h)) => Action::Resize(w, h),
                Ok(_) => continue,
                Err(_) => break,
            };
            if tx.send(action).is_err() {
                break;
            }
        }
    });
}

/// Time until the next wall-clock second (plus a little, so the clock has moved).
fn until_next_second() -> Duration {
    let sub = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_millis())
        .unwrap_or(0);
    Duration::from_millis(u64::from(1000 - sub.min(999)) + 2)
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App) -> Result<(), Error> {
    let (tx, rx) = mpsc::channel();
    spawn_input(tx.clone());
    let mut events: Option<Receiver<VaultEvent>> = app.vault.as_ref().map(|v| v.subscribe());
    // A copy is served by a helper process on X11/Wayland, so it survives quitting.
    let mut clipboard = Clipboard::detached(app.config.clipboard_clear_seconds);
    let mut writer: Option<Writer> = None;
    let mut next_tick = Instant::now() + until_next_second();
    loop {
        if app.dirty {
            terminal.draw(|f| ui::render(app, f))?;
            app.dirty = false;
        }
        let timeout = next_tick.saturating_duration_since(Instant::now());
        match rx.recv_timeout(timeout) {
            Ok(action) => update(app, action),
            Err(RecvTimeoutError::Timeout) => {
                // While a write is pending the writer thread may hold the vault (waiting for
                // the disk or another process): re-read it once the write is answered.
                if let Some(v) = app.vault.as_ref().filter(|_| app.writes_pending == 0)
                    && let Err(e) = v.refresh()
                {
                    app.toast_error(format!("cannot re-read the vault: {e}"));
                }
                update(app, Action::Tick);
                next_tick = Instant::now()
                    + if app.busy() {
                        SPIN
                    } else {
                        until_next_second()
                    };
            }
            Err(RecvTimeoutError::Disconnected) => break,
        }
        if events.is_none() {
            events = app.vault.as_ref().map(|v| v.subscribe());
        }
        if let Some(rx) = &events {
            drain_vault_events(app, rx);
        }
        for effect in std::mem::take(&mut app.effects) {
            if !perform(effect, app, &tx, &mut clipboard, &mut writer) {
                // Leaving: do not leave a code behind on the clipboard.
                if app.clear_clipboard_at.is_some() {
                    let _ = clipboard.clear_if_unchanged();
                }
                return Ok(());
            }
        }
        if app.busy() {
            next_tick = next_tick.min(Instant::now() + SPIN);
        }
    }
    Ok(())
}

/// Fold a burst of vault events into at most one lock and one reload.
fn drain_vault_events(app: &mut App, rx: &Receiver<VaultEvent>) {
    let mut locked = false;
    let mut unlocked = false;
    let mut changed = false;
    let mut tokens = false;
    while let Ok(ev) = rx.try_recv() {
        match ev {
            VaultEvent::Locked => locked = true,
            VaultEvent::Unlocked => unlocked = true,
            VaultEvent::TokensChanged => tokens = true,
            _ => changed = true,
        }
    }
    if tokens {
        update(app, Action::Vault(VaultEvent::TokensChanged));
    }
    if locked {
        update(app, Action::Vault(VaultEvent::Locked));
    } else if unlocked {
        update(app, Action::Vault(VaultEvent::Unlocked));
    } else if changed {
        update(app, Action::Vault(VaultEvent::Reloaded));
    }
}

/// What the user reads when unlocking fails.
pub fn unlock_message(e: &CoreError) -> String {
    match e {
        CoreError::WrongPassword => "Wrong password. Try again.".to_owned(),
        other => format!("Cannot unlock: {other}"),
    }
}

/// Perform the queued vault writes on this thread, as the writer thread would, and apply their
/// results (tests drive `update` this way; the runner never blocks on a write).
pub fn run_writes(app: &mut App) {
    let (writes, others): (Vec<Effect>, Vec<Effect>) = std::mem::take(&mut app.effects)
        .into_iter()
        .partition(|e| matches!(e, Effect::Write(_)));
    app.effects = others;
    for effect in writes {
        if let (Effect::Write(w), Some(vault)) = (effect, app.vault.clone()) {
            update(app, Action::Written(Box::new(write::perform(&vault, w))));
        }
    }
}

/// Perform one effect; `false` means quit.
fn perform(
    effect: Effect,
    app: &mut App,
    tx: &Sender<Action>,
    clipboard: &mut Clipboard,
    writer: &mut Option<Writer>,
) -> bool {
    match effect {
        Effect::Write(w) => {
            if writer.is_none()
                && let Some(vault) = app.vault.clone()
            {
                let tx = tx.clone();
                *writer = Some(Writer::spawn(vault, move |done| {
                    let _ = tx.send(Action::Written(Box::new(done)));
                }));
            }
            if !writer.as_ref().is_some_and(|wr| wr.send(w)) {
                app.writes_pending = app.writes_pending.saturating_sub(1);
                app.toast_error("Cannot write to the vault: the writer thread is gone");
            }
        }
        Effect::Quit => return false,
        Effect::StartServer => super::server::start(app),
        Effect::StopServer => super::server::stop(app),
        Effect::Copy(code) => {
            let result = clipboard.copy(&code).map_err(|e| e.to_string());
            let _ = io::stdout().flush();
            update(app, Action::Copied(result));
        }
        Effect::ClearClipboard => {
            let _ = clipboard.clear_if_unchanged();
        }
        Effect::Unlock(password) => {
            if let Some(vault) = app.vault.clone() {
                let tx = tx.clone();
                std::thread::spawn(move || {
                    let r = vault
                        .unlock(password.as_bytes())
                        .map_err(|e| unlock_message(&e));
                    drop(password);
                    let _ = tx.send(Action::Unlocked(r));
                });
            }
        }
        Effect::ReadImport { path, passphrase } => {
            let tx = tx.clone();
            std::thread::spawn(move || {
                let pass = passphrase.as_ref().map(|p| p.as_bytes());
                let r = super::import::read(&path, pass);
                drop(passphrase);
                let _ = tx.send(Action::ImportRead(r));
            });
        }
        Effect::Export(req) => {
            if let Some(vault) = app.vault.clone() {
                let tx = tx.clone();
                std::thread::spawn(move || {
                    let r = super::export::write(&vault, &req).map(|n| (req.path.clone(), n));
                    drop(req);
                    let _ = tx.send(Action::Exported(r));
                });
            }
        }
        Effect::Create(password) => {
            let path = app.path.clone();
            let tx = tx.clone();
            std::thread::spawn(move || {
                let r = Vault::create(&path, password.as_bytes(), KdfParams::DEFAULT)
                    .map(Arc::new)
                    .map_err(|e| format!("Cannot create the vault: {e}"));
                drop(password);
                let _ = tx.send(Action::Created(r));
            });
        }
    }
    true
}
