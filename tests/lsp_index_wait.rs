//! Answers that do not depend on timing: on a generated workspace whose index takes a
//! while to build, every request sent right after `initialized` (in the same write, so the
//! server reads it long before the index is built) gets the answer the same request gets
//! once the index is built — for push and pull clients, with and without
//! `workspace.diagnostics.refreshSupport`. And a request waiting for the index is
//! cancelled by `$/cancelRequest`.

mod common;

use std::path::{Path, PathBuf};
use std::time::Instant;

use common::{file_uri, plan_without, LspClient};
use serde_json::{json, Value};

const NOW: &str = "2026-12-04T10:00:00Z";

/// Markdown files and other files in the generated bulk of the workspace: enough that
/// indexing takes 200 ms or more in the debug build (the test prints how long it took).
const BULK_MARKDOWN: usize = 100;
const BULK_OTHER: usize = 30_000;

/// The plan the requests are about: it names an existing file (with a line past its end),
/// a missing one (`path-not-found`), and a path being typed for completion.
fn the_plan() -> String {
    plan_without(&[]).replace(
        "## Context and Orientation\n\nText.\n",
        "## Context and Orientation\n\nThe code is `src/pipeline.py`, see [it](src/pipeline.py#L41) \
         and `src/missing.py`.\n\nTyped: `src/pi\n",
    )
}

fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    std::fs::create_dir_all(root.join("src")).unwrap();
    let lines: String = (1..=10).map(|i| format!("step_{i} = {i}\n")).collect();
    std::fs::write(root.join("src/pipeline.py"), lines).unwrap();
    std::fs::write(root.join("plan.md"), the_plan()).unwrap();
    // Another plan naming the same file, closed: references and renames find it on disk.
    std::fs::write(root.join("other.md"), the_plan()).unwrap();
    // Notes, not plans: read and parsed by the indexer, then left alone.
    let note = format!(
        "# Notes\n\n{}",
        "Some words about `src/pipeline.py` and more.\n\n".repeat(2000)
    );
    for i in 0..BULK_MARKDOWN {
        let folder = root.join(format!("bulk/m{}", i / 100));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(format!("notes-{i}.md")), &note).unwrap();
    }
    for i in 0..BULK_OTHER {
        let folder = root.join(format!("bulk/f{}", i / 200));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(format!("file-{i}.txt")), "x\n").unwrap();
    }
    (dir, root)
}

#[derive(Debug, Clone, Copy)]
struct Setup {
    pull: bool,
    refresh: bool,
}

