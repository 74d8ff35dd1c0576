//! What soothe knows: routines and their steps, the evidence with its grades, the oil guide
//! and the baby's patch tests; and the page shown offline.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use serde::Deserialize;
use soothe_core::catalog::{AgeFit, AgeRange, Catalog, CueClass, Grade, Suitability};
use soothe_core::journal::EventData;
use soothe_core::readiness::Speech as _;
use soothe_core::readiness::input::PatchResult;
use soothe_core::readiness::{self, Age, Verdict};
use soothe_core::session::StepKind;

use super::assets::DrawingRef;
use super::auth::{Member, MemberPost};
use super::form::Errors;
use super::view::{Chrome, day_hm, span, words};
use super::{PageError, PageResult, render, see_other};
use crate::AppState;
use crate::problem::Problem;
use soothe_words::said::{self as speech, Said};
use soothe_words::{Arg, Words};

struct RoutineRow {
    id: String,
    title: String,
    purpose: String,
    minutes: u32,
    /// "For babies of 0 to 8 weeks".
    for_ages: String,
    clinician: bool,
    /// With a baby chosen: `fits`, `older` or `too_young` (empty for a protocol for doctors
    /// and nurses, never offered to a parent).
    fit: &'static str,
    /// "Fits Léa now", in the reader's words (empty with no fit).
    fit_words: String,
    /// "Practised 3 times, last Sat 21 Nov, 14:05", when the reader has practised it.
    practised: Option<String>,
}

#[derive(Template)]
#[template(path = "routines.html")]
struct RoutinesPage {
    c: Chrome,
    routines: Vec<RoutineRow>,
}

/// "For babies of 0 to 8 weeks", "For babies from 6 weeks", "For babies of any age".
pub(crate) fn for_ages(w: Words, ages: AgeRange) -> String {
    match ages.to_weeks {
        Some(to) => w.t2(
            "routine-for-babies-range",
            "from",
            ages.from_weeks,
            "to",
            to,
        ),
        None if ages.from_weeks == 0 => w.t("routine-for-babies-any"),
        None => w.t1("routine-for-babies-from", "weeks", ages.from_weeks),
    }
}

/// How a routine fits the baby `name`, in the reader's words: "Fits Léa now", "For babies
/// younger than Léa", "Not yet for Léa".
pub(crate) fn fit_words(w: Words, fit: AgeFit, name: &str) -> String {
    let key = match fit {
        AgeFit::Fits => "routine-fit-fits",
        AgeFit::Older => "routine-fit-older",
        AgeFit::TooYoung => "routine-fit-too-young",
    };
    w.t1(key, "name", name)
}

/// The current baby's name and age now; `None` without a baby, or when its stored profile
/// does not read.
pub(crate) async fn baby_age(
    state: &AppState,
    m: &Member,
    c: &Chrome,
) -> PageResult<Option<(String, Age)>> {
    let Some(link) = &c.baby else {
        return Ok(None);
    };
    let fields = state.app.baby(m.scope(), &link.id).await?;
    let now = state.app.local_now(m.scope());
    let Ok(baby) = fields.validate(now, "now", state.app.catalog()) else {
        return Ok(None);
    };
    Ok(Some((link.name.clone(), readiness::age::age(&baby, now))))
}

