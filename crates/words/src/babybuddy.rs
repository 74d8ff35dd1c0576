//! The words of an import from Baby Buddy: the lines soothe writes into imported events'
//! notes, and the import's report (resource names, reasons a record was not mapped).

use std::borrow::Cow;

use soothe_core::babybuddy::{Arg as BbArg, Part, Resource};

use crate::{Arg, Words};

/// A line of an imported event's note in the reader's words (Baby Buddy's own words as
/// they are).
pub fn part(w: Words, p: &Part) -> String {
    match p {
        Part::Verbatim(s) => s.clone(),
        Part::Said(key, args) => {
            let args: Vec<(&'static str, Arg<'_>)> = args
                .iter()
                .map(|(name, a)| {
                    let v = match a {
                        BbArg::Text(s) => Arg::Text(Cow::Borrowed(s.as_str())),
                        BbArg::Int(n) => Arg::Int(*n),
                        BbArg::Key(k) => Arg::Text(Cow::Owned(w.t(k))),
                    };
                    (*name, v)
                })
                .collect();
            w.t_args(key, &args)
        }
    }
}

/// A Baby Buddy resource's name (`bb-resource-<id>`).
pub fn resource(w: Words, r: Resource) -> String {
    w.t(&format!("bb-resource-{}", r.id()))
}

/// Why a record was not mapped (`bb-skipped-<code>`).
pub fn skipped(w: Words, code: &str) -> String {
    w.t(&format!("bb-skipped-{code}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use soothe_core::lang::Lang;

    #[test]
    fn every_resource_and_reason_has_words_in_every_language() {
        for lang in [Lang::En, Lang::Es] {
            let w = Words::for_lang(lang);
            for &r in Resource::ALL {
                assert!(w.has(&format!("bb-resource-{}", r.id())), "{r:?}");
            }
            for code in [
                "bmi",
                "dry-nappy",
                "timer-kind",
                "timer-no-child",
                "timer-forgotten",
            ] {
                assert!(w.has(&format!("bb-skipped-{code}")), "{code}");
            }
        }
        let es = Words::for_lang(Lang::Es);
        let p = Part::Said(
            "bb-feed-type",
            vec![("type", BbArg::Key("bb-type-formula"))],
        );
        assert_eq!(part(es, &p), "Tipo: leche de fórmula");
    }
}
