//! otty's unlock agent (docs/DESIGN.md, «The unlock agent»): one background process per vault
//! holds it unlocked, so a command costs a socket round trip instead of an Argon2id run.
//!
//! - [`place`]: where a vault's socket lives (`$XDG_RUNTIME_DIR/otty/`, else `/tmp/otty-UID`),
//!   with the directory checked for owner and mode before anything is bound or trusted.
//! - [`peer`]: the uid at the other end of a connection; another user gets a closed
//!   connection and nothing else.
//! - [`frame`]: the versioned, length-prefixed frame and its size limit; [`proto`] the
//!   requests and replies it carries (JSON), [`wire`] the shapes of core values on the wire.
//! - [`Backend`]: the one interface the command line is written against, implemented by the
//!   core's [`Vault`](otty_core::Vault) (a local unlock) and by [`Client`] (the agent).
//! - [`server`]: the agent itself: std threads, one [`Vault`](otty_core::Vault) refreshed
//!   before every request, and the reasons it exits (idle timeout, `lock`, the vault file
//!   deleted or replaced, the key changed elsewhere, SIGTERM).
//!
//! The crate depends on the core only; the core knows nothing of sockets.

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod backend;
pub mod client;
pub mod dispatch;
pub mod duration;
pub mod frame;
pub mod peer;
pub mod place;
pub mod proto;
pub mod server;
pub mod wire;

pub use backend::Backend;
pub use client::{Client, ClientError, Status};
pub use place::{Place, PlaceError};
