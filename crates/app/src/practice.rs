//! Practice: a routine gone through at the parent's own pace on a doll or a rolled towel,
//! with every stroke's how-to. No baby, no readiness check, no journal: a practice run is
//! recorded for the member who practised, and the library shows which routines they have.

use soothe_core::catalog::{Catalog, Position};
use soothe_core::ids::RoutineId;
use soothe_core::lang::Lang;
use soothe_core::readiness::Speech;
use soothe_core::session::StepKind;
use soothe_core::session::plan::{ASK_PERMISSION, CLOSING};
use soothe_core::time::LocalTime;
use soothe_store::Scope;

use crate::{App, Error, Result};

/// A routine laid out for practice: every step, in order, with its how-to.
#[derive(Debug, Clone)]
pub struct Practice {
    /// The routine.
    pub routine: RoutineId,
    /// Its title.
    pub title: String,
    /// The permission ritual, every stroke, the closing.
    pub steps: Vec<PracticeStep>,
}

/// One step to practise.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PracticeStep {
    /// `step-01`, … (as a plan numbers them).
    pub id: String,
    /// What the step is.
    pub kind: StepKind,
    /// The stroke id (`ask_permission` and `closing` for those steps).
    pub stroke: String,
    /// The stroke's name, or the ritual's.
    pub name: String,
    /// The body area; `None` for the permission ritual and the closing.
    pub area: Option<soothe_core::BodyArea>,
    /// The baby's position.
    pub position: Position,
    /// The seconds the step takes with a baby (practice has no countdown).
    pub seconds: u32,
    /// The words the guide says.
    pub say: String,
    /// How the stroke is done; `None` for the ritual and the closing.
    pub how: Option<String>,
    /// The pressure to use.
    pub pressure: Option<String>,
    /// A safety or evidence note, when the stroke has one.
    pub note: Option<String>,
}

/// A practice run recorded.
#[derive(Debug, Clone)]
pub struct PracticeRun {
    /// Its id (the client's, or one made here).
    pub id: String,
    /// The routine.
    pub routine: RoutineId,
    /// When it was recorded, in the household's zone.
    pub at: LocalTime,
    /// `false`: that id was recorded already (a retry).
    pub new: bool,
}

/// A routine the member has practised.
#[derive(Debug, Clone)]
pub struct Practised {
    /// The routine.
    pub routine: RoutineId,
    /// How many runs.
    pub runs: u32,
    /// The latest, in the household's zone.
    pub last: LocalTime,
}

/// The routine `routine` laid out for practice in `catalog`'s words (the ritual's and the
/// closing's names are `speech`'s).
pub fn lay_out(catalog: &Catalog, routine: &RoutineId, speech: &dyn Speech) -> Result<Practice> {
    let r = known(catalog, routine)?;
    let mut steps = Vec::with_capacity(r.steps.len() + 2);
    let first = r
        .steps
        .first()
        .and_then(|s| {
            catalog
                .stroke(&s.stroke)
                .map(|x| s.position.unwrap_or(x.position))
        })
        .unwrap_or(Position::OnBack);
    steps.push(PracticeStep {
        id: String::new(),
        kind: StepKind::AskPermission,
        stroke: ASK_PERMISSION.into(),
        name: speech.step_name(StepKind::AskPermission),
        area: None,
        position: first,
        seconds: r.permission.seconds,
        say: r.permission.say.clone(),
        how: None,
        pressure: None,
        note: None,
    });
    for s in &r.steps {
        let Some(stroke) = catalog.stroke(&s.stroke) else {
            continue;
        };
        steps.push(PracticeStep {
            id: String::new(),
            kind: StepKind::Stroke,
            stroke: s.stroke.to_string(),
            name: stroke.name.clone(),
            area: Some(s.area),
            position: s.position.unwrap_or(stroke.position),
            seconds: s.seconds,
            say: s.say.clone(),
            how: Some(stroke.how.clone()),
            pressure: Some(stroke.pressure.clone()),
            note: stroke.note.clone(),
        });
    }
    steps.push(PracticeStep {
        id: String::new(),
        kind: StepKind::Closing,
        stroke: CLOSING.into(),
        name: speech.step_name(StepKind::Closing),
        area: None,
        position: Position::InLap,
        seconds: r.closing.seconds,
        say: r.closing.say.clone(),
        how: None,
        pressure: None,
        note: None,
    });
    for (i, s) in steps.iter_mut().enumerate() {
        s.id = format!("step-{:02}", i + 1);
    }
    Ok(Practice {
        routine: r.id.clone(),
        title: r.title.clone(),
        steps,
    })
}

/// The catalog's routine `id` that a parent may practise: an unknown one is invalid
/// (`routine`), a clinician-only protocol refused as everywhere else.
fn known<'c>(catalog: &'c Catalog, id: &RoutineId) -> Result<&'c soothe_core::catalog::Routine> {
    soothe_core::journal::known_routine(catalog, id)?;
    let r = catalog.routine(id.as_str()).ok_or(Error::NotFound)?;
    if r.clinician_only {
        return Err(Error::refused("clinician-only"));
    }
    Ok(r)
}

impl App {
    /// `routine` laid out for practice in the reader's language: no baby and no check are
    /// needed. Unknown routine: `Invalid` (`routine`); a clinician-only one: `Refused`.
    pub fn practice(
        &self,
        routine: &RoutineId,
        lang: Lang,
        speech: &dyn Speech,
    ) -> Result<Practice> {
        lay_out(self.catalog_for(lang), routine, speech)
    }

    /// Records that the caller practised `routine` now (the app's clock). Any member may: no
    /// baby and no journal is touched. `id` (a UUID) makes a retry store once; without one a
    /// new id is made. Unknown routine: `Invalid` naming `routine`; a bad id: `Invalid`
    /// naming `id`.
    pub async fn record_practice(
        &self,
        scope: &Scope,
        id: Option<&str>,
        routine: &RoutineId,
    ) -> Result<PracticeRun> {
        known(&self.catalog, routine)?;
        let (run, new) = self
            .store
            .record_practice(scope, id, routine.as_str(), self.now())
            .await?;
        Ok(PracticeRun {
            id: run.id,
            routine: routine.clone(),
            at: self.local(run.at, scope),
            new,
        })
    }

    /// The routines the caller has practised (their own runs only), by routine id. A routine
    /// no longer in the catalog is left out.
    pub async fn practised(&self, scope: &Scope) -> Result<Vec<Practised>> {
        Ok(self
            .store
            .practised(scope)
            .await?
            .into_iter()
            .filter_map(|p| {
                let routine = RoutineId::new(&p.routine).ok()?;
                self.catalog.routine(routine.as_str())?;
                Some(Practised {
                    routine,
                    runs: p.runs,
                    last: self.local(p.last, scope),
                })
            })
            .collect())
    }
}
