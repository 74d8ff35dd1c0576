//! The catalog's item types, as they are written in the TOML files under `content/`.
//!
//! Every struct here denies unknown fields, so a misspelt key in a content file is a load
//! error instead of a silently missing value.

use serde::{Deserialize, Serialize};

use crate::ids::{ClaimId, CueId, OilId, RoutineId, RuleId, SourceId, StrokeId};
use crate::readiness::input::WarningSign;
use crate::vocab::BodyArea;

/// A published or practice source that catalog items cite.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Stable id used by `sources = [...]` lists in other files.
    pub id: SourceId,
    /// Authors as cited ("Field T, Diego M, Hernandez-Reif M") or the organisation.
    pub authors: String,
    /// Year of publication; absent for undated web pages.
    #[serde(default)]
    pub year: Option<u16>,
    /// Journal, publisher or organisation.
    pub venue: String,
    /// How much weight the source carries (T1 reviews … T4 practice material).
    pub tier: Tier,
}

impl Source {
    /// The short citation shown to users: "Field T, Diego M 2006, Infant Behavior and Development".
    pub fn citation(&self) -> String {
        match self.year {
            Some(year) => format!("{} {}, {}", self.authors, year, self.venue),
            // An undated page whose venue already names its authors: say it once.
            None if self.venue.starts_with(&self.authors) => format!("{} (n.d.)", self.venue),
            None => format!("{} (n.d.), {}", self.authors, self.venue),
        }
    }
}

/// Source tiers from the fact base.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Tier {
    /// Systematic review or meta-analysis.
    T1,
    /// Randomised or controlled trial.
    T2,
    /// Guidance from a professional body, hospital or health service.
    T3,
    /// Teaching material: instructor organisations, instructors, blogs. Describes practice only.
    T4,
}

/// How the baby lies for a stroke.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    /// Lying on the back, facing the parent.
    OnBack,
    /// Lying on the tummy (on the floor or across the parent's lap).
    OnTummy,
    /// Sitting or lying in the parent's lap.
    InLap,
}

/// Properties of a stroke that the readiness check and the planner act on.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StrokeFlag {
    /// The stroke presses or sweeps over the tummy wherever its step is (an integration
    /// sweep, knees to tummy), so it is left out whenever the tummy is skipped.
    TouchesAbdomen,
    /// The stroke flexes or presses the hips (knees to tummy, leg flexion).
    LoadsHips,
    /// Done on a leg, or pressing the knees to the tummy, the parent moves the baby's leg
    /// passively; left out with hip dysplasia.
    PassiveLegMovement,
}

/// One massage stroke.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stroke {
    /// Stable id (`water_wheel`).
    pub id: StrokeId,
    /// Display name ("Water wheel").
    pub name: String,
    /// Every body area the stroke can be done on or passes over.
    pub areas: Vec<BodyArea>,
    /// The areas the stroke always passes over, wherever its step is filed: an integration
    /// sweep from the chest to the feet crosses the tummy, the legs and the feet. Each is one
    /// of `areas`. A step touches its own area, these, and its own `touches`.
    #[serde(default)]
    pub crosses: Vec<BodyArea>,
    /// The baby's position.
    pub position: Position,
    /// How to do it, in two to four short sentences.
    pub how: String,
    /// A note on pressure.
    pub pressure: String,
    /// Whether the stroke uses oil (never on the face).
    pub oil: bool,
    /// Typical duration in seconds.
    pub seconds: u32,
    /// Flags the readiness check and the planner need.
    #[serde(default)]
    pub flags: Vec<StrokeFlag>,
    /// A safety or evidence note shown with the stroke, if any.
    #[serde(default)]
    pub note: Option<String>,
    /// Sources for the description.
    pub sources: Vec<SourceId>,
}

impl Stroke {
    /// Whether the stroke carries `flag`.
    pub fn has(&self, flag: StrokeFlag) -> bool {
        self.flags.contains(&flag)
    }
}

