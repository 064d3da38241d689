//! Fuzz target `import`: arbitrary files through format detection and every importer.
//!
//! The first byte picks the passphrase (none, or the one of the encrypted seeds, so mutated
//! encrypted files get past the key derivation; modulo the list's length), the rest is the
//! file. The bytes go through
//! `detect`, `import` (detection, QR images included) and `import_as` for every format. Built
//! with `cfg(fuzzing)`, key-derivation parameters read from a file are capped far lower than in
//! otty itself (`core/import/cipher.rs`), so one execution stays within milliseconds.
//! Nothing may panic; every account an importer accepts passes `NewAccount::validate`
//! unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otty::core::import::{self, Format};

/// Passphrases of the encrypted seeds (fuzz/make_seeds.py), by the first byte modulo 8.
const PASSPHRASES: [Option<&[u8]>; 8] = [
    None,
    Some(b"test"),
    Some(b"correct horse battery staple"),
    Some(b"interop-test-passphrase"),
    Some(b"testtest"),
    Some(b"testtesttest"),
    Some(b"Testtest1"),
    Some(b"cotp-interop-passphrase"),
];

fn check(result: Result<import::ImportBatch, import::ImportError>) {
    if let Ok(batch) = result {
        for e in &batch.entries {
            if let Ok(a) = &e.account {
                // What an importer calls valid passes the vault's own validation unchanged.
                let mut again = a.clone();
                assert!(
                    again.validate().is_ok(),
                    "an imported account fails validation"
                );
                assert_eq!(&again, a, "validation changed an imported account");
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, file)) = data.split_first() else {
        return;
    };
    let passphrase = PASSPHRASES[usize::from(which) % PASSPHRASES.len()];
    let _ = import::detect(file);
    // QR decoding of a large image is slow: only images up to 16 KiB go through `import`.
    if !otty::core::qr::is_image(file) || file.len() <= 16 * 1024 {
        check(import::import(file, passphrase));
    }
    for format in Format::ALL {
        check(import::import_as(format, file, passphrase));
    }
});
