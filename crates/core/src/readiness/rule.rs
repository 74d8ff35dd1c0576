//! The readiness rules: their ids and the placeholders their messages may use.

use serde::{Deserialize, Serialize};

vocab!(
    /// A readiness rule. The ids are part of the `soothe check` contract.
    Rule {
        /// A warning sign in the last 24 hours.
        WarningSign = "warning_sign",
        /// Fever under 3 months.
        FeverYoungInfant = "fever_young_infant",
        /// Temperature at or below 35.9 °C.
        LowTemperature = "low_temperature",
        /// 39.0 °C or more at 3 to 6 months.
        FeverThreeToSixMonths = "fever_3_to_6_months",
        /// Fever from 3 months.
        Fever = "fever",
        /// Yellow skin or eyes noted in the last 24 hours, from 24 hours of age.
        JaundiceNew = "jaundice_new",
        /// Yellow skin or eyes after 14 days of age (21 for a baby born early).
        JaundiceProlonged = "jaundice_prolonged",
        /// Pale, chalky poo or dark urine in the last 7 days.
        PaleStools = "pale_stools",
        /// An ongoing illness.
        Illness = "illness",
        /// An unresolved skin problem over the whole body.
        SkinWidespread = "skin_widespread",
        /// Born early, with no clearance for it.
        PretermNeedsClearance = "preterm_needs_clearance",
        /// A health condition with no clearance, or one older than the condition.
        ConditionNeedsClearance = "condition_needs_clearance",
        /// A feeding with no end.
        FeedingInProgress = "feeding_in_progress",
        /// The latest feeding ended less than the feed gap ago.
        FeedGap = "feed_gap",
        /// A crying spell with no end.
        CryingInProgress = "crying_in_progress",
        /// The parent says the baby is hungry.
        Hungry = "hungry",
        /// The chosen routine's minimum age is not reached.
        RoutineAge = "routine_age",
        /// Asleep.
        Asleep = "asleep",
        /// Drowsy.
        Drowsy = "drowsy",
        /// Fussy or crying.
        Fussy = "fussy",
        /// No state given.
        StateUnknown = "state_unknown",
        /// A recent vaccination site.
        VaccinationSite = "vaccination_site",
        /// The umbilical stump has not healed.
        UmbilicalNotHealed = "umbilical_not_healed",
        /// An unresolved skin problem on one area.
        SkinArea = "skin_area",
        /// Hip dysplasia.
        HipDysplasia = "hip_dysplasia",
        /// An oil that is never suitable.
        OilUnsuitable = "oil_unsuitable",
        /// An oil that harms newborn or preterm skin.
        OilNewbornSkin = "oil_newborn_skin",
        /// A nut oil with allergy risk.
        OilAllergyRisk = "oil_allergy_risk",
        /// An oil that harms the skin barrier, with eczema or allergy risk.
        OilEczemaRisk = "oil_eczema_risk",
        /// No patch test for the chosen oil.
        PatchTestMissing = "patch_test_missing",
        /// A patch test still being watched.
        PatchTestPending = "patch_test_pending",
        /// A patch test showed a reaction.
        PatchTestReaction = "patch_test_reaction",
        /// Session length by age.
        AgeDuration = "age_duration",
    }
);

impl Rule {
    /// The `{placeholders}` this rule's message may use.
    pub fn placeholders(self) -> &'static [&'static str] {
        match self {
            Rule::WarningSign => &["sign"],
            Rule::FeverYoungInfant
            | Rule::FeverThreeToSixMonths
            | Rule::LowTemperature
            | Rule::Fever => &["celsius"],
            Rule::JaundiceProlonged => &["days"],
            Rule::Hungry => &["gap"],
            Rule::RoutineAge => &["routine", "weeks", "fits"],
            Rule::ConditionNeedsClearance => &["conditions"],
            Rule::FeedGap => &["ended", "gap", "until"],
            Rule::VaccinationSite => &["area", "hours", "until"],
            Rule::SkinArea => &["area"],
            Rule::OilUnsuitable
            | Rule::OilNewbornSkin
            | Rule::OilAllergyRisk
            | Rule::OilEczemaRisk => &["oil", "alternatives"],
            Rule::PatchTestMissing => &["oil", "hours"],
            Rule::PatchTestPending => &["oil", "until"],
            Rule::PatchTestReaction => &["oil", "alternatives"],
            Rule::AgeDuration => &["minutes"],
            Rule::Illness
            | Rule::JaundiceNew
            | Rule::PaleStools
            | Rule::CryingInProgress
            | Rule::SkinWidespread
            | Rule::PretermNeedsClearance
            | Rule::FeedingInProgress
            | Rule::Asleep
            | Rule::Drowsy
            | Rule::Fussy
            | Rule::StateUnknown
            | Rule::UmbilicalNotHealed
            | Rule::HipDysplasia => &[],
        }
    }
}

/// The `{names}` used in a message template, in order of appearance.
pub fn placeholders_in(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                names.push(&after[..close]);
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    names
}

/// Fills `{name}` placeholders from `values`. Unknown names are left as written.
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_in_order() {
        assert_eq!(
            placeholders_in("ended {ended}, wait {gap} min until {until}."),
            ["ended", "gap", "until"]
        );
        assert!(placeholders_in("no placeholders").is_empty());
    }

    #[test]
    fn fill_replaces_every_occurrence() {
        let s = fill(
            "{oil} and {oil} until {until}",
            &[("oil", "olive oil".into()), ("until", "10:05".into())],
        );
        assert_eq!(s, "olive oil and olive oil until 10:05");
    }
}
