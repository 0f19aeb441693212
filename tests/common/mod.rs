//! A minimal LSP client that drives the built `execplan-ls` over stdio, for end-to-end
//! tests. Messages from the server are read on a thread and handed over a channel, so a
//! test can wait for a response or a notification with a timeout instead of hanging.
//!
//! Every message from the server passes through [`validate::Mirror`], which checks it
//! against LSP's rules and the client's own copy of the documents: a violation fails the
//! test that caused it.

#![allow(dead_code)] // each test file uses a different part of this module

pub mod git;
pub mod validate;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const BIN: &str = env!("CARGO_BIN_EXE_execplan-ls");
pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct LspClient {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    /// Notifications and server requests received while waiting for something else.
    backlog: Vec<Value>,
    next_id: i64,
    /// Leave the server's own requests unanswered, as a broken client would.
    pub silent: bool,
    /// What the client sent, against which every answer is checked.
    pub mirror: validate::Mirror,
    /// Time spent checking answers, for tests that time the server.
    pub checking: Duration,
}

impl LspClient {
    pub fn spawn() -> LspClient {
        Self::spawn_with_args(&[])
    }

    pub fn spawn_with_args(args: &[&str]) -> LspClient {
        Self::spawn_with_env(args, &[])
    }

    /// Spawns the server with extra environment variables (`EXECPLAN_NOW`, …).
    pub fn spawn_with_env(args: &[&str], env: &[(&str, &str)]) -> LspClient {
        let mut child = Command::new(BIN)
            .args(args)
            .env("EXECPLAN_LOG", "warn")
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the execplan-ls binary runs");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        LspClient {
            stdin: child.stdin.take(),
            child,
            messages: rx,
            backlog: Vec::new(),
            next_id: 1,
            silent: false,
            mirror: validate::Mirror::default(),
            checking: Duration::ZERO,
        }
    }

    /// `initialize` + `initialized`, offering `encodings` as `general.positionEncodings`.
    pub fn initialize(&mut self, encodings: &[&str], root: Option<&std::path::Path>) -> Value {
        let root_uri = root.map(file_uri);
        let result = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "capabilities": { "general": { "positionEncodings": encodings } },
            }),
        );
        self.notify("initialized", json!({}));
        result
    }

    /// `initialize` with these whole params (a `processId` is added), then `initialized`.
    pub fn initialize_with(&mut self, mut params: Value) -> Value {
        params["processId"] = Value::Null;
        let result = self.request("initialize", params);
        self.notify("initialized", json!({}));
        result
    }

    pub fn send(&mut self, message: &Value) {
        self.mirror.sent(message);
        let body = serde_json::to_string(message).unwrap();
        let stdin = self.stdin.as_mut().expect("stdin is open");
        write!(stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).unwrap();
        stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its whole response (`result` or `error`).
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    /// Sends a request that must fail with the error `code` (a test provoking it).
    pub fn request_expecting_error(&mut self, method: &str, params: Value, code: i64) -> Value {
        self.mirror.expected_errors.push(code);
        let response = self.request_raw(method, params);
        assert_eq!(response["error"]["code"], code, "{method}: {response}");
        response
    }

    /// Allows one error answer with `code`, for an error provoked without a request id
    /// (a parse error).
    pub fn expect_error(&mut self, code: i64) {
        self.mirror.expected_errors.push(code);
    }

    /// Sends `messages` in one write, so the server reads them together: requests
    /// (`Some(params)` with `true`) are numbered as [`LspClient::request`] numbers them.
    /// Returns the ids of the requests, in order; [`LspClient::response`] waits for each.
    pub fn send_batch(&mut self, messages: &[(&str, Value, bool)]) -> Vec<i64> {
        let mut ids = Vec::new();
        let mut bytes = Vec::new();
        for (method, params, is_request) in messages {
            let mut message = json!({ "jsonrpc": "2.0", "method": method, "params": params });
            if *is_request {
                message["id"] = json!(self.next_id);
                ids.push(self.next_id);
                self.next_id += 1;
            }
            self.mirror.sent(&message);
            let body = serde_json::to_string(&message).unwrap();
            write!(bytes, "Content-Length: {}\r\n\r\n{}", body.len(), body).unwrap();
        }
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(&bytes).unwrap();
        stdin.flush().unwrap();
        ids
    }

    /// The whole response to request `id` (`result` or `error`).
    pub fn response(&mut self, id: i64) -> Value {
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    /// The first message (from the backlog, then the wire) that satisfies `matches`.
    pub fn wait_for(&mut self, mut matches: impl FnMut(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&mut matches) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(message) => {
                    let checked = Instant::now();
                    self.mirror.received(&message);
                    self.checking += checked.elapsed();
                    self.answer_server_request(&message);
                    if matches(&message) {
                        return message;
                    }
                    self.backlog.push(message);
                }
                Err(RecvTimeoutError::Timeout) => {
                    panic!("timed out; received meanwhile: {:#?}", self.backlog)
                }
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "the server closed its output; received: {:#?}",
                    self.backlog
                ),
            }
        }
    }

    /// A request from the server (`client/registerCapability`,
    /// `window/workDoneProgress/create`, `workspace/diagnostic/refresh`) is answered with a
    /// null result at once, as an editor would, so the server never waits on the test.
    fn answer_server_request(&mut self, message: &Value) {
        if !self.silent && message.get("method").is_some() && message.get("id").is_some() {
            let id = message["id"].clone();
            // An edit is reported applied; the test applies it itself when it needs to.
            let result = if message["method"] == "workspace/applyEdit" {
                json!({ "applied": true })
            } else {
                Value::Null
            };
            self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": result }));
        }
    }

    /// The server's process id, to read its `/proc/<pid>/status`.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Everything received and not yet consumed (waiting briefly for what is in flight),
    /// emptying the backlog.
    pub fn take_received(&mut self) -> Vec<Value> {
        while let Ok(message) = self.messages.recv_timeout(Duration::from_millis(200)) {
            self.mirror.received(&message);
            self.answer_server_request(&message);
            self.backlog.push(message);
        }
        std::mem::take(&mut self.backlog)
    }

    /// The next `publishDiagnostics` for `uri` whose diagnostics satisfy `matches`.
    pub fn published_where(
        &mut self,
        uri: &str,
        mut matches: impl FnMut(&[Value]) -> bool,
    ) -> Vec<Value> {
        let message = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && matches(m["params"]["diagnostics"].as_array().unwrap())
        });
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// The next `publishDiagnostics` for `uri` with exactly `version`.
    pub fn diagnostics_for(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let message = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    /// `shutdown` then `exit`; the process must end by itself with status 0.
    pub fn shutdown(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.stdin = None;
        let status = wait_with_timeout(&mut self.child);
        assert!(status.success(), "exit status {status}");
    }

    /// Waits, input still open, for the server to end by itself.
    pub fn wait_exit(&mut self) -> std::process::ExitStatus {
        wait_with_timeout(&mut self.child)
    }

    /// Closes stdin; the server must end by itself.
    pub fn close_input(mut self) -> std::process::ExitStatus {
        self.stdin = None;
        wait_with_timeout(&mut self.child)
    }
}

