//! The readiness check: is now a good moment for a massage, and if not, why.
//!
//! [`check`] is a pure function of a validated [`CheckInput`] and the catalog. Every rule
//! that applies produces a [`Finding`] (which can hold the massage back) or an
//! [`Adaptation`] (which changes how it is done); the verdict is the most severe finding.

pub mod age;
pub mod input;
pub mod offer;
pub mod rule;
pub mod speech;

use jiff::SignedDuration;
use serde::Serialize;

pub use age::Age;
pub use input::{CheckInput, InputError, parse_json};
pub use offer::{Offered, best_routine, routines_for_age};
pub use rule::Rule;
pub use speech::{English, Speech, TimeFit};

use crate::BodyArea;
use crate::catalog::{Catalog, Oil, OilFlag, Routine, Suitability};
use crate::ids::OilId;
use crate::time::LocalTime;
use input::{BabyState, ClearanceReason, Condition, Event, PatchResult, SkinArea, WarningSign};

/// The answer to "can we massage now?", from best to most severe.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Go ahead.
    Ready,
    /// Not in this state (asleep, drowsy, fussy).
    NotNow,
    /// Wait, until a time when one is known.
    Wait,
    /// A clinician's clearance is needed first.
    AskClinician,
    /// Not today (fever, illness, widespread skin problem).
    NotToday,
    /// Seek medical care now.
    SeekCare,
}

impl Verdict {
    /// The stable id (`ready`, `not_now`, `wait`, `ask_clinician`, `not_today`, `seek_care`).
    pub fn id(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::NotNow => "not_now",
            Verdict::Wait => "wait",
            Verdict::AskClinician => "ask_clinician",
            Verdict::NotToday => "not_today",
            Verdict::SeekCare => "seek_care",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.id())
    }
}

/// What a finding does to the verdict.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Information only; the verdict is unchanged.
    Info,
    /// Not now.
    NotNow,
    /// Wait.
    Wait,
    /// Ask a clinician.
    AskClinician,
    /// Not today.
    NotToday,
    /// Seek care.
    SeekCare,
}

impl Effect {
    fn verdict(self) -> Option<Verdict> {
        match self {
            Effect::Info => None,
            Effect::NotNow => Some(Verdict::NotNow),
            Effect::Wait => Some(Verdict::Wait),
            Effect::AskClinician => Some(Verdict::AskClinician),
            Effect::NotToday => Some(Verdict::NotToday),
            Effect::SeekCare => Some(Verdict::SeekCare),
        }
    }
}

/// One rule that applies, with its reason in plain words and its sources.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule.
    pub rule: Rule,
    /// Its effect on the verdict.
    pub effect: Effect,
    /// For `wait`: when the wait ends, if known.
    pub until: Option<LocalTime>,
    /// The reason, in plain words.
    pub message: String,
    /// Citations behind the rule.
    pub sources: Vec<String>,
}

/// A change to how the massage is done.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Adaptation {
    /// Leave one body area out.
    SkipArea {
        /// The area.
        area: BodyArea,
        /// The rule.
        rule: Rule,
        /// Why.
        message: String,
    },
    /// No passive leg movements (knees to tummy, leg flexion).
    NoLegMovements {
        /// The rule.
        rule: Rule,
        /// Why.
        message: String,
    },
    /// Do not use this oil; the alternatives are suitable for this baby.
    AvoidOil {
        /// The oil to avoid.
        oil: OilId,
        /// Suitable alternatives, best first.
        alternatives: Vec<OilId>,
        /// The rule.
        rule: Rule,
        /// Why.
        message: String,
    },
    /// Massage without oil for now.
    NoOil {
        /// Until when, if known.
        #[serde(skip_serializing_if = "Option::is_none")]
        until: Option<LocalTime>,
        /// The rule.
        rule: Rule,
        /// Why.
        message: String,
    },
    /// Keep the massage to at most this many minutes.
    MaxMinutes {
        /// Minutes.
        minutes: u32,
        /// The rule.
        rule: Rule,
        /// Why.
        message: String,
    },
}

