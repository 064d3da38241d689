//! Account icons, stored sealed in the `icons` table (docs/DESIGN.md, «Icons»).
//!
//! An icon is named like 2FAuth's (`<40 random alphanumerics>.<ext>`, about 238 random bits)
//! and its bytes are sealed with the vault key and the row's associated data (its name
//! included), padded like every row, the media type in the first line of the plaintext. The
//! core checks nothing about the image: the caller decides which types it accepts. Deleting an
//! icon clears its name from the accounts that used it, in the same transaction.
//!
//! The name is what lets a face serve an icon without a token (2FAuth's clients load
//! `/storage/icons/{name}` into an `<img>`): [`is_unguessable`] says whether a name is long and
//! random-looking enough for that. Every name otty ever wrote has 40 random characters (no
//! shorter scheme ever existed, format 1 included), so nothing needs migrating; a shorter name
//! could only come from an edited file, and is then served behind a token alone.

use zeroize::Zeroizing;

use super::keys::Keys;
use super::write::Write;
use super::{Vault, accounts, payload};
use crate::error::{Error, Result};
use crate::event::VaultEvent;
use crate::store::{self, Table};

/// Largest icon accepted, in bytes.
pub const MAX_ICON_BYTES: usize = 4 * 1024 * 1024;

const ALNUM: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Random characters in a new icon's name, before the extension.
pub const NAME_CHARS: usize = 40;
/// The fewest random characters a name may have to be served without a token: 20 base62
/// characters are about 119 bits, beyond any page's guessing.
pub const MIN_PUBLIC_CHARS: usize = 20;

/// Whether `name` looks like a name otty draws (at least [`MIN_PUBLIC_CHARS`] ASCII
/// alphanumerics, a dot, an alphanumeric extension), so it may be served without a token.
pub fn is_unguessable(name: &str) -> bool {
    let Some((stem, ext)) = name.split_once('.') else {
        return false;
    };
    stem.len() >= MIN_PUBLIC_CHARS
        && stem.bytes().all(|b| b.is_ascii_alphanumeric())
        && !ext.is_empty()
        && ext.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// An icon's media type and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Icon {
    /// Media type, e.g. `image/png`.
    pub mime: String,
    /// The image.
    pub bytes: Vec<u8>,
}

fn random_name(ext: &str) -> Result<String> {
    let mut buf = [0u8; 80];
    let mut name = String::with_capacity(NAME_CHARS + 1 + ext.len());
    while name.len() < NAME_CHARS {
        getrandom::fill(&mut buf).map_err(|_| Error::Random)?;
        for &b in &buf {
            if b < 248 && name.len() < NAME_CHARS {
                name.push(ALNUM[usize::from(b % 62)] as char);
            }
        }
    }
    name.push('.');
    name.push_str(ext);
    Ok(name)
}

/// Refuse empty or oversized images and odd extensions or media types.
pub(super) fn check_icon(ext: &str, mime: &str, bytes: &[u8]) -> Result<()> {
    if bytes.is_empty() || bytes.len() > MAX_ICON_BYTES {
        return Err(Error::invalid("icon", "empty or larger than 4 MiB"));
    }
    if ext.is_empty() || !ext.bytes().all(|b| b.is_ascii_alphanumeric()) || mime.contains('\n') {
        return Err(Error::invalid("icon", "bad file type"));
    }
    Ok(())
}

/// Insert a checked icon inside the caller's transaction; returns its new file name.
/// The plaintext of an icon: its media type, a newline, its bytes.
pub(super) fn icon_plain(mime: &str, bytes: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut plain = Zeroizing::new(Vec::with_capacity(mime.len() + 1 + bytes.len()));
    plain.extend_from_slice(mime.as_bytes());
    plain.push(b'\n');
    plain.extend_from_slice(bytes);
    plain
}

/// Store an icon inside the caller's write; returns its new file name.
pub(super) fn insert_icon(
    w: &mut Write<'_>,
    keys: &Keys,
    ext: &str,
    mime: &str,
    bytes: &[u8],
) -> Result<String> {
    let name = random_name(ext)?;
    w.insert(
        keys,
        Table::Icons,
        None,
        name.as_bytes(),
        &icon_plain(mime, bytes),
    )?;
    Ok(name)
}

