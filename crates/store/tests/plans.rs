//! The journal's hot reads stay index walks with many households (issue 18): a database is
//! seeded with 300 households of one baby and 1,000 events each, and the plans of the events
//! list, the readiness read, the day's totals, Today's read of both, the newest feed and the reminder worker's due
//! patch tests over every household (`Store::explain`, the very
//! queries the store runs) are checked: on PostgreSQL, the events list walks
//! `events_household_time` backwards and stops after its page (no bitmap of the household's
//! rows, no sort of them: only events that start at the same millisecond are put in id
//! order) within 40 buffers, the readiness read walks `events_sparse_kinds` for the rare
//! kinds, and the others stay within their few buffers; on SQLite, each walks one of the
//! same indexes, the events list with no sort of its own.
//!
//! The PostgreSQL test first shows what it guards against: without the statistics of
//! migration 0013 the same database plans the events list as a bitmap of the household's and
//! the baby's rows and a sort, over the buffer limit. PostgreSQL runs when
//! `SOOTHE_TEST_POSTGRES_URL` is set (always under `CI`).

#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use jiff::Timestamp;
use soothe_store::{HotRead, Options, Store};
use sqlx::Connection;

const HOUSEHOLDS: i64 = 300;
const EVENTS: i64 = 1_000;
/// The first event's start (ms): 2026-09-01, then one every 65 minutes (about 45 days).
const FIRST: i64 = 1_788_220_800_000;
const STEP: i64 = 65 * 60_000;

/// The instant the reads are planned at: within the seeded days.
fn at() -> Timestamp {
    Timestamp::from_millisecond(FIRST + 900 * STEP).unwrap()
}

/// The baby of household `h`: a UUID made from its number.
fn baby(h: i64) -> String {
    format!("00000000-0000-4000-8000-{h:012}")
}

/// The buffers a PostgreSQL plan touched in all (`Buffers: shared hit=… read=…` of its top
/// node).
fn buffers(plan: &[String]) -> u64 {
    let line = plan
        .iter()
        .find(|l| l.trim_start().starts_with("Buffers:"))
        .unwrap_or_else(|| panic!("no buffers in the plan:\n{}", plan.join("\n")));
    line.split_whitespace()
        .filter_map(|w| w.split_once('='))
        .filter(|(k, _)| matches!(*k, "hit" | "read"))
        .map(|(_, v)| v.parse::<u64>().unwrap())
        .sum()
}

/// Whether a PostgreSQL plan sorts whole (an `Incremental Sort` only orders the rows that
/// share their start).
fn sorts_whole(plan: &[String]) -> bool {
    plan.iter().any(|l| {
        l.trim_start()
            .trim_start_matches("->  ")
            .starts_with("Sort  (")
    })
}

/// The households, babies and events, straight into the tables (the day-slot triggers run).
const SEED: &str = "\
    INSERT INTO households (name, time_zone, created_at) \
        SELECT 'Household ' || g, 'Europe/Paris', 0 FROM generate_series(1, 300) g; \
    INSERT INTO babies (id, household_id, name, profile, created_at, updated_at) \
        SELECT '00000000-0000-4000-8000-' || lpad(h.id::text, 12, '0'), h.id, 'Baby', \
        '{\"name\":\"Baby\",\"born\":\"2026-08-01\"}', 0, 0 FROM households h; \
    INSERT INTO events (household_id, id, baby_id, kind, start_at, end_at, logged_by, created_at, updated_at, fields) \
        SELECT b.household_id, gen_random_uuid()::text, b.id, \
        (ARRAY['feeding', 'sleep', 'nappy', 'crying', 'note'])[1 + e % 5], \
        1788220800000 + e::bigint * 3900000, \
        CASE WHEN e % 5 IN (0, 1, 3) THEN 1788220800000 + e::bigint * 3900000 + 900000 END, \
        NULL, 0, 0, '{}' FROM babies b, generate_series(0, 999) e; \
    INSERT INTO events (household_id, id, baby_id, kind, start_at, end_at, logged_by, created_at, updated_at, fields) \
        SELECT b.household_id, gen_random_uuid()::text, b.id, 'patch_test', \
        1788220800000 + b.household_id * 12960000, NULL, NULL, 0, 0, '{}' FROM babies b; \
    ANALYZE;";

