//! The units a family uses: °C or °F, kg or lb and oz, cm or in.
//!
//! The journal stores every measurement in one unit (°C, kg, cm); an entry may keep the unit
//! it was entered in ([`EnteredUnit`]) so it is shown as the family wrote it, and a household
//! chooses its units ([`Units`]) for entries that keep none. The conversions here are pure;
//! the words around the numbers are the edge's.

use serde::{Deserialize, Serialize};

use crate::journal::{EventKind, FieldError};

vocab!(
    /// A household's units.
    Units {
        /// °C, kg, cm.
        Metric = "metric",
        /// The United States' customary units: °F, lb and oz, in.
        Us = "us",
    }
);

vocab!(
    /// The unit a measurement was entered in, kept to show it the same way.
    EnteredUnit {
        /// Degrees Celsius.
        Celsius = "celsius",
        /// Degrees Fahrenheit.
        Fahrenheit = "fahrenheit",
        /// Kilograms.
        Kg = "kg",
        /// Pounds and ounces.
        LbOz = "lb_oz",
        /// Centimetres.
        Cm = "cm",
        /// Inches.
        In = "in",
    }
);

/// The temperatures the journal takes, in °C (as the readiness check reads them).
pub const CELSIUS_RANGE: (f64, f64) = (30.0, 45.0);
/// The same range in °F.
pub const FAHRENHEIT_RANGE: (f64, f64) = (86.0, 113.0);

/// Kilograms in a pound.
pub const KG_PER_LB: f64 = 0.453_592_37;
/// Centimetres in an inch.
pub const CM_PER_IN: f64 = 2.54;

/// Rounds to `places` decimals.
pub fn round_to(v: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (v * f).round() / f
}

/// °C to °F (unrounded).
pub fn celsius_to_fahrenheit(c: f64) -> f64 {
    c * 9.0 / 5.0 + 32.0
}

/// °F to °C, to 2 decimals: fine enough that the reading shows again as entered (to 0.1 °F).
pub fn fahrenheit_to_celsius(f: f64) -> f64 {
    round_to((f - 32.0) * 5.0 / 9.0, 2)
}

/// A weight in pounds and ounces, the ounces to 0.1 (16.0 oz carried into a pound).
pub fn kg_to_lb_oz(kg: f64) -> (u32, f64) {
    let tenths_oz = (kg / KG_PER_LB * 160.0).round().max(0.0);
    // A baby's weight in tenths of an ounce fits a u32 many times over.
    let tenths = tenths_oz as u64;
    ((tenths / 160) as u32, (tenths % 160) as f64 / 10.0)
}

/// Pounds and ounces to kilograms, to 3 decimals (the journal's precision).
pub fn lb_oz_to_kg(lb: f64, oz: f64) -> f64 {
    round_to((lb + oz / 16.0) * KG_PER_LB, 3)
}

/// Centimetres to inches (unrounded).
pub fn cm_to_in(cm: f64) -> f64 {
    cm / CM_PER_IN
}

/// Inches to centimetres, to 2 decimals (fine enough to show again as entered, to 0.1 in).
pub fn in_to_cm(inches: f64) -> f64 {
    round_to(inches * CM_PER_IN, 2)
}

impl Units {
    /// The default for a household in time zone `tz` (an IANA name): US units in the
    /// United States and its territories, metric everywhere else.
    pub fn for_time_zone(tz: &str) -> Units {
        if is_us_zone(tz) {
            Units::Us
        } else {
            Units::Metric
        }
    }

    /// How this household shows a measurement of `kind` that kept no unit of its own; `None`
    /// for kinds without a measurement.
    pub fn for_kind(self, kind: EventKind) -> Option<EnteredUnit> {
        let us = self == Units::Us;
        Some(match kind {
            EventKind::Temperature if us => EnteredUnit::Fahrenheit,
            EventKind::Temperature => EnteredUnit::Celsius,
            EventKind::Weight if us => EnteredUnit::LbOz,
            EventKind::Weight => EnteredUnit::Kg,
            EventKind::Length | EventKind::Head if us => EnteredUnit::In,
            EventKind::Length | EventKind::Head => EnteredUnit::Cm,
            _ => return None,
        })
    }
}

/// The zones of the United States and its territories (canonical names and the old `US/`
/// aliases).
fn is_us_zone(tz: &str) -> bool {
    const ZONES: &[&str] = &[
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
        "America/Phoenix",
        "America/Anchorage",
        "America/Detroit",
        "America/Boise",
        "America/Juneau",
        "America/Sitka",
        "America/Yakutat",
        "America/Nome",
        "America/Metlakatla",
        "America/Adak",
        "America/Menominee",
        "America/Puerto_Rico",
        "America/St_Thomas",
        "America/Virgin",
        "Pacific/Honolulu",
        "Pacific/Guam",
        "Pacific/Saipan",
        "Pacific/Pago_Pago",
        "Pacific/Midway",
        "Pacific/Wake",
        "Pacific/Johnston",
        "Navajo",
    ];
    const PREFIXES: &[&str] = &[
        "America/Indiana/",
        "America/Kentucky/",
        "America/North_Dakota/",
        "US/",
    ];
    ZONES.contains(&tz) || PREFIXES.iter().any(|p| tz.starts_with(p))
}

