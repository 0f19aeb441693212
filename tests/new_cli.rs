//! `execplan-ls new`: a plan from the template, stamped now, never overwriting.

mod common;

use std::process::Command;

use common::BIN;

#[test]
fn new_writes_a_stamped_plan_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let run = || {
        Command::new(BIN)
            .args(["new", "Ship the 漢字 importer", "--dir"])
            .arg(dir.path())
            .env("EXECPLAN_NOW", "2026-11-24T09:15:00Z")
            .output()
            .unwrap()
    };
    let first = run();
    assert!(first.status.success(), "{first:?}");
    let path = dir.path().join("ship-the-漢字-importer.md");
    assert_eq!(
        String::from_utf8_lossy(&first.stdout).trim(),
        path.display().to_string()
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("# Ship the 漢字 importer\n"));
    assert!(text.contains("## Progress\n\n- [ ] (2026-11-24 09:15Z) Start the plan.\n"));
    assert_eq!(text.matches("\n## ").count(), 12);

    // The new plan checks clean of errors.
    let check = Command::new(BIN).arg("check").arg(&path).output().unwrap();
    assert!(check.status.success(), "{check:?}");

    std::fs::write(&path, "mine").unwrap();
    let second = run();
    assert_eq!(second.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&second.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
}

#[test]
fn new_follows_the_repositorys_standard_and_author_and_creates_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::write(
        dir.path().join("PLANS.md"),
        "# PLANS.md\n\n## Required Sections\n\n1. Goal\n2. Progress\n3. Steps\n",
    )
    .unwrap();
    std::fs::write(dir.path().join(".execplan.toml"), "author = \"Ada\"\n").unwrap();
    let output = Command::new(BIN)
        .args(["new", "Custom standard", "--dir", "docs/plans"])
        .env("EXECPLAN_NOW", "2026-11-24T09:15:00Z")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let text = std::fs::read_to_string(dir.path().join("docs/plans/custom-standard.md")).unwrap();
    let headings: Vec<&str> = text.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(headings, ["## Goal", "## Progress", "## Steps"]);
    assert!(text.contains("- [ ] (2026-11-24 09:15Z) "), "{text}");
}
