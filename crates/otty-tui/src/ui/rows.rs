//! The account rows: service and account (filter matches highlighted), the grouped code
//! coloured by the time left, a countdown for the row's own period and the next code in the
//! last 10 seconds. Only the rows on screen are computed, so 10,000 accounts draw as fast as 20.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use otty_core::{Account, OtpKind, otp};

use super::super::app::App;
use super::fit;

/// Seconds before the end of a period when the next code shows.
pub const NEXT_CODE_SECONDS: u32 = 10;

struct Columns {
    marker: u16,
    service: u16,
    account: u16,
    code: u16,
    countdown: u16,
    next: u16,
}

/// The widest service and account names of the list (display width), so the column widths
/// do not change as the list scrolls.
fn name_widths(app: &App) -> (u16, u16) {
    let w = |s: &str| u16::try_from(fit::width(s)).unwrap_or(u16::MAX);
    app.list.accounts.iter().fold((0, 0), |(s, a), acc| {
        (s.max(w(&acc.data.service)), a.max(w(&acc.data.account)))
    })
}

/// Column widths for a row `width` wide. The Next column is the first thing to go: it is shown
/// only when the names still fit beside it.
fn columns(width: u16, show_next: bool, (service_w, account_w): (u16, u16)) -> Columns {
    let (marker, code, countdown) = (3, 12, 12);
    // Each cell keeps one column of space after its text.
    let names = service_w.saturating_add(account_w).saturating_add(2);
    let fixed = marker + code + countdown;
    let next = if show_next && width >= fixed + 14 + names {
        14
    } else {
        0
    };
    let rest = width.saturating_sub(fixed + next);
    let service = if rest >= names {
        // Room for both: the service column takes its share, at least its widest name.
        (rest * 2 / 5).clamp(service_w + 1, rest - (account_w + 1))
    } else {
        (rest * 2 / 5)
            .max(rest.saturating_sub(account_w + 1))
            .min(service_w + 1)
    };
    Columns {
        marker,
        service,
        account: rest - service,
        code,
        countdown,
        next,
    }
}

fn cells(area: Rect, c: &Columns) -> [Rect; 6] {
    let mut x = area.x;
    let mut cell = |w: u16| {
        let r = Rect::new(x, area.y, w.saturating_sub(1).max(1).min(w), 1);
        x += w;
        r
    };
    [
        cell(c.marker),
        cell(c.service),
        cell(c.account),
        cell(c.code),
        cell(c.countdown),
        cell(c.next),
    ]
}

/// Column headings.
pub fn header(app: &App, frame: &mut Frame, area: Rect) {
    let c = columns(area.width, app.config.show_next_code, name_widths(app));
    let [_, s, a, code, t, n] = cells(area, &c);
    let st = app.theme.dim;
    for (r, text) in [(s, "Service"), (a, "Account"), (code, "Code"), (t, "Time")] {
        let text = fit::ellipsize(text, usize::from(r.width));
        frame.render_widget(Line::styled(text, st), r);
    }
    if c.next > 0 {
        frame.render_widget(Line::styled("Next", st), n);
    }
}

/// The rows on screen.
pub fn rows(app: &App, frame: &mut Frame, area: Rect) {
    let list = &app.list;
    if list.rows.is_empty() {
        let msg = if app.filter.is_active() {
            "No account matches the filter (Esc clears it)"
        } else if list.accounts.is_empty() {
            "No accounts yet: press a to add one, or paste an otpauth:// link"
        } else {
            "No accounts in this group"
        };
        // Wrapped, so a narrow terminal shows all of it.
        let line = Line::styled(format!("  {msg}"), app.theme.dim);
        let lines = fit::wrap_line(&line, usize::from(area.width));
        for (y, l) in (area.y..area.bottom()).zip(lines) {
            frame.render_widget(l, Rect::new(area.x, y, area.width, 1));
        }
        return;
    }
    let c = columns(area.width, app.config.show_next_code, name_widths(app));
    let end = (list.offset + usize::from(area.height)).min(list.rows.len());
    for (line, i) in (list.offset..end).enumerate() {
        let row = &list.rows[i];
        let a = &list.accounts[row.idx];
        let r = Rect::new(area.x, area.y + line as u16, area.width, 1);
        let selected = i == list.selected;
        if selected {
            frame.buffer_mut().set_style(r, app.theme.selected);
        }
        draw_row(app, frame, r, &c, a, &row.hl, selected);
    }
}

