//! Server-made SVG charts: a growth chart's percentile bands, lines and the baby's points,
//! and a day chart's bars (one a day, massage days marked), written by hand (no chart library reaches the browser). Colours come from the
//! stylesheet's classes (`.chart …` in app.css), so light and dark follow the theme and no
//! inline style is needed (CSP). Every text is given by the caller, already in the reader's
//! words; numbers are written compactly (at most one decimal).

use std::fmt::Write;

use soothe_core::growth::Bands;

/// The chart's size in SVG units (it scales to its box).
const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 240.0;
/// Room for the axes' labels (left, bottom) and the lines' names (right).
const LEFT: f64 = 38.0;
const RIGHT: f64 = 30.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 26.0;

/// Picks one line's value from a day's bands.
type Pick = fn(&Bands) -> f64;

/// One of the baby's points.
pub(crate) struct Point {
    /// The day of age it is drawn at (corrected when that applies).
    pub day: f64,
    /// The value.
    pub value: f64,
    /// Worth mentioning at the next check-up (drawn differently, and said in the table).
    pub flagged: bool,
}

/// What a growth chart shows.
pub(crate) struct GrowthChart<'a> {
    /// The `id` prefix of its title and description (unique on the page).
    pub id: &'a str,
    /// The `<title>`.
    pub title: &'a str,
    /// The `<desc>`.
    pub desc: &'a str,
    /// The bands, day by day, oldest first.
    pub bands: &'a [Bands],
    /// The baby's points.
    pub points: &'a [Point],
    /// The age ticks: (day, label).
    pub x_ticks: &'a [(f64, String)],
    /// The lines' names at their right end: P3, P15, P50, P85, P97.
    pub line_names: [&'a str; 5],
    /// How a value tick reads (the number in the reader's convention).
    pub y_label: &'a dyn Fn(f64) -> String,
    /// The values' unit, written at the top of the value axis (`kg`, `cm`).
    pub unit: &'a str,
}

/// A number written compactly: at most one decimal, no trailing `.0`.
pub(crate) fn n(v: f64) -> String {
    let s = format!("{v:.1}");
    match s.strip_suffix(".0") {
        Some("-0") => "0".to_owned(),
        Some(whole) => whole.to_owned(),
        None => s,
    }
}

/// Escapes text for XML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A step of 1, 2 or 5 × 10ⁿ giving about `count` ticks over `span`.
pub(crate) fn nice_step(span: f64, count: f64) -> f64 {
    if !(span.is_finite() && span > 0.0) {
        return 1.0;
    }
    let raw = span / count;
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let m = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    m * mag
}

