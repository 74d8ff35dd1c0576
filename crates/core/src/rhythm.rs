//! A baby's daily rhythm: the time of day for the massage (a fixed time, or the planner's
//! suggestion kept up to date), the routine, the weekdays, and how long before to remind.
//! Pure: every instant is computed from a civil date and time in the household's zone, so a
//! daylight-saving change moves nothing a family chose ("19:30" stays 19:30 on the wall).

use jiff::civil::{Date, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ids::RoutineId;
use crate::journal::FieldError;

/// The longest a reminder may come before the massage, in minutes.
pub const REMIND_BEFORE_MAX: u32 = 180;

/// When in the day the massage is meant to happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RhythmTime {
    /// A time the family chose, on the wall clock of the household's zone.
    At(Time),
    /// The planner's suggested time, recomputed from the journal each day.
    Suggested,
}

impl RhythmTime {
    /// Reads `"HH:MM"` or `"suggested"`.
    pub fn parse(s: &str) -> Option<RhythmTime> {
        if s == "suggested" {
            return Some(RhythmTime::Suggested);
        }
        let (h, m) = s.split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        let h: i8 = h.parse().ok()?;
        let m: i8 = m.parse().ok()?;
        Time::new(h, m, 0, 0).ok().map(RhythmTime::At)
    }
}

impl std::fmt::Display for RhythmTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RhythmTime::At(t) => write!(f, "{:02}:{:02}", t.hour(), t.minute()),
            RhythmTime::Suggested => f.write_str("suggested"),
        }
    }
}

impl Serialize for RhythmTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for RhythmTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        RhythmTime::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("`{s}` is not a time of day (HH:MM) or `suggested`"))
        })
    }
}

/// A set of weekdays, Monday first. Serialized as `["mon", "tue", …]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Weekdays(u8);

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl Weekdays {
    /// Every day of the week.
    pub const ALL: Weekdays = Weekdays(0b111_1111);
    /// No day.
    pub const NONE: Weekdays = Weekdays(0);

    /// The set from its bits (bit 0 Monday … bit 6 Sunday); other bits are dropped.
    pub fn from_bits(bits: u8) -> Weekdays {
        Weekdays(bits & 0b111_1111)
    }

    /// The bits (bit 0 Monday … bit 6 Sunday), as stored.
    pub fn bits(self) -> u8 {
        self.0
    }

    /// Whether `day` is in the set.
    pub fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << day.to_monday_zero_offset()) != 0
    }

    /// Whether no day is in the set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The days' short names, Monday first.
    pub fn names(self) -> Vec<&'static str> {
        DAY_NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, n)| *n)
            .collect()
    }

    /// The set from short names (`mon` … `sun`); `None` when one is not a day's name.
    pub fn from_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<Weekdays> {
        let mut bits = 0u8;
        for n in names {
            let i = DAY_NAMES.iter().position(|d| *d == n)?;
            bits |= 1 << i;
        }
        Some(Weekdays(bits))
    }
}

impl Serialize for Weekdays {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.names().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Weekdays {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let names = Vec::<String>::deserialize(d)?;
        Weekdays::from_names(names.iter().map(String::as_str)).ok_or_else(|| {
            serde::de::Error::custom("weekdays are `mon`, `tue`, `wed`, `thu`, `fri`, `sat`, `sun`")
        })
    }
}

/// A baby's daily rhythm, as the family set it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rhythm {
    /// The time of day, or `suggested`.
    pub time: RhythmTime,
    /// The routine to do.
    pub routine: RoutineId,
    /// The days it applies to.
    pub weekdays: Weekdays,
    /// Minutes before the time to remind (0–[`REMIND_BEFORE_MAX`]).
    pub remind_before_minutes: u32,
    /// Whether reminders are sent.
    pub enabled: bool,
}

/// One day's massage of a rhythm: when it is, and when its reminder goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    /// The day, in the household's zone.
    pub day: Date,
    /// The massage's time.
    pub at: Timestamp,
    /// When to remind (`at` less the minutes before).
    pub remind_at: Timestamp,
}

impl Rhythm {
    /// The rhythm's values outside their rules, each named by its field (the routine is
    /// checked against the catalog by the caller, who has it).
    pub fn check(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.weekdays.is_empty() {
            errors.push(FieldError::new("weekdays", "empty"));
        }
        if self.remind_before_minutes > REMIND_BEFORE_MAX {
            errors.push(
                FieldError::new("remind_before_minutes", "out-of-range")
                    .arg("value", self.remind_before_minutes)
                    .arg("min", 0)
                    .arg("max", REMIND_BEFORE_MAX),
            );
        }
        errors
    }

