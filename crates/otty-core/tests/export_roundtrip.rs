//! Export → import round trips for every writable format, Google migration batches, and the
//! QR encoder read back by the QR decoder.

use otty_core::account::BackupCode;
use otty_core::export::{self, ExportEntry, ExportError, ExportFormat};
use otty_core::import::{self, Format, Icon, ImportError};
use otty_core::{Algorithm, KdfParams, NewAccount, OtpKind, OtpParams, Secret, qr};

const CHEAP: KdfParams = KdfParams::CHEAPEST;

fn account(
    service: &str,
    name: &str,
    kind: OtpKind,
    algorithm: Algorithm,
    digits: u8,
    pc: u64,
    b32: &str,
) -> NewAccount {
    let mut p = OtpParams::totp(Secret::from_base32(b32).unwrap());
    (p.kind, p.algorithm, p.digits) = (kind, algorithm, digits);
    match kind {
        OtpKind::Hotp => p.counter = pc,
        _ => p.period = pc as u32,
    }
    if kind == OtpKind::Steam {
        p = OtpParams::steam(p.secret);
    }
    let mut a = NewAccount::new(service, name, p);
    a.validate().unwrap();
    a
}

fn accounts() -> Vec<NewAccount> {
    let mut rich = account(
        "GitHub",
        "alice@example.com",
        OtpKind::Totp,
        Algorithm::Sha1,
        6,
        30,
        "JBSWY3DPEHPK3PXP",
    );
    rich.notes = "recovery in the safe".into();
    rich.favorite = true;
    rich.backup_codes = vec![BackupCode {
        code: "1234-5678".into(),
        used_at: None,
    }];
    vec![
        rich,
        account(
            "SPDX",
            "James",
            OtpKind::Totp,
            Algorithm::Sha256,
            7,
            20,
            "5OM4WOOGPLQEF6UGN3CPEOOLWU",
        ),
        account(
            "Airbnb",
            "Elijah",
            OtpKind::Totp,
            Algorithm::Sha512,
            8,
            50,
            "7ELGJSGXNCCTV3O6LKJWYFV2RA",
        ),
        account(
            "Air Canada",
            "Benjamin",
            OtpKind::Hotp,
            Algorithm::Sha256,
            7,
            50,
            "KUVJJOM753IHTNDSZVCNKL7GII",
        ),
        account(
            "Boeing",
            "Sophia",
            OtpKind::Steam,
            Algorithm::Sha1,
            5,
            30,
            "JRZCL47CMXVOQMNPZR2F7J4RGI",
        ),
        account(
            "",
            "only-name#EXT#@x.com",
            OtpKind::Totp,
            Algorithm::Md5,
            6,
            30,
            "AA",
        ),
        account(
            "Ünïcödé: tricky/?&",
            "a b:c",
            OtpKind::Totp,
            Algorithm::Sha1,
            6,
            30,
            "JBSWY3DPEHPK3PXP",
        ),
    ]
}

fn icon() -> Icon {
    Icon {
        name: "gh.png".into(),
        bytes: b"\x89PNG\r\n\x1a\n-not-really-a-png".to_vec(),
        mime: "image/png".into(),
    }
}

/// The fields every format keeps.
fn core_fields(a: &NewAccount) -> (String, String, OtpParams) {
    (a.service.clone(), a.account.clone(), a.otp.clone())
}

fn round_trip(
    format: ExportFormat,
    pass: Option<&[u8]>,
    expect: Format,
) -> (Vec<NewAccount>, import::ImportBatch) {
    let list = accounts();
    let icon = icon();
    let entries: Vec<ExportEntry<'_>> = list
        .iter()
        .enumerate()
        .map(|(i, a)| ExportEntry {
            account: a,
            group: (i % 2 == 0).then_some("Work"),
            icon: (i == 0).then_some(&icon),
        })
        .collect();
    let bytes = match format {
        ExportFormat::Otty => export::otty::export(&entries, pass, CHEAP).unwrap(),
        f => export::export(f, &entries, pass, CHEAP).unwrap(),
    };
    let batch = import::import(&bytes, pass).unwrap();
    assert_eq!(batch.format, expect);
    assert_eq!(batch.encrypted, pass.is_some());
    assert_eq!(batch.entries.len(), list.len());
    (list, batch)
}

fn check_core(list: &[NewAccount], batch: &import::ImportBatch) {
    for (want, got) in list.iter().zip(&batch.entries) {
        let got = got.account.as_ref().unwrap();
        assert_eq!(core_fields(got), core_fields(want));
    }
}

