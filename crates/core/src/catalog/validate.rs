//! Cross-item validation of the catalog: duplicate ids, unknown references, durations that
//! do not add up, and the content rules soothe promises (no oil on the face, hedged wording
//! for weak evidence, each area opened with resting hands, each step naming its body part,
//! safe-sleep words: no "cover" near "sleep", no baby dozing off without the safe-sleep words,
//! no routine that leaves a baby face-down).

use std::collections::{HashMap, HashSet};

use super::teaching::{PARAGRAPHS, SENTENCES};
use super::{
    Cue, CueClass, CueKind, Grade, Located, NOTICES, Position, Problem, Routine, SECTIONS,
    Strength, Stroke, StrokeFlag,
};
use crate::ids::SourceId;
use crate::readiness::Rule;
use crate::readiness::rule::placeholders_in;
use crate::vocab::BodyArea;

use super::words::{ALL_ONTO_BACK, WordLists, Words, word_matches};

/// The stroke every body area opens with.
pub const RESTING_HANDS: &str = "resting_hands";

/// Routines the product and its contracts name.
pub const REQUIRED_ROUTINES: &[&str] = &[
    "full-body",
    "standard",
    "flexibility",
    "gas-relief",
    "bedtime",
    "newborn-first",
    "preterm-tks",
];

/// Cue ids the session engine relies on, with their kind and strength.
pub const REQUIRED_CUES: &[(&str, CueKind, Option<Strength>)] = {
    use super::CueKind::{Alarm, Asleep, Disengagement as D, Engagement as E};
    use super::Strength::{Potent as P, Subtle as S};
    &[
        ("looks_away", D, Some(S)),
        ("yawns", D, Some(S)),
        ("hiccups", D, Some(S)),
        ("sneezes", D, Some(S)),
        ("finger_splay", D, Some(S)),
        ("grimaces", D, Some(S)),
        ("hand_to_ear", D, Some(S)),
        ("turns_away", D, Some(P)),
        ("stiffens", D, Some(P)),
        ("arches_back", D, Some(P)),
        ("pushes_away", D, Some(P)),
        ("cries", D, Some(P)),
        ("falls_asleep", Asleep, None),
        ("spits_up", D, Some(S)),
        ("vomits", Alarm, None),
        ("chokes", Alarm, None),
        ("colour_change", Alarm, None),
        ("breathing_change", Alarm, None),
        ("goes_floppy", Alarm, None),
        ("smiles", E, Some(P)),
        ("coos", E, Some(P)),
        ("eye_contact", E, Some(S)),
        ("reaches", E, Some(P)),
        ("relaxed", E, Some(S)),
    ]
};

/// Oil ids the readiness check's contract names.
pub const REQUIRED_OILS: &[&str] = &[
    "none",
    "sunflower",
    "safflower",
    "coconut",
    "canola",
    "olive",
    "mustard",
    "almond",
    "peanut",
    "mineral",
    "essential_oil_blend",
];

struct Report {
    problems: Vec<Problem>,
}

impl Report {
    fn add(&mut self, file: &str, item: impl Into<Option<String>>, message: impl Into<String>) {
        self.problems.push(Problem {
            lang: None,
            file: file.to_owned(),
            item: item.into(),
            message: message.into(),
        });
    }
}

fn item(kind: &str, id: impl std::fmt::Display) -> Option<String> {
    Some(format!("{kind} `{id}`"))
}

