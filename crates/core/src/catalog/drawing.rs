//! The strokes' drawings: data, checked with the catalog, and drawn as SVG.
//!
//! `content/drawings/figures/<position>.svg` holds one calm line figure of a baby seen from
//! above per position. `content/drawings.toml` says, per figure, which boxes of it are which
//! body part, and per stroke which figure it is drawn on, the path the parent's hands take
//! (SVG path data in the figure's coordinates), the hands that rest, whether the path is
//! traced again from its start or there and back, and how many passes the stroke's seconds
//! hold (so a hand moves at the stroke's real pace). A routine step that puts the baby in
//! another position than its stroke's (resting hands on the back, with the baby on the
//! tummy) has a drawing for that position too.
//!
//! The check refuses a stroke without a drawing, a drawing of an unknown stroke, an unknown
//! figure, a path that does not parse, that leaves the figure or the body part it is drawn
//! on, and a pace too quick for a baby. [`svg`] draws a stroke as a complete SVG document
//! (title and description from the stroke's name and how-to in the catalog's language, the
//! figure, the faint path with direction arrows, and a hand moving along it with SMIL, no
//! script).

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use serde::Deserialize;

use super::{CatalogFile, Located, Position, Problem, Stroke};
use crate::vocab::BodyArea;

/// The file that holds the drawings' data.
pub const DRAWINGS_FILE: &str = "drawings.toml";
/// The folder of the figures (one SVG per position), under the catalog's root.
pub const FIGURES_DIR: &str = "drawings/figures/";

/// The fewest seconds one pass of a hand may take: slower is calmer, quicker tickles.
pub const MIN_PASS_SECONDS: f64 = 1.5;
/// The most seconds one pass may take before the hand seems not to move.
pub const MAX_PASS_SECONDS: f64 = 15.0;
/// How far (in the figure's units) a path may stray outside its body part's boxes.
const SLACK: f64 = 3.0;

/// Whether `name` is one of the drawings' files rather than a catalog TOML file.
pub(crate) fn is_drawing_file(name: &str) -> bool {
    name.ends_with(DRAWINGS_FILE) || name.ends_with(".svg")
}

/// How the hands move along their paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Motion {
    /// Each pass starts again at the path's start (the hand lifts and comes back).
    Repeat,
    /// There and back along the path.
    Alternate,
    /// The hands rest where they are (a soft glow breathes under them).
    Still,
}

/// One of the parent's hands: moving along `path`, or resting `at` a point.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hand {
    /// SVG path data, in the figure's coordinates.
    #[serde(default)]
    pub path: Option<String>,
    /// Where a resting hand lies.
    #[serde(default)]
    pub at: Option<[f64; 2]>,
    /// How far into a pass this hand starts (0–1): 0.5 makes two hands take turns.
    #[serde(default)]
    pub phase: f64,
}

/// One stroke's drawing.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Drawing {
    /// The stroke drawn.
    pub stroke: String,
    /// The baby's position, when this drawing is for a step in another position than the
    /// stroke's own.
    #[serde(default)]
    pub position: Option<Position>,
    /// The figure it is drawn on (a file name under `content/drawings/figures/`, no `.svg`).
    pub figure: String,
    /// The body parts the hands work on; each is one of the stroke's areas, and every path
    /// stays within them.
    pub on: Vec<BodyArea>,
    /// The part of the figure shown, `[x, y, width, height]`; the whole figure when absent.
    #[serde(default)]
    pub view: Option<[f64; 4]>,
    /// How the hands move.
    pub motion: Motion,
    /// How many passes (or breaths, for resting hands) the stroke's seconds hold.
    pub passes: u32,
    /// One or two hands.
    pub hand: Vec<Hand>,
}

/// A figure's data in `drawings.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct FigureData {
    /// The position the figure shows.
    position: Position,
    /// Each body part the figure shows, as boxes `[x, y, width, height]`.
    areas: BTreeMap<BodyArea, Vec<[f64; 4]>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DrawingsFile {
    #[serde(default)]
    figure: BTreeMap<String, FigureData>,
    #[serde(default)]
    drawing: Vec<Drawing>,
}

/// A figure: its position, its viewBox, the body-part boxes and the SVG inside its root.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The figure's id (its file name without `.svg`).
    pub id: String,
    /// The position it shows.
    pub position: Position,
    /// `[x, y, width, height]`.
    pub view_box: [f64; 4],
    areas: BTreeMap<BodyArea, Vec<[f64; 4]>>,
    /// The elements inside the figure's `<svg>` root.
    pub body: String,
}

