//! Small legacy windows: confirmations, the group picker and the groups screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::super::app::{App, Confirm, Overlay};
use super::super::groups::{GroupsPane, NameEdit, Picker};
use super::window::window;

/// Draw a confirmation, the group picker or the groups screen.
pub fn dialog(app: &App, overlay: &Overlay, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    match overlay {
        Overlay::Confirm(Confirm::Delete(_, name)) => window(
            frame,
            area,
            "Delete",
            vec![
                Line::raw(format!(" Delete {name}? This cannot be undone.")),
                Line::raw(""),
                Line::from(vec![
                    Span::styled(" y", t.key),
                    Span::raw(" delete   "),
                    Span::styled("any other key", t.key),
                    Span::raw(" keep"),
                ]),
            ],
            40,
        ),
        Overlay::Confirm(Confirm::Reveal(_, name)) => window(
            frame,
            area,
            "Reveal secret",
            vec![
                Line::raw(format!(" Show the secret of {name} on screen?")),
                Line::styled(" Anyone who sees it can make your codes.", t.dim),
                Line::raw(""),
                Line::from(vec![
                    Span::styled(" y", t.key),
                    Span::raw(" show   "),
                    Span::styled("any other key", t.key),
                    Span::raw(" cancel"),
                ]),
            ],
            40,
        ),
        Overlay::MoveTo(p) => move_to(app, p, frame, area),
        Overlay::Groups(g) => groups(app, g, frame, area),
        // Drawn by themselves (registered screens) or by `form` and `transfer`.
        _ => {}
    }
}

fn pick_line(selected: bool, text: String, t: &super::super::theme::Theme) -> Line<'static> {
    if selected {
        Line::styled(format!(" ▶ {text} "), t.selected)
    } else {
        Line::raw(format!("   {text} "))
    }
}

fn move_to(app: &App, p: &Picker, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let mut lines = vec![pick_line(p.selected == 0, "(no group)".into(), t)];
    for (i, (g, n)) in app.list.groups.iter().enumerate() {
        lines.push(pick_line(
            p.selected == i + 1,
            format!("{} ({n})", g.name),
            t,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(" ↑↓ choose · Enter move · Esc cancel", t.dim));
    window(frame, area, "Move to group", lines, 36);
}

fn groups(app: &App, g: &GroupsPane, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let mut lines = Vec::new();
    if app.list.groups.is_empty() {
        lines.push(Line::styled(" No groups yet.", t.dim));
    }
    for (i, (group, n)) in app.list.groups.iter().enumerate() {
        let text = match &g.editing {
            Some((NameEdit::Rename(id), input)) if *id == group.id => {
                format!("{}▏ ({n})", input.value())
            }
            _ => format!("{} ({n})", group.name),
        };
        lines.push(pick_line(i == g.selected, text, t));
    }
    if let Some((NameEdit::New, input)) = &g.editing {
        lines.push(Line::from(vec![
            Span::styled("   New group: ", t.key),
            Span::raw(format!("{}▏", input.value())),
        ]));
    }
    if let Some(e) = &g.error {
        lines.push(Line::styled(format!(" ✗ {e}"), t.error));
    }
    lines.push(Line::raw(""));
    let hint = if g.editing.is_some() {
        " Enter save · Esc cancel"
    } else if g.confirm_delete {
        " Delete this group? y yes · any other key no (accounts stay, in no group)"
    } else {
        " a new · r rename · d delete · J/K move · Enter show · Esc close"
    };
    let st = if g.confirm_delete { t.error } else { t.dim };
    lines.push(Line::styled(hint, st));
    window(frame, area, "Groups", lines, 40);
}