impl Drop for LspClient {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_with_timeout(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "the server did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

pub fn file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

/// A plan with every required section but the ones named in `without`.
pub fn plan_without(without: &[&str]) -> String {
    let standard = execplan_ide::Standard::default();
    let mut text = String::from("# ExecPlan: a sample\n\n");
    let sections = standard.sections.iter().map(|s| s.name.as_str());
    for section in sections.filter(|s| !without.contains(s)) {
        // Concrete Steps shows a command, as `steps-without-commands` asks.
        let body = if section == "Concrete Steps" {
            "Run:\n\n    cargo test\n"
        } else {
            "Text.\n"
        };
        text.push_str(&format!("## {section}\n\n{body}\n"));
    }
    text
}

/// Writes raw bytes to the server's stdin, for framing abuse.
impl LspClient {
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    /// The server's copy of a document, through `execplan/documentText`.
    pub fn server_text(&mut self, uri: &str) -> String {
        let result = self.request("execplan/documentText", json!({ "uri": uri }));
        let text = result["text"].as_str().unwrap().to_string();
        if let Some(mine) = self.mirror.text(uri) {
            assert!(
                mine == text,
                "the server's copy of {uri} differs from the client's ({} and {} bytes)",
                text.len(),
                mine.len()
            );
        }
        text
    }
}
