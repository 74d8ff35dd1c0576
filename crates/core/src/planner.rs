//! The planner: a daily massage time that would really have worked for this baby, and
//! today's good windows. Pure: the journal comes in as spans, `now` comes in as a value.
//!
//! # Days, times and zones
//!
//! Every day is a civil date in the household's zone, from its midnight to the next one (23
//! or 25 hours on a daylight-saving change). A wall-clock time on a day becomes an instant
//! the way [`crate::rhythm::Rhythm::on`] does it: a time the clocks skip is taken after the
//! change, a time that happens twice as its first. Durations (the feed gap, the massage's
//! minutes) are real minutes.
//!
//! Massages are planned inside the waking day, [`DAY_FROM`]–[`DAY_TO`] on the wall clock:
//! the planner never suggests a massage at night. Times are tried in steps of
//! [`STEP_MINUTES`].
//!
//! # When a time works on a day
//!
//! The slot is `[a, a + minutes)` where `a` is the time on that day (`minutes` at least 1).
//! Spans are half-open `[start, end)`; a span whose end is before its start is read as
//! ending at its start; a running one is passed with `end = now`. The slot works when:
//! - it overlaps no feed, no sleep and no crying spell (touching is not overlapping), so it
//!   ends at or before the next feed starts: a massage never runs into a feed;
//! - it starts at least the feed gap after the end of every feed that ended at or before its
//!   start.
//!
//! Put together, a feed `f` rules out every start `a` with
//! `f.start < a + minutes && a < f.end + gap`, and a sleep or crying spell `s` every `a`
//! with `s.start < a + minutes && a < s.end`. [`works`] is that test.
//!
//! # The suggestion ([`suggest`])
//!
//! It looks at the `days` full days before `today` (oldest first, by civil date; at most
//! [`MAX_DAYS`]). A day *has data* when a feed starts in it; fewer than [`MIN_DAYS`] such
//! days give [`Suggestion::TooFewDays`]. Each candidate time (every [`STEP_MINUTES`] from
//! [`DAY_FROM`], its slot ending by [`DAY_TO`]) is scored by the number of days with data it
//! works on. The choice:
//! 1. The best score among the times in the chosen [`PartOfDay`] (`in`) and outside it
//!    (`out`). A time outside wins only when it is *clearly* better: `out ≥ in + margin`
//!    where `margin` is a quarter of the days with data, rounded up ([`clear_margin`]: 2 of
//!    7, 4 of 14), or when no time in the part works on any day. Otherwise the part wins,
//!    even with fewer days. With [`PartOfDay::Any`] every time is in the part.
//! 2. Among the times of the winning side with its best score, the latest one that starts
//!    before [`BEDTIME`]; if every one starts at or after it, the earliest.
//! 3. No time works on any day: [`Suggestion::NoTime`].
//!
//! `worked_days` is the chosen time's score and `days` the number of days with data (a day
//! without a feed logged says nothing about the baby, so it is not counted either way).
//! Its reasons, in order: [`Why::AfterUsualFeed`] (the median, over the days it worked, of
//! how long before it the last feed ended, when there was one within 12 hours on at least
//! half of them), [`Why::BeforeUsualFeed`] (likewise the next feed's start),
//! [`Why::UsuallyAwake`], then [`Why::InPart`] or [`Why::OutsidePart`] (none for
//! [`PartOfDay::Any`]). Times "around" are rounded to 5 minutes.
//!
//! # Windows ([`windows`])
//!
//! For a `day`, the stretches of the waking day when a slot of `minutes` fits, from:
//! - the log (any time of the day): each feed blocks `[start, end + gap)`, each sleep and
//!   crying spell `[start, end)`;
//! - after `now` only, the usual pattern of the days with data among the `days` before `day`:
//!   - the baby *usually sleeps* (or *usually cries*) in a 5-minute step of the wall clock
//!     when a logged sleep (crying spell) overlaps it on at least half of the days with data
//!     (a step the clocks skip on some day is counted over the days it exists);
//!   - a *usual feed* is a time around which a feed started (within ±[`USUAL_FEED_WITHIN`]
//!     minutes) on at least half of those days: the peak of each stretch of such times; it
//!     is "around" the median of the nearest feed start of each of those days, rounded to 5
//!     minutes, and lasts the median of those feeds' lengths. A usual feed blocks
//!     `[around, around + length + gap)` on `day`, unless that block is over at `now` or a
//!     feed logged that day started within [`SAME_FEED_MINUTES`] of it (that feed is the
//!     usual one, so a feed just logged moves the window to its end plus the gap).
//!
//! A window is a maximal stretch free of every block, at least `minutes` long; windows are
//! sorted, disjoint and inside the day's [`DAY_FROM`]–[`DAY_TO`] (two windows touch only at
//! a span of no length, e.g. a feed logged with its end at its start and no gap: no slot
//! may run across it). Each says why it starts and ends where it does (the block it follows
//! and the block it precedes, a logged one first; none at the waking day's edges) and, when
//! it reaches past `now` and the pattern was used, [`Why::UsuallyAwake`]. A window before
//! `now` comes from the log alone; a usual feed due a moment ago and not logged still blocks
//! until its block is over (it may be under way), then is not expected any more.
//!
//! [`next_window`] is the first window that has not ended at `now` (the current or the
//! next), however little of it is left.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