/// Checks the loaded items and returns every problem found.
pub(crate) fn validate(items: &Located, w: &Words) -> Vec<Problem> {
    let mut r = Report {
        problems: Vec::new(),
    };

    duplicates(
        &mut r,
        "source",
        items.sources.iter().map(|(f, s)| (f, s.id.as_str())),
    );
    duplicates(
        &mut r,
        "stroke",
        items.strokes.iter().map(|(f, s)| (f, s.id.as_str())),
    );
    duplicates(
        &mut r,
        "routine",
        items.routines.iter().map(|(f, s)| (f, s.id.as_str())),
    );
    duplicates(
        &mut r,
        "cue",
        items.cues.iter().map(|(f, s)| (f, s.id.as_str())),
    );
    duplicates(
        &mut r,
        "oil",
        items.oils.iter().map(|(f, s)| (f, s.id.as_str())),
    );
    duplicates(
        &mut r,
        "claim",
        items.claims.iter().map(|(f, s)| (f, s.id.as_str())),
    );
    duplicates(
        &mut r,
        "rule",
        items.rules.iter().map(|(f, s)| (f, s.id.as_str())),
    );

    let sources: HashSet<&str> = items.sources.iter().map(|(_, s)| s.id.as_str()).collect();
    let check_sources =
        |r: &mut Report, file: &str, it: Option<String>, ids: &[SourceId], may_be_empty: bool| {
            if ids.is_empty() && !may_be_empty {
                r.add(file, it.clone(), "cites no source (`sources` is empty)");
            }
            for id in ids {
                if !sources.contains(id.as_str()) {
                    r.add(file, it.clone(), format!("unknown source `{id}`"));
                }
            }
        };

    for (file, s) in &items.sources {
        if s.authors.trim().is_empty() || s.venue.trim().is_empty() {
            r.add(
                file,
                item("source", &s.id),
                "`authors` and `venue` must not be empty",
            );
        }
    }

    let strokes: HashMap<&str, &Stroke> = items
        .strokes
        .iter()
        .map(|(_, s)| (s.id.as_str(), s))
        .collect();
    for (file, s) in &items.strokes {
        let it = item("stroke", &s.id);
        check_sources(&mut r, file, it.clone(), &s.sources, false);
        stroke(&mut r, file, it, s);
    }
    if !strokes.contains_key(RESTING_HANDS) {
        r.add(
            "content",
            None,
            format!("the catalog has no `{RESTING_HANDS}` stroke, which opens every body area"),
        );
    }

    for (file, routine_item) in &items.routines {
        let it = item("routine", &routine_item.id);
        check_sources(&mut r, file, it.clone(), &routine_item.sources, false);
        routine(&mut r, w, file, it, routine_item, &strokes);
    }
    plan_rules(&mut r, w, items, &strokes);
    let routine_ids: HashSet<&str> = items.routines.iter().map(|(_, x)| x.id.as_str()).collect();
    for id in REQUIRED_ROUTINES {
        if !routine_ids.contains(id) {
            r.add(
                "content/routines",
                None,
                format!("required routine `{id}` is missing"),
            );
        }
    }

    for (file, c) in &items.cues {
        let it = item("cue", &c.id);
        check_sources(&mut r, file, it.clone(), &c.sources, false);
        for (field, text) in [("looks_like", &c.looks_like), ("respond", &c.respond)] {
            if text.trim().is_empty() {
                r.add(
                    file,
                    it.clone(),
                    format!("`{field}` is empty: every cue needs guidance (what it looks like and what to do)"),
                );
            }
        }
        cue_policy(&mut r, w, file, it, c);
    }
    for (id, kind, strength) in REQUIRED_CUES {
        match items.cues.iter().find(|(_, c)| c.id.as_str() == *id) {
            None => r.add(
                "content/cues.toml",
                None,
                format!("required cue `{id}` is missing"),
            ),
            Some((file, c)) if c.kind != *kind || c.strength != *strength => r.add(
                file,
                item("cue", id),
                format!(
                    "must be {kind:?} {strength:?}, is {:?} {:?}",
                    c.kind, c.strength
                ),
            ),
            Some(_) => {}
        }
    }

    let claim_ids: HashSet<&str> = items.claims.iter().map(|(_, c)| c.id.as_str()).collect();
    for (file, o) in &items.oils {
        let it = item("oil", &o.id);
        check_sources(
            &mut r,
            file,
            it.clone(),
            &o.sources,
            o.id.as_str() == "none",
        );
        for id in &o.claims {
            if !claim_ids.contains(id.as_str()) {
                r.add(
                    file,
                    it.clone(),
                    format!("`claims` names an unknown claim `{id}`"),
                );
            }
        }
    }
    for id in REQUIRED_OILS {
        if !items.oils.iter().any(|(_, o)| o.id.as_str() == *id) {
            r.add(
                "content/oils.toml",
                None,
                format!("required oil `{id}` is missing"),
            );
        }
    }

    for (file, c) in &items.claims {
        let it = item("claim", &c.id);
        check_sources(
            &mut r,
            file,
            it.clone(),
            &c.sources,
            c.grade == Grade::NoEvidence,
        );
        let hedges = w.hedges(c.grade);
        if !hedges.is_empty() && !hedges.iter().any(|h| has_phrase(&c.summary, h)) {
            r.add(
                file,
                it.clone(),
                format!(
                    "graded {:?}, so `summary` must use hedged words (one of: {})",
                    c.grade,
                    hedges.join(", ")
                ),
            );
        }
        forbidden(&mut r, w, file, &it, &[&c.summary, &c.why]);
    }
    evidence_index(&mut r, w, items, &check_sources);
    for (file, s) in &items.strokes {
        let note = s.note.as_deref().unwrap_or("");
        forbidden(
            &mut r,
            w,
            file,
            &item("stroke", &s.id),
            &[&s.how, &s.pressure, note],
        );
    }
    for (file, x) in &items.routines {
        forbidden(&mut r, w, file, &item("routine", &x.id), &[&x.purpose]);
    }
    for (file, o) in &items.oils {
        let allergy = o.allergy.as_deref().unwrap_or("");
        forbidden(
            &mut r,
            w,
            file,
            &item("oil", &o.id),
            &[&o.what, &o.guidance, allergy],
        );
    }

    for (file, t) in &items.rules {
        let it = item("rule", &t.id);
        forbidden(&mut r, w, file, &it, &[&t.message]);
        check_sources(&mut r, file, it.clone(), &t.sources, false);
        match t.id.as_str().parse::<Rule>() {
            Err(e) => r.add(file, it, e.to_string()),
            Ok(rule) => {
                for name in placeholders_in(&t.message) {
                    if !rule.placeholders().contains(&name) {
                        r.add(
                            file,
                            it.clone(),
                            format!(
                                "unknown placeholder `{{{name}}}` (this rule offers: {})",
                                rule.placeholders().join(", ")
                            ),
                        );
                    }
                }
            }
        }
    }
    duplicates(
        &mut r,
        "phrase",
        items.phrases.iter().map(|(f, p)| (f, p.id.as_str())),
    );
    for (file, p) in &items.phrases {
        let it = item("phrase", &p.id);
        check_sources(&mut r, file, it.clone(), &p.sources, false);
        if !super::PHRASES.contains(&p.id.as_str()) {
            r.add(
                file,
                it.clone(),
                format!("unknown phrase (known: {})", super::PHRASES.join(", ")),
            );
        }
        if p.id == "turn_onto_back" && !turns_onto_back(&p.say) {
            r.add(
                file,
                it.clone(),
                format!(
                    "must turn the baby onto the back (say \"{}\"): the plan adds it before a closing that follows face-down strokes",
                    w.onto_back[0]
                ),
            );
        }
        if p.say.trim().is_empty() {
            r.add(file, it, "`say` is empty");
        }
    }
    for id in super::PHRASES {
        if !items.phrases.iter().any(|(_, p)| p.id == *id) {
            r.add(
                "content/session.toml",
                None,
                format!("phrase `{id}` is missing"),
            );
        }
    }
    for rule in Rule::ALL {
        if !items.rules.iter().any(|(_, t)| t.id.as_str() == rule.id()) {
            r.add(
                "content/rules.toml",
                None,
                format!("rule `{rule}` has no text"),
            );
        }
    }

    teaching(&mut r, w, items, &sources);
    let lists = match WordLists::of(w.lang) {
        Ok(lists) => Some(lists),
        Err((file, message)) => {
            r.add(file, None, message);
            None
        }
    };
    safety(&mut r, w, lists, items, &strokes, &sources);
    if let Some(lists) = lists {
        benefits(&mut r, w, lists, items);
    }

    r.problems
}

