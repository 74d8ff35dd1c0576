//! What every page shows around its content (title, navigation, baby switch, theme, the
//! CSRF token for forms), and how times read on a page.

use jiff::{Timestamp, tz::TimeZone};
use soothe_store::Role;
use soothe_words::{Arg, Words};

use super::PageResult;
use super::assets;
use super::auth::{Member, Visitor};
use super::language::page_words;
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
    /// The reader's words: every sentence on the page comes from them by key.
    pub w: Words,
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
    /// The household's notifications the member has not seen (the badge).
    pub unread: u32,
}

impl Chrome {
    /// The household's baby a page is about, by id; not found when the household has no such
    /// baby.
    pub fn baby_link(&self, baby: &str) -> Result<BabyLink, soothe_app::Error> {
        self.babies
            .iter()
            .find(|b| b.id == baby)
            .cloned()
            .ok_or(soothe_app::Error::NotFound)
    }

    /// A frame with nothing from a visitor (error pages), in the request's language (a
    /// member's once their session is known). `title` is a message key, or text already in
    /// the reader's language (a catalog title); see [`title_text`].
    pub fn bare(title: &str) -> Chrome {
        let w = page_words();
        Chrome {
            w,
            title: title_text(w, title),
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
            unread: 0,
        }
    }

    /// A frame for a signed-out visitor (`title` as in [`Chrome::bare`]).
    pub fn public(v: &Visitor, title: &str) -> Chrome {
        Chrome {
            csrf: v.csrf().to_owned(),
            // Night by the default hours in the browser's zone (or the server's); app.js
            // corrects it by the browser's clock (`night.html`).
            theme: theme(&v.theme, Some(v.night)),
            theme_choice: v.theme.clone(),
            ..Chrome::bare(title)
        }
    }

    /// A frame for a member: loads the household's babies and picks the current one (`title`
    /// as in [`Chrome::bare`]).
    pub async fn member(
        state: &AppState,
        m: &Member,
        title: &str,
        nav: &'static str,
    ) -> PageResult<Chrome> {
        // The member's words were settled when their session was read (`auth::Visitor`):
        // the account's choice, the browser's, the household's.
        let w = page_words();
        let babies: Vec<BabyLink> = state
            .store
            .babies(m.scope())
            .await?
            .into_iter()
            .map(|b| BabyLink {
                name: b.name.clone().unwrap_or_else(|| w.t("baby-unnamed")),
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
            w,
            title: title_text(w, title),
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
            made: w.day_hm(state.app.now(), m.scope().time_zone()),
            theme_choice: m.visitor.theme.clone(),
            unread: state.app.notifications(m.scope(), 1).await?.unread,
        })
    }

    /// The hidden CSRF input every form carries.
    pub fn csrf_field(&self) -> String {
        format!(
            r#"<input type="hidden" name="csrf" value="{}">"#,
            super::form::escape(&self.csrf)
        )
    }

    /// The page's words for the scripts, as JSON for a `<script type="application/json">`
    /// data block (never executed; `<` escaped so it can not close the block).
    pub fn script_words(&self) -> String {
        self.words_json(SCRIPT_WORDS)
    }

    /// The player's words, as [`Chrome::script_words`].
    pub fn player_words(&self) -> String {
        self.words_json(PLAYER_WORDS)
    }

