//! The input of the readiness check, parsed at the edge.
//!
//! [`parse_json`] turns the JSON of `soothe check` into a [`CheckInput`] whose values are
//! all valid: times carry offsets, nothing starts after `now`, temperatures are plausible,
//! settings are in range and every id is known. Each error names the field and the problem.

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize};

use crate::BodyArea;
use crate::catalog::Catalog;
use crate::ids::{OilId, RoutineId};
use crate::journal::{self, BabyFields, EventFields};
use crate::time::{LocalTime, TimeError};

vocab!(
    /// The baby's behavioural state (Brazelton's six states).
    BabyState {
        /// Still, regular breathing.
        DeepSleep = "deep_sleep",
        /// Twitches, eye movements under the lids.
        LightSleep = "light_sleep",
        /// Eyes opening and closing, glazed look.
        Drowsy = "drowsy",
        /// Still, bright-eyed, attentive: the state for massage.
        QuietAlert = "quiet_alert",
        /// Jerky movements, close to crying.
        ActiveAlert = "active_alert",
        /// Crying.
        Crying = "crying",
        /// Hungry: rooting, sucking on hands, turning to feed.
        Hungry = "hungry",
    }
);

impl BabyState {
    /// The state in plain words, as a parent would say it.
    pub fn label(self) -> &'static str {
        match self {
            BabyState::DeepSleep => "Asleep",
            BabyState::LightSleep => "Asleep but stirring",
            BabyState::Drowsy => "Drowsy",
            BabyState::QuietAlert => "Awake, calm, looking at you",
            BabyState::ActiveAlert => "Awake but squirmy or fussing",
            BabyState::Crying => "Crying",
            BabyState::Hungry => "Hungry",
        }
    }

    /// Whether the baby is awake: a sleep still running in the journal has ended (drowsy is
    /// neither: the baby may be falling asleep or waking up).
    pub fn is_awake(self) -> bool {
        matches!(
            self,
            BabyState::QuietAlert | BabyState::ActiveAlert | BabyState::Crying | BabyState::Hungry
        )
    }
}

vocab!(
    /// A health condition that needs a clinician's clearance before massage.
    Condition {
        /// A heart condition.
        HeartCondition = "heart_condition",
        /// Seizures.
        Seizures = "seizures",
        /// Developmental dysplasia of the hip.
        HipDysplasia = "hip_dysplasia",
        /// Brittle bones (osteogenesis imperfecta).
        BrittleBones = "brittle_bones",
        /// Recent surgery.
        RecentSurgery = "recent_surgery",
        /// A fracture.
        Fracture = "fracture",
        /// Jaundice being treated.
        JaundiceTreatment = "jaundice_treatment",
        /// Any other health problem.
        Other = "other",
    }
);

impl Condition {
    /// The condition in plain words.
    pub fn label(self) -> &'static str {
        match self {
            Condition::HeartCondition => "a heart condition",
            Condition::Seizures => "seizures",
            Condition::HipDysplasia => "hip dysplasia",
            Condition::BrittleBones => "brittle bones",
            Condition::RecentSurgery => "recent surgery",
            Condition::Fracture => "a fracture",
            Condition::JaundiceTreatment => "jaundice treatment",
            Condition::Other => "a health problem",
        }
    }
}

vocab!(
    /// Where a vaccine was given.
    VaccineSite {
        /// Left thigh.
        LeftThigh = "left_thigh",
        /// Right thigh.
        RightThigh = "right_thigh",
        /// Left arm.
        LeftArm = "left_arm",
        /// Right arm.
        RightArm = "right_arm",
        /// By mouth (no injection site).
        Mouth = "mouth",
    }
);

impl VaccineSite {
    /// The body area to leave alone after an injection here; `None` for an oral vaccine.
    pub fn area(self) -> Option<BodyArea> {
        match self {
            VaccineSite::LeftThigh => Some(BodyArea::LeftLeg),
            VaccineSite::RightThigh => Some(BodyArea::RightLeg),
            VaccineSite::LeftArm => Some(BodyArea::LeftArm),
            VaccineSite::RightArm => Some(BodyArea::RightArm),
            VaccineSite::Mouth => None,
        }
    }
}