fn draw_row(
    app: &App,
    frame: &mut Frame,
    r: Rect,
    c: &Columns,
    a: &Account,
    hl: &[u32],
    selected: bool,
) {
    let t = &app.theme;
    let [m, s, acc, code_r, time_r, next_r] = cells(r, c);
    let marker = match (selected, a.data.favorite) {
        (true, true) => "▶★",
        (true, false) => "▶ ",
        (false, true) => " ★",
        (false, false) => "  ",
    };
    frame.render_widget(Line::raw(marker), m);
    let n_service = a.data.service.chars().count() as u32;
    let name = |text: &str, start: u32, base: Style, r: Rect| {
        fit::fit_line(
            highlighted(text, hl, start, base, t.matched),
            usize::from(r.width),
        )
    };
    frame.render_widget(name(&a.data.service, 0, t.service, s), s);
    frame.render_widget(name(&a.data.account, n_service + 1, t.dim, acc), acc);
    let p = &a.data.otp;
    let masked = app.config.hide_codes && !selected;
    if p.kind == OtpKind::Hotp {
        let code = match app.hotp_codes.get(&a.id) {
            Some(_) if masked => Span::styled(mask(p.digits), t.dim),
            Some(code) => Span::styled(otp::grouped(code), t.code(30, 30)),
            None => Span::styled("press +", t.dim),
        };
        frame.render_widget(Line::from(code), code_r);
        // The counter of the code `+` hands out next.
        frame.render_widget(
            Line::styled(
                fit::ellipsize(&format!("next: #{}", p.counter), usize::from(time_r.width)),
                t.dim,
            ),
            time_r,
        );
        return;
    }
    let rem = otp::remaining(app.now, p.period);
    let style = t.code(rem, p.period);
    let code = if masked {
        Span::styled(mask(p.digits), t.dim)
    } else {
        let now = otp::generate(p, app.now);
        Span::styled(otp::grouped(&now.text), style)
    };
    frame.render_widget(Line::from(code), code_r);
    frame.render_widget(countdown(rem, p.period, style, t.dim), time_r);
    if c.next > 0 && rem <= NEXT_CODE_SECONDS && !masked {
        let next = otp::at_counter(p, otp::time_step(app.now, p.period) + 1);
        frame.render_widget(
            Line::styled(format!("→ {}", otp::grouped(&next.text)), t.dim),
            next_r,
        );
    }
}

fn mask(digits: u8) -> String {
    let n = usize::from(digits);
    if n < 6 {
        return "•".repeat(n);
    }
    format!("{} {}", "•".repeat(n / 2), "•".repeat(n - n / 2))
}

/// `▰▰▰▱▱ 17s`: five cells for the share of the period left, a space, then the time left in
/// three cells (`99s`, then minutes, `99m`, then hours, `24h`: periods go up to a day).
fn countdown(rem: u32, period: u32, style: Style, dim: Style) -> Line<'static> {
    let period = period.max(1);
    let filled = (u64::from(rem) * 5).div_ceil(u64::from(period)).min(5) as usize;
    let left = match rem {
        0..100 => format!("{rem}s"),
        100..6000 => format!("{}m", rem / 60),
        _ => format!("{}h", rem / 3600),
    };
    Line::from(vec![
        Span::styled("▰".repeat(filled), style),
        Span::styled("▱".repeat(5 - filled), dim),
        Span::styled(format!("{left:>4}"), style),
    ])
}

/// `text` with the characters whose label positions (offset by `start`) are in `hl` styled
/// as matches.
fn highlighted(text: &str, hl: &[u32], start: u32, base: Style, matched: Style) -> Line<'static> {
    if hl.is_empty() {
        return Line::styled(text.to_owned(), base);
    }
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_matched = false;
    for (i, ch) in text.chars().enumerate() {
        let m = hl.binary_search(&(start + i as u32)).is_ok();
        if m != run_matched && !run.is_empty() {
            let st = if run_matched {
                base.patch(matched)
            } else {
                base
            };
            spans.push(Span::styled(std::mem::take(&mut run), st));
        }
        run_matched = m;
        run.push(ch);
    }
    if !run.is_empty() {
        let st = if run_matched {
            base.patch(matched)
        } else {
            base
        };
        spans.push(Span::styled(run, st));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_and_countdowns() {
        assert_eq!(mask(6), "••• •••");
        let l = countdown(15, 30, Style::new(), Style::new());
        assert_eq!(l.to_string(), "▰▰▰▱▱ 15s");
        let l = countdown(60, 60, Style::new(), Style::new());
        assert_eq!(l.to_string(), "▰▰▰▰▰ 60s");
        // Long periods keep the space and the width: seconds, then minutes, then hours.
        for (rem, period, want) in [
            (99, 120, "▰▰▰▰▰ 99s"),
            (999, 3600, "▰▰▱▱▱ 16m"),
            (24_893, 86_400, "▰▰▱▱▱  6h"),
            (86_400, 86_400, "▰▰▰▰▰ 24h"),
            (0, 30, "▱▱▱▱▱  0s"),
        ] {
            let l = countdown(rem, period, Style::new(), Style::new());
            assert_eq!(l.to_string(), want, "{rem} of {period}");
        }
    }

    #[test]
    fn highlights_split_runs() {
        let l = highlighted("GitHub", &[0, 3], 0, Style::new(), Style::new());
        assert_eq!(l.spans.len(), 4);
        assert_eq!(l.to_string(), "GitHub");
    }
}
