//! Baby profiles: add, edit, and choose which baby the pages show.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use jiff::civil::Date;
use soothe_app::App;
use soothe_core::catalog::Catalog;
use soothe_core::journal::{BabyFields, Clearance, Sex};
use soothe_core::readiness::input::{Birth, ClearanceReason, Condition};
use soothe_core::time::LocalTime;

use super::auth::{self, Member, MemberPost};
use super::form::{Errors, FormData};
use super::language::page_words;
use super::view::Chrome;
use super::{PageResult, render, see_other};
use crate::AppState;

/// The form fields of one reason's clearance.
pub(crate) struct ReasonFields {
    /// Its words in the reader's language, e.g. "Born early", "A heart condition".
    pub label: String,
    /// The "cleared" checkbox: `cleared_<reason>`.
    pub check: String,
    /// Who: `cleared_by_<reason>`.
    pub by: String,
    /// When (a date): `cleared_at_<reason>`.
    pub at: String,
    /// The advice: `cleared_advice_<reason>`.
    pub advice: String,
}

impl ReasonFields {
    fn new(reason: ClearanceReason) -> ReasonFields {
        let id = reason.id();
        ReasonFields {
            label: page_words().t(&format!("baby-reason-{id}")),
            check: format!("cleared_{id}"),
            by: format!("cleared_by_{id}"),
            at: format!("cleared_at_{id}"),
            advice: format!("cleared_advice_{id}"),
        }
    }
}

/// Every reason a doctor or nurse may clear: born early, then each condition.
fn clearance_reasons() -> impl Iterator<Item = ClearanceReason> {
    std::iter::once(ClearanceReason::BornEarly).chain(
        Condition::ALL
            .iter()
            .map(|c| ClearanceReason::Condition(*c)),
    )
}

