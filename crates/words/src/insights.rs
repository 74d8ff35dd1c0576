//! The insights' words (`insights-*` in `insights.ftl`): massage days against other days in
//! plain words that match the uncertainty, what is missing when there is no number, and the
//! family experiment's result, adherence and caveats.
//!
//! The core gives ids and values ([`Insight`], [`ExperimentResult`]); this module rounds
//! them as a parent reads them — minutes to 5 (`25 min`, `1 h 5 min`; to 1 under 2.5 min),
//! counts to 0.1 — and picks the words: causal ones only when the days came from an
//! experiment.

use soothe_core::insights::experiment::{Adherence, Caveat, ExperimentResult};
use soothe_core::insights::stats::{Finding, Insight, MIN_GROUP_DAYS, NotEnough, Outcome, Unit};

use crate::{Arg, Words};

/// An outcome's name ("Night sleep").
pub fn outcome(w: Words, o: Outcome) -> String {
    w.t1("insights-outcome", "outcome", o.id())
}

/// An amount as shown, without its sign, and whether it reads as one (for "time"/"times"):
/// minutes to 5 (to 1 under 2.5 min: `2 min`, not `0 min`), counts to 0.1. With
/// `at_least_some`, a difference found clear never reads as nothing (`1 min`, `0.1`).
pub fn amount(w: Words, unit: Unit, value: f64, at_least_some: bool) -> (String, bool) {
    let v = value.abs();
    match unit {
        Unit::Minutes => {
            let rounded = if v < 2.5 {
                v.round()
            } else {
                (v / 5.0).round() * 5.0
            };
            #[allow(clippy::cast_possible_truncation)] // Minutes of a day.
            let m = rounded as i64;
            let m = if at_least_some { m.max(1) } else { m };
            let text = if m == 0 {
                w.t1("span-min", "min", 0)
            } else {
                w.duration_minutes(Some(m))
            };
            (text, false)
        }
        Unit::Count => {
            let c = (v * 10.0).round() / 10.0;
            let c = if at_least_some { c.max(0.1) } else { c };
            (w.trimmed(c, 1), (c - 1.0).abs() < 1e-9)
        }
    }
}

/// The main sentence of an insight about the baby called `name`, followed by its caveat
/// when there is a number; what is missing when there is none.
pub fn summary(w: Words, i: &Insight, name: &str) -> String {
    match (&i.finding, i.difference, i.low, i.high) {
        (Finding::NotEnough(why), ..) => not_enough(w, *why, i.outcome, name),
        (finding, Some(d), Some(low), Some(high)) => {
            let caveat = if i.from_experiment {
                w.t1("insights-tried-caveat", "name", name)
            } else {
                w.t("insights-seen-caveat")
            };
            format!(
                "{} {caveat}",
                finding_sentence(w, *finding, i, name, (d, low, high))
            )
        }
        // A finding with a number always has its three values.
        _ => w.t("insights-unstable"),
    }
}

/// The message key of a finding's sentence (`seen` for the log, `tried` for an experiment).
pub fn finding_key(finding: &Finding, from_experiment: bool) -> String {
    let source = if from_experiment { "tried" } else { "seen" };
    match finding {
        Finding::More => format!("insights-{source}-more"),
        Finding::Less => format!("insights-{source}-less"),
        Finding::NoClearDifference => format!("insights-{source}-same"),
        Finding::NotEnough(NotEnough::TooFewDays {
            massage_days_needed,
            other_days_needed,
        }) => match (*massage_days_needed > 0, *other_days_needed > 0) {
            (true, true) => "insights-too-few-both".to_owned(),
            (true, false) => "insights-too-few-massage".to_owned(),
            _ => "insights-too-few-other".to_owned(),
        },
        Finding::NotEnough(_) => format!("insights-{}", finding.code()),
    }
}

