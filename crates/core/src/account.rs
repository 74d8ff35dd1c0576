//! Account policy, pure: what makes a good email, name and password, when an invitation can
//! be used, and which changes would leave a household without an owner. The store only keeps
//! the rows; `soothe-app` asks these rules before it writes.

use jiff::Timestamp;

use crate::journal::FieldError;

/// The shortest password soothe accepts, in characters.
pub const PASSWORD_MIN: usize = 10;
/// The longest password soothe accepts, in characters.
pub const PASSWORD_MAX: usize = 200;
/// The longest email address (RFC 5321's path limit).
pub const EMAIL_MAX: usize = 254;
/// The longest display name, household name or token name, in characters.
pub const NAME_MAX: usize = 100;
/// How long an invitation lasts unless asked otherwise, in hours.
pub const INVITATION_HOURS_DEFAULT: u32 = 72;
/// The shortest and longest life an invitation may be given, in hours (two weeks).
pub const INVITATION_HOURS: std::ops::RangeInclusive<u32> = 1..=336;

fn bad(field: &str, code: &'static str) -> FieldError {
    FieldError::new(field, code)
}

/// Checks a new password (`field` names where it was typed: `password`, `new`).
pub fn check_password(field: &str, password: &str) -> Result<(), FieldError> {
    let n = password.chars().count();
    if n < PASSWORD_MIN {
        return Err(bad(field, "password-too-short").arg("min", PASSWORD_MIN));
    }
    if n > PASSWORD_MAX {
        return Err(bad(field, "password-too-long").arg("max", PASSWORD_MAX));
    }
    Ok(())
}

/// The form an email is stored and looked up in: trimmed, lower case.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Checks an email for a new account and returns its stored form.
pub fn check_email(email: &str) -> Result<String, FieldError> {
    crate::text::check("email", email)?;
    let email = email_key(email);
    if email.is_empty() {
        return Err(bad("email", "empty"));
    }
    let shaped = email.split_once('@').is_some_and(|(a, d)| {
        !a.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.')
    }) && !email.chars().any(char::is_whitespace);
    if email.len() > EMAIL_MAX {
        return Err(bad("email", "email-too-long").arg("max", EMAIL_MAX));
    }
    if !shaped {
        return Err(bad("email", "email-invalid").arg("value", email));
    }
    Ok(email)
}

/// Checks a name (display name, household, token) and returns it trimmed.
pub fn check_name(field: &str, name: &str) -> Result<String, FieldError> {
    crate::text::check(field, name)?;
    let name = name.trim();
    if name.is_empty() {
        return Err(bad(field, "empty"));
    }
    if name.chars().count() > NAME_MAX {
        return Err(bad(field, "name-too-long").arg("max", NAME_MAX));
    }
    Ok(name.to_owned())
}

/// Checks an IANA time zone name.
pub fn check_time_zone(field: &str, name: &str) -> Result<(), FieldError> {
    jiff::tz::TimeZone::get(name)
        .map(drop)
        .map_err(|_| bad(field, "time-zone-unknown").arg("value", name))
}

/// Checks how many hours a new invitation should last.
pub fn check_invitation_hours(field: &str, hours: u32) -> Result<(), FieldError> {
    if INVITATION_HOURS.contains(&hours) {
        Ok(())
    } else {
        Err(bad(field, "invitation-hours")
            .arg("value", hours)
            .arg("min", *INVITATION_HOURS.start())
            .arg("max", *INVITATION_HOURS.end()))
    }
}

/// Why an invitation can not be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unusable {
    /// An owner withdrew it.
    Withdrawn,
    /// Someone accepted it already.
    Used,
    /// Its time is up.
    Expired,
}

impl Unusable {
    /// A stable code.
    pub fn code(self) -> &'static str {
        match self {
            Unusable::Withdrawn => "invitation-withdrawn",
            Unusable::Used => "invitation-used",
            Unusable::Expired => "invitation-expired",
        }
    }
}

