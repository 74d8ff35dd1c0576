//! A baby's private calendar feed (iCalendar, RFC 5545): the rhythm as one repeating event
//! with its reminder, and each patch test's "time to look at the skin" as a one-off event.
//!
//! Pure: [`ics`] takes a [`Feed`] (what the use case gathered) and the reader's words and
//! writes the feed; it knows nothing of the store. The household's zone travels as a
//! `VTIMEZONE` made from jiff's transitions, so a calendar that does not know the zone's name
//! still keeps "19:30" at 19:30 on the wall across daylight-saving changes. Every sentence
//! in it comes from `content/locales/<lang>/calendar.ftl`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::{Offset, TimeZone};
use soothe_core::rhythm::Weekdays;
use soothe_words::{Arg, Words};

/// How many years past the latest date in the feed the zone's changes are written out (a
/// rule still in force is written as an `RRULE`, which never ends).
const YEARS_AHEAD: i16 = 5;

/// How long a patch test's "look at the skin" event lasts, in minutes.
const CHECK_MINUTES: u32 = 15;

/// How often a calendar app should fetch the feed again.
const REFRESH: &str = "PT6H";

/// The `TZID` for a zone that has no IANA name (a fixed offset).
const UNNAMED_ZONE: &str = "soothe-household-zone";

/// Everything one baby's feed shows.
#[derive(Debug, Clone)]
pub struct Feed {
    /// Stable for the baby (its id): the events' `UID`s are made from it.
    pub id: String,
    /// The baby's name, as the family wrote it.
    pub baby_name: String,
    /// The household's time zone: the rhythm's time is on its wall clock.
    pub time_zone: TimeZone,
    /// The rhythm, when the baby has one with a time (a fixed one or today's suggestion).
    pub rhythm: Option<FeedRhythm>,
    /// The patch tests' checks to show.
    pub checks: Vec<FeedCheck>,
    /// A link back to the baby in soothe, for each event.
    pub url: Option<String>,
    /// Now: the events' `DTSTAMP`.
    pub now: Timestamp,
}

/// The rhythm as the feed shows it.
#[derive(Debug, Clone)]
pub struct FeedRhythm {
    /// The time of day on the household's wall clock.
    pub time: Time,
    /// The days it repeats on (none: no event).
    pub weekdays: Weekdays,
    /// The reminder comes this many minutes before (0: at the time).
    pub remind_before_minutes: u32,
    /// The routine's name, in the reader's words.
    pub routine_name: String,
    /// The routine's length in minutes: the event's `DURATION`.
    pub minutes: u32,
    /// The first day it applies to (the event starts on its first weekday from here).
    pub since: Date,
}

/// A patch test's check: when to look at the skin.
#[derive(Debug, Clone)]
pub struct FeedCheck {
    /// Stable for the patch test (its event's id): its `UID` is made from it.
    pub id: String,
    /// When its watch ends.
    pub at: Timestamp,
    /// The oil's name, in the reader's words.
    pub oil_name: String,
}

