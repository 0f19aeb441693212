//! Reads a repository's commit history with the `git` program, for staleness
//! (`execplan_ide::history`). Never on the keystroke path: `check` reads it once per
//! repository, the server in the background when HEAD moves.
//!
//! Why the `git` program and not a library (gix): it is already there wherever plans are
//! written, it knows every repository layout a user has (worktrees, submodules, sparse and
//! partial clones, `safe.directory`, alternates), it costs nothing to build, and one
//! `git log --name-only` over 10,000 commits takes well under a second (see the
//! benchmark). Without git, outside a repository, or in a shallow clone (where "the
//! commits since" cannot be known), there is no history and the rule is silent.

use std::path::Path;
use std::process::{Command, Stdio};

use execplan_ide::history::{Commit, RepoHistory};
use execplan_ide::UtcMinute;

/// At most this many commits are read: staleness is about recent work, and a huge
/// history should not cost more than a bounded read.
pub const MAX_COMMITS: usize = 50_000;

/// The commit HEAD points at, or `None` outside a git repository (or without git).
pub fn head(root: &Path) -> Option<String> {
    // No `.git` in the root or above: no repository, and no git process to start.
    if !root.ancestors().any(|dir| dir.join(".git").exists()) {
        return None;
    }
    let out = git(root, &["rev-parse", "--verify", "--quiet", "HEAD"])?;
    let hash = out.trim();
    (!hash.is_empty()).then(|| hash.to_string())
}

/// The history of the files under `root` (paths relative to `root`), newest first; `None`
/// when there is none to read or it is shallow.
pub fn read(root: &Path) -> Option<RepoHistory> {
    if !root.ancestors().any(|dir| dir.join(".git").exists()) {
        return None;
    }
    let facts = git(
        root,
        &["rev-parse", "--is-shallow-repository", "--show-prefix"],
    )?;
    let mut facts = facts.lines();
    if facts.next()?.trim() == "true" {
        tracing::debug!(root = %root.display(), "shallow clone: no staleness");
        return None;
    }
    // A root below the repository's top keeps to its own files, named from the root;
    // at the top no pathspec is needed (and `--relative` costs a third more).
    let below_top = facts.next().is_some_and(|prefix| !prefix.trim().is_empty());
    let max = format!("--max-count={MAX_COMMITS}");
    let mut args = vec![
        "-c",
        "core.quotePath=false",
        "log",
        "--no-color",
        "--no-merges",
        "--no-renames",
        &max,
        "--name-only",
        "--format=%x1e%H%x1f%ct%x1f%s",
    ];
    if below_top {
        args.extend(["--relative", "--", "."]);
    }
    let log = git(root, &args)?;
    Some(RepoHistory::new(parse_log(&log)))
}

/// Parses `git log --name-only --format=%x1e%H%x1f%ct%x1f%s` output.
fn parse_log(log: &str) -> Vec<Commit> {
    log.split('\u{1e}')
        .filter_map(|record| {
            let mut lines = record.lines();
            let header = lines.next()?;
            let mut fields = header.splitn(3, '\u{1f}');
            let hash = fields.next()?.to_string();
            let seconds: i64 = fields.next()?.parse().ok()?;
            let subject = fields.next().unwrap_or("").to_string();
            let files = lines
                .map(str::trim_end)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect();
            Some(Commit {
                hash,
                at: UtcMinute::from_unix_minutes(seconds.div_euclid(60)),
                subject,
                files,
            })
        })
        .collect()
}

/// Runs git in `root`; its stdout when it succeeds.
fn git(root: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::parse_log;

    #[test]
    fn log_records_with_files() {
        let log = "\u{1e}aaaa\u{1f}1764000000\u{1f}Fix: the report\n\nsrc/report.rs\ndocs/a b.md\n\
                   \u{1e}bbbb\u{1f}1763900000\u{1f}Empty commit\n";
        let commits = parse_log(log);
        assert_eq!(commits.len(), 2);
        assert_eq!(commits[0].hash, "aaaa");
        assert_eq!(commits[0].subject, "Fix: the report");
        assert_eq!(commits[0].files, ["src/report.rs", "docs/a b.md"]);
        assert_eq!(commits[0].at.date(), "2025-11-24");
        assert!(commits[1].files.is_empty());
    }
}
