//! The command line's words come from messages: the pseudo-locale walk over every human
//! command (no visible word outside ⟦ ⟧ but data), Spanish from `--lang es` and from the
//! locale, and JSON that keeps its bytes in every language.

mod common;

/// The command line's definition itself, so the walk covers every command clap knows.
#[allow(dead_code)]
#[path = "../src/cli.rs"]
mod cli;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use soothe_core::BodyArea;
use soothe_core::catalog::{Catalog, Catalogs};
use soothe_core::lang::Lang;
use soothe_core::readiness::English;
use soothe_core::readiness::Speech;
use soothe_core::readiness::input::WarningSign;
use soothe_words::Words;

/// Runs `soothe` with no locale from the machine, plus `env`, in `dir` (its data there).
fn soothe_in(dir: &Path, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let mut c = common::soothe(dir, None);
    for var in [
        "LC_ALL",
        "LC_MESSAGES",
        "LANG",
        "LANGUAGE",
        "SOOTHE_PSEUDO_LOCALE",
    ] {
        c.env_remove(var);
    }
    for (k, v) in env {
        c.env(k, v);
    }
    common::run(c.args(args), stdin)
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example(name: &str) -> String {
    root().join("examples").join(name).display().to_string()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// What may show outside the markers: ids, codes and citations the catalog holds, the
/// language tags, the program's name, and what the test itself typed.
fn data(extra: &[&str]) -> Vec<String> {
    let c = Catalog::embedded().expect("catalog");
    let mut d: BTreeSet<String> = BTreeSet::new();
    let ids = c.sources().iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    d.extend(c.citations(&ids));
    d.extend(c.routines().iter().map(|r| r.id.to_string()));
    d.extend(c.strokes().iter().map(|s| s.id.to_string()));
    d.extend(c.cues().iter().map(|x| x.id.to_string()));
    d.extend(c.oils().iter().map(|o| o.id.to_string()));
    d.extend(c.claims().iter().map(|x| x.id.to_string()));
    d.extend(c.rules().iter().map(|r| r.id.to_string()));
    d.extend(BodyArea::ALL.iter().map(|a| a.id().to_owned()));
    // The relief events a session record lists with the cues.
    d.extend(["passes_gas", "bowel_movement"].map(str::to_owned));
    d.extend(["en", "es", "qps", "soothe"].map(str::to_owned));
    d.extend(extra.iter().map(|s| (*s).to_owned()));
    let mut d: Vec<String> = d.into_iter().collect();
    // Longest first, so a citation goes before an id inside it.
    d.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    d
}

/// The words shown outside `⟦ ⟧` that are not data: empty when every visible word came
/// from a message.
fn unmarked(text: &str, data: &[String]) -> Vec<String> {
    unmarked_in(text, data, false)
}

/// [`unmarked`]; `screen`: a terminal's screen, where a cell the last frame did not redraw
/// may keep a stray closing marker.
fn unmarked_in(text: &str, data: &[String], screen: bool) -> Vec<String> {
    let mut outside = String::new();
    let mut depth = 0usize;
    for ch in text.chars() {
        match ch {
            '⟦' => depth += 1,
            '⟧' if screen && depth == 0 => {}
            '⟧' => {
                assert!(
                    depth > 0,
                    "a closing marker without its opening one:\n{text}"
                );
                depth -= 1;
                outside.push(' ');
            }
            _ if depth == 0 => outside.push(ch),
            _ => {}
        }
    }
    assert_eq!(depth, 0, "a marker left open:\n{text}");
    // Citations are phrases: taken out where they stand. Ids are whole words.
    // Wrapped lines are joined first: a citation may run over several.
    let squeeze = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    outside = squeeze(&outside);
    for d in data.iter().filter(|d| d.contains(' ')) {
        outside = outside.replace(&squeeze(d), " ");
    }
    outside
        .split(|c: char| c.is_whitespace() || !(c.is_alphanumeric() || "_-./@:+".contains(c)))
        .map(|w| w.trim_matches(|c: char| ".:-".contains(c)))
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .filter(|w| !data.iter().any(|d| d == w))
        // Paths, emails, time zones, UUIDs and tokens are data.
        .filter(|w| !w.contains('/') && !w.contains('@'))
        .filter(|w| !w.starts_with("soothe_"))
        .filter(|w| {
            !(w.chars().any(|c| c.is_ascii_digit())
                && w.chars().all(|c| c.is_ascii_hexdigit() || c == '-'))
        })
        .map(str::to_owned)
        .collect()
}

fn temp_dir(name: &str) -> PathBuf {
    common::temp_dir(name)
}

const QPS: &[(&str, &str)] = &[("SOOTHE_PSEUDO_LOCALE", "1")];

/// Runs a command in the pseudo-locale and fails on any visible word not from a message.
fn walk(dir: &Path, args: &[&str], stdin: &str, extra: &[&str], expect: Option<i32>) -> String {
    let mut all = vec!["--lang", "qps"];
    all.extend_from_slice(args);
    let o = soothe_in(dir, &all, QPS, stdin);
    let shown = text(&o);
    if let Some(code) = expect {
        assert_eq!(o.status.code(), Some(code), "{args:?}: {shown}");
    }
    assert!(!shown.trim().is_empty(), "{args:?} printed nothing");
    let left = unmarked(&shown, &data(extra));
    assert!(
        left.is_empty(),
        "{args:?} shows words that are not messages: {left:?}\n{shown}"
    );
    shown
}

#[test]
fn the_checker_finds_unmarked_words_and_lets_data_through() {
    let d = data(&[]);
    assert!(unmarked("⟦Hello⟧ full-body 12:05 3 min", &d).contains(&"min".to_owned()));
    assert!(unmarked("⟦a ⟦b⟧ c⟧ full-body 12:05 /tmp/x a@b.invalid 9edf-84aa", &d).is_empty());
    assert_eq!(unmarked("⟦Hi⟧ Sources: x", &d), vec!["Sources".to_owned()]);
}

#[test]
fn every_catalog_command_speaks_only_in_messages_in_the_pseudo_locale() {
    let dir = temp_dir("qps-catalog");
    let c = Catalog::embedded().expect("catalog");
    walk(&dir, &["routines"], "", &[], Some(0));
    for r in c.routines() {
        let shown = walk(&dir, &["routine", r.id.as_str()], "", &[], Some(0));
        assert!(shown.contains("⟦Ask permission⟧"), "{shown}");
        // Every step's how-to, from messages and the pseudo catalog, in 80 columns.
        assert_eq!(
            shown.matches("⟦How: ").count(),
            r.steps.len(),
            "{}: one how-to per step\n{shown}",
            r.id
        );
        assert!(shown.contains("⟦Pressure: "), "{shown}");
        for line in shown.lines() {
            assert!(line.chars().count() <= 80, "{}: {line:?}", r.id);
        }
    }
    walk(&dir, &["oils"], "", &[], Some(0));
    let cues = walk(&dir, &["cues"], "", &[], Some(0));
    assert!(cues.lines().all(|l| l.chars().count() <= 80), "{cues}");
    walk(&dir, &["evidence"], "", &[], Some(0));
    for claim in c.claims() {
        walk(&dir, &["evidence", claim.id.as_str()], "", &[], Some(0));
    }
    walk(&dir, &["catalog", "check"], "", &[], Some(0));
    let content = root().join("content").display().to_string();
    walk(
        &dir,
        &["catalog", "check", "--dir", &content],
        "",
        &[],
        Some(0),
    );
    // Errors in the reader's words too.
    walk(
        &dir,
        &["routine", "tummy-time"],
        "",
        &["tummy-time"],
        Some(2),
    );
    walk(&dir, &["evidence", "no_such"], "", &["no_such"], Some(2));
    walk(
        &dir,
        &["catalog", "check", "--dir", "/nonexistent-dir"],
        "",
        &[],
        Some(2),
    );
}

#[test]
fn the_check_and_sessions_speak_only_in_messages_in_the_pseudo_locale() {
    let dir = temp_dir("qps-check");
    for file in [
        "ready.json",
        "fever.json",
        "just-fed.json",
        "preterm.json",
        "vaccination-and-oil.json",
    ] {
        walk(
            &dir,
            &["check", "--input", &example(file)],
            "",
            &[],
            Some(0),
        );
    }
    // Without a state, and waiting until another day.
    walk(
        &dir,
        &["check", "--input", "-"],
        r#"{"now": "2026-11-21T10:00:00+01:00", "baby": {"born": "2026-08-01"}}"#,
        &[],
        Some(0),
    );
    let shown = walk(
        &dir,
        &["check", "--input", "-"],
        r#"{"now": "2026-11-21T23:50:00+01:00", "baby": {"born": "2026-08-01"}, "state": "quiet_alert",
            "events": [{"kind": "feeding", "start": "2026-11-21T23:30:00+01:00", "end": "2026-11-21T23:45:00+01:00"}]}"#,
        &[],
        Some(0),
    );
    assert!(shown.contains("⟦Sun⟧ 22 ⟦Nov⟧ 00:30"), "{shown}");
    walk(
        &dir,
        &["check", "--input", "/nonexistent.json"],
        "",
        &[],
        Some(2),
    );
    let events = [
        ("full-body", "ready.json", "looks-away-then-cries.json", 0),
        ("gas-relief", "ready.json", "gas-relief.json", 0),
        ("preterm-tks", "ready.json", "gas-relief.json", 1),
        ("full-body", "fever.json", "gas-relief.json", 1),
        (
            "full-body",
            "vaccination-and-oil.json",
            "looks-away-then-cries.json",
            0,
        ),
    ];
    for (routine, check, session, code) in events {
        let shown = walk(
            &dir,
            &[
                "session",
                "simulate",
                "--routine",
                routine,
                "--check",
                &example(check),
                "--events",
                &example(&format!("sessions/{session}")),
            ],
            "",
            &[],
            Some(code),
        );
        if code == 0 {
            assert!(shown.contains("⟦Steps:⟧"), "{shown}");
        }
    }
    walk(
        &dir,
        &[
            "session",
            "simulate",
            "--routine",
            "full-body",
            "--check",
            "-",
            "--events",
            "-",
        ],
        "",
        &[],
        Some(2),
    );
    let out = dir.join("vectors");
    walk(
        &dir,
        &["session", "vectors", "--out", &out.display().to_string()],
        "",
        &[],
        Some(0),
    );
}

#[test]
fn the_service_commands_speak_only_in_messages_in_the_pseudo_locale() {
    let dir = temp_dir("qps-service");
    walk(&dir, &["backup", "--out", "copy.db"], "", &[], Some(2));
    // A bad setting, named in the reader's words.
    for (var, value) in [
        ("SOOTHE_BIND", "localhost"),
        ("SOOTHE_MAX_CONNECTIONS", "0"),
        ("SOOTHE_PUBLIC_URL", "ftp://x"),
    ] {
        let o = soothe_in(
            &dir,
            &["--lang", "qps", "migrate"],
            &[("SOOTHE_PSEUDO_LOCALE", "1"), (var, value)],
            "",
        );
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        let left = unmarked(&text(&o), &data(&[]));
        assert!(left.is_empty(), "{var}: {left:?} {}", text(&o));
        assert!(text(&o).contains('⟦'), "{}", text(&o));
    }
    walk(&dir, &["migrate"], "", &[], Some(0));
    let shown = walk(
        &dir,
        &[
            "user",
            "create",
            "--email",
            "pat@example.invalid",
            "--household",
            "Casa",
            "--time-zone",
            "Europe/Madrid",
        ],
        "correct horse battery staple\n",
        &["Casa"],
        Some(0),
    );
    assert!(shown.contains("pat@example.invalid"), "{shown}");
    walk(
        &dir,
        &["token", "create", "--email", "pat@example.invalid"],
        "",
        &[],
        Some(0),
    );
    walk(
        &dir,
        &[
            "token",
            "create",
            "--email",
            "pat@example.invalid",
            "--household",
            "999",
        ],
        "",
        &[],
        Some(2),
    );
    let copy = dir.join("copy.db").display().to_string();
    walk(&dir, &["backup", "--out", &copy], "", &[], Some(0));
    walk(
        &dir,
        &[
            "demo",
            "seed",
            "--babies",
            "1",
            "--days",
            "1",
            "--email",
            "demo@example.invalid",
        ],
        "",
        &[],
        Some(0),
    );
}

#[test]
fn the_guide_speaks_only_in_messages_in_the_pseudo_locale() {
    if !common::skipping::have("tmux", "the guide in a terminal", "apt-get install -y tmux") {
        return;
    }
    let dir = temp_dir("qps-guide");
    let done = dir.join("exited");
    let name = format!("soothe-qps-guide-{}", std::process::id());
    let command = format!(
        "clear; SOOTHE_PSEUDO_LOCALE=1 {} --lang qps guide newborn-first --check {}; touch {}; sleep 30",
        env!("CARGO_BIN_EXE_soothe"),
        example("ready.json"),
        done.display()
    );
    // A wide screen, so no message is cut off by the layout.
    let ok = Command::new("tmux")
        .args([
            "new-session",
            "-d",
            "-s",
            &name,
            "-x",
            "220",
            "-y",
            "80",
            &command,
        ])
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "tmux new-session");
    struct Kill(String);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = Command::new("tmux")
                .args(["kill-session", "-t", &self.0])
                .status();
        }
    }
    let _kill = Kill(name.clone());
    let screen = || {
        let o = Command::new("tmux")
            .args(["capture-pane", "-p", "-S", "-", "-t", &name])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    // The screen once it shows `text` and two captures 150 ms apart agree: a frame caught
    // while the terminal is still drawing it may hold a marker whose end is not there yet.
    let wait_for = |text: &str| {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut last = String::new();
        loop {
            let s = screen();
            if s.contains(text) && s == last {
                return s;
            }
            assert!(Instant::now() < deadline, "never showed {text:?}:\n{s}");
            last = s;
            std::thread::sleep(Duration::from_millis(150));
        }
    };
    let keys = |k: &str| {
        Command::new("tmux")
            .args(["send-keys", "-t", &name, k])
            .status()
            .expect("send-keys");
    };
    let d = data(&[]);
    let check = |s: &str| {
        let left = unmarked_in(s, &d, true);
        assert!(
            left.is_empty(),
            "unmarked words on the guide's screen: {left:?}\n{s}"
        );
    };
    check(&wait_for("⟦Press Enter when everything is ready"));
    keys("Enter");
    check(&wait_for("⟦Press Enter to begin⟧"));
    keys("Enter");
    check(&wait_for("⟦Step 1 of"));
    keys("l");
    check(&wait_for("⟦Pause: rest your hands⟧"));
    keys("c");
    check(&wait_for("⟦The massage has ended⟧"));
    keys("q");
    let deadline = Instant::now() + Duration::from_secs(15);
    while !done.exists() {
        assert!(Instant::now() < deadline, "the guide did not exit");
        std::thread::sleep(Duration::from_millis(100));
    }
    // The record printed after the guide left the screen.
    let record = wait_for("⟦Steps:⟧");
    check(&record);
}

