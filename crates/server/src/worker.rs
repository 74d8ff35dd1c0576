//! The reminder runner's loop: `soothe serve` runs it beside the web app (unless the setting
//! `reminders` is off) and `soothe worker` runs it alone.
//!
//! Every tick (by default [`EVERY`], aligned to the wall clock so a reminder due at 19:15:00
//! goes out within a second of it, with a little jitter so several instances do not hit the
//! database in the same millisecond) it calls [`App::run_reminders`]: claim the due rhythms
//! and patch tests, record each day's reminder once, send the due deliveries. Exactly once
//! comes from the database (see `soothe_store`'s reminders module), so any number of loops
//! may run on one PostgreSQL database.
//!
//! A pass that fails (the database does not answer, a pass panics) is logged and counted;
//! the next tick tries again. The loop itself never stops before `shutdown`.
//!
//! Metrics (Prometheus, on `/metrics` of `soothe serve`): `reminders_claimed_total`,
//! `reminders_sent_total`, `reminders_failed_total`, `reminders_retried_total`,
//! `reminders_held_total`, `reminders_dropped_total` (the [`RunReport`] fields, summed),
//! `reminder_passes_total{result="ok"|"error"}` and `reminder_pass_duration_seconds`.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use soothe_app::App;
use soothe_app::reminders::{Deliver, RunReport};

/// The default time between two passes.
pub const EVERY: Duration = Duration::from_secs(15);

/// How one loop runs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The time between two passes' starts (at least 100 ms).
    pub every: Duration,
    /// Passes run side by side at each tick (PostgreSQL: they share the work through
    /// `SKIP LOCKED`); 1 on SQLite, which has one writer.
    pub passes: u32,
    /// This runner's name in the logs (default: `<host>-<pid>`).
    pub name: String,
}

impl Settings {
    /// One pass every `every`, named after this process.
    pub fn every(every: Duration) -> Settings {
        Settings {
            every,
            passes: 1,
            name: default_name(),
        }
    }

    /// The same with `passes` side by side (at least 1).
    #[must_use]
    pub fn with_passes(mut self, passes: u32) -> Settings {
        self.passes = passes.max(1);
        self
    }
}

/// `<host>-<pid>`, the host from `HOSTNAME` (else `soothe`). Not read from /proc: the
/// systemd unit's `ProcSubset=pid` hides /proc/sys, and the name only tells log lines apart.
fn default_name() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.trim().is_empty())
        .unwrap_or_else(|| "soothe".to_owned());
    format!("{}-{}", host.trim(), std::process::id())
}

/// What a loop did in all, returned when it stops.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Passes that ran to the end.
    pub passes: u64,
    /// Passes that failed (a database error, a panic).
    pub errors: u64,
    /// The passes' reports, summed.
    pub report: Report,
}

/// [`RunReport`] summed over passes (wider counters).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    /// Reminders made.
    pub claimed: u64,
    /// Deliveries a channel took.
    pub sent: u64,
    /// Deliveries that failed for the last time.
    pub failed: u64,
    /// Deliveries that failed and wait for another attempt.
    pub retried: u64,
    /// Massage reminders held back by the check.
    pub held: u64,
    /// Reminders due too long ago: recorded, not sent.
    pub dropped: u64,
}

impl Report {
    fn add(&mut self, r: &RunReport) {
        self.claimed += u64::from(r.claimed);
        self.sent += u64::from(r.sent);
        self.failed += u64::from(r.failed);
        self.retried += u64::from(r.retried);
        self.held += u64::from(r.held);
        self.dropped += u64::from(r.dropped);
    }

    fn is_empty(&self) -> bool {
        *self == Report::default()
    }
}

/// Runs reminder passes every `every` until `shutdown` resolves (a pass under way finishes
/// first). See [`run_with`].
pub async fn run(
    app: App,
    deliver: Arc<dyn Deliver>,
    every: Duration,
    shutdown: impl Future<Output = ()> + Send,
) -> Totals {
    run_with(app, deliver, Settings::every(every), shutdown).await
}

/// Runs reminder passes as `settings` say until `shutdown` resolves; a pass under way
/// finishes first (its sends are not cut off half way). Never returns early: failed passes
/// are logged and tried again at the next tick.
pub async fn run_with(
    app: App,
    deliver: Arc<dyn Deliver>,
    settings: Settings,
    shutdown: impl Future<Output = ()> + Send,
) -> Totals {
    crate::ops::install_recorder();
    let every = settings.every.max(Duration::from_millis(100));
    let passes = settings.passes.max(1);
    let name: Arc<str> = settings.name.into();
    tracing::info!(
        worker = %name,
        every_ms = every.as_millis() as u64,
        passes,
        "reminders: the runner started"
    );
    let mut totals = Totals::default();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            biased;
            () = &mut shutdown => break,
            () = tokio::time::sleep(until_next_tick(every, SystemTime::now())) => {}
        }
        tick(&app, &deliver, &name, passes, &mut totals).await;
    }
    tracing::info!(
        worker = %name,
        passes = totals.passes,
        errors = totals.errors,
        sent = totals.report.sent,
        "reminders: the runner stopped"
    );
    totals
}

