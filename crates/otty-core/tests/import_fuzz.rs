//! Arbitrary and mangled input to the detector and every importer: errors, never panics.

use otty_core::import::{self, Format};
use proptest::prelude::*;

/// Plain fixtures worth mangling (no passphrase needed, so every case stays fast).
const SEEDS: &[&str] = &[
    "aegis/aegis_plain.json",
    "2fas/2fas_authenticator_plain_v4.2fas",
    "andotp/andotp_plain.json",
    "bitwarden/bitwarden.json",
    "bitwarden/bitwarden.csv",
    "ente/ente_auth.txt",
    "freeotp_plus/freeotp_plus.json",
    "google_migration/example_export.txt",
    "2fauth/VALID_2FAUTH_JSON_MIGRATION_PAYLOAD.json",
    "2fauth-api/validQrcode.png",
];

fn seed(i: usize) -> Vec<u8> {
    let path = SEEDS[i % SEEDS.len()];
    std::fs::read(format!(
        "{}/../../tests/data/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn every_importer(bytes: &[u8]) {
    let _ = import::detect(bytes);
    let _ = import::import(bytes, None);
    for format in Format::ALL {
        // No passphrase: encrypted paths stop before any key derivation, keeping cases fast.
        let _ = import::import_as(format, bytes, None);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        every_importer(&bytes);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "(otpauth://|otpauth-migration://offline\\?data=|steam://|\\{|\\[|,|:|\"|[a-zA-Z0-9%+/=&?#])*") {
        every_importer(text.as_bytes());
    }

    #[test]
    fn mangled_fixtures_never_panic(
        which in 0usize..64,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = seed(which);
        for (at, value) in edits {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        every_importer(&bytes);
        let cut = cut.index(bytes.len());
        every_importer(&bytes[..cut]);
    }
}