#[test]
fn spanish_from_the_flag_and_from_the_locale() {
    let dir = temp_dir("es");
    let es = Catalogs::embedded().expect("catalogs");
    let title = es
        .get(Lang::Es)
        .routine("full-body")
        .expect("routine")
        .title
        .clone();
    let english = es
        .english()
        .routine("full-body")
        .expect("routine")
        .title
        .clone();
    assert_ne!(title, english);
    for (args, env) in [
        (vec!["--lang", "es", "routines"], vec![]),
        (vec!["routines"], vec![("LANG", "es_ES.UTF-8")]),
        (
            vec!["routines"],
            vec![("LC_ALL", "es_MX"), ("LANG", "en_GB.UTF-8")],
        ),
        (vec!["routines", "--lang", "es"], vec![("LANG", "C")]),
    ] {
        let o = soothe_in(&dir, &args, &env, "");
        let shown = text(&o);
        assert!(o.status.success(), "{shown}");
        assert!(
            shown.contains("Mira los pasos con `soothe routine ID`."),
            "{shown}"
        );
        assert!(shown.contains(&title), "{shown}");
        assert!(
            shown.contains("RUTINA") && shown.contains("cualquier edad"),
            "{shown}"
        );
    }
    // English when the locale says so, or names a language soothe does not speak.
    for env in [
        vec![("LANG", "C")],
        vec![("LANG", "fr_FR.UTF-8")],
        vec![],
        vec![("LC_ALL", "en_US.UTF-8"), ("LANG", "es_ES.UTF-8")],
    ] {
        let shown = text(&soothe_in(&dir, &["routines"], &env, ""));
        assert!(
            shown.contains("See the steps with") && shown.contains(&english),
            "{env:?}: {shown}"
        );
    }
    // A check in Spanish: the headline, the rule's title from the Spanish catalog, the age.
    let o = soothe_in(
        &dir,
        &[
            "--lang",
            "es",
            "check",
            "--input",
            &example("just-fed.json"),
        ],
        &[],
        "",
    );
    let shown = text(&o);
    assert!(
        shown.starts_with("ESPERA hasta las 10:05 (unos 5 min a partir de ahora)."),
        "{shown}"
    );
    assert!(
        shown.contains("Por qué:") && shown.contains("Bebé: 112 días."),
        "{shown}"
    );
    let rule = es
        .get(Lang::Es)
        .rule("feed_gap")
        .expect("rule")
        .title
        .clone();
    assert!(shown.contains(&rule), "{rule}: {shown}");
    // Another day's time in Spanish conventions.
    let o = soothe_in(
        &dir,
        &["--lang", "es", "check", "--input", "-"],
        &[],
        r#"{"now": "2026-11-21T23:50:00+01:00", "baby": {"born": "2026-08-01"}, "state": "quiet_alert",
            "events": [{"kind": "feeding", "start": "2026-11-21T23:30:00+01:00", "end": "2026-11-21T23:45:00+01:00"}]}"#,
    );
    let shown = text(&o);
    assert!(
        shown.starts_with("ESPERA hasta el dom 22 nov 00:30 (unos 40 min a partir de ahora)."),
        "{shown}"
    );
    // Errors too, on standard error with exit 2.
    let o = soothe_in(&dir, &["routine", "nada"], &[("LANG", "es_ES.UTF-8")], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("no existe la rutina `nada`"),
        "{}",
        text(&o)
    );
    // Evidence keeps its grade's hedge in Spanish.
    let shown = text(&soothe_in(&dir, &["--lang", "es", "evidence"], &[], ""));
    assert!(
        shown.contains("[Certeza baja]") && shown.contains("Fuentes:"),
        "{shown}"
    );
}

