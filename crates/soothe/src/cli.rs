//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use soothe_words::Words;

/// soothe: a calm companion for infant massage.
///
/// Browse the massage routines, oils and the evidence behind each claimed benefit, and ask
/// whether now is a good moment for a massage.
#[derive(Debug, Parser)]
#[command(name = "soothe", version, about, long_about = None)]
pub struct Cli {
    /// The language of the output: `en` or `es` (default: the locale in `LC_ALL`,
    /// `LC_MESSAGES` or `LANG`, else English). JSON keeps its shape in every language.
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the massage routines.
    Routines {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Show one routine step by step, with seconds and the words to say.
    Routine {
        /// The routine id, e.g. `full-body` (see `soothe routines`).
        id: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Your baby's signs: what each looks like and what to do, grouped by what it means.
    Cues {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The oil guide: which oils suit which babies, and why.
    Oils {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// What the evidence says about each claimed benefit, with its grade.
    Evidence {
        /// One claim id (e.g. `sleep_term`); all claims when left out.
        claim: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Work with the catalog.
    Catalog {
        /// What to do with it.
        #[command(subcommand)]
        command: CatalogCommand,
    },
    /// Simulate sessions and write the engine's conformance vectors.
    Session {
        /// What to do.
        #[command(subcommand)]
        command: SessionCommand,
    },
    /// Guide a massage in the terminal: the current step large, a countdown, what comes
    /// next, one key per cue.
    Guide {
        /// The routine id, e.g. `full-body`.
        routine: String,
        /// A check input (as for `soothe check`) describing the baby now; without it soothe
        /// assumes a calm, healthy term baby of 16 weeks and asks you to check that first.
        #[arg(long, value_name = "FILE")]
        check: Option<PathBuf>,
        /// Speak each step through `espeak-ng` (when it is installed).
        #[arg(long)]
        speak: bool,
        /// Write the session record as JSON to this file at the end.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// A trained doctor or nurse runs the session (needed for the routines only they may do).
        #[arg(long)]
        clinician: bool,
    },
    /// Is now a good moment for a massage? Reads the check input as JSON.
    Check {
        /// The input file, or `-` for standard input.
        #[arg(long, short, value_name = "FILE")]
        input: PathBuf,
        /// Print the machine-readable result.
        #[arg(long)]
        json: bool,
    },
    /// Run the server: the web app and the JSON API on `SOOTHE_BIND` (default 127.0.0.1:8080),
    /// until Ctrl-C or SIGTERM.
    Serve,
    /// Run the reminders alone (the rhythms' reminders and the patch tests' checks) on the
    /// configured database, until Ctrl-C or SIGTERM: for setups that run `soothe serve` with
    /// `reminders = false`.
    Worker,
    /// Apply pending database migrations (PostgreSQL; SQLite migrates when it opens).
    Migrate,
    /// Print the effective settings (defaults, then `soothe.toml`, then `SOOTHE_*`), secrets
    /// redacted.
    Config,
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Write a consistent copy of the SQLite database while soothe runs.
    Backup {
        /// The file to write (must not exist).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Write the whole household as soothe's export document (babies, every event, members
    /// without secrets, settings, rhythms, experiments), as CSV files in a zip, or one baby's
    /// journal as FHIR R4 for the doctor.
    Export {
        /// The email of one of the household's owners.
        #[arg(long)]
        email: String,
        /// The household id, for an owner of several (default: their first).
        #[arg(long)]
        household: Option<i64>,
        /// Write CSV files in a zip instead of the JSON document.
        #[arg(long, conflicts_with = "fhir")]
        csv: bool,
        /// Write this baby's journal as a FHIR R4 Bundle instead.
        #[arg(long, value_name = "ID")]
        fhir: Option<String>,
        /// The file to write (must not exist), or `-` for standard output.
        #[arg(long, value_name = "FILE", default_value = "-")]
        out: PathBuf,
    },
    /// Import data into soothe.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Put a SQLite backup back in place of the database (soothe stopped). The backup is
    /// checked first; the current database is kept beside it.
    Restore {
        /// The backup to restore (made by `soothe backup`).
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
    },
    /// Demo data.
    Demo {
        #[command(subcommand)]
        command: DemoCommand,
    },
}

/// User commands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account that owns a new household. The password is asked for, or read from
    /// standard input when it is not a terminal.
    Create {
        /// Email (the sign-in name).
        #[arg(long)]
        email: String,
        /// The household's name.
        #[arg(long)]
        household: String,
        /// The household's IANA time zone: "today" is counted in it.
        #[arg(long, value_name = "ZONE")]
        time_zone: String,
        /// The name shown to the household (default: the email's local part).
        #[arg(long)]
        name: Option<String>,
    },
    /// Print a one-time link that lets the account with this email choose a new password. It
    /// works once, for 24 hours; its address is `public_url`, else the listen address.
    ResetPassword {
        /// The account's email.
        #[arg(long)]
        email: String,
    },
}

/// Token commands.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for a user and print it (shown once).
    Create {
        /// The user's email.
        #[arg(long)]
        email: String,
        /// A name to recognise the token by.
        #[arg(long, default_value = "cli")]
        name: String,
        /// The household id, for a user in several (default: their first).
        #[arg(long)]
        household: Option<i64>,
    },
}

/// Import commands.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import a soothe export document: into a new household made from it (its members come
    /// along; an account missing here is made without a password), or with `--email` into
    /// that owner's household, which must hold no other babies. All or nothing; running it
    /// again stores nothing new.
    Household {
        /// The export document.
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
        /// Import into this owner's household instead of a new one.
        #[arg(long)]
        email: Option<String>,
        /// With `--email`: the household id, for an owner of several.
        #[arg(long, requires = "email")]
        household: Option<i64>,
    },
    /// Import a Baby Buddy's children and entries into a household, from its API (`--url`
    /// and `--token-file`) or from its admin JSON export (`--export`). Only GETs are sent to
    /// Baby Buddy. Nothing is stored unless everything can be; a second import stores only
    /// what is new. See docs/IMPORT.md.
    #[command(group(clap::ArgGroup::new("source").required(true).args(["url", "export"])))]
    Babybuddy {
        /// Baby Buddy's address, e.g. `http://babybuddy.local:8000`.
        #[arg(long, value_name = "URL", requires = "token_file")]
        url: Option<String>,
        /// A file holding the API key (Baby Buddy's user settings page shows it).
        #[arg(long, value_name = "FILE")]
        token_file: Option<PathBuf>,
        /// A folder with Baby Buddy's JSON export files (`feeding.json`, `child.json`, …).
        #[arg(long, value_name = "DIR", conflicts_with = "token_file")]
        export: Option<PathBuf>,
        /// The time zone of the Baby Buddy user who made the export (its times carry none;
        /// default: the household's).
        #[arg(long, value_name = "ZONE", requires = "export")]
        export_zone: Option<String>,
        /// The address of the Baby Buddy the export came from, so that its entries and those
        /// read from its API are the same ones.
        #[arg(long, value_name = "URL", requires = "export")]
        instance: Option<String>,
        /// The email of an owner or caregiver of the household to import into.
        #[arg(long)]
        email: String,
        /// The household id, for a user in several (default: their first).
        #[arg(long)]
        household: Option<i64>,
        /// The units of Baby Buddy's numbers, `metric` or `us` (default: the household's).
        #[arg(long, value_name = "UNITS")]
        units: Option<String>,
        /// Only show what would be imported.
        #[arg(long)]
        dry_run: bool,
    },
}

/// Demo commands.
#[derive(Debug, Subcommand)]
pub enum DemoCommand {
    /// Fill a demo household with a realistic journal (about 8 feeds, 4 sleeps, 1 massage and
    /// 6 nappies a day per baby, weights weekly), ending now. It writes into the database
    /// soothe is set to use: for a trial, give it a folder of its own, e.g.
    /// `SOOTHE_DATA_DIR=./demo-data`.
    Seed {
        /// How many babies.
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=10))]
        babies: u32,
        /// How many days of journal.
        #[arg(long, default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..=1830))]
        days: u32,
        /// The demo owner's email (made with a random password if missing).
        #[arg(long, default_value = "demo@soothe.invalid")]
        email: String,
        /// How many households: the owner's first, then new ones the owner also owns, each
        /// with its babies, journal and an API token (for benchmarks of many households).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=20000))]
        households: u32,
        /// How many households are seeded at once.
        #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=16))]
        jobs: u32,
        /// A file to write each household's token and babies to, one line each (token, then
        /// the babies' ids, separated by tabs); made 0600, never overwritten.
        #[arg(long)]
        targets: Option<PathBuf>,
    },
}