/// Every figure and every drawing, checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Drawings {
    figures: Vec<Figure>,
    drawings: Vec<Drawing>,
}

impl Drawings {
    /// The drawing of `stroke` with the baby in `position`: the drawing for that position
    /// when the stroke has one, else the stroke's own.
    pub fn of(&self, stroke: &str, position: Option<Position>) -> Option<&Drawing> {
        let own = || {
            self.drawings
                .iter()
                .find(|d| d.stroke == stroke && d.position.is_none())
        };
        match position {
            Some(p) => self
                .drawings
                .iter()
                .find(|d| d.stroke == stroke && d.position == Some(p))
                .or_else(own),
            None => own(),
        }
    }

    /// The size (width, height) in CSS pixels a drawing of `stroke` is drawn at, before the
    /// page scales it: 320 wide, as tall as its view's shape asks.
    pub fn size(&self, stroke: &str, position: Option<Position>) -> Option<(u32, u32)> {
        let d = self.of(stroke, position)?;
        let view = d
            .view
            .or_else(|| self.figure(&d.figure).map(|f| f.view_box))?;
        // 320 × a ratio of two small positive numbers: within u32.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let height = (320.0 * view[3] / view[2]).round() as u32;
        Some((320, height))
    }

    /// Every drawing, in file order.
    pub fn all(&self) -> &[Drawing] {
        &self.drawings
    }

    /// A figure by id.
    pub fn figure(&self, id: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.id == id)
    }
}

fn problem(file: &str, item: Option<String>, message: impl Into<String>) -> Problem {
    Problem {
        lang: None,
        file: file.to_owned(),
        item,
        message: message.into(),
    }
}

/// Loads and checks the drawings among `files` against the catalog's strokes and routines.
pub(crate) fn load(files: &[CatalogFile<'_>], located: &Located) -> (Drawings, Vec<Problem>) {
    let mut problems = Vec::new();
    let Some(data_file) = files.iter().find(|f| f.name.ends_with(DRAWINGS_FILE)) else {
        // A catalog without drawings (a test's partial catalog) has nothing to check unless
        // it has strokes.
        if let Some((file, _)) = located.strokes.first() {
            problems.push(problem(
                file,
                None,
                format!("the strokes have no drawings: {DRAWINGS_FILE} is missing"),
            ));
        }
        return (Drawings::default(), problems);
    };
    let file = data_file.name;
    let data: DrawingsFile = match toml::from_str(data_file.text) {
        Ok(d) => d,
        Err(e) => {
            problems.push(problem(file, None, super::toml_message(&e, data_file.text)));
            return (Drawings::default(), problems);
        }
    };

    // The figures: each declared one has its SVG file, and each SVG is safe to inline.
    let mut figures = Vec::new();
    for (id, fig) in data.figure {
        let item = Some(format!("figure `{id}`"));
        let want = format!("{FIGURES_DIR}{id}.svg");
        // A catalog read from a folder of TOML files draws on the embedded figures.
        let svg = files
            .iter()
            .chain(super::EMBEDDED)
            .find(|f| f.name.ends_with(&want));
        let Some(svg) = svg else {
            problems.push(problem(file, item, format!("has no SVG file ({want})")));
            continue;
        };
        match parse_figure(svg.text) {
            Ok((view_box, body)) => {
                for (area, boxes) in &fig.areas {
                    if boxes.is_empty() || boxes.iter().any(|b| !inside_box(b, &view_box)) {
                        problems.push(problem(
                            file,
                            item.clone(),
                            format!(
                                "the boxes of `{}` must lie within the figure's viewBox",
                                area.id()
                            ),
                        ));
                    }
                }
                figures.push(Figure {
                    id,
                    position: fig.position,
                    view_box,
                    areas: fig.areas,
                    body,
                });
            }
            Err(message) => problems.push(problem(svg.name, None, message)),
        }
    }

    let strokes: BTreeMap<&str, &Stroke> = located
        .strokes
        .iter()
        .map(|(_, s)| (s.id.as_str(), s))
        .collect();
    let mut seen = HashSet::new();
    for d in &data.drawing {
        let item = Some(match d.position {
            Some(p) => format!("drawing `{}` ({})", d.stroke, position_id(p)),
            None => format!("drawing `{}`", d.stroke),
        });
        let say = |m: String| problem(file, item.clone(), m);
        if !seen.insert((d.stroke.clone(), d.position)) {
            problems.push(say("is drawn twice".into()));
        }
        let Some(stroke) = strokes.get(d.stroke.as_str()) else {
            problems.push(say("draws a stroke the catalog does not have".into()));
            continue;
        };
        let Some(figure) = figures.iter().find(|f| f.id == d.figure) else {
            problems.push(say(format!("names an unknown figure `{}`", d.figure)));
            continue;
        };
        problems.extend(check_drawing(d, stroke, figure).into_iter().map(say));
    }
    for (f, s) in &located.strokes {
        if !seen.contains(&(s.id.to_string(), None)) {
            problems.push(problem(
                f,
                Some(format!("stroke `{}`", s.id)),
                format!("has no drawing in {DRAWINGS_FILE}"),
            ));
        }
    }
    // A step that turns the baby needs a drawing in that position.
    for (f, r) in &located.routines {
        for (i, step) in r.steps.iter().enumerate() {
            let (Some(p), Some(stroke)) = (step.position, strokes.get(step.stroke.as_str())) else {
                continue;
            };
            if p != stroke.position && !seen.contains(&(step.stroke.to_string(), Some(p))) {
                problems.push(problem(
                    f,
                    Some(format!("routine `{}`", r.id)),
                    format!(
                        "step {} puts the baby {} for `{}`, which has no drawing in that position in {DRAWINGS_FILE}",
                        i + 1,
                        position_id(p),
                        step.stroke
                    ),
                ));
            }
        }
    }
    (
        Drawings {
            figures,
            drawings: data.drawing,
        },
        problems,
    )
}

fn position_id(p: Position) -> &'static str {
    match p {
        Position::OnBack => "on_back",
        Position::OnTummy => "on_tummy",
        Position::InLap => "in_lap",
    }
}

