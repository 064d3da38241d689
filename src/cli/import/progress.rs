//! The import progress bar: drawn on stderr with `indicatif`, only when stderr is a terminal
//! and the file is large enough for the wait to be noticeable.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Entries above which a bar is shown.
pub const THRESHOLD: usize = 200;

/// A bar, or nothing when it would only be noise.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar for writing `total` accounts.
    pub fn new(total: usize) -> Self {
        if total <= THRESHOLD || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("importing {bar:40} {pos}/{len}") {
            bar.set_style(style);
        }
        Progress(Some(bar))
    }

    /// `done` accounts are written.
    pub fn set(&mut self, done: usize) {
        if let Some(bar) = &self.0 {
            bar.set_position(done as u64);
        }
    }

    /// Remove the bar from the screen.
    pub fn finish(self) {
        if let Some(bar) = self.0 {
            bar.finish_and_clear();
        }
    }
}
