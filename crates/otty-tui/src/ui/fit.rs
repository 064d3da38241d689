//! Making text fit a width without cutting it silently: a string or a styled line that is too
//! wide ends in `…` ([`ellipsize`], [`fit_line`]); a sentence wraps at word boundaries
//! ([`wrap_line`]), continuing under its own indentation; text that must be read whole (a path,
//! a token shown once) wraps with its too-long words broken across lines ([`wrap_line_whole`]).
//! Widths are display widths (CJK and emoji count two), as the terminal draws them.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width of `s`.
pub fn width(s: &str) -> usize {
    s.width()
}

/// `s` if it fits in `max` columns, else as much as fits before a `…`.
pub fn ellipsize(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// `line` if it fits in `max` columns, else cut with a `…` in the last kept span's style.
pub fn fit_line(line: Line<'static>, max: usize) -> Line<'static> {
    if line.width() <= max {
        return line;
    }
    // Something is cut: the text gets `max - 1` columns, then the `…`.
    let budget = max.saturating_sub(1);
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for span in line.spans {
        let w = span.content.width();
        if used + w <= budget {
            used += w;
            spans.push(span);
            continue;
        }
        let mut text = String::new();
        for c in span.content.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > budget {
                break;
            }
            used += cw;
            text.push(c);
        }
        if max > 0 {
            text.push('…');
        }
        spans.push(Span::styled(text, span.style));
        break;
    }
    Line {
        spans,
        style: line.style,
        alignment: line.alignment,
    }
}

/// Leading spaces of a line.
fn indent_of(line: &Line) -> usize {
    let mut n = 0;
    for span in &line.spans {
        let lead = span.content.chars().take_while(|c| *c == ' ').count();
        n += lead;
        if lead < span.content.chars().count() {
            break;
        }
    }
    n
}

/// `line` wrapped at spaces to lines of at most `max` columns; continuation lines start under
/// the first word after the line's own indentation. A word longer than a line ends in `…`.
pub fn wrap_line(line: &Line<'static>, max: usize) -> Vec<Line<'static>> {
    wrap_line_indent(line, max, indent_of(line))
}

/// [`wrap_line`] with continuation lines indented by `indent` columns.
pub fn wrap_line_indent(line: &Line<'static>, max: usize, indent: usize) -> Vec<Line<'static>> {
    wrap(line, max, indent, LongWord::Ellipsis)
}

/// [`wrap_line`], but nothing is left out: a word longer than a line (a path, a token) is
/// broken across lines, after a `/` where one comes late enough, else where the line ends.
pub fn wrap_line_whole(line: &Line<'static>, max: usize) -> Vec<Line<'static>> {
    wrap(line, max, indent_of(line), LongWord::Break)
}

/// What becomes of a word longer than a whole line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LongWord {
    /// Cut, ending in `…`.
    Ellipsis,
    /// Broken across lines.
    Break,
}

/// Where to break `word` so that its first part fits `room` columns: a byte index, after the
/// last `/` that fits if that keeps at least half the room, else after the last character that
/// fits (0 when not even the first one does).
fn break_at(word: &str, room: usize) -> usize {
    let (mut used, mut fits, mut slash) = (0, 0, None);
    for (i, c) in word.char_indices() {
        used += c.width().unwrap_or(0);
        if used > room {
            break;
        }
        fits = i + c.len_utf8();
        if c == '/' && used * 2 >= room {
            slash = Some(fits);
        }
    }
    if fits == word.len() {
        return fits;
    }
    slash.unwrap_or(fits)
}

fn wrap(line: &Line<'static>, max: usize, indent: usize, long: LongWord) -> Vec<Line<'static>> {
    if line.width() <= max || max == 0 {
        return vec![fit_line(line.clone(), max)];
    }
    let indent = indent.min(max / 2);
    // Words and runs of spaces, each with its span's style.
    let mut tokens: Vec<(String, Style)> = Vec::new();
    for span in &line.spans {
        let mut cur = String::new();
        let mut space = None;
        for c in span.content.chars() {
            let is_space = c == ' ';
            if space.is_some_and(|s| s != is_space) {
                tokens.push((std::mem::take(&mut cur), span.style));
            }
            space = Some(is_space);
            cur.push(c);
        }
        if !cur.is_empty() {
            tokens.push((cur, span.style));
        }
    }
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut cur: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    let mut has_word = false;
    let flush = |cur: &mut Vec<Span<'static>>, out: &mut Vec<Line<'static>>| {
        while cur.last().is_some_and(|s| s.content.trim().is_empty()) {
            cur.pop();
        }
        out.push(Line::from(std::mem::take(cur)).style(line.style));
    };
    for (text, style) in tokens {
        let w = text.width();
        let is_space = text.starts_with(' ');
        if used + w <= max {
            used += w;
            has_word |= !is_space;
            cur.push(Span::styled(text, style));
            continue;
        }
        if is_space {
            flush(&mut cur, &mut out);
            cur.push(Span::raw(" ".repeat(indent)));
            used = indent;
            has_word = false;
            continue;
        }
        let full = max - indent;
        if long == LongWord::Break && w > full {
            // Longer than any line: it starts here unless little of this line is left.
            if has_word && (max - used) * 2 < full {
                flush(&mut cur, &mut out);
                cur.push(Span::raw(" ".repeat(indent)));
                used = indent;
            }
            let mut rest = text.as_str();
            loop {
                let mut cut = break_at(rest, max - used);
                if cut == 0 && used > indent {
                    flush(&mut cur, &mut out);
                    cur.push(Span::raw(" ".repeat(indent)));
                    used = indent;
                    continue;
                }
                if cut == 0 {
                    // Not one character fits a fresh line: take one anyway, to move on.
                    cut = rest.chars().next().map_or(rest.len(), char::len_utf8);
                }
                let (piece, after) = rest.split_at(cut);
                used += piece.width();
                cur.push(Span::styled(piece.to_owned(), style));
                rest = after;
                if rest.is_empty() {
                    break;
                }
                flush(&mut cur, &mut out);
                cur.push(Span::raw(" ".repeat(indent)));
                used = indent;
            }
            has_word = true;
            continue;
        }
        if has_word {
            flush(&mut cur, &mut out);
            cur.push(Span::raw(" ".repeat(indent)));
            used = indent;
        }
        let text = ellipsize(&text, max - used);
        used += text.width();
        has_word = true;
        cur.push(Span::styled(text, style));
    }
    if has_word {
        flush(&mut cur, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ellipsis_by_display_width() {
        assert_eq!(ellipsize("GitHub", 6), "GitHub");
        assert_eq!(ellipsize("GitHub", 4), "Git…");
        assert_eq!(ellipsize("日本語", 4), "日…");
        let l = fit_line(Line::from(vec![Span::raw("ab"), Span::raw("cdef")]), 4);
        assert_eq!(l.to_string(), "abc…");
        let l = fit_line(Line::from(vec![Span::raw("abcd"), Span::raw("ef")]), 4);
        assert_eq!(l.to_string(), "abc…");
    }

    #[test]
    fn wraps_at_words_under_the_indent() {
        let l = Line::raw("  one two three four");
        let lines: Vec<String> = wrap_line(&l, 10).iter().map(|l| l.to_string()).collect();
        assert_eq!(lines, ["  one two", "  three", "  four"]);
        let l = Line::raw(" averyveryverylongword x");
        let lines: Vec<String> = wrap_line(&l, 8).iter().map(|l| l.to_string()).collect();
        assert_eq!(lines, [" averyv…", " x"]);
    }

    fn whole(text: &str, max: usize) -> Vec<String> {
        wrap_line_whole(&Line::raw(text.to_owned()), max)
            .iter()
            .map(|l| l.to_string())
            .collect()
    }

    #[test]
    fn a_word_longer_than_a_line_is_broken_not_cut() {
        assert_eq!(
            whole(" Vault: /home/user/.local/share/otty/vault.otty", 24),
            [" Vault: /home/user/", " .local/share/otty/", " vault.otty"]
        );
        assert_eq!(
            whole(" otty_pat_0123456789abcdefghij", 12),
            [" otty_pat_01", " 23456789abc", " defghij"]
        );
        // Little room left on the line: the long word starts on the next one.
        assert_eq!(
            whole(" a sentence here abcdefghijklmnopqrs", 18),
            [" a sentence here", " abcdefghijklmnopq", " rs"]
        );
        assert_eq!(whole(" 日本語日本語", 5), [" 日本", " 語日", " 本語"]);
        // Every character is kept, in order.
        let token = "otty_pat_Zq81kHxw0aN4bTcY7mLp2RvE9sGdJ5uQfW3oXiK6yCe";
        for max in 5..60 {
            let joined: String = whole(&format!(" {token} "), max)
                .iter()
                .map(|l| l.trim().to_owned())
                .collect();
            assert_eq!(joined, token, "at {max}");
        }
    }
}
