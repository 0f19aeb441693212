//! Editing features over stdio: completion, code actions and definition, with positions
//! checked in UTF-16 and UTF-8 on lines with CJK text and emoji.

mod common;

use common::{file_uri, plan_without, LspClient};
use serde_json::{json, Value};

const NOW: &str = "2026-11-24T09:15:00Z";

/// A repository in a temp dir with a few files.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("src/ingest")).unwrap();
    std::fs::create_dir_all(dir.path().join("docs/plans")).unwrap();
    for file in [
        "src/main.rs",
        "src/lib.rs",
        "src/ingest/api.py",
        "README.md",
    ] {
        std::fs::write(dir.path().join(file), "fn main() {}\n").unwrap();
    }
    dir
}

fn start(encoding: &str, root: &std::path::Path) -> LspClient {
    let mut client = LspClient::spawn_with_env(&[], &[("EXECPLAN_NOW", NOW)]);
    let init = client.initialize_with(json!({
        "rootUri": file_uri(root),
        "initializationOptions": { "execplan": { "author": "Ada" } },
        "capabilities": {
            "general": { "positionEncodings": [encoding] },
            "textDocument": { "completion": { "completionItem": { "snippetSupport": true } } },
            "workspace": { "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create"] } }
        }
    }));
    assert_eq!(init["capabilities"]["positionEncoding"], encoding);
    let triggers = init["capabilities"]["completionProvider"]["triggerCharacters"].clone();
    assert!(triggers.as_array().unwrap().contains(&json!("`")));
    assert!(triggers.as_array().unwrap().contains(&json!("/")));
    client
}

fn pos(line: u32, character: usize) -> Value {
    json!({ "line": line, "character": character })
}

/// Columns of `prefix`'s end in the encoding.
fn col(prefix: &str, encoding: &str) -> usize {
    match encoding {
        "utf-8" => prefix.len(),
        _ => prefix.encode_utf16().count(),
    }
}

#[test]
fn path_and_heading_completion_in_both_encodings() {
    let dir = repo();
    for encoding in ["utf-16", "utf-8"] {
        let mut client = start(encoding, dir.path());
        let uri = file_uri(&dir.path().join("docs/plans/ship.md"));
        let line = "Edit 漢字 😀 `src/ma";
        let text = format!("# ExecPlan: 計画 🚀\n\n{line}\n\n##\n");
        client.open(&uri, &text);
        client.diagnostics_for(&uri, 1);

        let result = client.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": pos(2, col(line, encoding)) }),
        );
        let items = result["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{result}");
        assert_eq!(items[0]["label"], "main.rs");
        let start = col("Edit 漢字 😀 `src/", encoding);
        assert_eq!(
            items[0]["textEdit"]["range"],
            json!({ "start": pos(2, start), "end": pos(2, col(line, encoding)) }),
            "{encoding}"
        );

        // A folder completes to `dir/` and asks for completions again.
        let result = client.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": pos(2, start) }),
        );
        let folder = result["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["label"] == "ingest/")
            .expect("the ingest folder")
            .clone();
        assert_eq!(folder["command"]["command"], "editor.action.triggerSuggest");

        let result = client.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": pos(4, 2) }),
        );
        let first = &result["items"][0];
        assert_eq!(first["label"], "Purpose / Big Picture");
        let progress = result["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["label"] == "Progress")
            .unwrap();
        assert_eq!(progress["insertTextFormat"], 2, "a snippet");
        assert_eq!(
            progress["textEdit"]["newText"],
            "## Progress\n\n- [ ] (2026-11-24 09:15Z) ${1:First step.}\n"
        );
        client.shutdown();
    }
}

/// The edits of a code action's `documentChanges`, checking it names `version`.
fn edits_of(action: &Value, uri: &str, version: i64) -> Vec<Value> {
    let changes = &action["edit"]["documentChanges"][0];
    assert_eq!(changes["textDocument"]["uri"], uri);
    assert_eq!(changes["textDocument"]["version"], version);
    changes["edits"].as_array().unwrap().clone()
}

