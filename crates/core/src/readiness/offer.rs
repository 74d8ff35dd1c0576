//! The routines offered to a baby by age: which fit the baby's corrected age, which the baby
//! is too young for (the check refuses them, the `routine_age` rule), which are made for
//! younger babies (offered with a note, never refused), and the one that fits best.

use std::cmp::Reverse;

use super::{Age, max_minutes};
use crate::catalog::{AgeFit, Catalog, Routine};

/// A home routine as offered to a baby.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Offered<'a> {
    /// The routine.
    pub routine: &'a Routine,
    /// How its ages fit the baby's corrected age.
    pub fit: AgeFit,
    /// The one that fits best, offered first (a page preselects it).
    pub best: bool,
}

/// The home routines for a baby of `age`, in the order to offer them: those that fit, best
/// first; then those made for younger babies (catalog order); then those the baby is too
/// young for, the soonest to fit first. Protocols for doctors and nurses are left out: they
/// are never offered to a parent.
///
/// How well a fitting routine fits, most first:
/// 1. one made for an age band the baby is in (it has an upper age), the narrowest band
///    first: a first massage for a newborn (0–8 weeks), a playful one for a baby on the move
///    (26–52 weeks);
/// 2. then the latest first week: the routine made for the oldest babies this baby is old
///    enough for;
/// 3. then one that fits whole in the longest massage for the baby's age ([`max_minutes`]:
///    10 minutes until 3 months), so that nothing is left out;
/// 4. then the catalog's order.
///
/// A routine that ends on relief (wind) comes after every other that fits and is never the
/// best: it is chosen for a need, not for an age. So a newborn is offered the first massage,
/// a baby of 8 weeks to 3 months the standard massage, an older baby the full-body massage,
/// and a baby of 26 to 52 weeks the playful one; a baby born early by corrected age. A baby
/// whom nothing fits yet (before the due date) has no best.
pub fn routines_for_age<'a>(catalog: &'a Catalog, age: &Age) -> Vec<Offered<'a>> {
    let days = age.corrected_days;
    let limit = max_minutes(age);
    let home: Vec<(usize, &Routine, AgeFit)> = catalog
        .routines()
        .iter()
        .filter(|r| !r.clinician_only)
        .enumerate()
        .map(|(i, r)| (i, r, r.ages.fit(days)))
        .collect();
    let mut fits: Vec<_> = home.iter().filter(|x| x.2 == AgeFit::Fits).collect();
    fits.sort_by_key(|(i, r, _)| {
        (
            r.ends_on_relief,
            r.ages.span_weeks().unwrap_or(u32::MAX),
            Reverse(r.ages.from_weeks),
            r.minutes > limit,
            *i,
        )
    });
    let older = home.iter().filter(|x| x.2 == AgeFit::Older);
    let mut young: Vec<_> = home.iter().filter(|x| x.2 == AgeFit::TooYoung).collect();
    young.sort_by_key(|(i, r, _)| (r.ages.from_weeks, *i));
    let best = fits
        .first()
        .filter(|(_, r, _)| !r.ends_on_relief)
        .map(|(i, _, _)| *i);
    fits.into_iter()
        .chain(older)
        .chain(young)
        .map(|(i, r, fit)| Offered {
            routine: r,
            fit: *fit,
            best: Some(*i) == best,
        })
        .collect()
}

/// The routine that fits a baby of `age` best ([`routines_for_age`]), if any fits.
pub fn best_routine<'a>(catalog: &'a Catalog, age: &Age) -> Option<&'a Routine> {
    routines_for_age(catalog, age)
        .into_iter()
        .find(|o| o.best)
        .map(|o| o.routine)
}