#[test]
fn the_pseudo_locale_and_unknown_languages_are_refused_clearly() {
    let dir = temp_dir("lang-refused");
    let o = soothe_in(&dir, &["--lang", "qps", "routines"], &[], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(
        text(&o).contains("soothe does not speak `qps`; choose one of: en, es"),
        "{}",
        text(&o)
    );
    let o = soothe_in(
        &dir,
        &["--lang", "fr", "oils"],
        &[("LANG", "es_ES.UTF-8")],
        "",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("soothe no habla `fr`"), "{}", text(&o));
}

#[test]
fn json_keeps_its_bytes_in_every_language_but_catalog_texts() {
    let dir = temp_dir("json");
    let run = |args: &[&str], lang: &str| {
        let mut all = vec!["--lang", lang];
        all.extend_from_slice(args);
        let o = soothe_in(&dir, &all, QPS, "");
        assert!(o.status.success(), "{args:?} {lang}: {}", text(&o));
        o.stdout
    };
    // No catalog text in these: the same bytes in every language.
    let ready = example("ready.json");
    let check_state_unknown = dir.join("no-state.json");
    std::fs::write(
        &check_state_unknown,
        r#"{"now": "2026-11-21T10:00:00+01:00", "baby": {"born": "2026-08-01"}}"#,
    )
    .expect("write");
    let vectors = |lang: &str| {
        let out = dir.join(format!("vectors-{lang}"));
        run(
            &["session", "vectors", "--out", &out.display().to_string()],
            lang,
        );
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
            .expect("vectors")
            .map(|e| {
                let p = e.expect("entry").path();
                let name = p.file_name().expect("name").to_string_lossy().into_owned();
                (name, std::fs::read(&p).expect("read"))
            })
            .collect();
        files.sort();
        files
    };
    assert_eq!(
        vectors("en"),
        vectors("es"),
        "the conformance vectors are the English ones"
    );
    assert_eq!(vectors("en"), vectors("qps"));
    // With catalog texts: the same shape, ids, numbers and sources; only texts differ.
    for args in [
        vec!["routines", "--json"],
        vec!["routine", "full-body", "--json"],
        vec!["oils", "--json"],
        vec!["cues", "--json"],
        vec!["evidence", "--json"],
        vec!["check", "--input", &ready, "--json"],
        vec![
            "check",
            "--input",
            check_state_unknown.to_str().expect("utf-8"),
            "--json",
        ],
        vec![
            "session",
            "simulate",
            "--routine",
            "full-body",
            "--check",
            &ready,
            "--events",
            &example("sessions/looks-away-then-cries.json"),
            "--json",
        ],
    ] {
        let en: serde_json::Value = serde_json::from_slice(&run(&args, "en")).expect("json");
        let es: serde_json::Value = serde_json::from_slice(&run(&args, "es")).expect("json");
        let qps: serde_json::Value = serde_json::from_slice(&run(&args, "qps")).expect("json");
        let diffs = differences(&en, &es, "");
        assert!(
            diffs
                .iter()
                .all(|(path, _)| TEXT_FIELDS.iter().any(|f| path.ends_with(f))),
            "{args:?}: more than catalog texts differ: {diffs:?}"
        );
        assert!(!diffs.is_empty(), "{args:?}: nothing is Spanish");
        // The pseudo-locale's JSON is the English with its texts in markers.
        for (path, en_text) in differences(&en, &qps, "") {
            assert!(
                TEXT_FIELDS.iter().any(|f| path.ends_with(f)),
                "{args:?}: {path}"
            );
            assert!(
                en_text.starts_with('⟦') || en_text.contains('⟦'),
                "{path}: {en_text}"
            );
        }
    }
}

/// The JSON fields that hold catalog texts (the reader's language).
const TEXT_FIELDS: &[&str] = &[
    ".title",
    ".purpose",
    ".say",
    ".stroke_name",
    ".name",
    ".what",
    ".guidance",
    ".allergy",
    ".benefit",
    ".population",
    ".why",
    ".summary",
    ".grade_label",
    ".grade_meaning",
    ".message",
    ".comfort",
    ".how",
    ".pressure",
    ".note",
    ".looks_like",
    ".respond",
];

/// Every leaf where `a` and `b` differ: its path and `b`'s value.
fn differences(a: &serde_json::Value, b: &serde_json::Value, path: &str) -> Vec<(String, String)> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(
                x.keys().collect::<Vec<_>>(),
                y.keys().collect::<Vec<_>>(),
                "{path}: different fields"
            );
            x.iter()
                .flat_map(|(k, v)| differences(v, &y[k], &format!("{path}.{k}")))
                .collect()
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{path}: different lengths");
            x.iter()
                .zip(y)
                .enumerate()
                .flat_map(|(i, (v, w))| differences(v, w, &format!("{path}[{i}]")))
                .collect()
        }
        _ if a == b => Vec::new(),
        _ => vec![(path.to_owned(), b.as_str().unwrap_or_default().to_owned())],
    }
}

