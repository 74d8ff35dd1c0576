//! A baby's journal for the doctor as FHIR R4 (issue 17).

use axum::extract::{Path, State};
use axum::response::{IntoResponse as _, Response};

use std::collections::BTreeMap;

use utoipa::ToSchema;

use crate::AppState;
use crate::extract::Caller;
use crate::problem::{ApiResult, Problem};

/// A FHIR R4 `Bundle` as soothe writes it (the schema FHIR publishes describes it whole).
#[derive(ToSchema)]
#[schema(as = FhirBundle)]
#[allow(non_snake_case, dead_code)] // FHIR's own field names; a schema only.
pub struct FhirBundleDoc {
    /// Always `Bundle`.
    #[schema(example = "Bundle")]
    resourceType: String,
    /// Always `collection`.
    #[schema(example = "collection")]
    r#type: String,
    /// When it was made (RFC 3339).
    #[schema(format = DateTime)]
    timestamp: String,
    /// The Patient first, then the Observations and Procedures in time order.
    entry: Vec<FhirEntryDoc>,
}

/// One entry of the bundle.
#[derive(ToSchema)]
#[schema(as = FhirEntry)]
#[allow(non_snake_case, dead_code)] // FHIR's own field names; a schema only.
pub struct FhirEntryDoc {
    /// `urn:uuid:` and the resource's id.
    fullUrl: String,
    /// A `Patient`, an `Observation` or a `Procedure` (FHIR R4).
    #[schema(additional_properties)]
    resource: BTreeMap<String, serde_json::Value>,
}

/// A baby's journal as a FHIR R4 (4.0.1) `Bundle` of type `collection` (every member), as
/// `application/fhir+json`: the baby as a `Patient` (`birthDate`, `gender`, the name), the
/// weights, lengths, head circumferences, temperatures and finished sleeps as
/// `Observation`s with LOINC codes (29463-7, 8306-3, 9843-4, 8310-5, 93832-4) and UCUM units
/// (`kg`, `cm`, `Cel`, `h`), and the finished massages as `Procedure`s coded in
/// `urn:soothe:massage-routine` (the routine's id). Each resource's id is the soothe id it
/// comes from; references are `urn:uuid:` full URLs inside the bundle.
#[utoipa::path(get, path = "/babies/{id}/fhir", tag = "babies",
    params(("id" = uuid::Uuid, Path, description = "The baby's id")),
    responses((status = 200, content_type = "application/fhir+json", body = FhirBundleDoc, description = "A FHIR R4 Bundle"),
        (status = 404, body = Problem)))]
pub async fn bundle(
    State(state): State<AppState>,
    Caller(scope): Caller,
    Path(baby): Path<String>,
) -> ApiResult<Response> {
    let bundle = state.app.fhir(&scope, &baby).await?;
    Ok((
        [(
            axum::http::header::CONTENT_TYPE,
            "application/fhir+json; charset=utf-8",
        )],
        bundle.to_string(),
    )
        .into_response())
}
