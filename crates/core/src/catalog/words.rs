//! The words the catalog check looks for, per language: hedges for weak evidence, words
//! soothe never uses about massage, the words that name each body area, the safe-sleep
//! words, words a parent may not know, and the words that tell what the session engine does
//! after a cue. Each language has one [`Words`]; the English and the Spanish lists mirror
//! each other, so every language's catalog is held to the same promises.
//!
//! A pattern is a phrase matched as whole words ("may" matches "may help", not "mayor");
//! a single word ending in `*` matches every word it begins ("cover*" matches "covered").

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::Grade;
use crate::lang::Lang;
use crate::vocab::BodyArea;

/// The word lists kept as content (`content/words/<lang>.toml`), one file per language with
/// texts: the jargon list and the benefit words. Embedded at build, read once.
pub const WORD_FILES: &[(Lang, &str, &str)] = &[
    (
        Lang::En,
        "content/words/en.toml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../content/words/en.toml"
        )),
    ),
    (
        Lang::Es,
        "content/words/es.toml",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../content/words/es.toml"
        )),
    ),
];

/// One language's word lists, as written in its `content/words/<lang>.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordLists {
    /// Words a parent may not know, and what to say instead.
    pub jargon: BTreeMap<String, String>,
    /// The words of a benefit claim.
    pub benefit: BenefitWords,
}

/// The words that make a sentence a benefit claim: an outcome and a word that says it got
/// better, in one sentence ("massage improves sleep").
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenefitWords {
    /// Outcomes people hope massage changes (weight, sleep, colic, brain ...).
    pub outcomes: Vec<String>,
    /// Words that say an outcome got better (improves, boosts, helps, fewer ...).
    pub gains: Vec<String>,
}

impl WordLists {
    /// Parses a word-list file; the error names the line.
    pub fn parse(text: &str) -> Result<WordLists, String> {
        let lists: WordLists = toml::from_str(text).map_err(|e| super::toml_message(&e, text))?;
        if lists.benefit.outcomes.is_empty() || lists.benefit.gains.is_empty() {
            return Err("`benefit.outcomes` and `benefit.gains` must not be empty".to_owned());
        }
        Ok(lists)
    }

    /// The jargon phrases `text` says, each with what to say instead, in the list's order:
    /// matched as whole words, as the catalog check matches them in catalog texts (so the
    /// message files can be held to the same list).
    pub fn jargon_in(&self, text: &str) -> Vec<(&str, &str)> {
        self.jargon
            .iter()
            .filter(|(jargon, _)| super::validate::has_phrase(text, jargon))
            .map(|(jargon, plain)| (jargon.as_str(), plain.as_str()))
            .collect()
    }

    /// The embedded lists of `lang` (the pseudo-locale uses English's), or the file's name
    /// and what is wrong with it.
    pub(crate) fn of(lang: Lang) -> Result<&'static WordLists, (&'static str, String)> {
        static LISTS: [OnceLock<Result<WordLists, String>>; 2] = [OnceLock::new(), OnceLock::new()];
        let i = usize::from(lang == Lang::Es);
        let (_, name, text) = WORD_FILES[i];
        LISTS[i]
            .get_or_init(|| WordLists::parse(text))
            .as_ref()
            .map_err(|e| (name, e.clone()))
    }
}

