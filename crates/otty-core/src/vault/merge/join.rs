//! What two versions of one account share whichever wins: the state that only ever grows. The
//! kept version gets the higher HOTP counter of the two (when both are HOTP with the same
//! secret: a code handed out on either device must not be handed out again), every backup code
//! used in either copy stays used, and the later last use is kept. Also: when two versions
//! hold the same fields, and an order of their contents for ties.

use std::cmp::Ordering;

use super::super::accounts::backup_codes::keep_used;
use super::super::payload;
use super::replica::Member;
use crate::account::{Group, OtpKind};

/// `winner` joined with the other copy's version `loser`.
pub(super) fn join(winner: &Member, loser: Option<&Member>) -> Member {
    let mut out = winner.clone();
    let Some(loser) = loser else {
        return out;
    };
    let (w, l) = (&mut out.account, &loser.account);
    if w.data.otp.kind == OtpKind::Hotp
        && l.data.otp.kind == OtpKind::Hotp
        && w.data.otp.secret == l.data.otp.secret
    {
        w.data.otp.counter = w.data.otp.counter.max(l.data.otp.counter);
    }
    keep_used(&mut w.data.backup_codes, &l.data.backup_codes);
    w.last_used_at = w.last_used_at.max(l.last_used_at);
    out
}

/// Whether two versions hold the same fields: what an edit changes (the HOTP counter, used
/// marks, times and stamps are not compared).
pub(super) fn same_fields(a: &Member, b: &Member) -> bool {
    let (x, y) = (&a.account.data, &b.account.data);
    let codes = |m: &Member| -> Vec<String> {
        m.account
            .data
            .backup_codes
            .iter()
            .map(|c| c.code.clone())
            .collect()
    };
    let (mut px, mut py) = (x.otp.clone(), y.otp.clone());
    px.counter = 0;
    py.counter = 0;
    x.service == y.service
        && x.account == y.account
        && x.icon == y.icon
        && px == py
        && x.notes == y.notes
        && x.favorite == y.favorite
        && codes(a) == codes(b)
        && a.group == b.group
        && a.account.position == b.account.position
}

/// A total order of two versions' contents, the same whichever copy merges into which; it only
/// decides between versions with equal stamps.
pub(super) fn order(a: &Member, b: &Member) -> Ordering {
    let key = |m: &Member| {
        let mut acc = m.account.clone();
        acc.id = 0;
        payload::account_plain(&acc).ok()
    };
    // The plaintexts are compared where they are (wiped on drop), never copied.
    let (x, y) = (key(a), key(b));
    let contents = match (&x, &y) {
        (Some(x), Some(y)) => x.as_slice().cmp(y.as_slice()),
        (x, y) => x.is_some().cmp(&y.is_some()),
    };
    contents.then_with(|| a.group.cmp(&b.group))
}

/// Whether two groups hold the same name and position.
pub(super) fn same_group(a: &Group, b: &Group) -> bool {
    a.name == b.name && a.position == b.position
}

/// [`order`] for groups.
pub(super) fn order_groups(a: &Group, b: &Group) -> Ordering {
    (&a.name, a.position).cmp(&(&b.name, b.position))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::{Account, BackupCode, NewAccount, OtpParams, Secret};

    fn member(counter: u64, used: Option<i64>, last: Option<i64>) -> Member {
        let mut otp = OtpParams::totp(Secret::from_bytes(vec![1; 10]));
        otp.kind = OtpKind::Hotp;
        otp.counter = counter;
        let mut data = NewAccount::new("S", "a", otp);
        data.backup_codes = vec![BackupCode {
            code: "1111-2222".into(),
            used_at: used,
        }];
        Member {
            account: Account {
                id: 1,
                uuid: "u".into(),
                position: 1,
                created_at: 0,
                updated_at: 0,
                last_used_at: last,
                edit: Default::default(),
                data,
            },
            group: None,
        }
    }

    #[test]
    fn the_kept_version_takes_the_highest_counter_every_used_code_and_the_last_use() {
        let winner = member(3, None, Some(10));
        let loser = member(8, Some(5), Some(20));
        let joined = join(&winner, Some(&loser));
        assert_eq!(joined.account.data.otp.counter, 8);
        assert_eq!(joined.account.data.backup_codes[0].used_at, Some(5));
        assert_eq!(joined.account.last_used_at, Some(20));
        // And the other way round: nothing goes back.
        let joined = join(&loser, Some(&winner));
        assert_eq!(joined.account.data.otp.counter, 8);
        assert_eq!(joined.account.data.backup_codes[0].used_at, Some(5));
        assert!(
            same_fields(&winner, &loser),
            "counters and marks are not fields"
        );
    }

    #[test]
    fn a_new_secret_keeps_its_own_counter() {
        let winner = member(3, None, None);
        let mut loser = member(8, None, None);
        loser.account.data.otp.secret = Secret::from_bytes(vec![2; 10]);
        assert_eq!(join(&winner, Some(&loser)).account.data.otp.counter, 3);
        assert!(!same_fields(&winner, &loser));
    }

    #[test]
    fn contents_order_the_same_both_ways() {
        let a = member(1, None, None);
        let mut b = member(1, None, None);
        b.account.data.notes = "other".into();
        assert_eq!(order(&a, &b), order(&b, &a).reverse());
        assert_ne!(order(&a, &b), Ordering::Equal);
    }
}