fn initialize_params(root: &Path, setup: Setup) -> Value {
    let mut capabilities = json!({
        "window": { "workDoneProgress": true },
        "workspace": { "workspaceFolders": true },
        "textDocument": {
            "completion": { "completionItem": { "snippetSupport": true } },
        },
    });
    if setup.pull {
        capabilities["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    }
    if setup.refresh {
        capabilities["workspace"]["diagnostics"] = json!({ "refreshSupport": true });
    }
    json!({
        "processId": null,
        "rootUri": file_uri(root),
        "workspaceFolders": [{ "uri": file_uri(root), "name": "w" }],
        "capabilities": capabilities,
    })
}

/// Where `needle` ends plus `after` characters, on its line (ASCII lines).
fn at(text: &str, needle: &str, after: usize) -> Value {
    let i = text.find(needle).unwrap() + after;
    let line = text[..i].matches('\n').count();
    let character = i - text[..i].rfind('\n').map_or(0, |n| n + 1);
    json!({ "line": line, "character": character })
}

/// Every request whose answer may need the index, and a few that do not.
fn requests(root: &Path, setup: Setup) -> Vec<(&'static str, Value)> {
    let text = the_plan();
    let uri = file_uri(&root.join("plan.md"));
    let doc = json!({ "uri": uri });
    let mut out = vec![
        (
            "textDocument/definition",
            json!({ "textDocument": doc, "position": at(&text, "`src/pipeline.py`", 3) }),
        ),
        (
            "textDocument/definition",
            json!({ "textDocument": doc, "position": at(&text, "(src/pipeline.py#L41)", 3) }),
        ),
        (
            "textDocument/completion",
            json!({ "textDocument": doc, "position": at(&text, "Typed: `src/pi", 14),
                    "context": { "triggerKind": 1 } }),
        ),
        (
            "textDocument/references",
            json!({ "textDocument": doc, "position": at(&text, "`src/pipeline.py`", 3),
                    "context": { "includeDeclaration": true } }),
        ),
        ("textDocument/documentLink", json!({ "textDocument": doc })),
        (
            "textDocument/hover",
            json!({ "textDocument": doc, "position": at(&text, "`src/missing.py`", 3) }),
        ),
        (
            "textDocument/codeAction",
            json!({ "textDocument": doc,
                    "range": { "start": at(&text, "`src/missing.py`", 0), "end": at(&text, "`src/missing.py`", 16) },
                    "context": { "diagnostics": [] } }),
        ),
        (
            "textDocument/documentSymbol",
            json!({ "textDocument": doc }),
        ),
        ("workspace/symbol", json!({ "query": "sample" })),
        (
            "workspace/willRenameFiles",
            json!({ "files": [{ "oldUri": file_uri(&root.join("src/pipeline.py")),
                                "newUri": file_uri(&root.join("src/flow.py")) }] }),
        ),
    ];
    if setup.pull {
        out.push(("textDocument/diagnostic", json!({ "textDocument": doc })));
        out.push(("workspace/diagnostic", json!({ "previousResultIds": [] })));
    }
    // Last, so the indexes above stay put.
    out.push(("execplan/plans", json!({})));
    out.push(("textDocument/codeLens", json!({ "textDocument": doc })));
    out
}

/// What a session answered: each request's result, and (push) the first diagnostics
/// published for the plan.
struct Answers {
    results: Vec<Value>,
    published: Option<Value>,
}

/// A session: `initialize`, then `initialized`, `didOpen` and every request in one write
/// (`early`), or only once the index is built (after `$/progress` ends).
fn session(root: &Path, setup: Setup, early: bool) -> Answers {
    let mut client = LspClient::spawn_with_env(&[], &[("EXECPLAN_NOW", NOW)]);
    client.request("initialize", initialize_params(root, setup));
    let uri = file_uri(&root.join("plan.md"));
    let open = json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": the_plan() } });
    let requests = requests(root, setup);
    let started = Instant::now();
    let mut batch = vec![("initialized", json!({}), false)];
    if !early {
        client.send_batch(&batch);
        client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
        eprintln!("{setup:?}: the index took {:?}", started.elapsed());
        batch.clear();
    }
    batch.push(("textDocument/didOpen", open, false));
    batch.extend(requests.iter().map(|(m, p)| (*m, p.clone(), true)));
    let ids = client.send_batch(&batch);
    let results: Vec<Value> = ids
        .iter()
        .zip(&requests)
        .map(|(id, (method, _))| {
            let response = client.response(*id);
            assert!(response.get("error").is_none(), "{method}: {response}");
            response["result"].clone()
        })
        .collect();
    let published = (!setup.pull).then(|| {
        let message = client.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        message["params"].clone()
    });
    if early {
        // The requests were read with `initialized`: the index was built after they came.
        client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    }
    client.shutdown();
    Answers { results, published }
}

/// One test, so the large workspace is generated once: the answers right after
/// `initialized` equal those after indexing, and a waiting request can be cancelled.
#[test]
fn requests_needing_the_index_wait_for_it() {
    let (_dir, root) = workspace();
    answers_right_after_initialized_are_the_answers_after_indexing(&root);
    a_request_waiting_for_the_index_is_cancelled_by_cancel_request(&root);
}

fn answers_right_after_initialized_are_the_answers_after_indexing(root: &Path) {
    let root = root.to_path_buf();
    for setup in [
        Setup {
            pull: false,
            refresh: false,
        },
        Setup {
            pull: false,
            refresh: true,
        },
        Setup {
            pull: true,
            refresh: true,
        },
        Setup {
            pull: true,
            refresh: false,
        },
    ] {
        let late = session(&root, setup, false);
        let early = session(&root, setup, true);
        let mut differ: Vec<String> = requests(&root, setup)
            .iter()
            .zip(early.results.iter().zip(&late.results))
            .filter(|(_, (early, late))| early != late)
            .map(|((method, _), (early, late))| {
                format!("{method}: right after initialized {early}, after indexing {late}")
            })
            .collect();
        if early.published != late.published {
            differ.push(format!(
                "publishDiagnostics: right after initialized {:?}, after indexing {:?}",
                early.published, late.published
            ));
        }
        assert!(differ.is_empty(), "{setup:?}:\n{}", differ.join("\n"));
        // What the answers must show, so the comparison is not between two empty ones.
        let definition = &late.results[0];
        assert_eq!(definition["uri"], file_uri(&root.join("src/pipeline.py")));
        // `#L41` of a ten-line file is its last line.
        assert_eq!(late.results[1]["range"]["start"]["line"], 9, "{setup:?}");
        let completion = late.results[2].to_string();
        assert!(completion.contains("pipeline.py"), "{completion}");
        let rename = late.results[9].to_string();
        assert!(rename.contains("src/flow.py"), "{rename}");
        // `execplan/plans` lists both plans, not the notes (second to last).
        let plans = &late.results[late.results.len() - 2]["plans"];
        assert_eq!(plans.as_array().map(Vec::len), Some(2), "{plans}");
        let diagnostics = if setup.pull {
            late.results[10]["items"].clone()
        } else {
            late.published.as_ref().unwrap()["diagnostics"].clone()
        };
        assert!(
            diagnostics.to_string().contains("path-not-found"),
            "{setup:?}: {diagnostics}"
        );
    }
}

fn a_request_waiting_for_the_index_is_cancelled_by_cancel_request(root: &Path) {
    let root = root.to_path_buf();
    let setup = Setup {
        pull: true,
        refresh: false,
    };
    let mut client = LspClient::spawn();
    client.request("initialize", initialize_params(&root, setup));
    let uri = file_uri(&root.join("plan.md"));
    let open = json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": the_plan() } });
    let definition = requests(&root, setup)[0].1.clone();
    let ids = client.send_batch(&[
        ("initialized", json!({}), false),
        ("textDocument/didOpen", open, false),
        ("textDocument/definition", definition, true),
        ("$/cancelRequest", json!({ "id": 2 }), false),
    ]);
    assert_eq!(ids, [2], "the cancel names the definition request");
    let response = client.response(2);
    assert_eq!(
        response["error"]["code"], -32800,
        "RequestCancelled: {response}"
    );
    // The server goes on: the index is built and the same request is answered.
    client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let definition = requests(&root, setup)[0].1.clone();
    let result = client.request("textDocument/definition", definition);
    assert_eq!(result["uri"], file_uri(&root.join("src/pipeline.py")));
    client.shutdown();
}
