//! The language the command line speaks: `--lang`, else the environment's locale, else
//! English.

use soothe_core::lang::Lang;
use soothe_words::Words;

/// The variable that lets `--lang qps` (the pseudo-locale, for tests) through.
pub const PSEUDO_SWITCH: &str = "SOOTHE_PSEUDO_LOCALE";

/// The language for `--lang` (when given) or the locale variables, as read by `var`.
///
/// `--lang` takes `en` or `es` (and `qps` when `SOOTHE_PSEUDO_LOCALE=1`); anything else is an
/// error naming the choices, in the language the environment asked for. Without it the first
/// of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set and not empty decides: `es_ES.UTF-8`,
/// `es` or `es_MX` is Spanish; `C`, `POSIX` and every language soothe does not speak read as
/// English.
pub fn choose(flag: Option<&str>, var: impl Fn(&str) -> Option<String>) -> Result<Lang, String> {
    let from_env = from_locale(&var);
    let Some(flag) = flag else {
        return Ok(from_env);
    };
    let pseudo = var(PSEUDO_SWITCH).is_some_and(|v| matches!(v.trim(), "1" | "true"));
    match flag.trim().to_ascii_lowercase().as_str() {
        "en" => Ok(Lang::En),
        "es" => Ok(Lang::Es),
        "qps" if pseudo => Ok(Lang::Pseudo),
        _ => Err(Words::for_lang(from_env).t1("cli-lang-unknown", "lang", flag)),
    }
}

/// The value of `--lang` among the command line's arguments (`--lang es` or `--lang=es`,
/// the last one given, none after `--`), read before clap parses them so that its help and
/// errors are in that language already.
pub fn flag_in(args: &[std::ffi::OsString]) -> Option<String> {
    let mut found = None;
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = it.next() {
        if arg == "--" {
            break;
        }
        if arg == "--lang" {
            found = it.next().map(|v| v.into_owned());
        } else if let Some(v) = arg.strip_prefix("--lang=") {
            found = Some(v.to_owned());
        }
    }
    found
}

/// The language of the locale variables (English when none names one soothe speaks).
fn from_locale(var: &impl Fn(&str) -> Option<String>) -> Lang {
    let Some(locale) = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| var(name))
        .find(|v| !v.trim().is_empty())
    else {
        return Lang::En;
    };
    let primary = locale
        .split(['.', '@', '_', '-'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match primary.as_str() {
        "es" => Lang::Es,
        _ => Lang::En,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let owned: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| {
            owned
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn the_flag_is_found_before_clap_parses() {
        let args = |a: &[&str]| a.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            flag_in(&args(&["soothe", "--lang", "es", "check"])),
            Some("es".into())
        );
        assert_eq!(
            flag_in(&args(&["soothe", "check", "--lang=qps"])),
            Some("qps".into())
        );
        assert_eq!(
            flag_in(&args(&["soothe", "--lang", "en", "oils", "--lang", "es"])),
            Some("es".into())
        );
        assert_eq!(
            flag_in(&args(&["soothe", "check", "--", "--lang", "es"])),
            None
        );
        assert_eq!(flag_in(&args(&["soothe", "--lang"])), None);
        assert_eq!(
            flag_in(&args(&["--lang", "es"])),
            None,
            "the program's name"
        );
    }

    #[test]
    fn the_flag_wins_over_the_locale() {
        assert_eq!(
            choose(Some("en"), env(&[("LANG", "es_ES.UTF-8")])),
            Ok(Lang::En)
        );
        assert_eq!(choose(Some("es"), env(&[("LANG", "C")])), Ok(Lang::Es));
        assert_eq!(choose(Some("ES"), env(&[])), Ok(Lang::Es));
    }

    #[test]
    fn the_locale_variables_in_their_order() {
        assert_eq!(choose(None, env(&[("LANG", "es_ES.UTF-8")])), Ok(Lang::Es));
        assert_eq!(choose(None, env(&[("LANG", "es_MX")])), Ok(Lang::Es));
        assert_eq!(choose(None, env(&[("LANG", "es")])), Ok(Lang::Es));
        assert_eq!(
            choose(None, env(&[("LC_ALL", "C"), ("LANG", "es_ES.UTF-8")])),
            Ok(Lang::En)
        );
        assert_eq!(
            choose(
                None,
                env(&[("LC_ALL", ""), ("LC_MESSAGES", "es_ES"), ("LANG", "en_GB")])
            ),
            Ok(Lang::Es)
        );
        for other in ["C", "POSIX", "C.UTF-8", "fr_FR.UTF-8", "en_US.UTF-8", "x"] {
            assert_eq!(
                choose(None, env(&[("LANG", other)])),
                Ok(Lang::En),
                "{other}"
            );
        }
        assert_eq!(choose(None, env(&[])), Ok(Lang::En));
    }

    #[test]
    fn the_pseudo_locale_only_when_switched_on_and_unknown_languages_are_named() {
        assert_eq!(
            choose(Some("qps"), env(&[(PSEUDO_SWITCH, "1")])),
            Ok(Lang::Pseudo)
        );
        let e = choose(Some("qps"), env(&[])).expect_err("not switched on");
        assert!(e.contains("`qps`") && e.contains("en, es"), "{e}");
        let e = choose(Some("fr"), env(&[("LANG", "es_ES.UTF-8")])).expect_err("unknown");
        assert!(e.contains("`fr`") && e.contains("idioma"), "{e}");
    }
}
