//! Key events to text-field edits: the one mapping every field uses (filter, forms, password,
//! group names), on top of tui-input, and pasted text typed into a field.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use tui_input::{Input, InputRequest};

/// Map an editing key to a text-field request.
pub fn input_request(ev: &KeyEvent) -> Option<InputRequest> {
    use ratatui::crossterm::event::KeyModifiers as M;
    let ctrl = ev.modifiers.contains(M::CONTROL);
    Some(match ev.code {
        KeyCode::Char('u') if ctrl => InputRequest::DeleteLine,
        KeyCode::Char('w') if ctrl => InputRequest::DeletePrevWord,
        KeyCode::Char('a') if ctrl => InputRequest::GoToStart,
        KeyCode::Char('e') if ctrl => InputRequest::GoToEnd,
        KeyCode::Char(_) if ctrl => return None,
        KeyCode::Char(c) => InputRequest::InsertChar(c),
        KeyCode::Backspace => InputRequest::DeletePrevChar,
        KeyCode::Delete => InputRequest::DeleteNextChar,
        KeyCode::Left => InputRequest::GoToPrevChar,
        KeyCode::Right => InputRequest::GoToNextChar,
        KeyCode::Home => InputRequest::GoToStart,
        KeyCode::End => InputRequest::GoToEnd,
        _ => return None,
    })
}

/// Type pasted text into a field, control characters left out.
pub fn insert(input: &mut Input, text: &str) {
    for c in text.chars().filter(|c| !c.is_control()) {
        input.handle(tui_input::InputRequest::InsertChar(c));
    }
}