/// Every message key the command line's code names, with the families it builds
/// (`cli-area-<area>`, `cli-grade-<grade>[-meaning]`).
fn keys_used() -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let mut pending = vec![root().join("crates/soothe/src")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source");
            for part in text.split('"').skip(1).step_by(2) {
                let known = ["cli-", "span-"].iter().any(|p| part.starts_with(p));
                if known
                    && part.len() > 5
                    && !part.ends_with('-')
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                {
                    keys.insert(part.to_owned());
                }
            }
        }
    }
    for area in BodyArea::ALL {
        keys.insert(format!("cli-area-{}", area.id().replace('_', "-")));
    }
    for grade in [
        "high",
        "moderate",
        "low",
        "very-low",
        "no-evidence",
        "not-supported",
    ] {
        keys.insert(format!("cli-grade-{grade}"));
        keys.insert(format!("cli-grade-{grade}-meaning"));
    }
    keys
}

#[test]
fn every_key_the_command_line_uses_exists_in_english_and_spanish() {
    let keys = keys_used();
    assert!(keys.len() > 150, "only {} keys found", keys.len());
    let mut missing = Vec::new();
    for lang in [Lang::En, Lang::Es] {
        for key in &keys {
            if !Words::for_lang(lang).has(key) {
                missing.push(format!("{lang}: {key}"));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:?}");
}

/// Every command's path under `soothe` (`[]`, `["check"]`, `["session", "simulate"]`, …),
/// from clap's own definition: a new command is walked without a change here. `help` is
/// walked apart (it has no `--help` of its own).
fn command_paths(cmd: &clap::Command, path: &[String], out: &mut Vec<Vec<String>>) {
    out.push(path.to_vec());
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let mut p = path.to_vec();
        p.push(sub.get_name().to_owned());
        command_paths(sub, &p, out);
    }
}

/// What clap shows that is not a message: command and option names (typed, never
/// translated), default values, and clap's own fixed words, which soothe does not word:
/// `[OPTIONS]` in a usage line and the `default` of `[default: …]`.
fn clap_data(cmd: &clap::Command) -> Vec<String> {
    fn walk(cmd: &clap::Command, out: &mut Vec<String>) {
        out.push(cmd.get_name().to_owned());
        for a in cmd.get_arguments() {
            out.extend(a.get_long().map(str::to_owned));
            out.extend(
                a.get_default_values()
                    .iter()
                    .map(|v| v.to_string_lossy().into_owned()),
            );
        }
        for sub in cmd.get_subcommands() {
            walk(sub, out);
        }
    }
    let mut out = vec!["OPTIONS".to_owned(), "default".to_owned()];
    walk(cmd, &mut out);
    out
}

#[test]
fn every_commands_help_speaks_only_in_messages_in_the_pseudo_locale() {
    let dir = temp_dir("qps-help");
    let cmd = cli::command(Words::for_lang(Lang::Pseudo));
    let extra = clap_data(&cmd);
    let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
    let mut paths = Vec::new();
    command_paths(&cmd, &[], &mut paths);
    assert!(paths.len() > 20, "only {} commands found", paths.len());
    for path in &paths {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let shown = walk(&dir, &args, "", &extra, Some(0));
        assert!(shown.contains("⟦Usage⟧: soothe"), "{args:?}: {shown}");
        assert!(shown.contains("⟦Print help⟧"), "{args:?}: {shown}");
        // `soothe help <command>` shows the same page.
        let mut help = vec!["help"];
        help.extend(path.iter().map(String::as_str));
        assert_eq!(walk(&dir, &help, "", &extra, Some(0)), shown, "{help:?}");
    }
    let root = walk(&dir, &["--help"], "", &extra, Some(0));
    assert!(
        root.contains("⟦Commands⟧:") && root.contains("⟦Options⟧:") && root.contains("<⟦COMMAND⟧>"),
        "{root}"
    );
    let check = walk(&dir, &["check", "--help"], "", &extra, Some(0));
    assert!(check.contains("--input <⟦FILE⟧>"), "{check}");
    let routine = walk(&dir, &["routine", "--help"], "", &extra, Some(0));
    assert!(routine.contains("⟦Arguments⟧:"), "{routine}");
}

#[test]
fn english_help_reads_as_the_doc_comments_and_spanish_help_is_spanish() {
    use clap::CommandFactory;
    let mut derived = cli::Cli::command();
    derived.build();
    let worded = cli::command(Words::for_lang(Lang::En));
    let mut paths = Vec::new();
    command_paths(&worded, &[], &mut paths);
    let page = |root: &clap::Command, path: &[String]| {
        let mut c = root.clone();
        for name in path {
            c = c.find_subcommand(name).expect("subcommand").clone();
        }
        c.render_help().to_string()
    };
    // The root's about is soothe's line, not the package's description; every other page
    // is the derive's, byte for byte.
    for path in paths.iter().filter(|p| !p.is_empty()) {
        assert_eq!(page(&worded, path), page(&derived, path), "{path:?}");
    }
    let es = cli::command(Words::for_lang(Lang::Es));
    let root = page(&es, &[]);
    assert!(
        root.contains("Uso: soothe")
            && root.contains("Órdenes:")
            && root.contains("Muestra la ayuda"),
        "{root}"
    );
    let check = page(&es, &["check".to_owned()]);
    assert!(
        check.contains("¿Es buen momento para un masaje?") && check.contains("--input <ARCHIVO>"),
        "{check}"
    );
    // Every page in Spanish: no English help line left.
    for path in &paths {
        let es_page = page(&es, path);
        let en_page = page(&worded, path);
        for line in en_page.lines().filter(|l| l.split_whitespace().count() > 3) {
            assert!(
                !es_page.contains(line.trim()),
                "{path:?}: {line}\n{es_page}"
            );
        }
    }
    // Through the binary: `--lang es` and LANG decide before clap parses.
    let dir = temp_dir("es-help");
    for (args, env) in [
        (vec!["--lang", "es", "check", "--help"], vec![]),
        (vec!["check", "--help", "--lang=es"], vec![]),
        (vec!["check", "--help"], vec![("LANG", "es_ES.UTF-8")]),
    ] {
        let shown = text(&soothe_in(&dir, &args, &env, ""));
        assert!(shown.contains("Uso: soothe check"), "{args:?}: {shown}");
    }
    let shown = text(&soothe_in(&dir, &["check", "--help"], &[], ""));
    assert!(shown.contains("Usage: soothe check"), "{shown}");
}

/// A check that puts areas, a warning sign, a temperature and times into its findings.
const SIGN_AND_FEVER: &str = r#"{"now": "2026-11-21T10:00:00+01:00", "baby": {"born": "2026-08-01"}, "state": "quiet_alert",
    "events": [{"kind": "warning_sign", "at": "2026-11-21T09:00:00+01:00", "sign": "breathing_difficulty"},
               {"kind": "temperature", "at": "2026-11-21T09:30:00+01:00", "celsius": 38.4}]}"#;