use crate::journal::{Event, EventData};

/// The fewest days with data a suggestion needs.
pub const MIN_DAYS: u32 = 7;
/// The days a suggestion looks at unless the caller says otherwise.
pub const DEFAULT_DAYS: u32 = 14;
/// The most days looked at: more are read as this many (the API refuses more).
pub const MAX_DAYS: u32 = 90;
/// The feed gap most guides give, in minutes.
pub const DEFAULT_FEED_GAP_MINUTES: u32 = 45;
/// The step between candidate times, in minutes.
pub const STEP_MINUTES: i32 = 5;
/// The waking day starts (wall clock): no massage is planned before.
pub const DAY_FROM: Time = Time::constant(6, 0, 0, 0);
/// The waking day ends (wall clock): a planned massage ends by then.
pub const DAY_TO: Time = Time::constant(22, 0, 0, 0);
/// Bedtime: ties go to the latest time before it.
pub const BEDTIME: Time = Time::constant(21, 0, 0, 0);
/// A feed logged within this many minutes of a usual feed is taken as that feed.
pub const SAME_FEED_MINUTES: i64 = 60;
/// How far (minutes, either side) a feed start counts towards a usual feed time.
pub const USUAL_FEED_WITHIN: i32 = 30;

/// A feed, a sleep or a crying spell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// When it started.
    pub start: Timestamp,
    /// When it ended (`now` for one still going on).
    pub end: Timestamp,
}

impl Span {
    /// A span; an end before the start is read as the start.
    pub fn new(start: Timestamp, end: Timestamp) -> Span {
        Span {
            start,
            end: end.max(start),
        }
    }

    fn norm(self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// What the planner reads of the journal, in any order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Log {
    /// Feeds.
    pub feeds: Vec<Span>,
    /// Sleeps.
    pub sleeps: Vec<Span>,
    /// Crying spells.
    pub crying: Vec<Span>,
}

impl Log {
    /// The feeds, sleeps and crying spells of journal events (other kinds are left out); one
    /// still going on (no end) ends at `now`, and one that starts after `now` is left out.
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a Event>, now: Timestamp) -> Log {
        let mut log = Log::default();
        for e in events {
            let Some(start) = e.start() else { continue };
            if start.instant > now {
                continue;
            }
            let end = e.end().map_or(now, |t| t.instant);
            let span = Span::new(start.instant, end);
            match e.data {
                EventData::Feeding(_) => log.feeds.push(span),
                EventData::Sleep(_) => log.sleeps.push(span),
                EventData::Crying(_) => log.crying.push(span),
                _ => {}
            }
        }
        log
    }
}

/// The part of the day the family prefers, by the massage's start on the wall clock.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartOfDay {
    /// 06:00–12:00.
    Morning,
    /// 12:00–17:00.
    Afternoon,
    /// 17:00–21:00, before bedtime.
    #[default]
    Evening,
    /// Any time of the waking day (06:00–22:00).
    Any,
}

impl PartOfDay {
    /// Every part.
    pub const ALL: [PartOfDay; 4] = [
        PartOfDay::Morning,
        PartOfDay::Afternoon,
        PartOfDay::Evening,
        PartOfDay::Any,
    ];