fn finding_sentence(
    w: Words,
    finding: Finding,
    i: &Insight,
    name: &str,
    (d, low, high): (f64, f64, f64),
) -> String {
    let unit = i.outcome.unit();
    let key = finding_key(&finding, i.from_experiment);
    let clear = matches!(finding, Finding::More | Finding::Less);
    let (amount_text, one) = amount(w, unit, d, clear);
    // For "less", the range reads from the smaller amount: -5..-45 is "5 to 45 less".
    let (a, b) = match finding {
        Finding::Less => (high, low),
        _ => (low, high),
    };
    let unit_id = match unit {
        Unit::Minutes => "minutes",
        Unit::Count => "count",
    };
    let (low_text, high_text) = (amount(w, unit, a, false).0, amount(w, unit, b, false).0);
    // Both ends shown alike ("20 min to 20 min") read as one amount.
    let narrow = if low_text == high_text { "yes" } else { "no" };
    w.t_args(
        &key,
        &[
            ("outcome", Arg::Text(i.outcome.id().into())),
            ("name", Arg::Text(name.into())),
            ("amount", Arg::Text(amount_text.into())),
            ("n", Arg::Int(if one { 1 } else { 2 })),
            ("low", Arg::Text(low_text.into())),
            ("high", Arg::Text(high_text.into())),
            ("narrow", Arg::Text(narrow.into())),
            ("unit", Arg::Text(unit_id.into())),
        ],
    )
}

/// What is missing when there is no number.
pub fn not_enough(w: Words, why: NotEnough, o: Outcome, name: &str) -> String {
    let key = finding_key(&Finding::NotEnough(why), false);
    match why {
        NotEnough::TooFewDays {
            massage_days_needed,
            other_days_needed,
        } => w.t_args(
            &key,
            &[
                ("massage", Arg::Int(i64::from(massage_days_needed))),
                ("other", Arg::Int(i64::from(other_days_needed))),
                ("min", Arg::Int(i64::from(MIN_GROUP_DAYS))),
            ],
        ),
        NotEnough::NothingLogged => w.t1(&key, "outcome", o.id()),
        NotEnough::NotMixed => w.t1(&key, "name", name),
        NotEnough::Unstable => w.t(&key),
    }
}

/// "Allowing for Léa growing older over these days."
pub fn adjusted(w: Words, name: &str) -> String {
    w.t1("insights-adjusted", "name", name)
}

/// "The chance that massage days were the better ones: about 94 %" (`None` for feeds and
/// without a number). Shown between 1 and 99 %: never certain.
pub fn probability(w: Words, i: &Insight) -> Option<String> {
    let p = i.probability_better?;
    #[allow(clippy::cast_possible_truncation)] // A share.
    let percent = ((p * 100.0).round() as i64).clamp(1, 99);
    Some(w.t1("insights-probability", "percent", percent))
}

/// "25 of 28 planned days were followed."
pub fn adherence(w: Words, a: &Adherence) -> String {
    w.t2(
        "insights-adherence",
        "followed",
        a.followed,
        "planned",
        a.planned,
    )
}

/// A caveat of an experiment's result.
pub fn caveat(w: Words, c: &Caveat) -> String {
    let key = format!("insights-caveat-{}", c.code());
    match *c {
        Caveat::StoppedEarly { done, days } => w.t2(&key, "done", done, "days", days),
        Caveat::LowAdherence { followed, planned } => {
            w.t2(&key, "followed", followed, "planned", planned)
        }
    }
}

