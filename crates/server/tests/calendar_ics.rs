//! The calendar feed (`soothe_server::calendar::ics`): its structure, escaping and folding
//! read line by line here, and the whole feed in a real parser — Python's `icalendar` with
//! `recurring-ical-events` (tests/checkers/check_ics.py, pinned in
//! tests/checkers/requirements.txt) — which expands the rhythm across daylight-saving
//! changes (Europe/Madrid in October, America/New_York in March) and checks every
//! occurrence at 19:30 on the wall clock, its alarm 15 minutes before, the UIDs stable
//! across two builds and the patch-test checks.
//!
//! Without the checker's virtualenv that test is skipped with a message, except under `CI`,
//! where .ci/run makes it in `target/checkers-venv` and a missing one is a failure.

#![allow(clippy::unwrap_used, missing_docs)]

#[path = "../../../tests/skipping.rs"]
mod skipping;

use std::path::{Path, PathBuf};
use std::process::Command;

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use serde_json::json;
use soothe_core::rhythm::Weekdays;
use soothe_server::calendar::{Feed, FeedCheck, FeedRhythm, ics};
use soothe_words::{Lang, Words};

fn en() -> Words {
    Words::for_lang(Lang::En)
}

fn feed(zone: &str, days: &[&str], since: Date) -> Feed {
    Feed {
        id: "0b7f3c2e-baby".to_owned(),
        baby_name: "Léa".to_owned(),
        time_zone: TimeZone::get(zone).unwrap(),
        rhythm: Some(FeedRhythm {
            time: Time::constant(19, 30, 0, 0),
            weekdays: Weekdays::from_names(days.iter().copied()).unwrap(),
            remind_before_minutes: 15,
            routine_name: "Legs and feet".to_owned(),
            minutes: 20,
            since,
        }),
        checks: vec![FeedCheck {
            id: "evt-41".to_owned(),
            at: "2026-10-26T17:05:00Z".parse().unwrap(),
            oil_name: "Sunflower oil".to_owned(),
        }],
        url: Some("https://soothe.example.org/babies/0b7f3c2e-baby".to_owned()),
        now: "2026-10-20T08:00:00Z".parse().unwrap(),
    }
}

const ALL: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The physical lines, each checked: CRLF at the end, at most 75 octets (each is a `str`,
/// so a fold never split a character).
fn physical(doc: &str) -> Vec<String> {
    assert!(doc.ends_with("\r\n"), "the document ends with CRLF");
    let body = &doc[..doc.len() - 2];
    let mut out = Vec::new();
    for line in body.split("\r\n") {
        assert!(!line.contains(['\r', '\n']), "a bare CR or LF in {line:?}");
        assert!(line.len() <= 75, "{} octets: {:?}", line.len(), line);
        out.push(line.to_owned());
    }
    out
}

/// The content lines, unfolded.
fn unfolded(doc: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in physical(doc) {
        if let Some(rest) = line.strip_prefix(' ') {
            out.last_mut()
                .expect("a continuation follows a line")
                .push_str(rest);
        } else {
            out.push(line);
        }
    }
    out
}

/// The lines of each component named `name` (`VEVENT`, `VTIMEZONE`, …), without its BEGIN
/// and END; nested components stay in.
fn components(lines: &[String], name: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for l in lines {
        if *l == format!("BEGIN:{name}") {
            current = Some(Vec::new());
        } else if *l == format!("END:{name}") {
            out.push(current.take().expect("END after BEGIN"));
        } else if let Some(c) = current.as_mut() {
            c.push(l.clone());
        }
    }
    assert!(current.is_none(), "{name} is not closed");
    out
}

/// The value of the first property `name` (with its parameters, if any, before `:`).
fn prop<'a>(lines: &'a [String], name: &str) -> Option<&'a str> {
    lines.iter().find_map(|l| {
        l.strip_prefix(name)
            .filter(|rest| rest.starts_with(':') || rest.starts_with(';'))
            .map(|rest| rest.split_once(':').map_or(rest, |(_, v)| v))
    })
}

fn props<'a>(lines: &'a [String], name: &str) -> Vec<&'a str> {
    lines
        .iter()
        .filter_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(':')))
        .collect()
}

