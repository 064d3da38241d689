//! The fuzz target's property (`fuzz/fuzz_targets/agent_frame.rs`) over its committed seeds,
//! in every `cargo test`: each seed that is a well-formed frame decodes, encodes again and
//! decodes to the same request; the malformed ones are refused without a panic.

#![allow(clippy::unwrap_used)]

use otty_agent::proto::{decode_request, encode};

#[test]
fn the_fuzz_seeds_round_trip() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/agent_frame");
    let mut decoded = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let request = match decode_request(&bytes) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{e}: {}", String::from_utf8_lossy(&bytes));
                continue;
            }
        };
        decoded += 1;
        let back = decode_request(&encode(&request).unwrap()).unwrap();
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            serde_json::to_value(&back).unwrap()
        );
    }
    assert!(
        decoded >= 20,
        "only {decoded} seeds decode: the protocol drifted from them"
    );
}
