//! `stale-plan` in `check`: git repositories built with fixed dates prove where the rule
//! fires and where it stays silent (finished plans, no git, a shallow clone, a higher
//! threshold, the rule turned off).

mod common;

use std::path::Path;
use std::process::Command;

use common::git::{commit, git, stale_repository, QUIET_PLAN};
use common::BIN;
use serde_json::Value;

/// `check --format json` in `dir`: the findings of one rule.
fn findings(dir: &Path, rule: &str) -> Vec<Value> {
    let output = Command::new(BIN)
        .args(["check", ".", "--format", "json"])
        .current_dir(dir)
        .output()
        .unwrap();
    let all: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)));
    all.as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == rule)
        .cloned()
        .collect()
}

#[test]
fn an_unfinished_plan_is_stale_after_three_commits_to_files_it_names() {
    let dir = tempfile::tempdir().unwrap();
    stale_repository(dir.path());
    let found = findings(dir.path(), "stale-plan");
    assert_eq!(found.len(), 1, "{found:?}");
    let stale = &found[0];
    assert_eq!(stale["path"], "./docs/plans/quiet.md");
    assert_eq!(stale["severity"], "information");
    // On the Progress heading.
    assert_eq!(
        (stale["line"].as_u64(), stale["column"].as_u64()),
        (Some(5), Some(1))
    );
    assert_eq!(
        stale["message"],
        "3 commits since the last entry (2026-11-20 09:15Z) changed files this plan names: \
         src/report.rs (2), tests/report.rs (1); bring Progress up to date"
    );
    // Each commit as a note, newest first, where the plan names what it changed.
    let notes: Vec<String> = stale["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            format!(
                "{}:{} {}",
                n["line"],
                n["column"],
                &n["message"].as_str().unwrap()[8..]
            )
        })
        .collect();
    assert_eq!(
        notes,
        [
            "3:9 2026-11-23 Flush at exit (src/report.rs)",
            "3:46 2026-11-22 Test the report (tests/report.rs)",
            "3:9 2026-11-21 Buffer the report (src/report.rs)",
        ]
    );
    // The human output lists the same notes under the finding.
    let human = Command::new(BIN)
        .args(["check", "docs/plans/quiet.md"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let human = String::from_utf8(human.stdout).unwrap();
    assert!(
        human.contains("docs/plans/quiet.md:5:1: information[stale-plan] 3 commits since"),
        "{human}"
    );
    assert!(
        human.contains("docs/plans/quiet.md:3:46: note: ")
            && human.contains(" Test the report (tests/report.rs)"),
        "{human}"
    );
    // A commit that brings the plan up to date (a new entry) clears it.
    let updated = QUIET_PLAN.replace(
        "- [ ] Add the flag.",
        "- [x] (2026-11-24 09:00Z) Buffered output; flag next.\n- [ ] Add the flag.",
    );
    commit(
        dir.path(),
        &[("docs/plans/quiet.md", &updated)],
        "Update the plan",
        "2026-11-24T09:00:00Z",
    );
    assert!(findings(dir.path(), "stale-plan").is_empty());
}

#[test]
fn silent_on_finished_plans_below_the_threshold_and_when_turned_off() {
    let dir = tempfile::tempdir().unwrap();
    stale_repository(dir.path());
    // A fourth commit is needed when the threshold is 4 (the file is not committed: the
    // configuration is read from the work tree).
    std::fs::write(dir.path().join(".execplan.toml"), "[stale]\ncommits = 4\n").unwrap();
    assert!(findings(dir.path(), "stale-plan").is_empty());
    std::fs::write(
        dir.path().join(".execplan.toml"),
        "[rules]\nstale-plan = \"off\"\n",
    )
    .unwrap();
    assert!(findings(dir.path(), "stale-plan").is_empty());
    std::fs::write(dir.path().join(".execplan.toml"), "[stale]\ncommits = 2\n").unwrap();
    assert_eq!(findings(dir.path(), "stale-plan").len(), 1);
    std::fs::remove_file(dir.path().join(".execplan.toml")).unwrap();
    // Finished: every item done (uncommitted: the plan is read as it is on disk).
    let finished = QUIET_PLAN.replace(
        "- [ ] Add the flag.",
        "- [x] (2026-11-20 10:00Z) Add the flag.",
    );
    std::fs::write(dir.path().join("docs/plans/quiet.md"), finished).unwrap();
    assert!(findings(dir.path(), "stale-plan").is_empty());
    // Or its status says so.
    let said_done = QUIET_PLAN.replace("\n\nChange", "\n\nStatus: Done\n\nChange");
    std::fs::write(dir.path().join("docs/plans/quiet.md"), said_done).unwrap();
    assert!(findings(dir.path(), "stale-plan").is_empty());
}

#[test]
fn silent_without_git_and_in_a_shallow_clone() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    stale_repository(&repo);
    assert_eq!(findings(&repo, "stale-plan").len(), 1);
    // A shallow clone of the same history.
    let url = format!("file://{}", repo.display());
    git(
        dir.path(),
        &["clone", "-q", "--depth", "2", &url, "shallow"],
        None,
    );
    let shallow = dir.path().join("shallow");
    assert!(shallow.join("docs/plans/quiet.md").is_file());
    assert!(findings(&shallow, "stale-plan").is_empty());
    // The same files without `.git`.
    std::fs::remove_dir_all(repo.join(".git")).unwrap();
    assert!(findings(&repo, "stale-plan").is_empty());
}

