//! Household settings: feed gap, patch-test and vaccine-site hours, night-theme hours, the
//! urgent-care number and the language; read by every check, edited by owners.

#[allow(unused_imports)]
use crate::App;
