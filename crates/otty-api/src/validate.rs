//! [`Check`]: Laravel-style validation of an [`Input`], with Laravel's English messages, so
//! 2FAuth clients that show `errors.<field>[0]` read what they expect.
//!
//! Each method checks one field, records failures and returns the value when it passed.
//! [`Check::finish`] turns the failures into one 422.

use serde_json::Value;

use super::error::{ApiError, ApiResult};
use super::input::Input;

/// A field's value read as a whole number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Whole {
    /// A 64-bit integer.
    Fits(i64),
    /// A whole number above `i64::MAX` (`18446744073709551615`, `1e30`, `"99999999999999999999"`).
    Above,
    /// A whole number below `i64::MIN`.
    Below,
    /// Not a whole number: a fraction, a word, a boolean, an array…
    Not,
}

/// 2⁶³, the first whole number above `i64::MAX` (exact as a float).
const TWO_TO_63: f64 = 9_223_372_036_854_775_808.0;

impl Whole {
    /// A JSON number or a numeric string (no surrounding text).
    fn of(value: &Value) -> Self {
        match value {
            Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                (Some(n), _) => Whole::Fits(n),
                _ if n.is_u64() => Whole::Above,
                // Past u64, serde_json keeps a float; a whole one is just a very large number.
                (None, Some(f)) if f.is_finite() && f.fract() == 0.0 && f >= TWO_TO_63 => {
                    Whole::Above
                }
                (None, Some(f)) if f.is_finite() && f.fract() == 0.0 && f < -TWO_TO_63 => {
                    Whole::Below
                }
                _ => Whole::Not,
            },
            Value::String(s) => match s.parse::<i64>() {
                Ok(n) => Whole::Fits(n),
                Err(e) => match e.kind() {
                    std::num::IntErrorKind::PosOverflow => Whole::Above,
                    std::num::IntErrorKind::NegOverflow => Whole::Below,
                    _ => Whole::Not,
                },
            },
            _ => Whole::Not,
        }
    }
}

/// Whether a field must be there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Present and not empty: not null, and not an empty array or object (Laravel's
    /// `required`; empty strings already read as null).
    Required,
    /// Present (the key must exist); null allowed.
    Present,
    /// May be absent or null.
    Optional,
}

/// Collects validation failures over one input.
pub struct Check<'a> {
    input: &'a Input,
    errors: Vec<(String, Vec<String>)>,
}

/// Laravel's attribute name: underscores become spaces.
pub fn attribute(field: &str) -> String {
    field.replace('_', " ")
}

impl<'a> Check<'a> {
    /// Start checking `input`.
    pub fn new(input: &'a Input) -> Self {
        Check {
            input,
            errors: Vec::new(),
        }
    }

    /// Record a failure on `field`.
    pub fn fail(&mut self, field: &str, message: impl Into<String>) {
        let message = message.into();
        match self.errors.iter_mut().find(|(f, _)| f == field) {
            Some((_, list)) => list.push(message),
            None => self.errors.push((field.to_owned(), vec![message])),
        }
    }

    /// Whether `field` already failed.
    pub fn failed(&self, field: &str) -> bool {
        self.errors.iter().any(|(f, _)| f == field)
    }