/// Every problem of one drawing on its figure.
fn check_drawing(d: &Drawing, stroke: &Stroke, figure: &Figure) -> Vec<String> {
    let mut out = Vec::new();
    let position = d.position.unwrap_or(stroke.position);
    if d.position == Some(stroke.position) {
        out.push("`position` is the stroke's own; leave it out".into());
    }
    if figure.position != position {
        out.push(format!(
            "figure `{}` shows the baby {}, but the stroke is done {}",
            figure.id,
            position_id(figure.position),
            position_id(position)
        ));
    }
    if d.hand.is_empty() || d.hand.len() > 2 {
        out.push(format!("has {} hands; one or two", d.hand.len()));
    }
    if d.on.is_empty() {
        out.push("`on` names no body part".into());
    }
    for a in &d.on {
        if !stroke.areas.contains(a) {
            out.push(format!(
                "`on` names `{}`, which is not one of the stroke's areas",
                a.id()
            ));
        } else if !figure.areas.contains_key(a) {
            out.push(format!("figure `{}` does not mark `{}`", figure.id, a.id()));
        }
    }
    let view = d.view.unwrap_or(figure.view_box);
    if d.view.is_some() && !inside_box(&view, &figure.view_box) {
        out.push("`view` leaves the figure's viewBox".into());
    }
    if d.passes == 0 {
        out.push("`passes` must be at least 1".into());
    } else {
        let pass = f64::from(stroke.seconds) / f64::from(d.passes);
        if !(MIN_PASS_SECONDS..=MAX_PASS_SECONDS).contains(&pass) {
            out.push(format!(
                "one pass takes {pass:.1} s ({} s over {} passes); a slow pace is {MIN_PASS_SECONDS}–{MAX_PASS_SECONDS} s",
                stroke.seconds, d.passes
            ));
        }
    }
    let boxes: Vec<[f64; 4]> =
        d.on.iter()
            .filter_map(|a| figure.areas.get(a))
            .flatten()
            .copied()
            .collect();
    let on_body = |p: [f64; 2]| boxes.iter().any(|b| near_box(p, b));
    let names = || d.on.iter().map(|a| a.id()).collect::<Vec<_>>().join(", ");
    let mut moving = 0;
    for (i, h) in d.hand.iter().enumerate() {
        let n = i + 1;
        if !(0.0..1.0).contains(&h.phase) {
            out.push(format!("hand {n}: `phase` must be from 0 up to 1"));
        }
        match (&h.path, h.at) {
            (Some(path), None) => {
                moving += 1;
                match path_points(path) {
                    Err(e) => out.push(format!("hand {n}: the path does not parse: {e}")),
                    Ok(points) => {
                        if let Some(p) = points.iter().find(|p| !in_box(**p, &view)) {
                            out.push(format!(
                                "hand {n}: the path leaves the {} at ({:.0}, {:.0})",
                                if d.view.is_some() {
                                    "view"
                                } else {
                                    "figure's viewBox"
                                },
                                p[0],
                                p[1]
                            ));
                        } else if let Some(p) = points.iter().find(|p| !on_body(**p)) {
                            out.push(format!(
                                "hand {n}: the path leaves {} at ({:.0}, {:.0})",
                                names(),
                                p[0],
                                p[1]
                            ));
                        }
                    }
                }
            }
            (None, Some(at)) => {
                if !in_box(at, &view) {
                    out.push(format!("hand {n}: `at` lies outside the view"));
                } else if !on_body(at) {
                    out.push(format!("hand {n}: `at` is not on {}", names()));
                }
            }
            _ => out.push(format!("hand {n}: give either `path` or `at`")),
        }
    }
    match (d.motion, moving) {
        (Motion::Still, m) if m > 0 => out.push("resting hands (`still`) have no path".into()),
        (Motion::Repeat | Motion::Alternate, 0) => {
            out.push("a moving stroke needs a hand with a `path`".into());
        }
        _ => {}
    }
    out
}

