//! The server crash test's writers and bookkeeping: an API client sending random writes until
//! the server stops answering, and the model of everything acknowledged, which settles the
//! writes left unanswered against the file after each kill.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use otty::core::{Account, OtpKind};
use serde_json::{Value, json};

use crate::served::{NoReply, Rng, request};

/// What an account must look like, as far as the tests check it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fields {
    pub service: String,
    pub account: String,
    pub secret: String,
    pub kind: OtpKind,
    pub counter: u64,
}

impl Fields {
    pub fn of(a: &Account) -> Fields {
        Fields {
            service: a.data.service.clone(),
            account: a.data.account.clone(),
            secret: a.data.otp.secret.to_base32().to_string(),
            kind: a.data.otp.kind,
            counter: if a.data.otp.kind == OtpKind::Hotp {
                a.data.otp.counter
            } else {
                0
            },
        }
    }

    fn body(&self) -> Value {
        let mut b = json!({
            "service": self.service, "account": self.account, "icon": null,
            "otp_type": if self.kind == OtpKind::Hotp { "hotp" } else { "totp" },
            "secret": self.secret, "digits": 6, "algorithm": "sha1", "period": 30,
        });
        if self.kind == OtpKind::Hotp {
            b["counter"] = json!(self.counter);
        }
        b
    }
}

/// A write that was sent and never answered.
#[derive(Debug)]
pub enum Pending {
    Create(Fields),
    Put { id: i64, old: Fields, new: Fields },
    Delete { id: i64, old: Fields },
    Code(i64),
}

/// What one client saw during one round.
#[derive(Default)]
pub struct Outcome {
    /// Its accounts answered as created (and edited), not deleted.
    pub live: BTreeMap<i64, Fields>,
    /// Its accounts answered as deleted.
    pub deleted: Vec<i64>,
    /// HOTP codes answered: (account, code, counter stored after it).
    pub codes: Vec<(i64, String, u64)>,
    /// Answered writes by kind: create, edit, delete.
    pub acked: [usize; 3],
    pub pending: Option<Pending>,
}

/// One API client: random writes until the server stops answering.
pub fn client(addr: String, token: String, tag: String, shared: Vec<i64>, seed: u64) -> Outcome {
    let mut rng = Rng::new(seed);
    let mut out = Outcome::default();
    for n in 0.. {
        let roll = rng.below(100);
        let own: Vec<i64> = out.live.keys().copied().collect();
        let pick = |rng: &mut Rng| own[rng.below(own.len() as u64) as usize];
        let op = if roll < 35 || own.is_empty() && roll < 65 {
            let hotp = rng.below(4) == 0;
            Pending::Create(Fields {
                service: format!("{tag}-n{n}"),
                account: format!("user{n}@example.com"),
                secret: rng.secret(16),
                kind: if hotp { OtpKind::Hotp } else { OtpKind::Totp },
                counter: if hotp { rng.below(1000) } else { 0 },
            })
        } else if roll < 55 && !own.is_empty() {
            let id = pick(&mut rng);
            let old = out.live[&id].clone();
            let new = Fields {
                service: format!("{tag}-n{n}-edited"),
                secret: rng.secret(16),
                ..old.clone()
            };
            Pending::Put { id, old, new }
        } else if roll < 65 && !own.is_empty() {
            let id = pick(&mut rng);
            Pending::Delete {
                id,
                old: out.live[&id].clone(),
            }
        } else {
            Pending::Code(shared[rng.below(shared.len() as u64) as usize])
        };
        let sent = match &op {
            Pending::Create(f) => request(&addr, &token, "POST", "/twofaccounts", Some(&f.body())),
            Pending::Put { id, new, .. } => {
                // No `counter` in the body: the stored one must be kept.
                let mut body = new.body();
                body.as_object_mut().unwrap().remove("counter");
                request(
                    &addr,
                    &token,
                    "PUT",
                    &format!("/twofaccounts/{id}"),
                    Some(&body),
                )
            }
            Pending::Delete { id, .. } => request(
                &addr,
                &token,
                "DELETE",
                &format!("/twofaccounts/{id}"),
                None,
            ),
            Pending::Code(id) => request(
                &addr,
                &token,
                "GET",
                &format!("/twofaccounts/{id}/otp"),
                None,
            ),
        };
        let reply = match sent {
            Ok(r) => r,
            Err(NoReply::NotSent) => break,
            Err(NoReply::Unanswered) => {
                out.pending = Some(op);
                break;
            }
        };
        assert!(reply.ok(), "{op:?}: {} {}", reply.status, reply.body);
        match op {
            Pending::Create(f) => {
                assert_eq!(reply.status, 201);
                out.live.insert(reply.body["id"].as_i64().unwrap(), f);
                out.acked[0] += 1;
            }
            Pending::Put { id, new, .. } => {
                assert_eq!(reply.body["counter"].as_u64().unwrap_or(0), new.counter);
                out.live.insert(id, new);
                out.acked[1] += 1;
            }
            Pending::Delete { id, .. } => {
                assert_eq!(reply.status, 204);
                out.live.remove(&id);
                out.deleted.push(id);
                out.acked[2] += 1;
            }
            Pending::Code(id) => {
                let code = reply.body["password"].as_str().unwrap().to_owned();
                out.codes
                    .push((id, code, reply.body["counter"].as_u64().unwrap()));
            }
        }
    }
    out
}