/// An experiment's result, line by line: what it found (or what is missing), the chance
/// that massage days were better, how many planned days were followed, then each caveat.
pub fn experiment(w: Words, r: &ExperimentResult, name: &str) -> Vec<String> {
    let mut lines = vec![summary(w, &r.insight, name)];
    lines.extend(probability(w, &r.insight));
    lines.push(adherence(w, &r.adherence));
    lines.extend(r.caveats.iter().map(|c| caveat(w, c)));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use jiff::civil::date;
    use soothe_core::insights::stats::Finding;

    fn insight(outcome: Outcome, finding: Finding, values: Option<(f64, f64, f64)>) -> Insight {
        Insight {
            outcome,
            from: date(2026, 10, 31),
            to: date(2026, 11, 27),
            massage_days: 12,
            other_days: 14,
            difference: values.map(|v| v.0),
            low: values.map(|v| v.1),
            high: values.map(|v| v.2),
            probability_better: values.map(|_| 0.943),
            unadjusted: None,
            adjusted_for: "age",
            enough_data: values.is_some(),
            from_experiment: false,
            finding,
        }
    }

    fn en() -> Words {
        Words::for_lang(Lang::En)
    }

    fn es() -> Words {
        Words::for_lang(Lang::Es)
    }

    #[test]
    fn a_range_whose_ends_read_alike_reads_as_one_amount() {
        let i = insight(
            Outcome::CryingMinutes,
            Finding::Less,
            Some((-20.0, -21.0, -19.0)),
        );
        assert_eq!(
            summary(en(), &i, "Léa"),
            "On massage days Léa cried about 20 min less than on other days; the range that \
             fits the data is narrow, about 20 min. This is one baby, and other things change \
             too: it does not show that massage made the difference."
        );
        assert!(
            summary(es(), &i, "Léa")
                .contains("el margen que encaja con los datos es estrecho, de unos 20 min."),
            "{}",
            summary(es(), &i, "Léa")
        );
    }

    #[test]
    fn a_clear_difference_reads_with_its_range_and_no_cause() {
        let i = insight(
            Outcome::NightSleepMinutes,
            Finding::More,
            Some((24.2, 6.1, 43.4)),
        );
        assert_eq!(
            summary(en(), &i, "Léa"),
            "On massage days Léa slept about 25 min more at night than on other days; the \
             range that fits the data is 5 min to 45 min. This is one baby, and other things \
             change too: it does not show that massage made the difference."
        );
        assert_eq!(
            summary(es(), &i, "Léa"),
            "Los días con masaje, Léa durmió unos 25 min más por la noche que los otros días; \
             el margen que encaja con los datos va de 5 min a 45 min. Es un solo bebé y \
             también cambian otras cosas: esto no demuestra que el masaje haya marcado la \
             diferencia."
        );
        let less = insight(
            Outcome::CryingMinutes,
            Finding::Less,
            Some((-31.0, -52.0, -9.0)),
        );
        assert_eq!(
            summary(en(), &less, "Léa"),
            "On massage days Léa cried about 30 min less than on other days; the range that \
             fits the data is 10 min to 50 min. This is one baby, and other things change \
             too: it does not show that massage made the difference."
        );
        assert!(
            summary(es(), &less, "Léa")
                .starts_with("Los días con masaje, Léa lloró unos 30 min menos que los otros días; el margen que encaja con los datos va de 10 min a 50 min.")
        );
        // Counts to 0.1, one time or many.
        let w = insight(
            Outcome::NightWakings,
            Finding::Less,
            Some((-1.04, -1.83, -0.26)),
        );
        assert!(
            summary(en(), &w, "Léa").starts_with(
                "On massage days Léa woke about 1 fewer time in the night than on other days; \
                 the range that fits the data is 0.3 to 1.8."
            ),
            "{}",
            summary(en(), &w, "Léa")
        );
        assert!(summary(es(), &w, "Léa").contains("se despertó por la noche una vez menos"));
        let g = insight(Outcome::GasEpisodes, Finding::More, Some((1.46, 0.5, 2.3)));
        assert!(
            summary(es(), &g, "Léa").contains("expulsó gases unas 1,5 veces más al día"),
            "{}",
            summary(es(), &g, "Léa")
        );
        // An hour and more, and an end under 2.5 min.
        let long = insight(
            Outcome::LongestSleepMinutes,
            Finding::More,
            Some((64.0, 1.0, 121.0)),
        );
        assert!(
            summary(en(), &long, "Léa").starts_with(
                "On massage days Léa's longest sleep was about 1 h 5 min longer than on other \
                 days; the range that fits the data is 1 min to 2 h."
            ),
            "{}",
            summary(en(), &long, "Léa")
        );
    }

    #[test]
    fn a_clear_difference_never_reads_as_nothing() {
        let tiny = insight(
            Outcome::CryingMinutes,
            Finding::Less,
            Some((-0.3, -0.6, -0.1)),
        );
        assert!(
            summary(en(), &tiny, "Léa").starts_with(
                "On massage days Léa cried about 1 min less than on other days; the range \
                 that fits the data is 0 min to 1 min."
            ),
            "{}",
            summary(en(), &tiny, "Léa")
        );
        let few = insight(Outcome::Feeds, Finding::More, Some((0.02, 0.01, 0.04)));
        assert!(summary(en(), &few, "Léa").contains("fed about 0.1 more times a day"));
        assert_eq!(amount(en(), Unit::Minutes, 7.4, false).0, "5 min");
        assert_eq!(amount(en(), Unit::Minutes, 7.6, false).0, "10 min");
        assert_eq!(amount(en(), Unit::Minutes, -2.6, false).0, "5 min");
        assert_eq!(
            amount(es(), Unit::Count, 1.46, false),
            ("1,5".to_owned(), false)
        );
        assert_eq!(
            amount(en(), Unit::Count, 0.96, false),
            ("1".to_owned(), true)
        );
    }

    #[test]
    fn an_interval_over_zero_says_there_is_no_clear_difference() {
        let i = insight(
            Outcome::NightSleepMinutes,
            Finding::NoClearDifference,
            Some((8.0, -12.0, 27.0)),
        );
        let s = summary(en(), &i, "Léa");
        assert_eq!(
            s,
            "No clear difference in Léa's night sleep between massage days and other days: \
             the range that fits the data runs from 10 min less to 25 min more. This is one \
             baby, and other things change too: it does not show that massage made the \
             difference."
        );
        assert!(!s.contains("about 10"), "no number as if it were a finding");
        assert!(summary(es(), &i, "Léa").starts_with(
            "No hay una diferencia clara en el sueño nocturno de Léa entre los días con \
                 masaje y los demás: el margen que encaja con los datos va de 10 min menos a \
                 25 min más."
        ));
        let f = insight(
            Outcome::Feeds,
            Finding::NoClearDifference,
            Some((0.0, -0.44, 0.31)),
        );
        assert!(
            summary(en(), &f, "Léa").contains("runs from 0.4 fewer to 0.3 more a day"),
            "{}",
            summary(en(), &f, "Léa")
        );
    }

    #[test]
    fn not_enough_data_says_what_is_missing() {
        let few = |m, o| {
            insight(
                Outcome::NightSleepMinutes,
                Finding::NotEnough(NotEnough::TooFewDays {
                    massage_days_needed: m,
                    other_days_needed: o,
                }),
                None,
            )
        };
        assert_eq!(
            summary(en(), &few(3, 0), "Léa"),
            "Not enough days to compare yet: 3 more massage days are needed (at least 7)."
        );
        assert_eq!(
            summary(en(), &few(1, 0), "Léa"),
            "Not enough days to compare yet: one more massage day is needed (at least 7)."
        );
        assert_eq!(
            summary(en(), &few(0, 2), "Léa"),
            "Not enough days to compare yet: 2 more days without massage are needed (at least 7)."
        );
        assert_eq!(
            summary(en(), &few(2, 1), "Léa"),
            "Not enough days to compare yet: 2 more massage days and one more day without \
             massage are needed (at least 7 of each)."
        );
        assert_eq!(
            summary(es(), &few(2, 1), "Léa"),
            "Aún no hay días suficientes para comparar: faltan 2 días más con masaje y uno \
             más sin masaje (al menos 7 de cada)."
        );
        assert_eq!(
            summary(es(), &few(1, 0), "Léa"),
            "Aún no hay días suficientes para comparar: falta un día más con masaje (al menos 7)."
        );
        let none = insight(
            Outcome::GasEpisodes,
            Finding::NotEnough(NotEnough::NothingLogged),
            None,
        );
        assert_eq!(
            summary(en(), &none, "Léa"),
            "No gas was logged in these days, so there is nothing to compare."
        );
        let apart = insight(
            Outcome::CryingMinutes,
            Finding::NotEnough(NotEnough::NotMixed),
            None,
        );
        assert!(summary(es(), &apart, "Léa").contains("que Léa se haga mayor"));
        assert_eq!(probability(en(), &none), None);
    }

    #[test]
    fn an_experiment_may_say_massage_made_the_difference() {
        let mut i = insight(
            Outcome::NightSleepMinutes,
            Finding::More,
            Some((24.2, 6.1, 43.4)),
        );
        i.from_experiment = true;
        assert_eq!(
            summary(en(), &i, "Léa"),
            "In the experiment, massage made Léa sleep about 25 min more at night; the range \
             that fits the data is 5 min to 45 min. This holds for Léa over these weeks, not \
             for babies in general."
        );
        assert_eq!(
            summary(es(), &i, "Léa"),
            "En el experimento, el masaje hizo que Léa durmiera unos 25 min más por la noche; \
             el margen que encaja con los datos va de 5 min a 45 min. Esto vale para Léa en \
             estas semanas, no para los bebés en general."
        );
        let r = ExperimentResult {
            insight: i.clone(),
            complete: false,
            days_done: 20,
            adherence: Adherence {
                planned: 20,
                followed: 15,
                massage_planned: 10,
                massage_done: 7,
                other_planned: 10,
                other_kept: 8,
            },
            caveats: vec![
                Caveat::StoppedEarly { done: 20, days: 28 },
                Caveat::LowAdherence {
                    followed: 15,
                    planned: 20,
                },
            ],
        };
        let lines = experiment(en(), &r, "Léa");
        assert_eq!(
            lines[1..],
            [
                "The chance that massage days were the better ones: about 94 %.",
                "15 of 20 planned days were followed.",
                "The experiment stopped after 20 of 28 days, so this result is incomplete and less sure.",
                "Only 15 of 20 planned days were followed, so the comparison is weaker than planned.",
            ]
        );
        let es_lines = experiment(es(), &r, "Léa");
        assert_eq!(
            es_lines[1],
            "La probabilidad de que los días con masaje fueran los mejores: alrededor del 94 %."
        );
        assert_eq!(es_lines[2], "Se siguieron 15 de los 20 días planeados.");
        // Never certain.
        let mut sure = i.clone();
        sure.probability_better = Some(1.0);
        assert!(probability(en(), &sure).expect("p").contains("about 99 %"));
    }

    #[test]
    fn observational_words_are_never_causal() {
        for lang in [Lang::En, Lang::Es] {
            let w = Words::for_lang(lang);
            for o in Outcome::ALL {
                for (f, v) in [
                    (Finding::More, (20.0, 5.0, 40.0)),
                    (Finding::Less, (-20.0, -40.0, -5.0)),
                    (Finding::NoClearDifference, (2.0, -10.0, 12.0)),
                ] {
                    let s = summary(w, &insight(*o, f, Some(v)), "Léa");
                    // The caveat says massage is not shown to have made the difference.
                    let caveat = w.t("insights-seen-caveat");
                    assert!(s.ends_with(&caveat), "{lang} {o}: {s}");
                    let s = s.trim_end_matches(&caveat);
                    for causal in ["made", "because", "caused", "hizo que", "porque", "causó"] {
                        assert!(!s.contains(causal), "{lang} {o}: {s}");
                    }
                    assert!(!s.contains('{') && !s.contains("insights-"), "{lang}: {s}");
                }
            }
        }
    }

    #[test]
    fn every_finding_and_outcome_has_words_in_english_and_spanish() {
        let findings = [
            Finding::More,
            Finding::Less,
            Finding::NoClearDifference,
            Finding::NotEnough(NotEnough::TooFewDays {
                massage_days_needed: 1,
                other_days_needed: 0,
            }),
            Finding::NotEnough(NotEnough::NothingLogged),
            Finding::NotEnough(NotEnough::NotMixed),
            Finding::NotEnough(NotEnough::Unstable),
        ];
        let codes: std::collections::BTreeSet<_> = findings.iter().map(Finding::code).collect();
        assert_eq!(
            codes.len(),
            Finding::CODES.len(),
            "a code without an example"
        );
        for lang in [Lang::En, Lang::Es, Lang::Pseudo] {
            let w = Words::for_lang(lang);
            for f in &findings {
                for exp in [false, true] {
                    assert!(
                        w.has(&finding_key(f, exp)),
                        "{lang}: {}",
                        finding_key(f, exp)
                    );
                }
            }
            let names: std::collections::BTreeSet<_> =
                Outcome::ALL.iter().map(|o| outcome(w, *o)).collect();
            assert_eq!(names.len(), Outcome::ALL.len(), "{lang}");
            for o in Outcome::ALL {
                for f in &findings {
                    let values = (!matches!(f, Finding::NotEnough(_))).then_some((2.0, -1.0, 3.0));
                    let mut i = insight(*o, *f, values);
                    for exp in [false, true] {
                        i.from_experiment = exp;
                        let s = summary(w, &i, "Léa");
                        assert!(!s.contains('{') && !s.contains("insights-"), "{lang}: {s}");
                        if lang == Lang::Pseudo {
                            assert!(s.starts_with('⟦') && s.ends_with('⟧'), "{s}");
                        }
                    }
                }
            }
        }
    }
}
