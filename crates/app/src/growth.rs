//! A baby's growth against the WHO Child Growth Standards (issue 16, section 4): the
//! journal's weights, lengths and head circumferences, each placed by
//! [`soothe_core::growth::series`] for the baby's sex and (corrected) age. Any member reads it.

use jiff::civil::Date;
use soothe_core::growth::{self, Ages, Indicator, Measurement, Prematurity, Reading};
use soothe_core::journal::{self, BabyFields, EventData, EventKind, Sex, Unit};
use soothe_core::readiness::age::days_between;
use soothe_core::readiness::input::{Gestation, Maturity};
use soothe_core::time::LocalTime;
use soothe_core::units::EnteredUnit;
use soothe_store::{EventFilter, Scope};

use crate::{App, Result};

/// The most events read at a time (the store's largest page).
const PAGE: u32 = 200;

/// The indicators, in the order they are answered and shown.
pub const INDICATORS: [Indicator; 3] = [
    Indicator::WeightForAge,
    Indicator::LengthForAge,
    Indicator::HeadForAge,
];

/// One measurement and what the standards say of it.
#[derive(Debug, Clone, PartialEq)]
pub struct GrowthPoint {
    /// The journal event's id.
    pub event: String,
    /// When it was measured, in the household's zone.
    pub at: LocalTime,
    /// The value, in `unit`.
    pub value: f64,
    /// The unit it is stored in (`kg` or `cm`).
    pub unit: Unit,
    /// The unit it was entered in and is shown in (`None`: the household's units).
    pub entered_unit: Option<EnteredUnit>,
    /// The baby's ages that day (chronological, and corrected when it applies), whatever
    /// the reading.
    pub ages: Ages,
    /// The placement (or why there is none).
    pub reading: Reading,
}

/// One indicator's measurements, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct GrowthSeries {
    /// What is measured.
    pub indicator: Indicator,
    /// Its measurements, oldest first (empty when none is logged).
    pub points: Vec<GrowthPoint>,
}

/// A baby's growth: what it was placed with, and each indicator's series.
#[derive(Debug, Clone, PartialEq)]
pub struct GrowthView {
    /// The baby's id.
    pub baby: String,
    /// The baby's name.
    pub name: Option<String>,
    /// The baby's sex, `None` when not known (nothing is placed then).
    pub sex: Option<Sex>,
    /// The day of birth.
    pub born: Date,
    /// How early the baby was born (corrected age).
    pub prematurity: Prematurity,
    /// Weight, length and head circumference, in [`INDICATORS`]' order.
    pub series: Vec<GrowthSeries>,
}

impl GrowthView {
    /// Every measurement of every indicator, each with its indicator.
    pub fn points(&self) -> impl Iterator<Item = (Indicator, &GrowthPoint)> {
        self.series
            .iter()
            .flat_map(|s| s.points.iter().map(move |p| (s.indicator, p)))
    }
}

/// How early a baby was born, from its profile's due date or gestation at birth (a stored
/// profile's gestation was checked when it was saved; one that no longer reads counts as
/// not known).
pub fn prematurity(baby: &BabyFields) -> Prematurity {
    let born = journal::birth_date(baby.born);
    let maturity = match (&baby.due, &baby.gestation_at_birth) {
        (Some(due), _) => Some(Maturity::Due(*due)),
        (None, Some(g)) => Gestation::parse(g).ok().map(Maturity::Gestation),
        (None, None) => None,
    };
    Prematurity::from_maturity(maturity, born)
}

/// The time, stored value and unit, and unit as entered of a measurement event; `None` for
/// other kinds.
fn measured(data: &EventData) -> Option<(LocalTime, f64, Unit, Option<EnteredUnit>)> {
    match data {
        EventData::Weight(k) => Some((k.at, k.value, k.unit, k.entered_unit)),
        EventData::Length(k) => Some((k.at, k.value, k.unit, k.entered_unit)),
        EventData::Head(k) => Some((k.at, k.value, k.unit, k.entered_unit)),
        _ => None,
    }
}

impl App {
    /// A baby's weights, lengths and head circumferences placed against the WHO standards
    /// (any member; `NotFound` for a baby that is not the household's). Each measurement's
    /// age is counted in days from the day of birth to the day it was taken in the
    /// household's zone; the value is read in the journal's units (kg, cm).
    pub async fn growth(&self, scope: &Scope, baby: &str) -> Result<GrowthView> {
        let profile = self.store.baby(scope, baby).await?;
        let born = journal::birth_date(profile.born);
        let prem = prematurity(&profile);
        let mut found: Vec<(EventKind, GrowthPoint)> = Vec::new();
        let mut filter = EventFilter {
            kinds: INDICATORS.iter().map(|i| i.kind()).collect(),
            from: None,
            to: None,
            after: None,
            limit: PAGE,
        };
        loop {
            let (events, next) = self.store.events(scope, baby, &filter).await?;
            for e in events {
                let Some((at, value, unit, entered_unit)) = measured(&e.data) else {
                    continue;
                };
                let (value, unit) = journal::to_metric(value, unit);
                found.push((
                    e.kind(),
                    GrowthPoint {
                        event: e.id.unwrap_or_default(),
                        at,
                        value,
                        unit,
                        entered_unit,
                        ages: Ages::new(days_between(born, at.date()), prem),
                        reading: Reading::InvalidValue,
                    },
                ));
            }
            match next {
                Some(c) => filter.after = Some(c),
                None => break,
            }
        }
        found.sort_by(|a, b| (a.1.at.instant, &a.1.event).cmp(&(b.1.at.instant, &b.1.event)));
        let series = INDICATORS
            .iter()
            .map(|&indicator| {
                let mut points: Vec<GrowthPoint> = found
                    .iter()
                    .filter(|(k, _)| *k == indicator.kind())
                    .map(|(_, p)| p.clone())
                    .collect();
                let measurements: Vec<Measurement> = points
                    .iter()
                    .map(|p| Measurement {
                        age_days: p.ages.days,
                        value: p.value,
                    })
                    .collect();
                let readings = growth::series(indicator, profile.sex, prem, &measurements);
                for (p, r) in points.iter_mut().zip(readings) {
                    p.reading = r;
                }
                GrowthSeries { indicator, points }
            })
            .collect();
        Ok(GrowthView {
            baby: profile.id.clone().unwrap_or_else(|| baby.to_owned()),
            name: profile.name.clone(),
            sex: profile.sex,
            born,
            prematurity: prem,
            series,
        })
    }
}
