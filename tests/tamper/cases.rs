//! The tampering matrix: every (table, column, mutation) case with the outcome it must have.
//!
//! An outcome is either a whole-vault error (`open` or `unlock` fails with one class) or an
//! edit of the untouched vault's snapshot: the problems `unlock` finds (`Vault::problems`), the
//! damaged items as stated, and every other item (accounts and their codes, groups, settings,
//! icons, tokens, OTP logs) exactly as it was. Derived items (lists, `corrupted()`, `check`,
//! tokens and HOTP refused while there are problems) are recomputed from those
//! (`snapshot::derive_lists`).
//!
//! Fixture ids: accounts 1 TOTP, 2 HOTP, 3 Steam, 4 TOTP, 5 written after the fork; groups 1
//! Work, 2 Home, 3 Mine; icons 1–3; settings 1 `pref.theme`, 2 `api.useDarkMode`, 3
//! `verify.window`, 4 `pref.fork`; tokens 1 ci, 2 laptop, 3 old (revoked), 4 fork; OTP log rows
//! 1 and 2 for account 1, 3 for account 2.

use rusqlite::types::Value;

use super::fixture::{Fixture, Row};
use super::mutate::{At, Mutation, Target};
use super::snapshot::Snap;

/// The expected outcome of a case.
pub enum Expect {
    /// `Vault::open` fails with this class.
    Open(String),
    /// `Vault::unlock` fails with this class.
    Unlock(String),
    /// Open and unlock work; the snapshot is the untouched one with these items replaced.
    Rows(Vec<(String, String)>),
}

impl Expect {
    /// Apply to a copy of the untouched snapshot.
    pub fn apply(&self, baseline: &Snap) -> Snap {
        match self {
            Expect::Open(class) => Snap::from([("open".to_owned(), class.clone())]),
            Expect::Unlock(class) => Snap::from([("unlock".to_owned(), class.clone())]),
            Expect::Rows(items) => {
                let mut s = baseline.clone();
                for (k, v) in items {
                    // Rows named by `check` accumulate; any other item is replaced.
                    let v = match s.get(k) {
                        Some(old) if k == "check.more" => format!("{old},{v}"),
                        _ => v.clone(),
                    };
                    s.insert(k.clone(), v);
                }
                s
            }
        }
    }
}

/// One case of the matrix.
pub struct Case {
    /// Report category.
    pub category: &'static str,
    pub target: Target,
    pub mutation: Mutation,
    pub expect: Expect,
}

/// Builds an [`Expect::Rows`].
#[derive(Clone, Default)]
struct Rows(Vec<(String, String)>);

impl Rows {
    fn item(mut self, k: impl Into<String>, v: impl Into<String>) -> Self {
        self.0.push((k.into(), v.into()));
        self
    }

    /// `table/id` reads as `Corrupted { table, id }` (accounts, groups).
    fn corrupt(self, table: &str, id: i64) -> Self {
        self.item(
            format!("{table}/{id}"),
            format!("err:Corrupted({table},{id})"),
        )
    }

    /// `Vault::problems` is exactly this list (given in any order).
    fn problems(self, list: &[&str]) -> Self {
        const ORDER: [&str; 7] = [
            "Head",
            "Header",
            "Schema",
            "Missing",
            "Unexpected",
            "RolledBack",
            "Replaced",
        ];
        let mut list: Vec<&str> = list.to_vec();
        list.sort_by_key(|p| {
            let (kind, rest) = p.split_once('(').unwrap_or((p, ""));
            let (table, id) = rest
                .trim_end_matches(')')
                .split_once(',')
                .unwrap_or(("", "0"));
            let rank = ORDER.iter().position(|k| *k == kind).unwrap();
            (rank, table.to_owned(), id.parse::<i64>().unwrap())
        });
        self.item("problems", format!("ok:{}", list.join(",")))
    }

    /// `Vault::check` also names these rows (`table/id,…`) as failing their own check.
    fn more(self, rows: &str) -> Self {
        self.item("check.more", rows)
    }

    fn setting(self, key: &str, v: &str) -> Self {
        self.item(format!("settings/{key}"), v)
    }

    fn icon(self, id: i64, v: &str) -> Self {
        self.item(format!("icons/{id}"), v)
    }

    fn tokens(self, list: &str) -> Self {
        self.item("tokens.list", format!("ok:{list}"))
    }
}

impl From<Rows> for Expect {
    fn from(r: Rows) -> Self {
        Expect::Rows(r.0)
    }
}

fn ok() -> Rows {
    Rows::default()
}

fn open_err(class: &str) -> Expect {
    Expect::Open(format!("err:{class}"))
}

fn unlock_err(class: &str) -> Expect {
    Expect::Unlock(format!("err:{class}"))
}

