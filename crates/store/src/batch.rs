//! Group commit of new events on SQLite.
//!
//! With `synchronous=FULL` every commit waits for the disk. SQLite writes one transaction at
//! a time, so one commit per request would cap writes at the disk's syncs per second. Instead
//! one writer task owns a connection; requests queue their new events, the writer takes all
//! that are waiting (up to [`MAX_BATCH`]), inserts them in one transaction, commits it (one
//! sync), and only then answers each request. While it syncs, the next batch gathers.
//!
//! Per-event outcomes stay exact: an event whose id is already stored is simply "not
//! inserted" (the insert does nothing), and when any insert or the commit fails, the whole
//! batch is rolled back and every event is written again on its own, so each request gets
//! its own result and one bad event never fails the others. A batch that failed only because
//! another writer held the database (busy or locked) is not split: the whole batch is tried
//! again a few times, and if the database stays busy every event gets that error.
//!
//! The store can tell whether the writer task still runs ([`EventWriter::is_running`]);
//! `/readyz` reports an instance whose writer has ended as not ready.

use sqlx::sqlite::{SqliteConnection, SqlitePool};
use sqlx::{ConnectOptions as _, Connection as _};
use tokio::sync::{mpsc, oneshot};

/// The most events committed together.
const MAX_BATCH: usize = 256;

/// How many more times a whole batch is tried when it failed only because another writer
/// held the database (each try waits up to the busy timeout).
const BUSY_RETRIES: usize = 3;

/// Whether the error says the database was busy or locked (SQLITE_BUSY, SQLITE_LOCKED and
/// their extended codes): nothing wrong with the rows, try again.
fn is_busy(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => d
            .code()
            .and_then(|c| c.parse::<i32>().ok())
            .is_some_and(|c| matches!(c & 0xff, 5 | 6)),
        _ => false,
    }
}

/// A new event's row.
#[derive(Debug)]
pub(crate) struct NewEvent {
    pub household: i64,
    pub id: String,
    pub baby: String,
    pub kind: &'static str,
    pub start: i64,
    pub end: Option<i64>,
    pub user: i64,
    pub now: i64,
    pub json: String,
}

/// The insert for one event: nothing happens when the baby is not in the household or the
/// id is already stored.
pub(crate) const INSERT_EVENT: &str = "INSERT INTO events (household_id, id, baby_id, kind, start_at, end_at, logged_by, created_at, updated_at, fields) \
     SELECT $1, $2, b.id, $3, $4, $5, $6, $7, $7, $8 FROM babies b WHERE b.id = $9 AND b.household_id = $1 \
     ON CONFLICT (household_id, id) DO NOTHING";

/// Runs [`INSERT_EVENT`] for a [`NewEvent`] on `$c` (a pool or a connection of either
/// backend): `true` when it was inserted. The one place its parameters are bound.
macro_rules! insert_event {
    ($e:expr, $c:expr) => {{
        let e: &$crate::batch::NewEvent = $e;
        sqlx::query($crate::batch::INSERT_EVENT)
            .bind(e.household)
            .bind(&e.id)
            .bind(e.kind)
            .bind(e.start)
            .bind(e.end)
            .bind(e.user)
            .bind(e.now)
            .bind(&e.json)
            .bind(&e.baby)
            .execute($c)
            .await
            .map(|r| r.rows_affected() == 1)
    }};
}
pub(crate) use insert_event;

type Reply = oneshot::Sender<Result<bool, sqlx::Error>>;

/// What the writer task is asked to do.
enum Job {
    Insert(NewEvent, Reply),
    /// Close the connection and stop; answers when done.
    Close(oneshot::Sender<()>),
}

/// The queue to the writer task.
#[derive(Clone, Debug)]
pub(crate) struct EventWriter {
    queue: mpsc::Sender<Job>,
    task: tokio::task::AbortHandle,
}

impl EventWriter {
    /// Starts the writer task on the current runtime.
    pub(crate) fn start(pool: SqlitePool) -> EventWriter {
        let (queue, rx) = mpsc::channel(4 * MAX_BATCH);
        let task = tokio::spawn(run(pool, rx)).abort_handle();
        EventWriter { queue, task }
    }

    /// Whether the writer task still runs. When it has ended (closed, panicked, aborted) every
    /// new event would fail, so readiness reports it.
    pub(crate) fn is_running(&self) -> bool {
        !self.task.is_finished() && !self.queue.is_closed()
    }

