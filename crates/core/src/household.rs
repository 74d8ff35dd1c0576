//! A household's settings: the readiness check's thresholds (feed gap, vaccine-site and
//! patch-test hours), the hours the pages turn dark, the household's urgent-care number and
//! its language and units. Every value is checked here, so every front door refuses the same
//! values with the same field names.

use serde::{Deserialize, Serialize};

use crate::journal::{FieldError, tel_href};
use crate::lang::Lang;
use crate::readiness::input::{SETTING_RANGES, Settings};
use crate::units::Units;

/// The hour (0–23, in the household's zone) the baby's night starts by default: the insights
/// count night sleep from it, and the pages turn dark.
pub const NIGHT_START_HOUR: u8 = crate::insights::days::NIGHT_START_HOUR;
/// The hour (0–23) the night ends and a soothe day starts by default; the pages turn light
/// again.
pub const NIGHT_END_HOUR: u8 = crate::insights::days::NIGHT_END_HOUR;
/// The shortest and longest urgent-care number, in characters.
pub const URGENT_CARE_LEN: (usize, usize) = (3, 20);

/// What a household's owners can set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdSettings {
    /// Minutes to wait after a feed ends before a massage (15–120, default 45).
    pub feed_gap_minutes: u32,
    /// Hours to leave a vaccination site alone (12–168, default 48).
    pub vaccine_site_hours: u32,
    /// Hours to watch an oil patch test (1–48, default 4).
    pub patch_test_hours: u32,
    /// The hour the baby's night starts, in the household's zone (0–23, default 19): the
    /// insights count night sleep from it, and the pages turn dark.
    pub night_start_hour: u8,
    /// The hour the night ends and a soothe day starts (0–23, default 7; not the start
    /// hour); the pages turn light again.
    pub night_end_hour: u8,
    /// The number to call for urgent care (e.g. `112`, `+44 111`), shown when soothe says to
    /// get medical help; `None`: soothe says "your local emergency number".
    pub urgent_care: Option<String>,
    /// The household's language (`en`, `es`), used when neither the account nor the browser
    /// chooses one.
    pub language: Lang,
    /// The units measurements are shown in when an entry kept none of its own (`metric` or
    /// `us`); a new household's follow its time zone ([`Units::for_time_zone`]).
    pub units: Units,
}

impl Default for HouseholdSettings {
    fn default() -> Self {
        let check = Settings::default();
        HouseholdSettings {
            feed_gap_minutes: check.feed_gap_minutes,
            vaccine_site_hours: check.vaccine_site_hours,
            patch_test_hours: check.patch_test_hours,
            night_start_hour: NIGHT_START_HOUR,
            night_end_hour: NIGHT_END_HOUR,
            urgent_care: None,
            language: Lang::En,
            units: Units::Metric,
        }
    }
}

impl Settings {
    /// The thresholds outside their range (see [`SETTING_RANGES`]), each named by its field.
    pub fn out_of_range(&self) -> Vec<FieldError> {
        let values = [
            self.feed_gap_minutes,
            self.vaccine_site_hours,
            self.patch_test_hours,
        ];
        SETTING_RANGES
            .iter()
            .zip(values)
            .filter(|((_, lo, hi), v)| !(*lo..=*hi).contains(v))
            .map(|((name, lo, hi), v)| {
                FieldError::new(name, "out-of-range")
                    .arg("value", v)
                    .arg("min", *lo)
                    .arg("max", *hi)
            })
            .collect()
    }
}

impl HouseholdSettings {
    /// The readiness check's thresholds.
    pub fn check(&self) -> Settings {
        Settings {
            feed_gap_minutes: self.feed_gap_minutes,
            vaccine_site_hours: self.vaccine_site_hours,
            patch_test_hours: self.patch_test_hours,
        }
    }

    /// Every invalid value, each named by its field; empty when all are valid.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = self.check().out_of_range();
        for (name, h) in [
            ("night_start_hour", self.night_start_hour),
            ("night_end_hour", self.night_end_hour),
        ] {
            if h > 23 {
                out.push(FieldError::new(name, "not-an-hour").arg("value", h));
            }
        }
        if self.night_start_hour == self.night_end_hour {
            out.push(FieldError::new("night_end_hour", "night-same-hours"));
        }
        if let Some(n) = &self.urgent_care
            && let Err(m) = urgent_care_number(n)
        {
            out.push(m.at("urgent_care"));
        }
        if !Lang::CHOOSABLE.contains(&self.language) {
            out.push(
                FieldError::new("language", "language-not-choosable")
                    .arg("value", self.language.id())
                    .arg("list", choosable()),
            );
        }
        out
    }

    /// Checks every value (see [`HouseholdSettings::problems`]).
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let p = self.problems();
        if p.is_empty() { Ok(()) } else { Err(p) }
    }

    /// Whether the pages are dark at `hour` (0–23, in the household's zone): from the start
    /// hour up to (not including) the end hour, across midnight when the start is later.
    pub fn is_night(&self, hour: i8) -> bool {
        let (start, end, h) = (
            i16::from(self.night_start_hour),
            i16::from(self.night_end_hour),
            i16::from(hour),
        );
        if start < end {
            (start..end).contains(&h)
        } else {
            h >= start || h < end
        }
    }

    /// The `tel:` link of the urgent-care number, when there is one.
    pub fn urgent_care_href(&self) -> Option<String> {
        self.urgent_care.as_deref().map(tel_href)
    }
}

