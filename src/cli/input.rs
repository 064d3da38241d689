//! Reading from the user: whether stdin is a terminal, lines from stdin, yes/no questions.
//!
//! Standard input is read one line at a time through std's shared buffer, so a password given
//! with `--password-stdin` (the first line) and a secret or URI given as `-` (the next line) can
//! both come from one pipe.

use std::io::{self, BufRead, IsTerminal, Write};

use zeroize::Zeroizing;

use super::error::{Error, Result};

/// Whether a person can answer questions: standard input is a terminal.
pub fn is_interactive() -> bool {
    io::stdin().is_terminal()
}

/// Strip one trailing `\n` (and a `\r` before it).
pub fn trim_newline(line: &mut Vec<u8>) {
    if line.last() == Some(&b'\n') {
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
    }
}

/// The next line of standard input, without its line ending. `what` names it in errors
/// ("the password", "the secret"). End of input before any byte is an error.
pub fn stdin_line(what: &str) -> Result<Zeroizing<Vec<u8>>> {
    let mut line = Zeroizing::new(Vec::with_capacity(256));
    let n = io::stdin()
        .lock()
        .read_until(b'\n', &mut line)
        .map_err(|e| Error::io(format!("cannot read {what} from standard input"), e))?;
    if n == 0 {
        return Err(Error::usage(format!(
            "expected {what} on standard input, but it is empty"
        )));
    }
    trim_newline(&mut line);
    Ok(line)
}

/// The next line of standard input as UTF-8 text.
pub fn stdin_text(what: &str) -> Result<Zeroizing<String>> {
    let bytes = stdin_line(what)?;
    match std::str::from_utf8(&bytes) {
        Ok(s) => Ok(Zeroizing::new(s.to_owned())),
        Err(_) => Err(Error::usage(format!(
            "{what} on standard input is not valid UTF-8"
        ))),
    }
}

/// Ask a yes/no question on the terminal; only `y` or `yes` (any case) means yes.
pub fn confirm(question: &str) -> Result<bool> {
    let mut err = io::stderr();
    let _ = write!(err, "{question} [y/N] ");
    let _ = err.flush();
    let mut answer = String::new();
    io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| Error::io("cannot read the answer", e))?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}