    /// Its name in JSON and in message keys.
    pub fn id(self) -> &'static str {
        match self {
            PartOfDay::Morning => "morning",
            PartOfDay::Afternoon => "afternoon",
            PartOfDay::Evening => "evening",
            PartOfDay::Any => "any",
        }
    }

    /// The part by its name.
    pub fn from_id(id: &str) -> Option<PartOfDay> {
        PartOfDay::ALL.into_iter().find(|p| p.id() == id)
    }

    /// Its hours on the wall clock, `[from, to)`.
    pub fn hours(self) -> (Time, Time) {
        match self {
            PartOfDay::Morning => (DAY_FROM, Time::constant(12, 0, 0, 0)),
            PartOfDay::Afternoon => (Time::constant(12, 0, 0, 0), Time::constant(17, 0, 0, 0)),
            PartOfDay::Evening => (Time::constant(17, 0, 0, 0), BEDTIME),
            PartOfDay::Any => (DAY_FROM, DAY_TO),
        }
    }

    /// Whether a massage starting at `t` is in this part.
    pub fn contains(self, t: Time) -> bool {
        let (from, to) = self.hours();
        from <= t && t < to
    }
}

/// What the family wants of the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefs {
    /// Minutes to keep after the end of a feed.
    pub feed_gap_minutes: u32,
    /// The massage's length in minutes (e.g. the routine's).
    pub minutes: u32,
    /// The part of the day preferred.
    pub part: PartOfDay,
}

/// One reason for a time or a window, with the values its words need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum Why {
    /// The baby was usually awake and calm then (no sleep or crying).
    UsuallyAwake,
    /// The feed gap after a feed logged that day.
    AfterFeed {
        /// When the feed ended.
        ended: Timestamp,
        /// The gap, in minutes.
        gap_minutes: u32,
    },
    /// The feed gap after the feed that usually comes before.
    AfterUsualFeed {
        /// When that feed usually ends (wall clock).
        #[serde(serialize_with = "hh_mm")]
        ends_around: Time,
        /// The gap, in minutes.
        gap_minutes: u32,
    },
    /// Ends before a feed logged that day.
    BeforeFeed {
        /// When the feed started.
        at: Timestamp,
    },
    /// Ends before the feed that usually comes next.
    BeforeUsualFeed {
        /// When it usually starts (wall clock).
        #[serde(serialize_with = "hh_mm")]
        around: Time,
    },
    /// Starts when a logged sleep ended.
    AfterSleep {
        /// When the baby woke.
        woke: Timestamp,
    },
    /// Ends when a logged sleep started.
    BeforeSleep {
        /// When the sleep started.
        at: Timestamp,
    },
    /// Starts when the baby usually wakes.
    AfterUsualSleep {
        /// Usually awake from (wall clock).
        #[serde(serialize_with = "hh_mm")]
        around: Time,
    },
    /// Ends when the baby usually falls asleep.
    BeforeUsualSleep {
        /// Usually asleep from (wall clock).
        #[serde(serialize_with = "hh_mm")]
        around: Time,
    },
    /// Starts when a logged crying spell ended.
    AfterCrying {
        /// When it ended.
        ended: Timestamp,
    },
    /// Ends when a logged crying spell started.
    BeforeCrying {
        /// When it started.
        at: Timestamp,
    },
    /// Starts when the baby usually settles after a crying time.
    AfterUsualCrying {
        /// Usually calm from (wall clock).
        #[serde(serialize_with = "hh_mm")]
        around: Time,
    },
    /// Ends when the baby usually starts crying.
    BeforeUsualCrying {
        /// Usually crying from (wall clock).
        #[serde(serialize_with = "hh_mm")]
        around: Time,
    },
    /// In the part of the day the family chose.
    InPart {
        /// The part.
        part: PartOfDay,
    },
    /// Outside the chosen part: a time there worked on clearly more days.
    OutsidePart {
        /// The part chosen.
        part: PartOfDay,
        /// The most days any time in the part worked on.
        best_in_part: u32,
        /// Of how many days with data.
        days: u32,
    },
}

/// A wall-clock time in JSON: `"HH:MM"`, as the API writes times of day.
fn hh_mm<S: serde::Serializer>(t: &Time, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&format_args!("{:02}:{:02}", t.hour(), t.minute()))
}

impl Why {
    /// Every code, for the words' tests.
    pub const CODES: [&'static str; 15] = [
        "usually-awake",
        "after-feed",
        "after-usual-feed",
        "before-feed",
        "before-usual-feed",
        "after-sleep",
        "before-sleep",
        "after-usual-sleep",
        "before-usual-sleep",
        "after-crying",
        "before-crying",
        "after-usual-crying",
        "before-usual-crying",
        "in-part",
        "outside-part",
    ];

