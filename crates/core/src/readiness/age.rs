//! Age, prematurity and corrected age.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

use super::input::{Baby, Birth, Maturity};
use crate::time::LocalTime;

/// Full term, in days of gestation (40+0).
const TERM_DAYS: i64 = 280;
/// Born before 37+0 weeks is preterm.
const PRETERM_BEFORE_DAYS: i64 = 37 * 7;
/// Born more than this many days before the due date is preterm.
const PRETERM_DUE_MARGIN_DAYS: i64 = 21;

/// The baby's age at `now`, as the readiness check reports it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Age {
    /// Days since birth (calendar days in the offset of `now`).
    pub days: i64,
    /// Days since birth minus the days born early; negative before the due date.
    pub corrected_days: i64,
    /// Born before 37+0 weeks, or more than 21 days before the due date.
    pub preterm: bool,
    /// Three calendar months or older (chronological age).
    #[serde(skip)]
    pub three_months: bool,
    /// Six calendar months or older (chronological age).
    #[serde(skip)]
    pub six_months: bool,
    /// Three calendar months or older in corrected age.
    #[serde(skip)]
    pub three_months_corrected: bool,
}

/// The birth date in the offset of `now`.
pub fn birth_date(baby: &Baby, now: LocalTime) -> Date {
    match baby.born {
        Birth::Date(d) => d,
        Birth::At(t) => t.with_offset(now.offset).date(),
    }
}

/// Days the baby was born before term, when preterm (0 otherwise).
fn days_early(baby: &Baby, born: Date) -> (bool, i64) {
    match baby.maturity {
        Some(Maturity::Gestation(g)) => {
            let ga = i64::from(g.days());
            if ga < PRETERM_BEFORE_DAYS {
                (true, TERM_DAYS - ga)
            } else {
                (false, 0)
            }
        }
        Some(Maturity::Due(due)) => {
            let early = days_between(born, due);
            if early > PRETERM_DUE_MARGIN_DAYS {
                (true, early)
            } else {
                (false, 0)
            }
        }
        None => (false, 0),
    }
}

/// Whole calendar days from `a` to `b`.
pub fn days_between(a: Date, b: Date) -> i64 {
    a.until(b).map(|s| i64::from(s.get_days())).unwrap_or(0)
}

/// Whether `now` is at least `months` calendar months after `from`.
fn at_least_months(from: Date, now: Date, months: i64) -> bool {
    from.checked_add(months.months()).is_ok_and(|d| now >= d)
}

/// The baby's age at `now`.
pub fn age(baby: &Baby, now: LocalTime) -> Age {
    let born = birth_date(baby, now);
    let today = now.date();
    let days = days_between(born, today);
    let (preterm, early) = days_early(baby, born);
    let corrected_birth = born.checked_add(early.days()).unwrap_or(born);
    Age {
        days,
        corrected_days: days - early,
        preterm,
        three_months: at_least_months(born, today, 3),
        six_months: at_least_months(born, today, 6),
        three_months_corrected: at_least_months(corrected_birth, today, 3),
    }
}

/// Whether the baby was under 24 hours old at `t`. With only a birth date, the latest
/// possible birth (the end of that day) is assumed, so that an early warning is never missed.
pub fn under_24_hours_at(baby: &Baby, t: LocalTime) -> bool {
    let latest_birth_seconds = match baby.born {
        Birth::At(b) => b.instant.as_second(),
        Birth::Date(d) => match t.offset.to_timestamp(d.at(23, 59, 59, 0)) {
            Ok(ts) => ts.as_second(),
            Err(_) => return true,
        },
    };
    t.instant.as_second() - latest_birth_seconds < 24 * 3600
}
