//! [`ImportError`]: why a whole file could not be imported.
//!
//! Per-entry problems are not errors of the file: they are reported in
//! [`super::ImportedEntry::account`]. No variant ever carries a passphrase, key or secret.

use super::Format;

/// Why a file could not be imported at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The content matches no supported format.
    #[error("the file is in no format otty can import")]
    UnknownFormat,
    /// The file starts like an SQLite database, but SQLite cannot read it (a truncated copy,
    /// damaged pages), so which app's database it was cannot be told.
    #[error("the file is an SQLite database that cannot be read (damaged or cut short)")]
    DamagedDatabase,
    /// The file is larger than [`super::MAX_FILE_BYTES`]; no export is that large.
    #[error("the file is too large to be an authenticator export")]
    TooLarge,
    /// The file is a PNG or JPEG image but no QR code could be read from it.
    #[error("{0}")]
    Image(crate::qr::QrError),
    /// The file is encrypted and no passphrase was given.
    #[error("this {format} file is encrypted: a passphrase is needed")]
    NeedPassphrase {
        /// Format of the file.
        format: Format,
    },
    /// The passphrase does not open the file.
    #[error("wrong passphrase for this {format} file")]
    WrongPassphrase {
        /// Format of the file.
        format: Format,
    },
    /// The file is recognised but damaged or malformed.
    #[error("the {format} file is damaged: {reason}")]
    Damaged {
        /// Format of the file.
        format: Format,
        /// What is wrong (never a secret).
        reason: String,
    },
    /// The file is recognised but uses a feature otty cannot read.
    #[error("the {format} file cannot be imported: {reason}")]
    Unsupported {
        /// Format of the file.
        format: Format,
        /// What is not supported.
        reason: String,
    },
    /// The key-derivation parameters in the file exceed otty's limits (hostile or absurd file).
    #[error("the {format} file asks for key derivation beyond otty's limits: {reason}")]
    KdfTooCostly {
        /// Format of the file.
        format: Format,
        /// Which parameter is too large.
        reason: String,
    },
}

impl ImportError {
    /// Shorthand for [`ImportError::Damaged`].
    pub fn damaged(format: Format, reason: impl Into<String>) -> Self {
        ImportError::Damaged {
            format,
            reason: reason.into(),
        }
    }

    /// Shorthand for [`ImportError::KdfTooCostly`].
    pub fn too_costly(format: Format, reason: impl Into<String>) -> Self {
        ImportError::KdfTooCostly {
            format,
            reason: reason.into(),
        }
    }
}
