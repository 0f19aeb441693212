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
