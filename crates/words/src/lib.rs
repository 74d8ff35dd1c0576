//! soothe's words: every sentence a person reads comes from `content/locales/<lang>/*.ftl`
//! by key, rendered in the reader's language with Fluent (plural rules per language).
//!
//! The message files are embedded at compile time; nothing is read at run time. A key that
//! is missing in a language falls back to English and is logged; the tests in
//! `tests/keys.rs` make sure that never ships (every key used exists in every language, with
//! the same variables).
//!
//! The pseudo-locale (`qps`) shows every English message wrapped in `⟦ ⟧`, so a test can
//! find any visible text that did not come from a message.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_templates::LanguageIdentifier;
use fluent_templates::fluent_bundle::FluentValue;
use jiff::Timestamp;
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use soothe_core::units::{EnteredUnit, Shown};

pub use soothe_core::lang::{Lang, pseudo};

pub mod babybuddy;
pub mod insights;
pub mod planner;
mod refusal;
pub mod said;
pub use refusal::{
    FIELD_LABELS, field_label, field_refusal, field_refusal_named, input_refusal, message, named,
    refusal, refusal_key,
};
pub use said::Said;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "../../content/locales",
        fallback_language: "en",
        // Pages are HTML: no bidi isolation marks around placeables.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN: LazyLock<LanguageIdentifier> = LazyLock::new(|| id("en"));
static ES: LazyLock<LanguageIdentifier> = LazyLock::new(|| id("es"));

fn id(tag: &str) -> LanguageIdentifier {
    tag.parse().unwrap_or_default()
}

/// A value passed into a message: a text, or a number (which picks plural forms).
#[derive(Clone, Debug, PartialEq)]
pub enum Arg<'a> {
    /// A text, shown as it is.
    Text(Cow<'a, str>),
    /// A whole number.
    Int(i64),
}

/// Anything a template can pass as a message argument.
pub trait ToArg {
    /// The argument.
    fn to_arg(&self) -> Arg<'_>;
}

impl ToArg for str {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Text(Cow::Borrowed(self))
    }
}
impl ToArg for String {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Text(Cow::Borrowed(self.as_str()))
    }
}
impl<T: ToArg + ?Sized> ToArg for &T {
    fn to_arg(&self) -> Arg<'_> {
        (**self).to_arg()
    }
}
macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl ToArg for $t {
            #[allow(clippy::cast_possible_wrap, clippy::cast_lossless)]
            fn to_arg(&self) -> Arg<'_> {
                Arg::Int(*self as i64)
            }
        }
    )*};
}
int_arg!(i64, i32, u32, u16, u8, usize, u64);

/// The words of one language: cheap to copy, one per reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Words {
    lang: Lang,
}

impl Default for Words {
    fn default() -> Words {
        Words::for_lang(Lang::En)
    }
}

impl Words {
    /// The words of a language.
    pub const fn for_lang(lang: Lang) -> Words {
        Words { lang }
    }

    /// The language.
    pub const fn lang(self) -> Lang {
        self.lang
    }

