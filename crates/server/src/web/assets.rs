//! Embedded assets, served under content-hashed names (`app.3f2a9c1b.css`) with a year of
//! caching, the service worker and the web app manifest.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

#[derive(rust_embed::Embed)]
#[folder = "assets/"]
struct Files;

struct Asset {
    bytes: Vec<u8>,
    mime: &'static str,
    /// Served under its hashed name: cache for a year.
    immutable: bool,
}

struct Assets {
    /// By served name: hashed names and, for tests and tools, the plain names.
    files: HashMap<String, Asset>,
    /// Plain name → `/assets/<hashed name>`.
    urls: HashMap<String, &'static str>,
    /// A hash of every asset: the service worker's cache version.
    version: String,
}

fn mime(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

static ASSETS: LazyLock<Assets> = LazyLock::new(|| {
    let mut files = HashMap::new();
    let mut urls = HashMap::new();
    let mut all = Sha256::new();
    let mut names: Vec<String> = Files::iter().map(|n| n.into_owned()).collect();
    names.sort();
    for name in names {
        let Some(file) = Files::get(&name) else {
            continue;
        };
        let bytes = file.data.into_owned();
        let hash = hex(&Sha256::digest(&bytes)[..5]);
        all.update(&bytes);
        let hashed = match name.rsplit_once('.') {
            Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
            None => format!("{name}.{hash}"),
        };
        let url: &'static str = Box::leak(format!("/assets/{hashed}").into_boxed_str());
        urls.insert(name.clone(), url);
        files.insert(
            hashed,
            Asset {
                bytes: bytes.clone(),
                mime: mime(&name),
                immutable: true,
            },
        );
        files.insert(
            name.clone(),
            Asset {
                bytes,
                mime: mime(&name),
                immutable: false,
            },
        );
    }
    Assets {
        files,
        urls,
        version: hex(&all.finalize()[..6]),
    }
});

/// The URL of an embedded asset by its plain name (`app.css`), with its content hash.
pub fn url(name: &str) -> &'static str {
    ASSETS.urls.get(name).copied().unwrap_or("/assets/missing")
}

fn answer(bytes: Vec<u8>, mime: &'static str, cache: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        bytes,
    )
        .into_response()
}

/// Serves an asset.
pub(crate) async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.files.get(&name) {
        Some(a) => answer(
            a.bytes.clone(),
            a.mime,
            if a.immutable {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            },
        ),
        None => (StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}

/// The service worker, with the list of assets to keep and its cache version filled in.
pub(crate) async fn service_worker() -> Response {
    let src = ASSETS
        .files
        .get("sw.js")
        .map(|a| String::from_utf8_lossy(&a.bytes).into_owned())
        .unwrap_or_default();
    let mut urls: Vec<&str> = ASSETS
        .urls
        .iter()
        .filter(|(name, _)| *name != "sw.js" && *name != "manifest.json")
        .map(|(_, u)| *u)
        .collect();
    urls.sort_unstable();
    let list = serde_json::to_string(&urls).unwrap_or_else(|_| "[]".into());
    let body = src
        .replace("__VERSION__", &ASSETS.version)
        .replace("__ASSETS__", &list);
    answer(
        body.into_bytes(),
        "text/javascript; charset=utf-8",
        "no-cache",
    )
}

/// The web app manifest (installable on a phone's home screen).
pub(crate) async fn manifest() -> Response {
    let src = ASSETS
        .files
        .get("manifest.json")
        .map(|a| String::from_utf8_lossy(&a.bytes).into_owned())
        .unwrap_or_default();
    let body = src
        .replace("__ICON_SVG__", url("icon.svg"))
        .replace("__ICON_192__", url("icon-192.png"))
        .replace("__ICON_512__", url("icon-512.png"));
    answer(body.into_bytes(), "application/manifest+json", "no-cache")
}