/// The token list of the untouched vault (`id:name:state:last use − AT`).
const TOKENS: &str = "1:ci:active:0,2:laptop:active:5,3:old:revoked:-,4:fork:active:-";

fn tokens_without(id: i64) -> String {
    TOKENS
        .split(',')
        .filter(|t| !t.starts_with(&format!("{id}:")))
        .collect::<Vec<_>>()
        .join(",")
}

fn row(table: &'static str, column: &'static str, id: i64) -> Target {
    Target {
        table,
        column,
        key_column: "id",
        key: Value::Integer(id),
    }
}

fn meta(key: &'static str) -> Target {
    Target {
        table: "meta",
        column: "value",
        key_column: "key",
        key: Value::Text(key.into()),
    }
}

fn whole(table: &'static str, id: i64) -> Target {
    row(table, "(row)", id)
}

fn file(what: &'static str) -> Target {
    Target {
        table: "(file)",
        column: what,
        key_column: "",
        key: Value::Null,
    }
}

fn text(t: &str) -> Value {
    Value::Text(t.into())
}

fn blob(b: &[u8]) -> Value {
    Value::Blob(b.to_vec())
}

/// SQL that writes `row` over the row with its id.
pub fn put_sql(table: &str, row: &Row) -> String {
    let literal = |v: &Value| match v {
        Value::Integer(n) => n.to_string(),
        Value::Blob(b) => format!(
            "x'{}'",
            b.iter().map(|x| format!("{x:02x}")).collect::<String>()
        ),
        Value::Text(t) => format!("'{}'", t.replace('\'', "''")),
        Value::Null => "NULL".into(),
        Value::Real(x) => x.to_string(),
    };
    let cols: Vec<&str> = row.keys().map(String::as_str).collect();
    let values: Vec<String> = row.values().map(literal).collect();
    format!(
        "INSERT OR REPLACE INTO {table} ({}) VALUES ({});",
        cols.join(", "),
        values.join(", ")
    )
}

fn sql(name: &str, sql: impl Into<String>) -> Mutation {
    Mutation::Sql(name.into(), sql.into())
}

/// Damage to a blob's bytes: three bit flips and three truncations. Only the last flip and
/// the truncations change the blob's last 8 bytes, which the head records.
fn byte_damage() -> Vec<(Mutation, bool)> {
    vec![
        (Mutation::Flip(At::First), false),
        (Mutation::Flip(At::Middle), false),
        (Mutation::Flip(At::Last), true),
        (Mutation::Truncate(Some(0)), true),
        (Mutation::Truncate(None), true),
        (Mutation::TruncateMinusOne, true),
    ]
}

/// Values of the wrong type where a blob belongs (NULL also changes the schema: the matrix
/// drops the NOT NULL constraints first).
fn wrong_types() -> Vec<(Mutation, &'static [&'static str])> {
    vec![
        (Mutation::Null, &["Schema"]),
        (Mutation::Set(Value::Integer(7)), &[]),
        (Mutation::Set(text("tampered")), &[]),
    ]
}

struct Cases(Vec<Case>);

impl Cases {
    fn add(
        &mut self,
        category: &'static str,
        target: Target,
        mutation: Mutation,
        expect: impl Into<Expect>,
    ) {
        self.0.push(Case {
            category,
            target,
            mutation,
            expect: expect.into(),
        });
    }
}

/// How one sealed row of a table reads when it fails its check, and how it reads when gone.
struct Sealed {
    table: &'static str,
    id: i64,
    /// Another row of the same table, to swap with.
    other: i64,
    /// The items when the row fails its own check.
    bad: fn(i64) -> Rows,
    /// The items when the row is deleted.
    gone: Rows,
}

fn sealed_rows() -> Vec<Sealed> {
    let account = |id: i64| ok().corrupt("accounts", id);
    let group = |id: i64| ok().corrupt("groups", id);
    let icon = |id: i64| ok().icon(id, &format!("err:Corrupted(icons,{id})"));
    let setting = |id: i64| {
        let key = [
            "",
            "pref.theme",
            "api.useDarkMode",
            "verify.window",
            "pref.fork",
        ][id as usize];
        ok().setting(key, &format!("err:Corrupted(settings,{id})"))
    };
    let token = |id: i64| {
        ok().tokens(&tokens_without(id))
            .item(format!("tokens/{id}/auth"), "none")
            .more(&format!("tokens/{id}"))
    };
    let mut out = Vec::new();
    for (id, other) in [(1, 2), (2, 3), (3, 4)] {
        out.push(Sealed {
            table: "accounts",
            id,
            other,
            bad: account,
            gone: ok().item(
                format!("accounts/{id}"),
                format!("err:AccountNotFound({id})"),
            ),
        });
    }
    out.push(Sealed {
        table: "groups",
        id: 1,
        other: 2,
        bad: group,
        gone: ok().item("groups/1", "err:GroupNotFound(1)"),
    });
    out.push(Sealed {
        table: "icons",
        id: 1,
        other: 2,
        bad: icon,
        gone: ok().icon(1, "none"),
    });
    out.push(Sealed {
        table: "settings",
        id: 1,
        other: 2,
        bad: setting,
        gone: ok().setting("pref.theme", "none"),
    });
    out.push(Sealed {
        table: "tokens",
        id: 1,
        other: 2,
        bad: token,
        gone: ok()
            .tokens(&tokens_without(1))
            .item("tokens/1/auth", "none"),
    });
    out
}

