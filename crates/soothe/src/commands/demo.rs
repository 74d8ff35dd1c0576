//! `soothe demo seed`: a realistic year of journal for trying soothe out and for benchmarks.
//!
//! [`year_of_journal`] is a pure generator, deterministic from its seed. A baby's days follow a
//! plausible rhythm on the household's local clock: about eight feeds from early morning to
//! bedtime, naps between them and a long night sleep, a massage late in the morning or in the
//! evening well after a feed, nappies and some gas after feeds, crying spells (more in the
//! colic weeks), an occasional temperature reading, weekly weights, monthly lengths and head
//! circumferences, vaccinations at 8, 12 and 16 weeks and one sunflower-oil patch test early
//! on. [`seed`] creates demo babies and stores their journals, about a month per transaction.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use soothe_core::ids::{OilId, RoutineId};
use soothe_core::journal::{
    BabyFields, Event, EventFields, EventKind, FeedMethod, NappyContents, Sex, Unit,
};
use soothe_core::readiness::input::{Birth, PatchResult, VaccineSite};
use soothe_core::time::LocalTime;
use soothe_store::{Scope, Store, StoreError};

/// Days of journal that [`seed`] stores per transaction.
pub const BATCH_DAYS: usize = 30;

/// The seed of the demo babies' journals; baby `n` gets `DEMO_SEED + n`, so every demo
/// household looks alike.
const DEMO_SEED: u64 = 0x5007_4E5E_ED00_0000;

/// The routines a demo massage follows.
const ROUTINES: [&str; 2] = ["full-body", "standard"];

/// The oil of the patch test, used for massages once it came back clear.
const PATCH_OIL: &str = "sunflower";

/// The day (counted from the birth date) of the patch test.
const PATCH_TEST_DAY: u32 = 2;

/// Vaccinations at 8, 12 and 16 weeks: the day (counted from the birth date) and the sites.
const VACCINATIONS: [(u32, &[VaccineSite]); 3] = [
    (
        56,
        &[
            VaccineSite::LeftThigh,
            VaccineSite::RightThigh,
            VaccineSite::Mouth,
        ],
    ),
    (84, &[VaccineSite::LeftThigh, VaccineSite::Mouth]),
    (112, &[VaccineSite::LeftThigh, VaccineSite::RightThigh]),
];

/// Growth per day by age, as (up to this many days old, gain per day).
const WEIGHT_GAIN_KG: [(f64, f64); 3] = [(90.0, 0.030), (180.0, 0.020), (f64::INFINITY, 0.012)];
const LENGTH_GAIN_CM: [(f64, f64); 3] = [(90.0, 0.117), (180.0, 0.067), (f64::INFINITY, 0.043)];
const HEAD_GAIN_CM: [(f64, f64); 3] = [(90.0, 0.067), (180.0, 0.033), (f64::INFINITY, 0.016)];

/// Minutes on the local wall clock after the midnight that starts the day being planned (may
/// run into the next day).
type Minute = i64;

const HOUR: Minute = 60;

/// When a massage may start, by when the feed before it ended: late morning and evening.
const MASSAGE_WINDOWS: [Span; 2] = [
    Span {
        start: 9 * HOUR + 30,
        end: 12 * HOUR,
    },
    Span {
        start: 17 * HOUR,
        end: 20 * HOUR,
    },
];

/// The least time between the end of a feed and a massage.
const MASSAGE_AFTER_FEED: Minute = 45;

/// When a journal of `days` days from `born` ends: `days` times 24 hours after the birth.
pub fn journal_end(born: Timestamp, days: u32) -> Timestamp {
    born.checked_add(SignedDuration::from_hours(24 * i64::from(days)))
        .unwrap_or(Timestamp::MAX)
}

/// A baby's journal from `born` to [`journal_end`]`(born, days)`, one `Vec` per day, each
/// ordered by time. Day `i` holds the events that start in the 24 hours from `born` plus `i`
/// days; no event starts before the birth and none ends after the end. The rhythm follows the
/// local clock of `tz`, starting on `born`'s local date. The same seed gives the same journal.
pub fn year_of_journal(
    seed: u64,
    born: Timestamp,
    days: u32,
    tz: &TimeZone,
) -> Vec<Vec<EventFields>> {
    if days == 0 {
        return Vec::new();
    }
    let end = journal_end(born, days);
    let mut generator = Generator::new(seed, born, end, tz);
    let mut date = tz.to_datetime(born).date();
    let last = tz.to_datetime(end).date();
    let mut wake = None;
    let mut index = 0;
    while date <= last {
        wake = Some(generator.day(index, date, wake));
        let Ok(next) = date.tomorrow() else {
            break;
        };
        date = next;
        index += 1;
    }
    generator.into_days(days)
}

/// What [`seed`] made.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SeedReport {
    /// The ids of the babies created, in order.
    pub babies: Vec<String>,
    /// How many events were stored.
    pub events: u64,
}

