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
    let rendered: Vec<(&'static str, Arg<'_>)> = args
        .iter()
        .map(|(name, value)| (*name, value_arg(w, value)))
        .collect();
    w.t_args(&refusal_key(code), &rendered)
}

/// A field's refusal in the reader's words (the field itself is not named: a form shows the
/// message beside it; see [`field_refusal_named`]).
pub fn field_refusal(w: Words, e: &FieldError) -> String {
    refusal(w, e.code, &e.args)
}

/// A field's refusal with the field's path before it (`note: …`), for the API's `detail`
/// and the command line.
pub fn field_refusal_named(w: Words, e: &FieldError) -> String {
    let message = field_refusal(w, e);
    if e.field.is_empty() {
        message
    } else {
        format!("{}: {message}", e.field)
    }
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
