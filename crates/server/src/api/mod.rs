//! The `/api/v1` handlers and the OpenAPI document they make.

pub(crate) mod babies;
mod catalog;
// utoipa's IntoParams expansion names types with full paths.
#[allow(unused_qualifications)]
pub(crate) mod events;
pub(crate) mod household;
#[allow(unused_qualifications)]
pub(crate) mod readiness;
mod settings;
mod tokens;

use utoipa::OpenApi;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::problem::{FieldProblem, Problem};

/// The OpenAPI document's fixed parts; paths come from the handlers.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "soothe API",
        description = "The journal of a household's babies, the readiness check and guided-session plans. \
                       Every request but sign-in needs `Authorization: Bearer <token>`. Errors are RFC 9457 \
                       problem details. Field names and values are those of `soothe check` (docs/CLI.md); \
                       docs/API.md describes each payload.",
        license(name = "AGPL-3.0-or-later")
    ),
    components(schemas(Problem, FieldProblem)),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    tags(
        (name = "auth", description = "Tokens"),
        (name = "babies", description = "Babies and their profiles"),
        (name = "journal", description = "Events"),
        (name = "massage", description = "Readiness, plans, session records and today"),
        (name = "household", description = "Members, roles and invitations"),
        (name = "catalog", description = "Routines, strokes, cues, oils and graded evidence"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// Every operation's refusals, said once: they are `application/problem+json` with the
/// [`Problem`] schema, and each operation lists the statuses the shared extractors and
/// middleware can answer on top of its own: 401 (no or a bad token), 422 (a control
/// character in the path or query, a bad query or body), 404 (an id in the path that is not
/// the caller's household's), 403 (a web session's write without its CSRF token), and for a
/// body 413 (too large) and 415 (not JSON).
pub(crate) struct Answers;

impl utoipa::Modify for Answers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{Content, Ref, RefOr, ResponseBuilder};
        let problem = || Content::new(Some(Ref::from_schema_name("Problem")));
        for (path, item) in &mut openapi.paths.paths {
            let with_id = path.contains('{');
            for (write, op) in [
                (false, item.get.as_mut()),
                (true, item.post.as_mut()),
                (true, item.put.as_mut()),
                (true, item.patch.as_mut()),
                (true, item.delete.as_mut()),
            ] {
                let Some(op) = op else { continue };
                let mut statuses = vec![401, 422];
                if with_id {
                    statuses.push(404);
                }
                if write {
                    statuses.push(403);
                }
                if op.request_body.is_some() {
                    statuses.extend([413, 415]);
                }
                let answers = &mut op.responses.responses;
                for status in statuses {
                    answers.entry(status.to_string()).or_insert_with(|| {
                        let reason = axum::http::StatusCode::from_u16(status)
                            .ok()
                            .and_then(|s| s.canonical_reason())
                            .unwrap_or("Refused");
                        RefOr::T(ResponseBuilder::new().description(reason).build())
                    });
                }
                for (status, answer) in answers.iter_mut() {
                    if status.as_str() < "400" {
                        continue;
                    }
                    if let RefOr::T(answer) = answer {
                        answer.content.clear();
                        answer
                            .content
                            .insert("application/problem+json".into(), problem().into());
                    }
                }
            }
        }
    }
}

/// Every `/api/v1` route.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(tokens::sign_in))
        .routes(routes!(tokens::list_tokens))
        .routes(routes!(tokens::revoke_token))
        .routes(routes!(babies::list_babies, babies::create_baby))
        .routes(routes!(
            babies::get_baby,
            babies::update_baby,
            babies::delete_baby
        ))
        .routes(routes!(events::list_events, events::create_event))
        .routes(routes!(
            events::get_event,
            events::update_event,
            events::delete_event
        ))
        .routes(routes!(readiness::readiness))
        .routes(routes!(readiness::plan))
        .routes(routes!(readiness::store_session))
        .routes(routes!(readiness::today))
        .routes(routes!(
            household::get_household,
            household::update_household
        ))
        .routes(routes!(settings::get_settings, settings::put_settings))
        .routes(routes!(household::members))
        .routes(routes!(household::set_role, household::remove_member))
        .routes(routes!(household::leave))
        .routes(routes!(
            household::list_invitations,
            household::create_invitation
        ))
        .routes(routes!(household::revoke_invitation))
        .routes(routes!(household::accept_invitation))
        .routes(routes!(catalog::routines))
        .routes(routes!(catalog::routine))
        .routes(routes!(catalog::strokes))
        .routes(routes!(catalog::cues))
        .routes(routes!(catalog::oils))
        .routes(routes!(catalog::evidence))
}

/// A `Location` header for a created resource, e.g. `/api/v1/events/{id}`.
pub(crate) fn location(collection: &str, id: Option<&str>) -> axum::http::HeaderMap {
    let mut headers = axum::http::HeaderMap::new();
    if let Some(id) = id
        && let Ok(v) = axum::http::HeaderValue::from_str(&format!("/api/v1/{collection}/{id}"))
    {
        headers.insert(axum::http::header::LOCATION, v);
    }
    headers
}