/// A root below the repository's top (its own `.execplan.toml` makes `sub/` the root):
/// history paths are read relative to it, as the plan names them.
#[test]
fn a_root_below_the_top_of_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    let top = dir.path();
    common::git::init(top);
    commit(
        top,
        &[
            ("sub/.execplan.toml", "[stale]\ncommits = 2\n"),
            ("sub/docs/plans/quiet.md", QUIET_PLAN),
            ("sub/src/report.rs", "a\n"),
            ("src/report.rs", "outside the root\n"),
        ],
        "Start",
        "2026-11-20T09:00:00Z",
    );
    commit(
        top,
        &[("sub/src/report.rs", "b\n")],
        "Inside 1",
        "2026-11-21T09:00:00Z",
    );
    commit(
        top,
        &[("src/report.rs", "c\n")],
        "Outside",
        "2026-11-21T10:00:00Z",
    );
    commit(
        top,
        &[("sub/src/report.rs", "d\n")],
        "Inside 2",
        "2026-11-22T09:00:00Z",
    );
    let found = findings(&top.join("sub"), "stale-plan");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("2 commits since the last entry (2026-11-20 09:15Z) changed files this plan names: src/report.rs (2)"),
        "{found:?}"
    );
}

/// `execplan-ls status` counts the stale commits in every format; 0 once the plan is
/// finished, `-` (null) without git.
#[test]
fn status_shows_the_stale_commits() {
    let dir = tempfile::tempdir().unwrap();
    stale_repository(dir.path());
    let status = |format: &str| {
        let output = Command::new(BIN)
            .args(["status", "--format", format])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap()
    };
    let json: Value = serde_json::from_str(&status("json")).unwrap();
    assert_eq!(json["plans"][0]["staleCommits"], 3);
    assert!(json["plans"][0]["progressLine"]
        .as_str()
        .unwrap()
        .ends_with("· stale: 3 commits"));
    assert!(status("table")
        .lines()
        .nth(1)
        .unwrap()
        .ends_with("3 commits"));
    assert!(
        status("markdown").contains("| 3 commits |"),
        "{}",
        status("markdown")
    );
    let finished = QUIET_PLAN.replace(
        "- [ ] Add the flag.",
        "- [x] (2026-11-20 10:00Z) Add the flag.",
    );
    std::fs::write(dir.path().join("docs/plans/quiet.md"), finished).unwrap();
    let json: Value = serde_json::from_str(&status("json")).unwrap();
    assert_eq!(json["plans"][0]["staleCommits"], 0);
    std::fs::remove_dir_all(dir.path().join(".git")).unwrap();
    let json: Value = serde_json::from_str(&status("json")).unwrap();
    assert_eq!(json["plans"][0]["staleCommits"], Value::Null);
}
