//! Every stroke is drawn: the embedded drawings load and draw, and a broken drawing fails
//! the catalog check naming the file, the item and what is wrong.

use soothe_core::catalog::drawing::{self, Look, Theme};
use soothe_core::catalog::{Catalog, CatalogError, CatalogFile, Catalogs, EMBEDDED};
use soothe_core::lang::Lang;

fn embedded() -> Catalog {
    Catalog::embedded().unwrap_or_else(|e| panic!("{e}"))
}

/// The embedded catalog with `file`'s text changed by `edit`, loaded.
fn with(file: &str, edit: impl Fn(&str) -> String) -> CatalogError {
    let mut texts: Vec<(String, String)> = EMBEDDED
        .iter()
        .map(|f| (f.name.to_owned(), f.text.to_owned()))
        .collect();
    let target = texts
        .iter_mut()
        .find(|(name, _)| name == file)
        .unwrap_or_else(|| panic!("no embedded file {file}"));
    let edited = edit(&target.1);
    assert_ne!(edited, target.1, "the edit changed nothing in {file}");
    target.1 = edited;
    let files: Vec<CatalogFile<'_>> = texts
        .iter()
        .map(|(name, text)| CatalogFile { name, text })
        .collect();
    match Catalog::load(&files) {
        Ok(_) => panic!("a broken catalog loaded"),
        Err(e) => e,
    }
}

fn drawings_with(edit: impl Fn(&str) -> String) -> CatalogError {
    with("content/drawings.toml", edit)
}

/// Asserts one problem names `file`, `item` and says `says`.
fn assert_problem(e: &CatalogError, file: &str, item: Option<&str>, says: &str) {
    let found = e
        .problems
        .iter()
        .any(|p| p.file == file && p.item.as_deref() == item && p.message.contains(says));
    assert!(found, "expected {file}: {item:?}: …{says}…, got:\n{e}");
}

/// The `[[drawing]]` block of `stroke` (up to the next drawing).
fn block<'a>(text: &'a str, stroke: &str) -> &'a str {
    let start = text
        .find(&format!("[[drawing]]\nstroke = \"{stroke}\""))
        .unwrap_or_else(|| panic!("no drawing of {stroke}"));
    let rest = &text[start + 1..];
    let end = rest
        .find("\n[[drawing]]")
        .map_or(text.len(), |i| start + 1 + i);
    &text[start..end]
}

fn replace_in_block(text: &str, stroke: &str, from: &str, to: &str) -> String {
    let b = block(text, stroke);
    assert!(b.contains(from), "{stroke}'s drawing has no `{from}`:\n{b}");
    text.replacen(b, &b.replacen(from, to, 1), 1)
}

#[test]
fn every_stroke_has_exactly_one_drawing_and_every_drawing_draws() {
    let c = embedded();
    assert_eq!(c.strokes().len(), 38);
    for s in c.strokes() {
        let d = c
            .drawings()
            .of(s.id.as_str(), None)
            .unwrap_or_else(|| panic!("{} has no drawing", s.id));
        assert_eq!(d.stroke, s.id.as_str());
        for theme in Theme::ALL {
            for still in [false, true] {
                let look = Look {
                    theme: *theme,
                    still,
                };
                let svg = drawing::svg(s, c.drawings(), None, "en", look)
                    .unwrap_or_else(|| panic!("{} does not draw", s.id));
                assert!(
                    svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
                    "{svg}"
                );
                assert!(svg.ends_with("</svg>"));
                assert!(svg.contains(&format!("<title id=\"title\">{}</title>", s.name)));
                assert!(svg.contains("<desc id=\"desc\">"));
                // Moving hands have a path with a direction arrow; resting hands have none.
                assert_eq!(
                    svg.contains("marker-end=\"url(#arrow)\""),
                    d.motion != drawing::Motion::Still,
                    "{}: arrows",
                    s.id
                );
                // No script and no style attribute: the strict CSP holds.
                assert!(
                    !svg.contains("<script") && !svg.contains(" style="),
                    "{}",
                    s.id
                );
                assert_eq!(
                    svg.contains("<animateMotion"),
                    !still && d.motion != drawing::Motion::Still,
                    "{}",
                    s.id
                );
            }
        }
    }
}

