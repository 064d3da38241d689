//! otty: a two-factor authenticator for people who live in a terminal.
//!
//! One core, three faces:
//! - [`core`]: accounts, OTP generation, otpauth URIs and the encrypted vault. It knows nothing
//!   of terminals or HTTP.
//! - [`cli`]: the scripting command line (`otty code github`, `otty list --json`).
//! - [`api`]: the 2FAuth-compatible local REST API (`otty serve`), over the same vault.
//! - [`dto`]: the JSON shapes shared by `--json` output and the API.
//! - [`tui`]: the full-screen interface (`otty`, `otty demo`); [`clipboard`] is shared with
//!   `otty code --copy`.
//! - [`hardening`]: no core dumps or debuggers, locked key memory, loose file permissions;
//!   the only module allowed `unsafe`.
//!
//! See `ARCHITECTURE.md` for the module map and the dependency rule.

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod api;
pub mod cli;
pub mod clipboard;
pub mod core;
pub mod dto;
pub mod hardening;
pub mod tui;