fn merge(a: Rows, b: Rows) -> Rows {
    Rows(a.0.into_iter().chain(b.0).collect())
}

fn pr(kind: &str, table: &str, id: i64) -> String {
    format!("{kind}({table},{id})")
}

/// Sealed blobs and per-row versions of every committed table.
fn sealed(c: &mut Cases) {
    for s in sealed_rows() {
        let (t, id) = (s.table, s.id);
        for (m, tail) in byte_damage() {
            let p = if tail {
                vec![pr("Replaced", t, id)]
            } else {
                vec![]
            };
            let p: Vec<&str> = p.iter().map(String::as_str).collect();
            c.add("sealed", row(t, "sealed", id), m, (s.bad)(id).problems(&p));
        }
        for (m, extra) in wrong_types() {
            // A blob of the wrong type keeps the row's stored version: it reads as replaced.
            let replaced = pr("Replaced", t, id);
            let mut p: Vec<&str> = extra.to_vec();
            p.push(&replaced);
            c.add("sealed", row(t, "sealed", id), m, (s.bad)(id).problems(&p));
        }
        let (a, b) = (pr("Replaced", t, id), pr("Replaced", t, s.other));
        let mut both = merge((s.bad)(id), (s.bad)(s.other));
        if t == "tokens" {
            both = both.tokens("3:old:revoked:-,4:fork:active:-");
        }
        c.add(
            "sealed",
            row(t, "sealed", id),
            Mutation::Swap(Value::Integer(s.other)),
            both.problems(&[&a, &b]),
        );
        let missing = pr("Missing", t, id);
        c.add(
            "sealed",
            row(t, "sealed", id),
            Mutation::Delete,
            s.gone.clone().problems(&[&missing]),
        );
        // The version is in the associated data: any other version fails the check, and the
        // head names the row as rolled back (lower, from 0) or replaced (higher, or not a
        // version at all).
        let v = "version";
        let (up, down) = (pr("Replaced", t, id), pr("RolledBack", t, id));
        c.add(
            v,
            row(t, v, id),
            Mutation::Set(Value::Integer(99)),
            (s.bad)(id).problems(&[&up]),
        );
        c.add(
            v,
            row(t, v, id),
            Mutation::Set(Value::Integer(0)),
            (s.bad)(id).problems(&[&down]),
        );
        // A version otty never writes (negative, text, NULL) is "replaced", not "rolled back".
        c.add(
            v,
            row(t, v, id),
            Mutation::Set(Value::Integer(-1)),
            (s.bad)(id).problems(&[&up]),
        );
        c.add(
            v,
            row(t, v, id),
            Mutation::Set(text("two")),
            (s.bad)(id).problems(&[&up]),
        );
        c.add(
            v,
            row(t, v, id),
            Mutation::Null,
            (s.bad)(id).problems(&["Schema", &up]),
        );
    }
    // Versions of accounts 1 (1) and 2 (2) exchanged: both fail; 1 is newer, 2 older.
    c.add(
        "version",
        row("accounts", "version", 1),
        Mutation::Swap(Value::Integer(2)),
        ok().corrupt("accounts", 1)
            .corrupt("accounts", 2)
            .problems(&["Replaced(accounts,1)", "RolledBack(accounts,2)"]),
    );
}

