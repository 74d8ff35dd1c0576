//! The catalog: routines, strokes, cues, oils, evidence claims, readiness-rule texts and the
//! sources they cite.
//!
//! The catalog is written as TOML files under `content/` and embedded in the binary. Loading
//! is pure: it takes file names and texts and returns a validated [`Catalog`] or every problem
//! found, each naming its file and item. Nothing here reads the file system.

/// `$dir`'s catalog files under `content/`, compiled in, named as they are in the tree.
macro_rules! embedded_files {
    ($dir:literal: $($path:literal),+ $(,)?) => {
        &[$(CatalogFile {
            name: concat!("content/", $dir, $path),
            text: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../content/", $dir, $path)),
        }),+]
    };
}

/// Calls `$m!($args…, files)` with every catalog file that has texts (every one but
/// `sources.toml`: citations stay as published): the one list of the English files and of
/// each language's translations.
macro_rules! text_files {
    ($m:ident!($($args:tt)*)) => {
        $m!($($args)*
            "strokes.toml",
            "cues.toml",
            "oils.toml",
            "evidence.toml",
            "rules.toml",
            "session.toml",
            "safety.toml",
            "teaching.toml",
            "routines/full-body.toml",
            "routines/standard.toml",
            "routines/flexibility.toml",
            "routines/gas-relief.toml",
            "routines/bedtime.toml",
            "routines/newborn-first.toml",
            "routines/preterm-tks.toml",
            "routines/on-the-move.toml",
        )
    };
}

pub mod drawing;
mod teaching;
mod translate;
mod types;
mod validate;
mod words;

pub use teaching::SECTIONS;

pub use translate::{Catalogs, EMBEDDED_ES, translation_name};
pub use types::*;
pub use validate::{RESTING_HANDS, turns_onto_back};
pub use words::{WORD_FILES, WordLists};

use serde::Deserialize;

use crate::ids::{ClaimId, CueId, OilId, RoutineId, SourceId, StrokeId};
use crate::lang::Lang;

/// One catalog file: its name (used in error messages) and its text.
#[derive(Debug, Clone, Copy)]
pub struct CatalogFile<'a> {
    /// The file name, e.g. `content/strokes.toml`.
    pub name: &'a str,
    /// The TOML text.
    pub text: &'a str,
}

/// The catalog files compiled into soothe: the English ones under `content/`, and the
/// files without texts (sources, drawings).
pub const EMBEDDED: &[CatalogFile<'static>] = text_files!(embedded_files!("":
    "sources.toml",
    "drawings.toml",
    "drawings/figures/on_back.svg",
    "drawings/figures/on_tummy.svg",
    "drawings/figures/in_lap.svg",
));

/// The session phrases every catalog must have.
pub const PHRASES: &[&str] = &[
    "cue_pause",
    "resume",
    "skip_area",
    "comfort",
    "ended_asleep",
    "ended_relief",
    "ended_completed",
    "ended_parent_stopped",
    "ended_abandoned",
    "prepare",
    "ended_alarm",
    "turn_onto_back",
];

/// The safety notices every catalog must have (`content/safety.toml`): the preparation
/// check before every massage, the gas-relief red flags, the skin-to-skin care page.
pub const NOTICES: &[&str] = &["prepare", "gas_red_flags", "skin_to_skin"];

