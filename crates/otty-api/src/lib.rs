//! The local REST API: 2FAuth's `/api/v1` for a single user, over one `Arc<Vault>` (what
//! matches 2FAuth and what differs: docs/DESIGN.md, «2FAuth compatibility» and after).
//!
//! Layers, outermost first: the `Host` check ([`guard`], DNS-rebinding), CORS when configured,
//! body limits, then per route the failed-authentication throttle and the token check
//! ([`auth`]), the token's scope ([`scope`]), then the handler ([`handlers`], one file per
//! resource). Handlers turn everything that can fail into an [`error::ApiError`], which renders 2FAuth's exact error
//! bodies. Input is read by [`input`] (query and body merged, as Laravel does) and checked by
//! [`validate`] with Laravel's messages.
//!
//! [`router()`] builds the app for tests and servers; [`serve()`] binds, spawns the server
//! ([`listen`]: the accept loop with timeouts and a connection cap) and the one-second
//! maintenance timer (reload changes from other processes, re-read tokens, flush
//! buffered OTP logs and token use), and returns a [`ServerHandle`]. [`BackgroundServer`] wraps
//! both in a runtime of its own for synchronous callers such as the TUI.
//!
//! Nothing here holds the vault's lock across an `.await`: vault calls are synchronous and
//! short, and writes that sync to disk run in `spawn_blocking`.

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod auth;
pub mod background;
pub mod config;
pub mod cors;
pub mod dto;
pub mod error;
pub mod guard;
pub mod handlers;
pub mod input;
pub mod listen;
pub mod lock_log;
pub mod openapi;
pub mod router;
pub mod scope;
pub mod serve;
pub mod shapes;
pub mod state;
pub mod usage;
pub mod validate;

pub use background::BackgroundServer;
pub use config::ServerConfig;
pub use router::{router, routes};
pub use serve::{ServerHandle, serve};
pub use state::AppState;
