//! Small conveniences of the command line: shell completions, and the hint a person gets
//! who starts the bare server on a terminal.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::CommandFactory;

/// `execplan-ls completions SHELL`: the completion script on stdout.
pub fn completions(shell: clap_complete::Shell) -> ExitCode {
    // Into memory first: clap_complete panics when its writer fails, and a closed pipe
    // (`completions bash | head`) is not worth a panic.
    let mut script = Vec::new();
    clap_complete::generate(
        shell,
        &mut crate::Cli::command(),
        "execplan-ls",
        &mut script,
    );
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(&script).and_then(|()| out.flush());
    ExitCode::SUCCESS
}

/// Started with no subcommand on a terminal, the server would sit silently waiting for
/// LSP frames: one line on stderr says what it is and how to get the checker. An editor
/// (stdin a pipe) never sees it.
pub fn hint_when_on_a_terminal() {
    if std::io::stdin().is_terminal() {
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "execplan-ls: speaking the Language Server Protocol on stdin (for an editor); \
                 to check plans run `execplan-ls check [PATH…]`, for everything else `execplan-ls --help`; Ctrl-D ends."
            );
        }
    }
}