impl GrowthChart<'_> {
    /// The SVG markup (to be inserted as is: every text in it is escaped here).
    pub(crate) fn svg(&self) -> String {
        let (Some(first), Some(last)) = (self.bands.first(), self.bands.last()) else {
            return String::new();
        };
        let (x0, x1) = (first.day as f64, last.day as f64);
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for b in self.bands {
            lo = lo.min(b.p3);
            hi = hi.max(b.p97);
        }
        for p in self.points {
            lo = lo.min(p.value);
            hi = hi.max(p.value);
        }
        let step = nice_step(hi - lo, 5.0);
        let (y0, y1) = ((lo / step).floor() * step, (hi / step).ceil() * step);
        let plot_w = WIDTH - LEFT - RIGHT;
        let plot_h = HEIGHT - TOP - BOTTOM;
        let x = |d: f64| LEFT + (d - x0) / (x1 - x0).max(1.0) * plot_w;
        let y = |v: f64| TOP + (y1 - v) / (y1 - y0).max(f64::EPSILON) * plot_h;
        let mut s = String::new();
        let _ = write!(
            s,
            r#"<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{id}-t {id}-d" focusable="false"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
            n(WIDTH),
            n(HEIGHT),
            esc(self.title),
            esc(self.desc),
            id = self.id
        );
        // Value grid and ticks.
        s.push_str(r#"<g class="grid">"#);
        let mut v = y0;
        while v <= y1 + step / 2.0 {
            let _ = write!(
                s,
                r#"<line x1="{}" x2="{}" y1="{yy}" y2="{yy}"/>"#,
                n(LEFT),
                n(WIDTH - RIGHT),
                yy = n(y(v))
            );
            v += step;
        }
        for (d, _) in self.x_ticks {
            let _ = write!(
                s,
                r#"<line x1="{xx}" x2="{xx}" y1="{}" y2="{}"/>"#,
                n(TOP),
                n(HEIGHT - BOTTOM),
                xx = n(x(*d))
            );
        }
        s.push_str("</g>");
        // Bands: P3–P97 and P15–P85, then the five lines.
        let line = |f: Pick| -> Vec<String> {
            self.bands
                .iter()
                .map(|b| format!("{},{}", n(x(b.day as f64)), n(y(f(b)))))
                .collect()
        };
        let band = |low: Pick, high: Pick| -> String {
            let mut pts = line(high);
            let mut back = line(low);
            back.reverse();
            pts.extend(back);
            pts.join(" ")
        };
        let _ = write!(
            s,
            r#"<polygon class="band-outer" points="{}"/><polygon class="band-inner" points="{}"/>"#,
            band(|b| b.p3, |b| b.p97),
            band(|b| b.p15, |b| b.p85)
        );
        let lines: [(Pick, &str); 5] = [
            (|b| b.p3, "pl"),
            (|b| b.p15, "pl"),
            (|b| b.p50, "pl median"),
            (|b| b.p85, "pl"),
            (|b| b.p97, "pl"),
        ];
        for (i, (f, class)) in lines.iter().enumerate() {
            let _ = write!(
                s,
                r#"<polyline class="{class}" points="{}"/><text class="ln" x="{}" y="{}">{}</text>"#,
                line(*f).join(" "),
                n(WIDTH - RIGHT + 2.0),
                n(y(f(last)) + 3.0),
                esc(self.line_names[i])
            );
        }
        // Axes and their labels.
        let _ = write!(
            s,
            r#"<path class="axis" d="M{l} {t}V{b}H{r}"/>"#,
            l = n(LEFT),
            t = n(TOP),
            b = n(HEIGHT - BOTTOM),
            r = n(WIDTH - RIGHT)
        );
        let mut v = y0;
        while v <= y1 + step / 2.0 {
            let _ = write!(
                s,
                r#"<text class="yt" x="{}" y="{}">{}</text>"#,
                n(LEFT - 4.0),
                n(y(v) + 3.0),
                esc(&(self.y_label)(v))
            );
            v += step;
        }
        let _ = write!(
            s,
            r#"<text class="unit" x="{}" y="{}">{}</text>"#,
            n(LEFT + 4.0),
            n(TOP + 8.0),
            esc(self.unit)
        );
        for (d, label) in self.x_ticks {
            let _ = write!(
                s,
                r#"<text class="xt" x="{}" y="{}">{}</text>"#,
                n(x(*d)),
                n(HEIGHT - BOTTOM + 14.0),
                esc(label)
            );
        }
        // The baby's points, joined.
        if self.points.len() > 1 {
            let pts: Vec<String> = self
                .points
                .iter()
                .map(|p| format!("{},{}", n(x(p.day)), n(y(p.value))))
                .collect();
            let _ = write!(s, r#"<polyline class="baby" points="{}"/>"#, pts.join(" "));
        }
        for p in self.points {
            let _ = write!(
                s,
                r#"<circle class="{}" cx="{}" cy="{}" r="4"/>"#,
                if p.flagged { "pt flagged" } else { "pt" },
                n(x(p.day)),
                n(y(p.value))
            );
        }
        s.push_str("</svg>");
        s
    }
}

/// One day of a day chart.
pub(crate) struct Bar {
    /// The value in the chart's unit; `None` when nothing was logged that day (no bar).
    pub value: Option<f64>,
    /// A massage day (drawn in the accent colour, with a mark under the axis).
    pub massage: bool,
}

/// What a day chart shows: one bar a day over a period, massage days marked (issue 16's
/// night sleep, crying and feeds per day).
pub(crate) struct DayChart<'a> {
    /// The `id` prefix of its title and description (unique on the page).
    pub id: &'a str,
    /// The `<title>`.
    pub title: &'a str,
    /// The `<desc>`.
    pub desc: &'a str,
    /// The days, oldest first.
    pub bars: &'a [Bar],
    /// The date ticks: (index of the day, label).
    pub x_ticks: &'a [(usize, String)],
    /// How a value tick reads (`2 h`, `30 min`, `8`).
    pub y_label: &'a dyn Fn(f64) -> String,
    /// The step between value ticks is a whole number of these (1 for counts, 60 for
    /// minutes shown in hours).
    pub min_step: f64,
}

