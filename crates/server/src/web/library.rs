//! What soothe knows: routines and their steps, the evidence with its grades, the oil guide
//! and the baby's patch tests; and the page shown offline.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use soothe_core::catalog::{Grade, Suitability};
use soothe_core::journal::EventData;
use soothe_core::readiness::Speech as _;
use soothe_core::readiness::input::PatchResult;
use soothe_core::session::StepKind;

use super::auth::{Member, MemberPost};
use super::form::Errors;
use super::view::{Chrome, day_hm, span, words};
use super::{PageError, PageResult, render, see_other};
use crate::AppState;
use crate::problem::Problem;
use crate::speech::{self, Said};
use soothe_words::Words;

struct RoutineRow {
    id: String,
    title: String,
    purpose: String,
    minutes: u32,
    ages: String,
    clinician: bool,
    /// "Practised 3 times, last Sat 21 Nov, 14:05", when the reader has practised it.
    practised: Option<String>,
}

#[derive(Template)]
#[template(path = "routines.html")]
struct RoutinesPage {
    c: Chrome,
    routines: Vec<RoutineRow>,
}

/// The routine library.
pub(crate) async fn routines(State(state): State<AppState>, m: Member) -> PageResult {
    let c = Chrome::member(&state, &m, "Routines", "library").await?;
    let w = c.w;
    let catalog = state.catalog_for(w.lang());
    // The reader's own practice runs, by routine (practice mode: /massage/practice).
    let practised = state.app.practised(m.scope()).await?;
    let tz = m.scope().time_zone();
    let page = RoutinesPage {
        c,
        routines: catalog
            .routines()
            .iter()
            .map(|r| RoutineRow {
                id: r.id.to_string(),
                title: r.title.clone(),
                purpose: r.purpose.clone(),
                minutes: r.minutes,
                ages: speech::ages(w, r.ages.from_weeks, r.ages.to_weeks),
                clinician: r.clinician_only,
                practised: practised.iter().find(|p| p.routine == r.id).map(|p| {
                    w.t2(
                        "pr-practised",
                        "count",
                        i64::from(p.runs),
                        "when",
                        day_hm(p.last.instant, tz),
                    )
                }),
            })
            .collect(),
    };
    Ok(render(&page))
}

struct StepRow {
    name: String,
    area: String,
    time: String,
    say: String,
}

#[derive(Template)]
#[template(path = "routine.html")]
struct RoutinePage {
    c: Chrome,
    id: String,
    title: String,
    purpose: String,
    minutes: u32,
    ages: String,
    clinician: bool,
    /// For babies born early: the page links to skin-to-skin care.
    born_early: bool,
    steps: Vec<StepRow>,
    sources: Vec<String>,
}

/// One routine, every step.
pub(crate) async fn routine(
    State(state): State<AppState>,
    m: Member,
    Path(id): Path<String>,
) -> PageResult {
    // The reader's words are known once the page frame is: the frame is made first, with
    // the English title, then retitled.
    let english = state.catalog.routine(&id).ok_or_else(Problem::not_found)?;
    let mut c = Chrome::member(&state, &m, &english.title, "library").await?;
    let w = c.w;
    let catalog = state.catalog_for(w.lang());
    let r = catalog.routine(&id).ok_or_else(Problem::not_found)?;
    c.title = r.title.clone();
    let said = Said(w);
    let stroke_name = |s: &soothe_core::ids::StrokeId| {
        catalog
            .stroke(s)
            .map_or_else(|| words(s.as_str()), |x| x.name.clone())
    };
    let mut steps = vec![StepRow {
        name: said.step_name(StepKind::AskPermission),
        area: String::new(),
        time: span(i64::from(r.permission.seconds)),
        say: r.permission.say.clone(),
    }];
    steps.extend(r.steps.iter().map(|s| StepRow {
        name: stroke_name(&s.stroke),
        area: w.t(&format!("area-{}", s.area.id().replace('_', "-"))),
        time: span(i64::from(s.seconds)),
        say: s.say.clone(),
    }));
    steps.push(StepRow {
        name: said.step_name(StepKind::Closing),
        area: String::new(),
        time: span(i64::from(r.closing.seconds)),
        say: r.closing.say.clone(),
    });
    let page = RoutinePage {
        c,
        id: r.id.to_string(),
        title: r.title.clone(),
        purpose: r.purpose.clone(),
        minutes: r.minutes,
        ages: speech::ages(w, r.ages.from_weeks, r.ages.to_weeks),
        clinician: r.clinician_only,
        born_early: r.id.as_str().starts_with("preterm"),
        steps,
        sources: catalog.citations(&r.sources),
    };
    Ok(render(&page))
}