/// The words the checks of one language look for.
#[derive(Debug)]
pub(crate) struct Words {
    /// The language these words are in (its word lists are [`WordLists::of`] it).
    pub(crate) lang: Lang,
    /// Hedges a claim graded low or very low must use one of.
    pub(crate) hedges_weak: &'static [&'static str],
    /// Hedges a claim with no evidence, or not supported, must use one of: words that say
    /// the evidence is absent.
    pub(crate) hedges_absent: &'static [&'static str],
    /// Words soothe never uses about massage: it is not a treatment and nothing is proven.
    pub(crate) forbidden: &'static [&'static str],
    /// Words that name each body area in a spoken step, matched as parts of words.
    pub(crate) area_words: fn(BodyArea) -> &'static [&'static str],
    /// Words that would ask for a hand under the baby's body.
    pub(crate) hand_under: &'static [&'static str],
    /// Words that turn a baby onto the back; the first is the one the check suggests.
    pub(crate) onto_back: &'static [&'static str],
    /// Words for a baby falling asleep in the middle of something.
    pub(crate) dozing: &'static [&'static str],
    /// The safe-sleep groups (on the back, own cot, nothing loose), one of each of which a
    /// text that says a [`dozing`](Self::dozing) word must say.
    pub(crate) safe_sleep: &'static [&'static [&'static str]],
    /// Words that cover something.
    pub(crate) cover: &'static [&'static str],
    /// Words about sleep.
    pub(crate) sleep: &'static [&'static str],
    /// Words that stop the massage, which a subtle cue (a pause) never says.
    pub(crate) stop: &'static [&'static str],
    /// Words that carry on with the massage, which a cue that ends it never says.
    pub(crate) carry_on: &'static [&'static str],
    /// Words an alarm cue's `respond` must all say: call the emergency number, now.
    pub(crate) emergency: &'static [&'static str],
}

impl Words {
    /// The words of `lang` (the pseudo-locale is English in markers, so it uses English).
    pub(crate) fn of(lang: Lang) -> &'static Words {
        match lang {
            Lang::En | Lang::Pseudo => &EN,
            Lang::Es => &ES,
        }
    }

    /// The hedges a claim of `grade` must use one of; empty when the grade needs none.
    pub(crate) fn hedges(&self, grade: Grade) -> Vec<&'static str> {
        match grade {
            Grade::NoEvidence | Grade::NotSupported => self.hedges_absent.to_vec(),
            Grade::Low | Grade::VeryLow => {
                let mut all = self.hedges_weak.to_vec();
                all.extend(self.hedges_absent);
                all
            }
            Grade::Moderate | Grade::High => Vec::new(),
        }
    }
}

/// Every language's words that turn a baby onto the back, for [`turns_onto_back`]
/// (super::turns_onto_back), which the plan compiler uses on any language's closing.
pub(crate) const ALL_ONTO_BACK: &[&[&str]] = &[EN.onto_back, ES.onto_back];

pub(crate) const EN: Words = Words {
    lang: Lang::En,
    hedges_weak: &[
        "may",
        "might",
        "suggest",
        "suggests",
        "uncertain",
        "unclear",
    ],
    hedges_absent: &[
        "no evidence",
        "not supported",
        "little evidence",
        "no study",
        "not known",
    ],
    forbidden: &[
        "cure",
        "cures",
        "cured",
        "proven",
        "guarantee",
        "guaranteed",
        "treats",
    ],
    area_words: en_area_words,
    hand_under: &[
        "beneath",
        "underneath",
        "under your baby",
        "under the baby",
        "under the body",
        "under the back",
        "under the bottom",
        "under the head",
        "under the neck",
        "under the shoulders",
        "hand under",
        "hands under",
        "slide your hand",
    ],
    onto_back: &["onto their back", "onto the back", "onto his or her back"],
    dozing: &[
        "drifts off",
        "drift off",
        "drifting off",
        "dozes off",
        "doze off",
        "dozing off",
        "nods off",
        "nod off",
        "nodding off",
    ],
    safe_sleep: &[&["on their back", "on the back"], &["own cot"], &["loose"]],
    cover: &["cover*"],
    sleep: &["sleep*", "asleep", "slept"],
    stop: &["stop*"],
    carry_on: &["move on", "carry on", "go on", "another part"],
    emergency: &["emergency number", "now"],
};

fn en_area_words(area: BodyArea) -> &'static [&'static str] {
    match area {
        BodyArea::LeftLeg | BodyArea::RightLeg => &["leg", "thigh", "knee", "ankle"],
        BodyArea::Feet => &["foot", "feet", "toe", "sole", "heel"],
        BodyArea::Abdomen => &["tummy", "belly"],
        BodyArea::Chest => &["chest"],
        BodyArea::LeftArm | BodyArea::RightArm => &["arm", "shoulder", "wrist"],
        BodyArea::Hands => &["hand", "finger", "palm"],
        BodyArea::Face => &[
            "face", "forehead", "brow", "eye", "nose", "cheek", "lip", "jaw", "ear", "chin",
        ],
        BodyArea::Head => &["head", "scalp"],
        BodyArea::Back => &["back", "neck", "shoulder", "bottom", "spine", "waist"],
    }
}

