//! The OTP log of one account (`o`): when codes were handed out through the API and
//! to which token. The log never holds a code, so neither does this view. It is re-read every
//! tick while open, since the server writes its buffered entries once a second.

use super::app::{App, Overlay};
use otty_core::vault::otp_log::OtpLogEntry;

/// Entries shown at most.
pub const LIMIT: usize = 200;

/// The log of one account.
pub struct OtpLogView {
    /// The account.
    pub account_id: i64,
    /// Its name, for the title.
    pub label: String,
    /// Newest first.
    pub entries: Vec<OtpLogEntry>,
    /// Why it could not be read.
    pub error: Option<String>,
}

impl OtpLogView {
    /// Re-read the entries; `true` when something changed.
    fn load(&mut self, app_vault: &otty_core::Vault) -> bool {
        match app_vault.otp_logs(self.account_id, 0, LIMIT) {
            Ok(e) if e == self.entries => false,
            Ok(e) => {
                self.entries = e;
                self.error = None;
                true
            }
            Err(e) => {
                self.error = Some(format!("cannot read the log: {e}"));
                true
            }
        }
    }
}

/// `o`: open the selected account's log.
pub fn open(app: &mut App) {
    let (Some(a), Some(v)) = (app.list.selected_account(), &app.vault) else {
        return;
    };
    let mut view = OtpLogView {
        account_id: a.id,
        label: a.title(),
        entries: Vec::new(),
        error: None,
    };
    view.load(v);
    app.overlay = Some(Overlay::OtpLog(Box::new(view)));
}

/// Re-read the log if it is open (every tick).
pub fn reload(app: &mut App) {
    let (Some(Overlay::OtpLog(view)), Some(v)) = (&mut app.overlay, &app.vault) else {
        return;
    };
    if view.load(v) {
        app.dirty = true;
    }
}
