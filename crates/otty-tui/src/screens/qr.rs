//! `Q`: the selected account's otpauth URI as a QR code, drawn with the core's half blocks.
//! With colours it is painted black on white (dark modules as ink), so it reads on light and
//! dark terminals alike; without, light modules are ink in the terminal's own colours, which
//! suits the usual dark terminal. Any key closes it; the drawings (which encode the secret)
//! are zeroed when it closes.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use zeroize::Zeroizing;

use otty_core::qr::{self, halfblock::{self, Ink}};
use otty_core::uri;

use crate::keys::Command;
use crate::screen::{Ctx, Hint, Look, Outcome, Screen};
use crate::ui::window::window;

/// The QR window.
pub struct Qr {
    /// The account's name, for the title.
    pub label: String,
    /// The drawing with dark modules as ink, shown black on white.
    pub dark_ink: Zeroizing<Vec<String>>,
    /// The drawing with light modules as ink, shown without colours.
    pub light_ink: Zeroizing<Vec<String>>,
}

impl Screen for Qr {
    fn open(_cmd: Command, ctx: &mut Ctx) -> Option<Qr> {
        let a = ctx.selected?;
        let link = Zeroizing::new(uri::format(&a.data));
        match qr::encode(&link) {
            Ok(code) => Some(Qr {
                label: a.title(),
                dark_ink: Zeroizing::new(halfblock::lines(&code, Ink::Dark)),
                light_ink: Zeroizing::new(halfblock::lines(&code, Ink::Light)),
            }),
            Err(_) => {
                ctx.toast_error("This account is too long to fit in a QR code");
                None
            }
        }
    }

    /// Any key closes it.
    fn keys(&mut self, _ev: &KeyEvent, _ctx: &mut Ctx) -> Outcome {
        Outcome::Close
    }

    fn draw(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let (name, t) = (&self.label, look.theme);
        let mut lines: Vec<Line> = if t.color {
            let paper = Style::new().fg(Color::Black).bg(Color::White);
            self.dark_ink
                .iter()
                .map(|l| Line::styled(l.clone(), paper))
                .collect()
        } else {
            self.light_ink.iter().map(|l| Line::raw(l.clone())).collect()
        };
        lines.push(Line::styled(
            " Scan with a phone. Anyone who sees it can copy the account. Any key closes.",
            t.dim,
        ));
        if lines.len() as u16 + 2 > area.height {
            let msg = format!(
                " The terminal is too short for this QR code: it needs {} rows.",
                lines.len() + 2
            );
            window(frame, area, name, vec![Line::raw(msg)], 30);
        } else {
            window(frame, area, name, lines, 30);
        }
    }

    fn hints(&self) -> &'static [Hint] {
        &[("any key", "close")]
    }
}
