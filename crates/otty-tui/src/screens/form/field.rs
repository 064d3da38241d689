//! The form's fields: order, labels, the fixed choices of the type and algorithm fields, and
//! which field a core validation error points at.

/// The fields, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Paste an otpauth:// URI here to fill the rest.
    Uri,
    /// Issuer.
    Service,
    /// Account name.
    Account,
    /// Base32 secret.
    Secret,
    /// totp, hotp or steam.
    Kind,
    /// sha1, sha256, sha512, md5.
    Algorithm,
    /// 5–10.
    Digits,
    /// Seconds.
    Period,
    /// HOTP counter.
    Counter,
    /// Group name, empty for none.
    Group,
}

/// Every field in order.
pub const FIELDS: [Field; 10] = [
    Field::Uri,
    Field::Service,
    Field::Account,
    Field::Secret,
    Field::Kind,
    Field::Algorithm,
    Field::Digits,
    Field::Period,
    Field::Counter,
    Field::Group,
];

impl Field {
    /// Label shown before the field.
    pub fn label(self) -> &'static str {
        match self {
            Field::Uri => "otpauth URI",
            Field::Service => "Service",
            Field::Account => "Account",
            Field::Secret => "Secret",
            Field::Kind => "Type",
            Field::Algorithm => "Algorithm",
            Field::Digits => "Digits",
            Field::Period => "Period (s)",
            Field::Counter => "Counter",
            Field::Group => "Group",
        }
    }

    /// The field a core `Error::Invalid { field, .. }` names.
    pub fn from_core(field: &str) -> Field {
        match field {
            "service" => Field::Service,
            "account" => Field::Account,
            "secret" => Field::Secret,
            "otp_type" => Field::Kind,
            "algorithm" => Field::Algorithm,
            "digits" => Field::Digits,
            "period" => Field::Period,
            "counter" => Field::Counter,
            "group" | "group_id" => Field::Group,
            _ => Field::Uri,
        }
    }
}

/// The values `←`/`→` step through on a choice field; `None` for a text field.
pub fn choices(field: Field) -> Option<&'static [&'static str]> {
    match field {
        Field::Kind => Some(&["totp", "hotp", "steam"]),
        Field::Algorithm => Some(&["sha1", "sha256", "sha512", "md5"]),
        _ => None,
    }
}

/// The choice `step` places after `current` in `list` (wrapping; the first if `current` is
/// not in it).
pub fn step_choice(list: &[&'static str], current: &str, step: isize) -> &'static str {
    let n = list.len() as isize;
    let i = list
        .iter()
        .position(|c| c.eq_ignore_ascii_case(current))
        .map_or(0, |i| (i as isize + step).rem_euclid(n));
    list[i as usize]
}
