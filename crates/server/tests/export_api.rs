//! The household's data through the API (issue 17): `GET /api/v1/household/export` (the
//! JSON document, streamed as an attachment), `GET /api/v1/household/export/csv` (the CSV
//! files in a zip) and `POST /api/v1/household/import` (into the caller's empty household:
//! all or nothing, a second time nothing new, refusals by row and field). Owners only.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::io::Read as _;

use common::{TestApp, minutes_from_now};
use jiff::Timestamp;
use reqwest::StatusCode;
use serde_json::{Value, json};
use soothe_store::Role;

/// A caregiver's token in the household of `owner_email`.
async fn caregiver(app: &TestApp, owner_email: &str, email: &str) -> String {
    let owner = app.store.user_by_email(owner_email).await.unwrap().unwrap();
    let household = app.store.memberships(owner.id).await.unwrap()[0].0.id;
    let user = app
        .store
        .create_user(
            email,
            "Sam",
            "a long enough password".into(),
            Timestamp::now(),
        )
        .await
        .unwrap();
    let mut tx = app.store.begin().await.unwrap();
    tx.add_member(user.id, household, Role::Caregiver, Timestamp::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let (_, secret) = app
        .store
        .create_token(user.id, household, "test", Timestamp::now())
        .await
        .unwrap();
    secret.expose().to_owned()
}

async fn import(
    app: &TestApp,
    token: &str,
    body: &[u8],
    content_type: &str,
) -> (StatusCode, Value) {
    let r = app
        .client
        .post(format!("{}/api/v1/household/import", app.base))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_household_goes_out_as_json_and_csv_and_comes_back_in_once() {
    let app = TestApp::start().await;
    let owner = app.household("export@example.org", "Europe/Madrid").await;
    let carer = caregiver(&app, "export@example.org", "sam@example.org").await;
    let baby = app
        .baby(
            &owner,
            json!({"name": "Léa", "born": "2026-09-01", "sex": "female"}),
        )
        .await;
    let events = format!("/api/v1/babies/{baby}/events");
    let mut ids = Vec::new();
    for (token, body) in [
        (
            &owner,
            json!({"kind": "feeding", "start": minutes_from_now(-300), "end": minutes_from_now(-280), "method": "bottle", "amount_ml": 120}),
        ),
        (
            &carer,
            json!({"kind": "nappy", "at": minutes_from_now(-200), "contents": "both"}),
        ),
        (
            &owner,
            json!({"kind": "note", "at": minutes_from_now(-100), "text": "« Première » sieste, 😺\nnew line, \"quotes\", commas"}),
        ),
    ] {
        let r = app.post(&events, token, body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        ids.push(r.body["id"].as_str().unwrap().to_owned());
    }

    // The document, as an attachment named after the household and the day.
    let r = app
        .client
        .get(format!("{}/api/v1/household/export", app.base))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"soothe-export-example-org-s-home-")
            && disposition.ends_with(".json\""),
        "{disposition}"
    );
    let text = r.bytes().await.unwrap();
    let doc: Value = serde_json::from_slice(&text).unwrap();
    assert_eq!(doc["format"], "soothe-household");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["household"]["time_zone"], "Europe/Madrid");
    assert_eq!(doc["household"]["settings"]["feed_gap_minutes"], 45);
    let members: Vec<&str> = doc["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["email"].as_str().unwrap())
        .collect();
    assert_eq!(members, ["export@example.org", "sam@example.org"]);
    assert!(
        !String::from_utf8_lossy(&text).contains("password"),
        "no secrets"
    );
    let got: Vec<&str> = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(got, ids, "every event, oldest first");
    assert_eq!(doc["events"][1]["logged_by"], "sam@example.org");
    assert_eq!(doc["events"][0]["amount_ml"], 120);
    assert!(
        doc["events"][0]["start"]
            .as_str()
            .unwrap()
            .ends_with("+01:00"),
        "with the household's offset: {}",
        doc["events"][0]["start"]
    );

    // Compressed for a browser, to the end (the stream is not read past its end).
    for path in ["/api/v1/household/export", "/api/v1/household/export/csv"] {
        let r = app
            .client
            .get(format!("{}{path}", app.base))
            .bearer_auth(&owner)
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["content-encoding"], "gzip", "{path}");
        let body = r.bytes().await.unwrap();
        assert_eq!(&body[..2], &[0x1f, 0x8b], "{path}: a whole gzip stream");
    }

    // The CSV files: one per kind, the note's text whole (quotes, commas, a new line).
    let r = app
        .client
        .get(format!("{}/api/v1/household/export/csv", app.base))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/zip");
    let bytes = r.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut csv = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let feeding = csv("feeding.csv");
    let mut lines = feeding.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,baby,logged_by,created,updated,kind,start,end,method,amount_ml,note"
    );
    assert!(
        lines.next().unwrap().contains(",export@example.org,"),
        "{feeding}"
    );
    assert!(
        csv("note.csv").contains("\"« Première » sieste, 😺\nnew line, \"\"quotes\"\", commas\"")
    );
    assert!(csv("members.csv").contains("sam@example.org,Sam,caregiver,"));
    assert_eq!(
        csv("sleep.csv").lines().count(),
        1,
        "a header alone when none is logged"
    );

    // Owners only.
    for path in ["/api/v1/household/export", "/api/v1/household/export/csv"] {
        let r = app.get(path, &carer).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}: {:?}", r.body);
    }
    let (status, _) = import(&app, &carer, &text, "application/json").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // On this server the baby is this household's: another household cannot take it.
    let neighbour = app
        .household("neighbour@example.org", "Europe/Madrid")
        .await;
    let (status, problem) = import(&app, &neighbour, &text, "application/json").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "babies[0].id");
    assert_eq!(problem["errors"][0]["code"], "import-taken");
    assert_eq!(
        app.get("/api/v1/babies", &neighbour).await.body,
        json!({"babies": []})
    );

    // Moved to another soothe, into an empty household: all of it, with the same ids and
    // times; the document's members are not members there, so their events name no one.
    let there = TestApp::start().await;
    let other = there.household("move@example.org", "Europe/Madrid").await;
    let (status, report) = import(&there, &other, &text, "application/json").await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["rows"]["events"], json!({"new": 3, "unchanged": 0}));
    assert_eq!(report["rows"]["babies"], json!({"new": 1, "unchanged": 0}));
    assert_eq!(
        report["members_not_here"],
        json!(["export@example.org", "sam@example.org"])
    );
    let r = there.get("/api/v1/household/export", &other).await;
    assert_eq!(r.body["events"], {
        let mut e = doc["events"].clone();
        for x in e.as_array_mut().unwrap() {
            x.as_object_mut().unwrap().remove("logged_by");
        }
        e
    });
    assert_eq!(r.body["babies"], doc["babies"]);
    assert_eq!(r.body["household"], doc["household"]);
    // The same document again: nothing new.
    let (status, report) = import(&there, &other, &text, "application/json").await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["rows"]["events"], json!({"new": 0, "unchanged": 3}));
    // A document whose note was changed since, with a new entry after it: the changed row is
    // refused by id and the new one is not stored either (all or nothing).
    let mut changed: Value = serde_json::from_slice(&text).unwrap();
    changed["events"][2]["text"] = json!("edited later");
    let mut extra = changed["events"][1].clone();
    let extra_id = "0b0e1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";
    extra["id"] = json!(extra_id);
    changed["events"].as_array_mut().unwrap().push(extra);
    let (status, problem) = import(
        &there,
        &other,
        &serde_json::to_vec(&changed).unwrap(),
        "application/json",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "events[2].id");
    assert_eq!(problem["errors"][0]["code"], "import-differs");
    let r = there
        .get(&format!("/api/v1/events/{extra_id}"), &other)
        .await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "nothing of a refused import is stored"
    );
    let r = there
        .get(&format!("/api/v1/events/{}", ids[2]), &other)
        .await;
    assert_ne!(r.body["text"], "edited later");

    // A household that holds a baby of its own takes no import.
    let third = app.household("full@example.org", "Europe/Madrid").await;
    app.baby(&third, json!({"name": "Noé", "born": "2026-08-29"}))
        .await;
    let (status, problem) = import(&app, &third, &text, "application/json").await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert_eq!(problem["code"], "import-not-empty");
}

