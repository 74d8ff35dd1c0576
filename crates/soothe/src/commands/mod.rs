//! One module per group of commands. Each returns an [`Outcome`](crate::Outcome); rendering
//! lives here, every decision lives in `soothe-core`.

pub mod catalog;
pub mod check;
pub mod demo;
pub mod guide;
pub mod server;
pub mod session;

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

/// Reads a file, or standard input for `-`.
pub fn read_input(path: &std::path::Path) -> Result<String, String> {
    use std::io::Read;
    if path == std::path::Path::new("-") {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        Ok(s)
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    }
}
