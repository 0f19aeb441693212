//! `check` for CI: the repository's own PLANS.md as schema, `.execplan.toml`, SARIF,
//! GitHub annotations, `--fail-on` and `--fix`, on temp repositories.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{plan_without, BIN};

fn check(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("check")
        .args(args)
        .current_dir(dir)
        .env("EXECPLAN_NOW", "2026-11-24T09:15:00Z")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// A repository (it has `.git`) with these files.
fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

const OWN_STANDARD: &str = "# PLANS.md\n\nAn ExecPlan here has these.\n\n## Required Sections\n\n1. Goal\n2. Progress\n3. Risks\n";

#[test]
fn a_repository_plans_md_names_the_sections_without_a_config_file() {
    let dir = repo(&[
        (".agent/PLANS.md", OWN_STANDARD),
        (
            "plans/a.md",
            "# ExecPlan: a\n\n## Goal\n\nG.\n\n## Progress\n\n- [ ] Start.\n",
        ),
    ]);
    let output = check(dir.path(), &[]);
    assert_eq!(
        stdout(&output),
        "./plans/a.md:1:1: error[missing-section] Missing required section `## Risks`\n\
         1 error, 0 warnings, 0 other in 1 plan (2 markdown files checked)\n"
    );
    assert_eq!(output.status.code(), Some(1));
    let schema = Command::new(BIN)
        .args(["schema"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let text = stdout(&schema);
    assert!(
        text.contains("from .agent/PLANS.md, from its \"Required Sections\" list"),
        "{text}"
    );
    assert!(
        text.ends_with("  1. Goal\n  2. Progress (living)\n  3. Risks\n"),
        "{text}"
    );
}

#[test]
fn config_sets_severities_sections_and_excludes() {
    let dir = repo(&[
        (
            ".execplan.toml",
            "exclude = [\"old/**\"]\n[sections]\nrequired = [\"Goal\", \"Progress\", \"Notes\"]\n[rules]\nprogress-item = \"error\"\n",
        ),
        (".agent/PLANS.md", OWN_STANDARD),
        ("a.md", "# ExecPlan: a\n\n## Goal\n\nG.\n\n## Progress\n\n- Start.\n\n## Notes\n\nN.\n"),
        ("old/b.md", "# ExecPlan: b\n"),
    ]);
    let output = check(dir.path(), &[]);
    assert_eq!(
        stdout(&output),
        "./a.md:9:1: error[progress-item] Progress items are checkboxes: `- [ ]` for open, `- [x]` for done\n\
         1 error, 0 warnings, 0 other in 1 plan (2 markdown files checked)\n",
        "old/b.md is excluded, so it is neither checked nor counted"
    );
}

#[test]
fn a_malformed_config_gives_one_error_line_and_defaults_stay() {
    let dir = repo(&[
        (".execplan.toml", "[rules\nplaceholder = \"off\"\n"),
        ("p.md", &plan_without(&[])),
    ]);
    let output = check(dir.path(), &[]);
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(".execplan.toml:1: not valid TOML"), "{err}");
    assert!(stdout(&output)
        .ends_with("0 errors, 0 warnings, 0 other in 1 plan (1 markdown file checked)\n"));
    assert_eq!(output.status.code(), Some(1));
}

const WARNED: &str = "# ExecPlan: w\n\n## Progress\n\n- [x] 2026-11-20T09:15Z Done.\n\n### Decision Log\n\n(None yet.)\n";

#[test]
fn fail_on_warning_makes_warnings_fail() {
    let dir = repo(&[(
        ".execplan.toml",
        "[sections]\nrequired = [\"Progress\", \"Decision Log\", \"Risks\"]\n[rules]\nmissing-section = \"off\"\n",
    ), ("w.md", WARNED)]);
    assert_eq!(check(dir.path(), &[]).status.code(), Some(0));
    assert_eq!(
        check(dir.path(), &["--fail-on", "warning"]).status.code(),
        Some(1)
    );
    assert_eq!(
        check(dir.path(), &["--fail-on", "error"]).status.code(),
        Some(0)
    );
}

#[test]
fn github_format_prints_workflow_commands() {
    let dir = repo(&[("w.md", WARNED)]);
    let output = check(dir.path(), &["--format", "github", "w.md"]);
    let text = stdout(&output);
    assert!(text.contains("::warning file=w.md,line=5,col=7,endLine=5,endColumn=24,title=progress-timestamp::Timestamp `2026-11-20T09:15Z`"), "{text}");
    assert!(
        text.lines().all(|l| l.starts_with("::error ")
            || l.starts_with("::warning ")
            || l.starts_with("::notice ")),
        "{text}"
    );
    assert!(text.contains("::error file=w.md,line=1,col=1,endLine=1,endColumn=14,title=missing-section::Missing required section `## Purpose / Big Picture`"), "{text}");
}

#[test]
fn sarif_is_2_1_0_with_rules_results_regions_and_fixes() {
    let dir = repo(&[("w.md", WARNED)]);
    let output = check(dir.path(), &["--format", "sarif", "w.md"]);
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "execplan-ls");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), execplan_ide::Rule::ALL.len());
    for rule in rules {
        assert!(rule["id"].is_string());
        assert!(!rule["shortDescription"]["text"]
            .as_str()
            .unwrap()
            .is_empty());
    }
    let results = run["results"].as_array().unwrap();
    let stamp = results
        .iter()
        .find(|r| r["ruleId"] == "progress-timestamp")
        .unwrap();
    assert_eq!(stamp["level"], "warning");
    assert_eq!(
        rules[stamp["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "progress-timestamp"
    );
    let location = &stamp["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "w.md");
    assert_eq!(
        location["region"],
        serde_json::json!({"startLine": 5, "startColumn": 7, "endLine": 5, "endColumn": 24})
    );
    let replacement = &stamp["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(
        replacement["insertedContent"]["text"],
        "(2026-11-20 09:15Z)"
    );
    assert_eq!(replacement["deletedRegion"]["startColumn"], 7);
    let missing = results
        .iter()
        .find(|r| r["ruleId"] == "missing-section")
        .unwrap();
    assert_eq!(missing["level"], "error");
    assert!(missing.get("fixes").is_none());
}

#[test]
fn fix_rewrites_safe_fixes_in_place_and_is_idempotent() {
    let dir = repo(&[("src/lib.rs", ""), ("w.md", "")]);
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let plan = format!("{WARNED}\nSee `{}/src/lib.rs`.\n", root.display());
    std::fs::write(dir.path().join("w.md"), &plan).unwrap();
    let first = check(dir.path(), &["--fix", "w.md"]);
    let fixed = std::fs::read_to_string(dir.path().join("w.md")).unwrap();
    assert_eq!(
        fixed,
        "# ExecPlan: w\n\n## Progress\n\n- [x] (2026-11-20 09:15Z) Done.\n\n## Decision Log\n\n(None yet.)\n\nSee `src/lib.rs`.\n"
    );
    let report = stderr(&first);
    assert_eq!(report.lines().count(), 3, "{report}");
    assert!(
        report.contains("fixed w.md:5:7: [progress-timestamp] Rewrite as `(2026-11-20 09:15Z)`"),
        "{report}"
    );
    let second = check(dir.path(), &["--fix", "w.md"]);
    assert_eq!(stderr(&second), "");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("w.md")).unwrap(),
        fixed
    );
}
