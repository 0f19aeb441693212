//! Findings that tell the truth (issue 12): a plan fresh from `new` is reported as
//! unfilled; `check --fix` applies only safe fixes, `--fix --unsafe-fixes` the unsafe
//! ones too.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{file_uri, LspClient, BIN};
use serde_json::{json, Value};

fn check(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("check")
        .args(args)
        .current_dir(dir)
        .env("EXECPLAN_NOW", "2026-11-24T09:15:00Z")
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// The living sections under a `## Living ExecPlan` wrapper, with a `####` subsection, as
/// real plans keep them; and one level-3 section right under the title, whose promotion
/// keeps its place.
const WRAPPED: &str = "# ExecPlan: wrapped

### Purpose / Big Picture

Why.

## Living ExecPlan

### Progress

- [x] (2026-11-20T09:15:30Z) Done.

#### Milestone 1

- [ ] Next.

### Surprises & Discoveries

(None yet.)

### Decision Log

(None yet.)

### Outcomes & Retrospective

(None yet.)

## Context and Orientation
## Plan of Work
## Concrete Steps
## Validation and Acceptance
## Idempotence and Recovery
## Artifacts and Notes
## Interfaces and Dependencies
";

#[test]
fn fix_applies_safe_fixes_only_and_unsafe_fixes_on_request() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let path = dir.path().join("w.md");
    std::fs::write(&path, WRAPPED).unwrap();

    let safe = check(dir.path(), &["--fix", "w.md"]);
    let after_safe = std::fs::read_to_string(&path).unwrap();
    // The stamp and the top-level Purpose are fixed; the wrapper keeps its sections.
    assert_eq!(
        after_safe,
        WRAPPED
            .replace("(2026-11-20T09:15:30Z)", "(2026-11-20 09:15Z)")
            .replace("### Purpose", "## Purpose")
    );
    let report = stderr(&safe);
    assert!(
        report.contains("4 unsafe fixes were not applied"),
        "{report}"
    );
    assert!(!report.contains("(unsafe fix)"), "{report}");

    let again = check(dir.path(), &["--fix", "w.md"]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), after_safe);
    assert!(!stderr(&again).contains("fixed "), "{}", stderr(&again));

    let unsafe_run = check(dir.path(), &["--fix", "--unsafe-fixes", "w.md"]);
    let after_unsafe = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        after_unsafe,
        after_safe
            .replace("### Progress", "## Progress")
            .replace("### Surprises", "## Surprises")
            .replace("### Decision", "## Decision")
            .replace("### Outcomes", "## Outcomes")
    );
    let report = stderr(&unsafe_run);
    assert_eq!(report.matches("(unsafe fix)").count(), 4, "{report}");
    assert!(!report.contains("not applied"), "{report}");
}

#[test]
fn unsafe_fixes_needs_fix() {
    let dir = tempfile::tempdir().unwrap();
    let output = check(dir.path(), &["--unsafe-fixes"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
}

fn new_plan(dir: &Path, title: &str) -> std::path::PathBuf {
    let output = Command::new(BIN)
        .args(["new", title])
        .current_dir(dir)
        .env("EXECPLAN_NOW", "2026-11-24T09:15:00Z")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    std::path::PathBuf::from(String::from_utf8(output.stdout).unwrap().trim())
}

fn placeholder_lines(output: &Output) -> Vec<String> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .filter(|l| l.contains("[placeholder]"))
        .map(str::to_string)
        .collect()
}

#[test]
fn new_then_check_reports_the_plan_unfilled_once_per_section() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    new_plan(dir.path(), "Ship it");
    let output = check(dir.path(), &[]);
    let found = placeholder_lines(&output);
    assert_eq!(found.len(), 12, "{found:#?}");
    assert!(
        found[0].starts_with("./ship-it.md:7:1: warning[placeholder] `Purpose / Big Picture` still holds the template's text"),
        "{found:#?}"
    );
    // Placeholders are warnings: the plan does not fail CI by default.
    assert_eq!(output.status.code(), Some(0), "{output:?}");
}

#[test]
fn a_repository_template_is_a_placeholder_until_changed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(
        dir.path().join("PLANS.md"),
        "# PLANS.md\n\n## Required Sections\n\n1. Goal\n2. Progress\n3. Risks\n\n## Template\n\n```md\n# <Title>\n\n## Goal\n\nState the outcome a reviewer can observe.\n\n## Progress\n\n- [ ] First milestone reached.\n\n## Risks\n\nName what could go wrong, and how you would notice.\n```\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("plans")).unwrap();
    // Sections the built-in template has no words for are written as placeholders too.
    let fresh = new_plan(&dir.path().join("plans"), "Fresh");
    let copied = dir.path().join("plans/copied.md");
    std::fs::write(
        &copied,
        "# ExecPlan: copied\n\n## Goal\n\nState the outcome a reviewer can observe.\n\n## Progress\n\n- [ ] First milestone reached.\n\n## Risks\n\nThe import may time out on large files; the log shows it.\n",
    )
    .unwrap();
    let output = check(dir.path(), &["plans"]);
    let found = placeholder_lines(&output);
    let in_fresh = found.iter().filter(|l| l.contains("fresh.md")).count();
    assert_eq!(in_fresh, 3, "{found:#?} {}", fresh.display());
    let in_copied: Vec<&String> = found.iter().filter(|l| l.contains("copied.md")).collect();
    assert_eq!(in_copied.len(), 2, "{found:#?}");
    assert!(in_copied[0].contains("`Goal` still holds the template's text (\"State the outcome a reviewer can observe.\")"), "{found:#?}");
    assert!(
        in_copied[1].contains("`Progress` still holds"),
        "{found:#?}"
    );
}

#[test]
fn the_editor_offers_unsafe_fixes_but_its_fix_all_applies_safe_ones_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let path = dir.path().join("w.md");
    std::fs::write(&path, WRAPPED).unwrap();
    let uri = file_uri(&path);
    let mut client = LspClient::spawn_with_env(&[], &[("EXECPLAN_NOW", "2026-11-24T09:15:00Z")]);
    client.initialize(&["utf-16"], Some(dir.path()));
    client.open(&uri, WRAPPED);
    let diagnostics = Value::Array(client.diagnostics_for(&uri, 1));
    let line = WRAPPED.lines().position(|l| l == "### Progress").unwrap();
    let at = json!({ "line": line, "character": 4 });
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": at, "end": at },
            "context": { "diagnostics": diagnostics }
        }),
    );
    let actions = actions.as_array().unwrap();
    let promote = actions
        .iter()
        .find(|a| a["title"] == "Make it `## Progress`")
        .expect("the unsafe fix stays a quick fix");
    assert_eq!(promote["kind"], "quickfix");
    assert!(promote.get("isPreferred").is_none(), "{promote}");
    let fix_all = actions
        .iter()
        .find(|a| a["kind"] == "source.fixAll.execplan")
        .expect("fix-all for the safe fixes");
    let edits = fix_all["edit"]["changes"][uri.as_str()].as_array().unwrap();
    // The stamp and the top-level Purpose heading; nothing under the wrapper's headings.
    let lines: Vec<u64> = edits
        .iter()
        .map(|e| e["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    let purpose = WRAPPED
        .lines()
        .position(|l| l == "### Purpose / Big Picture")
        .unwrap() as u64;
    let stamp = WRAPPED
        .lines()
        .position(|l| l.contains("09:15:30Z"))
        .unwrap() as u64;
    assert_eq!(lines, vec![purpose, stamp], "{fix_all}");
    client.shutdown();
}