    /// Apply the presence rule; returns the non-null value to check further.
    pub fn value(&mut self, field: &str, need: Need) -> Option<&'a Value> {
        let input = self.input;
        let empty = |v: &Value| match v {
            Value::Null => true,
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.is_empty(),
            _ => false,
        };
        match (input.get(field), need) {
            (None, Need::Required) => {
                self.fail(
                    field,
                    format!("The {} field is required.", attribute(field)),
                );
                None
            }
            (Some(v), Need::Required) if empty(v) => {
                self.fail(
                    field,
                    format!("The {} field is required.", attribute(field)),
                );
                None
            }
            (None, Need::Present) => {
                self.fail(
                    field,
                    format!("The {} field must be present.", attribute(field)),
                );
                None
            }
            (None, _) | (Some(Value::Null), _) => None,
            (Some(v), _) => Some(v),
        }
    }

    /// A required setting or preference value: a string, a boolean or a number (an integer
    /// unless `fractions`), the types 2FAuth's API document gives them. An array or an object
    /// could not be served back in that shape, so it is refused.
    pub fn setting_value(&mut self, field: &str, fractions: bool) -> Option<Value> {
        let v = self.value(field, Need::Required)?;
        let ok = match v {
            Value::String(_) | Value::Bool(_) => true,
            Value::Number(n) => fractions || n.is_i64() || n.is_u64(),
            _ => false,
        };
        if ok {
            return Some(v.clone());
        }
        let kinds = if fractions {
            "a string, a boolean or a number"
        } else {
            "a string, a boolean or an integer"
        };
        self.fail(
            field,
            format!("The {} field must be {kinds}.", attribute(field)),
        );
        None
    }

    /// A string field.
    pub fn string(&mut self, field: &str, need: Need) -> Option<String> {
        match self.value(field, need)? {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.fail(
                    field,
                    format!("The {} field must be a string.", attribute(field)),
                );
                None
            }
        }
    }

    /// A string without a colon (2FAuth's `^[^:]+$` on `account` and `service`).
    pub fn no_colon(&mut self, field: &str, need: Need) -> Option<String> {
        let s = self.string(field, need)?;
        if s.contains(':') {
            self.fail(
                field,
                format!("The {} field format is invalid.", attribute(field)),
            );
            return None;
        }
        Some(s)
    }

    /// An integer field (a JSON number or a numeric string, as PHP's `FILTER_VALIDATE_INT`):
    /// `None` when absent, or when not a whole number ("must be an integer" is recorded). A
    /// whole number beyond a 64-bit integer is no "integer" failure: the caller names its range.
    fn whole(&mut self, field: &str, need: Need) -> Option<Whole> {
        let whole = Whole::of(self.value(field, need)?);
        if whole == Whole::Not {
            self.fail(
                field,
                format!("The {} field must be an integer.", attribute(field)),
            );
            return None;
        }
        Some(whole)
    }

    /// An integer in `min..=max`; anything else outside it, however large, fails with the range.
    pub fn between(&mut self, field: &str, need: Need, min: i64, max: i64) -> Option<i64> {
        match self.whole(field, need)? {
            Whole::Fits(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                self.fail(
                    field,
                    format!(
                        "The {} field must be between {min} and {max}.",
                        attribute(field)
                    ),
                );
                None
            }
        }
    }

    /// An integer of at least `min` (and, being stored as one, at most `i64::MAX`).
    pub fn at_least(&mut self, field: &str, need: Need, min: i64) -> Option<i64> {
        match self.whole(field, need)? {
            Whole::Fits(n) if n >= min => Some(n),
            Whole::Above => {
                self.fail(
                    field,
                    format!(
                        "The {} field must not be greater than {}.",
                        attribute(field),
                        i64::MAX
                    ),
                );
                None
            }
            _ => {
                self.fail(
                    field,
                    format!("The {} field must be at least {min}.", attribute(field)),
                );
                None
            }
        }
    }

    /// A string among `allowed` (after `lower`-casing when asked).
    pub fn one_of(
        &mut self,
        field: &str,
        need: Need,
        allowed: &[&str],
        lower: bool,
    ) -> Option<String> {
        let v = self.value(field, need)?;
        let s = match v {
            Value::String(s) if lower => s.to_lowercase(),
            Value::String(s) => s.clone(),
            _ => String::new(),
        };
        if !allowed.contains(&s.as_str()) {
            self.fail(
                field,
                format!("The selected {} is invalid.", attribute(field)),
            );
            return None;
        }
        Some(s)
    }

    /// An array of integers (`ids`, `orderedIds`). `strict` refuses non-integer items.
    pub fn int_array(&mut self, field: &str, need: Need, strict: bool) -> Option<Vec<i64>> {
        let v = self.value(field, need)?;
        let Value::Array(items) = v else {
            self.fail(
                field,
                format!("The {} field must be an array.", attribute(field)),
            );
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let n = match item {
                Value::Number(n) => n.as_i64(),
                Value::String(s) => s.trim().parse::<i64>().ok(),
                _ => None,
            };
            match n {
                Some(n) => out.push(n),
                None if strict => {
                    self.fail(
                        &format!("{field}.{i}"),
                        format!("The {field}.{i} field must be an integer."),
                    );
                }
                None => {}
            }
        }
        Some(out)
    }

    /// A boolean (`true`, `false`, `0`, `1`, `"0"`, `"1"`: Laravel's `boolean` rule).
    pub fn boolean(&mut self, field: &str, need: Need) -> Option<bool> {
        let v = self.value(field, need)?;
        let b = match v {
            Value::Bool(b) => Some(*b),
            Value::Number(n) => match n.as_i64() {
                Some(0) => Some(false),
                Some(1) => Some(true),
                _ => None,
            },
            Value::String(s) => match s.as_str() {
                "0" => Some(false),
                "1" => Some(true),
                _ => None,
            },
            _ => None,
        };
        if b.is_none() {
            self.fail(
                field,
                format!("The {} field must be true or false.", attribute(field)),
            );
        }
        b
    }

    /// The 422 if anything failed.
    pub fn finish(self) -> ApiResult<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.errors))
        }
    }
}