fn in_box(p: [f64; 2], b: &[f64; 4]) -> bool {
    p[0] >= b[0] && p[0] <= b[0] + b[2] && p[1] >= b[1] && p[1] <= b[1] + b[3]
}

fn near_box(p: [f64; 2], b: &[f64; 4]) -> bool {
    in_box(
        p,
        &[
            b[0] - SLACK,
            b[1] - SLACK,
            b[2] + 2.0 * SLACK,
            b[3] + 2.0 * SLACK,
        ],
    )
}

fn inside_box(inner: &[f64; 4], outer: &[f64; 4]) -> bool {
    inner[2] > 0.0
        && inner[3] > 0.0
        && in_box([inner[0], inner[1]], outer)
        && in_box([inner[0] + inner[2], inner[1] + inner[3]], outer)
}

/// A figure file: its viewBox and the elements inside its root. It must be plain drawing:
/// no script, no event handlers, no `style` attributes, no links to elsewhere.
fn parse_figure(text: &str) -> Result<([f64; 4], String), String> {
    let lower = text.to_ascii_lowercase();
    for bad in [
        "<script",
        "style=",
        "<style",
        "href=",
        "<foreignobject",
        "<!entity",
    ] {
        if lower.contains(bad) {
            return Err(format!("a figure may not contain `{bad}`"));
        }
    }
    if lower
        .split(|c: char| c.is_whitespace())
        .any(|w| w.starts_with("on") && w.contains('='))
    {
        return Err("a figure may not have event handlers (`on…=`)".into());
    }
    let start = text.find("<svg").ok_or("no <svg> root")?;
    let open_end = start
        + text[start..]
            .find('>')
            .ok_or("the <svg> tag does not close")?;
    let close = text.rfind("</svg>").ok_or("no </svg>")?;
    let tag = &text[start..open_end];
    let vb = tag
        .split("viewBox=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .ok_or("the <svg> root has no viewBox")?;
    let nums: Vec<f64> = vb
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| format!("the viewBox `{vb}` is not four numbers"))?;
    let [x, y, w, h] = nums[..] else {
        return Err(format!("the viewBox `{vb}` is not four numbers"));
    };
    if w <= 0.0 || h <= 0.0 {
        return Err(format!("the viewBox `{vb}` has no area"));
    }
    Ok(([x, y, w, h], text[open_end + 1..close].trim().to_owned()))
}

