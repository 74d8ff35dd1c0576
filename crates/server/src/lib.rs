//! soothe's HTTP service: the JSON API over the journal.
