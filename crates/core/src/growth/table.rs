//! The WHO tables, embedded from `content/growth/*.tsv` (their source is in
//! content/growth/README.md) and read once.

use std::sync::OnceLock;

use super::Indicator;
use super::lms::Lms;
use crate::journal::Sex;

/// The columns every table file has, after its `#` comment lines.
pub const HEADER: &str = "day\tboys_l\tboys_m\tboys_s\tgirls_l\tgirls_m\tgirls_s";

/// The embedded table files: indicator, path under the repository, text.
pub const FILES: [(Indicator, &str, &str); 3] = [
    (
        Indicator::WeightForAge,
        "content/growth/weight-for-age.tsv",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../content/growth/weight-for-age.tsv"
        )),
    ),
    (
        Indicator::LengthForAge,
        "content/growth/length-for-age.tsv",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../content/growth/length-for-age.tsv"
        )),
    ),
    (
        Indicator::HeadForAge,
        "content/growth/head-circumference-for-age.tsv",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../content/growth/head-circumference-for-age.tsv"
        )),
    ),
];

/// One indicator's table: a row per day of age from day 0, boys' and girls' LMS.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    rows: Vec<[Lms; 2]>,
}

impl Table {
    /// Reads a table file: `#` comment lines, [`HEADER`], then one row per day counted from
    /// 0 without gaps, each M and S above zero. The error names the line.
    pub fn parse(text: &str) -> Result<Table, String> {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty());
        match lines.next() {
            Some((_, h)) if h == HEADER => {}
            Some((i, h)) => return Err(format!("line {}: header `{h}`, want `{HEADER}`", i + 1)),
            None => return Err("no header".to_owned()),
        }
        let mut rows = Vec::new();
        for (i, line) in lines {
            let at = |what: String| format!("line {}: {what}", i + 1);
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() != 7 {
                return Err(at(format!("{} fields, want 7", fields.len())));
            }
            if fields[0].parse::<usize>().ok() != Some(rows.len()) {
                return Err(at(format!("day `{}`, want {}", fields[0], rows.len())));
            }
            let mut n = [0.0; 6];
            for (slot, field) in n.iter_mut().zip(&fields[1..]) {
                *slot = field
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| at(format!("`{field}` is not a number")))?;
            }
            let boys = Lms {
                l: n[0],
                m: n[1],
                s: n[2],
            };
            let girls = Lms {
                l: n[3],
                m: n[4],
                s: n[5],
            };
            if [boys, girls].iter().any(|r| r.m <= 0.0 || r.s <= 0.0) {
                return Err(at("M and S must be above zero".to_owned()));
            }
            rows.push([boys, girls]);
        }
        if rows.is_empty() {
            return Err("no rows".to_owned());
        }
        Ok(Table { rows })
    }

    /// The last day of age the table covers.
    pub fn last_day(&self) -> i64 {
        i64::try_from(self.rows.len()).unwrap_or(i64::MAX) - 1
    }

    /// The LMS for `sex` at `day` of age, if the table covers it.
    pub fn at(&self, sex: Sex, day: i64) -> Option<Lms> {
        let row = self.rows.get(usize::try_from(day).ok()?)?;
        Some(match sex {
            Sex::Male => row[0],
            Sex::Female => row[1],
        })
    }
}

/// The embedded table of `indicator`.
pub fn table(indicator: Indicator) -> &'static Table {
    static TABLES: OnceLock<Vec<Table>> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        FILES
            .iter()
            .map(|(_, path, text)| {
                // The embedded files are read by tests/growth.rs (every file parses, with the
                // days it should have): a broken one fails the build's tests, not a page.
                Table::parse(text).unwrap_or_else(|e| panic!("{path}: {e}"))
            })
            .collect()
    });
    let i = FILES
        .iter()
        .position(|(ind, _, _)| *ind == indicator)
        .unwrap_or_default();
    &tables[i]
}
