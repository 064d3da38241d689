//! Arbitrary and mangled input to the detector and every importer: errors, never panics.

use otty_core::import::{self, Format, java_serial};
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
    // The importers of issue 18 (the encrypted ones stop at "a passphrase is needed").
    "authy/authy_plain.xml",
    "authy/authy_encrypted.xml",
    "authenticator_plus/authenticator_plus.zip",
    "battle_net/battle_net_authenticator.xml",
    "duo/duo.json",
    "freeotp/freeotp.xml",
    "freeotp/freeotp_v2_api23.xml",
    "freeotp/freeotp_v2_api27.xml",
    "google_authenticator/google_authenticator.sqlite",
    "microsoft_authenticator/cotp/PhoneFactor",
    "proton_authenticator/proton_authenticator.json",
    "proton_authenticator/ente/proton_authenticator_backup_encrypted_1231246.json",
    "steam/steam.json",
    "stratum/stratum_plain.json",
    "stratum/stratum_encrypted_legacy.bin",
    "stratum/stratum_internal.db",
    "totp_authenticator/totp_authenticator.bin",
    "totp_authenticator/totp_authenticator_internal.xml",
    "cotp/cotp_input.json",
    "generated/cotp_encrypted.json",
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
    fn arbitrary_java_streams_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        // Behind the stream header, so the reader gets past its first check.
        let stream = [&[0xAC, 0xED, 0x00, 0x05, 0x73, 0x72][..], &bytes].concat();
        let _ = java_serial::read_string_map(&stream);
        every_importer(&stream);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    #[test]
    fn mangled_fixtures_never_panic(
        which in 0usize..SEEDS.len(),
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
