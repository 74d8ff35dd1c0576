//! Embedded assets, served under content-hashed names (`app.3f2a9c1b.css`) with a year of
//! caching, the service worker and the web app manifest.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use soothe_core::catalog::Position;
use soothe_core::catalog::drawing::{self, Look, Theme};
use soothe_core::lang::Lang;

use crate::AppState;

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

/// Which drawing of a stroke an address names: the stroke (and the position of a step that
/// turns the baby), the language of its title and description, its colours and whether the
/// hand moves. Served at `/assets/drawings/<stroke>[.<position>].<lang>.<theme>.<move|still>.<version>.svg`
/// for a year (the version is a hash of every drawing); `/assets/drawings/<stroke>.svg` is the
/// English, moving drawing in the system's colours, not cached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DrawingRef {
    pub(crate) stroke: String,
    pub(crate) position: Option<Position>,
    pub(crate) lang: Lang,
    pub(crate) theme: Theme,
    pub(crate) still: bool,
}

impl DrawingRef {
    /// The drawing of a routine step: its stroke in the step's position, for the page's
    /// reader and theme (the page's theme class: `dark`, `light`, or empty for the system's).
    pub(crate) fn new(
        stroke: &str,
        position: Option<Position>,
        lang: Lang,
        theme_class: &str,
        still: bool,
    ) -> DrawingRef {
        DrawingRef {
            stroke: stroke.to_owned(),
            position,
            lang,
            theme: Theme::from_id(theme_class).unwrap_or(Theme::Auto),
            still,
        }
    }

    /// Its address, with the drawings' version.
    pub(crate) fn url(&self) -> String {
        let position = self
            .position
            .map(|p| format!(".{}", position_id(p)))
            .unwrap_or_default();
        format!(
            "/assets/drawings/{}{position}.{}.{}.{}.{}.svg",
            self.stroke,
            self.lang.id(),
            self.theme.id(),
            if self.still { "still" } else { "move" },
            drawings_version()
        )
    }

    /// Reads an address's file name; with whether it carries the current version.
    fn parse(name: &str) -> Option<(DrawingRef, bool)> {
        let stem = name.strip_suffix(".svg")?;
        let mut parts: Vec<&str> = stem.split('.').collect();
        let stroke = parts.remove(0).to_owned();
        if stroke.is_empty() || !stroke.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return None;
        }
        let position = match parts.first().and_then(|p| position_from_id(p)) {
            Some(p) => {
                parts.remove(0);
                Some(p)
            }
            None => None,
        };
        let mut r = DrawingRef {
            stroke,
            position,
            lang: Lang::En,
            theme: Theme::Auto,
            still: false,
        };
        if parts.is_empty() {
            return Some((r, false));
        }
        let [lang, theme, motion, rest @ ..] = parts.as_slice() else {
            return None;
        };
        r.lang = lang.parse().ok()?;
        r.theme = Theme::from_id(theme)?;
        r.still = match *motion {
            "still" => true,
            "move" => false,
            _ => return None,
        };
        match rest {
            [] => Some((r, false)),
            [v] => Some((r, *v == drawings_version())),
            _ => None,
        }
    }
}

fn position_id(p: Position) -> &'static str {
    match p {
        Position::OnBack => "on_back",
        Position::OnTummy => "on_tummy",
        Position::InLap => "in_lap",
    }
}

fn position_from_id(id: &str) -> Option<Position> {
    [Position::OnBack, Position::OnTummy, Position::InLap]
        .into_iter()
        .find(|p| position_id(*p) == id)
}

/// A hash of every embedded drawing in every language and look: the drawings' version in
/// their addresses, so a changed drawing or text is a new address.
fn drawings_version() -> &'static str {
    static VERSION: LazyLock<String> = LazyLock::new(|| {
        let mut all = Sha256::new();
        if let Ok(catalogs) = soothe_core::catalog::Catalogs::embedded() {
            for lang in Lang::ALL {
                let c = catalogs.get(*lang);
                for d in c.drawings().all() {
                    let Some(stroke) = c.strokes().iter().find(|s| s.id.as_str() == d.stroke)
                    else {
                        continue;
                    };
                    for theme in Theme::ALL {
                        for still in [false, true] {
                            let look = Look {
                                theme: *theme,
                                still,
                            };
                            let svg =
                                drawing::svg(stroke, c.drawings(), d.position, lang.id(), look);
                            all.update(svg.unwrap_or_default().as_bytes());
                        }
                    }
                }
            }
        }
        hex(&all.finalize()[..5])
    });
    &VERSION
}

/// Standard base64, for a CSP hash.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The Content-Security-Policy of a drawing: nothing runs and nothing is fetched; only the
/// drawing's own `<style>` (by its hash) applies. Shown as an `<img>` a drawing runs no
/// script anyway; opened on its own it is a document, and this is its policy.
pub(crate) fn drawing_csp(look: Look) -> String {
    let hash = base64(&Sha256::digest(drawing::style(look).as_bytes()));
    format!(
        "default-src 'none'; style-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
}

/// Serves a stroke's drawing (see [`DrawingRef`]), made from the catalog in its language.
pub(crate) async fn drawing(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    let Some((r, current)) = DrawingRef::parse(&name) else {
        return (StatusCode::NOT_FOUND, "no such drawing").into_response();
    };
    let catalog = state.catalog_for(r.lang);
    let look = Look {
        theme: r.theme,
        still: r.still,
    };
    let svg = catalog
        .strokes()
        .iter()
        .find(|s| s.id.as_str() == r.stroke)
        .and_then(|s| drawing::svg(s, catalog.drawings(), r.position, r.lang.id(), look));
    let Some(svg) = svg else {
        return (StatusCode::NOT_FOUND, "no such drawing").into_response();
    };
    let mut res = answer(
        svg.into_bytes(),
        "image/svg+xml; charset=utf-8",
        if current {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        },
    );
    if let Ok(csp) = HeaderValue::from_str(&drawing_csp(look)) {
        res.headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn drawing_addresses_read_back() {
        let r = DrawingRef::new(
            "resting_hands",
            Some(Position::OnTummy),
            Lang::Es,
            "dark",
            true,
        );
        let url = r.url();
        let name = url.strip_prefix("/assets/drawings/").expect("prefix");
        assert_eq!(DrawingRef::parse(name), Some((r, true)));
        let plain = DrawingRef::parse("water_wheel.svg").expect("plain");
        assert_eq!(
            (plain.0.lang, plain.0.theme, plain.0.still, plain.1),
            (Lang::En, Theme::Auto, false, false)
        );
        for bad in [
            "water_wheel",
            "Water.svg",
            "water_wheel.xx.auto.move.svg",
            "water_wheel.en.pink.move.svg",
            "water_wheel.en.auto.run.svg",
            "../x.svg",
            "a.en.auto.move.v.w.svg",
        ] {
            assert_eq!(DrawingRef::parse(bad), None, "{bad}");
        }
    }
}
