//! The household's data to take away (issue 17): the export document and the CSV files, as
//! downloads from the household page (owners), streamed as the API streams them.

use axum::extract::State;

use super::PageResult;
use super::auth::Member;
use crate::AppState;
use crate::api::export::{download, download_name};

/// `GET /household/export`: the export document.
pub(crate) async fn export_json(State(state): State<AppState>, m: Member) -> PageResult {
    let export = state.app.export(m.scope()).await?;
    let file = download_name(&state, m.scope(), "json").await?;
    Ok(download(export, "application/json", &file))
}

/// `GET /household/export/csv`: the CSV files in a zip.
pub(crate) async fn export_csv(State(state): State<AppState>, m: Member) -> PageResult {
    let export = state.app.export_csv(m.scope()).await?;
    let file = download_name(&state, m.scope(), "zip").await?;
    Ok(download(export, "application/zip", &file))
}