/// The routine library: each routine's ages and, with a baby chosen, whether it fits the
/// baby now (in corrected age; see `readiness::routines_for_age`).
pub(crate) async fn routines(State(state): State<AppState>, m: Member) -> PageResult {
    let c = Chrome::member(&state, &m, "Routines", "library").await?;
    let w = c.w;
    let catalog = state.catalog_for(w.lang());
    let baby = baby_age(&state, &m, &c).await?;
    let offered = baby
        .as_ref()
        .map(|(_, age)| readiness::routines_for_age(catalog, age))
        .unwrap_or_default();
    // The reader's own practice runs, by routine (practice mode: /massage/practice).
    let practised = state.app.practised(m.scope()).await?;
    let tz = m.scope().time_zone();
    let page = RoutinesPage {
        c,
        routines: catalog
            .routines()
            .iter()
            .map(|r| {
                let fit = offered.iter().find(|o| o.routine.id == r.id).map(|o| o.fit);
                (r, fit)
            })
            .map(|(r, fit)| RoutineRow {
                id: r.id.to_string(),
                title: r.title.clone(),
                purpose: r.purpose.clone(),
                minutes: r.minutes,
                for_ages: for_ages(w, r.ages),
                clinician: r.clinician_only,
                fit: fit.map_or("", AgeFit::id),
                fit_words: match (fit, &baby) {
                    (Some(f), Some((name, _))) => fit_words(w, f, name),
                    _ => String::new(),
                },
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
    /// The stroke's drawing, for a stroke step.
    drawing: Option<Drawn>,
    /// The stroke's teaching (empty for asking permission and the closing).
    how: String,
    pressure: String,
    note: Option<String>,
}

impl StepRow {
    /// A moment without a stroke (asking permission, the closing).
    fn moment(name: String, seconds: u32, say: &str) -> StepRow {
        StepRow {
            name,
            area: String::new(),
            time: span(i64::from(seconds)),
            say: say.to_owned(),
            how: String::new(),
            pressure: String::new(),
            note: None,
            drawing: None,
        }
    }
}

/// A stroke's drawing on a page: the moving drawing, the still one (shown when the reader
/// asks for reduced motion), its size and its words.
pub(crate) struct Drawn {
    moving: String,
    still: String,
    width: u32,
    height: u32,
    alt: String,
}

impl Drawn {
    /// The drawing of `stroke` (in `position`, a step's own) for the page `c`.
    pub(crate) fn of(
        c: &Chrome,
        catalog: &Catalog,
        stroke: &soothe_core::catalog::Stroke,
        position: Option<soothe_core::catalog::Position>,
    ) -> Option<Drawn> {
        let id = stroke.id.as_str();
        let (width, height) = catalog.drawings().size(id, position)?;
        let lang = c.w.lang();
        Some(Drawn {
            moving: DrawingRef::new(id, position, lang, c.theme, false).url(),
            still: DrawingRef::new(id, position, lang, c.theme, true).url(),
            width,
            height,
            alt: c.w.t1("drawing-alt", "stroke", &stroke.name),
        })
    }
}

impl Drawn {
    /// For the player's data: `{"move", "still", "width", "height", "alt"}`.
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "move": self.moving,
            "still": self.still,
            "width": self.width,
            "height": self.height,
            "alt": self.alt,
        })
    }
}

struct StrokeRow {
    id: String,
    name: String,
    how: String,
    pressure: String,
    /// What to take care of (hip dysplasia, the soft spot ...), when the stroke has a note.
    note: Option<String>,
    drawing: Option<Drawn>,
}

#[derive(Template)]
#[template(path = "strokes.html")]
struct StrokesPage {
    c: Chrome,
    strokes: Vec<StrokeRow>,
}

/// Every stroke, drawn.
pub(crate) async fn strokes(State(state): State<AppState>, m: Member) -> PageResult {
    let mut c = Chrome::member(&state, &m, "Strokes", "library").await?;
    c.title = c.w.t("strokes-title");
    let catalog = state.catalog_for(c.w.lang());
    let strokes = catalog
        .strokes()
        .iter()
        .map(|s| StrokeRow {
            id: s.id.to_string(),
            name: s.name.clone(),
            how: s.how.clone(),
            pressure: s.pressure.clone(),
            note: s.note.clone(),
            drawing: Drawn::of(&c, catalog, s, None),
        })
        .collect();
    Ok(render(&StrokesPage { c, strokes }))
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
    let mut steps = vec![StepRow::moment(
        said.step_name(StepKind::AskPermission),
        r.permission.seconds,
        &r.permission.say,
    )];
    steps.extend(r.steps.iter().map(|s| {
        let stroke = catalog.stroke(&s.stroke);
        StepRow {
            name: stroke.map_or_else(|| words(s.stroke.as_str()), |x| x.name.clone()),
            area: w.t(&format!("area-{}", s.area.id().replace('_', "-"))),
            time: span(i64::from(s.seconds)),
            say: s.say.clone(),
            how: stroke.map(|x| x.how.clone()).unwrap_or_default(),
            pressure: stroke.map(|x| x.pressure.clone()).unwrap_or_default(),
            note: stroke.and_then(|x| x.note.clone()),
            drawing: stroke
                .and_then(|x| Drawn::of(&c, catalog, x, s.position.filter(|p| *p != x.position))),
        }
    }));
    steps.push(StepRow::moment(
        said.step_name(StepKind::Closing),
        r.closing.seconds,
        &r.closing.say,
    ));
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
    id: String,
    benefit: String,
    population: String,
    grade: String,
    grade_class: &'static str,
    meaning: String,
    why: String,
    summary: String,
    sources: Vec<String>,
    /// The terms (IAIM, Field's protocol) this card is the first on the page to mention.
    defines: Vec<Definition>,
}

