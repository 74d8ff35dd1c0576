//! Growth against the WHO Child Growth Standards: the embedded tables, z-scores and
//! percentiles at known values (the WHO's simplified SD tables at birth and 12 months), the
//! restricted method for weight, boundaries of age, corrected age, unknown sex, implausible
//! values, flags and crossings, and the chart's bands. The independent check against other
//! WHO implementations is growth_who_check.rs.

#![allow(clippy::unwrap_used)]

use soothe_core::growth::{
    Ages, BAND_LINES, FILES, Flag, Indicator, MAJOR_LINES, MENTION_KEY, Measurement, Prematurity,
    Reading, Table, Z_P2, Z_P98, bands, lines_between, percentile, place, series, table, value_at,
    z_score,
};
use soothe_core::journal::{EventKind, Sex};
use soothe_core::readiness::input::{Gestation, Maturity};
use soothe_words::{Lang, Words};

const W: Indicator = Indicator::WeightForAge;
const L: Indicator = Indicator::LengthForAge;
const H: Indicator = Indicator::HeadForAge;
const BOY: Option<Sex> = Some(Sex::Male);
const GIRL: Option<Sex> = Some(Sex::Female);

fn m(age_days: i64, value: f64) -> Measurement {
    Measurement { age_days, value }
}

fn placed(r: &Reading) -> &soothe_core::growth::Placement {
    match r {
        Reading::Placed(p) => p,
        other => panic!("not placed: {other:?}"),
    }
}

