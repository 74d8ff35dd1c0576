//! Growth against the WHO Child Growth Standards (2006): weight, length and head
//! circumference placed by z-score and percentile for the baby's sex and age in days, with
//! corrected age for babies born early, and the flags a doctor would want noticed — never a
//! diagnosis.
//!
//! # The method, as the WHO gives it
//!
//! - **Tables**: the WHO's expanded tables, LMS by sex and age in days (content/growth,
//!   source in its README): weight-for-age and head circumference-for-age from birth to day
//!   1856 (5 years), length-for-age from birth to day 730 (lying down; from day 731 the
//!   standard is standing height, which soothe does not record). Ages are whole days; no
//!   interpolation is needed.
//! - **z-score**: z = ((x/M)^L − 1)/(L·S), or ln(x/M)/S when L = 0. For **weight** the
//!   WHO's *restricted* application applies beyond ±3 (see [`Lms::z_restricted`]), as in
//!   the WHO's own software (igrowup and the `anthro` R package: weight uses the adjusted
//!   score; length and head circumference the plain one). Length and head circumference
//!   have L = 1 at every age, where the two methods agree anyway.
//! - **Implausible values** use the WHO's flag limits: weight z below −6 or above 5,
//!   length |z| above 6, head circumference |z| above 5 ([`Reading::Implausible`]): most
//!   likely a measuring or typing slip. (The WHO compares the z-score rounded to two
//!   decimals; soothe compares it unrounded, which differs only within 0.005 of a limit.)
//! - **Percentile** = 100·Φ(z) ([`normal_cdf`]).
//!
//! # Corrected age
//!
//! A baby born before 37+0 weeks of gestation (or more than 21 days before the due date,
//! as the readiness check counts it) is placed at **corrected age** = age − (40+0 weeks −
//! gestation at birth) while the chronological age is at most 730 days (24 months; the
//! WHO's tables put 24 months at day 730.5). From day 731 the chronological age is used.
//! Both ages are returned ([`Ages`]). Before the corrected age reaches 0 (before the due
//! date) the WHO standards, which start at term birth, do not apply:
//! [`Reading::OutsideAges`].
//!
//! # Flags: "mention this at your next check-up"
//!
//! A measurement gets [`Flag`]s, each of which means "mention this at your next check-up"
//! ([`MENTION_KEY`]), when it is below the 2nd or above the 98th percentile, or when it has
//! moved across two or more **major percentile lines** since an earlier measurement.
//!
//! The major lines are those of the UK-WHO charts, drawn from the same WHO standards: the
//! 0.4th, 2nd, 9th, 25th, 50th, 75th, 91st, 98th and 99.6th percentiles ([`MAJOR_LINES`]).
//! They are evenly spaced, about two-thirds of a standard deviation apart, so "two lines"
//! is a change of about the same size anywhere on the chart, and the guidance on crossing
//! lines (two or more spaces) was written for them. The WHO's own chart lines (3rd, 15th,
//! 50th, 85th, 97th) are unevenly spaced (0.84 then 1.04 SD), so counting them would flag
//! changes of different sizes; those lines are still the ones drawn as bands ([`bands`]).
//! The lines sit at their exact percentiles (z = Φ⁻¹(p/100); "below the 2nd" is z below
//! −2.054, so the percentile shown and the flag always agree), a hair from where the UK-WHO
//! charts draw them (at multiples of ⅔ SD).
//!
//! Weight commonly drops and comes back in the first two weeks, and length and head are
//! hard to measure at birth, so a measurement taken before day 14 is not used as the
//! earlier end of a crossing; two measurements on the same day are not compared either, nor
//! one placed at corrected age with one placed at chronological age (for a baby born early,
//! the switch at 24 months moves the z-score by itself). Measurements beyond the plausible
//! limits are left out of crossings.

mod lms;
mod normal;
mod table;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

pub use lms::Lms;
pub use normal::{erfc, normal_cdf};
pub use table::{FILES, HEADER, Table, table};

use crate::journal::{EventKind, Sex};
use crate::readiness::age::days_between;
use crate::readiness::input::Maturity;

vocab!(
    /// What is measured, each against its WHO standard.
    Indicator {
        /// Weight-for-age, in kg.
        WeightForAge = "weight_for_age",
        /// Length-for-age (lying down, birth to 24 months), in cm.
        LengthForAge = "length_for_age",
        /// Head circumference-for-age, in cm.
        HeadForAge = "head_circumference_for_age",
    }
);