impl DayChart<'_> {
    /// The SVG markup (to be inserted as is: every text in it is escaped here).
    pub(crate) fn svg(&self) -> String {
        let count = self.bars.len();
        if count == 0 {
            return String::new();
        }
        let hi = self
            .bars
            .iter()
            .filter_map(|b| b.value)
            .fold(0.0f64, f64::max);
        // A whole number of `min_step`s (an hour's 60 minutes, one feed).
        let step = nice_step(hi / self.min_step, 4.0).ceil().max(1.0) * self.min_step;
        let y1 = ((hi / step).ceil() * step).max(step);
        let (left, right, top, bottom) = (LEFT + 6.0, 8.0, TOP, BOTTOM + 6.0);
        let plot_w = WIDTH - left - right;
        let plot_h = HEIGHT - top - bottom;
        #[allow(clippy::cast_precision_loss)] // At most 731 days.
        let slot = plot_w / count as f64;
        let bar_w = (slot * 0.7).max(1.0);
        #[allow(clippy::cast_precision_loss)]
        let x = |i: usize| left + slot * i as f64 + (slot - bar_w) / 2.0;
        let y = |v: f64| top + (y1 - v) / y1 * plot_h;
        let base = HEIGHT - bottom;
        let mut s = String::new();
        let _ = write!(
            s,
            r#"<svg class="chart days" viewBox="0 0 {} {}" role="img" aria-labelledby="{id}-t {id}-d" focusable="false"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
            n(WIDTH),
            n(HEIGHT),
            esc(self.title),
            esc(self.desc),
            id = self.id
        );
        s.push_str(r#"<g class="grid">"#);
        let mut v = 0.0;
        while v <= y1 + step / 2.0 {
            let _ = write!(
                s,
                r#"<line x1="{}" x2="{}" y1="{yy}" y2="{yy}"/>"#,
                n(left),
                n(WIDTH - right),
                yy = n(y(v))
            );
            v += step;
        }
        s.push_str("</g>");
        for (i, b) in self.bars.iter().enumerate() {
            let class = if b.massage { "bar m" } else { "bar" };
            if let Some(value) = b.value {
                let h = (base - y(value)).max(if value > 0.0 { 1.0 } else { 0.0 });
                let _ = write!(
                    s,
                    r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}"/>"#,
                    n(x(i)),
                    n(base - h),
                    n(bar_w),
                    n(h)
                );
            }
            if b.massage {
                let _ = write!(
                    s,
                    r#"<circle class="mark" cx="{}" cy="{}" r="{}"/>"#,
                    n(x(i) + bar_w / 2.0),
                    n(base + 4.0),
                    n((bar_w / 2.0).clamp(1.0, 2.5))
                );
            }
        }
        let _ = write!(
            s,
            r#"<path class="axis" d="M{l} {t}V{b}H{r}"/>"#,
            l = n(left),
            t = n(top),
            b = n(base),
            r = n(WIDTH - right)
        );
        let mut v = 0.0;
        while v <= y1 + step / 2.0 {
            let _ = write!(
                s,
                r#"<text class="yt" x="{}" y="{}">{}</text>"#,
                n(left - 4.0),
                n(y(v) + 3.0),
                esc(&(self.y_label)(v))
            );
            v += step;
        }
        for (i, label) in self.x_ticks {
            let _ = write!(
                s,
                r#"<text class="xt" x="{}" y="{}">{}</text>"#,
                n(x(*i) + bar_w / 2.0),
                n(base + 18.0),
                esc(label)
            );
        }
        s.push_str("</svg>");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_compact() {
        assert_eq!(n(3.0), "3");
        assert_eq!(n(3.04), "3");
        assert_eq!(n(3.25), "3.2");
        assert_eq!(n(-0.01), "0");
        assert_eq!(n(120.96), "121");
    }

    #[test]
    fn steps_are_one_two_or_five() {
        assert!((nice_step(4.0, 5.0) - 1.0).abs() < 1e-9);
        assert!((nice_step(9.0, 5.0) - 2.0).abs() < 1e-9);
        assert!((nice_step(20.0, 5.0) - 5.0).abs() < 1e-9);
        assert!((nice_step(0.9, 5.0) - 0.2).abs() < 1e-9);
    }

    #[test]
    fn a_day_chart_draws_a_bar_per_logged_day_and_marks_massage_days() {
        let bars = [
            Bar {
                value: Some(120.0),
                massage: true,
            },
            Bar {
                value: None,
                massage: false,
            },
            Bar {
                value: Some(0.0),
                massage: false,
            },
        ];
        let ticks = [(0, "1 <Nov>".to_owned())];
        let label = |v: f64| format!("{v}");
        let svg = DayChart {
            id: "c",
            title: "Night & day",
            desc: "d",
            bars: &bars,
            x_ticks: &ticks,
            y_label: &label,
            min_step: 60.0,
        }
        .svg();
        assert!(
            svg.contains(r#"<title id="c-t">Night &amp; day</title>"#),
            "{svg}"
        );
        assert_eq!(
            svg.matches("<rect ").count(),
            2,
            "no bar for a day without a log"
        );
        assert_eq!(svg.matches(r#"class="bar m""#).count(), 1);
        assert_eq!(svg.matches(r#"class="mark""#).count(), 1);
        assert!(svg.contains("1 &lt;Nov&gt;"), "{svg}");
        // The value axis goes to a whole step above the highest bar.
        assert!(
            svg.contains(">120</text>") && !svg.contains(">180</text>"),
            "{svg}"
        );
        assert!(!svg.contains("style="));
        let empty = DayChart {
            bars: &[],
            ..DayChart {
                id: "c",
                title: "t",
                desc: "d",
                bars: &bars,
                x_ticks: &ticks,
                y_label: &label,
                min_step: 1.0,
            }
        };
        assert_eq!(empty.svg(), "");
    }
}
