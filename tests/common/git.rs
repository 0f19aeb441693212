//! Git repositories with fixed dates for the staleness tests: every commit's author and
//! committer date is given, so what is "after the last entry" never depends on the clock.

use std::path::Path;
use std::process::Command;

/// Runs git in `dir` with a fixed identity and, when given, a fixed date
/// (`2026-11-21T09:00:00Z`); panics with git's output when it fails.
pub fn git(dir: &Path, args: &[&str], date: Option<&str>) -> String {
    let mut command = Command::new("git");
    command
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ada")
        .env("GIT_AUTHOR_EMAIL", "ada@example.com")
        .env("GIT_COMMITTER_NAME", "Ada")
        .env("GIT_COMMITTER_EMAIL", "ada@example.com");
    if let Some(date) = date {
        command
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    let output = command.output().expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Writes `files` (path, content) under `dir` and commits them all at `date`.
pub fn commit(dir: &Path, files: &[(&str, &str)], subject: &str, date: &str) {
    for (path, content) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    git(dir, &["add", "-A"], None);
    git(dir, &["commit", "-q", "-m", subject], Some(date));
}

/// A new repository in `dir` (branch `main`).
pub fn init(dir: &Path) {
    git(dir, &["init", "-q", "-b", "main"], None);
}

/// The unfinished plan of the staleness tests: its last entry is 2026-11-20 09:15Z, and it
/// names `src/report.rs` and the `tests/` folder.
pub const QUIET_PLAN: &str = "# ExecPlan: Add a --quiet flag\n\n\
    Change `src/report.rs` and add a test under `tests/`.\n\n\
    ## Progress\n\n\
    - [x] (2026-11-20 09:15Z) Read the report command.\n\
    - [ ] Add the flag.\n";

/// A repository where three commits after the plan's last entry changed files it names
/// (`src/report.rs` twice, `tests/report.rs` once), one changed a file it does not name,
/// and one changed the plan itself along with `src/report.rs`.
pub fn stale_repository(dir: &Path) {
    init(dir);
    commit(
        dir,
        &[
            ("docs/plans/quiet.md", QUIET_PLAN),
            ("src/report.rs", "fn report() {}\n"),
            ("src/other.rs", "\n"),
        ],
        "Start the quiet plan",
        "2026-11-20T09:00:00Z",
    );
    commit(
        dir,
        &[("src/report.rs", "fn report() { }\n")],
        "Buffer the report",
        "2026-11-21T10:00:00Z",
    );
    commit(
        dir,
        &[("src/other.rs", "// x\n")],
        "Unrelated",
        "2026-11-21T11:00:00Z",
    );
    commit(
        dir,
        &[("tests/report.rs", "#[test] fn t() {}\n")],
        "Test the report",
        "2026-11-22T10:00:00Z",
    );
    commit(
        dir,
        &[("src/report.rs", "fn report() {  }\n")],
        "Flush at exit",
        "2026-11-23T10:00:00Z",
    );
}