vocab!(
    /// An urgent warning sign: these send the family to medical care.
    WarningSign {
        /// Floppy or limp.
        Floppy = "floppy",
        /// Unresponsive.
        Unresponsive = "unresponsive",
        /// Laboured or grunting breathing.
        BreathingDifficulty = "breathing_difficulty",
        /// A bulging soft spot.
        BulgingFontanelle = "bulging_fontanelle",
        /// A seizure.
        Seizure = "seizure",
        /// A rash that does not fade under pressure.
        NonBlanchingRash = "non_blanching_rash",
        /// Green vomit.
        GreenVomit = "green_vomit",
        /// Pale, chalky poo or dark urine (always a reason for care).
        PaleStools = "pale_stools",
        /// Jaundice (counts as urgent in the first 24 hours of life).
        Jaundice = "jaundice",
        /// Vomiting with force or in a large amount (an alarm cue in a massage).
        Vomiting = "vomiting",
        /// Choking or struggling to breathe in (an alarm cue in a massage).
        Choking = "choking",
        /// Skin or lips turning pale, blue or mottled (an alarm cue in a massage).
        ColourChange = "colour_change",
    }
);

impl WarningSign {
    /// The sign in plain words.
    pub fn label(self) -> &'static str {
        match self {
            WarningSign::Floppy => "floppy or limp",
            WarningSign::Unresponsive => "unresponsive",
            WarningSign::BreathingDifficulty => "difficulty breathing",
            WarningSign::BulgingFontanelle => "a bulging soft spot",
            WarningSign::Seizure => "a seizure",
            WarningSign::NonBlanchingRash => "a rash that does not fade when pressed",
            WarningSign::GreenVomit => "green vomit",
            WarningSign::PaleStools => "pale, chalky poo or dark urine",
            WarningSign::Jaundice => "yellow skin or eyes (jaundice)",
            WarningSign::Vomiting => "vomiting with force",
            WarningSign::Choking => "choking",
            WarningSign::ColourChange => "pale, blue or mottled skin",
        }
    }
}

vocab!(
    /// The result of an oil patch test.
    PatchResult {
        /// No redness or rash.
        NoReaction = "no_reaction",
        /// Redness, rash or other reaction.
        Reaction = "reaction",
    }
);

pub use journal::EventKind;

/// What a doctor or nurse cleared massage for: being born early, or one condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ClearanceReason {
    /// Born early (preterm).
    BornEarly,
    /// A health condition.
    Condition(Condition),
}

impl ClearanceReason {
    /// The stable id: `born_early` or the condition's id.
    pub fn id(self) -> &'static str {
        match self {
            ClearanceReason::BornEarly => "born_early",
            ClearanceReason::Condition(c) => c.id(),
        }
    }

    /// The reason in plain words.
    pub fn label(self) -> &'static str {
        match self {
            ClearanceReason::BornEarly => "born early",
            ClearanceReason::Condition(c) => c.label(),
        }
    }
}

impl std::fmt::Display for ClearanceReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.id())
    }
}

impl std::str::FromStr for ClearanceReason {
    type Err = crate::vocab::UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "born_early" {
            return Ok(ClearanceReason::BornEarly);
        }
        s.parse::<Condition>()
            .map(ClearanceReason::Condition)
            .map_err(|mut e| {
                e.known.insert(0, "born_early");
                e
            })
    }
}

impl Serialize for ClearanceReason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for ClearanceReason {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Where a skin problem is: one area or the whole body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkinArea {
    /// One body area.
    Area(BodyArea),
    /// All over.
    WholeBody,
}

impl Serialize for SkinArea {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            SkinArea::Area(a) => a.serialize(s),
            SkinArea::WholeBody => s.serialize_str("whole_body"),
        }
    }
}

impl<'de> Deserialize<'de> for SkinArea {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s == "whole_body" {
            return Ok(SkinArea::WholeBody);
        }
        s.parse::<BodyArea>().map(SkinArea::Area).map_err(|mut e| {
            e.known.push("whole_body");
            serde::de::Error::custom(e)
        })
    }
}

/// A temperature in tenths of a degree Celsius, checked to lie within 30–45 °C.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Celsius(i16);

impl Celsius {
    /// Reads a temperature, rounding to a tenth of a degree.
    pub fn new(celsius: f64) -> Result<Celsius, String> {
        if !celsius.is_finite() || !(30.0..=45.0).contains(&celsius) {
            return Err(format!(
                "{celsius} °C is outside 30–45 °C; check the reading and the unit"
            ));
        }
        Ok(Celsius((celsius * 10.0).round() as i16))
    }

    /// A fever: 38.0 °C or more, as the check counts it (NICE NG143).
    pub fn is_fever(self) -> bool {
        self.0 >= super::FEVER_TENTHS
    }

    /// The number of degrees to one decimal place, without the unit ("38.3").
    pub fn number(self) -> String {
        format!("{}.{}", self.0 / 10, self.0 % 10)
    }