    /// The reason's code (its message is `planner-why-<code>`).
    pub fn code(&self) -> &'static str {
        match self {
            Why::UsuallyAwake => "usually-awake",
            Why::AfterFeed { .. } => "after-feed",
            Why::AfterUsualFeed { .. } => "after-usual-feed",
            Why::BeforeFeed { .. } => "before-feed",
            Why::BeforeUsualFeed { .. } => "before-usual-feed",
            Why::AfterSleep { .. } => "after-sleep",
            Why::BeforeSleep { .. } => "before-sleep",
            Why::AfterUsualSleep { .. } => "after-usual-sleep",
            Why::BeforeUsualSleep { .. } => "before-usual-sleep",
            Why::AfterCrying { .. } => "after-crying",
            Why::BeforeCrying { .. } => "before-crying",
            Why::AfterUsualCrying { .. } => "after-usual-crying",
            Why::BeforeUsualCrying { .. } => "before-usual-crying",
            Why::InPart { .. } => "in-part",
            Why::OutsidePart { .. } => "outside-part",
        }
    }
}

/// A suggested daily time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggested {
    /// The time, on the wall clock of the household's zone.
    pub time: Time,
    /// The massage's length it was planned for.
    pub minutes: u32,
    /// On how many of the days with data it would have worked.
    pub worked_days: u32,
    /// The days with data looked at.
    pub days: u32,
    /// Why this time.
    pub why: Vec<Why>,
}

/// What the planner says about a daily time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suggestion {
    /// A time.
    Time(Suggested),
    /// Not enough days with a feed logged yet.
    TooFewDays {
        /// Days with data among those looked at.
        logged: u32,
        /// Days needed ([`MIN_DAYS`]).
        needed: u32,
    },
    /// No time of the waking day worked on any of the days with data.
    NoTime {
        /// The days with data looked at.
        days: u32,
    },
}

/// A stretch of a day when a massage fits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// From.
    pub from: Timestamp,
    /// To (the massage ends by then).
    pub to: Timestamp,
    /// Why it starts and ends there.
    pub why: Vec<Why>,
}

/// How many more days a time outside the chosen part must work on to win: a quarter of the
/// days with data, rounded up.
pub fn clear_margin(days_with_data: u32) -> u32 {
    days_with_data.div_ceil(4)
}

/// `t` on `day` in `tz`, as [`crate::rhythm::Rhythm::on`] places it.
pub fn instant(tz: &TimeZone, day: Date, t: Time) -> Option<Timestamp> {
    tz.to_ambiguous_zoned(day.to_datetime(t))
        .compatible()
        .ok()
        .map(|z| z.timestamp())
}

/// Whether a massage of `minutes` starting at `a` works against these feeds, sleeps and
/// crying spells with this feed gap (see the module's documentation).
pub fn works(a: Timestamp, minutes: u32, gap_minutes: u32, log: &Log) -> bool {
    let (m, gap) = durations(minutes, gap_minutes);
    fits(a, m, gap, &log.feeds, &log.sleeps, &log.crying)
}

fn durations(minutes: u32, gap_minutes: u32) -> (SignedDuration, SignedDuration) {
    (
        SignedDuration::from_mins(i64::from(minutes.max(1))),
        SignedDuration::from_mins(i64::from(gap_minutes)),
    )
}

fn fits(
    a: Timestamp,
    m: SignedDuration,
    gap: SignedDuration,
    feeds: &[Span],
    sleeps: &[Span],
    crying: &[Span],
) -> bool {
    let end = a + m;
    feeds.iter().all(|f| {
        let f = f.norm();
        !(f.start < end && a < f.end + gap)
    }) && sleeps.iter().chain(crying).all(|s| {
        let s = s.norm();
        !(s.start < end && a < s.end)
    })
}

fn minutes_of(t: Time) -> i32 {
    i32::from(t.hour()) * 60 + i32::from(t.minute())
}

/// A wall-clock time from minutes after midnight (wrapping round the day).
fn time_of(min: i64) -> Time {
    let m = min.rem_euclid(1440);
    // 0 ≤ m < 1440, so both parts fit.
    Time::new((m / 60) as i8, (m % 60) as i8, 0, 0).unwrap_or(Time::midnight())
}

fn round5(min: i64) -> i64 {
    (min + 2).div_euclid(5) * 5
}

fn median(v: &mut [i64]) -> Option<i64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    Some(v[(v.len() - 1) / 2])
}