impl EnteredUnit {
    /// The units a measurement of `kind` may be entered in.
    pub fn of_kind(kind: EventKind) -> &'static [EnteredUnit] {
        use EnteredUnit as U;
        match kind {
            EventKind::Temperature => &[U::Celsius, U::Fahrenheit],
            EventKind::Weight => &[U::Kg, U::LbOz],
            EventKind::Length | EventKind::Head => &[U::Cm, U::In],
            _ => &[],
        }
    }

    /// Checks that a measurement of `kind` may keep this unit, naming `entered_unit`.
    pub fn check(self, kind: EventKind) -> Result<(), FieldError> {
        let allowed = EnteredUnit::of_kind(kind);
        if allowed.contains(&self) {
            return Ok(());
        }
        Err(FieldError::new("entered_unit", "unit-unknown")
            .arg("kind", kind.to_string())
            .arg("value", self.id())
            .arg(
                "list",
                allowed
                    .iter()
                    .map(|u| u.id().to_owned())
                    .collect::<Vec<_>>(),
            ))
    }
}

/// A stored measurement as it is shown: the numbers in the unit to show it in, rounded for
/// display.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shown {
    /// °C to 0.1.
    Celsius(f64),
    /// °F to 0.1.
    Fahrenheit(f64),
    /// kg to 0.001 (as stored).
    Kg(f64),
    /// Whole pounds and ounces to 0.1.
    LbOz(u32, f64),
    /// cm to 0.1.
    Cm(f64),
    /// in to 0.1.
    In(f64),
}

impl Shown {
    /// A temperature (stored in °C) in `unit` (°F or °C; any other unit shows °C).
    pub fn temperature(celsius: f64, unit: EnteredUnit) -> Shown {
        match unit {
            EnteredUnit::Fahrenheit => {
                Shown::Fahrenheit(round_to(celsius_to_fahrenheit(celsius), 1))
            }
            _ => Shown::Celsius(round_to(celsius, 1)),
        }
    }

    /// A weight (stored in kg) in `unit` (lb and oz, or kg).
    pub fn weight(kg: f64, unit: EnteredUnit) -> Shown {
        match unit {
            EnteredUnit::LbOz => {
                let (lb, oz) = kg_to_lb_oz(kg);
                Shown::LbOz(lb, oz)
            }
            _ => Shown::Kg(round_to(kg, 3)),
        }
    }

    /// A length (stored in cm) in `unit` (in or cm).
    pub fn length(cm: f64, unit: EnteredUnit) -> Shown {
        match unit {
            EnteredUnit::In => Shown::In(round_to(cm_to_in(cm), 1)),
            _ => Shown::Cm(round_to(cm, 1)),
        }
    }
}

