//! The vault's head: one sealed row that commits to every sealed row of the vault, so that
//! deleting a row, inserting one (from another copy of the same vault, too), or putting back
//! an older sealed copy of a row is noticed and named, though each such row alone would open.
//!
//! The head holds a write counter, the key epoch, digests of the header and of the schema, and
//! for each committed table the fingerprint of every row: id, per-row version and the last 8
//! bytes of the row's authentication tag (every write seals afresh, so the tag changes with
//! every version). It is rewritten inside every write transaction (`vault/write.rs`), sealed
//! with the vault key and `otty/v2/head/` ‖ vault id ‖ epoch. What cannot hold the key in its
//! transaction (the buffered OTP log and tokens' last use) stays outside it.
//!
//! Encoding: little-endian fixed fields, then per table a count and, per row, the id as a
//! delta from the previous one and the version as LEB128 varints, then the 8 tag bytes: about
//! 11 bytes a row.

use std::collections::BTreeMap;
use std::fmt;

use rusqlite::Connection;

use super::keys::Keys;
use crate::error::{Error, Result};
use crate::store::{self, Fingerprint, Table};

/// A row's expected version and tag end.
pub(crate) type Expected = (i64, [u8; 8]);

/// The decoded head.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct Head {
    /// Committed writes so far.
    pub generation: u64,
    /// The key epoch it was sealed under.
    pub epoch: u32,
    /// Digest of the header (`store::Header::digest`).
    pub header: [u8; 32],
    /// Digest of the schema (`store::schema_digest`).
    pub schema: [u8; 32],
    /// Every committed row, by table and id.
    pub rows: BTreeMap<Table, BTreeMap<i64, Expected>>,
}

/// One thing the head and the file disagree on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Problem {
    /// The head itself is missing or does not open.
    Head,
    /// The header (KDF parameters, wrapped key, vault id, epoch) differs from the committed one.
    Header,
    /// The schema (tables, indexes, triggers) differs from the committed one.
    Schema,
    /// A committed row is gone (deleted from the file).
    Missing {
        /// The table the row belongs to.
        table: &'static str,
        /// Row id.
        id: i64,
    },
    /// A row the head does not know (inserted into the file, from another copy maybe).
    Unexpected {
        /// The table the row belongs to.
        table: &'static str,
        /// Row id.
        id: i64,
    },
    /// A row whose version is older than the committed one (an older copy put back).
    RolledBack {
        /// The table the row belongs to.
        table: &'static str,
        /// Row id.
        id: i64,
    },
    /// A row with the committed id but another version or content (replaced).
    Replaced {
        /// The table the row belongs to.
        table: &'static str,
        /// Row id.
        id: i64,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Head => write!(
                f,
                "the vault's head (its commitment to every row) is missing or damaged"
            ),
            Problem::Header => write!(f, "the header differs from the one the vault committed to"),
            Problem::Schema => write!(f, "the schema (tables, indexes, triggers) was changed"),
            Problem::Missing { table, id } => write!(f, "{table} {id}: deleted from the file"),
            Problem::Unexpected { table, id } => {
                write!(
                    f,
                    "{table} {id}: not written by otty (inserted into the file)"
                )
            }
            Problem::RolledBack { table, id } => {
                write!(f, "{table} {id}: an older copy of the row was put back")
            }
            Problem::Replaced { table, id } => {
                write!(f, "{table} {id}: replaced by a row otty did not write here")
            }
        }
    }
}

fn aad(keys: &Keys, epoch: u32) -> Vec<u8> {
    let mut aad = b"otty/v2/head/".to_vec();
    aad.extend_from_slice(&keys.vault_id);
    aad.extend_from_slice(&epoch.to_le_bytes());
    aad
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let (a, b) = (self.0.get(..n)?, self.0.get(n..)?);
        self.0 = b;
        Some(a)
    }

    fn varint(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.take(1)?.first()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }
}

impl Head {
    /// Record a row as written.
    pub fn put(&mut self, table: Table, id: i64, version: i64, tag: [u8; 8]) {
        self.rows
            .entry(table)
            .or_default()
            .insert(id, (version, tag));
    }

    /// Forget a deleted row.
    pub fn remove(&mut self, table: Table, id: i64) {
        if let Some(t) = self.rows.get_mut(&table) {
            t.remove(&id);
        }
    }

    /// The expected version of a row, if committed.
    pub fn version(&self, table: Table, id: i64) -> Option<i64> {
        self.rows.get(&table)?.get(&id).map(|e| e.0)
    }

    /// Whether a row read now is the one committed (same version and tag end).
    pub fn matches(&self, table: Table, id: i64, version: i64, tag: [u8; 8]) -> bool {
        self.rows
            .get(&table)
            .and_then(|t| t.get(&id))
            .is_some_and(|e| *e == (version, tag))
    }

    /// How many rows of `table` are committed.
    pub fn count(&self, table: Table) -> usize {
        self.rows.get(&table).map_or(0, BTreeMap::len)
    }