    /// The temperature in tenths of a degree.
    pub fn tenths(self) -> i16 {
        self.0
    }
}

impl std::fmt::Display for Celsius {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} °C", self.number())
    }
}

/// Gestational age at birth, in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Gestation(u16);

impl Gestation {
    /// Parses "weeks+days" (e.g. "32+4"): 22 to 44 weeks, 0 to 6 days.
    pub fn parse(s: &str) -> Result<Gestation, String> {
        let bad = || format!("`{s}` is not weeks+days between 22+0 and 44+6 (e.g. \"32+4\")");
        let (w, d) = s.split_once('+').ok_or_else(bad)?;
        let weeks: u16 = w.trim().parse().map_err(|_| bad())?;
        let days: u16 = d.trim().parse().map_err(|_| bad())?;
        if !(22..=44).contains(&weeks) || days > 6 {
            return Err(bad());
        }
        Ok(Gestation(weeks * 7 + days))
    }

    /// Total days.
    pub fn days(self) -> u16 {
        self.0
    }
}

/// When the baby was born: a date, or a date-time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Birth {
    /// Only the date is known.
    Date(Date),
    /// The date and time are known.
    At(LocalTime),
}

/// How mature the baby was at birth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Maturity {
    /// The due date.
    Due(Date),
    /// Gestational age at birth.
    Gestation(Gestation),
}

/// The baby, as the readiness check sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baby {
    /// Birth.
    pub born: Birth,
    /// Due date or gestation at birth, if known.
    pub maturity: Option<Maturity>,
    /// Health conditions.
    pub conditions: Vec<Condition>,
    /// The reasons a doctor or nurse has cleared massage for, counting only clearances
    /// given on or after the day the condition was noted.
    pub cleared: Vec<ClearanceReason>,
    /// The umbilical stump has healed; `None` means not recorded.
    pub umbilical_healed: Option<bool>,
    /// A risk of allergy (eczema, family history).
    pub allergy_risk: bool,
}

/// A journal event the readiness check reads.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A feed; `end` is `None` while it is going on.
    Feeding {
        /// Start.
        start: LocalTime,
        /// End.
        end: Option<LocalTime>,
    },
    /// A sleep; `end` is `None` while the baby sleeps.
    Sleep {
        /// Start.
        start: LocalTime,
        /// End.
        end: Option<LocalTime>,
    },
    /// A vaccination.
    Vaccination {
        /// When.
        at: LocalTime,
        /// Where.
        sites: Vec<VaccineSite>,
    },
    /// A temperature reading.
    Temperature {
        /// When.
        at: LocalTime,
        /// The reading.
        celsius: Celsius,
    },
    /// An illness; `end` is `None` while it lasts.
    Illness {
        /// Start.
        start: LocalTime,
        /// End.
        end: Option<LocalTime>,
    },
    /// A skin problem.
    Skin {
        /// When it was noticed.
        at: LocalTime,
        /// Its condition mentions eczema.
        eczema: bool,
        /// Where.
        area: SkinArea,
        /// When it cleared up, if it has.
        resolved: Option<LocalTime>,
    },
    /// An oil patch test.
    PatchTest {
        /// The oil tested.
        oil: OilId,
        /// When it was applied.
        start: LocalTime,
        /// The result, once judged.
        result: Option<PatchResult>,
    },
    /// A crying spell; `end` is `None` while it goes on.
    Crying {
        /// Start.
        start: LocalTime,
        /// End.
        end: Option<LocalTime>,
    },
    /// An urgent warning sign.
    WarningSign {
        /// When.
        at: LocalTime,
        /// Which sign.
        sign: WarningSign,
    },
}

/// Adjustable thresholds of the readiness check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// Minutes to wait after a feed ends (15–120, default 45).
    pub feed_gap_minutes: u32,
    /// Hours to leave a vaccination site alone (12–168, default 48).
    pub vaccine_site_hours: u32,
    /// Hours to watch an oil patch test (1–48, default 4).
    pub patch_test_hours: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            feed_gap_minutes: 45,
            vaccine_site_hours: 48,
            patch_test_hours: 4,
        }
    }
}

/// The allowed range of each setting.
pub const SETTING_RANGES: [(&str, u32, u32); 3] = [
    ("feed_gap_minutes", 15, 120),
    ("vaccine_site_hours", 12, 168),
    ("patch_test_hours", 1, 48),
];