/// The feed as an iCalendar document (`text/calendar`), lines ending in CRLF and folded at
/// 75 octets.
pub fn ics(feed: &Feed, words: &Words) -> String {
    let w = *words;
    let baby = || Arg::Text(feed.baby_name.as_str().into());
    let tzid = feed.time_zone.iana_name().unwrap_or(UNNAMED_ZONE);
    let mut out = Lines::default();
    out.line("BEGIN:VCALENDAR");
    out.line("VERSION:2.0");
    out.line("PRODID:-//soothe//soothe calendar feed//EN");
    out.line("CALSCALE:GREGORIAN");
    out.line("METHOD:PUBLISH");
    let name = text(&w.t_args("calendar-name", &[("baby", baby())]));
    out.prop("NAME", &name);
    out.prop("X-WR-CALNAME", &name);
    out.prop("REFRESH-INTERVAL;VALUE=DURATION", REFRESH);
    out.prop("X-PUBLISHED-TTL", REFRESH);

    let stamp = utc(feed.now);
    let url = feed.url.as_deref().map(uri);
    let rhythm = feed
        .rhythm
        .as_ref()
        .and_then(|r| first_day(r).map(|day| (r, day)));

    if let Some((r, day)) = rhythm {
        let last = feed
            .checks
            .iter()
            .map(|c| c.at.to_zoned(feed.time_zone.clone()).date())
            .chain([day, feed.now.to_zoned(feed.time_zone.clone()).date()])
            .max()
            .unwrap_or(day);
        vtimezone(&mut out, &feed.time_zone, tzid, day.year(), last.year());

        let minutes = i64::from(r.minutes);
        let before = i64::from(r.remind_before_minutes);
        out.line("BEGIN:VEVENT");
        out.prop("UID", &text(&format!("rhythm-{}@soothe", feed.id)));
        out.prop("DTSTAMP", &stamp);
        out.prop(
            &format!("DTSTART;TZID={}", param(tzid)),
            &local(day.to_datetime(r.time)),
        );
        out.prop("DURATION", &format!("PT{}M", r.minutes));
        out.prop("RRULE", &rrule(r.weekdays));
        out.prop(
            "SUMMARY",
            &text(&w.t_args("calendar-rhythm-summary", &[("baby", baby())])),
        );
        let mut description = w.t_args(
            "calendar-rhythm-description",
            &[
                ("baby", baby()),
                ("routine", Arg::Text(r.routine_name.as_str().into())),
                ("minutes", Arg::Int(minutes)),
            ],
        );
        if let Some(u) = &url {
            description.push_str("\n\n");
            description.push_str(u);
        }
        out.prop("DESCRIPTION", &text(&description));
        if let Some(u) = &url {
            out.prop("URL", u);
        }
        out.line("BEGIN:VALARM");
        out.line("ACTION:DISPLAY");
        let alarm = if before == 0 {
            w.t_args("calendar-rhythm-alarm-now", &[("baby", baby())])
        } else {
            w.t_args(
                "calendar-rhythm-alarm",
                &[("baby", baby()), ("minutes", Arg::Int(before))],
            )
        };
        out.prop("DESCRIPTION", &text(&alarm));
        out.prop(
            "TRIGGER",
            &if before == 0 {
                "PT0M".to_owned()
            } else {
                format!("-PT{before}M")
            },
        );
        out.line("END:VALARM");
        out.line("END:VEVENT");
    }

    for check in &feed.checks {
        let oil = || Arg::Text(check.oil_name.as_str().into());
        out.line("BEGIN:VEVENT");
        out.prop(
            "UID",
            &text(&format!("patch-check-{}-{}@soothe", feed.id, check.id)),
        );
        out.prop("DTSTAMP", &stamp);
        out.prop("DTSTART", &utc(check.at));
        out.prop("DURATION", &format!("PT{CHECK_MINUTES}M"));
        out.prop(
            "SUMMARY",
            &text(&w.t_args(
                "calendar-check-summary",
                &[("baby", baby()), ("oil", oil())],
            )),
        );
        let mut description = w.t_args(
            "calendar-check-description",
            &[("baby", baby()), ("oil", oil())],
        );
        if let Some(u) = &url {
            description.push_str("\n\n");
            description.push_str(u);
        }
        out.prop("DESCRIPTION", &text(&description));
        if let Some(u) = &url {
            out.prop("URL", u);
        }
        out.line("BEGIN:VALARM");
        out.line("ACTION:DISPLAY");
        out.prop(
            "DESCRIPTION",
            &text(&w.t_args("calendar-check-alarm", &[("baby", baby()), ("oil", oil())])),
        );
        out.prop("TRIGGER", "PT0M");
        out.line("END:VALARM");
        out.line("END:VEVENT");
    }

    out.line("END:VCALENDAR");
    out.0
}

/// The rhythm's first day: its first weekday on or after `since`; `None` without weekdays.
fn first_day(r: &FeedRhythm) -> Option<Date> {
    (0..7)
        .filter_map(|i| r.since.checked_add(jiff::Span::new().days(i)).ok())
        .find(|d| r.weekdays.contains(d.weekday()))
}

/// `FREQ=DAILY` for every day, else `FREQ=WEEKLY;BYDAY=…` (Monday first).
fn rrule(days: Weekdays) -> String {
    if days == Weekdays::ALL {
        return "FREQ=DAILY".to_owned();
    }
    let byday: Vec<&str> = [
        (Weekday::Monday, "MO"),
        (Weekday::Tuesday, "TU"),
        (Weekday::Wednesday, "WE"),
        (Weekday::Thursday, "TH"),
        (Weekday::Friday, "FR"),
        (Weekday::Saturday, "SA"),
        (Weekday::Sunday, "SU"),
    ]
    .into_iter()
    .filter(|(d, _)| days.contains(*d))
    .map(|(_, code)| code)
    .collect();
    format!("FREQ=WEEKLY;BYDAY={}", byday.join(","))
}

