//! The validating client itself: it must reject answers that break LSP's rules (and
//! accept ones that keep them), or the end-to-end tests prove nothing.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};

use common::validate::Mirror;
use serde_json::{json, Value};

const URI: &str = "file:///work/v.md";

/// A mirror that negotiated `encoding` and opened `text`, with request 7 (`method` with
/// `params`) in flight.
fn mirror(encoding: &str, text: &str, method: &str, params: Value) -> Mirror {
    let mut mirror = Mirror::default();
    mirror.sent(&json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {} }));
    mirror.received(&json!({ "jsonrpc": "2.0", "id": 1,
        "result": { "capabilities": { "positionEncoding": encoding } } }));
    mirror.sent(&json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": { "textDocument": { "uri": URI, "languageId": "markdown", "version": 1, "text": text } } }));
    mirror.sent(&json!({ "jsonrpc": "2.0", "id": 7, "method": method, "params": params }));
    mirror
}

/// Whether the mirror accepts `result` as the answer to request 7.
/// (A rejection's panic message shows in the captured output of the test.)
fn accepts(mut mirror: Mirror, result: Value) -> bool {
    catch_unwind(AssertUnwindSafe(|| {
        mirror.received(&json!({ "jsonrpc": "2.0", "id": 7, "result": result }));
    }))
    .is_ok()
}

fn range(a: (u32, u32), b: (u32, u32)) -> Value {
    json!({ "start": { "line": a.0, "character": a.1 }, "end": { "line": b.0, "character": b.1 } })
}

fn symbol(name: &str, r: Value, selection: Value, children: Value) -> Value {
    json!({ "name": name, "kind": 3, "range": r, "selectionRange": selection, "children": children })
}

#[test]
fn document_symbols() {
    let asked = json!({ "textDocument": { "uri": URI } });
    let text = "## \n## Progress\n- [x] a \n";
    let check = |result: Value| {
        accepts(
            mirror("utf-16", text, "textDocument/documentSymbol", asked.clone()),
            result,
        )
    };
    let good = symbol(
        "Progress",
        range((1, 0), (2, 7)),
        range((1, 3), (1, 11)),
        json!([symbol(
            "a",
            range((2, 0), (2, 7)),
            range((2, 6), (2, 7)),
            json!([])
        )]),
    );
    assert!(check(json!([good])));
    // The first case: selection 0:3 outside range 0:0–0:2.
    assert!(!check(json!([symbol(
        "x",
        range((0, 0), (0, 2)),
        range((0, 3), (0, 3)),
        json!([])
    )])));
    assert!(
        !check(json!([symbol(
            "",
            range((0, 0), (0, 2)),
            range((0, 0), (0, 2)),
            json!([])
        )])),
        "empty name"
    );
    assert!(
        !check(json!([symbol(
            "P",
            range((1, 0), (1, 11)),
            range((1, 3), (1, 11)),
            json!([symbol(
                "a",
                range((2, 0), (2, 7)),
                range((2, 6), (2, 7)),
                json!([])
            )])
        )])),
        "child outside"
    );
    assert!(
        !check(json!([
            symbol("b", range((1, 0), (2, 7)), range((1, 0), (1, 1)), json!([])),
            symbol("a", range((0, 0), (0, 2)), range((0, 0), (0, 1)), json!([])),
        ])),
        "siblings out of order"
    );
    assert!(
        !check(json!([symbol(
            "x",
            range((0, 0), (9, 0)),
            range((0, 0), (0, 1)),
            json!([])
        )])),
        "past the end"
    );
    assert!(
        !check(json!([symbol(
            "x",
            range((0, 2), (0, 1)),
            range((0, 2), (0, 2)),
            json!([])
        )])),
        "reversed"
    );
}

#[test]
fn positions_never_split_a_character_in_the_encoding() {
    let asked = json!({ "textDocument": { "uri": URI } });
    let text = "😀漢\n";
    let link = |a: u32, b: u32| json!([{ "range": range((0, a), (0, b)), "target": "file:///x" }]);
    let check = |encoding: &str, result: Value| {
        accepts(
            mirror(encoding, text, "textDocument/documentLink", asked.clone()),
            result,
        )
    };
    assert!(check("utf-16", link(0, 3)));
    assert!(!check("utf-16", link(1, 3)), "between the surrogates of 😀");
    assert!(!check("utf-16", link(0, 4)), "past the line's end");
    assert!(check("utf-8", link(4, 7)));
    assert!(!check("utf-8", link(5, 7)), "inside 漢's bytes");
}