/// Ids and lookup columns: the clear columns other than the blob and the version.
fn clear_columns(c: &mut Cases) {
    let p = "clear";
    // Accounts 1 (version 1) and 4 (version 2) exchange ids: each blob is under the other id.
    c.add(
        p,
        row("accounts", "id", 1),
        Mutation::Swap(Value::Integer(4)),
        ok().corrupt("accounts", 1)
            .corrupt("accounts", 4)
            .problems(&["Replaced(accounts,1)", "RolledBack(accounts,4)"]),
    );
    c.add(
        p,
        row("accounts", "id", 1),
        Mutation::Set(Value::Integer(99)),
        ok().item("accounts/1", "err:AccountNotFound(1)")
            .corrupt("accounts", 99)
            .problems(&["Missing(accounts,1)", "Unexpected(accounts,99)"]),
    );
    c.add(
        p,
        row("groups", "id", 1),
        Mutation::Swap(Value::Integer(2)),
        ok().corrupt("groups", 1)
            .corrupt("groups", 2)
            .problems(&["RolledBack(groups,1)", "Replaced(groups,2)"]),
    );
    c.add(
        p,
        row("groups", "id", 1),
        Mutation::Set(Value::Integer(99)),
        ok().item("groups/1", "err:GroupNotFound(1)")
            .corrupt("groups", 99)
            .problems(&["Missing(groups,1)", "Unexpected(groups,99)"]),
    );
    c.add(
        p,
        row("tokens", "id", 1),
        Mutation::Swap(Value::Integer(2)),
        ok().tokens("3:old:revoked:-,4:fork:active:-")
            .item("tokens/1/auth", "none")
            .item("tokens/2/auth", "none")
            .more("tokens/1,tokens/2")
            .problems(&["Replaced(tokens,1)", "Replaced(tokens,2)"]),
    );
    c.add(
        p,
        row("icons", "id", 1),
        Mutation::Swap(Value::Integer(2)),
        ok().icon(1, "err:Corrupted(icons,2)")
            .icon(2, "err:Corrupted(icons,1)")
            .problems(&["Replaced(icons,1)", "Replaced(icons,2)"]),
    );
    c.add(
        p,
        row("settings", "id", 1),
        Mutation::Swap(Value::Integer(2)),
        ok().setting("pref.theme", "err:Corrupted(settings,2)")
            .setting("api.useDarkMode", "err:Corrupted(settings,1)")
            .problems(&["RolledBack(settings,1)", "Replaced(settings,2)"]),
    );
    // An icon's name is in its associated data but not in the head: a changed name is found
    // by `check` (the row fails its check), not at unlock.
    c.add(
        p,
        row("icons", "name", 1),
        Mutation::Swap(Value::Integer(2)),
        ok().icon(1, "err:Corrupted(icons,2)")
            .icon(2, "err:Corrupted(icons,1)")
            .problems(&[]),
    );
    c.add(
        p,
        row("icons", "name", 1),
        Mutation::Null,
        ok().icon(1, "none").more("icons/1").problems(&["Schema"]),
    );
    c.add(
        p,
        row("icons", "name", 1),
        Mutation::Set(Value::Integer(7)),
        ok().icon(1, "none").more("icons/1").problems(&[]),
    );
    c.add(
        p,
        row("icons", "name", 1),
        Mutation::Set(text("renamed.png")),
        ok().icon(1, "none").more("icons/1").problems(&[]),
    );
    // A setting's keyed hash likewise: the value moved to another name does not open.
    c.add(
        p,
        row("settings", "lookup", 1),
        Mutation::Swap(Value::Integer(2)),
        ok().setting("pref.theme", "err:Corrupted(settings,2)")
            .setting("api.useDarkMode", "err:Corrupted(settings,1)")
            .problems(&[]),
    );
    for (m, extra) in [
        (Mutation::Set(blob(&[0x5a; 32])), &[][..]),
        (Mutation::Set(text("pref.theme")), &[]),
        (Mutation::Null, &["Schema"][..]),
    ] {
        c.add(
            p,
            row("settings", "lookup", 1),
            m,
            ok().setting("pref.theme", "none")
                .more("settings/1")
                .problems(extra),
        );
    }
}