#[test]
fn a_hand_moves_at_the_strokes_own_pace() {
    let c = embedded();
    let s = c
        .strokes()
        .iter()
        .find(|s| s.id.as_str() == "water_wheel")
        .expect("water wheel");
    let d = c.drawings().of("water_wheel", None).expect("drawn");
    let pass = f64::from(s.seconds) / f64::from(d.passes);
    let svg = drawing::svg(
        s,
        c.drawings(),
        None,
        "en",
        Look {
            theme: Theme::Auto,
            still: false,
        },
    )
    .expect("drawn");
    assert!(svg.contains(&format!("dur=\"{pass}s\"")), "{pass}: {svg}");
    // The second paddle starts half a pass later.
    assert!(
        svg.contains(&format!("begin=\"-{}s\"", pass / 2.0)),
        "{svg}"
    );
}

#[test]
fn the_title_and_description_are_in_the_readers_language() {
    let all = Catalogs::embedded().unwrap_or_else(|e| panic!("{e}"));
    let es = all.get(Lang::Es);
    let s = es
        .strokes()
        .iter()
        .find(|s| s.id.as_str() == "open_book")
        .expect("open book");
    let svg = drawing::svg(
        s,
        es.drawings(),
        None,
        "es",
        Look {
            theme: Theme::Dark,
            still: true,
        },
    )
    .expect("drawn");
    assert!(
        svg.contains(&format!("<title id=\"title\">{}</title>", s.name)),
        "{svg}"
    );
    assert!(svg.contains("lang=\"es\""));
    assert_ne!(s.name, "Open book");
}

#[test]
fn a_step_that_turns_the_baby_is_drawn_in_its_position() {
    let c = embedded();
    let d = c
        .drawings()
        .of(
            "resting_hands",
            Some(soothe_core::catalog::Position::OnTummy),
        )
        .expect("drawn");
    assert_eq!(d.figure, "on_tummy");
    // A position without a drawing of its own falls back to the stroke's.
    let d = c
        .drawings()
        .of("water_wheel", Some(soothe_core::catalog::Position::OnTummy))
        .expect("drawn");
    assert_eq!(d.figure, "on_back");
}

#[test]
fn a_stroke_without_a_drawing_is_refused() {
    let e = drawings_with(|t| {
        let b = block(t, "toe_roll");
        t.replacen(b, "", 1)
    });
    assert_problem(
        &e,
        "content/strokes.toml",
        Some("stroke `toe_roll`"),
        "has no drawing in drawings.toml",
    );
}

#[test]
fn a_drawing_of_an_unknown_stroke_or_figure_is_refused() {
    let e = drawings_with(|t| t.replacen("stroke = \"toe_roll\"", "stroke = \"toe_twirl\"", 1));
    assert_problem(
        &e,
        "content/drawings.toml",
        Some("drawing `toe_twirl`"),
        "a stroke the catalog does not have",
    );
    let e = drawings_with(|t| {
        replace_in_block(
            t,
            "open_book",
            "figure = \"on_back\"",
            "figure = \"on_side\"",
        )
    });
    assert_problem(
        &e,
        "content/drawings.toml",
        Some("drawing `open_book`"),
        "unknown figure `on_side`",
    );
    let e = drawings_with(|t| {
        replace_in_block(
            t,
            "open_book",
            "figure = \"on_back\"",
            "figure = \"on_tummy\"",
        )
    });
    assert_problem(
        &e,
        "content/drawings.toml",
        Some("drawing `open_book`"),
        "figure `on_tummy` shows the baby on_tummy",
    );
    let e = drawings_with(|t| format!("{t}\n{}", block(t, "open_book")));
    assert_problem(
        &e,
        "content/drawings.toml",
        Some("drawing `open_book`"),
        "drawn twice",
    );
}

