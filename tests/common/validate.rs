//! The rules every message from the server must keep, checked by the test client on every
//! answer and notification: LSP's own rules (ranges inside their document and never
//! splitting a character in the negotiated encoding, document symbols nested properly,
//! edits that apply cleanly to the version they were asked for, …) and no JSON-RPC error
//! except `ContentModified` and `RequestCancelled`. The client keeps its own copy of every
//! document it opened, version by version, so each answer is checked against the text it
//! was asked about.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

/// `ContentModified` and `RequestCancelled`: the errors LSP lets any request end with.
const ALLOWED_ERRORS: [i64; 2] = [-32801, -32800];

/// How many versions of each document are kept to check answers against.
const VERSIONS_KEPT: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// What the client sent, as the server must have understood it.
#[derive(Default)]
pub struct Mirror {
    pub encoding: Option<Encoding>,
    /// Open documents: their texts by version (the newest last) and every version sent.
    documents: HashMap<String, Versions>,
    /// Requests awaiting an answer: method, params, and the version of the document they
    /// name at the time they were sent.
    pending: HashMap<String, (String, Value, Option<i64>)>,
    /// Error codes a test provokes on purpose, each allowed once.
    pub expected_errors: Vec<i64>,
}

#[derive(Default)]
struct Versions {
    texts: BTreeMap<u64, (i64, String)>,
    next: u64,
    sent: HashSet<i64>,
}

impl Versions {
    fn latest(&self) -> Option<&(i64, String)> {
        self.texts.values().next_back()
    }

    fn push(&mut self, version: i64, text: String) {
        self.texts.insert(self.next, (version, text));
        self.next += 1;
        self.sent.insert(version);
        while self.texts.len() > VERSIONS_KEPT {
            let first = *self.texts.keys().next().unwrap();
            self.texts.remove(&first);
        }
    }

    /// The newest text sent as `version`.
    fn at(&self, version: i64) -> Option<&str> {
        self.texts
            .values()
            .rev()
            .find(|(v, _)| *v == version)
            .map(|(_, t)| t.as_str())
    }
}

impl Mirror {
    fn encoding(&self) -> Encoding {
        self.encoding.unwrap_or(Encoding::Utf16)
    }

    /// The client's current text of an open document.
    pub fn text(&self, uri: &str) -> Option<&str> {
        self.documents.get(uri)?.latest().map(|(_, t)| t.as_str())
    }

    pub fn version(&self, uri: &str) -> Option<i64> {
        self.documents.get(uri)?.latest().map(|(v, _)| *v)
    }

    /// Notes what an outgoing message changes: documents opened, changed or closed, and
    /// requests now awaiting an answer.
    pub fn sent(&mut self, message: &Value) {
        let Some(method) = message["method"].as_str() else {
            return;
        };
        let params = &message["params"];
        if let Some(id) = message.get("id") {
            let uri = params["textDocument"]["uri"].as_str();
            let version = uri.and_then(|u| self.version(u));
            self.pending.insert(
                id.to_string(),
                (method.to_string(), params.clone(), version),
            );
            return;
        }
        let encoding = self.encoding();
        match method {
            "textDocument/didOpen" => {
                let doc = &params["textDocument"];
                let (Some(uri), Some(text)) = (doc["uri"].as_str(), doc["text"].as_str()) else {
                    return;
                };
                let mut versions = Versions::default();
                versions.push(doc["version"].as_i64().unwrap_or(0), text.to_string());
                self.documents.insert(uri.to_string(), versions);
            }
            "textDocument/didChange" => {
                let doc = &params["textDocument"];
                let Some(uri) = doc["uri"].as_str() else {
                    return;
                };
                let Some(versions) = self.documents.get_mut(uri) else {
                    return;
                };
                let mut text = versions
                    .latest()
                    .map(|(_, t)| t.clone())
                    .unwrap_or_default();
                for change in params["contentChanges"].as_array().into_iter().flatten() {
                    let Some(new) = change["text"].as_str() else {
                        continue;
                    };
                    match change.get("range") {
                        Some(range) if !range.is_null() => {
                            let a = offset(&text, &range["start"], encoding);
                            let b = offset(&text, &range["end"], encoding);
                            text.replace_range(a.min(b)..a.max(b), new);
                        }
                        _ => text = new.to_string(),
                    }
                }
                versions.push(doc["version"].as_i64().unwrap_or(0), text);
            }
            "textDocument/didClose" => {
                if let Some(uri) = params["textDocument"]["uri"].as_str() {
                    self.documents.remove(uri);
                }
            }
            _ => {}
        }
    }