/// Points along SVG path data, enough to tell whether it stays within a box: every end
/// point, and points along each curve and arc. Supports M L H V C S Q T A Z, absolute and
/// relative.
pub fn path_points(d: &str) -> Result<Vec<[f64; 2]>, String> {
    let tokens = tokenize(d)?;
    let mut out = Vec::new();
    let mut i = 0;
    let mut cur = [0.0, 0.0];
    let mut start = cur;
    let mut last_ctrl: Option<[f64; 2]> = None;
    let mut cmd: Option<char> = None;
    let mut first = true;
    while i < tokens.len() {
        let c = match tokens[i] {
            Token::Cmd(c) => {
                i += 1;
                c
            }
            Token::Num(_) => match cmd {
                // Numbers after a moveto are linetos.
                Some('M') => 'L',
                Some('m') => 'l',
                Some(c) if c != 'Z' && c != 'z' => c,
                _ => return Err("numbers before a command".into()),
            },
        };
        if first && c != 'M' && c != 'm' {
            return Err("path data must begin with M".into());
        }
        first = false;
        cmd = Some(c);
        let rel = c.is_ascii_lowercase();
        let argc = match c.to_ascii_uppercase() {
            'M' | 'L' | 'T' => 2,
            'H' | 'V' => 1,
            'C' => 6,
            'S' | 'Q' => 4,
            'A' => 7,
            'Z' => 0,
            other => return Err(format!("unknown command `{other}`")),
        };
        let mut a = [0.0f64; 7];
        for (k, slot) in a.iter_mut().enumerate().take(argc) {
            match tokens.get(i + k) {
                Some(Token::Num(n)) => *slot = *n,
                _ => return Err(format!("`{c}` needs {argc} numbers")),
            }
        }
        i += argc;
        let base = if rel { cur } else { [0.0, 0.0] };
        let pt = |x: f64, y: f64| [base[0] + x, base[1] + y];
        let mut ctrl = None;
        match c.to_ascii_uppercase() {
            'M' => {
                cur = pt(a[0], a[1]);
                start = cur;
                out.push(cur);
            }
            'L' => {
                cur = pt(a[0], a[1]);
                out.push(cur);
            }
            'H' => {
                cur = [if rel { cur[0] + a[0] } else { a[0] }, cur[1]];
                out.push(cur);
            }
            'V' => {
                cur = [cur[0], if rel { cur[1] + a[0] } else { a[0] }];
                out.push(cur);
            }
            'C' | 'S' => {
                let (c1, c2, end) = if c.eq_ignore_ascii_case(&'C') {
                    (pt(a[0], a[1]), pt(a[2], a[3]), pt(a[4], a[5]))
                } else {
                    let c1 = last_ctrl.map_or(cur, |l| [2.0 * cur[0] - l[0], 2.0 * cur[1] - l[1]]);
                    (c1, pt(a[0], a[1]), pt(a[2], a[3]))
                };
                for k in 1..=16 {
                    let t = f64::from(k) / 16.0;
                    let u = 1.0 - t;
                    let p = |j: usize| {
                        u * u * u * cur[j]
                            + 3.0 * u * u * t * c1[j]
                            + 3.0 * u * t * t * c2[j]
                            + t * t * t * end[j]
                    };
                    out.push([p(0), p(1)]);
                }
                ctrl = Some(c2);
                cur = end;
            }
            'Q' | 'T' => {
                let (c1, end) = if c.eq_ignore_ascii_case(&'Q') {
                    (pt(a[0], a[1]), pt(a[2], a[3]))
                } else {
                    let c1 = last_ctrl.map_or(cur, |l| [2.0 * cur[0] - l[0], 2.0 * cur[1] - l[1]]);
                    (c1, pt(a[0], a[1]))
                };
                for k in 1..=16 {
                    let t = f64::from(k) / 16.0;
                    let u = 1.0 - t;
                    let p = |j: usize| u * u * cur[j] + 2.0 * u * t * c1[j] + t * t * end[j];
                    out.push([p(0), p(1)]);
                }
                ctrl = Some(c1);
                cur = end;
            }
            'A' => {
                let end = pt(a[5], a[6]);
                out.extend(arc_points(
                    cur,
                    a[0],
                    a[1],
                    a[2],
                    a[3] != 0.0,
                    a[4] != 0.0,
                    end,
                ));
                cur = end;
            }
            _ => {
                cur = start;
                out.push(cur);
            }
        }
        last_ctrl = ctrl;
    }
    if out.is_empty() {
        return Err("empty path".into());
    }
    if out.iter().flatten().any(|v| !v.is_finite()) {
        return Err("a number is not finite".into());
    }
    Ok(out)
}

#[derive(Debug, Clone, Copy)]
enum Token {
    Cmd(char),
    Num(f64),
}

