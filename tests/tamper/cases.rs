//! The tampering matrix: every (table, column, mutation) case with the outcome it must have.
//!
//! An outcome is either a whole-vault error (`open` or `unlock` fails with one class) or an
//! edit of the untouched vault's snapshot: the damaged items change as stated, every other item
//! (accounts and their codes, groups, settings, icons, tokens, OTP logs) stays exactly as it was.

use rusqlite::types::Value;

use super::fixture::Fixture;
use super::mutate::{At, Mutation, Target};
use super::snapshot::Snap;

/// How a snapshot is expected to differ from the untouched one.
pub type Edit = Box<dyn Fn(&Fixture, &mut Snap)>;

/// The expected outcome of a case.
pub enum Expect {
    /// `Vault::open` fails with this class.
    Open(String),
    /// `Vault::unlock` fails with this class.
    Unlock(String),
    /// Open and unlock work; the snapshot is the untouched one with this edit.
    Rows(Edit),
}

/// One case of the matrix.
pub struct Case {
    /// Report category: sealed, plaintext, tokens, otp_log, header, user_version, changes,
    /// schema.
    pub category: &'static str,
    pub target: Target,
    pub mutation: Mutation,
    pub expect: Expect,
}

fn rows(f: impl Fn(&Fixture, &mut Snap) + 'static) -> Expect {
    Expect::Rows(Box::new(f))
}

fn unchanged() -> Expect {
    rows(|_, _| {})
}

fn open_err(class: &str) -> Expect {
    Expect::Open(format!("err:{class}"))
}

fn unlock_err(class: &str) -> Expect {
    Expect::Unlock(format!("err:{class}"))
}

fn put(s: &mut Snap, key: impl Into<String>, value: impl Into<String>) {
    s.insert(key.into(), value.into());
}

/// `table/id` reads as `Corrupted { table, id }` (accounts, groups).
fn corrupt(table: &'static str, ids: &'static [i64]) -> Expect {
    rows(move |_, s| {
        for id in ids {
            put(
                s,
                format!("{table}/{id}"),
                format!("err:Corrupted({table},{id})"),
            );
        }
    })
}

fn corrupt_icon(index: usize) -> Expect {
    rows(move |fx, s| {
        let (id, _) = &fx.icons[index];
        put(
            s,
            format!("icons/{id}"),
            format!("err:Corrupted(icons,{id})"),
        );
    })
}

