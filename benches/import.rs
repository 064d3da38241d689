//! Importing a generated 10,000-entry Aegis plain vault (target: ≤ 1 s), plus detection alone
//! and an otty export of the same accounts: `cargo bench --bench import`.

use otty::core::export::{self, ExportEntry, ExportFormat};
use otty::core::import;

fn main() {
    divan::main();
}

const ENTRIES: usize = 10_000;

/// An Aegis plain vault (content version 3, two groups) with `n` TOTP/HOTP/Steam entries.
fn aegis_plain(n: usize) -> Vec<u8> {
    let mut entries = Vec::with_capacity(n);
    for i in 0..n {
        let (kind, extra) = match i % 3 {
            0 => ("totp", r#""period": 30"#),
            1 => ("hotp", r#""counter": 7"#),
            _ => ("steam", r#""period": 30"#),
        };
        let secret = otty::core::base32::encode(&(i as u64).to_be_bytes().repeat(3));
        entries.push(format!(
            r#"{{"type":"{kind}","uuid":"00000000-0000-4000-8000-{i:012}","name":"user{i}@example.com","issuer":"Service {i}","note":"","favorite":false,"icon":null,"info":{{"secret":"{secret}","algo":"SHA1","digits":{digits},{extra}}},"groups":["{group}"]}}"#,
            digits = if kind == "steam" { 5 } else { 6 },
            group = if i % 2 == 0 { "g-even" } else { "g-odd" },
        ));
    }
    format!(
        r#"{{"version":1,"header":{{"slots":null,"params":null}},"db":{{"version":3,"entries":[{}],"groups":[{{"uuid":"g-even","name":"Even"}},{{"uuid":"g-odd","name":"Odd"}}]}}}}"#,
        entries.join(",")
    )
    .into_bytes()
}

#[divan::bench(sample_count = 10)]
fn import_aegis_10k(bencher: divan::Bencher) {
    let file = aegis_plain(ENTRIES);
    bencher.bench(|| {
        let batch = import::import(divan::black_box(&file), None).unwrap();
        assert_eq!(batch.valid().count(), ENTRIES);
        batch
    });
}

#[divan::bench(sample_count = 10)]
fn detect_aegis_10k(bencher: divan::Bencher) {
    let file = aegis_plain(ENTRIES);
    bencher.bench(|| import::detect(divan::black_box(&file)));
}

#[divan::bench(sample_count = 10)]
fn export_otty_plain_10k(bencher: divan::Bencher) {
    let batch = import::import(&aegis_plain(ENTRIES), None).unwrap();
    let accounts: Vec<_> = batch
        .entries
        .iter()
        .filter_map(|e| e.account.as_ref().ok())
        .collect();
    let entries: Vec<_> = accounts.iter().map(|a| ExportEntry::new(a)).collect();
    bencher.bench(|| {
        export::export(
            ExportFormat::Otty,
            divan::black_box(&entries),
            None,
            otty::core::KdfParams::DEFAULT,
        )
        .unwrap()
    });
}
