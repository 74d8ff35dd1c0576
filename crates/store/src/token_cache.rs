//! The cache of checked API tokens, and on PostgreSQL the watch that lets it be trusted long.
//!
//! Every API request presents a token. Asking the database each time costs a round trip per
//! request; trusting an old answer would let a revoked token, a removed member or a lowered
//! role go on working. The promise (issue 7) is that every instance honours such a change
//! within a second.
//!
//! - **In this process** every change of access clears the cache at once (`Store::revoke_token`,
//!   a [`crate::Tx`] that changed access, …).
//! - **On PostgreSQL** the database itself says when access changed anywhere: migration 0015's
//!   triggers on `api_tokens`, `memberships` and `households` `NOTIFY soothe_access` when a
//!   token is revoked, a membership changes or goes, or a household's zone changes or it goes,
//!   whoever made the change (another instance, the CLI, psql). A notification is sent when
//!   its transaction commits, to every session of the database: its payload names the schema,
//!   and a watch heeds only its own schema's. Each process keeps one connection `LISTEN`ing ([`watch`]) and
//!   clears its cache on every notification; it also sends a beat every [`BEAT`] through its
//!   pool and hears its own (and other instances') beats back. While a beat or notification
//!   came in within [`LIVE`], the watch is known to hear, and an answer is trusted for
//!   [`TRUSTED_WATCHED`]. Once nothing has come in for [`LIVE`] (a lost connection, a stalled
//!   network), answers are trusted for [`TRUSTED_UNWATCHED`] only, as on SQLite. A change the
//!   watch did not hear is honoured within `LIVE`: the long trust ended `LIVE` after the last
//!   thing heard, which came before the change, and an answer asked before the change is by
//!   then more than `TRUSTED_UNWATCHED` old or was asked within it.
//! - **On SQLite** (one server, sometimes a CLI beside it on the same file) an answer is
//!   trusted for [`TRUSTED_UNWATCHED`].
//!
//! An answer read from the database before a clear must not be stored after it (it may be the
//! very state the clear was for): each clear moves a generation on, and an answer is kept only
//! if the generation did not move while it was read.
//!
//! The cache holds at most [`CAPACITY`] tokens and lets the least recently used go first.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use hashlink::LruCache;
use sqlx::PgPool;
use sqlx::postgres::{PgListener, PgPoolOptions};

use crate::Scope;

/// How long an answer is trusted when no watch is known to hear changes: revoking through
/// another process is honoured within this time (well under the promised second), while a
/// busy client still costs at most a few token lookups a second.
pub(crate) const TRUSTED_UNWATCHED: Duration = Duration::from_millis(250);

/// How long an answer is trusted while the watch hears: every change of access clears it
/// before then. `last_used_at` is written on a cache miss, and only when it is more than five
/// minutes old (`accounts::LAST_USED_STEP_MS`), so a busy token writes on one miss in five.
pub(crate) const TRUSTED_WATCHED: Duration = Duration::from_secs(60);

/// How often the watch sends its beat.
pub(crate) const BEAT: Duration = Duration::from_millis(200);

/// The watch is known to hear while a beat or a notification came in within this time.
pub(crate) const LIVE: Duration = Duration::from_millis(650);

/// The most tokens the cache holds.
pub(crate) const CAPACITY: usize = 10_000;

/// The channel migration 0015's triggers notify, and the beats go through.
const CHANNEL: &str = "soothe_access";

/// The payload of a beat.
const BEAT_PAYLOAD: &str = "beat";

/// What the triggers' payload starts with, before the schema whose access changed.
const CHANGED: &str = "changed:";

struct Answers {
    map: LruCache<String, (Scope, Instant)>,
    generation: u64,
}

struct Shared {
    answers: Mutex<Answers>,
    /// When the watch last heard anything, in ms since `epoch` (0: never).
    heard_ms: AtomicU64,
    epoch: Instant,
    /// The watch has been started (PostgreSQL, on the first token checked).
    watching: AtomicBool,
}

/// Recently checked tokens, by hash (see the module's documentation).
#[derive(Clone)]
pub(crate) struct TokenCache(Arc<Shared>);

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenCache(…)")
    }
}

