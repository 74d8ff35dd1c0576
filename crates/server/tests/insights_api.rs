//! The soothe days and the insights through the API (issue 16): a journal of five and a half
//! weeks logged through the API at times set by a [`ManualClock`], its days (across the
//! clock change in Europe/Madrid), the comparison with enough data and without, worded in
//! English and Spanish, and the refusals (422 naming the field, 404 for another household's
//! baby; a viewer reads). Each test runs on SQLite, and on PostgreSQL when
//! `SOOTHE_TEST_POSTGRES_URL` is set (always under `CI`).

#![allow(clippy::unwrap_used, clippy::print_stderr, missing_docs)]

#[path = "../../../tests/skipping.rs"]
mod skipping;

use std::future::Future;
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::{Date, date};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use soothe_app::ManualClock;
use soothe_core::catalog::Catalog;
use soothe_server::{AppState, Limits};
use soothe_store::{NewOwner, Options, Store};

const ZONE: &str = "Europe/Madrid";
/// The first day logged.
const FIRST: Date = date(2026, 10, 20);
/// The last day logged (the last full soothe day at the clock's time).
const LAST: Date = date(2026, 11, 27);

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    )
}

fn postgres_url() -> Option<String> {
    skipping::postgres_url("the PostgreSQL half")
}

struct Rig {
    base: String,
    clock: Arc<ManualClock>,
    client: reqwest::Client,
    store: Store,
    token: String,
    baby: String,
}

struct Reply {
    status: StatusCode,
    body: Value,
}

