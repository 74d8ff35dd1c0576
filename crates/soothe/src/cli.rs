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
