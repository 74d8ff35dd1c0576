//! Import from Baby Buddy (issue 17 §2), end to end: a local server started here answers
//! as Baby Buddy 2.10 did in the recorded fixtures (tests/fixtures/babybuddy: each list,
//! paged by `limit`/`offset` the way Baby Buddy pages, the token checked, 403 otherwise), and
//! `HttpSource` + `App::import_babybuddy` read it into SQLite and PostgreSQL. Asserted: the
//! counts per resource, a sample of values per kind (times, units, nappy contents, feeding
//! methods, the note lines), a second run that stores nothing new, a broken page or record
//! that stores nothing, a dry run, and Baby Buddy's JSON export giving the same journal.
//! PostgreSQL runs when `SOOTHE_TEST_POSTGRES_URL` is set (always under `CI`).

#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stderr)]

#[path = "../../../tests/skipping.rs"]
mod skipping;

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::{Value, json};
use soothe_app::{
    App, BabyBuddyImport, BabyBuddySource, BbProgress, BbReport, Error, ExportSource, ManualClock,
    Setup,
};
use soothe_core::babybuddy::{Part, Resource, import_id};
use soothe_core::catalog::Catalog;
use soothe_core::journal::{Event, EventData, EventKind, FeedMethod, NappyContents, Unit};
use soothe_core::readiness::input::Birth;
use soothe_server::babybuddy::HttpSource;
use soothe_server::notify::{AddressPolicy, Outbound};
use soothe_store::{EventFilter, Options, Scope, Store};
use soothe_words::{Lang, Words};

/// The token the fake Baby Buddy takes (40 hex characters, as Baby Buddy's keys).
const TOKEN: &str = "0123456789abcdef0123456789abcdef01234567";

/// The resources of the recording, by their API folder.
const RESOURCES: [&str; 14] = [
    "children",
    "feedings",
    "sleep",
    "changes",
    "tummy-times",
    "temperature",
    "weight",
    "height",
    "head-circumference",
    "notes",
    "pumping",
    "medication",
    "bmi",
    "timers",
];

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/babybuddy")
}

