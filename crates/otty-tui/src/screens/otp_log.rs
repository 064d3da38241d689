//! The OTP log of one account (`o`): when codes were handed out through the API and
//! to which token. The log never holds a code, so neither does this view. It is re-read every
//! tick while open, since the server writes its buffered entries once a second.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::keys::Command;
use crate::screen::{Ctx, Hint, Host, Look, Outcome, Screen};
use crate::ui::window::window;
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

impl Screen for OtpLogView {
    /// `o`: open the selected account's log.
    fn open(_cmd: Command, ctx: &mut Ctx) -> Option<OtpLogView> {
        let (Some(a), Some(v)) = (ctx.selected, ctx.vault) else {
            return None;
        };
        let mut view = OtpLogView {
            account_id: a.id,
            label: a.title(),
            entries: Vec::new(),
            error: None,
        };
        view.load(v);
        Some(view)
    }

    /// Any key closes it.
    fn keys(&mut self, _ev: &KeyEvent, _ctx: &mut Ctx) -> Outcome {
        Outcome::Close
    }

    fn draw(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let (v, t) = (self, look.theme);
        let mut lines = Vec::new();
        if let Some(e) = &v.error {
            lines.push(Line::styled(format!(" ✗ {e}"), t.error));
        } else if v.entries.is_empty() {
            lines.push(Line::styled(
                " No code of this account was handed out through the API.",
                t.dim,
            ));
        } else {
            lines.push(Line::styled(
                format!(" {:<21} {}", "When (UTC)", "Token"),
                t.dim,
            ));
        }
        let room = usize::from(area.height).saturating_sub(6);
        for e in v.entries.iter().take(room) {
            let who = e.token_name.as_deref().unwrap_or("(otty itself)");
            let times = if e.count > 1 {
                format!(" ×{}", e.count)
            } else {
                String::new()
            };
            lines.push(Line::raw(format!(" {:<21} {who}{times}", when(e.created_at))));
        }
        if v.entries.len() > room {
            lines.push(Line::styled(
                format!(" … and {} older", v.entries.len() - room),
                t.dim,
            ));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            " Codes are never logged. Any key closes.",
            t.dim,
        ));
        window(frame, area, &format!("OTP log of {}", v.label), lines, 50);
    }

    fn hints(&self) -> &'static [Hint] {
        &[("any key", "close")]
    }

    /// Re-read the log (every tick).
    fn refresh(&mut self, ctx: &mut Ctx) -> bool {
        ctx.vault.is_some_and(|v| self.load(v))
    }
}

/// Re-read the log if it is open, now rather than at the next tick.
pub fn reload(app: &mut impl Host) {
    app.refresh_screen();
}

/// `2023-11-14 22:13:10` (UTC).
fn when(unix: i64) -> String {
    otty_core::clock::iso8601(unix)
        .get(..19)
        .unwrap_or_default()
        .replace('T', " ")
}