    /// Checks one message from the server; panics, naming the rule, on a violation.
    pub fn received(&mut self, message: &Value) {
        if message.get("method").is_some() {
            if message.get("id").is_none() {
                self.notification(message);
            } else if message["method"] == "workspace/applyEdit" {
                // An edit the server asks the client to apply: against versions the
                // client sent, inside their text, not overlapping, applying cleanly.
                let check = Check {
                    mirror: self,
                    method: "workspace/applyEdit",
                    params: &Value::Null,
                    version: None,
                    message,
                };
                check.workspace_edit(&message["params"]["edit"], None);
            }
            return;
        }
        let id = message.get("id").map(|i| i.to_string()).unwrap_or_default();
        let pending = self.pending.remove(&id);
        if let Some(error) = message.get("error") {
            let code = error["code"].as_i64().unwrap_or(0);
            if let Some(i) = self.expected_errors.iter().position(|c| *c == code) {
                self.expected_errors.remove(i);
                return;
            }
            assert!(
                ALLOWED_ERRORS.contains(&code),
                "LSP rule broken: an error answer other than ContentModified or RequestCancelled, \
                 to {:?}: {message}",
                pending.map(|p| p.0)
            );
            return;
        }
        let Some((method, params, version)) = pending else {
            return;
        };
        let result = &message["result"];
        if method == "initialize" {
            self.encoding = Some(match result["capabilities"]["positionEncoding"].as_str() {
                Some("utf-8") => Encoding::Utf8,
                _ => Encoding::Utf16,
            });
            return;
        }
        let check = Check {
            mirror: self,
            method: &method,
            params: &params,
            version,
            message,
        };
        check.result(result);
    }

    fn notification(&self, message: &Value) {
        if message["method"] != "textDocument/publishDiagnostics" {
            return;
        }
        let params = &message["params"];
        let uri = params["uri"].as_str().unwrap_or_default();
        let version = params["version"].as_i64();
        let text = self.text_at(uri, version).unwrap_or_else(|| {
            panic!(
                "LSP rule broken: diagnostics for version {version:?} of {uri}, which the \
                 client never sent: {message}"
            )
        });
        let what = format!("publishDiagnostics {uri} v{version:?}");
        let Some(text) = text else {
            return;
        };
        let lines = Lines::new(&text, self.encoding());
        for d in params["diagnostics"]
            .as_array()
            .expect("diagnostics is an array")
        {
            lines.range(&d["range"], &what, message);
        }
    }

    /// The text a versioned answer about `uri` must be read against: `Some(None)` when it
    /// cannot be known (an older version no longer kept, or a file neither open nor
    /// readable), `None` when the version was never sent.
    fn text_at(&self, uri: &str, version: Option<i64>) -> Option<Option<String>> {
        match (self.documents.get(uri), version) {
            (Some(versions), Some(version)) => {
                if let Some(text) = versions.at(version) {
                    return Some(Some(text.to_string()));
                }
                versions.sent.contains(&version).then_some(None)
            }
            (Some(versions), None) => Some(versions.latest().map(|(_, t)| t.clone())),
            // Closed since: the version was sent while it was open.
            (None, Some(_)) => Some(disk_text(uri)),
            (None, None) => Some(disk_text(uri)),
        }
    }

    /// The text a location in `uri` must fall into: the open document, else the file.
    fn target_text(&self, uri: &str) -> Option<String> {
        match self.text(uri) {
            Some(text) => Some(text.to_string()),
            None => disk_text(uri),
        }
    }
}