fn actions_at(client: &mut LspClient, uri: &str, at: Value, diagnostics: Value) -> Vec<Value> {
    client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": { "start": at, "end": at },
                "context": { "diagnostics": diagnostics }
            }),
        )
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn add_progress_entry_and_mark_done_in_both_encodings() {
    let dir = repo();
    for encoding in ["utf-16", "utf-8"] {
        let mut client = start(encoding, dir.path());
        let uri = file_uri(&dir.path().join("docs/plans/ship.md"));
        let item = "- [ ] (2026-11-20 10:00Z) 実装 🚧 half";
        let text = plan_without(&[]).replace(
            "## Progress\n\nText.\n",
            &format!("## Progress\n\n{item}\n"),
        );
        client.open(&uri, &text);
        client.diagnostics_for(&uri, 1);
        client.change(
            &uri,
            2,
            json!([{ "range": { "start": pos(0, 0), "end": pos(0, 0) }, "text": "" }]),
        );
        client.diagnostics_for(&uri, 2);
        let line = text.lines().position(|l| l == item).unwrap() as u32;

        let actions = actions_at(
            &mut client,
            &uri,
            pos(line, col("- [ ] (2026-11-20 10:00Z) 実装 🚧", encoding)),
            json!([]),
        );
        let add = actions
            .iter()
            .find(|a| a["title"] == "Add progress entry (now)")
            .expect("the progress action");
        let edits = edits_of(add, &uri, 2);
        assert_eq!(
            edits,
            vec![json!({
                "range": { "start": pos(line, col(item, encoding)), "end": pos(line, col(item, encoding)) },
                "newText": "\n- [ ] (2026-11-24 09:15Z) "
            })],
            "{encoding}"
        );

        let done = actions
            .iter()
            .find(|a| a["title"] == "Mark done (now)")
            .expect("mark done on an open item");
        let edits = edits_of(done, &uri, 2);
        assert_eq!(
            edits[0]["range"],
            json!({ "start": pos(line, 2), "end": pos(line, 5) })
        );
        assert_eq!(edits[0]["newText"], "[x]");
        assert_eq!(
            edits[1],
            json!({ "range": { "start": pos(line, 6), "end": pos(line, 25) }, "newText": "(2026-11-24 09:15Z)" })
        );
        client.shutdown();
    }
}

#[test]
fn quick_fix_inserts_a_missing_section_and_creates_a_missing_file() {
    let dir = repo();
    let mut client = start("utf-16", dir.path());
    let uri = file_uri(&dir.path().join("docs/plans/ship.md"));
    let text = plan_without(&["Decision Log"])
        .replace("# ExecPlan: a sample", "# ExecPlan: 計画 😀 `src/new.rs`");
    client.open(&uri, &text);
    let diagnostics = client.diagnostics_for(&uri, 1);
    assert_eq!(diagnostics.len(), 2, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["code"], "missing-section");
    // The path's range counts the emoji as two UTF-16 units.
    assert_eq!(diagnostics[1]["code"], "path-not-found");
    assert_eq!(
        diagnostics[1]["range"],
        json!({ "start": pos(0, 19), "end": pos(0, 29) })
    );
    let actions = actions_at(&mut client, &uri, pos(0, 3), json!(diagnostics));
    let fix = actions
        .iter()
        .find(|a| a["title"] == "Insert section `## Decision Log`")
        .expect("the quick fix");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["diagnostics"][0], diagnostics[0]);
    let edits = edits_of(fix, &uri, 1);
    let line = text
        .lines()
        .position(|l| l == "## Outcomes & Retrospective")
        .unwrap() as u32;
    assert_eq!(
        edits,
        vec![json!({
            "range": { "start": pos(line, 0), "end": pos(line, 0) },
            "newText": "## Decision Log\n\n- Decision: what was decided\n  Rationale: why this and not the alternatives\n  Date/Author: 2026-11-24, Ada\n\n"
        })]
    );
    let create = actions
        .iter()
        .find(|a| a["title"] == "Create `src/new.rs`")
        .expect("the create-file fix");
    assert_eq!(create["edit"]["documentChanges"][0]["kind"], "create");
    assert_eq!(
        create["edit"]["documentChanges"][0]["uri"],
        file_uri(&dir.path().join("src/new.rs"))
    );
    client.shutdown();
}

