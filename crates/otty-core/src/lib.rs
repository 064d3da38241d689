//! The domain core of otty: accounts, OTP generation, otpauth URIs, imports and exports, and
//! the encrypted vault.
//!
//! Nothing in here knows about terminals, HTTP or argument parsing, and Cargo keeps it so: this
//! crate depends on no face (`.ci/run` checks `cargo tree -p otty-core`). The TUI (`otty-tui`),
//! the REST API (`otty-api`) and the CLI (the `otty` binary) all go through [`vault::Vault`].
//! [`hardening`] is the one module allowed `unsafe`.

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod account;
pub mod base32;
pub mod clock;
pub mod crypto;
pub mod error;
pub mod event;
pub mod export;
pub mod hardening;
pub mod import;
pub mod otp;
pub mod password;
pub mod plaintext;
pub mod qr;
pub mod stamp;
pub mod store;
pub mod uri;
pub mod vault;

pub use account::{Account, Algorithm, Group, NewAccount, OtpKind, OtpParams, Secret};
pub use clock::{Clock, FixedClock, SystemClock};
pub use crypto::KdfParams;
pub use error::{Error, Result};
pub use event::VaultEvent;
pub use vault::{Otp, Vault};