fn day_bounds(tz: &TimeZone, day: Date) -> Option<(Timestamp, Timestamp)> {
    let next = day.checked_add(1.day()).ok()?;
    Some((
        instant(tz, day, Time::midnight())?,
        instant(tz, next, Time::midnight())?,
    ))
}

/// The `days` days before `day`, oldest first.
fn days_before(day: Date, days: u32) -> Vec<Date> {
    (1..=i64::from(days))
        .rev()
        .filter_map(|i| day.checked_sub(i.days()).ok())
        .collect()
}

/// The part of the log that can matter for `day` and the `days` before it: spans touching
/// a day before the first of them to a day after `day`.
fn around(log: &Log, tz: &TimeZone, day: Date, days: u32) -> Log {
    let first = day
        .checked_sub(i64::from(days).days())
        .and_then(|d| d.checked_sub(1.day()))
        .ok()
        .and_then(|d| instant(tz, d, Time::midnight()));
    let last = day
        .checked_add(2.days())
        .ok()
        .and_then(|d| instant(tz, d, Time::midnight()));
    let (Some(from), Some(to)) = (first, last) else {
        return log.clone();
    };
    Log {
        feeds: near(&log.feeds, from, to),
        sleeps: near(&log.sleeps, from, to),
        crying: near(&log.crying, from, to),
    }
}

/// The days among `days` before `day` with a feed starting in them.
fn data_days(log: &Log, tz: &TimeZone, day: Date, days: u32) -> Vec<Date> {
    days_before(day, days)
        .into_iter()
        .filter(|d| {
            day_bounds(tz, *d)
                .is_some_and(|(s, e)| log.feeds.iter().any(|f| s <= f.start && f.start < e))
        })
        .collect()
}

/// The log's spans touching `[from, to)`, normalised.
fn near(spans: &[Span], from: Timestamp, to: Timestamp) -> Vec<Span> {
    spans
        .iter()
        .map(|s| s.norm())
        .filter(|s| s.end >= from && s.start < to)
        .collect()
}

struct DayLog {
    feeds: Vec<Span>,
    sleeps: Vec<Span>,
    crying: Vec<Span>,
}

fn day_log(log: &Log, tz: &TimeZone, day: Date) -> Option<DayLog> {
    let (s, e) = day_bounds(tz, day)?;
    let (from, to) = (
        s - SignedDuration::from_hours(24),
        e + SignedDuration::from_hours(24),
    );
    let mut feeds = near(&log.feeds, from, to);
    feeds.sort_by_key(|f| f.start);
    Some(DayLog {
        feeds,
        sleeps: near(&log.sleeps, from, to),
        crying: near(&log.crying, from, to),
    })
}

/// The candidate start times for a massage of `minutes`.
fn candidates(minutes: u32) -> Vec<Time> {
    let last = minutes_of(DAY_TO) - i32::try_from(minutes.max(1)).unwrap_or(i32::MAX);
    (minutes_of(DAY_FROM)..=last)
        .step_by(STEP_MINUTES as usize)
        .map(|m| time_of(i64::from(m)))
        .collect()
}

/// The tie-break order: the latest start before bedtime is best, then the earliest after.
fn tie_rank(t: Time) -> (bool, i32) {
    let m = minutes_of(t);
    if t < BEDTIME { (true, m) } else { (false, -m) }
}