/// Rows put back from an older state of the same file, and rows inserted.
fn rollback_and_insert(c: &mut Cases, fx: &Fixture) {
    let r = "rollback";
    let older = |key: &str| fx.older[key].clone();
    let put = |name: &str, row: Row| Mutation::Put(name.into(), row);
    c.add(
        r,
        whole("accounts", 2),
        put("the row before its counter advanced", older("accounts/2")),
        ok().item("accounts/2", "ok:Issuu james|hotp|*")
            .problems(&["RolledBack(accounts,2)"]),
    );
    c.add(
        r,
        whole("groups", 1),
        put("the row before its rename", older("groups/1")),
        ok().item("groups/1", "ok:Wrok")
            .problems(&["RolledBack(groups,1)"]),
    );
    c.add(
        r,
        whole("tokens", 3),
        put("the row before its revocation", older("tokens/3")),
        ok().tokens("1:ci:active:0,2:laptop:active:5,3:old:active:-,4:fork:active:-")
            .problems(&["RolledBack(tokens,3)"]),
    );
    c.add(
        r,
        whole("settings", 1),
        put("the row before its last value", older("settings/1")),
        ok().setting("pref.theme", "ok:\"light\"")
            .problems(&["RolledBack(settings,1)"]),
    );
    // The head and the row it names both put back: consistent, so not detectable from inside
    // the file (a rollback of the whole vault is the same thing).
    let both = [("head", older("head")), ("accounts", older("accounts/4"))]
        .iter()
        .map(|(table, row)| put_sql(table, row))
        .collect::<String>();
    c.add(
        r,
        whole("head", 1),
        sql("the head and account 4, both before the last write", both),
        ok(),
    );
    // Only the old blob, under the current version: it does not open.
    let Value::Blob(old) = fx.older["accounts/2"]["sealed"].clone() else {
        panic!("no blob");
    };
    c.add(
        r,
        row("accounts", "sealed", 2),
        Mutation::Set(Value::Blob(old)),
        ok().corrupt("accounts", 2)
            .problems(&["Replaced(accounts,2)"]),
    );
    // The head as it was before the last write (account 4's note).
    c.add(
        r,
        whole("head", 1),
        put("the head before the last write", older("head")),
        ok().problems(&["Replaced(accounts,4)"]),
    );

    let i = "insert";
    let junk = |id: i64| {
        let mut row = Row::new();
        row.insert("id".into(), Value::Integer(id));
        row.insert("version".into(), Value::Integer(1));
        row.insert("sealed".into(), Value::Blob(vec![0x42; 296]));
        row
    };
    c.add(
        i,
        whole("accounts", 9),
        put("a made-up row", junk(9)),
        ok().corrupt("accounts", 9)
            .problems(&["Unexpected(accounts,9)"]),
    );
    c.add(
        i,
        whole("groups", 9),
        put("a made-up row", junk(9)),
        ok().corrupt("groups", 9)
            .problems(&["Unexpected(groups,9)"]),
    );
    c.add(
        i,
        whole("tokens", 9),
        put("a made-up row", junk(9)),
        ok().more("tokens/9").problems(&["Unexpected(tokens,9)"]),
    );
    // Account 2's older row copied under a new id: it does not open there.
    let mut copy = fx.older["accounts/2"].clone();
    copy.insert("id".into(), Value::Integer(10));
    c.add(
        i,
        whole("accounts", 10),
        put("a copy of another row under a new id", copy),
        ok().corrupt("accounts", 10)
            .problems(&["Unexpected(accounts,10)"]),
    );
}

/// Rows moved in from the sibling, a copy of the same vault (same id, same key) in which
/// other rows were written after the fork: each opens, so only the head tells.
fn sibling(c: &mut Cases, fx: &Fixture) {
    let s = "sibling";
    let put = |table: &str, id: i64| {
        Mutation::Put(
            "the sibling's row with the same id".into(),
            fx.sibling_row(table, id),
        )
    };
    c.add(
        s,
        whole("accounts", 5),
        put("accounts", 5),
        ok().item("accounts/5", "ok:Theirs mallory|totp|*")
            .problems(&["Replaced(accounts,5)"]),
    );
    c.add(
        s,
        whole("accounts", 1),
        put("accounts", 1),
        ok().item("accounts/1", "ok:ACME (sibling) alice|totp|*")
            .problems(&["Replaced(accounts,1)"]),
    );
    c.add(
        s,
        whole("accounts", 6),
        Mutation::Put(
            "the sibling's row with an id not used here".into(),
            fx.sibling_row("accounts", 6),
        ),
        ok().item("accounts/6", "ok:Extra mallory|totp|*")
            .problems(&["Unexpected(accounts,6)"]),
    );
    c.add(
        s,
        whole("groups", 3),
        put("groups", 3),
        ok().item("groups/3", "ok:Theirs")
            .problems(&["Replaced(groups,3)"]),
    );
    // The sibling's icon 3 has another (random) name: the template's name finds nothing.
    c.add(
        s,
        whole("icons", 3),
        put("icons", 3),
        ok().icon(3, "none").problems(&["Replaced(icons,3)"]),
    );
    c.add(
        s,
        whole("settings", 4),
        put("settings", 4),
        ok().setting("pref.fork", "ok:\"sibling\"")
            .problems(&["Replaced(settings,4)"]),
    );
    c.add(
        s,
        whole("tokens", 4),
        put("tokens", 4),
        ok().problems(&["Replaced(tokens,4)"]),
    );
    c.add(
        s,
        whole("tokens", 1),
        put("tokens", 1),
        ok().tokens("1:ci:revoked:0,2:laptop:active:5,3:old:revoked:-,4:fork:active:-")
            .problems(&["Replaced(tokens,1)"]),
    );
    c.add(
        s,
        whole("head", 1),
        put("head", 1),
        ok().problems(&[
            "RolledBack(accounts,1)",
            "Replaced(accounts,4)",
            "Replaced(accounts,5)",
            "Missing(accounts,6)",
            "Replaced(groups,3)",
            "Replaced(icons,3)",
            "Replaced(settings,4)",
            "RolledBack(tokens,1)",
            "Replaced(tokens,4)",
        ]),
    );
}