const AREAS_AND_TIMES: &str = r#"{"now": "2026-11-21T10:00:00+01:00", "baby": {"born": "2026-08-01"}, "state": "quiet_alert",
    "events": [{"kind": "vaccination", "at": "2026-11-21T08:00:00+01:00", "sites": ["left_thigh", "right_thigh"]},
               {"kind": "skin", "at": "2026-11-21T08:00:00+01:00", "area": "chest", "condition": "rash"},
               {"kind": "feeding", "start": "2026-11-21T09:20:00+01:00", "end": "2026-11-21T09:40:00+01:00"}],
    "settings": {"vaccine_site_hours": 48}}"#;

/// The English words the core's values are said in: areas, both legs or arms, signs.
fn english_values() -> Vec<String> {
    let mut v: Vec<String> = BodyArea::ALL.iter().map(|a| English.area(*a)).collect();
    v.extend(BodyArea::ALL.iter().filter_map(|a| English.both(*a)));
    v.extend(WarningSign::ALL.iter().map(|s| English.sign(*s)));
    v
}

/// The text with the catalog's citations taken out (sources stay as published, in English)
/// and its spaces squeezed.
fn without_citations(text: &str) -> String {
    let squeeze = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let c = Catalog::embedded().expect("catalog");
    let ids = c.sources().iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    let mut cites = c.citations(&ids);
    cites.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut out = squeeze(text);
    for cite in cites {
        out = out.replace(&squeeze(&cite), " ");
    }
    out
}

