//! Progress at a glance over LSP: `execplan/plans` lists the workspace's plans (open or
//! not) stalest unfinished first, `execplan/plansChanged` follows a change to a plan, the
//! code lens on Progress counts its items and runs "Add progress entry (now)" through
//! `workspace/executeCommand` and `workspace/applyEdit`, and inlay hints age the stamps
//! when `inlayHints.relativeTime` is on. Every answer passes the validating client.

mod common;

use std::path::{Path, PathBuf};

use common::{file_uri, LspClient};
use serde_json::{json, Value};

const NOW: &str = "2026-11-25T12:00:00Z";

const ACTIVE: &str = "# ExecPlan: Add a flag\n\n## Progress\n\n\
                      - [x] (2026-11-22 09:15Z) Read the code.\n- [ ] Add the flag.\n\n\
                      ## Decision Log\n\n- Decision: d\n  Date/Author: 2026-11-20 / Ada\n";
const FINISHED: &str = "# ExecPlan: Ship the importer\n\nStatus: done\n\n## Progress\n\n\
                        - [x] (2026-11-01 10:00Z) All of it.\n";

fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    std::fs::write(root.join("active.md"), ACTIVE).unwrap();
    std::fs::write(root.join("finished.md"), FINISHED).unwrap();
    std::fs::write(root.join("README.md"), "# Project\n\nNot a plan.\n").unwrap();
    (dir, root)
}

fn start(root: &Path, options: Value) -> LspClient {
    let mut client = LspClient::spawn_with_env(&[], &[("EXECPLAN_NOW", NOW)]);
    let result = client.initialize_with(json!({
        "rootUri": file_uri(root),
        "initializationOptions": options,
        "capabilities": {
            "workspace": { "workspaceEdit": { "documentChanges": true } },
        },
    }));
    let capabilities = &result["capabilities"];
    assert_eq!(capabilities["codeLensProvider"]["resolveProvider"], false);
    assert_eq!(capabilities["inlayHintProvider"], true);
    assert_eq!(
        capabilities["executeCommandProvider"]["commands"],
        json!(["execplan-ls.addProgressEntry"])
    );
    client
}

fn plans(client: &mut LspClient) -> Vec<Value> {
    client.request("execplan/plans", json!({}))["plans"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn plans_are_listed_from_the_index_and_follow_edits() {
    let (_dir, root) = workspace();
    let mut client = start(&root, json!({}));
    let listed = plans(&mut client);
    let active_uri = file_uri(&root.join("active.md"));
    assert_eq!(
        listed,
        [
            json!({
                "uri": active_uri,
                "title": "ExecPlan: Add a flag",
                "status": null,
                "statusKind": null,
                "unfinished": true,
                "done": 1,
                "total": 2,
                "lastEntry": "2026-11-22 09:15Z",
                "lastEntryAge": "3 days ago",
                "staleCommits": null,
                "progressLine": "1 of 2 done · last entry 3 days ago",
                "progressRange": {
                    "start": { "line": 2, "character": 0 },
                    "end": { "line": 2, "character": 11 },
                },
            }),
            json!({
                "uri": file_uri(&root.join("finished.md")),
                "title": "ExecPlan: Ship the importer",
                "status": "done",
                "statusKind": "done",
                "unfinished": false,
                "done": 1,
                "total": 1,
                "lastEntry": "2026-11-01 10:00Z",
                "lastEntryAge": "3 weeks ago",
                "staleCommits": null,
                "progressLine": "1 of 1 done · last entry 3 weeks ago",
                "progressRange": {
                    "start": { "line": 4, "character": 0 },
                    "end": { "line": 4, "character": 11 },
                },
            }),
        ]
    );

    // Opened and then edited so the last item is done: a notification, then the new row
    // (its open text, not the disk's), now finished and so listed last.
    client.open(&active_uri, ACTIVE);
    let edited = ACTIVE.replace(
        "- [ ] Add the flag.",
        "- [x] (2026-11-25 11:00Z) Add the flag.",
    );
    client.change(&active_uri, 2, json!([{ "text": edited }]));
    client.wait_for(|m| m["method"] == "execplan/plansChanged");
    let listed = plans(&mut client);
    let active = listed.iter().position(|p| p["uri"] == active_uri).unwrap();
    assert_eq!(active, 1, "{listed:#?}");
    assert_eq!(
        (
            &listed[1]["done"],
            &listed[1]["total"],
            &listed[1]["unfinished"]
        ),
        (&json!(2), &json!(2), &json!(false))
    );
    assert_eq!(listed[1]["progressLine"], "2 of 2 done · last entry today");

    // A plan created on disk, announced by a watched-file event.
    let created = root.join("new.md");
    std::fs::write(&created, "# ExecPlan: New\n\n## Progress\n\n- [ ] a\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&created), "type": 1 }] }),
    );
    // An announcement of the earlier edit may still be on its way: ask again after each
    // one until the new plan is listed (one more, at most).
    let mut listed = Vec::new();
    for _ in 0..2 {
        client.wait_for(|m| m["method"] == "execplan/plansChanged");
        listed = plans(&mut client);
        if listed.iter().any(|p| p["uri"] == file_uri(&created)) {
            break;
        }
    }
    // No dated entry: the oldest of the unfinished, so first.
    assert_eq!(listed[0]["uri"], file_uri(&created), "{listed:#?}");
    assert_eq!(listed[0]["progressLine"], "0 of 1 done");
    assert_eq!(listed.len(), 3);
    client.shutdown();
}

#[test]
fn the_code_lens_counts_progress_and_adds_an_entry() {
    let (_dir, root) = workspace();
    let mut client = start(&root, json!({}));
    let uri = file_uri(&root.join("active.md"));
    client.open(&uri, ACTIVE);
    let lenses = client.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(
        lenses,
        json!([{
            "range": { "start": { "line": 2, "character": 0 }, "end": { "line": 2, "character": 11 } },
            "command": {
                "title": "1 of 2 done · last entry 3 days ago",
                "command": "execplan-ls.addProgressEntry",
                "arguments": [uri],
            },
        }])
    );
    // Clicking it: the server asks the client to apply the entry, stamped now, against
    // the version it has (the validating client checks the edit applies to it).
    let command = lenses[0]["command"].clone();
    let answer = client.request(
        "workspace/executeCommand",
        json!({ "command": command["command"], "arguments": command["arguments"] }),
    );
    assert_eq!(answer, Value::Null);
    let apply = client.wait_for(|m| m["method"] == "workspace/applyEdit");
    let change = &apply["params"]["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"], json!({ "uri": uri, "version": 1 }));
    let inserted = change["edits"][0]["newText"].as_str().unwrap();
    assert!(
        inserted.contains("- [ ] (2026-11-25 12:00Z) "),
        "{inserted:?}"
    );

    // No lens on a document that is not a plan, nor on a plan without Progress.
    let readme = file_uri(&root.join("README.md"));
    client.open(&readme, "# Project\n\nNot a plan.\n");
    let none = client.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": readme } }),
    );
    assert_eq!(none, Value::Null);
    let bare = file_uri(&root.join("bare.md"));
    client.open(
        &bare,
        "# ExecPlan: Bare\n\n## Decision Log\n\n- Decision: d\n",
    );
    let none = client.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": bare } }),
    );
    assert_eq!(none, Value::Null);
    client.shutdown();
}

