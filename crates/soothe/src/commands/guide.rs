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
use soothe_core::session::{EndReason, Engine, SessionEvent, SessionPlan, ViewStatus};

use super::read_input;
use super::session::{clock, prepare, render_record};
use crate::Outcome;

/// A key, its label and the cue id it sends.
type CueKey = (char, &'static str, &'static str);

/// Cue keys in the groups of the cue guide, shown on screen in this order: each group's
/// title, then its keys and the cue ids they send. The alarm cues ("get help") are on the
/// digit keys, apart from every other key.
const KEY_GROUPS: &[(&str, &[CueKey])] = &[
    (
        "A little break",
        &[
            ('l', "looks away", "looks_away"),
            ('y', "yawns", "yawns"),
            ('h', "hiccups", "hiccups"),
            ('g', "grimaces", "grimaces"),
            ('u', "spits up", "spits_up"),
        ],
    ),
    (
        "Stop now",
        &[
            ('t', "turns away", "turns_away"),
            ('a', "arches back", "arches_back"),
            ('c', "cries", "cries"),
            ('z', "falls asleep", "falls_asleep"),
        ],
    ),
    (
        "Get help",
        &[
            ('1', "vomits", "vomits"),
            ('2', "chokes", "chokes"),
            ('3', "pale, blue or mottled", "colour_change"),
            ('4', "breathing", "breathing_change"),
            ('5', "floppy", "goes_floppy"),
        ],
    ),
    ("Going well", &[('m', "smiles", "smiles")]),
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
pub fn guide(catalog: &Catalog, o: &GuideOptions<'_>) -> Outcome {
    let check_text = match o.check {
        Some(path) => match read_input(path) {
            Ok(t) => t,
            Err(e) => return Outcome::BadInput(e),
        },
        None => default_check(),
    };
    let (readiness, plan) = match prepare(catalog, o.routine, &check_text, o.clinician) {
        Ok(p) => p,
        Err(outcome) => return outcome,
    };
    let mut notes = Vec::new();
    if o.check.is_none() {
        notes.push("No --check given: make sure your baby is awake, calm and bright-eyed, and that the last feed ended at least 45 minutes ago.".to_owned());
    }
    for f in &readiness.findings {
        notes.push(f.message.clone());
    }
    // The same words as the web's routine picker and player when the plan was cut to fit.
    if let Some(note) = &plan.time_note {
        notes.push(note.clone());
    }
    let voice = if o.speak { Voice::new() } else { Voice::Off };
    if let Voice::Missing = voice {
        notes.push("espeak-ng is not installed, so soothe cannot speak: install it (e.g. apt-get install espeak-ng) or read the words on screen.".into());
    }
    let mut player = Player {
        engine: Engine::new(plan, catalog),
        catalog,
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
    let result = match preparation(&mut terminal, &preparation_text(catalog, o.routine)) {
        Ok(true) => player.run(&mut terminal),
        other => other.map(|_| ()),
    };
    ratatui::restore();
    player.voice.silence();
    match result {
        Err(e) => Outcome::Failed(format!("the terminal failed: {e}")),
        Ok(()) => match player.engine.record() {
            None => Outcome::Print("No session was started.\n".into()),
            Some(record) => {
                let mut text = render_record(&record, player.engine.plan());
                match &player.saved {
                    Some(Ok(path)) => {
                        text.push_str(&format!("\nRecord written to {}\n", path.display()))
                    }
                    Some(Err(e)) => {
                        return Outcome::Failed(format!("{text}\ncould not write the record: {e}"));
                    }
                    None => {}
                }
                Outcome::Print(text)
            }
        },
    }
}

/// Speech through espeak-ng, one utterance at a time.
enum Voice {
    Off,
    Missing,
    On(Option<Child>),
}

impl Voice {
    fn new() -> Voice {
        let found = Command::new("espeak-ng")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if found {
            Voice::On(None)
        } else {
            Voice::Missing
        }
    }

    fn say(&mut self, words: &str) {
        if let Voice::On(current) = self {
            if let Some(mut child) = current.take() {
                let _ = child.kill();
                let _ = child.wait();
            }
            *current = Command::new("espeak-ng")
                .args(["-s", "140", "--", words])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .ok();
        }
    }

    fn silence(&mut self) {
        if let Voice::On(Some(child)) = self {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

struct Player<'a> {
    engine: Engine,
    catalog: &'a Catalog,
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

    fn draw(&self, frame: &mut ratatui::Frame<'_>) {
        let view = self.engine.view();
        let elapsed = clock(view.clock);
        let block = Block::bordered()
            .title(format!(" soothe · {} ", self.engine.plan().title))
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
        let step = view
            .step
            .as_ref()
            .and_then(|id| self.engine.plan().steps.iter().position(|s| &s.id == id));
        let (status_line, title, count, body) = match (view.status, step) {
            (ViewStatus::NotStarted, _) => (
                format!("About {} minutes · at most {} for this age", self.engine.plan().total_seconds().div_ceil(60), self.engine.plan().max_minutes),
                "Press Enter to begin".to_owned(),
                self.engine.plan().total_seconds(),
                std::iter::once("Start with the permission ritual: show your open hands and ask. If your baby turns away, try another time.".to_owned()).chain(self.notes.iter().cloned()).collect::<Vec<_>>().join("\n"),
            ),
            (ViewStatus::Ended, _) if view.ended_reason == Some(EndReason::Alarm) => {
                let (name, advice, sign) = match self.alarm_cue() {
                    Some(c) => (
                        c.name.clone(),
                        c.respond.clone(),
                        c.warning_sign.map(|s| s.id()).unwrap_or("…"),
                    ),
                    None => (String::new(), self.catalog.phrase("ended_alarm").to_owned(), "…"),
                };
                (
                    format!("GET HELP NOW · {name}"),
                    format!("Get help now: {name}"),
                    view.clock,
                    format!("{advice}\nWhen your baby is safe, note it in the journal as a warning sign (`{sign}`).\nPress q to see the record and quit."),
                )
            }
            (ViewStatus::Ended, _) => {
                let reason = view.ended_reason.map(|r| self.catalog.phrase(r.phrase()).to_owned()).unwrap_or_default();
                let saved = match &self.saved {
                    Some(Ok(p)) => format!("\nRecord written to {}.", p.display()),
                    Some(Err(e)) => format!("\nCould not write the record: {e}"),
                    None => String::new(),
                };
                ("Ended".to_owned(), "The massage has ended".to_owned(), view.clock, format!("{reason}{saved}\nPress q to see the record and quit."))
            }
            (ViewStatus::CuePause, Some(i)) => (
                format!("Resting hands · step {} of {}", i + 1, self.engine.plan().steps.len()),
                "Pause: rest your hands".to_owned(),
                view.cue_pause_remaining,
                self.catalog.phrase("cue_pause").to_owned(),
            ),
            (ViewStatus::Paused, Some(i)) => (
                format!("Paused by you · step {} of {} · space to go on", i + 1, self.engine.plan().steps.len()),
                step_title(self.engine.plan(), i),
                view.step_remaining,
                self.engine.plan().steps[i].say.clone(),
            ),
            (_, Some(i)) => (format!("Step {} of {}", i + 1, self.engine.plan().steps.len()), step_title(self.engine.plan(), i), view.step_remaining, self.engine.plan().steps[i].say.clone()),
            (_, None) => (String::new(), String::new(), 0, String::new()),
        };
        frame.render_widget(Paragraph::new(status_line), status);
        frame.render_widget(Paragraph::new(title).style(bold), name);
        frame.render_widget(
            Paragraph::new(Text::from(
                big_digits(&clock(count))
                    .into_iter()
                    .map(Line::from)
                    .collect::<Vec<_>>(),
            )),
            big,
        );
        frame.render_widget(Paragraph::new(body).wrap(Wrap { trim: true }), words);
        let next_line = match view
            .next
            .as_ref()
            .and_then(|id| self.engine.plan().steps.iter().position(|s| &s.id == id))
        {
            Some(i) if view.status != ViewStatus::Ended => {
                format!("Next: {}", step_title(self.engine.plan(), i))
            }
            _ => String::new(),
        };
        frame.render_widget(Paragraph::new(next_line), next);
        let cues = KEY_GROUPS
            .iter()
            .map(|(group, keys)| {
                let keys = keys
                    .iter()
                    .map(|(k, name, _)| format!("[{k}] {name}"))
                    .collect::<Vec<_>>()
                    .join("  ");
                format!("{group}: {keys}")
            })
            .collect::<Vec<_>>()
            .join("\n");
        let legend =
            format!("[space] pause/resume  [n] next  [s] stop  [f] gas  [b] poo  [q] quit\n{cues}");
        frame.render_widget(Paragraph::new(legend).wrap(Wrap { trim: true }), keys);
    }
}

/// The preparation check before every massage, and the red flags of the routine (the gas
/// relief routine's "when a tummy needs a doctor"), as the terminal shows them.
pub(crate) fn preparation_text(catalog: &Catalog, routine: &str) -> String {
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
    out.push_str("Press Enter when everything is ready, or q to stop here.");
    out
}

/// Shows the preparation check until Enter confirms it (`true`) or q, Esc or Ctrl-C ends the
/// guide before any session starts (`false`).
fn preparation(terminal: &mut DefaultTerminal, text: &str) -> std::io::Result<bool> {
    loop {
        terminal.draw(|frame| {
            let block = Block::bordered().title(" soothe · before you start ");
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

fn step_title(plan: &SessionPlan, i: usize) -> String {
    let s = &plan.steps[i];
    match s.area {
        Some(area) => {
            let a = area.spoken().trim_start_matches("the ");
            let mut c = a.chars();
            let a: String = c
                .next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default();
            format!("{a} — {}", s.name)
        }
        None => s.name.clone(),
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
        let full = preparation_text(&catalog, "full-body");
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
        let gas = preparation_text(&catalog, "gas-relief");
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
            .find(|(g, _)| *g == "Get help")
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

    #[test]
    fn big_digits_draw_each_character_in_five_rows() {
        let rows = big_digits("1:05");
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[0], "  █   ███ ███");
        assert_eq!(rows[1], "  █ █ █ █ █  ");
    }
}
