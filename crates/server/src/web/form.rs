//! Posted forms: the fields as typed (so a refused form shows them again) and the errors
//! found, one per field.

use std::collections::BTreeMap;

use soothe_words::Words;

/// A form's fields, in order, as the browser sent them (`application/x-www-form-urlencoded`).
#[derive(Clone, Debug, Default)]
pub(crate) struct FormData(Vec<(String, String)>);

impl FormData {
    /// Parses a urlencoded body; malformed pairs are dropped.
    pub fn parse(bytes: &[u8]) -> FormData {
        FormData(
            bytes
                .split(|b| *b == b'&')
                .filter(|p| !p.is_empty())
                .map(|pair| {
                    let mut it = pair.splitn(2, |b| *b == b'=');
                    let k = decode(it.next().unwrap_or_default());
                    let v = decode(it.next().unwrap_or_default());
                    (k, v)
                })
                .collect(),
        )
    }

    /// Refuses a form whose field holds a control character (line breaks and tabs are fine
    /// in free-text fields), naming the field; see [`soothe_core::text`]. The way back after
    /// a form (`back`, `next`) is not typed and never stored: a bad one is replaced by a safe
    /// page where it is read, so what the parent logged is not lost over it.
    pub fn check_text(&self) -> Result<(), crate::problem::Problem> {
        for (name, value) in self
            .0
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "back" | "next"))
        {
            if soothe_core::text::forbidden_char(name, false).is_some() {
                return Err(crate::problem::Problem::invalid(
                    "form",
                    super::language::page_words().t("form-hidden-character"),
                ));
            }
            soothe_core::text::check(name, value).map_err(crate::problem::Problem::from)?;
        }
        Ok(())
    }

    /// A form with these values (to fill a form from stored data).
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> FormData {
        FormData(pairs.into_iter().collect())
    }

    /// Every field and value.
    pub fn pairs(&self) -> impl Iterator<Item = (String, String)> + '_ {
        self.0.iter().cloned()
    }

    /// The first value of a field, trimmed; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    }

    /// Every value of a field (checkbox groups).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// Whether a checkbox or option with this value was chosen.
    pub fn has(&self, name: &str, value: impl AsRef<str>) -> bool {
        let value = value.as_ref();
        self.0.iter().any(|(k, v)| k == name && v == value)
    }

    /// Sets a field (replacing what was there).
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        self.0.retain(|(k, _)| k != name);
        self.0.push((name.to_owned(), value.into()));
    }
}

/// Per-field errors of a refused form; the key `""` is for the form as a whole.
#[derive(Clone, Debug, Default)]
pub(crate) struct Errors(pub BTreeMap<String, String>);

impl Errors {
    /// One error.
    pub fn one(field: &str, message: impl Into<String>) -> Errors {
        let mut e = Errors::default();
        e.add(field, message);
        e
    }

    /// Records an error for a field (the first one wins).
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_owned())
            .or_insert_with(|| message.into());
    }

    /// The error for a field, or empty.
    pub fn of(&self, field: &str) -> &str {
        self.0.get(field).map_or("", String::as_str)
    }

    /// The error of a field as a paragraph (`id="{field}-err"`), or nothing.
    pub fn show(&self, field: &str) -> String {
        match self.0.get(field) {
            Some(m) => format!(
                r#"<p class="err" id="{}-err">{}</p>"#,
                escape(field),
                escape(m)
            ),
            None => String::new(),
        }
    }

    /// The ARIA attributes of an input whose field has an error.
    pub fn aria(&self, field: &str) -> String {
        if self.0.contains_key(field) {
            format!(
                r#" aria-invalid="true" aria-describedby="{}-err""#,
                escape(field)
            )
        } else {
            String::new()
        }
    }

    /// The status of a page showing this form: 422 when it has errors.
    pub fn status(&self) -> axum::http::StatusCode {
        if self.is_empty() {
            axum::http::StatusCode::OK
        } else {
            axum::http::StatusCode::UNPROCESSABLE_ENTITY
        }
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every error for the summary at the top of a form, each named by its field's label
    /// (`Password again: the two passwords are not the same`), in the reader's words; the
    /// form's own errors and fields without a label read as they are.
    pub fn summary(&self, w: &Words) -> Vec<(String, String)> {
        self.0
            .iter()
            .map(|(k, v)| (k.clone(), soothe_words::named(*w, k, v.clone())))
            .collect()
    }

    /// An error from a problem: its fields, or the form as a whole. `field_map` renames API
    /// field paths to form field names.
    pub fn from_problem(p: &crate::problem::Problem, field_map: impl Fn(&str) -> String) -> Errors {
        let mut e = Errors::default();
        if p.errors.is_empty() {
            e.add("", p.detail.clone());
        }
        for f in &p.errors {
            let name = field_map(&f.field);
            e.add(&name, f.message.clone());
        }
        e
    }
}

/// What the app refused about a field, in the reader's words: its code's message
/// (`err-<code>`) with its values (see [`soothe_words::field_refusal`]).
pub(crate) fn field_message(w: Words, f: &soothe_app::Invalid) -> String {
    soothe_words::field_refusal(w, f)
}

/// A refusal that is not about one field (a conflict, a refused plan), in the reader's
/// words.
pub(crate) fn refusal_message(w: Words, e: &soothe_app::Error) -> String {
    match e {
        soothe_app::Error::Refused { code, args }
        | soothe_app::Error::Conflict { code, args }
        | soothe_app::Error::NotReady { code, args, .. } => soothe_words::refusal(w, code, args),
        soothe_app::Error::Invalid(fields) => fields
            .iter()
            .map(|f| field_message(w, f))
            .collect::<Vec<_>>()
            .join("; "),
        other => soothe_words::refusal(w, other.code(), &[]),
    }
}

/// A language a household can not choose, in the reader's words.
pub(crate) fn language_refused(w: Words, value: &str) -> String {
    let list = soothe_core::lang::Lang::CHOOSABLE
        .iter()
        .map(|l| l.id())
        .collect::<Vec<_>>()
        .join(", ");
    w.t2("settings-unknown-language", "value", value, "list", list)
}

/// Records every field the app refused, in the reader's words (see [`field_message`]),
/// under the form's field names (`rename`); `form` gives what each field held.
pub(crate) fn add_invalid(
    e: &mut Errors,
    fields: &[soothe_app::Invalid],
    form: &FormData,
    rename: impl Fn(&str) -> String,
) {
    let w = super::language::page_words();
    for f in fields {
        let name = rename(&f.field);
        let _ = form;
        e.add(&name, field_message(w, f));
    }
}

/// Escapes text for HTML.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn decode(raw: &[u8]) -> String {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < raw.len() => match (hex(raw[i + 1]), hex(raw[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// Percent-encodes a value for a URL query.
pub(crate) fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_urlencoded_fields_with_repeats_and_escapes() {
        let f = FormData::parse(b"name=Ada+Lovelace&x=%C3%A9t%C3%A9&c=a&c=b&bad=%zz&end=%4");
        assert_eq!(f.get("name"), "Ada Lovelace");
        assert_eq!(f.get("x"), "été");
        assert_eq!(f.all("c"), vec!["a", "b"]);
        assert_eq!(f.get("bad"), "%zz");
        assert_eq!(f.get("end"), "%4");
        assert_eq!(f.get("missing"), "");
    }

    #[test]
    fn encodes_what_a_query_cannot_hold() {
        assert_eq!(
            encode("/journal?kind=feeding&x=1"),
            "/journal%3Fkind%3Dfeeding%26x%3D1"
        );
    }
}
