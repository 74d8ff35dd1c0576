//! The planner's words (`planner-*` in `planner.ftl`): a suggested time, its days, each
//! reason, and a good window. Times are read on the wall clock of the household's zone.

use jiff::Timestamp;
use jiff::civil::Time;
use jiff::tz::TimeZone;
use soothe_core::planner::{PartOfDay, Suggested, Suggestion, Why, Window};

use crate::{Arg, Words};

/// `HH:MM` of a wall-clock time.
pub fn hm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// `HH:MM` of an instant in `tz`.
pub fn hm_in(t: Timestamp, tz: &TimeZone) -> String {
    let z = t.to_zoned(tz.clone());
    format!("{:02}:{:02}", z.hour(), z.minute())
}

/// The message key of a reason.
pub fn why_key(why: &Why) -> String {
    format!("planner-why-{}", why.code())
}

/// A reason, as a sentence (instants read in `tz`).
pub fn why(w: Words, why: &Why, tz: &TimeZone) -> String {
    let key = why_key(why);
    let time = |t: String| w.t1(&key, "time", t);
    match *why {
        Why::UsuallyAwake => w.t(&key),
        Why::AfterFeed { ended, gap_minutes } => w.t_args(
            &key,
            &[
                ("gap", Arg::Int(i64::from(gap_minutes))),
                ("time", Arg::Text(hm_in(ended, tz).into())),
            ],
        ),
        Why::AfterUsualFeed {
            ends_around,
            gap_minutes,
        } => w.t_args(
            &key,
            &[
                ("gap", Arg::Int(i64::from(gap_minutes))),
                ("time", Arg::Text(hm(ends_around).into())),
            ],
        ),
        Why::BeforeFeed { at }
        | Why::BeforeSleep { at }
        | Why::BeforeCrying { at }
        | Why::AfterSleep { woke: at }
        | Why::AfterCrying { ended: at } => time(hm_in(at, tz)),
        Why::BeforeUsualFeed { around }
        | Why::AfterUsualSleep { around }
        | Why::BeforeUsualSleep { around }
        | Why::AfterUsualCrying { around }
        | Why::BeforeUsualCrying { around } => time(hm(around)),
        Why::InPart { part } => w.t1(&key, "part", part.id()),
        Why::OutsidePart {
            part,
            best_in_part,
            days,
        } => w.t_args(
            &key,
            &[
                ("part", Arg::Text(part.id().into())),
                ("best", Arg::Int(i64::from(best_in_part))),
                ("days", Arg::Int(i64::from(days))),
            ],
        ),
    }
}

/// A part of the day with its hours, for a choice.
pub fn part(w: Words, part: PartOfDay) -> String {
    w.t(&format!("planner-part-{}", part.id()))
}

/// "Suggested time: 18:20".
pub fn suggested_time(w: Words, s: &Suggested) -> String {
    w.t1("planner-suggested-time", "time", hm(s.time))
}

/// "Worked on 12 of 14 days".
pub fn worked(w: Words, s: &Suggested) -> String {
    w.t2("planner-worked", "worked", s.worked_days, "days", s.days)
}

/// What the planner says, line by line: the time, its days and each reason; or why there is
/// no time.
pub fn suggestion(w: Words, s: &Suggestion, tz: &TimeZone) -> Vec<String> {
    match s {
        Suggestion::Time(s) => {
            let mut lines = vec![suggested_time(w, s), worked(w, s)];
            lines.extend(s.why.iter().map(|x| why(w, x, tz)));
            lines
        }
        Suggestion::TooFewDays { logged, needed } => {
            vec![w.t2("planner-too-few-days", "logged", *logged, "needed", *needed)]
        }
        Suggestion::NoTime { days } => vec![w.t1("planner-no-time", "days", *days)],
    }
}

/// "18:40–19:20" (the journal's span of two times).
pub fn window(w: Words, win: &Window, tz: &TimeZone) -> String {
    w.t2(
        "journal-when-span",
        "from",
        hm_in(win.from, tz),
        "to",
        hm_in(win.to, tz),
    )
}

