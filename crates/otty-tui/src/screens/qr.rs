//! `Q`: the selected account's otpauth URI as a QR code, drawn with half blocks. Any key
//! closes it; the drawing (which encodes the secret) is zeroed when it closes.

use qrcode::QrCode;
use qrcode::render::unicode::Dense1x2;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;
use zeroize::Zeroizing;

use otty_core::uri;

use crate::keys::Command;
use crate::screen::{Ctx, Hint, Look, Outcome, Screen};
use crate::ui::window::window;

/// The QR window.
pub struct Qr {
    /// The account's name, for the title.
    pub label: String,
    /// The half-block drawing.
    pub art: Zeroizing<String>,
}

impl Screen for Qr {
    fn open(_cmd: Command, ctx: &mut Ctx) -> Option<Qr> {
        let a = ctx.selected?;
        let link = Zeroizing::new(uri::format(&a.data));
        match QrCode::new(link.as_bytes()) {
            Ok(code) => {
                let art = code
                    .render::<Dense1x2>()
                    .dark_color(Dense1x2::Light)
                    .light_color(Dense1x2::Dark)
                    .quiet_zone(true)
                    .build();
                Some(Qr {
                    label: a.title(),
                    art: Zeroizing::new(art),
                })
            }
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
        let mut lines: Vec<Line> = self.art.lines().map(|l| Line::raw(l.to_owned())).collect();
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
