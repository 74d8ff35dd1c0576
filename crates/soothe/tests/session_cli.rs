//! `soothe session simulate`, `soothe session vectors` and `soothe guide`, run as a user runs
//! them. The guide is driven through tmux: keys in, screen out.

#[path = "../../../tests/skipping.rs"]
mod skipping;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn soothe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_soothe"))
        .args(args)
        .output()
        .expect("run soothe")
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example(name: &str) -> String {
    root().join("examples").join(name).display().to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("soothe-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn simulate(routine: &str, check: &str, events: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "session",
        "simulate",
        "--routine",
        routine,
        "--check",
        check,
        "--events",
        events,
    ];
    args.extend_from_slice(extra);
    soothe(&args)
}

#[test]
fn simulate_replays_events_and_prints_the_record() {
    let o = simulate(
        "full-body",
        &example("ready.json"),
        &example("sessions/looks-away-then-cries.json"),
        &["--json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(r["routine"], "full-body");
    assert_eq!(r["ended_reason"], "baby_cues");
    assert_eq!(r["comfort"], true);
    assert_eq!(r["ended_at"], 260);
    assert_eq!(r["paused_seconds"], 30);
    assert_eq!(r["active_seconds"], 230);
    let cues: Vec<(u64, &str, &str)> = r["cues"]
        .as_array()
        .expect("cues")
        .iter()
        .map(|c| {
            (
                c["t"].as_u64().expect("t"),
                c["cue"].as_str().expect("cue"),
                c["response"].as_str().expect("response"),
            )
        })
        .collect();
    assert_eq!(
        cues,
        [
            (75, "looks_away", "paused"),
            (100, "smiles", "logged"),
            (260, "cries", "ended")
        ]
    );
    assert_eq!(r["steps"][0]["status"], "done");

    let text = stdout(&simulate(
        "full-body",
        &example("ready.json"),
        &example("sessions/looks-away-then-cries.json"),
        &[],
    ));
    assert!(
        text.contains("Ended at 4:20: your baby's cues said enough."),
        "{text}"
    );
    assert!(
        text.contains("looks_away") && text.contains("paused with resting hands"),
        "{text}"
    );
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
}

#[test]
fn simulate_ends_gas_relief_on_relief_and_routine_overrides_the_check() {
    // ready.json names full-body; --routine wins.
    let o = simulate(
        "gas-relief",
        &example("ready.json"),
        &example("sessions/gas-relief.json"),
        &["--json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(
        (
            r["routine"].as_str(),
            r["ended_reason"].as_str(),
            r["ended_at"].as_u64()
        ),
        (Some("gas-relief"), Some("relief"), Some(200))
    );
    assert_eq!(r["comfort"], false);
}

#[test]
fn simulate_plans_with_the_checks_adaptations() {
    let events = temp_dir("sim-adapt").join("events.json");
    std::fs::write(&events, r#"[{"t": 0, "event": "start"}]"#).expect("write");
    let o = simulate(
        "full-body",
        &example("vaccination-and-oil.json"),
        &events.display().to_string(),
        &["--json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(r["ended_reason"], "completed");
    let skips = r["planned_skips"].as_array().expect("skips");
    assert!(
        skips
            .iter()
            .any(|s| s["area"] == "left_leg" && s["reason"] == "vaccination_site"),
        "{skips:?}"
    );
    assert!(
        skips
            .iter()
            .any(|s| s["what"] == "oil" && s["reason"] == "patch_test_pending"),
        "{skips:?}"
    );
    assert!(
        r["plan"]["planned_seconds"].as_u64().expect("seconds") <= 600,
        "fitted to 10 minutes"
    );
    assert!(
        r["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .all(|s| s["area"] != "left_leg" && s["area"] != "right_leg")
    );
}

#[test]
fn simulate_refuses_what_the_check_forbids_and_clinician_only_protocols() {
    let o = simulate(
        "full-body",
        &example("fever.json"),
        &example("sessions/gas-relief.json"),
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "cannot plan `full-body`: the check before a massage says: Get medical help now. "
        ),
        "{}",
        stderr(&o)
    );
    let o = simulate(
        "preterm-tks",
        &example("ready.json"),
        &example("sessions/gas-relief.json"),
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "`preterm-tks` is a protocol for trained hospital staff only, not a home routine"
        ),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("clinician"), "{}", stderr(&o));
    let o = simulate(
        "preterm-tks",
        &example("ready.json"),
        &example("sessions/gas-relief.json"),
        &["--clinician", "--json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn simulate_rejects_bad_events_with_a_clear_message() {
    let dir = temp_dir("sim-bad");
    let cases: &[(&str, &str)] = &[
        (
            r#"[{"t": 0, "event": "start"}, {"t": 5, "event": "cue", "cue": "sulks"}]"#,
            "[1].cue: unknown cue `sulks`, expected one of:",
        ),
        (
            r#"[{"t": 0, "event": "start"}, {"t": 50, "event": "pause"}, {"t": 40, "event": "resume"}]"#,
            "[2].t: 40 s is before the previous event (50 s)",
        ),
        (
            r#"[{"t": 0, "event": "start"}, {"t": 5, "event": "cue"}]"#,
            "[1]: a `cue` event needs `cue`",
        ),
        (
            r#"[{"t": 0, "event": "start"}, {"t": 5, "event": "pause", "cue": "yawns"}]"#,
            "[1].cue: only a `cue` event has `cue`",
        ),
        (
            r#"[{"t": 0, "event": "begin"}]"#,
            "[0].event: unknown variant `begin`",
        ),
        (r#"[{"t": -1, "event": "start"}]"#, "[0].t"),
        (
            r#"[{"t": 3, "event": "pause"}]"#,
            "[0]: the session has not started",
        ),
        (
            r#"[{"t": 0, "event": "start"}, {"t": 1, "event": "start"}]"#,
            "[1]: the session has already started",
        ),
        (
            r#"[{"t": 0, "event": "start"}"#,
            "EOF while parsing a list (line 1, column 27)",
        ),
    ];
    for (i, (events, fragment)) in cases.iter().enumerate() {
        let path = dir.join(format!("events-{i}.json"));
        std::fs::write(&path, events).expect("write");
        let o = simulate(
            "full-body",
            &example("ready.json"),
            &path.display().to_string(),
            &["--json"],
        );
        assert_eq!(o.status.code(), Some(2), "{events}");
        assert!(stdout(&o).is_empty(), "{events}");
        assert!(
            stderr(&o).contains(fragment),
            "{events}: {:?} lacks {fragment:?}",
            stderr(&o)
        );
        assert_eq!(stderr(&o).trim_end().lines().count(), 1, "{}", stderr(&o));
    }
    let o = simulate(
        "yoga",
        &example("ready.json"),
        &example("sessions/gas-relief.json"),
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown routine `yoga`"));
}

#[test]
fn vectors_are_written_and_replay_to_the_same_record() {
    let dir = temp_dir("vectors");
    let o = soothe(&["session", "vectors", "--out", &dir.display().to_string()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("index.json")).expect("index"))
            .expect("json");
    let names: Vec<&str> = index["vectors"]
        .as_array()
        .expect("names")
        .iter()
        .map(|n| n.as_str().expect("name"))
        .collect();
    assert!(names.len() >= 16, "{names:?}");
    for name in [
        "subtle-cue-pauses-then-resumes",
        "pause-of-exactly-ten-minutes",
        "potent-cries-ends-with-comfort",
        "potent-turns-away-ends-with-comfort",
        "second-subtle-cue-at-179-s-ends-with-comfort",
        "second-subtle-cue-at-180-s-in-a-new-area-pauses",
        "subtle-cue-in-an-area-that-had-one-skips-the-area",
        "third-subtle-cue-ends-with-comfort",
        "spits-up-pauses-as-a-subtle-cue",
        "alarm-chokes-ends",
        "alarm-goes-floppy-ends",
        "relief-ends-gas-relief",
    ] {
        assert!(names.contains(&name), "{name} missing");
    }
    let mut reasons = std::collections::BTreeSet::new();
    for name in &names {
        let v: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{name}.json"))).expect("vector"),
        )
        .expect("json");
        assert_eq!(
            v["events"].as_array().expect("events").len(),
            v["states"].as_array().expect("states").len(),
            "{name}"
        );
        assert_eq!(v["final"]["status"], "ended", "{name}");
        reasons.insert(
            v["record"]["ended_reason"]
                .as_str()
                .expect("reason")
                .to_owned(),
        );
    }
    for reason in [
        "completed",
        "baby_cues",
        "asleep",
        "relief",
        "parent_stopped",
        "abandoned",
        "alarm",
    ] {
        assert!(
            reasons.contains(reason),
            "no vector ends with {reason}: {reasons:?}"
        );
    }
}

/// A tmux session running `soothe guide`, removed when dropped.
struct Tmux {
    name: String,
}

impl Tmux {
    fn start(tag: &str, command: &str) -> Option<Tmux> {
        let name = format!("soothe-guide-{tag}-{}", std::process::id());
        let ok = Command::new("tmux")
            .args([
                "new-session",
                "-d",
                "-s",
                &name,
                "-x",
                "90",
                "-y",
                "28",
                command,
            ])
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Tmux { name })
    }

    fn screen(&self) -> String {
        let o = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.name])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    fn keys(&self, keys: &str) {
        Command::new("tmux")
            .args(["send-keys", "-t", &self.name, keys])
            .status()
            .expect("send-keys");
    }

    /// Waits until the screen shows `text`, for at most 15 s.
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "screen never showed {text:?}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.name])
            .status();
    }
}

/// Whether tmux is here; outside CI a machine without it skips the guide's tests, and says so.
fn tmux_available() -> bool {
    skipping::have("tmux", "the guide in a terminal", "apt-get install -y tmux")
}

#[test]
fn guide_runs_in_a_terminal_pauses_on_a_cue_and_ends_on_crying() {
    if !tmux_available() {
        return;
    }
    let dir = temp_dir("guide");
    let out = dir.join("record.json");
    let done = dir.join("exited");
    let command = format!(
        "{} guide newborn-first --check {} --out {}; touch {}; sleep 30",
        env!("CARGO_BIN_EXE_soothe"),
        example("ready.json"),
        out.display(),
        done.display()
    );
    let tmux = Tmux::start("cries", &command).expect("tmux new-session");
    let screen = tmux.wait_for("Press Enter when everything is ready");
    assert!(
        screen.contains("Before you start") && screen.contains("the floor, on a towel"),
        "the preparation check comes first: {screen}"
    );
    tmux.keys("Enter");
    let screen = tmux.wait_for("Press Enter to begin");
    assert!(screen.contains("First massage for a newborn"), "{screen}");
    assert!(
        screen.contains("[l] looks away") && screen.contains("[c] cries"),
        "{screen}"
    );

    tmux.keys("Enter");
    let screen = tmux.wait_for("Step 1 of");
    assert!(screen.contains("Ask permission"), "{screen}");
    assert!(screen.contains("Next: Left leg"), "{screen}");

    tmux.keys("l");
    let screen = tmux.wait_for("Pause: rest your hands");
    assert!(screen.contains("Resting hands · step 1"), "{screen}");

    tmux.keys("c");
    let screen = tmux.wait_for("The massage has ended");
    assert!(
        screen.contains("Pick your baby up"),
        "the comfort step is shown: {screen}"
    );
    assert!(screen.contains("Record written to"), "{screen}");

    tmux.keys("q");
    let deadline = Instant::now() + Duration::from_secs(15);
    while !done.exists() {
        assert!(
            Instant::now() < deadline,
            "soothe guide did not exit:\n{}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let screen = tmux.screen();
    assert!(
        screen.contains("Ended at") && screen.contains("your baby's cues said enough"),
        "{screen}"
    );
    let record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("record written"))
            .expect("json");
    assert_eq!(record["routine"], "newborn-first");
    assert_eq!(record["ended_reason"], "baby_cues");
    assert_eq!(record["comfort"], true);
    let cues: Vec<(&str, &str)> = record["cues"]
        .as_array()
        .expect("cues")
        .iter()
        .map(|c| {
            (
                c["cue"].as_str().expect("cue"),
                c["response"].as_str().expect("response"),
            )
        })
        .collect();
    assert_eq!(cues, [("looks_away", "paused"), ("cries", "ended")]);
}

#[test]
fn simulate_starts_only_when_the_check_says_ready_with_the_babys_state() {
    let dir = temp_dir("sim-may-start");
    let events = dir.join("events.json");
    std::fs::write(&events, r#"[{"t": 0, "event": "start"}]"#).expect("write");
    let ready: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example("ready.json")).expect("read"))
            .expect("json");
    for (state, expected) in [
        (
            Some("drowsy"),
            "cannot plan `bedtime`: the check before a massage says: Not right now. ",
        ),
        (
            Some("active_alert"),
            "cannot plan `bedtime`: the check before a massage says: Not right now. ",
        ),
        (None, "cannot plan `bedtime`: say how your baby is now"),
    ] {
        let mut check = ready.clone();
        match state {
            Some(s) => check["state"] = serde_json::json!(s),
            None => {
                check.as_object_mut().expect("object").remove("state");
            }
        }
        let path = dir.join("check.json");
        std::fs::write(&path, check.to_string()).expect("write");
        let o = simulate(
            "bedtime",
            &path.display().to_string(),
            &events.display().to_string(),
            &[],
        );
        assert_eq!(o.status.code(), Some(1), "{state:?}: {}", stdout(&o));
        assert!(stderr(&o).contains(expected), "{state:?}: {}", stderr(&o));
    }
}

#[test]
fn simulate_refuses_a_routine_not_yet_for_the_babys_age_even_when_the_check_names_another() {
    let dir = temp_dir("sim-too-young");
    let events = dir.join("events.json");
    std::fs::write(&events, r#"[{"t": 0, "event": "start"}]"#).expect("write");
    let mut check: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example("ready.json")).expect("read"))
            .expect("json");
    // 27 days old at 2026-11-21, navel healed; the check is told `newborn-first`, which fits.
    check["baby"] = serde_json::json!({"born": "2026-10-25", "umbilical_healed": true});
    check["routine"] = serde_json::json!("newborn-first");
    let path = dir.join("check.json");
    std::fs::write(&path, check.to_string()).expect("write");
    let o = simulate(
        "standard",
        &path.display().to_string(),
        &events.display().to_string(),
        &[],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("cannot plan `standard`: “Standard massage on the tummy” is for babies from 6 weeks of age"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("For now, choose “"), "{}", stderr(&o));
    let o = simulate(
        "newborn-first",
        &path.display().to_string(),
        &events.display().to_string(),
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn guide_shows_the_urgent_advice_at_once_when_an_alarm_cue_ends_the_session() {
    if !tmux_available() {
        return;
    }
    let dir = temp_dir("guide-alarm");
    let out = dir.join("record.json");
    let command = format!(
        "{} guide newborn-first --check {} --out {}; sleep 30",
        env!("CARGO_BIN_EXE_soothe"),
        example("ready.json"),
        out.display(),
    );
    let tmux = Tmux::start("alarm", &command).expect("tmux new-session");
    tmux.wait_for("Press Enter when everything is ready");
    tmux.keys("Enter");
    tmux.wait_for("Press Enter to begin");
    // The whole screen is drawn once the last line of keys is there.
    let screen = tmux.wait_for("[5] floppy");
    for group in [
        "A little break:",
        "Stop now:",
        "Get help: [1] vomits",
        "[5] floppy",
    ] {
        assert!(screen.contains(group), "{group}: {screen}");
    }
    tmux.keys("Enter");
    tmux.wait_for("Step 1 of");
    tmux.keys("5");
    let screen = tmux.wait_for("Get help now: Goes floppy");
    assert!(
        screen.contains("The massage ends now") && screen.contains("emergency number"),
        "{screen}"
    );
    assert!(
        // The sign as the journal names it, never its id.
        screen.contains("(“floppy or limp”)") && !screen.contains("`floppy`"),
        "the warning sign to note: {screen}"
    );
    let deadline = Instant::now() + Duration::from_secs(15);
    while !out.exists() {
        assert!(Instant::now() < deadline, "no record written");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(200));
    let record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("record")).expect("json");
    assert_eq!(record["ended_reason"], "alarm");
    assert_eq!(record["comfort"], false);
    assert_eq!(record["cues"][0]["cue"], "goes_floppy");
    assert_eq!(record["cues"][0]["response"], "ended");
    tmux.keys("q");
}