/// Ages a routine suits, in weeks (corrected age for babies born preterm).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeRange {
    /// From this many weeks.
    pub from_weeks: u32,
    /// Up to (not including) this many weeks; absent means no upper limit.
    #[serde(default)]
    pub to_weeks: Option<u32>,
}

/// How a routine's ages fit a baby, in corrected age.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeFit {
    /// The baby is within the routine's ages.
    Fits,
    /// The baby is younger than the routine's first week: the readiness check refuses it
    /// (the `routine_age` rule).
    TooYoung,
    /// The baby is as old as the routine's last week or older: it is offered with a note,
    /// never refused. A routine with an upper age is a gentle, short one (a first massage
    /// for a newborn, a playful one for a baby on the move), not unsafe for an older baby,
    /// only less than it may enjoy.
    Older,
}

impl AgeFit {
    /// Its id: `fits`, `too_young` or `older`.
    pub fn id(self) -> &'static str {
        match self {
            AgeFit::Fits => "fits",
            AgeFit::TooYoung => "too_young",
            AgeFit::Older => "older",
        }
    }
}

impl AgeRange {
    /// How these ages fit a baby of `corrected_days` (days since birth, less the days born
    /// early): too young before `from_weeks`, older from `to_weeks` on (it is "up to, not
    /// including"), else it fits.
    pub fn fit(&self, corrected_days: i64) -> AgeFit {
        if corrected_days < i64::from(self.from_weeks) * 7 {
            AgeFit::TooYoung
        } else if self
            .to_weeks
            .is_some_and(|to| corrected_days >= i64::from(to) * 7)
        {
            AgeFit::Older
        } else {
            AgeFit::Fits
        }
    }

    /// How many weeks the ages span; `None` when they have no upper age.
    pub fn span_weeks(&self) -> Option<u32> {
        self.to_weeks.map(|to| to.saturating_sub(self.from_weeks))
    }
}

/// Words said at a fixed moment of a routine (the permission ritual, the closing).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Moment {
    /// Seconds the moment takes.
    pub seconds: u32,
    /// What the guide says, in short sentences that read well aloud.
    pub say: String,
}

/// One step of a routine: a stroke on one area.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The stroke.
    pub stroke: StrokeId,
    /// The body area this step works on; must be one of the stroke's areas.
    pub area: BodyArea,
    /// Seconds for this step.
    pub seconds: u32,
    /// Other areas this step passes over, beyond its own area and the stroke's `crosses`
    /// (swooping carried on down the legs); each must be one of the stroke's `areas`.
    #[serde(default)]
    pub touches: Vec<BodyArea>,
    /// The baby's position when it differs from the stroke's usual one (resting hands on the
    /// back, with the baby on the tummy).
    #[serde(default)]
    pub position: Option<Position>,
    /// What the guide says, naming the body part.
    pub say: String,
}

impl Step {
    /// Every body area the step touches: its own area first, then the stroke's `crosses` and
    /// the step's `touches`, in the vocabulary's order, each once. A skipped area leaves out
    /// every step that touches it.
    pub fn areas(&self, stroke: &Stroke) -> Vec<BodyArea> {
        let mut out = vec![self.area];
        for a in BodyArea::ALL {
            if *a != self.area && (stroke.crosses.contains(a) || self.touches.contains(a)) {
                out.push(*a);
            }
        }
        out
    }
}

/// A massage routine.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Routine {
    /// Stable id (`full-body`).
    pub id: RoutineId,
    /// Title ("Full-body massage").
    pub title: String,
    /// What it is for, in one or two sentences.
    pub purpose: String,
    /// Suitable ages.
    pub ages: AgeRange,
    /// Target length in minutes; the steps must add up to it within a minute.
    pub minutes: u32,
    /// The body areas the routine is about, kept when the session is fitted to the baby's
    /// age (legs and feet for a first massage): only other areas are dropped. Every routine
    /// in `content/` names them; left out, the routine's first area is its core.
    #[serde(default)]
    pub core: Vec<BodyArea>,
    /// Only a clinician may run it (no parent can start it).
    #[serde(default)]
    pub clinician_only: bool,
    /// The session ends early when the baby passes gas or has a bowel movement.
    #[serde(default)]
    pub ends_on_relief: bool,
    /// The permission ritual at the start.
    pub permission: Moment,
    /// The ordered steps.
    pub steps: Vec<Step>,
    /// The closing (cuddle, integration).
    pub closing: Moment,
    /// Sources for the routine as a whole.
    pub sources: Vec<SourceId>,
}