/// 2FAuth's `ids` list: `^\d+(,{1}\d+)*$` (422 otherwise); 100 or more ids give 400.
pub fn ids_param(input: &Input, need: Need) -> ApiResult<Option<Vec<i64>>> {
    let mut check = Check::new(input);
    // `sometimes|required`: once the key is sent, even as "" (null after normalisation), it
    // must hold ids.
    let need = if input.has("ids") {
        Need::Required
    } else {
        need
    };
    let Some(text) = check.string("ids", need) else {
        check.finish()?;
        return Ok(None);
    };
    let parts: Vec<&str> = text.split(',').collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(ApiError::invalid("ids", "The ids field format is invalid."));
    }
    if parts.len() > 99 {
        return Err(ApiError::BadRequest(Value::from(vec![
            "too many ids were included in the query parameter, max 100 allowed",
        ])));
    }
    // An id too large for a row id names no account: ignored, like any unknown id.
    Ok(Some(parts.iter().filter_map(|p| p.parse().ok()).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The errors of one check over `{"n": value}`, or the value it passed.
    fn check(value: Value, rule: impl Fn(&mut Check<'_>) -> Option<i64>) -> Result<i64, String> {
        let input = Input(
            json!({ "n": value })
                .as_object()
                .cloned()
                .unwrap_or_default(),
        );
        let mut c = Check::new(&input);
        let got = rule(&mut c);
        match (got, c.errors.first()) {
            (Some(n), None) => Ok(n),
            (None, Some((_, messages))) => Err(messages.join(" ")),
            (got, errors) => panic!("{got:?} with {errors:?}"),
        }
    }

    #[test]
    fn numbers_out_of_range_are_told_the_range_however_large() {
        let counter = "The n field must be between 0 and 9223372036854775807.";
        let between = |c: &mut Check<'_>| c.between("n", Need::Optional, 0, i64::MAX);
        let at_least = |c: &mut Check<'_>| c.at_least("n", Need::Optional, 1);
        // (value, what `between(0, i64::MAX)` says, what `at_least(1)` says)
        type Case = (Value, Result<i64, &'static str>, Result<i64, &'static str>);
        let cases: Vec<Case> = vec![
            (json!(0), Ok(0), Err("The n field must be at least 1.")),
            (json!("42"), Ok(42), Ok(42)),
            (json!(i64::MAX), Ok(i64::MAX), Ok(i64::MAX)),
            (
                json!(-1),
                Err(counter),
                Err("The n field must be at least 1."),
            ),
            (
                json!(9_223_372_036_854_775_808u64),
                Err(counter),
                Err("The n field must not be greater than 9223372036854775807."),
            ),
            (
                json!(u64::MAX),
                Err(counter),
                Err("The n field must not be greater than 9223372036854775807."),
            ),
            (
                json!("18446744073709551616"),
                Err(counter),
                Err("The n field must not be greater than 9223372036854775807."),
            ),
            (
                json!(1e30),
                Err(counter),
                Err("The n field must not be greater than 9223372036854775807."),
            ),
            (
                json!("-99999999999999999999"),
                Err(counter),
                Err("The n field must be at least 1."),
            ),
            (
                json!(1.5),
                Err("The n field must be an integer."),
                Err("The n field must be an integer."),
            ),
            (
                json!("ten"),
                Err("The n field must be an integer."),
                Err("The n field must be an integer."),
            ),
            (
                json!(true),
                Err("The n field must be an integer."),
                Err("The n field must be an integer."),
            ),
        ];
        for (value, want_between, want_at_least) in cases {
            let shown = value.to_string();
            let owned = |r: Result<i64, &str>| r.map_err(str::to_owned);
            assert_eq!(
                check(value.clone(), between),
                owned(want_between),
                "between {shown}"
            );
            assert_eq!(
                check(value, at_least),
                owned(want_at_least),
                "at_least {shown}"
            );
        }
    }

    #[test]
    fn ids_follow_the_contract() {
        let ok = Input::from_query(Some("ids=1,2,3"));
        assert_eq!(ids_param(&ok, Need::Required).unwrap(), Some(vec![1, 2, 3]));
        let bad = Input::from_query(Some("ids=1,,2"));
        assert!(matches!(
            ids_param(&bad, Need::Required),
            Err(ApiError::Validation(_))
        ));
        let many = (1..=100)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let many = Input::from_query(Some(&format!("ids={many}")));
        assert!(matches!(
            ids_param(&many, Need::Required),
            Err(ApiError::BadRequest(_))
        ));
    }
}
