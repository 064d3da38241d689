//! What a vault shows through the core API, as a flat map `item -> "ok:…" | "none" | "err:…"`:
//! each account's label and code, each group, setting, icon, token (does its text still
//! authenticate, and as which row) and each account's OTP log length, plus the lists and the
//! corrupted rows. Only reads: nothing here may write to the file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use otty::core::vault::tokens::hash_token;
use otty::core::{Error, Vault};

use super::fixture::{AT, Fixture, PW};

/// Item name to outcome.
pub type Snap = BTreeMap<String, String>;

/// An error's class: the `core::Error` variant, with the table and id where it has them.
pub fn class(e: &Error) -> String {
    match e {
        Error::Corrupted { table, id } => format!("Corrupted({table},{id})"),
        Error::TooNew { found, .. } => format!("TooNew({found})"),
        Error::AccountNotFound(id) => format!("AccountNotFound({id})"),
        Error::GroupNotFound(id) => format!("GroupNotFound({id})"),
        other => format!("{other:?}")
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect(),
    }
}

fn show<T>(r: otty::core::Result<T>, ok: impl FnOnce(T) -> String) -> String {
    match r {
        Ok(v) => format!("ok:{}", ok(v)),
        Err(e) => format!("err:{}", class(&e)),
    }
}

fn show_opt<T>(r: otty::core::Result<Option<T>>, ok: impl FnOnce(T) -> String) -> String {
    match r {
        Ok(None) => "none".to_owned(),
        other => show(other.map(Option::unwrap), ok),
    }
}

/// Ids in ascending order, as `[1, 2]`.
fn ids(it: impl Iterator<Item = i64>) -> String {
    let mut v: Vec<i64> = it.collect();
    v.sort_unstable();
    format!("{v:?}")
}

/// Open, unlock and read everything. Never unwraps a result of the vault: a failed read is an
/// `err:` item, so a panic can only come from otty itself.
pub fn take(path: &Path, fx: &Fixture) -> Snap {
    let mut s = Snap::new();
    let v = match Vault::open(path) {
        Ok(v) => v,
        Err(e) => {
            s.insert("open".into(), format!("err:{}", class(&e)));
            return s;
        }
    };
    if let Err(e) = v.unlock(PW.as_bytes()) {
        s.insert("unlock".into(), format!("err:{}", class(&e)));
        return s;
    }
    let corrupted = v.corrupted().unwrap_or_default();
    s.insert(
        "corrupted".into(),
        show(v.corrupted(), |c| {
            c.iter()
                .map(|(t, id)| format!("{t}/{id}"))
                .collect::<Vec<_>>()
                .join(",")
        }),
    );
    let mut account_ids: BTreeSet<i64> = fx.accounts.iter().copied().collect();
    let mut group_ids: BTreeSet<i64> = fx.groups.iter().copied().collect();
    for (t, id) in &corrupted {
        match *t {
            "accounts" => account_ids.insert(*id),
            _ => group_ids.insert(*id),
        };
    }
    s.insert(
        "accounts.list".into(),
        show(v.accounts(), |l| ids(l.iter().map(|a| a.id))),
    );
    for id in account_ids {
        let r = v.account(id).and_then(|a| {
            let code = v.peek(id, AT)?;
            Ok(format!(
                "{}|{}|{}",
                a.label(),
                a.data.otp.kind.as_str(),
                *code.password
            ))
        });
        s.insert(format!("accounts/{id}"), show(r, |x| x));
    }
    s.insert(
        "groups.list".into(),
        show(v.groups(), |l| ids(l.iter().map(|g| g.id))),
    );
    for id in group_ids {
        s.insert(format!("groups/{id}"), show(v.group(id), |g| g.name));
    }
    let keys = show(v.settings_with_prefix(""), |l| {
        l.into_iter().map(|(k, _)| k).collect::<Vec<_>>().join(",")
    });
    s.insert("settings.list".into(), keys);
    for key in fx.settings.keys() {
        s.insert(
            format!("settings/{key}"),
            show_opt(v.setting(key), |x| x.to_string()),
        );
    }
    // Keyed by the icon's original row id (names are random), looked up by name.
    for (id, name) in &fx.icons {
        let r = v.icon(name);
        s.insert(
            format!("icons/{id}"),
            show_opt(r, |i| {
                format!("{} {:?}", i.mime, String::from_utf8_lossy(&i.bytes))
            }),
        );
    }
    s.insert(
        "tokens.list".into(),
        show(v.tokens(), |l| ids(l.iter().map(|t| t.id))),
    );
    for (id, text) in &fx.tokens {
        let r = v.check_token(&hash_token(text));
        s.insert(
            format!("tokens/{id}/auth"),
            show_opt(r, |t| t.id.to_string()),
        );
    }
    for id in &fx.accounts {
        let r = v.otp_logs(*id, 0, 100);
        s.insert(format!("otp_logs/{id}"), show(r, |l| l.len().to_string()));
    }
    s
}

/// Recompute the list items of an expected snapshot from its per-item entries, after a case
/// changed some of them (a row that no longer reads is no longer listed or searchable).
pub fn derive_lists(s: &mut Snap) {
    if s.contains_key("open") || s.contains_key("unlock") {
        return;
    }
    let ok_ids = |prefix: &str| -> String {
        let mut ids: Vec<i64> = s
            .iter()
            .filter(|(k, v)| k.starts_with(prefix) && v.starts_with("ok:"))
            .filter_map(|(k, _)| k[prefix.len()..].parse().ok())
            .collect();
        ids.sort_unstable();
        format!("ok:{ids:?}")
    };
    let accounts = ok_ids("accounts/");
    let groups = ok_ids("groups/");
    let mut corrupted: Vec<(String, i64)> = s
        .iter()
        .filter(|(k, _)| k.starts_with("accounts/") || k.starts_with("groups/"))
        .filter_map(|(_, v)| v.strip_prefix("err:Corrupted("))
        .filter_map(|rest| {
            let (t, id) = rest.trim_end_matches(')').split_once(',')?;
            Some((t.to_owned(), id.parse().ok()?))
        })
        .collect();
    corrupted.sort();
    corrupted.dedup();
    let settings: Vec<&str> = s
        .iter()
        .filter(|(k, v)| k.starts_with("settings/") && v.starts_with("ok:"))
        .map(|(k, _)| &k["settings/".len()..])
        .collect();
    let settings = format!("ok:{}", settings.join(","));
    s.insert("accounts.list".into(), accounts);
    s.insert("groups.list".into(), groups);
    let corrupted: Vec<String> = corrupted
        .iter()
        .map(|(t, id)| format!("{t}/{id}"))
        .collect();
    s.insert("corrupted".into(), format!("ok:{}", corrupted.join(",")));
    s.insert("settings.list".into(), settings);
}

/// Differences between what a case expected and what it got. An expected value ending in
/// `*` matches any value with that prefix.
pub fn diff(want: &Snap, got: &Snap) -> Vec<String> {
    let keys: BTreeSet<&String> = want.keys().chain(got.keys()).collect();
    let mut out = Vec::new();
    for k in keys {
        let (w, g) = (want.get(k), got.get(k));
        let same = match (w, g) {
            (Some(w), Some(g)) => match w.strip_suffix('*') {
                Some(prefix) => g.starts_with(prefix),
                None => w == g,
            },
            _ => false,
        };
        if !same {
            out.push(format!("{k}: want {w:?}, got {g:?}"));
        }
    }
    out
}