/// The suggested daily time from the `days` full days before `today` (see the module's
/// documentation for the rule).
pub fn suggest(log: &Log, tz: &TimeZone, today: Date, days: u32, prefs: &Prefs) -> Suggestion {
    let days = days.min(MAX_DAYS);
    let trimmed = around(log, tz, today, days);
    let log = &trimmed;
    let with_data = data_days(log, tz, today, days);
    let logged = u32::try_from(with_data.len()).unwrap_or(u32::MAX);
    if logged < MIN_DAYS {
        return Suggestion::TooFewDays {
            logged,
            needed: MIN_DAYS,
        };
    }
    let (m, gap) = durations(prefs.minutes, prefs.feed_gap_minutes);
    let cands = candidates(prefs.minutes);
    let logs: Vec<(Date, DayLog)> = with_data
        .iter()
        .filter_map(|d| Some((*d, day_log(log, tz, *d)?)))
        .collect();
    let mut score = vec![0u32; cands.len()];
    for (d, dl) in &logs {
        for (i, t) in cands.iter().enumerate() {
            if let Some(a) = instant(tz, *d, *t)
                && fits(a, m, gap, &dl.feeds, &dl.sleeps, &dl.crying)
            {
                score[i] += 1;
            }
        }
    }
    let best = |inside: bool| {
        cands
            .iter()
            .zip(&score)
            .filter(|(t, _)| prefs.part.contains(**t) == inside)
            .map(|(_, s)| *s)
            .max()
            .unwrap_or(0)
    };
    let (best_in, best_out) = (best(true), best(false));
    let outside = best_out > 0 && (best_in == 0 || best_out >= best_in + clear_margin(logged));
    let top = if outside { best_out } else { best_in };
    if top == 0 {
        return Suggestion::NoTime { days: logged };
    }
    let Some(time) = cands
        .iter()
        .zip(&score)
        .filter(|(t, s)| prefs.part.contains(**t) != outside && **s == top)
        .map(|(t, _)| *t)
        .max_by_key(|t| tie_rank(*t))
    else {
        return Suggestion::NoTime { days: logged };
    };

    // Why: the feed before and the feed after, on the days it worked.
    let t_min = i64::from(minutes_of(time));
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for (d, dl) in &logs {
        let Some(a) = instant(tz, *d, time) else {
            continue;
        };
        if !fits(a, m, gap, &dl.feeds, &dl.sleeps, &dl.crying) {
            continue;
        }
        let twelve = SignedDuration::from_hours(12);
        if let Some(f) = dl
            .feeds
            .iter()
            .filter(|f| f.end <= a && a.duration_since(f.end) <= twelve)
            .max_by_key(|f| f.end)
        {
            before.push(a.duration_since(f.end).as_mins());
        }
        if let Some(f) = dl
            .feeds
            .iter()
            .find(|f| f.start >= a + m && f.start.duration_since(a) <= twelve)
        {
            after.push(f.start.duration_since(a).as_mins());
        }
    }
    let half = top.div_ceil(2) as usize;
    let mut why = Vec::new();
    if before.len() >= half
        && let Some(back) = median(&mut before)
    {
        why.push(Why::AfterUsualFeed {
            ends_around: time_of(round5(t_min - back)),
            gap_minutes: prefs.feed_gap_minutes,
        });
    }
    if after.len() >= half
        && let Some(ahead) = median(&mut after)
    {
        why.push(Why::BeforeUsualFeed {
            around: time_of(round5(t_min + ahead)),
        });
    }
    why.push(Why::UsuallyAwake);
    if outside {
        why.push(Why::OutsidePart {
            part: prefs.part,
            best_in_part: best_in,
            days: logged,
        });
    } else if prefs.part != PartOfDay::Any {
        why.push(Why::InPart { part: prefs.part });
    }
    Suggestion::Time(Suggested {
        time,
        minutes: prefs.minutes,
        worked_days: top,
        days: logged,
        why,
    })
}

/// A feed the baby usually has at about the same time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct UsualFeed {
    around: i64,
    length_minutes: i64,
}

/// The usual pattern of some days: per 5-minute step of the waking day, whether the baby
/// usually slept or cried, and the usual feeds.
struct Pattern {
    /// (step start in minutes, usually asleep, usually crying), waking day only.
    steps: Vec<(i32, bool, bool)>,
    feeds: Vec<UsualFeed>,
}

