//! A refusal in the reader's words: the core's and the use cases' stable codes (see
//! `soothe_core::journal::CODES`) become the message `err-<code>` of
//! `content/locales/<lang>/errors.ftl`, with their values rendered in the reader's
//! conventions (times as `Sat 21 Nov, 14:05` / `sáb 21 nov, 14:05`, dates as `27 November
//! 2026`, decimals with the reader's separator, lists joined). The pages, the API and the
//! CLI all word a refusal here, so a code reads the same everywhere.

use std::borrow::Cow;

use jiff::tz::TimeZone;
use soothe_core::journal::{FieldError, Value};

use crate::{Arg, Words};

/// The message key of a code: `err-<code>`.
pub fn refusal_key(code: &str) -> String {
    format!("err-{code}")
}

/// A refusal (`code` and its named values) in the reader's words.
pub fn refusal(w: Words, code: &str, args: &[(&'static str, Value)]) -> String {
    message(w, &refusal_key(code), args)
}

/// The message `key` with its named values rendered in the reader's conventions (as
/// [`refusal`] renders a code's values), e.g. the API's own refusals of problems.ftl.
pub fn message(w: Words, key: &str, args: &[(&'static str, Value)]) -> String {
    let rendered: Vec<(&'static str, Arg<'_>)> = args
        .iter()
        .map(|(name, value)| match (*name, value) {
            // A verdict is said as its headline, never as its id.
            ("verdict", Value::Text(id)) => (
                *name,
                crate::said::headline_of(w, id)
                    .map_or_else(|| value_arg(w, value), |h| Arg::Text(Cow::Owned(h))),
            ),
            _ => (*name, value_arg(w, value)),
        })
        .collect();
    w.t_args(key, &rendered)
}

/// A field's refusal in the reader's words (the field itself is not named: a form shows the
/// message beside it; see [`field_refusal_named`]).
pub fn field_refusal(w: Words, e: &FieldError) -> String {
    refusal(w, e.code, &e.args)
}

/// A field's refusal with the field named by its label before it (`Temperature: …`), for
/// the API's `detail` (which the pages' scripts show), error pages and the command line. A
/// field with no label is not named: its internal name never reaches a person.
pub fn field_refusal_named(w: Words, e: &FieldError) -> String {
    named(w, &e.field, field_refusal(w, e))
}

/// `message` with the label of `field` (an API path or a form's field name) before it, when
/// the field has one ([`field_label`]); else `message` alone.
pub fn named(w: Words, field: &str, message: String) -> String {
    match field_label(w, field) {
        Some(label) => w.t2("refusal-named", "field", label, "message", message),
        None => message,
    }
}

/// Each field a person can be refused on (its name in a form, or the last part of its API
/// path) and the message key of the words that name it: the form's own label where the
/// words fit in front of a refusal, else a `field-*` message of errors.ftl.
pub const FIELD_LABELS: &[(&str, &str)] = &[
    // Accounts: setup, sign-in, join, the account page.
    ("display_name", "setup-your-name"),
    ("email", "email"),
    ("password", "password"),
    ("password_again", "setup-password-again"),
    ("current", "account-current-password"),
    ("new", "field-new-password"),
    ("new_again", "account-new-password-again"),
    ("household", "setup-household-name"),
    ("time_zone", "setup-time-zone"),
    ("role", "field-role"),
    ("hours", "field-invitation-hours"),
    ("confirm", "field-confirm"),
    // A baby's profile.
    ("name", "field-name"),
    ("born", "baby-born"),
    ("due", "baby-due"),
    ("gestation", "field-gestation"),
    ("gestation_at_birth", "field-gestation"),
    ("sex", "field-sex"),
    ("conditions", "field-conditions"),
    ("clearances", "baby-clearances"),
    ("by", "baby-cleared-by"),
    ("advice", "baby-cleared-advice"),
    ("clinician_note", "baby-other-advice"),
    ("umbilical_healed", "baby-cord"),
    ("preferred_oil", "baby-oil"),
    ("doctor_phone", "field-doctor-phone"),
    // The household's settings.
    ("feed_gap_minutes", "field-feed-gap"),
    ("vaccine_site_hours", "field-vaccine-site"),
    ("patch_test_hours", "field-patch-test"),
    ("night_start_hour", "field-night-start"),
    ("night_end_hour", "field-night-end"),
    ("urgent_care", "field-urgent-care"),
    ("language", "field-language"),
    // Journal entries (the journal's own field labels).
    ("kind", "event-pick-kind"),
    ("start", "jw-field-start"),
    ("end", "field-end"),
    ("at", "jw-field-at"),
    ("resolved", "jw-field-resolved"),
    ("result_at", "jw-field-result-at"),
    ("method", "jw-field-method"),
    ("amount_ml", "jw-field-amount-ml"),
    ("intensity", "jw-field-intensity"),
    ("rating", "jw-field-rating"),
    ("contents", "jw-field-contents"),
    ("celsius", "jw-field-celsius"),
    ("value", "jw-field-value"),
    ("unit", "jw-field-unit"),
    ("entered_unit", "jw-field-unit"),
    ("units", "settings-units-label"),
    ("sites", "jw-field-sites"),
    ("area", "jw-field-area"),
    ("condition", "jw-field-condition"),
    ("oil", "jw-field-oil"),
    ("result", "jw-field-result"),
    ("sign", "jw-field-sign"),
    ("routine", "jw-field-routine"),
    ("ended", "jw-field-ended"),
    ("text", "jw-field-text"),
    ("note", "field-note"),
    // Today's tiles: an error shows under the kind it is about.
    ("feeding", "jw-kind-feeding"),
    ("sleep", "jw-kind-sleep"),
    ("crying", "jw-kind-crying"),
    ("nappy", "jw-kind-nappy"),
    ("temperature", "jw-kind-temperature"),
    ("illness", "jw-kind-illness"),
    ("skin", "jw-kind-skin"),
    // The massage page and Today.
    ("state", "field-state"),
    ("woke", "massage-woke-when"),
    ("day", "field-day"),
    // A baby's rhythm, the suggested time and the windows, the notifications list.
    ("time", "field-rhythm-time"),
    ("weekdays", "field-weekdays"),
    ("remind_before_minutes", "field-remind-before"),
    ("days", "field-suggestion-days"),
    ("part", "field-part-of-day"),
    ("date", "field-date"),
    ("limit", "field-limit"),
    // A channel (webhook, ntfy, Web Push, email).
    ("url", "field-url"),
    ("secret", "field-secret"),
    ("topic", "field-topic"),
    ("endpoint", "field-endpoint"),
    ("p256dh", "field-p256dh"),
    ("auth", "field-auth"),
    ("to", "field-to"),
    // The insights' query.
    ("from", "field-from"),
    ("outcome", "field-outcome"),
    ("period-days", "field-period"),
];

/// The words naming a field (an API path such as `events[0].celsius`, or a form's field
/// name), in the reader's language; `None` for a field no person fills in.
pub fn field_label(w: Words, field: &str) -> Option<String> {
    let last = field.rsplit('.').next().unwrap_or(field);
    let last = last.split('[').next().unwrap_or(last);
    FIELD_LABELS
        .iter()
        .find(|(name, _)| *name == last)
        .map(|(_, key)| w.t(key))
}

/// A refused JSON input (`soothe check`, an events file) in the reader's words: the field's
/// path, the message, and where in the text when known. The JSON reader's own account
/// (`json-invalid`) is shown as it is.
pub fn input_refusal(w: Words, e: &soothe_core::readiness::InputError) -> String {
    let message = match e.detail() {
        Some(d) => d.to_owned(),
        None => refusal(w, e.code, &e.args),
    };
    let message = if e.path.is_empty() || e.path == "." {
        message
    } else {
        format!("{}: {message}", e.path)
    };
    match (e.line, e.column) {
        (Some(l), Some(c)) => w.t_args(
            "refusal-position",
            &[
                ("message", Arg::Text(message.into())),
                ("line", Arg::Int(i64::try_from(l).unwrap_or(i64::MAX))),
                ("column", Arg::Int(i64::try_from(c).unwrap_or(i64::MAX))),
            ],
        ),
        _ => message,
    }
}

/// A value as a message argument, in the reader's conventions.
fn value_arg(w: Words, value: &Value) -> Arg<'static> {
    match value {
        Value::Int(n) => Arg::Int(*n),
        Value::Num(x) => Arg::Text(Cow::Owned(number(w, *x))),
        Value::Text(t) => Arg::Text(Cow::Owned(t.clone())),
        Value::List(items) => Arg::Text(Cow::Owned(items.join(", "))),
        Value::Time(t) => Arg::Text(Cow::Owned(
            w.day_year_hm(t.instant, &TimeZone::fixed(t.offset)),
        )),
        Value::Date(d) => Arg::Text(Cow::Owned(w.full_date(*d))),
    }
}

/// A decimal with as many places as it needs (at most three), in the reader's convention.
fn number(w: Words, x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let places = (0..=3)
        .find(|p| {
            let scale = 10f64.powi(*p);
            ((x * scale).round() - x * scale).abs() < 1e-9
        })
        .unwrap_or(3);
    w.decimal(x, places as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use soothe_core::time::LocalTime;

    #[test]
    fn values_are_rendered_in_the_readers_conventions() {
        let t = LocalTime::parse("2026-11-21T14:05:00+01:00").expect("a time");
        let e = FieldError::new("start", "logged-ahead")
            .arg("value", t)
            .arg("latest", "clock");
        let en = field_refusal(Words::for_lang(Lang::En), &e);
        let es = field_refusal(Words::for_lang(Lang::Es), &e);
        assert!(en.contains("Sat 21 Nov 2026, 14:05"), "{en}");
        assert!(es.contains("sáb 21 nov 2026, 14:05"), "{es}");
        assert_ne!(en, es);
        let n = FieldError::new("value", "measure-implausible")
            .arg("value", 3.25)
            .arg("unit", "kg")
            .arg("min", 0.3)
            .arg("max", 30.0)
            .arg("base", "kg");
        let es = field_refusal(Words::for_lang(Lang::Es), &n);
        assert!(es.contains("3,25") && es.contains("0,3"), "{es}");
        let pseudo = field_refusal(Words::for_lang(Lang::Pseudo), &e);
        assert!(pseudo.starts_with('⟦') && pseudo.ends_with('⟧'), "{pseudo}");
    }
}