impl Default for TokenCache {
    fn default() -> Self {
        TokenCache(Arc::new(Shared {
            answers: Mutex::new(Answers {
                map: LruCache::new(CAPACITY),
                generation: 0,
            }),
            heard_ms: AtomicU64::new(0),
            epoch: Instant::now(),
            watching: AtomicBool::new(false),
        }))
    }
}

impl TokenCache {
    /// The answer for a token, if one is held and still trusted.
    pub(crate) fn get(&self, hash: &str) -> Option<Scope> {
        let trusted = if self.hears() {
            TRUSTED_WATCHED
        } else {
            TRUSTED_UNWATCHED
        };
        let mut answers = self.0.answers.lock().ok()?;
        let (scope, asked) = answers.map.get(hash)?;
        (asked.elapsed() < trusted).then(|| scope.clone())
    }

    /// The generation to give [`TokenCache::put`]: read it before asking the database.
    pub(crate) fn generation(&self) -> u64 {
        self.0.answers.lock().map(|a| a.generation).unwrap_or(0)
    }

    /// Remembers what the database said when it was `asked`, unless the cache was cleared
    /// since `generation` was read.
    pub(crate) fn put(&self, hash: String, scope: Scope, asked: Instant, generation: u64) {
        if let Ok(mut answers) = self.0.answers.lock()
            && answers.generation == generation
        {
            answers.map.insert(hash, (scope, asked));
        }
    }

    /// Forgets every answer.
    pub(crate) fn clear(&self) {
        if let Ok(mut answers) = self.0.answers.lock() {
            answers.map.clear();
            answers.generation += 1;
        }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.0.answers.lock().map(|a| a.map.len()).unwrap_or(0)
    }

    /// Whether the watch heard something within [`LIVE`].
    pub(crate) fn hears(&self) -> bool {
        let heard = self.0.heard_ms.load(Ordering::Acquire);
        heard != 0 && self.now_ms().saturating_sub(heard) < LIVE.as_millis() as u64
    }

    fn now_ms(&self) -> u64 {
        // At least 1, so that 0 keeps meaning "never".
        (self.0.epoch.elapsed().as_millis() as u64).max(1)
    }

    fn heard(&self) {
        self.0.heard_ms.store(self.now_ms(), Ordering::Release);
    }

    fn deaf(&self) {
        self.0.heard_ms.store(0, Ordering::Release);
    }

    /// Starts the watch on this PostgreSQL pool, once per cache.
    pub(crate) fn watch_postgres(&self, pool: &PgPool) {
        if self.0.watching.swap(true, Ordering::AcqRel) {
            return;
        }
        let weak = Arc::downgrade(&self.0);
        tokio::spawn(watch(pool.clone(), weak));
    }
}

