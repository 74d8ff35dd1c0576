//! The languages soothe speaks, and the pseudo-locale tests read it in.

use serde::{Deserialize, Serialize};

vocab!(
    /// A language soothe's words are written in.
    Lang {
        /// English (the catalog's first language).
        En = "en",
        /// Spanish.
        Es = "es",
        /// The pseudo-locale: English with every message wrapped in markers, so a test can
        /// see any visible text that did not come from a message. Only for tests: a server
        /// offers it only when started with it switched on.
        Pseudo = "qps",
    }
);

/// Where a pseudo-locale message starts.
pub const PSEUDO_OPEN: char = '⟦';
/// Where a pseudo-locale message ends.
pub const PSEUDO_CLOSE: char = '⟧';

/// A text as the pseudo-locale shows it: wrapped in the markers.
pub fn pseudo(text: &str) -> String {
    format!("{PSEUDO_OPEN}{text}{PSEUDO_CLOSE}")
}

impl Lang {
    /// The languages a person may choose (the pseudo-locale is not one).
    pub const CHOOSABLE: &'static [Lang] = &[Lang::En, Lang::Es];
}
