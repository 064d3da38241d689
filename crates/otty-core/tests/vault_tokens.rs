//! Core storage behind the API: personal access tokens, OTP logs, sealed icons and settings.

use otty_core::vault::otp_log::OtpLogEntry;
use otty_core::vault::tokens::{TOKEN_PREFIX, hash_token, looks_like_token};
use otty_core::{Error, KdfParams, Vault, VaultEvent};
use serde_json::json;

const FAST: KdfParams = KdfParams::CHEAPEST;

fn vault() -> Vault {
    Vault::create_in_memory(b"pw", FAST).unwrap()
}

#[test]
fn tokens_are_shown_once_and_stored_as_hashes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.otty");
    let v = Vault::create(&path, b"pw", FAST).unwrap();
    let events = v.subscribe();
    let t = v.create_token("script", Some(30)).unwrap();
    assert!(looks_like_token(&t.token));
    assert!(t.token.starts_with(TOKEN_PREFIX));
    assert_eq!(events.try_recv().unwrap(), VaultEvent::TokensChanged);
    assert!(!format!("{t:?}").contains(t.token.as_str()));
    let info = v.check_token(&hash_token(&t.token)).unwrap().unwrap();
    assert_eq!(info.name, "script");
    assert_eq!(info.expires_at, Some(info.created_at + 30 * 86_400));
    assert!(
        v.check_token(&hash_token("otty_pat_nope"))
            .unwrap()
            .is_none()
    );
    drop(v);
    // Only the hash reaches the file.
    let bytes = std::fs::read(&path).unwrap();
    let needle = t.token.as_bytes();
    assert!(!bytes.windows(needle.len()).any(|w| w == needle));
}

#[test]
fn revoked_tokens_stop_matching() {
    let v = vault();
    let t = v.create_token("a", None).unwrap();
    v.revoke_token(t.info.id).unwrap();
    v.revoke_token(t.info.id).unwrap();
    assert!(v.check_token(&hash_token(&t.token)).unwrap().is_none());
    assert!(v.tokens().unwrap()[0].revoked_at.is_some());
    assert!(matches!(v.revoke_token(99), Err(Error::TokenNotFound(99))));
    assert!(matches!(
        v.create_token("  ", None),
        Err(Error::Invalid { .. })
    ));
    assert!(matches!(
        v.create_token("x", Some(0)),
        Err(Error::Invalid { .. })
    ));
}

#[test]
fn token_use_is_written_and_never_moves_back() {
    let v = vault();
    let t = v.create_token("a", None).unwrap();
    v.touch_tokens(&[(t.info.id, 200)]).unwrap();
    v.touch_tokens(&[(t.info.id, 100)]).unwrap();
    assert_eq!(v.tokens().unwrap()[0].last_used_at, Some(200));
}

#[test]
fn otp_logs_append_and_read_newest_first() {
    let v = vault();
    let e = |at| OtpLogEntry {
        account_id: 1,
        token_name: Some("t".into()),
        created_at: at,
        count: 1,
    };
    v.append_otp_logs(&[e(10), e(20), e(30)]).unwrap();
    let got = v.otp_logs(1, 15, 10).unwrap();
    assert_eq!(
        got.iter().map(|x| x.created_at).collect::<Vec<_>>(),
        vec![30, 20]
    );
    v.clear_otp_logs(&[1]).unwrap();
    assert!(v.otp_logs(1, 0, 10).unwrap().is_empty());
}

#[test]
fn icons_are_sealed_and_named_like_2fauth() {
    let v = vault();
    let name = v.add_icon("png", "image/png", b"\x89PNG data").unwrap();
    assert_eq!(name.len(), 44);
    let icon = v.icon(&name).unwrap().unwrap();
    assert_eq!(
        (icon.mime.as_str(), icon.bytes.as_slice()),
        ("image/png", &b"\x89PNG data"[..])
    );
    assert!(v.has_icon(&name).unwrap());
    assert!(v.remove_icon(&name).unwrap());
    assert!(v.icon(&name).unwrap().is_none());
    assert!(v.add_icon("p/g", "image/png", b"x").is_err());
}

#[test]
fn settings_round_trip_and_need_an_unlocked_vault() {
    let v = vault();
    v.set_setting("pref.theme", &json!("dark")).unwrap();
    v.set_setting("setting.x", &json!({"a": 1})).unwrap();
    assert_eq!(v.setting("pref.theme").unwrap(), Some(json!("dark")));
    assert_eq!(v.settings_with_prefix("pref.").unwrap().len(), 1);
    assert!(v.remove_setting("pref.theme").unwrap());
    assert_eq!(v.setting("pref.theme").unwrap(), None);
    v.lock();
    assert!(matches!(v.setting("setting.x"), Err(Error::Locked)));
}