/// The head row itself.
fn head(c: &mut Cases) {
    let h = "head";
    let bad = || ok().problems(&["Head"]);
    for (m, _) in byte_damage() {
        c.add(h, row("head", "sealed", 1), m, bad());
    }
    for (m, _) in wrong_types() {
        // A missing head says only that: nothing else can be compared without it.
        c.add(h, row("head", "sealed", 1), m, bad());
    }
    c.add(h, row("head", "sealed", 1), Mutation::Delete, bad());
}

/// Token use and the OTP log: written without the key's commitment, outside the head.
fn side_tables(c: &mut Cases) {
    let t = "token_use";
    let used = |id: i64| Target {
        table: "token_use",
        column: "last_used_at",
        key_column: "token_id",
        key: Value::Integer(id),
    };
    c.add(
        t,
        used(1),
        Mutation::Set(text("now")),
        ok().tokens("1:ci:active:-,2:laptop:active:5,3:old:revoked:-,4:fork:active:-"),
    );
    c.add(
        t,
        used(1),
        Mutation::Set(Value::Integer(super::fixture::AT + 99)),
        ok().tokens("1:ci:active:99,2:laptop:active:5,3:old:revoked:-,4:fork:active:-"),
    );
    c.add(
        t,
        used(1),
        Mutation::Delete,
        ok().tokens("1:ci:active:-,2:laptop:active:5,3:old:revoked:-,4:fork:active:-"),
    );
    c.add(
        t,
        Target {
            column: "token_id",
            ..used(1)
        },
        Mutation::Swap(Value::Integer(2)),
        ok().tokens("1:ci:active:5,2:laptop:active:0,3:old:revoked:-,4:fork:active:-"),
    );
    c.add(
        t,
        file("token_use"),
        sql(
            "a row for the revoked token",
            format!(
                "INSERT INTO token_use VALUES (3, {})",
                super::fixture::AT + 7
            ),
        ),
        ok().tokens("1:ci:active:0,2:laptop:active:5,3:old:revoked:7,4:fork:active:-"),
    );

    let l = "otp_log";
    let log = |id: i64| row("otp_logs", "sealed", id);
    let counts = |one: usize, two: usize| {
        ok().item("otp_logs/1", format!("ok:{one}"))
            .item("otp_logs/2", format!("ok:{two}"))
    };
    for (m, _) in byte_damage() {
        c.add(l, log(3), m, counts(2, 0));
    }
    for (m, extra) in wrong_types() {
        c.add(l, log(3), m, counts(2, 0).problems(extra));
    }
    // Rows are not bound to their id: exchanging them goes unnoticed.
    c.add(l, log(1), Mutation::Swap(Value::Integer(3)), counts(2, 1));
    c.add(l, log(3), Mutation::Delete, counts(2, 0));
    c.add(
        l,
        file("otp_logs"),
        sql(
            "a copy of row 3",
            "INSERT INTO otp_logs(sealed) SELECT sealed FROM otp_logs WHERE id = 3",
        ),
        counts(2, 2),
    );
}