#[test]
fn otty_round_trip_keeps_everything() {
    for pass in [None, Some(&b"pass phrase"[..])] {
        let (list, batch) = round_trip(ExportFormat::Otty, pass, Format::Otty);
        for (i, (want, got)) in list.iter().zip(&batch.entries).enumerate() {
            assert_eq!(got.account.as_ref().unwrap(), want);
            assert_eq!(got.group.as_deref(), (i % 2 == 0).then_some("Work"));
            assert_eq!(got.icon.as_ref(), (i == 0).then(icon).as_ref());
        }
    }
}

#[test]
fn aegis_round_trip() {
    for pass in [None, Some(&b"pass phrase"[..])] {
        let (list, batch) = round_trip(ExportFormat::Aegis, pass, Format::Aegis);
        check_core(&list, &batch);
        let first = batch.entries[0].account.as_ref().unwrap();
        assert_eq!(
            (first.notes.as_str(), first.favorite),
            ("recovery in the safe", true)
        );
        assert_eq!(batch.entries[0].group.as_deref(), Some("Work"));
        assert_eq!(batch.entries[1].group, None);
        assert_eq!(
            batch.entries[0].icon.as_ref().map(|i| &i.bytes),
            Some(&icon().bytes)
        );
    }
}

#[test]
fn twofauth_and_otpauth_round_trip() {
    let (list, batch) = round_trip(ExportFormat::TwoFauth, None, Format::TwoFauth);
    check_core(&list, &batch);
    assert_eq!(
        batch.entries[0].icon.as_ref().map(|i| &i.name),
        Some(&"gh.png".to_string())
    );
    let (list, batch) = round_trip(ExportFormat::OtpauthLines, None, Format::OtpauthLines);
    check_core(&list, &batch);
}

/// Export `accounts()` (every other one in group `Work`) to `format` and read it back; returns
/// the accounts the format holds and what the importer made of them, in order.
fn round_trip_held(format: ExportFormat, expect: Format) -> (Vec<NewAccount>, import::ImportBatch) {
    let list = accounts();
    let entries: Vec<ExportEntry<'_>> = list
        .iter()
        .enumerate()
        .map(|(i, a)| ExportEntry {
            account: a,
            group: (i % 2 == 0).then_some("Work"),
            icon: None,
        })
        .collect();
    let bytes = export::export(format, &entries, None, CHEAP).unwrap();
    let batch = import::import(&bytes, None).unwrap();
    assert_eq!(batch.format, expect);
    assert!(!batch.encrypted);
    let held: Vec<NewAccount> = list
        .into_iter()
        .filter(|a| format.cannot_hold(a).is_none())
        .collect();
    assert_eq!(batch.entries.len(), held.len(), "{format}");
    (held, batch)
}

/// Every OTP parameter (kind, algorithm, digits, period, counter, secret), the service, the
/// account name and the group come back from a 2FAS export; only HMAC-MD5, which 2FAS lacks,
/// is left out.
#[test]
fn twofas_round_trip_keeps_every_otp_parameter() {
    let (held, batch) = round_trip_held(ExportFormat::TwoFas, Format::TwoFas);
    let left_out: Vec<_> = accounts()
        .into_iter()
        .filter(|a| ExportFormat::TwoFas.cannot_hold(a).is_some())
        .map(|a| a.otp.algorithm)
        .collect();
    assert_eq!(left_out, [Algorithm::Md5]);
    assert!(
        held.iter()
            .any(|a| a.otp.kind == OtpKind::Hotp && a.otp.counter == 50)
    );
    assert!(held.iter().any(|a| a.otp.kind == OtpKind::Steam));
    check_core(&held, &batch);
    let groups: Vec<Option<&str>> = batch.entries.iter().map(|e| e.group.as_deref()).collect();
    // accounts() indexes 0, 2, 4 and 6 are in Work; 5 (MD5) is left out.
    assert_eq!(
        groups,
        [
            Some("Work"),
            None,
            Some("Work"),
            None,
            Some("Work"),
            Some("Work")
        ]
    );
}

/// Every OTP parameter, the service, the account name and the folder come back from a
/// Bitwarden export; HOTP and HMAC-MD5, which Bitwarden cannot generate, are left out.
#[test]
fn bitwarden_round_trip_keeps_every_otp_parameter() {
    let (held, batch) = round_trip_held(ExportFormat::Bitwarden, Format::Bitwarden);
    let left_out: Vec<_> = accounts()
        .into_iter()
        .filter(|a| ExportFormat::Bitwarden.cannot_hold(a).is_some())
        .map(|a| (a.otp.kind, a.otp.algorithm))
        .collect();
    assert_eq!(
        left_out,
        [
            (OtpKind::Hotp, Algorithm::Sha256),
            (OtpKind::Totp, Algorithm::Md5)
        ]
    );
    assert!(held.iter().any(|a| a.otp.kind == OtpKind::Steam));
    check_core(&held, &batch);
    let groups: Vec<Option<&str>> = batch.entries.iter().map(|e| e.group.as_deref()).collect();
    assert_eq!(
        groups,
        [Some("Work"), None, Some("Work"), Some("Work"), Some("Work")]
    );
}

