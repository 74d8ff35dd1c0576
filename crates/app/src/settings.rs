//! Household settings: feed gap, patch-test and vaccine-site hours, night-theme hours, the
//! urgent-care number and the language; read by every check, edited by owners.

use soothe_core::readiness::input::Settings;
use soothe_store::Scope;

use crate::{App, Result};

impl App {
    /// The caller's household's settings for the readiness check and the patch-test watch.
    pub async fn check_settings(&self, _scope: &Scope) -> Result<Settings> {
        // Household settings are not stored yet: every household has the defaults.
        Ok(Settings::default())
    }
}
