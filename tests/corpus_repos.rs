//! The six real repository layouts in `../shared/corpus/repos` (markdown of public
//! repositories that keep ExecPlans, each file labelled plan, standard, template, index or
//! other in its MANIFEST.tsv), checked as a user checks them: `execplan-ls plans` must
//! analyse exactly the files labelled plan, `check` must report no error or warning on
//! any other file, and the errors left on plans must be exactly those reviewed below
//! (each a section the repository's own standard requires and the plan lacks).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_execplan-ls");

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/repos");
    dir.join("MANIFEST.tsv").is_file().then_some(dir)
}

/// Copies `from` into `to` (files only; the corpus holds no links that matter here), with
/// write permission, since `../shared` may come read-only.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else if kind.is_file() {
            std::fs::write(&target, std::fs::read(entry.path()).unwrap()).unwrap();
        }
    }
}

/// The missing sections reviewed as right, by repository and plan: what the repository's
/// own PLANS.md requires and the plan does not have.
const REVIEWED_ERRORS: &[(&str, &str, usize)] = &[
    // Follows EP-TEMPLATE.md's shape (Objective/Scope/Plan/Execution Log/Closeout), which
    // differs from the eight sections .agent/PLANS.md requires.
    (
        "01",
        ".agent/execplans/active/EP-2026-02-16__completion-checklist-p0-launch.md",
        7,
    ),
    // An archived plan with Objective/Scope/Risks/Validation Plan/Rollback Plan/Outcome.
    (
        "01",
        ".agent/execplans/archive/EP-2026-02-15__e1-domain-overrides-productization.md",
        6,
    ),
    // No Outcomes & Retrospective; no Concrete Steps.
    (
        "02",
        "docs/exec-plans/active/match-timer-ux/PLAN_match-timer-ux.md",
        1,
    ),
    (
        "02",
        "docs/exec-plans/active/substitution-nav/PLAN_substitution_nav.md",
        1,
    ),
    // The orchestration plan lacks 13 of the 20 sections .agent/PLANS.md's skeleton lists.
    (
        "03",
        "docs/exec-plans/completed/customer-order-cancellation-and-recovery.md",
        13,
    ),
    (
        "03",
        "docs/exec-plans/completed/ordinary-point-accrual-policy-management.md",
        1,
    ),
    // Early-format plans without 证据与备注 / 接口与依赖, and one short plan.
    (
        "04",
        "docs/exec-plans/completed/agent-runtime-prototype.md",
        2,
    ),
    (
        "04",
        "docs/exec-plans/completed/agent-session-surface-alignment.md",
        2,
    ),
    (
        "04",
        "docs/exec-plans/completed/canvas-architecture-research.md",
        2,
    ),
    (
        "04",
        "docs/exec-plans/completed/dev-session-canvas-extension-identity-cutover.md",
        5,
    ),
    (
        "04",
        "docs/exec-plans/completed/reactflow-canvas-prototype.md",
        2,
    ),
    (
        "04",
        "docs/exec-plans/completed/task-note-editable-nodes.md",
        2,
    ),
    ("04", "docs/exec-plans/completed/terminal-proxy-node.md", 2),
    (
        "04",
        "docs/exec-plans/completed/webviewpanel-prototype-bootstrap.md",
        2,
    ),
];

#[test]
fn real_repository_layouts_give_findings_on_plans_only() {
    let Some(repos) = corpus() else {
        eprintln!("no ../shared/corpus/repos: skipped");
        return;
    };
    let manifest = std::fs::read_to_string(repos.join("MANIFEST.tsv")).unwrap();
    let mut labels: BTreeMap<(String, String), String> = BTreeMap::new();
    for row in manifest.lines().skip(1) {
        let cells: Vec<&str> = row.split('\t').collect();
        labels.insert((cells[0].into(), cells[1].into()), cells[2].into());
    }
    let dirs: Vec<String> = {
        let mut d: Vec<String> = labels.keys().map(|(d, _)| d.clone()).collect();
        d.dedup();
        d
    };
    let work = tempfile::tempdir().unwrap();
    let mut errors: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for dir in &dirs {
        let root = work.path().join(dir);
        copy_tree(&repos.join(dir), &root);
        std::fs::create_dir_all(root.join(".git")).unwrap();

        // Which files are plans.
        let listed = Command::new(BIN)
            .args(["plans", "."])
            .current_dir(&root)
            .output()
            .unwrap();
        assert!(
            listed.status.success(),
            "{}",
            String::from_utf8_lossy(&listed.stderr)
        );
        for line in String::from_utf8(listed.stdout).unwrap().lines() {
            let (path, why) = line.split_once('\t').unwrap();
            let path = path.trim_start_matches("./").to_string();
            let label = labels
                .get(&(dir.clone(), path.clone()))
                .map_or("unlabelled", String::as_str);
            if why.starts_with("plan") != (label == "plan") {
                problems.push(format!("{dir}/{path} ({label}): {why}"));
            }
        }

        // What check reports.
        let checked = Command::new(BIN)
            .args(["check", ".", "--format", "json"])
            .env("EXECPLAN_NOW", "2026-12-04T00:00:00Z")
            .current_dir(&root)
            .output()
            .unwrap();
        let found: serde_json::Value = serde_json::from_slice(&checked.stdout).unwrap();
        for finding in found.as_array().unwrap() {
            let path = finding["path"]
                .as_str()
                .unwrap()
                .trim_start_matches("./")
                .to_string();
            let severity = finding["severity"].as_str().unwrap();
            let label = labels
                .get(&(dir.clone(), path.clone()))
                .map_or("unlabelled", String::as_str);
            if label != "plan" && matches!(severity, "error" | "warning") {
                problems.push(format!("{dir}/{path} ({label}) has a finding: {finding}"));
            }
            if severity == "error" {
                *errors.entry((dir.clone(), path)).or_default() += 1;
            }
        }
    }
    let reviewed: BTreeMap<(String, String), usize> = REVIEWED_ERRORS
        .iter()
        .map(|&(d, p, n)| ((d.to_string(), p.to_string()), n))
        .collect();
    assert_eq!(
        errors, reviewed,
        "errors on plans differ from the reviewed list"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