/// The choosable languages' ids, for messages.
fn choosable() -> Vec<String> {
    Lang::CHOOSABLE.iter().map(|l| l.id().to_owned()).collect()
}

/// Checks an urgent-care number: 3–20 characters of digits, spaces, `+`, `-` and parentheses,
/// with at least one digit.
pub fn urgent_care_number(n: &str) -> Result<(), FieldError> {
    let (lo, hi) = URGENT_CARE_LEN;
    let len = n.chars().count();
    if !(lo..=hi).contains(&len) {
        return Err(FieldError::new("urgent_care", "urgent-care-length")
            .arg("value", len)
            .arg("min", lo)
            .arg("max", hi));
    }
    if let Some(c) = n
        .chars()
        .find(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')')))
    {
        return Err(FieldError::new("urgent_care", "urgent-care-char").arg("value", c));
    }
    if !n.chars().any(|c| c.is_ascii_digit()) {
        return Err(FieldError::new("urgent_care", "urgent-care-digits"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_checks_defaults_and_valid() {
        let s = HouseholdSettings::default();
        assert_eq!(s.check(), Settings::default());
        assert_eq!(s.validate(), Ok(()));
        assert_eq!((s.night_start_hour, s.night_end_hour), (19, 7));
        assert_eq!(s.language, Lang::En);
    }

    #[test]
    fn each_bad_value_is_named_by_its_field() {
        let s = HouseholdSettings {
            feed_gap_minutes: 14,
            vaccine_site_hours: 169,
            patch_test_hours: 0,
            night_start_hour: 24,
            night_end_hour: 7,
            urgent_care: Some("call 112".into()),
            language: Lang::Pseudo,
            units: Units::Us,
        };
        let fields: Vec<String> = s.problems().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "feed_gap_minutes",
                "vaccine_site_hours",
                "patch_test_hours",
                "night_start_hour",
                "urgent_care",
                "language"
            ]
        );
        let p = s.problems();
        assert_eq!(
            p[0].to_string(),
            "feed_gap_minutes: out-of-range(value=14, min=15, max=120)"
        );
        assert_eq!(
            (p[4].code, &p[4].args[0].1),
            ("urgent-care-char", &'c'.into())
        );
    }

    #[test]
    fn the_ranges_bounds_are_allowed() {
        for (gap, vac, patch) in [(15, 12, 1), (120, 168, 48)] {
            let s = HouseholdSettings {
                feed_gap_minutes: gap,
                vaccine_site_hours: vac,
                patch_test_hours: patch,
                ..HouseholdSettings::default()
            };
            assert_eq!(s.validate(), Ok(()), "{gap} {vac} {patch}");
        }
    }

    #[test]
    fn urgent_care_numbers_are_phone_like() {
        for ok in ["112", "+44 111", "(01) 23-45-67", "12345678901234567890"] {
            assert_eq!(urgent_care_number(ok), Ok(()), "{ok}");
        }
        for bad in ["15", "+()", "123456789012345678901", "112 or 999", "1-1-2x"] {
            assert!(urgent_care_number(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn night_wraps_around_midnight_or_not() {
        let s = HouseholdSettings::default();
        assert!(s.is_night(19) && s.is_night(23) && s.is_night(0) && s.is_night(6));
        assert!(!s.is_night(7) && !s.is_night(18));
        let early = HouseholdSettings {
            night_start_hour: 0,
            night_end_hour: 6,
            ..HouseholdSettings::default()
        };
        assert!(early.is_night(0) && early.is_night(5));
        assert!(!early.is_night(6) && !early.is_night(23));
        let a = early.urgent_care_href();
        assert_eq!(a, None);
        let with = HouseholdSettings {
            urgent_care: Some("+44 (0) 111".into()),
            ..HouseholdSettings::default()
        };
        assert_eq!(with.urgent_care_href().as_deref(), Some("tel:+440111"));
    }
}