/// The choices a baby form offers.
pub(crate) struct BabyForm {
    /// Conditions: id and words in the reader's language.
    pub conditions: Vec<(&'static str, String)>,
    /// The clearance fields, one set per reason.
    pub reasons: Vec<ReasonFields>,
    /// Oils: id and name.
    pub oils: Vec<(String, String)>,
}

impl BabyForm {
    /// The choices from the catalog.
    pub fn new(catalog: &Catalog) -> BabyForm {
        BabyForm {
            conditions: Condition::ALL
                .iter()
                .map(|c| {
                    (
                        c.id(),
                        page_words().t(&format!("baby-condition-{}", c.id())),
                    )
                })
                .collect(),
            reasons: clearance_reasons().map(ReasonFields::new).collect(),
            oils: catalog
                .oils()
                .iter()
                .map(|o| (o.id.to_string(), o.name.clone()))
                .collect(),
        }
    }
}

fn date(e: &mut Errors, form: &FormData, field: &str) -> Option<Date> {
    let v = form.get(field);
    if v.is_empty() {
        return None;
    }
    v.parse()
        .map_err(|_| e.add(field, page_words().t1("baby-bad-date", "value", v)))
        .ok()
}

/// A profile from a form (fields `name`, `born`, `due`, `gestation`, `sex`, `conditions`,
/// per reason `cleared_<reason>`, `cleared_by_<reason>`, `cleared_at_<reason>` and
/// `cleared_advice_<reason>`, then `clinician_note`, `doctor_phone`, `umbilical_healed`,
/// `allergy_risk`, `preferred_oil`), checked against the catalog at the household zone's clock. A clearance
/// for a condition that is not ticked is left out with it; one with no date is given today.
pub(crate) fn baby_from_form(form: &FormData, zone: &str, app: &App) -> Result<BabyFields, Errors> {
    let tz = jiff::tz::TimeZone::get(zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let baby = parse_baby(form, &tz, app.now())?;
    app.checked_baby(baby.clone(), &tz)
        .map_err(|e| baby_errors(&baby, e))
}

/// A profile from a form as typed (see [`baby_from_form`]), not yet checked; `now` gives the
/// date of a clearance that has none.
fn parse_baby(
    form: &FormData,
    tz: &jiff::tz::TimeZone,
    now: Timestamp,
) -> Result<BabyFields, Errors> {
    let mut e = Errors::default();
    let text = |f: &str| Some(form.get(f).to_owned()).filter(|s| !s.is_empty());
    let name = text("name");
    if name.is_none() {
        e.add("name", page_words().t("baby-needs-name"));
    }
    let born = date(&mut e, form, "born");
    if born.is_none() && form.get("born").is_empty() {
        e.add("born", page_words().t("baby-needs-born"));
    }
    let due = date(&mut e, form, "due");
    let gestation = text("gestation");
    let sex = match form.get("sex") {
        "" => None,
        s => s
            .parse::<Sex>()
            .map_err(|_| e.add("sex", page_words().t1("baby-unknown-choice", "value", s)))
            .ok(),
    };
    let mut conditions = Vec::new();
    for c in form.all("conditions") {
        match c.parse::<Condition>() {
            Ok(c) => conditions.push(c),
            Err(_) => e.add(
                "conditions",
                page_words().t1("baby-unknown-choice", "value", c),
            ),
        }
    }
    let day_start = |d: Date| {
        d.to_zoned(tz.clone()).ok().map(|z| LocalTime {
            instant: z.timestamp(),
            offset: z.offset(),
        })
    };
    let today = now.to_zoned(tz.clone()).date();
    let mut clearances = Vec::new();
    for reason in clearance_reasons() {
        let f = ReasonFields::new(reason);
        if form.get(&f.check) != "on" {
            continue;
        }
        if let ClearanceReason::Condition(c) = reason
            && !conditions.contains(&c)
        {
            continue;
        }
        let day = date(&mut e, form, &f.at).unwrap_or(today);
        if let Some(at) = day_start(day) {
            clearances.push(Clearance {
                reason,
                by: text(&f.by),
                at,
                advice: text(&f.advice),
            });
        }
    }
    let umbilical = match form.get("umbilical_healed") {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let oil = match form.get("preferred_oil") {
        "" => None,
        o => soothe_core::ids::OilId::new(o)
            .map_err(|_| {
                e.add(
                    "preferred_oil",
                    page_words().t1("baby-unknown-oil", "value", o),
                )
            })
            .ok(),
    };
    let baby = BabyFields {
        id: None,
        name,
        born: Birth::Date(born.unwrap_or(Date::constant(2000, 1, 1))),
        due,
        gestation_at_birth: gestation,
        sex,
        conditions,
        conditions_noted: Default::default(),
        clearances,
        clinician_note: text("clinician_note"),
        umbilical_healed: umbilical,
        allergy_risk: form.get("allergy_risk") == "on",
        preferred_oil: oil,
        doctor_phone: text("doctor_phone"),
        created: None,
        updated: None,
    };
    if !e.is_empty() {
        return Err(e);
    }
    Ok(baby)
}

/// The app's refusal of a profile as the form's errors, under the form's field names, in the
/// reader's words where the refusal has a stable code; a refusal that is not about fields is
/// the form's as a whole.
fn baby_errors(baby: &BabyFields, err: soothe_app::Error) -> Errors {
    let mut e = Errors::default();
    let soothe_app::Error::Invalid(fields) = err else {
        e.add("", super::form::refusal_message(page_words(), &err));
        return e;
    };
    for x in fields {
        let field = match x.field.as_str() {
            "gestation_at_birth" => "gestation".to_owned(),
            "" => "due".to_owned(),
            f if f.starts_with("conditions_noted") => "conditions".to_owned(),
            f => clearance_field(baby, f).unwrap_or_else(|| f.to_owned()),
        };
        let w = page_words();
        e.add(&field, super::form::field_message(w, &x));
    }
    e
}

/// The form field of an error about `clearances[i].part`.
fn clearance_field(baby: &BabyFields, field: &str) -> Option<String> {
    let rest = field.strip_prefix("clearances[")?;
    let (i, part) = rest.split_once("].")?;
    let c = baby.clearances.get(i.parse::<usize>().ok()?)?;
    let f = ReasonFields::new(c.reason);
    Some(match part {
        "by" => f.by,
        "at" => f.at,
        "advice" => f.advice,
        _ => f.check,
    })
}

/// A stored profile as form values.
fn form_of(b: &BabyFields) -> FormData {
    let mut f = FormData::default();
    f.set("name", b.name.clone().unwrap_or_default());
    f.set(
        "born",
        match b.born {
            Birth::Date(d) => d.to_string(),
            Birth::At(t) => t.date().to_string(),
        },
    );
    f.set("due", b.due.map(|d| d.to_string()).unwrap_or_default());
    f.set(
        "gestation",
        b.gestation_at_birth.clone().unwrap_or_default(),
    );
    f.set("sex", b.sex.map(|s| s.id()).unwrap_or_default());
    let mut f = FormData::from_pairs(
        f.pairs().chain(
            b.conditions
                .iter()
                .map(|c| ("conditions".to_owned(), c.id().to_owned())),
        ),
    );
    for c in &b.clearances {
        let r = ReasonFields::new(c.reason);
        f.set(&r.check, "on");
        f.set(&r.by, c.by.clone().unwrap_or_default());
        f.set(&r.at, c.at.date().to_string());
        f.set(&r.advice, c.advice.clone().unwrap_or_default());
    }
    f.set(
        "clinician_note",
        b.clinician_note.clone().unwrap_or_default(),
    );
    f.set(
        "umbilical_healed",
        match b.umbilical_healed {
            Some(true) => "yes",
            Some(false) => "no",
            None => "",
        },
    );
    if b.allergy_risk {
        f.set("allergy_risk", "on");
    }
    f.set(
        "preferred_oil",
        b.preferred_oil
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    );
    f.set("doctor_phone", b.doctor_phone.clone().unwrap_or_default());
    f
}

#[derive(Template)]
#[template(path = "baby.html")]
struct BabyPage {
    c: Chrome,
    f: FormData,
    e: Errors,
    baby: BabyForm,
    /// Empty for a new baby.
    id: String,
}

async fn page(state: &AppState, m: &Member, id: &str, f: FormData, e: Errors) -> PageResult {
    let title = if id.is_empty() {
        "household-add-baby"
    } else {
        "baby-profile"
    };
    let status = e.status();
    let page = BabyPage {
        c: Chrome::member(state, m, title, "more").await?,
        f,
        e,
        baby: BabyForm::new(state.catalog_for(page_words().lang())),
        id: id.to_owned(),
    };
    Ok((status, render(&page)).into_response())
}

/// The form for a new baby.
pub(crate) async fn new_page(State(state): State<AppState>, m: Member) -> PageResult {
    page(&state, &m, "", FormData::default(), Errors::default()).await
}

/// Adds a baby and shows it.
pub(crate) async fn create(State(state): State<AppState>, p: MemberPost) -> PageResult {
    let MemberPost { member, form } = p;
    let scope = member.scope();
    let b = match parse_baby(&form, scope.time_zone(), state.app.now()) {
        Ok(b) => b,
        Err(e) => return page(&state, &member, "", form, e).await,
    };
    match state.app.create_baby(scope, b.clone()).await {
        Ok(baby) => Ok(choose(&member, baby.id.as_deref().unwrap_or_default(), "/")),
        Err(e @ soothe_app::Error::Invalid(_)) => {
            page(&state, &member, "", form, baby_errors(&b, e)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The profile form of a baby.
pub(crate) async fn edit_page(
    State(state): State<AppState>,
    m: Member,
    Path(id): Path<String>,
) -> PageResult {
    let b = state.app.baby(m.scope(), &id).await?;
    page(&state, &m, &id, form_of(&b), Errors::default()).await
}

/// Saves a profile.
pub(crate) async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    p: MemberPost,
) -> PageResult {
    let MemberPost { member, form } = p;
    let scope = member.scope();
    let b = match parse_baby(&form, scope.time_zone(), state.app.now()) {
        Ok(b) => b,
        Err(e) => {
            // Another household's baby is not found, whatever the form holds.
            state.app.baby(scope, &id).await?;
            return page(&state, &member, &id, form, e).await;
        }
    };
    match state.app.update_baby_by_dates(scope, &id, b.clone()).await {
        Ok(_) => Ok(see_other("/")),
        Err(e @ soothe_app::Error::Invalid(_)) => {
            page(&state, &member, &id, form, baby_errors(&b, e)).await
        }
        Err(e) => Err(e.into()),
    }
}

fn choose(m: &Member, id: &str, to: &str) -> Response {
    let mut res = see_other(to);
    res.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(auth::BABY_COOKIE, id, 400 * 86_400, m.visitor.secure),
    );
    res
}

/// Makes a baby the one the pages show.
pub(crate) async fn select(
    State(state): State<AppState>,
    Path(id): Path<String>,
    p: MemberPost,
) -> PageResult {
    let b = state.app.baby(p.member.scope(), &id).await?;
    let to = super::account::local_path(p.form.get("next")).to_owned();
    Ok(choose(&p.member, b.id.as_deref().unwrap_or_default(), &to))
}

/// Deletes a baby's profile and journal (owners), after a page naming what goes where the
/// owner types the baby's name; a name that does not match shows the page again, refused,
/// and nothing is deleted.
pub(crate) async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    p: MemberPost,
) -> PageResult {
    use super::household::{ask, confirm, typed_refused, typed_sent};
    let w = page_words();
    let scope = p.member.scope();
    let b = state.app.baby(scope, &id).await?;
    scope
        .require(soothe_store::Role::Owner)
        .map_err(soothe_app::Error::from)?;
    let name = b.name.clone().unwrap_or_else(|| w.t("baby-unnamed"));
    let typed = p.form.get("confirm");
    let ask_again = |e| {
        confirm(
            w.t1("baby-delete-confirm-title", "name", name.as_str()),
            vec![
                w.t1("baby-delete-confirm-what", "name", name.as_str()),
                w.t("baby-delete-confirm-undo"),
            ],
            format!("/babies/{id}/delete"),
            w.t1("baby-delete-confirm-yes", "name", name.as_str()),
            "/household",
        )
        .typed(w.t1("baby-delete-type", "name", name.as_str()), typed, e)
    };
    if !typed_sent(&p.form) {
        return ask(&state, &p.member, "more", ask_again(Errors::default())).await;
    }
    if let Err(e) = state.app.delete_baby(scope, &id, typed).await {
        let errors = typed_refused(e)?;
        return ask(&state, &p.member, "more", ask_again(errors)).await;
    }
    Ok(auth::flash(
        see_other("/household"),
        &w.t1("baby-delete-done", "name", name.as_str()),
        p.member.visitor.secure,
    ))
}
