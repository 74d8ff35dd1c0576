//! The `soothe` binary, run as a user runs it: arguments in, text and exit status out.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn soothe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_soothe"))
        .args(args)
        .output()
        .expect("run soothe")
}

fn soothe_stdin(args: &[&str], input: &str) -> Output {
    common::run(Command::new(env!("CARGO_BIN_EXE_soothe")).args(args), input)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example(name: &str) -> String {
    root().join("examples").join(name).display().to_string()
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstderr: {}",
        o.status,
        stderr(o)
    );
    stdout(o)
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_str(&ok(o)).expect("stdout is JSON")
}

fn assert_fits_80_columns(text: &str) {
    for line in text.lines() {
        assert!(
            line.chars().count() <= 80,
            "line longer than 80 columns: {line:?}"
        );
    }
}

#[test]
fn routines_lists_all_seven_and_fits_the_terminal() {
    let text = ok(&soothe(&["routines"]));
    for id in [
        "full-body",
        "standard",
        "flexibility",
        "gas-relief",
        "bedtime",
        "newborn-first",
        "preterm-tks",
    ] {
        assert!(text.contains(id), "{id} missing:\n{text}");
    }
    assert!(text.contains("done by a doctor or nurse only"), "{text}");
    assert_fits_80_columns(&text);
    let list = json(&soothe(&["routines", "--json"]));
    assert_eq!(list.as_array().expect("array").len(), 8);
    assert_eq!(list[0]["id"], "full-body");
    assert!(list[0]["minutes"].as_u64().expect("minutes") >= 10);
}

#[test]
fn routine_shows_every_step_with_seconds_and_words() {
    let text = ok(&soothe(&["routine", "full-body"]));
    assert!(text.contains("Ask permission"));
    assert!(text.contains("Sources:"));
    assert_fits_80_columns(&text);
    let r = json(&soothe(&["routine", "full-body", "--json"]));
    let steps = r["steps"].as_array().expect("steps");
    assert!(steps.len() > 20);
    assert_eq!(steps[0]["stroke"], "resting_hands");
    assert_eq!(steps[0]["area"], "left_leg");
    assert!(
        steps
            .iter()
            .all(|s| s["seconds"].as_u64().expect("seconds") >= 10
                && !s["say"].as_str().expect("say").is_empty())
    );
    let face: Vec<_> = steps.iter().filter(|s| s["area"] == "face").collect();
    assert!(
        !face.is_empty() && face.iter().all(|s| s["oil"] == false),
        "no oil on the face"
    );
    let total: u64 = steps
        .iter()
        .map(|s| s["seconds"].as_u64().expect("seconds"))
        .sum::<u64>()
        + r["permission"]["seconds"].as_u64().expect("p")
        + r["closing"]["seconds"].as_u64().expect("c");
    assert_eq!(r["total_seconds"].as_u64(), Some(total));
    assert_eq!(
        r["core"],
        serde_json::json!(["left_leg", "feet", "right_leg"])
    );
    assert!(steps.iter().all(|s| s["areas"][0] == s["area"]));
    let chest_sweep = steps
        .iter()
        .find(|s| s["stroke"] == "chest_integration")
        .expect("chest integration");
    assert_eq!(
        chest_sweep["areas"],
        serde_json::json!(["chest", "left_leg", "right_leg", "feet", "abdomen"])
    );
}

