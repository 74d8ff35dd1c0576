//! soothe's HTTP service: the web app (server-rendered pages), the JSON API (`/api/v1`) over
//! the journal, and the operational endpoints (`/healthz`, `/readyz`, `/metrics`).
//!
//! Handlers are thin: they parse the request at the edge (every error names its field),
//! take the caller's [`Scope`](soothe_store::Scope) from the bearer token, ask the store, and
//! run `soothe-core` for decisions (readiness, plans, day totals).

// A problem is the whole error response; it is built once per failed request, so its size
// does not matter.
#![allow(clippy::result_large_err)]

pub mod api;
pub mod babybuddy;
pub mod bbapi;
pub mod calendar;
pub mod client;
mod extract;
pub mod limit;
pub mod mail;
pub mod notify;
pub mod ops;
pub mod problem;
pub mod web;
pub mod worker;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use soothe_app::App;
use soothe_core::catalog::{Catalog, Catalogs};
use soothe_store::Store;
use utoipa::OpenApi as _;
use utoipa_axum::router::OpenApiRouter;

pub use extract::Caller;
pub use limit::Limits;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The use cases: every handler's one call.
    pub app: App,
    /// The database, for operations only (health, metrics); use cases go through `app`.
    pub store: Store,
    /// The embedded catalog.
    pub catalog: Arc<Catalog>,
    /// Sign-in rate limits.
    pub limits: Arc<limit::Limiter>,
    /// The cap on concurrent password hashing.
    pub hashing: Arc<limit::HashGate>,
    /// Mark cookies `Secure` even when the request did not come over HTTPS.
    pub secure_cookies: bool,
    /// Proxies whose `X-Forwarded-For` / `Forwarded` / `X-Forwarded-Proto` are believed.
    pub trusted_proxies: Arc<client::TrustedProxies>,
    /// The address people use to reach soothe (e.g. `https://soothe.example.org`, no
    /// trailing slash), for links such as invitations; `None`: taken from the request.
    pub public_url: Option<Arc<str>>,
    /// Offer the pseudo-locale (`qps`: every message wrapped in ⟦ ⟧). For tests only.
    pub pseudo_locale: bool,
    /// Where email goes (password resets); `None`: soothe sends no email.
    pub mailer: Option<Arc<mail::Mailer>>,
    /// Limits on "forgot your password?" emails (per address, per account).
    pub reset_limits: Arc<limit::Limiter>,
    /// What sends reminders and tests on the channels; `None`: this server sends nothing
    /// ("send a test" answers 409 `sending-off`).
    pub deliver: Option<Arc<dyn soothe_app::reminders::Deliver>>,
}

impl AppState {
    /// State over a store and a catalog, with the given sign-in limits. The catalog is the
    /// English one; the other languages' (Spanish, the pseudo-locale) are the embedded
    /// translations laid over the embedded English structure (see
    /// [`AppState::with_catalogs`] for others).
    pub fn new(store: Store, catalog: Catalog, limits: Limits) -> AppState {
        static EMBEDDED: std::sync::LazyLock<Option<Catalogs>> = std::sync::LazyLock::new(|| {
            Catalogs::embedded()
                .inspect_err(|e| tracing::error!("the embedded translations do not load: {e}"))
                .ok()
        });
        let catalog = Arc::new(catalog);
        let mut app = App::new(store.clone(), catalog.clone());
        if let Some(c) = EMBEDDED.as_ref() {
            app = app.with_catalogs(c.clone());
        }
        AppState {
            app,
            store,
            catalog,
            limits: Arc::new(limit::Limiter::new(limits)),
            hashing: Arc::new(limit::HashGate::for_this_machine()),
            secure_cookies: false,
            trusted_proxies: Arc::default(),
            public_url: None,
            pseudo_locale: false,
            mailer: None,
            reset_limits: Arc::new(limit::Limiter::new(web::reset::LIMITS)),
            deliver: None,
        }
    }

