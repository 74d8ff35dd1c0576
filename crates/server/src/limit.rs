//! Sign-in protection: rate limits, and a cap on concurrent password hashing.
//!
//! Three counters guard every sign-in (and every invitation accepted with a password):
//!
//! - **per client address**: a fixed window of `per_ip_per_minute` attempts, checked first;
//! - **per (account, client address)**: a few free attempts, then a delay that doubles with
//!   each further attempt (1 s, 2 s, 4 s … up to 15 minutes), reset by a successful sign-in.
//!   A stranger slows down only their own guesses at an account, not its owner's;
//! - **per account, from everywhere**: a fixed window of `per_account_per_15_minutes`, a
//!   backstop against guesses spread over many addresses. Browsers that have signed in to the
//!   account before (a known-device cookie) skip it, so strangers cannot lock the owner out.
//!
//! An attempt is recorded only when every counter lets it through: a caller already over a
//! limit adds nothing, and one the hash gate turns away is taken back ([`Limiter::admit`]).
//! An IPv6 client counts as its /64. Keys are 16-byte digests (never the email or address themselves) and
//! the table holds at most `capacity` entries: expired ones go first, then the oldest. So the
//! limiter's memory is bounded whatever arrives.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

/// How many sign-in attempts are allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Attempts per client address per minute.
    pub per_ip_per_minute: u32,
    /// Attempts per account per 15 minutes from all addresses together (known devices are
    /// not counted against it).
    pub per_account_per_15_minutes: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_ip_per_minute: 10,
            per_account_per_15_minutes: 50,
        }
    }
}

/// Attempts at one account from one address before the delay starts.
pub const FREE_ATTEMPTS_PER_CLIENT: u32 = 5;
/// The longest delay between two attempts at one account from one address.
pub const MAX_DELAY: Duration = Duration::from_secs(15 * 60);
/// How long a quiet (account, address) pair is remembered.
const PAIR_MEMORY: Duration = Duration::from_secs(60 * 60);
/// The most entries the limiter holds (about 64 bytes each).
pub const DEFAULT_CAPACITY: usize = 100_000;
/// The longest email address soothe reads (RFC 3696 with its erratum: 64 + 1 + 255).
pub const MAX_EMAIL_BYTES: usize = 320;

/// The message key of the refusal of an email longer than any real one (`email-too-long`),
/// or `None`. Checked before the limiter and before any hashing, so a huge "email" costs
/// nothing.
pub fn email_too_long(email: &str) -> Option<&'static str> {
    (email.len() > MAX_EMAIL_BYTES).then_some("email-too-long")
}

type Key = [u8; 16];

#[derive(Clone, Copy, Debug)]
struct Entry {
    /// When the window started (windows), or the first attempt (pairs).
    start: Instant,
    /// The last attempt.
    last: Instant,
    /// Attempts counted.
    count: u32,
}

/// Counts attempts; see the module documentation.
#[derive(Debug)]
pub struct Limiter {
    limits: Limits,
    capacity: usize,
    entries: Mutex<HashMap<Key, Entry>>,
}

fn key(kind: &str, parts: &[&str]) -> Key {
    let mut h = Sha256::new();
    h.update(kind.as_bytes());
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    let d = h.finalize();
    let mut k = [0u8; 16];
    k.copy_from_slice(&d[..16]);
    k
}

/// The delay required after `count` attempts at one account from one address.
pub fn pair_delay(count: u32) -> Duration {
    if count < FREE_ATTEMPTS_PER_CLIENT {
        return Duration::ZERO;
    }
    let doublings = (count - FREE_ATTEMPTS_PER_CLIENT).min(20);
    Duration::from_secs(1u64 << doublings).min(MAX_DELAY)
}

