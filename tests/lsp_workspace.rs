//! The whole workspace over stdio: background indexing with progress, diagnostics in
//! exactly one model per client (pull or push), file events flipping `path-not-found` in
//! open and closed plans, `workspace/diagnostic` over closed plans, and renames.

mod common;

use std::path::{Path, PathBuf};

use common::{file_uri, plan_without, LspClient};
use serde_json::{json, Value};

/// A plan that names `src/new.rs` (missing at first) in Context and Orientation.
fn plan_naming_new_file() -> String {
    plan_without(&[]).replace(
        "## Context and Orientation\n\nText.\n",
        "## Context and Orientation\n\nThe code lives in `src/new.rs`.\n",
    )
}

/// A workspace: an open plan `open.md`, a closed plan `plans/closed.md` (both naming
/// `src/new.rs`), a closed plan missing Progress, and a README that is no plan.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::create_dir_all(root.join("plans")).unwrap();
    std::fs::write(root.join("src/lib.rs"), "").unwrap();
    std::fs::write(root.join("open.md"), plan_naming_new_file()).unwrap();
    std::fs::write(root.join("plans/closed.md"), plan_naming_new_file()).unwrap();
    std::fs::write(
        root.join("plans/no-progress.md"),
        plan_without(&["Progress"]),
    )
    .unwrap();
    std::fs::write(root.join("README.md"), "# Readme\n\nSee `src/gone.rs`.\n").unwrap();
    (dir, root)
}

/// Initializes as a client that pulls diagnostics (or not), with work-done progress,
/// dynamic file watching and diagnostic refresh, and waits for the index.
fn start(root: &Path, pull: bool) -> (LspClient, Value) {
    let mut client = LspClient::spawn();
    let mut capabilities = json!({
        "window": { "workDoneProgress": true },
        "workspace": {
            "didChangeWatchedFiles": { "dynamicRegistration": true },
            "diagnostics": { "refreshSupport": true },
            "workspaceFolders": true,
        },
        "textDocument": { "synchronization": { "didSave": true } },
    });
    if pull {
        capabilities["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    }
    let result = client.initialize_with(json!({
        "rootUri": file_uri(root),
        "workspaceFolders": [{ "uri": file_uri(root), "name": "w" }],
        "capabilities": capabilities,
    }));
    client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    (client, result)
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

fn has_path_not_found(diagnostics: &[Value]) -> bool {
    codes(diagnostics).iter().any(|c| c == "path-not-found")
}

fn pull(client: &mut LspClient, uri: &str, previous: Option<&str>) -> Value {
    client.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": uri }, "previousResultId": previous }),
    )
}

/// `workspace/diagnostic`'s full reports, by URI.
fn workspace_reports(client: &mut LspClient) -> Vec<(String, Vec<Value>)> {
    let result = client.request("workspace/diagnostic", json!({ "previousResultIds": [] }));
    result["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            assert_eq!(item["kind"], "full", "{item}");
            (
                item["uri"].as_str().unwrap().to_string(),
                item["items"].as_array().unwrap().clone(),
            )
        })
        .collect()
}

fn report_for<'a>(reports: &'a [(String, Vec<Value>)], uri: &str) -> &'a [Value] {
    &reports
        .iter()
        .find(|(u, _)| u == uri)
        .unwrap_or_else(|| panic!("no report for {uri}: {reports:?}"))
        .1
}

fn watched(client: &mut LspClient, path: &Path, kind: u32) {
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(path), "type": kind }] }),
    );
}

const CREATED: u32 = 1;
const DELETED: u32 = 3;

fn published(messages: &[Value]) -> Vec<&Value> {
    messages
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .collect()
}