    /// Stops the task abruptly, as a panic would (for tests of what follows).
    pub(crate) fn abort(&self) {
        self.task.abort();
    }

    /// Inserts the event; `true` when it was inserted. Answers once it is committed.
    pub(crate) async fn insert(&self, event: NewEvent) -> Result<bool, sqlx::Error> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Job::Insert(event, reply))
            .await
            .map_err(|_| sqlx::Error::PoolClosed)?;
        answer.await.map_err(|_| sqlx::Error::PoolClosed)?
    }

    /// Commits what is queued, closes the writer's connection and stops the task.
    pub(crate) async fn close(&self) {
        let (done, closed) = oneshot::channel();
        if self.queue.send(Job::Close(done)).await.is_ok() {
            let _ = closed.await;
        }
    }
}

async fn run(pool: SqlitePool, mut rx: mpsc::Receiver<Job>) {
    let mut conn: Option<SqliteConnection> = None;
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    let mut batch = Vec::with_capacity(MAX_BATCH);
    let mut closing = None;
    while closing.is_none() && rx.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        for job in jobs.drain(..) {
            match job {
                Job::Insert(event, reply) if closing.is_none() => batch.push((event, reply)),
                Job::Insert(_, reply) => {
                    let _ = reply.send(Err(sqlx::Error::PoolClosed));
                }
                Job::Close(done) => closing = Some(done),
            }
        }
        if batch.is_empty() {
            continue;
        }
        if conn.is_none() {
            match pool.connect_options().connect().await {
                Ok(c) => conn = Some(c),
                Err(e) => {
                    let message = e.to_string();
                    for (_, reply) in batch.drain(..) {
                        let _ = reply.send(Err(sqlx::Error::Protocol(format!(
                            "cannot open the database for writing: {message}"
                        ))));
                    }
                    continue;
                }
            }
        }
        let Some(c) = conn.as_mut() else { continue };
        // Another writer holding the database is no fault of any row: try the whole batch
        // again rather than make each row wait out the busy timeout in turn.
        let mut outcome = commit_together(c, &batch).await;
        for _ in 0..BUSY_RETRIES {
            match &outcome {
                Err(e) if is_busy(e) => outcome = commit_together(c, &batch).await,
                _ => break,
            }
        }
        match outcome {
            Ok(inserted) => {
                for ((_, reply), inserted) in batch.drain(..).zip(inserted) {
                    let _ = reply.send(Ok(inserted));
                }
                continue;
            }
            Err(e) if is_busy(&e) => {
                let message = e.to_string();
                for (_, reply) in batch.drain(..) {
                    let _ = reply.send(Err(sqlx::Error::Protocol(format!(
                        "the database stayed busy: {message}"
                    ))));
                }
                continue;
            }
            // An error that may belong to a row: each on its own below.
            Err(_) => {}
        }
        // The batch failed for a row's sake: each on its own, with its own result.
        let mut failed = false;
        for (event, reply) in batch.drain(..) {
            let result = insert(c, &event).await;
            failed |= result.is_err();
            let _ = reply.send(result);
        }
        // After an error, start again on a fresh connection if this one is broken.
        if failed && c.ping().await.is_err() {
            conn = None;
        }
    }
    rx.close();
    while let Ok(job) = rx.try_recv() {
        match job {
            Job::Insert(_, reply) => {
                let _ = reply.send(Err(sqlx::Error::PoolClosed));
            }
            Job::Close(done) => {
                let _ = done.send(());
            }
        }
    }
    if let Some(c) = conn {
        let _ = c.close().await;
    }
    if let Some(done) = closing {
        let _ = done.send(());
    }
}

/// Inserts every event in one transaction; on any error rolls it all back.
async fn commit_together(
    c: &mut SqliteConnection,
    batch: &[(NewEvent, Reply)],
) -> Result<Vec<bool>, sqlx::Error> {
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *c).await?;
    let mut inserted = Vec::with_capacity(batch.len());
    for (event, _) in batch {
        match insert(c, event).await {
            Ok(i) => inserted.push(i),
            Err(e) => {
                let _ = sqlx::query("ROLLBACK").execute(&mut *c).await;
                return Err(e);
            }
        }
    }
    if let Err(e) = sqlx::query("COMMIT").execute(&mut *c).await {
        let _ = sqlx::query("ROLLBACK").execute(&mut *c).await;
        return Err(e);
    }
    Ok(inserted)
}

async fn insert(c: &mut SqliteConnection, e: &NewEvent) -> Result<bool, sqlx::Error> {
    insert_event!(e, c)
}