fn tokenize(d: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let b = d.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i] as char;
        if c.is_ascii_whitespace() || c == ',' {
            i += 1;
        } else if c.is_ascii_alphabetic() && c != 'e' && c != 'E' {
            out.push(Token::Cmd(c));
            i += 1;
        } else if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' {
            let s = i;
            i += 1;
            let mut dot = c == '.';
            while i < b.len() {
                let ch = b[i] as char;
                if ch.is_ascii_digit() {
                    i += 1;
                } else if ch == '.' && !dot {
                    dot = true;
                    i += 1;
                } else if (ch == 'e' || ch == 'E') && i + 1 < b.len() {
                    i += 1;
                    if b[i] == b'-' || b[i] == b'+' {
                        i += 1;
                    }
                } else {
                    break;
                }
            }
            let n: f64 = d[s..i]
                .parse()
                .map_err(|_| format!("`{}` is not a number", &d[s..i]))?;
            out.push(Token::Num(n));
        } else {
            return Err(format!("unexpected `{c}`"));
        }
    }
    Ok(out)
}

/// Points along an elliptical arc (SVG's endpoint parameterisation, implementation notes
/// F.6.5), radii scaled up when too small.
fn arc_points(
    p0: [f64; 2],
    rx: f64,
    ry: f64,
    angle: f64,
    large: bool,
    sweep: bool,
    p1: [f64; 2],
) -> Vec<[f64; 2]> {
    let (mut rx, mut ry) = (rx.abs(), ry.abs());
    if rx == 0.0 || ry == 0.0 || p0 == p1 {
        return vec![p1];
    }
    let phi = angle.to_radians();
    let (s, c) = phi.sin_cos();
    let dx = (p0[0] - p1[0]) / 2.0;
    let dy = (p0[1] - p1[1]) / 2.0;
    let x1 = c * dx + s * dy;
    let y1 = -s * dx + c * dy;
    let lambda = x1 * x1 / (rx * rx) + y1 * y1 / (ry * ry);
    if lambda > 1.0 {
        rx *= lambda.sqrt();
        ry *= lambda.sqrt();
    }
    let num = rx * rx * ry * ry - rx * rx * y1 * y1 - ry * ry * x1 * x1;
    let den = rx * rx * y1 * y1 + ry * ry * x1 * x1;
    let mut k = (num / den).max(0.0).sqrt();
    if large == sweep {
        k = -k;
    }
    let cx1 = k * rx * y1 / ry;
    let cy1 = -k * ry * x1 / rx;
    let cx = c * cx1 - s * cy1 + (p0[0] + p1[0]) / 2.0;
    let cy = s * cx1 + c * cy1 + (p0[1] + p1[1]) / 2.0;
    let ang = |ux: f64, uy: f64| uy.atan2(ux);
    let t1 = ang((x1 - cx1) / rx, (y1 - cy1) / ry);
    let mut dt = ang((-x1 - cx1) / rx, (-y1 - cy1) / ry) - t1;
    let tau = std::f64::consts::TAU;
    if sweep && dt < 0.0 {
        dt += tau;
    } else if !sweep && dt > 0.0 {
        dt -= tau;
    }
    (1..=24)
        .map(|i| {
            let t = t1 + dt * f64::from(i) / 24.0;
            let (x, y) = (rx * t.cos(), ry * t.sin());
            [c * x - s * y + cx, s * x + c * y + cy]
        })
        .collect()
}

/// The colours a drawing is drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Light, dark when the reader's system asks.
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// Every theme.
    pub const ALL: &'static [Theme] = &[Theme::Auto, Theme::Light, Theme::Dark];

    /// The theme's id in a drawing's address.
    pub fn id(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The theme with this id.
    pub fn from_id(id: &str) -> Option<Theme> {
        Theme::ALL.iter().copied().find(|t| t.id() == id)
    }
}

/// How a drawing looks: its colours, and whether the hand moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    /// The colours.
    pub theme: Theme,
    /// A still drawing (for readers who ask for reduced motion): the hands where each pass
    /// starts, and the arrows.
    pub still: bool,
}

const LIGHT: &str =
    "--skin:#f7e6d8;--ink:#5a4038;--soft:#b89585;--path:#1d4e89;--hand:#1d4e89;--glow:#7aa7e0";
const DARK: &str =
    "--skin:#3b3346;--ink:#f0ddd0;--soft:#a8909c;--path:#9cc3ff;--hand:#9cc3ff;--glow:#5577aa";

