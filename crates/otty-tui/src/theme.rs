//! Colours and text styles, in one place. `NO_COLOR` (or `theme = "mono"`) keeps only bold,
//! dim, underline and reverse, so nothing depends on colour alone.

use ratatui::style::{Color, Modifier, Style};

use super::config::ThemeName;

/// Styles used by the widgets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours are used at all.
    pub color: bool,
    /// Title bar.
    pub title: Style,
    /// Service names.
    pub service: Style,
    /// Account names, hints and other secondary text.
    pub dim: Style,
    /// The selected row.
    pub selected: Style,
    /// Letters matched by the filter.
    pub matched: Style,
    /// The active tab.
    pub tab_active: Style,
    /// Error and validation messages.
    pub error: Style,
    /// Confirmations (toasts).
    pub ok: Style,
    /// Keys in the footer and help.
    pub key: Style,
}

impl Theme {
    /// The theme for a config value and the environment (`NO_COLOR`).
    pub fn from_config(name: ThemeName) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::pick(name, no_color)
    }

    /// The theme for a config value when `NO_COLOR` is (or is not) set.
    pub fn pick(name: ThemeName, no_color: bool) -> Theme {
        match name {
            ThemeName::Auto if !no_color => Theme::colour(),
            _ => Theme::mono(),
        }
    }

    /// The colour theme.
    pub fn colour() -> Theme {
        Theme {
            color: true,
            title: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            service: Style::new().add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::DarkGray),
            selected: Style::new()
                .bg(Color::Indexed(236))
                .add_modifier(Modifier::BOLD),
            matched: Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::UNDERLINED),
            tab_active: Style::new()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            ok: Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        }
    }

    /// The colourless theme.
    pub fn mono() -> Theme {
        Theme {
            color: false,
            title: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            service: Style::new().add_modifier(Modifier::BOLD),
            dim: Style::new().add_modifier(Modifier::DIM),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            matched: Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            tab_active: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            error: Style::new().add_modifier(Modifier::BOLD),
            ok: Style::new().add_modifier(Modifier::BOLD),
            key: Style::new().add_modifier(Modifier::BOLD),
        }
    }

    /// Style of a code (and its countdown) with `remaining` of `period` seconds left: green,
    /// then yellow under half, red in the last 5 seconds (or fifth); bold then blinking-free
    /// emphasis in mono.
    pub fn code(&self, remaining: u32, period: u32) -> Style {
        let urgent = remaining <= 5.min(period / 5).max(1) || remaining * 5 <= period;
        let warn = remaining * 2 <= period;
        match (self.color, urgent, warn) {
            (true, true, _) => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            (true, false, true) => Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            (true, false, false) => Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
            (false, true, _) => Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            (false, false, _) => Style::new().add_modifier(Modifier::BOLD),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_shifts_as_time_runs_out() {
        let t = Theme::colour();
        assert_eq!(t.code(25, 30).fg, Some(Color::Green));
        assert_eq!(t.code(12, 30).fg, Some(Color::Yellow));
        assert_eq!(t.code(4, 30).fg, Some(Color::Red));
        assert_eq!(t.code(50, 60).fg, Some(Color::Green));
        assert_eq!(
            t.code(11, 60).fg,
            Some(Color::Red),
            "last fifth of a 60 s period"
        );
        assert_eq!(Theme::mono().code(4, 30).fg, None);
    }

    #[test]
    fn no_color_and_mono_drop_colours() {
        assert!(Theme::pick(ThemeName::Auto, false).color);
        assert!(!Theme::pick(ThemeName::Auto, true).color);
        assert!(!Theme::pick(ThemeName::Mono, false).color);
        let mono = Theme::mono();
        for st in [
            mono.title,
            mono.selected,
            mono.matched,
            mono.error,
            mono.code(1, 30),
        ] {
            assert_eq!((st.fg, st.bg), (None, None));
        }
    }
}
