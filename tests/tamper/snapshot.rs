//! What a vault shows through the core API, as a flat map `item -> "ok:…" | "none" | "err:…"`:
//! the problems found at unlock, each account's label and code, whether an HOTP code is handed
//! out, each group, setting, icon, token (the list with names, revocation and last use; does
//! each token's text still authenticate, and as which row), each account's OTP log length, the
//! lists, the corrupted rows and what `Vault::check` reports. Only reads: nothing here may
//! write to the file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use otty::core::vault::head::Problem;
use otty::core::vault::tokens::hash_token;
use otty::core::{Error, Vault};

use super::fixture::{AT, Fixture, HOTP, PW};

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

/// A problem as `Kind(table,id)`, or `Kind` for the whole-vault ones.
pub fn problem(p: &Problem) -> String {
    match p {
        Problem::Head => "Head".into(),
        Problem::Header => "Header".into(),
        Problem::Schema => "Schema".into(),
        Problem::Missing { table, id } => format!("Missing({table},{id})"),
        Problem::Unexpected { table, id } => format!("Unexpected({table},{id})"),
        Problem::RolledBack { table, id } => format!("RolledBack({table},{id})"),
        Problem::Replaced { table, id } => format!("Replaced({table},{id})"),
    }
}

fn problems(list: &[Problem]) -> String {
    list.iter().map(problem).collect::<Vec<_>>().join(",")
}

fn rows(list: &[(&str, i64)]) -> String {
    list.iter()
        .map(|(t, id)| format!("{t}/{id}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Open, unlock and read everything. Never unwraps a result of the vault: a failed read is an
/// `err:` item, so a panic can only come from otty itself. Writes nothing: HOTP codes are
/// shown with `peek`, and `otp` is only asked while the vault is unverified (it is refused
/// before any write then).
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
    let found = v.problems();
    s.insert("problems".into(), show(v.problems(), |p| problems(&p)));
    let corrupted = v.corrupted().unwrap_or_default();
    s.insert("corrupted".into(), show(v.corrupted(), |c| rows(&c)));
    let listed = v.accounts().unwrap_or_default();
    let mut account_ids: BTreeSet<i64> = fx.accounts.iter().copied().collect();
    account_ids.extend(listed.iter().map(|a| a.id));
    let mut group_ids: BTreeSet<i64> = fx.groups.iter().copied().collect();
    group_ids.extend(v.groups().unwrap_or_default().iter().map(|g| g.id));
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
    if found.as_ref().is_ok_and(|p| !p.is_empty()) {
        s.insert(
            "hotp".into(),
            show(v.otp(HOTP, AT), |o| o.password.to_string()),
        );
    } else {
        s.insert("hotp".into(), "verified".into());
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
        show(v.tokens(), |l| {
            l.iter()
                .map(|t| {
                    let state = if t.revoked_at.is_some() {
                        "revoked"
                    } else {
                        "active"
                    };
                    let used = t.last_used_at.map_or("-".into(), |u| (u - AT).to_string());
                    format!("{}:{}:{state}:{used}", t.id, t.name)
                })
                .collect::<Vec<_>>()
                .join(",")
        }),
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
    match v.check() {
        Ok(report) => {
            s.insert(
                "check.corrupted".into(),
                format!("ok:{}", rows(&report.corrupted)),
            );
            if found.as_ref().ok() != Some(&report.problems) {
                s.insert(
                    "check.problems".into(),
                    format!("differ from problems(): {}", problems(&report.problems)),
                );
            }
        }
        Err(e) => {
            s.insert("check.corrupted".into(), format!("err:{}", class(&e)));
        }
    }
    s
}

/// Recompute the derived items of an expected snapshot from its per-item entries, after a
/// case changed some of them: a row that no longer reads is no longer listed; `corrupted()`
/// names the accounts and groups that read as `Corrupted`; `check` names those and the icons,
/// settings and tokens that fail (tokens left out of the list), plus `check.more`; while there
/// are problems, tokens and HOTP codes are refused.
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
    let corrupted_in = |prefixes: &[&str]| -> Vec<(String, i64)> {
        s.iter()
            .filter(|(k, _)| prefixes.iter().any(|p| k.starts_with(p)))
            .filter_map(|(_, v)| v.strip_prefix("err:Corrupted("))
            .filter_map(|rest| {
                let (t, id) = rest.trim_end_matches(')').split_once(',')?;
                Some((t.to_owned(), id.parse().ok()?))
            })
            .collect()
    };
    let mut corrupted = corrupted_in(&["accounts/", "groups/"]);
    corrupted.sort();
    corrupted.dedup();
    let mut checked: BTreeSet<(String, i64)> = corrupted.iter().cloned().collect();
    checked.extend(corrupted_in(&["icons/", "settings/"]));
    if let Some(more) = s.remove("check.more") {
        for item in more.split(',').filter(|i| !i.is_empty()) {
            let (t, id) = item.split_once('/').unwrap();
            checked.insert((t.to_owned(), id.parse().unwrap()));
        }
    }
    let settings: Vec<&str> = s
        .iter()
        .filter(|(k, v)| k.starts_with("settings/") && v.starts_with("ok:"))
        .map(|(k, _)| &k["settings/".len()..])
        .collect();
    let settings = format!("ok:{}", settings.join(","));
    s.insert("accounts.list".into(), accounts);
    s.insert("groups.list".into(), groups);
    let join = |l: &mut dyn Iterator<Item = &(String, i64)>| {
        l.map(|(t, id)| format!("{t}/{id}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    s.insert(
        "corrupted".into(),
        format!("ok:{}", join(&mut corrupted.iter())),
    );
    s.insert(
        "check.corrupted".into(),
        format!("ok:{}", join(&mut checked.iter())),
    );
    s.insert("settings.list".into(), settings);
    if s.get("problems").is_some_and(|p| p != "ok:") {
        for (_, v) in s.iter_mut().filter(|(k, _)| k.ends_with("/auth")) {
            *v = "err:Unverified".into();
        }
        let hotp = match s.get(&format!("accounts/{HOTP}")) {
            Some(v) if v.starts_with("err:") => v.clone(),
            _ => "err:Unverified".into(),
        };
        s.insert("hotp".into(), hotp);
    } else {
        s.insert("hotp".into(), "verified".into());
    }
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