fn seconds(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

impl Limiter {
    /// A limiter with these limits.
    pub fn new(limits: Limits) -> Limiter {
        Limiter::with_capacity(limits, DEFAULT_CAPACITY)
    }

    /// A limiter holding at most `capacity` entries.
    pub fn with_capacity(limits: Limits, capacity: usize) -> Limiter {
        Limiter {
            limits,
            capacity: capacity.max(16),
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// How many entries the limiter holds now.
    pub fn len(&self) -> usize {
        self.entries.lock().map_or(0, |e| e.len())
    }

    /// Whether the limiter holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Counts an attempt from `ip` at `account`; `Err(seconds)` says how long to wait, and
    /// then nothing was recorded. `known_device` is true for a browser holding a valid
    /// known-device cookie for this account: it skips the per-account count.
    pub fn attempt(&self, ip: &str, account: &str, known_device: bool) -> Result<(), u64> {
        self.attempt_at(ip, account, known_device, Instant::now())
    }

    /// [`Limiter::attempt`] at a given instant (for tests).
    pub fn attempt_at(
        &self,
        ip: &str,
        account: &str,
        known_device: bool,
        now: Instant,
    ) -> Result<(), u64> {
        let account = normal(account);
        let ip = &client_group(ip);
        let ip_key = key("ip", &[ip]);
        let pair_key = key("pair", &[&account, ip]);
        let account_key = key("account", &[&account]);
        let ip_window = Duration::from_secs(60);
        let account_window = Duration::from_secs(900);
        let mut entries = self.entries.lock().map_err(|_| 60u64)?;

        // Per address first: a caller over its limit records nothing anywhere.
        let current = |e: Option<&Entry>, window: Duration| {
            e.filter(|e| now.saturating_duration_since(e.start) < window)
                .copied()
        };
        if let Some(e) = current(entries.get(&ip_key), ip_window)
            && e.count >= self.limits.per_ip_per_minute
        {
            return Err(
                seconds(ip_window.saturating_sub(now.saturating_duration_since(e.start))).max(1),
            );
        }
        let pair = entries
            .get(&pair_key)
            .filter(|e| now.saturating_duration_since(e.last) < PAIR_MEMORY)
            .copied();
        // Within the free attempts there is no delay. (Concurrent sign-ins read their instant
        // before taking the lock, so another may have recorded a later one: that is no reason
        // to refuse.)
        if let Some(e) = pair {
            let delay = pair_delay(e.count);
            let ready = e.last + delay;
            if !delay.is_zero() && ready > now {
                return Err(seconds(ready - now).max(1));
            }
        }
        let account_entry = current(entries.get(&account_key), account_window);
        if !known_device
            && let Some(e) = account_entry
            && e.count >= self.limits.per_account_per_15_minutes
        {
            return Err(seconds(
                account_window.saturating_sub(now.saturating_duration_since(e.start)),
            )
            .max(1));
        }

        // Let through: record it.
        let ip_entry = current(entries.get(&ip_key), ip_window);
        let mut bump = |k: Key, old: Option<Entry>| {
            let e = old.map_or(
                Entry {
                    start: now,
                    last: now,
                    count: 1,
                },
                |e| Entry {
                    last: e.last.max(now),
                    count: e.count.saturating_add(1),
                    ..e
                },
            );
            entries.insert(k, e);
        };
        bump(ip_key, ip_entry);
        bump(pair_key, pair);
        if !known_device {
            bump(account_key, account_entry);
        }
        self.shrink(&mut entries, now);
        Ok(())
    }

    /// A failed sign-in from `ip` to `account` has finished: the pair's delay runs from now
    /// (checking a password takes a moment, which must not eat into the delay).
    pub fn failed(&self, ip: &str, account: &str) {
        self.failed_at(ip, account, Instant::now());
    }

    /// [`Limiter::failed`] at a given instant (for tests).
    pub fn failed_at(&self, ip: &str, account: &str, now: Instant) {
        if let Ok(mut entries) = self.entries.lock()
            && let Some(e) = entries.get_mut(&key("pair", &[&normal(account), &client_group(ip)]))
        {
            e.last = e.last.max(now);
        }
    }

    /// Takes back an attempt that was let through but never checked a password (the hash
    /// gate was full): it must not count against the caller or the account.
    pub fn refund(&self, ip: &str, account: &str, known_device: bool) {
        let account = normal(account);
        let ip = &client_group(ip);
        let mut keys = vec![key("ip", &[ip]), key("pair", &[&account, ip])];
        if !known_device {
            keys.push(key("account", &[&account]));
        }
        if let Ok(mut entries) = self.entries.lock() {
            for k in keys {
                if let Some(e) = entries.get_mut(&k) {
                    e.count = e.count.saturating_sub(1);
                }
            }
        }
    }

    /// Lets a sign-in check a password: the limits first, then a place at the hash gate. An
    /// attempt the gate turns away is taken back, so a busy server never uses up anyone's
    /// attempts.
    pub async fn admit<'a>(
        &self,
        gate: &'a HashGate,
        ip: &str,
        account: &str,
        known_device: bool,
    ) -> Result<HashPermit<'a>, Refusal> {
        self.attempt(ip, account, known_device)
            .map_err(Refusal::TooMany)?;
        gate.enter().await.map_err(|wait| {
            self.refund(ip, account, known_device);
            Refusal::Busy(wait)
        })
    }

    /// A successful sign-in from `ip` to `account`: its pair starts afresh.
    pub fn succeeded(&self, ip: &str, account: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(&key("pair", &[&normal(account), &client_group(ip)]));
        }
    }

    /// Keeps the table within its capacity: expired entries go first, then the oldest.
    fn shrink(&self, entries: &mut HashMap<Key, Entry>, now: Instant) {
        if entries.len() <= self.capacity {
            return;
        }
        // Every kind of entry is over once an hour has passed without an attempt (windows
        // last at most 15 minutes, pairs are remembered for an hour).
        entries.retain(|_, e| now.saturating_duration_since(e.last) < PAIR_MEMORY);
        if entries.len() <= self.capacity {
            return;
        }
        // Still full of live entries: drop the least recently used tenth in one pass, so that
        // a flood costs O(1) per attempt on average.
        let keep = self.capacity - self.capacity / 10;
        let mut drop = entries.len() - keep;
        let mut ages: Vec<Instant> = entries.values().map(|e| e.last).collect();
        let (_, cutoff, _) = ages.select_nth_unstable(drop - 1);
        let cutoff = *cutoff;
        entries.retain(|_, e| {
            let old = drop > 0 && e.last < cutoff;
            drop -= usize::from(old);
            !old
        });
        entries.retain(|_, e| {
            let old = drop > 0 && e.last == cutoff;
            drop -= usize::from(old);
            !old
        });
        entries.shrink_to(self.capacity);
    }
}