/// The fields the apps themselves read: Bitwarden Authenticator takes `otpauth://totp/…` or
/// `steam://SECRET` from `login.totp` of type-1 items with unique ids; 2FAS takes schema 4
/// services with an upper-case `tokenType` and algorithm.
#[test]
fn foreign_exports_have_the_shape_their_apps_read() {
    let list = accounts();
    let entries: Vec<_> = list.iter().map(ExportEntry::new).collect();
    let bw = export::export(ExportFormat::Bitwarden, &entries, None, CHEAP).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&bw).unwrap();
    assert_eq!(doc["encrypted"], false);
    let items = doc["items"].as_array().unwrap();
    let mut ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), items.len());
    for item in items {
        assert_eq!(item["type"], 1);
        assert!(!item["name"].as_str().unwrap().is_empty(), "{item}");
        let totp = item["login"]["totp"].as_str().unwrap();
        assert!(
            totp.starts_with("otpauth://totp/") || totp.starts_with("steam://"),
            "{totp}"
        );
    }
    let steam = items.iter().find(|i| i["name"] == "Boeing").unwrap();
    assert_eq!(steam["login"]["totp"], "steam://JRZCL47CMXVOQMNPZR2F7J4RGI");

    let tf = export::export(ExportFormat::TwoFas, &entries, None, CHEAP).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&tf).unwrap();
    assert_eq!(doc["schemaVersion"], 4);
    let services = doc["services"].as_array().unwrap();
    let kinds: Vec<&str> = services
        .iter()
        .map(|s| s["otp"]["tokenType"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["TOTP", "TOTP", "TOTP", "HOTP", "STEAM", "TOTP"]);
    for (position, s) in services.iter().enumerate() {
        assert_eq!(s["order"]["position"], position);
        let algorithm = s["otp"]["algorithm"].as_str().unwrap();
        assert_eq!(algorithm, algorithm.to_ascii_uppercase());
    }
    assert!(services[0].get("groupId").is_none());
}

#[test]
fn otty_wrong_passphrase_and_damage_are_distinct() {
    let list = accounts();
    let entries: Vec<_> = list.iter().map(ExportEntry::new).collect();
    let bytes = export::otty::export(&entries, Some(b"right"), CHEAP).unwrap();
    assert_eq!(
        import::import(&bytes, None),
        Err(ImportError::NeedPassphrase {
            format: Format::Otty
        })
    );
    assert_eq!(
        import::import(&bytes, Some(b"wrong")),
        Err(ImportError::WrongPassphrase {
            format: Format::Otty
        })
    );
    let mut doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let payload = doc["payload"].as_str().unwrap().to_owned();
    let flipped = if payload.starts_with('A') { "B" } else { "A" };
    doc["payload"] = format!("{flipped}{}", &payload[1..]).into();
    let damaged = import::import(&serde_json::to_vec(&doc).unwrap(), Some(b"right"));
    assert!(
        matches!(damaged, Err(ImportError::Damaged { .. })),
        "{damaged:?}"
    );
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(!text.contains("JBSWY3DPEHPK3PXP") && !text.contains("GitHub"));
}

/// Sealed otty exports use the KDF parameters they are given (the vault's, from every face);
/// encrypted Aegis exports are no cheaper than Aegis's own default scrypt cost (N = 2^15,
/// r = 8, p = 1).
#[test]
fn sealed_exports_cost_what_the_vault_or_aegis_costs() {
    let list = accounts();
    let entries: Vec<_> = list.iter().map(ExportEntry::new).collect();
    let vault_like = KdfParams {
        memory_kib: 9 * 1024,
        iterations: 2,
        parallelism: 2,
    };
    let otty = export::export(ExportFormat::Otty, &entries, Some(b"pw"), vault_like).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&otty).unwrap();
    let enc = &doc["encryption"];
    assert_eq!(enc["memory_kib"].as_u64(), Some(9 * 1024));
    assert_eq!(enc["iterations"].as_u64(), Some(2));
    assert_eq!(enc["parallelism"].as_u64(), Some(2));
    let aegis = export::export(ExportFormat::Aegis, &entries, Some(b"pw"), CHEAP).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&aegis).unwrap();
    let slot = &doc["header"]["slots"][0];
    assert!(slot["n"].as_u64().unwrap() >= 1 << 15, "{slot}");
    assert!(slot["r"].as_u64().unwrap() >= 8, "{slot}");
    assert!(slot["p"].as_u64().unwrap() >= 1, "{slot}");
}