fn disk_text(uri: &str) -> Option<String> {
    let path = uri.strip_prefix("file://")?;
    let path = percent_decode(path);
    let bytes = std::fs::read(path).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One answer being checked.
struct Check<'a> {
    mirror: &'a Mirror,
    method: &'a str,
    params: &'a Value,
    /// The version of the document the request named, when it was sent.
    version: Option<i64>,
    message: &'a Value,
}

impl Check<'_> {
    fn fail(&self, rule: &str) -> ! {
        panic!(
            "LSP rule broken by the answer to {}: {rule}\n  request: {}\n  answer: {}",
            self.method, self.params, self.message
        )
    }

    /// The text of the document the request named, as it was when asked.
    fn asked_text(&self) -> Option<String> {
        let uri = self.params["textDocument"]["uri"].as_str()?;
        match self.version {
            Some(version) => self
                .mirror
                .documents
                .get(uri)
                .and_then(|v| v.at(version))
                .map(str::to_string),
            None => disk_text(uri),
        }
    }

    fn lines<'t>(&self, text: &'t str) -> Lines<'t> {
        Lines::new(text, self.mirror.encoding())
    }

    fn result(&self, result: &Value) {
        match self.method {
            "textDocument/documentSymbol" => self.document_symbols(result),
            "textDocument/foldingRange" => self.folding_ranges(result),
            "textDocument/completion" => self.completion(result),
            "textDocument/codeAction" => self.code_actions(result),
            "workspace/willRenameFiles" => self.workspace_edit(result, None),
            "textDocument/definition" | "textDocument/references" => self.locations(result),
            "textDocument/documentLink" => self.document_links(result),
            "textDocument/hover" => self.hover(result),
            "workspace/symbol" => self.workspace_symbols(result),
            "textDocument/diagnostic" => self.document_diagnostic(result),
            "workspace/diagnostic" => self.workspace_diagnostic(result),
            "textDocument/codeLens" => self.code_lenses(result),
            "textDocument/inlayHint" => self.inlay_hints(result),
            "execplan/plans" => self.plans(result),
            _ => {}
        }
    }

    fn document_symbols(&self, result: &Value) {
        let Some(symbols) = result.as_array() else {
            return self.null_or_fail(result);
        };
        let Some(text) = self.asked_text() else {
            return;
        };
        let lines = self.lines(&text);
        if symbols.iter().any(|s| s.get("location").is_some()) {
            for s in symbols {
                self.name(s);
                lines.range(&s["location"]["range"], self.method, self.message);
            }
            return;
        }
        self.nested_symbols(&lines, symbols, None);
    }

    fn name(&self, symbol: &Value) {
        let name = symbol["name"].as_str().unwrap_or_default();
        if name.trim().is_empty() {
            self.fail(&format!("a symbol's name is empty or blank: {symbol}"));
        }
        let kind = symbol["kind"].as_u64().unwrap_or(0);
        if !(1..=26).contains(&kind) {
            self.fail(&format!("symbol kind {kind} is not one of LSP's: {symbol}"));
        }
    }

    fn nested_symbols(&self, lines: &Lines, symbols: &[Value], parent: Option<(Pos, Pos)>) {
        let mut previous: Option<(Pos, Pos)> = None;
        for s in symbols {
            self.name(s);
            let range = lines.range(&s["range"], self.method, self.message);
            let selection = lines.range(&s["selectionRange"], self.method, self.message);
            if !(range.0 <= selection.0 && selection.1 <= range.1) {
                self.fail(&format!(
                    "selectionRange {selection:?} is not contained in range {range:?} ({})",
                    s["name"]
                ));
            }
            if let Some(parent) = parent {
                if !(parent.0 <= range.0 && range.1 <= parent.1) {
                    self.fail(&format!(
                        "child {} at {range:?} lies outside its parent {parent:?}",
                        s["name"]
                    ));
                }
            }
            if let Some(previous) = previous {
                if range.0 < previous.1 {
                    self.fail(&format!(
                        "sibling {} at {range:?} starts before the previous sibling's end \
                         {previous:?}",
                        s["name"]
                    ));
                }
            }
            previous = Some(range);
            if let Some(children) = s.get("children").and_then(Value::as_array) {
                self.nested_symbols(lines, children, Some(range));
            }
        }
    }

    fn null_or_fail(&self, result: &Value) {
        if !result.is_null() {
            self.fail(&format!("unexpected shape: {result}"));
        }
    }

    fn folding_ranges(&self, result: &Value) {
        let Some(ranges) = result.as_array() else {
            return self.null_or_fail(result);
        };
        let Some(text) = self.asked_text() else {
            return;
        };
        let lines = self.lines(&text);
        for r in ranges {
            let (Some(start), Some(end)) = (r["startLine"].as_u64(), r["endLine"].as_u64()) else {
                self.fail(&format!("a folding range without lines: {r}"));
            };
            if start > end || end as usize >= lines.count() {
                self.fail(&format!(
                    "folding range {start}..{end} outside the document's {} lines",
                    lines.count()
                ));
            }
            for (line, character) in [(start, &r["startCharacter"]), (end, &r["endCharacter"])] {
                if let Some(c) = character.as_u64() {
                    lines.position(line, c, self.method, self.message);
                }
            }
        }
    }

    fn completion(&self, result: &Value) {
        let items = match result {
            Value::Array(items) => items,
            Value::Object(list) => match list.get("items").and_then(Value::as_array) {
                Some(items) => items,
                None => self.fail("a completion list without items"),
            },
            _ => return self.null_or_fail(result),
        };
        let Some(text) = self.asked_text() else {
            return;
        };
        let lines = self.lines(&text);
        let cursor = lines.position_value(&self.params["position"], self.method, self.message);
        for item in items {
            if item["label"].as_str().is_none() {
                self.fail(&format!("a completion item without a label: {item}"));
            }
            let mut edits = Vec::new();
            if let Some(edit) = item.get("textEdit") {
                if edit.get("insert").is_some() {
                    let insert = lines.range(&edit["insert"], self.method, self.message);
                    let replace = lines.range(&edit["replace"], self.method, self.message);
                    for (name, r) in [("insert", insert), ("replace", replace)] {
                        self.on_cursor_line(r, cursor, name, item);
                    }
                    if insert.0 != replace.0 || insert.1 > replace.1 {
                        self.fail(&format!(
                            "insert range {insert:?} is not a prefix of replace range \
                             {replace:?}: {item}"
                        ));
                    }
                    edits.push(replace);
                } else {
                    let r = lines.range(&edit["range"], self.method, self.message);
                    self.on_cursor_line(r, cursor, "textEdit", item);
                    edits.push(r);
                }
            }
            for extra in item["additionalTextEdits"].as_array().into_iter().flatten() {
                edits.push(lines.range(&extra["range"], self.method, self.message));
            }
            self.disjoint(&mut edits, item);
        }
    }

    fn on_cursor_line(&self, r: (Pos, Pos), cursor: Pos, name: &str, item: &Value) {
        if r.0 .0 != cursor.0 || r.1 .0 != cursor.0 || !(r.0 <= cursor && cursor <= r.1) {
            self.fail(&format!(
                "completion {name} range {r:?} is not on the cursor's line containing the \
                 cursor {cursor:?}: {item}"
            ));
        }
    }

    fn disjoint(&self, ranges: &mut [(Pos, Pos)], what: &Value) {
        ranges.sort();
        for pair in ranges.windows(2) {
            if pair[1].0 < pair[0].1 {
                self.fail(&format!("overlapping edits {pair:?}: {what}"));
            }
        }
    }

    /// Code lenses: ranges inside the document asked about, each with a command whose
    /// title is not blank.
    fn code_lenses(&self, result: &Value) {
        let Some(lenses) = result.as_array() else {
            return self.null_or_fail(result);
        };
        let Some(text) = self.asked_text() else {
            return;
        };
        let lines = self.lines(&text);
        for lens in lenses {
            lines.range(&lens["range"], self.method, self.message);
            if lens["command"]["title"]
                .as_str()
                .is_none_or(|t| t.trim().is_empty())
                || lens["command"]["command"].as_str().is_none()
            {
                self.fail(&format!("a code lens without a command and title: {lens}"));
            }
        }
    }

    /// Inlay hints: positions inside the document and inside the range asked for, labels
    /// not blank.
    fn inlay_hints(&self, result: &Value) {
        let Some(hints) = result.as_array() else {
            return self.null_or_fail(result);
        };
        let Some(text) = self.asked_text() else {
            return;
        };
        let lines = self.lines(&text);
        let asked = &self.params["range"];
        let start = (
            asked["start"]["line"].as_u64().unwrap_or(0),
            asked["start"]["character"].as_u64().unwrap_or(0),
        );
        let end = (
            asked["end"]["line"].as_u64().unwrap_or(u64::MAX),
            asked["end"]["character"].as_u64().unwrap_or(u64::MAX),
        );
        for hint in hints {
            let at = lines.position_value(&hint["position"], self.method, self.message);
            if at < start || at > end {
                self.fail(&format!(
                    "an inlay hint outside the range asked for: {hint}"
                ));
            }
            if hint["label"].as_str().is_none_or(|l| l.trim().is_empty()) {
                self.fail(&format!("an inlay hint without a label: {hint}"));
            }
        }
    }

    /// `execplan/plans`: each plan's Progress range inside its document (the client's
    /// copy when open, else the file).
    fn plans(&self, result: &Value) {
        for plan in result["plans"].as_array().into_iter().flatten() {
            let uri = plan["uri"].as_str().unwrap_or_default();
            let range = &plan["progressRange"];
            if range.is_null() {
                continue;
            }
            let Some(text) = self.mirror.target_text(uri) else {
                self.fail(&format!("a plan whose document cannot be read: {uri}"));
            };
            self.lines(&text).range(range, self.method, self.message);
        }
    }

    fn code_actions(&self, result: &Value) {
        let Some(actions) = result.as_array() else {
            return self.null_or_fail(result);
        };
        let text = self.asked_text();
        for action in actions {
            if action["title"].as_str().is_none_or(|t| t.trim().is_empty()) {
                self.fail(&format!("a code action without a title: {action}"));
            }
            if let (Some(text), Some(diagnostics)) = (&text, action["diagnostics"].as_array()) {
                let lines = self.lines(text);
                for d in diagnostics {
                    lines.range(&d["range"], self.method, self.message);
                }
            }
            if let Some(edit) = action.get("edit") {
                self.workspace_edit(edit, text.as_deref());
            }
        }
    }

    /// A workspace edit: every text edit against the version it names (the version asked
    /// about, for the requested document), inside that text, not overlapping, applying
    /// cleanly.
    fn workspace_edit(&self, edit: &Value, asked: Option<&str>) {
        if edit.is_null() {
            return;
        }
        let asked_uri = self.params["textDocument"]["uri"].as_str();
        let mut per_document: Vec<(String, Option<i64>, Vec<Value>)> = Vec::new();
        if let Some(changes) = edit["changes"].as_object() {
            for (uri, edits) in changes {
                per_document.push((
                    uri.clone(),
                    None,
                    edits.as_array().cloned().unwrap_or_default(),
                ));
            }
        }
        for change in edit["documentChanges"].as_array().into_iter().flatten() {
            if change.get("kind").is_some() {
                continue; // create, rename or delete a file
            }
            let uri = change["textDocument"]["uri"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let version = change["textDocument"]["version"].as_i64();
            let edits = change["edits"].as_array().cloned().unwrap_or_default();
            per_document.push((uri, version, edits));
        }
        for (uri, version, edits) in per_document {
            let text = if Some(uri.as_str()) == asked_uri {
                if version.is_some() && version != self.version {
                    self.fail(&format!(
                        "an edit of {uri} for version {version:?}, asked about version {:?}",
                        self.version
                    ));
                }
                asked.map(str::to_string).or_else(|| self.asked_text())
            } else if let Some(version) = version {
                match self.mirror.text_at(&uri, Some(version)) {
                    Some(text) => text,
                    None => self.fail(&format!(
                        "an edit of {uri} for version {version}, which was never sent"
                    )),
                }
            } else {
                self.mirror.target_text(&uri)
            };
            let Some(text) = text else {
                continue;
            };
            let lines = self.lines(&text);
            let mut ranges: Vec<(Pos, Pos)> = edits
                .iter()
                .map(|e| lines.range(&e["range"], self.method, self.message))
                .collect();
            self.disjoint(&mut ranges, edit);
            // Applies them, last first, as a client does.
            let mut applied = text.clone();
            let mut byte_edits: Vec<(usize, usize, &str)> = edits
                .iter()
                .map(|e| {
                    let (a, b) = lines.range(&e["range"], self.method, self.message);
                    (
                        lines.offset(a),
                        lines.offset(b),
                        e["newText"]
                            .as_str()
                            .unwrap_or_else(|| self.fail("an edit without newText")),
                    )
                })
                .collect();
            byte_edits.sort_by_key(|e| (e.0, e.1));
            for (a, b, new) in byte_edits.into_iter().rev() {
                applied.replace_range(a..b, new);
            }
        }
    }

    fn locations(&self, result: &Value) {
        let list = match result {
            Value::Array(list) => list.clone(),
            Value::Object(_) => vec![result.clone()],
            _ => return self.null_or_fail(result),
        };
        for location in &list {
            let (uri, range) = match location.get("targetUri") {
                Some(uri) => (uri, &location["targetRange"]),
                None => (&location["uri"], &location["range"]),
            };
            let uri = uri
                .as_str()
                .unwrap_or_else(|| self.fail("a location without a uri"));
            self.location(uri, range);
            if location.get("targetUri").is_some() {
                self.location(uri, &location["targetSelectionRange"]);
            }
        }
    }

    fn location(&self, uri: &str, range: &Value) {
        match self.mirror.target_text(uri) {
            Some(text) => {
                self.lines(&text).range(range, self.method, self.message);
            }
            None => {
                if uri.starts_with("file://")
                    && !std::path::Path::new(&percent_decode(&uri[7..])).is_dir()
                {
                    self.fail(&format!("a location in {uri}, which does not exist"));
                }
            }
        }
    }

    fn document_links(&self, result: &Value) {
        let Some(links) = result.as_array() else {
            return self.null_or_fail(result);
        };
        let Some(text) = self.asked_text() else {
            return;
        };
        let lines = self.lines(&text);
        for link in links {
            lines.range(&link["range"], self.method, self.message);
        }
    }

    fn hover(&self, result: &Value) {
        if result.is_null() {
            return;
        }
        if result.get("contents").is_none() {
            self.fail("a hover without contents");
        }
        if let (Some(range), Some(text)) = (result.get("range"), self.asked_text()) {
            let lines = self.lines(&text);
            let r = lines.range(range, self.method, self.message);
            let at = lines.position_value(&self.params["position"], self.method, self.message);
            if !(r.0 <= at && at <= r.1) {
                self.fail(&format!(
                    "hover range {r:?} does not hold the position {at:?}"
                ));
            }
        }
    }

    fn workspace_symbols(&self, result: &Value) {
        let Some(symbols) = result.as_array() else {
            return self.null_or_fail(result);
        };
        for s in symbols {
            self.name(s);
            let location = &s["location"];
            let uri = location["uri"].as_str().unwrap_or_default();
            if location.get("range").is_some() {
                self.location(uri, &location["range"]);
            }
        }
    }

    fn document_diagnostic(&self, result: &Value) {
        if result["kind"] == "full" {
            let Some(text) = self.asked_text() else {
                return;
            };
            let lines = self.lines(&text);
            for d in result["items"].as_array().into_iter().flatten() {
                lines.range(&d["range"], self.method, self.message);
            }
        }
    }

    fn workspace_diagnostic(&self, result: &Value) {
        for report in result["items"].as_array().into_iter().flatten() {
            if report["kind"] != "full" {
                continue;
            }
            let uri = report["uri"].as_str().unwrap_or_default();
            let version = report["version"].as_i64();
            let text = self.mirror.text_at(uri, version).unwrap_or_else(|| {
                self.fail(&format!(
                    "a report for version {version:?} of {uri}, which was never sent"
                ))
            });
            let Some(text) = text else {
                continue;
            };
            let lines = self.lines(&text);
            for d in report["items"].as_array().into_iter().flatten() {
                lines.range(&d["range"], self.method, self.message);
            }
        }
    }
}

