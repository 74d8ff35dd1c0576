//! The family's data is the family's (issue 17): the household as a JSON document or CSV
//! files in a zip, streamed as they are read; and the import of such a document.

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse as _, Response};
use futures_util::StreamExt as _;
use soothe_app::{CsvExport, HouseholdExport, ImportInto, ImportReport};

use crate::AppState;
use crate::extract::Caller;
use crate::problem::{ApiResult, Problem};

/// The largest document an import takes: more than ten years of a busy journal for two
/// babies (about 4.6 MB a year), and small enough that reading one stays well under the
/// memory of a small server.
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;

/// A file name for a download: the household's name in letters, digits and dashes, and
/// the day.
fn file_name(household: &str, day: jiff::civil::Date, ext: &str) -> String {
    let mut name: String = household
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    name = name
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if name.is_empty() {
        name = "household".into();
    }
    format!("soothe-{name}-{day}.{ext}")
}

/// Something that hands out a download a part at a time.
pub(crate) trait Chunks: Send + 'static {
    fn next(&mut self) -> impl Future<Output = soothe_app::Result<Option<Vec<u8>>>> + Send;
}

impl Chunks for HouseholdExport {
    async fn next(&mut self) -> soothe_app::Result<Option<Vec<u8>>> {
        self.next_chunk().await
    }
}

impl Chunks for CsvExport {
    async fn next(&mut self) -> soothe_app::Result<Option<Vec<u8>>> {
        self.next_chunk().await
    }
}

/// A response whose body is read from `chunks` as the client takes it. A failure half-way
/// ends the body early (logged): the client sees a cut download, never a false whole.
pub(crate) fn download<C: Chunks>(chunks: C, content_type: &str, file: &str) -> Response {
    // Fused: a layer (compression) may poll again after the end, which `unfold` refuses.
    let stream = futures_util::stream::unfold(Some(chunks), |state| async move {
        let mut chunks = state?;
        match chunks.next().await {
            Ok(Some(bytes)) => Some((Ok::<_, std::io::Error>(Bytes::from(bytes)), Some(chunks))),
            Ok(None) => None,
            Err(e) => {
                tracing::error!(error = %e, "export failed part-way");
                Some((Err(std::io::Error::other("export failed")), None))
            }
        }
    })
    .fuse();
    (
        [
            (CONTENT_TYPE, content_type.to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}

/// The day and the household's name for a download's file name.
pub(crate) async fn download_name(
    state: &AppState,
    scope: &soothe_store::Scope,
    ext: &str,
) -> ApiResult<String> {
    let household = state.app.household(scope).await?;
    let day = state.app.local_now(scope).date();
    Ok(file_name(&household.name, day, ext))
}

/// The whole household as one JSON document (owners): babies, every event, members (no
/// secrets), settings, rhythms and experiments. Its shape is `docs/export.schema.json`.
#[utoipa::path(get, path = "/household/export", tag = "household",
    responses((status = 200, content_type = "application/json", body = serde_json::Value,
        description = "The export document (docs/export.schema.json), as an attachment"),
        (status = 403, body = Problem)))]
pub async fn export_json(
    State(state): State<AppState>,
    Caller(scope): Caller,
) -> ApiResult<Response> {
    let export = state.app.export(&scope).await?;
    let file = download_name(&state, &scope, "json").await?;
    Ok(download(export, "application/json", &file))
}

/// The whole household as CSV files in a zip (owners): members.csv, babies.csv and one
/// file per kind of event, for spreadsheets.
#[utoipa::path(get, path = "/household/export/csv", tag = "household",
    responses((status = 200, content_type = "application/zip", body = Vec<u8>,
        description = "A zip of CSV files, as an attachment"),
        (status = 403, body = Problem)))]
pub async fn export_csv(
    State(state): State<AppState>,
    Caller(scope): Caller,
) -> ApiResult<Response> {
    let export = state.app.export_csv(&scope).await?;
    let file = download_name(&state, &scope, "zip").await?;
    Ok(download(export, "application/zip", &file))
}

/// Imports an export document into the caller's household (owners), which must hold no
/// other babies: all of it or nothing. Ids and times are kept; rows already stored exactly
/// so are left alone, so importing the same document twice stores nothing new. The
/// document's members are matched to the household's by email (no one is added).
#[utoipa::path(post, path = "/household/import", tag = "household",
    request_body(content = serde_json::Value, content_type = "application/json",
        description = "An export document (docs/export.schema.json)"),
    responses((status = 200, body = ImportReportDoc, description = "What was stored"),
        (status = 403, body = Problem), (status = 409, body = Problem),
        (status = 413, body = Problem), (status = 422, body = Problem)))]
pub async fn import(
    State(state): State<AppState>,
    Caller(scope): Caller,
    headers: axum::http::HeaderMap,
    body: Body,
) -> ApiResult<Json<ImportReport>> {
    let json = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !json {
        return Err(Problem::refusal(
            axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "problem-media-type",
            Vec::new(),
        ));
    }
    let bytes = axum::body::to_bytes(body, MAX_IMPORT_BYTES)
        .await
        .map_err(|_| {
            Problem::refusal(
                axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                "too-large",
                "problem-too-large",
                vec![(
                    "max",
                    i64::try_from(MAX_IMPORT_BYTES).unwrap_or(i64::MAX).into(),
                )],
            )
        })?;
    Ok(Json(
        state
            .app
            .import(ImportInto::Household(&scope), &bytes)
            .await?,
    ))
}

/// What an import stored.
#[derive(utoipa::ToSchema)]
#[schema(as = ImportReport)]
#[allow(dead_code)] // A schema only: the response is `soothe_app::ImportReport`.
pub struct ImportReportDoc {
    /// The household's id.
    household: i64,
    /// Per kind of row (`babies`, `events`, `rhythms`, `experiments`, `members`).
    rows: std::collections::BTreeMap<String, ImportCountDoc>,
    /// Accounts made by the import (none through the API).
    accounts_made: Vec<String>,
    /// Members of the document who are not members here.
    members_not_here: Vec<String>,
}

/// Rows stored now and rows already there.
#[derive(utoipa::ToSchema)]
#[schema(as = ImportCount)]
#[allow(dead_code)] // A schema only.
pub struct ImportCountDoc {
    new: u64,
    unchanged: u64,
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn a_download_is_named_after_the_household_in_plain_letters() {
        let day = jiff::civil::date(2026, 11, 28);
        assert_eq!(
            file_name("The Bennetts", day, "json"),
            "soothe-the-bennetts-2026-11-28.json"
        );
        assert_eq!(
            file_name("Émile & Zoë!", day, "zip"),
            "soothe-mile-zo-2026-11-28.zip"
        );
        assert_eq!(
            file_name("日本", day, "json"),
            "soothe-household-2026-11-28.json"
        );
    }
}