/// An icon's media type and bytes from its plaintext.
pub(super) fn parse(plain: &[u8], id: i64) -> Result<Icon> {
    let corrupted = || Error::Corrupted { table: "icons", id };
    let split = plain
        .iter()
        .position(|&b| b == b'\n')
        .ok_or_else(corrupted)?;
    let mime = std::str::from_utf8(&plain[..split]).map_err(|_| corrupted())?;
    Ok(Icon {
        mime: mime.to_owned(),
        bytes: plain[split + 1..].to_vec(),
    })
}

impl Vault {
    /// Store an icon (`ext` like `png`, the media type, the bytes) and return its new name.
    pub fn add_icon(&self, ext: &str, mime: &str, bytes: &[u8]) -> Result<String> {
        check_icon(ext, mime, bytes)?;
        self.write(|conn, open, _| {
            let mut w = Write::begin(conn, &open.keys)?;
            let name = insert_icon(&mut w, &open.keys, ext, mime, bytes)?;
            w.commit(&open.keys)?;
            Ok(name)
        })
    }

    /// An icon by file name, if it exists. A row that fails its check is `Corrupted`.
    pub fn icon(&self, name: &str) -> Result<Option<Icon>> {
        self.query(|conn, open| {
            let Some(row) = store::row_by_lookup(conn, Table::Icons, name.as_bytes())? else {
                return Ok(None);
            };
            let plain =
                open.keys
                    .open(Table::Icons, row.id, row.version, &row.lookup, &row.sealed)?;
            parse(&plain, row.id).map(Some)
        })
    }

    /// Whether an icon of that name is stored.
    pub fn has_icon(&self, name: &str) -> Result<bool> {
        let inner = self.inner();
        Ok(store::row_by_lookup(&inner.conn, Table::Icons, name.as_bytes())?.is_some())
    }

    /// Delete an icon and clear it from every account that used it, in one transaction;
    /// returns whether it existed.
    pub fn remove_icon(&self, name: &str) -> Result<bool> {
        let (existed, cleared) = self.write(|conn, open, now| {
            let mut w = Write::begin(conn, &open.keys)?;
            let existed = match store::row_by_lookup(&w, Table::Icons, name.as_bytes())? {
                Some(row) => w.delete(Table::Icons, row.id)?,
                None => false,
            };
            let mut cleared = Vec::new();
            for row in store::all_rows(&w, Table::Accounts)?.into_iter().flatten() {
                let Ok(mut account) = payload::open_account(&open.keys, &row) else {
                    continue;
                };
                if account.data.icon.as_deref() != Some(name) {
                    continue;
                }
                account.data.icon = None;
                account.updated_at = now;
                account.edit = account.edit.next();
                accounts::save(&mut w, &open.keys, &account)?;
                cleared.push(account);
            }
            w.commit(&open.keys)?;
            let ids: Vec<i64> = cleared.iter().map(|a| a.id).collect();
            for account in cleared {
                open.accounts.insert(account.id, account);
            }
            Ok((existed, ids))
        })?;
        for id in cleared {
            self.emit(VaultEvent::AccountUpdated(id));
        }
        Ok(existed)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn new_names_are_long_random_and_public() {
        let a = random_name("png").unwrap();
        let b = random_name("png").unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), NAME_CHARS + ".png".len());
        assert!(is_unguessable(&a), "{a}");
    }

    #[test]
    fn short_or_odd_names_are_not_public() {
        let twenty = "A".repeat(MIN_PUBLIC_CHARS);
        assert!(is_unguessable(&format!("{twenty}.webp")));
        for name in [
            format!("{}.png", &twenty[1..]),
            twenty.clone(),
            format!("{twenty}."),
            format!("{twenty}.p/g"),
            format!("../{twenty}.png"),
            format!("{twenty}.png.png"),
            format!("{}-{twenty}.png", "x"),
            String::new(),
        ] {
            assert!(!is_unguessable(&name), "{name:?}");
        }
    }
}