#[test]
fn a_pull_client_pulls_and_is_never_pushed_to() {
    let (_dir, root) = workspace();
    let (mut client, init) = start(&root, true);
    let provider = &init["capabilities"]["diagnosticProvider"];
    assert_eq!(provider["workspaceDiagnostics"], true, "{init}");
    assert_eq!(provider["interFileDependencies"], true);
    let registration = client.wait_for(|m| m["method"] == "client/registerCapability");
    let watchers = registration["params"]["registrations"][0]["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["globPattern"].as_str().unwrap().to_string())
        .collect::<Vec<_>>();
    assert!(
        watchers.contains(&"**/.execplan.toml".to_string()),
        "{watchers:?}"
    );
    assert!(watchers.contains(&"**/*".to_string()), "{watchers:?}");

    let uri = file_uri(&root.join("plans/no-progress.md"));
    client.open(&uri, &plan_without(&["Progress"]));
    let first = pull(&mut client, &uri, None);
    assert_eq!(first["kind"], "full");
    assert_eq!(
        codes(first["items"].as_array().unwrap()),
        ["missing-section"]
    );
    let id = first["resultId"].as_str().unwrap().to_string();
    // Nothing changed: the same result id is answered `unchanged`.
    let second = pull(&mut client, &uri, Some(&id));
    assert_eq!(second, json!({ "kind": "unchanged", "resultId": id }));
    // An edit that fixes the plan changes the report.
    client.change(&uri, 2, json!([{ "text": plan_without(&[]) }]));
    let third = pull(&mut client, &uri, Some(&id));
    assert_eq!(third["kind"], "full");
    assert_eq!(third["items"], json!([]));

    let rest = client.take_received();
    assert!(
        published(&rest).is_empty(),
        "a pull client got pushed diagnostics: {rest:#?}"
    );
    client.shutdown();
}

#[test]
fn a_push_client_is_pushed_one_set_and_offered_no_pull() {
    let (_dir, root) = workspace();
    let (mut client, init) = start(&root, false);
    assert!(
        init["capabilities"].get("diagnosticProvider").is_none(),
        "{init}"
    );
    let uri = file_uri(&root.join("plans/no-progress.md"));
    client.open(&uri, &plan_without(&["Progress"]));
    assert_eq!(codes(&client.diagnostics_for(&uri, 1)), ["missing-section"]);
    client.change(&uri, 2, json!([{ "text": plan_without(&[]) }]));
    assert_eq!(client.diagnostics_for(&uri, 2), Vec::<Value>::new());
    let rest = client.take_received();
    let extra = published(&rest);
    assert!(
        extra.is_empty(),
        "one set per version, nothing more: {extra:#?}"
    );
    assert!(
        !rest
            .iter()
            .any(|m| m["method"] == "workspace/diagnostic/refresh"),
        "a push client is never asked to pull: {rest:#?}"
    );
    client.shutdown();
}

#[test]
fn creating_and_deleting_a_file_flips_path_not_found_in_open_and_closed_plans() {
    let (_dir, root) = workspace();
    let (mut client, _) = start(&root, true);
    let open = file_uri(&root.join("open.md"));
    let closed = file_uri(&root.join("plans/closed.md"));
    client.open(&open, &plan_naming_new_file());
    let before = pull(&mut client, &open, None);
    assert!(
        has_path_not_found(before["items"].as_array().unwrap()),
        "{before}"
    );
    let reports = workspace_reports(&mut client);
    assert!(has_path_not_found(report_for(&reports, &closed)));
    client.take_received();

    let new_file = root.join("src/new.rs");
    std::fs::write(&new_file, "fn main() {}\n").unwrap();
    watched(&mut client, &new_file, CREATED);
    client.wait_for(|m| m["method"] == "workspace/diagnostic/refresh");
    let after = pull(&mut client, &open, None);
    assert!(
        !has_path_not_found(after["items"].as_array().unwrap()),
        "{after}"
    );
    let reports = workspace_reports(&mut client);
    assert!(
        !has_path_not_found(report_for(&reports, &closed)),
        "{reports:?}"
    );
    assert!(
        !has_path_not_found(report_for(&reports, &open)),
        "{reports:?}"
    );

    std::fs::remove_file(&new_file).unwrap();
    watched(&mut client, &new_file, DELETED);
    client.wait_for(|m| m["method"] == "workspace/diagnostic/refresh");
    let gone = pull(&mut client, &open, None);
    assert!(
        has_path_not_found(gone["items"].as_array().unwrap()),
        "{gone}"
    );
    let reports = workspace_reports(&mut client);
    assert!(has_path_not_found(report_for(&reports, &closed)));
    client.shutdown();
}

#[test]
fn a_push_client_sees_path_not_found_flip_in_its_open_plan() {
    let (_dir, root) = workspace();
    let (mut client, _) = start(&root, false);
    let open = file_uri(&root.join("open.md"));
    client.open(&open, &plan_naming_new_file());
    assert!(has_path_not_found(&client.diagnostics_for(&open, 1)));

    let new_file = root.join("src/new.rs");
    std::fs::write(&new_file, "").unwrap();
    watched(&mut client, &new_file, CREATED);
    client.published_where(&open, |d| !has_path_not_found(d));
    std::fs::remove_file(&new_file).unwrap();
    watched(&mut client, &new_file, DELETED);
    client.published_where(&open, has_path_not_found);
    client.shutdown();
}

#[test]
fn workspace_diagnostic_lists_closed_plans_with_their_issues_and_no_other_markdown() {
    let (_dir, root) = workspace();
    std::fs::write(
        root.join(".execplan.toml"),
        "[rules]\nplaceholder = \"loud\"\n",
    )
    .unwrap();
    let (mut client, _) = start(&root, true);
    let reports = workspace_reports(&mut client);
    let uris: Vec<&str> = reports.iter().map(|(u, _)| u.as_str()).collect();
    assert_eq!(
        uris,
        [
            file_uri(&root.join("open.md")),
            file_uri(&root.join("plans/closed.md")),
            file_uri(&root.join("plans/no-progress.md")),
            file_uri(&root.join(".execplan.toml")),
        ]
    );
    assert_eq!(
        codes(report_for(
            &reports,
            &file_uri(&root.join("plans/no-progress.md"))
        )),
        ["missing-section"]
    );
    let config = report_for(&reports, &file_uri(&root.join(".execplan.toml")));
    assert_eq!(config.len(), 1, "{config:?}");

    // Unchanged reports are answered `unchanged` for their previous ids.
    let result = client.request("workspace/diagnostic", json!({ "previousResultIds": [] }));
    let previous: Vec<Value> = result["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| json!({ "uri": i["uri"], "value": i["resultId"] }))
        .collect();
    let again = client.request(
        "workspace/diagnostic",
        json!({ "previousResultIds": previous }),
    );
    assert!(
        again["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["kind"] == "unchanged"),
        "{again}"
    );
    client.shutdown();
}

/// Applies a `WorkspaceEdit`'s edits for `uri` to `text` (single-line ranges, ASCII).
fn apply(text: &str, edit: &Value, uri: &str) -> String {
    let mut edits = edit["changes"][uri].as_array().unwrap().clone();
    edits.sort_by_key(|e| {
        std::cmp::Reverse((
            e["range"]["start"]["line"].as_u64().unwrap(),
            e["range"]["start"]["character"].as_u64().unwrap(),
        ))
    });
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    for e in edits {
        let start = &e["range"]["start"];
        let end = &e["range"]["end"];
        assert_eq!(start["line"], end["line"]);
        let line = &mut lines[start["line"].as_u64().unwrap() as usize];
        line.replace_range(
            start["character"].as_u64().unwrap() as usize
                ..end["character"].as_u64().unwrap() as usize,
            e["newText"].as_str().unwrap(),
        );
    }
    lines.join("\n")
}

#[test]
fn will_rename_files_rewrites_references_in_open_and_closed_plans() {
    let (_dir, root) = workspace();
    let referring = plan_without(&[]).replace(
        "## Context and Orientation\n\nText.\n",
        "## Context and Orientation\n\nSee `src/lib.rs:12` and [the lib](../src/lib.rs#L3).\n",
    );
    std::fs::write(root.join("plans/closed.md"), &referring).unwrap();
    let (mut client, init) = start(&root, false);
    let filters = &init["capabilities"]["workspace"]["fileOperations"]["willRename"]["filters"];
    assert_eq!(filters[0]["pattern"]["glob"], "**/*", "{init}");
    let open = file_uri(&root.join("open.md"));
    // The open copy is not the disk's: its text wins.
    let open_text = format!("{}\nAlso `src/lib.rs`.\n", plan_without(&[]));
    client.open(&open, &open_text);
    client.diagnostics_for(&open, 1);

    let edit = client.request(
        "workspace/willRenameFiles",
        json!({ "files": [{
            "oldUri": file_uri(&root.join("src/lib.rs")),
            "newUri": file_uri(&root.join("core/lib.rs")),
        }] }),
    );
    let closed = file_uri(&root.join("plans/closed.md"));
    assert_eq!(
        apply(&referring, &edit, &closed),
        referring.replace(
            "`src/lib.rs:12` and [the lib](../src/lib.rs#L3)",
            "`core/lib.rs:12` and [the lib](../core/lib.rs#L3)"
        )
    );
    assert_eq!(
        apply(&open_text, &edit, &open),
        open_text.replace("`src/lib.rs`", "`core/lib.rs`")
    );
    assert_eq!(edit["changes"].as_object().unwrap().len(), 2, "{edit}");

    // A folder: everything under it follows.
    let edit = client.request(
        "workspace/willRenameFiles",
        json!({ "files": [{
            "oldUri": file_uri(&root.join("src")),
            "newUri": file_uri(&root.join("source")),
        }] }),
    );
    assert_eq!(
        apply(&referring, &edit, &closed),
        referring.replace(
            "`src/lib.rs:12` and [the lib](../src/lib.rs#L3)",
            "`source/lib.rs:12` and [the lib](../source/lib.rs#L3)"
        )
    );
    client.shutdown();
}

#[test]
fn folders_added_later_are_indexed_and_removed_ones_forgotten() {
    let (_dir, root) = workspace();
    let second_dir = tempfile::tempdir().unwrap();
    let second = std::fs::canonicalize(second_dir.path()).unwrap();
    std::fs::write(second.join("other.md"), plan_without(&["Decision Log"])).unwrap();
    let (mut client, _) = start(&root, true);
    let other = file_uri(&second.join("other.md"));
    assert!(!workspace_reports(&mut client)
        .iter()
        .any(|(u, _)| *u == other));

    let folder = json!([{ "uri": file_uri(&second), "name": "second" }]);
    client.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({ "event": { "added": folder, "removed": [] } }),
    );
    client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let reports = workspace_reports(&mut client);
    assert_eq!(codes(report_for(&reports, &other)), ["missing-section"]);
    assert!(reports
        .iter()
        .any(|(u, _)| *u == file_uri(&root.join("open.md"))));

    client.take_received();
    client.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({ "event": { "added": [], "removed": folder } }),
    );
    client.wait_for(|m| m["method"] == "workspace/diagnostic/refresh");
    assert!(!workspace_reports(&mut client)
        .iter()
        .any(|(u, _)| *u == other));
    client.shutdown();
}

#[test]
fn a_changed_config_is_read_again_and_its_errors_shown_on_itself() {
    let (_dir, root) = workspace();
    let (mut client, _) = start(&root, false);
    let uri = file_uri(&root.join("plans/no-progress.md"));
    client.open(&uri, &plan_without(&["Progress"]));
    assert_eq!(codes(&client.diagnostics_for(&uri, 1)), ["missing-section"]);

    let config = root.join(".execplan.toml");
    std::fs::write(
        &config,
        "[rules]\nmissing-section = \"off\"\nplaceholder = \"loud\"\n",
    )
    .unwrap();
    watched(&mut client, &config, CREATED);
    let errors = client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == file_uri(&config)
    });
    assert_eq!(
        errors["params"]["diagnostics"].as_array().unwrap().len(),
        1,
        "{errors}"
    );
    client.published_where(&uri, |d| d.is_empty());

    std::fs::remove_file(&config).unwrap();
    watched(&mut client, &config, DELETED);
    client.published_where(&uri, |d| codes(d) == ["missing-section"]);
    client.shutdown();
}

