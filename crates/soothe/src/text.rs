//! Plain-text layout for an 80-column terminal.

/// The width human output is laid out for.
pub const WIDTH: usize = 80;

/// Wraps `text` to `WIDTH`, starting the first line with `first` and the others with `rest`.
pub fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = String::from(first);
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(rest);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

use soothe_words::Words;

/// "1 min 30 s", "45 s", "12 min".
pub fn duration(w: Words, seconds: u32) -> String {
    match (seconds / 60, seconds % 60) {
        (0, s) => w.t1("span-s", "s", s),
        (m, 0) => w.t1("span-min", "min", m),
        (m, s) => format!("{} {}", w.t1("span-min", "min", m), w.t1("span-s", "s", s)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_every_line_within_80_columns_and_indents_continuations() {
        let text = "word ".repeat(60);
        let out = wrap(&text, "  • ", "    ");
        assert!(out.lines().count() > 3);
        for (i, line) in out.lines().enumerate() {
            assert!(line.chars().count() <= WIDTH, "{line:?}");
            assert!(
                line.starts_with(if i == 0 { "  • " } else { "    " }),
                "{line:?}"
            );
        }
    }

    #[test]
    fn durations_read_naturally() {
        let w = Words::default();
        assert_eq!(duration(w, 45), "45 s");
        assert_eq!(duration(w, 720), "12 min");
        assert_eq!(duration(w, 90), "1 min 30 s");
        let qps = Words::for_lang(soothe_core::lang::Lang::Pseudo);
        assert_eq!(duration(qps, 90), "⟦1 min⟧ ⟦30 s⟧");
    }
}
