//! A window's text scrolled by the user, for windows taller than the terminal that otherwise
//! keep something in view (a password field and its message, a new token): until the user
//! scrolls, the view follows that; `PgUp`/`PgDn` (or a row at a time) then move it, and an
//! edit or a new message follows it again. Drawing is pure (`&self`), so the limits a drawing
//! found are kept in a `Cell` for the next key.

use std::cell::Cell;

/// Where a scrollable window's view is.
#[derive(Debug, Default)]
pub struct Scroll {
    /// The first row the user scrolled to; `None`: the view follows what it keeps in view.
    first: Option<usize>,
    /// As the last drawing found them: the first row when following, the last first row (the
    /// last page full), the rows of a page.
    seen: Cell<(usize, usize, usize)>,
}

impl Scroll {
    /// A page down (`true`) or up; a page keeps its last row in view, so a line broken across
    /// the page's end is read whole on one of them.
    pub fn page(&mut self, down: bool) {
        let page = self.seen.get().2.saturating_sub(1).max(1);
        self.by(page, down);
    }

    /// A row down (`true`) or up.
    pub fn row(&mut self, down: bool) {
        self.by(1, down);
    }

    fn by(&mut self, rows: usize, down: bool) {
        let (follow, last, _) = self.seen.get();
        let from = self.first.unwrap_or(follow);
        self.first = Some(if down {
            (from + rows).min(last)
        } else {
            from.saturating_sub(rows)
        });
    }

    /// Follow what the window keeps in view again (after an edit, a new message).
    pub fn follow(&mut self) {
        self.first = None;
    }

    /// The first row to draw, given the row that keeps the focus in view (`follow`), the last
    /// first row (`last`) and the rows of a page; remembered for the next key.
    pub fn first_row(&self, follow: usize, last: usize, page: usize) -> usize {
        self.seen.set((follow.min(last), last, page));
        self.first.unwrap_or(follow).min(last)
    }
}

/// The first row that keeps rows `start..end` in view on a page of `page` rows (as many as fit,
/// from `start`), with `total` rows in all.
pub fn keeping(start: usize, end: usize, page: usize, total: usize) -> usize {
    let last = total.saturating_sub(page);
    end.saturating_sub(page).min(start).min(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_until_scrolled_and_stays_inside() {
        let mut s = Scroll::default();
        assert_eq!(s.first_row(4, 10, 5), 4);
        s.page(true);
        assert_eq!(s.first_row(4, 10, 5), 8, "a page keeps one row");
        s.page(true);
        assert_eq!(s.first_row(4, 10, 5), 10, "not past the last page");
        s.row(false);
        assert_eq!(s.first_row(4, 10, 5), 9);
        s.page(false);
        s.page(false);
        s.page(false);
        assert_eq!(s.first_row(4, 10, 5), 0);
        s.follow();
        assert_eq!(s.first_row(4, 10, 5), 4);
    }

    #[test]
    fn keeps_a_range_in_view_from_its_start() {
        assert_eq!(keeping(3, 6, 8, 12), 0, "all of it, from the top");
        assert_eq!(keeping(6, 9, 4, 12), 5, "its end on the last row");
        assert_eq!(keeping(6, 12, 4, 12), 6, "too long: from its start");
        assert_eq!(keeping(0, 2, 8, 5), 0);
    }
}