#[test]
fn unknown_routine_is_a_clear_error() {
    let o = soothe(&["routine", "tummy-time"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    assert!(
        stderr(&o).contains("unknown routine `tummy-time`, expected one of: full-body"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn oils_and_evidence_show_grades_and_sources() {
    let text = ok(&soothe(&["oils"]));
    assert!(text.contains("sunflower") && text.contains("mustard"));
    assert_fits_80_columns(&text);
    let oils = json(&soothe(&["oils", "--json"]));
    assert_eq!(oils.as_array().expect("array").len(), 11);

    let text = ok(&soothe(&["evidence"]));
    assert!(text.contains("Very low certainty") && text.contains("Not supported"));
    assert_fits_80_columns(&text);
    let claim = json(&soothe(&["evidence", "violence", "--json"]));
    assert_eq!(claim["grade"], "not_supported");
    assert!(!claim["sources"].as_array().expect("sources").is_empty());
    let o = soothe(&["evidence", "flying"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown claim `flying`"));
}

#[test]
fn catalog_check_passes_on_the_shipped_content() {
    let text = ok(&soothe(&["catalog", "check"]));
    assert!(text.starts_with("catalog OK: 8 routines"), "{text}");
    let text = ok(&soothe(&[
        "catalog",
        "check",
        "--dir",
        &root().join("content").display().to_string(),
    ]));
    assert!(text.starts_with("catalog OK: 8 routines"), "{text}");
}

#[test]
fn catalog_check_fails_on_a_broken_catalog_and_names_file_and_item() {
    let dir = std::env::temp_dir().join(format!("soothe-broken-catalog-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root().join("content"), &dir);
    let strokes = dir.join("strokes.toml");
    let text = std::fs::read_to_string(&strokes).expect("strokes");
    // Point one stroke at a source that does not exist.
    let broken = text.replacen("sources = [\"", "sources = [\"nobody_1999\", \"", 1);
    assert_ne!(broken, text);
    std::fs::write(&strokes, broken).expect("write");
    let o = soothe(&["catalog", "check", "--dir", &dir.display().to_string()]);
    assert_eq!(o.status.code(), Some(1), "stdout: {}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("strokes.toml: stroke `"), "{err}");
    assert!(err.contains("unknown source `nobody_1999`"), "{err}");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

#[test]
fn check_reads_a_file_and_explains_the_wait() {
    let text = ok(&soothe(&["check", "--input", &example("just-fed.json")]));
    assert!(
        text.starts_with("WAIT until 10:05 (about 5 min from now)."),
        "{text}"
    );
    assert!(text.contains("Why:") && text.contains("Sources:"), "{text}");
    assert_fits_80_columns(&text);
    let v = json(&soothe(&[
        "check",
        "--input",
        &example("just-fed.json"),
        "--json",
    ]));
    assert_eq!(v["verdict"], "wait");
    assert_eq!(v["until"], "2026-11-21T10:05:00+01:00");
    assert_eq!(v["findings"][0]["rule"], "feed_gap");
    assert_eq!(v["age"]["days"], 112);
}

#[test]
fn check_without_a_state_never_says_a_good_moment_and_asks_how_the_baby_is() {
    let mut input: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example("ready.json")).expect("read"))
            .expect("json");
    let text = ok(&soothe_stdin(
        &["check", "--input", "-"],
        &input.to_string(),
    ));
    assert!(text.starts_with("READY: now is a good moment"), "{text}");
    input.as_object_mut().expect("object").remove("state");
    let text = ok(&soothe_stdin(
        &["check", "--input", "-"],
        &input.to_string(),
    ));
    assert!(!text.contains("good moment"), "{text}");
    assert!(!text.contains("READY"), "{text}");
    assert!(
        text.starts_with("Nothing in the journal holds a massage back. How is your baby now?"),
        "{text}"
    );
    assert!(text.contains("add \"state\" to the input"), "{text}");
    assert_fits_80_columns(&text);
    // The JSON keeps the verdict and the finding that asks.
    let o = soothe_stdin(&["check", "--input", "-", "--json"], &input.to_string());
    let v = json(&o);
    assert_eq!(v["verdict"], "ready");
    assert!(
        v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["rule"] == "state_unknown"),
        "{v}"
    );
}

#[test]
fn check_reads_standard_input() {
    let input = std::fs::read_to_string(example("fever.json")).expect("example");
    let o = soothe_stdin(&["check", "--input", "-", "--json"], &input);
    let v: serde_json::Value = serde_json::from_str(&ok(&o)).expect("json");
    assert_eq!(v["verdict"], "seek_care");
    assert_eq!(v["findings"][0]["rule"], "fever_young_infant");
    let text = ok(&soothe_stdin(&["check", "-i", "-"], &input));
    assert!(text.starts_with("SEEK MEDICAL CARE NOW"), "{text}");
}

#[test]
fn every_verdict_exits_zero() {
    for (file, verdict) in [
        ("ready.json", "ready"),
        ("preterm.json", "ask_clinician"),
        ("vaccination-and-oil.json", "ready"),
    ] {
        let v = json(&soothe(&["check", "--input", &example(file), "--json"]));
        assert_eq!(v["verdict"], verdict, "{file}");
    }
}

#[test]
fn bad_input_exits_2_with_one_message_and_nothing_on_stdout() {
    let cases: &[(&str, &str)] = &[
        ("{\"now\": ", "(line 1, column 8)"),
        (
            "{\"baby\": {\"born\": \"2026-08-01\"}}",
            "missing field `now`",
        ),
        (
            r#"{"now": "2026-11-21T10:00:00", "baby": {"born": "2026-08-01"}}"#,
            "now: `2026-11-21T10:00:00` has no UTC offset",
        ),
        (
            r#"{"now": "2026-11-21T10:00:00Z", "baby": {"born": "2026-08-01"}, "state": "starving"}"#,
            "state: unknown variant `starving`",
        ),
        (
            r#"{"now": "2026-11-21T10:00:00Z", "baby": {"born": "2026-08-01"}, "events": [{"kind": "bath", "at": "2026-11-21T09:00:00Z"}]}"#,
            "events[0].kind: unknown variant `bath`",
        ),
        (
            r#"{"now": "2026-11-21T10:00:00Z", "baby": {"born": "2026-08-01"}, "events": [{"kind": "feeding", "start": "2026-11-21T11:00:00Z"}]}"#,
            "events[0].start",
        ),
        (
            r#"{"now": "2026-11-21T10:00:00Z", "baby": {"born": "2026-12-01"}}"#,
            "baby.born: this date is in the future",
        ),
        (
            r#"{"now": "2026-11-21T10:00:00Z", "baby": {"born": "2026-08-01", "due": "2026-08-20", "gestation_at_birth": "36+0"}}"#,
            "not both",
        ),
        (
            r#"{"now": "2026-11-21T10:00:00Z", "baby": {"born": "2026-08-01"}, "events": [{"kind": "temperature", "at": "2026-11-21T09:00:00Z", "celsius": 100.4}]}"#,
            "events[0].celsius: 100.4 °C is outside 30–45 °C",
        ),
        (
            r#"{"now": "2026-11-21T10:00:00Z", "baby": {"born": "2026-08-01"}, "settings": {"patch_test_hours": 72}}"#,
            "settings.patch_test_hours: 72 is outside the allowed range 1–48",
        ),
        (
            r#"{"now": "2026-11-21T10:00:00Z", "baby": {"born": "2026-08-01"}, "oil": "ghee"}"#,
            "oil: unknown oil `ghee`",
        ),
        (
            r#"{"now": "2026-11-21T10:00:00Z", "baby": {"born": "2026-08-01"}, "routine": "yoga"}"#,
            "routine: unknown routine `yoga`",
        ),
    ];
    for (input, fragment) in cases {
        for json_flag in [false, true] {
            let mut args = vec!["check", "--input", "-"];
            if json_flag {
                args.push("--json");
            }
            let o = soothe_stdin(&args, input);
            assert_eq!(o.status.code(), Some(2), "{input}");
            assert!(stdout(&o).is_empty(), "stdout for {input}: {}", stdout(&o));
            let err = stderr(&o);
            assert!(
                err.contains(fragment),
                "{input}: stderr {err:?} lacks {fragment:?}"
            );
            assert_eq!(err.trim_end().lines().count(), 1, "one message: {err}");
        }
    }
}

#[test]
fn a_missing_input_file_is_a_clear_error() {
    let o = soothe(&["check", "--input", "/nonexistent/check.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read /nonexistent/check.json"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_check_speaks_plainly_to_parents() {
    let text = ok(&soothe(&["check", "--input", &example("preterm.json")]));
    assert!(text.starts_with("ASK YOUR DOCTOR OR NURSE FIRST"), "{text}");
    assert!(text.contains("born early (corrected age"), "{text}");
    assert!(text.contains("hip dysplasia"), "{text}");
    for jargon in ["clinician", "preterm", "health visitor"] {
        assert!(!text.to_lowercase().contains(jargon), "{jargon}: {text}");
    }
}

#[test]
fn check_reads_at_most_one_mebibyte_skips_a_bom_and_refuses_trailing_text() {
    let good = r#"{"now": "2026-11-21T10:00:00+01:00", "baby": {"born": "2026-08-01"}, "state": "quiet_alert"}"#;
    // A byte-order mark (as some Windows editors write) is skipped.
    let v = json(&soothe_stdin(
        &["check", "--input", "-", "--json"],
        &format!("\u{feff}{good}"),
    ));
    assert_eq!(v["verdict"], "ready");
    // Text after the JSON document is refused, not ignored.
    let o = soothe_stdin(
        &["check", "--input", "-"],
        &format!("{good} {{\"now\": 1}}"),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("there is more after the end of the JSON document"),
        "{}",
        stderr(&o)
    );
    // Over 1 MiB (spaces are valid JSON, so only the size can refuse it).
    let big = format!("{good}{}", " ".repeat(1 << 20));
    let o = soothe_stdin(&["check", "--input", "-"], &big);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("standard input is larger than 1 MiB"),
        "{}",
        stderr(&o)
    );
    let dir = std::env::temp_dir().join(format!("soothe-cli-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("big.json");
    std::fs::write(&file, &big).expect("write");
    let o = soothe(&["check", "--input", file.to_str().expect("utf-8")]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("larger than 1 MiB"), "{}", stderr(&o));
    // Just under the limit is read.
    let under = format!("{good}{}", " ".repeat((1 << 20) - good.len()));
    assert_eq!(
        json(&soothe_stdin(&["check", "--input", "-", "--json"], &under))["verdict"],
        "ready"
    );
}

#[test]
fn check_names_a_control_character_a_far_year_and_a_missing_field() {
    for (input, message) in [
        (
            r#"{"now": "2026-11-21T10:00:00+01:00", "baby": {"born": "2026-08-01", "name": "L\u0000a"}}"#,
            "baby.name: holds a hidden control character (U+0000)",
        ),
        (
            r#"{"now": "9999-12-31T10:00:00+01:00", "baby": {"born": "2026-08-01"}}"#,
            "now: `9999-12-31T10:00:00+01:00` is too far in the past or the future for soothe; check the year",
        ),
        (
            r#"{"now": "2026-11-21T10:00:00+01:00", "baby": {"born": "2026-08-01"}, "events": [{"kind": "gas", "at": "1900-01-01T10:00:00Z"}]}"#,
            "events[0].at: Mon 1 Jan 1900, 10:00 is before the baby was born",
        ),
        (
            r#"{"now": "2026-11-21T10:00:00+01:00", "baby": {}}"#,
            "baby.born: missing field `born`",
        ),
    ] {
        let o = soothe_stdin(&["check", "--input", "-"], input);
        assert_eq!(o.status.code(), Some(2), "{input}");
        assert!(stderr(&o).contains(message), "{input}: {}", stderr(&o));
    }
}
