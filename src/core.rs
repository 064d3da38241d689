//! The domain core of otty: accounts, OTP generation, otpauth URIs and the encrypted vault.
//!
//! Nothing in here knows about terminals or HTTP. The TUI (`crate::tui`), the CLI
//! (`crate::cli`) and the REST API (`crate::api`) all go through [`vault::Vault`].

pub mod account;
pub mod base32;
pub mod clock;
pub mod crypto;
pub mod error;
pub mod event;
pub mod export;
pub mod import;
pub mod otp;
pub mod plaintext;
pub mod qr;
pub mod store;
pub mod uri;
pub mod vault;

pub use account::{Account, Algorithm, Group, NewAccount, OtpKind, OtpParams, Secret};
pub use clock::{Clock, FixedClock, SystemClock};
pub use crypto::KdfParams;
pub use error::{Error, Result};
pub use event::VaultEvent;
pub use vault::{Otp, Vault};
