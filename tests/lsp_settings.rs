//! The server's settings: the editor's (`initializationOptions`,
//! `workspace/didChangeConfiguration`), `.execplan.toml` winning over them, its errors as
//! diagnostics, and path rules against the repository's file index.

mod common;

use common::{file_uri, LspClient};
use serde_json::json;

fn codes(diagnostics: &[serde_json::Value]) -> Vec<(String, i64)> {
    diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_i64().unwrap(),
            )
        })
        .collect()
}

const PLAN: &str = "# ExecPlan: s\n\n## Goal\n\nFill <the blank>.\n\n## Progress\n\n- [ ] Start.\n\n## Context and Orientation\n\nSee `src/lib.rs` and `src/gone.rs`.\n";

fn repo(config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/lib.rs"), "").unwrap();
    std::fs::write(
        dir.path().join("PLANS.md"),
        "# PLANS\n\n## Required Sections\n\n1. Goal\n2. Progress\n3. Context and Orientation\n",
    )
    .unwrap();
    if let Some(config) = config {
        std::fs::write(dir.path().join(".execplan.toml"), config).unwrap();
    }
    dir
}

fn initialize(client: &mut LspClient, root: &std::path::Path, options: serde_json::Value) {
    client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": file_uri(root),
            "capabilities": {},
            "initializationOptions": options,
        }),
    );
    client.notify("initialized", json!({}));
}

#[test]
fn editor_settings_apply_and_change_and_paths_use_the_index() {
    let dir = repo(None);
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let mut client = LspClient::spawn();
    initialize(
        &mut client,
        &root,
        json!({ "execplan": { "rules": { "placeholder": "off" } } }),
    );
    let uri = file_uri(&root.join("plan.md"));
    client.open(&uri, PLAN);
    // The repository's PLANS.md is the schema: no missing sections; `src/gone.rs` is
    // missing (a warning in Context); the placeholder rule is off.
    assert_eq!(
        codes(&client.diagnostics_for(&uri, 1)),
        [("path-not-found".to_string(), 2)]
    );
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "execplan": { "rules": { "placeholder": "error" } } } }),
    );
    assert_eq!(
        codes(&client.diagnostics_for(&uri, 1)),
        [
            ("placeholder".to_string(), 1),
            ("path-not-found".to_string(), 2)
        ]
    );
    client.shutdown();
}

#[test]
fn the_config_file_wins_and_its_errors_are_diagnostics() {
    let dir = repo(Some(
        "[rules]\nplaceholder = \"hint\"\nno-such-rule = \"off\"\n",
    ));
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let mut client = LspClient::spawn();
    initialize(
        &mut client,
        &root,
        json!({ "execplan": { "rules": { "placeholder": "off", "path-not-found": "off" } } }),
    );
    let uri = file_uri(&root.join("plan.md"));
    client.open(&uri, PLAN);
    let config_uri = file_uri(&root.join(".execplan.toml"));
    let message = client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == config_uri
    });
    let errors = message["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("unknown rule `no-such-rule`"));
    assert_eq!(errors[0]["range"]["start"]["line"], 2);
    // placeholder: the file's "hint" wins over the editor's "off"; path-not-found: the
    // file says nothing, so the editor's "off" holds.
    assert_eq!(
        codes(&client.diagnostics_for(&uri, 1)),
        [("placeholder".to_string(), 4)]
    );
    client.shutdown();
}
