//! One module per group of commands. Each returns an [`Outcome`](crate::Outcome); rendering
//! lives here, every decision lives in `soothe-core`.

pub mod catalog;
pub mod check;

use soothe_core::catalog::Catalog;

use crate::Outcome;

/// The embedded catalog, or the failure to report.
pub fn embedded() -> Result<Catalog, Outcome> {
    Catalog::embedded().map_err(|e| Outcome::Failed(format!("the built-in catalog is broken: {e}")))
}

/// Pretty JSON with a final newline.
pub fn json(value: &impl serde::Serialize) -> Outcome {
    match serde_json::to_string_pretty(value) {
        Ok(mut s) => {
            s.push('\n');
            Outcome::Print(s)
        }
        Err(e) => Outcome::Failed(format!("could not write JSON: {e}")),
    }
}
