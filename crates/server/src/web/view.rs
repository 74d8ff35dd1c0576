//! What every page shows around its content (title, navigation, baby switch, theme, the
//! CSRF token for forms), and how times read on a page.

use jiff::{Timestamp, tz::TimeZone};
use soothe_store::Role;

use super::PageResult;
use super::assets;
use super::auth::{Member, Visitor};
use crate::AppState;

/// A baby in the switcher.
#[derive(Clone, Debug)]
pub(crate) struct BabyLink {
    /// Id.
    pub id: String,
    /// Name (or "Baby").
    pub name: String,
}

/// The frame of a page.
pub(crate) struct Chrome {
    /// The page title.
    pub title: String,
    /// The CSRF token forms carry.
    pub csrf: String,
    /// The active tab (`today`, `journal`, `massage`, `library`, `more`), or empty.
    pub nav: &'static str,
    /// Signed in.
    pub signed_in: bool,
    /// The member may log.
    pub can_log: bool,
    /// The member owns the household.
    pub owner: bool,
    /// The household's babies.
    pub babies: Vec<BabyLink>,
    /// The baby the pages are about.
    pub baby: Option<BabyLink>,
    /// `dark`, `light` or empty (follow the system).
    pub theme: &'static str,
    /// The stylesheet's URL.
    pub css: &'static str,
    /// The page script's URL.
    pub js: &'static str,
    /// When the page was made, in the household's zone (shown when it is read offline).
    pub made: String,
    /// The visitor's theme choice: `auto`, `light` or `dark`.
    pub theme_choice: String,
}

impl Chrome {
    /// A frame with nothing from a visitor (error pages).
    pub fn bare(title: &str) -> Chrome {
        Chrome {
            title: title.to_owned(),
            csrf: String::new(),
            nav: "",
            signed_in: false,
            can_log: false,
            owner: false,
            babies: Vec::new(),
            baby: None,
            theme: "",
            css: assets::url("app.css"),
            js: assets::url("app.js"),
            made: String::new(),
            theme_choice: "auto".into(),
        }
    }

    /// A frame for a signed-out visitor.
    pub fn public(v: &Visitor, title: &str) -> Chrome {
        Chrome {
            csrf: v.csrf().to_owned(),
            theme: theme(&v.theme, None),
            ..Chrome::bare(title)
        }
    }

    /// A frame for a member: loads the household's babies and picks the current one.
    pub async fn member(
        state: &AppState,
        m: &Member,
        title: &str,
        nav: &'static str,
    ) -> PageResult<Chrome> {
        let babies: Vec<BabyLink> = state
            .store
            .babies(m.scope())
            .await?
            .into_iter()
            .map(|b| BabyLink {
                name: b.name.clone().unwrap_or_else(|| "Baby".to_owned()),
                id: b.id.unwrap_or_default(),
            })
            .collect();
        let baby = m
            .visitor
            .baby_cookie
            .as_deref()
            .and_then(|id| babies.iter().find(|b| b.id == id))
            .or(babies.first())
            .cloned();
        Ok(Chrome {
            title: title.to_owned(),
            csrf: m.session.csrf.clone(),
            nav,
            signed_in: true,
            can_log: m.can_log(),
            owner: m.scope().role() == Role::Owner,
            babies,
            baby,
            theme: theme(&m.visitor.theme, Some(state.app.is_night(m.scope()).await?)),
            css: assets::url("app.css"),
            js: assets::url("app.js"),
            made: day_hm(Timestamp::now(), m.scope().time_zone()),
            theme_choice: m.visitor.theme.clone(),
        })
    }

    /// The hidden CSRF input every form carries.
    pub fn csrf_field(&self) -> String {
        format!(
            r#"<input type="hidden" name="csrf" value="{}">"#,
            super::form::escape(&self.csrf)
        )
    }

    /// The current baby's id, or empty.
    pub fn baby_id(&self) -> &str {
        self.baby.as_ref().map_or("", |b| b.id.as_str())
    }
}

/// The theme class: the visitor's choice, else dark at night (the household's night hours,
/// 20:00–07:00 unless its owners chose others), else follow the system.
fn theme(choice: &str, night: Option<bool>) -> &'static str {
    match choice {
        "dark" => "dark",
        "light" => "light",
        _ => match night {
            Some(true) => "dark",
            _ => "",
        },
    }
}

/// `14:05` in a zone.
pub(crate) fn hm(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned(tz.clone()).strftime("%H:%M").to_string()
}

/// `Sat 21 Nov, 14:05` in a zone.
pub(crate) fn day_hm(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned(tz.clone())
        .strftime("%a %-d %b, %H:%M")
        .to_string()
}

/// The value of a `datetime-local` input (with `step="1"`): `2026-11-21T14:05:09` in a zone.
pub(crate) fn input_time(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned(tz.clone())
        .strftime("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

/// "1 h 20 min", "25 min", "40 s".
pub(crate) fn span(seconds: i64) -> String {
    let s = seconds.max(0);
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min", s / 60),
        _ if s % 3600 < 60 => format!("{} h", s / 3600),
        _ => format!("{} h {} min", s / 3600, (s % 3600) / 60),
    }
}

/// An id as a plain word: `quiet_alert` → `quiet alert`.
pub(crate) fn words(id: &str) -> String {
    id.replace(['_', '-'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_naturally() {
        assert_eq!(span(40), "40 s");
        assert_eq!(span(25 * 60), "25 min");
        assert_eq!(span(3600), "1 h");
        assert_eq!(span(4800), "1 h 20 min");
        assert_eq!(span(-5), "0 s");
    }

    #[test]
    fn times_are_written_in_the_household_zone() {
        let t: Timestamp = "2026-11-21T13:05:00Z".parse().expect("a time");
        let paris = TimeZone::get("Europe/Paris").expect("a zone");
        assert_eq!(hm(t, &paris), "14:05");
        assert_eq!(input_time(t, &paris), "2026-11-21T14:05:00");
        assert_eq!(day_hm(t, &paris), "Sat 21 Nov, 14:05");
    }
}