impl Routine {
    /// Total seconds: permission ritual, every step and the closing.
    pub fn total_seconds(&self) -> u32 {
        self.permission.seconds
            + self.steps.iter().map(|s| s.seconds).sum::<u32>()
            + self.closing.seconds
    }

    /// The areas kept when the session is fitted to the baby's age: `core`, or the first area.
    pub fn core_areas(&self) -> Vec<BodyArea> {
        if self.core.is_empty() {
            self.area_order().into_iter().take(1).collect()
        } else {
            self.core.clone()
        }
    }

    /// Body areas in the order the routine first reaches them.
    pub fn area_order(&self) -> Vec<BodyArea> {
        let mut order = Vec::new();
        for step in &self.steps {
            if !order.contains(&step.area) {
                order.push(step.area);
            }
        }
        order
    }
}

/// What a cue tells the parent.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CueKind {
    /// "Keep interacting with me."
    Engagement,
    /// "I need a break."
    Disengagement,
    /// The baby has fallen asleep.
    Asleep,
    /// "Get help now": a sign that needs medical care, not a massage.
    Alarm,
}

/// How obvious a cue is.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    /// Easy to miss.
    Subtle,
    /// Obvious.
    Potent,
}

/// A baby cue.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cue {
    /// Stable id (`looks_away`).
    pub id: CueId,
    /// Display name ("Looks away").
    pub name: String,
    /// Engagement, disengagement or asleep.
    pub kind: CueKind,
    /// Subtle or potent; absent only for `asleep` and `alarm`.
    #[serde(default)]
    pub strength: Option<Strength>,
    /// For an `alarm` cue, the journal warning sign a parent can log for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning_sign: Option<WarningSign>,
    /// What the parent sees.
    pub looks_like: String,
    /// What to do.
    pub respond: String,
    /// Sources.
    pub sources: Vec<SourceId>,
}

/// A cue's class under the session's cue policy (docs/SESSION.md): the engine, the players'
/// cue groups and the catalog's word checks all read it from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueClass {
    /// Engagement: logged only.
    Engagement,
    /// Subtle disengagement: a little break.
    Subtle,
    /// Potent disengagement: stop now.
    Potent,
    /// The baby has fallen asleep.
    Asleep,
    /// A sign that needs medical help.
    Alarm,
}

impl Cue {
    /// The cue's class (a disengagement cue without a strength counts as subtle; the catalog
    /// refuses one anyway).
    pub fn class(&self) -> CueClass {
        match (self.kind, self.strength) {
            (CueKind::Asleep, _) => CueClass::Asleep,
            (CueKind::Alarm, _) => CueClass::Alarm,
            (CueKind::Engagement, _) => CueClass::Engagement,
            (CueKind::Disengagement, Some(Strength::Potent)) => CueClass::Potent,
            (CueKind::Disengagement, _) => CueClass::Subtle,
        }
    }
}

/// How suitable an oil is for a group of babies.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Suitability {
    /// The first choice.
    Preferred,
    /// Fine to use.
    Suitable,
    /// Use with care; see the guidance.
    Caution,
    /// Do not use.
    Avoid,
}

/// How the readiness check treats an oil.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OilFlag {
    /// Never suitable for infant massage (`oil_unsuitable`).
    Unsuitable,
    /// Avoid on preterm skin and in the first 28 days (`oil_newborn_skin`).
    HarmsNewbornSkin,
    /// A nut oil: avoid when there is a risk of allergy (`oil_allergy_risk`).
    NutAllergen,
    /// Offered as an alternative when another oil is ruled out.
    Alternative,
}