/// One problem found while loading the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The language whose catalog has the problem; `None` for the English catalog and the
    /// files every language shares.
    pub lang: Option<Lang>,
    /// The file the problem is in.
    pub file: String,
    /// The item, as `kind `id``, when the problem belongs to one.
    pub item: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(lang) = self.lang {
            write!(f, "[{lang}] ")?;
        }
        match &self.item {
            Some(item) => write!(f, "{}: {}: {}", self.file, item, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// The catalog did not load; every problem found is listed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the catalog has {} problem(s):\n{}", .problems.len(), .problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n"))]
pub struct CatalogError {
    /// Every problem, in file order.
    pub problems: Vec<Problem>,
}

/// A validated catalog. Every reference in it resolves.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    sources: Vec<Source>,
    strokes: Vec<Stroke>,
    routines: Vec<Routine>,
    cues: Vec<Cue>,
    oils: Vec<Oil>,
    claims: Vec<Claim>,
    topics: Vec<Topic>,
    terms: Vec<Term>,
    rules: Vec<RuleText>,
    phrases: Vec<Phrase>,
    notices: Vec<Notice>,
    drawings: drawing::Drawings,
    sections: Vec<Section>,
}

/// The shape of one catalog file: any of the item lists, each optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileItems {
    #[serde(default)]
    source: Vec<Source>,
    #[serde(default)]
    stroke: Vec<Stroke>,
    #[serde(default)]
    routine: Vec<Routine>,
    #[serde(default)]
    cue: Vec<Cue>,
    #[serde(default)]
    oil: Vec<Oil>,
    #[serde(default)]
    claim: Vec<Claim>,
    #[serde(default)]
    topic: Vec<Topic>,
    #[serde(default)]
    term: Vec<Term>,
    #[serde(default)]
    rule: Vec<RuleText>,
    #[serde(default)]
    phrase: Vec<Phrase>,
    #[serde(default)]
    notice: Vec<Notice>,
    #[serde(default)]
    section: Vec<Section>,
}

/// Items with the file each came from, before validation.
#[derive(Debug, Default, Clone)]
pub(crate) struct Located {
    pub(crate) sources: Vec<(String, Source)>,
    pub(crate) strokes: Vec<(String, Stroke)>,
    pub(crate) routines: Vec<(String, Routine)>,
    pub(crate) cues: Vec<(String, Cue)>,
    pub(crate) oils: Vec<(String, Oil)>,
    pub(crate) claims: Vec<(String, Claim)>,
    pub(crate) topics: Vec<(String, Topic)>,
    pub(crate) terms: Vec<(String, Term)>,
    pub(crate) rules: Vec<(String, RuleText)>,
    pub(crate) phrases: Vec<(String, Phrase)>,
    pub(crate) notices: Vec<(String, Notice)>,
    pub(crate) sections: Vec<(String, Section)>,
}

impl Catalog {
    /// The catalog embedded in soothe. It is validated by the test suite, so this cannot fail
    /// in a released build; the error is still returned rather than hidden.
    pub fn embedded() -> Result<Catalog, CatalogError> {
        Catalog::load(EMBEDDED)
    }