    /// The language's tag for `<html lang>` and the speech voice (`en`, `es`; the
    /// pseudo-locale reads as English: `en`).
    pub fn html_lang(self) -> &'static str {
        match self.lang {
            Lang::Es => "es",
            _ => "en",
        }
    }

    /// A message without arguments.
    pub fn t(self, key: &str) -> String {
        self.render(key, None)
    }

    /// A message with arguments.
    pub fn t_args(self, key: &str, args: &[(&'static str, Arg<'_>)]) -> String {
        let mut map: HashMap<Cow<'static, str>, FluentValue<'_>> = HashMap::new();
        for (name, value) in args {
            let v = match value {
                Arg::Text(s) => FluentValue::from(s.as_ref()),
                Arg::Int(n) => FluentValue::from(*n),
            };
            map.insert(Cow::Borrowed(*name), v);
        }
        self.render(key, Some(&map))
    }

    /// A message with one argument (for templates).
    pub fn t1(self, key: &str, name: &'static str, value: impl ToArg) -> String {
        self.t_args(key, &[(name, value.to_arg())])
    }

    /// A message with two arguments (for templates).
    pub fn t2(
        self,
        key: &str,
        n1: &'static str,
        v1: impl ToArg,
        n2: &'static str,
        v2: impl ToArg,
    ) -> String {
        self.t_args(key, &[(n1, v1.to_arg()), (n2, v2.to_arg())])
    }

    /// Whether a message exists in this language (English for the pseudo-locale).
    pub fn has(self, key: &str) -> bool {
        let lang = match self.lang {
            Lang::Es => &*ES,
            _ => &*EN,
        };
        match LOCALES.lookup_single_language::<&str>(lang, key, None) {
            Ok(_) => true,
            // A message that exists but wants arguments fails to format without them; the
            // crate does not export its error type, so its variant is read from `Debug`.
            Err(e) => format!("{e:?}").starts_with("FluentError"),
        }
    }

    fn render(
        self,
        key: &str,
        args: Option<&HashMap<Cow<'static, str>, FluentValue<'_>>>,
    ) -> String {
        let (lang, wrap) = match self.lang {
            Lang::En => (&*EN, false),
            Lang::Es => (&*ES, false),
            Lang::Pseudo => (&*EN, true),
        };
        let text = match lookup(lang, key, args) {
            Some(t) => t,
            None => {
                tracing::error!(key, lang = %self.lang, "a message is missing; showing English");
                lookup(&EN, key, args).unwrap_or_else(|| key.to_owned())
            }
        };
        if wrap { pseudo(&text) } else { text }
    }

    /// A number with a fixed count of decimals in the reader's convention: `3.4` / `3,4`.
    pub fn decimal(self, value: f64, places: usize) -> String {
        let s = format!("{value:.places$}");
        match self.lang {
            Lang::Es => s.replace('.', ","),
            _ => s,
        }
    }

    /// A day and month: `27 November` / `27 de noviembre`.
    pub fn day_month(self, d: Date) -> String {
        self.t_args(
            "date-day-month",
            &[
                ("day", Arg::Int(i64::from(d.day()))),
                ("month", Arg::Text(self.month(d.month(), false).into())),
            ],
        )
    }

    /// A day with its weekday, month and year: `Friday 27 November 2026` /
    /// `viernes, 27 de noviembre de 2026`.
    pub fn full_date(self, d: Date) -> String {
        self.t_args(
            "date-full",
            &[
                (
                    "weekday",
                    Arg::Text(self.weekday(d.weekday(), false).into()),
                ),
                ("day", Arg::Int(i64::from(d.day()))),
                ("month", Arg::Text(self.month(d.month(), false).into())),
                ("year", Arg::Int(i64::from(d.year()))),
            ],
        )
    }

    /// A short day with the time, in a zone: `Sat 21 Nov, 14:05` / `sáb 21 nov, 14:05`.
    pub fn day_hm(self, t: Timestamp, tz: &TimeZone) -> String {
        let z = t.to_zoned(tz.clone());
        self.t_args(
            "date-day-hm",
            &[
                ("weekday", Arg::Text(self.weekday(z.weekday(), true).into())),
                ("day", Arg::Int(i64::from(z.day()))),
                ("month", Arg::Text(self.month(z.month(), true).into())),
                ("time", Arg::Text(z.strftime("%H:%M").to_string().into())),
            ],
        )
    }

    /// A short day with its year and the time, in a zone: `Sat 21 Nov 2026, 14:05` /
    /// `sáb 21 nov 2026, 14:05` (a refused time names its year: it may be far off).
    pub fn day_year_hm(self, t: Timestamp, tz: &TimeZone) -> String {
        let z = t.to_zoned(tz.clone());
        self.t_args(
            "date-day-year-hm",
            &[
                ("weekday", Arg::Text(self.weekday(z.weekday(), true).into())),
                ("day", Arg::Int(i64::from(z.day()))),
                ("month", Arg::Text(self.month(z.month(), true).into())),
                ("year", Arg::Text(z.year().to_string().into())),
                ("time", Arg::Text(z.strftime("%H:%M").to_string().into())),
            ],
        )
    }

    /// A duration: `1 h 20 min`, `25 min`, `40 s` (negative reads as `0 s`).
    pub fn span(self, seconds: i64) -> String {
        let s = seconds.max(0);
        match s {
            0..60 => self.t1("span-s", "s", s),
            60..3600 => self.t1("span-min", "min", s / 60),
            _ if s % 3600 < 60 => self.t1("span-h", "h", s / 3600),
            _ => self.t2("span-h-min", "h", s / 3600, "min", (s % 3600) / 60),
        }
    }

    /// A length of time as a parent reads a total, in minutes and hours, never seconds:
    /// `—` when there is nothing yet (`None`), `<1 min` under a minute, `45 min`, `1 h`,
    /// `1 h 20 min` (minutes are whole minutes begun and finished: 59 s reads `<1 min`,
    /// 119 s `1 min`). Today's totals, the journal's lines and the summaries use it; a
    /// stroke's few seconds in a routine keep [`Words::span`].
    pub fn duration(self, seconds: Option<i64>) -> String {
        let Some(s) = seconds else {
            return self.t("dur-none");
        };
        let min = s.max(0) / 60;
        match min {
            0 => self.t("dur-under-min"),
            1..60 => self.t1("span-min", "min", min),
            _ if min % 60 == 0 => self.t1("span-h", "h", min / 60),
            _ => self.t2("span-h-min", "h", min / 60, "min", min % 60),
        }
    }

    /// [`Words::duration`] of a total kept in whole minutes (`None`: nothing yet).
    pub fn duration_minutes(self, minutes: Option<i64>) -> String {
        self.duration(minutes.map(|m| m.saturating_mul(60)))
    }

    /// A month's name (`short`: `Nov` / `nov`).
    pub fn month(self, month: i8, short: bool) -> String {
        let key = format!("month-{month}{}", if short { "-short" } else { "" });
        self.t(&key)
    }

    /// A weekday's name (`short`: `Sat` / `sáb`).
    pub fn weekday(self, day: Weekday, short: bool) -> String {
        let n = day.to_monday_one_offset();
        let key = format!("weekday-{n}{}", if short { "-short" } else { "" });
        self.t(&key)
    }
}

