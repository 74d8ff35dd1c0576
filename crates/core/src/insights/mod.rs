//! Does it help *our* baby? Honest insights from the family's own log.
//!
//! - [`days`]: the journal cut into soothe days (morning to morning) with the numbers the
//!   insights compare.
//! - [`stats`]: massage days against other days for one outcome, adjusted for the baby's age,
//!   with a bootstrap interval; ids and values only (the words are `insights-*`).
//! - [`experiment`]: a family experiment (n-of-1) with a drawn schedule, adherence and its
//!   result.
//!
//! Pure: no clock (`now` comes in), no I/O, the same input always gives the same output.

pub mod days;
pub mod experiment;
pub mod stats;

pub use days::{DayBounds, DayHours, SootheDay, last_full_day, soothe_days};
pub use experiment::{Adherence, Caveat, Experiment, ExperimentResult, PlannedDay};
pub use stats::{Better, Finding, Insight, NotEnough, Outcome, Period, Unit, insight};
