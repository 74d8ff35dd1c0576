//! Plain words in every message: no message a person reads says a word from its language's
//! jargon list (`content/words/<lang>.toml`, `[jargon]`), the list the catalog check holds
//! the catalog's texts to. The words are matched as the catalog check matches them
//! (`WordLists::jargon_in`); only what a reader sees is looked at: the text of a message and
//! of each of its variants, not its key, its variables or its variant keys.

use std::path::{Path, PathBuf};

use soothe_core::catalog::{WORD_FILES, WordLists};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `.ftl` files of a language, sorted.
fn ftl_files(lang: &str) -> Vec<PathBuf> {
    let dir = root().join("content/locales").join(lang);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
        .collect();
    out.sort();
    out
}

/// Each message of a message file: its key and its value (every line of it, as written).
/// A message starts on a line that starts with its key; its value goes on over the lines
/// that start with a space.
fn messages(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut open = false;
    for line in text.lines() {
        if line.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
            let (key, value) = line.split_once(" =").unwrap_or((line, ""));
            out.push((key.trim().to_owned(), value.to_owned()));
            open = true;
        } else if open && line.starts_with(' ') {
            if let Some((_, value)) = out.last_mut() {
                value.push('\n');
                value.push_str(line);
            }
        } else {
            open = false;
        }
    }
    out
}

/// What a reader can see of a message's value: its text, the text of every variant of a
/// select and any string literal (`{" "}`), without variables, message references,
/// functions or variant keys.
fn shown(value: &str) -> String {
    let c: Vec<char> = value.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    pattern(&c, &mut i, &mut out, false);
    out
}

/// Text up to the end, or, in a variant, up to the `}` that closes the select or a line
/// that starts the next variant (`[` or `*[`).
fn pattern(c: &[char], i: &mut usize, out: &mut String, in_variant: bool) {
    while *i < c.len() {
        match c[*i] {
            '{' => {
                *i += 1;
                placeable(c, i, out);
            }
            '}' if in_variant => return,
            '\n' if in_variant => {
                let next = c[*i + 1..].iter().find(|ch| !ch.is_whitespace());
                if matches!(next, Some('[' | '*' | '}')) {
                    return;
                }
                out.push(' ');
                *i += 1;
            }
            ch => {
                out.push(ch);
                *i += 1;
            }
        }
    }
}

/// After a `{`: string literals are shown, the rest of an expression is not; a select's
/// variants are. Leaves `i` after the closing `}`.
fn placeable(c: &[char], i: &mut usize, out: &mut String) {
    while *i < c.len() {
        match c[*i] {
            '}' => {
                *i += 1;
                return;
            }
            '"' => {
                *i += 1;
                while *i < c.len() && c[*i] != '"' {
                    if c[*i] == '\\' {
                        *i += 1;
                    }
                    if let Some(ch) = c.get(*i) {
                        out.push(*ch);
                    }
                    *i += 1;
                }
                *i += 1;
            }
            '{' => {
                *i += 1;
                placeable(c, i, out);
            }
            '-' if c.get(*i + 1) == Some(&'>') => {
                *i += 2;
                variants(c, i, out);
                return;
            }
            _ => *i += 1,
        }
    }
}

/// A select's variants, up to and past its closing `}`.
fn variants(c: &[char], i: &mut usize, out: &mut String) {
    while *i < c.len() {
        match c[*i] {
            '}' => {
                *i += 1;
                return;
            }
            '[' => {
                while *i < c.len() && c[*i] != ']' {
                    *i += 1;
                }
                *i += 1;
                out.push(' ');
                pattern(c, i, out, true);
                out.push(' ');
            }
            _ => *i += 1,
        }
    }
}

/// Every jargon word a message of `files` ((name, text)) shows, as
/// "<file>: `<key>` says `<word>`: say \"<plain words>\"".
fn jargon_in_files(lists: &WordLists, files: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (name, text) in files {
        for (key, value) in messages(text) {
            for (jargon, plain) in lists.jargon_in(&shown(&value)) {
                out.push(format!("{name}: `{key}` says `{jargon}`: say \"{plain}\""));
            }
        }
    }
    out
}

/// A language's message files: (name, text).
type Files = Vec<(String, String)>;

/// The word lists of each language with texts, and the language's message files.
fn languages() -> Vec<(&'static str, WordLists, Files)> {
    WORD_FILES
        .iter()
        .map(|(lang, name, text)| {
            let lists = WordLists::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let files = ftl_files(lang.id())
                .into_iter()
                .map(|p| {
                    let text = std::fs::read_to_string(&p).expect("a message file");
                    let name = p.strip_prefix(root()).unwrap_or(&p).display().to_string();
                    (name, text)
                })
                .collect();
            (lang.id(), lists, files)
        })
        .collect()
}

#[test]
fn no_message_says_a_word_of_its_languages_jargon_list() {
    let langs = languages();
    assert_eq!(
        langs.iter().map(|(l, _, _)| *l).collect::<Vec<_>>(),
        ["en", "es"]
    );
    let mut found = Vec::new();
    for (lang, lists, files) in &langs {
        assert!(files.len() >= 20, "{lang}: {} message files", files.len());
        let count: usize = files.iter().map(|(_, t)| messages(t).len()).sum();
        assert!(count >= 500, "{lang}: only {count} messages read");
        assert!(lists.jargon.len() >= 5, "{lang}: {:?}", lists.jargon);
        found.extend(jargon_in_files(lists, files));
    }
    assert!(
        found.is_empty(),
        "messages in words a parent may not know:\n{}",
        found.join("\n")
    );
}

/// The scan finds jargon in a message's text and in a select's variants, names the file, the
/// key and the word, and leaves alone what no reader sees: keys, variables, variant keys.
#[test]
fn the_scan_names_file_key_and_word_and_skips_what_is_not_shown() {
    let (_, en, _) = languages().into_iter().next().expect("English");
    let ftl = "\
# A comment about preterm babies is not shown.
plain = Ask your doctor or nurse.
asks-a-clinician = Ask { $clinician }, for { $preterm } babies.
says = For trained clinicians only.
multi =
    A first line,
    then a preterm baby.
select = { $n ->
    [preterm] born early
   *[other] { $n } neonates
}
literal = {\"NICU\"} ward
";
    let files = vec![("content/locales/en/x.ftl".to_owned(), ftl.to_owned())];
    assert_eq!(
        jargon_in_files(&en, &files),
        [
            "content/locales/en/x.ftl: `says` says `clinicians`: say \"doctors and nurses\"",
            "content/locales/en/x.ftl: `multi` says `preterm`: say \"born early\"",
            "content/locales/en/x.ftl: `select` says `neonates`: say \"newborns\"",
            "content/locales/en/x.ftl: `literal` says `NICU`: say \"newborn unit in hospital\"",
        ]
    );
}

#[test]
fn shown_text_keeps_variant_text_and_drops_expressions() {
    let words = |v: &str| shown(v).split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(words(" Hello { $name }."), "Hello .");
    assert_eq!(
        words(" { $n ->\n    [one] 1 day\n   *[other] { $n } days\n}"),
        "1 day days"
    );
    assert_eq!(words(" a{\"-\"}b { other-message } c"), "a-b c");
    assert_eq!(
        words(" x { $k ->\n        [a] one\n       *[b] two\n    }; after"),
        "x one two ; after"
    );
}