/// Measurements in the units the family uses (`soothe_core::units`): the numbers rounded as
/// [`Shown`] says, in the reader's decimal convention, with the unit's symbol from the
/// messages (`jw-units-*` in journal-words.ftl).
impl Words {
    /// A number with at most `places` decimals, trailing zeros dropped: `3.8`, `3,799`, `52`.
    pub fn trimmed(self, value: f64, places: usize) -> String {
        let s = format!("{value:.places$}");
        let s = if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            s
        };
        match self.lang {
            Lang::Es => s.replace('.', ","),
            _ => s,
        }
    }

    /// A measurement as shown: `38.0 °C`, `100.4 °F`, `3.799 kg`, `8 lb 6 oz`, `52.1 cm`,
    /// `20.5 in`.
    pub fn measure(self, shown: Shown) -> String {
        match shown {
            Shown::Celsius(v) => self.t1("jw-units-celsius", "value", self.decimal(v, 1)),
            Shown::Fahrenheit(v) => self.t1("jw-units-fahrenheit", "value", self.decimal(v, 1)),
            Shown::Kg(v) => self.t1("jw-units-kg", "value", self.trimmed(v, 3)),
            Shown::LbOz(lb, oz) => self.t2("jw-units-lb-oz", "lb", lb, "oz", self.trimmed(oz, 1)),
            Shown::Cm(v) => self.t1("jw-units-cm", "value", self.trimmed(v, 1)),
            Shown::In(v) => self.t1("jw-units-in", "value", self.trimmed(v, 1)),
        }
    }

    /// A temperature (stored in °C) in `unit`.
    pub fn temperature(self, celsius: f64, unit: EnteredUnit) -> String {
        self.measure(Shown::temperature(celsius, unit))
    }

    /// A weight (stored in kg) in `unit`.
    pub fn weight(self, kg: f64, unit: EnteredUnit) -> String {
        self.measure(Shown::weight(kg, unit))
    }

    /// A length or head circumference (stored in cm) in `unit`.
    pub fn length(self, cm: f64, unit: EnteredUnit) -> String {
        self.measure(Shown::length(cm, unit))
    }

    /// A unit's symbol alone (`°F`, `lb`, `in`), e.g. after an input; `lb_oz` reads `lb`.
    pub fn unit_symbol(self, unit: EnteredUnit) -> String {
        self.t(&format!("jw-units-symbol-{}", unit.id().replace('_', "-")))
    }
}