/// Header rows in `meta`.
fn header(c: &mut Cases, fx: &Fixture) {
    let h = "header";
    let bad = || open_err("BadHeader");
    let denied = || unlock_err("WrongPassword");
    let le = |n: u32| Value::Blob(n.to_le_bytes().to_vec());
    let wrong = || {
        wrong_types()
            .into_iter()
            .map(|(m, _)| m)
            .chain([Mutation::Delete])
    };
    let damage = || byte_damage().into_iter().map(|(m, _)| m);

    for (i, m) in damage().enumerate() {
        c.add(h, meta("kdf_salt"), m, if i < 3 { denied() } else { bad() });
    }
    c.add(
        h,
        meta("kdf_salt"),
        Mutation::Swap(text("wrapped_key")),
        bad(),
    );
    c.add(
        h,
        meta("kdf_salt"),
        Mutation::Set(Value::Blob(vec![0x5a; 16])),
        denied(),
    );
    for m in wrong() {
        c.add(h, meta("kdf_salt"), m, bad());
    }

    // 8192 KiB: +1 and ×9 are valid costs (a wrong key); the high byte makes it 16 GiB.
    let outcomes = [denied(), denied(), bad(), bad(), bad(), bad()];
    for (m, e) in damage().zip(outcomes) {
        c.add(h, meta("kdf_memory_kib"), m, e);
    }
    c.add(
        h,
        meta("kdf_memory_kib"),
        Mutation::Swap(text("kdf_iterations")),
        bad(),
    );
    c.add(
        h,
        meta("kdf_memory_kib"),
        Mutation::Set(le(16_384)),
        denied(),
    );
    for m in wrong() {
        c.add(h, meta("kdf_memory_kib"), m, bad());
    }

    // 2 passes: 3 is valid; 65 538 and more are out of range.
    let outcomes = [denied(), bad(), bad(), bad(), bad(), bad()];
    for (m, e) in damage().zip(outcomes) {
        c.add(h, meta("kdf_iterations"), m, e);
    }
    c.add(
        h,
        meta("kdf_iterations"),
        Mutation::Swap(text("kdf_parallelism")),
        denied(),
    );
    for m in wrong() {
        c.add(h, meta("kdf_iterations"), m, bad());
    }

    // 1 lane: 0, 65 537 and 2^24 + 1 are all out of range.
    for m in damage() {
        c.add(h, meta("kdf_parallelism"), m, bad());
    }
    c.add(h, meta("kdf_parallelism"), Mutation::Set(le(2)), denied());
    for m in wrong() {
        c.add(h, meta("kdf_parallelism"), m, bad());
    }

    // Each parameter within its own bound, but 4 GiB × 64 passes together: minutes of work,
    // refused at open before any key derivation.
    c.add(
        h,
        meta("(kdf)"),
        sql(
            "4 GiB × 64 passes",
            "UPDATE meta SET value = x'00004000' WHERE key = 'kdf_memory_kib';
             UPDATE meta SET value = x'40000000' WHERE key = 'kdf_iterations';",
        ),
        bad(),
    );

    for m in damage() {
        c.add(h, meta("wrapped_key"), m, denied());
    }
    c.add(
        h,
        meta("wrapped_key"),
        Mutation::Swap(text("kdf_salt")),
        bad(),
    );
    c.add(
        h,
        meta("wrapped_key"),
        Mutation::Set(Value::Blob(fx.foreign_header["wrapped_key"].clone())),
        denied(),
    );
    for m in wrong() {
        c.add(h, meta("wrapped_key"), m, bad());
    }

    // The vault id and the key epoch are in the wrapped key's associated data.
    for (i, m) in damage().enumerate() {
        c.add(h, meta("vault_id"), m, if i < 3 { denied() } else { bad() });
    }
    c.add(
        h,
        meta("vault_id"),
        Mutation::Set(Value::Blob(fx.foreign_header["vault_id"].clone())),
        denied(),
    );
    for m in wrong() {
        c.add(h, meta("vault_id"), m, bad());
    }
    for (i, m) in damage().enumerate() {
        c.add(
            h,
            meta("key_epoch"),
            m,
            if i < 3 { denied() } else { bad() },
        );
    }
    c.add(h, meta("key_epoch"), Mutation::Set(le(1)), denied());
    for m in wrong() {
        c.add(h, meta("key_epoch"), m, bad());
    }

    let transplant = |keys: &[&str]| {
        fx.foreign_header
            .iter()
            .filter(|(k, _)| keys.contains(&k.as_str()))
            .map(|(k, v)| {
                let hex: String = v.iter().map(|b| format!("{b:02x}")).collect();
                format!("UPDATE meta SET value = x'{hex}' WHERE key = '{k}';")
            })
            .collect::<String>()
    };
    let kdf = [
        "kdf_salt",
        "kdf_memory_kib",
        "kdf_iterations",
        "kdf_parallelism",
        "wrapped_key",
    ];
    c.add(
        h,
        meta("(kdf+key)"),
        sql(
            "another vault's salt, KDF parameters and wrapped key (same password)",
            transplant(&kdf),
        ),
        denied(),
    );
    // The whole header of another vault with the same password: it unlocks, to another key,
    // so the head and every sealed row fail their check and nothing is shown in clear.
    let all: Vec<&str> = kdf
        .iter()
        .copied()
        .chain(["vault_id", "key_epoch"])
        .collect();
    let mut foreign = ok().problems(&["Head"]).tokens("");
    for id in 1..=5 {
        foreign = foreign.corrupt("accounts", id);
    }
    for id in 1..=3 {
        foreign = foreign.corrupt("groups", id);
        foreign = foreign.icon(id, &format!("err:Corrupted(icons,{id})"));
    }
    // Settings are found by a keyed hash under the vault key: another key finds none.
    for key in [
        "pref.theme",
        "api.useDarkMode",
        "verify.window",
        "pref.fork",
    ] {
        foreign = foreign.setting(key, "none");
    }
    foreign = foreign
        .more("settings/1,settings/2,settings/3,settings/4,tokens/1,tokens/2,tokens/3,tokens/4");
    foreign = foreign
        .item("otp_logs/1", "ok:0")
        .item("otp_logs/2", "ok:0");
    c.add(
        h,
        meta("(all)"),
        sql(
            "another vault's whole header (same password)",
            transplant(&all),
        ),
        foreign,
    );
    // Outside the header's digest: informational only.
    c.add(h, meta("created_at"), Mutation::Set(text("then")), ok());
    c.add(h, meta("created_at"), Mutation::Delete, ok());
    c.add(
        h,
        meta("(new)"),
        sql(
            "an extra row",
            "INSERT INTO meta(key, value) VALUES ('extra', x'01')",
        ),
        ok(),
    );
    c.add(
        h,
        meta("(table)"),
        sql("drop the table", "DROP TABLE meta"),
        open_err("NotAVault"),
    );

    let v = "user_version";
    let version = |n: i64| sql(&format!("set {n}"), format!("PRAGMA user_version = {n}"));
    for (n, e) in [
        (0, "NotAVault".to_owned()),
        (-1, "NotAVault".to_owned()),
        (1, "BadHeader".to_owned()),
        (3, "TooNew(3)".to_owned()),
        (99, "TooNew(99)".to_owned()),
        (i64::from(i32::MAX), format!("TooNew({})", i32::MAX)),
    ] {
        c.add(v, file("user_version"), version(n), open_err(&e));
    }
    // Lowered and the vault id removed, so it looks like format 1: the wrapped key's
    // associated data names format 2, so format 1's does not open it.
    c.add(
        v,
        file("user_version"),
        sql(
            "set 1 and delete the vault id",
            "PRAGMA user_version = 1; DELETE FROM meta WHERE key = 'vault_id';",
        ),
        denied(),
    );

    let ch = "changes";
    let counter = || row("changes", "generation", 1);
    let broken = || open_err("Corrupted(changes,1)");
    c.add(ch, row("changes", "id", 1), Mutation::Delete, broken());
    c.add(ch, counter(), Mutation::Null, broken());
    c.add(ch, counter(), Mutation::Set(text("many")), broken());
    c.add(ch, counter(), Mutation::Set(Value::Blob(vec![1])), broken());
    c.add(ch, counter(), Mutation::Set(Value::Real(1.5)), broken());
    c.add(ch, counter(), Mutation::Set(Value::Integer(-5)), ok());
}

