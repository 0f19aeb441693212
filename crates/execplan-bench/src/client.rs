//! A minimal LSP client over a child's stdio, answering the requests servers make of it.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long any single wait may take before the workload is reported as failed.
const TIMEOUT: Duration = Duration::from_secs(60);

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
    /// The client's copy of each open document, for `markdown/parse`.
    texts: HashMap<String, String>,
    /// Answers `markdown/parse` with markdown-it tokens, for vscode-markdown-languageserver.
    markdown_it: Option<MarkdownIt>,
    /// `workspace/configuration` answers come from here.
    settings: Value,
}

impl Client {
    pub fn start(command: &[String], markdown_it: Option<MarkdownIt>) -> Result<Client, String> {
        let mut child = Command::new(&command[0])
            .args(&command[1..])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", command[0]))?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        Ok(Client {
            child,
            stdin,
            incoming: rx,
            next_id: 1,
            texts: HashMap::new(),
            markdown_it,
            settings: Value::Null,
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `initialize` with the capabilities an editor offers (pull diagnostics when
    /// `declares_pull`), then `initialized`; sends `settings` by
    /// `workspace/didChangeConfiguration` when it is not null. Returns the server's
    /// capabilities.
    pub fn initialize(
        &mut self,
        root: &Path,
        settings: Value,
        declares_pull: bool,
    ) -> Result<Value, String> {
        let root_uri = file_uri(root);
        let mut text_document = json!({
            "synchronization": {"didSave": true},
            "publishDiagnostics": {"versionSupport": true},
            "completion": {"completionItem": {"snippetSupport": true}},
            "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "refactor", "source"]}}},
            "definition": {"linkSupport": false}
        });
        if declares_pull {
            text_document["diagnostic"] = json!({"dynamicRegistration": false});
        }
        let result = self.request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": root_uri,
                "workspaceFolders": [{"uri": root_uri, "name": "bench"}],
                "capabilities": {
                    "general": {"positionEncodings": ["utf-16"]},
                    "workspace": {"configuration": true, "workspaceFolders": true},
                    "textDocument": text_document
                }
            }),
        )?;
        self.notify("initialized", json!({}))?;
        if !settings.is_null() {
            self.settings = settings.clone();
            self.notify(
                "workspace/didChangeConfiguration",
                json!({ "settings": settings }),
            )?;
        }
        Ok(result.get("capabilities").cloned().unwrap_or(Value::Null))
    }

    pub fn open(&mut self, uri: &str, text: &str) -> Result<(), String> {
        self.texts.insert(uri.to_string(), text.to_string());
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        )
    }

    pub fn close(&mut self, uri: &str) -> Result<(), String> {
        self.texts.remove(uri);
        self.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        )
    }

    /// Inserts ASCII `text` at (`line`, `column`) and sends it as version `version`.
    /// Inserts `text` at a position: the client's own copy first (`apply_insert`), then
    /// the `didChange` (`send_insert`).
    pub fn insert(
        &mut self,
        uri: &str,
        version: i32,
        position: (u32, u32),
        text: &str,
    ) -> Result<(), String> {
        self.apply_insert(uri, position, text);
        self.send_insert(uri, version, position, text)
    }

    /// Updates the client's copy of a document (which it parses for a server that asks,
    /// as VS Code does): done before a timed `send_insert`, so the server's latency does
    /// not include the client finding the line in its own text.
    pub fn apply_insert(&mut self, uri: &str, (line, column): (u32, u32), text: &str) {
        if let Some(doc) = self.texts.get_mut(uri) {
            let line_start = doc
                .split_inclusive('\n')
                .take(line as usize)
                .map(str::len)
                .sum::<usize>();
            doc.insert_str(line_start + column as usize, text);
        }
    }

    /// Sends the `didChange` for an insert already applied to the client's copy.
    pub fn send_insert(
        &mut self,
        uri: &str,
        version: i32,
        (line, column): (u32, u32),
        text: &str,
    ) -> Result<(), String> {
        let position = json!({"line": line, "character": column});
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": position, "end": position}, "text": text}]
            }),
        )
    }

    /// Waits for the diagnostics of `uri`: pushed ones for `version` (or unversioned ones)
    /// when `pull` is false, else the answer to a `textDocument/diagnostic` request.
    pub fn diagnostics(&mut self, uri: &str, version: i32, pull: bool) -> Result<Value, String> {
        if pull {
            return self.request(
                "textDocument/diagnostic",
                json!({"textDocument": {"uri": uri}}),
            );
        }
        self.wait_for(|m| {
            m.get("method").and_then(Value::as_str) == Some("textDocument/publishDiagnostics")
                && m["params"]["uri"].as_str() == Some(uri)
                && m["params"]
                    .get("version")
                    .and_then(Value::as_i64)
                    .is_none_or(|v| v == i64::from(version))
        })
    }

    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, String> {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))?;
        let reply = self.wait_for(|m| {
            m.get("id").and_then(Value::as_i64) == Some(id) && m.get("method").is_none()
        })?;
        if let Some(error) = reply.get("error") {
            return Err(format!("{method}: {error}"));
        }
        Ok(reply.get("result").cloned().unwrap_or(Value::Null))
    }

    pub fn notify(&mut self, method: &str, params: Value) -> Result<(), String> {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    /// `shutdown`, `exit`, then waits for the process (killing it after a grace period).
    pub fn stop(mut self) {
        let _ = self.request("shutdown", Value::Null);
        let _ = self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn send(&mut self, message: &Value) -> Result<(), String> {
        let body = serde_json::to_vec(message).map_err(|e| e.to_string())?;
        let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        framed.extend_from_slice(&body);
        self.stdin
            .write_all(&framed)
            .and_then(|()| self.stdin.flush())
            .map_err(|e| format!("server closed its input: {e}"))
    }

    /// Reads messages, answering the server's own requests, until `done` accepts one.
    pub fn wait_for(&mut self, mut done: impl FnMut(&Value) -> bool) -> Result<Value, String> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = match self.incoming.recv_timeout(left) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => return Err("timed out".to_string()),
                Err(RecvTimeoutError::Disconnected) => return Err("server exited".to_string()),
            };
            if let (Some(method), Some(id)) = (message.get("method"), message.get("id")) {
                let method = method.as_str().unwrap_or_default().to_string();
                let result = self.answer(&method, &message["params"]);
                let reply = match result {
                    Ok(result) => json!({"jsonrpc": "2.0", "id": id, "result": result}),
                    Err(error) => {
                        json!({"jsonrpc": "2.0", "id": id, "error": {"code": -32603, "message": error}})
                    }
                };
                self.send(&reply)?;
                continue;
            }
            if done(&message) {
                return Ok(message);
            }
        }
    }

    /// What an editor answers to the requests servers make of their client.
    fn answer(&mut self, method: &str, params: &Value) -> Result<Value, String> {
        match method {
            "workspace/configuration" => {
                let items = params["items"].as_array().cloned().unwrap_or_default();
                Ok(Value::Array(
                    items
                        .iter()
                        .map(|item| {
                            let section = item["section"].as_str().unwrap_or_default();
                            section
                                .split('.')
                                .filter(|s| !s.is_empty())
                                .fold(&self.settings, |v, key| &v[key])
                                .clone()
                        })
                        .collect(),
                ))
            }
            "markdown/parse" => {
                let uri = params["uri"].as_str().unwrap_or_default();
                let text = match params.get("text").and_then(Value::as_str) {
                    Some(text) => text.to_string(),
                    None => match self.texts.get(uri) {
                        Some(text) => text.clone(),
                        None => std::fs::read_to_string(uri_path(uri)).unwrap_or_default(),
                    },
                };
                match &mut self.markdown_it {
                    Some(parser) => parser.tokens(&text),
                    None => Err("no markdown-it".to_string()),
                }
            }
            "markdown/fs/stat" => {
                let path = uri_path(params["uri"].as_str().unwrap_or_default());
                Ok(match std::fs::metadata(path) {
                    Ok(m) => json!({"isDirectory": m.is_dir()}),
                    Err(_) => Value::Null,
                })
            }
            "markdown/fs/readFile" => {
                let path = uri_path(params["uri"].as_str().unwrap_or_default());
                let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
                Ok(json!(bytes))
            }
            "markdown/fs/readDirectory" => {
                let path = uri_path(params["uri"].as_str().unwrap_or_default());
                let entries = std::fs::read_dir(path).map_err(|e| e.to_string())?;
                Ok(Value::Array(
                    entries
                        .flatten()
                        .map(|e| {
                            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
                            json!([e.file_name().to_string_lossy(), {"isDirectory": is_dir}])
                        })
                        .collect(),
                ))
            }
            "markdown/findMarkdownFilesInWorkspace" => Ok(json!([])),
            _ => Ok(Value::Null),
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(value) = header
            .split_once(':')
            .filter(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        {
            length = value.1.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn uri_path(uri: &str) -> PathBuf {
    PathBuf::from(uri.strip_prefix("file://").unwrap_or(uri))
}

/// A node process that turns markdown into markdown-it tokens, one JSON line each way,
/// standing in for VS Code's extension host.
pub struct MarkdownIt {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<std::process::ChildStdout>,
}

impl MarkdownIt {
    pub fn start(node_modules: &Path) -> Result<MarkdownIt, String> {
        let script = "const md = require('markdown-it')({html: true});\n\
            const rl = require('readline').createInterface({input: process.stdin});\n\
            rl.on('line', (line) => { const text = JSON.parse(line);\n\
              process.stdout.write(JSON.stringify(md.parse(text, {})) + '\\n'); });";
        let mut child = Command::new("node")
            .args(["-e", script])
            .env("NODE_PATH", node_modules)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start node: {e}"))?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = BufReader::new(child.stdout.take().ok_or("no stdout")?);
        Ok(MarkdownIt {
            child,
            stdin,
            stdout,
        })
    }

    fn tokens(&mut self, text: &str) -> Result<Value, String> {
        let mut line = serde_json::to_string(text).map_err(|e| e.to_string())?;
        line.push('\n');
        self.stdin
            .write_all(line.as_bytes())
            .and_then(|()| self.stdin.flush())
            .map_err(|e| e.to_string())?;
        let mut answer = String::new();
        self.stdout
            .read_line(&mut answer)
            .map_err(|e| e.to_string())?;
        serde_json::from_str(&answer).map_err(|e| e.to_string())
    }
}

impl Drop for MarkdownIt {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Peak resident memory (`VmHWM`) of a process, in kB.
pub fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}