/// Spanish, written to a parent as "tú". The hedges mirror the English ones: "puede" and
/// "podría" for "may" and "might", "sugieren" for "suggest", "no se sabe" for "not known".
pub(crate) const ES: Words = Words {
    lang: Lang::Es,
    hedges_weak: &[
        "puede",
        "pueden",
        "podría",
        "podrían",
        "sugiere",
        "sugieren",
        "incierto",
        "incierta",
        "inciertos",
        "inciertas",
        "no está claro",
    ],
    hedges_absent: &[
        "no hay pruebas",
        "no tiene respaldo",
        "pocas pruebas",
        "ningún estudio",
        "no se sabe",
    ],
    forbidden: &[
        "cura",
        "curan",
        "curar",
        "curado",
        "curada",
        "demostrado",
        "demostrada",
        "comprobado",
        "comprobada",
        "garantiza",
        "garantizado",
        "garantizada",
        "trata el",
        "trata la",
        "trata los",
        "trata las",
    ],
    area_words: es_area_words,
    hand_under: &[
        "debajo de tu bebé",
        "debajo del bebé",
        "debajo de su cuerpo",
        "debajo del cuerpo",
        "debajo de la espalda",
        "debajo del culito",
        "debajo de la cabeza",
        "debajo del cuello",
        "debajo de los hombros",
        "bajo su cuerpo",
        "mano debajo",
        "manos debajo",
        "mete la mano debajo",
        "mete las manos debajo",
    ],
    onto_back: &["boca arriba"],
    dozing: &[
        "se queda dormido",
        "se queda dormida",
        "se quede dormido",
        "se quede dormida",
        "quedarse dormido",
        "se va quedando dormido",
        "se duerme",
        "se adormece",
    ],
    safe_sleep: &[
        &["boca arriba"],
        &["su propia cuna", "su propio moisés"],
        &["suelto", "sueltos", "suelta", "sueltas"],
    ],
    // Imperatives carry an accent ("cúbrelo", "tápalo", "arrópalo").
    cover: &[
        "cubr*", "cúbr*", "cubie*", "tapa*", "tápa*", "arrop*", "arróp*",
    ],
    sleep: &["dorm*", "duerm*", "durm*", "siesta*", "sueño*"],
    stop: &[
        "detén",
        "detener",
        "detente",
        "detenlo",
        "detenla",
        "parar",
        "para el masaje",
        "deja de",
    ],
    carry_on: &[
        "sigue con",
        "continúa",
        "continúa con",
        "pasa a",
        "otra parte",
        "sigue adelante",
    ],
    emergency: &["emergencias", "ahora"],
};

fn es_area_words(area: BodyArea) -> &'static [&'static str] {
    match area {
        BodyArea::LeftLeg | BodyArea::RightLeg => &["pierna", "muslo", "rodilla", "tobillo"],
        BodyArea::Feet => &["pie", "dedo", "planta", "talón", "talones"],
        BodyArea::Abdomen => &["barriga", "tripa", "vientre", "pancita"],
        BodyArea::Chest => &["pecho"],
        BodyArea::LeftArm | BodyArea::RightArm => &["brazo", "hombro", "muñeca"],
        BodyArea::Hands => &["mano", "dedo", "palma"],
        BodyArea::Face => &[
            "cara",
            "carita",
            "frente",
            "ceja",
            "ojo",
            "nariz",
            "mejilla",
            "labio",
            "mandíbula",
            "oreja",
            "barbilla",
            "mentón",
        ],
        BodyArea::Head => &["cabeza", "cuero cabelludo"],
        BodyArea::Back => &["espalda", "cuello", "hombro", "culito", "nalga", "columna"],
    }
}

/// Whether `word` (lowercase) matches one of `patterns` that is a single word: the same
/// word, or, for a pattern ending in `*`, any word it begins.
pub(crate) fn word_matches(word: &str, patterns: &[&str]) -> bool {
    patterns.iter().any(|p| match p.strip_suffix('*') {
        Some(prefix) => word.starts_with(prefix),
        None => word == *p,
    })
}
