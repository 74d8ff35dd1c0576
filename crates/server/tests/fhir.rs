//! `GET /api/v1/babies/{id}/fhir` (issue 17): a baby's journal as a FHIR R4 `Bundle`, read as
//! JSON here (the Patient, every measurement with its LOINC code and UCUM unit in the
//! journal's units whatever it was entered in, finished sleeps and massages only, other kinds
//! left out, stable ids) and validated as a whole by the `fhir.resources` R4 models
//! (tests/checkers/check_fhir.py, pinned in tests/checkers/requirements.txt); a viewer reads
//! it, another household's baby is a 404.
//!
//! Without the checker's virtualenv the validation is skipped with a message, except under
//! `CI`, where .ci/run makes it in `target/checkers-venv` and a missing one is a failure.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;
#[path = "../../../tests/skipping.rs"]
mod skipping;

use std::path::PathBuf;
use std::process::Command;

use common::{TestApp, minutes_from_now};
use reqwest::StatusCode;
use serde_json::{Value, json};

use skipping::repo;

/// The checkers' Python, or `None` after saying so.
fn python() -> Option<PathBuf> {
    skipping::checkers_python("the FHIR bundle in Python's fhir.resources")
}

/// The resources of a bundle by type.
fn of_type<'a>(bundle: &'a Value, kind: &str) -> Vec<&'a Value> {
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == kind)
        .collect()
}

fn loinc(r: &Value) -> &str {
    r["code"]["coding"][0]["code"].as_str().unwrap()
}