fn read(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

/// The recorded exchange of a resource whose file name ends with `suffix`.
fn recorded(resource: &str, suffix: &str) -> Value {
    let dir = fixtures().join("api").join(resource);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    assert_eq!(files.len(), 1, "{resource}/*{suffix}");
    read(&files.remove(0))
}

/// Every record of a resource, in Baby Buddy's order (its recorded default list).
fn recorded_list(resource: &str) -> Vec<Value> {
    recorded(resource, "-list-default.json")["response_body"]["results"]
        .as_array()
        .unwrap()
        .clone()
}

/// A page as Baby Buddy's limit/offset pagination gives it (fixtures README §5): absolute
/// links built from the Host header, query parameters sorted by name, and a `previous` that
/// drops `offset` when it is 0.
fn bb_page(all: &[Value], resource: &str, limit: usize, offset: usize, host: &str) -> Value {
    let count = all.len();
    let results: Vec<Value> = all.iter().skip(offset).take(limit).cloned().collect();
    let base = format!("http://{host}/api/{resource}/");
    let next =
        (offset + limit < count).then(|| format!("{base}?limit={limit}&offset={}", offset + limit));
    let previous = (offset > 0).then(|| match offset.saturating_sub(limit) {
        0 => format!("{base}?limit={limit}"),
        p => format!("{base}?limit={limit}&offset={p}"),
    });
    json!({"count": count, "next": next, "previous": previous, "results": results})
}

#[test]
fn the_replay_pages_as_baby_buddy_did() {
    let all = recorded_list("feedings");
    assert_eq!(all.len(), 76);
    for (suffix, offset) in [
        ("-list-limit3-offset0.json", 0),
        ("-list-limit3-offset3.json", 3),
        ("-list-limit3-last-page.json", 75),
    ] {
        let rec = recorded("feedings", suffix);
        assert_eq!(
            bb_page(&all, "feedings", 3, offset, "babybuddy.test"),
            rec["response_body"],
            "{suffix}"
        );
    }
}

/// How the fake breaks a page.
#[derive(Clone, Copy, Debug)]
enum Breakage {
    /// 500 with an HTML page (as Baby Buddy's server errors are).
    ServerError,
    /// 200 with JSON cut short.
    CutJson,
}

/// A Baby Buddy answering from the recorded lists.
#[derive(Default)]
struct Fake {
    lists: HashMap<String, Vec<Value>>,
    broken: Mutex<Option<(String, usize, Breakage)>>,
    seen: Mutex<Vec<String>>,
}

impl Fake {
    fn recorded() -> Fake {
        Fake {
            lists: RESOURCES
                .iter()
                .map(|r| ((*r).to_owned(), recorded_list(r)))
                .collect(),
            ..Fake::default()
        }
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

async fn list(
    State(fake): State<Arc<Fake>>,
    method: Method,
    UrlPath(resource): UrlPath<String>,
    Query(q): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let query: Vec<String> = q.iter().map(|(k, v)| format!("{k}={v}")).collect();
    fake.seen
        .lock()
        .unwrap()
        .push(format!("{method} /api/{resource}/?{}", query.join("&")));
    if method != Method::GET {
        return (StatusCode::METHOD_NOT_ALLOWED, "only GET here").into_response();
    }
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if token != Some(&format!("Token {TOKEN}")) {
        // Baby Buddy: 403, not 401, and no WWW-Authenticate.
        return (
            StatusCode::FORBIDDEN,
            axum::Json(json!({"detail": "Invalid token."})),
        )
            .into_response();
    }
    let Some(all) = fake.lists.get(&resource) else {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "<!doctype html><title>Server Error (500)</title>",
        )
            .into_response();
    };
    // limit=abc and limit=0 fall back to 100; a negative offset counts as 0.
    let limit = q
        .get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .filter(|l| *l > 0)
        .unwrap_or(100);
    let offset = q
        .get("offset")
        .and_then(|o| o.parse::<i64>().ok())
        .map_or(0, |o| usize::try_from(o.max(0)).unwrap());
    let broken = fake.broken.lock().unwrap().clone();
    if let Some((r, at, how)) = broken
        && r == resource
        && at == offset
    {
        return match how {
            Breakage::ServerError => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "<!doctype html><title>Server Error (500)</title>",
            )
                .into_response(),
            Breakage::CutJson => (
                [(header::CONTENT_TYPE, "application/json")],
                "{\"count\": 76, \"next\": null, \"results\": [{\"id\": 1,",
            )
                .into_response(),
        };
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("babybuddy.test")
        .to_owned();
    axum::Json(bb_page(all, &resource, limit, offset, &host)).into_response()
}

/// Starts the fake on a free loopback port.
async fn start(fake: Arc<Fake>) -> SocketAddr {
    let app = Router::new()
        .route("/api/{resource}/", any(list))
        .with_state(fake);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

fn source(addr: SocketAddr, token: &str) -> HttpSource {
    HttpSource::new(
        &format!("http://{addr}/"),
        token,
        Outbound::new(AddressPolicy::default()),
    )
    .unwrap()
}

fn unique(prefix: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        Timestamp::now().as_nanosecond(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// An app over a fresh store with one household (Europe/Paris, as the recorded family) and
/// its owner, the day after the recording.
struct Env {
    app: App,
    scope: Scope,
    store: Store,
    dir: Option<PathBuf>,
    schema: Option<String>,
}

impl Env {
    async fn new(backend: &str) -> Option<Env> {
        let (store, dir, schema) = if backend == "sqlite" {
            let dir = std::env::temp_dir().join(unique("soothe-bb-import"));
            std::fs::create_dir_all(&dir).unwrap();
            let store = Store::open_sqlite(&dir.join("soothe.db"), &Options::default())
                .await
                .unwrap();
            (store, Some(dir), None)
        } else {
            let url = skipping::postgres_url("the PostgreSQL half")?;
            let schema = unique("soothe_bb_import");
            let options = Options {
                schema: Some(schema.clone()),
                ..Options::default()
            };
            (
                Store::open_postgres(&url, &options).await.unwrap(),
                None,
                Some(schema),
            )
        };
        let clock = Arc::new(ManualClock::new("2026-11-28T09:00:00Z".parse().unwrap()));
        let app = App::new(store.clone(), Arc::new(Catalog::embedded().unwrap())).with_clock(clock);
        let set_up = app
            .setup(Setup {
                email: "alex@example.org".into(),
                display_name: "Alex".into(),
                password: "correct horse battery".into(),
                household: "Bennett-Dubois".into(),
                time_zone: "Europe/Paris".into(),
                baby: None,
            })
            .await
            .unwrap();
        Some(Env {
            app,
            scope: set_up.scope,
            store,
            dir,
            schema,
        })
    }

    async fn close(self) {
        if let Some(schema) = &self.schema {
            self.store.drop_schema(schema).await.unwrap();
        }
        self.store.close().await;
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }

    async fn import<S: BabyBuddySource>(
        &self,
        source: &mut S,
        dry_run: bool,
    ) -> (Result<BbReport, Error>, Vec<BbProgress>) {
        let w = Words::for_lang(Lang::En);
        let words = move |p: &Part| soothe_words::babybuddy::part(w, p);
        let mut seen = Vec::new();
        let report = self
            .app
            .import_babybuddy(
                &self.scope,
                source,
                &BabyBuddyImport {
                    dry_run,
                    units: None,
                    page_size: 25,
                    words: &words,
                },
                &mut |p: &BbProgress| seen.push(p.clone()),
            )
            .await;
        (report, seen)
    }

    /// Every event of every baby.
    async fn events(&self) -> Vec<Event> {
        let mut out = Vec::new();
        for b in self.app.babies(&self.scope).await.unwrap() {
            let baby = b.id.unwrap();
            let mut after = None;
            loop {
                let filter = EventFilter {
                    after,
                    limit: 200,
                    ..EventFilter::default()
                };
                let (page, next) = self.app.events(&self.scope, &baby, &filter).await.unwrap();
                out.extend(page);
                match next {
                    Some(c) => after = Some(c),
                    None => break,
                }
            }
        }
        out
    }

    async fn event(&self, name: &str, resource: Resource, bb_id: i64) -> Event {
        let id = import_id(self.scope.household(), name, resource, bb_id);
        self.app.event(&self.scope, &id).await.unwrap()
    }
}

/// What became of a resource: (resource, read, new, skipped per reason).
type Expected = (Resource, u64, u64, &'static [(&'static str, u64)]);

/// Each resource as the recording gives it.
const EXPECTED: [Expected; 14] = [
    (Resource::Children, 2, 2, &[]),
    (Resource::Feedings, 76, 76, &[]),
    (Resource::Sleep, 59, 59, &[]),
    (Resource::Changes, 62, 62, &[]),
    (Resource::TummyTimes, 16, 16, &[]),
    (Resource::Temperature, 10, 10, &[]),
    (Resource::Weight, 4, 4, &[]),
    (Resource::Height, 2, 2, &[]),
    (Resource::HeadCircumference, 2, 2, &[]),
    (Resource::Notes, 5, 5, &[]),
    (Resource::Pumping, 10, 10, &[]),
    (Resource::Medication, 10, 10, &[]),
    (Resource::Bmi, 2, 0, &[("bmi", 2)]),
    // "Feeding" (Noé) and "Bottle (grandma)" (Olivia) run as feeds; "Pumping" says no kind
    // soothe has; the unnamed timer started 26 hours before the recording.
    (
        Resource::Timers,
        4,
        2,
        &[("timer-forgotten", 1), ("timer-kind", 1)],
    ),
];

/// Events stored from the recording: every new record but the children.
const EVENTS: usize = 76 + 59 + 62 + 16 + 10 + 4 + 2 + 2 + 5 + 10 + 10;

fn assert_counts(report: &BbReport, first_run: bool, with_timers: bool) {
    for (resource, read, new, skipped) in EXPECTED {
        if resource == Resource::Timers && !with_timers {
            assert!(report.counts(resource).is_none(), "an export has no timers");
            continue;
        }
        let c = report.counts(resource).unwrap();
        assert_eq!(c.read, read, "{resource:?} read");
        let (want_new, want_already) = if first_run { (new, 0) } else { (0, new) };
        assert_eq!(
            (c.new, c.already),
            (want_new, want_already),
            "{resource:?} new/already"
        );
        let skipped: BTreeMap<&str, u64> = skipped.iter().copied().collect();
        assert_eq!(c.skipped, skipped, "{resource:?} skipped");
    }
}

fn text(e: &Event) -> &str {
    match &e.data {
        EventData::Note(n) => &n.text,
        _ => e.note().unwrap_or(""),
    }
}

/// A sample of each kind, as the recording has it (times in the family's zone, Paris).
async fn assert_samples(env: &Env, name: &str) {
    let mut babies = env.app.babies(&env.scope).await.unwrap();
    babies.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(babies.len(), 2);
    assert_eq!(babies[0].name.as_deref(), Some("Noé Dubois"));
    assert_eq!(babies[0].born, Birth::Date("2026-08-29".parse().unwrap()));
    assert_eq!(babies[1].name.as_deref(), Some("Olivia Bennett"));
    let Birth::At(olivia) = babies[1].born else {
        panic!("Olivia has a birth time")
    };
    assert_eq!(olivia.to_string(), "2026-01-24T03:47:00+01:00");

    // A bottle of expressed milk: method and millilitres; the type said in the note.
    let e = env.event(name, Resource::Feedings, 39).await;
    assert_eq!(e.when().to_string(), "2026-11-24T16:05:00+01:00");
    assert_eq!(e.end().unwrap().to_string(), "2026-11-24T16:19:00+01:00");
    let EventData::Feeding(f) = &e.data else {
        panic!("{e:?}")
    };
    assert_eq!(
        (f.method, f.amount_ml),
        (Some(FeedMethod::Bottle), Some(120))
    );
    assert_eq!(text(&e), "Type: breast milk");
    assert_eq!(e.baby, babies[0].id);

    let e = env.event(name, Resource::Feedings, 65).await;
    let EventData::Feeding(f) = &e.data else {
        panic!("{e:?}")
    };
    assert_eq!(
        (f.method, f.amount_ml),
        (Some(FeedMethod::Bottle), Some(180))
    );
    assert_eq!(text(&e), "Type: formula");

    // Solid food, self-fed, with Baby Buddy's note and tag.
    let e = env.event(name, Resource::Feedings, 63).await;
    let EventData::Feeding(f) = &e.data else {
        panic!("{e:?}")
    };
    assert_eq!((f.method, f.amount_ml), (Some(FeedMethod::Solids), None));
    assert_eq!(
        text(&e),
        "Fed themselves\nLunch at daycare\nTags in Baby Buddy: daycare"
    );
    assert_eq!(e.baby, babies[1].id);

    // A breast feed: the side, nothing else to say.
    let e = env.event(name, Resource::Feedings, 56).await;
    let EventData::Feeding(f) = &e.data else {
        panic!("{e:?}")
    };
    assert_eq!(f.method, Some(FeedMethod::BreastRight));
    assert_eq!(text(&e), "Tags in Baby Buddy: growth spurt");

    let e = env.event(name, Resource::Sleep, 58).await;
    assert_eq!(e.kind(), EventKind::Sleep);
    assert_eq!(e.when().to_string(), "2026-11-27T09:29:00+01:00");
    assert_eq!(e.end().unwrap().to_string(), "2026-11-27T10:46:00+01:00");

    // Wet and solid, black: contents and colour.
    let e = env.event(name, Resource::Changes, 31).await;
    let EventData::Nappy(n) = &e.data else {
        panic!("{e:?}")
    };
    assert_eq!(n.contents, NappyContents::Both);
    assert_eq!(n.at.to_string(), "2026-11-24T13:23:00+01:00");
    assert!(
        text(&e).starts_with("Colour: black\nVery dark stool;"),
        "{}",
        text(&e)
    );

    let e = env.event(name, Resource::Temperature, 7).await;
    let EventData::Temperature(t) = &e.data else {
        panic!("{e:?}")
    };
    assert!((t.celsius - 38.9).abs() < 1e-9);
    assert_eq!(t.at.to_string(), "2026-11-24T16:00:00+01:00");
    assert_eq!(text(&e), "Tags in Baby Buddy: sick");

    // A weight has a date only: the start of that day in the family's zone, in kg.
    let e = env.event(name, Resource::Weight, 4).await;
    let EventData::Weight(m) = &e.data else {
        panic!("{e:?}")
    };
    assert_eq!((m.value, m.unit), (5.95, Unit::Kg));
    assert_eq!(m.at.to_string(), "2026-11-27T00:00:00+01:00");
    assert_eq!(text(&e), "Home scale, with a dry diaper.");
    let e = env.event(name, Resource::Height, 2).await;
    let EventData::Length(m) = &e.data else {
        panic!("{e:?}")
    };
    assert_eq!((m.value, m.unit), (61.0, Unit::Cm));
    let e = env.event(name, Resource::HeadCircumference, 2).await;
    let EventData::Head(m) = &e.data else {
        panic!("{e:?}")
    };
    assert_eq!((m.value, m.unit), (40.5, Unit::Cm));

    // Notes keep every character.
    let e = env.event(name, Resource::Notes, 1).await;
    assert!(
        text(&e).starts_with("Premier mot aujourd'hui : « mama » 🎉👶"),
        "{}",
        text(&e)
    );

    // Tummy time, pumping and medicine have no kind of their own: notes.
    let e = env.event(name, Resource::TummyTimes, 16).await;
    assert_eq!(e.kind(), EventKind::Note);
    assert_eq!(e.when().to_string(), "2026-11-27T12:16:05+01:00");
    assert_eq!(
        text(&e),
        "Tummy time, 11 minutes\nMilestone: Crawled to the toy box"
    );
    let e = env.event(name, Resource::Pumping, 6).await;
    assert_eq!(
        text(&e),
        "Pumping: 80 (amount in Baby Buddy), 16 minutes\nLeft side only, right side was sore."
    );
    let e = env.event(name, Resource::Medication, 10).await;
    assert_eq!(text(&e), "Medicine: Vitamin D3 1 drops");
}

async fn imports_every_fixture_then_nothing_new(backend: &str) {
    let Some(env) = Env::new(backend).await else {
        return;
    };
    let fake = Arc::new(Fake::recorded());
    let addr = start(fake.clone()).await;
    let mut src = source(addr, TOKEN);
    let name = src.name();
    assert_eq!(name, format!("http://{addr}"));

    let (report, progress) = env.import(&mut src, false).await;
    let report = report.unwrap();
    assert!(!report.dry_run);
    assert_counts(&report, true, true);
    // Pages of 25, with progress after each.
    let feeds: Vec<(u64, Option<u64>)> = progress
        .iter()
        .filter(|p| p.resource == Resource::Feedings)
        .map(|p| (p.read, p.count))
        .collect();
    assert_eq!(
        feeds,
        [
            (25, Some(76)),
            (50, Some(76)),
            (75, Some(76)),
            (76, Some(76))
        ]
    );
    let seen = fake.seen();
    assert!(seen.iter().all(|r| r.starts_with("GET ")), "{seen:?}");
    assert!(seen.contains(&"GET /api/feedings/?limit=25&offset=75".to_owned()));
    assert_eq!(
        seen.len(),
        4 + 3 + 3 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
    );

    let events = env.events().await;
    assert_eq!(
        events.len(),
        EVENTS + 2,
        "the entries and two running feeds"
    );
    let running: Vec<&Event> = events
        .iter()
        .filter(|e| e.end().is_none() && e.start().is_some())
        .collect();
    assert_eq!(running.len(), 2);
    let e = env.event(&name, Resource::Timers, 1).await;
    assert_eq!(e.kind(), EventKind::Feeding);
    assert_eq!(e.end(), None);
    assert_eq!(
        e.when().instant,
        "2026-11-27T11:27:05.400039Z".parse::<Timestamp>().unwrap()
    );
    let e = env.event(&name, Resource::Timers, 6).await;
    let EventData::Feeding(f) = &e.data else {
        panic!("{e:?}")
    };
    assert_eq!(f.method, Some(FeedMethod::Bottle));
    assert_samples(&env, &name).await;

    // Again: everything is found, nothing is added.
    let (again, _) = env.import(&mut src, false).await;
    assert_counts(&again.unwrap(), false, true);
    assert_eq!(env.events().await.len(), EVENTS + 2);
    assert_eq!(env.app.babies(&env.scope).await.unwrap().len(), 2);

    // The same instance's export gives the same ids: nothing new either (no timers there).
    let mut export = export_source(name.clone());
    let (from_export, _) = env.import(&mut export, false).await;
    assert_counts(&from_export.unwrap(), false, false);
    assert_eq!(env.events().await.len(), EVENTS + 2);
    env.close().await;
}

#[tokio::test]
async fn imports_every_fixture_then_nothing_new_on_sqlite() {
    imports_every_fixture_then_nothing_new("sqlite").await;
}

#[tokio::test]
async fn imports_every_fixture_then_nothing_new_on_postgres() {
    imports_every_fixture_then_nothing_new("postgres").await;
}

async fn assert_nothing_stored(env: &Env) {
    assert!(env.app.babies(&env.scope).await.unwrap().is_empty());
}

async fn a_broken_page_stores_nothing(backend: &str) {
    let Some(env) = Env::new(backend).await else {
        return;
    };
    let fake = Arc::new(Fake::recorded());
    let addr = start(fake.clone()).await;

    // A server error on the second page of sleeps, after children and feedings were read.
    *fake.broken.lock().unwrap() = Some(("sleep".into(), 25, Breakage::ServerError));
    let (err, _) = env.import(&mut source(addr, TOKEN), false).await;
    let err = err.unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Refused {
                code: "babybuddy-page",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "babybuddy-page(resource=\"sleep\", offset=25, status=500)"
    );
    assert_nothing_stored(&env).await;

    // JSON cut short on the third page of feedings.
    *fake.broken.lock().unwrap() = Some(("feedings".into(), 50, Breakage::CutJson));
    let (err, _) = env.import(&mut source(addr, TOKEN), false).await;
    let err = err.unwrap_err().to_string();
    assert!(
        err.starts_with(
            "babybuddy-not-a-page(resource=\"feedings\", offset=50, problem=\"not JSON"
        ),
        "{err}"
    );
    assert_nothing_stored(&env).await;

    // A wrong token: Baby Buddy's 403 on the first page.
    *fake.broken.lock().unwrap() = None;
    let (err, _) = env.import(&mut source(addr, "0000"), false).await;
    assert_eq!(err.unwrap_err().to_string(), "babybuddy-token(status=403)");
    assert_nothing_stored(&env).await;

    // Nothing was ever asked of Baby Buddy but GETs.
    assert!(fake.seen().iter().all(|r| r.starts_with("GET ")));
    env.close().await;
}

#[tokio::test]
async fn a_broken_page_stores_nothing_on_sqlite() {
    a_broken_page_stores_nothing("sqlite").await;
}

#[tokio::test]
async fn a_broken_page_stores_nothing_on_postgres() {
    a_broken_page_stores_nothing("postgres").await;
}

/// A record the journal refuses (a temperature of 3.7 °C, which Baby Buddy accepted) or
/// cannot read names the resource, Baby Buddy's id and the field, and stores nothing.
async fn a_refused_record_stores_nothing(backend: &str) {
    let Some(env) = Env::new(backend).await else {
        return;
    };
    let mut fake = Fake::recorded();
    let temps = fake.lists.get_mut("temperature").unwrap();
    let t7 = temps.iter_mut().find(|t| t["id"] == 7).unwrap();
    t7["temperature"] = json!(3.7);
    let changes = fake.lists.get_mut("changes").unwrap();
    changes[10]["time"] = json!("2026-11-27 09:55");
    let changes_id = changes[10]["id"].as_i64().unwrap();
    let addr = start(Arc::new(fake)).await;
    let (err, _) = env.import(&mut source(addr, TOKEN), false).await;
    let Err(Error::Invalid(fields)) = err else {
        panic!("{err:?}")
    };
    assert_eq!(fields[0].field, format!("changes[{changes_id}].time"));
    assert_eq!(fields[0].code, "babybuddy-unreadable");
    assert_nothing_stored(&env).await;

    let mut fake = Fake::recorded();
    let temps = fake.lists.get_mut("temperature").unwrap();
    let t7 = temps.iter_mut().find(|t| t["id"] == 7).unwrap();
    t7["temperature"] = json!(3.7);
    let addr = start(Arc::new(fake)).await;
    let (err, _) = env.import(&mut source(addr, TOKEN), false).await;
    let Err(Error::Invalid(fields)) = err else {
        panic!("{err:?}")
    };
    assert_eq!(fields[0].field, "temperature[7].celsius");
    assert_eq!(fields[0].code, "celsius-outside");
    assert_nothing_stored(&env).await;
    env.close().await;
}

#[tokio::test]
async fn a_refused_record_stores_nothing_on_sqlite() {
    a_refused_record_stores_nothing("sqlite").await;
}

#[tokio::test]
async fn a_refused_record_stores_nothing_on_postgres() {
    a_refused_record_stores_nothing("postgres").await;
}

#[tokio::test]
async fn a_dry_run_counts_what_a_run_stores_and_stores_nothing() {
    let Some(env) = Env::new("sqlite").await else {
        return;
    };
    let addr = start(Arc::new(Fake::recorded())).await;
    let (dry, progress) = env.import(&mut source(addr, TOKEN), true).await;
    let dry = dry.unwrap();
    assert!(dry.dry_run);
    assert_counts(&dry, true, true);
    assert!(!progress.is_empty());
    assert_nothing_stored(&env).await;
    let (real, _) = env.import(&mut source(addr, TOKEN), false).await;
    let real = real.unwrap();
    assert_eq!(real.resources, dry.resources);
    env.close().await;
}

/// Baby Buddy's admin JSON export, as `alex` (Europe/Paris) made it.
fn export_source(name: String) -> ExportSource {
    let dir = fixtures().join("export/json");
    let files: HashMap<String, Value> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| {
            let p = e.path();
            let model = p.file_stem().unwrap().to_string_lossy().into_owned();
            (model, read(&p))
        })
        .collect();
    ExportSource::new(name, &files, &TimeZone::get("Europe/Paris").unwrap()).unwrap()
}

#[tokio::test]
async fn the_export_gives_the_same_journal_as_the_api() {
    for backend in ["sqlite", "postgres"] {
        let Some(env) = Env::new(backend).await else {
            continue;
        };
        let name = "http://babybuddy.test".to_owned();
        let mut export = export_source(name.clone());
        let (report, _) = env.import(&mut export, false).await;
        assert_counts(&report.unwrap(), true, false);
        assert_eq!(env.events().await.len(), EVENTS);
        assert_samples(&env, &name).await;
        let (again, _) = env.import(&mut export_source(name.clone()), false).await;
        assert_counts(&again.unwrap(), false, false);
        env.close().await;
    }
}

/// A weight on the day of a birth with a time (the start of that day is before it) is taken
/// at the birth, not refused.
#[tokio::test]
async fn a_measure_on_the_birth_day_is_taken_at_the_birth() {
    let Some(env) = Env::new("sqlite").await else {
        return;
    };
    let mut fake = Fake::recorded();
    let weights = fake.lists.get_mut("weight").unwrap();
    let w1 = weights.iter_mut().find(|w| w["id"] == 1).unwrap();
    assert_eq!(w1["child"], 1, "Olivia's, born 2026-01-24 03:47 in Paris");
    w1["date"] = json!("2026-01-24");
    w1["weight"] = json!(3.4);
    let addr = start(Arc::new(fake)).await;
    let mut src = source(addr, TOKEN);
    let name = src.name();
    let (report, _) = env.import(&mut src, false).await;
    assert_counts(&report.unwrap(), true, true);
    let e = env.event(&name, Resource::Weight, 1).await;
    assert_eq!(e.when().to_string(), "2026-01-24T03:47:00+01:00");
    env.close().await;
}