impl Indicator {
    /// The indicator of a journal measurement kind (weight, length, head).
    pub fn for_kind(kind: EventKind) -> Option<Indicator> {
        match kind {
            EventKind::Weight => Some(Indicator::WeightForAge),
            EventKind::Length => Some(Indicator::LengthForAge),
            EventKind::Head => Some(Indicator::HeadForAge),
            _ => None,
        }
    }

    /// The journal's kind of event this indicator reads.
    pub fn kind(self) -> EventKind {
        match self {
            Indicator::WeightForAge => EventKind::Weight,
            Indicator::LengthForAge => EventKind::Length,
            Indicator::HeadForAge => EventKind::Head,
        }
    }

    /// The unit of its values: `kg` or `cm`.
    pub fn unit(self) -> &'static str {
        match self {
            Indicator::WeightForAge => "kg",
            Indicator::LengthForAge | Indicator::HeadForAge => "cm",
        }
    }

    /// The message naming it (`growth-weight-for-age`, …).
    pub fn message_key(self) -> &'static str {
        match self {
            Indicator::WeightForAge => "growth-weight-for-age",
            Indicator::LengthForAge => "growth-length-for-age",
            Indicator::HeadForAge => "growth-head-circumference-for-age",
        }
    }

    /// The last day of age its table covers (730 for length, 1856 for the others).
    pub fn last_day(self) -> i64 {
        table(self).last_day()
    }

    /// Whether the WHO scores it with the restricted LMS method (weight only).
    pub fn restricted(self) -> bool {
        self == Indicator::WeightForAge
    }

    /// The WHO's limits of a plausible z-score, inclusive: (−6, 5) for weight, (−6, 6)
    /// for length, (−5, 5) for head circumference.
    pub fn plausible(self) -> (f64, f64) {
        match self {
            Indicator::WeightForAge => (-6.0, 5.0),
            Indicator::LengthForAge => (-6.0, 6.0),
            Indicator::HeadForAge => (-5.0, 5.0),
        }
    }
}

/// Full term: 40+0 weeks, in days.
pub const TERM_DAYS: u16 = 280;
/// Born before 37+0 weeks (259 days) is born early.
pub const EARLY_BEFORE_DAYS: u16 = 37 * 7;
/// Corrected age is used while the chronological age is at most this many days (24 months).
pub const CORRECT_UNTIL_DAYS: i64 = 730;
/// A measurement before this many days of age is not the earlier end of a crossing.
pub const CROSSING_FROM_DAYS: i64 = 14;

/// How early a baby was born, for corrected age.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Prematurity {
    days_early: u16,
}

impl Prematurity {
    /// Born at term (37+0 weeks or later): no correction.
    pub const TERM: Prematurity = Prematurity { days_early: 0 };

    /// From the gestation at birth in days: before 37+0 weeks, 40+0 weeks minus it.
    pub fn from_gestation_days(days: u16) -> Prematurity {
        if days < EARLY_BEFORE_DAYS {
            Prematurity {
                days_early: TERM_DAYS - days,
            }
        } else {
            Prematurity::TERM
        }
    }

    /// From how many days before the due date the baby was born: more than 21 (the same
    /// as before 37+0 weeks), those days.
    pub fn from_days_before_due(days: i64) -> Prematurity {
        if days > i64::from(TERM_DAYS - EARLY_BEFORE_DAYS) {
            Prematurity {
                days_early: u16::try_from(days).unwrap_or(u16::MAX),
            }
        } else {
            Prematurity::TERM
        }
    }

    /// From a baby's profile: the gestation at birth or the due date, born on `born`.
    pub fn from_maturity(maturity: Option<Maturity>, born: Date) -> Prematurity {
        match maturity {
            Some(Maturity::Gestation(g)) => Prematurity::from_gestation_days(g.days()),
            Some(Maturity::Due(due)) => Prematurity::from_days_before_due(days_between(born, due)),
            None => Prematurity::TERM,
        }
    }

    /// Days born before 40+0 weeks (0 at term).
    pub fn days_early(self) -> u16 {
        self.days_early
    }
}

