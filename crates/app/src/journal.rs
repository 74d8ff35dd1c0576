//! Babies and the journal: log, read, correct and delete events; running feeds, sleeps and
//! crying spells (one at a time, stopped once); the patch-test watch.

#[allow(unused_imports)]
use crate::App;