/// Why a sign-in may not check its password now; each says how many seconds to wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A limit is reached (429).
    TooMany(u64),
    /// Too many passwords are being checked at once (503).
    Busy(u64),
}

/// The client part of a key. An IPv6 client counts as its /64: one home line or server gets a
/// whole /64, so its single addresses are as cheap to change as a port.
fn client_group(ip: &str) -> String {
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        _ => ip.to_owned(),
    }
}

/// The account part of a key: trimmed and lower case, and never more than the longest email.
fn normal(account: &str) -> String {
    let mut end = account.len().min(MAX_EMAIL_BYTES + 8);
    while !account.is_char_boundary(end) {
        end -= 1;
    }
    account[..end].trim().to_lowercase()
}

/// Caps concurrent password hashing (each Argon2id check holds 19 MiB for a moment): at most
/// `permits` at once, at most `queue` more waiting; anyone beyond is told to come back.
#[derive(Debug)]
pub struct HashGate {
    permits: tokio::sync::Semaphore,
    workers: usize,
    queue: usize,
    waiting: AtomicUsize,
}

/// A place in the gate; hashing may run while it is held.
#[derive(Debug)]
pub struct HashPermit<'a> {
    _permit: tokio::sync::SemaphorePermit<'a>,
}

impl HashGate {
    /// At most `workers` hashes at once (at least 1) and `queue` waiting.
    pub fn new(workers: usize, queue: usize) -> HashGate {
        let workers = workers.max(1);
        HashGate {
            permits: tokio::sync::Semaphore::new(workers),
            workers,
            queue,
            waiting: AtomicUsize::new(0),
        }
    }

    /// As many workers as cores (at most 4), and a queue of 8 per worker.
    pub fn for_this_machine() -> HashGate {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let workers = cores.clamp(1, 4);
        HashGate::new(workers, workers * 8)
    }

    /// Waits for a place; `Err(seconds)` at once when the queue is full.
    pub async fn enter(&self) -> Result<HashPermit<'_>, u64> {
        if let Ok(p) = self.permits.try_acquire() {
            return Ok(HashPermit { _permit: p });
        }
        let before = self.waiting.fetch_add(1, Ordering::SeqCst);
        // Leaves the queue however the wait ends (a caller who hangs up drops this future).
        let _queued = Queued(&self.waiting);
        if before >= self.queue {
            // About the time the queue takes to drain (a hash takes well under a second).
            return Err((self.queue / self.workers).clamp(1, 30) as u64);
        }
        let permit = self.permits.acquire().await;
        permit.map(|p| HashPermit { _permit: p }).map_err(|_| 5)
    }
}