/// A measurement's ages.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Ages {
    /// Days since birth (chronological age).
    pub days: i64,
    /// Days since birth minus the days born early, when corrected age applies (born before
    /// 37+0 weeks and at most 730 days old); `None` otherwise.
    pub corrected_days: Option<i64>,
}

impl Ages {
    /// The ages of a baby `days` old.
    pub fn new(days: i64, prematurity: Prematurity) -> Ages {
        let early = i64::from(prematurity.days_early);
        Ages {
            days,
            corrected_days: (early > 0 && days <= CORRECT_UNTIL_DAYS).then(|| days - early),
        }
    }

    /// The age the standards are read at: the corrected age when it applies.
    pub fn placed_days(self) -> i64 {
        self.corrected_days.unwrap_or(self.days)
    }
}

/// One measurement: age in days since birth and the value in kg (weight) or cm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measurement {
    /// Days since birth (chronological).
    pub age_days: i64,
    /// The value, in the indicator's unit.
    pub value: f64,
}

/// A major percentile line (UK-WHO charts): the percentile and its z-score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    /// The percentile, e.g. 2.0 for the 2nd.
    pub percentile: f64,
    /// Its z-score, Φ⁻¹(percentile/100).
    pub z: f64,
}

const fn line(percentile: f64, z: f64) -> Line {
    Line { percentile, z }
}

/// The nine major percentile lines whose crossing counts (see the module's docs).
pub const MAJOR_LINES: [Line; 9] = [
    line(0.4, -2.652_069_807_902_195),
    line(2.0, -2.053_748_910_631_822_5),
    line(9.0, -1.340_755_033_690_216_5),
    line(25.0, -0.674_489_750_196_081_7),
    line(50.0, 0.0),
    line(75.0, 0.674_489_750_196_081_7),
    line(91.0, 1.340_755_033_690_216_5),
    line(98.0, 2.053_748_910_631_822_5),
    line(99.6, 2.652_069_807_902_195),
];

/// The percentile bands drawn on a chart (the WHO's chart lines): 3rd, 15th, 50th, 85th,
/// 97th.
pub const BAND_LINES: [Line; 5] = [
    line(3.0, -1.880_793_608_151_251),
    line(15.0, -1.036_433_389_493_789_4),
    line(50.0, 0.0),
    line(85.0, 1.036_433_389_493_789_4),
    line(97.0, 1.880_793_608_151_251),
];

/// Below this z-score is below the 2nd percentile.
pub const Z_P2: f64 = MAJOR_LINES[1].z;
/// Above this z-score is above the 98th percentile.
pub const Z_P98: f64 = MAJOR_LINES[7].z;

/// The message every flag leads to: "mention this at your next check-up".
pub const MENTION_KEY: &str = "growth-mention-at-check-up";

/// Why a measurement is worth mentioning at the next check-up. Never a diagnosis.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "flag", rename_all = "snake_case")]
pub enum Flag {
    /// Below the 2nd percentile.
    BelowP2,
    /// Above the 98th percentile.
    AboveP98,
    /// Moved down across `lines` major percentile lines since the measurement at
    /// `since_days` days of age.
    CrossedDown {
        /// How many major lines lie between the two measurements (2 or more).
        lines: u8,
        /// The earlier measurement's chronological age in days.
        since_days: i64,
    },
    /// Moved up across `lines` major percentile lines since the measurement at
    /// `since_days` days of age.
    CrossedUp {
        /// How many major lines lie between the two measurements (2 or more).
        lines: u8,
        /// The earlier measurement's chronological age in days.
        since_days: i64,
    },
}

impl Flag {
    /// The stable id: `below_p2`, `above_p98`, `crossed_down`, `crossed_up`.
    pub fn id(self) -> &'static str {
        match self {
            Flag::BelowP2 => "below_p2",
            Flag::AboveP98 => "above_p98",
            Flag::CrossedDown { .. } => "crossed_down",
            Flag::CrossedUp { .. } => "crossed_up",
        }
    }

    /// The message that says what was noticed (a crossing's takes `$lines`); always shown
    /// with [`MENTION_KEY`].
    pub fn message_key(self) -> &'static str {
        match self {
            Flag::BelowP2 => "growth-flag-below-p2",
            Flag::AboveP98 => "growth-flag-above-p98",
            Flag::CrossedDown { .. } => "growth-flag-crossed-down",
            Flag::CrossedUp { .. } => "growth-flag-crossed-up",
        }
    }
}