/// Checks an item's sources: (report, file, item, sources, whether they may be empty).
type CheckSources<'a> = dyn Fn(&mut Report, &str, Option<String>, &[SourceId], bool) + 'a;

/// The evidence page's index and its words: every claim under a known topic, every topic
/// holding a claim, no two cards with the same title, ages that make a range, and every
/// term (IAIM, Field's protocol) defined, cited and used by some text.
fn evidence_index(r: &mut Report, w: &Words, items: &Located, check_sources: &CheckSources<'_>) {
    duplicates(
        r,
        "topic",
        items.topics.iter().map(|(f, t)| (f, t.id.as_str())),
    );
    duplicates(
        r,
        "term",
        items.terms.iter().map(|(f, t)| (f, t.id.as_str())),
    );
    let topics: Vec<&str> = items.topics.iter().map(|(_, t)| t.id.as_str()).collect();
    let mut titles: HashMap<String, &str> = HashMap::new();
    for (file, c) in &items.claims {
        let it = item("claim", &c.id);
        if !topics.contains(&c.topic.as_str()) {
            r.add(
                file,
                it.clone(),
                format!(
                    "`topic` names an unknown topic `{}`: every claim is listed under one of the evidence page's topics (known: {})",
                    c.topic,
                    topics.join(", ")
                ),
            );
        }
        let title = c.benefit.trim().to_lowercase();
        if let Some(first) = titles.get(&title) {
            r.add(
                file,
                it.clone(),
                format!(
                    "`benefit` \"{}\" is also claim `{first}`'s: every card on the evidence page needs its own title (say whom it is about)",
                    c.benefit
                ),
            );
        } else {
            titles.insert(title, c.id.as_str());
        }
        if let Some(a) = c.ages
            && a.to_weeks.is_some_and(|to| to <= a.from_weeks)
        {
            r.add(
                file,
                it.clone(),
                "`ages`: `to_weeks` must be after `from_weeks`",
            );
        }
    }
    for (file, t) in &items.topics {
        let it = item("topic", &t.id);
        if t.title.trim().is_empty() {
            r.add(file, it.clone(), "`title` is empty");
        }
        if !items.claims.iter().any(|(_, c)| c.topic == t.id) {
            r.add(file, it, "no claim is listed under this topic");
        }
    }
    let texts = every_text(items);
    for (file, t) in &items.terms {
        let it = item("term", &t.id);
        check_sources(r, file, it.clone(), &t.sources, false);
        forbidden(r, w, file, &it, &[&t.means]);
        if t.word.trim().is_empty() || t.means.trim().is_empty() {
            r.add(file, it.clone(), "`word` and `means` must not be empty");
        } else if !texts
            .iter()
            .any(|(_, i, _, text)| *i != it && t.in_text(text))
        {
            r.add(
                file,
                it,
                format!(
                    "no text mentions \"{}\": a term is defined where the texts use it",
                    t.word
                ),
            );
        }
    }
}

