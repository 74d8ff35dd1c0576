//! Text as soothe accepts it: no control characters (NUL and the like), which no one types
//! on purpose and which some databases refuse to store.
//!
//! Free-text fields (notes, a clinician's note or advice, a note event's text) may hold line
//! breaks and tabs (`\n`, `\r`, `\t`); every other text (names, emails, ids, times, choices)
//! may hold no control character at all. The API's JSON bodies, query strings, path
//! parameters, the web forms and `soothe check` all ask [`check`] before anything else reads
//! the text.

use crate::journal::FieldError;

/// Whether a field, by its name (the last part of its path), is free text that may run over
/// several lines: `note`, `text`, `clinician_note`, `advice` (and the web form's
/// `cleared_advice_<reason>`).
pub fn is_multiline(field: &str) -> bool {
    let last = field
        .rsplit(['.', '['])
        .next()
        .unwrap_or(field)
        .trim_end_matches(']');
    matches!(last, "note" | "text" | "clinician_note" | "advice")
        || last.starts_with("cleared_advice_")
}

/// The first character a text may not hold: a control character (Unicode category Cc), but
/// line breaks and tabs are allowed in free text.
pub fn forbidden_char(text: &str, multiline: bool) -> Option<char> {
    text.chars()
        .find(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
}

/// Checks the text of a field (named as in [`is_multiline`]); the refusal names the field
/// and the character (`U+0000`).
pub fn check(field: &str, text: &str) -> Result<(), FieldError> {
    let multiline = is_multiline(field);
    match forbidden_char(text, multiline) {
        None => Ok(()),
        Some(c) => Err(refusal(field, c, multiline)),
    }
}

/// What is wrong with a text that holds `c`.
fn refusal(field: &str, c: char, multiline: bool) -> FieldError {
    let code = if multiline {
        "control-character-multiline"
    } else {
        "control-character"
    };
    FieldError::new(field, code).arg("value", format!("U+{:04X}", u32::from(c)))
}

/// The first text in a JSON document that holds a forbidden character (in a value or in an
/// object's key), its field the path is written as serde reports fields
/// (`baby.name`, `events[2].note`).
pub fn find_in_json(value: &serde_json::Value) -> Option<FieldError> {
    fn walk(v: &serde_json::Value, path: &mut String) -> Option<FieldError> {
        match v {
            serde_json::Value::String(s) => check(path, s).err(),
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    let found = walk(item, path);
                    path.truncate(len);
                    if found.is_some() {
                        return found;
                    }
                }
                None
            }
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                    let found = match forbidden_char(key, false) {
                        Some(c) => Some(
                            FieldError::new(path, "control-character-name")
                                .arg("value", format!("U+{:04X}", u32::from(c))),
                        ),
                        None => walk(item, path),
                    };
                    path.truncate(len);
                    if found.is_some() {
                        return found;
                    }
                }
                None
            }
            _ => None,
        }
    }
    walk(value, &mut String::new())
}

/// Whether raw JSON text may hold a control character inside a string: as an escape
/// (`\u0000`, `\n`, ...), or as a raw DEL or C1 character (JSON forbids raw C0 characters in
/// strings). A cheap test before [`find_in_json`].
pub fn json_may_hold_control(bytes: &[u8]) -> bool {
    bytes.contains(&b'\\')
        || bytes.contains(&0x7f)
        || bytes
            .windows(2)
            .any(|w| w[0] == 0xc2 && (0x80..=0x9f).contains(&w[1]))
}

/// Finds a forbidden character in raw JSON text: `Ok(Some(refusal))`. `Err` when the
/// text may hold one but cannot be read as a whole (malformed, or a number beyond any float):
/// the caller reports the typed reader's error, or, if the typed reader skipped the unreadable
/// part, refuses with this message — the check never lets through what it could not look at.
pub fn find_in_json_text(bytes: &[u8]) -> Result<Option<FieldError>, String> {
    if !json_may_hold_control(bytes) {
        return Ok(None);
    }
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(value) => Ok(find_in_json(&value)),
        Err(e) => Err(format!(
            "this JSON holds a value soothe cannot read ({e}); check the numbers in it"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_the_check_cannot_read_is_refused_not_let_through() {
        let message =
            find_in_json_text(br#"{"name":"a\u0000b","skipped":1e400}"#).expect_err("refused");
        assert!(message.contains("cannot read"), "{message}");
        assert_eq!(
            find_in_json_text(br#"{"name":"plain","n":1e400}"#),
            Ok(None)
        );
        let found = find_in_json_text(br#"{"name":"a\u0000b"}"#).expect("readable");
        assert_eq!(found.map(|e| e.field).as_deref(), Some("name"));
    }

    #[test]
    fn free_text_may_break_lines_but_names_may_not() {
        assert!(check("note", "first line\nsecond\tline\r\n").is_ok());
        assert!(check("events[0].note", "a\nb").is_ok());
        assert!(check("cleared_advice_born_early", "a\nb").is_ok());
        assert!(check("name", "Léa\nx").is_err());
        assert!(
            check("note", "a\0b")
                .expect_err("refused")
                .to_string()
                .contains("U+0000")
        );
        assert!(
            check("name", "a\u{7f}")
                .expect_err("refused")
                .to_string()
                .contains("U+007F")
        );
        assert!(check("name", "a\u{85}").is_err());
        assert!(check("name", "Léa 🍼").is_ok());
    }

    #[test]
    fn json_paths_name_the_field() {
        let v = serde_json::json!({"baby": {"name": "a\u{0}"}, "events": [{"note": "ok\n"}, {"note": "\u{1b}"}]});
        assert_eq!(
            find_in_json(&v).map(|f| f.field).as_deref(),
            Some("baby.name")
        );
        let v = serde_json::json!({"events": [{"note": "ok\n"}, {"note": "\u{1b}"}]});
        assert_eq!(
            find_in_json(&v).map(|f| f.field).as_deref(),
            Some("events[1].note")
        );
        assert_eq!(find_in_json_text(br#"{"name": "plain"}"#), Ok(None));
        assert_eq!(
            find_in_json_text(br#"{"name": "a\u0000"}"#)
                .ok()
                .flatten()
                .map(|f| f.field)
                .as_deref(),
            Some("name")
        );
    }
}