    /// The massage on `day` at `time` (the rhythm's own time, or the suggestion when it
    /// follows one), or `None` when `day` is not one of its weekdays. A time that the clocks
    /// skip on that day (spring forward) is taken as the same time after the change; a time
    /// that happens twice (fall back) as its first.
    pub fn on(&self, day: Date, time: Time, tz: &TimeZone) -> Option<Occurrence> {
        if !self.weekdays.contains(day.weekday()) {
            return None;
        }
        let at = tz
            .to_ambiguous_zoned(day.to_datetime(time))
            .compatible()
            .ok()?
            .timestamp();
        let remind_at = at
            .checked_sub((self.remind_before_minutes as i64).minutes())
            .ok()?;
        Some(Occurrence { day, at, remind_at })
    }

    /// The first occurrence whose reminder is at or after `after`, looking up to eight days
    /// ahead, with the massage at `time` each day.
    pub fn next_reminder(&self, after: Timestamp, time: Time, tz: &TimeZone) -> Option<Occurrence> {
        let today = after.to_zoned(tz.clone()).date();
        (0..9)
            .filter_map(|i| today.checked_add(i.days()).ok())
            .filter_map(|d| self.on(d, time, tz))
            .find(|o| o.remind_at >= after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rhythm(days: &[&str]) -> Rhythm {
        Rhythm {
            time: RhythmTime::At(Time::constant(19, 30, 0, 0)),
            routine: RoutineId::new("full-body").expect("id"),
            weekdays: Weekdays::from_names(days.iter().copied()).expect("days"),
            remind_before_minutes: 15,
            enabled: true,
        }
    }

    #[test]
    fn time_reads_and_writes_hh_mm_or_suggested() {
        assert_eq!(
            RhythmTime::parse("07:05").map(|t| t.to_string()).as_deref(),
            Some("07:05")
        );
        assert_eq!(RhythmTime::parse("suggested"), Some(RhythmTime::Suggested));
        for bad in ["7:05", "24:00", "12:60", "noon", "12:3", ""] {
            assert_eq!(RhythmTime::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn weekdays_round_trip_and_refuse_unknown_names() {
        let w = Weekdays::from_names(["sun", "mon"]).expect("days");
        assert_eq!(w.names(), ["mon", "sun"]);
        assert!(w.contains(Weekday::Sunday) && !w.contains(Weekday::Tuesday));
        assert_eq!(Weekdays::from_names(["monday"]), None);
        let json = serde_json::to_string(&w).expect("json");
        assert_eq!(json, r#"["mon","sun"]"#);
    }

    #[test]
    fn check_names_empty_weekdays_and_long_reminders() {
        let mut r = rhythm(&[]);
        r.remind_before_minutes = REMIND_BEFORE_MAX + 1;
        let fields: Vec<_> = r.check().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["weekdays", "remind_before_minutes"]);
        assert!(rhythm(&["mon"]).check().is_empty());
    }

    #[test]
    fn the_wall_clock_time_holds_across_daylight_saving() {
        let tz = TimeZone::get("Europe/Madrid").expect("zone");
        let r = rhythm(&["sat", "sun"]);
        let t = Time::constant(19, 30, 0, 0);
        // Sunday 2026-10-25: clocks go back at 03:00.
        for day in [Date::constant(2026, 10, 24), Date::constant(2026, 10, 25)] {
            let o = r.on(day, t, &tz).expect("weekend");
            let z = o.at.to_zoned(tz.clone());
            assert_eq!((z.hour(), z.minute()), (19, 30));
            assert_eq!(o.at.as_second() - o.remind_at.as_second(), 15 * 60);
        }
        assert_eq!(r.on(Date::constant(2026, 10, 26), t, &tz), None, "a Monday");
    }

    #[test]
    fn a_skipped_time_moves_past_the_change() {
        let tz = TimeZone::get("Europe/Madrid").expect("zone");
        let mut r = rhythm(&["sun"]);
        r.remind_before_minutes = 0;
        // Sunday 2026-03-29: 02:00–03:00 does not exist.
        let o = r
            .on(
                Date::constant(2026, 3, 29),
                Time::constant(2, 30, 0, 0),
                &tz,
            )
            .expect("sun");
        let z = o.at.to_zoned(tz);
        assert_eq!((z.hour(), z.minute()), (3, 30));
    }

    #[test]
    fn next_reminder_skips_past_ones_and_other_days() {
        let tz = TimeZone::get("Europe/Madrid").expect("zone");
        let r = rhythm(&["mon"]);
        let t = Time::constant(19, 30, 0, 0);
        // Monday 2026-11-30 19:20 local: today's reminder (19:15) has gone.
        let after: Timestamp = "2026-11-30T18:20:00Z".parse().expect("ts");
        let o = r.next_reminder(after, t, &tz).expect("next");
        assert_eq!(o.day, Date::constant(2026, 12, 7));
    }
}