    /// Parses and validates catalog files (the English catalog).
    pub fn load(files: &[CatalogFile<'_>]) -> Result<Catalog, CatalogError> {
        let (located, mut problems) = parse(files);
        problems.extend(validate::validate(&located, words::Words::of(Lang::En)));
        let (drawings, found) = drawing::load(files, &located);
        problems.extend(found);
        if !problems.is_empty() {
            return Err(CatalogError { problems });
        }
        Ok(Catalog::from_located(located).with(drawings))
    }

    /// Parses the English `files`, lays `lang`'s `translations` over them and validates the
    /// result with `lang`'s words: one language's catalog, with the English structure
    /// (durations, areas, grades, sources) and the language's texts. For English the
    /// translations are ignored; the pseudo-locale wraps every English text in markers.
    pub fn load_lang(
        files: &[CatalogFile<'_>],
        lang: Lang,
        translations: &[CatalogFile<'_>],
    ) -> Result<Catalog, CatalogError> {
        let (located, mut problems) = parse(files);
        if !problems.is_empty() {
            return Err(CatalogError { problems });
        }
        let mut english = validate::validate(&located, words::Words::of(Lang::En));
        let (drawings, found) = drawing::load(files, &located);
        english.extend(found);
        if lang == Lang::En {
            return if english.is_empty() {
                Ok(Catalog::from_located(located).with(drawings))
            } else {
                Err(CatalogError { problems: english })
            };
        }
        let (located, overlay) = translate::translated(located, lang, translations);
        problems.extend(overlay);
        let mut found = validate::validate(&located, words::Words::of(lang));
        // A structural problem is the English catalog's; report it once, there.
        found.retain(|p| {
            !english
                .iter()
                .any(|e| e.item == p.item && e.message == p.message)
        });
        problems.extend(found);
        for p in &mut problems {
            p.lang = Some(lang);
        }
        if !problems.is_empty() {
            return Err(CatalogError { problems });
        }
        Ok(Catalog::from_located(located).with(drawings))
    }

    fn with(self, drawings: drawing::Drawings) -> Catalog {
        Catalog { drawings, ..self }
    }

    /// The strokes' drawings.
    pub fn drawings(&self) -> &drawing::Drawings {
        &self.drawings
    }

    fn from_located(located: Located) -> Catalog {
        Catalog {
            sources: strip(located.sources),
            strokes: strip(located.strokes),
            routines: strip(located.routines),
            cues: strip(located.cues),
            oils: strip(located.oils),
            claims: strip(located.claims),
            topics: strip(located.topics),
            terms: strip(located.terms),
            rules: strip(located.rules),
            phrases: strip(located.phrases),
            notices: strip(located.notices),
            drawings: drawing::Drawings::default(),
            sections: strip(located.sections),
        }
    }

    /// Every source.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }
    /// Every stroke.
    pub fn strokes(&self) -> &[Stroke] {
        &self.strokes
    }
    /// Every routine, in file order.
    pub fn routines(&self) -> &[Routine] {
        &self.routines
    }
    /// Every cue.
    pub fn cues(&self) -> &[Cue] {
        &self.cues
    }
    /// Every oil.
    pub fn oils(&self) -> &[Oil] {
        &self.oils
    }
    /// Every evidence claim.
    pub fn claims(&self) -> &[Claim] {
        &self.claims
    }
    /// The evidence claims' topics, in file order (the evidence page's index).
    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }
    /// The claims under one topic, in file order.
    pub fn claims_in(&self, topic: &str) -> Vec<&Claim> {
        self.claims.iter().filter(|c| c.topic == topic).collect()
    }
    /// The names the texts use that a parent may not know (IAIM, Field's protocol), each with
    /// its definition.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }
    /// Every readiness rule text.
    pub fn rules(&self) -> &[RuleText] {
        &self.rules
    }

    /// The words of a session phrase (one of [`PHRASES`]); validated to exist.
    pub fn phrase(&self, id: &str) -> &str {
        self.phrases
            .iter()
            .find(|p| p.id == id)
            .map_or("", |p| p.say.as_str())
    }

    /// A safety notice (one of [`NOTICES`]); validated to exist.
    pub fn notice(&self, id: &str) -> Option<&Notice> {
        self.notices.iter().find(|n| n.id == id)
    }

    /// The notices shown before `routine` (its red flags), in file order.
    pub fn notices_before(&self, routine: &str) -> Vec<&Notice> {
        self.notices
            .iter()
            .filter(|n| n.routines.iter().any(|r| r.as_str() == routine))
            .collect()
    }

    /// Every teaching section (`content/teaching.toml`), in file order.
    pub fn teaching(&self) -> &[Section] {
        &self.sections
    }

    /// The sections of one teaching page, in file order.
    pub fn teaching_page(&self, page: TeachingPage) -> Vec<&Section> {
        self.sections.iter().filter(|s| s.page == page).collect()
    }

    /// A source by id.
    pub fn source(&self, id: &SourceId) -> Option<&Source> {
        self.sources.iter().find(|s| &s.id == id)
    }
    /// A stroke by id.
    pub fn stroke(&self, id: &StrokeId) -> Option<&Stroke> {
        self.strokes.iter().find(|s| &s.id == id)
    }
    /// A routine by id.
    pub fn routine(&self, id: &str) -> Option<&Routine> {
        self.routines.iter().find(|r| r.id.as_str() == id)
    }
    /// A cue by id.
    pub fn cue(&self, id: &str) -> Option<&Cue> {
        self.cues.iter().find(|c| c.id.as_str() == id)
    }
    /// An oil by id.
    pub fn oil(&self, id: &str) -> Option<&Oil> {
        self.oils.iter().find(|o| o.id.as_str() == id)
    }
    /// A claim by id.
    pub fn claim(&self, id: &str) -> Option<&Claim> {
        self.claims.iter().find(|c| c.id.as_str() == id)
    }
    /// The text of a readiness rule.
    pub fn rule(&self, id: &str) -> Option<&RuleText> {
        self.rules.iter().find(|r| r.id.as_str() == id)
    }

    /// The citations of `ids`, in order ("Field T et al. 2006, Infant Behav Dev").
    pub fn citations(&self, ids: &[SourceId]) -> Vec<String> {
        ids.iter()
            .filter_map(|id| self.source(id))
            .map(Source::citation)
            .collect()
    }

    /// Ids of every routine (for error messages).
    pub fn routine_ids(&self) -> Vec<&RoutineId> {
        self.routines.iter().map(|r| &r.id).collect()
    }
    /// Ids of every oil (for error messages).
    pub fn oil_ids(&self) -> Vec<&OilId> {
        self.oils.iter().map(|o| &o.id).collect()
    }
    /// Ids of every cue.
    pub fn cue_ids(&self) -> Vec<&CueId> {
        self.cues.iter().map(|c| &c.id).collect()
    }
    /// Ids of every claim.
    pub fn claim_ids(&self) -> Vec<&ClaimId> {
        self.claims.iter().map(|c| &c.id).collect()
    }
}

/// Parses catalog files into items with their file names, and the TOML problems found.
fn parse(files: &[CatalogFile<'_>]) -> (Located, Vec<Problem>) {
    let mut located = Located::default();
    let mut problems = Vec::new();
    for file in files.iter().filter(|f| !drawing::is_drawing_file(f.name)) {
        match toml::from_str::<FileItems>(file.text) {
            Ok(items) => {
                let name = || file.name.to_owned();
                located
                    .sources
                    .extend(items.source.into_iter().map(|i| (name(), i)));
                located
                    .strokes
                    .extend(items.stroke.into_iter().map(|i| (name(), i)));
                located
                    .routines
                    .extend(items.routine.into_iter().map(|i| (name(), i)));
                located
                    .cues
                    .extend(items.cue.into_iter().map(|i| (name(), i)));
                located
                    .oils
                    .extend(items.oil.into_iter().map(|i| (name(), i)));
                located
                    .claims
                    .extend(items.claim.into_iter().map(|i| (name(), i)));
                located
                    .topics
                    .extend(items.topic.into_iter().map(|i| (name(), i)));
                located
                    .terms
                    .extend(items.term.into_iter().map(|i| (name(), i)));
                located
                    .rules
                    .extend(items.rule.into_iter().map(|i| (name(), i)));
                located
                    .phrases
                    .extend(items.phrase.into_iter().map(|i| (name(), i)));
                located
                    .notices
                    .extend(items.notice.into_iter().map(|i| (name(), i)));
                located
                    .sections
                    .extend(items.section.into_iter().map(|i| (name(), i)));
            }
            Err(e) => problems.push(Problem {
                lang: None,
                file: file.name.to_owned(),
                item: None,
                message: toml_message(&e, file.text),
            }),
        }
    }
    (located, problems)
}

/// A TOML error in one line: the message with its line and column.
pub(crate) fn toml_message(e: &toml::de::Error, text: &str) -> String {
    let message = e.message().trim().to_owned();
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            format!("line {line}, column {column}: {message}")
        }
        None => message,
    }
}

/// Drops the file names once validation has passed.
fn strip<T>(items: Vec<(String, T)>) -> Vec<T> {
    items.into_iter().map(|(_, item)| item).collect()
}