/// The value at `z` for a term baby of `sex` at `day`.
fn at(ind: Indicator, sex: Sex, day: i64, z: f64) -> f64 {
    value_at(ind, sex, day, z).expect("inside the table")
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn every_table_parses_with_the_days_it_should_have() {
    for (ind, path, text) in FILES {
        let t = Table::parse(text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let want = if ind == L { 730 } else { 1856 };
        assert_eq!(t.last_day(), want, "{path}");
        assert_eq!(ind.last_day(), want, "{path}");
        for sex in [Sex::Male, Sex::Female] {
            assert!(t.at(sex, 0).is_some() && t.at(sex, want).is_some());
            assert!(t.at(sex, want + 1).is_none() && t.at(sex, -1).is_none());
            // Length and head circumference are normal at every age.
            if ind != W {
                assert!((0..=want).all(|d| t.at(sex, d).unwrap().l == 1.0), "{path}");
            }
        }
    }
    // The embedded copy is the same as the file's.
    assert_eq!(table(H).at(Sex::Female, 0).unwrap().m, 33.8787);
}

#[test]
fn a_broken_table_says_which_line() {
    let header = soothe_core::growth::HEADER;
    let row0 = "0\t1\t10\t0.1\t1\t10\t0.1";
    for (text, want) in [
        ("# only a comment\n".to_owned(), "no header"),
        ("day\tl\tm\ts\n".to_owned(), "line 1: header"),
        (format!("{header}\n"), "no rows"),
        (
            format!("{header}\n1\t1\t10\t0.1\t1\t10\t0.1\n"),
            "line 2: day `1`, want 0",
        ),
        (
            format!("{header}\n{row0}\n2\t1\t10\t0.1\t1\t10\t0.1\n"),
            "line 3: day `2`, want 1",
        ),
        (
            format!("{header}\n0\t1\t10\t0.1\t1\t10\n"),
            "line 2: 6 fields, want 7",
        ),
        (
            format!("{header}\n0\t1\tten\t0.1\t1\t10\t0.1\n"),
            "line 2: `ten` is not a number",
        ),
        (
            format!("{header}\n0\t1\t10\t0\t1\t10\t0.1\n"),
            "line 2: M and S must be above zero",
        ),
    ] {
        let err = Table::parse(&text).expect_err(want);
        assert!(err.starts_with(want), "{err:?}, want {want:?}");
    }
    let t = Table::parse(&format!("# c\n{header}\n{row0}\n")).unwrap();
    assert_eq!(t.last_day(), 0);
}

#[test]
fn the_who_median_at_birth_is_z_zero_and_the_50th_percentile() {
    let boys = placed(&place(W, BOY, Prematurity::TERM, m(0, 3.3464))).clone();
    assert!(boys.z.abs() < 1e-9, "{}", boys.z);
    assert!(close(boys.percentile, 50.0, 1e-6));
    assert!(boys.flags.is_empty() && !boys.mention());
    assert_eq!(
        boys.ages,
        Ages {
            days: 0,
            corrected_days: None
        }
    );
    let girls = placed(&place(W, GIRL, Prematurity::TERM, m(0, 3.2322))).clone();
    assert!(girls.z.abs() < 1e-9);
    for (ind, boys_m, girls_m) in [(L, 49.8842, 49.1477), (H, 34.4618, 33.8787)] {
        assert!(z_score(ind, Sex::Male, 0, boys_m).unwrap().abs() < 1e-9);
        assert!(z_score(ind, Sex::Female, 0, girls_m).unwrap().abs() < 1e-9);
    }
}

#[test]
fn birth_values_match_the_who_simplified_sd_tables() {
    // WHO Child Growth Standards, simplified field tables, month 0: −3 … +3 SD (one decimal).
    let tables: [(Indicator, Sex, [f64; 7]); 6] = [
        (W, Sex::Male, [2.1, 2.5, 2.9, 3.3, 3.9, 4.4, 5.0]),
        (W, Sex::Female, [2.0, 2.4, 2.8, 3.2, 3.7, 4.2, 4.8]),
        (L, Sex::Male, [44.2, 46.1, 48.0, 49.9, 51.8, 53.7, 55.6]),
        (L, Sex::Female, [43.6, 45.4, 47.3, 49.1, 51.0, 52.9, 54.7]),
        (H, Sex::Male, [30.7, 31.9, 33.2, 34.5, 35.7, 37.0, 38.3]),
        (H, Sex::Female, [30.3, 31.5, 32.7, 33.9, 35.1, 36.2, 37.4]),
    ];
    for (ind, sex, sds) in tables {
        for (i, want) in sds.iter().enumerate() {
            let z = i as f64 - 3.0;
            let got = (at(ind, sex, 0, z) * 10.0).round() / 10.0;
            assert!(close(got, *want, 1e-9), "{ind} {sex} {z}: {got} vs {want}");
        }
    }
    // And at 12 months (day 365; the monthly tables read 365.25): −2 SD, median, +2 SD.
    let twelve: [(Indicator, Sex, [f64; 3]); 6] = [
        (W, Sex::Male, [7.7, 9.6, 12.0]),
        (W, Sex::Female, [7.0, 8.9, 11.5]),
        (L, Sex::Male, [71.0, 75.7, 80.5]),
        (L, Sex::Female, [68.9, 74.0, f64::NAN]), // +2 SD (79.15) is too close to call
        (H, Sex::Male, [43.5, 46.1, 48.6]),
        (H, Sex::Female, [42.2, 44.9, 47.6]),
    ];
    for (ind, sex, sds) in twelve {
        for (z, want) in [-2.0, 0.0, 2.0].into_iter().zip(sds) {
            if want.is_nan() {
                continue;
            }
            let got = (at(ind, sex, 365, z) * 10.0).round() / 10.0;
            assert!(close(got, want, 1e-9), "{ind} {sex} {z}: {got}");
        }
    }
}

#[test]
fn values_and_z_scores_invert_across_the_tables() {
    for ind in Indicator::ALL {
        for sex in [Sex::Male, Sex::Female] {
            for day in [0, 1, 15, 30, 61, 91, 182, 365, 500, 730] {
                for z in [-5.5, -3.5, -3.0, -2.0, -0.5, 0.0, 1.0, 2.0, 3.0, 3.5, 4.5] {
                    let v = at(*ind, sex, day, z);
                    let back = z_score(*ind, sex, day, v).unwrap();
                    assert!(close(back, z, 1e-9), "{ind} {sex} {day} {z}: {back}");
                }
            }
        }
    }
}

#[test]
fn weight_beyond_three_uses_the_restricted_method_and_length_does_not() {
    let lms = table(W).at(Sex::Male, 182).unwrap();
    let sd3 = lms.value(3.0);
    let sd23 = sd3 - lms.value(2.0);
    let z = z_score(W, Sex::Male, 182, sd3 + 0.5 * sd23).unwrap();
    assert!(close(z, 3.5, 1e-12), "{z}");
    assert!(
        !close(lms.z(sd3 + 0.5 * sd23), 3.5, 0.005),
        "the plain LMS differs here"
    );
    let sd3neg = lms.value(-3.0);
    let sd23neg = lms.value(-2.0) - sd3neg;
    let z = z_score(W, Sex::Male, 182, sd3neg - sd23neg).unwrap();
    assert!(close(z, -4.0, 1e-12), "{z}");
    // Length: plain LMS with L = 1, a straight line in z.
    let len = table(L).at(Sex::Female, 182).unwrap();
    let v = len.m * (1.0 + 4.0 * len.s);
    assert!(close(z_score(L, Sex::Female, 182, v).unwrap(), 4.0, 1e-12));
}

#[test]
fn percentiles_come_from_the_normal_distribution() {
    assert!(close(percentile(0.0), 50.0, 1e-9));
    assert!(close(percentile(1.0), 84.134_474_606_854_3, 1e-5));
    assert!(close(percentile(-2.0), 2.275_013_194_817_921, 1e-5));
    for l in MAJOR_LINES.iter().chain(&BAND_LINES) {
        assert!(close(percentile(l.z), l.percentile, 1e-5), "{l:?}");
    }
    let p = placed(&place(
        H,
        GIRL,
        Prematurity::TERM,
        m(91, at(H, Sex::Female, 91, 1.0)),
    ))
    .clone();
    assert!(close(p.percentile, 84.134_474_6, 1e-5), "{}", p.percentile);
}

#[test]
fn ages_from_day_zero_to_the_last_day_and_none_beyond() {
    for (ind, last) in [(W, 1856), (L, 730), (H, 1856)] {
        for day in [0, last] {
            let r = place(
                ind,
                GIRL,
                Prematurity::TERM,
                m(day, at(ind, Sex::Female, day, 0.3)),
            );
            assert_eq!(r.id(), "placed", "{ind} {day}");
        }
        for day in [-1, last + 1, 5000] {
            let r = place(ind, GIRL, Prematurity::TERM, m(day, 10.0));
            assert_eq!(
                r,
                Reading::OutsideAges {
                    ages: Ages {
                        days: day,
                        corrected_days: None
                    },
                    last_day: last
                },
                "{ind} {day}"
            );
            assert_eq!(r.message_key(), Some("growth-outside-ages"));
        }
    }
    assert_eq!(bands(L, Sex::Male, 731), None);
    assert_eq!(z_score(W, Sex::Male, 1857, 15.0), None);
}

#[test]
fn an_unknown_sex_says_the_standards_need_it() {
    for ind in Indicator::ALL {
        let r = place(*ind, None, Prematurity::TERM, m(30, 4.0));
        assert_eq!(r, Reading::NeedsSex);
        assert_eq!(r.message_key(), Some("growth-needs-sex"));
        assert_eq!(r.placement(), None);
    }
    let all = series(W, None, Prematurity::TERM, &[m(20, 4.0), m(40, 5.0)]);
    assert_eq!(all, vec![Reading::NeedsSex, Reading::NeedsSex]);
}

#[test]
fn a_value_that_is_not_above_zero_is_named() {
    for v in [0.0, -3.0, f64::NAN, f64::INFINITY] {
        let r = place(W, BOY, Prematurity::TERM, m(30, v));
        assert_eq!(r, Reading::InvalidValue, "{v}");
        assert_eq!(r.message_key(), Some("growth-invalid-value"));
    }
    assert_eq!(z_score(W, Sex::Male, 30, 0.0), None);
}

#[test]
fn corrected_age_for_babies_born_early_until_24_months() {
    // 32+0 weeks: 56 days early.
    let p = Prematurity::from_gestation_days(32 * 7);
    assert_eq!(p.days_early(), 56);
    let g = Gestation::parse("32+0").unwrap();
    let born = jiff::civil::date(2026, 1, 10);
    assert_eq!(
        Prematurity::from_maturity(Some(Maturity::Gestation(g)), born),
        p
    );
    assert_eq!(Prematurity::from_maturity(None, born), Prematurity::TERM);
    // Due 56 days after birth: the same.
    let due = jiff::civil::date(2026, 3, 7);
    assert_eq!(
        Prematurity::from_maturity(Some(Maturity::Due(due)), born),
        p
    );
    // 37+0 is term; 36+6 is 22 days early; 21 days before the due date is term, 22 is not.
    assert_eq!(Prematurity::from_gestation_days(37 * 7), Prematurity::TERM);
    assert_eq!(
        Prematurity::from_gestation_days(36 * 7 + 6).days_early(),
        22
    );
    assert_eq!(Prematurity::from_days_before_due(21), Prematurity::TERM);
    assert_eq!(Prematurity::from_days_before_due(22).days_early(), 22);

    // At 100 days the standard is read at 44 days; both ages are returned.
    let v = at(W, Sex::Female, 44, -0.4);
    let r = placed(&place(W, GIRL, p, m(100, v))).clone();
    assert_eq!(
        r.ages,
        Ages {
            days: 100,
            corrected_days: Some(44)
        }
    );
    assert!(close(r.z, -0.4, 1e-9), "{}", r.z);
    // Read at chronological age, the same weight would look much lower.
    assert!(z_score(W, Sex::Female, 100, v).unwrap() < -1.5);
    // The last corrected day is 730; from 731 the chronological age.
    let r = placed(&place(W, GIRL, p, m(730, at(W, Sex::Female, 674, 0.0)))).clone();
    assert_eq!(r.ages.corrected_days, Some(674));
    assert!(close(r.z, 0.0, 1e-9));
    let r = placed(&place(W, GIRL, p, m(731, at(W, Sex::Female, 731, 0.0)))).clone();
    assert_eq!(
        r.ages,
        Ages {
            days: 731,
            corrected_days: None
        }
    );
    assert!(close(r.z, 0.0, 1e-9));
    // Length at 760 days chronological is beyond its table even though corrected 704 is not
    // (no correction after 730 days).
    assert_eq!(place(L, GIRL, p, m(760, 85.0)).id(), "outside_ages");
    // Before the due date the WHO standards do not apply yet; day 56 is corrected day 0.
    let r = place(W, GIRL, p, m(30, 2.0));
    assert_eq!(
        r,
        Reading::OutsideAges {
            ages: Ages {
                days: 30,
                corrected_days: Some(-26)
            },
            last_day: 1856
        }
    );
    assert_eq!(r.message_key(), Some("growth-before-due-date"));
    let r = placed(&place(H, BOY, p, m(56, 34.4618))).clone();
    assert_eq!(r.ages.corrected_days, Some(0));
    assert!(close(r.z, 0.0, 1e-9));
}

#[test]
fn implausible_values_follow_the_who_limits() {
    // Weight: below −6 or above 5; length: beyond ±6; head: beyond ±5.
    for (ind, low, high) in [(W, -6.0, 5.0), (L, -6.0, 6.0), (H, -5.0, 5.0)] {
        for (z, ok) in [
            (low - 0.1, false),
            (low + 0.1, true),
            (high - 0.1, true),
            (high + 0.1, false),
        ] {
            let v = at(ind, Sex::Male, 200, z);
            let r = place(ind, BOY, Prematurity::TERM, m(200, v));
            assert_eq!(
                r.id(),
                if ok { "placed" } else { "implausible" },
                "{ind} {z}"
            );
            let p = r.placement().unwrap();
            assert!(close(p.z, z, 1e-9));
            assert!(p.mention(), "extreme values are worth mentioning too");
            if !ok {
                assert_eq!(r.message_key(), Some("growth-implausible"));
            }
        }
    }
}

#[test]
fn below_the_2nd_or_above_the_98th_percentile_is_flagged() {
    for (z, want) in [
        (Z_P2 - 1e-6, vec![Flag::BelowP2]),
        (Z_P2 + 1e-6, vec![]),
        (0.0, vec![]),
        (Z_P98 - 1e-6, vec![]),
        (Z_P98 + 1e-6, vec![Flag::AboveP98]),
        (-2.5, vec![Flag::BelowP2]),
    ] {
        for ind in Indicator::ALL {
            let v = at(*ind, Sex::Female, 61, z);
            let p = placed(&place(*ind, GIRL, Prematurity::TERM, m(61, v))).clone();
            assert_eq!(p.flags, want, "{ind} {z}");
            assert_eq!(p.mention(), !want.is_empty());
        }
    }
    assert!(close(percentile(Z_P2), 2.0, 1e-6) && close(percentile(Z_P98), 98.0, 1e-6));
}

#[test]
fn lines_between_counts_the_major_lines() {
    assert_eq!(lines_between(0.1, -0.5), 1);
    assert_eq!(lines_between(0.1, -0.8), 2);
    assert_eq!(lines_between(-0.8, 0.1), 2);
    assert_eq!(lines_between(-3.0, 3.0), 9);
    assert_eq!(lines_between(0.2, 0.6), 0);
    // A score exactly on a line counts as above it.
    assert_eq!(lines_between(-0.1, 0.0), 1);
    assert_eq!(lines_between(0.1, 0.0), 0);
}

/// A weight series for a girl at term: (day, z).
fn weights(points: &[(i64, f64)]) -> Vec<Measurement> {
    points
        .iter()
        .map(|(d, z)| m(*d, at(W, Sex::Female, *d, *z)))
        .collect()
}

fn flags(readings: &[Reading]) -> Vec<Vec<Flag>> {
    readings
        .iter()
        .map(|r| r.placement().map(|p| p.flags.clone()).unwrap_or_default())
        .collect()
}

#[test]
fn crossing_two_major_lines_is_flagged_one_is_not() {
    let r = series(
        W,
        GIRL,
        Prematurity::TERM,
        &weights(&[(20, 0.1), (60, -0.5)]),
    );
    assert_eq!(flags(&r), vec![vec![], vec![]]);
    let r = series(
        W,
        GIRL,
        Prematurity::TERM,
        &weights(&[(20, 0.1), (60, -0.8)]),
    );
    assert_eq!(
        flags(&r),
        vec![
            vec![],
            vec![Flag::CrossedDown {
                lines: 2,
                since_days: 20
            }]
        ]
    );
    // Gradual: each step crosses one line, the whole drift two.
    let r = series(
        W,
        GIRL,
        Prematurity::TERM,
        &weights(&[(20, 0.1), (60, -0.5), (100, -0.8), (140, -0.9)]),
    );
    let down = |lines, since_days| Flag::CrossedDown { lines, since_days };
    assert_eq!(
        flags(&r),
        vec![vec![], vec![], vec![down(2, 20)], vec![down(2, 20)]]
    );
    // Upwards too, and with a percentile flag beside it.
    let r = series(
        W,
        GIRL,
        Prematurity::TERM,
        &weights(&[(30, 0.5), (90, 2.2)]),
    );
    assert_eq!(
        flags(&r),
        vec![
            vec![],
            vec![
                Flag::AboveP98,
                Flag::CrossedUp {
                    lines: 3,
                    since_days: 30
                }
            ]
        ]
    );
    assert_eq!(r[1].placement().unwrap().flags[1].id(), "crossed_up");
}

#[test]
fn the_largest_crossing_is_the_one_flagged_the_latest_on_a_tie() {
    let r = series(
        W,
        GIRL,
        Prematurity::TERM,
        &weights(&[(20, 1.5), (40, 0.5), (60, 0.4), (90, -0.8)]),
    );
    // 1.5 → −0.8 crosses 91st, 75th, 50th, 25th: 4; 0.5 and 0.4 → −0.8: 2 each.
    assert_eq!(
        flags(&r)[3],
        vec![Flag::CrossedDown {
            lines: 4,
            since_days: 20
        }]
    );
    let r = series(
        W,
        GIRL,
        Prematurity::TERM,
        &weights(&[(40, 0.5), (60, 0.4), (90, -0.8)]),
    );
    assert_eq!(
        flags(&r)[2],
        vec![Flag::CrossedDown {
            lines: 2,
            since_days: 60
        }]
    );
}

#[test]
fn crossings_skip_the_first_two_weeks_same_days_and_implausible_values() {
    // Birth weight high, then the usual early drop: not a crossing.
    let r = series(
        W,
        GIRL,
        Prematurity::TERM,
        &weights(&[(0, 1.0), (13, -0.8), (30, -0.8)]),
    );
    assert_eq!(flags(&r), vec![vec![], vec![], vec![]]);
    // From day 14 it counts.
    let r = series(
        W,
        GIRL,
        Prematurity::TERM,
        &weights(&[(14, 1.0), (30, -0.8)]),
    );
    assert_eq!(flags(&r)[1].len(), 1);
    // Two measurements on one day are not a crossing.
    let r = series(
        W,
        GIRL,
        Prematurity::TERM,
        &weights(&[(50, 1.0), (50, -0.8)]),
    );
    assert_eq!(flags(&r), vec![vec![], vec![]]);
    // An implausible earlier value is left out.
    let r = series(
        W,
        GIRL,
        Prematurity::TERM,
        &weights(&[(30, 5.5), (60, 0.0)]),
    );
    assert_eq!(r[0].id(), "implausible");
    assert_eq!(flags(&r)[1], vec![]);
}

#[test]
fn a_series_keeps_its_order_and_compares_by_age() {
    let ms = weights(&[(90, -0.8), (20, 0.1), (200, -0.9)]);
    let r = series(W, GIRL, Prematurity::TERM, &ms);
    assert_eq!(r[0].placement().unwrap().ages.days, 90);
    assert_eq!(
        flags(&r),
        vec![
            vec![Flag::CrossedDown {
                lines: 2,
                since_days: 20
            }],
            vec![],
            vec![Flag::CrossedDown {
                lines: 2,
                since_days: 20
            }]
        ]
    );
    // Mixed readings in one series: the outside one stays as it is.
    let mut ms = weights(&[(20, 0.1), (60, -0.8)]);
    ms.push(m(3000, 15.0));
    let r = series(W, GIRL, Prematurity::TERM, &ms);
    assert_eq!(r[2].id(), "outside_ages");
}

#[test]
fn corrected_ages_are_used_for_crossings_too() {
    // A baby born at 30+0 (70 days early) growing along the median by corrected age: no
    // crossing, although by chronological age it would climb across lines.
    let p = Prematurity::from_gestation_days(30 * 7);
    let ms: Vec<Measurement> = [80, 120, 200, 300]
        .iter()
        .map(|d| m(*d, at(W, Sex::Male, d - 70, 0.0)))
        .collect();
    let r = series(W, BOY, p, &ms);
    for x in &r {
        let pl = x.placement().unwrap();
        assert!(close(pl.z, 0.0, 1e-9) && pl.flags.is_empty(), "{x:?}");
    }
}

#[test]
fn the_switch_from_corrected_age_at_24_months_is_not_a_crossing() {
    // Born at 28+0 (84 days early): at 700 days placed at 616, at 731 at 731.
    let p = Prematurity::from_gestation_days(28 * 7);
    let before = m(700, at(W, Sex::Female, 616, 0.1));
    // A small real drop (to −0.5 by corrected age) looks bigger by chronological age.
    let after = m(731, at(W, Sex::Female, 731 - 84, -0.5));
    let r = series(W, GIRL, p, &[before, after]);
    let (z0, z1) = (r[0].placement().unwrap().z, r[1].placement().unwrap().z);
    assert_eq!(r[1].placement().unwrap().ages.corrected_days, None);
    assert!(lines_between(z0, z1) >= 2, "{z0} → {z1}");
    assert_eq!(flags(&r), vec![vec![], vec![]]);
    // After the switch, measurements are compared among themselves again.
    let later = m(900, at(W, Sex::Female, 900, z1 + 1.4));
    let r = series(W, GIRL, p, &[before, after, later]);
    assert_eq!(
        flags(&r)[2],
        vec![Flag::CrossedUp {
            lines: 2,
            since_days: 731
        }]
    );
}

#[test]
fn bands_give_the_chart_curves() {
    for ind in Indicator::ALL {
        for sex in [Sex::Male, Sex::Female] {
            for day in [0, 365, 730] {
                let b = bands(*ind, sex, day).unwrap();
                assert_eq!(b.day, day);
                assert!(b.p3 < b.p15 && b.p15 < b.p50 && b.p50 < b.p85 && b.p85 < b.p97);
                let lms = table(*ind).at(sex, day).unwrap();
                assert!(close(b.p50, lms.m, 1e-12));
                for (v, line) in [b.p3, b.p15, b.p50, b.p85, b.p97].iter().zip(&BAND_LINES) {
                    let z = z_score(*ind, sex, day, *v).unwrap();
                    assert!(close(percentile(z), line.percentile, 1e-5), "{ind} {day}");
                }
            }
        }
    }
    // Boys' weight at birth: P3 2.5, P97 4.3 (WHO percentile tables, one decimal).
    let b = bands(W, Sex::Male, 0).unwrap();
    assert!(close((b.p3 * 10.0).round(), 25.0, 0.0) && close((b.p97 * 10.0).round(), 43.0, 0.0));
}

#[test]
fn indicators_read_the_journal_kinds() {
    for (kind, ind) in [
        (EventKind::Weight, W),
        (EventKind::Length, L),
        (EventKind::Head, H),
    ] {
        assert_eq!(Indicator::for_kind(kind), Some(ind));
        assert_eq!(ind.kind(), kind);
    }
    assert_eq!(Indicator::for_kind(EventKind::Temperature), None);
    assert_eq!((W.unit(), L.unit(), H.unit()), ("kg", "cm", "cm"));
    assert_eq!(H.id(), "head_circumference_for_age");
    assert!(W.restricted() && !L.restricted() && !H.restricted());
}

#[test]
fn every_message_the_core_names_exists_in_every_language() {
    let mut keys = vec![MENTION_KEY];
    keys.extend(Indicator::ALL.iter().map(|i| i.message_key()));
    keys.extend(
        [
            Flag::BelowP2,
            Flag::AboveP98,
            Flag::CrossedDown {
                lines: 2,
                since_days: 20,
            },
            Flag::CrossedUp {
                lines: 2,
                since_days: 20,
            },
        ]
        .map(Flag::message_key),
    );
    let readings = [
        Reading::NeedsSex,
        Reading::InvalidValue,
        place(W, BOY, Prematurity::TERM, m(30, 40.0)),
        place(W, BOY, Prematurity::TERM, m(3000, 4.0)),
        place(W, BOY, Prematurity::from_gestation_days(200), m(3, 4.0)),
    ];
    keys.extend(readings.iter().filter_map(Reading::message_key));
    assert_eq!(keys.len(), 13);
    for lang in [Lang::En, Lang::Es] {
        let w = Words::for_lang(lang);
        for key in &keys {
            assert!(w.has(key), "{lang}: {key}");
        }
    }
    let en = Words::for_lang(Lang::En);
    assert_eq!(en.t(MENTION_KEY), "Mention this at your next check-up.");
    let lines = [("lines", soothe_words::Arg::Int(3))];
    assert_eq!(
        en.t_args("growth-flag-crossed-down", &lines),
        "Moved down across 3 major percentile lines since an earlier measurement."
    );
}

#[test]
fn readings_serialize_with_their_status() {
    let r = place(W, BOY, Prematurity::TERM, m(0, 3.3464));
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["status"], "placed");
    assert_eq!(v["ages"]["days"], 0);
    assert!(v["ages"]["corrected_days"].is_null());
    assert_eq!(
        serde_json::to_value(Reading::NeedsSex).unwrap()["status"],
        "needs_sex"
    );
    let f = serde_json::to_value(Flag::CrossedDown {
        lines: 2,
        since_days: 20,
    })
    .unwrap();
    assert_eq!(
        f,
        serde_json::json!({"flag": "crossed_down", "lines": 2, "since_days": 20})
    );
}