fn hints(client: &mut LspClient, uri: &str, range: Value) -> Value {
    client.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri }, "range": range }),
    )
}

fn labels(hints: &Value) -> Vec<(u64, u64, String)> {
    hints
        .as_array()
        .map(|hints| {
            hints
                .iter()
                .map(|h| {
                    (
                        h["position"]["line"].as_u64().unwrap(),
                        h["position"]["character"].as_u64().unwrap(),
                        h["label"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn inlay_hints_age_stamps_only_when_asked_and_in_range() {
    let (_dir, root) = workspace();
    let uri = file_uri(&root.join("active.md"));
    let whole =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 20, "character": 0 } });

    // Off by default.
    let mut client = start(&root, json!({}));
    client.open(&uri, ACTIVE);
    assert_eq!(labels(&hints(&mut client, &uri, whole.clone())), []);
    client.shutdown();

    let mut client = start(
        &root,
        json!({ "execplan": { "inlayHints": { "relativeTime": true } } }),
    );
    client.open(&uri, ACTIVE);
    assert_eq!(
        labels(&hints(&mut client, &uri, whole.clone())),
        [
            (4, 24, "3d ago".to_string()),
            (10, 25, "5d ago".to_string()),
        ]
    );
    // Only the range asked for.
    let first_item =
        json!({ "start": { "line": 4, "character": 0 }, "end": { "line": 4, "character": 40 } });
    assert_eq!(
        labels(&hints(&mut client, &uri, first_item)),
        [(4, 24, "3d ago".to_string())]
    );
    let decision =
        json!({ "start": { "line": 9, "character": 0 }, "end": { "line": 11, "character": 0 } });
    assert_eq!(
        labels(&hints(&mut client, &uri, decision)),
        [(10, 25, "5d ago".to_string())]
    );
    // `.execplan.toml` wins over the editor: off again.
    std::fs::write(
        root.join(".execplan.toml"),
        "[inlay_hints]\nrelative_time = false\n",
    )
    .unwrap();
    client.shutdown();
    let mut client = start(
        &root,
        json!({ "execplan": { "inlayHints": { "relativeTime": true } } }),
    );
    client.open(&uri, ACTIVE);
    assert_eq!(labels(&hints(&mut client, &uri, whole)), []);
    client.shutdown();
}