#[test]
fn definition_follows_paths_with_lines_and_globs() {
    let dir = repo();
    for encoding in ["utf-16", "utf-8"] {
        // A main.rs of 50 lines, its line 42 with CJK before column 7.
        let main: String = (1..=50)
            .map(|i| {
                if i == 42 {
                    "漢字😀 fn x() {}\n".to_string()
                } else {
                    format!("// {i}\n")
                }
            })
            .collect();
        std::fs::write(dir.path().join("src/main.rs"), main).unwrap();
        let mut client = start(encoding, dir.path());
        let uri = file_uri(&dir.path().join("docs/plans/ship.md"));
        let line = "漢字 😀 `src/main.rs:42:7` and `src/*.rs` and `../../../etc/passwd` and `src/lib.rs:99:40` and [l](src/ingest/api.py#L41)";
        client.open(&uri, &format!("# ExecPlan\n\n{line}\n"));
        client.diagnostics_for(&uri, 1);
        let at = |needle: &str| {
            let i = line.find(needle).unwrap() + 2;
            pos(2, col(&line[..i], encoding))
        };
        let result = client.request(
            "textDocument/definition",
            json!({ "textDocument": { "uri": uri }, "position": at("src/main.rs") }),
        );
        assert_eq!(
            result,
            json!({
                "uri": file_uri(&dir.path().join("src/main.rs")),
                "range": { "start": pos(41, col("漢字😀 fn", encoding)), "end": pos(41, col("漢字😀 fn", encoding)) }
            }),
            "{encoding}"
        );
        // Past the end of a one-line file: its last line, at that line's end.
        for (needle, target) in [
            ("src/lib.rs:99", "src/lib.rs"),
            ("src/ingest/api", "src/ingest/api.py"),
        ] {
            let result = client.request(
                "textDocument/definition",
                json!({ "textDocument": { "uri": uri }, "position": at(needle) }),
            );
            let end = if target == "src/lib.rs" { 12 } else { 0 };
            assert_eq!(
                result,
                json!({
                    "uri": file_uri(&dir.path().join(target)),
                    "range": { "start": pos(0, end), "end": pos(0, end) }
                }),
                "{needle} in {encoding}"
            );
        }
        let result = client.request(
            "textDocument/definition",
            json!({ "textDocument": { "uri": uri }, "position": at("src/*.rs") }),
        );
        let uris: Vec<&str> = result
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["uri"].as_str().unwrap())
            .collect();
        assert_eq!(
            uris,
            [
                file_uri(&dir.path().join("src/lib.rs")),
                file_uri(&dir.path().join("src/main.rs"))
            ]
        );
        let result = client.request(
            "textDocument/definition",
            json!({ "textDocument": { "uri": uri }, "position": at("../../../etc") }),
        );
        assert_eq!(result, Value::Null, "nothing outside the workspace");
        client.shutdown();
    }
}

#[test]
fn hover_symbols_and_workspace_symbols() {
    let dir = repo();
    let plan = dir.path().join("docs/plans/ship.md");
    let text = plan_without(&[]).replace(
        "## Decision Log\n\nText.\n",
        "## Decision Log\n\n- Decision: 漢字 everywhere 😀\n  Rationale: tests.\n  Date/Author: 2026-11-20, Ada\n",
    );
    std::fs::write(&plan, &text).unwrap();
    let mut client = start("utf-16", dir.path());
    let uri = file_uri(&plan);
    let line = "😀 (2026-11-21 08:05Z) `src/main.rs`";
    let text = text.replacen("Text.", line, 1);
    client.open(&uri, &text);
    client.diagnostics_for(&uri, 1);
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": pos(4, 30) }),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("`src/main.rs`: file, 13 bytes"),
        "{hover}"
    );
    assert_eq!(
        hover["range"],
        json!({ "start": pos(4, col("😀 (2026-11-21 08:05Z) `", "utf-16")), "end": pos(4, col(line, "utf-16") - 1) })
    );
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": pos(4, 6) }),
    );
    assert_eq!(
        hover["contents"]["value"],
        "Saturday 21 November 2026, 08:05 UTC (3 days ago)"
    );

    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(symbols[0]["name"], "ExecPlan: a sample");
    assert_eq!(symbols[0]["children"].as_array().unwrap().len(), 12);

    let found = client.request("workspace/symbol", json!({ "query": "漢字" }));
    assert_eq!(found[0]["name"], "漢字 everywhere 😀");
    assert_eq!(found[0]["location"]["uri"], uri);
    client.shutdown();
}