struct ClaimRow {
    benefit: String,
    population: String,
    grade: String,
    grade_class: &'static str,
    meaning: String,
    why: String,
    summary: String,
    sources: Vec<String>,
}

#[derive(Template)]
#[template(path = "evidence.html")]
struct EvidencePage {
    c: Chrome,
    claims: Vec<ClaimRow>,
}

fn grade_class(g: Grade) -> &'static str {
    match g {
        Grade::High => "g-high",
        Grade::Moderate => "g-moderate",
        Grade::Low => "g-low",
        Grade::VeryLow => "g-verylow",
        Grade::NoEvidence => "g-none",
        Grade::NotSupported => "g-not",
    }
}

/// Every claim with its evidence grade.
pub(crate) async fn evidence(State(state): State<AppState>, m: Member) -> PageResult {
    let c = Chrome::member(&state, &m, "Evidence", "library").await?;
    let w = c.w;
    let catalog = state.catalog_for(w.lang());
    let mut claims: Vec<_> = catalog.claims().iter().collect();
    claims.sort_by_key(|c| Grade::ALL.iter().position(|g| *g == c.grade));
    let page = EvidencePage {
        c,
        claims: claims
            .into_iter()
            .map(|c| ClaimRow {
                benefit: c.benefit.clone(),
                population: c.population.clone(),
                grade: speech::grade(w, c.grade),
                grade_class: grade_class(c.grade),
                meaning: speech::grade_meaning(w, c.grade),
                why: c.why.clone(),
                summary: c.summary.clone(),
                sources: catalog.citations(&c.sources),
            })
            .collect(),
    };
    Ok(render(&page))
}

struct OilRow {
    id: String,
    name: String,
    what: String,
    guidance: String,
    newborn: String,
    preterm: String,
    allergy: String,
    sources: Vec<String>,
}

struct PatchRow {
    id: String,
    oil: String,
    started: String,
    judge: String,
    ready: bool,
    result: String,
}

#[derive(Template)]
#[template(path = "oils.html")]
struct OilsPage {
    c: Chrome,
    oils: Vec<OilRow>,
    tests: Vec<PatchRow>,
    hours: u32,
    e: Errors,
}

fn suit(w: Words, s: Suitability) -> String {
    w.t(match s {
        Suitability::Preferred => "suit-preferred",
        Suitability::Suitable => "suit-suitable",
        Suitability::Caution => "suit-caution",
        Suitability::Avoid => "suit-avoid",
    })
}

async fn oils_page(state: &AppState, m: &Member, e: Errors) -> PageResult {
    let c = Chrome::member(state, m, "Oils", "library").await?;
    let w = c.w;
    let catalog = state.catalog_for(w.lang()).clone();
    let scope = m.scope();
    let tz = scope.time_zone();
    let now = state.app.now();
    let (tests, hours) = match c.baby.as_ref() {
        Some(b) => {
            let (tests, hours) = state.app.patch_tests(scope, &b.id).await?;
            let rows = tests
                .into_iter()
                .filter_map(|(e, judge)| {
                    let EventData::PatchTest(t) = &e.data else {
                        return None;
                    };
                    Some(PatchRow {
                        id: e.id.clone()?,
                        oil: catalog
                            .oil(t.oil.as_str())
                            .map_or_else(|| w.t("oil"), |o| o.name.clone()),
                        started: day_hm(t.start.instant, tz),
                        judge: day_hm(judge, tz),
                        ready: judge <= now,
                        result: t.result.map(|r| words(r.id())).unwrap_or_default(),
                    })
                })
                .collect();
            (rows, hours)
        }
        None => (
            Vec::new(),
            state.app.check_settings(scope).await?.patch_test_hours,
        ),
    };
    let page = OilsPage {
        oils: catalog
            .oils()
            .iter()
            .map(|o| OilRow {
                id: o.id.to_string(),
                name: o.name.clone(),
                what: o.what.clone(),
                guidance: o.guidance.clone(),
                newborn: suit(w, o.newborn),
                preterm: suit(w, o.preterm),
                allergy: o.allergy.clone().unwrap_or_default(),
                sources: catalog.citations(&o.sources),
            })
            .collect(),
        tests,
        hours,
        e,
        c,
    };
    let status = page.e.status();
    Ok((status, render(&page)).into_response())
}

