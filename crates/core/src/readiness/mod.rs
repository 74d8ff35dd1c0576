//! The readiness check: is now a good moment for a massage, and if not, why.

pub mod rule;

pub use rule::Rule;