    /// Messages as a JSON object; a message's variables stay as `{name}` for the script to
    /// fill in.
    fn words_json(&self, list: &[(&'static str, &'static [&'static str])]) -> String {
        let words: serde_json::Map<String, serde_json::Value> = list
            .iter()
            .map(|(key, vars)| {
                let args: Vec<(&'static str, Arg<'_>)> = vars
                    .iter()
                    .map(|v| (*v, Arg::Text(format!("{{{v}}}").into())))
                    .collect();
                ((*key).to_owned(), self.w.t_args(key, &args).into())
            })
            .collect();
        script_json(&words.into())
    }

    /// The current baby's id, or empty.
    pub fn baby_id(&self) -> &str {
        self.baby.as_ref().map_or("", |b| b.id.as_str())
    }
}

/// A page title: the message when `title` is a message key, else `title` itself (text that is
/// already in the reader's language, such as a routine's title from the catalog).
pub(crate) fn title_text(w: Words, title: &str) -> String {
    if w.has(title) {
        w.t(title)
    } else {
        title.to_owned()
    }
}

/// The messages app.js and player.js show (`data-` keys read by `words()` there).
const SCRIPT_WORDS: &[(&str, &[&str])] = &[
    ("js-waiting", &["count"]),
    ("js-refused", &[]),
    ("js-sent-one", &[]),
    ("js-sent-many", &["count"]),
    ("js-could-not-save", &["list"]),
    ("js-entry", &[]),
    ("js-saved-offline", &["label"]),
    ("js-logged", &["label"]),
    ("js-not-saved", &[]),
    ("js-now", &[]),
    ("js-left-min", &["min", "sec"]),
    ("js-left-sec", &["sec"]),
    ("js-checked", &[]),
    ("js-copied", &[]),
];

/// The messages player.js shows or speaks (with the page words).
const PLAYER_WORDS: &[(&str, &[&str])] = &[
    // The "How?" sheet and practice mode.
    ("pl-how-title", &["step"]),
    ("pl-how-close", &[]),
    ("pl-how-close-plain", &[]),
    ("pr-step-count", &["n", "total"]),
    ("pr-where", &["area", "position"]),
    ("pr-next", &[]),
    ("pr-finish", &[]),
    ("pr-recorded", &[]),
    ("pr-recorded-offline", &[]),
    ("pr-not-recorded", &["why"]),
    ("pr-not-recorded-plain", &[]),
    ("pl-response-paused", &[]),
    ("pl-response-skipped", &[]),
    ("pl-response-ended", &[]),
    ("pl-response-logged", &[]),
    ("pl-bowel-movement", &[]),
    ("pl-area-left-leg", &[]),
    ("pl-area-right-leg", &[]),
    ("pl-area-feet", &[]),
    ("pl-area-abdomen", &[]),
    ("pl-area-chest", &[]),
    ("pl-area-left-arm", &[]),
    ("pl-area-right-arm", &[]),
    ("pl-area-hands", &[]),
    ("pl-area-face", &[]),
    ("pl-area-head", &[]),
    ("pl-area-back", &[]),
    ("pl-position-on-back", &[]),
    ("pl-position-on-tummy", &[]),
    ("pl-position-in-lap", &[]),
    ("pl-baby-position", &["position"]),
    ("pl-ending-alarm", &[]),
    ("pl-ending-completed", &[]),
    ("pl-ending-baby-cues", &[]),
    ("pl-ending-asleep", &[]),
    ("pl-ending-relief", &[]),
    ("pl-ending-parent-stopped", &[]),
    ("pl-ending-abandoned", &[]),
    ("pl-default-voice", &[]),
    ("pl-paused", &[]),
    ("pl-guide-paused", &[]),
    ("pl-carrying-on", &[]),
    ("pl-noted-rest", &["cue"]),
    ("pl-left-out-today", &["part", "cue"]),
    ("pl-noted-leaving", &["cue", "n", "total", "step"]),
    ("pl-noted", &["cue"]),
    ("pl-left-out-area", &["area"]),
    ("pl-left-out-part", &[]),
    ("pl-step-of", &["n", "total", "step"]),
    ("pl-keep-still", &[]),
    ("pl-resting-hands", &[]),
    ("pl-phase-paused", &[]),
    ("pl-next", &["step"]),
    ("pl-last-step", &[]),
    ("pl-resume", &[]),
    ("pl-get-help", &["cue"]),
    ("pl-comfort", &[]),
    ("pl-has-ended", &[]),
    ("pl-ended-announce", &["title", "words"]),
    ("pl-rest-say", &["words"]),
    ("pl-cue-at", &["cue", "time", "response"]),
    ("pl-note-sign", &["sign"]),
    ("pl-during-massage", &["cue"]),
    ("pl-no-saving-code", &[]),
    ("pl-could-not-note", &["why"]),
    ("pl-could-not-note-retry", &["why"]),
    ("pl-could-not-note-plain", &[]),
    ("pl-noted-offline", &[]),
    ("pl-noted-in-journal", &["sign"]),
    ("pl-less-than-minute", &[]),
    ("pl-about-one-minute", &[]),
    ("pl-about-minutes", &["count"]),
    ("pl-ended-after", &["ending", "time"]),
    ("pl-steps-done", &["done", "total"]),
    ("pl-paused-for", &["time"]),
    ("pl-no-cues", &[]),
    ("pl-ended-cuddle", &[]),
    ("pl-could-not-save", &["why"]),
    ("pl-saved-offline", &[]),
    ("pl-saved", &[]),
    ("pl-server-did-not-save", &[]),
    ("pl-server-did-not-save-status", &["status"]),
    ("player-passed-gas", &[]),
    ("player-rest", &[]),
    ("player-pause", &[]),
];

/// JSON safe inside a `<script type="application/json">` element: `<`, `>` and `&` escaped,
/// so no text can close the element.
pub(crate) fn script_json(v: &serde_json::Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
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

/// The message key naming a role (`owner` → `role-owner`); an unknown role reads as a viewer.
pub(crate) fn role_key(role: &str) -> &'static str {
    match role {
        "owner" => "role-owner",
        "caregiver" => "role-caregiver",
        _ => "role-viewer",
    }
}

/// `14:05` in a zone.
pub(crate) fn hm(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned(tz.clone()).strftime("%H:%M").to_string()
}

/// `Sat 21 Nov, 14:05` (`sáb 21 nov, 14:05`) in a zone, in the page's language.
pub(crate) fn day_hm(t: Timestamp, tz: &TimeZone) -> String {
    page_words().day_hm(t, tz)
}

/// The value of a `datetime-local` input (with `step="1"`): `2026-11-21T14:05:09` in a zone.
pub(crate) fn input_time(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned(tz.clone())
        .strftime("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

/// "1 h 20 min", "25 min", "40 s", in the page's language.
pub(crate) fn span(seconds: i64) -> String {
    page_words().span(seconds)
}

/// An id as a plain word: `quiet_alert` → `quiet alert`.
pub(crate) fn words(id: &str) -> String {
    id.replace(['_', '-'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scripts_get_their_words_as_json_in_the_reader_language() {
        use soothe_core::lang::Lang;
        let mut c = Chrome::bare("x");
        c.w = Words::for_lang(Lang::Es);
        let words: serde_json::Value =
            serde_json::from_str(&c.script_words()).expect("the words are JSON");
        assert_eq!(words["js-copied"], "Copiado.");
        // A message's variables stay for the script to fill in.
        assert_eq!(words["js-logged"], "Anotado: {label}");
        let player: serde_json::Value =
            serde_json::from_str(&c.player_words()).expect("the player's words are JSON");
        assert_eq!(player["pl-step-of"], "Paso {n} de {total}: {step}");
        c.w = Words::for_lang(Lang::Pseudo);
        let words: serde_json::Value = serde_json::from_str(&c.script_words()).expect("JSON");
        assert_eq!(words["js-copied"], "⟦Copied.⟧");
    }

    #[test]
    fn a_json_string_can_not_close_its_script_block() {
        let s = script_json(&"</script><b>\"x\"\n".into());
        assert!(!s.contains('<') && !s.contains('>'), "{s}");
        let back: String = serde_json::from_str(&s).expect("valid JSON");
        assert_eq!(back, "</script><b>\"x\"\n");
    }

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