/// A position as (line, character).
pub type Pos = (u64, u64);

/// The lines of a text as LSP counts them (`\n`, `\r\n` and a lone `\r` end a line).
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str, encoding: Encoding) -> Lines<'t> {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        Lines {
            text,
            starts,
            encoding,
        }
    }

    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// Line `line`'s content, without its line break.
    pub fn content(&self, line: usize) -> &'t str {
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The byte offset of a position already checked by [`Lines::position`].
    pub fn offset(&self, (line, character): Pos) -> usize {
        let content = self.content(line as usize);
        self.starts[line as usize] + self.byte_in(content, character).unwrap_or(content.len())
    }

    /// The byte offset of `character` in `content`, `None` inside a character or past it.
    fn byte_in(&self, content: &str, character: u64) -> Option<usize> {
        let mut units = 0u64;
        for (i, c) in content.char_indices() {
            if units == character {
                return Some(i);
            }
            if units > character {
                return None;
            }
            units += match self.encoding {
                Encoding::Utf8 => c.len_utf8() as u64,
                Encoding::Utf16 => c.len_utf16() as u64,
            };
        }
        (units == character).then_some(content.len())
    }

    /// Checks that a position lies in the text, on a character boundary.
    pub fn position(&self, line: u64, character: u64, method: &str, message: &Value) -> Pos {
        if line as usize >= self.count() {
            panic!(
                "LSP rule broken by {method}: line {line} past the document's {} lines: {message}",
                self.count()
            );
        }
        if self
            .byte_in(self.content(line as usize), character)
            .is_none()
        {
            panic!(
                "LSP rule broken by {method}: character {character} of line {line} ({:?}) is \
                 past its end or splits a character in {:?}: {message}",
                self.content(line as usize),
                self.encoding
            );
        }
        (line, character)
    }

    pub fn position_value(&self, p: &Value, method: &str, message: &Value) -> Pos {
        let (Some(line), Some(character)) = (p["line"].as_u64(), p["character"].as_u64()) else {
            panic!("LSP rule broken by {method}: a malformed position {p}: {message}");
        };
        self.position(line, character, method, message)
    }

    /// Checks a range: both ends valid positions, start not after end.
    pub fn range(&self, r: &Value, method: &str, message: &Value) -> (Pos, Pos) {
        let start = self.position_value(&r["start"], method, message);
        let end = self.position_value(&r["end"], method, message);
        if start > end {
            panic!("LSP rule broken by {method}: range ends before it starts: {r}: {message}");
        }
        (start, end)
    }
}