/// A validated readiness-check input.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckInput {
    /// The moment the check is for; output times are written in its offset.
    pub now: LocalTime,
    /// The baby.
    pub baby: Baby,
    /// Journal events; none starts after `now`.
    pub events: Vec<Event>,
    /// The baby's state, if the parent said.
    pub state: Option<BabyState>,
    /// The oil the parent means to use.
    pub oil: Option<OilId>,
    /// The routine the parent means to do.
    pub routine: Option<RoutineId>,
    /// Thresholds.
    pub settings: Settings,
}

/// Why an input was rejected: the field (as a path like `events[2].celsius`), a stable code
/// (see [`journal::CODES`]) with its values, and where in the text.
///
/// A document the JSON reader could not read has the code `json-invalid` and the reader's
/// own account in `detail`; every other refusal is the core's code and values, worded by the
/// edge.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}{}{}", path_prefix(.path), Coded(.code, .args), position(.line, .column))]
pub struct InputError {
    /// The field, e.g. `baby.born` or `events[2].at`; empty for the document as a whole.
    pub path: String,
    /// A stable id of the problem.
    pub code: &'static str,
    /// The values its message names.
    pub args: journal::Args,
    /// Line in the JSON text, when known.
    pub line: Option<usize>,
    /// Column in the JSON text, when known.
    pub column: Option<usize>,
}

struct Coded<'a>(&'a str, &'a journal::Args);

impl std::fmt::Display for Coded<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        journal::write_coded(f, self.0, self.1)
    }
}

fn path_prefix(path: &str) -> String {
    if path.is_empty() || path == "." {
        String::new()
    } else {
        format!("{path}: ")
    }
}

fn position(line: &Option<usize>, column: &Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(" (line {l}, column {c})"),
        _ => String::new(),
    }
}

impl InputError {
    /// An error from JSON decoding, with its path and, when known, line and column.
    pub fn from_json(e: serde_path_to_error::Error<serde_json::Error>) -> InputError {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let (line, column) = if inner.line() > 0 {
            (Some(inner.line()), Some(inner.column()))
        } else {
            (None, None)
        };
        let mut message = inner.to_string();
        if let Some(i) = message.rfind(" at line ") {
            message.truncate(i);
        }
        // serde reports a missing field at its parent: name the field itself.
        let path = match message
            .strip_prefix("missing field `")
            .and_then(|m| m.strip_suffix('`'))
        {
            Some(field) if path == "." || path.is_empty() => field.to_owned(),
            Some(field) => format!("{path}.{field}"),
            None => path,
        };
        InputError {
            path,
            code: "json-invalid",
            args: vec![("detail", message.into())],
            line,
            column,
        }
    }

    /// A refusal of a field, with no position in the text.
    pub fn field(path: impl Into<String>, code: &'static str) -> InputError {
        debug_assert!(
            journal::is_code(code),
            "refusal code `{code}` is not in CODES"
        );
        InputError {
            path: path.into(),
            code,
            args: Vec::new(),
            line: None,
            column: None,
        }
    }

    /// The core's refusal of a field, at `path`.
    pub fn refused(path: impl Into<String>, e: journal::FieldError) -> InputError {
        InputError {
            args: e.args,
            ..InputError::field(path, e.code)
        }
    }

    /// The JSON reader's own account of what it could not read (see `json-invalid`).
    pub fn detail(&self) -> Option<&str> {
        match self.args.first() {
            Some(("detail", journal::Value::Text(t))) if self.code == "json-invalid" => Some(t),
            _ => None,
        }
    }
}

// ---- the raw JSON shape -------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInput {
    now: LocalTime,
    baby: BabyFields,
    #[serde(default)]
    events: Vec<EventFields>,
    #[serde(default)]
    state: Option<BabyState>,
    #[serde(default)]
    oil: Option<OilId>,
    #[serde(default)]
    routine: Option<RoutineId>,
    #[serde(default)]
    settings: RawSettings,
}

impl Serialize for Birth {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Birth::Date(d) => s.collect_str(d),
            Birth::At(t) => t.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Birth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let neither = || {
            serde::de::Error::custom(format!(
                "`{s}` is neither a date (2026-09-01) nor a date-time with an offset"
            ))
        };
        if !s.contains('T') && !s.contains(' ') {
            return s.parse::<Date>().map(Birth::Date).map_err(|_| neither());
        }
        match LocalTime::parse(&s) {
            Ok(t) => Ok(Birth::At(t)),
            Err(TimeError::Malformed(_)) => Err(neither()),
            Err(e) => Err(serde::de::Error::custom(e)),
        }
    }
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    feed_gap_minutes: Option<u32>,
    vaccine_site_hours: Option<u32>,
    patch_test_hours: Option<u32>,
}

