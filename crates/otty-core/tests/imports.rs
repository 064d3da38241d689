//! Every fixture with known accounts, imported and compared field by field, plus the code at a
//! fixed time. Fixtures are copies under `tests/data/` (see `tests/data/SOURCES.md`).

use otty_core::import::{self, Format, ImportError};
use otty_core::otp;
use otty_core::{Algorithm, OtpKind, OtpParams, Secret};

/// The moment every code is computed at.
const T: i64 = 1_700_000_000;

/// An expected account: service, account, kind, algorithm, digits, period or counter, secret.
type Exp = (
    &'static str,
    &'static str,
    OtpKind,
    Algorithm,
    u8,
    u64,
    &'static str,
);

use Algorithm::{Sha1, Sha256, Sha512};
use OtpKind::{Hotp, Steam, Totp};

// Aegis's canonical vectors (INDEX.md).
const V1: Exp = (
    "Deno",
    "Mason",
    Totp,
    Sha1,
    6,
    30,
    "4SJHB4GSD43FZBAI7C2HLRJGPQ",
);
const V2: Exp = (
    "SPDX",
    "James",
    Totp,
    Sha256,
    7,
    20,
    "5OM4WOOGPLQEF6UGN3CPEOOLWU",
);
const V3: Exp = (
    "Airbnb",
    "Elijah",
    Totp,
    Sha512,
    8,
    50,
    "7ELGJSGXNCCTV3O6LKJWYFV2RA",
);
const V4: Exp = (
    "Issuu",
    "James",
    Hotp,
    Sha1,
    6,
    1,
    "YOOMIXWS5GN6RTBPUFFWKTW5M4",
);
const V5: Exp = (
    "Air Canada",
    "Benjamin",
    Hotp,
    Sha256,
    7,
    50,
    "KUVJJOM753IHTNDSZVCNKL7GII",
);
const V6: Exp = (
    "WWE",
    "Mason",
    Hotp,
    Sha512,
    8,
    10300,
    "5VAML3X35THCEBVRLV24CGBKOY",
);
const V7: Exp = (
    "Boeing",
    "Sophia",
    Steam,
    Sha1,
    5,
    30,
    "JRZCL47CMXVOQMNPZR2F7J4RGI",
);
const V8: Exp = (
    "Battle.net",
    "US-2211-2050-3346",
    Totp,
    Sha1,
    8,
    30,
    "BMGRXPGFARQQF4GMT25JATL2VYLAHDBI",
);
const V1_7: &[Exp] = &[V1, V2, V3, V4, V5, V6, V7];
const V1_6: &[Exp] = &[V1, V2, V3, V4, V5, V6];

// 2FAuth's test accounts (MANIFEST.md).
const S: &str = "A4GRFHVVRBGY7UIW";
const FA_TOTP: Exp = ("service", "account", Totp, Sha256, 7, 40, S);
const FA_HOTP: Exp = ("service", "account", Hotp, Sha256, 7, 5, S);
const FA_STEAM: Exp = (
    "Steam",
    "account",
    Steam,
    Sha1,
    5,
    30,
    "XJGTDRUUKZH3X7TQN2QZUGCGXZCC5LXE",
);

// extract_otp_secrets' example (example_output.json).
const PI: &str = "7KSQL2JTUDIS5EF65KLMRQIIGY";
const PI_1: Exp = ("raspberrypi", "pi@raspberrypi", Totp, Sha1, 6, 30, PI);
const PI_2: Exp = ("", "pi@raspberrypi", Totp, Sha1, 6, 30, PI);
const PI_HOTP: Exp = ("", "hotp demo", Hotp, Sha1, 6, 4, PI);
const PI_ENC: Exp = ("", "encoding: ¿äÄéÉ? (demo)", Totp, Sha1, 6, 30, PI);

/// `(file under tests/data, passphrase, format, encrypted, expected, invalid entries)`.
type Case = (
    &'static str,
    Option<&'static str>,
    Format,
    bool,
    Vec<Exp>,
    usize,
);

fn totp_default(v: Exp) -> Exp {
    (v.0, v.1, Totp, Sha1, 6, 30, v.6)
}

/// A vector with its names replaced (apps that store them differently).
fn named(v: Exp, service: &'static str, account: &'static str) -> Exp {
    (service, account, v.2, v.3, v.4, v.5, v.6)
}

/// A vector as an app that keeps only SHA1 over 30 s (and the file's digits) stores it.
fn sha1_30(v: Exp) -> Exp {
    (
        v.0,
        v.1,
        v.2,
        Sha1,
        v.4,
        if v.2 == Hotp { v.5 } else { 30 },
        v.6,
    )
}

/// Fixtures whose format has no header: imported with `--format` ([`import::import_as`]),
/// and never detected by content.
const NEEDS_FORMAT: &[(&str, Format)] = &[("andotp/andotp_encrypted_old.bin", Format::AndOtp)];

/// Import a fixture as the CLI does (content, with the file name as a hint), or with its
/// format when it has no header.
fn load(path: &str, pass: Option<&[u8]>) -> Result<import::ImportBatch, ImportError> {
    let bytes = read(path);
    match NEEDS_FORMAT.iter().find(|(p, _)| *p == path) {
        Some((_, format)) => import::import_as(*format, &bytes, pass),
        None => import::import_named(&bytes, Some(path), pass),
    }
}

