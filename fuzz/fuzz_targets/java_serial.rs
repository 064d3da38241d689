//! Fuzz target `java_serial`: arbitrary bytes through the bounded Java-serialization reader
//! FreeOTP v2 backups need (`core::import::java_serial`), with and without the stream header.
//! Nothing may panic, and a map read never has more entries than half the input's length.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otty::core::import::java_serial;

fuzz_target!(|data: &[u8]| {
    for input in [data.to_vec(), [&[0xAC, 0xED, 0x00, 0x05][..], data].concat()] {
        if let Ok(map) = java_serial::read_string_map(&input) {
            assert!(map.len() <= input.len() / 2, "more entries than bytes");
        }
    }
});
