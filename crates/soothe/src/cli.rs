//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// soothe: a calm companion for infant massage.
///
/// Browse the massage routines, oils and the evidence behind each claimed benefit, and ask
/// whether now is a good moment for a massage.
#[derive(Debug, Parser)]
#[command(name = "soothe", version, about, long_about = None)]
pub struct Cli {
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
        /// A clinician runs the session (needed for clinician-only protocols).
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
        /// A clinician runs the session (needed for clinician-only protocols).
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