/// A cue's class and its words agree with what the session engine does about it
/// (docs/SESSION.md): a subtle cue pauses, so its `respond` never says "stop"; a potent cue
/// or falling asleep ends, so it never says "move on" or "carry on"; an alarm cue sends the
/// family to medical care and names the journal warning sign a parent can log for it.
fn cue_policy(r: &mut Report, w: &Words, file: &str, it: Option<String>, c: &Cue) {
    match (c.kind, c.strength) {
        (CueKind::Asleep, Some(_)) => r.add(file, it.clone(), "an `asleep` cue has no `strength`"),
        (CueKind::Alarm, Some(_)) => r.add(file, it.clone(), "an `alarm` cue has no `strength`"),
        (CueKind::Engagement | CueKind::Disengagement, None) => r.add(
            file,
            it.clone(),
            "`strength` is required (subtle or potent)",
        ),
        _ => {}
    }
    match (c.kind, &c.warning_sign) {
        (CueKind::Alarm, None) => r.add(
            file,
            it.clone(),
            "an `alarm` cue needs `warning_sign` (the journal sign a parent can log for it)",
        ),
        (CueKind::Alarm, Some(_)) | (_, None) => {}
        (_, Some(_)) => r.add(file, it.clone(), "only an `alarm` cue has `warning_sign`"),
    }
    let says = |w: &str| has_phrase(&c.respond, w);
    let subtle = c.kind == CueKind::Disengagement && c.strength == Some(Strength::Subtle);
    let ends = matches!(c.class(), CueClass::Asleep | CueClass::Potent);
    let stop = words(&c.respond)
        .into_iter()
        .find(|x| word_matches(x, w.stop))
        .or_else(|| {
            w.stop
                .iter()
                .find(|p| p.contains(' ') && says(p))
                .map(|p| (*p).to_owned())
        });
    if subtle && let Some(stop) = stop {
        r.add(
            file,
            it.clone(),
            format!("`respond` says \"{stop}\", but a subtle cue first pauses the massage with resting hands"),
        );
    }
    if ends && let Some(x) = w.carry_on.iter().find(|x| says(x)) {
        r.add(
            file,
            it.clone(),
            format!("`respond` says \"{x}\", but this cue ends the massage"),
        );
    }
    if c.kind == CueKind::Alarm && !w.emergency.iter().all(|x| says(x)) {
        r.add(
            file,
            it,
            format!(
                "`respond` must send the family to medical care now (say all of: {})",
                w.emergency.join(", ")
            ),
        );
    }
}

fn duplicates<'a>(r: &mut Report, kind: &str, ids: impl Iterator<Item = (&'a String, &'a str)>) {
    let mut seen: HashMap<&str, &String> = HashMap::new();
    for (file, id) in ids {
        if let Some(first) = seen.get(id) {
            r.add(
                file,
                item(kind, id),
                format!("duplicate id (first defined in {first})"),
            );
        } else {
            seen.insert(id, file);
        }
    }
}

/// Sentences: runs of text ended by `.`, `!` or `?` followed by a space or the end.
fn sentences(text: &str) -> usize {
    let t = text.trim();
    let ends = t
        .match_indices(['.', '!', '?'])
        .filter(|(i, _)| t[i + 1..].is_empty() || t[i + 1..].starts_with(char::is_whitespace))
        .count();
    if t.is_empty() || t.ends_with(['.', '!', '?']) {
        ends
    } else {
        ends + 1
    }
}

/// The lowercase words of `text` (letters, digits and apostrophes).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `text` contains `phrase` as whole words ("may" matches "may help", not "mayor").
pub(super) fn has_phrase(text: &str, phrase: &str) -> bool {
    let text = words(text);
    let phrase = words(phrase);
    !phrase.is_empty() && text.windows(phrase.len()).any(|w| w == phrase.as_slice())
}

/// Reports words soothe never uses about massage, in any user-facing text.
fn forbidden(r: &mut Report, w: &Words, file: &str, it: &Option<String>, texts: &[&str]) {
    for word in w.forbidden {
        if texts.iter().any(|t| has_phrase(t, word)) {
            r.add(
                file,
                it.clone(),
                format!("uses the word `{word}`: soothe never presents massage as a treatment or as proven"),
            );
        }
    }
}

fn stroke(r: &mut Report, file: &str, it: Option<String>, s: &Stroke) {
    if s.areas.is_empty() {
        r.add(file, it.clone(), "`areas` is empty");
    }
    let n = sentences(&s.how);
    if !(2..=4).contains(&n) {
        r.add(
            file,
            it.clone(),
            format!("`how` has {n} sentence(s); write 2 to 4 short ones"),
        );
    }
    if s.oil && s.areas.contains(&BodyArea::Face) {
        r.add(
            file,
            it.clone(),
            "uses oil on the face (never oil the face)",
        );
    }
    if s.areas == [BodyArea::Abdomen] && !s.has(StrokeFlag::TouchesAbdomen) {
        r.add(
            file,
            it.clone(),
            "a stroke done only on the abdomen needs the flag `touches_abdomen`",
        );
    }
    if s.has(StrokeFlag::TouchesAbdomen) && !s.areas.contains(&BodyArea::Abdomen) {
        r.add(
            file,
            it.clone(),
            "has the flag `touches_abdomen` but `areas` does not include `abdomen`",
        );
    }
    if !(5..=600).contains(&s.seconds) {
        r.add(
            file,
            it,
            format!(
                "`seconds` is {}; typical seconds must be 5 to 600",
                s.seconds
            ),
        );
    }
}

