//! `execplan-ls`: the ExecPlan language server (`execplan-ls` or `execplan-ls lsp`) and
//! its command-line checker (`execplan-ls check`).

// stdout belongs to the LSP protocol while serving; only `check` prints to it, through
// explicitly allowed writers.
#![deny(clippy::print_stdout)]

mod check;
mod history;
#[cfg(test)]
mod incremental_tests;
mod logging;
mod new;
mod position;
mod server;
mod settings;
mod status;
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
        /// The lowest severity that makes the exit status 1.
        #[arg(long, value_enum, default_value_t = check::FailOn::Error)]
        fail_on: check::FailOn,
        /// Apply every safe fix in place (reported on stderr), then report what remains.
        #[arg(long)]
        fix: bool,
        /// With `--fix`: apply the unsafe fixes too (those that may change the plan's
        /// structure or meaning, such as a heading promoted out of the section holding it).
        #[arg(long, requires = "fix")]
        unsafe_fixes: bool,
    },
    /// Write a new plan from the template, named from its title; never overwrites.
    New {
        /// The plan's title.
        title: String,
        /// The folder to write it in. Default: `.`.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
    /// Print the required sections in force for PATH (default `.`) and where they came from.
    Schema { path: Option<PathBuf> },
    /// List every markdown file under PATHs (default `.`) and whether, and why, `check`
    /// analyses it as a plan.
    Plans { paths: Vec<PathBuf> },
    /// One row per plan under PATHs (default `.`), as `check` finds them: title, path,
    /// status, done/total, last update, stale commits; the stalest unfinished first.
    Status {
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = status::StatusFormat::Table)]
        format: status::StatusFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
    /// SARIF 2.1.0, for code-scanning uploads.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…`), shown as annotations.
    Github,
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
        Command::Check {
            paths,
            format,
            fail_on,
            fix,
            unsafe_fixes,
        } => check::run(
            &paths,
            &check::Options {
                format,
                fail_on,
                fix,
                unsafe_fixes,
            },
        ),
        Command::New { title, dir } => new::run(&title, &dir),
        Command::Schema { path } => schema(path.unwrap_or_else(|| PathBuf::from("."))),
        Command::Plans { paths } => check::list_plans(&paths),
        Command::Status { paths, format } => status::run(&paths, format),
    }
}

/// `execplan-ls schema [PATH]`.
fn schema(path: PathBuf) -> ExitCode {
    use std::io::Write;
    let absolute = match std::fs::canonicalize(&path) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("execplan-ls: {}: {e}", path.display());
            return ExitCode::from(2);
        }
    };
    let fallback = settings::cli_fallback_root(&absolute);
    let repo = settings::RepoSettings::load_for_cli(&absolute, &fallback, false);
    for line in repo.error_lines() {
        eprintln!("execplan-ls: {line}");
    }
    let root = repo.root.as_ref().map_or_else(
        || absolute.display().to_string(),
        |r| r.display().to_string(),
    );
    let mut out = std::io::stdout().lock();
    // A closed pipe (`schema | head`) is not worth a panic: a write error ends the listing.
    let _ = writeln!(
        out,
        "Required sections for {root}, from {}:",
        repo.standard_origin
    );
    for (i, section) in repo.standard.sections.iter().enumerate() {
        let mut notes = Vec::new();
        if section.living {
            notes.push("living".to_string());
        }
        if !section.aliases.is_empty() {
            notes.push(format!("aliases: {}", section.aliases.join(", ")));
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join("; "))
        };
        if writeln!(out, "{:>3}. {}{notes}", i + 1, section.name).is_err() {
            break;
        }
    }
    ExitCode::from(u8::from(!repo.errors.is_empty()))
}
