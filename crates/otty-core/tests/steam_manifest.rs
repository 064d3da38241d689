//! Steam Desktop Authenticator's folder: `manifest.json` with its maFiles beside it, plain or
//! encrypted by SDA (PBKDF2-HMAC-SHA1, 50,000 iterations, AES-256-CBC), imported through the
//! file path (`import::plan::parse_file`), as `otty import manifest.json` and the TUI's `I` do.
//! No encrypted SDA folder is published to test against, so the folder is made here with SDA's
//! scheme (the `cbc` and `pbkdf2` crates, as SDA's own code describes it).
#![allow(clippy::unwrap_used)]

use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use otty_core::OtpKind;
use otty_core::import::plan::parse_file;
use otty_core::import::{Format, ImportError};

/// Steam's shared secret of the test accounts (20 bytes).
const SHARED: [u8; 20] = *b"steam-shared-secret!";

fn mafile(name: &str) -> String {
    serde_json::json!({
        "shared_secret": B64.encode(SHARED),
        "account_name": name,
        "serial_number": "1234",
        "revocation_code": "R12345",
    })
    .to_string()
}

/// SDA's encryption of one maFile: base64 text of AES-256-CBC (PKCS#7) under
/// PBKDF2-HMAC-SHA1(passphrase, salt, 50,000) with `iv`.
fn sda_encrypt(plain: &str, passphrase: &str, salt: &[u8], iv: &[u8; 16]) -> String {
    use cbc::cipher::{BlockModeEncrypt, KeyIvInit, block_padding::Pkcs7};
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(passphrase.as_bytes(), salt, 50_000, &mut key);
    let ct = cbc::Encryptor::<aes::Aes256>::new(&key.into(), &(*iv).into())
        .encrypt_padded_vec::<Pkcs7>(plain.as_bytes());
    B64.encode(ct)
}

/// An SDA folder with two accounts; returns the manifest's path.
fn folder(dir: &Path, passphrase: Option<&str>) -> std::path::PathBuf {
    let mut entries = Vec::new();
    for (i, name) in ["alice", "bob"].iter().enumerate() {
        let file = format!("7656119800000000{i}.maFile");
        let (salt, iv) = ([i as u8 + 1; 8], [i as u8 + 7; 16]);
        let body = match passphrase {
            Some(p) => sda_encrypt(&mafile(name), p, &salt, &iv),
            None => mafile(name),
        };
        std::fs::write(dir.join(&file), body).unwrap();
        entries.push(serde_json::json!({
            "encryption_iv": passphrase.map(|_| B64.encode(iv)),
            "encryption_salt": passphrase.map(|_| B64.encode(salt)),
            "filename": file,
            "steamid": 76561198000000000u64 + i as u64,
        }));
    }
    let manifest = serde_json::json!({
        "encrypted": passphrase.is_some(),
        "first_run": false,
        "entries": entries,
        "periodic_checking": false,
    });
    let path = dir.join("manifest.json");
    std::fs::write(&path, manifest.to_string()).unwrap();
    path
}

fn names_and_secrets(
    path: &Path,
    pass: Option<&[u8]>,
) -> Result<Vec<(String, Vec<u8>)>, ImportError> {
    let bytes = std::fs::read(path).unwrap();
    let batch = parse_file(path, &bytes, None, pass)?;
    assert_eq!(batch.format, Format::Steam);
    Ok(batch
        .entries
        .into_iter()
        .map(|e| {
            let a = e.account.unwrap();
            assert_eq!((a.service.as_str(), a.otp.kind), ("Steam", OtpKind::Steam));
            (a.account, a.otp.secret.expose().to_vec())
        })
        .collect())
}

#[test]
fn an_encrypted_sda_folder_imports_through_its_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = folder(dir.path(), Some("sda pass"));
    let want = vec![
        ("alice".to_owned(), SHARED.to_vec()),
        ("bob".to_owned(), SHARED.to_vec()),
    ];
    assert_eq!(
        names_and_secrets(&manifest, Some(b"sda pass")).unwrap(),
        want
    );
    assert!(matches!(
        names_and_secrets(&manifest, None),
        Err(ImportError::NeedPassphrase {
            format: Format::Steam
        })
    ));
    assert!(matches!(
        names_and_secrets(&manifest, Some(b"wrong")),
        Err(ImportError::WrongPassphrase {
            format: Format::Steam
        })
    ));
}

#[test]
fn a_plain_sda_folder_imports_and_a_manifest_cannot_point_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = folder(dir.path(), None);
    assert_eq!(names_and_secrets(&manifest, None).unwrap().len(), 2);
    // A manifest naming a file outside its folder, or a missing one: those entries are
    // refused, the others import.
    let outside = dir.path().join("outside.maFile");
    std::fs::write(&outside, mafile("mallory")).unwrap();
    let sub = dir.path().join("sda");
    std::fs::create_dir(&sub).unwrap();
    let path = folder(&sub, None);
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    doc["entries"][0]["filename"] = "../outside.maFile".into();
    doc["entries"][1]["filename"] = "missing.maFile".into();
    std::fs::write(&path, doc.to_string()).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let batch = parse_file(&path, &bytes, None, None).unwrap();
    let reasons: Vec<String> = batch
        .entries
        .into_iter()
        .map(|e| e.account.unwrap_err())
        .collect();
    assert!(
        reasons[0].contains("not a file name beside the manifest"),
        "{reasons:?}"
    );
    assert!(
        reasons[1].contains("cannot read missing.maFile"),
        "{reasons:?}"
    );
}

#[test]
fn an_encrypted_mafile_alone_points_to_its_manifest() {
    let dir = tempfile::tempdir().unwrap();
    folder(dir.path(), Some("sda pass"));
    let file = dir.path().join("76561198000000000.maFile");
    let bytes = std::fs::read(&file).unwrap();
    // Its content alone looks like a TOTP Authenticator backup; the name says what it is.
    assert_eq!(
        otty_core::import::detect(&bytes),
        Some(Format::TotpAuthenticator)
    );
    let err = parse_file(&file, &bytes, None, Some(b"sda pass")).unwrap_err();
    assert!(
        matches!(
            err,
            ImportError::Unsupported {
                format: Format::Steam,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("manifest.json"), "{err}");
    // A plain maFile still imports alone.
    let plain = tempfile::tempdir().unwrap();
    folder(plain.path(), None);
    let file = plain.path().join("76561198000000000.maFile");
    let batch = parse_file(&file, &std::fs::read(&file).unwrap(), None, None).unwrap();
    assert_eq!(batch.format, Format::Steam);
}