fn routine(
    r: &mut Report,
    w: &Words,
    file: &str,
    it: Option<String>,
    routine: &Routine,
    strokes: &HashMap<&str, &Stroke>,
) {
    if routine.steps.is_empty() {
        r.add(file, it.clone(), "has no steps");
    }
    if let Some(to) = routine.ages.to_weeks
        && to <= routine.ages.from_weeks
    {
        r.add(
            file,
            it.clone(),
            format!(
                "`ages.to_weeks` ({to}) must be greater than `from_weeks` ({})",
                routine.ages.from_weeks
            ),
        );
    }
    for (what, m) in [
        ("permission", &routine.permission),
        ("closing", &routine.closing),
    ] {
        if m.say.trim().is_empty() || m.seconds == 0 {
            r.add(
                file,
                it.clone(),
                format!("`{what}` needs words and seconds"),
            );
        }
    }
    let mut opened: HashSet<BodyArea> = HashSet::new();
    for (i, step) in routine.steps.iter().enumerate() {
        let at = format!("step {} (`{}` on {})", i + 1, step.stroke, step.area);
        match strokes.get(step.stroke.as_str()) {
            None => r.add(
                file,
                it.clone(),
                format!("{at}: unknown stroke `{}`", step.stroke),
            ),
            Some(s) if !s.areas.contains(&step.area) => r.add(
                file,
                it.clone(),
                format!(
                    "{at}: the stroke is not done on `{}` (it covers: {})",
                    step.area,
                    join(&s.areas)
                ),
            ),
            Some(_) => {}
        }
        if !(10..=600).contains(&step.seconds) {
            r.add(
                file,
                it.clone(),
                format!(
                    "{at}: `seconds` is {}; a step takes 10 to 600 seconds",
                    step.seconds
                ),
            );
        }
        let say = step.say.to_lowercase();
        if !(w.area_words)(step.area).iter().any(|w| say.contains(w)) {
            r.add(
                file,
                it.clone(),
                format!(
                    "{at}: `say` must name the body part (e.g. {})",
                    (w.area_words)(step.area).join(", ")
                ),
            );
        }
        if opened.insert(step.area) && step.stroke.as_str() != RESTING_HANDS {
            r.add(
                file,
                it.clone(),
                format!("{at}: each body area opens with `{RESTING_HANDS}`"),
            );
        }
    }
    let total = routine.total_seconds();
    let target = routine.minutes * 60;
    if total.abs_diff(target) > 60 {
        r.add(
            file,
            it,
            format!(
                "durations do not add up: permission, steps and closing take {} min {} s but `minutes` is {} (allowed: within one minute)",
                total / 60,
                total % 60,
                routine.minutes
            ),
        );
    }
}

fn join(areas: &[BodyArea]) -> String {
    areas.iter().map(|a| a.id()).collect::<Vec<_>>().join(", ")
}

/// Seconds a home routine may keep the baby face-down: many young babies dislike lying on
/// the tummy for long (FACTS §1.3, back).
pub const MAX_FACE_DOWN_SECONDS: u32 = 240;

/// The rules the session planner relies on: which areas each step touches, the routine's
/// core areas, how long a home routine keeps the baby face-down, and no hand under the baby.
fn plan_rules(r: &mut Report, w: &Words, items: &Located, strokes: &HashMap<&str, &Stroke>) {
    for (file, s) in &items.strokes {
        let it = item("stroke", &s.id);
        let mut seen: Vec<BodyArea> = Vec::new();
        for a in &s.crosses {
            if !s.areas.contains(a) {
                r.add(
                    file,
                    it.clone(),
                    format!("`crosses` names `{a}`, which is not one of its `areas`"),
                );
            }
            if seen.contains(a) {
                r.add(file, it.clone(), format!("`crosses` names `{a}` twice"));
            }
            seen.push(*a);
        }
        let crosses_tummy = s.crosses.contains(&BodyArea::Abdomen);
        if crosses_tummy && !s.has(StrokeFlag::TouchesAbdomen) {
            r.add(
                file,
                it.clone(),
                "crosses the `abdomen`, so it needs the flag `touches_abdomen`",
            );
        }
        if s.has(StrokeFlag::TouchesAbdomen) && s.areas != [BodyArea::Abdomen] && !crosses_tummy {
            r.add(
                file,
                it.clone(),
                "has the flag `touches_abdomen` and is done elsewhere too, so `crosses` must name `abdomen`",
            );
        }
        for phrase in w.hand_under {
            if has_phrase(&s.how, phrase) {
                r.add(
                    file,
                    it.clone(),
                    format!(
                        "`how` says `{phrase}`: no stroke asks for a hand under the baby's body"
                    ),
                );
            }
        }
    }
    for (file, routine) in &items.routines {
        let it = item("routine", &routine.id);
        let order = routine.area_order();
        let mut seen: Vec<BodyArea> = Vec::new();
        for a in &routine.core {
            if !order.contains(a) {
                r.add(
                    file,
                    it.clone(),
                    format!("`core` names `{a}`, but no step works on it"),
                );
            }
            if seen.contains(a) {
                r.add(file, it.clone(), format!("`core` names `{a}` twice"));
            }
            seen.push(*a);
        }
        let mut face_down = 0;
        for (i, step) in routine.steps.iter().enumerate() {
            let at = format!("step {} (`{}` on {})", i + 1, step.stroke, step.area);
            let Some(stroke) = strokes.get(step.stroke.as_str()) else {
                continue;
            };
            let mut seen: Vec<BodyArea> = Vec::new();
            for a in &step.touches {
                let problem = if *a == step.area {
                    Some(format!("`touches` names its own area `{a}`"))
                } else if !stroke.areas.contains(a) {
                    Some(format!(
                        "`touches` names `{a}`, but the stroke covers only: {}",
                        join(&stroke.areas)
                    ))
                } else if stroke.crosses.contains(a) {
                    Some(format!(
                        "`touches` names `{a}`, which the stroke always crosses"
                    ))
                } else if seen.contains(a) {
                    Some(format!("`touches` names `{a}` twice"))
                } else {
                    None
                };
                if let Some(m) = problem {
                    r.add(file, it.clone(), format!("{at}: {m}"));
                }
                seen.push(*a);
            }
            if step.position.unwrap_or(stroke.position) == Position::OnTummy {
                face_down += step.seconds;
            }
        }
        if !routine.clinician_only && face_down > MAX_FACE_DOWN_SECONDS {
            r.add(
                file,
                it.clone(),
                format!(
                    "keeps the baby face-down for {face_down} s; a home routine allows at most {MAX_FACE_DOWN_SECONDS} s (do hands and feet face-up)"
                ),
            );
        }
        let mut texts: Vec<(String, &str)> = vec![
            ("`permission`".to_owned(), routine.permission.say.as_str()),
            ("`closing`".to_owned(), routine.closing.say.as_str()),
        ];
        for (i, step) in routine.steps.iter().enumerate() {
            texts.push((format!("step {}", i + 1), step.say.as_str()));
        }
        for (at, text) in texts {
            for phrase in w.hand_under {
                if has_phrase(text, phrase) {
                    r.add(
                        file,
                        it.clone(),
                        format!(
                            "{at} says `{phrase}`: no step asks for a hand under the baby's body"
                        ),
                    );
                }
            }
        }
    }
}
/// How many words apart "cover" and "sleep" may be before the check lets them pass.
const COVER_NEAR_SLEEP: usize = 12;

