//! Link options of the `otty` binary.
//!
//! On Linux with glibc the binary's relative relocations are packed (`DT_RELR`, glibc 2.36 and
//! later): a position-independent Rust binary carries one 24-byte relocation for every pointer
//! in its read-only data (about 15,000 for otty), which the dynamic loader reads at every start,
//! so all of them stay resident; packed, they take a few kilobytes. Measured in
//! docs/BENCHMARKS.md, "Reads under writes".

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}
