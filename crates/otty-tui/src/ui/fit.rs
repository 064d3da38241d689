//! Making text fit a width without cutting it silently: a string or a styled line that is too
//! wide ends in `…` ([`ellipsize`], [`fit_line`]); a sentence wraps at word boundaries
//! ([`wrap_line`]), continuing under its own indentation. Widths are display widths (CJK and
//! emoji count two), as the terminal draws them.

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
}