    fn encode(&self) -> Vec<u8> {
        let count: usize = self.rows.values().map(BTreeMap::len).sum();
        let mut out = Vec::with_capacity(80 + count * 12);
        out.extend_from_slice(&self.generation.to_le_bytes());
        out.extend_from_slice(&self.epoch.to_le_bytes());
        out.extend_from_slice(&self.header);
        out.extend_from_slice(&self.schema);
        for table in Table::ALL {
            let rows = self.rows.get(&table);
            put_varint(&mut out, rows.map_or(0, BTreeMap::len) as u64);
            let mut last = 0i64;
            for (id, (version, tag)) in rows.into_iter().flatten() {
                put_varint(&mut out, id.wrapping_sub(last) as u64);
                put_varint(&mut out, *version as u64);
                out.extend_from_slice(tag);
                last = *id;
            }
        }
        out
    }

    fn decode(bytes: &[u8]) -> Option<Head> {
        let mut r = Reader(bytes);
        let mut head = Head {
            generation: u64::from_le_bytes(r.take(8)?.try_into().ok()?),
            epoch: u32::from_le_bytes(r.take(4)?.try_into().ok()?),
            header: r.take(32)?.try_into().ok()?,
            schema: r.take(32)?.try_into().ok()?,
            rows: BTreeMap::new(),
        };
        for table in Table::ALL {
            let n = r.varint()?;
            let mut rows = BTreeMap::new();
            let mut last = 0i64;
            for _ in 0..n {
                let id = last.wrapping_add(r.varint()? as i64);
                let version = r.varint()? as i64;
                let tag: [u8; 8] = r.take(8)?.try_into().ok()?;
                rows.insert(id, (version, tag));
                last = id;
            }
            head.rows.insert(table, rows);
        }
        r.0.is_empty().then_some(head)
    }

    /// Seal for storing.
    pub fn seal(&self, keys: &Keys) -> Result<Vec<u8>> {
        keys.sealer.seal(&self.encode(), &aad(keys, self.epoch))
    }

    /// Open a stored head sealed under `keys`' epoch.
    pub fn open(keys: &Keys, sealed: &[u8]) -> Result<Head> {
        let bad = || Error::Corrupted {
            table: "head",
            id: 1,
        };
        let plain = keys
            .sealer
            .open(sealed, &aad(keys, keys.epoch))
            .map_err(|_| bad())?;
        Head::decode(&plain).ok_or_else(bad)
    }

    /// The head stored in the file, if there is one and it opens with `keys` (a head sealed
    /// under another key epoch, damaged or deleted is `None`).
    pub fn stored(conn: &Connection, keys: &Keys) -> Result<Option<Head>> {
        Ok(store::head(conn)?.and_then(|sealed| Head::open(keys, &sealed).ok()))
    }

    /// What differs between the committed rows of `table` and the rows the file holds now.
    pub fn diff_stored(
        &self,
        conn: &Connection,
        table: Table,
        problems: &mut Vec<Problem>,
    ) -> Result<()> {
        self.diff(table, &store::fingerprints(conn, table)?, problems);
        Ok(())
    }

    /// What differs between the committed rows of `table` and the fingerprints read from the
    /// file.
    pub fn diff(&self, table: Table, found: &[Fingerprint], problems: &mut Vec<Problem>) {
        let empty = BTreeMap::new();
        let expected = self.rows.get(&table).unwrap_or(&empty);
        let name = table.name();
        let mut seen = std::collections::BTreeSet::new();
        for f in found {
            seen.insert(f.id);
            match expected.get(&f.id) {
                None => problems.push(Problem::Unexpected {
                    table: name,
                    id: f.id,
                }),
                Some((version, tag)) if (*version, *tag) != (f.version, f.tag) => {
                    problems.push(if (0..*version).contains(&f.version) {
                        Problem::RolledBack {
                            table: name,
                            id: f.id,
                        }
                    } else {
                        Problem::Replaced {
                            table: name,
                            id: f.id,
                        }
                    })
                }
                Some(_) => {}
            }
        }
        for id in expected.keys().filter(|id| !seen.contains(id)) {
            problems.push(Problem::Missing {
                table: name,
                id: *id,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Head {
        let mut h = Head {
            generation: 42,
            epoch: 3,
            header: [1; 32],
            schema: [2; 32],
            rows: BTreeMap::new(),
        };
        h.put(Table::Accounts, 1, 1, [9; 8]);
        h.put(Table::Accounts, 300, 70_000, [8; 8]);
        h.put(Table::Settings, 5, 2, [7; 8]);
        h
    }

    #[test]
    fn the_encoding_round_trips_and_refuses_trailing_bytes() {
        let mut h = sample();
        let bytes = h.encode();
        h.rows.entry(Table::Groups).or_default();
        h.rows.entry(Table::Tokens).or_default();
        h.rows.entry(Table::Icons).or_default();
        assert!(Head::decode(&bytes) == Some(h));
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Head::decode(&longer).is_none());
        assert!(Head::decode(&bytes[..bytes.len() - 1]).is_none());
    }

    #[test]
    fn the_diff_names_each_problem() {
        let h = sample();
        let found = [
            Fingerprint {
                id: 300,
                version: 69_999,
                tag: [1; 8],
            },
            Fingerprint {
                id: 7,
                version: 1,
                tag: [0; 8],
            },
        ];
        let mut problems = Vec::new();
        h.diff(Table::Accounts, &found, &mut problems);
        problems.sort();
        assert_eq!(
            problems,
            [
                Problem::Missing {
                    table: "accounts",
                    id: 1
                },
                Problem::Unexpected {
                    table: "accounts",
                    id: 7
                },
                Problem::RolledBack {
                    table: "accounts",
                    id: 300
                },
            ]
        );
    }
}
