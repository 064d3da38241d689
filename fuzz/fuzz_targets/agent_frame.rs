//! Fuzz target `agent_frame`: arbitrary bytes through the unlock agent's request decoder (the
//! frame header, its version and size limit, then the JSON body) and its stream reader.
//!
//! Nothing may panic, and nothing may allocate by a length the input announces beyond the
//! limit. A request that decodes must encode again into a frame that decodes to the same
//! request (compared as JSON).
#![no_main]

use libfuzzer_sys::fuzz_target;
use otty::agent::frame;
use otty::agent::proto::{decode_request, encode};

fuzz_target!(|data: &[u8]| {
    let mut stream = data;
    let _ = frame::read(&mut stream);
    let Ok(request) = decode_request(data) else {
        return;
    };
    let again = match encode(&request) {
        Ok(bytes) => bytes,
        Err(e) => panic!("a decoded request does not encode: {e}"),
    };
    let back = match decode_request(&again) {
        Ok(r) => r,
        Err(e) => panic!("a re-encoded request does not decode: {e}"),
    };
    assert_eq!(
        serde_json::to_value(&request).ok(),
        serde_json::to_value(&back).ok(),
        "encode/decode changed the request"
    );
});
