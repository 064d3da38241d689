//! Google Authenticator's `otpauth-migration://offline?data=…` payloads (protobuf).
//!
//! The message types are written by hand with `prost` derives (field numbers of
//! Google Authenticator's `MigrationPayload` message); there is no build script. The same
//! types serve the exporter.

use percent_encoding::percent_decode_str;
use prost::Message;

use super::ImportedEntry;
use super::draft::{Draft, entry, strip_issuer_prefix};
use super::json::b64;

/// The whole payload of one QR code.
#[derive(Clone, PartialEq, Message)]
pub(crate) struct MigrationPayload {
    /// The accounts.
    #[prost(message, repeated, tag = "1")]
    pub otp_parameters: Vec<OtpParameters>,
    /// Format version (1).
    #[prost(int32, tag = "2")]
    pub version: i32,
    /// Number of QR codes in the export.
    #[prost(int32, tag = "3")]
    pub batch_size: i32,
    /// Index of this QR code.
    #[prost(int32, tag = "4")]
    pub batch_index: i32,
    /// Random id shared by the codes of one export.
    #[prost(int32, tag = "5")]
    pub batch_id: i32,
}

/// One account.
#[derive(Clone, PartialEq, Message)]
#[prost(skip_debug)]
pub(crate) struct OtpParameters {
    /// Raw secret bytes.
    #[prost(bytes = "vec", tag = "1")]
    pub secret: Vec<u8>,
    /// Account name, sometimes `Issuer:account`.
    #[prost(string, tag = "2")]
    pub name: String,
    /// Issuer (the service), may be empty.
    #[prost(string, tag = "3")]
    pub issuer: String,
    /// 0 unspecified, 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5.
    #[prost(int32, tag = "4")]
    pub algorithm: i32,
    /// 0 unspecified, 1 six, 2 eight.
    #[prost(int32, tag = "5")]
    pub digits: i32,
    /// 0 unspecified, 1 HOTP, 2 TOTP.
    #[prost(int32, tag = "6")]
    pub r#type: i32,
    /// HOTP counter.
    #[prost(int64, tag = "7")]
    pub counter: i64,
}

impl std::fmt::Debug for OtpParameters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OtpParameters")
            .field("name", &self.name)
            .field("issuer", &self.issuer)
            .finish_non_exhaustive()
    }
}

impl Drop for OtpParameters {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.secret);
    }
}

/// Decode one migration URI into entries; the error is a reason for the whole URI.
pub(crate) fn import_uri(uri: &str) -> Result<Vec<ImportedEntry>, String> {
    let (_, query) = uri.split_once('?').ok_or("no data parameter")?;
    let data = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("data="))
        .ok_or("no data parameter")?;
    // Percent-decode only: a raw `+` is base64, not a space.
    let data = percent_decode_str(data).decode_utf8_lossy();
    let bytes = zeroize::Zeroizing::new(b64(&data).ok_or("the data is not base64")?);
    let payload = MigrationPayload::decode(bytes.as_slice())
        .map_err(|_| "the data is not a Google Authenticator payload")?;
    Ok(payload.otp_parameters.iter().map(to_entry).collect())
}

fn to_entry(p: &OtpParameters) -> ImportedEntry {
    entry(|| {
        // With no issuer the name is kept whole: "encoding: ¿äÄéÉ? (demo)" is one name.
        let (service, account) = if p.issuer.is_empty() {
            (String::new(), p.name.trim().to_owned())
        } else {
            (p.issuer.clone(), strip_issuer_prefix(&p.name, &p.issuer))
        };
        let mut d = Draft::new(service, account);
        d.kind(match p.r#type {
            0 | 2 => "totp",
            1 => "hotp",
            _ => "unknown",
        })?;
        d.algorithm(match p.algorithm {
            0 | 1 => "sha1",
            2 => "sha256",
            3 => "sha512",
            4 => "md5",
            _ => "unknown",
        })?;
        let digits = match p.digits {
            0 | 1 => 6,
            2 => 8,
            _ => return Err("unsupported digit count".into()),
        };
        d.numbers(Some(digits), Some(30), Some(p.counter));
        d.secret_bytes(p.secret.clone());
        d.finish()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_batch_ids_and_unknown_fields_decode() {
        // From extract_otp_secrets' example: batch_id is a 10-byte negative varint.
        let bytes = b64("CjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpGgtyYXNwYmVycnlwaSABKAEwAhABGAEgACjr4JKK+/////8B").unwrap();
        let p = MigrationPayload::decode(bytes.as_slice()).unwrap();
        assert_eq!(
            (p.version, p.batch_size, p.batch_index, p.batch_id),
            (1, 1, 0, -1320898453)
        );
        let mut extended = bytes.clone();
        extended.extend_from_slice(&[0x50, 0x05]); // field 10, varint 5: unknown, skipped
        assert!(MigrationPayload::decode(extended.as_slice()).is_ok());
    }

    #[test]
    fn names_and_enums() {
        let uri = |p: &MigrationPayload| {
            let data = crate::import::json::to_b64(&p.encode_to_vec());
            format!("otpauth-migration://offline?data={data}")
        };
        let mut o = OtpParameters {
            secret: vec![1; 10],
            name: "ACME:bob".into(),
            issuer: "ACME".into(),
            digits: 2,
            ..Default::default()
        };
        let p = MigrationPayload {
            otp_parameters: vec![o.clone()],
            ..Default::default()
        };
        let e = import_uri(&uri(&p)).unwrap();
        let a = e[0].account.as_ref().unwrap();
        assert_eq!(
            (a.service.as_str(), a.account.as_str(), a.otp.digits),
            ("ACME", "bob", 8)
        );
        o.digits = 7;
        let p = MigrationPayload {
            otp_parameters: vec![o],
            ..Default::default()
        };
        assert!(import_uri(&uri(&p)).unwrap()[0].account.is_err());
        assert!(import_uri("otpauth-migration://offline?data=%%%").is_err());
        assert!(import_uri("otpauth-migration://offline").is_err());
    }
}
