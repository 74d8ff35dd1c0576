//! The units a family uses, on the pages: a measurement shown in the unit it was entered in
//! (else the household's), the event form in the unit of this entry, and what the form sent
//! read back into the journal's units (°C, kg, cm) with the unit as entered kept.

use serde_json::{Map, Value};
use soothe_core::journal::{Event, EventData, EventKind, Unit, to_metric};
use soothe_core::units::{EnteredUnit, Shown, Units, fahrenheit_entry, kg_to_lb_oz};
use soothe_words::Words;

use super::form::{Errors, FormData};
use crate::AppState;
use soothe_store::{EventFilter, Scope};

/// The unit an entry of `kind` is shown in: its own, else the household's.
fn unit_of(entered: Option<EnteredUnit>, kind: EventKind, units: Units) -> EnteredUnit {
    entered
        .or_else(|| units.for_kind(kind))
        .unwrap_or(EnteredUnit::Celsius)
}

/// An event's measurement as the family reads it (`100.4 °F`, `8 lb 6 oz`); `None` for
/// kinds without one.
pub(crate) fn shown(w: Words, e: &Event, units: Units) -> Option<String> {
    let kind = e.kind();
    Some(match &e.data {
        EventData::Temperature(k) => w.temperature(k.celsius, unit_of(k.entered_unit, kind, units)),
        EventData::Weight(k) => w.weight(
            to_metric(k.value, k.unit).0,
            unit_of(k.entered_unit, kind, units),
        ),
        EventData::Length(k) => w.length(
            to_metric(k.value, k.unit).0,
            unit_of(k.entered_unit, kind, units),
        ),
        EventData::Head(k) => w.length(
            to_metric(k.value, k.unit).0,
            unit_of(k.entered_unit, kind, units),
        ),
        _ => return None,
    })
}

/// Today's latest temperature, weight, length and head circumference of `baby`, each as its
/// kind's words and the measurement as the family reads it (for Today's tiles).
pub(crate) async fn latest_today(
    state: &AppState,
    scope: &Scope,
    baby: &str,
    w: Words,
    units: Units,
) -> Result<Vec<(String, String)>, soothe_app::Error> {
    let tz = scope.time_zone();
    let day = state.app.now().to_zoned(tz.clone()).date();
    let Some((from, to)) = soothe_core::day::bounds(day, tz) else {
        return Ok(Vec::new());
    };
    let kinds = [
        EventKind::Temperature,
        EventKind::Weight,
        EventKind::Length,
        EventKind::Head,
    ];
    let filter = EventFilter {
        kinds: kinds.to_vec(),
        from: Some(from),
        to: Some(to),
        after: None,
        limit: 200,
    };
    let (events, _) = state.app.events(scope, baby, &filter).await?;
    Ok(kinds
        .iter()
        .filter_map(|k| {
            let latest = events
                .iter()
                .filter(|e| e.kind() == *k)
                .max_by_key(|e| e.when().instant)?;
            Some((super::journal::kind_label(w, *k), shown(w, latest, units)?))
        })
        .collect())
}

/// The reading of Today's temperature sheet in °C, and the unit it was typed in (the sheet's
/// `entered_unit`: °C or °F); a refusal names the field by its label.
pub(crate) fn quick_temperature(form: &FormData) -> Result<(f64, Option<EnteredUnit>), Errors> {
    let w = super::language::page_words();
    let raw = form.get("celsius").trim().replace(',', ".");
    let unit = form.get("entered_unit").parse::<EnteredUnit>().ok();
    let fahrenheit = unit == Some(EnteredUnit::Fahrenheit);
    let Ok(v) = raw.parse::<f64>() else {
        let (symbol, example) = if fahrenheit {
            (w.unit_symbol(EnteredUnit::Fahrenheit), w.decimal(99.5, 1))
        } else {
            (w.unit_symbol(EnteredUnit::Celsius), w.decimal(37.2, 1))
        };
        return Err(Errors::one(
            "celsius",
            w.t_args(
                "jw-units-not-a-reading",
                &[
                    ("raw", soothe_words::Arg::Text(raw.as_str().into())),
                    ("unit", soothe_words::Arg::Text(symbol.into())),
                    ("example", soothe_words::Arg::Text(example.into())),
                ],
            ),
        ));
    };
    if !fahrenheit {
        return Ok((v, unit.filter(|u| *u == EnteredUnit::Celsius)));
    }
    fahrenheit_entry(v, "celsius")
        .map(|c| (c, unit))
        .map_err(|x| {
            Errors::one(
                "celsius",
                w.t2(
                    "jw-units-field-refused",
                    "label",
                    w.t("jw-field-celsius"),
                    "message",
                    soothe_words::field_refusal(w, &x),
                ),
            )
        })
}

/// A number as a form's input holds it (a point, no trailing zeros).
fn plain(v: f64) -> String {
    Words::for_lang(soothe_core::lang::Lang::En).trimmed(v, 3)
}