impl Adaptation {
    /// The rule that asked for this adaptation.
    pub fn rule(&self) -> Rule {
        match self {
            Adaptation::SkipArea { rule, .. }
            | Adaptation::NoLegMovements { rule, .. }
            | Adaptation::AvoidOil { rule, .. }
            | Adaptation::NoOil { rule, .. }
            | Adaptation::MaxMinutes { rule, .. } => *rule,
        }
    }

    /// The reason in plain words.
    pub fn message(&self) -> &str {
        match self {
            Adaptation::SkipArea { message, .. }
            | Adaptation::NoLegMovements { message, .. }
            | Adaptation::AvoidOil { message, .. }
            | Adaptation::NoOil { message, .. }
            | Adaptation::MaxMinutes { message, .. } => message,
        }
    }
}

/// The result of a readiness check.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Readiness {
    /// The most severe finding's verdict, or `ready`.
    pub verdict: Verdict,
    /// For `wait`: the latest time among the waits, when every wait has one.
    pub until: Option<LocalTime>,
    /// Every rule that applies, most severe first.
    pub findings: Vec<Finding>,
    /// Every change to how the massage is done.
    pub adaptations: Vec<Adaptation>,
    /// The baby's age.
    pub age: Age,
}

/// A low reading older than this is not "current".
const TEMPERATURE_WINDOW_SECONDS: i64 = 12 * 3600;
/// Any fever in this window counts, even if a later reading is normal (medicine can hide one).
const FEVER_WINDOW_SECONDS: i64 = 24 * 3600;
/// A warning sign counts for this long.
const WARNING_WINDOW_SECONDS: i64 = 24 * 3600;
/// Pale poo or dark urine, and jaundice past the first weeks, count for this long.
const WEEK_WINDOW_SECONDS: i64 = 7 * 24 * 3600;
/// At or above this (tenths of °C) is a fever ([`input::Celsius::is_fever`]).
const FEVER_TENTHS: i16 = 380;
/// At or above this (tenths of °C) at 3–6 months needs care now (NICE NG143).
const HIGH_FEVER_TENTHS: i16 = 390;
/// Jaundice after this many days of age lasts too long (NICE CG98)…
const JAUNDICE_PROLONGED_DAYS: i64 = 14;
/// …or after this many days for a baby born early.
const JAUNDICE_PROLONGED_DAYS_PRETERM: i64 = 21;
/// A crying spell with no end counts as in progress only if it started at most this long ago:
/// the longest crying the journal takes.
pub const CRYING_MAX_SECONDS: i64 = crate::journal::CRYING_MAX_HOURS * 3600;
/// Newborn-skin rules (oils) apply under this corrected age in days.
const NEWBORN_SKIN_DAYS: i64 = 28;
/// At or below this (tenths of °C) is too cold.
const LOW_TENTHS: i16 = 359;
/// The umbilical stump counts as healed from this age when not recorded.
const UMBILICAL_HEALED_DAYS: i64 = 21;

/// Runs every readiness rule over `input`, in English words (see [`check_in`]).
pub fn check(input: &CheckInput, catalog: &Catalog) -> Readiness {
    check_in(input, catalog, &English)
}

/// Runs every readiness rule over `input`: the messages are `catalog`'s (the reader's
/// language's), their values (areas, signs, conditions, times, temperatures) `speech`'s.
pub fn check_in(input: &CheckInput, catalog: &Catalog, speech: &dyn Speech) -> Readiness {
    Checker {
        input,
        catalog,
        speech,
        now: input.now,
        age: age::age(&input.baby, input.now),
        findings: Vec::new(),
        adaptations: Vec::new(),
    }
    .run()
}

struct Checker<'a> {
    input: &'a CheckInput,
    catalog: &'a Catalog,
    speech: &'a dyn Speech,
    now: LocalTime,
    age: Age,
    findings: Vec<Finding>,
    adaptations: Vec<Adaptation>,
}

