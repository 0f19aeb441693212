//! `execplan-ls new "Title" [--dir DIR]`: a plan from the template, stamped now.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use execplan_ide::template::{self, Stamp};
use execplan_ide::UtcMinute;

use crate::settings::RepoSettings;

pub fn run(title: &str, dir: &Path) -> ExitCode {
    let title = title.trim();
    if title.is_empty() {
        eprintln!("execplan-ls new: the title is empty");
        return ExitCode::from(2);
    }
    if let Err(err) = std::fs::create_dir_all(dir) {
        eprintln!("execplan-ls new: cannot create {}: {err}", dir.display());
        return ExitCode::from(2);
    }
    let dir = &std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let path = dir.join(template::file_name(title));
    // The repository's own standard and author, as `check` and the server would use.
    let repo = RepoSettings::load_for_cli(dir, &crate::settings::cli_fallback_root(dir), false);
    let stamp = Stamp {
        now: UtcMinute::now(),
        author: repo.settings.author.as_deref(),
    };
    let text = template::plan(title, &repo.standard, stamp);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut file| file.write_all(text.as_bytes()));
    match written {
        Ok(()) => {
            // stdout is ours here: `new` does not serve the protocol.
            let _ = writeln!(std::io::stdout(), "{}", path.display());
            ExitCode::SUCCESS
        }
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "execplan-ls new: {} already exists; not overwriting it",
                path.display()
            );
            ExitCode::from(1)
        }
        Err(err) => {
            eprintln!("execplan-ls new: cannot write {}: {err}", path.display());
            ExitCode::from(2)
        }
    }
}
