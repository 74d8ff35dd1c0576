//! Instants as soothe's contracts write them: RFC 3339 with a UTC offset.
//!
//! The offset is kept beside the instant because output is written in the offset of `now`,
//! and because a local date ("today", the birth date) only means something in an offset.

use std::fmt;

use jiff::civil::{Date, DateTime};
use jiff::fmt::temporal::Pieces;
use jiff::tz::Offset;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An instant together with the UTC offset it is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    /// The instant.
    pub instant: Timestamp,
    /// The offset it is written in.
    pub offset: Offset,
}

/// Why a time could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    /// Not a date-time at all.
    #[error("`{0}` is not an RFC 3339 date-time (e.g. 2026-11-21T10:00:00+01:00)")]
    Malformed(String),
    /// A date without a time of day.
    #[error("`{0}` is a date; a date-time with a UTC offset is needed (e.g. {0}T10:00:00+01:00)")]
    DateOnly(String),
    /// A local time with no offset, which names no instant.
    #[error("`{0}` has no UTC offset; add one, e.g. `{0}+01:00` or `{0}Z`")]
    NoOffset(String),
    /// An offset no place on Earth uses (beyond ±14:00).
    #[error("`{0}` has the UTC offset {1}, which no place uses; offsets run from -14:00 to +14:00")]
    Offset(String, String),
    /// A date-time beyond the range soothe can count in.
    #[error("`{0}` is too far in the past or the future for soothe; check the year")]
    OutOfRange(String),
}

/// The first day soothe shows or counts (a page or a query for an earlier day is refused).
pub const FIRST_DAY: Date = jiff::civil::date(1900, 1, 1);
/// The last day soothe shows or counts.
pub const LAST_DAY: Date = jiff::civil::date(2999, 12, 31);

/// Reads a day as a page's or the API's `day` parameter gives it (`YYYY-MM-DD`), between
/// [`FIRST_DAY`] and [`LAST_DAY`], so that counting its hours in any time zone never runs off
/// the calendar.
pub fn parse_day(s: &str) -> Result<Date, String> {
    let day: Date = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a date; write it as YYYY-MM-DD"))?;
    if !(FIRST_DAY..=LAST_DAY).contains(&day) {
        return Err(format!(
            "`{s}` is outside the days soothe can show ({FIRST_DAY} to {LAST_DAY}); pick another day"
        ));
    }
    Ok(day)
}

/// The largest UTC offset in use on Earth (Kiribati, +14:00); -12:00 is the other end.
pub const MAX_OFFSET_HOURS: i32 = 14;

/// Whether an offset is one a place on Earth could use (within ±14:00).
pub fn offset_in_use(offset: Offset) -> bool {
    offset.seconds().abs() <= MAX_OFFSET_HOURS * 3600
}

impl LocalTime {
    /// Parses an RFC 3339 date-time that carries an offset (`Z` counts as UTC).
    pub fn parse(s: &str) -> Result<LocalTime, TimeError> {
        let pieces = Pieces::parse(s).map_err(|_| TimeError::Malformed(s.to_owned()))?;
        let Some(time) = pieces.time() else {
            return Err(TimeError::DateOnly(s.to_owned()));
        };
        let Some(offset) = pieces.offset() else {
            return Err(TimeError::NoOffset(s.to_owned()));
        };
        let offset = offset.to_numeric_offset();
        if !offset_in_use(offset) {
            return Err(TimeError::Offset(s.to_owned(), offset.to_string()));
        }
        let instant = offset
            .to_timestamp(DateTime::from_parts(pieces.date(), time))
            .map_err(|_| TimeError::OutOfRange(s.to_owned()))?;
        Ok(LocalTime { instant, offset })
    }

    /// The same instant shown in another offset.
    pub fn with_offset(self, offset: Offset) -> LocalTime {
        LocalTime {
            instant: self.instant,
            offset,
        }
    }

    /// The local calendar date in this time's offset.
    pub fn date(self) -> Date {
        self.offset.to_datetime(self.instant).date()
    }

    /// The instant `d` later, in the same offset.
    pub fn plus(self, d: SignedDuration) -> LocalTime {
        let instant = self.instant.checked_add(d).unwrap_or(if d.is_negative() {
            Timestamp::MIN
        } else {
            Timestamp::MAX
        });
        LocalTime {
            instant,
            offset: self.offset,
        }
    }