/// Session commands.
#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// Plan a routine from a check input, replay timed events through the session engine,
    /// and print the record.
    Simulate {
        /// The routine id (overrides the check input's `routine`).
        #[arg(long)]
        routine: String,
        /// The check input (as for `soothe check`), or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        check: PathBuf,
        /// The events: `[{"t": 0, "event": "start"}, {"t": 75, "event": "cue", "cue": "looks_away"}]`.
        #[arg(long, value_name = "FILE")]
        events: PathBuf,
        /// A trained doctor or nurse runs the session (needed for the routines only they may do).
        #[arg(long)]
        clinician: bool,
        /// Print the record as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write the conformance vectors (one JSON file per scenario) that every session player
    /// must reproduce.
    Vectors {
        /// The directory to write to (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

/// Catalog commands.
#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Validate the catalog: the embedded one, or the TOML files under a directory.
    Check {
        /// A directory of catalog TOML files (e.g. `content/`) to validate instead of the
        /// embedded catalog.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// The command line in the reader's words: the derive's [`Cli`] with every command's about,
/// every argument's help and value name, the headings and the usage label taken from
/// `cli-about-*`, `cli-arg-*`, `cli-value-*` and `cli-help-*` messages
/// (`content/locales/<lang>/cli.ftl`). The built-in `--help`, `--version` and `help` are
/// worded too. clap's own fixed words stay its own: `[OPTIONS]` in a usage line, the
/// `[default: …]` note and the parse errors.
///
/// A command's key is its path under `soothe` joined with `-` (`cli-about-session-simulate`);
/// an argument's adds its id (`cli-arg-session-simulate-check`); a global argument and the
/// built-in ones are keyed by id alone (`cli-arg-lang`, `cli-arg-help`).
pub fn command(w: Words) -> clap::Command {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    // Built first, so the built-in `--help`, `--version` and `help` exist to be worded.
    cmd.build();
    localize(cmd, &[], w)
}

/// The message key of a command's about (`path` empty: `soothe` itself).
pub fn about_key(path: &[&str]) -> String {
    if path.is_empty() {
        "cli-about".to_owned()
    } else {
        format!("cli-about-{}", path.join("-"))
    }
}

/// The message key of an argument's help.
pub fn arg_key(path: &[&str], arg: &clap::Arg) -> String {
    let id = arg.get_id().as_str().replace('_', "-");
    if arg.is_global_set() || path.is_empty() || matches!(id.as_str(), "help" | "version") {
        format!("cli-arg-{id}")
    } else {
        format!("cli-arg-{}-{id}", path.join("-"))
    }
}

/// The message key of a value name (`FILE` → `cli-value-file`).
pub fn value_key(name: &str) -> String {
    format!("cli-value-{}", name.to_ascii_lowercase().replace('_', "-"))
}

/// The path that names a command's messages: `help`'s copies of the commands (`soothe help
/// check`, `soothe session help simulate`) read as the commands themselves, and every `help`
/// as `help`.
fn key_path<'a>(path: &[&'a str]) -> Vec<&'a str> {
    match path {
        [.., "help"] => vec!["help"],
        _ => path.iter().copied().filter(|p| *p != "help").collect(),
    }
}

