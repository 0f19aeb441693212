//! `check --fix` applies only safe fixes; `--fix --unsafe-fixes` applies the unsafe ones
//! too (issue 12, "Findings that tell the truth").

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::BIN;

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
