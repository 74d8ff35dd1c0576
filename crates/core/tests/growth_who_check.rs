//! soothe's growth z-scores (`soothe_core::growth`) checked against two other implementations
//! of the WHO Child Growth Standards: Python's `anthro` (weight and length, its own copy of
//! the WHO tables) and `pygrowup2` (weight, length and head circumference), run by
//! tests/checkers/check_growth.py, pinned in tests/checkers/requirements.txt.
//!
//! The grid: ages 0, 1, 15, 30, 61, 91, 182, 365, 500 and 730 days, both sexes, all three
//! indicators, values at z from −3.5 to +3.5 (rounded as they would be entered: grams, tenths
//! of a centimetre); babies born at 28+0, 32+3 and 35+6 weeks, placed at corrected age (soothe
//! computes it; the checker works it out again by the documented rule and reads the standard
//! at it); and a few ages past 24 months for weight and head circumference. Every z-score must
//! agree to 0.01 and every percentile with Python's `statistics.NormalDist` to 10⁻⁶.
//!
//! Without the checker's virtualenv the test is skipped with a message, except under `CI`,
//! where .ci/run makes it in `target/checkers-venv` and a missing one is a failure.

#![allow(clippy::unwrap_used, missing_docs)]

#[path = "../../../tests/skipping.rs"]
mod skipping;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use soothe_core::growth::{Indicator, Measurement, Prematurity, Reading, place, value_at};
use soothe_core::journal::Sex;

const AGES: [i64; 10] = [0, 1, 15, 30, 61, 91, 182, 365, 500, 730];
const ZS: [f64; 11] = [-3.5, -3.0, -2.5, -2.0, -1.0, 0.0, 1.0, 2.0, 2.5, 3.0, 3.5];
/// Gestation at birth in days: 28+0, 32+3, 35+6 weeks.
const GESTATIONS: [u16; 3] = [196, 227, 251];
/// Chronological ages for the babies born early (the last one past the correction).
const PRETERM_AGES: [i64; 7] = [90, 100, 200, 400, 700, 730, 731];
/// Past 24 months, for weight and head circumference (anthro's tables end at 1826).
const OLDER: [i64; 3] = [731, 1000, 1826];

use skipping::repo;

/// The checkers' Python, or `None` after saying so.
fn python() -> Option<PathBuf> {
    skipping::checkers_python("growth z-scores against Python's anthro and pygrowup2")
}

/// A value as it would be entered: weight to the gram, lengths to the millimetre.
fn entered(ind: Indicator, v: f64) -> f64 {
    let f = if ind == Indicator::WeightForAge {
        1000.0
    } else {
        10.0
    };
    (v * f).round() / f
}

fn sex_id(sex: Sex) -> &'static str {
    match sex {
        Sex::Male => "male",
        Sex::Female => "female",
    }
}

/// One case: the measurement and what soothe says about it.
fn case(ind: Indicator, sex: Sex, gestation: Option<u16>, age_days: i64, z: f64) -> Value {
    let prematurity = gestation.map_or(Prematurity::TERM, Prematurity::from_gestation_days);
    let placed_day = soothe_core::growth::Ages::new(age_days, prematurity).placed_days();
    let value = entered(ind, value_at(ind, sex, placed_day, z).unwrap());
    let r = place(ind, Some(sex), prematurity, Measurement { age_days, value });
    let p = match &r {
        Reading::Placed(p) => p,
        other => panic!("{ind} {sex} day {age_days} z {z}: {other:?}"),
    };
    json!({
        "indicator": ind.id(),
        "sex": sex_id(sex),
        "age_days": age_days,
        "gestation_days": gestation,
        "corrected_age_days": p.ages.corrected_days,
        "value": value,
        "z": p.z,
        "percentile": p.percentile,
    })
}

fn grid() -> Vec<Value> {
    let mut cases = Vec::new();
    for ind in Indicator::ALL {
        for sex in [Sex::Male, Sex::Female] {
            for day in AGES {
                for z in ZS {
                    cases.push(case(*ind, sex, None, day, z));
                }
            }
            for g in GESTATIONS {
                for day in PRETERM_AGES {
                    if *ind == Indicator::LengthForAge && day > 730 {
                        continue;
                    }
                    for z in [-3.5, -2.0, 0.0, 1.0, 3.5] {
                        cases.push(case(*ind, sex, Some(g), day, z));
                    }
                }
            }
            if *ind != Indicator::LengthForAge {
                for day in OLDER {
                    for z in [-3.5, -1.0, 0.0, 2.5] {
                        cases.push(case(*ind, sex, None, day, z));
                    }
                }
            }
        }
    }
    cases
}