/// "Next good moment: 18:40–19:20"; "Good timing until 19:20" for the window going on
/// at `now`; or that none is left today.
pub fn next_moment(w: Words, win: Option<&Window>, now: Timestamp, tz: &TimeZone) -> String {
    match win {
        Some(win) if win.from <= now => w.t1("planner-moment-until", "to", hm_in(win.to, tz)),
        Some(win) => w.t2(
            "planner-next-moment",
            "from",
            hm_in(win.from, tz),
            "to",
            hm_in(win.to, tz),
        ),
        None => w.t("planner-no-window"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use jiff::civil::Date;
    use soothe_core::planner::instant;

    fn madrid() -> TimeZone {
        TimeZone::get("Europe/Madrid").expect("zone")
    }

    fn ts(h: i8, m: i8) -> Timestamp {
        instant(
            &madrid(),
            Date::constant(2026, 11, 28),
            Time::constant(h, m, 0, 0),
        )
        .expect("ts")
    }

    /// One reason of every code, with values.
    fn every_why() -> Vec<Why> {
        let t = Time::constant(18, 50, 0, 0);
        let at = ts(18, 50);
        let mut all = vec![
            Why::UsuallyAwake,
            Why::AfterFeed {
                ended: at,
                gap_minutes: 45,
            },
            Why::AfterUsualFeed {
                ends_around: t,
                gap_minutes: 45,
            },
            Why::BeforeFeed { at },
            Why::BeforeUsualFeed { around: t },
            Why::AfterSleep { woke: at },
            Why::BeforeSleep { at },
            Why::AfterUsualSleep { around: t },
            Why::BeforeUsualSleep { around: t },
            Why::AfterCrying { ended: at },
            Why::BeforeCrying { at },
            Why::AfterUsualCrying { around: t },
            Why::BeforeUsualCrying { around: t },
        ];
        for part in PartOfDay::ALL {
            all.push(Why::InPart { part });
            all.push(Why::OutsidePart {
                part,
                best_in_part: 3,
                days: 14,
            });
        }
        all
    }

    #[test]
    fn every_reason_has_words_in_english_and_spanish() {
        let tz = madrid();
        let all = every_why();
        let codes: std::collections::BTreeSet<_> = all.iter().map(Why::code).collect();
        assert_eq!(codes.len(), Why::CODES.len(), "a code without an example");
        for lang in [Lang::En, Lang::Es] {
            let w = Words::for_lang(lang);
            for x in &all {
                assert!(w.has(&why_key(x)), "{lang}: {}", why_key(x));
                let s = why(w, x, &tz);
                assert!(!s.contains("planner-") && !s.contains('{'), "{lang}: {s}");
                if !matches!(
                    x,
                    Why::UsuallyAwake | Why::InPart { .. } | Why::OutsidePart { .. }
                ) {
                    assert!(s.contains("18:50"), "{lang}: {s}");
                }
            }
            for p in PartOfDay::ALL {
                assert!(w.has(&format!("planner-part-{}", p.id())), "{lang}");
            }
        }
        // Each part reads differently.
        let en = Words::for_lang(Lang::En);
        let parts: std::collections::BTreeSet<_> = PartOfDay::ALL
            .into_iter()
            .map(|part| why(en, &Why::InPart { part }, &tz))
            .collect();
        assert_eq!(parts.len(), 4);
    }

    #[test]
    fn the_sentences_read_as_written() {
        let tz = madrid();
        let en = Words::for_lang(Lang::En);
        let es = Words::for_lang(Lang::Es);
        let t = Time::constant(18, 50, 0, 0);
        let after = Why::AfterUsualFeed {
            ends_around: t,
            gap_minutes: 45,
        };
        assert_eq!(
            why(en, &after, &tz),
            "At least 45 min after the feed that usually ends around 18:50"
        );
        assert_eq!(
            why(es, &after, &tz),
            "Al menos 45 min después de la toma, que suele terminar hacia las 18:50"
        );
        let before = Why::BeforeUsualFeed {
            around: Time::constant(20, 30, 0, 0),
        };
        assert_eq!(
            why(en, &before, &tz),
            "Before the next feed, usually around 20:30"
        );
        assert_eq!(
            why(en, &Why::UsuallyAwake, &tz),
            "Usually awake and calm then"
        );
        // An instant is read in the household's zone (17:50 UTC is 18:50 in Madrid).
        let logged = Why::AfterFeed {
            ended: "2026-11-28T17:50:00Z".parse().expect("ts"),
            gap_minutes: 45,
        };
        assert_eq!(
            why(en, &logged, &tz),
            "At least 45 min after the feed that ended at 18:50"
        );
        let s = Suggested {
            time: Time::constant(18, 20, 0, 0),
            minutes: 40,
            worked_days: 12,
            days: 14,
            why: vec![after],
        };
        assert_eq!(
            suggestion(en, &Suggestion::Time(s.clone()), &tz),
            [
                "Suggested time: 18:20",
                "Worked on 12 of 14 days",
                "At least 45 min after the feed that usually ends around 18:50"
            ]
        );
        assert_eq!(worked(es, &s), "Habría encajado 12 de 14 días");
        assert_eq!(
            suggestion(
                en,
                &Suggestion::TooFewDays {
                    logged: 5,
                    needed: 7
                },
                &tz
            ),
            ["Not enough days logged yet: 5 of the 7 needed"]
        );
        assert_eq!(
            suggestion(es, &Suggestion::NoTime { days: 14 }, &tz),
            ["Ningún momento del día encajó en ninguno de los últimos 14 días"]
        );
        let win = Window {
            from: ts(18, 40),
            to: ts(19, 20),
            why: Vec::new(),
        };
        assert_eq!(
            next_moment(en, Some(&win), ts(18, 39), &tz),
            "Next good moment: 18:40–19:20"
        );
        assert_eq!(
            next_moment(en, Some(&win), ts(18, 40), &tz),
            "Good timing until 19:20"
        );
        assert_eq!(
            next_moment(es, Some(&win), ts(19, 0), &tz),
            "Buen momento del día hasta las 19:20"
        );
        assert_eq!(window(es, &win, &tz), "18:40–19:20");
        assert_eq!(
            next_moment(es, None, ts(18, 0), &tz),
            "Hoy ya no queda ningún buen momento"
        );
        assert_eq!(
            why(
                en,
                &Why::OutsidePart {
                    part: PartOfDay::Morning,
                    best_in_part: 10,
                    days: 14
                },
                &tz
            ),
            "Not in the morning you chose: the best time there worked on 10 of 14 days"
        );
    }
}
