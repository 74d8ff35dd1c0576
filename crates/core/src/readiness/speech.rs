//! The words the core puts into the catalog's sentences: the values of a rule message's
//! placeholders (a body area, a warning sign, a condition, a time, a temperature, lists) and
//! the plan's own step names and time note.
//!
//! The core decides; the edge says it. [`check_in`](super::check_in) and
//! [`crate::session::plan_in`] ask a [`Speech`] for every such word, so a front door renders
//! them in the reader's language from its content files (the server's is Fluent, by key).
//! [`English`] is the English convenience the CLI and the tests use: its words are the ones
//! soothe has always written, so every English output stays the same.

use std::fmt::Debug;

use crate::BodyArea;
use crate::session::StepKind;
use crate::time::LocalTime;

use super::input::{ClearanceReason, WarningSign};

/// How a plan was fitted to the baby's age (the time note's facts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeFit {
    /// The limit from the baby's age, in minutes.
    pub max_minutes: u32,
    /// The areas left out, in the routine's order.
    pub dropped: Vec<BodyArea>,
    /// Some strokes were shortened.
    pub shortened: bool,
    /// Even the core areas at the shortest strokes go over the limit.
    pub over: bool,
}

/// The words a front door gives the core's decisions.
pub trait Speech: Debug + Send + Sync {
    /// A body area as said in a sentence ("the left leg").
    fn area(&self, area: BodyArea) -> String;
    /// Both legs or both arms together ("the legs", "the arms"), for a list of left-out areas;
    /// `None` when the area is not a leg or an arm.
    fn both(&self, area: BodyArea) -> Option<String>;
    /// A warning sign in plain words.
    fn sign(&self, sign: WarningSign) -> String;
    /// What needs a clinician's clearance, in plain words ("a heart condition").
    fn clearance(&self, reason: ClearanceReason) -> String;
    /// Items one after the other ("floppy or limp, a seizure").
    fn list(&self, items: &[String]) -> String;
    /// Alternatives ("sunflower oil or no oil"); empty: no oil at all.
    fn or_list(&self, items: &[String]) -> String;
    /// A time relative to now: the time of day today, else the day too.
    fn time(&self, t: LocalTime, now: LocalTime) -> String;
    /// A temperature in °C, from tenths of a degree ("38.5").
    fn celsius(&self, tenths: i16) -> String;
    /// A routine that fits the baby now, by its title (“Newborn first”).
    fn routine_title(&self, title: &str) -> String;
    /// What to do when no routine fits the baby yet.
    fn no_routine_fits(&self) -> String;
    /// The name of the plan's permission or closing step (a stroke step has its stroke's
    /// name).
    fn step_name(&self, kind: StepKind) -> String;
    /// The words for a plan fitted to the baby's age ("10 minutes today: the back is left
    /// out").
    fn time_note(&self, fit: &TimeFit) -> String;
}

/// soothe's English words (the CLI's, and the default of every check and plan).
#[derive(Debug, Clone, Copy, Default)]
pub struct English;

impl Speech for English {
    fn area(&self, area: BodyArea) -> String {
        area.spoken().to_owned()
    }

    fn both(&self, area: BodyArea) -> Option<String> {
        match area {
            BodyArea::LeftLeg | BodyArea::RightLeg => Some("the legs".to_owned()),
            BodyArea::LeftArm | BodyArea::RightArm => Some("the arms".to_owned()),
            _ => None,
        }
    }

    fn sign(&self, sign: WarningSign) -> String {
        sign.label().to_owned()
    }

    fn clearance(&self, reason: ClearanceReason) -> String {
        reason.label().to_owned()
    }

    fn list(&self, items: &[String]) -> String {
        items.join(", ")
    }

    fn or_list(&self, items: &[String]) -> String {
        match items {
            [] => "no oil".to_owned(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
        }
    }

    fn time(&self, t: LocalTime, now: LocalTime) -> String {
        t.human(now)
    }

    fn celsius(&self, tenths: i16) -> String {
        format!("{}.{}", tenths / 10, tenths % 10)
    }

    fn routine_title(&self, title: &str) -> String {
        format!("“{title}”")
    }

    fn no_routine_fits(&self) -> String {
        "still, resting hands and a cuddle instead of a routine".to_owned()
    }

    fn step_name(&self, kind: StepKind) -> String {
        match kind {
            StepKind::AskPermission => "Ask permission",
            StepKind::Closing => "Closing",
            StepKind::Stroke => "Stroke",
        }
        .to_owned()
    }

    fn time_note(&self, fit: &TimeFit) -> String {
        let TimeFit {
            max_minutes,
            dropped,
            shortened,
            over,
        } = fit;
        let names = area_names(self, dropped);
        let plural = dropped.len() > 1
            || names.len() > 1
            || dropped
                .iter()
                .any(|a| matches!(a, BodyArea::Feet | BodyArea::Hands))
            || names.iter().any(|n| n == "the legs" || n == "the arms");
        let list = match names.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        };
        let left_out = if list.is_empty() {
            None
        } else {
            Some(format!(
                "{list} {} left out",
                if plural { "are" } else { "is" }
            ))
        };
        let what = match (left_out, shortened) {
            (Some(l), true) => format!("{l}, and some strokes are a little shorter"),
            (Some(l), false) => l,
            (None, _) => "some strokes are a little shorter".to_owned(),
        };
        if *over {
            format!("A little over {max_minutes} minutes today: {what}")
        } else {
            format!("{max_minutes} minutes today: {what}")
        }
    }
}

/// The left-out areas as said in a list: both legs (or both arms) once as "the legs", each
/// name once, in order.
pub fn area_names(speech: &dyn Speech, dropped: &[BodyArea]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for a in dropped {
        let pair = match a {
            BodyArea::LeftLeg | BodyArea::RightLeg => {
                dropped.contains(&BodyArea::LeftLeg) && dropped.contains(&BodyArea::RightLeg)
            }
            BodyArea::LeftArm | BodyArea::RightArm => {
                dropped.contains(&BodyArea::LeftArm) && dropped.contains(&BodyArea::RightArm)
            }
            _ => false,
        };
        let name = match pair.then(|| speech.both(*a)).flatten() {
            Some(both) => both,
            None => speech.area(*a),
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}