#[tokio::test]
async fn a_bad_import_is_refused_by_row_and_field_and_stores_nothing() {
    let app = TestApp::start().await;
    let owner = app.household("bad@example.org", "Europe/Paris").await;
    let baby = app
        .baby(&owner, json!({"name": "Léa", "born": "2026-09-01"}))
        .await;
    for i in 0..3 {
        let r = app
            .post(
                &format!("/api/v1/babies/{baby}/events"),
                &owner,
                json!({"kind": "nappy", "at": minutes_from_now(-100 + i), "contents": "wet"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let mut doc = app.get("/api/v1/household/export", &owner).await.body;
    doc["events"][1]["at"] = json!("2099-01-01T00:00:00+01:00");
    doc["events"][2]["contents"] = json!("purple");
    doc["babies"][0]["name"] = json!(" ");
    let target = app.household("target@example.org", "Europe/Paris").await;
    let (status, problem) = import(
        &app,
        &target,
        &serde_json::to_vec(&doc).unwrap(),
        "application/json",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"babies[0].name"), "{problem}");
    assert!(
        fields.iter().any(|f| f.starts_with("events[1].")),
        "{problem}"
    );
    assert!(fields.contains(&"events[2]"), "{problem}");
    assert!(
        !fields.iter().any(|f| f.starts_with("events[0]")),
        "{problem}"
    );
    let r = app.get("/api/v1/babies", &target).await;
    assert_eq!(r.body, json!({"babies": []}), "nothing stored");

    // Not JSON, not an export, a newer version.
    let (status, _) = import(&app, &target, b"{}", "text/plain").await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let (status, problem) = import(&app, &target, b"{\"format\": 1", "application/json").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    let (status, problem) = import(&app, &target, b"[1, 2]", "application/json").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    doc["version"] = json!(2);
    let (status, problem) = import(
        &app,
        &target,
        &serde_json::to_vec(&doc).unwrap(),
        "application/json",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "version");
    assert_eq!(problem["errors"][0]["code"], "export-version");
}