/// Whether an invitation with these dates can be accepted at `now`. A withdrawn one says so
/// first, then a used one, then an expired one.
pub fn invitation_usable(
    expires: Timestamp,
    accepted: Option<Timestamp>,
    revoked: Option<Timestamp>,
    now: Timestamp,
) -> Result<(), Unusable> {
    if revoked.is_some() {
        Err(Unusable::Withdrawn)
    } else if accepted.is_some() {
        Err(Unusable::Used)
    } else if expires <= now {
        Err(Unusable::Expired)
    } else {
        Ok(())
    }
}

/// Whether a change keeps the household with an owner: the member is an owner now
/// (`was_owner`), will still be one after it (`stays_owner`), and the household has `owners`
/// owners before it.
pub fn keeps_an_owner(was_owner: bool, stays_owner: bool, owners: i64) -> bool {
    !(was_owner && !stays_owner && owners <= 1)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn passwords_have_a_length_between_ten_and_two_hundred_characters() {
        assert_eq!(check_password("new", "123456789").unwrap_err().field, "new");
        assert!(check_password("password", "1234567890").is_ok());
        // Characters, not bytes.
        assert!(check_password("password", &"é".repeat(10)).is_ok());
        assert!(check_password("password", &"x".repeat(200)).is_ok());
        let long = check_password("password", &"x".repeat(201)).unwrap_err();
        assert_eq!(long.code, "password-too-long");
        assert_eq!(long.args, vec![("max", crate::journal::Value::Int(200))]);
    }

    #[test]
    fn emails_are_trimmed_lower_cased_and_shaped() {
        assert_eq!(
            check_email("  Parent@Example.ORG ").unwrap(),
            "parent@example.org"
        );
        for bad in [
            "",
            "parent",
            "@example.org",
            "a@example",
            "a@.example.org",
            "a@example.org.",
            "a b@example.org",
        ] {
            assert_eq!(check_email(bad).unwrap_err().field, "email", "{bad:?}");
        }
        let long = format!("{}@example.org", "a".repeat(250));
        assert_eq!(
            check_email(&long).unwrap_err().args,
            vec![("max", crate::journal::Value::Int(254))]
        );
        assert!(check_email("a\u{0}b@example.org").is_err());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(check_name("household", "  Home ").unwrap(), "Home");
        assert_eq!(
            check_name("household", "   ").unwrap_err().field,
            "household"
        );
        assert!(check_name("name", &"n".repeat(100)).is_ok());
        assert!(check_name("name", &"n".repeat(101)).is_err());
    }

    #[test]
    fn time_zones_are_iana_names() {
        assert!(check_time_zone("time_zone", "Europe/Paris").is_ok());
        let e = check_time_zone("time_zone", "Mars/Olympus").unwrap_err();
        assert_eq!((e.code, e.args[0].0), ("time-zone-unknown", "value"));
    }

    #[test]
    fn invitations_last_one_hour_to_two_weeks() {
        assert!(check_invitation_hours("h", 0).is_err());
        assert!(check_invitation_hours("h", 1).is_ok());
        assert!(check_invitation_hours("h", 336).is_ok());
        assert_eq!(
            check_invitation_hours("h", 337).unwrap_err().to_string(),
            "h: invitation-hours(value=337, min=1, max=336)"
        );
    }

    #[test]
    fn an_invitation_works_once_before_it_expires_unless_withdrawn() {
        let expires = at("2026-03-04T08:00:00Z");
        let before = at("2026-03-04T07:59:59Z");
        assert_eq!(invitation_usable(expires, None, None, before), Ok(()));
        assert_eq!(
            invitation_usable(expires, None, None, expires),
            Err(Unusable::Expired)
        );
        assert_eq!(
            invitation_usable(expires, Some(before), None, before),
            Err(Unusable::Used)
        );
        assert_eq!(
            invitation_usable(expires, Some(before), Some(before), expires),
            Err(Unusable::Withdrawn)
        );
    }

    #[test]
    fn the_last_owner_stays() {
        assert!(!keeps_an_owner(true, false, 1));
        assert!(keeps_an_owner(true, true, 1));
        assert!(keeps_an_owner(true, false, 2));
        assert!(keeps_an_owner(false, false, 1));
    }
}