#[tokio::test]
async fn the_hot_reads_walk_an_index_with_many_households_on_postgres() {
    let Some(url) = common::postgres_url() else {
        return;
    };
    let schema = common::unique("soothe_plans");
    let options = Options {
        schema: Some(schema.clone()),
        ..Options::default()
    };
    let store = Store::open_postgres(&url, &options).await.unwrap();
    let mut db = sqlx::PgConnection::connect(&url).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("SET search_path = {schema}")))
        .execute(&mut db)
        .await
        .unwrap();
    let started = std::time::Instant::now();
    sqlx::raw_sql(SEED).execute(&mut db).await.unwrap();
    eprintln!(
        "seeded {HOUSEHOLDS} households × {EVENTS} events in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let h = 137;

    // What this guards against: the planner without the migration's statistics.
    sqlx::raw_sql(
        "DROP STATISTICS events_household_baby; DROP STATISTICS day_slots_household_baby; ANALYZE;",
    )
    .execute(&mut db)
    .await
    .unwrap();
    let without = store
        .explain(h, &baby(h), HotRead::Events, at())
        .await
        .unwrap();
    eprintln!("without statistics:\n{}", without.join("\n"));
    assert!(
        buffers(&without) > 30 || without.iter().any(|l| l.contains("Sort")),
        "the plan test would not notice a regression:\n{}",
        without.join("\n")
    );
    // Back as migration 0013 leaves it.
    sqlx::raw_sql(sqlx::AssertSqlSafe(
        include_str!("../migrations/postgres/0013_household_baby_statistics.sql").to_owned(),
    ))
    .execute(&mut db)
    .await
    .unwrap();

    let events = store
        .explain(h, &baby(h), HotRead::Events, at())
        .await
        .unwrap();
    let text = events.join("\n");
    eprintln!("events list:\n{text}");
    assert!(
        text.contains("Index Scan Backward using events_household_time"),
        "{text}"
    );
    assert!(!text.contains("Bitmap"), "{text}");
    assert!(!sorts_whole(&events), "{text}");
    // The page's 21 rows (each may be on its own heap page) and a few index pages.
    assert!(
        buffers(&events) <= 40,
        "{} buffers:\n{text}",
        buffers(&events)
    );

    // The reminder worker's patch tests, over every household: without migration 0016's
    // index, every event is read, or every household's rare kinds.
    sqlx::raw_sql("DROP INDEX events_patch_tests; ANALYZE;")
        .execute(&mut db)
        .await
        .unwrap();
    let without = store
        .explain(h, &baby(h), HotRead::DuePatchChecks, at())
        .await
        .unwrap();
    assert!(
        without.iter().any(|l| l.contains("Seq Scan on events")) || buffers(&without) > 200,
        "the plan test would not notice a regression:\n{}",
        without.join("\n")
    );
    sqlx::raw_sql(sqlx::AssertSqlSafe(
        include_str!("../migrations/postgres/0016_patch_tests_index.sql").to_owned() + "ANALYZE;",
    ))
    .execute(&mut db)
    .await
    .unwrap();

    for (read, limit) in [
        (HotRead::Readiness, 80),
        (HotRead::DayTotals, 100),
        (HotRead::Today, 180),
        (HotRead::NewestFeed, 40),
        (HotRead::DuePatchChecks, 200),
    ] {
        let plan = store.explain(h, &baby(h), read, at()).await.unwrap();
        let text = plan.join("\n");
        eprintln!("{read:?}:\n{text}");
        assert!(!text.contains("BitmapAnd"), "{read:?}: {text}");
        // The worker's read joins the households and reminders: a few hundred rows here,
        // read whole; the events are what must not be.
        let whole = if read == HotRead::DuePatchChecks {
            "Seq Scan on events"
        } else {
            "Seq Scan"
        };
        assert!(!text.contains(whole), "{read:?}: {text}");
        if matches!(read, HotRead::Readiness | HotRead::Today) {
            assert!(text.contains("using events_sparse_kinds"), "{text}");
        }
        assert!(
            buffers(&plan) <= limit,
            "{read:?}: {} buffers:\n{text}",
            buffers(&plan)
        );
    }
    drop(db);
    store.drop_schema(&schema).await.unwrap();
    store.close().await;
}