/// A term's definition, shown beside its first mention.
struct Definition {
    word: String,
    means: String,
    sources: Vec<String>,
}

/// One topic of the evidence page, with the claims shown under it.
struct TopicGroup {
    id: String,
    title: String,
    claims: Vec<ClaimRow>,
}

/// The "for my baby" filter as the page shows it.
struct ForBaby {
    /// The baby's name.
    name: String,
    /// The baby's profile, to add the due date to.
    edit: String,
    /// Weeks since birth.
    weeks: i64,
    /// Born early (false when not known).
    born_early: bool,
    /// The profile holds neither a due date nor the weeks of pregnancy at birth.
    maturity_unknown: bool,
    /// What the filter shows, in the reader's words.
    note: String,
}

#[derive(Template)]
#[template(path = "evidence.html")]
struct EvidencePage {
    c: Chrome,
    groups: Vec<TopicGroup>,
    /// The filter, when on and there is a baby.
    for_baby: Option<ForBaby>,
    /// The filter was asked for but the household has no baby.
    no_baby: bool,
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

/// The evidence page's query: `?for=baby` shows the claims about the current baby.
#[derive(Deserialize)]
pub(crate) struct EvidenceQuery {
    #[serde(default, rename = "for")]
    for_whom: Option<String>,
}

/// The current baby as the "for my baby" filter sees it: its age and whether it was born
/// early; `None` when its stored profile does not read.
async fn for_baby(state: &AppState, m: &Member, c: &Chrome) -> PageResult<Option<ForBaby>> {
    let Some(link) = &c.baby else {
        return Ok(None);
    };
    let fields = state.app.baby(m.scope(), &link.id).await?;
    let now = state.app.local_now(m.scope());
    let Ok(baby) = fields.validate(now, "now", state.app.catalog()) else {
        return Ok(None);
    };
    let age = readiness::age::age(&baby, now);
    Ok(Some(ForBaby {
        name: link.name.clone(),
        edit: format!("/babies/{}/edit", link.id),
        weeks: age.days.div_euclid(7),
        born_early: age.preterm,
        maturity_unknown: fields.due.is_none() && fields.gestation_at_birth.is_none(),
        note: String::new(),
    }))
}

/// Every claim with its evidence grade, grouped by topic (the index at the top), or with
/// `?for=baby` only the claims about the current baby (its age, born early or not). Each
/// term (IAIM, Field's protocol) is defined on the first card that mentions it.
pub(crate) async fn evidence(
    State(state): State<AppState>,
    m: Member,
    Query(q): Query<EvidenceQuery>,
) -> PageResult {
    let c = Chrome::member(&state, &m, "evidence-title", "library").await?;
    let w = c.w;
    let catalog = state.catalog_for(w.lang());
    let wanted = q.for_whom.as_deref() == Some("baby");
    let for_baby = if wanted {
        for_baby(&state, &m, &c).await?
    } else {
        None
    };
    let mut defined: Vec<&str> = Vec::new();
    let mut shown = 0;
    let mut groups = Vec::new();
    for topic in catalog.topics() {
        let mut claims: Vec<_> = catalog
            .claims_in(&topic.id)
            .into_iter()
            .filter(|cl| {
                for_baby
                    .as_ref()
                    .is_none_or(|b| cl.applies_to(b.weeks, b.born_early))
            })
            .collect();
        claims.sort_by_key(|cl| Grade::ALL.iter().position(|g| *g == cl.grade));
        if claims.is_empty() {
            continue;
        }
        let rows = claims
            .into_iter()
            .map(|cl| {
                let sources = catalog.citations(&cl.sources);
                let texts = [&cl.benefit, &cl.population, &cl.summary, &cl.why];
                let mut defines = Vec::new();
                for t in catalog.terms() {
                    let mentioned =
                        texts.iter().any(|x| t.in_text(x)) || sources.iter().any(|x| t.in_text(x));
                    if mentioned && !defined.contains(&t.id.as_str()) {
                        defined.push(&t.id);
                        defines.push(Definition {
                            word: t.word.clone(),
                            means: t.means.clone(),
                            sources: catalog.citations(&t.sources),
                        });
                    }
                }
                ClaimRow {
                    id: cl.id.to_string(),
                    benefit: cl.benefit.clone(),
                    population: cl.population.clone(),
                    grade: speech::grade(w, cl.grade),
                    grade_class: grade_class(cl.grade),
                    meaning: speech::grade_meaning(w, cl.grade),
                    why: cl.why.clone(),
                    summary: cl.summary.clone(),
                    sources,
                    defines,
                }
            })
            .collect::<Vec<_>>();
        shown += rows.len();
        groups.push(TopicGroup {
            id: topic.id.clone(),
            title: topic.title.clone(),
            claims: rows,
        });
    }
    let total = catalog.claims().len();
    let mut for_baby = for_baby;
    if let Some(b) = &mut for_baby {
        let early = match (b.born_early, b.maturity_unknown) {
            (true, _) => "yes",
            (false, false) => "no",
            (false, true) => "unknown",
        };
        b.note = w.t_args(
            "evidence-for-note",
            &[
                ("name", Arg::Text(b.name.as_str().into())),
                ("weeks", Arg::Int(b.weeks)),
                ("early", Arg::Text(early.into())),
                ("shown", Arg::Int(shown as i64)),
                ("total", Arg::Int(total as i64)),
            ],
        );
    }
    let page = EvidencePage {
        c,
        no_baby: wanted && for_baby.is_none(),
        for_baby,
        groups,
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
                        result: t
                            .result
                            .map(|r| w.t(&format!("jw-result-{}", r.id().replace('_', "-"))))
                            .unwrap_or_default(),
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
        Err(_) => {
            // Only the page's two buttons send a result: anything else is named by its label.
            let w = super::language::page_words();
            let errs = Errors::one(
                "",
                soothe_words::named(w, "result", soothe_words::refusal(w, "invalid", &[])),
            );
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
    let notice = |catalog: &Catalog| {
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

/// Where the cue guide is. Each cue has the anchor `#cue-<id>` (`/library/cues#cue-looks_away`),
/// so the player's cue buttons can link to it.
pub(crate) const CUES: &str = "/library/cues";
/// Where "Before your first massage" is.
pub(crate) const FIRST_MASSAGE: &str = "/library/first-massage";
/// Where "Finding an instructor" is.
pub(crate) const INSTRUCTORS: &str = "/library/instructors";

struct CueRow {
    id: String,
    name: String,
    looks_like: String,
    respond: String,
    sources: Vec<String>,
}

/// One group of the cue guide: what the baby is saying, and the cues that say it.
struct CueGroup {
    /// `enjoying`, `break`, `stop` or `help`: the group's anchor (`#cues-enjoying`) and the
    /// key of its words (`cues-enjoying-title`, `cues-enjoying-intro`).
    id: &'static str,
    title: String,
    intro: String,
    cues: Vec<CueRow>,
}

#[derive(Template)]
#[template(path = "cues.html")]
struct CuesPage {
    c: Chrome,
    groups: Vec<CueGroup>,
    /// Under "Get help": what to do now (the readiness check's words for `seek_care`).
    seek_care: String,
    /// The household's urgent-care number, when it set one.
    urgent: Option<super::today::Call>,
}

/// The cue groups, in the order the guide shows them, with the classes each holds: a baby
/// who has fallen asleep is a reason to stop, like an obvious sign.
const CUE_GROUPS: &[(&str, &[CueClass])] = &[
    ("enjoying", &[CueClass::Engagement]),
    ("break", &[CueClass::Subtle]),
    ("stop", &[CueClass::Potent, CueClass::Asleep]),
    ("help", &[CueClass::Alarm]),
];

/// The cue guide: each sign a baby gives, what it looks like and what to do, grouped by
/// what the baby is saying; under "Get help", the household's urgent-care number.
pub(crate) async fn cues(State(state): State<AppState>, m: Member) -> PageResult {
    let c = Chrome::member(&state, &m, "Your baby's signs", "library").await?;
    let w = c.w;
    let catalog = state.catalog_for(w.lang());
    let settings = state.app.household_settings(m.scope()).await?;
    let groups = CUE_GROUPS
        .iter()
        .map(|(id, classes)| CueGroup {
            id,
            title: w.t(&format!("cues-{id}-title")),
            intro: w.t(&format!("cues-{id}-intro")),
            cues: classes
                .iter()
                .flat_map(|class| catalog.cues().iter().filter(move |q| q.class() == *class))
                .map(|q| CueRow {
                    id: q.id.to_string(),
                    name: q.name.clone(),
                    looks_like: q.looks_like.clone(),
                    respond: q.respond.clone(),
                    sources: catalog.citations(&q.sources),
                })
                .collect(),
        })
        .collect();
    let page = CuesPage {
        groups,
        seek_care: super::today::what_to_do(w, Verdict::SeekCare).unwrap_or_default(),
        urgent: super::today::urgent_call(Verdict::SeekCare, &settings),
        c,
    };
    Ok(render(&page))
}

/// A section of a teaching page, in the reader's language.
pub(crate) struct TeachingSection {
    id: String,
    title: String,
    paragraphs: Vec<String>,
    sources: Vec<String>,
}

/// The teaching pages.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Teaching {
    /// "Before your first massage".
    FirstMassage,
    /// "Finding an instructor".
    Instructors,
}

/// The sections of a teaching page from the reader's catalog: the catalog's teaching texts
/// (`content/teaching.toml`, or `content/es/teaching.toml` in Spanish), each section with
/// its paragraphs and its sources.
fn teaching_sections(catalog: &Catalog, page: Teaching) -> Vec<TeachingSection> {
    let page = match page {
        Teaching::FirstMassage => soothe_core::catalog::TeachingPage::FirstMassage,
        Teaching::Instructors => soothe_core::catalog::TeachingPage::Instructor,
    };
    catalog
        .teaching_page(page)
        .into_iter()
        .map(|s| TeachingSection {
            id: s.id.clone(),
            title: s.title.clone(),
            paragraphs: s.paragraphs.clone(),
            sources: catalog.citations(&s.sources),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "teaching.html")]
struct TeachingPageView {
    c: Chrome,
    /// `first-massage` or `instructors`: the key of the page's words
    /// (`teach-first-massage-title`, `teach-first-massage-intro`).
    key: &'static str,
    intro: String,
    sections: Vec<TeachingSection>,
}

async fn teaching_page(state: &AppState, m: &Member, page: Teaching) -> PageResult {
    let key = match page {
        Teaching::FirstMassage => "first-massage",
        Teaching::Instructors => "instructors",
    };
    let mut c = Chrome::member(state, m, "Learn", "library").await?;
    c.title = c.w.t(&format!("teach-{key}-title"));
    let catalog = state.catalog_for(c.w.lang());
    let page = TeachingPageView {
        sections: teaching_sections(catalog, page),
        intro: c.w.t(&format!("teach-{key}-intro")),
        key,
        c,
    };
    Ok(render(&page))
}

/// "Before your first massage": asking first, reading the baby, getting ready, keeping it
/// short, the same time each day, patience, the family.
pub(crate) async fn first_massage(State(state): State<AppState>, m: Member) -> PageResult {
    teaching_page(&state, &m, Teaching::FirstMassage).await
}

/// "Finding an instructor": what certified instructors do, who certifies them, what to ask.
/// Text only: soothe links to no one and makes no outside calls.
pub(crate) async fn instructors(State(state): State<AppState>, m: Member) -> PageResult {
    teaching_page(&state, &m, Teaching::Instructors).await
}