impl Rig {
    async fn call(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> Reply {
        self.call_in(method, path, token, body, "en").await
    }

    async fn call_in(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<Value>,
        lang: &str,
    ) -> Reply {
        let mut req = self
            .client
            .request(method, format!("{}/api/v1{path}", self.base))
            .bearer_auth(token)
            .header("Accept-Language", lang);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        Reply {
            status,
            body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
        }
    }

    async fn post(&self, path: &str, body: Value) -> Reply {
        self.call(Method::POST, path, &self.token, Some(body)).await
    }

    async fn get(&self, path: &str) -> Reply {
        self.call(Method::GET, path, &self.token, None).await
    }

    /// Logs an event for `baby`; it must be created.
    async fn log(&self, baby: &str, event: Value) {
        let r = self
            .call(
                Method::POST,
                &format!("/babies/{baby}/events"),
                &self.token,
                Some(event.clone()),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{event}: {:?}", r.body);
    }

    async fn new_baby(&self, name: &str) -> String {
        let r = self
            .call(
                Method::POST,
                "/babies",
                &self.token,
                Some(json!({"name": name, "born": "2026-08-01T10:00:00+02:00"})),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        r.body["id"].as_str().unwrap().to_owned()
    }

    /// A member who joined with `role`, through the API; returns their token.
    async fn join(&self, role: &str) -> String {
        let r = self
            .call(
                Method::POST,
                "/household/invitations",
                &self.token,
                Some(json!({"role": role})),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        let body = json!({"code": r.body["code"], "email": format!("{}@example.org", unique(role)),
            "password": "correct horse battery", "display_name": "Helper"});
        let res = self
            .client
            .post(format!("{}/api/v1/invitations/accept", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let v: Value = res.json().await.unwrap();
        v["token"].as_str().unwrap().to_owned()
    }
}

/// A household with its owner on `store`; the owner's token.
async fn household(store: &Store, email: &str) -> String {
    let (user, household) = store
        .create_owner(
            NewOwner {
                email: email.into(),
                display_name: "Owner".into(),
                password: "correct horse battery".into(),
                household: format!("{email}'s home"),
                time_zone: ZONE.into(),
            },
            Timestamp::now(),
        )
        .await
        .unwrap();
    let (_, secret) = store
        .create_token(user.id, household.id, "test", Timestamp::now())
        .await
        .unwrap();
    secret.expose().to_owned()
}

/// Noon on 28 November 2026 in Madrid: the last full soothe day is the 27th.
fn clock_start() -> Timestamp {
    "2026-11-28T11:00:00Z".parse().unwrap()
}

async fn serve(store: Store) -> Rig {
    let clock = Arc::new(ManualClock::new(clock_start()));
    let state = AppState::new(
        store.clone(),
        Catalog::embedded().unwrap(),
        Limits::default(),
    )
    .with_clock(clock.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(soothe_server::serve(
        listener,
        state,
        std::future::pending(),
    ));
    let token = household(&store, &format!("{}@example.org", unique("owner"))).await;
    let mut rig = Rig {
        base,
        clock,
        client: reqwest::Client::new(),
        store,
        token,
        baby: String::new(),
    };
    rig.baby = rig.new_baby("Léa").await;
    rig
}

/// Runs `body` on a served soothe over SQLite, then over PostgreSQL (in a schema of its own,
/// dropped afterwards) when one is configured.
async fn on_each_backend<F, Fut>(body: F)
where
    F: Fn(Rig) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let dir = std::env::temp_dir().join(unique("soothe-insights-api"));
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open_sqlite(&dir.join("soothe.db"), &Options::default())
        .await
        .unwrap();
    let run = tokio::spawn(body(serve(store.clone()).await)).await;
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = run {
        std::panic::resume_unwind(e.into_panic());
    }
    let Some(url) = postgres_url() else {
        return;
    };
    let schema = unique("soothe_insights");
    let options = Options {
        schema: Some(schema.clone()),
        max_connections: 4,
        ..Options::default()
    };
    let store = Store::open_postgres(&url, &options)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at {url} could not be used: {e}"));
    let run = tokio::spawn(body(serve(store.clone()).await)).await;
    store.drop_schema(&schema).await.unwrap();
    if let Err(e) = run {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// `HH:MM` on `day` in Madrid, RFC 3339 with the offset of then.
fn at(day: Date, hm: &str) -> String {
    let t: jiff::civil::Time = hm.parse().unwrap();
    day.to_datetime(t)
        .to_zoned(jiff::tz::TimeZone::get(ZONE).unwrap())
        .unwrap()
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// Whether `day` (its index from [`FIRST`]) had a massage: every other day.
fn massaged(i: i64) -> bool {
    i % 2 == 0
}

/// Minutes of crying on day `i`: about 20 fewer on massage days.
fn crying(i: i64) -> i64 {
    (if massaged(i) { 10 } else { 30 }) + (i % 5) * 2
}

/// Logs every day from [`FIRST`] to [`LAST`]: three feeds, the night's sleep from 20:00 to
/// 06:00, crying in the late afternoon, and a 15-minute massage every other day.
async fn seed(rig: &Rig) {
    let mut day = FIRST;
    let mut i = 0;
    while day <= LAST {
        let next = day.tomorrow().unwrap();
        for (s, e) in [("08:00", "08:20"), ("12:00", "12:20"), ("16:00", "16:20")] {
            rig.log(
                &rig.baby,
                json!({"kind": "feeding", "start": at(day, s), "end": at(day, e)}),
            )
            .await;
        }
        rig.log(
            &rig.baby,
            json!({"kind": "sleep", "start": at(day, "20:00"), "end": at(next, "06:00")}),
        )
        .await;
        rig.log(
            &rig.baby,
            json!({"kind": "crying", "start": at(day, "17:00"),
                "end": at(day, &format!("17:{:02}", crying(i)))}),
        )
        .await;
        if massaged(i) {
            rig.log(
                &rig.baby,
                json!({"kind": "massage", "start": at(day, "11:00"), "end": at(day, "11:15")}),
            )
            .await;
        }
        day = next;
        i += 1;
    }
    // Crying across the morning edge of 21 October: 10 minutes before 07:00 (the 20th's
    // day), 10 after (the 21st's).
    rig.log(
        &rig.baby,
        json!({"kind": "crying", "start": at(date(2026, 10, 21), "06:50"),
            "end": at(date(2026, 10, 21), "07:10")}),
    )
    .await;
}

/// A 422 naming exactly these fields.
fn refused(r: &Reply, fields: &[&str]) {
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    let got: Vec<&str> = r.body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("{:?}", r.body))
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(got, fields, "{:?}", r.body);
}

#[tokio::test]
async fn days_insights_and_their_refusals() {
    on_each_backend(|rig| async move {
        seed(&rig).await;
        let baby = rig.baby.clone();

        // The days: one per date, in order, with the day of the clock change 25 hours long.
        let r = rig
            .get(&format!(
                "/babies/{baby}/days?from=2026-10-23&to=2026-10-26"
            ))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        let days = r.body.as_array().unwrap();
        let dates: Vec<&str> = days.iter().map(|d| d["date"].as_str().unwrap()).collect();
        assert_eq!(
            dates,
            ["2026-10-23", "2026-10-24", "2026-10-25", "2026-10-26"]
        );
        // 23 October (index 3): no massage, 30 + 6 minutes of crying, a 10-hour night.
        assert_eq!(
            days[0],
            json!({"date": "2026-10-23", "night_sleep_minutes": 600, "longest_sleep_minutes": 600,
                "night_wakings": 0, "crying_minutes": 36, "gas_episodes": 0, "feeds": 3,
                "massaged": false, "logged": true})
        );
        // The night of 24 to 25 October gains the hour the clocks go back: 20:00 to 06:00 is
        // 11 hours.
        assert_eq!(days[1]["night_sleep_minutes"], 660, "{:?}", days[1]);
        assert_eq!(days[1]["longest_sleep_minutes"], 660);
        assert_eq!(days[1]["massaged"], true);
        assert_eq!(days[1]["crying_minutes"], 18);
        assert_eq!(days[2]["night_sleep_minutes"], 600);
        assert_eq!(days[2]["massaged"], false);

        // A span that began in the day before `from` is cut at the day's start: 32 minutes
        // in the afternoon and the 10 after 07:00.
        let r = rig
            .get(&format!(
                "/babies/{baby}/days?from=2026-10-21&to=2026-10-21"
            ))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body[0]["crying_minutes"], 42, "{:?}", r.body);
        let r = rig
            .get(&format!(
                "/babies/{baby}/days?from=2026-10-20&to=2026-10-20"
            ))
            .await;
        assert_eq!(r.body[0]["crying_minutes"], 20, "{:?}", r.body);

        // Days after the clock's today hold nothing.
        let r = rig
            .get(&format!(
                "/babies/{baby}/days?from=2026-11-27&to=2026-11-29"
            ))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body[0]["feeds"], 3);
        assert_eq!(r.body[0]["night_sleep_minutes"], 600);
        assert_eq!(r.body[2]["logged"], false);
        assert_eq!(r.body[2]["feeds"], 0);

        // Insights with enough data: 28 days ending the 27th, 14 of each.
        let path = format!("/babies/{baby}/insights?outcome=crying_minutes&days=28");
        let r = rig.get(&path).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        let b = &r.body;
        assert_eq!(b["outcome"], "crying_minutes");
        assert_eq!(
            (b["from"].as_str(), b["to"].as_str()),
            (Some("2026-10-31"), Some("2026-11-27"))
        );
        assert_eq!(
            (b["massage_days"].as_u64(), b["other_days"].as_u64()),
            (Some(14), Some(14))
        );
        assert_eq!(b["adjusted_for"], "age");
        assert_eq!(b["enough_data"], true);
        assert_eq!(b["unit"], "minutes");
        assert_eq!(b["better"], "less");
        assert_eq!(b["finding"], json!({"code": "less"}));
        let difference = b["difference"].as_f64().unwrap();
        let (low, high) = (b["low"].as_f64().unwrap(), b["high"].as_f64().unwrap());
        assert!((difference + 20.0).abs() < 3.0, "{difference}");
        assert!(
            low <= difference && difference <= high && high < 0.0,
            "{b:?}"
        );
        assert!(b["probability_better"].as_f64().unwrap() > 0.95, "{b:?}");
        assert!(b["unadjusted"].as_f64().is_some());
        let words = b["words"].as_str().unwrap();
        assert!(
            words.contains("On massage days Léa cried about 20 min less"),
            "{words}"
        );
        assert!(words.contains("one baby"), "{words}");
        // The same journal gives the same answer.
        assert_eq!(rig.get(&path).await.body, r.body);
        // In Spanish.
        let es = rig
            .call_in(Method::GET, &path, &rig.token, None, "es")
            .await;
        assert_eq!(es.status, StatusCode::OK);
        assert_eq!(es.body["difference"], r.body["difference"]);
        let words = es.body["words"].as_str().unwrap();
        assert!(words.contains("Los días con masaje, Léa lloró"), "{words}");
        // The default period is 28 days.
        let r = rig
            .get(&format!("/babies/{baby}/insights?outcome=crying_minutes"))
            .await;
        assert_eq!(r.body["from"], "2026-10-31");

        // Nothing logged of gas: no number.
        let r = rig
            .get(&format!("/babies/{baby}/insights?outcome=gas_episodes"))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body["enough_data"], false);
        assert_eq!(r.body["finding"]["code"], "nothing-logged", "{:?}", r.body);
        assert!(r.body["difference"].is_null() && r.body["low"].is_null());

        // A baby with nothing logged: what is missing, in both languages.
        let other = rig.new_baby("Bruno").await;
        let path = format!("/babies/{other}/insights?outcome=night_sleep_minutes&days=14");
        let r = rig.get(&path).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        let b = &r.body;
        assert_eq!(b["enough_data"], false);
        for k in [
            "difference",
            "low",
            "high",
            "probability_better",
            "unadjusted",
        ] {
            assert!(b[k].is_null(), "{k}: {b:?}");
        }
        assert_eq!(
            b["finding"],
            json!({"code": "too-few-days", "massage_days_needed": 7, "other_days_needed": 7})
        );
        let words = b["words"].as_str().unwrap();
        assert!(
            words.contains("7 more massage days and 7 more days without massage"),
            "{words}"
        );
        let es = rig
            .call_in(Method::GET, &path, &rig.token, None, "es")
            .await;
        let words = es.body["words"].as_str().unwrap();
        assert!(words.contains("faltan 7 días más con masaje"), "{words}");

        // Refusals name their fields.
        let days = |q: &str| format!("/babies/{baby}/days?{q}");
        refused(
            &rig.get(&days("from=2026-11-02&to=2026-11-01")).await,
            &["from"],
        );
        let r = rig.get(&days("from=2026-11-02&to=2026-11-01")).await;
        let detail = r.body["detail"].as_str().unwrap();
        assert!(
            detail.starts_with("From: Monday 2 November 2026 is after"),
            "{detail}"
        );
        refused(
            &rig.get(&days("from=2024-01-01&to=2026-01-01")).await,
            &["from"],
        );
        let r = rig.get(&days("from=2024-01-01&to=2026-01-01")).await;
        assert_eq!(
            r.body["errors"][0]["code"], "range-too-long",
            "{:?}",
            r.body
        );
        refused(
            &rig.get(&days("from=2026-13-01&to=2026-11-01")).await,
            &["from"],
        );
        refused(
            &rig.get(&days("from=2026-11-01&to=yesterday")).await,
            &["to"],
        );
        assert_eq!(
            rig.get(&days("from=2026-11-01")).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let insights = |q: &str| format!("/babies/{baby}/insights?{q}");
        let r = rig.get(&insights("outcome=sleep")).await;
        refused(&r, &["outcome"]);
        assert_eq!(r.body["errors"][0]["code"], "outcome-unknown");
        assert!(
            r.body["detail"]
                .as_str()
                .unwrap()
                .contains("night_sleep_minutes"),
            "{:?}",
            r.body
        );
        for bad in ["13", "732", "0"] {
            let r = rig
                .get(&insights(&format!("outcome=feeds&days={bad}")))
                .await;
            refused(&r, &["days"]);
            assert_eq!(r.body["errors"][0]["code"], "outside", "{:?}", r.body);
        }
        refused(
            &rig.get(&insights("outcome=feeds&days=-1")).await,
            &["days"],
        );
        refused(
            &rig.get(&insights("outcome=sleep&days=5")).await,
            &["outcome", "days"],
        );
        let r = rig
            .call_in(
                Method::GET,
                &insights("outcome=sleep"),
                &rig.token,
                None,
                "es",
            )
            .await;
        assert!(
            r.body["detail"]
                .as_str()
                .unwrap()
                .contains("resultado desconocido"),
            "{:?}",
            r.body
        );

        // Another household's baby is not found; a viewer of this one reads.
        let stranger = household(&rig.store, &format!("{}@example.org", unique("stranger"))).await;
        for path in [
            days("from=2026-11-01&to=2026-11-02"),
            insights("outcome=feeds"),
        ] {
            let r = rig.call(Method::GET, &path, &stranger, None).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {:?}", r.body);
        }
        let viewer = rig.join("viewer").await;
        let r = rig
            .call(
                Method::GET,
                &days("from=2026-10-23&to=2026-10-23"),
                &viewer,
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body[0]["crying_minutes"], 36);
        let r = rig
            .call(
                Method::GET,
                &insights("outcome=crying_minutes"),
                &viewer,
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body["enough_data"], true);
    })
    .await;
}

#[tokio::test]
async fn a_family_experiment_from_start_to_result_and_one_stopped_early() {
    on_each_backend(|rig| async move {
        let baby = rig.baby.clone();
        let path = format!("/babies/{baby}/experiments");

        // Refusals: by field, a viewer may not start one, another household's baby is not
        // found.
        let r = rig.post(&path, json!({"outcome": "sleep", "days": 30})).await;
        refused(&r, &["outcome", "days"]);
        let r = rig.post(&path, json!({"outcome": "feeds", "days": 13})).await;
        refused(&r, &["days"]);
        assert_eq!(r.body["errors"][0]["code"], "outside");
        let viewer = rig.join("viewer").await;
        let r = rig
            .call(Method::POST, &path, &viewer, Some(json!({"outcome": "feeds", "days": 14})))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
        let stranger = household(&rig.store, &format!("{}@example.org", unique("stranger"))).await;
        let r = rig
            .call(Method::POST, &path, &stranger, Some(json!({"outcome": "feeds", "days": 14})))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{:?}", r.body);

        // Started on 28 November (noon): from the 29th, 15 days made 16, in pairs.
        let r = rig.post(&path, json!({"outcome": "crying_minutes", "days": 15})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        let id = r.body["id"].as_str().unwrap().to_owned();
        let schedule: Vec<(Date, bool)> = r.body["schedule"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["date"].as_str().unwrap().parse().unwrap(), d["massage"].as_bool().unwrap()))
            .collect();
        assert_eq!(schedule.len(), 16);
        assert_eq!(schedule[0].0, date(2026, 11, 29));
        assert_eq!(schedule[15].0, date(2026, 12, 14));
        for pair in schedule.chunks(2) {
            assert_ne!(pair[0].1, pair[1].1, "{pair:?}");
        }
        assert_eq!(r.body["done"], false);
        assert!(r.body["result"].is_null());
        assert_eq!(r.body["adherence"]["planned"], 0);
        let one = format!("{path}/{id}");
        let r = rig.call(Method::GET, &one, &viewer, None).await;
        assert_eq!(r.status, StatusCode::OK, "a viewer reads: {:?}", r.body);
        assert_eq!(r.body["schedule"].as_array().unwrap().len(), 16);
        let r = rig.call(Method::GET, &one, &stranger, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);

        // The family follows the plan: about 20 minutes less crying on massage days.
        rig.clock.set("2026-12-15T11:00:00Z".parse().unwrap());
        for (i, (day, massage)) in schedule.iter().enumerate() {
            let i = i64::try_from(i).unwrap();
            let minutes = (if *massage { 10 } else { 30 }) + (i % 5) * 2;
            rig.log(
                &baby,
                json!({"kind": "crying", "start": at(*day, "17:00"),
                    "end": at(*day, &format!("17:{minutes:02}"))}),
            )
            .await;
            rig.log(
                &baby,
                json!({"kind": "feeding", "start": at(*day, "09:00"), "end": at(*day, "09:20")}),
            )
            .await;
            if *massage {
                rig.log(
                    &baby,
                    json!({"kind": "massage", "start": at(*day, "11:00"), "end": at(*day, "11:15")}),
                )
                .await;
            }
        }
        let r = rig.get(&one).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        let b = &r.body;
        assert_eq!(b["done"], true);
        assert_eq!(
            b["adherence"],
            json!({"planned": 16, "followed": 16, "massage_planned": 8, "massage_done": 8,
                "other_planned": 8, "other_kept": 8})
        );
        let res = &b["result"];
        assert_eq!(res["complete"], true);
        assert_eq!(res["caveats"], json!([]));
        assert_eq!((res["massage_days"].as_u64(), res["other_days"].as_u64()), (Some(8), Some(8)));
        assert_eq!((res["from"].as_str(), res["to"].as_str()), (Some("2026-11-29"), Some("2026-12-14")));
        assert_eq!(res["enough_data"], true);
        assert_eq!(res["finding"]["code"], "less");
        let d = res["difference"].as_f64().unwrap();
        assert!((d + 20.0).abs() < 4.0, "{d}");
        assert!(res["probability_better"].as_f64().unwrap() > 0.9, "{res:?}");
        let words = res["words"].as_str().unwrap();
        assert!(words.starts_with("In the experiment, massage made"), "{words}");
        let lines: Vec<&str> = res["lines"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
        assert!(lines.iter().any(|l| l.starts_with("The chance that massage days were the better ones")), "{lines:?}");
        assert!(lines.contains(&"16 of 16 planned days were followed."), "{lines:?}");
        let es = rig.call_in(Method::GET, &one, &rig.token, None, "es").await;
        let words = es.body["result"]["words"].as_str().unwrap();
        assert!(words.starts_with("En el experimento, el masaje hizo que"), "{words}");

        // Another, stopped on its first day: a result that says it is incomplete.
        let r = rig.post(&path, json!({"outcome": "night_sleep_minutes", "days": 14})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        assert_eq!(r.body["schedule"][0]["date"], "2026-12-16");
        let second = r.body["id"].as_str().unwrap().to_owned();
        // One at a time: a third is refused while it runs, naming the running one's end.
        let r = rig.post(&path, json!({"outcome": "feeds", "days": 14})).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
        assert!(r.body["type"].as_str().unwrap().ends_with("/experiment-running"), "{:?}", r.body);
        assert!(r.body["detail"].as_str().unwrap().contains("2026-12-29"), "{:?}", r.body);
        // Both are listed, the newest first, for every member.
        let r = rig.call(Method::GET, &path, &viewer, None).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        let ids: Vec<&str> = r.body.as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
        assert_eq!(ids, [second.as_str(), id.as_str()]);
        assert_eq!(r.body[1]["done"], true);
        let stop = format!("{path}/{second}/stop");
        let r = rig.call(Method::POST, &stop, &viewer, None).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
        rig.clock.set("2026-12-17T11:00:00Z".parse().unwrap());
        let r = rig.post(&stop, json!(null)).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        let stopped_at = r.body["stopped_at"].clone();
        assert!(stopped_at.as_str().unwrap().starts_with("2026-12-17T12:00:00+01:00"), "{stopped_at}");
        let res = &r.body["result"];
        assert_eq!(res["complete"], false);
        assert_eq!(res["enough_data"], false);
        assert!(res["difference"].is_null());
        assert_eq!(res["caveats"][0], "stopped-early", "{res:?}");
        let lines = res["lines"].to_string();
        assert!(lines.contains("this result is incomplete"), "{lines}");
        // Stopping again keeps the first time.
        rig.clock.set("2026-12-18T11:00:00Z".parse().unwrap());
        let r = rig.post(&stop, json!(null)).await;
        assert_eq!(r.body["stopped_at"], stopped_at);
        // Stopped, it no longer holds a new one back.
        let r = rig.post(&path, json!({"outcome": "feeds", "days": 14})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    })
    .await;
}

#[tokio::test]
async fn a_soothe_day_follows_the_households_night_hours() {
    on_each_backend(|rig| async move {
        let baby = rig.new_baby("Noor").await;
        // A sleep from 19:30 to 06:00 the next morning, and one from 07:30 to 08:00.
        let (day, next) = (date(2026, 11, 20), date(2026, 11, 21));
        rig.log(
            &baby,
            json!({"kind": "sleep", "start": at(day, "19:30"), "end": at(next, "06:00")}),
        )
        .await;
        rig.log(
            &baby,
            json!({"kind": "sleep", "start": at(next, "07:30"), "end": at(next, "08:00")}),
        )
        .await;
        let path = format!("/babies/{baby}/days?from=2026-11-20&to=2026-11-21");
        // The defaults: the night from 19:00, the day from 07:00.
        let r = rig.get("/household/settings").await;
        assert_eq!(
            (
                r.body["night_start_hour"].as_u64(),
                r.body["night_end_hour"].as_u64()
            ),
            (Some(19), Some(7))
        );
        let r = rig.get(&path).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body[0]["night_sleep_minutes"], 630, "{:?}", r.body);
        assert_eq!(r.body[1]["night_sleep_minutes"], 0, "{:?}", r.body);
        // A night from 21:00 to 08:00: the first two hours are not night, the morning
        // sleep before 08:00 belongs to the 20th's soothe day.
        let mut settings = rig.get("/household/settings").await.body;
        settings["night_start_hour"] = json!(21);
        settings["night_end_hour"] = json!(8);
        let r = rig
            .call(
                Method::PUT,
                "/household/settings",
                &rig.token,
                Some(settings),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        let r = rig.get(&path).await;
        assert_eq!(r.body[0]["night_sleep_minutes"], 540 + 30, "{:?}", r.body);
        assert_eq!(r.body[0]["longest_sleep_minutes"], 630, "{:?}", r.body);
    })
    .await;
}
