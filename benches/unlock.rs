//! Unlock split into its two costs: `cargo bench --bench unlock`.
//!
//! - `kdf_default`: one Argon2id with the parameters new vaults get.
//! - `kdf_minimum`: one Argon2id at the smallest accepted parameters (8 MiB, t=1).
//! - `unlock_10k_minimum_kdf`: a full unlock of a 10,000-account vault at those minimum
//!   parameters; minus `kdf_minimum`, it is the time to decrypt and load 10,000 accounts.

use otty::core::crypto::{self, KdfParams};
use otty::core::{NewAccount, OtpParams, Secret, Vault};

fn main() {
    divan::main();
}

const MIN: KdfParams = KdfParams::CHEAPEST;

#[divan::bench(sample_count = 10, sample_size = 1)]
fn kdf_default() {
    crypto::derive_key(b"password", &[7; 16], KdfParams::DEFAULT).ok();
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn kdf_minimum() {
    crypto::derive_key(b"password", &[7; 16], MIN).ok();
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn unlock_10k_minimum_kdf(bencher: divan::Bencher) {
    let (dir, v) = vault_of(10_000);
    drop(v);
    let path = dir.path().join("bench.otty");
    let v = Vault::open(&path).expect("open");
    bencher.bench_local(|| {
        v.unlock(b"password").expect("unlock");
        assert_eq!(v.account_count().ok(), Some(10_000));
        v.lock();
    });
}

/// A vault file of `n` accounts, unlocked (minimum KDF).
fn vault_of(n: usize) -> (tempfile::TempDir, Vault) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.otty");
    let v = Vault::create(&path, b"password", MIN).expect("create");
    let accounts = (0..n)
        .map(|i| {
            let secret = Secret::from_bytes(format!("secret-{i:08}-padding").into_bytes());
            NewAccount::new(
                format!("Service {i}"),
                format!("user{i}@example.com"),
                OtpParams::totp(secret),
            )
        })
        .collect();
    v.add_many(accounts).expect("add");
    (dir, v)
}

/// One account edit (an immediate transaction and its fsync'd commit) in a vault of
/// `n` accounts: what the vault-wide commitment adds to every write grows with `n`.
#[divan::bench(args = [100, 10_000], sample_count = 30, sample_size = 1)]
fn write_one_account(bencher: divan::Bencher, n: usize) {
    let (_dir, v) = vault_of(n);
    let first = v.accounts().expect("accounts")[0].clone();
    let mut i = 0u64;
    bencher.bench_local(|| {
        let mut data = first.data.clone();
        i += 1;
        data.notes = format!("edit {i}");
        v.update(first.id, data).expect("update");
    });
}

/// `passwd` on a 10,000-account vault at the minimum KDF: a new vault key and every row sealed
/// again in one transaction (minus two `kdf_minimum`, the re-sealing).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn rekey_10k_minimum_kdf(bencher: divan::Bencher) {
    let (_dir, v) = vault_of(10_000);
    bencher.bench_local(|| {
        v.change_password(b"password", None).expect("passwd");
    });
}
