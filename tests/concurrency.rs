//! Two `otty` processes advancing one HOTP account at the same time never hand out the same
//! code, and the counter ends exactly 200 higher: each advance is one immediate transaction
//! (docs/DESIGN.md, «HOTP counters»).

#[path = "cli/support.rs"]
#[allow(dead_code)]
mod support;

use std::collections::HashSet;
use std::sync::Arc;

use support::Fixture;

#[test]
fn two_processes_advance_one_hotp_account_without_repeats() {
    let f = Arc::new(Fixture::new());
    // Ten digits: distinct codes mean distinct counters (see `Fixture::add_hotp10`).
    let id = f.add_hotp10("Race", "hotp", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let f = Arc::clone(&f);
            std::thread::spawn(move || {
                (0..100)
                    .map(|_| {
                        let v = f.json(&["code", &id.to_string(), "--json"]);
                        let code = v["password"].as_str().unwrap().to_owned();
                        (code, v["counter"].as_u64().unwrap())
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let results: Vec<(String, u64)> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    assert_eq!(results.len(), 200);
    let codes: HashSet<&str> = results.iter().map(|(c, _)| c.as_str()).collect();
    let counters: HashSet<u64> = results.iter().map(|(_, n)| *n).collect();
    assert_eq!(codes.len(), 200, "a code was handed out twice");
    assert_eq!(counters, (1..=200).collect::<HashSet<u64>>());
    let listed = f.json(&["list", "--json"]);
    assert_eq!(listed[0]["counter"].as_u64(), Some(200));
}