/// Creates `babies` demo babies ("Demo baby 1", ...) born `days` days before `now`, and stores
/// a journal for each that ends at `now`, [`BATCH_DAYS`] days per transaction. After each batch
/// it calls `progress(done, total)`, counting days over all babies (`total` is
/// `babies × days`).
pub async fn seed(
    store: &Store,
    scope: &Scope,
    babies: u32,
    days: u32,
    now: Timestamp,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<SeedReport, StoreError> {
    let tz = scope.time_zone().clone();
    let born = now
        .checked_sub(SignedDuration::from_hours(24 * i64::from(days)))
        .map_err(|_| StoreError::Invalid {
            field: "days".to_owned(),
            message: format!("{days} days before now is out of range"),
        })?;
    let total = u64::from(babies) * u64::from(days);
    let mut done = 0;
    let mut report = SeedReport::default();
    for n in 1..=babies {
        let baby = store
            .create_baby(scope, &demo_baby(n, born, &tz), now)
            .await?;
        let id = baby
            .id
            .ok_or_else(|| StoreError::Corrupt("a new baby came back without an id".to_owned()))?;
        let journal = year_of_journal(DEMO_SEED.wrapping_add(u64::from(n)), born, days, &tz);
        for batch in journal.chunks(BATCH_DAYS) {
            let events = batch
                .concat()
                .into_iter()
                .map(Event::try_from)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| StoreError::Invalid {
                    message: e.to_string(),
                    field: e.field,
                })?;
            report.events += store.import_events(scope, &id, &events, now).await?;
            done += batch.len() as u64;
            progress(done, total);
        }
        report.babies.push(id);
    }
    Ok(report)
}

/// The profile of demo baby `n`.
fn demo_baby(n: u32, born: Timestamp, tz: &TimeZone) -> BabyFields {
    BabyFields {
        id: None,
        name: Some(format!("Demo baby {n}")),
        born: Birth::At(LocalTime {
            instant: born,
            offset: tz.to_offset(born),
        }),
        due: None,
        gestation_at_birth: None,
        sex: Some(if n % 2 == 1 { Sex::Female } else { Sex::Male }),
        conditions: Vec::new(),
        conditions_noted: Default::default(),
        clearances: Vec::new(),
        clinician_note: None,
        umbilical_healed: None,
        allergy_risk: false,
        preferred_oil: None,
        doctor_phone: None,
        created: None,
        updated: None,
    }
}

/// SplitMix64: a tiny, well-mixed generator; plenty for demo data.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `lo..=hi` (the modulo bias is negligible for these small ranges).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(lo <= hi, "empty range {lo}..={hi}");
        let width = hi.abs_diff(lo) + 1;
        lo + (self.next_u64() % width) as i64
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Uniform in `value ± spread`.
    fn around(&mut self, value: f64, spread: f64) -> f64 {
        value + (self.unit() * 2.0 - 1.0) * spread
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.range(0, i as i64) as usize;
            items.swap(i, j);
        }
    }
}

/// A stretch of a planned day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: Minute,
    end: Minute,
}

impl Span {
    fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    fn contains(self, m: Minute) -> bool {
        (self.start..=self.end).contains(&m)
    }
}

/// One local day being planned.
struct Day<'a> {
    /// Days since the birth date.
    index: u32,
    /// The local midnight that starts the day.
    midnight: DateTime,
    tz: &'a TimeZone,
    /// The feeds, in order; there are always at least seven.
    feeds: Vec<Span>,
    /// Everything with a duration planned so far (feeds included), which must not overlap.
    taken: Vec<Span>,
}

impl Day<'_> {
    /// The instant `m` minutes after midnight on the local clock (a time skipped by a clock
    /// change is read as after it).
    fn at(&self, m: Minute) -> Timestamp {
        self.midnight
            .checked_add(SignedDuration::from_mins(m))
            .and_then(|t| self.tz.to_ambiguous_timestamp(t).compatible())
            .unwrap_or(Timestamp::MAX)
    }

    /// The minute on the local clock of an instant.
    fn minute(&self, t: Timestamp) -> Minute {
        self.midnight
            .duration_until(self.tz.to_datetime(t))
            .as_mins()
    }

    fn is_free(&self, span: Span) -> bool {
        self.taken.iter().all(|t| !t.overlaps(span))
    }
}

/// How a feed is given and how long it takes.
struct FeedShape {
    method: FeedMethod,
    amount_ml: Option<u32>,
    minutes: Minute,
}

/// Plans a baby's days one after the other and collects the events.
struct Generator<'a> {
    rng: Rng,
    tz: &'a TimeZone,
    born: Timestamp,
    end: Timestamp,
    birth_weight_kg: f64,
    birth_length_cm: f64,
    birth_head_cm: f64,
    /// Whether the next one-sided breast feed is on the left (the sides alternate).
    left_next: bool,
    /// When the patch test came back clear: massages after it use the oil.
    oil_from: Option<Timestamp>,
    events: Vec<EventFields>,
}

