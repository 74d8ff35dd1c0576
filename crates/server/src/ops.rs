//! Operational endpoints: liveness, readiness and Prometheus metrics, and the middleware that
//! counts requests.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::AppState;
use crate::problem::Problem;

/// The process-wide metrics recorder (installed on first use).
fn recorder() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full("http_request_duration_seconds".into()),
                    &[
                        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
                    ],
                )
                .ok()?
                .build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder).ok()?;
            keep_up(handle.clone());
            Some(handle)
        })
        .as_ref()
}

/// Installs the process-wide metrics recorder now (it is otherwise installed by the first
/// request), so counters from background tasks (the reminder runner) are kept from the start.
pub fn install_recorder() {
    let _ = recorder();
}

/// Folds the recorded request times into their histogram buckets every few seconds. Without
/// it every sample is kept until `/metrics` is read, and a server nobody scrapes grows by a
/// few bytes per request, for ever.
fn keep_up(handle: PrometheusHandle) {
    let spawned = std::thread::Builder::new()
        .name("metrics-upkeep".into())
        .spawn(move || {
            loop {
                std::thread::sleep(std::time::Duration::from_secs(5));
                handle.run_upkeep();
            }
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "cannot start the metrics upkeep thread");
    }
}

/// `/healthz`, `/readyz` and `/metrics`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_text))
}

async fn healthz() -> Json<serde_json::Value> {
    Json(serde_json::json!({"status": "ok"}))
}

/// How often the background task checks the database for damage.
pub const HEALTH_RECHECK: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// How soon the check is tried again when it could not run (busy, I/O error…).
const HEALTH_RETRY: std::time::Duration = std::time::Duration::from_secs(30);

/// Starts the background task that checks the database every [`HEALTH_RECHECK`] (sooner
/// again when a check could not run) and leaves the result in the store for `/readyz`, so
/// no probe waits for a check of a big file. The first check is one period away: startup has
/// just run one. Abort the returned task on shutdown.
pub fn spawn_health_checks(store: soothe_store::Store) -> tokio::task::JoinHandle<()> {
    spawn_health_checks_every(store, HEALTH_RECHECK, HEALTH_RETRY)
}

/// [`spawn_health_checks`] with other periods (for tests).
#[doc(hidden)]
pub fn spawn_health_checks_every(
    store: soothe_store::Store,
    period: std::time::Duration,
    retry: std::time::Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut wait = period;
        loop {
            tokio::time::sleep(wait).await;
            wait = match store.check_health().await {
                Ok(h) if h.ok => period,
                Ok(h) => {
                    tracing::error!(detail = %h.detail, "database check: the database is damaged");
                    period
                }
                Err(e) => {
                    tracing::warn!(error = %e, "database check: the check could not run");
                    retry
                }
            };
        }
    })
}

/// Ready when the database answers, the event writer runs and the last background check
/// found no damage. Only reads the last check's result; never runs the check itself.
async fn readyz(State(state): State<AppState>) -> Response {
    if let Err(e) = state.store.ping().await {
        tracing::warn!(error = %e, "readiness probe: database unreachable");
        return Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "not-ready",
            "the database does not answer",
        )
        .into_response();
    }
    if !state.store.events_writer_running() {
        tracing::error!("readiness probe: the event writer has stopped");
        return Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "not-ready",
            "the task that writes new events has stopped: restart soothe",
        )
        .into_response();
    }
    if let Some(error) = state.store.last_check_failure() {
        return Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "not-ready",
            format!("the database check could not run: {error}"),
        )
        .into_response();
    }
    match state.store.last_health() {
        Some(h) if !h.ok => Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "not-ready",
            format!(
                "the database is damaged ({}): stop soothe and restore your last backup",
                h.detail
            ),
        )
        .into_response(),
        Some(h) => Json(serde_json::json!({
            "status": "ready",
            "database": "ok",
            "integrity": "ok",
            "checked_at": h.checked_at.to_string(),
        }))
        .into_response(),
        None => Json(serde_json::json!({
            "status": "ready",
            "database": "ok",
            "integrity": "unchecked",
        }))
        .into_response(),
    }
}

async fn metrics_text(State(state): State<AppState>) -> Response {
    let (size, idle) = state.store.pool_stats();
    metrics::gauge!("db_pool_connections").set(f64::from(size));
    metrics::gauge!("db_pool_idle_connections").set(idle as f64);
    match recorder() {
        Some(handle) => (
            [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
            handle.render(),
        )
            .into_response(),
        None => Problem::internal("the metrics recorder could not be installed").into_response(),
    }
}

/// Counts every request by route and status and times it.
pub async fn track(req: Request, next: Next) -> Response {
    let _ = recorder();
    let start = Instant::now();
    let method = req.method().as_str().to_owned();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    let seconds = start.elapsed().as_secs_f64();
    metrics::counter!("http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status).increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
        .record(seconds);
    response
}
