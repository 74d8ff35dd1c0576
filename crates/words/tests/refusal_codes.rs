//! Every refusal code soothe can give is worded in every language, and no code is given that
//! is not in the one list (`soothe_core::journal::CODES`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use soothe_core::journal::CODES;
use soothe_words::{Lang, Words, refusal_key};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The text of a call from its opening parenthesis to the matching closing one.
fn call_args(text: &str) -> &str {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &text[..=i];
                }
            }
            _ => {}
        }
    }
    text
}

fn is_code_like(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
}

/// Every string literal passed to a refusal's constructor in the crates' sources, with where
/// it was found. The constructors are the only way to make a refusal, so this is every code
/// given (a code passed through a variable is checked at run time by the constructors'
/// `debug_assert`).
fn codes_in_sources() -> Vec<(String, String)> {
    const CALLS: [&str; 10] = [
        "FieldError::new(",
        "Invalid::new(",
        "Error::invalid(",
        "Error::conflict(",
        "Error::refused(",
        "Error::not_ready(",
        "InputError::field(",
        "Error::Unauthorized(",
        " bad(",
        "(bad(",
    ];
    let mut files = Vec::new();
    for krate in ["core", "app", "server", "soothe", "words"] {
        rust_files(&root().join("crates").join(krate).join("src"), &mut files);
    }
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a source file");
        for call in CALLS {
            let mut rest = text.as_str();
            while let Some(i) = rest.find(call) {
                let at = &rest[i + call.len() - 1..];
                rest = &rest[i + call.len()..];
                let args = call_args(at);
                // Each literal in the call that looks like a code (field names have `_`,
                // `.` or `[`; a code is kebab-case). The last one is the code.
                let literals: Vec<&str> = args
                    .split('"')
                    .skip(1)
                    .step_by(2)
                    // (`cli-…` are the command line's own message keys, not codes.)
                    .filter(|s| is_code_like(s) && s.contains('-') && !s.starts_with("cli-"))
                    .collect();
                if let Some(code) = literals.last() {
                    found.push(((*code).to_owned(), file.display().to_string()));
                }
            }
        }
        // Codes named outside a constructor: `code: "…"` and the invitation codes.
        for marker in [
            "=> \"invitation-",
            "code = \"",
            "=> \"cursor-",
            "=> \"name-missing",
            "=> \"id-invalid",
            "=> \"time-zone",
            "=> \"language-",
            "=> \"control-character",
        ] {
            let mut rest = text.as_str();
            while let Some(i) = rest.find(marker) {
                let start = i + marker.find('"').unwrap_or(0) + 1;
                let code: String = rest[start..].chars().take_while(|c| *c != '"').collect();
                rest = &rest[start..];
                if is_code_like(&code) {
                    found.push((code, file.display().to_string()));
                }
            }
        }
    }
    found
}

#[test]
fn every_code_has_a_message_in_every_language() {
    let mut missing = Vec::new();
    for lang in [Lang::En, Lang::Es] {
        let w = Words::for_lang(lang);
        for code in CODES {
            if !w.has(&refusal_key(code)) {
                missing.push(format!("{lang}: {}", refusal_key(code)));
            }
        }
    }
    assert!(missing.is_empty(), "codes without a message: {missing:?}");
}

#[test]
fn codes_are_listed_once_and_kebab_case() {
    let mut seen = BTreeSet::new();
    for code in CODES {
        assert!(is_code_like(code), "`{code}` is not kebab-case");
        assert!(seen.insert(code), "`{code}` is listed twice");
    }
}

#[test]
fn no_code_is_given_that_is_not_in_the_list() {
    let found = codes_in_sources();
    // The scan finds the codes it should: it is not vacuous.
    for known in [
        "last-owner",
        "clinician-only",
        "too-long",
        "phone-char",
        "gestation-invalid",
    ] {
        assert!(
            found.iter().any(|(c, _)| c == known),
            "the scan no longer finds `{known}`: {found:?}"
        );
    }
    let unknown: Vec<_> = found
        .iter()
        .filter(|(c, _)| !CODES.contains(&c.as_str()))
        .collect();
    assert!(unknown.is_empty(), "codes not in CODES: {unknown:?}");
}

#[test]
fn every_code_is_worded_differently_in_spanish() {
    // The messages as written (rendering needs each message's own values).
    let source = |lang: &str| -> std::collections::BTreeMap<String, String> {
        let path = root().join("content/locales").join(lang).join("errors.ftl");
        let text = std::fs::read_to_string(path).expect("errors.ftl");
        let mut out = std::collections::BTreeMap::new();
        let mut key = String::new();
        for line in text.lines() {
            if let Some((k, v)) = line
                .split_once(" = ")
                .filter(|(k, _)| !k.starts_with([' ', '#']))
            {
                key = k.to_owned();
                out.insert(key.clone(), v.to_owned());
            } else if line.starts_with(' ') && !key.is_empty() {
                out.entry(key.clone()).or_default().push_str(line);
            }
        }
        out
    };
    let (en, es) = (source("en"), source("es"));
    for code in CODES {
        if code.starts_with("json-invalid") {
            continue;
        }
        let key = refusal_key(code);
        let (Some(e), Some(s)) = (en.get(&key), es.get(&key)) else {
            panic!("`{key}` is not in both errors.ftl files");
        };
        assert_ne!(e, s, "`{code}` reads the same in Spanish");
    }
}
