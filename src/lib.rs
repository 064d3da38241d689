//! otty: a two-factor authenticator for people who live in a terminal.
//!
//! This is the binary's crate: the scripting command line ([`cli`]) over three library crates,
//! re-exported here under their old module names so code and tests can say `otty::core::…`:
//! - [`core`] (`otty-core`): accounts, OTP generation, otpauth URIs, imports and exports, and
//!   the encrypted vault. It knows nothing of terminals or HTTP; [`hardening`] is its one
//!   module allowed `unsafe`.
//! - [`api`] (`otty-api`): the 2FAuth-compatible local REST API (`otty serve`); [`dto`] holds
//!   the JSON shapes shared by `--json` output and the API.
//! - [`tui`] (`otty-tui`): the full-screen interface (`otty`, `otty demo`); [`clipboard`] is
//!   shared with `otty code --copy`.
//! - [`agent`] (`otty-agent`): the unlock agent (`otty unlock`), its socket, protocol and
//!   client, and the [`agent::Backend`] every command is written against.
//!
//! See `ARCHITECTURE.md` for the crates and the dependency rule.

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod cli;

pub use otty_agent as agent;
pub use otty_api as api;
pub use otty_api::dto;
pub use otty_core as core;
pub use otty_core::hardening;
pub use otty_tui as tui;
pub use otty_tui::clipboard;
