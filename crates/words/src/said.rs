//! The core's ids and values in the reader's words: the [`Speech`] the readiness check and
//! the plan compiler ask for their values (areas, signs, conditions, times, temperatures,
//! step names, the time note), and the verdicts, states, grades and ages the pages, the API
//! and the command line show. Every word is a Fluent message
//! (`content/locales/<lang>/check.ftl`).
//!
//! English reads exactly as the core's [`English`] convenience (the tests hold it so), so
//! the English pages, answers and command-line output did not change when their words moved
//! to content.

use std::sync::Arc;

use crate::{Arg, Words};
use jiff::tz::TimeZone;
use soothe_core::BodyArea;
use soothe_core::catalog::Grade;
use soothe_core::lang::Lang;
use soothe_core::readiness::input::{BabyState, ClearanceReason, WarningSign};
use soothe_core::readiness::{English, Speech, TimeFit, Verdict, speech::area_names};
use soothe_core::session::StepKind;
use soothe_core::time::LocalTime;

/// An id as a message key's tail: `very_low` → `very-low`.
fn tail(id: &str) -> String {
    id.replace('_', "-")
}

/// The core's values in `Words`' language.
#[derive(Debug, Clone, Copy)]
pub struct Said(
    /// The reader's words.
    pub Words,
);

impl Said {
    /// The speech for a check or plan in `w`'s language, to hand to `App`.
    pub fn arc(w: Words) -> Arc<dyn Speech> {
        Arc::new(Said(w))
    }
}

impl Speech for Said {
    fn area(&self, area: BodyArea) -> String {
        self.0.t(&format!("in-{}", tail(area.id())))
    }

    fn both(&self, area: BodyArea) -> Option<String> {
        match area {
            BodyArea::LeftLeg | BodyArea::RightLeg => Some(self.0.t("in-both-legs")),
            BodyArea::LeftArm | BodyArea::RightArm => Some(self.0.t("in-both-arms")),
            _ => None,
        }
    }

    fn sign(&self, sign: WarningSign) -> String {
        self.0.t(&format!("sign-{}", tail(sign.id())))
    }

    fn clearance(&self, reason: ClearanceReason) -> String {
        self.0.t(&format!("clearance-{}", tail(reason.id())))
    }

    fn list(&self, items: &[String]) -> String {
        items.join(", ")
    }

    fn or_list(&self, items: &[String]) -> String {
        match items {
            [] => self.0.t("list-no-oil"),
            [one] => one.clone(),
            [rest @ .., last] => self.0.t2("list-or", "rest", rest.join(", "), "last", last),
        }
    }

    fn time(&self, t: LocalTime, now: LocalTime) -> String {
        if self.0.lang() == Lang::En {
            return English.time(t, now);
        }
        // With its article where the language needs one ("hasta las 08:00", "hasta las 08:00
        // del lun 23 nov"), so a rule's sentence reads right today and on another day.
        let here = t.with_offset(now.offset);
        let z = t.instant.to_zoned(TimeZone::fixed(now.offset));
        let time = z.strftime("%H:%M").to_string();
        if now.offset.to_datetime(here.instant).date() == now.date() {
            self.0.t1("rule-time-today", "time", time)
        } else {
            self.0.t_args(
                "rule-time-other-day",
                &[
                    (
                        "weekday",
                        Arg::Text(self.0.weekday(z.weekday(), true).into()),
                    ),
                    ("day", Arg::Int(i64::from(z.day()))),
                    ("month", Arg::Text(self.0.month(z.month(), true).into())),
                    ("time", Arg::Text(time.into())),
                ],
            )
        }
    }

    fn celsius(&self, tenths: i16) -> String {
        if self.0.lang() == Lang::En {
            return English.celsius(tenths);
        }
        self.0.decimal(f64::from(tenths) / 10.0, 1)
    }

    fn routine_title(&self, title: &str) -> String {
        self.0.t1("routine-quoted", "title", title)
    }

    fn no_routine_fits(&self) -> String {
        self.0.t("no-routine-fits")
    }

    fn step_name(&self, kind: StepKind) -> String {
        self.0.t(match kind {
            StepKind::AskPermission => "step-ask-permission",
            StepKind::Closing => "step-closing",
            StepKind::Stroke => "step-stroke",
        })
    }

