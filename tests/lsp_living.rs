//! The living-plan rules in the editor. `stale-plan`: found in the background after the
//! plan opens, shown on the Progress heading with each commit as related information and in the heading's hover,
//! kept on its heading while the plan is edited, and cleared when a new commit (HEAD
//! moving, as the client's file watcher reports it) brings the plan up to date, for push
//! and pull clients. And the contradiction and index rules on an open plan and PLANS.md.

mod common;

use std::path::Path;

use common::git::{commit, stale_repository, QUIET_PLAN};
use common::{file_uri, LspClient};
use serde_json::{json, Value};

fn start(root: &Path, pull: bool) -> LspClient {
    let mut client = LspClient::spawn();
    let mut capabilities = json!({
        "window": { "workDoneProgress": true },
        "workspace": {
            "didChangeWatchedFiles": { "dynamicRegistration": true },
            "diagnostics": { "refreshSupport": true },
            "workspaceFolders": true,
        },
        "textDocument": {
            "synchronization": { "didSave": true },
            "publishDiagnostics": { "relatedInformation": true },
        },
    });
    if pull {
        capabilities["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    }
    client.initialize_with(json!({
        "rootUri": file_uri(root),
        "workspaceFolders": [{ "uri": file_uri(root), "name": "w" }],
        "capabilities": capabilities,
    }));
    client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    client
}

fn stale(diagnostics: &[Value]) -> Option<&Value> {
    diagnostics.iter().find(|d| d["code"] == "stale-plan")
}

#[test]
fn a_stale_plan_is_shown_on_its_progress_heading_and_cleared_by_a_new_commit() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    stale_repository(&root);
    let mut client = start(&root, false);
    let uri = file_uri(&root.join("docs/plans/quiet.md"));
    client.open(&uri, QUIET_PLAN);
    let found = client.published_where(&uri, |d| stale(d).is_some());
    let finding = stale(&found).unwrap();
    assert_eq!(finding["severity"], 3, "information");
    assert_eq!(
        finding["range"]["start"],
        json!({ "line": 4, "character": 0 })
    );
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .starts_with("3 commits since the last entry (2026-11-20 09:15Z) changed files this plan names: src/report.rs (2), tests/report.rs (1)"),
        "{finding}"
    );
    let related = finding["relatedInformation"].as_array().unwrap();
    assert_eq!(related.len(), 3);
    for note in related {
        assert_eq!(note["location"]["uri"], uri.as_str());
    }
    assert_eq!(
        related[1]["location"]["range"]["start"],
        json!({ "line": 2, "character": 45 })
    );
    assert!(related[1]["message"]
        .as_str()
        .unwrap()
        .contains("Test the report (tests/report.rs)"));
    // The Progress code lens says so too, and `execplan/plans` counts the commits.
    let lenses = client.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri } }),
    );
    let lens = lenses[0]["command"]["title"].as_str().unwrap();
    assert!(
        lens.starts_with("1 of 2 done · last entry ") && lens.ends_with(" · stale: 3 commits"),
        "{lens}"
    );
    let plans = client.request("execplan/plans", json!({}));
    assert_eq!(plans["plans"][0]["staleCommits"], 3, "{plans}");
    // The heading's hover lists the commits.
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 4, "character": 4 } }),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("**Stale:** 3 commits"), "{shown}");
    assert!(
        shown.contains("2026-11-23 Flush at exit (`src/report.rs`)"),
        "{shown}"
    );
    // Typing above the heading moves the finding with it, without git.
    client.change(
        &uri,
        2,
        json!([{ "range": { "start": { "line": 1, "character": 0 }, "end": { "line": 1, "character": 0 } }, "text": "\nA line.\n" }]),
    );
    let moved = client.diagnostics_for(&uri, 2);
    assert_eq!(
        stale(&moved).expect("still stale")["range"]["start"],
        json!({ "line": 6, "character": 0 })
    );
    // A commit that brings the plan up to date; the watcher reports the branch moving.
    let updated = QUIET_PLAN.replace(
        "- [ ] Add the flag.",
        "- [x] (2026-11-24 09:00Z) Buffered output; flag next.\n- [ ] Add the flag.",
    );
    commit(
        &root,
        &[("docs/plans/quiet.md", &updated)],
        "Update the plan",
        "2026-11-24T09:00:00Z",
    );
    client.change(&uri, 3, json!([{ "text": updated }]));
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&root.join(".git/refs/heads/main")), "type": 2 }] }),
    );
    client.published_where(&uri, |d| stale(d).is_none());
    client.shutdown();
}

#[test]
fn a_pull_client_gets_the_finding_after_a_refresh() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    stale_repository(&root);
    let mut client = start(&root, true);
    let uri = file_uri(&root.join("docs/plans/quiet.md"));
    client.open(&uri, QUIET_PLAN);
    // The server asks the client to pull again once the staleness is found (an earlier
    // refresh, from indexing, may come first).
    let mut found = false;
    for _ in 0..5 {
        client.wait_for(|m| m["method"] == "workspace/diagnostic/refresh");
        let report = client.request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri } }),
        );
        if stale(report["items"].as_array().unwrap()).is_some() {
            found = true;
            break;
        }
    }
    assert!(found, "no pull after a refresh had the stale-plan finding");
    client.shutdown();
}

/// The contradiction rules and the index check over LSP: a plan whose status says done
/// with items open, and PLANS.md's index compared with the workspace's plans on disk.
#[test]
fn contradictions_and_the_index_in_the_editor() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::create_dir_all(root.join("plans")).unwrap();
    let rules = "# ExecPlan: Rules\n\nStatus: COMPLETED\n\n## Progress\n\n- [x] (2026-11-20 09:00Z) Write.\n- [ ] Document.\n";
    std::fs::write(root.join("plans/rules.md"), rules).unwrap();
    let standard = "# Plans\n\n## Active ExecPlan Index\n\n- 2026-11-20 - Rules - status: in_progress - owner: Ada\n- 2026-11-22 - [Gone](plans/gone.md) - status: planned - owner: Ada\n";
    std::fs::write(root.join("PLANS.md"), standard).unwrap();
    let mut client = start(&root, false);
    let plan_uri = file_uri(&root.join("plans/rules.md"));
    client.open(&plan_uri, rules);
    let found = client.diagnostics_for(&plan_uri, 1);
    let contradiction = found
        .iter()
        .find(|d| d["code"] == "status-contradiction")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!(
        contradiction["range"],
        json!({ "start": { "line": 2, "character": 8 }, "end": { "line": 2, "character": 17 } })
    );
    let index_uri = file_uri(&root.join("PLANS.md"));
    client.open(&index_uri, standard);
    let found = client.diagnostics_for(&index_uri, 1);
    let messages: Vec<&str> = found
        .iter()
        .filter(|d| d["code"] == "index-mismatch")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "The index says `in_progress`, but `plans/rules.md` says `COMPLETED`: update one of them",
            "The index lists `plans/gone.md`, which does not exist",
        ]
    );
    client.shutdown();
}