/// The oil guide and the baby's patch tests.
pub(crate) async fn oils(State(state): State<AppState>, m: Member) -> PageResult {
    oils_page(&state, &m, Errors::default()).await
}

/// The form's errors of a refused patch test (its fields), or an error page.
fn patch_errors(e: soothe_app::Error) -> Result<Errors, PageError> {
    match e {
        e @ soothe_app::Error::Invalid(_) => {
            Ok(Errors::from_problem(&Problem::from(e), |f| f.to_owned()))
        }
        other => Err(other.into()),
    }
}

/// Starts a patch test of an oil now.
pub(crate) async fn start_patch_test(State(state): State<AppState>, p: MemberPost) -> PageResult {
    let MemberPost { member, form } = p;
    match state
        .app
        .start_patch_test(member.scope(), form.get("baby"), form.get("oil"))
        .await
    {
        Ok(_) => Ok(see_other("/oils#patch-tests")),
        Err(e) => oils_page(&state, &member, patch_errors(e)?).await,
    }
}

/// Records a patch test's result now; "no reaction" only once the watch is over.
pub(crate) async fn patch_result(
    State(state): State<AppState>,
    Path(id): Path<String>,
    p: MemberPost,
) -> PageResult {
    let MemberPost { member, form } = p;
    let result: PatchResult = match form.get("result").parse() {
        Ok(r) => r,
        Err(x) => {
            let errs = Errors::one("result", format!("{x}"));
            return oils_page(&state, &member, errs).await;
        }
    };
    match state.app.patch_result(member.scope(), &id, result).await {
        Ok(_) => Ok(see_other("/oils#patch-tests")),
        Err(e) => oils_page(&state, &member, patch_errors(e)?).await,
    }
}

#[derive(Template)]
#[template(path = "offline.html")]
struct OfflinePage {
    c: Chrome,
}

/// What the service worker shows when a page is not cached and the network is gone.
pub(crate) async fn offline() -> PageResult {
    Ok(render(&OfflinePage {
        c: Chrome::bare("Offline"),
    }))
}

#[derive(Template)]
#[template(path = "skin_to_skin.html")]
struct SkinToSkinPage {
    c: Chrome,
    intro: String,
    items: Vec<String>,
    sources: Vec<String>,
}

/// Where the library's skin-to-skin (kangaroo) care page is; linked from every part of soothe
/// about babies born early.
pub(crate) const SKIN_TO_SKIN: &str = "/skin-to-skin";

/// Skin-to-skin (kangaroo) care: what it is, why it is encouraged for babies born early, and
/// how to keep it safe (the words are the catalog's `skin_to_skin` notice).
pub(crate) async fn skin_to_skin(State(state): State<AppState>, m: Member) -> PageResult {
    let notice = |catalog: &soothe_core::catalog::Catalog| {
        catalog
            .notice("skin_to_skin")
            .cloned()
            .ok_or_else(|| Problem::internal("the catalog has no `skin_to_skin` notice"))
    };
    let english = notice(&state.catalog)?;
    let mut c = Chrome::member(&state, &m, &english.title, "library").await?;
    let catalog = state.catalog_for(c.w.lang());
    let n = notice(catalog)?;
    c.title = n.title.clone();
    let page = SkinToSkinPage {
        c,
        intro: n.intro.clone(),
        items: n.items.clone(),
        sources: catalog.citations(&n.sources),
    };
    Ok(render(&page))
}
