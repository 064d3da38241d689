//! Android `shared_prefs` XML, the file several apps keep their tokens in: a `<map>` of typed
//! entries (`<string name="…">text</string>`, `<int name="…" value="…"/>`, …). Read with
//! roxmltree, which refuses DTDs (so no entity expansion) and bounds the node count.
//!
//! Detection by the entry names each app uses: Authy's token key, Battle.net's device secret,
//! TOTP Authenticator's code list, and FreeOTP's `tokenOrder`.

use super::{Format, ImportError};

/// Most XML nodes read from one file (a token store has a few per account).
const MAX_NODES: u32 = 200_000;

/// Whether the text looks like an XML document (before any parsing).
pub(crate) fn is_xml(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with("<?xml") || t.starts_with("<map")
}

/// The entries of a `shared_prefs` map, in file order.
pub(crate) struct Prefs {
    entries: Vec<(String, String)>,
}

impl Prefs {
    /// Parse the map; `None` when the text is not a `shared_prefs` XML document.
    pub fn parse(text: &str) -> Option<Prefs> {
        let options = roxmltree::ParsingOptions {
            allow_dtd: false,
            nodes_limit: MAX_NODES,
            ..roxmltree::ParsingOptions::default()
        };
        let doc = roxmltree::Document::parse_with_options(text, options).ok()?;
        let map = doc.root_element();
        if map.tag_name().name() != "map" {
            return None;
        }
        let entries = map
            .children()
            .filter(roxmltree::Node::is_element)
            .filter_map(|e| {
                let name = e.attribute("name")?.to_owned();
                let value = match e.attribute("value") {
                    Some(v) => v.to_owned(),
                    None => e.text().unwrap_or("").to_owned(),
                };
                Some((name, value))
            })
            .collect();
        Some(Prefs { entries })
    }

    /// Parse, or report the file as damaged for `format`.
    pub fn parse_as(text: &str, format: Format) -> Result<Prefs, ImportError> {
        Prefs::parse(text).ok_or_else(|| ImportError::damaged(format, "not a shared_prefs XML map"))
    }

    /// The value of the entry named `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every entry, in file order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }
}

/// Which app's `shared_prefs` file this is.
pub(crate) fn detect(text: &str) -> Option<Format> {
    let prefs = Prefs::parse(text)?;
    if super::authy::KEYS.iter().any(|k| prefs.get(k).is_some()) {
        Some(Format::Authy)
    } else if prefs.get(super::battle_net::SECRET_KEY).is_some() {
        Some(Format::BattleNet)
    } else if prefs.get(super::totp_authenticator::LIST_KEY).is_some() {
        Some(Format::TotpAuthenticator)
    } else if super::freeotp::is_token_store(&prefs) {
        Some(Format::FreeOtp)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_typed_entries_and_refuses_dtds() {
        let text = r#"<?xml version='1.0' encoding='utf-8' standalone='yes' ?>
<map>
    <int name="n" value="7" />
    <string name="s">a &quot;b&quot; &amp; c</string>
    <string name="empty"></string>
</map>"#;
        let p = Prefs::parse(text).unwrap();
        assert_eq!(p.get("n"), Some("7"));
        assert_eq!(p.get("s"), Some(r#"a "b" & c"#));
        assert_eq!(p.get("empty"), Some(""));
        assert_eq!(p.entries().count(), 3);
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE map [<!ENTITY a "aaaa">]><map><string name="x">&a;</string></map>"#;
        assert!(Prefs::parse(bomb).is_none());
        assert!(Prefs::parse("<other/>").is_none());
        assert_eq!(detect("<map><string name=\"x\">y</string></map>"), None);
    }
}