    /// The same state sending email through `mailer`.
    pub fn with_mailer(mut self, mailer: Option<mail::Mailer>) -> AppState {
        self.mailer = mailer.map(Arc::new);
        self
    }

    /// The same state sending on the channels through `deliver` (the reminders' and "send a
    /// test"'s).
    pub fn with_deliver(mut self, deliver: Arc<dyn soothe_app::reminders::Deliver>) -> AppState {
        self.deliver = Some(deliver);
        self
    }

    /// The same state speaking the languages of `catalogs` (English stays the state's
    /// catalog).
    pub fn with_catalogs(mut self, catalogs: Catalogs) -> AppState {
        self.app = self.app.with_catalogs(catalogs);
        self
    }

    /// The catalog in `lang` (see `App::catalog_for`).
    pub fn catalog_for(&self, lang: soothe_core::lang::Lang) -> &Arc<Catalog> {
        self.app.catalog_for(lang)
    }

    /// The same state offering the pseudo-locale (tests only: `SOOTHE_PSEUDO_LOCALE=1`).
    pub fn with_pseudo_locale(mut self, on: bool) -> AppState {
        self.pseudo_locale = on;
        self
    }

    /// The same state with the use cases reading time from `clock` (tests).
    pub fn with_clock(mut self, clock: Arc<dyn soothe_app::Clock>) -> AppState {
        self.app = self.app.with_clock(clock);
        self
    }

    /// The same state with cookies always `Secure` (behind a TLS proxy that does not say so).
    pub fn with_secure_cookies(mut self, secure: bool) -> AppState {
        self.secure_cookies = secure;
        self
    }

    /// The same state believing forwarding headers from these proxies.
    pub fn with_trusted_proxies(mut self, proxies: client::TrustedProxies) -> AppState {
        self.trusted_proxies = Arc::new(proxies);
        self
    }

    /// The same state making links from this address (a trailing `/` is dropped; empty: none).
    pub fn with_public_url(mut self, url: &str) -> AppState {
        let url = url.trim().trim_end_matches('/');
        self.public_url = (!url.is_empty()).then(|| Arc::from(url));
        self
    }
}

/// The API's routes and its OpenAPI document.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut doc) = OpenApiRouter::with_openapi(api::ApiDoc::openapi())
        .nest("/api/v1", api::routes())
        .split_for_parts();
    // The shared refusals go on every operation once the handlers' paths are in.
    utoipa::Modify::modify(&api::Answers, &mut doc);
    (router, doc)
}

/// The OpenAPI document, as served at `/api/v1/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api().1
}

/// The whole application: the API, its OpenAPI document and the operational endpoints,
/// with request metrics and tracing.
pub fn app(state: AppState) -> Router {
    let (api, doc) = api();
    let doc = Arc::new(doc);
    api.route(
        "/api/v1/openapi.json",
        axum::routing::get(move || {
            let doc = doc.clone();
            async move { axum::Json(doc.as_ref().clone()) }
        }),
    )
    .merge(ops::routes())
    .merge(bbapi::routes())
    .merge(web::routes())
    .route_layer(axum::middleware::from_fn(extract::check_url_text))
    .fallback(|| async { problem::Problem::not_found_route() })
    .layer(axum::middleware::from_fn_with_state(
        state.clone(),
        web::friendly_not_found,
    ))
    .layer(axum::middleware::from_fn_with_state(
        state.clone(),
        web::reader_language,
    ))
    .layer(axum::middleware::from_fn(web::security_headers))
    .layer(tower_http::compression::CompressionLayer::new())
    .layer(axum::middleware::from_fn(ops::track))
    .with_state(state)
}

/// Serves the app on a listener until `shutdown` resolves; requests in flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let store = state.store.clone();
    tokio::spawn(async move {
        if let Err(e) = store.prepare_sign_in().await {
            tracing::warn!(error = %e, "could not prepare the sign-in decoy hash");
        }
    });
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
