//! `soothe demo seed --households N` (for bench/scale.sh, issue 18), with the real binary:
//! N households for one owner, each with its babies, journal and its own working API token,
//! written to a new 0600 targets file that a second run never overwrites.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::collections::HashSet;

use common::{run, soothe, temp_dir};
use jiff::Timestamp;
use soothe_store::{EventFilter, Options, Store};

#[tokio::test]
async fn many_households_are_seeded_each_with_its_own_token_and_babies() {
    let dir = temp_dir("demo-seed");
    let targets = dir.join("targets.tsv");
    let args = [
        "demo",
        "seed",
        "--babies",
        "2",
        "--days",
        "3",
        "--households",
        "5",
        "--jobs",
        "3",
        "--targets",
        targets.to_str().unwrap(),
    ];
    let out = run(soothe(&dir, None).args(args), "");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("seeded 10 babies"), "{said}");
    assert!(said.contains("in 5 households"), "{said}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&targets).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "tokens are readable by their owner only");
    }
    let lines: Vec<Vec<String>> = std::fs::read_to_string(&targets)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect();
    assert_eq!(lines.len(), 5);

    let store = Store::open_sqlite(&dir.join("data").join("soothe.db"), &Options::default())
        .await
        .unwrap();
    let mut households = HashSet::new();
    let mut users = HashSet::new();
    for line in &lines {
        assert_eq!(line.len(), 3, "a token and two babies: {line:?}");
        let scope = store
            .authenticate(&line[0], Timestamp::now())
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("the token of {line:?} does not work"));
        households.insert(scope.household());
        users.insert(scope.user());
        for baby in &line[1..] {
            let filter = EventFilter {
                limit: 200,
                ..EventFilter::default()
            };
            let (events, _) = store.events(&scope, baby, &filter).await.unwrap();
            assert!(
                events.len() > 20,
                "three days of journal for {baby}: {}",
                events.len()
            );
        }
    }
    assert_eq!(households.len(), 5, "each line is a household of its own");
    assert_eq!(users.len(), 1, "one owner for all");
    store.close().await;

    // The targets file is never overwritten, and nothing is seeded then.
    let again = run(soothe(&dir, None).args(args), "");
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("cannot write"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
