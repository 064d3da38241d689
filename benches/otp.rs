//! Code generation per algorithm and kind: `cargo bench --bench otp`.

use otty::core::account::{Algorithm, OtpKind, OtpParams, Secret};
use otty::core::otp;

fn main() {
    divan::main();
}

fn params(kind: OtpKind, algorithm: Algorithm) -> OtpParams {
    OtpParams {
        kind,
        algorithm,
        digits: if kind == OtpKind::Steam { 5 } else { 6 },
        ..OtpParams::totp(Secret::from_bytes(b"12345678901234567890".to_vec()))
    }
}

#[divan::bench(args = [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512, Algorithm::Md5])]
fn totp(bencher: divan::Bencher, algorithm: Algorithm) {
    let p = params(OtpKind::Totp, algorithm);
    bencher.bench(|| otp::generate(divan::black_box(&p), divan::black_box(1_700_000_000)));
}

#[divan::bench]
fn hotp_sha1(bencher: divan::Bencher) {
    let p = params(OtpKind::Hotp, Algorithm::Sha1);
    bencher.bench(|| otp::generate(divan::black_box(&p), 0));
}

#[divan::bench]
fn steam(bencher: divan::Bencher) {
    let p = params(OtpKind::Steam, Algorithm::Sha1);
    bencher.bench(|| otp::generate(divan::black_box(&p), divan::black_box(1_700_000_000)));
}