#[test]
fn plain_formats_refuse_a_passphrase() {
    let list = accounts();
    let entries: Vec<_> = list.iter().map(ExportEntry::new).collect();
    for f in [
        ExportFormat::TwoFauth,
        ExportFormat::OtpauthLines,
        ExportFormat::TwoFas,
        ExportFormat::Bitwarden,
    ] {
        assert_eq!(
            export::export(f, &entries, Some(b"x"), CHEAP),
            Err(ExportError::CannotEncrypt(f))
        );
    }
    assert_eq!(
        export::export(ExportFormat::Otty, &entries, Some(b""), CHEAP),
        Err(ExportError::EmptyPassphrase)
    );
}

#[test]
fn google_migration_batches_and_skips() {
    let base = [
        accounts()[0].clone(),
        accounts()[5].clone(),
        account(
            "Issuu",
            "James",
            OtpKind::Hotp,
            Algorithm::Sha512,
            8,
            7,
            "YOOMIXWS5GN6RTBPUFFWKTW5M4",
        ),
        account(
            "Deno",
            "Mason",
            OtpKind::Totp,
            Algorithm::Sha256,
            8,
            30,
            "4SJHB4GSD43FZBAI7C2HLRJGPQ",
        ),
    ];
    let mut list = Vec::new();
    for i in 0..23 {
        let mut a = base[i % 4].clone();
        a.account = format!("user{i}");
        list.push(a);
    }
    list.push(accounts()[4].clone()); // Steam: not representable
    list.push(accounts()[1].clone()); // 7 digits, 20 s: not representable
    let entries: Vec<_> = list.iter().map(ExportEntry::new).collect();
    let out = export::google_migration(&entries).unwrap();
    let skipped: Vec<usize> = out.skipped.iter().map(|s| s.index).collect();
    assert_eq!(skipped, [23, 24]);
    let representable = list.len() - out.skipped.len();
    assert_eq!(
        out.uris.len(),
        representable.div_ceil(export::MAX_PER_PAYLOAD)
    );
    let text = out.uris.join("\n");
    let batch = import::import(text.as_bytes(), None).unwrap();
    assert_eq!(batch.format, Format::GoogleMigration);
    let kept: Vec<&NewAccount> = list
        .iter()
        .enumerate()
        .filter(|(i, _)| !skipped.contains(i))
        .map(|(_, a)| a)
        .collect();
    assert_eq!(batch.entries.len(), kept.len());
    for (want, got) in kept.iter().zip(&batch.entries) {
        assert_eq!(
            core_fields(got.account.as_ref().unwrap()),
            core_fields(want)
        );
    }
}

/// Draw a QR matrix as a greyscale PNG: `scale` pixels per module, 4-module quiet zone.
fn to_png(m: &qr::QrMatrix, scale: usize) -> Vec<u8> {
    let side = (m.width() + 8) * scale;
    let mut pixels = vec![255u8; side * side];
    for (y, row) in m.rows().enumerate() {
        for (x, dark) in row.iter().enumerate() {
            if *dark {
                for dy in 0..scale {
                    for dx in 0..scale {
                        pixels[((y + 4) * scale + dy) * side + (x + 4) * scale + dx] = 0;
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, side as u32, side as u32);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::Eight);
    enc.write_header()
        .unwrap()
        .write_image_data(&pixels)
        .unwrap();
    out
}

#[test]
fn qr_encode_then_decode() {
    let list = accounts();
    let entries: Vec<_> = list.iter().map(ExportEntry::new).collect();
    let uri = export::google_migration(&entries).unwrap().uris.remove(0);
    let m = qr::encode(&uri).unwrap();
    assert_eq!(format!("{m:?}"), format!("QrMatrix({0}x{0})", m.width()));
    let png = to_png(&m, 4);
    assert_eq!(qr::decode(&png).unwrap(), uri);
    // And the importer reads the image directly.
    let batch = import::import(&png, None).unwrap();
    assert_eq!(batch.format, Format::GoogleMigration);
    assert!(matches!(
        qr::decode(b"not an image"),
        Err(qr::QrError::NotAnImage)
    ));
    assert!(qr::encode(&"x".repeat(5000)).is_err());
}

/// Writes sealed exports to `$OTTY_EXPORT_DIR` for checking with other implementations
/// (`cargo test --test export_roundtrip -- --ignored write_exports_for_oracles`).
#[test]
#[ignore]
fn write_exports_for_oracles() {
    let dir = std::env::var("OTTY_EXPORT_DIR").unwrap();
    let list = accounts();
    let entries: Vec<_> = list.iter().map(ExportEntry::new).collect();
    let aegis = export::export(ExportFormat::Aegis, &entries, Some(b"test"), CHEAP).unwrap();
    std::fs::write(format!("{dir}/aegis.json"), aegis).unwrap();
    let otty = export::export(ExportFormat::Otty, &entries, Some(b"test"), CHEAP).unwrap();
    std::fs::write(format!("{dir}/otty.json"), otty).unwrap();
}
