//! Does it help *our* baby? (issue 16): a baby's soothe days over a range of dates, and
//! massage days against other days for one outcome over the last full days, adjusted for
//! the baby's age. Every member reads them. The sums and the comparison are the core's
//! (`soothe_core::insights`); this reads the journal and the clock.
//!
//! A soothe day runs from the household's night-end hour to the same hour the next day in
//! its zone, its night from the night-start hour: the household settings' night hours
//! (19:00 and 07:00 by default), which also turn the pages dark.

use jiff::civil::Date;
use soothe_core::insights::{
    DayHours, Insight, Outcome, Period, SootheDay, insight, last_full_day, soothe_days,
};
use soothe_core::journal::{Event, FieldError};
use soothe_core::time::{FIRST_DAY, LAST_DAY};
use soothe_store::Scope;

use crate::{App, Error, Result};

/// The most days [`App::days`] answers at once (two years and a day, as the insights).
pub const MAX_RANGE_DAYS: u32 = soothe_core::insights::stats::MAX_PERIOD_DAYS;

/// The comparison for one outcome, with the baby's name for its words.
#[derive(Debug, Clone, PartialEq)]
pub struct InsightView {
    /// The comparison.
    pub insight: Insight,
    /// The baby's name, as the words say it.
    pub name: String,
}

impl App {
    /// The hours of the household's soothe days: its night hours (by default 19:00 to
    /// 07:00); hours that do not make a day (never stored) fall back to the defaults.
    pub(crate) async fn day_hours(&self, scope: &Scope) -> Result<DayHours> {
        let s = self.household_settings(scope).await?;
        Ok(DayHours::new(s.night_start_hour, s.night_end_hour).unwrap_or_default())
    }

    /// The soothe day it is now in the household's zone (from the night-end hour).
    pub async fn soothe_today(&self, scope: &Scope) -> Result<Date> {
        Ok(self
            .day_hours(scope)
            .await?
            .date_of(self.now(), scope.time_zone()))
    }

    /// A baby's soothe days from `from` to `to` (both included, at most
    /// [`MAX_RANGE_DAYS`]), as seen now: today's day holds what is logged so far, later days
    /// are empty. Refused on `from`: after `to` (`from-after-to`), a range too long
    /// (`range-too-long`); a date outside the days soothe can count (`at-outside-days`, on
    /// its field). `NotFound` for another household's baby.
    pub async fn days(
        &self,
        scope: &Scope,
        baby: &str,
        from: Date,
        to: Date,
    ) -> Result<Vec<SootheDay>> {
        check_range(from, to)?;
        self.store.baby(scope, baby).await?;
        self.days_of(scope, baby, from, to).await
    }

    /// Massage days against other days for `outcome` (one of [`Outcome::ALL`]'s ids) over
    /// the `days` (14–731) full soothe days that end with yesterday's, adjusted for the
    /// baby's age. Refused by field: an unknown outcome (`outcome-unknown`, listing the
    /// known), `days` outside 14–731 (`outside`). `NotFound` for another household's baby.
    pub async fn insights(
        &self,
        scope: &Scope,
        baby: &str,
        outcome: &str,
        days: u32,
    ) -> Result<InsightView> {
        let parsed = self::outcome(outcome);
        let last = last_full_day(self.now(), scope.time_zone(), self.day_hours(scope).await?);
        let (outcome, period) = both(parsed, Period::ending(last, days))?;
        let found = self.store.baby(scope, baby).await?;
        let days = self.days_of(scope, baby, period.from, period.to).await?;
        Ok(InsightView {
            insight: insight(&days, outcome, period),
            name: found.name.unwrap_or_default(),
        })
    }