/// Everything the server acknowledged so far, over all rounds.
#[derive(Default)]
pub struct Model {
    pub live: BTreeMap<i64, Fields>,
    pub gone: BTreeSet<i64>,
    /// Shared HOTP account → counter last verified in the file.
    pub counters: BTreeMap<i64, u64>,
    pub shared_fields: BTreeMap<i64, Fields>,
    pub codes: HashSet<(i64, String)>,
    pub acked: [usize; 4],
    pub unanswered: usize,
    pub committed: usize,
}

impl Model {
    /// Fold one round's outcomes in, settling unanswered writes against the file.
    pub fn settle(&mut self, outcomes: Vec<Outcome>, stored: &BTreeMap<i64, Fields>) {
        let mut asked: BTreeMap<i64, (u64, u64)> = BTreeMap::new(); // acked, pending
        for o in outcomes {
            for (id, code, counter) in o.codes {
                assert!(
                    self.codes.insert((id, code)),
                    "HOTP code of account {id} handed out twice (counter {counter})"
                );
                asked.entry(id).or_default().0 += 1;
                self.acked[3] += 1;
            }
            for i in 0..3 {
                self.acked[i] += o.acked[i];
            }
            self.live.extend(o.live);
            for id in o.deleted {
                self.live.remove(&id);
                self.gone.insert(id);
            }
            let Some(p) = o.pending else { continue };
            self.unanswered += 1;
            let committed = match p {
                Pending::Create(f) => {
                    let found: Vec<i64> = stored
                        .iter()
                        .filter(|(_, s)| s.service == f.service)
                        .map(|(id, _)| *id)
                        .collect();
                    assert!(found.len() <= 1, "created twice: {found:?}");
                    if let Some(id) = found.first() {
                        assert_eq!(stored[id], f, "half-written create");
                        self.live.insert(*id, f);
                    }
                    !found.is_empty()
                }
                Pending::Put { id, old, new } => {
                    let now = &stored[&id];
                    assert!(*now == old || *now == new, "half-written edit: {now:?}");
                    self.live.insert(id, now.clone());
                    *now == new
                }
                Pending::Delete { id, old } => match stored.get(&id) {
                    None => {
                        self.live.remove(&id);
                        self.gone.insert(id);
                        true
                    }
                    Some(now) => {
                        assert_eq!(*now, old);
                        false
                    }
                },
                Pending::Code(id) => {
                    asked.entry(id).or_default().1 += 1;
                    continue; // settled below, from the counter
                }
            };
            self.committed += usize::from(committed);
        }
        for (id, base) in self.counters.iter_mut() {
            let (acked, pending) = asked.get(id).copied().unwrap_or_default();
            let now = stored[id].counter;
            assert!(
                *base + acked <= now && now <= *base + acked + pending,
                "account {id}: counter {now}, was {base}, {acked} codes answered, {pending} unanswered"
            );
            self.committed += (now - *base - acked) as usize;
            *base = now;
        }
    }

    /// The file holds exactly what was acknowledged (plus settled unanswered writes).
    pub fn check(&self, stored: &BTreeMap<i64, Fields>) {
        for (id, f) in &self.live {
            assert_eq!(stored.get(id), Some(f), "acknowledged account {id}");
        }
        for id in &self.gone {
            assert!(!stored.contains_key(id), "deleted account {id} came back");
        }
        let expected: BTreeSet<i64> = self
            .live
            .keys()
            .chain(self.counters.keys())
            .copied()
            .collect();
        let found: BTreeSet<i64> = stored.keys().copied().collect();
        assert_eq!(found, expected, "accounts nobody acknowledged");
        for (id, f) in &self.shared_fields {
            let s = &stored[id];
            assert_eq!((&s.service, &s.secret), (&f.service, &f.secret));
        }
    }
}
