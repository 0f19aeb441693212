//! `execplan-ls check`: output formats and exit codes, on plans written to a temp dir.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{plan_without, BIN};

fn check(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("check")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn a_complete_plan_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.md"), plan_without(&[])).unwrap();
    let output = check(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        stdout(&output),
        "0 errors, 0 warnings, 0 other in 1 plan (1 markdown file checked)\n"
    );
}

#[test]
fn missing_sections_exit_one_with_human_lines() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("plans")).unwrap();
    std::fs::write(dir.path().join("plans/a.md"), plan_without(&["Progress"])).unwrap();
    std::fs::write(dir.path().join("README.md"), "# Project\n\nNot a plan.\n").unwrap();
    let output = check(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "./plans/a.md:1:1: error[missing-section] Missing required section `## Progress`\n\
         1 error, 0 warnings, 0 other in 1 plan (2 markdown files checked)\n"
    );
}

#[test]
fn json_has_one_object_per_diagnostic_with_character_columns() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_without(&["Progress"]).replace("# ExecPlan: a sample", "# 😀 ExecPlan 計画");
    std::fs::write(dir.path().join("p.md"), plan).unwrap();
    let output = check(dir.path(), &["--format", "json", "p.md"]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{
            "path": "p.md",
            "code": "missing-section",
            "severity": "error",
            "message": "Missing required section `## Progress`",
            "line": 1, "column": 1, "end_line": 1, "end_column": 16
        }])
    );
}

#[test]
fn a_file_named_explicitly_is_checked_whatever_detection_says() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), "# Notes\n").unwrap();
    assert_eq!(check(dir.path(), &[]).status.code(), Some(0));
    let output = check(dir.path(), &["notes.md"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output).matches("missing-section").count(), 12);
}

#[test]
fn gitignored_files_are_skipped_and_hidden_folders_walked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".agent/plans")).unwrap();
    std::fs::create_dir_all(dir.path().join("build")).unwrap();
    std::fs::write(dir.path().join(".gitignore"), "build/\n").unwrap();
    std::fs::write(
        dir.path().join(".agent/plans/a.md"),
        plan_without(&["Progress"]),
    )
    .unwrap();
    std::fs::write(dir.path().join("build/b.md"), plan_without(&["Progress"])).unwrap();
    let output = check(dir.path(), &[]);
    let out = stdout(&output);
    assert!(out.contains(".agent/plans/a.md"), "{out}");
    assert!(!out.contains("build/b.md"), "{out}");
}