/// A new entry's form starts in the household's units.
pub(crate) fn form_defaults(kind: EventKind, f: &mut FormData, units: Units) {
    match units.for_kind(kind) {
        Some(EnteredUnit::Fahrenheit) => f.set("entered_unit", "fahrenheit"),
        Some(EnteredUnit::Celsius) => f.set("entered_unit", "celsius"),
        Some(EnteredUnit::LbOz) => f.set("unit", Unit::Lb.id()),
        Some(EnteredUnit::Kg) => f.set("unit", Unit::Kg.id()),
        Some(EnteredUnit::In) => f.set("unit", Unit::In.id()),
        Some(EnteredUnit::Cm) => f.set("unit", Unit::Cm.id()),
        None => {}
    }
}

/// A stored entry's form in the unit it was entered in (else the household's): °F, lb and
/// oz, or in, converted back from the journal's units.
pub(crate) fn form_in_units(e: &Event, f: &mut FormData, units: Units) {
    let kind = e.kind();
    let (metric, entered) = match &e.data {
        EventData::Temperature(k) => {
            let u = unit_of(k.entered_unit, kind, units);
            f.set("entered_unit", u.id());
            if let Shown::Fahrenheit(v) = Shown::temperature(k.celsius, u) {
                f.set("celsius", plain(v));
            }
            return;
        }
        EventData::Weight(k) => (to_metric(k.value, k.unit).0, k.entered_unit),
        EventData::Length(k) => (to_metric(k.value, k.unit).0, k.entered_unit),
        EventData::Head(k) => (to_metric(k.value, k.unit).0, k.entered_unit),
        _ => return,
    };
    match unit_of(entered, kind, units) {
        EnteredUnit::LbOz => {
            let (lb, oz) = kg_to_lb_oz(metric);
            f.set("value", lb.to_string());
            f.set("unit", Unit::Lb.id());
            f.set("oz", plain(oz));
        }
        EnteredUnit::In => {
            if let Shown::In(v) = Shown::length(metric, EnteredUnit::In) {
                f.set("value", plain(v));
            }
            f.set("unit", Unit::In.id());
        }
        EnteredUnit::Cm => {
            f.set("value", plain(metric));
            f.set("unit", Unit::Cm.id());
        }
        _ => {
            f.set("value", plain(metric));
            f.set("unit", Unit::Kg.id());
        }
    }
}

/// The unit an entry keeps when the form's value came in `unit`.
fn entered_of(unit: Unit) -> EnteredUnit {
    match unit {
        Unit::Kg | Unit::G => EnteredUnit::Kg,
        Unit::Lb | Unit::Oz => EnteredUnit::LbOz,
        Unit::Cm | Unit::Mm => EnteredUnit::Cm,
        Unit::In => EnteredUnit::In,
    }
}