#[test]
fn a_path_that_does_not_parse_or_leaves_the_figure_or_its_body_part_is_refused() {
    let e =
        drawings_with(|t| replace_in_block(t, "open_book", "path = \"M98 110", "path = \"X98 110"));
    assert_problem(
        &e,
        "content/drawings.toml",
        Some("drawing `open_book`"),
        "hand 1: the path does not parse",
    );
    let e = drawings_with(|t| replace_in_block(t, "open_book", "Q86 106 76 118", "Q86 106 76 418"));
    assert_problem(
        &e,
        "content/drawings.toml",
        Some("drawing `open_book`"),
        "hand 1: the path leaves the figure's viewBox",
    );
    // Still inside the figure, but off the chest (on the face).
    let e = drawings_with(|t| replace_in_block(t, "open_book", "Q86 106 76 118", "Q86 106 76 60"));
    assert_problem(
        &e,
        "content/drawings.toml",
        Some("drawing `open_book`"),
        "hand 1: the path leaves chest",
    );
    // A zoomed view: the path must stay inside it.
    let e = drawings_with(|t| replace_in_block(t, "smile_above", "M99 67", "M99 120"));
    assert_problem(
        &e,
        "content/drawings.toml",
        Some("drawing `smile_above`"),
        "hand 1: the path leaves the view",
    );
    let e =
        drawings_with(|t| replace_in_block(t, "open_book", "on = [\"chest\"]", "on = [\"feet\"]"));
    assert_problem(
        &e,
        "content/drawings.toml",
        Some("drawing `open_book`"),
        "not one of the stroke's areas",
    );
}

#[test]
fn a_pace_too_quick_or_too_slow_is_refused() {
    // Open book: 30 s. 30 passes are one a second: a tickle, not a stroke.
    let e = drawings_with(|t| replace_in_block(t, "open_book", "passes = 8", "passes = 30"));
    assert_problem(
        &e,
        "content/drawings.toml",
        Some("drawing `open_book`"),
        "one pass takes 1.0 s",
    );
    let e = drawings_with(|t| replace_in_block(t, "open_book", "passes = 8", "passes = 1"));
    assert_problem(
        &e,
        "content/drawings.toml",
        Some("drawing `open_book`"),
        "one pass takes 30.0 s",
    );
}

#[test]
fn hands_are_one_or_two_each_moving_or_resting() {
    let e = drawings_with(|t| {
        replace_in_block(
            t,
            "swooping",
            "at = [100, 192]",
            "at = [100, 192]\npath = \"M100 94 L100 184\"",
        )
    });
    assert_problem(
        &e,
        "content/drawings.toml",
        Some("drawing `swooping`"),
        "hand 1: give either `path` or `at`",
    );
    let e = drawings_with(|t| {
        replace_in_block(t, "resting_hands", "at = [100, 162]", "at = [100, 40]")
    });
    assert_problem(
        &e,
        "content/drawings.toml",
        Some("drawing `resting_hands`"),
        "hand 1: `at` is not on abdomen",
    );
    let e = drawings_with(|t| {
        let b = block(t, "open_book");
        let extra = "\n[[drawing.hand]]\npath = \"M98 110 L90 110\"";
        t.replacen(b, &format!("{b}{extra}"), 1)
    });
    assert_problem(
        &e,
        "content/drawings.toml",
        Some("drawing `open_book`"),
        "has 3 hands",
    );
}

#[test]
fn a_step_turning_the_baby_needs_a_drawing_in_that_position() {
    let e = drawings_with(|t| {
        let start = t
            .find("[[drawing]]\nstroke = \"resting_hands\"\nposition")
            .expect("tummy drawing");
        let end = start + 1 + t[start + 1..].find("\n[[drawing]]").expect("next");
        t.replacen(&t[start..end], "", 1)
    });
    assert!(
        e.problems.iter().any(|p| p
            .item
            .as_deref()
            .is_some_and(|i| i.starts_with("routine `"))
            && p.message.contains(
                "puts the baby on_tummy for `resting_hands`, which has no drawing in that position"
            )),
        "{e}"
    );
}

#[test]
fn a_figure_must_be_plain_drawing() {
    let e = with("content/drawings/figures/on_back.svg", |t| {
        t.replacen(
            "<circle class=\"body\" cx=\"100\"",
            "<script>alert(1)</script><circle class=\"body\" cx=\"100\"",
            1,
        )
    });
    assert_problem(
        &e,
        "content/drawings/figures/on_back.svg",
        None,
        "may not contain `<script`",
    );
    let e = with("content/drawings/figures/on_back.svg", |t| {
        t.replacen("viewBox=\"0 0 200 320\"", "", 1)
    });
    assert_problem(
        &e,
        "content/drawings/figures/on_back.svg",
        None,
        "no viewBox",
    );
    let e = with("content/drawings/figures/on_back.svg", |t| {
        t.replacen("class=\"soft\"", "class=\"soft\" onclick=\"x()\"", 1)
    });
    assert_problem(
        &e,
        "content/drawings/figures/on_back.svg",
        None,
        "event handlers",
    );
}