fn temp_path(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    std::env::temp_dir().join(format!(
        "soothe-growth-{name}-{}-{nanos}.json",
        std::process::id()
    ))
}

/// Runs the checker on `cases`: its exit status and its output.
fn run_checker(python: &Path, name: &str, cases: &[Value]) -> (bool, String) {
    let path = temp_path(name);
    let spec = json!({"tolerance": 0.01, "cases": cases});
    std::fs::write(&path, spec.to_string()).unwrap();
    let out = Command::new(python)
        .arg(repo().join("tests/checkers/check_growth.py"))
        .arg(&path)
        .output()
        .expect("the checker runs");
    let _ = std::fs::remove_file(&path);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said)
}

/// The checker's summary: its last line of JSON.
fn summary(said: &str) -> Value {
    let line = said
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .unwrap_or_else(|| panic!("no summary in:\n{said}"));
    serde_json::from_str(line).unwrap()
}

#[test]
fn z_scores_agree_with_anthro_and_pygrowup2_to_a_hundredth() {
    let Some(python) = python() else { return };
    let cases = grid();
    let (ok, said) = run_checker(&python, "grid", &cases);
    assert!(ok, "{said}");
    let s = summary(&said);
    let count = |ind: Indicator| cases.iter().filter(|c| c["indicator"] == ind.id()).count();
    let weight_length = count(Indicator::WeightForAge) + count(Indicator::LengthForAge);
    assert_eq!(s["cases"], cases.len());
    assert_eq!(s["failures"], 0);
    // anthro covers weight and length; pygrowup2 all three: every case was compared.
    assert_eq!(s["comparisons"]["anthro"], weight_length, "{said}");
    assert_eq!(s["comparisons"]["pygrowup2"], cases.len(), "{said}");
    assert_eq!(s["corrected_ages_checked"], cases.len());
    assert!(
        cases.iter().any(|c| c["corrected_age_days"].is_i64())
            && cases
                .iter()
                .any(|c| c["gestation_days"].is_u64() && c["age_days"] == 731),
        "corrected ages and the day after the correction are in the grid"
    );
    for name in ["anthro", "pygrowup2"] {
        let d = s["max_abs_z_difference"][name].as_f64().unwrap();
        assert!(d <= 0.01, "{name}: {d}");
    }
    // The numbers, for `cargo test -p soothe-core --test growth_who_check -- --nocapture`.
    #[allow(clippy::print_stdout)]
    {
        println!("growth WHO check: {s}");
    }
}

#[test]
fn the_checker_fails_on_a_wrong_z_score_or_corrected_age() {
    let Some(python) = python() else { return };
    let good = vec![
        case(Indicator::WeightForAge, Sex::Male, None, 182, -3.5),
        case(Indicator::HeadForAge, Sex::Female, Some(227), 400, 1.0),
    ];
    let (ok, said) = run_checker(&python, "good", &good);
    assert!(ok, "{said}");

    let mut off_z = good.clone();
    off_z[0]["z"] = json!(off_z[0]["z"].as_f64().unwrap() + 0.02);
    let (ok, said) = run_checker(&python, "off-z", &off_z);
    assert!(!ok, "{said}");
    assert!(said.contains("FAIL weight_for_age male day 182"), "{said}");
    // Both references disagree, and the percentile no longer matches the z-score.
    assert_eq!(summary(&said)["failures"], 3, "{said}");

    let mut off_age = good.clone();
    off_age[1]["corrected_age_days"] = json!(400);
    let (ok, said) = run_checker(&python, "off-age", &off_age);
    assert!(!ok, "{said}");
    assert!(said.contains("corrected age 400, want 347"), "{said}");

    let mut off_percentile = good;
    off_percentile[1]["percentile"] = json!(84.2);
    let (ok, said) = run_checker(&python, "off-percentile", &off_percentile);
    assert!(!ok && said.contains("percentile 84.2"), "{said}");
}