#[test]
fn the_calendar_has_its_header_zone_and_events() {
    let doc = ics(
        &feed("Europe/Madrid", &ALL, Date::constant(2026, 10, 20)),
        &en(),
    );
    let lines = unfolded(&doc);
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    for (name, value) in [
        ("VERSION", "2.0"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
        ("X-WR-CALNAME", "Léa's massage"),
    ] {
        assert_eq!(prop(&lines, name), Some(value), "{name}");
    }
    assert!(prop(&lines, "PRODID").is_some_and(|p| p.contains("soothe")));

    let zones = components(&lines, "VTIMEZONE");
    assert_eq!(zones.len(), 1);
    assert_eq!(prop(&zones[0], "TZID"), Some("Europe/Madrid"));

    let events = components(&lines, "VEVENT");
    assert_eq!(events.len(), 2, "the rhythm and one check");
    let rhythm = &events[0];
    assert_eq!(prop(rhythm, "UID"), Some("rhythm-0b7f3c2e-baby@soothe"));
    assert_eq!(prop(rhythm, "DTSTAMP"), Some("20261020T080000Z"));
    assert!(
        rhythm.contains(&"DTSTART;TZID=Europe/Madrid:20261020T193000".to_owned()),
        "{rhythm:?}"
    );
    assert_eq!(prop(rhythm, "DURATION"), Some("PT20M"));
    assert_eq!(prop(rhythm, "RRULE"), Some("FREQ=DAILY"));
    assert_eq!(prop(rhythm, "SUMMARY"), Some("Massage time for Léa"));
    let description = prop(rhythm, "DESCRIPTION").unwrap();
    assert!(
        description.starts_with("Your daily time for Legs and feet (about 20 minutes)."),
        "{description}"
    );
    assert!(
        description.ends_with("\\n\\nhttps://soothe.example.org/babies/0b7f3c2e-baby"),
        "{description}"
    );
    assert_eq!(
        prop(rhythm, "URL"),
        Some("https://soothe.example.org/babies/0b7f3c2e-baby")
    );
    let alarms = components(rhythm, "VALARM");
    assert_eq!(alarms.len(), 1);
    assert_eq!(prop(&alarms[0], "ACTION"), Some("DISPLAY"));
    assert_eq!(prop(&alarms[0], "TRIGGER"), Some("-PT15M"));
    assert_eq!(
        prop(&alarms[0], "DESCRIPTION"),
        Some("Massage time for Léa in 15 minutes.")
    );

    let check = &events[1];
    assert_eq!(
        prop(check, "UID"),
        Some("patch-check-0b7f3c2e-baby-evt-41@soothe")
    );
    assert_eq!(prop(check, "DTSTART"), Some("20261026T170500Z"));
    assert_eq!(prop(check, "RRULE"), None);
    assert_eq!(
        prop(check, "SUMMARY"),
        Some("Look at Léa's skin: Sunflower oil patch test")
    );
    assert_eq!(
        prop(&components(check, "VALARM")[0], "TRIGGER"),
        Some("PT0M")
    );
}

#[test]
fn the_zone_is_written_from_its_rules() {
    let doc = ics(
        &feed("Europe/Madrid", &ALL, Date::constant(2026, 10, 20)),
        &en(),
    );
    let zone = &components(&unfolded(&doc), "VTIMEZONE")[0];
    let standard = components(zone, "STANDARD");
    let daylight = components(zone, "DAYLIGHT");
    // The rule in force: back to CET on the last Sunday of October at 03:00 CEST, forward
    // to CEST on the last Sunday of March at 02:00 CET.
    let ruled = |parts: &[Vec<String>], rule: &str| {
        parts
            .iter()
            .find(|p| prop(p, "RRULE") == Some(rule))
            .cloned()
            .unwrap_or_else(|| panic!("no part with {rule}: {parts:?}"))
    };
    let back = ruled(&standard, "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU");
    assert_eq!(prop(&back, "TZOFFSETFROM"), Some("+0200"));
    assert_eq!(prop(&back, "TZOFFSETTO"), Some("+0100"));
    assert_eq!(prop(&back, "TZNAME"), Some("CET"));
    assert_eq!(prop(&back, "DTSTART"), Some("20251026T030000"));
    let forward = ruled(&daylight, "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU");
    assert_eq!(prop(&forward, "TZOFFSETFROM"), Some("+0100"));
    assert_eq!(prop(&forward, "TZOFFSETTO"), Some("+0200"));
    assert_eq!(prop(&forward, "TZNAME"), Some("CEST"));
    assert_eq!(prop(&forward, "DTSTART"), Some("20250330T020000"));
    // Before the first change written: what the zone was on 1 January of the year before.
    assert!(
        standard
            .iter()
            .any(|p| prop(p, "DTSTART") == Some("20250101T000000")
                && prop(p, "TZOFFSETTO") == Some("+0100")),
        "{standard:?}"
    );

    let doc = ics(
        &feed("America/New_York", &ALL, Date::constant(2027, 3, 1)),
        &en(),
    );
    let zone = &components(&unfolded(&doc), "VTIMEZONE")[0];
    let standard = components(zone, "STANDARD");
    let daylight = components(zone, "DAYLIGHT");
    let back = ruled(&standard, "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU");
    assert_eq!(
        (prop(&back, "TZOFFSETFROM"), prop(&back, "TZOFFSETTO")),
        (Some("-0400"), Some("-0500"))
    );
    let forward = ruled(&daylight, "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU");
    assert_eq!(prop(&forward, "DTSTART"), Some("20260308T020000"));
    assert_eq!(prop(&back, "DTSTART"), Some("20261101T020000"));

    // Santiago goes back on the first Sunday on or after 2 April (tz's `Sun>=2`), forward
    // on the first Sunday on or after 2 September; Dublin's winter is the zone data's
    // "daylight saving" but is written as STANDARD, its summer as DAYLIGHT.
    for (zone, part, rule) in [
        (
            "America/Santiago",
            "STANDARD",
            "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=2,3,4,5,6,7,8;BYDAY=SU",
        ),
        (
            "America/Santiago",
            "DAYLIGHT",
            "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=2,3,4,5,6,7,8;BYDAY=SU",
        ),
        (
            "Europe/Dublin",
            "STANDARD",
            "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        ),
        (
            "Europe/Dublin",
            "DAYLIGHT",
            "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        ),
    ] {
        let doc = ics(&feed(zone, &ALL, Date::constant(2026, 10, 20)), &en());
        let tz = &components(&unfolded(&doc), "VTIMEZONE")[0];
        ruled(&components(tz, part), rule);
    }

    // UTC: one part, no daylight saving.
    let doc = ics(&feed("UTC", &ALL, Date::constant(2026, 10, 20)), &en());
    let zone = &components(&unfolded(&doc), "VTIMEZONE")[0];
    assert!(components(zone, "DAYLIGHT").is_empty(), "{zone:?}");
    let standard = components(zone, "STANDARD");
    assert_eq!(standard.len(), 1, "{zone:?}");
    assert_eq!(prop(&standard[0], "TZOFFSETFROM"), Some("+0000"));
    assert_eq!(prop(&standard[0], "TZOFFSETTO"), Some("+0000"));
    assert_eq!(prop(&standard[0], "RRULE"), None);
}

#[test]
fn weekdays_make_a_weekly_rule_from_the_first_such_day() {
    // Tuesday 20 October: the first Saturday or Sunday is the 24th.
    let doc = ics(
        &feed(
            "Europe/Madrid",
            &["sun", "sat"],
            Date::constant(2026, 10, 20),
        ),
        &en(),
    );
    let rhythm = &components(&unfolded(&doc), "VEVENT")[0];
    assert_eq!(prop(rhythm, "RRULE"), Some("FREQ=WEEKLY;BYDAY=SA,SU"));
    assert!(rhythm.contains(&"DTSTART;TZID=Europe/Madrid:20261024T193000".to_owned()));

    let doc = ics(
        &feed(
            "Europe/Madrid",
            &["mon", "wed", "fri"],
            Date::constant(2026, 10, 20),
        ),
        &en(),
    );
    let rhythm = &components(&unfolded(&doc), "VEVENT")[0];
    assert_eq!(prop(rhythm, "RRULE"), Some("FREQ=WEEKLY;BYDAY=MO,WE,FR"));
    assert!(rhythm.contains(&"DTSTART;TZID=Europe/Madrid:20261021T193000".to_owned()));
}

#[test]
fn no_rhythm_or_no_weekday_means_no_repeating_event_and_no_zone() {
    let mut f = feed("Europe/Madrid", &ALL, Date::constant(2026, 10, 20));
    f.rhythm = None;
    let lines = unfolded(&ics(&f, &en()));
    assert!(components(&lines, "VTIMEZONE").is_empty());
    let events = components(&lines, "VEVENT");
    assert_eq!(events.len(), 1);
    assert!(prop(&events[0], "UID").unwrap().starts_with("patch-check-"));

    let mut f = feed("Europe/Madrid", &[], Date::constant(2026, 10, 20));
    f.checks.clear();
    let lines = unfolded(&ics(&f, &en()));
    assert!(components(&lines, "VEVENT").is_empty());
    assert_eq!(prop(&lines, "X-WR-CALNAME"), Some("Léa's massage"));
}

#[test]
fn a_reminder_at_the_time_itself_says_so() {
    let mut f = feed("Europe/Madrid", &ALL, Date::constant(2026, 10, 20));
    f.rhythm.as_mut().unwrap().remind_before_minutes = 0;
    let lines = unfolded(&ics(&f, &en()));
    let alarm = &components(&lines, "VALARM")[0];
    assert_eq!(prop(alarm, "TRIGGER"), Some("PT0M"));
    assert_eq!(prop(alarm, "DESCRIPTION"), Some("Massage time for Léa."));
}

#[test]
fn text_is_escaped_and_cannot_break_out_of_its_line() {
    let mut f = feed("Europe/Madrid", &ALL, Date::constant(2026, 10, 20));
    f.baby_name = "Ana, Bea; C\\D\r\nBEGIN:VEVENT".to_owned();
    f.checks[0].oil_name = "Oil; \"one\", two".to_owned();
    f.url = Some("https://x.example/a\r\nBEGIN:VEVENT".to_owned());
    let doc = ics(&f, &en());
    let lines = unfolded(&doc);
    assert_eq!(
        lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(),
        2,
        "{doc}"
    );
    assert_eq!(
        prop(&lines, "X-WR-CALNAME"),
        Some("Ana\\, Bea\\; C\\\\D\\nBEGIN:VEVENT's massage")
    );
    let events = components(&lines, "VEVENT");
    assert_eq!(
        prop(&events[1], "SUMMARY"),
        Some(
            "Look at Ana\\, Bea\\; C\\\\D\\nBEGIN:VEVENT's skin: Oil\\; \"one\"\\, two patch test"
        )
    );
    assert_eq!(
        prop(&events[0], "URL"),
        Some("https://x.example/aBEGIN:VEVENT")
    );
    // No property line starts with anything but a name: nothing escaped a value.
    for l in &lines {
        let name = l.split([':', ';']).next().unwrap();
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'),
            "{l:?}"
        );
    }
}

#[test]
fn long_lines_fold_at_75_octets_between_characters() {
    let mut f = feed("Europe/Madrid", &ALL, Date::constant(2026, 10, 20));
    // Two-, three- and four-octet characters, so that a fold lands inside one unless the
    // folding counts octets and keeps characters whole.
    f.baby_name = "Léa-Zoë 🌙 日本 ".repeat(12);
    let doc = ics(&f, &en());
    let physical = physical(&doc);
    assert!(
        physical.iter().any(|l| l.starts_with(' ')),
        "a long line is folded"
    );
    assert!(
        physical.iter().any(|l| l.len() >= 72),
        "folds use the room there is"
    );
    let lines = unfolded(&doc);
    assert_eq!(
        prop(&lines, "X-WR-CALNAME").map(str::to_owned),
        Some(format!("{}'s massage", f.baby_name))
    );
    // The RDATE lists and the rule are not broken either: they unfold to what was folded.
    let short = ics(
        &feed("Europe/Madrid", &ALL, Date::constant(2026, 10, 20)),
        &en(),
    );
    assert_eq!(
        unfolded(&short).concat(),
        short.replace("\r\n ", "").replace("\r\n", "")
    );
}

#[test]
fn every_sentence_comes_from_the_words() {
    let doc = ics(
        &feed("Europe/Madrid", &ALL, Date::constant(2026, 10, 20)),
        &Words::for_lang(Lang::Pseudo),
    );
    let lines = unfolded(&doc);
    let mut seen = 0;
    for name in ["X-WR-CALNAME", "NAME", "SUMMARY", "DESCRIPTION"] {
        for value in props(&lines, name) {
            assert!(
                value.starts_with('⟦'),
                "{name}:{value} is not from the words"
            );
            seen += 1;
        }
    }
    // Name twice; a summary per event; a description per event and per alarm.
    assert_eq!(seen, 2 + 2 + 4, "every such property was looked at");

    let doc = ics(
        &feed("Europe/Madrid", &ALL, Date::constant(2026, 10, 20)),
        &Words::for_lang(Lang::Es),
    );
    let lines = unfolded(&doc);
    assert_eq!(prop(&lines, "X-WR-CALNAME"), Some("Masaje de Léa"));
    let alarm = &components(&lines, "VALARM")[0];
    assert_eq!(
        prop(alarm, "DESCRIPTION"),
        Some("Hora del masaje de Léa dentro de 15 minutos.")
    );
}

#[test]
fn uids_do_not_change_between_builds() {
    let f = feed("Europe/Madrid", &ALL, Date::constant(2026, 10, 20));
    let mut later = f.clone();
    later.now = "2026-11-02T21:00:00Z".parse().unwrap();
    let uids = |doc: &str| {
        let lines = unfolded(doc);
        components(&lines, "VEVENT")
            .iter()
            .map(|e| prop(e, "UID").unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let (a, b) = (ics(&f, &en()), ics(&later, &en()));
    assert_eq!(uids(&a), uids(&b));
    assert_ne!(a, b, "DTSTAMP follows the build");
}

use skipping::repo;

/// The checkers' Python, or `None` after saying so.
fn python() -> Option<PathBuf> {
    skipping::checkers_python("the calendar feed in Python's icalendar")
}

fn temp_dir(name: &str) -> PathBuf {
    let nanos = Timestamp::now().as_nanosecond();
    let dir = std::env::temp_dir().join(format!(
        "soothe-calendar-{name}-{}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes two builds of `f` and a spec, and runs the checker; its output on failure.
fn run_checker(
    python: &Path,
    name: &str,
    f: &Feed,
    weekdays: &[u8],
    windows: &[(&str, &str)],
    edit: fn(String) -> String,
) -> Result<String, String> {
    let dir = temp_dir(name);
    let mut later = f.clone();
    later.now = f
        .now
        .checked_add(jiff::SignedDuration::from_hours(30))
        .unwrap();
    let files: Vec<PathBuf> = [(f, "a.ics"), (&later, "b.ics")]
        .into_iter()
        .map(|(feed, file)| {
            let path = dir.join(file);
            std::fs::write(&path, edit(ics(feed, &en()))).unwrap();
            path
        })
        .collect();
    let rhythm = f.rhythm.as_ref().unwrap();
    let spec = json!({
        "files": files,
        "zone": f.time_zone.iana_name().unwrap(),
        "calendar_name": format!("{}'s massage", f.baby_name),
        "time": "19:30",
        "minutes": rhythm.minutes,
        "alarm_minutes": rhythm.remind_before_minutes,
        "weekdays": weekdays,
        "windows": windows,
        "dst_change": true,
        "rhythm_uid": format!("rhythm-{}@soothe", f.id),
        "checks": f.checks.iter().map(|c| json!({
            "uid": format!("patch-check-{}-{}@soothe", f.id, c.id),
            "at": c.at.to_string(),
            "oil": c.oil_name,
        })).collect::<Vec<_>>(),
    });
    let spec_path = dir.join("spec.json");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    let out = Command::new(python)
        .arg(repo().join("tests/checkers/check_ics.py"))
        .arg(&spec_path)
        .output()
        .expect("the checker runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
    if out.status.success() {
        Ok(said)
    } else {
        Err(said)
    }
}

#[test]
fn a_real_parser_keeps_the_time_across_daylight_saving() {
    let Some(python) = python() else {
        return;
    };
    // Madrid, every day: clocks go back on Sunday 25 October 2026 (and 28 October 2035,
    // past the years the zone's changes are listed for: only the RRULE covers it).
    let madrid = feed("Europe/Madrid", &ALL, Date::constant(2026, 10, 20));
    let said = run_checker(
        &python,
        "madrid",
        &madrid,
        &[0, 1, 2, 3, 4, 5, 6],
        &[("2026-10-20", "2026-11-03"), ("2035-10-20", "2035-11-03")],
        |doc| doc,
    )
    .unwrap_or_else(|e| panic!("the checker refused the Madrid feed:\n{e}"));
    assert!(said.contains("ok: 28 occurrences"), "{said}");

    // New York, on weekends and Wednesdays: clocks go forward on Sunday 14 March 2027 and
    // back on Sunday 7 November 2027.
    let mut ny = feed(
        "America/New_York",
        &["wed", "sat", "sun"],
        Date::constant(2027, 3, 1),
    );
    ny.now = "2027-02-20T12:00:00Z".parse().unwrap();
    ny.checks.push(FeedCheck {
        id: "evt-42".to_owned(),
        at: "2027-03-14T07:30:00Z".parse().unwrap(),
        oil_name: "Coconut oil".to_owned(),
    });
    let said = run_checker(
        &python,
        "new-york",
        &ny,
        &[2, 5, 6],
        &[("2027-03-01", "2027-03-29"), ("2027-10-25", "2027-11-15")],
        |doc| doc,
    )
    .unwrap_or_else(|e| panic!("the checker refused the New York feed:\n{e}"));
    assert!(said.contains("ok: 21 occurrences, 2 checks"), "{said}");
}

#[test]
fn the_checker_can_fail() {
    let Some(python) = python() else {
        return;
    };
    // A feed whose rhythm is at 19:00, checked for 19:30: the checker must say no.
    let mut f = feed("Europe/Madrid", &ALL, Date::constant(2026, 10, 20));
    f.rhythm.as_mut().unwrap().time = Time::constant(19, 0, 0, 0);
    let err = run_checker(
        &python,
        "wrong",
        &f,
        &[0, 1, 2, 3, 4, 5, 6],
        &[("2026-10-20", "2026-11-03")],
        |doc| doc,
    )
    .expect_err("a rhythm at the wrong time is refused");
    assert!(err.contains("not at 19:30 local"), "{err}");

    // A VTIMEZONE whose winter offset is wrong: the parser reading only it (the zone
    // renamed) puts the massages after the change at the wrong instant.
    let f = feed("Europe/Madrid", &ALL, Date::constant(2026, 10, 20));
    let err = run_checker(
        &python,
        "wrong-zone",
        &f,
        &[0, 1, 2, 3, 4, 5, 6],
        &[("2026-10-20", "2026-11-03")],
        |doc| doc.replace("TZOFFSETTO:+0100", "TZOFFSETTO:+0000"),
    )
    .expect_err("a wrong VTIMEZONE is refused");
    assert!(err.contains("VTIMEZONE offset at"), "{err}");
    assert!(err.contains("by VTIMEZONE"), "{err}");
    assert!(!err.contains("FAIL: by name"), "{err}");
}

#[test]
fn the_zone_written_is_the_zone_in_many_places() {
    let Some(python) = python() else {
        return;
    };
    let dir = temp_dir("zones");
    // (zone, checked until): a zone whose changes follow a yearly rule is right past the
    // years written out (its RRULEs go on); one whose changes do not (Casablanca's around
    // Ramadan) or that has none any more (Sao Paulo, Tehran) is right until the last year
    // written (2026 + 5), as a refreshed feed always is.
    let zones = [
        ("Europe/Madrid", "2038-01-01"),
        ("Europe/London", "2038-01-01"),
        ("Europe/Dublin", "2038-01-01"),
        ("America/New_York", "2038-01-01"),
        ("America/Santiago", "2038-01-01"),
        ("Australia/Sydney", "2038-01-01"),
        ("Australia/Lord_Howe", "2038-01-01"),
        ("Pacific/Auckland", "2038-01-01"),
        ("Pacific/Chatham", "2038-01-01"),
        ("Asia/Kolkata", "2038-01-01"),
        ("Asia/Tehran", "2038-01-01"),
        ("America/Sao_Paulo", "2038-01-01"),
        ("Africa/Casablanca", "2032-01-01"),
        ("UTC", "2038-01-01"),
    ];
    let mut list = Vec::new();
    for (zone, until) in zones {
        let mut f = feed(zone, &ALL, Date::constant(2026, 1, 10));
        f.now = "2026-11-28T12:00:00Z".parse().unwrap();
        let file = dir.join(format!("{}.ics", zone.replace('/', "-")));
        std::fs::write(&file, ics(&f, &en())).unwrap();
        list.push(json!({"file": file, "zone": zone, "from": "2026-01-01T00:00:00", "to": format!("{until}T00:00:00")}));
    }
    let spec = dir.join("zones.json");
    std::fs::write(&spec, json!({ "zones": list }).to_string()).unwrap();
    let out = Command::new(&python)
        .arg(repo().join("tests/checkers/check_ics.py"))
        .arg(&spec)
        .output()
        .expect("the checker runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains(&format!("ok: {} zones", zones.len())),
        "{said}"
    );
}