/// One change of the zone's offset: the local time it happens at, on the clock before it.
#[derive(Debug, Clone, Copy)]
struct Onset {
    at: DateTime,
}

/// What a group of changes share: they become one `STANDARD`/`DAYLIGHT` sub-component.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Observance {
    daylight: bool,
    from: i32,
    to: i32,
    name: String,
}

/// Writes the zone as a `VTIMEZONE`: what it was on 1 January of the year before
/// `from_year`, then every change up to the end of `to_year` + [`YEARS_AHEAD`], grouped by
/// what they change. A group whose changes follow one yearly rule up to the end (e.g. the
/// last Sunday of October at 03:00) is written from its first such change as an `RRULE`, so
/// it holds after the end too; other changes are listed as `RDATE`s.
///
/// A change that moves the clocks forward is `DAYLIGHT`, one that moves them back
/// `STANDARD` (whatever the zone calls its winter: Ireland's is "daylight saving" in the
/// zone data, which parsers that take `DAYLIGHT` minus `STANDARD` as the saving misread).
fn vtimezone(out: &mut Lines, tz: &TimeZone, tzid: &str, from_year: i16, to_year: i16) {
    let start = Date::new(from_year.saturating_sub(1).max(1), 1, 1)
        .ok()
        .and_then(|d| tz.to_zoned(d.to_datetime(Time::midnight())).ok())
        .map_or(Timestamp::UNIX_EPOCH, |z| z.timestamp());
    let end_year = to_year.saturating_add(YEARS_AHEAD).min(9998);
    let end = Date::new(end_year + 1, 1, 1)
        .ok()
        .and_then(|d| tz.to_zoned(d.to_datetime(Time::midnight())).ok())
        .map_or(Timestamp::MAX, |z| z.timestamp());

    let changes: Vec<_> = tz
        .following(start)
        .take_while(|t| t.timestamp() < end)
        .collect();
    let first = tz.to_offset_info(start);
    let mut before = first.offset();
    let mut groups: BTreeMap<Observance, Vec<Onset>> = BTreeMap::new();
    // What the zone is at the start, as a change into it there: summer time when the next
    // change moves the clocks back (then from the offset it goes back to, so that parsers
    // see the saving), else standard time.
    let summer_first = changes
        .first()
        .is_some_and(|t| t.offset().seconds() < before.seconds());
    groups
        .entry(Observance {
            daylight: summer_first,
            from: match changes.first() {
                Some(t) if summer_first => t.offset().seconds(),
                _ => before.seconds(),
            },
            to: before.seconds(),
            name: first.abbreviation().to_owned(),
        })
        .or_default()
        .push(Onset {
            at: before.to_datetime(start),
        });
    for t in &changes {
        let (from, to) = (before.seconds(), t.offset().seconds());
        let key = Observance {
            daylight: if to == from {
                t.dst().is_dst()
            } else {
                to > from
            },
            from,
            to,
            name: t.abbreviation().to_owned(),
        };
        groups.entry(key).or_default().push(Onset {
            at: before.to_datetime(t.timestamp()),
        });
        before = t.offset();
    }

    out.line("BEGIN:VTIMEZONE");
    out.prop("TZID", &text(tzid));
    for (obs, onsets) in &groups {
        let (listed, ruled) = match yearly_rule(onsets, end_year) {
            Some((from, rule)) => (&onsets[..from], Some((onsets[from], rule))),
            None => (&onsets[..], None),
        };
        if let Some((head, rest)) = listed.split_first() {
            observance(out, obs, *head, None, rest);
        }
        if let Some((head, rule)) = ruled {
            observance(out, obs, head, Some(&rule), &[]);
        }
    }
    out.line("END:VTIMEZONE");
}

/// One `STANDARD`/`DAYLIGHT` sub-component.
fn observance(out: &mut Lines, obs: &Observance, start: Onset, rule: Option<&str>, more: &[Onset]) {
    let kind = if obs.daylight { "DAYLIGHT" } else { "STANDARD" };
    out.line(&format!("BEGIN:{kind}"));
    out.prop("DTSTART", &local(start.at));
    out.prop("TZOFFSETFROM", &offset(obs.from));
    out.prop("TZOFFSETTO", &offset(obs.to));
    if let Some(rule) = rule {
        out.prop("RRULE", rule);
    }
    if !more.is_empty() {
        let dates: Vec<String> = more.iter().map(|o| local(o.at)).collect();
        out.prop("RDATE", &dates.join(","));
    }
    if !obs.name.is_empty() {
        out.prop("TZNAME", &text(&obs.name));
    }
    out.line(&format!("END:{kind}"));
}