fn lookup(
    lang: &LanguageIdentifier,
    key: &str,
    args: Option<&HashMap<Cow<'static, str>, FluentValue<'_>>>,
) -> Option<String> {
    LOCALES.lookup_single_language(lang, key, args).ok()
}

/// The language a reader sees: the account's choice, else the first language of the
/// browser's `Accept-Language` soothe speaks (by q-value; `es-MX` is Spanish), else the
/// household's, else English. The pseudo-locale counts only when `pseudo_allowed`.
pub fn negotiate(
    account: Option<Lang>,
    accept_language: Option<&str>,
    household: Option<Lang>,
    pseudo_allowed: bool,
) -> Lang {
    let allowed = |l: &Lang| pseudo_allowed || *l != Lang::Pseudo;
    if let Some(l) = account.filter(allowed) {
        return l;
    }
    if let Some(header) = accept_language {
        let mut ranges: Vec<(f32, usize, &str)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut bits = part.split(';');
                let tag = bits.next()?.trim();
                let mut q = 1.0f32;
                for p in bits {
                    if let Some(v) = p.trim().strip_prefix("q=") {
                        q = v.trim().parse().ok()?;
                    }
                }
                (q > 0.0 && !tag.is_empty()).then_some((q, i, tag))
            })
            .collect();
        ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, _, tag) in ranges {
            let primary = tag
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            let lang = match primary.as_str() {
                "en" => Some(Lang::En),
                "es" => Some(Lang::Es),
                "qps" => Some(Lang::Pseudo),
                _ => None,
            };
            if let Some(l) = lang.filter(allowed) {
                return l;
            }
        }
    }
    household.filter(allowed).unwrap_or(Lang::En)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_choice_wins() {
        assert_eq!(
            negotiate(Some(Lang::Es), Some("en"), Some(Lang::En), false),
            Lang::Es
        );
    }

    #[test]
    fn accept_language_by_q_value_and_region() {
        assert_eq!(negotiate(None, Some("es-MX"), None, false), Lang::Es);
        assert_eq!(
            negotiate(None, Some("fr;q=1, en;q=0.5, es-ES;q=0.8"), None, false),
            Lang::Es
        );
        assert_eq!(
            negotiate(None, Some("de, en-GB;q=0.3"), None, false),
            Lang::En
        );
        assert_eq!(
            negotiate(None, Some("es;q=0, en;q=0.1"), None, false),
            Lang::En
        );
        // Nothing soothe speaks: the household's.
        assert_eq!(
            negotiate(None, Some("fr, de"), Some(Lang::Es), false),
            Lang::Es
        );
        assert_eq!(negotiate(None, Some("garbage;q=x"), None, false), Lang::En);
        assert_eq!(negotiate(None, None, None, false), Lang::En);
    }

    #[test]
    fn the_pseudo_locale_only_when_allowed() {
        assert_eq!(
            negotiate(None, Some("qps, es;q=0.5"), None, false),
            Lang::Es
        );
        assert_eq!(
            negotiate(None, Some("qps, es;q=0.5"), None, true),
            Lang::Pseudo
        );
        assert_eq!(negotiate(Some(Lang::Pseudo), None, None, false), Lang::En);
    }

    #[test]
    fn messages_render_per_language_with_plurals() {
        let en = Words::for_lang(Lang::En);
        let es = Words::for_lang(Lang::Es);
        assert_eq!(en.t("nav-today"), "Today");
        assert_eq!(es.t("nav-today"), "Hoy");
        assert_eq!(
            en.t1("oils-watch-hours", "hours", 1),
            en.t1("oils-watch-hours", "hours", 1)
        );
        assert!(en.t1("journal-count", "count", 1).contains("1 entry"));
        assert!(en.t1("journal-count", "count", 3).contains("3 entries"));
        assert!(es.t1("journal-count", "count", 1).contains("1 entrada"));
        assert!(es.t1("journal-count", "count", 3).contains("3 entradas"));
    }

    #[test]
    fn durations_read_in_minutes_and_hours_never_seconds() {
        let en = Words::for_lang(Lang::En);
        let es = Words::for_lang(Lang::Es);
        assert_eq!(en.duration(None), "—");
        assert_eq!(es.duration(None), "—");
        assert_eq!(en.duration(Some(0)), "<1 min");
        assert_eq!(en.duration(Some(4)), "<1 min");
        assert_eq!(en.duration(Some(59)), "<1 min");
        assert_eq!(en.duration(Some(-30)), "<1 min");
        assert_eq!(es.duration(Some(4)), "menos de 1 min");
        assert_eq!(en.duration(Some(60)), "1 min");
        assert_eq!(en.duration(Some(119)), "1 min");
        assert_eq!(en.duration(Some(45 * 60)), "45 min");
        assert_eq!(en.duration(Some(59 * 60 + 59)), "59 min");
        assert_eq!(en.duration(Some(3600)), "1 h");
        assert_eq!(en.duration(Some(3600 + 59)), "1 h");
        assert_eq!(en.duration(Some(80 * 60)), "1 h 20 min");
        assert_eq!(es.duration(Some(80 * 60)), "1 h 20 min");
        assert_eq!(en.duration(Some(26 * 3600 + 5 * 60)), "26 h 5 min");
        assert_eq!(en.duration_minutes(Some(0)), "<1 min");
        assert_eq!(en.duration_minutes(Some(210)), "3 h 30 min");
        assert_eq!(en.duration_minutes(None), "—");
        for s in [0, 4, 59, 60, 61, 3599, 3600, 4800, 86_399] {
            let said = en.duration(Some(s));
            assert!(
                !said.ends_with(" s") && !said.contains("0 s"),
                "{s}: {said}"
            );
        }
        let qps = Words::for_lang(Lang::Pseudo);
        assert_eq!(qps.duration(Some(10)), "⟦<1 min⟧");
    }

    #[test]
    fn the_pseudo_locale_wraps_english() {
        let w = Words::for_lang(Lang::Pseudo);
        assert_eq!(w.t("nav-today"), "⟦Today⟧");
        assert_eq!(w.html_lang(), "en");
    }

    #[test]
    fn a_missing_key_falls_back_without_panicking() {
        let es = Words::for_lang(Lang::Es);
        assert_eq!(es.t("no-such-key"), "no-such-key");
        assert!(!es.has("no-such-key"));
    }

    #[test]
    fn spanish_dates_and_numbers() {
        let en = Words::for_lang(Lang::En);
        let es = Words::for_lang(Lang::Es);
        let d = Date::new(2026, 11, 27).expect("a date");
        assert_eq!(en.day_month(d), "27 November");
        assert_eq!(es.day_month(d), "27 de noviembre");
        assert_eq!(en.full_date(d), "Friday 27 November 2026");
        assert_eq!(es.full_date(d), "viernes, 27 de noviembre de 2026");
        assert_eq!(es.decimal(3.4, 1), "3,4");
        assert_eq!(en.span(40), "40 s");
        assert_eq!(en.span(25 * 60), "25 min");
        assert_eq!(en.span(3600), "1 h");
        assert_eq!(es.span(4800), "1 h 20 min");
        assert_eq!(en.span(-5), "0 s");
        assert_eq!(en.decimal(3.4, 1), "3.4");
        let t: Timestamp = "2026-11-21T13:05:00Z".parse().expect("a time");
        let paris = TimeZone::get("Europe/Paris").expect("a zone");
        assert_eq!(en.day_hm(t, &paris), "Sat 21 Nov, 14:05");
        assert_eq!(es.day_hm(t, &paris), "sáb 21 nov, 14:05");
    }
}
