//! `render(&App, &mut Frame)`: pure drawing. The layout ([`areas`]) is a function of the
//! terminal size, shared with the mouse handler so a click lands on the row it points at.

mod bars;
pub mod fit;
pub mod layout;
mod lock;
mod rows;
pub mod tall;
pub mod window;

pub use layout::{Areas, list_height};
pub use window::centered;

use layout::layout;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::app::{App, Screen};

/// Smallest usable terminal.
pub const MIN_SIZE: (u16, u16) = (40, 10);

/// The main screen's layout for a terminal of `size`.
pub fn areas(size: (u16, u16), _app: &App) -> Areas {
    layout(size)
}

/// The tab under column `x` of the tab bar, `width` wide.
pub fn tab_at(app: &App, x: u16, width: u16) -> Option<usize> {
    bars::tab_at(app, x, width)
}

/// Draw the whole app.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        too_small(frame, area);
        return;
    }
    match &app.screen {
        Screen::Create(f) => lock::create(app, f, frame, area),
        Screen::Locked(f) => lock::unlock(app, f, frame, area),
        Screen::Main => {
            let a = layout((area.width, area.height));
            bars::title(app, frame, a.title);
            bars::tabs(app, frame, a.tabs);
            rows::header(app, frame, a.header);
            rows::rows(app, frame, a.rows);
            bars::status(app, frame, a.status);
            bars::footer(app, frame, a.footer);
            if let Some(o) = &app.overlay {
                // Windows leave the status line and the footer of their keys in view.
                let above = Rect {
                    height: area.height.saturating_sub(2),
                    ..area
                };
                o.screen().draw(frame, above, &app.look());
            }
        }
    }
}

fn too_small(frame: &mut Frame, area: Rect) {
    let text = vec![
        Line::from("Terminal too small"),
        Line::from(format!("{}×{}", area.width, area.height)),
        Line::from(format!("otty needs {}×{}", MIN_SIZE.0, MIN_SIZE.1)),
    ];
    let y = area.height.saturating_sub(3) / 2;
    let r = Rect::new(area.x, area.y + y, area.width, area.height.min(3));
    frame.render_widget(Paragraph::new(text).centered(), r);
}