/// A massage oil (or no oil).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Oil {
    /// Stable id (`sunflower`).
    pub id: OilId,
    /// Display name ("Sunflower seed oil").
    pub name: String,
    /// What it is.
    pub what: String,
    /// How to use it, or why not.
    pub guidance: String,
    /// Suitability for preterm skin.
    pub preterm: Suitability,
    /// Suitability for newborn (first four weeks) skin.
    pub newborn: Suitability,
    /// Allergy notes, if any.
    #[serde(default)]
    pub allergy: Option<String>,
    /// Flags the readiness check acts on.
    #[serde(default)]
    pub flags: Vec<OilFlag>,
    /// The evidence cards behind a benefit the texts mention (coconut oil and weight gain):
    /// the texts use the weakest card's hedge.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<ClaimId>,
    /// Sources.
    pub sources: Vec<SourceId>,
}

impl Oil {
    /// Whether the oil carries `flag`.
    pub fn has(&self, flag: OilFlag) -> bool {
        self.flags.contains(&flag)
    }
}

/// GRADE certainty of evidence, plus the two labels beyond GRADE.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// The evidence is absent and the claim goes far beyond any data.
    NotSupported,
    /// No controlled human study of the claim.
    NoEvidence,
    /// Very little confidence in the estimate.
    VeryLow,
    /// Limited confidence in the estimate.
    Low,
    /// The true effect is probably close to the estimate.
    Moderate,
    /// Very confident that the true effect is close to the estimate.
    High,
}

impl Grade {
    /// Every grade, from the strongest.
    pub const ALL: [Grade; 6] = [
        Grade::High,
        Grade::Moderate,
        Grade::Low,
        Grade::VeryLow,
        Grade::NoEvidence,
        Grade::NotSupported,
    ];

    /// The badge text.
    pub fn label(self) -> &'static str {
        match self {
            Grade::High => "High certainty",
            Grade::Moderate => "Moderate certainty",
            Grade::Low => "Low certainty",
            Grade::VeryLow => "Very low certainty",
            Grade::NoEvidence => "No evidence found",
            Grade::NotSupported => "Not supported",
        }
    }

    /// What the grade means, in plain words (after Fretheim et al. 2012, BMC Medicine).
    pub fn meaning(self) -> &'static str {
        match self {
            Grade::High => {
                "We are very confident that the true effect is close to what studies found."
            }
            Grade::Moderate => {
                "The true effect is probably close to what studies found, but it could be quite different."
            }
            Grade::Low => "Our confidence is limited: the true effect may be quite different.",
            Grade::VeryLow => {
                "We have very little confidence: the true effect is likely to be quite different."
            }
            Grade::NoEvidence => "No controlled study in babies has looked at this.",
            Grade::NotSupported => {
                "There is no evidence, and the claim goes far beyond anything that was studied."
            }
        }
    }

    /// Whether claims with this grade must use hedged words ("small studies suggest", "may").
    pub fn needs_hedging(self) -> bool {
        self <= Grade::Low
    }
}

/// A claimed benefit of infant massage, with its evidence grade.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Stable id (`sleep_term`).
    pub id: ClaimId,
    /// The benefit as people name it ("Better sleep").
    pub benefit: String,
    /// Who was studied ("Healthy term babies").
    pub population: String,
    /// The grade.
    pub grade: Grade,
    /// One line on why it has this grade.
    pub why: String,
    /// What soothe says about it, hedged when the grade is low or below.
    pub summary: String,
    /// Key sources; may be empty only when the grade is `no_evidence`.
    pub sources: Vec<SourceId>,
    /// The id of the topic the evidence page lists it under: every claim is in exactly one.
    pub topic: String,
    /// Only about babies born early: the "for my baby" filter shows it for them alone.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub born_early: bool,
    /// The ages (weeks since birth) it is about, when not every age: the "for my baby" filter
    /// shows it only for a baby of these ages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ages: Option<AgeRange>,
}

