//! The server over stdio: initialize, open, edit, diagnostics, shutdown.

mod common;

use common::{plan_without, LspClient};
use serde_json::json;

fn codes(diagnostics: &[serde_json::Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn missing_sections_are_reported_and_cleared_by_typing() {
    let mut client = LspClient::spawn();
    let init = client.initialize(&["utf-8", "utf-16"], None);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(
        init["capabilities"]["textDocumentSync"]["change"], 2,
        "incremental sync"
    );

    let uri = "file:///work/plans/sample.md";
    let text = plan_without(&["Decision Log", "Concrete Steps"]);
    client.open(uri, &text);
    let diagnostics = client.diagnostics_for(uri, 1);
    assert_eq!(codes(&diagnostics), ["missing-section", "missing-section"]);
    for d in &diagnostics {
        assert_eq!(d["source"], "execplan");
        assert_eq!(d["severity"], 1);
        assert_eq!(
            d["range"],
            json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 20}})
        );
    }
    assert!(diagnostics[0]["message"]
        .as_str()
        .unwrap()
        .contains("Decision Log"));

    // Type the Decision Log heading at the end: that diagnostic goes on version 2.
    let end_line = text.lines().count() as u32;
    client.change(
        uri,
        2,
        json!([{ "range": { "start": {"line": end_line, "character": 0}, "end": {"line": end_line, "character": 0} }, "text": "## Decision Log\n\n(None yet.)\n" }]),
    );
    let diagnostics = client.diagnostics_for(uri, 2);
    let messages: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes(&diagnostics),
        ["missing-section", "section-order"],
        "{messages:?}"
    );
    assert!(messages[0].contains("Concrete Steps"));

    // A README beside the plan gets an empty diagnostics list.
    let readme = "file:///work/plans/README.md";
    client.open(readme, "# Plans\n\nHow we write plans.\n\n## Progress\n");
    assert!(client.diagnostics_for(readme, 1).is_empty());
    client.shutdown();
}

#[test]
fn utf16_ranges_count_emoji_as_two_units() {
    let mut client = LspClient::spawn();
    let init = client.initialize(&["utf-16"], None);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    let uri = "file:///work/emoji.md";
    // The title holds an emoji (2 UTF-16 units, 4 bytes) and CJK (1 unit, 3 bytes each).
    let text = plan_without(&["Progress"]).replace("# ExecPlan: a sample", "# 😀 ExecPlan 計画");
    client.open(uri, &text);
    let diagnostics = client.diagnostics_for(uri, 1);
    assert_eq!(codes(&diagnostics), ["missing-section"]);
    assert_eq!(
        diagnostics[0]["range"]["end"],
        json!({"line": 0, "character": 16})
    );

    let mut utf8 = LspClient::spawn();
    utf8.initialize(&["utf-8"], None);
    utf8.open(uri, &text);
    let diagnostics = utf8.diagnostics_for(uri, 1);
    assert_eq!(
        diagnostics[0]["range"]["end"],
        json!({"line": 0, "character": "# 😀 ExecPlan 計画".len()})
    );
    client.shutdown();
    utf8.shutdown();
}

#[test]
fn end_of_input_ends_the_server_with_1_unless_shut_down() {
    let mut client = LspClient::spawn();
    client.initialize(&[], None);
    assert_eq!(client.close_input().code(), Some(1));

    let mut client = LspClient::spawn();
    client.initialize(&[], None);
    client.request("shutdown", serde_json::Value::Null);
    assert_eq!(client.close_input().code(), Some(0));
}

#[test]
fn exit_without_shutdown_exits_1() {
    let mut client = LspClient::spawn();
    client.initialize(&[], None);
    client.notify("exit", serde_json::Value::Null);
    assert_eq!(client.close_input().code(), Some(1));
}

#[test]
fn the_server_leaves_when_its_client_process_dies() {
    // A stand-in "editor" process that we kill; the server polls for it every 2 s.
    let mut editor = std::process::Command::new("sleep")
        .arg("60")
        .spawn()
        .unwrap();
    let mut client = LspClient::spawn();
    client.request(
        "initialize",
        json!({ "processId": editor.id(), "capabilities": {} }),
    );
    editor.kill().unwrap();
    editor.wait().unwrap();
    // Input stays open: only the dead parent can end the server here.
    assert_eq!(client.wait_exit().code(), Some(1));
}

#[test]
fn lsp_subcommand_serves_too() {
    let mut client = LspClient::spawn_with_args(&["lsp"]);
    let init = client.initialize(&[], None);
    assert_eq!(init["serverInfo"]["name"], "execplan-ls");
    client.shutdown();
}