impl Checker<'_> {
    fn run(mut self) -> Readiness {
        self.warning_signs();
        self.jaundice_and_stools();
        self.temperature();
        self.illness_and_skin();
        self.clearance();
        self.feeding();
        self.state();
        self.routine_age();
        self.vaccination();
        self.umbilical();
        self.hips();
        self.oil();
        self.duration();

        self.findings.sort_by_key(|f| std::cmp::Reverse(f.effect));
        let verdict = self
            .findings
            .iter()
            .filter_map(|f| f.effect.verdict())
            .max()
            .unwrap_or(Verdict::Ready);
        let waits: Vec<Option<LocalTime>> = self
            .findings
            .iter()
            .filter(|f| f.effect == Effect::Wait)
            .map(|f| f.until)
            .collect();
        let until = if verdict == Verdict::Wait && waits.iter().all(Option::is_some) {
            waits.into_iter().flatten().max()
        } else {
            None
        };
        Readiness {
            verdict,
            until,
            findings: self.findings,
            adaptations: self.adaptations,
            age: self.age,
        }
    }

    /// The rule's message with `values` filled in, and its citations.
    fn text(&self, rule: Rule, values: &[(&str, String)]) -> (String, Vec<String>) {
        match self.catalog.rule(rule.id()) {
            Some(t) => (
                rule::fill(&t.message, values),
                self.catalog.citations(&t.sources),
            ),
            None => (rule.id().replace('_', " "), Vec::new()),
        }
    }

    fn find(
        &mut self,
        rule: Rule,
        effect: Effect,
        until: Option<LocalTime>,
        values: &[(&str, String)],
    ) {
        let (message, sources) = self.text(rule, values);
        self.findings.push(Finding {
            rule,
            effect,
            until,
            message,
            sources,
        });
    }

    fn adapt(
        &mut self,
        rule: Rule,
        values: &[(&str, String)],
        make: impl FnOnce(String) -> Adaptation,
    ) {
        let (message, _) = self.text(rule, values);
        self.adaptations.push(make(message));
    }

    fn ago(&self, t: LocalTime) -> i64 {
        t.seconds_until(self.now)
    }

    fn warning_signs(&mut self) {
        let mut signs: Vec<WarningSign> = Vec::new();
        for e in &self.input.events {
            if let Event::WarningSign { at, sign } = *e
                && self.ago(at) <= WARNING_WINDOW_SECONDS
                && (sign != WarningSign::Jaundice || age::under_24_hours_at(&self.input.baby, at))
                && sign != WarningSign::PaleStools
                && !signs.contains(&sign)
            {
                signs.push(sign);
            }
        }
        if !signs.is_empty() {
            let list = self.speech.list(
                &signs
                    .iter()
                    .map(|s| self.speech.sign(*s))
                    .collect::<Vec<_>>(),
            );
            self.find(Rule::WarningSign, Effect::SeekCare, None, &[("sign", list)]);
        }
    }

    /// Jaundice after the first day, jaundice that lasts, and pale poo or dark urine.
    fn jaundice_and_stools(&mut self) {
        let baby = &self.input.baby;
        let born = age::birth_date(baby, self.now);
        let prolonged_after = if self.age.preterm {
            JAUNDICE_PROLONGED_DAYS_PRETERM
        } else {
            JAUNDICE_PROLONGED_DAYS
        };
        let (mut new, mut prolonged, mut pale) = (false, false, false);
        for e in &self.input.events {
            let Event::WarningSign { at, sign } = *e else {
                continue;
            };
            let ago = self.ago(at);
            match sign {
                WarningSign::Jaundice => {
                    if ago <= WARNING_WINDOW_SECONDS && !age::under_24_hours_at(baby, at) {
                        new = true;
                    }
                    let days_old = age::days_between(born, at.with_offset(self.now.offset).date());
                    if ago <= WEEK_WINDOW_SECONDS && days_old > prolonged_after {
                        prolonged = true;
                    }
                }
                WarningSign::PaleStools if ago <= WEEK_WINDOW_SECONDS => pale = true,
                _ => {}
            }
        }
        if pale {
            self.find(Rule::PaleStools, Effect::SeekCare, None, &[]);
        }
        if new {
            self.find(Rule::JaundiceNew, Effect::NotToday, None, &[]);
        }
        if prolonged {
            self.find(
                Rule::JaundiceProlonged,
                Effect::AskClinician,
                None,
                &[("days", prolonged_after.to_string())],
            );
        }
    }

    fn temperature(&mut self) {
        let readings: Vec<(LocalTime, input::Celsius, i64)> = self
            .input
            .events
            .iter()
            .filter_map(|e| match *e {
                Event::Temperature { at, celsius } => Some((at, celsius, self.ago(at))),
                _ => None,
            })
            .collect();
        // The highest reading of the last 24 hours: a later normal one does not clear it.
        let highest = readings
            .iter()
            .copied()
            .filter(|(_, _, ago)| *ago <= FEVER_WINDOW_SECONDS)
            .map(|(_, c, _)| c)
            .max();
        if let Some(celsius) = highest
            && celsius.is_fever()
        {
            let values = [("celsius", self.speech.celsius(celsius.tenths()))];
            if !self.age.three_months {
                self.find(Rule::FeverYoungInfant, Effect::SeekCare, None, &values);
            } else if !self.age.six_months && celsius.tenths() >= HIGH_FEVER_TENTHS {
                self.find(Rule::FeverThreeToSixMonths, Effect::SeekCare, None, &values);
            } else {
                self.find(Rule::Fever, Effect::NotToday, None, &values);
            }
        }
        let latest = readings
            .iter()
            .copied()
            .filter(|(_, _, ago)| *ago <= TEMPERATURE_WINDOW_SECONDS)
            .max_by_key(|(at, _, _)| *at);
        if let Some((_, celsius, _)) = latest
            && celsius.tenths() <= LOW_TENTHS
        {
            self.find(
                Rule::LowTemperature,
                Effect::SeekCare,
                None,
                &[("celsius", self.speech.celsius(celsius.tenths()))],
            );
        }
    }

    fn illness_and_skin(&mut self) {
        let now = self.now;
        let ill =
            self.input.events.iter().any(
                |e| matches!(*e, Event::Illness { end, .. } if end.is_none_or(|end| end > now)),
            );
        if ill {
            self.find(Rule::Illness, Effect::NotToday, None, &[]);
        }
        let mut widespread = false;
        let mut areas: Vec<BodyArea> = Vec::new();
        for e in &self.input.events {
            if let Event::Skin { area, resolved, .. } = *e
                && resolved.is_none_or(|r| r > now)
            {
                match area {
                    SkinArea::WholeBody => widespread = true,
                    SkinArea::Area(a) if !areas.contains(&a) => areas.push(a),
                    SkinArea::Area(_) => {}
                }
            }
        }
        if widespread {
            self.find(Rule::SkinWidespread, Effect::NotToday, None, &[]);
        }
        for area in areas {
            self.adapt(
                Rule::SkinArea,
                &[("area", self.speech.area(area))],
                |message| Adaptation::SkipArea {
                    area,
                    rule: Rule::SkinArea,
                    message,
                },
            );
        }
    }

    fn clearance(&mut self) {
        let baby = &self.input.baby;
        if self.age.preterm && !baby.cleared.contains(&ClearanceReason::BornEarly) {
            self.find(Rule::PretermNeedsClearance, Effect::AskClinician, None, &[]);
        }
        let mut labels: Vec<String> = Vec::new();
        for c in &baby.conditions {
            let label = self.speech.clearance(ClearanceReason::Condition(*c));
            if !baby.cleared.contains(&ClearanceReason::Condition(*c)) && !labels.contains(&label) {
                labels.push(label);
            }
        }
        if !labels.is_empty() {
            self.find(
                Rule::ConditionNeedsClearance,
                Effect::AskClinician,
                None,
                &[("conditions", self.speech.list(&labels))],
            );
        }
    }

    fn feeding(&mut self) {
        if self
            .input
            .events
            .iter()
            .any(|e| matches!(e, Event::Feeding { end: None, .. }))
        {
            self.find(Rule::FeedingInProgress, Effect::Wait, None, &[]);
        }
        let last_end = self
            .input
            .events
            .iter()
            .filter_map(|e| match *e {
                Event::Feeding { end: Some(end), .. } => Some(end),
                _ => None,
            })
            .max();
        let gap_minutes = self.input.settings.feed_gap_minutes;
        if let Some(end) = last_end
            && self.ago(end) < i64::from(gap_minutes) * 60
        {
            let until = end
                .plus(SignedDuration::from_mins(i64::from(gap_minutes)))
                .with_offset(self.now.offset);
            let values = [
                ("ended", self.speech.time(end, self.now)),
                ("gap", gap_minutes.to_string()),
                ("until", self.speech.time(until, self.now)),
            ];
            self.find(Rule::FeedGap, Effect::Wait, Some(until), &values);
        }
    }

    fn state(&mut self) {
        let sleep_logged = self
            .input
            .events
            .iter()
            .any(|e| matches!(e, Event::Sleep { end: None, .. }));
        let state = self.input.state;
        if sleep_logged || matches!(state, Some(BabyState::DeepSleep | BabyState::LightSleep)) {
            self.find(Rule::Asleep, Effect::NotNow, None, &[]);
        }
        // A spell never ended counts only while it could still be going on: the journal takes
        // no crying longer than `CRYING_MAX_SECONDS`, so one started before that was simply
        // never closed.
        let crying = self.input.events.iter().any(|e| {
            matches!(e, Event::Crying { start, end: None }
                if self.ago(*start) <= CRYING_MAX_SECONDS)
        });
        if crying {
            self.find(Rule::CryingInProgress, Effect::NotNow, None, &[]);
        }
        match state {
            Some(BabyState::Drowsy) => self.find(Rule::Drowsy, Effect::NotNow, None, &[]),
            Some(BabyState::Crying) if crying => {}
            Some(BabyState::ActiveAlert | BabyState::Crying) => {
                self.find(Rule::Fussy, Effect::NotNow, None, &[])
            }
            Some(BabyState::Hungry) => {
                let gap = self.input.settings.feed_gap_minutes.to_string();
                self.find(Rule::Hungry, Effect::NotNow, None, &[("gap", gap)])
            }
            None if !sleep_logged => self.find(Rule::StateUnknown, Effect::Info, None, &[]),
            _ => {}
        }
    }

    /// The chosen routine's minimum age, in corrected age for a baby born early. A
    /// clinician-only protocol is left to the clinician.
    fn routine_age(&mut self) {
        let Some(id) = &self.input.routine else {
            return;
        };
        let Some(routine) = self.catalog.routine(id.as_str()) else {
            return;
        };
        if let Some(values) =
            routine_age_values(self.catalog, routine, self.age.corrected_days, self.speech)
        {
            self.find(Rule::RoutineAge, Effect::NotNow, None, &values);
        }
    }

    fn vaccination(&mut self) {
        let hours = self.input.settings.vaccine_site_hours;
        let mut skips: Vec<(BodyArea, LocalTime)> = Vec::new();
        for e in &self.input.events {
            if let Event::Vaccination { at, sites } = e
                && self.ago(*at) < i64::from(hours) * 3600
            {
                let until = at
                    .plus(SignedDuration::from_hours(i64::from(hours)))
                    .with_offset(self.now.offset);
                for area in sites.iter().filter_map(|s| s.area()) {
                    match skips.iter_mut().find(|(a, _)| *a == area) {
                        Some((_, u)) => *u = (*u).max(until),
                        None => skips.push((area, until)),
                    }
                }
            }
        }
        for (area, until) in skips {
            let values = [
                ("area", self.speech.area(area)),
                ("hours", hours.to_string()),
                ("until", self.speech.time(until, self.now)),
            ];
            self.adapt(Rule::VaccinationSite, &values, |message| {
                Adaptation::SkipArea {
                    area,
                    rule: Rule::VaccinationSite,
                    message,
                }
            });
        }
    }

    fn umbilical(&mut self) {
        let healed = self
            .input
            .baby
            .umbilical_healed
            .unwrap_or(self.age.days >= UMBILICAL_HEALED_DAYS);
        if !healed {
            self.adapt(Rule::UmbilicalNotHealed, &[], |message| {
                Adaptation::SkipArea {
                    area: BodyArea::Abdomen,
                    rule: Rule::UmbilicalNotHealed,
                    message,
                }
            });
        }
    }

    fn hips(&mut self) {
        if self
            .input
            .baby
            .conditions
            .contains(&Condition::HipDysplasia)
        {
            self.adapt(Rule::HipDysplasia, &[], |message| {
                Adaptation::NoLegMovements {
                    rule: Rule::HipDysplasia,
                    message,
                }
            });
        }
    }

    /// Oils suitable for this baby in place of `instead`, best first.
    fn alternatives(&self, instead: &OilId) -> Vec<&Oil> {
        let reacted = |oil: &OilId| {
            self.input.events.iter().any(|e| matches!(e, Event::PatchTest { oil: o, result: Some(PatchResult::Reaction), .. } if o == oil))
        };
        let newborn = self.age.corrected_days < NEWBORN_SKIN_DAYS;
        let preterm_skin = self.age.preterm && newborn;
        let rank = |s: Suitability| match s {
            Suitability::Preferred => 0,
            Suitability::Suitable => 1,
            Suitability::Caution => 2,
            Suitability::Avoid => 3,
        };
        let mut oils: Vec<&Oil> = self
            .catalog
            .oils()
            .iter()
            .filter(|o| o.has(OilFlag::Alternative) && &o.id != instead && !reacted(&o.id))
            .filter(|o| !(preterm_skin && o.preterm == Suitability::Avoid))
            .filter(|o| !(newborn && o.newborn == Suitability::Avoid))
            .filter(|o| !(self.input.baby.allergy_risk && o.has(OilFlag::NutAllergen)))
            .filter(|o| !(self.eczema_risk() && o.has(OilFlag::HarmsNewbornSkin)))
            .collect();
        if preterm_skin {
            oils.sort_by_key(|o| rank(o.preterm));
        } else if newborn {
            oils.sort_by_key(|o| rank(o.newborn));
        }
        if newborn {
            // Under 28 days corrected, no oil at all comes first.
            oils.sort_by_key(|o| o.id.as_str() != "none");
        }
        oils
    }

    /// Eczema noted in the journal, or a risk of allergy.
    fn eczema_risk(&self) -> bool {
        self.input.baby.allergy_risk
            || self
                .input
                .events
                .iter()
                .any(|e| matches!(e, Event::Skin { eczema: true, .. }))
    }

    fn oil(&mut self) {
        let Some(id) = &self.input.oil else { return };
        let Some(oil) = self.catalog.oil(id.as_str()) else {
            return;
        };
        if oil.id.as_str() == "none" {
            return;
        }
        let alternatives = self.alternatives(&oil.id);
        let alt_ids: Vec<OilId> = alternatives.iter().map(|o| o.id.clone()).collect();
        let alt_words = self.speech.or_list(
            &alternatives
                .iter()
                .map(|o| o.name.to_lowercase())
                .collect::<Vec<_>>(),
        );
        let name = oil.name.clone();
        let values = [("oil", name.clone()), ("alternatives", alt_words)];
        let mut avoided = false;
        let mut avoid = |this: &mut Self, rule: Rule| {
            avoided = true;
            let ids = alt_ids.clone();
            let oil_id = oil.id.clone();
            this.adapt(rule, &values, |message| Adaptation::AvoidOil {
                oil: oil_id,
                alternatives: ids,
                rule,
                message,
            });
        };
        if oil.has(OilFlag::Unsuitable) {
            avoid(self, Rule::OilUnsuitable);
        }
        if oil.has(OilFlag::HarmsNewbornSkin) && self.age.corrected_days < NEWBORN_SKIN_DAYS {
            avoid(self, Rule::OilNewbornSkin);
        }
        if oil.has(OilFlag::HarmsNewbornSkin) && self.eczema_risk() {
            avoid(self, Rule::OilEczemaRisk);
        }
        // FACTS §6.4: tree-nut oils not with eczema or allergy in the family.
        if oil.has(OilFlag::NutAllergen) && self.eczema_risk() {
            avoid(self, Rule::OilAllergyRisk);
        }
        let tests: Vec<(LocalTime, Option<PatchResult>)> = self
            .input
            .events
            .iter()
            .filter_map(|e| match e {
                Event::PatchTest {
                    oil: o,
                    start,
                    result,
                } if o == &oil.id => Some((*start, *result)),
                _ => None,
            })
            .collect();
        if tests.iter().any(|(_, r)| *r == Some(PatchResult::Reaction)) {
            avoid(self, Rule::PatchTestReaction);
        }
        if avoided {
            // Patch-testing an oil soothe advises against would be contradictory advice.
            return;
        }
        let hours = self.input.settings.patch_test_hours;
        if tests.is_empty() {
            self.adapt(
                Rule::PatchTestMissing,
                &[("oil", name), ("hours", hours.to_string())],
                |message| Adaptation::NoOil {
                    until: None,
                    rule: Rule::PatchTestMissing,
                    message,
                },
            );
            return;
        }
        // The watch lasts its hours even when "no reaction" was noted early: a reaction can
        // still come. (A reaction rules the oil out at once, above.)
        let pending = tests
            .iter()
            .filter(|(start, _)| self.ago(*start) < i64::from(hours) * 3600)
            .map(|(start, _)| {
                start
                    .plus(SignedDuration::from_hours(i64::from(hours)))
                    .with_offset(self.now.offset)
            })
            .max();
        if let Some(until) = pending {
            self.adapt(
                Rule::PatchTestPending,
                &[("oil", name), ("until", self.speech.time(until, self.now))],
                |message| Adaptation::NoOil {
                    until: Some(until),
                    rule: Rule::PatchTestPending,
                    message,
                },
            );
        }
    }

    fn duration(&mut self) {
        let minutes = max_minutes(&self.age);
        self.adapt(
            Rule::AgeDuration,
            &[("minutes", minutes.to_string())],
            |message| Adaptation::MaxMinutes {
                minutes,
                rule: Rule::AgeDuration,
                message,
            },
        );
    }
}