/// Whether `text` turns the baby onto the back (one of the catalog's words for it, as whole
/// words): the check a routine's closing passes after a face-down step, and the one the plan
/// compiler uses before adding the `turn_onto_back` phrase.
pub fn turns_onto_back(text: &str) -> bool {
    ALL_ONTO_BACK
        .iter()
        .any(|words| words.iter().any(|p| has_phrase(text, p)))
}

/// The first dozing phrase of `text` when the text lacks one of the safe-sleep groups.
fn dozing_without_safe_sleep(w: &Words, text: &str) -> Option<&'static str> {
    let dozing = w.dozing.iter().find(|d| has_phrase(text, d))?;
    let safe = w
        .safe_sleep
        .iter()
        .all(|group| group.iter().any(|p| has_phrase(text, p)));
    (!safe).then_some(*dozing)
}

/// Safety words: the notices soothe must show, and nothing anywhere that makes sleep unsafe
/// (no "cover" near "sleep"; no routine that ends with the baby left face-down).
fn safety(
    r: &mut Report,
    w: &Words,
    lists: Option<&WordLists>,
    items: &Located,
    strokes: &HashMap<&str, &Stroke>,
    sources: &HashSet<&str>,
) {
    duplicates(
        r,
        "notice",
        items.notices.iter().map(|(f, n)| (f, n.id.as_str())),
    );
    let routines: HashSet<&str> = items.routines.iter().map(|(_, x)| x.id.as_str()).collect();
    for (file, n) in &items.notices {
        let it = item("notice", &n.id);
        if !NOTICES.contains(&n.id.as_str()) {
            r.add(
                file,
                it.clone(),
                format!("unknown notice (known: {})", NOTICES.join(", ")),
            );
        }
        if n.title.trim().is_empty() || n.items.iter().all(|i| i.trim().is_empty()) {
            r.add(
                file,
                it.clone(),
                "needs a `title` and at least one of `items`",
            );
        }
        if n.sources.is_empty() {
            r.add(file, it.clone(), "cites no source (`sources` is empty)");
        }
        for id in &n.sources {
            if !sources.contains(id.as_str()) {
                r.add(file, it.clone(), format!("unknown source `{id}`"));
            }
        }
        for id in &n.routines {
            if !routines.contains(id.as_str()) {
                r.add(file, it.clone(), format!("unknown routine `{id}`"));
            }
        }
        let mut texts: Vec<&str> = vec![&n.title, &n.intro];
        texts.extend(n.items.iter().map(String::as_str));
        forbidden(r, w, file, &it, &texts);
    }
    for id in NOTICES {
        if !items.notices.iter().any(|(_, n)| n.id == *id) {
            r.add(
                "content/safety.toml",
                None,
                format!("notice `{id}` is missing"),
            );
        }
    }
    for (file, it, field, text) in every_text(items) {
        for (jargon, plain) in lists.iter().flat_map(|l| l.jargon_in(text)) {
            r.add(
                file,
                it.clone(),
                format!("`{field}` says `{jargon}`: say \"{plain}\", in a parent's words"),
            );
        }
        if let Some(dozing) = dozing_without_safe_sleep(w, text) {
            r.add(
                file,
                it.clone(),
                format!(
                    "`{field}` says `{dozing}` without the safe-sleep words: say to lay the baby down on their back, in their own cot, with nothing loose"
                ),
            );
        }
        if let Some((cover, sleep)) = cover_near_sleep(w, text) {
            r.add(
                file,
                it,
                format!(
                    "`{field}` says `{cover}` near `{sleep}`: never tell a parent to cover a sleeping baby (on the back, in their own cot, nothing loose; a baby sleeping bag instead)"
                ),
            );
        }
    }
    for (file, x) in &items.routines {
        let last = x.steps.last().and_then(|step| {
            step.position
                .or_else(|| strokes.get(step.stroke.as_str()).map(|s| s.position))
        });
        if last == Some(Position::OnTummy) && !turns_onto_back(&x.closing.say) {
            r.add(
                file,
                item("routine", &x.id),
                format!(
                    "the last step leaves the baby face-down, so `closing` must turn the baby over (say \"{}\"): a baby who falls asleep is never left face-down",
                    w.onto_back[0]
                ),
            );
        }
    }
}