    fn time_note(&self, fit: &TimeFit) -> String {
        let w = self.0;
        let names = area_names(self, &fit.dropped);
        let plural = fit.dropped.len() > 1
            || names.len() > 1
            || fit
                .dropped
                .iter()
                .any(|a| matches!(a, BodyArea::Feet | BodyArea::Hands))
            || fit.dropped.contains(&BodyArea::LeftLeg)
                && fit.dropped.contains(&BodyArea::RightLeg)
            || fit.dropped.contains(&BodyArea::LeftArm)
                && fit.dropped.contains(&BodyArea::RightArm);
        let list = match names.as_slice() {
            [] => None,
            [one] => Some(one.clone()),
            [rest @ .., last] => Some(w.t2("list-and", "rest", rest.join(", "), "last", last)),
        };
        let left = list.map(|areas| {
            w.t_args(
                "time-note-left-out",
                &[
                    ("areas", Arg::Text(areas.into())),
                    ("count", Arg::Int(if plural { 2 } else { 1 })),
                ],
            )
        });
        let what = match (left, fit.shortened) {
            (Some(l), true) => w.t1("time-note-left-out-shorter", "left", l),
            (Some(l), false) => l,
            (None, _) => w.t("time-note-shorter"),
        };
        let key = if fit.over {
            "time-note-over"
        } else {
            "time-note"
        };
        w.t2(key, "minutes", fit.max_minutes, "what", what)
    }
}

/// The verdict's headline.
pub fn headline(w: Words, v: Verdict) -> String {
    w.t(&format!("verdict-{}", tail(v.id())))
}

/// The headline of a verdict given by its id (`seek_care` → "Get medical help now"), for
/// refusals that carry the verdict as a value; `None` for a word that is no verdict.
pub fn headline_of(w: Words, id: &str) -> Option<String> {
    [
        Verdict::Ready,
        Verdict::NotNow,
        Verdict::Wait,
        Verdict::AskClinician,
        Verdict::NotToday,
        Verdict::SeekCare,
    ]
    .into_iter()
    .find(|v| v.id() == id)
    .map(|v| headline(w, v))
}

/// What to do in place of a massage, for the verdicts that rule one out.
pub fn what_to_do(w: Words, v: Verdict) -> Option<String> {
    matches!(
        v,
        Verdict::SeekCare | Verdict::NotToday | Verdict::AskClinician
    )
    .then(|| w.t(&format!("todo-{}", tail(v.id()))))
}

/// A baby's state as a parent would say it.
pub fn state(w: Words, s: BabyState) -> String {
    w.t(&format!("state-{}", tail(s.id())))
}

/// An evidence grade's badge.
pub fn grade(w: Words, g: Grade) -> String {
    w.t(&format!("grade-{}", tail(grade_id(g))))
}

/// What an evidence grade means.
pub fn grade_meaning(w: Words, g: Grade) -> String {
    w.t(&format!("grade-{}-meaning", tail(grade_id(g))))
}

fn grade_id(g: Grade) -> &'static str {
    match g {
        Grade::High => "high",
        Grade::Moderate => "moderate",
        Grade::Low => "low",
        Grade::VeryLow => "very_low",
        Grade::NoEvidence => "no_evidence",
        Grade::NotSupported => "not_supported",
    }
}

/// A routine's ages: "from 6 weeks", "0 to 8 weeks", "any age".
pub fn ages(w: Words, from: u32, to: Option<u32>) -> String {
    match to {
        Some(t) => w.t2("age-range", "from", from, "to", t),
        None if from == 0 => w.t("age-any"),
        None => w.t1("age-from", "weeks", from),
    }
}

#[cfg(test)]
mod tests {
    use soothe_core::readiness::input::Condition;

    use super::*;