impl Claim {
    /// Whether the claim is about a baby `weeks` old (weeks since birth) who was, or was not,
    /// `born_early`: the evidence page's "for my baby" filter.
    pub fn applies_to(&self, weeks: i64, born_early: bool) -> bool {
        if self.born_early && !born_early {
            return false;
        }
        match &self.ages {
            None => true,
            Some(a) => {
                weeks >= i64::from(a.from_weeks)
                    && a.to_weeks.is_none_or(|to| weeks < i64::from(to))
            }
        }
    }
}

/// A group of evidence claims, named by what parents ask about ("Sleep", "For babies born
/// early"); the evidence page's index, in file order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// Stable id (`sleep`), the page's anchor (`#topic-sleep`).
    pub id: String,
    /// The heading ("Crying, wind and tummy").
    pub title: String,
}

/// A word a parent may not know that the texts use as a name ("IAIM", "Field's protocol"),
/// with a short definition shown beside its first mention on a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// Stable id (`iaim`).
    pub id: String,
    /// The word as the texts write it, case and all ("IAIM"); a mention is this text.
    pub word: String,
    /// What it means, in one or two plain sentences, citing by author, year and journal.
    pub means: String,
    /// Sources behind the definition.
    pub sources: Vec<SourceId>,
}

impl Term {
    /// Whether `text` mentions the term (its word, in any language's markers).
    pub fn in_text(&self, text: &str) -> bool {
        let word = self
            .word
            .trim_start_matches(crate::lang::PSEUDO_OPEN)
            .trim_end_matches(crate::lang::PSEUDO_CLOSE);
        !word.is_empty() && text.contains(word)
    }
}

/// Words the guided session says at a fixed moment (a cue pause, the comfort step, an end).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phrase {
    /// One of [`PHRASES`](crate::catalog::PHRASES).
    pub id: String,
    /// The words, for a speech engine.
    pub say: String,
    /// Sources behind the response.
    pub sources: Vec<SourceId>,
}

/// The words and sources of one readiness rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleText {
    /// The rule id (`feed_gap`).
    pub id: RuleId,
    /// A short title ("Just fed").
    pub title: String,
    /// The message, with `{placeholders}` the rule fills in.
    pub message: String,
    /// Sources behind the rule.
    pub sources: Vec<SourceId>,
}

/// Safety words soothe shows in its own place: the preparation check before every massage,
/// the red flags before a routine, a short library page (skin-to-skin care).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    /// One of [`NOTICES`](crate::catalog::NOTICES).
    pub id: String,
    /// The heading ("Before you start").
    pub title: String,
    /// A sentence or two before the list.
    #[serde(default)]
    pub intro: String,
    /// The points, one short sentence each.
    pub items: Vec<String>,
    /// Routines this notice is shown before (empty: not tied to a routine).
    #[serde(default)]
    pub routines: Vec<RoutineId>,
    /// Sources behind the words.
    pub sources: Vec<SourceId>,
}

/// The teaching pages a [`Section`] belongs to.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeachingPage {
    /// "Before your first massage": the permission ritual, reading the baby, preparing,
    /// keeping it short, the same time each day, patience, the family.
    FirstMassage,
    /// "Finding an instructor": what certified instructors do, who certifies them, what to
    /// ask.
    Instructor,
}

impl TeachingPage {
    /// Every page, in the order a library shows them.
    pub const ALL: [TeachingPage; 2] = [TeachingPage::FirstMassage, TeachingPage::Instructor];

    /// The page's id, as written in `content/teaching.toml`.
    pub fn id(self) -> &'static str {
        match self {
            TeachingPage::FirstMassage => "first_massage",
            TeachingPage::Instructor => "instructor",
        }
    }
}

/// One section of a teaching page (`content/teaching.toml`): a heading and a few short
/// paragraphs.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable id (`permission`), one of [`SECTIONS`](crate::catalog::SECTIONS).
    pub id: String,
    /// The page it is on.
    pub page: TeachingPage,
    /// The heading ("Ask first").
    pub title: String,
    /// One to four short paragraphs, each of one to four sentences.
    pub paragraphs: Vec<String>,
    /// Sources behind the words.
    pub sources: Vec<SourceId>,
}