/// The schema: dropped tables, triggers, added objects.
fn schema(c: &mut Cases) {
    let s = "schema";
    let target = |table: &'static str| Target {
        table,
        column: "(schema)",
        key_column: "",
        key: Value::Null,
    };
    for table in [
        "head",
        "accounts",
        "groups",
        "tokens",
        "icons",
        "settings",
        "otp_logs",
        "token_use",
        "changes",
    ] {
        c.add(
            s,
            target(table),
            sql("drop the table", format!("DROP TABLE {table}")),
            open_err("BadHeader"),
        );
    }
    let changed = || ok().problems(&["Schema"]);
    for trigger in ["accounts_update", "tokens_insert", "head_change"] {
        c.add(
            s,
            target("(trigger)"),
            sql(
                &format!("drop {trigger}"),
                format!("DROP TRIGGER {trigger}"),
            ),
            changed(),
        );
    }
    c.add(
        s,
        target("(trigger)"),
        sql(
            "add a trigger that copies every new account",
            "CREATE TABLE loot (sealed BLOB);
             CREATE TRIGGER steal AFTER INSERT ON accounts
             BEGIN INSERT INTO loot VALUES (new.sealed); END;",
        ),
        changed(),
    );
    c.add(
        s,
        target("(index)"),
        sql(
            "add an index",
            "CREATE INDEX accounts_version ON accounts(version)",
        ),
        changed(),
    );
    c.add(
        s,
        target("(table)"),
        sql("add a table", "CREATE TABLE extra (x)"),
        changed(),
    );
    // SQLite's own tables are not part of the schema digest; the next id only matters to
    // writes, and a reused id gets a version the head has not seen.
    c.add(
        s,
        target("sqlite_sequence"),
        sql(
            "reset the id sequence",
            "UPDATE sqlite_sequence SET seq = 0",
        ),
        ok(),
    );
}

/// Every case.
pub fn all(fx: &Fixture) -> Vec<Case> {
    let mut c = Cases(Vec::new());
    sealed(&mut c);
    clear_columns(&mut c);
    rollback_and_insert(&mut c, fx);
    sibling(&mut c, fx);
    head(&mut c);
    side_tables(&mut c);
    header(&mut c, fx);
    schema(&mut c);
    c.0
}