    /// Seconds from `self` to `later` (negative when `later` is earlier).
    pub fn seconds_until(self, later: LocalTime) -> i64 {
        later.instant.as_second() - self.instant.as_second()
    }

    /// A short human form relative to `now`: "10:05" on the same day, else "Sun 22 Nov 10:05".
    pub fn human(self, now: LocalTime) -> String {
        let here = self.with_offset(now.offset);
        let dt = now.offset.to_datetime(here.instant);
        if dt.date() == now.date() {
            dt.strftime("%H:%M").to_string()
        } else {
            dt.strftime("%a %-d %b %H:%M").to_string()
        }
    }
}

impl fmt::Display for LocalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.instant.display_with_offset(self.offset))
    }
}

impl PartialOrd for LocalTime {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for LocalTime {
    /// Ordered by instant; the offset only breaks ties so that the order is total.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.instant
            .cmp(&other.instant)
            .then(self.offset.seconds().cmp(&other.offset.seconds()))
    }
}

impl Serialize for LocalTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A date-time's offset as soothe reads it: `Z`, or within ±14:00.
#[cfg(feature = "openapi")]
pub const OFFSET_PATTERN: &str = r"([Zz]|[+-](0[0-9]|1[0-3]):[0-5][0-9]|[+-]14:00)$";

/// In the API document: an RFC 3339 date-time with its offset, the offset within ±14:00.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for LocalTime {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, SchemaFormat, Type};
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
            .pattern(Some(OFFSET_PATTERN))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for LocalTime {
    fn name() -> std::borrow::Cow<'static, str> {
        "LocalTime".into()
    }
}

impl<'de> Deserialize<'de> for LocalTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        LocalTime::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_offsets_and_zulu() {
        let t = LocalTime::parse("2026-11-21T10:00:00+01:00").expect("valid");
        assert_eq!(t.to_string(), "2026-11-21T10:00:00+01:00");
        assert_eq!(
            t.instant,
            "2026-11-21T09:00:00Z".parse::<Timestamp>().expect("ts")
        );
        let z = LocalTime::parse("2026-11-21T09:00:00Z").expect("valid");
        assert_eq!(z.instant, t.instant);
    }

    #[test]
    fn rejects_missing_offset_date_only_and_garbage() {
        assert_eq!(
            LocalTime::parse("2026-11-21T10:00:00"),
            Err(TimeError::NoOffset("2026-11-21T10:00:00".into()))
        );
        assert_eq!(
            LocalTime::parse("2026-11-21"),
            Err(TimeError::DateOnly("2026-11-21".into()))
        );
        assert_eq!(
            LocalTime::parse("tomorrow"),
            Err(TimeError::Malformed("tomorrow".into()))
        );
    }

    #[test]
    fn offsets_beyond_fourteen_hours_and_the_end_of_time_say_so() {
        assert!(LocalTime::parse("2026-11-21T10:00:00+14:00").is_ok());
        assert!(LocalTime::parse("2026-11-21T10:00:00-14:00").is_ok());
        let e = LocalTime::parse("2026-11-21T10:00:00+25:00").expect_err("refused");
        assert!(matches!(e, TimeError::Offset(..)), "{e}");
        assert!(e.to_string().contains("+25"), "{e}");
        assert!(LocalTime::parse("2026-11-21T10:00:00-14:30").is_err());
        let e = LocalTime::parse("9999-12-31T10:00:00+01:00").expect_err("refused");
        assert_eq!(e, TimeError::OutOfRange("9999-12-31T10:00:00+01:00".into()));
        assert!(e.to_string().contains("check the year"), "{e}");
    }

    #[test]
    fn human_form_shows_the_day_only_when_it_differs() {
        let now = LocalTime::parse("2026-11-21T10:00:00+01:00").expect("valid");
        let same = LocalTime::parse("2026-11-21T09:05:00Z").expect("valid");
        assert_eq!(same.human(now), "10:05");
        let next = LocalTime::parse("2026-11-22T07:30:00+01:00").expect("valid");
        assert_eq!(next.human(now), "Sun 22 Nov 07:30");
    }
}
