//! The household: members and roles (never without an owner), invitations and joining.

#[allow(unused_imports)]
use crate::App;
