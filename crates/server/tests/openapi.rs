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
        "/api/v1/babies/{id}/growth",
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

/// Every place in `v` whose schema is an object with nothing said about its fields.
fn bare_objects(v: &serde_json::Value, path: &str, found: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            let bare = map.get("type").and_then(|t| t.as_str()) == Some("object")
                && [
                    "properties",
                    "additionalProperties",
                    "oneOf",
                    "allOf",
                    "anyOf",
                ]
                .iter()
                .all(|k| !map.contains_key(*k));
            if bare {
                found.push(path.to_owned());
            }
            for (k, x) in map {
                bare_objects(x, &format!("{path}/{k}"), found);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                bare_objects(x, &format!("{path}[{i}]"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn every_payload_is_typed() {
    let doc = serde_json::to_value(soothe_server::openapi()).unwrap();
    let mut found = Vec::new();
    bare_objects(&doc, "", &mut found);
    assert!(found.is_empty(), "payloads without a schema: {found:#?}");
}

#[test]
fn path_parameters_say_what_they_are() {
    let doc = serde_json::to_value(soothe_server::openapi()).unwrap();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for p in op["parameters"].as_array().into_iter().flatten() {
                if p["in"] != "path" {
                    continue;
                }
                let schema = &p["schema"];
                match (p["name"].as_str().unwrap(), path.as_str()) {
                    ("id", "/api/v1/catalog/routines/{id}") => {
                        assert_eq!(schema["pattern"], "^[a-z0-9_-]{1,64}$");
                    }
                    ("id" | "eid", _) => {
                        assert_eq!(schema["format"], "uuid", "{method} {path}");
                    }
                    ("file", "/api/v1/calendar/{file}") => {
                        assert_eq!(schema["pattern"], r"^sootheics_[0-9a-f]{64}\.ics$");
                    }
                    ("user_id", _) => {
                        assert_eq!(schema["type"], "integer", "{method} {path}");
                        assert_eq!(schema["format"], "int64", "{method} {path}");
                        assert_eq!(schema["minimum"], 1, "{method} {path}");
                    }
                    (other, _) => panic!("{method} {path}: undescribed path parameter {other}"),
                }
            }
        }
    }
}

#[test]
fn roles_and_vocabularies_are_enums() {
    let doc = serde_json::to_value(soothe_server::openapi()).unwrap();
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["MemberRole"]["enum"],
        serde_json::json!(["viewer", "caregiver", "owner"])
    );
    assert_eq!(
        schemas["Verdict"]["enum"],
        serde_json::json!([
            "ready",
            "not_now",
            "wait",
            "ask_clinician",
            "not_today",
            "seek_care"
        ])
    );
    // A vocabulary's values are its ids, as the JSON carries them.
    assert!(
        schemas["BodyArea"]["enum"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("left_leg"))
    );
    for dto in [
        "HouseholdView",
        "MemberView",
        "NewToken",
        "InvitationView",
        "Joined",
    ] {
        assert_eq!(
            schemas[dto]["properties"]["role"]["$ref"], "#/components/schemas/MemberRole",
            "{dto}"
        );
    }
    // Single-line text refuses control characters; a note may hold line breaks.
    let name = &schemas["Baby"]["properties"]["name"];
    assert_eq!(name["maxLength"], 100);
    assert!(name["pattern"].as_str().unwrap().contains(r"\u0000-\u001F"));
}
