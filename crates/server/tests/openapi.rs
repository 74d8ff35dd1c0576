//! The OpenAPI document is generated from the handlers; any change must be reviewed
//! (`cargo insta review`) before it lands.

#![allow(clippy::unwrap_used, missing_docs)]

#[test]
fn the_openapi_document_is_reviewed() {
    let doc = serde_json::to_value(soothe_server::openapi()).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    insta::assert_json_snapshot!("openapi", doc);
}

#[test]
fn every_api_path_is_documented() {
    let doc = soothe_server::openapi();
    let paths: Vec<&String> = doc.paths.paths.keys().collect();
    for expected in [
        "/api/v1/auth/token",
        "/api/v1/babies",
        "/api/v1/babies/{id}",
        "/api/v1/babies/{id}/events",
        "/api/v1/events/{id}",
        "/api/v1/babies/{id}/readiness",
        "/api/v1/babies/{id}/plan",
        "/api/v1/babies/{id}/sessions",
        "/api/v1/babies/{id}/today",
        "/api/v1/household",
        "/api/v1/household/members",
        "/api/v1/household/invitations",
        "/api/v1/invitations/accept",
        "/api/v1/catalog/routines",
        "/api/v1/catalog/evidence",
    ] {
        assert!(
            paths.iter().any(|p| p.as_str() == expected),
            "{expected} missing from {paths:?}"
        );
    }
}