impl<'a> Generator<'a> {
    fn new(seed: u64, born: Timestamp, end: Timestamp, tz: &'a TimeZone) -> Generator<'a> {
        let mut rng = Rng(seed);
        Generator {
            birth_weight_kg: rng.around(3.4, 0.3),
            birth_length_cm: rng.around(50.0, 1.5),
            birth_head_cm: rng.around(34.5, 1.0),
            left_next: rng.chance(0.5),
            rng,
            tz,
            born,
            end,
            oil_from: None,
            events: Vec::new(),
        }
    }

    /// Plans a day, given when the baby woke from the night (`None` on the first day), and
    /// returns when the baby wakes from the next night.
    fn day(&mut self, index: u32, date: Date, wake: Option<Timestamp>) -> Timestamp {
        let mut day = Day {
            index,
            midnight: date.to_datetime(Time::midnight()),
            tz: self.tz,
            feeds: Vec::new(),
            taken: Vec::new(),
        };
        let wake = match wake {
            Some(t) => day.minute(t),
            None => self.rng.range(5 * HOUR + 15, 5 * HOUR + 45),
        };
        let bedtime = self.rng.range(21 * HOUR + 30, 22 * HOUR + 45);
        let bedtime = self.feeds(&mut day, wake, bedtime);
        let vaccination = VACCINATIONS
            .iter()
            .find(|(on, _)| *on == index)
            .map(|(_, sites)| *sites);
        if vaccination.is_none() {
            self.massages(&mut day);
        }
        self.naps(&mut day);
        self.crying(&mut day);
        self.after_feeds(&day);
        self.measurements(&day);
        self.health(&day, vaccination);
        let night = Span {
            start: bedtime,
            end: bedtime + self.rng.range(6 * HOUR + 30, 7 * HOUR + 30),
        };
        let sleep = self.span(EventKind::Sleep, &day, night);
        self.push(sleep);
        day.at(night.end)
    }

    /// Seven to nine feeds spread from waking to bedtime; returns the bedtime, pushed later
    /// if the last feed ran late.
    fn feeds(&mut self, day: &mut Day<'_>, wake: Minute, bedtime: Minute) -> Minute {
        let n = match self.rng.unit() {
            u if u < 0.15 => 7,
            u if u < 0.85 => 8,
            _ => 9,
        };
        let shapes: Vec<FeedShape> = (0..n).map(|k| self.feed_shape(day.index, k, n)).collect();
        let first = wake + self.rng.range(0, 15);
        let last_minutes = shapes.last().map_or(0, |s| s.minutes);
        let last = bedtime - self.rng.range(5, 15) - last_minutes;
        let step = (last - first) as f64 / (n - 1) as f64;
        let mut previous_end: Option<Minute> = None;
        for (k, shape) in shapes.into_iter().enumerate() {
            let jitter = if k == 0 || k == n - 1 {
                0
            } else {
                self.rng.range(-15, 15)
            };
            let mut start = first + (step * k as f64).round() as Minute + jitter;
            if let Some(end) = previous_end {
                start = start.max(end + 30);
            }
            let span = Span {
                start,
                end: start + shape.minutes,
            };
            previous_end = Some(span.end);
            day.feeds.push(span);
            day.taken.push(span);
            let mut e = self.span(EventKind::Feeding, day, span);
            e.method = Some(shape.method);
            e.amount_ml = shape.amount_ml;
            self.push(e);
        }
        bedtime.max(previous_end.unwrap_or(bedtime) + 5)
    }

    /// Breast feeds mostly, some bottles, and from six months solids at lunch and dinner.
    fn feed_shape(&mut self, age: u32, k: usize, n: usize) -> FeedShape {
        if age >= 180 && (k == 2 || k + 3 == n) {
            return FeedShape {
                method: FeedMethod::Solids,
                amount_ml: None,
                minutes: self.rng.range(15, 30),
            };
        }
        let bottle_share = if age < 120 { 0.2 } else { 0.4 };
        if self.rng.chance(bottle_share) {
            let typical = (60.0 + 0.8 * f64::from(age)).min(210.0);
            let ml = (self.rng.around(typical, 20.0) / 10.0).round() * 10.0;
            return FeedShape {
                method: FeedMethod::Bottle,
                amount_ml: Some(ml as u32),
                minutes: self.rng.range(10, 25),
            };
        }
        if self.rng.chance(0.25) {
            return FeedShape {
                method: FeedMethod::BreastBoth,
                amount_ml: None,
                minutes: self.rng.range(25, 40),
            };
        }
        let method = if self.left_next {
            FeedMethod::BreastLeft
        } else {
            FeedMethod::BreastRight
        };
        self.left_next = !self.left_next;
        FeedShape {
            method,
            amount_ml: None,
            minutes: self.rng.range(15, 30),
        }
    }

    /// Usually one massage, rarely none or two, each in a late-morning or evening window.
    fn massages(&mut self, day: &mut Day<'_>) {
        let count = if self.rng.chance(0.04) {
            2
        } else if self.rng.chance(0.96) {
            1
        } else {
            0
        };
        let mut windows = MASSAGE_WINDOWS;
        if self.rng.chance(0.5) {
            windows.reverse();
        }
        let mut placed = 0;
        for window in windows {
            if placed == count {
                break;
            }
            if self.massage_in(day, window) {
                placed += 1;
            }
        }
    }

    /// A massage 45–70 minutes after a feed that ended in `window`, well before the next feed.
    fn massage_in(&mut self, day: &mut Day<'_>, window: Span) -> bool {
        let mut after: Vec<usize> = (0..day.feeds.len() - 1)
            .filter(|&k| window.contains(day.feeds[k].end))
            .collect();
        self.rng.shuffle(&mut after);
        for k in after {
            let start = day.feeds[k].end + self.rng.range(MASSAGE_AFTER_FEED, 70);
            let span = Span {
                start,
                end: start + self.rng.range(8, 14),
            };
            if span.end + 10 > day.feeds[k + 1].start || !day.is_free(span) {
                continue;
            }
            day.taken.push(span);
            let mut e = self.span(EventKind::Massage, day, span);
            e.routine = RoutineId::new(ROUTINES[self.rng.range(0, 1) as usize]).ok();
            e.rating = Some(self.rng.range(3, 5) as u8);
            if self.oil_from.is_some_and(|t| day.at(start) >= t) {
                e.oil = OilId::new(PATCH_OIL).ok();
            }
            self.push(e);
            return true;
        }
        false
    }

    /// Two to four naps, each between two feeds.
    fn naps(&mut self, day: &mut Day<'_>) {
        let count = match self.rng.unit() {
            u if u < 0.2 => 2,
            u if u < 0.8 => 3,
            _ => 4,
        };
        let mut gaps: Vec<usize> = (0..day.feeds.len() - 1).collect();
        self.rng.shuffle(&mut gaps);
        let mut placed = 0;
        for k in gaps {
            if placed == count {
                break;
            }
            let start = day.feeds[k].end + self.rng.range(12, 30);
            let latest = day.feeds[k + 1].start - self.rng.range(5, 20);
            if latest - start < 30 {
                continue;
            }
            let span = Span {
                start,
                end: start + self.rng.range(30, (latest - start).min(150)),
            };
            if day.is_free(span) {
                day.taken.push(span);
                let e = self.span(EventKind::Sleep, day, span);
                self.push(e);
                placed += 1;
            }
        }
    }

    /// Now and then a crying spell just before a feed, mostly in the evening, more often in
    /// the colic weeks (2 to 12).
    fn crying(&mut self, day: &mut Day<'_>) {
        let p = if (14..=84).contains(&day.index) {
            0.6
        } else {
            0.25
        };
        let spells = usize::from(self.rng.chance(p)) + usize::from(self.rng.chance(p / 3.0));
        let evening: Vec<usize> = (1..day.feeds.len())
            .filter(|&k| day.feeds[k].start >= 16 * HOUR)
            .collect();
        for _ in 0..spells {
            for _attempt in 0..3 {
                let k = if !evening.is_empty() && self.rng.chance(0.7) {
                    evening[self.rng.range(0, evening.len() as i64 - 1) as usize]
                } else {
                    self.rng.range(1, day.feeds.len() as i64 - 1) as usize
                };
                let end = day.feeds[k].start - self.rng.range(0, 10);
                let span = Span {
                    start: end - self.rng.range(5, 25),
                    end,
                };
                if span.start > day.feeds[k - 1].end && day.is_free(span) {
                    day.taken.push(span);
                    let mut e = self.span(EventKind::Crying, day, span);
                    e.intensity = Some(self.rng.range(1, 3) as u8);
                    self.push(e);
                    break;
                }
            }
        }
    }

    /// A nappy after three feeds in four, and some gas, more in the first three months.
    fn after_feeds(&mut self, day: &Day<'_>) {
        let gas = if day.index < 90 { 0.2 } else { 0.08 };
        for feed in &day.feeds {
            if day.at(feed.start) < self.born {
                continue;
            }
            if self.rng.chance(0.75) {
                let at = day.at(feed.end + self.rng.range(1, 8));
                let mut e = self.point(EventKind::Nappy, at);
                e.contents = Some(match self.rng.unit() {
                    u if u < 0.55 => NappyContents::Wet,
                    u if u < 0.8 => NappyContents::Both,
                    _ => NappyContents::Dirty,
                });
                self.push(e);
            }
            if self.rng.chance(gas) {
                let at = day.at(feed.end + self.rng.range(5, 25));
                let e = self.point(EventKind::Gas, at);
                self.push(e);
            }
        }
    }

    /// Weekly weights and monthly lengths and head circumferences: an hour after the birth on
    /// the first day, then after the second feed.
    fn measurements(&mut self, day: &Day<'_>) {
        let weekly = day.index.is_multiple_of(7);
        let monthly = day.index.is_multiple_of(30);
        if !weekly && !monthly {
            return;
        }
        let at = if day.index == 0 {
            self.born
                .checked_add(SignedDuration::from_hours(1))
                .unwrap_or(Timestamp::MAX)
        } else {
            day.at(day.feeds[1].end + 15)
        };
        let age = self.born.duration_until(at).as_secs_f64() / 86_400.0;
        if weekly {
            let kg = self
                .rng
                .around(grown(self.birth_weight_kg, age, &WEIGHT_GAIN_KG), 0.025);
            self.measure(EventKind::Weight, at, round_to(kg, 1000.0), Unit::Kg);
        }
        if monthly {
            let cm = self
                .rng
                .around(grown(self.birth_length_cm, age, &LENGTH_GAIN_CM), 0.3);
            self.measure(EventKind::Length, at, round_to(cm, 10.0), Unit::Cm);
            let cm = self
                .rng
                .around(grown(self.birth_head_cm, age, &HEAD_GAIN_CM), 0.2);
            self.measure(EventKind::Head, at, round_to(cm, 10.0), Unit::Cm);
        }
    }

    fn measure(&mut self, kind: EventKind, at: Timestamp, value: f64, unit: Unit) {
        let mut e = self.point(kind, at);
        e.value = Some(value);
        e.unit = Some(unit);
        self.push(e);
    }

    /// Vaccinations (with a slightly raised temperature that evening), the occasional
    /// temperature reading and the patch test.
    fn health(&mut self, day: &Day<'_>, vaccination: Option<&[VaccineSite]>) {
        let n = day.feeds.len();
        if let Some(sites) = vaccination {
            let mut e = self.point(EventKind::Vaccination, day.at(day.feeds[2].end + 30));
            e.sites = Some(sites.to_vec());
            self.push(e);
            let mut e = self.point(EventKind::Temperature, day.at(day.feeds[n - 2].end + 10));
            e.celsius = Some(self.rng.range(373, 379) as f64 / 10.0);
            self.push(e);
        } else if self.rng.chance(0.07) {
            let mut e = self.point(EventKind::Temperature, day.at(day.feeds[1].end + 10));
            e.celsius = Some(self.rng.range(365, 373) as f64 / 10.0);
            self.push(e);
        }
        if day.index == PATCH_TEST_DAY {
            let start = day.at(day.feeds[2].end + 20);
            let mut e = self.point(EventKind::PatchTest, start);
            e.start = e.at.take();
            e.oil = OilId::new(PATCH_OIL).ok();
            let read = start.checked_add(SignedDuration::from_hours(24)).ok();
            let read = read.filter(|&t| t <= self.end);
            if let Some(read) = read {
                e.result = Some(PatchResult::NoReaction);
                e.result_at = Some(self.local(read));
            }
            if self.push(e) {
                self.oil_from = read;
            }
        }
    }

    fn local(&self, t: Timestamp) -> LocalTime {
        LocalTime {
            instant: t,
            offset: self.tz.to_offset(t),
        }
    }

    fn span(&self, kind: EventKind, day: &Day<'_>, span: Span) -> EventFields {
        let mut e = EventFields::new(kind);
        e.start = Some(self.local(day.at(span.start)));
        e.end = Some(self.local(day.at(span.end)));
        e
    }

    fn point(&self, kind: EventKind, at: Timestamp) -> EventFields {
        let mut e = EventFields::new(kind);
        e.at = Some(self.local(at));
        e
    }

    /// Keeps the event if it starts at or after the birth, before the end, and has ended by
    /// the end; says whether it was kept.
    fn push(&mut self, e: EventFields) -> bool {
        let Some(when) = e.when() else {
            return false;
        };
        let finished = e.end.unwrap_or(when);
        let kept =
            when.instant >= self.born && when.instant < self.end && finished.instant <= self.end;
        if kept {
            self.events.push(e);
        }
        kept
    }

    /// The events by day, each day in order.
    fn into_days(self, days: u32) -> Vec<Vec<EventFields>> {
        let Generator {
            mut events, born, ..
        } = self;
        events.sort_by_key(|e| e.when().map(|t| t.instant));
        let mut out = vec![Vec::new(); days as usize];
        for e in events {
            let Some(when) = e.when() else {
                continue;
            };
            let day = born.duration_until(when.instant).as_secs() / 86_400;
            if let Some(bucket) = usize::try_from(day).ok().and_then(|d| out.get_mut(d)) {
                bucket.push(e);
            }
        }
        out
    }
}

/// A measurement at `age_days` old: its value at birth plus the gains since.
fn grown(at_birth: f64, age_days: f64, gains: &[(f64, f64)]) -> f64 {
    let mut value = at_birth;
    let mut from = 0.0;
    for &(until, per_day) in gains {
        if age_days <= from {
            break;
        }
        value += (age_days.min(until) - from) * per_day;
        from = until;
    }
    value
}

/// Rounds to `1 / per_unit` (e.g. 1000.0 for grams in kilograms).
fn round_to(value: f64, per_unit: f64) -> f64 {
    (value * per_unit).round() / per_unit
}

#[cfg(test)]
mod tests {
    use super::*;
    use soothe_core::catalog::Catalog;
    use soothe_core::journal::{ended_by, validate};
    use soothe_store::{NewOwner, Options};

