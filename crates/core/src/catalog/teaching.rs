//! The teaching pages' texts (`content/teaching.toml`): "Before your first massage" and
//! "Finding an instructor", each a list of sections with a heading and a few short
//! paragraphs. The catalog check requires every section below, in its page, so a page can
//! rely on them; the Spanish texts are laid over them like every other catalog text.

use super::TeachingPage::{self, FirstMassage, Instructor};

/// The sections every catalog must have, with the page each belongs to, in page order.
pub const SECTIONS: &[(&str, TeachingPage)] = &[
    ("permission", FirstMassage),
    ("reading_cues", FirstMassage),
    ("prepare", FirstMassage),
    ("brief_at_first", FirstMassage),
    ("same_time", FirstMassage),
    ("be_patient", FirstMassage),
    ("family", FirstMassage),
    ("what_instructors_do", Instructor),
    ("who_certifies", Instructor),
    ("what_to_ask", Instructor),
];

/// Paragraphs a section may have.
pub(crate) const PARAGRAPHS: std::ops::RangeInclusive<usize> = 1..=4;

/// Sentences a paragraph may have.
pub(crate) const SENTENCES: std::ops::RangeInclusive<usize> = 1..=4;