    /// English from content reads exactly as the core's English convenience.
    #[test]
    fn english_from_content_is_the_cores_english() {
        let said = Said(Words::for_lang(Lang::En));
        for a in BodyArea::ALL {
            assert_eq!(said.area(*a), English.area(*a));
            assert_eq!(said.both(*a), English.both(*a));
        }
        for s in WarningSign::ALL {
            assert_eq!(said.sign(*s), English.sign(*s));
        }
        for c in Condition::ALL {
            let r = ClearanceReason::Condition(*c);
            assert_eq!(said.clearance(r), English.clearance(r));
        }
        let born = ClearanceReason::BornEarly;
        assert_eq!(said.clearance(born), English.clearance(born));
        for k in [StepKind::AskPermission, StepKind::Closing, StepKind::Stroke] {
            assert_eq!(said.step_name(k), English.step_name(k));
        }
        let items = |n: usize| {
            ["sunflower oil", "coconut oil", "no oil"][..n]
                .iter()
                .map(|s| (*s).to_owned())
                .collect::<Vec<_>>()
        };
        for n in 0..=3 {
            assert_eq!(said.or_list(&items(n)), English.or_list(&items(n)));
        }
        assert_eq!(
            said.routine_title("Bedtime"),
            English.routine_title("Bedtime")
        );
        assert_eq!(said.no_routine_fits(), English.no_routine_fits());
        use BodyArea::*;
        let cases: &[&[BodyArea]] = &[
            &[],
            &[Back],
            &[Feet],
            &[LeftLeg],
            &[LeftLeg, RightLeg],
            &[LeftArm, RightArm, Hands, Face, Back],
            &[Chest, LeftArm, RightArm, Hands, Face, Back],
        ];
        for dropped in cases {
            for (shortened, over) in [(false, false), (true, false), (true, true)] {
                if dropped.is_empty() && !shortened {
                    continue;
                }
                let fit = TimeFit {
                    max_minutes: 10,
                    dropped: dropped.to_vec(),
                    shortened,
                    over,
                };
                assert_eq!(said.time_note(&fit), English.time_note(&fit), "{fit:?}");
            }
        }
        assert_eq!(
            English.time_note(&TimeFit {
                max_minutes: 10,
                dropped: vec![Chest, LeftArm, RightArm, Hands, Face, Back],
                shortened: false,
                over: false,
            }),
            "10 minutes today: the chest, the arms, the hands, the face and the back are left out"
        );
    }

    #[test]
    fn spanish_says_values_in_spanish_conventions() {
        let said = Said(Words::for_lang(Lang::Es));
        assert_eq!(said.area(BodyArea::LeftLeg), "la pierna izquierda");
        assert_eq!(said.celsius(385), "38,5");
        assert_eq!(said.step_name(StepKind::AskPermission), "Pedir permiso");
        assert_eq!(
            said.time_note(&TimeFit {
                max_minutes: 10,
                dropped: vec![BodyArea::LeftLeg, BodyArea::RightLeg, BodyArea::Back],
                shortened: true,
                over: false,
            }),
            "10 minutos hoy: se dejan fuera las piernas y la espalda, y algunos movimientos son un poco más cortos"
        );
        assert_eq!(
            said.time_note(&TimeFit {
                max_minutes: 5,
                dropped: vec![BodyArea::Back],
                shortened: false,
                over: true,
            }),
            "Algo más de 5 minutos hoy: se deja fuera la espalda"
        );
        let w = Words::for_lang(Lang::Es);
        assert_eq!(headline(w, Verdict::SeekCare), "Busca ayuda médica ahora");
        assert!(what_to_do(w, Verdict::Ready).is_none());
        assert_eq!(ages(w, 6, None), "desde las 6 semanas");
        assert_eq!(grade(w, Grade::VeryLow), "Certeza muy baja");
    }

    #[test]
    fn a_rules_time_reads_with_its_article_today_and_on_another_day() {
        let now = LocalTime::parse("2026-11-22T21:00:00+01:00").expect("now");
        let today = LocalTime::parse("2026-11-22T23:05:00+01:00").expect("today");
        let tomorrow = LocalTime::parse("2026-11-23T08:00:00+01:00").expect("tomorrow");
        let es = Said(Words::for_lang(Lang::Es));
        assert_eq!(es.time(today, now), "las 23:05");
        assert_eq!(es.time(tomorrow, now), "las 08:00 del lun 23 nov");
        // In the rule's sentence: "hasta {until}", "terminó a {ended}".
        let en = Said(Words::for_lang(Lang::En));
        assert_eq!(en.time(today, now), English.time(today, now));
        assert_eq!(en.time(tomorrow, now), English.time(tomorrow, now));
    }

    #[test]
    fn english_verdicts_grades_and_ages_read_as_before() {
        let w = Words::for_lang(Lang::En);
        assert_eq!(headline(w, Verdict::Ready), "A good moment for a massage");
        assert_eq!(
            what_to_do(w, Verdict::SeekCare).as_deref(),
            Some(
                "Call your doctor or your local emergency number now. soothe cannot tell what is wrong."
            )
        );
        for g in Grade::ALL {
            assert_eq!(grade(w, g), g.label());
            assert_eq!(grade_meaning(w, g), g.meaning());
        }
        for s in BabyState::ALL {
            assert_eq!(state(w, *s), s.label());
        }
        assert_eq!(ages(w, 6, None), "from 6 weeks");
        assert_eq!(ages(w, 0, Some(8)), "0 to 8 weeks");
        assert_eq!(ages(w, 0, None), "any age");
    }
}