/// The accounts of the new importers' fixtures (issue 18), as each file holds them.
fn new_cases() -> Vec<Case> {
    let authy = vec![sha1_30(V1), sha1_30(V2), sha1_30(V3)];
    let lower = |v: Exp, name| (v.0, name, Totp, Sha1, v.4, v.5, v.6);
    let totp_auth = vec![lower(V1, "mason"), lower(V2, "james"), lower(V3, "elijah")];
    let google_db: Vec<Exp> = V1_6
        .iter()
        .map(|v| {
            (
                v.0,
                v.1,
                v.2,
                Sha1,
                6,
                if v.2 == Hotp { v.5 } else { 30 },
                v.6,
            )
        })
        .collect();
    let microsoft: Vec<Exp> = V1_7.iter().copied().map(totp_default).collect();
    let proton_ente = vec![
        (
            ".env",
            "example@ente.io",
            Totp,
            Sha1,
            6,
            30,
            "MI4GCOJSGIZTKLJSGMZWKLJUGEZDQLJYG5STILJSMUYDIYTCMQ3TSOJRGI",
        ),
        (
            "/e/",
            "cool@ente.com",
            Totp,
            Sha1,
            6,
            30,
            "554VBDOGJRLDG2JV",
        ),
        (
            "ente",
            "simple@ente.sh",
            Totp,
            Sha1,
            6,
            30,
            "PIBTGMBYQYVSLN5PVZYQUTKYHOBRYYT7",
        ),
        (
            "reddit",
            "r@ente.com",
            Totp,
            Sha1,
            6,
            30,
            "J4YFC3TZKVYWCVCNIVBWIV2GHFAXUNDF",
        ),
    ];
    let steam = vec![named(V7, "Steam", "Sophia")];
    let cotp = vec![
        (
            "",
            "label1",
            Totp,
            Sha1,
            6,
            30,
            "A7MES7UQ44SRYSGZOMZICLSKOXMHZEZ25U3CG5MIS3MNTDDLQV7W7I5ZAZOIYHYEM7CUXFRZG36WQZ7GY453WYXQTJNVSYS2TTVSYHEX2NOIAUQ65GL6EWYRZUMPTQ2L3KGIM2SPEVJMFA7C4V2HIUWJJBLSSD7H4VAQNGBR42IQU",
        ),
        (
            "ciccio",
            "label2",
            Hotp,
            Sha256,
            6,
            3,
            "EO2Q2L76QCOOKQENXAHLFBSYH3QDSJMRLK5MN4MPN6RFXJS2UU67P2JWATQ2H6HXDN66W4FQ4JAC4CQ",
        ),
    ];
    let ms_cotp = |n| {
        (
            n,
            n,
            Totp,
            Sha1,
            6,
            30,
            "XHRHVLZKO5YARFKEH65RFC7NVOOQCZXNHSCB2Y32OCV32ITSQOVV3DSD",
        )
    };
    let gauth_cotp = |n| {
        (
            "",
            n,
            Totp,
            Sha1,
            6,
            30,
            "V24KSXF7TXJFGCKG35ZHQVQB4XZK26XPD7UCXU5GXU3POBTXAFLD47SA",
        )
    };
    let freeotp_v2 = V1_6.to_vec();
    vec![
        (
            "authy/authy_plain.xml",
            None,
            Format::Authy,
            false,
            authy.clone(),
            0,
        ),
        (
            "authy/authy_encrypted.xml",
            Some("testtest"),
            Format::Authy,
            true,
            authy,
            0,
        ),
        (
            "authy/cotp/authy.xml",
            None,
            Format::Authy,
            false,
            vec![(
                "",
                "Test",
                Totp,
                Sha1,
                6,
                30,
                "TLQEUBNC4ENYRDMLM2ZMQPN7PE272AW7",
            )],
            0,
        ),
        (
            "authenticator_plus/authenticator_plus.zip",
            Some("testtesttest"),
            Format::AuthenticatorPlus,
            true,
            V1_7.to_vec(),
            0,
        ),
        (
            "battle_net/battle_net_authenticator.xml",
            None,
            Format::BattleNet,
            false,
            vec![V8],
            0,
        ),
        (
            "duo/duo.json",
            None,
            Format::Duo,
            false,
            // Duo keeps no issuer; the file's HOTP counter is 3.
            vec![named(V1, "", "Mason"), (V4.0, V4.1, Hotp, Sha1, 6, 3, V4.6)]
                .into_iter()
                .map(|v| {
                    (
                        if v.2 == Hotp { "" } else { v.0 },
                        v.1,
                        v.2,
                        v.3,
                        v.4,
                        v.5,
                        v.6,
                    )
                })
                .collect(),
            0,
        ),
        (
            "freeotp/freeotp.xml",
            None,
            Format::FreeOtp,
            false,
            vec![V1, V3, V4, V6],
            0,
        ),
        (
            "freeotp/cotp/freeotp.xml",
            None,
            Format::FreeOtp,
            false,
            vec![
                (
                    "",
                    "TOTP512",
                    Totp,
                    Sha512,
                    6,
                    30,
                    "3ZUNXX2SU6RZP4QFMS32YAILJFS2I2T2UZXYSHSX7IIMPAQZAC753NG2",
                ),
                (
                    "",
                    "TOTP256",
                    Totp,
                    Sha256,
                    8,
                    30,
                    "T2POIVOD6PZYO5YUNIULXIXB3SNXT4GYLSLO5FUNLIXOEMQHY2R6QAGB",
                ),
                // FreeOTP stores the last counter used (1): the next is 2.
                (
                    "",
                    "HOTP1",
                    Hotp,
                    Sha1,
                    8,
                    2,
                    "QEXCCTBU5DXXSFZQIYQAZ7BZUV5TM4EAXMDGSN4TPMR5BSFTFVEXWPMX",
                ),
                (
                    "",
                    "Test3",
                    Totp,
                    Sha256,
                    8,
                    30,
                    "XHRHVLZKO5YARFKEH65RFC7NVOOQCZXNHSCB2Y32OCV32ITSQOVV3DSD",
                ),
                (
                    "",
                    "TOTP1",
                    Totp,
                    Sha1,
                    8,
                    30,
                    "MC6SGRDYDMCZBEROCAESWB4KBNTGN76C3NPUNAZMIA5G2CNHRJBB7L6W",
                ),
            ],
            0,
        ),
        (
            "freeotp_plus/freeotp_plus_internal.xml",
            None,
            Format::FreeOtp,
            false,
            V1_6.to_vec(),
            0,
        ),
        (
            "freeotp/freeotp_v2_api23.xml",
            Some("test"),
            Format::FreeOtp,
            true,
            freeotp_v2.clone(),
            0,
        ),
        (
            "freeotp/freeotp_v2_api25.xml",
            Some("test"),
            Format::FreeOtp,
            true,
            freeotp_v2.clone(),
            0,
        ),
        (
            "freeotp/freeotp_v2_api27.xml",
            Some("test"),
            Format::FreeOtp,
            true,
            freeotp_v2.clone(),
            0,
        ),
        (
            "freeotp/freeotp_v2_api34.xml",
            Some("test"),
            Format::FreeOtp,
            true,
            freeotp_v2,
            0,
        ),
        (
            "freeotp/freeotp_v2_null_algo.xml",
            Some("test"),
            Format::FreeOtp,
            true,
            vec![V1],
            0,
        ),
        (
            "google_authenticator/google_authenticator.sqlite",
            None,
            Format::GoogleAuthenticatorDb,
            false,
            google_db,
            0,
        ),
        (
            "google_authenticator/cotp/gauth.sqlite3",
            None,
            Format::GoogleAuthenticatorDb,
            false,
            vec![gauth_cotp("SHA512 10"), gauth_cotp("SHA512")],
            0,
        ),
        (
            "microsoft_authenticator/microsoft_authenticator.sqlite",
            None,
            Format::MicrosoftAuthenticator,
            false,
            microsoft,
            0,
        ),
        (
            "microsoft_authenticator/cotp/PhoneFactor",
            None,
            Format::MicrosoftAuthenticator,
            false,
            vec![ms_cotp("Test1"), ms_cotp("Test2"), ms_cotp("Test3")],
            0,
        ),
        (
            "proton_authenticator/proton_authenticator.json",
            None,
            Format::Proton,
            false,
            vec![V1, V2, V3],
            0,
        ),
        (
            "proton_authenticator/ente/proton_authenticator_backup.json",
            None,
            Format::Proton,
            false,
            proton_ente.clone(),
            0,
        ),
        (
            "proton_authenticator/ente/proton_authenticator_backup_encrypted_1231246.json",
            Some("1231246"),
            Format::Proton,
            true,
            proton_ente,
            0,
        ),
        (
            "steam/steam.json",
            None,
            Format::Steam,
            false,
            steam.clone(),
            0,
        ),
        ("steam/steam_old.json", None, Format::Steam, false, steam, 0),
        (
            "stratum/stratum_plain.json",
            None,
            Format::Stratum,
            false,
            V1_7.to_vec(),
            0,
        ),
        (
            "stratum/stratum_encrypted.bin",
            Some("test"),
            Format::Stratum,
            true,
            V1_7.to_vec(),
            0,
        ),
        (
            "stratum/stratum_encrypted_legacy.bin",
            Some("test"),
            Format::Stratum,
            true,
            V1_7.to_vec(),
            0,
        ),
        (
            "stratum/stratum_internal.db",
            None,
            Format::Stratum,
            false,
            V1_7.to_vec(),
            0,
        ),
        (
            "totp_authenticator/totp_authenticator.bin",
            Some("Testtest1"),
            Format::TotpAuthenticator,
            true,
            totp_auth.clone(),
            0,
        ),
        (
            "totp_authenticator/totp_authenticator_internal.xml",
            None,
            Format::TotpAuthenticator,
            false,
            totp_auth,
            0,
        ),
        (
            "cotp/cotp_input.json",
            None,
            Format::Cotp,
            false,
            cotp.clone(),
            0,
        ),
        (
            "generated/cotp_encrypted.json",
            Some("cotp-interop-passphrase"),
            Format::Cotp,
            true,
            cotp,
            0,
        ),
    ]
}