struct Queued<'a>(&'a AtomicUsize);

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn limits(ip: u32, account: u32) -> Limits {
        Limits {
            per_ip_per_minute: ip,
            per_account_per_15_minutes: account,
        }
    }

    #[test]
    fn concurrent_sign_ins_whose_instants_arrive_out_of_order_are_not_refused() {
        // Four sign-ins at once: each reads its instant, then waits for the lock; the later
        // instant may be recorded first. Within the free attempts none is refused.
        let l = Limiter::new(limits(100, 100));
        let t0 = Instant::now();
        let later = t0 + Duration::from_millis(5);
        assert_eq!(
            l.attempt_at("10.0.0.1", "sam@example.org", false, later),
            Ok(())
        );
        for _ in 1..FREE_ATTEMPTS_PER_CLIENT {
            assert_eq!(
                l.attempt_at("10.0.0.1", "sam@example.org", false, t0),
                Ok(())
            );
        }
        // The next one is past the free attempts: the delay runs from the latest attempt.
        let refused = l.attempt_at("10.0.0.1", "sam@example.org", false, later);
        assert_eq!(refused, Err(1));
    }

    #[test]
    fn twenty_times_its_capacity_in_distinct_keys_leaves_the_table_within_it() {
        let l = Limiter::with_capacity(limits(u32::MAX, u32::MAX), 10_000);
        let now = Instant::now();
        let long = "x".repeat(4096);
        for i in 0..200_000u32 {
            let ip = format!("10.{}.{}.{}", i >> 16, (i >> 8) & 255, i & 255);
            let email = if i % 1000 == 0 {
                format!("{long}{i}@example.org")
            } else {
                format!("{i}@example.org")
            };
            l.attempt_at(&ip, &email, false, now).unwrap();
            assert!(l.len() <= 10_000, "{} entries after {i}", l.len());
        }
        assert!(l.len() >= 9_000 - 3);
    }

    #[test]
    fn an_ipv6_client_counts_as_its_slash_64() {
        let l = Limiter::new(limits(2, 1000));
        let now = Instant::now();
        l.attempt_at("2001:db8:1:2::1", "a@example.org", false, now)
            .unwrap();
        l.attempt_at("2001:db8:1:2:ffff::9", "b@example.org", false, now)
            .unwrap();
        assert!(
            l.attempt_at("2001:db8:1:2:abcd::3", "c@example.org", false, now)
                .is_err()
        );
        // Another /64, and IPv4, count on their own.
        l.attempt_at("2001:db8:1:3::1", "c@example.org", false, now)
            .unwrap();
        l.attempt_at("192.0.2.1", "c@example.org", false, now)
            .unwrap();
        assert_eq!(client_group("::ffff:192.0.2.1"), "::ffff:192.0.2.1");
        assert_eq!(client_group("2001:db8::1"), "2001:db8:0:0::/64");
    }

    #[tokio::test]
    async fn an_attempt_the_busy_gate_turns_away_is_taken_back() {
        let l = Limiter::new(limits(2, 2));
        let gate = HashGate::new(1, 0);
        let held = gate.enter().await.unwrap();
        for _ in 0..5 {
            assert!(matches!(
                l.admit(&gate, "10.0.0.1", "a@example.org", false).await,
                Err(Refusal::Busy(_))
            ));
        }
        drop(held);
        // None of the five counted: the address (2 a minute) and the account (2) are intact.
        drop(
            l.admit(&gate, "10.0.0.1", "a@example.org", false)
                .await
                .unwrap(),
        );
        drop(
            l.admit(&gate, "10.0.0.1", "a@example.org", false)
                .await
                .unwrap(),
        );
        assert!(matches!(
            l.admit(&gate, "10.0.0.1", "a@example.org", false).await,
            Err(Refusal::TooMany(_))
        ));
    }

    #[test]
    fn expired_entries_go_before_live_ones() {
        let l = Limiter::with_capacity(limits(u32::MAX, u32::MAX), 150);
        let t0 = Instant::now();
        for i in 0..30 {
            l.attempt_at(&format!("old{i}"), "a@b.c", false, t0)
                .unwrap();
        }
        // The pair and the account of a live address, later than an hour.
        let later = t0 + Duration::from_secs(3601);
        l.attempt_at("live", "owner@example.org", false, later)
            .unwrap();
        for i in 0..60 {
            l.attempt_at(&format!("new{i}"), "x@y.z", false, later)
                .unwrap();
        }
        // All the old ones are gone, the live owner is remembered.
        assert_eq!(l.len(), 3 + 60 * 2 + 1);
        for _ in 0..FREE_ATTEMPTS_PER_CLIENT - 1 {
            l.attempt_at("live", "owner@example.org", false, later)
                .unwrap();
        }
        assert!(
            l.attempt_at("live", "owner@example.org", false, later)
                .is_err()
        );
    }

    #[test]
    fn a_caller_over_its_address_limit_records_nothing() {
        let l = Limiter::new(limits(3, 100));
        let now = Instant::now();
        for i in 0..3 {
            l.attempt_at("1.2.3.4", &format!("{i}@example.org"), false, now)
                .unwrap();
        }
        let before = l.len();
        for i in 0..10_000 {
            let wait = l
                .attempt_at("1.2.3.4", &format!("other{i}@example.org"), false, now)
                .unwrap_err();
            assert!((1..=60).contains(&wait));
        }
        assert_eq!(l.len(), before);
        // A minute later the address may try again.
        let later = now + Duration::from_secs(60);
        l.attempt_at("1.2.3.4", "0@example.org", false, later)
            .unwrap();
    }

    #[test]
    fn the_delay_grows_with_each_attempt_at_one_account_from_one_address() {
        let l = Limiter::new(limits(u32::MAX, u32::MAX));
        let mut now = Instant::now();
        for _ in 0..FREE_ATTEMPTS_PER_CLIENT {
            l.attempt_at("9.9.9.9", "owner@example.org", false, now)
                .unwrap();
        }
        // The delay runs from the end of the last check.
        now += Duration::from_millis(700);
        l.failed_at("9.9.9.9", "owner@example.org", now);
        let mut waits = Vec::new();
        for _ in 0..14 {
            let wait = l
                .attempt_at("9.9.9.9", "Owner@Example.org ", false, now)
                .unwrap_err();
            waits.push(wait);
            // Refused attempts do not make it worse.
            assert_eq!(
                l.attempt_at("9.9.9.9", "owner@example.org", false, now)
                    .unwrap_err(),
                wait
            );
            now += Duration::from_secs(wait);
            l.attempt_at("9.9.9.9", "owner@example.org", false, now)
                .unwrap();
        }
        assert_eq!(&waits[..5], &[1, 2, 4, 8, 16]);
        assert!(waits.windows(2).all(|w| w[0] <= w[1]), "{waits:?}");
        assert_eq!(*waits.last().unwrap(), MAX_DELAY.as_secs());
        // A success starts the pair afresh.
        l.succeeded("9.9.9.9", "owner@example.org");
        l.attempt_at("9.9.9.9", "owner@example.org", false, now)
            .unwrap();
    }

    #[test]
    fn a_strangers_guesses_do_not_slow_the_owners_own_address() {
        let l = Limiter::new(limits(u32::MAX, 50));
        let now = Instant::now();
        let mut refused = 0;
        for _ in 0..20 {
            if l.attempt_at("6.6.6.6", "owner@example.org", false, now)
                .is_err()
            {
                refused += 1;
            }
        }
        assert_eq!(refused, 20 - FREE_ATTEMPTS_PER_CLIENT);
        l.attempt_at("192.168.1.20", "owner@example.org", false, now)
            .unwrap();
        // Another account from the stranger's address is its own pair.
        l.attempt_at("6.6.6.6", "other@example.org", false, now)
            .unwrap();
    }

    #[test]
    fn a_known_device_is_not_held_by_the_per_account_limit() {
        let l = Limiter::new(limits(u32::MAX, 3));
        let now = Instant::now();
        for i in 0..3 {
            l.attempt_at(&format!("6.6.6.{i}"), "owner@example.org", false, now)
                .unwrap();
        }
        assert!(
            l.attempt_at("192.168.1.20", "owner@example.org", false, now)
                .is_err()
        );
        l.attempt_at("192.168.1.20", "owner@example.org", true, now)
            .unwrap();
    }

    #[tokio::test]
    async fn the_hash_gate_queues_then_refuses_at_once() {
        let gate = HashGate::new(2, 3);
        let a = gate.enter().await.unwrap();
        let _b = gate.enter().await.unwrap();
        let waiting: Vec<_> = (0..3).map(|_| gate.enter()).collect();
        let mut waiting: Vec<_> = waiting.into_iter().map(Box::pin).collect();
        for w in &mut waiting {
            // Each enters the queue and waits.
            assert!(
                tokio::time::timeout(Duration::from_millis(10), w.as_mut())
                    .await
                    .is_err()
            );
        }
        let wait = gate.enter().await.unwrap_err();
        assert!(wait >= 1);
        drop(a);
        let first = waiting.remove(0).await.unwrap();
        drop(first);
    }
}
