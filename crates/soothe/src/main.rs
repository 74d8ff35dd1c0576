//! The `soothe` binary: the command line to soothe's catalog, readiness check and guided
//! sessions, and the service (`soothe serve`) with its administration commands.

mod cli;
mod commands;
mod config;
mod lang;
mod text;

use std::io::Write;
use std::process::ExitCode;

use clap::FromArgMatches;
use soothe_core::catalog::{Catalog, Catalogs};
use soothe_core::lang::Lang;
use soothe_words::Words;

use cli::{
    CatalogCommand, Cli, Command, DemoCommand, ImportCommand, SessionCommand, TokenCommand,
    UserCommand,
};

/// What a command produced: text for stdout, or a failure with its exit status.
pub enum Outcome {
    /// Success: print this.
    Print(String),
    /// The user's input was bad: print the message on stderr, exit 2.
    BadInput(String),
    /// The command ran and found problems (a broken catalog): stderr, exit 1.
    Failed(String),
}

/// Runs a command that reads the embedded catalogs, in the reader's language `w`.
fn run(command: Command, catalogs: &Catalogs, w: Words) -> Outcome {
    let catalog: &Catalog = catalogs.get(w.lang());
    match command {
        Command::Routines { json } => commands::catalog::routines(catalog, w, json),
        Command::Routine { id, json } => commands::catalog::routine(catalog, w, &id, json),
        Command::Cues { json } => commands::catalog::cues(catalog, w, json),
        Command::Oils { json } => commands::catalog::oils(catalog, w, json),
        Command::Evidence { claim, json } => {
            commands::catalog::evidence(catalog, w, claim.as_deref(), json)
        }
        Command::Check { input, json } => commands::check::run(catalog, w, &input, json),
        Command::Session { command } => match command {
            SessionCommand::Simulate {
                routine,
                check,
                events,
                clinician,
                json,
            } => commands::session::simulate(
                catalog,
                w,
                &commands::session::Simulate {
                    routine: &routine,
                    check: &check,
                    events: &events,
                    clinician,
                    json,
                },
            ),
            // The conformance vectors are a contract for every player: always the English
            // catalog's, whatever the language of the messages.
            SessionCommand::Vectors { out } => {
                commands::session::write_vectors(catalogs.english(), w, &out)
            }
        },
        Command::Guide {
            routine,
            check,
            speak,
            out,
            clinician,
        } => commands::guide::guide(
            catalog,
            w,
            &commands::guide::GuideOptions {
                routine: &routine,
                check: check.as_deref(),
                speak,
                out: out.as_deref(),
                clinician,
            },
        ),
        Command::Catalog { command } => match command {
            CatalogCommand::Check { dir } => commands::catalog::check(w, dir.as_deref()),
        },
        Command::Serve => commands::server::serve(w, catalogs.clone()),
        Command::Worker => commands::server::worker(w, catalogs.clone()),
        Command::Migrate => commands::server::migrate(w),
        Command::Config => commands::server::show_config(w),
        Command::User {
            command:
                UserCommand::Create {
                    email,
                    household,
                    time_zone,
                    name,
                },
        } => commands::server::create_user(w, &email, &household, &time_zone, name.as_deref()),
        Command::User {
            command: UserCommand::ResetPassword { email },
        } => commands::server::reset_password(w, &email),
        Command::Token {
            command:
                TokenCommand::Create {
                    email,
                    name,
                    household,
                },
        } => commands::server::create_token(w, &email, &name, household),
        Command::Backup { out } => commands::server::backup(w, &out),
        Command::Export {
            email,
            household,
            csv,
            fhir,
            out,
        } => {
            use commands::portability::ExportKind;
            let kind = match (&fhir, csv) {
                (Some(baby), _) => ExportKind::Fhir(baby),
                (None, true) => ExportKind::Csv,
                (None, false) => ExportKind::Json,
            };
            commands::portability::export(w, &email, household, kind, &out)
        }
        Command::Import {
            command:
                ImportCommand::Household {
                    file,
                    email,
                    household,
                },
        } => commands::portability::import(w, &file, email.as_deref(), household),
        Command::Restore { from } => commands::server::restore(w, &from),
        Command::Demo {
            command:
                DemoCommand::Seed {
                    babies,
                    days,
                    email,
                    households,
                    jobs,
                    targets,
                },
        } => commands::server::demo_seed(
            w,
            commands::server::DemoSeed {
                babies,
                days,
                email: &email,
                households,
                jobs,
                targets: targets.as_deref(),
            },
        ),
        Command::Import {
            command:
                ImportCommand::Babybuddy {
                    url,
                    token_file,
                    export,
                    export_zone,
                    instance,
                    email,
                    household,
                    units,
                    dry_run,
                },
        } => {
            use commands::import::{From, Options};
            let from = match (url, token_file, export) {
                (Some(url), Some(token_file), _) => From::Api { url, token_file },
                (_, _, Some(dir)) => From::Export {
                    dir,
                    zone: export_zone,
                    url: instance,
                },
                // clap requires one of them.
                _ => return Outcome::BadInput(w.t("cli-bb-source")),
            };
            commands::import::babybuddy(
                w,
                Options {
                    from,
                    email,
                    household,
                    dry_run,
                    units,
                },
            )
        }
    }
}

/// Keeps the server's memory small and flat under load (glibc's malloc only).
///
/// By default glibc gives each thread that allocates its own arena (up to 8 per core), and
/// raises the size above which a block gets its own mapping each time such a block is freed:
/// after the first password check frees its 19 MiB, every later one is carved from an arena
/// and its pages stay with the process. Two arenas and a fixed mapping threshold keep big
/// blocks (password hashing, large pages) in their own mappings, returned the moment they are
/// freed, and a fixed trim threshold gives freed memory at the top of the heap back early.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)] // The one unsafe call of soothe: glibc's allocator settings.
fn tune_allocator() {
    // SAFETY: mallopt only sets allocator parameters; it is called first thing in main,
    // before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 1024 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}

fn main() -> ExitCode {
    tune_allocator();
    // The language is known before clap reads the arguments, so `--help` speaks it: the
    // `--lang` given (when it names a language soothe speaks), else the locale's.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let env = |name: &str| std::env::var(name).ok();
    let help_lang = lang::choose(lang::flag_in(&args).as_deref(), env)
        .or_else(|_| lang::choose(None, env))
        .unwrap_or(Lang::En);
    let matches = cli::command(Words::for_lang(help_lang)).get_matches_from(args);
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let outcome = match lang::choose(cli.lang.as_deref(), |name| std::env::var(name).ok()) {
        Err(message) => Outcome::BadInput(message),
        Ok(lang) => {
            let w = Words::for_lang(lang);
            match cli.command {
                // Checking a catalog must not depend on loading the embedded one.
                Command::Catalog {
                    command: CatalogCommand::Check { dir },
                } => commands::catalog::check(w, dir.as_deref()),
                command => match commands::embedded(w) {
                    Ok(catalogs) => run(command, &catalogs, w),
                    Err(failed) => failed,
                },
            }
        }
    };
    match outcome {
        Outcome::Print(text) => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`soothe routines | head`) is not an error worth reporting.
            let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
            ExitCode::SUCCESS
        }
        Outcome::BadInput(message) => {
            let _ = writeln!(std::io::stderr(), "soothe: {message}");
            ExitCode::from(2)
        }
        Outcome::Failed(message) => {
            let _ = writeln!(std::io::stderr(), "soothe: {message}");
            ExitCode::FAILURE
        }
    }
}