/// The byte offset of an LSP position in `text`, clamped as the server clamps it: past a
/// line's end is its end, past the last line the text's end, inside a character its start.
pub fn offset(text: &str, position: &Value, encoding: Encoding) -> usize {
    let lines = Lines::new(text, encoding);
    let line = position["line"].as_u64().unwrap_or(0) as usize;
    if line >= lines.count() {
        return text.len();
    }
    let content = lines.content(line);
    let character = position["character"].as_u64().unwrap_or(0);
    let mut units = 0u64;
    for (i, c) in content.char_indices() {
        let width = match encoding {
            Encoding::Utf8 => c.len_utf8() as u64,
            Encoding::Utf16 => c.len_utf16() as u64,
        };
        if units + width > character {
            return lines.starts[line] + i;
        }
        units += width;
    }
    lines.starts[line] + content.len()
}

/// The LSP position of byte `offset` (on a character boundary) of `text`.
pub fn position(text: &str, offset: usize, encoding: Encoding) -> Pos {
    let lines = Lines::new(text, encoding);
    let line = lines.starts.partition_point(|s| *s <= offset) - 1;
    let start = lines.starts[line];
    let before = &text[start..offset];
    let character = match encoding {
        Encoding::Utf8 => before.len(),
        Encoding::Utf16 => before.encode_utf16().count(),
    };
    (line as u64, character as u64)
}
