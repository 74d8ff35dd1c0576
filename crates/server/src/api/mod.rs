//! The `/api/v1` handlers and the OpenAPI document they make.

#[allow(unused_qualifications)]
pub(crate) mod babies;
pub(crate) mod calendar;
mod catalog;
#[allow(unused_qualifications)]
mod channels;
// utoipa's IntoParams expansion names types with full paths.
#[allow(unused_qualifications)]
pub(crate) mod events;
pub(crate) mod export;
mod fhir;
mod growth;
#[allow(unused_qualifications)]
pub(crate) mod household;
#[allow(unused_qualifications)]
mod insights;
#[allow(unused_qualifications)]
mod notifications;
mod practice;
#[allow(unused_qualifications)]
pub(crate) mod readiness;
#[allow(unused_qualifications)]
mod rhythm;
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
    components(schemas(Problem, FieldProblem, MemberRole)),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    tags(
        (name = "auth", description = "Tokens"),
        (name = "babies", description = "Babies and their profiles"),
        (name = "journal", description = "Events"),
        (name = "massage", description = "Readiness, plans, session records and today"),
        (name = "household", description = "Members, roles and invitations"),
        (name = "catalog", description = "Routines, strokes, cues, oils and graded evidence"),
        (name = "rhythm", description = "A baby's daily rhythm, the suggested time, good windows and the calendar feed"),
        (name = "reminders", description = "A member's channels and the household's notifications"),
        (name = "insights", description = "A baby's soothe days and massage days against other days, adjusted for age"),
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
            uuid_ids(path, item);
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

/// Declares a schema for one of the core's closed vocabularies: a string enum of its ids,
/// taken from the vocabulary itself so the document can not drift from the code.
macro_rules! vocab_schema {
    ($(#[$doc:meta])* $name:ident = $values:expr, $description:literal) => {
        $(#[$doc])*
        pub(crate) struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .description(Some($description))
                    .enum_values(Some($values))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
        }
    };
}
pub(crate) use vocab_schema;

vocab_schema!(
    /// A member's role.
    MemberRole = ["viewer", "caregiver", "owner"],
    "A member's role: `owner` (everything), `caregiver` (babies and the journal) or `viewer` (reads)."
);

/// Every `{id}` in a path is a UUID (babies, events, tokens, invitations), unless its
/// operation says otherwise (a catalog routine's id has a pattern of its own).
fn uuid_ids(path: &str, item: &mut utoipa::openapi::PathItem) {
    use utoipa::openapi::schema::{KnownFormat, Schema, SchemaFormat, Type};
    if !path.contains("{id}") {
        return;
    }
    let ops = [
        item.get.as_mut(),
        item.post.as_mut(),
        item.put.as_mut(),
        item.patch.as_mut(),
        item.delete.as_mut(),
    ];
    for op in ops.into_iter().flatten() {
        for p in op.parameters.iter_mut().flatten() {
            let utoipa::openapi::RefOr::T(p) = p else {
                continue;
            };
            if p.name != "id" || p.parameter_in != utoipa::openapi::path::ParameterIn::Path {
                continue;
            }
            if let Some(utoipa::openapi::RefOr::T(Schema::Object(o))) = p.schema.as_mut()
                && o.format.is_none()
                && o.pattern.is_none()
                && o.schema_type == Type::String.into()
            {
                o.format = Some(SchemaFormat::KnownFormat(KnownFormat::Uuid));
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
        .routes(routes!(growth::growth))
        .routes(routes!(fhir::bundle))
        .routes(routes!(export::export_json))
        .routes(routes!(export::export_csv))
        .routes(routes!(export::import))
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
        .routes(routes!(practice::practised, practice::record_practice))
        .routes(routes!(
            household::get_household,
            household::update_household,
            household::delete_household
        ))
        .routes(routes!(household::delete_account))
        .routes(routes!(settings::get_settings, settings::put_settings))
        .routes(routes!(
            settings::get_babybuddy_api,
            settings::put_babybuddy_api
        ))
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
        .routes(routes!(
            rhythm::get_rhythm,
            rhythm::put_rhythm,
            rhythm::delete_rhythm
        ))
        .routes(routes!(rhythm::suggestion))
        .routes(routes!(rhythm::windows))
        .routes(routes!(insights::days))
        .routes(routes!(insights::insights))
        .routes(routes!(
            insights::start_experiment,
            insights::list_experiments
        ))
        .routes(routes!(insights::get_experiment))
        .routes(routes!(insights::stop_experiment))
        .routes(routes!(calendar::create_feed))
        .routes(routes!(calendar::list_feeds))
        .routes(routes!(calendar::revoke_feed))
        .routes(routes!(calendar::feed))
        .routes(routes!(channels::list_channels, channels::add_channel))
        .routes(routes!(channels::delete_channel))
        .routes(routes!(channels::test_channel))
        .routes(routes!(notifications::list_notifications))
        .routes(routes!(notifications::mark_seen))
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