/// A client that offers work-done progress but never answers the server's requests must
/// still get its diagnostics: the server stops waiting for the progress token.
#[test]
fn a_client_that_never_answers_still_gets_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    let mut client = LspClient::spawn();
    client.silent = true;
    let root = file_uri(dir.path());
    client.initialize_with(json!({
        "rootUri": root,
        "workspaceFolders": [{ "uri": root, "name": "w" }],
        "capabilities": {
            "window": { "workDoneProgress": true },
            "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } }
        }
    }));
    let uri = file_uri(&dir.path().join("plan.md"));
    client.open(&uri, &plan_without(&["Progress"]));
    let diagnostics = client.diagnostics_for(&uri, 1);
    assert!(
        diagnostics.iter().any(|d| d["code"] == "missing-section"),
        "{diagnostics:?}"
    );
}

/// In the editor as in `check`: the repository's only PLANS.md (kept beside its skill,
/// listing its sections as `###` headings under `## 必須セクション`) is the schema, a plan
/// following it is clean, a README mentioning ExecPlans is no plan, and a PLANS.md whose
/// list cannot be read says so on itself.
#[test]
fn the_editor_reads_the_repository_standard_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let skill = root.join(".codex/skills/execplan/references");
    std::fs::create_dir_all(&skill).unwrap();
    std::fs::create_dir_all(root.join("plans")).unwrap();
    std::fs::write(
        skill.join("PLANS.md"),
        "# ExecPlan Standard\n\n## 必須セクション\n\n### Goal\n\n### Scope\n\n### Progress\n\n- 進捗を時系列で追記する。\n",
    )
    .unwrap();
    let plan = "# ExecPlan: ship\n\n## Goal\n\nShip it.\n\n## Scope\n\nAll of it.\n\n## Progress\n\n- 2026-01-12: started.\n";
    std::fs::write(root.join("plans/a.md"), plan).unwrap();
    let readme = "# Widgets\n\nWe plan big changes with ExecPlans; see `.codex/skills/execplan/references/PLANS.md`.\n\n## Install\n";
    std::fs::write(root.join("README.md"), readme).unwrap();
    let (mut client, _) = start(&root, false);
    let plan_uri = file_uri(&root.join("plans/a.md"));
    client.open(&plan_uri, plan);
    assert_eq!(client.diagnostics_for(&plan_uri, 1), Vec::<Value>::new());
    let readme_uri = file_uri(&root.join("README.md"));
    client.open(&readme_uri, readme);
    assert_eq!(client.diagnostics_for(&readme_uri, 1), Vec::<Value>::new());
    // A standard whose list reads as commands: a warning on the standard itself.
    let unreadable = "# Plans\n\n## Required sections\n\n- `mise run check`\n- `mise run build`\n- `mise run test`\n";
    let other = root.join("docs/PLANS.md");
    std::fs::create_dir_all(root.join("docs")).unwrap();
    std::fs::write(&other, unreadable).unwrap();
    let other_uri = file_uri(&other);
    client.open(&other_uri, unreadable);
    let found = client.diagnostics_for(&other_uri, 1);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "standard-schema");
    client.shutdown();
}