#[test]
fn usage_errors_and_unreadable_paths_exit_two_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    let output = check(dir.path(), &["missing.md"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "execplan-ls: missing.md: no such file or directory\n"
    );

    std::fs::write(dir.path().join("bad.md"), b"# ExecPlan \xff\n").unwrap();
    let output = check(dir.path(), &["bad.md"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("bad.md: not UTF-8"));

    let output = check(dir.path(), &["--format", "xml"]);
    assert_eq!(output.status.code(), Some(2));
}

/// A repository whose PLANS.md lists commands where its sections belong: plans follow the
/// built-in standard, the standard gets a `standard-schema` warning naming what could not
/// be read, and `schema` says why.
#[test]
fn a_standard_whose_sections_cannot_be_read_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::write(
        dir.path().join("PLANS.md"),
        "# Plans\n\n## Required sections\n\n- `mise run check`\n- `mise run build`\n- `mise run test`\n",
    )
    .unwrap();
    let output = Command::new(BIN)
        .args(["check", ".", "--format", "json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let found: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let found = found.as_array().unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["path"], "./PLANS.md");
    assert_eq!(found[0]["code"], "standard-schema");
    assert!(found[0]["message"]
        .as_str()
        .unwrap()
        .contains("`mise run check` looks like a command"));
    let schema = Command::new(BIN)
        .arg("schema")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let printed = String::from_utf8(schema.stdout).unwrap();
    assert!(
        printed.contains("built-in ExecPlan standard (PLANS.md:"),
        "{printed}"
    );
    assert!(printed.contains("looks like a command"), "{printed}");
}

/// The standard kept beside the skill that cites it (not at a usual place) is the schema,
/// and a plan that names another PLANS.md in its preamble follows that one.
#[test]
fn standards_found_beside_a_skill_or_named_by_a_plan() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::create_dir_all(root.join(".codex/skills/execplan/references")).unwrap();
    std::fs::create_dir_all(root.join("plans")).unwrap();
    std::fs::create_dir_all(root.join("docs/other")).unwrap();
    std::fs::write(
        root.join(".codex/skills/execplan/references/PLANS.md"),
        "# ExecPlan Standard\n\n## 必須セクション\n\n### Goal\n\n### Scope\n\n### Progress\n",
    )
    .unwrap();
    let plan_a = "## Goal\n\nx\n\n## Scope\n\ny\n\n## Progress\n\n- [ ] z\n";
    std::fs::write(
        root.join("plans/a.md"),
        format!("# ExecPlan: a\n\n{plan_a}"),
    )
    .unwrap();
    let check = || {
        let output = Command::new(BIN)
            .args(["check", "."])
            .current_dir(root)
            .output()
            .unwrap();
        (
            output.status.success(),
            String::from_utf8(output.stdout).unwrap(),
        )
    };
    // The repository's only PLANS.md, beside the skill.
    let (passed, printed) = check();
    assert!(passed && printed.contains("in 1 plan"), "{printed}");
    // A second standard: each plan names its own (one by a relative link).
    std::fs::write(
        root.join("docs/other/PLANS.md"),
        "# Other\n\n## Required Sections\n\n1. Summary\n2. Steps\n3. Risks\n",
    )
    .unwrap();
    std::fs::write(
        root.join("plans/a.md"),
        format!("# ExecPlan: a\n\nSee [the standard](../.codex/skills/execplan/references/PLANS.md).\n\n{plan_a}"),
    )
    .unwrap();
    std::fs::write(
        root.join("plans/b.md"),
        "# ExecPlan: b\n\nFollows `docs/other/PLANS.md`.\n\n## Summary\n\n## Steps\n\n## Risks\n",
    )
    .unwrap();
    let (passed, printed) = check();
    assert!(passed && printed.contains("in 2 plans"), "{printed}");
}

/// Outside any git repository (an unpacked archive, a copied folder), the folder `check`
/// runs in stands for the repository: its PLANS.md is still the schema, whether the whole
/// folder or only the plans' folder is named, and `schema` says the same.
#[test]
fn outside_git_the_current_folder_stands_for_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    assert!(
        !root.ancestors().any(|a| a.join(".git").exists()),
        "the temp dir must lie outside git for this test"
    );
    std::fs::create_dir_all(root.join("plans")).unwrap();
    std::fs::write(
        root.join("PLANS.md"),
        "# Plans\n\n## Required sections\n\n### Goal\n\n### Progress\n\n### Risks\n",
    )
    .unwrap();
    std::fs::write(
        root.join("plans/a.md"),
        "# ExecPlan: a\n\n## Goal\n\nx\n\n## Progress\n\n- [ ] (2026-12-05 08:00Z) y\n\n## Risks\n\nz\n",
    )
    .unwrap();
    for args in [&["."][..], &["plans"], &["plans/a.md"]] {
        let output = check(root, args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "check {args:?}: {}",
            stdout(&output)
        );
        assert!(
            stdout(&output).contains("0 errors, 0 warnings"),
            "{}",
            stdout(&output)
        );
    }
    let schema = Command::new(BIN)
        .arg("schema")
        .current_dir(root)
        .output()
        .unwrap();
    let printed = String::from_utf8(schema.stdout).unwrap();
    assert!(printed.contains("from PLANS.md"), "{printed}");
    assert!(printed.contains("3. Risks"), "{printed}");
}
