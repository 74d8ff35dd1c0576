//! `soothe guide`: the terminal player. It drives the session engine in real time; every
//! decision stays in the engine, this module only maps keys to events and draws the view.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Text};
use ratatui::widgets::{Block, Paragraph, Wrap};
use soothe_core::catalog::{Catalog, Cue};
use soothe_core::lang::Lang;
use soothe_core::readiness::Readiness;
use soothe_core::session::{EndReason, Engine, SessionEvent, SessionPlan, ViewStatus};
use soothe_words::Words;

use super::read_input;
use super::session::{clock, prepare, render_record, step_title};
use crate::Outcome;

/// A key, its label's message key and the cue id it sends.
type CueKey = (char, &'static str, &'static str);

/// Cue keys in the groups of the cue guide, shown on screen in this order: each group's
/// title, then its keys and the cue ids they send. The alarm cues ("get help") are on the
/// digit keys, apart from every other key.
const KEY_GROUPS: &[(&str, &[CueKey])] = &[
    (
        "cli-guide-group-break",
        &[
            ('l', "cli-guide-key-looks-away", "looks_away"),
            ('y', "cli-guide-key-yawns", "yawns"),
            ('h', "cli-guide-key-hiccups", "hiccups"),
            ('g', "cli-guide-key-grimaces", "grimaces"),
            ('u', "cli-guide-key-spits-up", "spits_up"),
        ],
    ),
    (
        "cli-guide-group-stop",
        &[
            ('t', "cli-guide-key-turns-away", "turns_away"),
            ('a', "cli-guide-key-arches-back", "arches_back"),
            ('c', "cli-guide-key-cries", "cries"),
            ('z', "cli-guide-key-falls-asleep", "falls_asleep"),
        ],
    ),
    (
        "cli-guide-group-help",
        &[
            ('1', "cli-guide-key-vomits", "vomits"),
            ('2', "cli-guide-key-chokes", "chokes"),
            ('3', "cli-guide-key-colour-change", "colour_change"),
            ('4', "cli-guide-key-breathing", "breathing_change"),
            ('5', "cli-guide-key-floppy", "goes_floppy"),
        ],
    ),
    (
        "cli-guide-group-well",
        &[('m', "cli-guide-key-smiles", "smiles")],
    ),
];

/// The cue id a key sends, if it is a cue key.
fn cue_for_key(ch: char) -> Option<&'static str> {
    KEY_GROUPS
        .iter()
        .flat_map(|(_, keys)| keys.iter())
        .find(|(k, _, _)| *k == ch)
        .map(|(_, _, cue)| *cue)
}

/// Options of `soothe guide`.
pub struct GuideOptions<'a> {
    /// Routine id.
    pub routine: &'a str,
    /// A check input, if given.
    pub check: Option<&'a Path>,
    /// Speak through espeak-ng.
    pub speak: bool,
    /// Where to write the record.
    pub out: Option<&'a Path>,
    /// A clinician runs it.
    pub clinician: bool,
}

/// A check input for "now" when none was given: a calm term baby of 16 weeks, awake and
/// looking at you (the state is part of the check: a massage starts only when it is known).
fn default_check() -> String {
    let now = jiff::Zoned::now();
    let born = now
        .date()
        .checked_sub(jiff::Span::new().days(112))
        .unwrap_or(now.date());
    format!(
        r#"{{"now": "{}", "baby": {{"born": "{born}"}}, "state": "quiet_alert"}}"#,
        now.timestamp().display_with_offset(now.offset())
    )
}