/// The `<style>` of a drawing with `look`: classes only, so the SVG carries no `style`
/// attribute. A server that sends the drawing as a document lets exactly this text run
/// (its hash in the response's Content-Security-Policy).
pub fn style(look: Look) -> String {
    let colours = match look.theme {
        Theme::Auto => format!("svg{{{LIGHT}}}@media (prefers-color-scheme:dark){{svg{{{DARK}}}}}"),
        Theme::Light => format!("svg{{{LIGHT}}}"),
        Theme::Dark => format!("svg{{{DARK}}}"),
    };
    format!(
        "{colours}\
.body{{fill:var(--skin);stroke:var(--ink);stroke-width:1.6;stroke-linejoin:round;stroke-linecap:round}}\
.line{{fill:none;stroke:var(--ink);stroke-width:1.4;stroke-linecap:round;stroke-linejoin:round}}\
.limb-out,.leg-out{{fill:none;stroke:var(--ink);stroke-linecap:round;stroke-linejoin:round}}\
.limb,.leg{{fill:none;stroke:var(--skin);stroke-linecap:round;stroke-linejoin:round}}\
.limb-out{{stroke-width:17}}.limb{{stroke-width:14}}.leg-out{{stroke-width:23}}.leg{{stroke-width:20}}\
.soft{{fill:none;stroke:var(--soft);stroke-width:1.2;stroke-linecap:round}}\
.trail{{fill:none;stroke:var(--path);stroke-opacity:.5;stroke-linecap:round;stroke-linejoin:round}}\
.arrow{{fill:var(--path)}}\
.hand{{fill:var(--hand);fill-opacity:.85;stroke:var(--skin);stroke-width:1.2}}\
.glow{{fill:var(--glow);fill-opacity:.35}}\
.rest{{display:none}}\
@media (prefers-reduced-motion:reduce){{.moving{{display:none}}.rest{{display:inline}}}}"
    )
}

/// Escapes text for XML content and attributes.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A number for an attribute: at most two decimals, no trailing zeros.
fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_owned() }
}

/// The parent's hand, drawn around (0, 0): a soft mitten with a thumb.
const HAND: &str =
    "M-6 9C-8 3-8-5-5-10C-3-13 3-13 5-10C8-5 8 3 6 9C2 11-2 11-6 9ZM-6 2C-10 0-12-3-11-6";

