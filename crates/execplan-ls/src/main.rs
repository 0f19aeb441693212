//! `execplan-ls`: the ExecPlan language server (`execplan-ls` or `execplan-ls lsp`) and
//! its command-line checker (`execplan-ls check`).

// stdout belongs to the LSP protocol while serving; only `check` prints to it, through
// explicitly allowed writers.
#![deny(clippy::print_stdout)]

mod check;
mod command_line;
mod config_schema;
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

/// `--version`: the crate's version and the commit it was built from (see `build.rs`).
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("EXECPLAN_LS_COMMIT"),
    ")"
);

#[derive(Parser)]
#[command(
    name = "execplan-ls",
    version = VERSION,
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
        /// Check a named file only when it is a plan (detected, or matched by `plans`) and
        /// not excluded, as files found in a folder are: for hooks that pass every staged
        /// markdown file (the pre-commit hook does).
        #[arg(long)]
        only_plans: bool,
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
    Schema {
        path: Option<PathBuf>,
        /// Print the JSON Schema of `.execplan.toml` instead (for taplo / Even Better TOML).
        #[arg(long, conflicts_with = "path")]
        json_schema: bool,
    },
    /// List every markdown file under PATHs (default `.`) and whether, and why, `check`
    /// analyses it as a plan.
    Plans { paths: Vec<PathBuf> },
    /// Print a completion script: `execplan-ls completions bash > ~/.local/share/bash-completion/completions/execplan-ls`.
    Completions { shell: clap_complete::Shell },
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
    /// JUnit XML: one test suite per plan, one test case per rule.
    Junit,
    /// GitLab Code Quality JSON (`artifacts:reports:codequality`).
    Gitlab,
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
    let command = cli.command.unwrap_or_else(|| {
        command_line::hint_when_on_a_terminal();
        Command::Lsp
    });
    match command {
        Command::Lsp => server::run(),
        Command::Check {
            paths,
            format,
            fail_on,
            fix,
            unsafe_fixes,
            only_plans,
        } => check::run(
            &paths,
            &check::Options {
                format,
                fail_on,
                fix,
                unsafe_fixes,
                only_plans,
            },
        ),
        Command::New { title, dir } => new::run(&title, &dir),
        Command::Schema {
            json_schema: true, ..
        } => print_json_schema(),
        Command::Schema { path, .. } => schema(path.unwrap_or_else(|| PathBuf::from("."))),
        Command::Plans { paths } => check::list_plans(&paths),
        Command::Completions { shell } => command_line::completions(shell),
        Command::Status { paths, format } => status::run(&paths, format),
    }
}

/// `execplan-ls schema --json-schema`.
fn print_json_schema() -> ExitCode {
    use std::io::Write;
    let _ = std::io::stdout()
        .lock()
        .write_all(config_schema::json_schema().as_bytes());
    ExitCode::SUCCESS
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
