//! soothe's pure domain core.
//!
//! This crate holds the catalog (routines, strokes, cues, oils, evidence, rule texts) and the
//! readiness check. It is synchronous and does no I/O: it reads no file, no clock and no
//! environment. Time comes in as a value, the catalog comes in as text, and results go out
//! as values for someone else to render.

#[macro_use]
mod vocab;

pub mod account;
pub mod babybuddy;
pub mod bbapi;
pub mod catalog;
pub mod channel;
pub mod day;
pub mod fhir;
pub mod growth;
pub mod household;
pub mod ids;
pub mod insights;
pub mod journal;
pub mod lang;
pub mod planner;
pub mod readiness;
pub mod rhythm;
pub mod session;
pub mod text;
pub mod time;
pub mod units;

pub use vocab::{BodyArea, UnknownValue};
