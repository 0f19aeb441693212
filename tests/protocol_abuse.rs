//! The protocol, abused: after each abuse the server still answers a normal request
//! correctly, and the text it holds is the text the client has.

mod common;

use std::time::Instant;

use common::{plan_without, LspClient};
use serde_json::{json, Value};

const URI: &str = "file:///work/abuse.md";

fn ready_client() -> LspClient {
    let mut client = LspClient::spawn();
    client.initialize(&["utf-16"], None);
    client
}

/// A normal request that must still get its normal answer.
fn assert_still_serving(client: &mut LspClient) {
    client.open("file:///work/probe.md", "# ExecPlan\n");
    assert_eq!(client.server_text("file:///work/probe.md"), "# ExecPlan\n");
}

fn error_code(response: &Value) -> i64 {
    response["error"]["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("not an error: {response}"))
}

#[test]
fn malformed_json_gets_a_parse_error_and_serving_goes_on() {
    let mut client = ready_client();
    client.expect_error(-32700);
    let body = b"{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": ";
    client.send_raw(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    client.send_raw(body);
    let error = client.wait_for(|m| m.get("error").is_some());
    assert_eq!(error_code(&error), -32700, "{error}");
    assert_still_serving(&mut client);
    client.shutdown();
}

#[test]
fn missing_or_wrong_content_length_is_survived() {
    let mut client = ready_client();
    // No Content-Length at all.
    client.send_raw(b"Content-Type: application/json\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
    // A Content-Length larger than what follows is completed by the next message's bytes,
    // so send one that is too short instead: the tail is garbage to skip.
    let body = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
    // The truncated message is malformed JSON: a parse error answers it.
    client.expect_error(-32700);
    client.send_raw(format!("Content-Length: {}\r\n\r\n", body.len() - 5).as_bytes());
    client.send_raw(body);
    assert_still_serving(&mut client);
    client.shutdown();
}

#[test]
fn unknown_methods_get_method_not_found() {
    let mut client = ready_client();
    let response = client.request_expecting_error("execplan/noSuchThing", json!({}), -32601);
    assert_eq!(error_code(&response), -32601);
    assert_still_serving(&mut client);
    client.shutdown();
}

#[test]
fn requests_before_initialize_are_refused() {
    let mut client = LspClient::spawn();
    let response =
        client.request_expecting_error("execplan/documentText", json!({ "uri": URI }), -32002);
    assert_eq!(error_code(&response), -32002, "server not initialized");
    client.initialize(&[], None);
    assert_still_serving(&mut client);
    client.shutdown();
}

#[test]
fn positions_past_the_end_and_reversed_ranges_edit_sensibly() {
    let mut client = ready_client();
    client.open(URI, "ab\ncd\n");
    let range = |a: (u32, u32), b: (u32, u32)| json!({ "start": {"line": a.0, "character": a.1}, "end": {"line": b.0, "character": b.1} });
    // Past the end of line 0 means its end; past the last line means the document's end.
    client.change(
        URI,
        2,
        json!([{ "range": range((0, 99), (0, 99)), "text": "!" }]),
    );
    client.change(
        URI,
        3,
        json!([{ "range": range((50, 0), (60, 3)), "text": "END" }]),
    );
    // Reversed: the same span the other way round.
    client.change(
        URI,
        4,
        json!([{ "range": range((1, 2), (1, 0)), "text": "CD" }]),
    );
    assert_eq!(client.server_text(URI), "ab!\nCD\nEND");
    client.shutdown();
}

#[test]
fn change_for_an_unopened_document_and_versions_going_backwards() {
    let mut client = ready_client();
    client.change("file:///work/never-opened.md", 2, json!([{ "text": "x" }]));
    client.open(URI, &plan_without(&["Progress"]));
    assert_eq!(client.diagnostics_for(URI, 1).len(), 1);
    // Version 0 after version 1: the edit still applies and its diagnostics still come.
    client.change(
        URI,
        0,
        json!([{ "text": plan_without(&["Progress", "Decision Log"]) }]),
    );
    assert_eq!(client.diagnostics_for(URI, 0).len(), 2);
    assert_eq!(
        client.server_text(URI),
        plan_without(&["Progress", "Decision Log"])
    );
    client.shutdown();
}

#[test]
fn a_panicking_request_answers_with_an_error_and_the_next_is_served() {
    let mut client =
        LspClient::spawn_with_env(&[], &[("EXECPLAN_TEST_PANIC", "execplan/documentText")]);
    client.initialize(&[], None);
    client.open(URI, "# ExecPlan\n");
    let response =
        client.request_expecting_error("execplan/documentText", json!({ "uri": URI }), -32603);
    assert_eq!(error_code(&response), -32603, "{response}");
    assert!(response["error"]["message"]
        .as_str()
        .unwrap()
        .contains("execplan/documentText"));
    // The same server answers the next request (initialize is already done: ask again).
    let response =
        client.request_expecting_error("execplan/documentText", json!({ "uri": URI }), -32603);
    assert_eq!(error_code(&response), -32603);
    client.change(URI, 2, json!([{ "text": "# ExecPlan\n\n## Progress\n" }]));
    assert!(
        !client.diagnostics_for(URI, 2).is_empty(),
        "notifications still served"
    );
    client.shutdown();
}

#[test]
fn a_panicking_analysis_drops_one_result_and_serving_goes_on() {
    let mut client = LspClient::spawn_with_env(
        &[],
        &[("EXECPLAN_TEST_PANIC", "textDocument/publishDiagnostics")],
    );
    client.initialize(&[], None);
    client.open(URI, &plan_without(&["Progress"]));
    assert_eq!(client.server_text(URI), plan_without(&["Progress"]));
    client.shutdown();
}

/// Opens `text`, edits its end, and checks the server's text and that it answered in
/// bounded time.
fn survive_large(text: String, what: &str) {
    let mut client = ready_client();
    let started = Instant::now();
    client.open(URI, &text);
    let lines = text.matches('\n').count() as u32;
    client.change(
        URI,
        2,
        json!([{ "range": { "start": {"line": lines, "character": 0}, "end": {"line": lines, "character": 0} }, "text": "tail" }]),
    );
    let held = client.server_text(URI);
    assert_eq!(held.len(), text.len() + 4, "{what}");
    assert!(held.ends_with("tail"), "{what}");
    assert_still_serving(&mut client);
    eprintln!("{what}: served in {:?}", started.elapsed());
    client.shutdown();
}

#[test]
fn a_50_mb_document() {
    let paragraph = "- [x] (2026-01-01 00:00Z) a progress line with `src/lib.rs` and 漢字 😀\n";
    let text = format!(
        "# ExecPlan\n\n## Progress\n\n{}",
        paragraph.repeat(50 * 1024 * 1024 / paragraph.len())
    );
    let mut client = ready_client();
    client.open(URI, &text);
    // Kept, not parsed: one information diagnostic says why there is no analysis.
    let diagnostics = client.diagnostics_for(URI, 1);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0]["code"], "too-large");
    client.shutdown();
    survive_large(text, "50 MB");
}

#[test]
fn a_10_mb_line() {
    let text = format!("# ExecPlan\n\n{}\n", "word ".repeat(2 * 1024 * 1024));
    survive_large(text, "10 MB line");
}

#[test]
fn a_million_lines() {
    let text = format!("# ExecPlan\n\n{}", "x\n".repeat(1_000_000));
    survive_large(text, "million lines");
}

#[test]
fn ten_thousand_nested_lists_and_quotes() {
    let mut lists = String::from("# ExecPlan\n\n");
    for depth in 0..10_000 {
        lists.push_str(&"  ".repeat(depth));
        lists.push_str("- item\n");
    }
    survive_large(lists, "nested lists");
    let quotes = format!("# ExecPlan\n\n{} deep\n", ">".repeat(10_000));
    survive_large(quotes, "nested quotes");
}
