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

#[test]
fn an_event_is_one_object_per_kind_told_apart_by_kind() {
    use soothe_core::journal::{EventData, EventKind};
    let doc = serde_json::to_value(soothe_server::openapi()).unwrap();
    let schemas = &doc["components"]["schemas"];
    let event = &schemas["Event"];
    assert_eq!(
        event["oneOf"].as_array().unwrap().len(),
        EventKind::ALL.len()
    );
    assert_eq!(event["discriminator"]["propertyName"], "kind");
    for kind in EventKind::ALL {
        let target = event["discriminator"]["mapping"][kind.id()]
            .as_str()
            .unwrap();
        let s = &schemas[target.rsplit('/').next().unwrap()];
        assert_eq!(
            s["properties"]["kind"]["enum"],
            serde_json::json!([kind.id()])
        );
        let (required, optional) = EventData::fields_of(*kind);
        let mut want = vec!["kind"];
        want.extend(required);
        assert_eq!(s["required"], serde_json::json!(want), "{kind}");
        for f in required.iter().chain(optional) {
            assert!(s["properties"][f].is_object(), "{kind}: {f}");
        }
        assert_eq!(s["additionalProperties"], false, "{kind}");
    }
    assert_eq!(
        schemas["FeedingEvent"]["properties"]["amount_ml"]["maximum"],
        1000
    );
    assert_eq!(
        schemas["VaccinationEvent"]["properties"]["sites"]["minItems"],
        1
    );
    let events = &doc["paths"]["/api/v1/babies/{id}/events"];
    assert_eq!(
        events["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Event"
    );
    assert_eq!(
        events["post"]["responses"]["201"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Event"
    );
}
