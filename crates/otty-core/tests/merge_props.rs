//! Merging, over random histories: two copies of a vault each get a random sequence of adds,
//! edits, deletions and HOTP advances (interleaved in time), then each is merged into a copy
//! of the other. Both directions must give the same accounts; merging again must write
//! nothing; and the result must be what applying every stamped operation of both sequences in
//! stamp order gives (each write replaces the whole row; a deletion removes it), with every
//! account's HOTP counter the highest either copy reached.

use std::collections::BTreeMap;

use otty_core::stamp::Stamp;
use otty_core::{KdfParams, NewAccount, OtpKind, OtpParams, Secret, Vault};
use proptest::prelude::*;

const FAST: KdfParams = KdfParams::CHEAPEST;

#[derive(Debug, Clone)]
enum Op {
    Add,
    Edit(usize, u8),
    Delete(usize),
    Advance(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        Just(Op::Add),
        (0usize..8, any::<u8>()).prop_map(|(i, t)| Op::Edit(i, t)),
        (0usize..8).prop_map(Op::Delete),
        (0usize..8).prop_map(Op::Advance),
    ]
}

fn account(service: String) -> NewAccount {
    let mut otp = OtpParams::totp(Secret::from_base32("GEZDGNBVGY3TQOJQ").unwrap());
    otp.kind = OtpKind::Hotp;
    NewAccount::new(service, "me", otp)
}

/// What the two copies must agree on: every account's fields and counter, by UUID.
type Accounts = BTreeMap<String, (String, String, u64)>;

fn accounts_of(v: &Vault) -> Accounts {
    v.accounts()
        .unwrap()
        .into_iter()
        .map(|a| (a.uuid, (a.data.service, a.data.notes, a.data.otp.counter)))
        .collect()
}

/// A new in-memory vault holding everything `v` holds (the same UUIDs and stamps).
fn copy_of(v: &Vault) -> Vault {
    let c = Vault::create_in_memory(b"pw", FAST).unwrap();
    c.merge(v, None, false).unwrap();
    c
}

/// One stamped operation as it left its row: the whole row, or none (deleted).
type Logged = (String, Stamp, Option<(String, String)>);

/// Apply `op` to `v`, logging what it wrote if it was an edit.
fn apply(v: &Vault, op: &Op, n: &mut usize, log: &mut Vec<Logged>) {
    let mut list = v.accounts().unwrap();
    list.sort_by(|a, b| a.uuid.cmp(&b.uuid));
    let pick = |i: usize| list.get(i % list.len().max(1)).cloned();
    let written = match op {
        Op::Add => {
            *n += 1;
            Some(v.add(account(format!("added {n}"))).unwrap())
        }
        Op::Edit(i, t) => pick(*i).map(|a| {
            let mut data = a.data.clone();
            data.notes = format!("note {t}");
            v.update(a.id, data).unwrap()
        }),
        Op::Delete(i) => {
            if let Some(a) = pick(*i) {
                v.remove(&[a.id]).unwrap();
                let t = v.tombstones().unwrap()[&a.uuid];
                log.push((a.uuid, t.edit.stamp, None));
            }
            None
        }
        Op::Advance(i) => {
            if let Some(a) = pick(*i) {
                v.otp(a.id, 0).unwrap();
            }
            None
        }
    };
    if let Some(a) = written {
        log.push((a.uuid, a.edit.stamp, Some((a.data.service, a.data.notes))));
    }
}

/// Every stamped operation applied in stamp order; counters are the highest either copy has.
fn model(log: &[Logged], a: &Accounts, b: &Accounts) -> Accounts {
    let mut ordered = log.to_vec();
    ordered.sort_by_key(|(_, stamp, _)| *stamp);
    let mut rows: BTreeMap<String, Option<(String, String)>> = BTreeMap::new();
    for (uuid, _, row) in ordered {
        rows.insert(uuid, row);
    }
    rows.into_iter()
        .filter_map(|(uuid, row)| {
            let (service, notes) = row?;
            let counter = [a.get(&uuid), b.get(&uuid)]
                .into_iter()
                .flatten()
                .map(|r| r.2)
                .max()
                .unwrap_or(0);
            Some((uuid, (service, notes, counter)))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn merges_commute_are_idempotent_and_follow_stamp_order(
        history in proptest::collection::vec((any::<bool>(), op()), 0..14)
    ) {
        let a = Vault::create_in_memory(b"pw", FAST).unwrap();
        let mut log = Vec::new();
        for i in 0..3 {
            let added = a.add(account(format!("start {i}"))).unwrap();
            log.push((added.uuid, added.edit.stamp, Some((added.data.service, added.data.notes))));
        }
        let b = copy_of(&a);
        let mut n = 0;
        for (on_a, op) in &history {
            apply(if *on_a { &a } else { &b }, op, &mut n, &mut log);
        }
        let (final_a, final_b) = (accounts_of(&a), accounts_of(&b));

        let ab = copy_of(&a);
        ab.merge(&b, None, false).unwrap();
        let ba = copy_of(&b);
        ba.merge(&a, None, false).unwrap();
        prop_assert_eq!(accounts_of(&ab), accounts_of(&ba));
        prop_assert_eq!(accounts_of(&ab), model(&log, &final_a, &final_b));

        let again = ab.merge(&b, None, false).unwrap();
        prop_assert!(!again.written, "merging twice wrote: {:?}", again);
        let across = ab.merge(&ba, None, false).unwrap();
        prop_assert!(!across.written, "the two results differ: {:?}", across);
    }
}