    const DAY: SignedDuration = SignedDuration::from_hours(24);

    fn born() -> Timestamp {
        "2025-03-14T13:27:00Z".parse().expect("a timestamp")
    }

    fn zone(name: &str) -> TimeZone {
        TimeZone::get(name).expect("a known zone")
    }

    fn of_kind(days: &[Vec<EventFields>], kind: EventKind) -> Vec<&EventFields> {
        days.iter().flatten().filter(|e| e.kind == kind).collect()
    }

    fn per_day(days: &[Vec<EventFields>], kind: EventKind) -> f64 {
        of_kind(days, kind).len() as f64 / days.len() as f64
    }

    fn start(e: &EventFields) -> Timestamp {
        e.when().expect("a time").instant
    }

    fn finish(e: &EventFields) -> Timestamp {
        e.end.expect("an end").instant
    }

    /// Minutes after local midnight.
    fn local_minutes(t: Timestamp, tz: &TimeZone) -> i64 {
        let time = tz.to_datetime(t).time();
        i64::from(time.hour()) * 60 + i64::from(time.minute())
    }

    #[test]
    fn one_vec_per_day_each_in_order_within_its_24_hours() {
        let born = born();
        let journal = year_of_journal(1, born, 40, &zone("Europe/Paris"));
        assert_eq!(journal.len(), 40);
        for (i, day) in journal.iter().enumerate() {
            let from = born + DAY * i as i32;
            let to = from + DAY;
            assert!(!day.is_empty(), "day {i} is empty");
            assert!(
                day.windows(2).all(|w| start(&w[0]) <= start(&w[1])),
                "day {i} is out of order"
            );
            assert!(
                day.iter().all(|e| (from..to).contains(&start(e))),
                "day {i} holds an event of another day"
            );
        }
        assert!(year_of_journal(1, born, 0, &zone("Europe/Paris")).is_empty());
    }

