//! 500 `didChange` notifications sent back to back must be applied in order, whatever
//! the server's concurrent dispatch does.

mod common;

use common::LspClient;
use serde_json::json;

#[test]
fn five_hundred_changes_leave_exactly_the_clients_text() {
    let mut client = LspClient::spawn();
    client.initialize(&["utf-16"], None);
    let uri = "file:///work/order.md";
    let mut text = String::from("# ExecPlan\n\n## Progress\n\n");
    client.open(uri, &text);

    // Each change inserts at the end a character that depends on its version, then every
    // tenth change deletes one earlier character: reordering any two is visible.
    for version in 2..=501i64 {
        let line = text.matches('\n').count() as u32;
        let c = char::from(b'a' + (version % 26) as u8);
        let insert = if version % 50 == 0 {
            format!("{c}\n")
        } else {
            c.to_string()
        };
        let column = text.rsplit('\n').next().unwrap().chars().count() as u32;
        let mut changes = vec![json!({
            "range": { "start": {"line": line, "character": column}, "end": {"line": line, "character": column} },
            "text": insert,
        })];
        text.push_str(&insert);
        if version % 10 == 0 {
            // Delete the first character of the last line.
            let last_line = text.matches('\n').count() as u32;
            let last = text.rsplit('\n').next().unwrap().to_string();
            if !last.is_empty() {
                changes.push(json!({
                    "range": { "start": {"line": last_line, "character": 0}, "end": {"line": last_line, "character": 1} },
                    "text": "",
                }));
                let start = text.len() - last.len();
                text.replace_range(start..start + 1, "");
            }
        }
        client.change(uri, version, json!(changes));
    }

    // LSP has no request that returns a document's text, so the server offers one for
    // debugging: `execplan/documentText`. Being a request, it is answered after every
    // notification sent before it has been applied.
    let result = client.request("execplan/documentText", json!({ "uri": uri }));
    assert_eq!(result["version"], 501);
    assert_eq!(result["text"].as_str().unwrap(), text);
    client.shutdown();
}
