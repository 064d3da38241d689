//! The main screen's layout, a pure function of the terminal size: where each bar goes and
//! how many account rows fit. It knows nothing of the app, so the model (scrolling), the mouse
//! handler and the renderer all read the same rectangles without the model depending on `ui`.

use ratatui::layout::Rect;

/// Where each part of the main screen goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// Title bar.
    pub title: Rect,
    /// Group tabs.
    pub tabs: Rect,
    /// Column headings.
    pub header: Rect,
    /// Account rows.
    pub rows: Rect,
    /// Filter, toast or counts.
    pub status: Rect,
    /// Keys that apply now.
    pub footer: Rect,
}

/// The main screen's layout for a terminal of `(w, h)`.
pub fn layout((w, h): (u16, u16)) -> Areas {
    let line = |y: u16| Rect::new(0, y, w, 1);
    Areas {
        title: line(0),
        tabs: line(1),
        header: line(2),
        rows: Rect::new(0, 3, w, h.saturating_sub(5)),
        status: line(h.saturating_sub(2)),
        footer: line(h.saturating_sub(1)),
    }
}

/// How many account rows fit.
pub fn list_height(size: (u16, u16)) -> usize {
    usize::from(layout(size).rows.height)
}