/// Whether some text sits inside a message inside a message (a value said by a message).
fn has_nested(text: &str) -> bool {
    let mut depth = 0usize;
    for ch in text.chars() {
        match ch {
            '⟦' => depth += 1,
            '⟧' => depth = depth.saturating_sub(1),
            c if depth >= 2 && c.is_alphanumeric() => return true,
            _ => {}
        }
    }
    false
}

/// The text at depth one only: a message's own words, its values (nested) left out.
fn message_text_only(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for ch in text.chars() {
        match ch {
            '⟦' => depth += 1,
            '⟧' => depth = depth.saturating_sub(1),
            c if depth <= 1 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_checks_values_are_the_readers_words_in_the_pseudo_locale() {
    let dir = temp_dir("qps-values");
    let english = english_values();
    for input in [SIGN_AND_FEVER, AREAS_AND_TIMES] {
        let shown = walk(&dir, &["check", "--input", "-"], input, &[], Some(0));
        // Each value is a message of its own, inside the rule's message.
        let flat = message_text_only(&without_citations(&shown));
        for value in &english {
            assert!(
                !flat.contains(value.as_str()),
                "`{value}` is not a message:\n{shown}"
            );
        }
        assert!(has_nested(&shown), "no value inside a message:\n{shown}");
    }
    let shown = walk(
        &dir,
        &["check", "--input", "-"],
        SIGN_AND_FEVER,
        &[],
        Some(0),
    );
    assert!(shown.contains("⟦difficulty breathing⟧"), "{shown}");
    let shown = walk(
        &dir,
        &["check", "--input", "-"],
        AREAS_AND_TIMES,
        &[],
        Some(0),
    );
    assert!(
        shown.contains("⟦the chest⟧") && shown.contains("⟦the left leg⟧"),
        "{shown}"
    );
}

#[test]
fn a_spanish_check_says_its_values_in_spanish() {
    let dir = temp_dir("es-values");
    let run = |input: &str| {
        let o = soothe_in(&dir, &["--lang", "es", "check", "--input", "-"], &[], input);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        text(&o)
    };
    let sign = run(SIGN_AND_FEVER);
    assert!(sign.contains("38,4 °C"), "{sign}");
    assert!(sign.contains("dificultad para respirar"), "{sign}");
    let areas = run(AREAS_AND_TIMES);
    assert!(areas.contains("el pecho"), "{areas}");
    assert!(
        areas.contains("las piernas") || areas.contains("la pierna izquierda"),
        "{areas}"
    );
    // Another day's time with Spanish day and month names; today's as 24-hour digits.
    assert!(areas.contains("lun 23 nov"), "{areas}");
    assert!(areas.contains("09:40"), "{areas}");
    let mut english = english_values();
    english.extend(["Mon", "Nov", " and ", " or ", "38.4"].map(str::to_owned));
    for shown in [&sign, &areas] {
        let shown = without_citations(shown);
        for word in &english {
            assert!(!shown.contains(word.as_str()), "English `{word}`:\n{shown}");
        }
    }
    // The English check reads as before: the core's English words.
    let o = soothe_in(&dir, &["check", "--input", "-"], &[], AREAS_AND_TIMES);
    let en = text(&o);
    assert!(
        en.contains("the chest") && en.contains("Mon 23 Nov 08:00"),
        "{en}"
    );
    let o = soothe_in(&dir, &["check", "--input", "-"], &[], SIGN_AND_FEVER);
    let en = text(&o);
    assert!(
        en.contains("38.4 °C") && en.contains("difficulty breathing"),
        "{en}"
    );
}
