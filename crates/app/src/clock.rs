//! Where time comes from. `App` reads the time only through its [`Clock`]: the server uses
//! the system's, tests a [`ManualClock`] they set and step instead of sleeping.

use std::sync::Mutex;

use jiff::{SignedDuration, Timestamp};

/// A source of "now".
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current instant.
    fn now(&self) -> Timestamp;
}

/// The system's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that stands still until it is set or stepped (tests).
#[derive(Debug)]
pub struct ManualClock(Mutex<Timestamp>);

impl ManualClock {
    /// A clock showing `at`.
    pub fn new(at: Timestamp) -> ManualClock {
        ManualClock(Mutex::new(at))
    }

    /// Shows `at` from now on.
    pub fn set(&self, at: Timestamp) {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = at;
    }

    /// Moves the clock on by `by` (back, when negative).
    pub fn advance(&self, by: SignedDuration) {
        let mut t = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *t = t.saturating_add(by).unwrap_or(*t);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let start: Timestamp = "2026-03-01T08:00:00Z".parse().expect("time");
        let c = ManualClock::new(start);
        assert_eq!(c.now(), start);
        assert_eq!(c.now(), start);
        c.advance(SignedDuration::from_mins(45));
        assert_eq!(c.now().to_string(), "2026-03-01T08:45:00Z");
        c.set(start);
        assert_eq!(c.now(), start);
    }
}