/// A measurement placed against the standard.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placement {
    /// The ages; the standard was read at [`Ages::placed_days`].
    pub ages: Ages,
    /// The value, in kg or cm.
    pub value: f64,
    /// The z-score (unrounded).
    pub z: f64,
    /// The percentile, 0 to 100 (unrounded).
    pub percentile: f64,
    /// What to mention at the next check-up; empty when nothing.
    pub flags: Vec<Flag>,
}

impl Placement {
    /// Whether to say "mention this at your next check-up".
    pub fn mention(&self) -> bool {
        !self.flags.is_empty()
    }
}

/// What a measurement says against the standard.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Reading {
    /// Placed: z-score, percentile and flags.
    Placed(Placement),
    /// Beyond the WHO's plausible limits ([`Indicator::plausible`]): most likely a slip in
    /// measuring or typing; worth checking, and mentioning if it is right. Its flags are
    /// computed but it is left out of crossings.
    Implausible(Placement),
    /// The standards differ for girls and boys, and the baby's sex is not known.
    NeedsSex,
    /// The age (corrected when it applies) is outside the table: before birth, before the
    /// due date for a baby born early, or past the table's last day.
    OutsideAges {
        /// The measurement's ages.
        ages: Ages,
        /// The table's last day.
        last_day: i64,
    },
    /// The value is not a number above zero.
    InvalidValue,
}

impl Reading {
    /// The stable id: `placed`, `implausible`, `needs_sex`, `outside_ages`,
    /// `invalid_value`.
    pub fn id(&self) -> &'static str {
        match self {
            Reading::Placed(_) => "placed",
            Reading::Implausible(_) => "implausible",
            Reading::NeedsSex => "needs_sex",
            Reading::OutsideAges { .. } => "outside_ages",
            Reading::InvalidValue => "invalid_value",
        }
    }

    /// The placement, placed or implausible.
    pub fn placement(&self) -> Option<&Placement> {
        match self {
            Reading::Placed(p) | Reading::Implausible(p) => Some(p),
            _ => None,
        }
    }

    /// The message that explains a reading without a plain placement; `None` when placed.
    /// Before the due date of a baby born early the message says so
    /// (`growth-before-due-date`).
    pub fn message_key(&self) -> Option<&'static str> {
        match self {
            Reading::Placed(_) => None,
            Reading::Implausible(_) => Some("growth-implausible"),
            Reading::NeedsSex => Some("growth-needs-sex"),
            Reading::OutsideAges { ages, .. }
                if ages.days >= 0 && ages.corrected_days.is_some_and(|c| c < 0) =>
            {
                Some("growth-before-due-date")
            }
            Reading::OutsideAges { .. } => Some("growth-outside-ages"),
            Reading::InvalidValue => Some("growth-invalid-value"),
        }
    }
}

/// The z-score of `value` for `sex` at `day` of age (no correction: the day is the one the
/// table is read at), by the WHO's method for `indicator`; `None` outside the table's days
/// or for a value that is not a number above zero.
pub fn z_score(indicator: Indicator, sex: Sex, day: i64, value: f64) -> Option<f64> {
    if !(value.is_finite() && value > 0.0) {
        return None;
    }
    let lms = table(indicator).at(sex, day)?;
    Some(if indicator.restricted() {
        lms.z_restricted(value)
    } else {
        lms.z(value)
    })
}

/// The value at z-score `z` for `sex` at `day` of age: the inverse of [`z_score`]. `None`
/// outside the table's days, or when the value would not be above zero.
pub fn value_at(indicator: Indicator, sex: Sex, day: i64, z: f64) -> Option<f64> {
    let lms = table(indicator).at(sex, day)?;
    let v = if indicator.restricted() {
        lms.value_restricted(z)
    } else {
        lms.value(z)
    };
    (v.is_finite() && v > 0.0).then_some(v)
}

/// The percentile (0 to 100) of a z-score.
pub fn percentile(z: f64) -> f64 {
    100.0 * normal_cdf(z)
}

/// The values of the chart's bands at one age, in kg or cm.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bands {
    /// The day of age.
    pub day: i64,
    /// 3rd percentile.
    pub p3: f64,
    /// 15th percentile.
    pub p15: f64,
    /// 50th percentile (the median).
    pub p50: f64,
    /// 85th percentile.
    pub p85: f64,
    /// 97th percentile.
    pub p97: f64,
}