/// One tick: `passes` passes side by side, each in its own task (a panic in one is caught
/// and counted as an error).
async fn tick(
    app: &App,
    deliver: &Arc<dyn Deliver>,
    name: &Arc<str>,
    passes: u32,
    totals: &mut Totals,
) {
    let started = std::time::Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..passes {
        let (app, deliver) = (app.clone(), deliver.clone());
        let runner = if passes == 1 {
            name.to_string()
        } else {
            format!("{name}/{i}")
        };
        tasks.spawn(async move { app.run_reminders(deliver.as_ref(), &runner).await });
    }
    let mut report = Report::default();
    let mut errors = 0u64;
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok(Ok(r)) => {
                report.add(&r);
                totals.passes += 1;
                metrics::counter!("reminder_passes_total", "result" => "ok").increment(1);
            }
            Ok(Err(e)) => {
                errors += 1;
                tracing::error!(worker = %name, error = %e, "reminders: a pass failed; trying again at the next tick");
                metrics::counter!("reminder_passes_total", "result" => "error").increment(1);
            }
            Err(e) => {
                errors += 1;
                tracing::error!(worker = %name, error = %e, "reminders: a pass stopped abnormally; trying again at the next tick");
                metrics::counter!("reminder_passes_total", "result" => "error").increment(1);
            }
        }
    }
    totals.errors += errors;
    totals.report.claimed += report.claimed;
    totals.report.sent += report.sent;
    totals.report.failed += report.failed;
    totals.report.retried += report.retried;
    totals.report.held += report.held;
    totals.report.dropped += report.dropped;
    let seconds = started.elapsed().as_secs_f64();
    metrics::histogram!("reminder_pass_duration_seconds").record(seconds);
    metrics::counter!("reminders_claimed_total").increment(report.claimed);
    metrics::counter!("reminders_sent_total").increment(report.sent);
    metrics::counter!("reminders_failed_total").increment(report.failed);
    metrics::counter!("reminders_retried_total").increment(report.retried);
    metrics::counter!("reminders_held_total").increment(report.held);
    metrics::counter!("reminders_dropped_total").increment(report.dropped);
    if !report.is_empty() {
        tracing::info!(
            worker = %name,
            claimed = report.claimed,
            sent = report.sent,
            failed = report.failed,
            retried = report.retried,
            held = report.held,
            dropped = report.dropped,
            ms = started.elapsed().as_millis() as u64,
            "reminders: pass done"
        );
    }
}

/// The wait until the next tick: the next multiple of `every` since the Unix epoch, plus a
/// jitter of up to a twentieth of `every` (at most 500 ms), different in each process.
fn until_next_tick(every: Duration, now: SystemTime) -> Duration {
    let since = now.duration_since(UNIX_EPOCH).unwrap_or_default();
    let every_ms = every.as_millis().max(1);
    let into = since.as_millis() % every_ms;
    let to_boundary = Duration::from_millis(u64::try_from(every_ms - into).unwrap_or(0));
    to_boundary + jitter(every, since)
}

/// A pseudo-random jitter in `0..min(every / 20, 500 ms)`, from the process id and the time.
fn jitter(every: Duration, since: Duration) -> Duration {
    let cap = (every / 20).min(Duration::from_millis(500)).as_millis();
    if cap == 0 {
        return Duration::ZERO;
    }
    let seed = u128::from(std::process::id()).wrapping_mul(0x9e37_79b9_7f4a_7c15)
        ^ since.as_nanos().wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let ms = (seed ^ (seed >> 31)) % cap;
    Duration::from_millis(u64::try_from(ms).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_aligned_to_the_clock_with_a_small_jitter() {
        let every = Duration::from_secs(15);
        for offset_ms in [0u64, 1, 7_499, 14_999] {
            let now =
                UNIX_EPOCH + Duration::from_secs(1_800_000_000) + Duration::from_millis(offset_ms);
            let wait = until_next_tick(every, now);
            let boundary = Duration::from_millis(15_000 - offset_ms);
            assert!(wait >= boundary, "{offset_ms}: {wait:?}");
            assert!(
                wait < boundary + Duration::from_millis(500),
                "{offset_ms}: {wait:?}"
            );
        }
        // A short period: jitter within a twentieth of it.
        let now = UNIX_EPOCH + Duration::from_millis(1_000_000_250);
        let wait = until_next_tick(Duration::from_secs(1), now);
        assert!(
            wait >= Duration::from_millis(750) && wait < Duration::from_millis(800),
            "{wait:?}"
        );
    }
}