fn corrupt_setting(key: &'static str) -> Expect {
    rows(move |fx, s| {
        put(
            s,
            format!("settings/{key}"),
            format!("err:Corrupted(settings,{})", fx.settings[key]),
        );
    })
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

fn setting(column: &'static str, key: &str) -> Target {
    Target {
        table: "settings",
        column,
        key_column: "key",
        key: Value::Text(key.into()),
    }
}

fn pragma() -> Target {
    Target {
        table: "(file)",
        column: "user_version",
        key_column: "",
        key: Value::Null,
    }
}

fn text(t: &str) -> Value {
    Value::Text(t.into())
}

/// Damage to a blob's bytes: three bit flips and three truncations.
fn byte_damage() -> Vec<Mutation> {
    vec![
        Mutation::Flip(At::First),
        Mutation::Flip(At::Middle),
        Mutation::Flip(At::Last),
        Mutation::Truncate(Some(0)),
        Mutation::Truncate(None),
        Mutation::TruncateMinusOne,
    ]
}

/// Values of the wrong type where a blob belongs.
fn wrong_types() -> Vec<Mutation> {
    vec![
        Mutation::Null,
        Mutation::Set(Value::Integer(7)),
        Mutation::Set(text("tampered")),
    ]
}

struct Cases(Vec<Case>);

impl Cases {
    fn add(&mut self, category: &'static str, target: Target, mutation: Mutation, expect: Expect) {
        self.0.push(Case {
            category,
            target,
            mutation,
            expect,
        });
    }
}

/// Sealed blobs of accounts (TOTP, HOTP, Steam), groups, icons and settings.
fn sealed(c: &mut Cases, fx: &Fixture) {
    // (damaged row, rows corrupted by a swap with the next one, next one)
    const PAIRS: [(&[i64], &[i64], i64); 3] =
        [(&[1], &[1, 2], 2), (&[2], &[2, 3], 3), (&[3], &[3, 4], 4)];
    for (ids, both, other) in PAIRS {
        let id = ids[0];
        for m in byte_damage().into_iter().chain(wrong_types()) {
            c.add(
                "sealed",
                row("accounts", "sealed", id),
                m,
                corrupt("accounts", ids),
            );
        }
        c.add(
            "sealed",
            row("accounts", "sealed", id),
            Mutation::Swap(Value::Integer(other)),
            corrupt("accounts", both),
        );
        c.add(
            "sealed",
            row("accounts", "sealed", id),
            Mutation::Delete,
            rows(move |_, s| {
                put(
                    s,
                    format!("accounts/{id}"),
                    format!("err:AccountNotFound({id})"),
                )
            }),
        );
    }
    // Replaying the HOTP row's older, valid blob is not detected: the counter goes back.
    c.add(
        "sealed",
        row("accounts", "sealed", 2),
        Mutation::Set(Value::Blob(fx.old_hotp_blob.clone())),
        rows(|_, s| put(s, "accounts/2", "ok:Issuu james|hotp|*")),
    );
    for m in byte_damage().into_iter().chain(wrong_types()) {
        c.add(
            "sealed",
            row("groups", "sealed", 1),
            m,
            corrupt("groups", &[1]),
        );
    }
    c.add(
        "sealed",
        row("groups", "sealed", 1),
        Mutation::Swap(Value::Integer(2)),
        corrupt("groups", &[1, 2]),
    );
    c.add(
        "sealed",
        row("groups", "sealed", 1),
        Mutation::Delete,
        rows(|_, s| put(s, "groups/1", "err:GroupNotFound(1)")),
    );
    for m in byte_damage().into_iter().chain(wrong_types()) {
        c.add("sealed", row("icons", "sealed", 1), m, corrupt_icon(0));
    }
    c.add(
        "sealed",
        row("icons", "sealed", 1),
        Mutation::Swap(Value::Integer(2)),
        rows(|fx, s| {
            for (id, _) in &fx.icons {
                put(
                    s,
                    format!("icons/{id}"),
                    format!("err:Corrupted(icons,{id})"),
                );
            }
        }),
    );
    c.add(
        "sealed",
        row("icons", "sealed", 1),
        Mutation::Delete,
        rows(|fx, s| put(s, format!("icons/{}", fx.icons[0].0), "none")),
    );
    for m in byte_damage().into_iter().chain(wrong_types()) {
        c.add(
            "sealed",
            setting("sealed", "pref.theme"),
            m,
            corrupt_setting("pref.theme"),
        );
    }
    c.add(
        "sealed",
        setting("sealed", "pref.theme"),
        Mutation::Swap(text("api.useDarkMode")),
        rows(|fx, s| {
            for key in ["pref.theme", "api.useDarkMode"] {
                let id = fx.settings[key];
                put(
                    s,
                    format!("settings/{key}"),
                    format!("err:Corrupted(settings,{id})"),
                );
            }
        }),
    );
    c.add(
        "sealed",
        setting("sealed", "pref.theme"),
        Mutation::Delete,
        rows(|_, s| put(s, "settings/pref.theme", "none")),
    );
}

/// Plaintext columns of accounts, groups, icons and settings.
fn plaintext(c: &mut Cases) {
    let acc = |col| row("accounts", col, 1);
    let p = "plaintext";
    c.add(
        p,
        acc("id"),
        Mutation::Swap(Value::Integer(4)),
        corrupt("accounts", &[1, 4]),
    );
    c.add(
        p,
        acc("id"),
        Mutation::Set(Value::Integer(99)),
        rows(|_, s| {
            put(s, "accounts/1", "err:AccountNotFound(1)");
            put(s, "accounts/99", "err:Corrupted(accounts,99)");
        }),
    );
    c.add(p, acc("uuid"), Mutation::Null, corrupt("accounts", &[1]));
    c.add(
        p,
        acc("uuid"),
        Mutation::Set(Value::Blob(vec![0; 4])),
        corrupt("accounts", &[1]),
    );
    c.add(
        p,
        acc("uuid"),
        Mutation::Set(Value::Integer(7)),
        unchanged(),
    );
    c.add(
        p,
        acc("uuid"),
        Mutation::Swap(Value::Integer(4)),
        unchanged(),
    );
    c.add(p, acc("group_id"), Mutation::Null, unchanged());
    c.add(
        p,
        acc("group_id"),
        Mutation::Set(text("x")),
        corrupt("accounts", &[1]),
    );
    c.add(
        p,
        acc("group_id"),
        Mutation::Set(Value::Blob(vec![1])),
        corrupt("accounts", &[1]),
    );
    c.add(
        p,
        acc("group_id"),
        Mutation::Set(Value::Real(1.5)),
        corrupt("accounts", &[1]),
    );
    c.add(
        p,
        acc("group_id"),
        Mutation::Set(Value::Integer(999)),
        unchanged(),
    );
    c.add(
        p,
        acc("group_id"),
        Mutation::Swap(Value::Integer(2)),
        unchanged(),
    );
    c.add(
        p,
        acc("position"),
        Mutation::Null,
        corrupt("accounts", &[1]),
    );
    c.add(
        p,
        acc("position"),
        Mutation::Set(text("first")),
        corrupt("accounts", &[1]),
    );
    c.add(
        p,
        acc("position"),
        Mutation::Set(Value::Real(1.5)),
        corrupt("accounts", &[1]),
    );
    c.add(
        p,
        acc("position"),
        Mutation::Set(Value::Integer(i64::MIN)),
        unchanged(),
    );
    c.add(
        p,
        acc("position"),
        Mutation::Swap(Value::Integer(4)),
        unchanged(),
    );
    c.add(
        p,
        acc("created_at"),
        Mutation::Null,
        corrupt("accounts", &[1]),
    );
    c.add(
        p,
        acc("created_at"),
        Mutation::Set(text("yesterday")),
        corrupt("accounts", &[1]),
    );
    c.add(
        p,
        acc("updated_at"),
        Mutation::Null,
        corrupt("accounts", &[1]),
    );
    c.add(
        p,
        acc("updated_at"),
        Mutation::Set(Value::Blob(vec![9])),
        corrupt("accounts", &[1]),
    );
    c.add(
        p,
        row("accounts", "last_used_at", 2),
        Mutation::Null,
        unchanged(),
    );
    c.add(
        p,
        acc("last_used_at"),
        Mutation::Set(text("now")),
        corrupt("accounts", &[1]),
    );

    let grp = |col| row("groups", col, 1);
    c.add(
        p,
        grp("id"),
        Mutation::Swap(Value::Integer(2)),
        corrupt("groups", &[1, 2]),
    );
    c.add(
        p,
        grp("id"),
        Mutation::Set(Value::Integer(99)),
        rows(|_, s| {
            put(s, "groups/1", "err:GroupNotFound(1)");
            put(s, "groups/99", "err:Corrupted(groups,99)");
        }),
    );
    c.add(p, grp("uuid"), Mutation::Null, corrupt("groups", &[1]));
    c.add(
        p,
        grp("uuid"),
        Mutation::Set(Value::Blob(vec![0; 4])),
        corrupt("groups", &[1]),
    );
    c.add(
        p,
        grp("position"),
        Mutation::Set(text("top")),
        corrupt("groups", &[1]),
    );
    c.add(
        p,
        grp("position"),
        Mutation::Swap(Value::Integer(2)),
        unchanged(),
    );
    c.add(
        p,
        grp("created_at"),
        Mutation::Set(text("then")),
        corrupt("groups", &[1]),
    );
    c.add(
        p,
        grp("updated_at"),
        Mutation::Null,
        corrupt("groups", &[1]),
    );

    let icon = |col| row("icons", col, 1);
    c.add(
        p,
        icon("id"),
        Mutation::Swap(Value::Integer(2)),
        rows(|fx, s| {
            let (a, b) = (&fx.icons[0], &fx.icons[1]);
            put(
                s,
                format!("icons/{}", a.0),
                format!("err:Corrupted(icons,{})", b.0),
            );
            put(
                s,
                format!("icons/{}", b.0),
                format!("err:Corrupted(icons,{})", a.0),
            );
        }),
    );
    // Names are not bound to the blob: swapping them swaps the images, undetected.
    c.add(
        p,
        icon("name"),
        Mutation::Swap(Value::Integer(2)),
        rows(|fx, s| {
            let (a, b) = (
                format!("icons/{}", fx.icons[0].0),
                format!("icons/{}", fx.icons[1].0),
            );
            let (va, vb) = (s[&a].clone(), s[&b].clone());
            put(s, a, vb);
            put(s, b, va);
        }),
    );
    let gone = || rows(|fx, s| put(s, format!("icons/{}", fx.icons[0].0), "none"));
    c.add(p, icon("name"), Mutation::Null, gone());
    c.add(p, icon("name"), Mutation::Set(Value::Integer(7)), gone());
    c.add(
        p,
        icon("created_at"),
        Mutation::Set(text("then")),
        unchanged(),
    );

    // The key is in the associated data: a value moved to another key does not open.
    c.add(
        p,
        setting("key", "pref.theme"),
        Mutation::Swap(text("api.useDarkMode")),
        rows(|fx, s| {
            let (a, b) = (fx.settings["pref.theme"], fx.settings["api.useDarkMode"]);
            put(
                s,
                "settings/pref.theme",
                format!("err:Corrupted(settings,{b})"),
            );
            put(
                s,
                "settings/api.useDarkMode",
                format!("err:Corrupted(settings,{a})"),
            );
        }),
    );
    let gone = || rows(|_, s| put(s, "settings/pref.theme", "none"));
    c.add(
        p,
        setting("key", "pref.theme"),
        Mutation::Set(text("pref.other")),
        gone(),
    );
    c.add(p, setting("key", "pref.theme"), Mutation::Null, gone());
    c.add(
        p,
        setting("key", "pref.theme"),
        Mutation::Set(Value::Blob(vec![1])),
        gone(),
    );
}

/// API tokens (plain rows: hashes, names, dates) and OTP log rows.
fn tokens_and_log(c: &mut Cases) {
    let tok = |col, id| row("tokens", col, id);
    let t = "tokens";
    // Row 1 is left out of the listing and authenticates nobody; the others keep working.
    let skipped = |id: i64| {
        rows(move |_, s| {
            let list: Vec<i64> = [1, 2, 3].into_iter().filter(|i| *i != id).collect();
            put(s, "tokens.list", format!("ok:{list:?}"));
            put(s, format!("tokens/{id}/auth"), "none");
        })
    };
    let denied = || rows(|_, s| put(s, "tokens/1/auth", "none"));
    let swapped = || {
        rows(|_, s| {
            put(s, "tokens/1/auth", "ok:2");
            put(s, "tokens/2/auth", "ok:1");
        })
    };
    c.add(t, tok("hash", 1), Mutation::Flip(At::First), denied());
    c.add(t, tok("hash", 1), Mutation::Truncate(None), denied());
    c.add(
        t,
        tok("hash", 1),
        Mutation::Swap(Value::Integer(2)),
        swapped(),
    );
    c.add(t, tok("hash", 1), Mutation::Null, skipped(1));
    c.add(
        t,
        tok("hash", 1),
        Mutation::Set(Value::Integer(7)),
        skipped(1),
    );
    c.add(
        t,
        tok("hash", 1),
        Mutation::Set(text("tampered")),
        skipped(1),
    );
    c.add(t, tok("name", 1), Mutation::Null, skipped(1));
    c.add(
        t,
        tok("name", 1),
        Mutation::Set(Value::Blob(vec![1])),
        skipped(1),
    );
    c.add(
        t,
        tok("created_at", 1),
        Mutation::Set(text("then")),
        skipped(1),
    );
    c.add(
        t,
        tok("expires_at", 1),
        Mutation::Set(text("never")),
        skipped(1),
    );
    c.add(
        t,
        tok("expires_at", 1),
        Mutation::Set(Value::Integer(1)),
        denied(),
    );
    c.add(
        t,
        tok("last_used_at", 1),
        Mutation::Set(Value::Blob(vec![1])),
        skipped(1),
    );
    // A scope this build does not know grants nothing: the row is left out.
    for m in [
        Mutation::Set(text("root")),
        Mutation::Set(text("ADMIN")),
        Mutation::Set(Value::Integer(2)),
        Mutation::Null,
    ] {
        c.add(t, tok("scope", 1), m, skipped(1));
    }
    // Not detected: changing a scope to another known one (rows are not MACed).
    c.add(t, tok("scope", 1), Mutation::Set(text("read")), unchanged());
    // Not detected: clearing `revoked_at` brings a revoked token back (rows are not MACed).
    c.add(
        t,
        tok("revoked_at", 3),
        Mutation::Null,
        rows(|_, s| put(s, "tokens/3/auth", "ok:3")),
    );
    c.add(
        t,
        tok("revoked_at", 3),
        Mutation::Set(text("yes")),
        skipped(3),
    );
    c.add(
        t,
        tok("id", 1),
        Mutation::Swap(Value::Integer(2)),
        swapped(),
    );

    let log = |col, id| row("otp_logs", col, id);
    let l = "otp_log";
    let counts = |one: usize, two: usize| {
        rows(move |_, s| {
            put(s, "otp_logs/1", format!("ok:{one}"));
            put(s, "otp_logs/2", format!("ok:{two}"));
        })
    };
    c.add(
        l,
        log("account_id", 1),
        Mutation::Set(text("x")),
        counts(1, 1),
    );
    c.add(
        l,
        log("account_id", 1),
        Mutation::Set(Value::Integer(2)),
        counts(1, 2),
    );
    c.add(l, log("account_id", 1), Mutation::Null, counts(1, 1));
    c.add(
        l,
        log("token_name", 3),
        Mutation::Set(Value::Blob(vec![1])),
        counts(2, 0),
    );
    c.add(
        l,
        log("created_at", 1),
        Mutation::Set(text("then")),
        counts(1, 1),
    );
    c.add(l, log("created_at", 2), Mutation::Null, counts(1, 1));
    c.add(l, log("id", 3), Mutation::Delete, counts(2, 0));
}

/// Header rows in `meta`, the format version and the change counter.
fn header(c: &mut Cases, fx: &Fixture) {
    let h = "header";
    let bad = || open_err("BadHeader");
    let denied = || unlock_err("WrongPassword");
    let le = |n: u32| Value::Blob(n.to_le_bytes().to_vec());
    let wrong = || wrong_types().into_iter().chain([Mutation::Delete]);

    for (i, m) in byte_damage().into_iter().enumerate() {
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
    for (m, e) in byte_damage().into_iter().zip(outcomes) {
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
    for (m, e) in byte_damage().into_iter().zip(outcomes) {
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
    for m in byte_damage() {
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
        Mutation::Sql(
            "4 GiB × 64 passes".into(),
            "UPDATE meta SET value = x'00004000' WHERE key = 'kdf_memory_kib';
             UPDATE meta SET value = x'40000000' WHERE key = 'kdf_iterations';"
                .into(),
        ),
        bad(),
    );

    for m in byte_damage() {
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

    // Another vault's whole header with the same password: it unlocks, to another key, so
    // every sealed row fails its check and nothing is shown in clear.
    let transplant = fx
        .foreign_header
        .iter()
        .map(|(k, v)| {
            let hex: String = v.iter().map(|b| format!("{b:02x}")).collect();
            format!("UPDATE meta SET value = x'{hex}' WHERE key = '{k}';")
        })
        .collect::<String>();
    c.add(
        h,
        meta("(all)"),
        Mutation::Sql(
            "another vault's salt, KDF parameters and wrapped key (same password)".into(),
            transplant,
        ),
        rows(|fx, s| {
            for id in &fx.accounts {
                put(
                    s,
                    format!("accounts/{id}"),
                    format!("err:Corrupted(accounts,{id})"),
                );
            }
            for id in &fx.groups {
                put(
                    s,
                    format!("groups/{id}"),
                    format!("err:Corrupted(groups,{id})"),
                );
            }
            for (id, _) in &fx.icons {
                put(
                    s,
                    format!("icons/{id}"),
                    format!("err:Corrupted(icons,{id})"),
                );
            }
            for (key, id) in &fx.settings {
                put(
                    s,
                    format!("settings/{key}"),
                    format!("err:Corrupted(settings,{id})"),
                );
            }
        }),
    );
    c.add(
        h,
        meta("created_at"),
        Mutation::Set(text("then")),
        unchanged(),
    );
    c.add(h, meta("created_at"), Mutation::Delete, unchanged());
    c.add(
        h,
        meta("(table)"),
        Mutation::Sql("drop the table".into(), "DROP TABLE meta".into()),
        open_err("NotAVault"),
    );

    let v = "user_version";
    for (n, e) in [
        (0, "NotAVault".to_owned()),
        (-1, "NotAVault".to_owned()),
        (2, "TooNew(2)".to_owned()),
        (99, "TooNew(99)".to_owned()),
        (i32::MAX, format!("TooNew({})", i32::MAX)),
    ] {
        c.add(
            v,
            pragma(),
            Mutation::Sql(format!("set {n}"), format!("PRAGMA user_version = {n}")),
            open_err(&e),
        );
    }

    let ch = "changes";
    let counter = || row("changes", "generation", 1);
    let broken = || open_err("Corrupted(changes,1)");
    c.add(ch, row("changes", "id", 1), Mutation::Delete, broken());
    c.add(ch, counter(), Mutation::Null, broken());
    c.add(ch, counter(), Mutation::Set(text("many")), broken());
    c.add(ch, counter(), Mutation::Set(Value::Blob(vec![1])), broken());
    c.add(ch, counter(), Mutation::Set(Value::Real(1.5)), broken());
    c.add(
        ch,
        counter(),
        Mutation::Set(Value::Integer(-5)),
        unchanged(),
    );
}

/// The schema: dropped tables, triggers and indexes.
fn schema(c: &mut Cases) {
    let s = "schema";
    let target = |table: &'static str| Target {
        table,
        column: "(schema)",
        key_column: "",
        key: Value::Null,
    };
    for table in [
        "accounts", "groups", "tokens", "otp_logs", "icons", "settings", "changes",
    ] {
        c.add(
            s,
            target(table),
            Mutation::Sql("drop the table".into(), format!("DROP TABLE {table}")),
            open_err("BadHeader"),
        );
    }
    // Not detected: without its triggers the change counter stops moving (other processes
    // then miss reloads), and without an index only speed changes.
    c.add(
        s,
        target("accounts"),
        Mutation::Sql(
            "drop the update trigger".into(),
            "DROP TRIGGER accounts_update".into(),
        ),
        unchanged(),
    );
    c.add(
        s,
        target("accounts"),
        Mutation::Sql(
            "drop the group index".into(),
            "DROP INDEX accounts_group".into(),
        ),
        unchanged(),
    );
}

/// Every case.
pub fn all(fx: &Fixture) -> Vec<Case> {
    let mut c = Cases(Vec::new());
    sealed(&mut c, fx);
    plaintext(&mut c);
    tokens_and_log(&mut c);
    header(&mut c, fx);
    schema(&mut c);
    c.0
}
