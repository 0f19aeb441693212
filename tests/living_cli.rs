//! The living-plan rules in `check`: a status that contradicts Progress, a finished plan
//! whose Outcomes is unwritten, and an ExecPlan index that disagrees with the plans (in
//! PLANS.md's "Active ExecPlan Index" and in an index file), with `[index] require`.

mod common;

use std::path::Path;
use std::process::Command;

use common::BIN;
use serde_json::Value;

fn check_json(dir: &Path, args: &[&str]) -> Vec<Value> {
    let output = Command::new(BIN)
        .args(["check", "--format", "json"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let all: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)));
    all.as_array().unwrap().clone()
}

fn of_rule(found: &[Value], rule: &str) -> Vec<(String, u64, String)> {
    found
        .iter()
        .filter(|f| f["code"] == rule)
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const RULES: &str = "# ExecPlan: Rules\n\nStatus: COMPLETED\n\n## Progress\n\n- [x] (2026-11-20 09:00Z) Write them.\n- [ ] Document them.\n\n## Outcomes & Retrospective\n\nPending.\n";
const QUIET: &str = "# ExecPlan: Add --quiet\n\n## Progress\n\n- [x] (2026-11-20 09:00Z) Read.\n- [ ] Add the flag.\n";
const FORGOTTEN: &str =
    "# ExecPlan: Forgotten\n\nStatus: in_progress\n\n## Progress\n\n- [ ] Start.\n";

#[test]
fn status_and_outcomes_that_contradict_progress() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    write(root, "plans/rules.md", RULES);
    let found = check_json(root, &["."]);
    assert_eq!(
        of_rule(&found, "status-contradiction"),
        [(
            "./plans/rules.md".to_string(),
            3,
            "The status says `COMPLETED` but 1 of 2 Progress items is open: tick what is done, or change the status".to_string()
        )]
    );
    assert_eq!(
        of_rule(&found, "outcomes-unwritten"),
        [(
            "./plans/rules.md".to_string(),
            10,
            "the status says done, but Outcomes & Retrospective is not written yet: say what was achieved, what remains and what was learned".to_string()
        )]
    );
    // Done and written: both silent.
    let fixed = RULES
        .replace(
            "- [ ] Document them.",
            "- [x] (2026-11-21 09:00Z) Document them.",
        )
        .replace("Pending.", "Shipped both; the docs list every rule.");
    write(root, "plans/rules.md", &fixed);
    let found = check_json(root, &["."]);
    assert!(
        of_rule(&found, "status-contradiction").is_empty(),
        "{found:?}"
    );
    assert!(
        of_rule(&found, "outcomes-unwritten").is_empty(),
        "{found:?}"
    );
}

#[test]
fn the_index_agrees_with_the_plans() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    write(root, "plans/rules.md", RULES);
    write(root, "plans/quiet.md", QUIET);
    write(root, "plans/forgotten.md", FORGOTTEN);
    let standard = "# Plans\n\nHow we write ExecPlans.\n\n## Required sections\n\n### Progress\n\n\
        ## Active ExecPlan Index\n\n\
        - 2026-11-20 - [Add --quiet](plans/quiet.md) - status: in_progress - owner: Ada\n\
        - 2026-11-20 - Rules - status: in_progress - owner: Ada\n\
        - 2026-11-22 - [Gone](plans/gone.md) - status: planned - owner: Ada\n";
    write(root, "PLANS.md", standard);
    let found = check_json(root, &["."]);
    assert_eq!(
        of_rule(&found, "index-mismatch"),
        [
            (
                "./PLANS.md".to_string(),
                12,
                "The index says `in_progress`, but `plans/rules.md` says `COMPLETED`: update one of them".to_string()
            ),
            (
                "./PLANS.md".to_string(),
                13,
                "The index lists `plans/gone.md`, which does not exist".to_string()
            ),
        ]
    );
    // Required: the unfinished plan missing from the index, and `--fix --unsafe-fixes`
    // adds its line.
    write(
        root,
        ".execplan.toml",
        "author = \"Ada\"\n\n[index]\nrequire = true\n",
    );
    let found = check_json(root, &["."]);
    assert_eq!(
        of_rule(&found, "index-mismatch")
            .into_iter()
            .map(|(_, line, message)| (line, message))
            .filter(|(_, m)| m.contains("not in the index"))
            .collect::<Vec<_>>(),
        [(
            9,
            "`plans/forgotten.md` is unfinished but not in the index".to_string()
        )]
    );
    let fixed = Command::new(BIN)
        .args(["check", ".", "--fix", "--unsafe-fixes"])
        .current_dir(root)
        .output()
        .unwrap();
    // Exit 1: the plans here lack the built-in sections; the fix is applied all the same.
    assert_eq!(
        fixed.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&fixed.stderr)
    );
    let written = std::fs::read_to_string(root.join("PLANS.md")).unwrap();
    assert!(
        written.contains(
            " - Forgotten ([forgotten](plans/forgotten.md)) - status: in_progress - owner: Ada\n"
        ),
        "{written}"
    );
    let found = check_json(root, &["."]);
    assert!(
        of_rule(&found, "index-mismatch")
            .iter()
            .all(|(_, _, m)| !m.contains("not in the index")),
        "{found:?}"
    );
}