    #[test]
    fn daily_counts_are_close_to_the_targets() {
        for seed in [1, 2, 3] {
            let journal = year_of_journal(seed, born(), 365, &zone("Europe/Paris"));
            for (name, month) in [
                ("first month", &journal[..30]),
                ("month 6", &journal[150..180]),
                ("last month", &journal[335..]),
            ] {
                let rate = |kind| per_day(month, kind);
                let context = format!("seed {seed}, {name}");
                let feeds = rate(EventKind::Feeding);
                assert!((7.0..=9.0).contains(&feeds), "{context}: {feeds} feeds/day");
                let sleeps = rate(EventKind::Sleep);
                assert!(
                    (3.0..=5.0).contains(&sleeps),
                    "{context}: {sleeps} sleeps/day"
                );
                let massages = rate(EventKind::Massage);
                assert!(
                    (0.8..=1.2).contains(&massages),
                    "{context}: {massages} massages/day"
                );
                let nappies = rate(EventKind::Nappy);
                assert!(
                    (5.0..=7.0).contains(&nappies),
                    "{context}: {nappies} nappies/day"
                );
                let crying = rate(EventKind::Crying);
                assert!(
                    (0.1..=1.5).contains(&crying),
                    "{context}: {crying} crying/day"
                );
                let gas = rate(EventKind::Gas);
                assert!((0.2..=3.0).contains(&gas), "{context}: {gas} gas/day");
            }
            let weights = of_kind(&journal, EventKind::Weight);
            assert!(
                (52..=53).contains(&weights.len()),
                "{} weights",
                weights.len()
            );
            for w in weights.windows(2) {
                let gap = start(w[0]).duration_until(start(w[1]));
                assert!(
                    gap > DAY * 6 && gap < DAY * 8,
                    "weights {gap:?} apart, not weekly"
                );
            }
            for kind in [EventKind::Length, EventKind::Head] {
                let n = of_kind(&journal, kind).len();
                assert!((12..=13).contains(&n), "{n} of {kind} in a year");
            }
            let temperatures = of_kind(&journal, EventKind::Temperature).len();
            assert!(
                (10..=50).contains(&temperatures),
                "{temperatures} temperatures"
            );
            assert!(of_kind(&journal, EventKind::Illness).is_empty());
        }
    }