    /// The soothe days of a known baby, from the events that can reach into them.
    pub(crate) async fn days_of(
        &self,
        scope: &Scope,
        baby: &str,
        from: Date,
        to: Date,
    ) -> Result<Vec<SootheDay>> {
        let tz = scope.time_zone();
        let hours = self.day_hours(scope).await?;
        let now = self.now();
        let (Some(first), Some(last)) = (hours.bounds(from, tz), hours.bounds(to, tz)) else {
            return Ok(soothe_days(&[], tz, hours, from, to, now));
        };
        // Nothing starts after now; the store adds the day before `first.start`, so a sleep
        // that began the evening before is cut at the day's edge rather than lost.
        let until = last.end.min(now.max(first.start));
        let events: Vec<Event> = if until > first.start {
            self.store
                .events_around(scope, baby, first.start, until)
                .await?
        } else {
            Vec::new()
        };
        Ok(soothe_days(&events, tz, hours, from, to, now))
    }
}

/// Both values, or every field refused at once (a form with two wrong fields names both).
pub(crate) fn both<A, B>(
    a: std::result::Result<A, FieldError>,
    b: std::result::Result<B, FieldError>,
) -> Result<(A, B)> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (a, b) => Err(Error::Invalid(a.err().into_iter().chain(b.err()).collect())),
    }
}

/// The outcome named `id`, or its refusal (`outcome-unknown`, listing the known).
pub(crate) fn outcome(id: &str) -> Result<Outcome, FieldError> {
    id.parse::<Outcome>().map_err(|_| {
        FieldError::new("outcome", "outcome-unknown")
            .arg("value", id)
            .arg(
                "list",
                Outcome::ALL
                    .iter()
                    .map(|o| o.id().to_owned())
                    .collect::<Vec<_>>(),
            )
    })
}

/// `from` to `to` is a range the days can be counted over. The range's refusals are on
/// `from` (the API's `to` shares its name, and its label, with an email channel's field).
fn check_range(from: Date, to: Date) -> Result<()> {
    let outside = |field: &str, d: Date| {
        Error::Invalid(vec![
            FieldError::new(field, "at-outside-days")
                .arg("value", d)
                .arg("min", FIRST_DAY)
                .arg("max", LAST_DAY),
        ])
    };
    if !(FIRST_DAY..=LAST_DAY).contains(&from) {
        return Err(outside("from", from));
    }
    if from > to {
        return Err(Error::invalid("from", "from-after-to")
            .arg("value", from)
            .arg("to", to));
    }
    let days = from.until(to).map_or(i64::MAX, |s| i64::from(s.get_days())) + 1;
    if days > i64::from(MAX_RANGE_DAYS) {
        return Err(Error::invalid("from", "range-too-long")
            .arg("value", from)
            .arg("to", to)
            .arg("days", days)
            .arg("max", MAX_RANGE_DAYS));
    }
    if to > LAST_DAY {
        return Err(outside("to", to));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_range_is_checked_by_field() {
        assert!(check_range(date(2026, 11, 1), date(2026, 11, 1)).is_ok());
        let e = check_range(date(2026, 11, 2), date(2026, 11, 1)).expect_err("reversed");
        assert_eq!(e.code(), "from-after-to");
        let Error::Invalid(f) = e else { panic!() };
        assert_eq!(f[0].field, "from");
        // 731 days is the most.
        assert!(check_range(date(2025, 1, 1), date(2027, 1, 1)).is_ok());
        let e = check_range(date(2025, 1, 1), date(2027, 1, 2)).expect_err("too long");
        assert_eq!(e.code(), "range-too-long");
        let Error::Invalid(f) = e else { panic!() };
        assert_eq!(f[0].field, "from");
        assert!(f[0].args.contains(&("days", 732.into())), "{:?}", f[0].args);
        let e = check_range(date(1899, 12, 31), date(2026, 1, 1)).expect_err("outside");
        assert_eq!(e.code(), "at-outside-days");
        let e = check_range(date(2999, 12, 1), date(3000, 1, 1)).expect_err("outside");
        let Error::Invalid(f) = e else { panic!() };
        assert_eq!((f[0].field.as_str(), f[0].code), ("to", "at-outside-days"));
    }
}