/// Every text of the catalog a parent reads or hears: (file, item, field, text).
fn every_text(items: &Located) -> Vec<(&str, Option<String>, String, &str)> {
    let mut out: Vec<(&str, Option<String>, String, &str)> = Vec::new();
    for (file, s) in &items.strokes {
        let it = item("stroke", &s.id);
        for (field, text) in [
            ("name", s.name.as_str()),
            ("how", &s.how),
            ("pressure", &s.pressure),
            ("note", s.note.as_deref().unwrap_or("")),
        ] {
            out.push((file, it.clone(), field.to_owned(), text));
        }
    }
    for (file, x) in &items.routines {
        let it = item("routine", &x.id);
        for (field, text) in [
            ("title", x.title.as_str()),
            ("purpose", &x.purpose),
            ("permission", &x.permission.say),
            ("closing", &x.closing.say),
        ] {
            out.push((file, it.clone(), field.to_owned(), text));
        }
        for (i, step) in x.steps.iter().enumerate() {
            out.push((file, it.clone(), format!("step {} say", i + 1), &step.say));
        }
    }
    for (file, c) in &items.cues {
        let it = item("cue", &c.id);
        for (field, text) in [
            ("name", c.name.as_str()),
            ("looks_like", &c.looks_like),
            ("respond", &c.respond),
        ] {
            out.push((file, it.clone(), field.to_owned(), text));
        }
    }
    for (file, o) in &items.oils {
        let it = item("oil", &o.id);
        for (field, text) in [
            ("what", o.what.as_str()),
            ("guidance", &o.guidance),
            ("allergy", o.allergy.as_deref().unwrap_or("")),
        ] {
            out.push((file, it.clone(), field.to_owned(), text));
        }
    }
    for (file, c) in &items.claims {
        let it = item("claim", &c.id);
        for (field, text) in [
            ("benefit", c.benefit.as_str()),
            ("population", &c.population),
            ("why", &c.why),
            ("summary", &c.summary),
        ] {
            out.push((file, it.clone(), field.to_owned(), text));
        }
    }
    for (file, t) in &items.topics {
        out.push((file, item("topic", &t.id), "title".to_owned(), &t.title));
    }
    for (file, t) in &items.terms {
        out.push((file, item("term", &t.id), "means".to_owned(), &t.means));
    }
    for (file, t) in &items.rules {
        let it = item("rule", &t.id);
        for (field, text) in [("title", t.title.as_str()), ("message", &t.message)] {
            out.push((file, it.clone(), field.to_owned(), text));
        }
    }
    for (file, p) in &items.phrases {
        out.push((file, item("phrase", &p.id), "say".to_owned(), &p.say));
    }
    for (file, x) in &items.sections {
        let it = item("section", &x.id);
        out.push((file, it.clone(), "title".to_owned(), &x.title));
        for (i, text) in x.paragraphs.iter().enumerate() {
            out.push((file, it.clone(), format!("paragraphs[{i}]"), text));
        }
    }
    for (file, n) in &items.notices {
        let it = item("notice", &n.id);
        out.push((file, it.clone(), "title".to_owned(), &n.title));
        out.push((file, it.clone(), "intro".to_owned(), &n.intro));
        for (i, text) in n.items.iter().enumerate() {
            out.push((file, it.clone(), format!("items[{i}]"), text));
        }
    }
    out
}

/// The first "cover…" word within [`COVER_NEAR_SLEEP`] words of a "sleep…" word, if any
/// ("covered" and "asleep" count; "recover" and "uncovered" do not).
fn cover_near_sleep(lang: &Words, text: &str) -> Option<(String, String)> {
    let w = words(text);
    let is_cover = |x: &str| word_matches(x, lang.cover);
    let is_sleep = |x: &str| word_matches(x, lang.sleep);
    for (i, c) in w.iter().enumerate().filter(|(_, x)| is_cover(x)) {
        let from = i.saturating_sub(COVER_NEAR_SLEEP);
        let to = (i + COVER_NEAR_SLEEP + 1).min(w.len());
        if let Some(s) = w[from..to].iter().find(|x| is_sleep(x)) {
            return Some((c.clone(), s.clone()));
        }
    }
    None
}

