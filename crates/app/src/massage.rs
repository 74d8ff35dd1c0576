//! Massage: the readiness check over the stored journal, the session plan, storing a
//! session's record, and today's summary.

#[allow(unused_imports)]
use crate::App;