fn localize(cmd: clap::Command, path: &[&str], w: Words) -> clap::Command {
    let keys = key_path(path);
    let has_long_about = cmd.get_long_about().is_some();
    let mut cmd = cmd.about(w.t(&about_key(&keys)));
    if has_long_about {
        cmd = cmd.long_about(w.t(&format!("{}-long", about_key(&keys))));
    }
    let arguments = w.t("cli-help-arguments");
    let options = w.t("cli-help-options");
    let cmd = cmd
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
            w.t("cli-help-usage")
        ))
        .subcommand_help_heading(w.t("cli-help-commands"))
        .subcommand_value_name(w.t(&value_key("command")))
        .mut_args(|a| {
            let heading = if a.is_positional() {
                arguments.clone()
            } else {
                options.clone()
            };
            // A flag has a value name clap never shows.
            let names: Option<Vec<String>> = a
                .get_value_names()
                .filter(|_| a.get_action().takes_values())
                .map(|v| v.iter().map(|n| w.t(&value_key(n))).collect());
            let help = w.t(&arg_key(&keys, &a));
            let a = a.help(help).help_heading(heading);
            match names {
                Some(n) => a.value_names(n),
                None => a,
            }
        });
    cmd.mut_subcommands(|sub| {
        let sub_name = sub.get_name().to_owned();
        let mut p = path.to_vec();
        p.push(&sub_name);
        localize(sub, &p, w)
    })
}

#[cfg(test)]
mod tests {
    use soothe_core::lang::Lang;

    use super::*;

    /// Every key the help asks for, from the built command.
    fn keys(cmd: &clap::Command, path: &[&str], out: &mut Vec<String>) {
        let k = key_path(path);
        out.push(about_key(&k));
        if cmd.get_long_about().is_some() {
            out.push(format!("{}-long", about_key(&k)));
        }
        for a in cmd.get_arguments() {
            out.push(arg_key(&k, a));
            if a.get_action().takes_values() {
                for n in a.get_value_names().unwrap_or_default() {
                    out.push(value_key(n));
                }
            }
        }
        for sub in cmd.get_subcommands() {
            let mut p = path.to_vec();
            p.push(sub.get_name());
            keys(sub, &p, out);
        }
    }

    #[test]
    fn every_help_message_exists_in_english_and_spanish() {
        let mut cmd = <Cli as clap::CommandFactory>::command();
        cmd.build();
        let mut all = vec![
            "cli-help-usage".to_owned(),
            "cli-help-commands".to_owned(),
            "cli-help-arguments".to_owned(),
            "cli-help-options".to_owned(),
            value_key("COMMAND"),
        ];
        keys(&cmd, &[], &mut all);
        assert!(all.len() > 60, "only {} keys", all.len());
        for lang in [Lang::En, Lang::Es] {
            let w = Words::for_lang(lang);
            let missing: Vec<&String> = all.iter().filter(|k| !w.has(k)).collect();
            assert!(missing.is_empty(), "{lang}: {missing:?}");
        }
    }
}