fn pattern(log: &Log, tz: &TimeZone, days: &[Date]) -> Pattern {
    let n = days.len();
    let mut steps = Vec::new();
    let step = i64::from(STEP_MINUTES);
    // Each day's own spans (those within a day of it), read once.
    let logs: Vec<(Date, DayLog)> = days
        .iter()
        .filter_map(|d| Some((*d, day_log(log, tz, *d)?)))
        .collect();
    for c in (minutes_of(DAY_FROM)..minutes_of(DAY_TO)).step_by(STEP_MINUTES as usize) {
        let (mut seen, mut asleep, mut crying) = (0usize, 0usize, 0usize);
        for (d, dl) in &logs {
            let from = instant(tz, *d, time_of(i64::from(c)));
            let to = instant(tz, *d, time_of(i64::from(c) + step));
            let (Some(from), Some(to)) = (from, to) else {
                continue;
            };
            if to <= from {
                continue;
            }
            seen += 1;
            let over = |s: &Span| {
                let s = s.norm();
                s.start < to && from < s.end
            };
            asleep += usize::from(dl.sleeps.iter().any(over));
            crying += usize::from(dl.crying.iter().any(over));
        }
        steps.push((
            c,
            seen > 0 && 2 * asleep >= seen,
            seen > 0 && 2 * crying >= seen,
        ));
    }

    // Feed starts per day, in minutes after that day's midnight on the wall clock.
    let per_day: Vec<Vec<(i64, i64)>> = days
        .iter()
        .map(|d| {
            let Some((s, e)) = day_bounds(tz, *d) else {
                return Vec::new();
            };
            log.feeds
                .iter()
                .map(|f| f.norm())
                .filter(|f| s <= f.start && f.start < e)
                .map(|f| {
                    let z = f.start.to_zoned(tz.clone());
                    (
                        i64::from(z.hour()) * 60 + i64::from(z.minute()),
                        f.end.duration_since(f.start).as_mins(),
                    )
                })
                .collect()
        })
        .collect();
    let within = i64::from(USUAL_FEED_WITHIN);
    let count = |c: i64| {
        per_day
            .iter()
            .filter(|fs| fs.iter().any(|(s, _)| (s - c).abs() <= within))
            .count()
    };
    let mut feeds = Vec::new();
    let mut run: Option<(i64, usize)> = None; // (peak, its count)
    let mut c = 0i64;
    while c <= 1440 {
        let k = if c < 1440 { count(c) } else { 0 };
        if n > 0 && k > 0 && 2 * k >= n {
            if run.is_none_or(|(_, best)| k > best) {
                run = Some((c, k));
            }
        } else if let Some((peak, _)) = run.take() {
            let mut starts = Vec::new();
            let mut lengths = Vec::new();
            for fs in &per_day {
                if let Some((s, l)) = fs
                    .iter()
                    .filter(|(s, _)| (s - peak).abs() <= within)
                    .min_by_key(|(s, _)| (s - peak).abs())
                {
                    starts.push(*s);
                    lengths.push(*l);
                }
            }
            if let (Some(s), Some(l)) = (median(&mut starts), median(&mut lengths)) {
                feeds.push(UsualFeed {
                    around: round5(s),
                    length_minutes: l,
                });
            }
        }
        c += step;
    }
    Pattern { steps, feeds }
}

/// Something a window may not overlap, with the reasons for a window just before (ending at
/// `from`) and just after it (starting at `to`).
struct Block {
    from: Timestamp,
    to: Timestamp,
    rank: u8,
    before: Why,
    after: Why,
}