    #[test]
    fn every_event_validates_and_nothing_ends_after_the_end() {
        let catalog = Catalog::embedded().expect("the embedded catalog");
        let born = born();
        let end = journal_end(born, 365);
        for (seed, tz) in [(7, "Europe/Paris"), (8, "America/New_York"), (9, "UTC")] {
            let journal = year_of_journal(seed, born, 365, &zone(tz));
            let mut total = 0;
            for e in journal.iter().flatten() {
                total += 1;
                let name = "the end of the journal";
                if let Err(err) = Event::try_from(e.clone())
                    .and_then(|e| validate(&e, end, name, &catalog).and(ended_by(&e, end, name)))
                {
                    panic!("{tz}, seed {seed}: {e:?} is invalid: {err:?}");
                }
                assert!(start(e) >= born, "{e:?} is before the birth");
                assert!(start(e) < end, "{e:?} starts at or after the end");
                if let Some(stop) = e.end {
                    assert!(
                        stop.instant > start(e),
                        "{e:?} does not end after it starts"
                    );
                    assert!(stop.instant <= end, "{e:?} ends after the end");
                }
                if let Some(read) = e.result_at {
                    assert!(read.instant <= end, "{e:?} is read after the end");
                }
                for t in [e.start, e.end, e.at].into_iter().flatten() {
                    assert_eq!(t.offset, zone(tz).to_offset(t.instant), "{e:?}");
                }
            }
            assert!(total > 365 * 20, "{tz}: only {total} events");
        }
    }

    #[test]
    fn spans_have_ends_and_plausible_lengths() {
        let journal = year_of_journal(11, born(), 365, &zone("Europe/Paris"));
        let minutes = |e: &EventFields| start(e).duration_until(finish(e)).as_mins();
        for e in of_kind(&journal, EventKind::Feeding) {
            assert!((10..=40).contains(&minutes(e)), "{e:?}");
            assert!(e.method.is_some(), "{e:?}");
            assert_eq!(
                e.amount_ml.is_some(),
                e.method == Some(FeedMethod::Bottle),
                "{e:?}"
            );
        }
        for e in of_kind(&journal, EventKind::Massage) {
            assert!((8..=14).contains(&minutes(e)), "{e:?}");
            let routine = e.routine.as_ref().expect("a routine");
            assert!(ROUTINES.contains(&routine.as_str()), "{e:?}");
            assert!(matches!(e.rating, Some(3..=5)), "{e:?}");
        }
        for e in of_kind(&journal, EventKind::Crying) {
            assert!((5..=25).contains(&minutes(e)), "{e:?}");
        }
        let sleeps = of_kind(&journal, EventKind::Sleep);
        assert!(sleeps.iter().all(|e| (30..=8 * 60).contains(&minutes(e))));
        let nights = sleeps.iter().filter(|e| minutes(e) >= 6 * 60).count();
        assert!(
            (363..=366).contains(&nights),
            "{nights} night sleeps in a year"
        );
        let solids = of_kind(&journal, EventKind::Feeding)
            .into_iter()
            .filter(|e| e.method == Some(FeedMethod::Solids))
            .map(|e| born().duration_until(start(e)))
            .collect::<Vec<_>>();
        assert!(!solids.is_empty());
        assert!(
            solids.iter().all(|age| *age >= DAY * 179),
            "solids before 6 months"
        );
    }

