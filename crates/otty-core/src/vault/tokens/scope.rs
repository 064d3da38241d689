//! [`Scope`]: what a personal access token may do, from least to most.
//!
//! `read` gets codes and lists, `write` also changes accounts and groups, `admin` may do
//! everything, secrets and exports included. Each scope allows what the ones below it allow,
//! so a check is one comparison. Stored as its name in the `tokens.scope` column; a name this
//! build does not know parses to nothing, and the row then authenticates nobody.

use std::fmt;
use std::str::FromStr;

/// What a token may do. Ordered: `Read < Write < Admin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Scope {
    /// Lists, codes, OTP logs, icons, preferences and settings reads; never a secret.
    Read,
    /// Read, plus changing accounts, groups, icons and preferences; never a secret.
    Write,
    /// Everything: secrets, exports, migrations, QR codes of accounts, settings changes.
    #[default]
    Admin,
}

/// A scope name this build does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown scope {0:?} (expected read, write or admin)")]
pub struct UnknownScope(pub String);

impl Scope {
    /// Every scope, from least to most.
    pub const ALL: [Scope; 3] = [Scope::Read, Scope::Write, Scope::Admin];

    /// The stored and displayed name: `read`, `write` or `admin`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
            Scope::Admin => "admin",
        }
    }

    /// Whether a token of this scope may do what `needed` allows.
    pub fn allows(self, needed: Scope) -> bool {
        self >= needed
    }

    /// Whether a token of this scope may see account secrets.
    pub fn reveals_secrets(self) -> bool {
        self.allows(Scope::Admin)
    }

    /// The next scope, wrapping around (for a picker that cycles).
    pub fn next(self) -> Scope {
        match self {
            Scope::Read => Scope::Write,
            Scope::Write => Scope::Admin,
            Scope::Admin => Scope::Read,
        }
    }

    /// The previous scope, wrapping around.
    pub fn previous(self) -> Scope {
        self.next().next()
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Scope {
    type Err = UnknownScope;

    /// Exactly `read`, `write` or `admin`: a stored value is never guessed at.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Scope::ALL
            .into_iter()
            .find(|scope| scope.as_str() == s)
            .ok_or_else(|| UnknownScope(s.chars().take(32).collect()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_order_is_privilege() {
        for s in Scope::ALL {
            assert_eq!(s.as_str().parse::<Scope>().unwrap(), s);
        }
        assert!("Admin".parse::<Scope>().is_err());
        assert!(" read".parse::<Scope>().is_err());
        assert!(Scope::Admin.allows(Scope::Write) && Scope::Write.allows(Scope::Read));
        assert!(!Scope::Read.allows(Scope::Write) && !Scope::Write.allows(Scope::Admin));
        assert!(Scope::Admin.reveals_secrets() && !Scope::Write.reveals_secrets());
        assert_eq!(Scope::default(), Scope::Admin);
        assert_eq!(Scope::Admin.next(), Scope::Read);
        assert_eq!(Scope::Read.previous(), Scope::Admin);
    }
}