#[tokio::test]
async fn a_babys_journal_as_a_fhir_r4_bundle() {
    let app = TestApp::start().await;
    let owner = app.household("fhir@example.org", "Europe/Madrid").await;
    let baby = app
        .baby(
            &owner,
            json!({"name": "Léa", "born": "2026-09-01T08:30:00+02:00", "sex": "female"}),
        )
        .await;
    let events = format!("/api/v1/babies/{baby}/events");
    let log = |body: Value| {
        let app = &app;
        let owner = owner.clone();
        let events = events.clone();
        async move {
            let r = app.post(&events, &owner, body.clone()).await;
            assert_eq!(r.status, StatusCode::CREATED, "{body}: {:?}", r.body);
            r.body["id"].as_str().unwrap().to_owned()
        }
    };
    let weight =
        log(json!({"kind": "weight", "at": minutes_from_now(-600), "value": 5120, "unit": "g"}))
            .await;
    log(json!({"kind": "weight", "at": minutes_from_now(-300), "value": 11.5, "unit": "lb"})).await;
    log(json!({"kind": "length", "at": minutes_from_now(-600), "value": 58.4, "unit": "cm"})).await;
    log(json!({"kind": "head", "at": minutes_from_now(-600), "value": 15.5, "unit": "in"})).await;
    log(json!({"kind": "temperature", "at": minutes_from_now(-500), "celsius": 37.2})).await;
    let sleep = log(
        json!({"kind": "sleep", "start": minutes_from_now(-480), "end": minutes_from_now(-390)}),
    )
    .await;
    // A sleep still going on and a feed are not in the bundle.
    log(json!({"kind": "sleep", "start": minutes_from_now(-30)})).await;
    log(json!({"kind": "feeding", "start": minutes_from_now(-200), "end": minutes_from_now(-180)}))
        .await;
    let massage = log(json!({"kind": "massage", "start": minutes_from_now(-120), "end": minutes_from_now(-105), "routine": "full-body"})).await;

    let r = app
        .get(&format!("/api/v1/babies/{baby}/fhir"), &owner)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert!(
        r.content_type.starts_with("application/fhir+json"),
        "{}",
        r.content_type
    );
    let b = &r.body;
    assert_eq!(
        (b["resourceType"].as_str(), b["type"].as_str()),
        (Some("Bundle"), Some("collection"))
    );

    let patients = of_type(b, "Patient");
    assert_eq!(patients.len(), 1);
    let p = patients[0];
    assert_eq!(p["id"], baby.as_str());
    assert_eq!(
        (p["gender"].as_str(), p["birthDate"].as_str()),
        (Some("female"), Some("2026-09-01"))
    );
    assert_eq!(p["name"][0]["text"], "Léa");
    let subject = format!("urn:uuid:{baby}");

    let obs = of_type(b, "Observation");
    let codes: Vec<&str> = obs.iter().map(|o| loinc(o)).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        [
            "29463-7", "29463-7", "8306-3", "8310-5", "93832-4", "9843-4"
        ],
        "{codes:?}"
    );
    for o in &obs {
        assert_eq!(o["subject"]["reference"], subject.as_str());
        assert_eq!(o["status"], "final");
        assert_eq!(o["valueQuantity"]["system"], "http://unitsofmeasure.org");
    }
    let value = |code: &str| -> Vec<(f64, String)> {
        obs.iter()
            .filter(|o| loinc(o) == code)
            .map(|o| {
                let q = &o["valueQuantity"];
                (
                    q["value"].as_f64().unwrap(),
                    q["code"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    // In the journal's units, whatever they were entered in: 5120 g, 11.5 lb, 15.5 in.
    assert_eq!(
        value("29463-7"),
        [(5.12, "kg".to_owned()), (5.216, "kg".to_owned())]
    );
    assert_eq!(value("8306-3"), [(58.4, "cm".to_owned())]);
    assert_eq!(value("9843-4"), [(39.4, "cm".to_owned())]);
    assert_eq!(value("8310-5"), [(37.2, "Cel".to_owned())]);
    assert_eq!(value("93832-4"), [(1.5, "h".to_owned())]);
    let first = obs.iter().find(|o| o["id"] == weight.as_str()).unwrap();
    assert_eq!(first["category"][0]["coding"][0]["code"], "vital-signs");
    // A FHIR dateTime to the second, with the offset it was logged in.
    let at = first["effectiveDateTime"].as_str().unwrap();
    assert!(
        at.parse::<jiff::Timestamp>().is_ok() && at.len() == 25,
        "{at}"
    );
    let slept = obs.iter().find(|o| o["id"] == sleep.as_str()).unwrap();
    assert!(
        slept["effectivePeriod"]["start"].is_string()
            && slept["effectivePeriod"]["end"].is_string()
    );

    let procedures = of_type(b, "Procedure");
    assert_eq!(procedures.len(), 1);
    let m = procedures[0];
    assert_eq!(m["id"], massage.as_str());
    assert_eq!(m["status"], "completed");
    assert_eq!(
        m["code"]["coding"][0]["system"],
        "urn:soothe:massage-routine"
    );
    assert_eq!(m["code"]["coding"][0]["code"], "full-body");
    assert_eq!(m["code"]["coding"][0]["display"], "Full-body massage");
    for e in b["entry"].as_array().unwrap() {
        assert_eq!(
            e["fullUrl"],
            format!("urn:uuid:{}", e["resource"]["id"].as_str().unwrap())
        );
    }
    // The same journal gives the same resources.
    let again = app
        .get(&format!("/api/v1/babies/{baby}/fhir"), &owner)
        .await;
    assert_eq!(again.body["entry"], b["entry"]);

    // Another household's baby is not found.
    let stranger = app.household("other@example.org", "Europe/Madrid").await;
    let r = app
        .get(&format!("/api/v1/babies/{baby}/fhir"), &stranger)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // The whole bundle in the FHIR R4 models, and the codes they leave open.
    let Some(python) = python() else { return };
    let path = std::env::temp_dir().join(format!("soothe-fhir-{}.json", uuid::Uuid::new_v4()));
    std::fs::write(&path, b.to_string()).unwrap();
    let out = Command::new(&python)
        .arg(repo().join("tests/checkers/check_fhir.py"))
        .arg(&path)
        .output()
        .expect("the checker runs");
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "fhir.resources refused the bundle:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        summary["resources"],
        json!({"Patient": 1, "Observation": 6, "Procedure": 1})
    );
    assert_eq!(summary["codes"]["29463-7"], 2);
    assert_eq!(summary["codes"]["massage:full-body"], 1);

    // The checker can fail: a bundle with a wrong unit is refused.
    let mut broken = b.clone();
    let entry = broken["entry"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["resource"]["id"] == weight.as_str())
        .unwrap();
    entry["resource"]["valueQuantity"]["code"] = json!("g");
    std::fs::write(&path, broken.to_string()).unwrap();
    let out = Command::new(&python)
        .arg(repo().join("tests/checkers/check_fhir.py"))
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("quantity"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
