//! Accounts: the first owner's setup, sign-in, passwords, web sessions and API tokens.

#[allow(unused_imports)]
use crate::App;
