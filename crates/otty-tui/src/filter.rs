//! The `/` fuzzy filter: nucleo-matcher over "service account", smart case, best match first.
//!
//! Scoring every account is cheap; the positions of matched letters (for highlighting) are
//! computed only for the rows on screen ([`Filter::indices`]).

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use tui_input::Input;

/// The filter's text field and matcher.
pub struct Filter {
    /// The text typed after `/`.
    pub input: Input,
    /// Whether keys go to the filter field (between `/` and `Enter`/`Esc`).
    pub editing: bool,
    matcher: Matcher,
    pattern: Pattern,
    buf: Vec<char>,
}

impl std::fmt::Debug for Filter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Filter")
            .field("query", &self.input.value())
            .field("editing", &self.editing)
            .finish_non_exhaustive()
    }
}

impl Default for Filter {
    fn default() -> Self {
        Filter {
            input: Input::default(),
            editing: false,
            matcher: Matcher::new(Config::DEFAULT),
            pattern: Pattern::default(),
            buf: Vec::new(),
        }
    }
}

impl Filter {
    /// The query text.
    pub fn query(&self) -> &str {
        self.input.value()
    }

    /// Whether a query narrows the list.
    pub fn is_active(&self) -> bool {
        !self.pattern.atoms.is_empty()
    }

    /// Re-read the pattern after the text changed.
    pub fn reparse(&mut self) {
        self.pattern = Pattern::parse(
            self.input.value(),
            CaseMatching::Smart,
            Normalization::Smart,
        );
    }

    /// Forget the query.
    pub fn clear(&mut self) {
        self.input.reset();
        self.editing = false;
        self.reparse();
    }

    /// Score of `label` against the query; `None` when it does not match.
    pub fn score(&mut self, label: &str) -> Option<u32> {
        let hay = Utf32Str::new(label, &mut self.buf);
        self.pattern.score(hay, &mut self.matcher)
    }

    /// Character positions in `label` matched by the query, sorted.
    pub fn indices(&mut self, label: &str) -> Vec<u32> {
        let mut out = Vec::new();
        let hay = Utf32Str::new(label, &mut self.buf);
        self.pattern.indices(hay, &mut self.matcher, &mut out);
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tui_input::InputRequest;

    #[test]
    fn fuzzy_and_smart_case() {
        let mut f = Filter::default();
        for c in "ghb".chars() {
            f.input.handle(InputRequest::InsertChar(c));
        }
        f.reparse();
        assert!(f.score("GitHub alice").is_some());
        assert!(f.score("GitLab alice").is_none());
        assert_eq!(f.indices("GitHub alice"), vec![0, 3, 5]);
        f.clear();
        assert!(!f.is_active());
    }
}