/// The band values ([`BAND_LINES`]) for `sex` at `day` of age, for drawing the curves;
/// `None` outside the table's days.
pub fn bands(indicator: Indicator, sex: Sex, day: i64) -> Option<Bands> {
    let v = |i: usize| value_at(indicator, sex, day, BAND_LINES[i].z);
    Some(Bands {
        day,
        p3: v(0)?,
        p15: v(1)?,
        p50: v(2)?,
        p85: v(3)?,
        p97: v(4)?,
    })
}

/// Places one measurement for a baby of `sex` (`None`: not known) born `prematurity`
/// early. Crossings need a series: see [`series`].
pub fn place(
    indicator: Indicator,
    sex: Option<Sex>,
    prematurity: Prematurity,
    m: Measurement,
) -> Reading {
    let Some(sex) = sex else {
        return Reading::NeedsSex;
    };
    if !(m.value.is_finite() && m.value > 0.0) {
        return Reading::InvalidValue;
    }
    let ages = Ages::new(m.age_days, prematurity);
    let last_day = indicator.last_day();
    let outside = Reading::OutsideAges { ages, last_day };
    if ages.days < 0 {
        return outside;
    }
    let Some(z) = z_score(indicator, sex, ages.placed_days(), m.value) else {
        return outside;
    };
    let mut flags = Vec::new();
    if z < Z_P2 {
        flags.push(Flag::BelowP2);
    } else if z > Z_P98 {
        flags.push(Flag::AboveP98);
    }
    let placement = Placement {
        ages,
        value: m.value,
        z,
        percentile: percentile(z),
        flags,
    };
    let (low, high) = indicator.plausible();
    if (low..=high).contains(&z) {
        Reading::Placed(placement)
    } else {
        Reading::Implausible(placement)
    }
}

/// How many major lines lie between two z-scores: the lines they are on different sides
/// of, a score exactly on a line counting as above it.
pub fn lines_between(from: f64, to: f64) -> u8 {
    let n = MAJOR_LINES
        .iter()
        .filter(|l| (from < l.z) != (to < l.z))
        .count();
    u8::try_from(n).unwrap_or(u8::MAX)
}

/// Places a series of measurements of one kind, in the order given, and flags crossings:
/// each placed measurement is compared with every earlier placed one (by age, from day
/// [`CROSSING_FROM_DAYS`], not the same day, and both at corrected age or both not: the
/// switch to chronological age at 24 months is not growth), and the one it moved furthest
/// from (the latest, on a tie) gives a [`Flag::CrossedDown`] or [`Flag::CrossedUp`] when
/// two or more major lines lie between them.
pub fn series(
    indicator: Indicator,
    sex: Option<Sex>,
    prematurity: Prematurity,
    measurements: &[Measurement],
) -> Vec<Reading> {
    let mut readings: Vec<Reading> = measurements
        .iter()
        .map(|m| place(indicator, sex, prematurity, *m))
        .collect();
    let mut order: Vec<usize> = (0..readings.len()).collect();
    order.sort_by_key(|&i| measurements[i].age_days);
    let placed = |r: &Reading| match r {
        Reading::Placed(p) => Some((p.ages.days, p.ages.corrected_days.is_some(), p.z)),
        _ => None,
    };
    let mut crossings = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        let Some((days, corrected, z)) = placed(&readings[i]) else {
            continue;
        };
        let mut best: Option<(u8, i64, f64)> = None;
        for &j in &order[..k] {
            let Some((earlier_days, earlier_corrected, earlier_z)) = placed(&readings[j]) else {
                continue;
            };
            if earlier_days < CROSSING_FROM_DAYS
                || earlier_days == days
                || earlier_corrected != corrected
            {
                continue;
            }
            let lines = lines_between(earlier_z, z);
            if lines >= 2 && best.is_none_or(|(most, _, _)| lines >= most) {
                best = Some((lines, earlier_days, earlier_z));
            }
        }
        if let Some((lines, since_days, earlier_z)) = best {
            let flag = if z < earlier_z {
                Flag::CrossedDown { lines, since_days }
            } else {
                Flag::CrossedUp { lines, since_days }
            };
            crossings.push((i, flag));
        }
    }
    for (i, flag) in crossings {
        if let Reading::Placed(p) = &mut readings[i] {
            p.flags.push(flag);
        }
    }
    readings
}
