//! The outline over stdio, on the texts where it once broke LSP's rules (the validating
//! client checks every answer): a heading being typed, progress items with trailing
//! spaces (CJK ones too), empty items and decisions, headings inside list items — in
//! UTF-16 and UTF-8.

mod common;

use common::LspClient;
use serde_json::{json, Value};

const URI: &str = "file:///work/outline.md";

const TEXTS: [&str; 8] = [
    "## \n",
    "## Progress\n- [x] (2026-12-04 10:00Z) done \n",
    "## Progress\n- [ ] 設計する　\n- [x] 漢字 \n",
    "## Progress\n- [ ] \n",
    "## Decision Log\n- Decision:\n",
    "## Progress\n- [x] a\n  ## Decision Log\n",
    "## Progress\n- [x]\t#\n",
    "# ExecPlan: 計画 🚀\r\n\r\n## Progress\r- [ ] \r\n### Later\n- [x] b \n",
];

fn names(symbols: &Value, out: &mut Vec<String>) {
    for s in symbols.as_array().into_iter().flatten() {
        out.push(s["name"].as_str().unwrap().to_string());
        names(&s["children"], out);
    }
}

#[test]
fn outline_answers_keep_the_rules_on_texts_being_typed() {
    for encoding in ["utf-16", "utf-8"] {
        let mut client = LspClient::spawn();
        client.initialize(&[encoding], None);
        for (version, text) in TEXTS.iter().enumerate() {
            let version = version as i64 + 1;
            if version == 1 {
                client.open(URI, text);
            } else {
                client.change(URI, version, json!([{ "text": text }]));
            }
            let symbols = client.request(
                "textDocument/documentSymbol",
                json!({ "textDocument": { "uri": URI } }),
            );
            client.request(
                "textDocument/foldingRange",
                json!({ "textDocument": { "uri": URI } }),
            );
            let mut found = Vec::new();
            names(&symbols, &mut found);
            assert!(!found.is_empty(), "{text:?} in {encoding}: {symbols}");
        }
        client.shutdown();
    }
}

#[test]
fn a_heading_inside_a_list_item_is_not_a_section() {
    let mut client = LspClient::spawn();
    client.initialize(&["utf-16"], None);
    client.open(URI, "## Progress\n- [x] a\n  ## Decision Log\n");
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    let mut found = Vec::new();
    names(&symbols, &mut found);
    assert_eq!(found, ["Progress", "a"], "{symbols}");
    client.shutdown();
}