/// `soothe guide ROUTINE`.
pub fn guide(catalog: &Catalog, w: Words, o: &GuideOptions<'_>) -> Outcome {
    let check_text = match o.check {
        Some(path) => match read_input(w, path) {
            Ok(t) => t,
            Err(e) => return Outcome::BadInput(e),
        },
        None => default_check(),
    };
    let (readiness, plan) = match prepare(catalog, w, o.routine, &check_text, o.clinician) {
        Ok(p) => p,
        Err(outcome) => return outcome,
    };
    let voice = if o.speak {
        Voice::new(w.lang())
    } else {
        Voice::Off
    };
    let notes = notes(
        w,
        &readiness,
        &plan,
        o.check.is_none(),
        matches!(voice, Voice::Missing),
    );
    let mut player = Player {
        engine: Engine::new(plan, catalog),
        catalog,
        w,
        voice,
        notes,
        started: None,
        spoken: None,
        saved: None,
        finished: false,
        out: o.out.map(Path::to_path_buf),
    };
    let mut terminal = ratatui::init();
    player.voice.say(catalog.phrase("prepare"));
    let result = match preparation(&mut terminal, w, &preparation_text(catalog, w, o.routine)) {
        Ok(true) => player.run(&mut terminal),
        other => other.map(|_| ()),
    };
    ratatui::restore();
    player.voice.silence();
    match result {
        Err(e) => Outcome::Failed(w.t1("cli-guide-terminal-failed", "error", e.to_string())),
        Ok(()) => match player.engine.record() {
            None => Outcome::Print(format!("{}\n", w.t("cli-guide-not-started"))),
            Some(record) => {
                let mut text = render_record(w, &record, player.engine.plan());
                match &player.saved {
                    Some(Ok(path)) => {
                        text.push_str(&format!(
                            "\n{}\n",
                            w.t1(
                                "cli-guide-record-written",
                                "file",
                                path.display().to_string()
                            )
                        ));
                    }
                    Some(Err(e)) => {
                        return Outcome::Failed(format!(
                            "{text}\n{}",
                            w.t1("cli-guide-record-failed", "error", e.as_str())
                        ));
                    }
                    None => {}
                }
                Outcome::Print(text)
            }
        },
    }
}

/// The notes shown before the session starts: the reminder when no check was given, every
/// finding of the check, the plan cut to fit the baby's age, and a missing voice.
fn notes(
    w: Words,
    readiness: &Readiness,
    plan: &SessionPlan,
    no_check: bool,
    voice_missing: bool,
) -> Vec<String> {
    let mut notes = Vec::new();
    if no_check {
        notes.push(w.t("cli-guide-no-check"));
    }
    for f in &readiness.findings {
        notes.push(f.message.clone());
    }
    // The plan was cut to fit the baby's age.
    if plan.time_note.is_some() {
        notes.push(w.t1("cli-guide-time-note", "minutes", plan.max_minutes));
    }
    if voice_missing {
        notes.push(w.t("cli-guide-no-espeak"));
    }
    notes
}

/// espeak-ng's voice for a language (`-v es` for Spanish; English is its default).
fn espeak_voice(lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::Es => Some("es"),
        Lang::En | Lang::Pseudo => None,
    }
}

/// Speech through espeak-ng, one utterance at a time, in a language's voice.
enum Voice {
    Off,
    Missing,
    On(Option<Child>, Option<&'static str>),
}

impl Voice {
    fn new(lang: Lang) -> Voice {
        let found = Command::new("espeak-ng")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if found {
            Voice::On(None, espeak_voice(lang))
        } else {
            Voice::Missing
        }
    }