/// A temperature entered in °F, checked in °F (86–113 °F, the journal's 30–45 °C) and turned
/// into °C; a refusal names `field` and gives the range in °F.
pub fn fahrenheit_entry(f: f64, field: &str) -> Result<f64, FieldError> {
    let (lo, hi) = FAHRENHEIT_RANGE;
    if !f.is_finite() || !(lo..=hi).contains(&f) {
        return Err(FieldError::new(field, "fahrenheit-outside")
            .arg("value", f)
            .arg("min", lo)
            .arg("max", hi));
    }
    Ok(fahrenheit_to_celsius(f).clamp(CELSIUS_RANGE.0, CELSIUS_RANGE.1))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_fahrenheit_range_is_the_celsius_range() {
        let (lo, hi) = CELSIUS_RANGE;
        assert_eq!(celsius_to_fahrenheit(lo), FAHRENHEIT_RANGE.0);
        assert_eq!(celsius_to_fahrenheit(hi), FAHRENHEIT_RANGE.1);
    }

    #[test]
    fn known_values_convert() {
        assert_eq!(fahrenheit_to_celsius(100.4), 38.0);
        assert_eq!(fahrenheit_to_celsius(98.6), 37.0);
        assert_eq!(
            Shown::temperature(38.0, EnteredUnit::Fahrenheit),
            Shown::Fahrenheit(100.4)
        );
        assert_eq!(
            Shown::temperature(37.25, EnteredUnit::Celsius),
            Shown::Celsius(37.3)
        );
        assert_eq!(lb_oz_to_kg(8.0, 6.0), 3.799);
        assert_eq!(kg_to_lb_oz(3.799), (8, 6.0));
        assert_eq!(kg_to_lb_oz(KG_PER_LB * 7.0 + 0.000_01), (7, 0.0));
        // 15.96 oz rounds to 16.0 oz: a whole pound more, not "7 lb 16 oz".
        assert_eq!(kg_to_lb_oz(KG_PER_LB * (7.0 + 15.96 / 16.0)), (8, 0.0));
        assert_eq!(in_to_cm(20.5), 52.07);
        assert_eq!(Shown::length(52.07, EnteredUnit::In), Shown::In(20.5));
        assert_eq!(Shown::length(52.07, EnteredUnit::Cm), Shown::Cm(52.1));
        assert_eq!(Shown::weight(3.7996, EnteredUnit::Kg), Shown::Kg(3.8));
    }

    #[test]
    fn fahrenheit_is_checked_in_fahrenheit() {
        assert_eq!(fahrenheit_entry(100.4, "celsius"), Ok(38.0));
        assert_eq!(fahrenheit_entry(86.0, "celsius"), Ok(30.0));
        assert_eq!(fahrenheit_entry(113.0, "celsius"), Ok(45.0));
        let e = fahrenheit_entry(110.5 + 3.0, "celsius").unwrap_err();
        assert_eq!(
            e.to_string(),
            "celsius: fahrenheit-outside(value=113.5, min=86, max=113)"
        );
        assert!(fahrenheit_entry(85.9, "celsius").is_err());
        assert!(fahrenheit_entry(f64::NAN, "celsius").is_err());
        // A reading typed in °C into a °F field is refused, not read as freezing.
        assert!(fahrenheit_entry(37.5, "celsius").is_err());
    }

    #[test]
    fn us_zones_get_us_units() {
        for us in [
            "America/New_York",
            "America/Chicago",
            "America/Denver",
            "America/Los_Angeles",
            "America/Phoenix",
            "America/Anchorage",
            "Pacific/Honolulu",
            "America/Detroit",
            "America/Indiana/Indianapolis",
            "America/Kentucky/Louisville",
            "America/North_Dakota/Center",
            "America/Puerto_Rico",
            "Pacific/Guam",
            "US/Eastern",
        ] {
            assert_eq!(Units::for_time_zone(us), Units::Us, "{us}");
        }
        for metric in [
            "Europe/London",
            "Europe/Madrid",
            "America/Mexico_City",
            "America/Toronto",
            "America/Indianapolis_Not",
            "Asia/Yangon",
            "Africa/Monrovia",
            "UTC",
            "",
        ] {
            assert_eq!(Units::for_time_zone(metric), Units::Metric, "{metric}");
        }
    }

    #[test]
    fn each_kind_takes_its_own_units() {
        assert_eq!(
            EnteredUnit::Fahrenheit.check(EventKind::Temperature),
            Ok(())
        );
        assert_eq!(EnteredUnit::LbOz.check(EventKind::Weight), Ok(()));
        assert_eq!(EnteredUnit::In.check(EventKind::Head), Ok(()));
        let e = EnteredUnit::Fahrenheit
            .check(EventKind::Weight)
            .unwrap_err();
        assert_eq!(e.field, "entered_unit");
        assert_eq!(e.code, "unit-unknown");
        assert!(EnteredUnit::Kg.check(EventKind::Note).is_err());
        assert_eq!(
            Units::Us.for_kind(EventKind::Weight),
            Some(EnteredUnit::LbOz)
        );
        assert_eq!(
            Units::Metric.for_kind(EventKind::Head),
            Some(EnteredUnit::Cm)
        );
        assert_eq!(Units::Us.for_kind(EventKind::Feeding), None);
    }

    proptest! {
        /// A reading entered in °F to 0.1 shows again as entered.
        #[test]
        fn fahrenheit_round_trips(tenths in 860u32..=1130) {
            let f = f64::from(tenths) / 10.0;
            let c = fahrenheit_entry(f, "celsius").unwrap();
            prop_assert!((CELSIUS_RANGE.0..=CELSIUS_RANGE.1).contains(&c));
            prop_assert_eq!(Shown::temperature(c, EnteredUnit::Fahrenheit), Shown::Fahrenheit(f));
        }

        /// A weight entered in lb and oz (to 0.1 oz) shows again as entered.
        #[test]
        fn lb_oz_round_trips(lb in 0u32..=66, tenths_oz in 0u32..160) {
            let oz = f64::from(tenths_oz) / 10.0;
            let kg = lb_oz_to_kg(f64::from(lb), oz);
            let (l, o) = kg_to_lb_oz(kg);
            prop_assert_eq!((l, o), (lb, oz), "{} kg", kg);
        }

        /// A length entered in inches (to 0.1) shows again as entered.
        #[test]
        fn inches_round_trip(tenths in 0u32..=600) {
            let i = f64::from(tenths) / 10.0;
            prop_assert_eq!(Shown::length(in_to_cm(i), EnteredUnit::In), Shown::In(i));
        }

        /// A stored °C reading shown in °F is within 0.05 °F of the exact value.
        #[test]
        fn fahrenheit_shown_is_close(c in 30.0f64..=45.0) {
            let Shown::Fahrenheit(f) = Shown::temperature(c, EnteredUnit::Fahrenheit) else {
                unreachable!()
            };
            prop_assert!((f - celsius_to_fahrenheit(c)).abs() <= 0.05 + 1e-9);
        }
    }
}
