//! `execplan-ls status`: one row per plan, stalest unfinished first, as a table, JSON and
//! markdown, on plans written to a temp dir.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::BIN;

/// Now, for every run: the ages below are counted from it.
const NOW: &str = "2026-11-25T12:00:00Z";

fn status(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("status")
        .args(args)
        .current_dir(dir)
        .env("EXECPLAN_NOW", NOW)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// Three plans (finished, old and recent), a note that is no plan, and an excluded plan.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("plans/archive")).unwrap();
    std::fs::write(
        root.join(".execplan.toml"),
        "exclude = [\"plans/archive/**\"]\n",
    )
    .unwrap();
    std::fs::write(
        root.join("plans/finished.md"),
        "# ExecPlan: Ship the importer\n\nStatus: done\n\n## Progress\n\n\
         - [x] (2026-09-01 10:00Z) a\n- [x] (2026-09-02 10:00Z) b\n",
    )
    .unwrap();
    std::fs::write(
        root.join("plans/old.md"),
        "# ExecPlan: Rework | the parser\n\n## Progress\n\n\
         - [x] (2026-10-01 10:00Z) a\n- [ ] b\n- [ ] c\n",
    )
    .unwrap();
    std::fs::write(
        root.join("plans/recent.md"),
        "---\nstatus: in_progress\n---\n# ExecPlan: Add a flag\n\n## Progress\n\n\
         - [x] (2026-11-24 09:00Z) a\n- [ ] b\n\n## Decision Log\n\n\
         - Decision: d\n  Date/Author: 2026-11-22 / Ada\n",
    )
    .unwrap();
    std::fs::write(
        root.join("plans/archive/gone.md"),
        "# ExecPlan: Archived\n\n## Progress\n\n- [ ] a\n",
    )
    .unwrap();
    std::fs::write(
        root.join("README.md"),
        "# Project\n\nWe plan with ExecPlans.\n",
    )
    .unwrap();
    dir
}

#[test]
fn json_lists_the_plans_stalest_unfinished_first() {
    let dir = workspace();
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&status(dir.path(), &["--format", "json"]))).unwrap();
    assert_eq!(
        json,
        serde_json::json!({ "plans": [
            {
                "path": "./plans/old.md",
                "title": "ExecPlan: Rework | the parser",
                "status": null,
                "statusKind": null,
                "unfinished": true,
                "done": 1,
                "total": 3,
                "lastEntry": "2026-10-01 10:00Z",
                "lastEntryAge": "7 weeks ago",
                "staleCommits": null,
                "progressLine": "1 of 3 done · last entry 7 weeks ago",
            },
            {
                "path": "./plans/recent.md",
                "title": "ExecPlan: Add a flag",
                "status": "in_progress",
                "statusKind": "in_progress",
                "unfinished": true,
                "done": 1,
                "total": 2,
                "lastEntry": "2026-11-24 09:00Z",
                "lastEntryAge": "1 day ago",
                "staleCommits": null,
                "progressLine": "1 of 2 done · last entry 1 day ago",
            },
            {
                "path": "./plans/finished.md",
                "title": "ExecPlan: Ship the importer",
                "status": "done",
                "statusKind": "done",
                "unfinished": false,
                "done": 2,
                "total": 2,
                "lastEntry": "2026-09-02 10:00Z",
                "lastEntryAge": "2 months ago",
                "staleCommits": null,
                "progressLine": "2 of 2 done · last entry 2 months ago",
            },
        ]})
    );
}

#[test]
fn the_table_is_aligned_and_plain_when_not_a_terminal() {
    let dir = workspace();
    let out = stdout(&status(dir.path(), &[]));
    assert!(!out.contains('\x1b'), "no colour into a pipe: {out:?}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(lines[0].starts_with("TITLE"), "{out}");
    // Every column starts where its header does.
    for header in ["PATH", "STATUS", "DONE", "LAST UPDATE", "STALE"] {
        let at = lines[0].find(header).unwrap();
        for line in &lines[1..] {
            let before = &line[..line.char_indices().nth(at).map_or(line.len(), |(i, _)| i)];
            assert!(
                before.ends_with("  "),
                "{header} misaligned in {line:?}\n{out}"
            );
        }
    }
    assert!(
        lines[1].starts_with("ExecPlan: Rework | the parser"),
        "{out}"
    );
    assert!(lines[1].contains("./plans/old.md"), "{out}");
    assert!(lines[1].contains("1/3"), "{out}");
    assert!(
        lines[1].contains("2026-10-01 10:00Z (7 weeks ago)"),
        "{out}"
    );
    assert!(lines[2].contains("in_progress"), "{out}");
    assert!(lines[3].starts_with("ExecPlan: Ship the importer"), "{out}");
    assert!(!out.contains("gone.md") && !out.contains("README"), "{out}");
    // A path named on the command line narrows the walk.
    let one = stdout(&status(dir.path(), &["plans/recent.md"]));
    assert_eq!(one.lines().count(), 2, "{one}");
    assert!(one.contains("plans/recent.md"), "{one}");
}

#[test]
fn markdown_is_a_table_for_a_pull_request_comment() {
    let dir = workspace();
    let out = stdout(&status(dir.path(), &["--format", "markdown"]));
    assert_eq!(
        out,
        "| Plan | Status | Done | Last update | Stale |\n\
         | --- | --- | ---: | --- | ---: |\n\
         | [ExecPlan: Rework \\| the parser](plans/old.md) | - | 1/3 | 2026-10-01 10:00Z (7 weeks ago) | - |\n\
         | [ExecPlan: Add a flag](plans/recent.md) | in_progress | 1/2 | 2026-11-24 09:00Z (1 day ago) | - |\n\
         | [ExecPlan: Ship the importer](plans/finished.md) | done | 2/2 | 2026-09-02 10:00Z (2 months ago) | - |\n\
         \n3 plans, 2 unfinished.\n"
    );
}

#[test]
fn no_plans_and_a_missing_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), "# Notes\n").unwrap();
    assert_eq!(stdout(&status(dir.path(), &[])), "No plans found.\n");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&status(dir.path(), &["--format", "json"]))).unwrap();
    assert_eq!(json, serde_json::json!({ "plans": [] }));
    let missing = status(dir.path(), &["nowhere"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nowhere"));
}
