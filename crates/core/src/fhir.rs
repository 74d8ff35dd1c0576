//! A baby's journal for the doctor as a FHIR R4 (4.0.1) `Bundle` of type `collection`: the
//! baby as a `Patient`; weights, lengths, head circumferences, temperatures and finished
//! sleeps as `Observation`s with their LOINC codes and UCUM units; finished massages as
//! `Procedure`s coded in soothe's own code system ([`MASSAGE_SYSTEM`], the routine's id).
//! Other kinds (feeds, nappies, crying, notes…) have no agreed code and are left out.
//!
//! Pure: the App reads the profile and the events and calls [`bundle`]. Every resource's id
//! is the soothe id it comes from and every entry's `fullUrl` is `urn:uuid:<id>`, so the
//! same journal always gives the same resources and a reference (`subject`) resolves inside
//! the bundle. The checker in `tests/checkers/check_fhir.py` validates the result with the
//! `fhir.resources` R4 models and checks the codes.

use jiff::Timestamp;
use serde_json::{Value, json};

use crate::journal::{BabyFields, Event, EventData, Sex, Unit, birth_date, to_metric};
use crate::time::LocalTime;

/// LOINC's system URI.
pub const LOINC: &str = "http://loinc.org";
/// UCUM's system URI.
pub const UCUM: &str = "http://unitsofmeasure.org";
/// FHIR's observation categories.
pub const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
/// soothe's code system for massages: the code is the routine's id (`massage` when a
/// massage was logged without one).
pub const MASSAGE_SYSTEM: &str = "urn:soothe:massage-routine";

/// What a measurement is, in LOINC and UCUM.
struct Measure {
    loinc: &'static str,
    display: &'static str,
    ucum: &'static str,
    vital_sign: bool,
}

const WEIGHT: Measure = Measure {
    loinc: "29463-7",
    display: "Body weight",
    ucum: "kg",
    vital_sign: true,
};
const LENGTH: Measure = Measure {
    loinc: "8306-3",
    display: "Body height --lying",
    ucum: "cm",
    vital_sign: true,
};
const HEAD: Measure = Measure {
    loinc: "9843-4",
    display: "Head Occipital-frontal circumference",
    ucum: "cm",
    vital_sign: true,
};
const TEMPERATURE: Measure = Measure {
    loinc: "8310-5",
    display: "Body temperature",
    ucum: "Cel",
    vital_sign: true,
};
const SLEEP: Measure = Measure {
    loinc: "93832-4",
    display: "Sleep duration",
    ucum: "h",
    vital_sign: false,
};

/// The bundle for `baby` (its `id` set) from `events` (any kinds, any order: they are put in
/// time order), made at `now`. `routine_name` names a routine by id (for a massage's
/// display), `None` for an unknown id.
pub fn bundle<'a>(
    baby: &BabyFields,
    events: impl IntoIterator<Item = &'a Event>,
    routine_name: impl Fn(&str) -> Option<String>,
    now: Timestamp,
) -> Value {
    let patient_id = baby.id.clone().unwrap_or_default();
    let subject = json!({"reference": full_url(&patient_id)});
    let mut entries = vec![entry(&patient_id, patient(baby, &patient_id))];
    let mut events: Vec<&Event> = events.into_iter().collect();
    events.sort_by_key(|e| (e.when().instant, e.id.clone()));
    for e in events {
        let Some(id) = e.id.as_deref() else { continue };
        let resource = match &e.data {
            EventData::Weight(w) => measured(&WEIGHT, w.at, metric(w.value, w.unit), &subject),
            EventData::Length(l) => measured(&LENGTH, l.at, metric(l.value, l.unit), &subject),
            EventData::Head(h) => measured(&HEAD, h.at, metric(h.value, h.unit), &subject),
            EventData::Temperature(t) => measured(&TEMPERATURE, t.at, t.celsius, &subject),
            EventData::Sleep(s) => match s.end {
                Some(end) if end.instant > s.start.instant => {
                    let hours = end.instant.duration_since(s.start.instant).as_secs_f64() / 3600.0;
                    let mut o = observation(&SLEEP, &subject);
                    o["effectivePeriod"] = json!({"start": dt(s.start), "end": dt(end)});
                    o["valueQuantity"] = quantity(round(hours, 2), SLEEP.ucum);
                    o
                }
                _ => continue,
            },
            EventData::Massage(m) => {
                let Some(end) = m.end else { continue };
                let (code, display) = match &m.routine {
                    Some(r) => (
                        r.as_str().to_owned(),
                        routine_name(r.as_str()).unwrap_or_else(|| r.as_str().to_owned()),
                    ),
                    None => ("massage".to_owned(), "Infant massage".to_owned()),
                };
                json!({
                    "resourceType": "Procedure",
                    "status": "completed",
                    "code": {"coding": [{"system": MASSAGE_SYSTEM, "code": code, "display": display}],
                             "text": display},
                    "subject": subject,
                    "performedPeriod": {"start": dt(m.start), "end": dt(end)},
                })
            }
            _ => continue,
        };
        entries.push(entry(id, resource));
    }
    json!({
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": now.to_string(),
        "entry": entries,
    })
}

fn full_url(id: &str) -> String {
    format!("urn:uuid:{id}")
}

fn entry(id: &str, mut resource: Value) -> Value {
    resource["id"] = json!(id);
    json!({"fullUrl": full_url(id), "resource": resource})
}

fn patient(baby: &BabyFields, id: &str) -> Value {
    let mut p = json!({
        "resourceType": "Patient",
        "id": id,
        "birthDate": birth_date(baby.born).to_string(),
        "gender": match baby.sex {
            Some(Sex::Female) => "female",
            Some(Sex::Male) => "male",
            None => "unknown",
        },
    });
    if let Some(name) = baby.name.as_deref().filter(|n| !n.trim().is_empty()) {
        p["name"] = json!([{"text": name}]);
    }
    p
}

fn observation(m: &Measure, subject: &Value) -> Value {
    let mut o = json!({
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": m.loinc, "display": m.display}],
                 "text": m.display},
        "subject": subject,
    });
    if m.vital_sign {
        o["category"] = json!([{"coding": [{"system": OBSERVATION_CATEGORY,
            "code": "vital-signs", "display": "Vital Signs"}]}]);
    }
    o
}

fn measured(m: &Measure, at: LocalTime, value: f64, subject: &Value) -> Value {
    let mut o = observation(m, subject);
    o["effectiveDateTime"] = json!(dt(at));
    o["valueQuantity"] = quantity(value, m.ucum);
    o
}

fn quantity(value: f64, ucum: &str) -> Value {
    json!({"value": value, "unit": ucum, "system": UCUM, "code": ucum})
}

/// A stored measurement in the journal's units (kg, cm).
fn metric(value: f64, unit: Unit) -> f64 {
    to_metric(value, unit).0
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// A FHIR `dateTime`: RFC 3339 with the offset it was logged in, to the second.
fn dt(t: LocalTime) -> String {
    t.instant
        .round(jiff::Unit::Second)
        .unwrap_or(t.instant)
        .to_zoned(jiff::tz::TimeZone::fixed(t.offset))
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}