/// Reads a measurement in the unit the form chose, into the event's JSON: a temperature in
/// °F is checked in °F (a refusal names the field by `label`, with the range in °F) and kept
/// in °C; pounds and ounces become pounds; the unit as entered is kept. Errors go to `e`
/// under the form's field names.
pub(crate) fn from_form(
    w: Words,
    kind: EventKind,
    obj: &mut Map<String, Value>,
    e: &mut Errors,
    label: impl Fn(&str) -> String,
) {
    let number = |obj: &Map<String, Value>, name: &str| obj.get(name).and_then(Value::as_f64);
    match kind {
        EventKind::Temperature => {
            let Some(Value::String(u)) = obj.get("entered_unit") else {
                return;
            };
            if u != EnteredUnit::Fahrenheit.id() {
                return;
            }
            if let Some(f) = number(obj, "celsius") {
                match fahrenheit_entry(f, "celsius") {
                    Ok(c) => {
                        obj.insert("celsius".into(), Value::from(c));
                    }
                    Err(x) => e.add(
                        "celsius",
                        w.t2(
                            "jw-units-field-refused",
                            "label",
                            label("celsius"),
                            "message",
                            soothe_words::field_refusal(w, &x),
                        ),
                    ),
                }
            }
        }
        EventKind::Weight | EventKind::Length | EventKind::Head => {
            let oz = obj.remove("oz").and_then(|v| v.as_f64());
            let unit = obj
                .get("unit")
                .and_then(Value::as_str)
                .and_then(|u| u.parse::<Unit>().ok());
            let Some(unit) = unit else {
                return;
            };
            if let Some(oz) = oz.filter(|oz| *oz != 0.0) {
                if unit != Unit::Lb {
                    e.add("oz", w.t("jw-units-oz-needs-lb"));
                    return;
                }
                let lb = number(obj, "value").unwrap_or(0.0);
                obj.insert("value".into(), Value::from(lb + oz / 16.0));
            }
            obj.insert(
                "entered_unit".into(),
                Value::String(entered_of(unit).id().into()),
            );
        }
        _ => {}
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use soothe_core::journal::EventFields;
    use soothe_core::lang::Lang;

    fn event(json: Value) -> Event {
        let f: EventFields = serde_json::from_value(json).unwrap();
        Event::try_from(f).unwrap()
    }

    #[test]
    fn measurements_show_as_entered_else_in_the_households_units() {
        let en = Words::for_lang(Lang::En);
        let es = Words::for_lang(Lang::Es);
        let t = event(
            serde_json::json!({"kind": "temperature", "at": "2026-11-21T10:00:00Z",
            "celsius": 38.0, "entered_unit": "fahrenheit"}),
        );
        assert_eq!(shown(en, &t, Units::Metric).unwrap(), "100.4 °F");
        assert_eq!(shown(es, &t, Units::Metric).unwrap(), "100,4 °F");
        let plain_t = event(serde_json::json!({"kind": "temperature",
            "at": "2026-11-21T10:00:00Z", "celsius": 37.5}));
        assert_eq!(shown(en, &plain_t, Units::Metric).unwrap(), "37.5 °C");
        assert_eq!(shown(en, &plain_t, Units::Us).unwrap(), "99.5 °F");
        let w = event(
            serde_json::json!({"kind": "weight", "at": "2026-11-21T10:00:00Z",
            "value": 3.799, "unit": "kg", "entered_unit": "lb_oz"}),
        );
        assert_eq!(shown(en, &w, Units::Metric).unwrap(), "8 lb 6 oz");
        let kg = event(
            serde_json::json!({"kind": "weight", "at": "2026-11-21T10:00:00Z",
            "value": 3.8, "unit": "kg"}),
        );
        assert_eq!(shown(es, &kg, Units::Metric).unwrap(), "3,8 kg");
        let head = event(
            serde_json::json!({"kind": "head", "at": "2026-11-21T10:00:00Z",
            "value": 35.6, "unit": "cm"}),
        );
        assert_eq!(shown(en, &head, Units::Us).unwrap(), "14 in");
        assert_eq!(shown(es, &head, Units::Us).unwrap(), "14 pulg.");
    }

    #[test]
    fn the_form_reads_fahrenheit_and_pounds_and_ounces() {
        let w = Words::for_lang(Lang::En);
        let label = |_: &str| "Temperature".to_owned();
        let mut obj = serde_json::json!({"kind": "temperature", "celsius": 100.4,
            "entered_unit": "fahrenheit"})
        .as_object()
        .unwrap()
        .clone();
        let mut e = Errors::default();
        from_form(w, EventKind::Temperature, &mut obj, &mut e, label);
        assert!(e.is_empty());
        assert_eq!(obj["celsius"], 38.0);

        let mut obj = serde_json::json!({"kind": "temperature", "celsius": 113.5,
            "entered_unit": "fahrenheit"})
        .as_object()
        .unwrap()
        .clone();
        from_form(w, EventKind::Temperature, &mut obj, &mut e, label);
        assert_eq!(
            e.of("celsius"),
            "Temperature: 113.5 °F is outside 86–113 °F; check the reading and the unit"
        );

        let mut obj = serde_json::json!({"kind": "weight", "value": 8, "unit": "lb", "oz": 6})
            .as_object()
            .unwrap()
            .clone();
        let mut e = Errors::default();
        from_form(w, EventKind::Weight, &mut obj, &mut e, label);
        assert!(e.is_empty());
        assert_eq!(obj["value"], 8.375);
        assert_eq!(obj["entered_unit"], "lb_oz");
        assert!(!obj.contains_key("oz"));

        let mut obj = serde_json::json!({"kind": "weight", "value": 3, "unit": "kg", "oz": 6})
            .as_object()
            .unwrap()
            .clone();
        from_form(w, EventKind::Weight, &mut obj, &mut e, label);
        assert!(!e.of("oz").is_empty());
    }

    #[test]
    fn a_stored_entry_is_edited_in_its_own_units() {
        let w = event(
            serde_json::json!({"kind": "weight", "at": "2026-11-21T10:00:00Z",
            "value": 3.799, "unit": "kg", "entered_unit": "lb_oz"}),
        );
        let mut f = FormData::default();
        form_in_units(&w, &mut f, Units::Metric);
        assert_eq!(
            (f.get("value"), f.get("unit"), f.get("oz")),
            ("8", "lb", "6")
        );
        let t = event(
            serde_json::json!({"kind": "temperature", "at": "2026-11-21T10:00:00Z",
            "celsius": 38.0}),
        );
        let mut f = FormData::default();
        form_in_units(&t, &mut f, Units::Us);
        assert_eq!(
            (f.get("celsius"), f.get("entered_unit")),
            ("100.4", "fahrenheit")
        );
        let mut f = FormData::default();
        form_defaults(EventKind::Length, &mut f, Units::Us);
        assert_eq!(f.get("unit"), "in");
    }
}