/// The good windows of `day` (see the module's documentation).
pub fn windows(
    log: &Log,
    tz: &TimeZone,
    day: Date,
    now: Timestamp,
    days: u32,
    prefs: &Prefs,
) -> Vec<Window> {
    let (Some(ds), Some(de)) = (instant(tz, day, DAY_FROM), instant(tz, day, DAY_TO)) else {
        return Vec::new();
    };
    let days = days.min(MAX_DAYS);
    let trimmed = around(log, tz, day, days);
    let log = &trimmed;
    let (m, gap) = durations(prefs.minutes, prefs.feed_gap_minutes);
    let g = prefs.feed_gap_minutes;
    let mut blocks = Vec::new();
    for f in log.feeds.iter().map(|f| f.norm()) {
        blocks.push(Block {
            from: f.start,
            to: f.end + gap,
            rank: 0,
            before: Why::BeforeFeed { at: f.start },
            after: Why::AfterFeed {
                ended: f.end,
                gap_minutes: g,
            },
        });
    }
    for s in log.sleeps.iter().map(|s| s.norm()) {
        blocks.push(Block {
            from: s.start,
            to: s.end,
            rank: 1,
            before: Why::BeforeSleep { at: s.start },
            after: Why::AfterSleep { woke: s.end },
        });
    }
    for s in log.crying.iter().map(|s| s.norm()) {
        blocks.push(Block {
            from: s.start,
            to: s.end,
            rank: 2,
            before: Why::BeforeCrying { at: s.start },
            after: Why::AfterCrying { ended: s.end },
        });
    }
    let with_data = data_days(log, tz, day, days);
    let use_pattern = !with_data.is_empty() && now < de;
    if use_pattern {
        let p = pattern(log, tz, &with_data);
        let at = |min: i64| instant(tz, day, time_of(min));
        for uf in &p.feeds {
            let Some(s) = at(uf.around) else { continue };
            let end = s + SignedDuration::from_mins(uf.length_minutes);
            // Not expected any more once its block is over; until then it may be under way
            // and not logged yet.
            if uf.around >= 1440 || end + gap <= now {
                continue;
            }
            let same = SignedDuration::from_mins(SAME_FEED_MINUTES);
            if log
                .feeds
                .iter()
                .any(|f| f.start.duration_since(s).abs() <= same)
            {
                continue;
            }
            // Like the usual sleeps below, it takes time only from now on: what is past is
            // what the log says.
            blocks.push(Block {
                from: s.max(now),
                to: end + gap,
                rank: 3,
                before: Why::BeforeUsualFeed {
                    around: time_of(uf.around),
                },
                after: Why::AfterUsualFeed {
                    ends_around: time_of(uf.around + uf.length_minutes),
                    gap_minutes: g,
                },
            });
        }
        for (which, rank) in [(1usize, 4u8), (2, 5)] {
            let mut i = 0;
            while i < p.steps.len() {
                let on = |j: usize| {
                    if which == 1 {
                        p.steps[j].1
                    } else {
                        p.steps[j].2
                    }
                };
                if !on(i) {
                    i += 1;
                    continue;
                }
                let mut j = i;
                while j < p.steps.len() && on(j) {
                    j += 1;
                }
                let c0 = i64::from(p.steps[i].0);
                let c1 = i64::from(p.steps[j - 1].0 + STEP_MINUTES);
                // Only from now on; a usual spell already over blocks nothing (an empty
                // block would split a window in two at now).
                if let (Some(from), Some(to)) = (at(c0), at(c1))
                    && from.max(now) < to
                {
                    let (before, after) = if which == 1 {
                        (
                            Why::BeforeUsualSleep {
                                around: time_of(c0),
                            },
                            Why::AfterUsualSleep {
                                around: time_of(c1),
                            },
                        )
                    } else {
                        (
                            Why::BeforeUsualCrying {
                                around: time_of(c0),
                            },
                            Why::AfterUsualCrying {
                                around: time_of(c1),
                            },
                        )
                    };
                    blocks.push(Block {
                        from: from.max(now),
                        to,
                        rank,
                        before,
                        after,
                    });
                }
                i = j;
            }
        }
    }
    // A span of no length (gap 0) still splits a window: no slot may run across it.
    blocks.retain(|b| b.to >= b.from && b.to > ds && b.from < de);
    blocks.sort_by_key(|b| (b.from, b.rank));

    let mut out = Vec::new();
    let mut cursor = ds;
    let mut cursor_why: Option<Why> = None;
    let mut push = |from: Timestamp, to: Timestamp, start: Option<Why>, end: Option<Why>| {
        if to.duration_since(from) < m {
            return;
        }
        let mut why: Vec<Why> = start.into_iter().chain(end).collect();
        if use_pattern && to > now {
            why.push(Why::UsuallyAwake);
        }
        out.push(Window { from, to, why });
    };
    for b in &blocks {
        if b.from > cursor {
            push(cursor, b.from.min(de), cursor_why, Some(b.before));
        }
        if b.to > cursor {
            cursor = b.to;
            cursor_why = Some(b.after);
        }
        if cursor >= de {
            break;
        }
    }
    if cursor < de {
        push(cursor, de, cursor_why, None);
    }
    out
}

/// The window going on at `now`, else the next one (windows sorted, as [`windows`] gives).
pub fn next_window(windows: &[Window], now: Timestamp) -> Option<&Window> {
    windows.iter().find(|w| w.to > now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_fit_the_waking_day() {
        let c = candidates(40);
        assert_eq!(c.first(), Some(&DAY_FROM));
        assert_eq!(c.last(), Some(&Time::constant(21, 20, 0, 0)));
        assert!(candidates(17 * 60).is_empty());
    }

    #[test]
    fn ties_go_to_the_latest_before_bedtime() {
        let late = Time::constant(20, 55, 0, 0);
        let after = Time::constant(21, 5, 0, 0);
        let early = Time::constant(7, 0, 0, 0);
        assert!(tie_rank(late) > tie_rank(early));
        assert!(tie_rank(early) > tie_rank(after));
        assert!(tie_rank(Time::constant(21, 0, 0, 0)) > tie_rank(after));
    }

    #[test]
    fn margin_is_a_quarter_rounded_up() {
        assert_eq!(clear_margin(7), 2);
        assert_eq!(clear_margin(14), 4);
        assert_eq!(clear_margin(8), 2);
    }
}