/// The teaching pages' sections: every one of [`SECTIONS`] once, on its page, with a heading,
/// one to four short paragraphs and known sources, and no word soothe never uses.
fn teaching(r: &mut Report, w: &Words, items: &Located, sources: &HashSet<&str>) {
    duplicates(
        r,
        "section",
        items.sections.iter().map(|(f, x)| (f, x.id.as_str())),
    );
    for (file, x) in &items.sections {
        let it = item("section", &x.id);
        match SECTIONS.iter().find(|(id, _)| *id == x.id) {
            None => r.add(
                file,
                it.clone(),
                format!(
                    "unknown section (known: {})",
                    SECTIONS
                        .iter()
                        .map(|(id, _)| *id)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            Some((_, page)) if *page != x.page => r.add(
                file,
                it.clone(),
                format!("belongs on the page `{}`, not `{}`", page.id(), x.page.id()),
            ),
            Some(_) => {}
        }
        if x.title.trim().is_empty() {
            r.add(file, it.clone(), "`title` is empty");
        }
        if !PARAGRAPHS.contains(&x.paragraphs.len()) {
            r.add(
                file,
                it.clone(),
                format!(
                    "has {} paragraph(s); write {} to {} short ones",
                    x.paragraphs.len(),
                    PARAGRAPHS.start(),
                    PARAGRAPHS.end()
                ),
            );
        }
        for (i, p) in x.paragraphs.iter().enumerate() {
            let n = sentences(p);
            if p.trim().is_empty() || !SENTENCES.contains(&n) {
                r.add(
                    file,
                    it.clone(),
                    format!(
                        "`paragraphs[{i}]` has {n} sentence(s); write {} to {} short ones",
                        SENTENCES.start(),
                        SENTENCES.end()
                    ),
                );
            }
        }
        if x.sources.is_empty() {
            r.add(file, it.clone(), "cites no source (`sources` is empty)");
        }
        for id in &x.sources {
            if !sources.contains(id.as_str()) {
                r.add(file, it.clone(), format!("unknown source `{id}`"));
            }
        }
        let mut texts: Vec<&str> = vec![&x.title];
        texts.extend(x.paragraphs.iter().map(String::as_str));
        forbidden(r, w, file, &it, &texts);
    }
    for (id, _) in SECTIONS {
        if !items.sections.iter().any(|(_, x)| x.id == *id) {
            r.add(
                "content/teaching.toml",
                None,
                format!("section `{id}` is missing"),
            );
        }
    }
}

/// The first of `patterns` found in `text` (whose lowercase words are `words`): a phrase as
/// whole words, a single word as in [`word_matches`].
fn first_of(text: &str, words: &[String], patterns: &[String]) -> Option<String> {
    patterns.iter().find_map(|p| {
        if p.contains(' ') {
            has_phrase(text, p).then(|| p.clone())
        } else {
            let p = p.to_lowercase();
            words
                .iter()
                .find(|x| word_matches(x, &[p.as_str()]))
                .cloned()
        }
    })
}

/// The sentences of `text` (ended by `.`, `!`, `?` or `;`).
fn sentence_list(text: &str) -> impl Iterator<Item = &str> {
    text.split(['.', '!', '?', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// No benefit without its grade: outside the evidence cards, a sentence that names an
/// outcome and a word that says it got better (content/words/<lang>.toml, `benefit`) must use
/// a hedge: the weakest grade's of the claims the item cites (`claims` on an oil; none
/// needed when that grade is moderate or high), or, citing none, any hedge of a weak grade.
fn benefits(r: &mut Report, w: &Words, lists: &WordLists, items: &Located) {
    let grades: HashMap<&str, Grade> = items
        .claims
        .iter()
        .map(|(_, c)| (c.id.as_str(), c.grade))
        .collect();
    let cited: HashMap<Option<String>, Grade> = items
        .oils
        .iter()
        .filter_map(|(_, o)| {
            let weakest = o
                .claims
                .iter()
                .filter_map(|id| grades.get(id.as_str()))
                .min()?;
            Some((item("oil", &o.id), *weakest))
        })
        .collect();
    for (file, it, field, text) in every_text(items) {
        if it.as_deref().is_some_and(|i| i.starts_with("claim ")) {
            continue;
        }
        let (hedges, cites) = match cited.get(&it) {
            Some(grade) => (w.hedges(*grade), true),
            None => (w.hedges(Grade::VeryLow), false),
        };
        if hedges.is_empty() {
            continue;
        }
        for sentence in sentence_list(text) {
            let words = words(sentence);
            let Some(outcome) = first_of(sentence, &words, &lists.benefit.outcomes) else {
                continue;
            };
            let Some(gain) = first_of(sentence, &words, &lists.benefit.gains) else {
                continue;
            };
            if hedges.iter().any(|h| has_phrase(sentence, h)) {
                continue;
            }
            let how = if cites {
                "the claims it cites are graded weak, so use their hedge"
            } else {
                "cite a graded claim (`claims = [...]`) and use its hedge, or use a hedge"
            };
            r.add(
                file,
                it.clone(),
                format!(
                    "`{field}` claims a benefit without its grade (\"{gain}\" … \"{outcome}\" in \"{sentence}\"): {how} (one of: {})",
                    hedges.join(", ")
                ),
            );
        }
    }
}