/// Listens for changes of access on a connection of its own and keeps the cache's hearing up
/// to date, until the pool closes or every handle on the cache is gone.
async fn watch(pool: PgPool, cache: Weak<Shared>) {
    // Its own pool of one: the listener keeps its connection for good, which the store's
    // pool should not lose.
    let listen_pool = PgPoolOptions::new()
        .max_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect_lazy_with(pool.connect_options().as_ref().clone());
    let mut beat = tokio::time::interval(BEAT);
    beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut warned = false;
    'connect: loop {
        let Some(c) = cache.upgrade().map(TokenCache) else {
            break;
        };
        if pool.is_closed() {
            break;
        }
        c.deaf();
        let listener = async {
            let mut l = PgListener::connect_with(&listen_pool).await?;
            l.ignore_pool_close_event(true);
            l.listen(CHANNEL).await?;
            Ok::<_, sqlx::Error>(l)
        };
        let mut listener = match tokio::time::timeout(Duration::from_secs(5), listener).await {
            Ok(Ok(l)) => l,
            Ok(Err(e)) => {
                if !warned {
                    tracing::warn!(error = %e, "cannot listen for changes of access; token answers are trusted for 250 ms only");
                    warned = true;
                }
                drop(c);
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
            Err(_) => {
                drop(c);
                continue;
            }
        };
        // The notifications of this schema (every soothe schema on the database shares the
        // channel); if it cannot be told, every one but a beat counts.
        let mine = sqlx::query_scalar::<_, String>("SELECT current_schema()")
            .fetch_one(&mut listener)
            .await
            .ok()
            .map(|schema| format!("{CHANGED}{schema}"));
        // Anything held may predate the listening: start afresh.
        c.clear();
        warned = false;
        drop(c);
        loop {
            tokio::select! {
                got = listener.try_recv() => {
                    let Some(c) = cache.upgrade().map(TokenCache) else {
                        break 'connect;
                    };
                    match got {
                        Ok(Some(n)) => {
                            let changed = match &mine {
                                Some(mine) => n.payload() == mine,
                                None => n.payload() != BEAT_PAYLOAD,
                            };
                            if changed {
                                c.clear();
                            }
                            c.heard();
                        }
                        // The connection was lost and made again: what was sent meanwhile
                        // is lost, so forget everything.
                        Ok(None) => {
                            c.deaf();
                            c.clear();
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "lost the listening connection; listening again");
                            c.deaf();
                            c.clear();
                            continue 'connect;
                        }
                    }
                }
                _ = beat.tick() => {
                    if cache.strong_count() == 0 || pool.is_closed() {
                        break 'connect;
                    }
                    // Sent beside the loop, which goes on hearing while the pool is busy. A
                    // beat that cannot go out is heard by no one: the hearing lapses.
                    let pool = pool.clone();
                    tokio::spawn(async move {
                        let sent = sqlx::query("SELECT pg_notify($1, $2)")
                            .bind(CHANNEL)
                            .bind(BEAT_PAYLOAD)
                            .execute(&pool);
                        let _ = tokio::time::timeout(LIVE, sent).await;
                    });
                }
            }
        }
    }
    listen_pool.close().await;
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use jiff::tz::TimeZone;

    use super::*;
    use crate::Role;

    fn scope(n: i64) -> Scope {
        Scope {
            household: n,
            user: n,
            role: Role::Owner,
            time_zone: TimeZone::UTC,
            token: None,
        }
    }

    #[test]
    fn a_full_cache_lets_the_least_recently_used_answer_go_not_all_of_them() {
        let cache = TokenCache::default();
        let now = Instant::now();
        for n in 0..CAPACITY as i64 {
            cache.put(format!("t{n}"), scope(n), now, 0);
        }
        assert_eq!(cache.len(), CAPACITY);
        // t0 is used again: t1 is now the least recently used.
        assert!(cache.get("t0").is_some());
        cache.put("new".into(), scope(-1), now, 0);
        assert_eq!(cache.len(), CAPACITY, "bounded");
        assert!(cache.get("t1").is_none(), "the least recently used went");
        assert!(cache.get("t0").is_some());
        assert!(cache.get("t2").is_some());
        assert!(cache.get("new").is_some());
        // An answer for a token already held replaces it without letting another go.
        cache.put("t2".into(), scope(2), now, 0);
        assert_eq!(cache.len(), CAPACITY);
        assert!(cache.get("t3").is_some());
    }

    #[test]
    fn an_answer_read_before_a_clear_is_not_kept_after_it() {
        let cache = TokenCache::default();
        let generation = cache.generation();
        let asked = Instant::now();
        // A revocation clears the cache while the old answer is on its way.
        cache.clear();
        cache.put("t".into(), scope(1), asked, generation);
        assert!(cache.get("t").is_none());
        // Read after the clear, it is kept.
        let generation = cache.generation();
        cache.put("t".into(), scope(1), Instant::now(), generation);
        assert_eq!(cache.get("t").unwrap().household, 1);
    }

    #[test]
    fn without_a_watch_an_answer_is_trusted_a_quarter_of_a_second() {
        let cache = TokenCache::default();
        assert!(!cache.hears());
        let old = Instant::now() - TRUSTED_UNWATCHED - Duration::from_millis(1);
        cache.put("old".into(), scope(1), old, 0);
        cache.put("fresh".into(), scope(2), Instant::now(), 0);
        assert!(cache.get("old").is_none());
        assert!(cache.get("fresh").is_some());
        // While the watch hears, the same answer is trusted; once it is deaf, no longer.
        cache.heard();
        assert!(cache.hears());
        assert!(cache.get("old").is_some());
        cache.deaf();
        assert!(cache.get("old").is_none());
        let older = Instant::now() - TRUSTED_WATCHED - Duration::from_millis(1);
        cache.heard();
        cache.put("older".into(), scope(3), older, 0);
        assert!(cache.get("older").is_none(), "never beyond TRUSTED_WATCHED");
    }
}