    #[test]
    fn nothing_overlaps_and_no_massage_starts_within_45_minutes_of_a_feed() {
        for seed in [21, 22] {
            let journal = year_of_journal(seed, born(), 365, &zone("Europe/Paris"));
            let mut spans: Vec<&EventFields> = journal
                .iter()
                .flatten()
                .filter(|e| e.end.is_some())
                .collect();
            spans.sort_by_key(|e| start(e));
            for w in spans.windows(2) {
                assert!(
                    finish(w[0]) <= start(w[1]),
                    "{:?} overlaps {:?}",
                    w[0],
                    w[1]
                );
            }
            let feeds = of_kind(&journal, EventKind::Feeding);
            let massages = of_kind(&journal, EventKind::Massage);
            assert!(massages.len() > 300);
            for m in massages {
                let last_feed = feeds
                    .iter()
                    .filter(|f| start(f) < start(m))
                    .map(|f| finish(f))
                    .max();
                if let Some(fed) = last_feed {
                    let gap = fed.duration_until(start(m));
                    assert!(
                        gap >= SignedDuration::from_mins(45),
                        "seed {seed}: massage {m:?} only {gap:?} after a feed"
                    );
                }
            }
        }
    }

    #[test]
    fn the_rhythm_follows_the_local_clock() {
        for name in ["America/New_York", "Asia/Tokyo", "Europe/Paris"] {
            let tz = zone(name);
            let journal = year_of_journal(5, born(), 365, &tz);
            for m in of_kind(&journal, EventKind::Massage) {
                let at = local_minutes(start(m), &tz);
                let late_morning = (10 * 60 + 15..=13 * 60 + 10).contains(&at);
                let evening = (17 * 60 + 45..=21 * 60 + 10).contains(&at);
                assert!(
                    late_morning || evening,
                    "{name}: massage at {at} min: {m:?}"
                );
            }
            for f in of_kind(&journal, EventKind::Feeding) {
                let at = local_minutes(start(f), &tz);
                assert!(
                    (4 * 60..23 * 60).contains(&at),
                    "{name}: a feed at {at} min in the night: {f:?}"
                );
            }
            for s in of_kind(&journal, EventKind::Sleep) {
                let long = start(s).duration_until(finish(s)) >= SignedDuration::from_hours(6);
                let at = local_minutes(start(s), &tz);
                if long {
                    assert!((21 * 60..=23 * 60 + 30).contains(&at), "{name}: {s:?}");
                }
            }
            let feeds = of_kind(&journal, EventKind::Feeding);
            for n in of_kind(&journal, EventKind::Nappy) {
                let after_feed = feeds.iter().any(|f| {
                    (finish(f)..=finish(f) + SignedDuration::from_mins(8)).contains(&start(n))
                });
                assert!(after_feed, "{name}: nappy far from a feed: {n:?}");
            }
        }
    }

    #[test]
    fn weight_starts_near_3_4_kg_and_grows_slower_with_age() {
        for seed in [31, 32, 33] {
            let journal = year_of_journal(seed, born(), 365, &zone("Europe/Paris"));
            let weights: Vec<(f64, f64)> = of_kind(&journal, EventKind::Weight)
                .into_iter()
                .map(|e| {
                    assert_eq!(e.unit, Some(Unit::Kg));
                    let age = born().duration_until(start(e)).as_secs_f64() / 86_400.0;
                    (age, e.value.expect("a value"))
                })
                .collect();
            let (age0, kg0) = weights[0];
            assert!(
                age0 < 1.0 / 12.0,
                "the first weight is {age0} days after birth"
            );
            assert!((3.0..=3.8).contains(&kg0), "birth weight {kg0}");
            assert!(weights.windows(2).all(|w| w[1].1 > w[0].1), "{weights:?}");
            let gain = |from: usize, to: usize| {
                (weights[to].1 - weights[from].1) / (weights[to].0 - weights[from].0)
            };
            let early = gain(0, 12);
            assert!((0.025..=0.035).contains(&early), "{early} kg/day early");
            let late = gain(weights.len() - 13, weights.len() - 1);
            assert!((0.008..=0.016).contains(&late), "{late} kg/day late");
            let lengths = of_kind(&journal, EventKind::Length);
            let heads = of_kind(&journal, EventKind::Head);
            for series in [&lengths, &heads] {
                assert!(series.iter().all(|e| e.unit == Some(Unit::Cm)));
                assert!(series.windows(2).all(|w| w[1].value > w[0].value));
            }
            let first_length = lengths[0].value.expect("a length");
            assert!((48.0..=52.0).contains(&first_length), "{first_length} cm");
        }
    }

