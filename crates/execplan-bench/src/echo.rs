//! `execplan-bench --echo-server`: an LSP "server" that does no work. It answers every
//! `didOpen` and `didChange` at once with an empty `publishDiagnostics` for that version,
//! and every request with `null`. Measured beside the real servers it gives the floor of
//! the stdio round trip on this machine: what no server can go below.

use std::io::{BufRead, BufReader, Write};

use serde_json::{json, Value};

pub fn run() {
    let stdin = std::io::stdin();
    let mut input = BufReader::new(stdin.lock());
    let stdout = std::io::stdout();
    let mut output = stdout.lock();
    while let Some(message) = read_message(&mut input) {
        let method = message.get("method").and_then(Value::as_str);
        let reply = match (message.get("id"), method) {
            (Some(id), Some("initialize")) => Some(json!({"jsonrpc": "2.0", "id": id, "result": {
                "capabilities": {"textDocumentSync": 2}
            }})),
            (Some(id), Some(_)) => Some(json!({"jsonrpc": "2.0", "id": id, "result": null})),
            (None, Some("textDocument/didOpen" | "textDocument/didChange")) => {
                let document = &message["params"]["textDocument"];
                Some(
                    json!({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
                    "params": {"uri": document["uri"], "version": document["version"], "diagnostics": []}}),
                )
            }
            (None, Some("exit")) => return,
            _ => None,
        };
        if let Some(reply) = reply {
            let body = reply.to_string();
            let sent = write!(output, "Content-Length: {}\r\n\r\n{body}", body.len())
                .and_then(|()| output.flush());
            if sent.is_err() {
                return;
            }
        }
    }
}

fn read_message(input: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse().ok();
        }
    }
    let mut body = vec![0; length?];
    input.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}