    fn say(&mut self, words: &str) {
        if let Voice::On(current, voice) = self {
            if let Some(mut child) = current.take() {
                let _ = child.kill();
                let _ = child.wait();
            }
            let mut args = vec!["-s", "140"];
            if let Some(v) = voice {
                args.extend(["-v", v]);
            }
            args.extend(["--", words]);
            *current = Command::new("espeak-ng")
                .args(&args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .ok();
        }
    }

    fn silence(&mut self) {
        if let Voice::On(Some(child), _) = self {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

struct Player<'a> {
    engine: Engine,
    catalog: &'a Catalog,
    w: Words,
    voice: Voice,
    notes: Vec<String>,
    started: Option<Instant>,
    /// What was last spoken (a step id or an end), so each is spoken once.
    spoken: Option<String>,
    saved: Option<Result<PathBuf, String>>,
    /// The end has been handled (record written when asked).
    finished: bool,
    out: Option<PathBuf>,
}

impl Player<'_> {
    fn now(&self) -> u32 {
        self.started.map_or(0, |s| {
            u32::try_from(s.elapsed().as_secs()).unwrap_or(u32::MAX)
        })
    }

    fn send(&mut self, event: SessionEvent) {
        // Every event here is well formed (known cue ids, time from a monotonic clock), so
        // the engine cannot refuse it; a refusal would only mean "ignored".
        let _ = self.engine.handle(self.now(), &event);
    }

    fn run(&mut self, terminal: &mut DefaultTerminal) -> std::io::Result<()> {
        loop {
            if self.started.is_some() {
                self.send(SessionEvent::Tick);
            }
            self.speak_changes();
            if self.engine.is_ended() && !self.finished {
                self.save();
            }
            terminal.draw(|frame| self.draw(frame))?;
            if !event::poll(Duration::from_millis(200))? {
                continue;
            }
            let Event::Key(key) = event::read()? else {
                continue;
            };
            if key.kind != KeyEventKind::Press {
                continue;
            }
            let ctrl_c =
                key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
            if ctrl_c || key.code == KeyCode::Char('q') || key.code == KeyCode::Esc {
                if self.started.is_none() || self.engine.is_ended() {
                    return Ok(());
                }
                self.send(SessionEvent::Stop);
                continue;
            }
            if self.started.is_none() {
                if matches!(key.code, KeyCode::Enter | KeyCode::Char(' ')) {
                    self.started = Some(Instant::now());
                    self.send(SessionEvent::Start);
                }
                continue;
            }
            let event = match key.code {
                KeyCode::Char(' ') => match self.engine.view().status {
                    ViewStatus::Paused => SessionEvent::Resume,
                    _ => SessionEvent::Pause,
                },
                KeyCode::Char('n') => SessionEvent::Next,
                KeyCode::Char('s') => SessionEvent::Stop,
                KeyCode::Char('f') => SessionEvent::PassesGas,
                KeyCode::Char('b') => SessionEvent::BowelMovement,
                KeyCode::Char(ch) => match cue_for_key(ch) {
                    Some(cue) => SessionEvent::Cue {
                        cue: cue.to_owned(),
                    },
                    None => continue,
                },
                _ => continue,
            };
            self.send(event);
        }
    }

    fn speak_changes(&mut self) {
        let view = self.engine.view();
        let (key, words) = match (view.status, &view.step, view.ended_reason) {
            (ViewStatus::Ended, _, Some(EndReason::Alarm)) => (
                "end:alarm".to_owned(),
                self.alarm_cue()
                    .map(|c| c.respond.clone())
                    .unwrap_or_else(|| self.catalog.phrase("ended_alarm").to_owned()),
            ),
            (ViewStatus::Ended, _, Some(reason)) => (
                format!("end:{reason:?}"),
                self.catalog.phrase(reason.phrase()).to_owned(),
            ),
            (ViewStatus::CuePause, Some(step), _) => (
                format!("pause:{step}"),
                self.catalog.phrase("cue_pause").to_owned(),
            ),
            (ViewStatus::Running, Some(step), _) => {
                let words = self
                    .engine
                    .plan()
                    .steps
                    .iter()
                    .find(|s| &s.id == step)
                    .map(|s| s.say.clone())
                    .unwrap_or_default();
                (step.clone(), words)
            }
            _ => return,
        };
        if self.spoken.as_deref() != Some(key.as_str()) {
            self.voice.say(&words);
            self.spoken = Some(key);
        }
    }

    /// The alarm cue that ended the session, if one did.
    fn alarm_cue(&self) -> Option<&Cue> {
        let record = self.engine.record()?;
        if record.ended_reason != EndReason::Alarm {
            return None;
        }
        self.catalog.cue(&record.cues.last()?.cue)
    }

    fn save(&mut self) {
        self.finished = true;
        let (Some(path), Some(record)) = (&self.out, self.engine.record()) else {
            return;
        };
        let result = serde_json::to_string_pretty(&record)
            .map_err(|e| e.to_string())
            .and_then(|text| {
                std::fs::write(path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))
            })
            .map(|()| path.clone());
        self.saved = Some(result);
    }

    /// The texts on screen now: the border's title, the status line, the step's name, the
    /// countdown's seconds, the words, the next step and the keys' legend.
    fn screen(&self) -> Screen {
        let w = self.w;
        let view = self.engine.view();
        let plan = self.engine.plan();
        let step = view
            .step
            .as_ref()
            .and_then(|id| plan.steps.iter().position(|s| &s.id == id));
        let n = plan.steps.len();
        let (status_line, title, count, body) = match (view.status, step) {
            (ViewStatus::NotStarted, _) => (
                w.t2(
                    "cli-guide-about",
                    "minutes",
                    plan.total_seconds().div_ceil(60),
                    "max",
                    plan.max_minutes,
                ),
                w.t("cli-guide-press-enter"),
                plan.total_seconds(),
                std::iter::once(w.t("cli-guide-permission"))
                    .chain(self.notes.iter().cloned())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            (ViewStatus::Ended, _) if view.ended_reason == Some(EndReason::Alarm) => {
                let (name, advice, sign) = match self.alarm_cue() {
                    Some(c) => (
                        c.name.clone(),
                        c.respond.clone(),
                        // The sign as the journal's form names it, never its id.
                        c.warning_sign.map_or_else(
                            || "…".to_owned(),
                            |s| soothe_core::readiness::Speech::sign(&soothe_words::Said(w), s),
                        ),
                    ),
                    None => (
                        String::new(),
                        self.catalog.phrase("ended_alarm").to_owned(),
                        "…".to_owned(),
                    ),
                };
                (
                    w.t1("cli-guide-alarm-status", "name", name.as_str()),
                    w.t1("cli-guide-alarm-title", "name", name.as_str()),
                    view.clock,
                    format!(
                        "{advice}\n{}\n{}",
                        w.t1("cli-guide-alarm-note", "sign", sign.as_str()),
                        w.t("cli-guide-press-q")
                    ),
                )
            }
            (ViewStatus::Ended, _) => {
                let reason = view
                    .ended_reason
                    .map(|r| self.catalog.phrase(r.phrase()).to_owned())
                    .unwrap_or_default();
                let saved = match &self.saved {
                    Some(Ok(p)) => format!(
                        "\n{}",
                        w.t1(
                            "cli-guide-record-written-screen",
                            "file",
                            p.display().to_string()
                        )
                    ),
                    Some(Err(e)) => format!(
                        "\n{}",
                        w.t1("cli-guide-record-failed-screen", "error", e.as_str())
                    ),
                    None => String::new(),
                };
                (
                    w.t("cli-guide-ended"),
                    w.t("cli-guide-ended-title"),
                    view.clock,
                    format!("{reason}{saved}\n{}", w.t("cli-guide-press-q")),
                )
            }
            (ViewStatus::CuePause, Some(i)) => (
                w.t2("cli-guide-cue-pause-status", "step", i + 1, "steps", n),
                w.t("cli-guide-cue-pause-title"),
                view.cue_pause_remaining,
                self.catalog.phrase("cue_pause").to_owned(),
            ),
            (ViewStatus::Paused, Some(i)) => (
                w.t2("cli-guide-paused-status", "step", i + 1, "steps", n),
                step_title(w, &plan.steps[i]),
                view.step_remaining,
                plan.steps[i].say.clone(),
            ),
            (_, Some(i)) => (
                w.t2("cli-guide-step-status", "step", i + 1, "steps", n),
                step_title(w, &plan.steps[i]),
                view.step_remaining,
                plan.steps[i].say.clone(),
            ),
            (_, None) => (String::new(), String::new(), 0, String::new()),
        };
        let next = match view
            .next
            .as_ref()
            .and_then(|id| plan.steps.iter().position(|s| &s.id == id))
        {
            Some(i) if view.status != ViewStatus::Ended => {
                w.t1("cli-guide-next", "step", step_title(w, &plan.steps[i]))
            }
            _ => String::new(),
        };
        Screen {
            border: format!(" soothe · {} ", plan.title),
            status: status_line,
            title,
            count,
            body,
            next,
            legend: legend(w),
        }
    }

    fn draw(&self, frame: &mut ratatui::Frame<'_>) {
        let view = self.engine.view();
        let screen = self.screen();
        let elapsed = clock(view.clock);
        let block = Block::bordered()
            .title(screen.border)
            .title_bottom(Line::from(format!(" {elapsed} ")).right_aligned());
        let inner = block.inner(frame.area());
        frame.render_widget(block, frame.area());
        let [status, name, big, words, next, keys] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(2),
            Constraint::Length(6),
            Constraint::Min(3),
            Constraint::Length(2),
            Constraint::Length(5),
        ])
        .areas(inner);

        let bold = Style::new().add_modifier(Modifier::BOLD);
        frame.render_widget(Paragraph::new(screen.status), status);
        frame.render_widget(Paragraph::new(screen.title).style(bold), name);
        frame.render_widget(
            Paragraph::new(Text::from(
                big_digits(&clock(screen.count))
                    .into_iter()
                    .map(Line::from)
                    .collect::<Vec<_>>(),
            )),
            big,
        );
        frame.render_widget(Paragraph::new(screen.body).wrap(Wrap { trim: true }), words);
        frame.render_widget(Paragraph::new(screen.next), next);
        frame.render_widget(
            Paragraph::new(screen.legend).wrap(Wrap { trim: true }),
            keys,
        );
    }
}

/// What the player shows, as texts.
struct Screen {
    border: String,
    status: String,
    title: String,
    count: u32,
    body: String,
    next: String,
    legend: String,
}

/// The keys: the controls, then each group of cue keys.
fn legend(w: Words) -> String {
    let cues = KEY_GROUPS
        .iter()
        .map(|(group, keys)| {
            let keys = keys
                .iter()
                .map(|(k, name, _)| format!("[{k}] {}", w.t(name)))
                .collect::<Vec<_>>()
                .join("  ");
            format!("{}: {keys}", w.t(group))
        })
        .collect::<Vec<_>>()
        .join("\n");
    format!("{}\n{cues}", w.t("cli-guide-controls"))
}

/// The preparation check before every massage, and the red flags of the routine (the gas
/// relief routine's "when a tummy needs a doctor"), as the terminal shows them.
pub(crate) fn preparation_text(catalog: &Catalog, w: Words, routine: &str) -> String {
    let mut notices: Vec<_> = catalog.notices_before(routine);
    notices.extend(catalog.notice("prepare"));
    let mut out = String::new();
    for n in notices {
        out.push_str(&n.title);
        out.push('\n');
        if !n.intro.is_empty() {
            out.push_str(&n.intro);
            out.push('\n');
        }
        for item in &n.items {
            out.push_str(&format!("  • {item}\n"));
        }
        out.push('\n');
    }
    out.push_str(&w.t("cli-guide-prepare-enter"));
    out
}

/// Shows the preparation check until Enter confirms it (`true`) or q, Esc or Ctrl-C ends the
/// guide before any session starts (`false`).
fn preparation(terminal: &mut DefaultTerminal, w: Words, text: &str) -> std::io::Result<bool> {
    let title = format!(" {} ", w.t("cli-guide-prepare-border"));
    loop {
        terminal.draw(|frame| {
            let block = Block::bordered().title(title.as_str());
            let inner = block.inner(frame.area());
            frame.render_widget(block, frame.area());
            frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
        })?;
        if !event::poll(Duration::from_millis(200))? {
            continue;
        }
        let Event::Key(key) = event::read()? else {
            continue;
        };
        if key.kind != KeyEventKind::Press {
            continue;
        }
        let ctrl_c =
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
        match key.code {
            KeyCode::Enter => return Ok(true),
            KeyCode::Char('q') | KeyCode::Esc => return Ok(false),
            _ if ctrl_c => return Ok(false),
            _ => {}
        }
    }
}

/// A countdown in five-line block digits ("1:05").
fn big_digits(text: &str) -> Vec<String> {
    const FONT: [[&str; 5]; 11] = [
        ["███", "█ █", "█ █", "█ █", "███"],
        ["  █", "  █", "  █", "  █", "  █"],
        ["███", "  █", "███", "█  ", "███"],
        ["███", "  █", "███", "  █", "███"],
        ["█ █", "█ █", "███", "  █", "  █"],
        ["███", "█  ", "███", "  █", "███"],
        ["███", "█  ", "███", "█ █", "███"],
        ["███", "  █", "  █", "  █", "  █"],
        ["███", "█ █", "███", "█ █", "███"],
        ["███", "█ █", "███", "  █", "███"],
        [" ", "█", " ", "█", " "],
    ];
    (0..5)
        .map(|row| {
            text.chars()
                .filter_map(|c| match c {
                    '0'..='9' => Some(FONT[c as usize - '0' as usize][row]),
                    ':' => Some(FONT[10][row]),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preparation_check_comes_before_every_routine_and_red_flags_before_gas_relief() {
        let catalog = Catalog::embedded().expect("catalog");
        let full = preparation_text(&catalog, Words::default(), "full-body");
        for words in [
            "Before you start",
            "the floor, on a towel, is safest",
            "nappy stays on",
            "nails short",
            "Your phone aside",
            "patch-tested",
            "Press Enter when everything is ready",
        ] {
            assert!(full.contains(words), "{words}: {full}");
        }
        assert!(!full.contains("When a tummy needs a doctor"), "{full}");
        let gas = preparation_text(&catalog, Words::default(), "gas-relief");
        let flags = gas.find("When a tummy needs a doctor").expect("red flags");
        assert!(
            flags < gas.find("Before you start").expect("check"),
            "{gas}"
        );
        for words in [
            "hard or swollen",
            "green or bloody vomit",
            "blood in the poo",
            "pale or very sleepy",
        ] {
            assert!(gas.contains(words), "{words}: {gas}");
        }
    }

    #[test]
    fn every_cue_key_sends_a_catalog_cue_and_no_key_is_taken_twice() {
        let catalog = Catalog::embedded().expect("catalog");
        let mut seen = Vec::new();
        for (_, keys) in KEY_GROUPS {
            for (k, _, cue) in *keys {
                assert!(catalog.cue(cue).is_some(), "{cue}");
                assert!(!seen.contains(k), "{k} twice");
                assert!(!" nsfbq".contains(*k), "{k} is a control key");
                seen.push(*k);
            }
        }
        let alarms: Vec<&str> = KEY_GROUPS
            .iter()
            .find(|(g, _)| *g == "cli-guide-group-help")
            .expect("the get-help group")
            .1
            .iter()
            .map(|(_, _, c)| *c)
            .collect();
        let mut catalog_alarms: Vec<&str> = catalog
            .cues()
            .iter()
            .filter(|c| c.kind == soothe_core::catalog::CueKind::Alarm)
            .map(|c| c.id.as_str())
            .collect();
        catalog_alarms.sort_unstable();
        let mut sorted = alarms.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, catalog_alarms, "every alarm cue has a key");
        assert_eq!(cue_for_key('5'), Some("goes_floppy"));
    }

    /// The words of `text` outside the pseudo-locale's markers, but ids and numbers.
    fn unmarked(text: &str, catalog: &Catalog) -> Vec<String> {
        let mut outside = String::new();
        let mut depth = 0usize;
        for ch in text.chars() {
            match ch {
                '⟦' => depth += 1,
                '⟧' => {
                    depth -= 1;
                    outside.push(' ');
                }
                _ if depth == 0 => outside.push(ch),
                _ => {}
            }
        }
        assert_eq!(depth, 0, "{text}");
        let ids: Vec<String> = catalog
            .routines()
            .iter()
            .map(|r| r.id.to_string())
            .chain(catalog.cues().iter().map(|c| c.id.to_string()))
            .chain(["soothe".to_owned()])
            .collect();
        outside
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
            .filter(|w| !ids.iter().any(|id| id == w))
            .map(str::to_owned)
            .collect()
    }

    fn player<'a>(catalog: &'a Catalog, w: Words, routine: &str) -> Player<'a> {
        let check = r#"{"now": "2026-11-21T10:00:00+01:00", "baby": {"born": "2026-08-01"}, "state": "quiet_alert"}"#;
        let Ok((readiness, plan)) = prepare(catalog, w, routine, check, false) else {
            panic!("no plan")
        };
        Player {
            notes: notes(w, &readiness, &plan, true, true),
            engine: Engine::new(plan, catalog),
            catalog,
            w,
            voice: Voice::Off,
            started: None,
            spoken: None,
            saved: Some(Err("disk full".to_owned())),
            finished: false,
            out: None,
        }
    }

    fn texts(p: &Player<'_>) -> String {
        let s = p.screen();
        [s.border, s.status, s.title, s.body, s.next, s.legend].join("\n")
    }

    #[test]
    fn every_screen_of_the_guide_comes_from_messages() {
        let catalogs = soothe_core::catalog::Catalogs::embedded().expect("catalogs");
        let catalog = catalogs.get(Lang::Pseudo);
        let w = Words::for_lang(Lang::Pseudo);
        let prep = preparation_text(catalog, w, "gas-relief");
        assert!(unmarked(&prep, catalog).is_empty(), "{prep}");
        let mut shown = Vec::new();
        let mut p = player(catalog, w, "full-body");
        shown.push(texts(&p));
        p.send(SessionEvent::Start);
        shown.push(texts(&p));
        p.send(SessionEvent::Next);
        shown.push(texts(&p));
        p.send(SessionEvent::Cue {
            cue: "looks_away".to_owned(),
        });
        shown.push(texts(&p));
        p.send(SessionEvent::Pause);
        shown.push(texts(&p));
        p.send(SessionEvent::Stop);
        shown.push(texts(&p));
        let mut alarm = player(catalog, w, "full-body");
        alarm.send(SessionEvent::Start);
        alarm.send(SessionEvent::Cue {
            cue: "vomits".to_owned(),
        });
        shown.push(texts(&alarm));
        for text in &shown {
            assert!(
                unmarked(text, catalog).is_empty(),
                "{:?}\n{text}",
                unmarked(text, catalog)
            );
        }
        let all = shown.join("\n");
        for words in [
            "⟦Press Enter to begin⟧",
            "⟦Pause: rest your hands⟧",
            "⟦The massage has ended⟧",
            "⟦Get help now: ⟦",
            "⟦Could not write the record: disk full⟧",
            "⟦Ask permission⟧",
        ] {
            assert!(all.contains(words), "{words}: {all}");
        }
    }

    #[test]
    fn the_spanish_guide_speaks_spanish_and_with_a_spanish_voice() {
        let catalogs = soothe_core::catalog::Catalogs::embedded().expect("catalogs");
        let w = Words::for_lang(Lang::Es);
        let mut p = player(catalogs.get(Lang::Es), w, "full-body");
        let start = texts(&p);
        assert!(start.contains("Pulsa Intro para empezar"), "{start}");
        assert!(start.contains("Va bien: [m] sonríe"), "{start}");
        p.send(SessionEvent::Start);
        let step = texts(&p);
        assert!(step.contains("Paso 1 de"), "{step}");
        let prep = preparation_text(catalogs.get(Lang::Es), w, "full-body");
        assert!(
            prep.contains("Pulsa Intro cuando todo esté listo"),
            "{prep}"
        );
        assert_eq!(espeak_voice(Lang::Es), Some("es"));
        assert_eq!(espeak_voice(Lang::En), None);
    }

    #[test]
    fn big_digits_draw_each_character_in_five_rows() {
        let rows = big_digits("1:05");
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[0], "  █   ███ ███");
        assert_eq!(rows[1], "  █ █ █ █ █  ");
    }
}
