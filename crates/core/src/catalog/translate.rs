//! The catalog in every language.
//!
//! The English files under `content/` hold the catalog's structure and its English texts.
//! A language's files (`content/es/…`, one per English file that has texts) hold only the
//! texts, by item id: titles, descriptions, spoken steps, cue words, oil notes, claim texts,
//! rule messages, session phrases and safety notices. Loading lays them over the English
//! items, so durations, body areas, grades, flags and sources cannot drift between
//! languages: a translation file has no place to write them. A missing text, an id the
//! English catalog does not have, a step list of the wrong length or a rule message with
//! other placeholders is a load problem naming the file, the item, the field and the
//! language.
//!
//! The pseudo-locale is the English catalog with every text wrapped in markers
//! ([`crate::lang::pseudo`]), for the tests that look for text that did not come from
//! content.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use serde::Deserialize;

use super::{Catalog, CatalogError, CatalogFile, EMBEDDED, Located, Problem};
use crate::lang::{Lang, pseudo};
use crate::readiness::rule::placeholders_in;

/// The Spanish texts compiled into soothe, one file per English file that has texts
/// (`sources.toml` has none: citations stay as published).
pub const EMBEDDED_ES: &[CatalogFile<'static>] = text_files!(embedded_files!("es/":));

/// The catalog of every language, each validated, all with the same ids.
#[derive(Debug, Clone)]
pub struct Catalogs {
    en: Arc<Catalog>,
    es: Arc<Catalog>,
    pseudo: Arc<Catalog>,
}

impl Catalogs {
    /// The catalogs embedded in soothe (English, Spanish and the pseudo-locale). The test
    /// suite validates them, so this cannot fail in a released build; the error is still
    /// returned rather than hidden.
    pub fn embedded() -> Result<Catalogs, CatalogError> {
        Catalogs::load(EMBEDDED, EMBEDDED_ES)
    }

    /// Loads the English `files` and the Spanish `es` texts laid over them, and builds the
    /// pseudo-locale; every problem of every language is returned together.
    pub fn load(
        files: &[CatalogFile<'_>],
        es: &[CatalogFile<'_>],
    ) -> Result<Catalogs, CatalogError> {
        // The texts are judged against the English structure: a broken English catalog is
        // reported alone, once.
        let en = Arc::new(Catalog::load_lang(files, Lang::En, &[])?);
        let pseudo = Arc::new(Catalog::load_lang(files, Lang::Pseudo, &[])?);
        let es = Arc::new(Catalog::load_lang(files, Lang::Es, es)?);
        Ok(Catalogs { en, es, pseudo })
    }

    /// The catalog in `lang`.
    pub fn get(&self, lang: Lang) -> &Arc<Catalog> {
        match lang {
            Lang::En => &self.en,
            Lang::Es => &self.es,
            Lang::Pseudo => &self.pseudo,
        }
    }

    /// The English catalog.
    pub fn english(&self) -> &Arc<Catalog> {
        &self.en
    }
}

/// The name of `lang`'s translation of the English file `name`, where `root` is the folder
/// every English file is under: with root `content/`, `content/strokes.toml` is translated
/// in `content/es/strokes.toml` and `content/routines/bedtime.toml` in
/// `content/es/routines/bedtime.toml`.
pub fn translation_name(root: &str, name: &str, lang: Lang) -> String {
    let rest = name.strip_prefix(root).unwrap_or(name);
    format!("{root}{}/{rest}", lang.id())
}

/// The folder every name is under, ending in `/` (empty when they share none).
fn common_root<'a>(mut names: impl Iterator<Item = &'a str>) -> String {
    let Some(first) = names.next() else {
        return String::new();
    };
    let mut root = &first[..first.rfind('/').map_or(0, |i| i + 1)];
    for name in names {
        while !name.starts_with(root) {
            root = &root[..root[..root.len() - 1].rfind('/').map_or(0, |i| i + 1)];
        }
    }
    root.to_owned()
}

/// One language's texts for one English file, by item id.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TextFile {
    #[serde(default)]
    stroke: BTreeMap<String, StrokeText>,
    #[serde(default)]
    routine: BTreeMap<String, RoutineText>,
    #[serde(default)]
    cue: BTreeMap<String, CueText>,
    #[serde(default)]
    oil: BTreeMap<String, OilText>,
    #[serde(default)]
    claim: BTreeMap<String, ClaimText>,
    #[serde(default)]
    topic: BTreeMap<String, TopicText>,
    #[serde(default)]
    term: BTreeMap<String, TermText>,
    #[serde(default)]
    rule: BTreeMap<String, RuleTextText>,
    #[serde(default)]
    phrase: BTreeMap<String, PhraseText>,
    #[serde(default)]
    notice: BTreeMap<String, NoticeText>,
    #[serde(default)]
    section: BTreeMap<String, SectionText>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct StrokeText {
    name: Option<String>,
    how: Option<String>,
    pressure: Option<String>,
    note: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoutineText {
    title: Option<String>,
    purpose: Option<String>,
    permission: Option<String>,
    closing: Option<String>,
    #[serde(default)]
    steps: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CueText {
    name: Option<String>,
    looks_like: Option<String>,
    respond: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct OilText {
    name: Option<String>,
    what: Option<String>,
    guidance: Option<String>,
    allergy: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimText {
    benefit: Option<String>,
    population: Option<String>,
    why: Option<String>,
    summary: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicText {
    title: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TermText {
    word: Option<String>,
    means: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleTextText {
    title: Option<String>,
    message: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PhraseText {
    say: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoticeText {
    title: Option<String>,
    intro: Option<String>,
    #[serde(default)]
    items: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionText {
    title: Option<String>,
    #[serde(default)]
    paragraphs: Vec<String>,
}

/// Collects the problems of laying one language's texts over the English items.
struct Overlay {
    lang: Lang,
    problems: Vec<Problem>,
}

impl Overlay {
    fn add(&mut self, file: &str, kind: &str, id: &str, message: String) {
        self.problems.push(Problem {
            lang: Some(self.lang),
            file: file.to_owned(),
            item: Some(format!("{kind} `{id}`")),
            message,
        });
    }

    /// The translated text of a required field, or the English one and a problem.
    fn text(
        &mut self,
        file: &str,
        kind: &str,
        id: &str,
        field: &str,
        english: &mut String,
        text: Option<String>,
    ) {
        match text {
            Some(t) if !t.trim().is_empty() => *english = t,
            _ => {
                let message = format!("missing the `{}` translation of `{field}`", self.lang);
                self.add(file, kind, id, message);
            }
        }
    }

    /// An optional field: translated exactly when the English one is there.
    fn optional(
        &mut self,
        file: &str,
        kind: &str,
        id: &str,
        field: &str,
        english: &mut Option<String>,
        text: Option<String>,
    ) {
        match (english.as_mut(), text) {
            (Some(e), t) => self.text(file, kind, id, field, e, t),
            (None, Some(_)) => self.add(
                file,
                kind,
                id,
                format!("has `{field}`, which the English item does not have"),
            ),
            (None, None) => {}
        }
    }

    /// A list of texts with the English list's length.
    fn list(
        &mut self,
        file: &str,
        kind: &str,
        id: &str,
        field: &str,
        english: &mut [&mut String],
        texts: Vec<String>,
    ) {
        if texts.len() != english.len() {
            self.add(
                file,
                kind,
                id,
                format!(
                    "`{field}` has {} text(s) but the English item has {}: missing or extra `{}` translations",
                    texts.len(),
                    english.len(),
                    self.lang
                ),
            );
            return;
        }
        for (i, (e, t)) in english.iter_mut().zip(texts).enumerate() {
            self.text(file, kind, id, &format!("{field}[{i}]"), e, Some(t));
        }
    }
}

/// Takes one item's texts out of the translation file for `english_file`, or reports it
/// missing.
fn take<T>(
    o: &mut Overlay,
    files: &mut BTreeMap<String, (String, TextFile)>,
    english_file: &str,
    pick: fn(&mut TextFile) -> &mut BTreeMap<String, T>,
    kind: &str,
    id: &str,
) -> Option<(String, T)> {
    // A missing file is reported once, not once per item.
    let (name, texts) = files.get_mut(english_file)?;
    match pick(texts).remove(id) {
        Some(t) => Some((name.clone(), t)),
        None => {
            let message = format!("has no `{}` translation in {name}", o.lang);
            o.add(name, kind, id, message);
            None
        }
    }
}

/// Lays `lang`'s texts over the English items: the translated items, each filed under its
/// translation file, and every problem found. The pseudo-locale needs no files: it wraps
/// the English texts.
pub(crate) fn translated(
    mut located: Located,
    lang: Lang,
    translations: &[CatalogFile<'_>],
) -> (Located, Vec<Problem>) {
    if lang == Lang::Pseudo {
        wrap_in_markers(&mut located);
        return (located, Vec::new());
    }
    let mut o = Overlay {
        lang,
        problems: Vec::new(),
    };
    // The English files with texts, and the translation file of each.
    let english: HashSet<String> = english_files(&located);
    let root = common_root(english.iter().map(String::as_str));
    let name_of = |base: &str| translation_name(&root, base, lang);
    let mut files: BTreeMap<String, (String, TextFile)> = BTreeMap::new();
    for f in translations {
        let base = english.iter().find(|e| name_of(e) == f.name).cloned();
        let Some(base) = base else {
            o.problems.push(Problem {
                lang: Some(lang),
                file: f.name.to_owned(),
                item: None,
                message: "translates no English catalog file (expected the English file's path under a language folder, e.g. content/es/strokes.toml)".to_owned(),
            });
            continue;
        };
        match toml::from_str::<TextFile>(f.text) {
            Ok(t) => {
                files.insert(base, (f.name.to_owned(), t));
            }
            Err(e) => o.problems.push(Problem {
                lang: Some(lang),
                file: f.name.to_owned(),
                item: None,
                message: super::toml_message(&e, f.text),
            }),
        }
    }
    for base in &english {
        if !files.contains_key(base) {
            o.problems.push(Problem {
                lang: Some(lang),
                file: name_of(base),
                item: None,
                message: format!("missing: the `{lang}` texts of {base}"),
            });
        }
    }

    for (file, s) in &mut located.strokes {
        let Some((name, t)) = take(
            &mut o,
            &mut files,
            file,
            |f| &mut f.stroke,
            "stroke",
            s.id.as_str(),
        ) else {
            continue;
        };
        let id = s.id.to_string();
        o.text(&name, "stroke", &id, "name", &mut s.name, t.name);
        o.text(&name, "stroke", &id, "how", &mut s.how, t.how);
        o.text(
            &name,
            "stroke",
            &id,
            "pressure",
            &mut s.pressure,
            t.pressure,
        );
        o.optional(&name, "stroke", &id, "note", &mut s.note, t.note);
        *file = name;
    }
    for (file, r) in &mut located.routines {
        let Some((name, t)) = take(
            &mut o,
            &mut files,
            file,
            |f| &mut f.routine,
            "routine",
            r.id.as_str(),
        ) else {
            continue;
        };
        let id = r.id.to_string();
        o.text(&name, "routine", &id, "title", &mut r.title, t.title);
        o.text(&name, "routine", &id, "purpose", &mut r.purpose, t.purpose);
        o.text(
            &name,
            "routine",
            &id,
            "permission",
            &mut r.permission.say,
            t.permission,
        );
        o.text(
            &name,
            "routine",
            &id,
            "closing",
            &mut r.closing.say,
            t.closing,
        );
        let mut says: Vec<&mut String> = r.steps.iter_mut().map(|s| &mut s.say).collect();
        o.list(&name, "routine", &id, "steps", &mut says, t.steps);
        *file = name;
    }
    for (file, c) in &mut located.cues {
        let Some((name, t)) = take(
            &mut o,
            &mut files,
            file,
            |f| &mut f.cue,
            "cue",
            c.id.as_str(),
        ) else {
            continue;
        };
        let id = c.id.to_string();
        o.text(&name, "cue", &id, "name", &mut c.name, t.name);
        o.text(
            &name,
            "cue",
            &id,
            "looks_like",
            &mut c.looks_like,
            t.looks_like,
        );
        o.text(&name, "cue", &id, "respond", &mut c.respond, t.respond);
        *file = name;
    }
    for (file, x) in &mut located.oils {
        let Some((name, t)) = take(
            &mut o,
            &mut files,
            file,
            |f| &mut f.oil,
            "oil",
            x.id.as_str(),
        ) else {
            continue;
        };
        let id = x.id.to_string();
        o.text(&name, "oil", &id, "name", &mut x.name, t.name);
        o.text(&name, "oil", &id, "what", &mut x.what, t.what);
        o.text(&name, "oil", &id, "guidance", &mut x.guidance, t.guidance);
        o.optional(&name, "oil", &id, "allergy", &mut x.allergy, t.allergy);
        *file = name;
    }
    for (file, c) in &mut located.claims {
        let Some((name, t)) = take(
            &mut o,
            &mut files,
            file,
            |f| &mut f.claim,
            "claim",
            c.id.as_str(),
        ) else {
            continue;
        };
        let id = c.id.to_string();
        o.text(&name, "claim", &id, "benefit", &mut c.benefit, t.benefit);
        o.text(
            &name,
            "claim",
            &id,
            "population",
            &mut c.population,
            t.population,
        );
        o.text(&name, "claim", &id, "why", &mut c.why, t.why);
        o.text(&name, "claim", &id, "summary", &mut c.summary, t.summary);
        *file = name;
    }
    for (file, x) in &mut located.topics {
        let Some((name, t)) = take(&mut o, &mut files, file, |f| &mut f.topic, "topic", &x.id)
        else {
            continue;
        };
        let id = x.id.clone();
        o.text(&name, "topic", &id, "title", &mut x.title, t.title);
        *file = name;
    }
    for (file, x) in &mut located.terms {
        let Some((name, t)) = take(&mut o, &mut files, file, |f| &mut f.term, "term", &x.id) else {
            continue;
        };
        let id = x.id.clone();
        o.text(&name, "term", &id, "word", &mut x.word, t.word);
        o.text(&name, "term", &id, "means", &mut x.means, t.means);
        *file = name;
    }
    for (file, x) in &mut located.rules {
        let Some((name, t)) = take(
            &mut o,
            &mut files,
            file,
            |f| &mut f.rule,
            "rule",
            x.id.as_str(),
        ) else {
            continue;
        };
        let id = x.id.to_string();
        let english_message = x.message.clone();
        o.text(&name, "rule", &id, "title", &mut x.title, t.title);
        o.text(&name, "rule", &id, "message", &mut x.message, t.message);
        let mut want: Vec<&str> = placeholders_in(&english_message);
        let mut got: Vec<&str> = placeholders_in(&x.message);
        want.sort_unstable();
        want.dedup();
        got.sort_unstable();
        got.dedup();
        if want != got {
            let missing: Vec<String> = want
                .iter()
                .filter(|p| !got.contains(p))
                .map(|p| format!("{{{p}}}"))
                .collect();
            let extra: Vec<String> = got
                .iter()
                .filter(|p| !want.contains(p))
                .map(|p| format!("{{{p}}}"))
                .collect();
            o.add(
                &name,
                "rule",
                &id,
                format!(
                    "`message` must use the English message's placeholders: missing [{}], not in English [{}]",
                    missing.join(", "),
                    extra.join(", ")
                ),
            );
        }
        *file = name;
    }
    for (file, p) in &mut located.phrases {
        let Some((name, t)) = take(&mut o, &mut files, file, |f| &mut f.phrase, "phrase", &p.id)
        else {
            continue;
        };
        let id = p.id.clone();
        o.text(&name, "phrase", &id, "say", &mut p.say, t.say);
        *file = name;
    }
    for (file, n) in &mut located.notices {
        let Some((name, t)) = take(&mut o, &mut files, file, |f| &mut f.notice, "notice", &n.id)
        else {
            continue;
        };
        let id = n.id.clone();
        o.text(&name, "notice", &id, "title", &mut n.title, t.title);
        if n.intro.is_empty() {
            if t.intro.is_some() {
                o.add(
                    &name,
                    "notice",
                    &id,
                    "has `intro`, which the English item does not have".to_owned(),
                );
            }
        } else {
            o.text(&name, "notice", &id, "intro", &mut n.intro, t.intro);
        }
        let mut items: Vec<&mut String> = n.items.iter_mut().collect();
        o.list(&name, "notice", &id, "items", &mut items, t.items);
        *file = name;
    }

    for (file, x) in &mut located.sections {
        let Some((name, t)) = take(
            &mut o,
            &mut files,
            file,
            |f| &mut f.section,
            "section",
            &x.id,
        ) else {
            continue;
        };
        let id = x.id.clone();
        o.text(&name, "section", &id, "title", &mut x.title, t.title);
        let mut paragraphs: Vec<&mut String> = x.paragraphs.iter_mut().collect();
        o.list(
            &name,
            "section",
            &id,
            "paragraphs",
            &mut paragraphs,
            t.paragraphs,
        );
        *file = name;
    }

    // Whatever is left names an id the English catalog does not have.
    for (base, (name, t)) in files {
        let extra = t
            .stroke
            .keys()
            .map(|k| ("stroke", k))
            .chain(t.routine.keys().map(|k| ("routine", k)))
            .chain(t.cue.keys().map(|k| ("cue", k)))
            .chain(t.oil.keys().map(|k| ("oil", k)))
            .chain(t.claim.keys().map(|k| ("claim", k)))
            .chain(t.topic.keys().map(|k| ("topic", k)))
            .chain(t.term.keys().map(|k| ("term", k)))
            .chain(t.rule.keys().map(|k| ("rule", k)))
            .chain(t.phrase.keys().map(|k| ("phrase", k)))
            .chain(t.notice.keys().map(|k| ("notice", k)))
            .chain(t.section.keys().map(|k| ("section", k)));
        for (kind, id) in extra {
            o.add(
                &name,
                kind,
                id,
                format!("translates an item {base} does not have"),
            );
        }
    }
    (located, o.problems)
}

/// The English files that hold at least one item with texts (every kind but sources).
fn english_files(l: &Located) -> HashSet<String> {
    let mut out = HashSet::new();
    out.extend(l.strokes.iter().map(|(f, _)| f.clone()));
    out.extend(l.routines.iter().map(|(f, _)| f.clone()));
    out.extend(l.cues.iter().map(|(f, _)| f.clone()));
    out.extend(l.oils.iter().map(|(f, _)| f.clone()));
    out.extend(l.claims.iter().map(|(f, _)| f.clone()));
    out.extend(l.topics.iter().map(|(f, _)| f.clone()));
    out.extend(l.terms.iter().map(|(f, _)| f.clone()));
    out.extend(l.rules.iter().map(|(f, _)| f.clone()));
    out.extend(l.phrases.iter().map(|(f, _)| f.clone()));
    out.extend(l.notices.iter().map(|(f, _)| f.clone()));
    out.extend(l.sections.iter().map(|(f, _)| f.clone()));
    out
}

/// The pseudo-locale: every text a person reads or hears, wrapped in markers. Placeholders
/// stay as they are, inside the markers.
fn wrap_in_markers(l: &mut Located) {
    let w = |s: &mut String| {
        if !s.is_empty() {
            *s = pseudo(s);
        }
    };
    for (_, s) in &mut l.strokes {
        w(&mut s.name);
        w(&mut s.how);
        w(&mut s.pressure);
        s.note.as_mut().map(w);
    }
    for (_, r) in &mut l.routines {
        w(&mut r.title);
        w(&mut r.purpose);
        w(&mut r.permission.say);
        w(&mut r.closing.say);
        r.steps.iter_mut().for_each(|s| w(&mut s.say));
    }
    for (_, c) in &mut l.cues {
        w(&mut c.name);
        w(&mut c.looks_like);
        w(&mut c.respond);
    }
    for (_, o) in &mut l.oils {
        w(&mut o.name);
        w(&mut o.what);
        w(&mut o.guidance);
        o.allergy.as_mut().map(w);
    }
    for (_, c) in &mut l.claims {
        w(&mut c.benefit);
        w(&mut c.population);
        w(&mut c.why);
        w(&mut c.summary);
    }
    for (_, t) in &mut l.topics {
        w(&mut t.title);
    }
    for (_, t) in &mut l.terms {
        w(&mut t.word);
        w(&mut t.means);
    }
    for (_, r) in &mut l.rules {
        w(&mut r.title);
        w(&mut r.message);
    }
    for (_, p) in &mut l.phrases {
        w(&mut p.say);
    }
    for (_, n) in &mut l.notices {
        w(&mut n.title);
        w(&mut n.intro);
        n.items.iter_mut().for_each(w);
    }
    for (_, x) in &mut l.sections {
        w(&mut x.title);
        x.paragraphs.iter_mut().for_each(w);
    }
}