fn cases() -> Vec<Case> {
    let fas2 = vec![
        V1,
        V3,
        totp_default(V4),
        (V6.0, V6.1, Totp, Sha512, 8, 30, V6.6),
    ];
    let fas4 = vec![V1, V4, V5, V6, V7];
    let andotp_old = V1_6
        .iter()
        .map(|v| {
            (
                v.0,
                Box::leak(format!("{}:{}", v.0, v.1).into_boxed_str()) as &str,
                v.2,
                v.3,
                v.4,
                v.5,
                v.6,
            )
        })
        .collect();
    let bw = |steam_name| vec![V1, V2, V3, (steam_name, "", Steam, Sha1, 5, 30, V7.6)];
    vec![
        (
            "aegis/aegis_plain.json",
            None,
            Format::Aegis,
            false,
            V1_7.to_vec(),
            0,
        ),
        (
            "aegis/aegis_encrypted.json",
            Some("test"),
            Format::Aegis,
            true,
            V1_7.to_vec(),
            0,
        ),
        (
            "aegis/2fauth/VALID_AEGIS_JSON_MIGRATION_PAYLOAD.json",
            None,
            Format::Aegis,
            false,
            vec![FA_TOTP, FA_HOTP, FA_STEAM],
            0,
        ),
        (
            "2fas/2fas_authenticator.json",
            None,
            Format::TwoFas,
            false,
            V1_6.iter().copied().map(totp_default).collect(),
            0,
        ),
        (
            "2fas/2fas_authenticator_plain.2fas",
            None,
            Format::TwoFas,
            false,
            fas2.clone(),
            0,
        ),
        (
            "2fas/2fas_authenticator_encrypted.2fas",
            Some("test"),
            Format::TwoFas,
            true,
            fas2,
            0,
        ),
        (
            "2fas/2fas_authenticator_plain_v3.2fas",
            None,
            Format::TwoFas,
            false,
            V1_6.to_vec(),
            0,
        ),
        (
            "2fas/2fas_authenticator_encrypted_v3.2fas",
            Some("test"),
            Format::TwoFas,
            true,
            V1_6.to_vec(),
            0,
        ),
        (
            "2fas/2fas_authenticator_plain_v4.2fas",
            None,
            Format::TwoFas,
            false,
            fas4.clone(),
            0,
        ),
        (
            "2fas/2fas_authenticator_encrypted_v4.2fas",
            Some("test"),
            Format::TwoFas,
            true,
            fas4,
            0,
        ),
        (
            "2fas/2fauth/VALID_2FAS_MIGRATION_PAYLOAD.json",
            None,
            Format::TwoFas,
            false,
            vec![FA_TOTP, FA_HOTP],
            0,
        ),
        (
            "2fauth-api/VALID_2FAS_MIGRATION_PAYLOAD_WITH_UNSUPPORTED_OTP_TYPE.json",
            None,
            Format::TwoFas,
            false,
            vec![FA_TOTP],
            1,
        ),
        (
            "andotp/andotp_plain.json",
            None,
            Format::AndOtp,
            false,
            V1_7.to_vec(),
            0,
        ),
        (
            "andotp/andotp_encrypted.bin",
            Some("test"),
            Format::AndOtp,
            true,
            V1_7.to_vec(),
            0,
        ),
        (
            "andotp/andotp_encrypted_old.bin",
            Some("test"),
            Format::AndOtp,
            true,
            andotp_old,
            0,
        ),
        (
            "bitwarden/bitwarden.json",
            None,
            Format::Bitwarden,
            false,
            bw("Test Steam"),
            0,
        ),
        (
            "bitwarden/bitwarden.csv",
            None,
            Format::BitwardenCsv,
            false,
            bw("Test 4"),
            0,
        ),
        (
            "bitwarden/2fauth/VALID_BITWARDEN_AUTH_JSON_MIGRATION_PAYLOAD.json",
            None,
            Format::Bitwarden,
            false,
            vec![FA_TOTP, FA_HOTP, FA_STEAM],
            0,
        ),
        (
            "bitwarden/2fauth/VALID_BITWARDEN_JSON_MIGRATION_PAYLOAD.json",
            None,
            Format::Bitwarden,
            false,
            vec![FA_TOTP, FA_HOTP],
            0,
        ),
        (
            "generated/bitwarden_protected.json",
            Some("correct horse battery staple"),
            Format::Bitwarden,
            true,
            vec![
                V1,
                ("Boeing", "Sophia", Steam, Sha1, 5, 30, V7.6),
                totp_default(V2),
            ],
            0,
        ),
        (
            "ente/ente_auth.txt",
            None,
            Format::Ente,
            false,
            V1_7.to_vec(),
            0,
        ),
        (
            "generated/ente_encrypted.json",
            Some("interop-test-passphrase"),
            Format::Ente,
            true,
            V1_7.to_vec(),
            0,
        ),
        (
            "generated/ente_encrypted_tag_message.json",
            Some("interop-test-passphrase"),
            Format::Ente,
            true,
            V1_7.to_vec(),
            0,
        ),
        (
            "freeotp_plus/freeotp_plus.json",
            None,
            Format::FreeOtpPlus,
            false,
            V1_6.to_vec(),
            0,
        ),
        (
            "freeotp_plus/cotp/freeotp_plus_example1.json",
            None,
            Format::FreeOtpPlus,
            false,
            vec![
                ("Example2", "Label2", Totp, Sha1, 6, 30, "AAAAAAAAAAAAAAAA"),
                ("Example1", "Label1", Totp, Sha256, 6, 30, "AAAAAAAA"),
            ],
            0,
        ),
        (
            "google_migration/2fauth/GOOGLE_AUTH_MIGRATION_URI.txt",
            None,
            Format::GoogleMigration,
            false,
            vec![
                ("service", "account", Totp, Sha1, 6, 30, S),
                ("service_bis", "account_bis", Totp, Sha1, 6, 30, S),
            ],
            0,
        ),
        (
            "google_migration/example_export.txt",
            None,
            Format::GoogleMigration,
            false,
            vec![PI_1, PI_2, PI_2, PI_1, PI_HOTP, PI_ENC],
            0,
        ),
        (
            "google_migration/example_export_only_totp.txt",
            None,
            Format::GoogleMigration,
            false,
            vec![PI_1, PI_2, PI_2, PI_1, PI_ENC],
            0,
        ),
        (
            "2fauth/VALID_2FAUTH_JSON_MIGRATION_PAYLOAD.json",
            None,
            Format::TwoFauth,
            false,
            vec![FA_TOTP, FA_HOTP, FA_STEAM],
            0,
        ),
        (
            "otpauth_uri/plain.txt",
            None,
            Format::OtpauthLines,
            false,
            V1_7.to_vec(),
            0,
        ),
        (
            "otpauth_uri/2fauth/VALID_PLAIN_TEXT_PAYLOAD.txt",
            None,
            Format::OtpauthLines,
            false,
            vec![FA_TOTP, FA_HOTP, FA_STEAM],
            0,
        ),
        (
            "2fauth-api/validQrcode.png",
            None,
            Format::OtpauthLines,
            false,
            vec![("", "test@test.com", Totp, Sha1, 6, 30, "A4GRFHVIRBGY7UIW")],
            0,
        ),
    ]
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../../tests/data/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A comparable summary of one account, with its code at [`T`].
fn summary(e: Exp) -> (String, String, OtpKind, Algorithm, u8, u64, String, String) {
    let secret = Secret::from_base32(e.6).unwrap();
    let mut p = OtpParams::totp(secret);
    (p.kind, p.algorithm, p.digits) = (e.2, e.3, e.4);
    match e.2 {
        Hotp => p.counter = e.5,
        _ => p.period = u32::try_from(e.5).unwrap(),
    }
    let code = otp::generate(&p, T).text.to_string();
    (e.0.into(), e.1.into(), e.2, e.3, e.4, e.5, e.6.into(), code)
}

#[test]
fn every_fixture_imports_as_expected() {
    for (path, pass, format, encrypted, expected, invalid) in cases().into_iter().chain(new_cases())
    {
        let batch = load(path, pass.map(str::as_bytes)).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(batch.format, format, "{path}");
        assert_eq!(batch.encrypted, encrypted, "{path}");
        let refused = batch.entries.iter().filter(|e| e.account.is_err()).count();
        assert_eq!(refused, invalid, "{path}: refused entries");
        let mut got: Vec<_> = batch
            .valid()
            .map(|e| {
                let a = e.account.as_ref().unwrap();
                let pc = if a.otp.kind == Hotp {
                    a.otp.counter
                } else {
                    u64::from(a.otp.period)
                };
                let code = otp::generate(&a.otp, T).text.to_string();
                let b32 = a.otp.secret.to_base32().to_string();
                (
                    a.service.clone(),
                    a.account.clone(),
                    a.otp.kind,
                    a.otp.algorithm,
                    a.otp.digits,
                    pc,
                    b32,
                    code,
                )
            })
            .collect();
        let mut want: Vec<_> = expected.into_iter().map(summary).collect();
        got.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        want.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        assert_eq!(got, want, "{path}");
    }
}

#[test]
fn detection_matches_the_import() {
    for (path, _, format, _, _, _) in cases().into_iter().chain(new_cases()) {
        let bytes = read(path);
        if NEEDS_FORMAT.iter().any(|(p, _)| *p == path) {
            assert_eq!(import::detect(&bytes), None, "{path} has no header");
        } else if !otty_core::qr::is_image(&bytes) {
            assert_eq!(import::detect(&bytes), Some(format), "{path}");
        }
    }
}

#[test]
fn passphrase_errors_are_distinct() {
    let need = |path: &str, format| {
        assert_eq!(
            import::import(&read(path), None),
            Err(ImportError::NeedPassphrase { format }),
            "{path}"
        );
    };
    let wrong = |path: &str, format| {
        assert_eq!(
            import::import(&read(path), Some(b"nope")),
            Err(ImportError::WrongPassphrase { format }),
            "{path}"
        );
    };
    need("aegis/aegis_encrypted.json", Format::Aegis);
    wrong("aegis/aegis_encrypted.json", Format::Aegis);
    need("2fas/2fas_authenticator_encrypted_v4.2fas", Format::TwoFas);
    wrong("2fas/2fas_authenticator_encrypted_v4.2fas", Format::TwoFas);
    need("andotp/andotp_encrypted.bin", Format::AndOtp);
    assert_eq!(
        load("andotp/andotp_encrypted_old.bin", Some(b"nope")),
        Err(ImportError::WrongPassphrase {
            format: Format::AndOtp
        })
    );
    for (path, format) in [
        ("authy/authy_encrypted.xml", Format::Authy),
        (
            "authenticator_plus/authenticator_plus.zip",
            Format::AuthenticatorPlus,
        ),
        ("freeotp/freeotp_v2_api34.xml", Format::FreeOtp),
        ("stratum/stratum_encrypted.bin", Format::Stratum),
        ("stratum/stratum_encrypted_legacy.bin", Format::Stratum),
        (
            "totp_authenticator/totp_authenticator.bin",
            Format::TotpAuthenticator,
        ),
        (
            "proton_authenticator/ente/proton_authenticator_backup_encrypted_1231246.json",
            Format::Proton,
        ),
        ("generated/cotp_encrypted.json", Format::Cotp),
    ] {
        need(path, format);
        wrong(path, format);
    }
    need("generated/bitwarden_protected.json", Format::Bitwarden);
    wrong("generated/bitwarden_protected.json", Format::Bitwarden);
    need("generated/ente_encrypted.json", Format::Ente);
    wrong("generated/ente_encrypted.json", Format::Ente);
}

/// Replace the first occurrence of `from` with `to` in a text fixture.
fn tamper(path: &str, from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(read(path)).unwrap();
    assert!(text.contains(from), "{path} lacks {from}");
    text.replacen(from, to, 1).into_bytes()
}

fn is_damaged(r: Result<import::ImportBatch, ImportError>) -> bool {
    matches!(r, Err(ImportError::Damaged { .. }))
}

#[test]
fn damaged_files_are_not_wrong_passphrases() {
    // Aegis: the slot opens, the content does not.
    let aegis = tamper(
        "aegis/aegis_encrypted.json",
        "\"db\": \"RtGf",
        "\"db\": \"AtGf",
    );
    assert!(is_damaged(import::import(&aegis, Some(b"test"))));
    // 2FAS: `reference` checks the password, then the services fail.
    let doc: serde_json::Value =
        serde_json::from_slice(&read("2fas/2fas_authenticator_encrypted_v4.2fas")).unwrap();
    let sealed = doc["servicesEncrypted"].as_str().unwrap();
    let bad = format!("AAAA{}", &sealed[4..]);
    let twofas = tamper("2fas/2fas_authenticator_encrypted_v4.2fas", sealed, &bad);
    assert!(is_damaged(import::import(&twofas, Some(b"test"))));
    // Bitwarden: the validation string opens, `data` does not.
    let doc: serde_json::Value =
        serde_json::from_slice(&read("generated/bitwarden_protected.json")).unwrap();
    let data = doc["data"].as_str().unwrap();
    let bad = format!("{}A{}", &data[..30], &data[31..]);
    let bw = tamper("generated/bitwarden_protected.json", data, &bad);
    assert!(is_damaged(import::import(
        &bw,
        Some(b"correct horse battery staple")
    )));
    // 2FAuth's fake encrypted Aegis file (hex fields are not hex).
    let fake = read("aegis/2fauth/ENCRYPTED_AEGIS_JSON_MIGRATION_PAYLOAD.json");
    assert!(is_damaged(import::import(&fake, Some(b"test"))));
    // A truncated Google payload.
    assert!(is_damaged(import::import(
        &read("google_migration/test_export_wrong_data.txt"),
        None
    )));
    assert!(is_damaged(import::import(
        &read("2fauth-api/GOOGLE_AUTH_MIGRATION_URI_WITH_INVALID_DATA.txt"),
        None
    )));
}

#[test]
fn hostile_kdf_parameters_are_refused_before_use() {
    let costly = |r| matches!(r, Err(ImportError::KdfTooCostly { .. }));
    let aegis = tamper(
        "aegis/aegis_encrypted.json",
        "\"n\": 32768",
        "\"n\": 1073741824",
    );
    assert!(costly(import::import(&aegis, Some(b"test"))));
    let aegis = tamper("aegis/aegis_encrypted.json", "\"p\": 1", "\"p\": 4000000");
    assert!(costly(import::import(&aegis, Some(b"test"))));
    let ente = tamper(
        "generated/ente_encrypted.json",
        "\"memLimit\": 8388608",
        "\"memLimit\": 9223372036854775807",
    );
    assert!(costly(import::import(&ente, Some(b"x"))));
    let ente = tamper(
        "generated/ente_encrypted.json",
        "\"opsLimit\": 3",
        "\"opsLimit\": 4000000000",
    );
    assert!(costly(import::import(&ente, Some(b"x"))));
    let bw = tamper(
        "generated/bitwarden_protected.json",
        "\"kdfIterations\": 5000",
        "\"kdfIterations\": 4000000000",
    );
    assert!(costly(import::import(&bw, Some(b"x"))));
    // Authy: a per-entry iteration count; FreeOTP v2: the master key's (same length, so the
    // Java string around it stays well-formed).
    let authy = tamper(
        "authy/authy_encrypted.xml",
        "&quot;digits&quot;:6,",
        "&quot;digits&quot;:6,&quot;key_derivation_iterations&quot;:4000000000,",
    );
    assert!(costly(import::import(&authy, Some(b"testtest"))));
    let mut freeotp = read("freeotp/freeotp_v2_api23.xml");
    let at = freeotp
        .windows(20)
        .position(|w| w == b"\"mIterations\":100000")
        .unwrap();
    freeotp[at..at + 20].copy_from_slice(b"\"mIterations\":1e9   ");
    assert!(costly(import::import(&freeotp, Some(b"test"))));
}

#[test]
fn unreadable_and_unsupported_files() {
    for path in [
        "google_migration/test_export_wrong_prefix.txt",
        "2fauth-api/INVALID_PLAIN_TEXT_NO_URI.txt",
        "2fauth-api/INVALID_2FAUTH_JSON_MIGRATION_PAYLOAD.json",
    ] {
        assert_eq!(
            import::import(&read(path), None),
            Err(ImportError::UnknownFormat),
            "{path}"
        );
    }
    assert_eq!(
        import::import(&read("2fauth-api/invalidQrcode.png"), None),
        Err(ImportError::Image(otty_core::qr::QrError::NoCode))
    );
    let account_key = import::import(
        &read("2fauth-api/ENCRYPTED_BITWARDEN_JSON_MIGRATION_PAYLOAD.json"),
        Some(b"x"),
    );
    assert!(matches!(
        account_key,
        Err(ImportError::Unsupported {
            format: Format::Bitwarden,
            ..
        })
    ));
}

#[test]
fn icons_groups_and_leftovers() {
    let b = import::import(
        &read("2fauth-api/VALID_2FAUTH_JSON_MIGRATION_PAYLOAD_WITH_PNG_ICON.json"),
        None,
    )
    .unwrap();
    let icon = b.entries[0].icon.as_ref().unwrap();
    assert_eq!(
        (icon.name.as_str(), icon.mime.as_str()),
        ("test.png", "image/png")
    );
    assert!(icon.bytes.starts_with(b"\x89PNG"));
    let b = import::import(
        &read("2fauth-api/VALID_2FAUTH_JSON_MIGRATION_PAYLOAD_WITH_UNSUPPORTED_ICON.json"),
        None,
    )
    .unwrap();
    assert!(b.entries[0].account.is_ok() && b.entries[0].icon.is_none());
    // 2FAuth's Aegis file has `"icon": "null"`: not an image, so no icon.
    let b = import::import(
        &read("aegis/2fauth/VALID_AEGIS_JSON_MIGRATION_PAYLOAD.json"),
        None,
    )
    .unwrap();
    assert!(b.entries.iter().all(|e| e.icon.is_none()));
    // Bitwarden folders become groups.
    let b = import::import(
        &read("generated/bitwarden_protected.json"),
        Some(b"correct horse battery staple"),
    )
    .unwrap();
    assert_eq!(b.entries[0].group.as_deref(), Some("Work"));
    // cotp's real FreeOTP+ export imports (no expectations beyond the first secret).
    let b = import::import(&read("freeotp_plus/cotp/freeotp_plus.json"), None).unwrap();
    assert_eq!(b.valid().count(), 6);
    let first = b.entries[0].account.as_ref().unwrap();
    assert_eq!(
        first.otp.secret.to_base32().as_str(),
        "3ZUNXX2SU6RZP4QFMS32YAILJFS2I2T2UZXYSHSX7IIMPAQZAC753NG2"
    );
}

#[test]
fn a_totp_and_an_hotp_on_one_secret_are_both_new() {
    // 2FAuth's sample holds a TOTP and an HOTP with the same secret, service and account.
    let b = import::import(
        &read("2fauth/VALID_2FAUTH_JSON_MIGRATION_PAYLOAD.json"),
        None,
    )
    .unwrap();
    let statuses = import::plan::classify(&b, &[]);
    assert_eq!(statuses, vec![import::plan::Status::New; 3]);
}

#[test]
fn duplicates_are_same_secret_service_and_account() {
    let b = import::import(&read("google_migration/example_export.txt"), None).unwrap();
    let e = &b.entries;
    let acc = |i: usize| e[i].account.as_ref().unwrap();
    assert!(
        e[2].duplicates(acc(1)),
        "pi@raspberrypi twice with no issuer"
    );
    assert!(e[3].duplicates(acc(0)));
    assert!(!e[1].duplicates(acc(0)), "same secret, other issuer");
    let mut shouting = acc(0).clone();
    shouting.service = shouting.service.to_uppercase();
    assert!(e[0].duplicates(&shouting));
}

#[test]
fn names_with_control_or_bidi_characters_are_refused_per_entry() {
    let aegis = |name: &str, issuer: &str, group: &str| {
        serde_json::json!({"type": "totp", "name": name, "issuer": issuer, "group": group,
            "info": {"secret": "JBSWY3DPEHPK3PXP", "algo": "SHA1", "digits": 6, "period": 30}})
    };
    let doc = serde_json::json!({"version": 1, "header": {"slots": null, "params": null},
    "db": {"version": 2, "entries": [
        aegis("\u{202E}evil", "ACME", ""),
        aegis("bob", "ACME\u{2066}", ""),
        aegis("bob", "Bell\u{7}", ""),
        aegis("carol", "ACME", "\u{200F}Work"),
        aegis("dave", "ACME", "Tab\tbed"),
        aegis("erin", "ACME", "Work"),
    ]}});
    let lines = "otpauth://totp/%E2%80%AEevil:y?secret=JBSWY3DPEHPK3PXP\n\
                 otpauth://totp/Good:y%E2%81%A9?secret=JBSWY3DPEHPK3PXP\n\
                 otpauth://totp/Good:y?secret=JBSWY3DPEHPK3PXP\n";
    let bidi = "contains bidirectional control characters";
    let control = "contains control characters";
    // Per entry: why it is refused, if it is, and why its group is left out, if it is.
    type Want = (Option<&'static str>, Option<&'static str>);
    let cases: [(Vec<u8>, Vec<Want>); 2] = [
        (
            serde_json::to_vec(&doc).unwrap(),
            vec![
                (Some(bidi), None),
                (Some(bidi), None),
                (Some(control), None),
                (None, Some(bidi)),
                (None, Some(control)),
                (None, None),
            ],
        ),
        (
            lines.as_bytes().to_vec(),
            vec![(Some(bidi), None), (Some(bidi), None), (None, None)],
        ),
    ];
    for (bytes, want) in cases {
        let batch = import::import(&bytes, None).unwrap();
        let refused: Vec<Option<String>> = batch
            .entries
            .iter()
            .map(|e| e.account.as_ref().err().cloned())
            .collect();
        let mut left_out = vec![None; want.len()];
        let statuses = import::plan::classify(&batch, &[]);
        import::plan::new_entries(&batch, &statuses, &mut |i, reason| {
            left_out[i - 1] = Some(reason);
        });
        for (i, (refusal, group)) in want.iter().enumerate() {
            let context = format!("{:?} entry {i}", batch.format);
            match (refusal, &refused[i]) {
                (Some(want), Some(got)) => assert!(got.contains(want), "{context}: {got}"),
                (None, None) => {}
                (want, got) => panic!("{context}: want {want:?}, got {got:?}"),
            }
            match (group, &left_out[i]) {
                (Some(want), Some(got)) => assert!(got.contains(want), "{context}: {got}"),
                (None, None) => {}
                (want, got) => panic!("{context}: group: want {want:?}, got {got:?}"),
            }
        }
    }
}

/// The bytes of a database file made by `sql` (in rollback-journal mode, so the file is whole).
fn database(sql: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(sql).unwrap();
    drop(conn);
    std::fs::read(path).unwrap()
}

#[test]
fn only_otty_s_own_header_makes_an_otty_vault() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.otty");
    let vault = otty_core::Vault::create(&path, b"pw", otty_core::KdfParams::CHEAPEST).unwrap();
    drop(vault);
    let otty_vault = std::fs::read(&path).unwrap();
    let google = read("google_authenticator/google_authenticator.sqlite");
    let header = "CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
                  INSERT INTO meta VALUES ('kdf_salt', x'00'), ('wrapped_key', x'00');";
    let unknown = Err(ImportError::UnknownFormat);
    let damaged = Err(ImportError::DamagedDatabase);
    // (what, bytes, is an otty vault, what importing it gives: Ok(format) or the error)
    type Case = (&'static str, Vec<u8>, bool, Result<Format, ImportError>);
    let cases: Vec<Case> = vec![
        ("an otty vault", otty_vault, true, unknown.clone()),
        (
            "one table",
            database("CREATE TABLE t (a);"),
            false,
            unknown.clone(),
        ),
        (
            "no table",
            database("PRAGMA user_version = 2;"),
            false,
            unknown.clone(),
        ),
        (
            "a meta table, no version",
            database(header),
            false,
            unknown.clone(),
        ),
        (
            "a meta table without the header",
            database(
                "PRAGMA user_version = 2;
                 CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);",
            ),
            false,
            unknown.clone(),
        ),
        (
            "the header in a view",
            database(
                "PRAGMA user_version = 2; CREATE TABLE t (a);
                 CREATE VIEW meta AS SELECT 'kdf_salt' AS key, x'00' AS value
                 UNION SELECT 'wrapped_key', x'00';",
            ),
            false,
            unknown.clone(),
        ),
        (
            "the header and a version",
            database(&format!("PRAGMA user_version = 1; {header}")),
            true,
            unknown.clone(),
        ),
        (
            "Google Authenticator",
            google.clone(),
            false,
            Ok(Format::GoogleAuthenticatorDb),
        ),
        (
            "Google cut at 4000",
            google[..4000].to_vec(),
            false,
            damaged.clone(),
        ),
        (
            "Google cut at 8192",
            google[..8192].to_vec(),
            false,
            damaged.clone(),
        ),
        (
            "Google cut at 20000",
            google[..20_000].to_vec(),
            false,
            damaged.clone(),
        ),
    ];
    for (what, bytes, vault, imported) in cases {
        assert_eq!(import::is_otty_vault(&bytes), vault, "{what}");
        let got = import::import(&bytes, None).map(|b| b.format);
        assert_eq!(got, imported, "{what}");
    }
}