/// The longest run of `onsets` that ends in the last year written (`end_year`), falls in
/// consecutive years, and follows one yearly rule — same month, weekday and time, and the
/// last such weekday of the month, or the nth, or the first on or after a day (tz's
/// `Sun>=2`) — when it has at least two: where it starts, and the `RRULE`.
fn yearly_rule(onsets: &[Onset], end_year: i16) -> Option<(usize, String)> {
    let last = onsets.last()?;
    if last.at.year() != end_year {
        return None;
    }
    let shape = |o: &Onset| {
        let d = o.at.date();
        let nth = (d.day() - 1) / 7 + 1;
        let is_last = d.day() + 7 > d.days_in_month();
        (d.month(), d.weekday(), o.at.time(), nth, is_last)
    };
    let (month, weekday, time, nth, is_last) = shape(last);
    let (mut by_last, mut by_nth) = (is_last, true);
    let (mut low, mut high) = (last.at.day(), last.at.day());
    let mut from = onsets.len() - 1;
    while from > 0 {
        let prev = &onsets[from - 1];
        let (m, wd, t, n, l) = shape(prev);
        if m != month || wd != weekday || t != time || prev.at.year() + 1 != onsets[from].at.year()
        {
            break;
        }
        let keeps_last = by_last && l;
        let keeps_nth = by_nth && n == nth;
        let (lo, hi) = (low.min(prev.at.day()), high.max(prev.at.day()));
        if !keeps_last && !keeps_nth && hi - lo > 6 {
            break;
        }
        (by_last, by_nth, low, high) = (keeps_last, keeps_nth, lo, hi);
        from -= 1;
    }
    if onsets.len() - from < 2 {
        return None;
    }
    let day = match weekday {
        Weekday::Monday => "MO",
        Weekday::Tuesday => "TU",
        Weekday::Wednesday => "WE",
        Weekday::Thursday => "TH",
        Weekday::Friday => "FR",
        Weekday::Saturday => "SA",
        Weekday::Sunday => "SU",
    };
    let which = if by_last {
        format!("BYDAY=-1{day}")
    } else if by_nth {
        format!("BYDAY={nth}{day}")
    } else {
        // The first such weekday on or after a day: the seven days from there.
        let first = high - 6;
        let days: Vec<String> = (first..first + 7).map(|d| d.to_string()).collect();
        format!("BYMONTHDAY={};BYDAY={day}", days.join(","))
    };
    Some((from, format!("FREQ=YEARLY;BYMONTH={month};{which}")))
}

/// A local date and time: `20261025T193000`.
fn local(dt: DateTime) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

/// An instant in UTC: `20261025T183000Z`.
fn utc(t: Timestamp) -> String {
    format!("{}Z", local(Offset::UTC.to_datetime(t)))
}

/// A UTC offset: `+0100`, `-0430`, with seconds when it has them (`-001444`).
fn offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

/// A TEXT value escaped (RFC 5545 §3.3.11): backslash, semicolon, comma and newline; other
/// control characters (a carriage return too) are dropped.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URI value: control characters and spaces dropped (they would break the line).
fn uri(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect()
}

/// A parameter value, quoted when it holds `:`, `;` or `,` (a double quote cannot be in one
/// and is dropped, as are control characters).
fn param(s: &str) -> String {
    let clean: String = s.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    if clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// The document's content lines.
#[derive(Default)]
struct Lines(String);

impl Lines {
    /// A content line as it is (ASCII, short).
    fn line(&mut self, l: &str) {
        self.fold(l);
    }

    /// `NAME[;PARAMS]:VALUE`, the value already escaped.
    fn prop(&mut self, name: &str, value: &str) {
        self.fold(&format!("{name}:{value}"));
    }

    /// Writes `l` folded (RFC 5545 §3.1): no line longer than 75 octets before its CRLF,
    /// each continuation starting with a space, never inside a UTF-8 character.
    fn fold(&mut self, l: &str) {
        let mut used = 0;
        for c in l.chars() {
            let n = c.len_utf8();
            if used + n > 75 {
                self.0.push_str("\r\n ");
                used = 1;
            }
            self.0.push(c);
            used += n;
        }
        let _ = write!(self.0, "\r\n");
    }
}
