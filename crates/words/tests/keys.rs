//! The message files are complete: English and Spanish have the same keys with the same
//! variables, no key is defined twice, and every key the web pages, the page frame and the
//! scripts use exists. A missing message is a test failure here, never a panic at run time.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use soothe_words::{Lang, Words};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files(&p, ext));
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Each message of a language: its key → the variables it uses.
fn messages(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
    texts_and_vars(lang)
        .into_iter()
        .map(|(k, (_, v))| (k, v))
        .collect()
}

/// Each message of a language: its key → its text and the variables it uses.
fn texts_and_vars(lang: &str) -> BTreeMap<String, (String, BTreeSet<String>)> {
    let mut out: BTreeMap<String, (String, BTreeSet<String>)> = BTreeMap::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for file in files(&root().join("content/locales").join(lang), "ftl") {
        let text = std::fs::read_to_string(&file).expect("a message file");
        let name = file.display().to_string();
        let mut current: Option<String> = None;
        for line in text.lines() {
            let starts_message = line.chars().next().is_some_and(|c| c.is_ascii_lowercase());
            if starts_message {
                let (key, _) = line
                    .split_once(" =")
                    .unwrap_or_else(|| panic!("{name}: `{line}`"));
                let key = key.trim().to_owned();
                if let Some(first) = seen.insert(key.clone(), name.clone()) {
                    panic!("{lang}: `{key}` is defined twice ({first}, {name})");
                }
                out.entry(key.clone()).or_default();
                current = Some(key);
            } else if !line.starts_with(' ') {
                current = None;
            }
            if let Some(key) = &current {
                let (body, vars) = out.entry(key.clone()).or_default();
                body.push_str(line.split_once(" =").map_or(line, |(_, b)| b));
                body.push('\n');
                let mut rest = line;
                while let Some(i) = rest.find('$') {
                    rest = &rest[i + 1..];
                    let var: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                        .collect();
                    vars.insert(var);
                }
            }
        }
    }
    out
}

/// The keys named in code: `t("key")`, `t1("key"`, `t2("key"`, `t_args("key"` and the
/// script words list.
fn used_keys() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let server = root().join("crates/server");
    let mut sources = files(&server.join("templates"), "html");
    sources.extend(files(&server.join("src"), "rs"));
    for file in sources {
        let text = std::fs::read_to_string(&file).expect("a source file");
        for call in ["t(\"", "t1(\"", "t2(\"", "t_args(\""] {
            let mut rest = text.as_str();
            while let Some(i) = rest.find(call) {
                let before = rest[..i].chars().last();
                rest = &rest[i + call.len()..];
                if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                    continue;
                }
                let key: String = rest.chars().take_while(|c| *c != '"').collect();
                if key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && !key.is_empty()
                {
                    out.insert(key, file.display().to_string());
                }
            }
        }
    }
    // The words the scripts read, listed in view.rs.
    let view = std::fs::read_to_string(server.join("src/web/view.rs")).expect("view.rs");
    for list in ["const SCRIPT_WORDS", "const PLAYER_WORDS"] {
        let start = view
            .find(list)
            .unwrap_or_else(|| panic!("view.rs has no {list}"));
        let block = &view[start..];
        let block = &block[..block.find("];").unwrap_or(block.len())];
        // Keys have a dash; the variable names listed with them do not.
        for part in block
            .split('"')
            .skip(1)
            .step_by(2)
            .filter(|p| p.contains('-'))
        {
            out.insert(part.to_owned(), format!("view.rs {list}"));
        }
    }
    for role in ["role-owner", "role-caregiver", "role-viewer"] {
        out.insert(role.to_owned(), "view.rs role_key".to_owned());
    }
    out
}

#[test]
fn english_and_spanish_have_the_same_keys_and_variables() {
    let en = messages("en");
    let es = messages("es");
    assert!(en.len() > 100, "only {} English messages", en.len());
    let mut problems = Vec::new();
    for (key, vars) in &en {
        match es.get(key) {
            None => problems.push(format!("es lacks `{key}`")),
            Some(v) if v != vars => {
                problems.push(format!("`{key}`: en uses {vars:?}, es uses {v:?}"));
            }
            Some(_) => {}
        }
    }
    for key in es.keys() {
        if !en.contains_key(key) {
            problems.push(format!("en lacks `{key}` (only in es)"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_key_used_exists_in_every_language() {
    let used = used_keys();
    assert!(used.len() > 100, "only {} keys found in use", used.len());
    let mut missing = Vec::new();
    for lang in Lang::CHOOSABLE {
        let w = Words::for_lang(*lang);
        for (key, file) in &used {
            if !w.has(key) {
                missing.push(format!("{lang}: `{key}` (used in {file})"));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn dates_have_every_month_and_weekday() {
    for lang in Lang::CHOOSABLE {
        let w = Words::for_lang(*lang);
        for n in 1..=12 {
            assert!(w.has(&format!("month-{n}")), "{lang} month {n}");
            assert!(w.has(&format!("month-{n}-short")), "{lang} month {n}");
        }
        for n in 1..=7 {
            assert!(w.has(&format!("weekday-{n}")), "{lang} weekday {n}");
            assert!(w.has(&format!("weekday-{n}-short")), "{lang} weekday {n}");
        }
    }
}

#[test]
fn spanish_is_not_english() {
    // A message copied over untranslated is easy to miss; only names and units may match.
    let same_allowed = [
        "brand",
        "language-en",
        "language-es",
        "error-status",
        "minutes",
        "player-s",
        "date-day-hm",
        "date-day-year-hm",
        "span-s",
        "span-min",
        "span-h",
        "span-h-min",
        // A dash for "nothing yet", a span of two times, a kind's name before a colon.
        "dur-none",
        "journal-when-span",
        "today-earlier-of",
        // Punctuation around values only: a field's label and its refusal.
        "refusal-named",
        // A percentile line's name on a growth chart: `P50` in both.
        "growth-line-name",
        // The mark beside a cue button that opens its entry in the cue guide: `?` in both.
        "pl-cue-help-mark",
    ];
    let en = texts_and_vars("en");
    let es = texts_and_vars("es");
    let mut same = Vec::new();
    for (key, (text, _)) in &en {
        let spanish = es.get(key).map(|(t, _)| t);
        // The journal's units (`jw-u-kg`, `jw-unit-celsius`) read the same in both.
        let unit = key.starts_with("jw-u");
        if !same_allowed.contains(&key.as_str()) && !unit && spanish == Some(text) {
            same.push(key.clone());
        }
    }
    assert!(same.is_empty(), "untranslated: {same:?}");
}
