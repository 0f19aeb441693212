//! `execplan-ls`: the ExecPlan language server (`execplan-ls` or `execplan-ls lsp`) and
//! its command-line checker (`execplan-ls check`).

// stdout belongs to the LSP protocol while serving; only `check` prints to it, through
// explicitly allowed writers.
#![deny(clippy::print_stdout)]

mod check;
#[cfg(test)]
mod incremental_tests;
mod logging;
mod new;
mod position;
mod server;
mod workspace;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "execplan-ls",
    version,
    about = "Language server and checker for ExecPlan markdown documents"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the Language Server Protocol over stdio (the default).
    Lsp,
    /// Check plans and print their diagnostics; exit 1 if any is an error.
    Check {
        /// Files or directories (walked recursively, honouring .gitignore). Default: `.`.
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
    },
    /// Write a new plan from the template, named from its title; never overwrites.
    New {
        /// The plan's title.
        title: String,
        /// The folder to write it in. Default: `.`.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap prints help and version to stdout and usage errors to stderr.
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    logging::init();
    match cli.command.unwrap_or(Command::Lsp) {
        Command::Lsp => server::run(),
        Command::Check { paths, format } => check::run(&paths, format),
        Command::New { title, dir } => new::run(&title, &dir),
    }
}
