//! Fuzz target `uri`: arbitrary text through the otpauth URI parser.
//!
//! Nothing may panic. When a URI parses, its canonical form must parse again and give the same
//! account, up to the two exceptions `core::uri` documents (a TOTP whose service is `steam`
//! comes back as Steam; the parameter a kind does not use comes back with its default).
#![no_main]

use libfuzzer_sys::fuzz_target;
use otty::core::uri::{format, parse};
use otty::core::{NewAccount, OtpKind};

/// `a` as a URI can carry it: the unused parameter at its default.
fn expressible(a: &NewAccount) -> NewAccount {
    let mut a = a.clone();
    match a.otp.kind {
        OtpKind::Hotp => a.otp.period = 30,
        OtpKind::Totp | OtpKind::Steam => a.otp.counter = 0,
    }
    a
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(first) = parse(text) else {
        return;
    };
    let canonical = format(&first);
    let second = match parse(&canonical) {
        Ok(a) => a,
        Err(e) => panic!("the canonical URI of a parsed account does not parse: {e}"),
    };
    let steam_by_name =
        first.otp.kind == OtpKind::Totp && first.service.eq_ignore_ascii_case("steam");
    if !steam_by_name {
        assert_eq!(
            expressible(&first),
            second,
            "format/parse changed the account"
        );
    }
    // The canonical form is a fixed point.
    assert_eq!(
        format(&second),
        format(
            &parse(&format(&second))
                .unwrap_or_else(|e| { panic!("a canonical URI does not parse twice: {e}") })
        )
    );
});
