//! Timed session events as files write them: `[{"t": 0, "event": "start"}, ...]`.

use serde::{Deserialize, Serialize};

use super::engine::SessionEvent;
use crate::catalog::Catalog;
use crate::readiness::InputError;

/// An event at a time, in seconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimedEvent {
    /// Seconds (from the start of the recording; non-decreasing).
    pub t: u32,
    /// The event.
    #[serde(flatten)]
    pub event: SessionEvent,
}

vocab!(
    /// The event names of an events file.
    EventName {
        /// `start`.
        Start = "start",
        /// `pause`.
        Pause = "pause",
        /// `resume`.
        Resume = "resume",
        /// `next`.
        Next = "next",
        /// `stop`.
        Stop = "stop",
        /// `cue` (needs `cue`).
        Cue = "cue",
        /// `passes_gas`.
        PassesGas = "passes_gas",
        /// `bowel_movement`.
        BowelMovement = "bowel_movement",
        /// `tick`.
        Tick = "tick",
    }
);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    t: u32,
    event: EventName,
    #[serde(default)]
    cue: Option<String>,
}

fn input_error(path: String, message: String) -> InputError {
    InputError {
        args: vec![("detail", message.into())],
        ..InputError::field(path, "json-invalid")
    }
}

/// Parses an events file: every event has a whole-second `t` that never goes back, a known
/// event name, and for `cue` a catalog cue id. Errors name the event and the field.
pub fn parse_events(json: &str, catalog: &Catalog) -> Result<Vec<TimedEvent>, InputError> {
    let de = &mut serde_json::Deserializer::from_str(json);
    let raw: Vec<RawEvent> = serde_path_to_error::deserialize(de).map_err(InputError::from_json)?;
    let mut out = Vec::with_capacity(raw.len());
    let mut last = 0;
    for (i, e) in raw.into_iter().enumerate() {
        if e.t < last {
            return Err(input_error(
                format!("[{i}].t"),
                format!(
                    "{} s is before the previous event ({last} s); times must not go back",
                    e.t
                ),
            ));
        }
        last = e.t;
        let event = match (e.event, e.cue) {
            (EventName::Cue, Some(cue)) => {
                if catalog.cue(&cue).is_none() {
                    let known: Vec<String> =
                        catalog.cue_ids().iter().map(|c| c.to_string()).collect();
                    return Err(input_error(
                        format!("[{i}].cue"),
                        format!("unknown cue `{cue}`, expected one of: {}", known.join(", ")),
                    ));
                }
                SessionEvent::Cue { cue }
            }
            (EventName::Cue, None) => {
                return Err(input_error(
                    format!("[{i}]"),
                    "a `cue` event needs `cue` (a cue id)".into(),
                ));
            }
            (other, Some(_)) => {
                return Err(input_error(
                    format!("[{i}].cue"),
                    format!("only a `cue` event has `cue`, not `{other}`"),
                ));
            }
            (EventName::Start, None) => SessionEvent::Start,
            (EventName::Pause, None) => SessionEvent::Pause,
            (EventName::Resume, None) => SessionEvent::Resume,
            (EventName::Next, None) => SessionEvent::Next,
            (EventName::Stop, None) => SessionEvent::Stop,
            (EventName::PassesGas, None) => SessionEvent::PassesGas,
            (EventName::BowelMovement, None) => SessionEvent::BowelMovement,
            (EventName::Tick, None) => SessionEvent::Tick,
        };
        out.push(TimedEvent { t: e.t, event });
    }
    Ok(out)
}
