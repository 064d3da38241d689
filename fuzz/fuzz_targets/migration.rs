//! Fuzz target `migration`: Google Authenticator's migration payloads.
//!
//! The first byte picks the shape: even, the rest is raw protobuf bytes, wrapped as
//! `otpauth-migration://offline?data=<base64>` (so the fuzzer works on the protobuf itself);
//! odd, the rest is the text of a migration export as it is. Both go through the public
//! importer (`import_as(GoogleMigration)` and format detection); nothing may panic, and every
//! entry must be either a validated account or a reason.
#![no_main]

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use libfuzzer_sys::fuzz_target;
use otty::core::import::{self, Format};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = if mode % 2 == 0 {
        let b64 = STANDARD.encode(rest);
        // Percent-encode what a URI query may not hold raw, as Google does.
        let data = b64
            .replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D");
        format!("otpauth-migration://offline?data={data}").into_bytes()
    } else {
        rest.to_vec()
    };
    if let Ok(batch) = import::import_as(Format::GoogleMigration, &text, None) {
        assert!(
            !batch.entries.is_empty(),
            "an import with no entries must be an error"
        );
        for a in batch.valid().filter_map(|e| e.account.as_ref().ok()) {
            let mut again = a.clone();
            assert!(
                again.validate().is_ok(),
                "an imported account fails validation"
            );
            assert_eq!(&again, a, "validation changed an imported account");
        }
    }
    let _ = import::detect(&text);
});