/// The stroke `stroke` drawn as a complete SVG document, with the baby in `position` (a
/// step's own position, when it differs from the stroke's), in the catalog's language and
/// `look`. `lang` is the document's language tag. `None` when the stroke has no drawing
/// (never for a checked catalog).
pub fn svg(
    stroke: &Stroke,
    drawings: &Drawings,
    position: Option<Position>,
    lang: &str,
    look: Look,
) -> Option<String> {
    let d = drawings.of(stroke.id.as_str(), position)?;
    let figure = drawings.figure(&d.figure)?;
    let view = d.view.unwrap_or(figure.view_box);
    let pass = f64::from(stroke.seconds) / f64::from(d.passes.max(1));
    let mut s = String::with_capacity(4096);
    let vb = view.iter().map(|v| num(*v)).collect::<Vec<_>>().join(" ");
    // A drawing is 320 px wide by default; the page sizes it with CSS.
    let height = 320.0 * view[3] / view[2];
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{vb}\" width=\"320\" height=\"{}\" role=\"img\" aria-labelledby=\"title desc\" lang=\"{}\">",
        num(height),
        xml(lang)
    );
    let _ = write!(
        s,
        "<title id=\"title\">{}</title><desc id=\"desc\">{}</desc><style>{}</style>",
        xml(&stroke.name),
        xml(&stroke.how),
        style(look)
    );
    // The arrowhead, and the hand.
    // Hands, lines and arrows keep their size on the page whatever part of the figure is shown.
    let unit = view[2] / 200.0;
    let _ = write!(
        s,
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"6\" refY=\"5\" markerWidth=\"3\" markerHeight=\"3\" orient=\"auto-start-reverse\"><path class=\"arrow\" d=\"M0 0L10 5L0 10Z\"/></marker><g id=\"hand\" transform=\"scale({})\"><circle class=\"glow\" r=\"12\"/><path class=\"hand\" d=\"{HAND}\"/></g></defs>",
        num(0.85 * unit)
    );
    let _ = write!(s, "<g class=\"figure\">{}</g>", figure.body);
    let ends = if d.motion == Motion::Alternate {
        " marker-start=\"url(#arrow)\" marker-end=\"url(#arrow)\""
    } else {
        " marker-end=\"url(#arrow)\""
    };
    for h in &d.hand {
        if let Some(path) = &h.path {
            let _ = write!(
                s,
                "<path class=\"trail\" d=\"{}\"{ends} stroke-width=\"{}\" stroke-dasharray=\"{} {}\"/>",
                xml(path),
                num(2.4 * unit),
                num(5.0 * unit),
                num(4.0 * unit)
            );
        }
    }
    // Still hands: where each hand starts, or rests.
    let rest_class = if look.still { "" } else { " class=\"rest\"" };
    let _ = write!(s, "<g{rest_class}>");
    for h in &d.hand {
        let at = h.at.or_else(|| {
            h.path
                .as_deref()
                .and_then(|p| path_points(p).ok()?.first().copied())
        });
        if let Some([x, y]) = at {
            let _ = write!(s, "<use href=\"#hand\" x=\"{}\" y=\"{}\"/>", num(x), num(y));
        }
    }
    s.push_str("</g>");
    if !look.still {
        s.push_str("<g class=\"moving\">");
        for h in &d.hand {
            let begin = format!("-{}s", num(h.phase * pass));
            let dur = format!("{}s", num(pass));
            match (&h.path, h.at) {
                (Some(path), _) => {
                    let (points, times) = match d.motion {
                        Motion::Alternate => ("0;1;0", "0;0.5;1"),
                        _ => ("0;1;1", "0;0.85;1"),
                    };
                    let _ = write!(
                        s,
                        "<g><use href=\"#hand\"/><animateMotion dur=\"{dur}\" begin=\"{begin}\" repeatCount=\"indefinite\" path=\"{}\" keyPoints=\"{points}\" keyTimes=\"{times}\" calcMode=\"linear\"/>",
                        xml(path)
                    );
                    if d.motion == Motion::Repeat {
                        // The hand lifts at the end of a pass and comes down at the start.
                        let _ = write!(
                            s,
                            "<animate attributeName=\"opacity\" values=\"0;1;1;0;0\" keyTimes=\"0;0.08;0.8;0.88;1\" dur=\"{dur}\" begin=\"{begin}\" repeatCount=\"indefinite\"/>"
                        );
                    }
                    s.push_str("</g>");
                }
                (None, Some([x, y])) => {
                    // A resting hand: the glow under it breathes with the pass.
                    let _ = write!(
                        s,
                        "<g transform=\"translate({} {})\"><use href=\"#hand\"/><animate attributeName=\"opacity\" values=\"1;0.6;1\" dur=\"{dur}\" begin=\"{begin}\" repeatCount=\"indefinite\"/></g>",
                        num(x),
                        num(y)
                    );
                }
                (None, None) => {}
            }
        }
        s.push_str("</g>");
    }
    s.push_str("</svg>");
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_points_follow_lines_curves_and_arcs() {
        let p = path_points("M10 10 L20 10 h5 v5 z").expect("parses");
        assert_eq!(
            p,
            vec![
                [10.0, 10.0],
                [20.0, 10.0],
                [25.0, 10.0],
                [25.0, 15.0],
                [10.0, 10.0]
            ]
        );
        let p = path_points("m10,10 l5-5").expect("parses");
        assert_eq!(p.last(), Some(&[15.0, 5.0]));
        // A half circle of radius 10 from (0,0) to (20,0) bulges to y = -10 or 10.
        let p = path_points("M0 0 A10 10 0 0 1 20 0").expect("parses");
        let min_y = p.iter().map(|q| q[1]).fold(f64::MAX, f64::min);
        assert!((min_y + 10.0).abs() < 0.5, "{min_y}");
        let p = path_points("M0 0 C0 20 20 20 20 0").expect("parses");
        let max_y = p.iter().map(|q| q[1]).fold(f64::MIN, f64::max);
        assert!((max_y - 15.0).abs() < 0.5, "{max_y}");
    }

    #[test]
    fn bad_path_data_is_named() {
        assert!(path_points("L10 10").is_err_and(|e| e.contains("begin with M")));
        assert!(path_points("M10 10 X 4").is_err_and(|e| e.contains("unknown command")));
        assert!(path_points("M10 10 C1 2 3").is_err_and(|e| e.contains("needs 6 numbers")));
        assert!(path_points("M10 10 L1 2 ;").is_err_and(|e| e.contains("unexpected")));
        assert!(path_points("").is_err());
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(2.0), "2");
        assert_eq!(num(2.456), "2.46");
        assert_eq!(num(-0.001), "0");
    }
}