/// The longest massage for a baby of `age` (the `age_duration` rule), in corrected age: 5
/// minutes in the first 4 weeks, 10 until 3 months, then 20.
pub fn max_minutes(age: &Age) -> u32 {
    if age.corrected_days < NEWBORN_SKIN_DAYS {
        5
    } else if !age.three_months_corrected {
        10
    } else {
        20
    }
}

/// The values of the `routine_age` message when `routine` is not yet for a baby of
/// `corrected_days` (its title, its first week, and a routine that fits now); `None` when it
/// fits, or when it is a clinician-only protocol (left to the clinician).
fn routine_age_values(
    catalog: &Catalog,
    routine: &Routine,
    corrected_days: i64,
    speech: &dyn Speech,
) -> Option<[(&'static str, String); 3]> {
    let days = corrected_days;
    if routine.clinician_only || days >= i64::from(routine.ages.from_weeks) * 7 {
        return None;
    }
    let fits = catalog
        .routines()
        .iter()
        .filter(|r| !r.clinician_only && !r.ends_on_relief)
        .filter(|r| days >= i64::from(r.ages.from_weeks) * 7)
        .filter(|r| r.ages.to_weeks.is_none_or(|to| days < i64::from(to) * 7))
        .min_by_key(|r| std::cmp::Reverse(r.ages.from_weeks))
        .map(|r| speech.routine_title(&r.title))
        .unwrap_or_else(|| speech.no_routine_fits());
    Some([
        ("routine", routine.title.clone()),
        ("weeks", routine.ages.from_weeks.to_string()),
        ("fits", fits),
    ])
}

/// The `routine_age` rule for a routine chosen apart from the check (the plan compiler, the
/// terminal player): its message when `routine` is not yet for a baby of this corrected age,
/// naming a routine that fits now; `None` when it fits or is a clinician-only protocol.
pub fn routine_too_young(catalog: &Catalog, routine: &Routine, age: &Age) -> Option<String> {
    routine_too_young_in(catalog, routine, age, &English)
}

/// [`routine_too_young`] with `speech`'s words.
pub fn routine_too_young_in(
    catalog: &Catalog,
    routine: &Routine,
    age: &Age,
    speech: &dyn Speech,
) -> Option<String> {
    let values = routine_age_values(catalog, routine, age.corrected_days, speech)?;
    Some(match catalog.rule(Rule::RoutineAge.id()) {
        Some(t) => rule::fill(&t.message, &values),
        None => Rule::RoutineAge.id().replace('_', " "),
    })
}