/// The UTF-8 byte-order mark some editors put at the start of a file.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// Decodes one JSON document strictly, the same way for `soothe check` and the API: a
/// leading byte-order mark is skipped, a text holding a control character is refused naming
/// its field (see [`crate::text`]), a missing field is named, and nothing may follow the
/// document.
pub fn decode_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, InputError> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    // serde reads a struct from an array too (`[null, null]`, by position): every document
    // soothe reads is one object, so anything else is refused before it can mean something.
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|b| *b != b'{') {
        return Err(InputError::field(String::new(), "json-not-an-object"));
    }
    // Before the typed read, so a control character is named even where the typed read would
    // fail on it (an enum value); an unreadable document waits for the typed read's message.
    let unreadable = match crate::text::find_in_json_text(bytes) {
        Ok(Some(e)) => return Err(InputError::refused(e.field.clone(), e)),
        Ok(None) => None,
        Err(message) => Some(message),
    };
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut *de).map_err(InputError::from_json)?;
    de.end().map_err(|e| InputError {
        line: Some(e.line()),
        column: Some(e.column()),
        ..InputError::field(String::new(), "json-trailing")
    })?;
    match unreadable {
        Some(message) => Err(InputError {
            args: vec![("detail", message.into())],
            ..InputError::field(String::new(), "json-unreadable")
        }),
        None => Ok(value),
    }
}

/// Parses and validates the JSON input of `soothe check` against the catalog.
pub fn parse_json(json: &str, catalog: &Catalog) -> Result<CheckInput, InputError> {
    let raw: RawInput = decode_json(json.as_bytes())?;
    validate(raw, catalog)
}

fn validate(raw: RawInput, catalog: &Catalog) -> Result<CheckInput, InputError> {
    let now = raw.now;
    let latest_name = "now";
    let baby = raw
        .baby
        .validate_input(now, latest_name, catalog)
        .map_err(|fe| InputError::refused(field_path("baby", &fe.field), fe))?;
    if let Some(oil) = &raw.oil {
        journal::known_oil(catalog, oil).map_err(|e| InputError::refused("oil", e))?;
    }
    if let Some(routine) = &raw.routine {
        journal::known_routine(catalog, routine).map_err(|e| InputError::refused("routine", e))?;
    }

    let mut settings = Settings::default();
    for ((name, lo, hi), (value, slot)) in SETTING_RANGES.iter().zip([
        (
            raw.settings.feed_gap_minutes,
            &mut settings.feed_gap_minutes,
        ),
        (
            raw.settings.vaccine_site_hours,
            &mut settings.vaccine_site_hours,
        ),
        (
            raw.settings.patch_test_hours,
            &mut settings.patch_test_hours,
        ),
    ]) {
        if let Some(v) = value {
            if !(*lo..=*hi).contains(&v) {
                return Err(InputError {
                    args: vec![
                        ("value", v.into()),
                        ("min", (*lo).into()),
                        ("max", (*hi).into()),
                    ],
                    ..InputError::field(format!("settings.{name}"), "out-of-range")
                });
            }
            *slot = v;
        }
    }

    let mut events = Vec::with_capacity(raw.events.len());
    for (i, e) in raw.events.into_iter().enumerate() {
        let e = journal::read_and_validate(e, now.instant, latest_name, catalog)
            .and_then(|e| journal::after_birth(&e, raw.baby.born).map(|()| e))
            .map_err(|fe| {
                InputError::refused(field_path(&format!("events[{i}]"), &fe.field), fe)
            })?;
        events.extend(journal::to_readiness(&e));
    }

    Ok(CheckInput {
        now,
        baby,
        events,
        state: raw.state,
        oil: raw.oil,
        routine: raw.routine,
        settings,
    })
}

/// `parent.field`, or `parent` when the error is about the whole object.
fn field_path(parent: &str, field: &str) -> String {
    if field.is_empty() {
        parent.to_owned()
    } else {
        format!("{parent}.{field}")
    }
}

#[cfg(test)]
mod awake_tests {
    use super::BabyState;

    #[test]
    fn awake_states_are_the_alert_crying_and_hungry_ones() {
        let awake: Vec<&str> = BabyState::ALL
            .iter()
            .filter(|s| s.is_awake())
            .map(|s| s.id())
            .collect();
        assert_eq!(awake, ["quiet_alert", "active_alert", "crying", "hungry"]);
        for s in [
            BabyState::DeepSleep,
            BabyState::LightSleep,
            BabyState::Drowsy,
        ] {
            assert!(!s.is_awake(), "{}", s.id());
        }
    }
}