#[tokio::test]
async fn the_hot_reads_walk_an_index_with_many_households_on_sqlite() {
    let dir = std::env::temp_dir().join(common::unique("soothe-plans"));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("soothe.db");
    let store = Store::open_sqlite(&path, &Options::default())
        .await
        .unwrap();
    let mut db = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let seed = format!(
        "BEGIN; \
         WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {HOUSEHOLDS}) \
         INSERT INTO households (name, time_zone, created_at) SELECT 'Household ' || n, 'Europe/Paris', 0 FROM g; \
         INSERT INTO babies (id, household_id, name, profile, created_at, updated_at) \
         SELECT '00000000-0000-4000-8000-' || printf('%012d', id), id, 'Baby', \
         '{{\"name\":\"Baby\",\"born\":\"2026-08-01\"}}', 0, 0 FROM households; \
         WITH RECURSIVE e(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM e WHERE n < {last}) \
         INSERT INTO events (household_id, id, baby_id, kind, start_at, end_at, logged_by, created_at, updated_at, fields) \
         SELECT b.household_id, lower(hex(randomblob(16))), b.id, \
         CASE e.n % 5 WHEN 0 THEN 'feeding' WHEN 1 THEN 'sleep' WHEN 2 THEN 'nappy' WHEN 3 THEN 'crying' ELSE 'note' END, \
         {FIRST} + e.n * {STEP}, \
         CASE WHEN e.n % 5 IN (0, 1, 3) THEN {FIRST} + e.n * {STEP} + 900000 END, \
         NULL, 0, 0, '{{}}' FROM babies b, e; \
         INSERT INTO events (household_id, id, baby_id, kind, start_at, end_at, logged_by, created_at, updated_at, fields) \
         SELECT household_id, lower(hex(randomblob(16))), id, 'patch_test', {FIRST} + household_id * 12960000, \
         NULL, NULL, 0, 0, '{{}}' FROM babies; \
         COMMIT; ANALYZE;",
        last = EVENTS - 1
    );
    sqlx::raw_sql(sqlx::AssertSqlSafe(seed))
        .execute(&mut db)
        .await
        .unwrap();
    let h = 137;
    for read in [
        HotRead::Events,
        HotRead::Readiness,
        HotRead::DayTotals,
        HotRead::Today,
        HotRead::NewestFeed,
        HotRead::DuePatchChecks,
    ] {
        let plan = store.explain(h, &baby(h), read, at()).await.unwrap();
        let text = plan.join("\n");
        eprintln!("{read:?}:\n{text}");
        assert!(!plan.is_empty());
        for line in &plan {
            // `SCAN f` reads a subquery's few rows; a table is never scanned whole.
            if ["SCAN events", "SCAN day_slots"]
                .iter()
                .any(|t| line.starts_with(t))
            {
                panic!("{read:?} scans a table:\n{text}");
            }
            if line.starts_with("SEARCH events") {
                let indexes: &[&str] = if read == HotRead::DuePatchChecks {
                    &["USING INDEX events_patch_tests"]
                } else {
                    &[
                        "USING INDEX events_household_time",
                        "USING INDEX events_sparse_kinds",
                    ]
                };
                assert!(
                    indexes.iter().any(|i| line.contains(i)),
                    "{read:?}:\n{text}"
                );
            }
        }
        if read == HotRead::Events {
            assert!(text.contains("USING INDEX events_household_time"), "{text}");
            // Only the events that share a start are put in id order, never the page.
            assert!(
                !text.contains("TEMP B-TREE FOR ORDER BY"),
                "the page is sorted:\n{text}"
            );
        }
        if matches!(read, HotRead::Readiness | HotRead::Today) {
            assert!(text.contains("USING INDEX events_sparse_kinds"), "{text}");
        }
    }
    drop(db);
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}