#[test]
fn completion_edits_stay_on_the_cursor_line_around_the_cursor() {
    let asked =
        json!({ "textDocument": { "uri": URI }, "position": { "line": 1, "character": 3 } });
    let text = "a\n## P\n";
    let check = |result: Value| {
        accepts(
            mirror("utf-16", text, "textDocument/completion", asked.clone()),
            result,
        )
    };
    let item = |edit: Value| json!([{ "label": "Progress", "textEdit": edit }]);
    assert!(check(item(
        json!({ "range": range((1, 0), (1, 4)), "newText": "## Progress" })
    )));
    assert!(
        !check(item(
            json!({ "range": range((0, 0), (1, 4)), "newText": "x" })
        )),
        "another line"
    );
    assert!(
        !check(item(
            json!({ "range": range((1, 4), (1, 4)), "newText": "x" })
        )),
        "not holding the cursor"
    );
    assert!(check(item(
        json!({ "insert": range((1, 0), (1, 3)), "replace": range((1, 0), (1, 4)), "newText": "x" })
    )));
    assert!(
        !check(item(
            json!({ "insert": range((1, 1), (1, 3)), "replace": range((1, 0), (1, 4)), "newText": "x" })
        )),
        "insert not a prefix of replace"
    );
}

#[test]
fn edits_apply_to_the_version_asked_about_without_overlapping() {
    let asked = json!({ "textDocument": { "uri": URI }, "range": range((0, 0), (0, 0)), "context": { "diagnostics": [] } });
    let text = "abc\ndef\n";
    let check = |result: Value| {
        accepts(
            mirror("utf-16", text, "textDocument/codeAction", asked.clone()),
            result,
        )
    };
    let action = |version: i64, edits: Value| {
        json!([{ "title": "fix", "edit": { "documentChanges": [
        { "textDocument": { "uri": URI, "version": version }, "edits": edits } ] } }])
    };
    let edit = |a: (u32, u32), b: (u32, u32)| json!({ "range": range(a, b), "newText": "x" });
    assert!(check(action(
        1,
        json!([edit((0, 0), (0, 1)), edit((1, 0), (1, 3))])
    )));
    assert!(
        !check(action(2, json!([edit((0, 0), (0, 1))]))),
        "a version never asked about"
    );
    assert!(
        !check(action(
            1,
            json!([edit((0, 0), (0, 2)), edit((0, 1), (0, 3))])
        )),
        "overlapping"
    );
    assert!(
        !check(action(1, json!([edit((5, 0), (5, 1))]))),
        "outside the text"
    );
}

#[test]
fn diagnostics_only_for_versions_sent_and_errors_only_when_allowed() {
    let mut m = mirror(
        "utf-16",
        "ab\n",
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 0 } }),
    );
    let publish = |version: i64, r: Value| {
        json!({ "jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
        "params": { "uri": URI, "version": version, "diagnostics": [{ "range": r, "message": "m" }] } })
    };
    m.received(&publish(1, range((0, 0), (0, 2))));
    let quiet = |f: &mut dyn FnMut()| catch_unwind(AssertUnwindSafe(f)).is_ok();
    assert!(
        !quiet(&mut || m.received(&publish(5, range((0, 0), (0, 1))))),
        "version 5 was never sent"
    );
    let mut m = mirror("utf-16", "ab\n", "textDocument/hover", json!({}));
    assert!(
        !quiet(&mut || m.received(&publish(1, range((0, 0), (0, 3))))),
        "past the line's end"
    );
    let error =
        |code: i64| json!({ "jsonrpc": "2.0", "id": 7, "error": { "code": code, "message": "e" } });
    let mut m = mirror("utf-16", "ab\n", "textDocument/hover", json!({}));
    assert!(
        quiet(&mut || m.received(&error(-32801))),
        "ContentModified is allowed"
    );
    let mut m = mirror("utf-16", "ab\n", "textDocument/hover", json!({}));
    assert!(
        !quiet(&mut || m.received(&error(-32603))),
        "an internal error is not"
    );
}