    #[test]
    fn vaccinations_at_8_12_16_weeks_and_one_clear_sunflower_patch_test() {
        let tz = zone("Europe/Paris");
        let journal = year_of_journal(41, born(), 365, &tz);
        let vaccinations = of_kind(&journal, EventKind::Vaccination);
        let weeks: Vec<i64> = vaccinations
            .iter()
            .map(|v| {
                assert!(v.sites.as_ref().is_some_and(|s| !s.is_empty()));
                let days = born().duration_until(start(v)).as_secs_f64() / 86_400.0;
                (days / 7.0).round() as i64
            })
            .collect();
        assert_eq!(weeks, [8, 12, 16]);
        let massages = of_kind(&journal, EventKind::Massage);
        for v in &vaccinations {
            let date = tz.to_datetime(start(v)).date();
            assert!(
                massages
                    .iter()
                    .all(|m| tz.to_datetime(start(m)).date() != date),
                "a massage on the day of {v:?}"
            );
        }

        let patch_tests = of_kind(&journal, EventKind::PatchTest);
        let [test] = patch_tests.as_slice() else {
            panic!("{} patch tests", patch_tests.len());
        };
        assert_eq!(test.oil.as_ref().map(OilId::as_str), Some("sunflower"));
        assert_eq!(test.result, Some(PatchResult::NoReaction));
        assert!(born().duration_until(start(test)) < DAY * 4, "not early on");
        let read = test.result_at.expect("a reading").instant;
        assert_eq!(start(test).duration_until(read), DAY);
        for m in massages {
            let oiled = m.oil.as_ref().map(OilId::as_str);
            assert_eq!(oiled, (start(m) >= read).then_some("sunflower"), "{m:?}");
        }

        // Two days from a birth in the afternoon end before the next-day reading.
        let short = year_of_journal(41, born(), 2, &tz);
        let [pending] = of_kind(&short, EventKind::PatchTest)[..] else {
            panic!("no single patch test in the first two days");
        };
        assert_eq!((pending.result, pending.result_at), (None, None));
        assert!(
            of_kind(&short, EventKind::Massage)
                .iter()
                .all(|m| m.oil.is_none())
        );
    }

    #[test]
    fn the_same_seed_gives_the_same_journal() {
        let tz = zone("Europe/Paris");
        let a = year_of_journal(42, born(), 60, &tz);
        assert_eq!(a, year_of_journal(42, born(), 60, &tz));
        assert_ne!(a, year_of_journal(43, born(), 60, &tz));
    }

    #[tokio::test]
    async fn seed_stores_demo_babies_a_month_at_a_time() {
        let dir = std::env::temp_dir().join(format!("soothe-demo-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let store = Store::open_sqlite(&dir.join("soothe.db"), &Options::default())
            .await
            .expect("a store");
        let now: Timestamp = "2026-03-01T09:30:00Z".parse().expect("a timestamp");
        let owner = NewOwner {
            email: "demo@example.org".to_owned(),
            display_name: "Demo".to_owned(),
            password: "a long enough demo password".to_owned(),
            household: "Demo household".to_owned(),
            time_zone: "Europe/Paris".to_owned(),
        };
        let (user, household) = store.create_owner(owner, now).await.expect("an owner");
        let scope = store
            .scope_for(user.id, household.id)
            .await
            .expect("a scope");

        let mut calls = Vec::new();
        let report = seed(&store, &scope, 2, 45, now, &mut |done, total| {
            calls.push((done, total));
        })
        .await
        .expect("seeded");

        assert_eq!(calls, [(30, 90), (45, 90), (75, 90), (90, 90)]);
        assert_eq!(store.babies(&scope).await.expect("babies").len(), 2);
        let born = now - DAY * 45;
        let mut stored = 0;
        for (n, id) in (1..).zip(&report.babies) {
            let baby = store.baby(&scope, id).await.expect("a stored baby");
            assert_eq!(baby.name, Some(format!("Demo baby {n}")));
            match baby.born {
                Birth::At(t) => assert_eq!(t.instant, born),
                Birth::Date(d) => panic!("born on {d}, without a time"),
            }
            let expected: usize = year_of_journal(DEMO_SEED + n, born, 45, scope.time_zone())
                .iter()
                .map(Vec::len)
                .sum();
            let events = store
                .events_around(&scope, id, born, now + SignedDuration::from_mins(1))
                .await
                .expect("events");
            assert_eq!(events.len(), expected, "baby {n}");
            // The journal's plausibility rules hold for what the seeder makes.
            let latest = LocalTime {
                instant: now,
                offset: jiff::tz::Offset::UTC,
            };
            soothe_core::journal::check_birth_and_due(baby.born, baby.due, latest)
                .expect("a plausible birth");
            assert!(
                events
                    .iter()
                    .all(|e| soothe_core::journal::after_birth(e, baby.born).is_ok())
            );
            assert!(
                events
                    .iter()
                    .all(|e| e.when().instant <= now && e.end().is_none_or(|t| t.instant <= now))
            );
            stored += expected as u64;
        }
        assert_eq!(report.events, stored);

        store.close().await;
        let _ = std::fs::remove_dir_all(&dir);
    }
}
