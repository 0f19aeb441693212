//! Typing into a plan as people do, at random, and after each keystroke asking the server
//! every request it offers at random positions: every answer and notification must keep
//! LSP's rules (the validating client in `common/validate.rs` checks them), and the
//! server's copy of the text must stay the client's.
//!
//! Runs in UTF-16 and UTF-8, for a push client and for pull clients with and without
//! `workspace.diagnostics.refreshSupport`. Seeded: `EXECPLAN_RANDOM_SEED` picks the seed
//! (else a fixed one), `EXECPLAN_RANDOM_STEPS` the number of steps over all the runs
//! (a short run by default; the long run is
//! `EXECPLAN_RANDOM_STEPS=100000 cargo test --release --test lsp_random`). A failing
//! seed is shrunk to a minimal reproduction (a text and the steps that break it), which
//! the failure prints.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use common::validate::{position, Encoding};
use common::{file_uri, plan_without, LspClient};
use execplan_syntax::testing::Rng;
use serde_json::{json, Value};

/// Steps (an edit, then every request) over all the runs when `EXECPLAN_RANDOM_STEPS`
/// is not set.
const DEFAULT_STEPS: usize = 1_200;

/// How many of the texts before the last steps are kept to shrink a failure from.
const KEPT_TEXTS: usize = 256;

#[derive(Debug, Clone, Copy)]
struct Setup {
    encoding: &'static str,
    pull: bool,
    refresh: bool,
}

const SETUPS: [Setup; 6] = [
    Setup {
        encoding: "utf-16",
        pull: false,
        refresh: false,
    },
    Setup {
        encoding: "utf-8",
        pull: false,
        refresh: false,
    },
    Setup {
        encoding: "utf-16",
        pull: true,
        refresh: true,
    },
    Setup {
        encoding: "utf-8",
        pull: true,
        refresh: true,
    },
    Setup {
        encoding: "utf-16",
        pull: true,
        refresh: false,
    },
    Setup {
        encoding: "utf-8",
        pull: true,
        refresh: false,
    },
];

/// One thing the client does: an edit of the text (bytes, moved onto character
/// boundaries when replayed on another text), or a request at a place.
#[derive(Debug, Clone)]
enum Step {
    Edit {
        at: usize,
        delete: usize,
        insert: String,
    },
    Ask {
        method: &'static str,
        at: usize,
        to: usize,
    },
}

const METHODS: [&str; 13] = [
    "textDocument/documentSymbol",
    "textDocument/foldingRange",
    "textDocument/completion",
    "textDocument/hover",
    "textDocument/definition",
    "textDocument/references",
    "textDocument/documentLink",
    "textDocument/codeAction",
    "textDocument/diagnostic",
    "workspace/diagnostic",
    "workspace/symbol",
    "workspace/willRenameFiles",
    "execplan/documentText",
];

/// What people type into a plan, a character at a time.
const TYPED: [&str; 30] = [
    "## ",
    "## Progress\n",
    "## Decision Log\n",
    "## Outcomes & Retrospective\n",
    "- [ ] ",
    "- [x] (2026-12-04 10:00Z) done ",
    "- [ ] \n",
    "- Decision: ",
    "- Decision: use 漢字　\n  Rationale: x\n  Date/Author: 2026-12-04, Ada\n",
    "`src/pipeline.py`",
    "`src/pipeline.py:99`",
    "[the pipeline](src/pipeline.py#L41)",
    "`src/`",
    "`docs/*.md`",
    "```sh\ncargo test\n```\n",
    "```\n",
    "  ## Decision Log\n",
    "- [x]\t#\n",
    "> ## Quoted\n> - [x] q\n",
    "    indented code\n",
    "Title\n=====\n",
    "😀",
    "設計する",
    "\r\n",
    "\r",
    "\n",
    "# ExecPlan: 計画 🚀\n",
    "<!-- execplan-disable placeholder -->\n",
    "TODO ",
    " ",
];

fn the_plan() -> String {
    plan_without(&[]).replace(
        "## Context and Orientation\n\nText.\n",
        "## Context and Orientation\n\nThe code is `src/pipeline.py` and `src/missing.py`.\n",
    )
}

/// A workspace: `src/pipeline.py` (ten lines), a README, and the plan.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::create_dir_all(root.join("docs")).unwrap();
    let lines: String = (1..=10)
        .map(|i| format!("line_{i} = {i}  # 漢字\n"))
        .collect();
    std::fs::write(root.join("src/pipeline.py"), lines).unwrap();
    std::fs::write(
        root.join("docs/README.md"),
        "# Docs\n\nSee `src/pipeline.py`.\n",
    )
    .unwrap();
    std::fs::write(root.join("plan.md"), the_plan()).unwrap();
    (dir, root)
}

/// A server for `setup`, its index built, with the plan open as `text`.
fn start(setup: Setup, root: &Path, text: &str) -> (LspClient, String) {
    let mut client = LspClient::spawn();
    let mut capabilities = json!({
        "general": { "positionEncodings": [setup.encoding] },
        "window": { "workDoneProgress": true },
        "workspace": { "workspaceFolders": true },
        "textDocument": {
            "completion": { "completionItem": { "snippetSupport": true, "insertReplaceSupport": true } },
        },
    });
    if setup.pull {
        capabilities["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    }
    if setup.refresh {
        capabilities["workspace"]["diagnostics"] = json!({ "refreshSupport": true });
    }
    client.initialize_with(json!({
        "rootUri": file_uri(root),
        "workspaceFolders": [{ "uri": file_uri(root), "name": "w" }],
        "capabilities": capabilities,
    }));
    client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let uri = file_uri(&root.join("plan.md"));
    client.open(&uri, text);
    (client, uri)
}

fn encoding(setup: Setup) -> Encoding {
    if setup.encoding == "utf-8" {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

/// The nearest place at or before `at` that a position can name: a character boundary,
/// not between the `\r` and `\n` of a line break.
fn floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    if at > 0 && text[..at].ends_with('\r') && text[at..].starts_with('\n') {
        at -= 1;
    }
    at
}

fn lsp_position(text: &str, at: usize, encoding: Encoding) -> Value {
    let (line, character) = position(text, floor(text, at), encoding);
    json!({ "line": line, "character": character })
}

/// Does one step; a broken rule panics in the validating client.
fn apply(client: &mut LspClient, setup: Setup, uri: &str, root: &Path, step: &Step) {
    let enc = encoding(setup);
    let text = client
        .mirror
        .text(uri)
        .expect("the plan is open")
        .to_string();
    match step {
        Step::Edit { at, delete, insert } => {
            let start = floor(&text, *at);
            let end = floor(&text, start + delete);
            let version = client.mirror.version(uri).unwrap() + 1;
            let range = json!({
                "start": lsp_position(&text, start, enc),
                "end": lsp_position(&text, end, enc),
            });
            client.change(uri, version, json!([{ "range": range, "text": insert }]));
        }
        Step::Ask { method, at, to } => {
            let doc = json!({ "uri": uri });
            let here = lsp_position(&text, *at, enc);
            let params = match *method {
                "textDocument/documentSymbol"
                | "textDocument/foldingRange"
                | "textDocument/documentLink" => json!({ "textDocument": doc }),
                "textDocument/completion" => json!({
                    "textDocument": doc, "position": here, "context": { "triggerKind": 1 },
                }),
                "textDocument/hover" | "textDocument/definition" => {
                    json!({ "textDocument": doc, "position": here })
                }
                "textDocument/references" => json!({
                    "textDocument": doc, "position": here,
                    "context": { "includeDeclaration": true },
                }),
                "textDocument/codeAction" => {
                    let (a, b) = (*at.min(to), *at.max(to));
                    json!({
                        "textDocument": doc,
                        "range": { "start": lsp_position(&text, a, enc), "end": lsp_position(&text, b, enc) },
                        "context": { "diagnostics": [] },
                    })
                }
                "textDocument/diagnostic" if setup.pull => json!({ "textDocument": doc }),
                "workspace/diagnostic" if setup.pull => json!({ "previousResultIds": [] }),
                "workspace/symbol" => json!({ "query": if at % 2 == 0 { "" } else { "u" } }),
                "workspace/willRenameFiles" => json!({ "files": [{
                    "oldUri": file_uri(&root.join("src/pipeline.py")),
                    "newUri": file_uri(&root.join("src/flow.py")),
                }] }),
                "execplan/documentText" => {
                    client.server_text(uri);
                    return;
                }
                _ => return,
            };
            client.request(method, params);
        }
    }
}

/// Runs `steps` on a fresh server from `text`; the panic message of the first broken rule.
fn replay(setup: Setup, text: &str, steps: &[Step]) -> Result<(), String> {
    let (_dir, root) = workspace();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let (mut client, uri) = start(setup, &root, text);
        for step in steps {
            apply(&mut client, setup, &uri, &root, step);
        }
        // Whatever the last steps made the server send is checked too.
        client.server_text(&uri);
        client.take_received();
        client.shutdown();
    }));
    outcome.map_err(|panic| {
        panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

/// The next edit a person typing might make, from the text as it is and the cursor.
fn next_step(rng: &mut Rng, text: &str, cursor: &mut usize, typing: &mut Vec<char>) -> Step {
    *cursor = floor(text, *cursor);
    if let Some(c) = typing.pop() {
        let at = *cursor;
        *cursor += c.len_utf8();
        return Step::Edit {
            at,
            delete: 0,
            insert: c.to_string(),
        };
    }
    match rng.below(10) {
        // Start typing a snippet, maybe somewhere else (a line's start or end).
        0..=5 => {
            if rng.below(3) == 0 {
                let starts: Vec<usize> = std::iter::once(0)
                    .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                    .collect();
                let line = starts[rng.below(starts.len())];
                *cursor = if rng.below(2) == 0 {
                    line
                } else {
                    text[line..]
                        .find(['\n', '\r'])
                        .map_or(text.len(), |e| line + e)
                };
            }
            *typing = TYPED[rng.below(TYPED.len())].chars().rev().collect();
            let c = typing.pop().unwrap();
            let at = *cursor;
            *cursor += c.len_utf8();
            Step::Edit {
                at,
                delete: 0,
                insert: c.to_string(),
            }
        }
        // Backspace.
        6 | 7 => {
            let at = text[..*cursor]
                .chars()
                .next_back()
                .map_or(0, |c| *cursor - c.len_utf8());
            let delete = *cursor - at;
            *cursor = at;
            Step::Edit {
                at,
                delete,
                insert: String::new(),
            }
        }
        // Delete a whole line.
        8 => {
            let start = text[..*cursor].rfind('\n').map_or(0, |i| i + 1);
            let end = text[*cursor..]
                .find('\n')
                .map_or(text.len(), |i| *cursor + i + 1);
            *cursor = start;
            Step::Edit {
                at: start,
                delete: end - start,
                insert: String::new(),
            }
        }
        // Paste a snippet whole.
        _ => {
            let insert = TYPED[rng.below(TYPED.len())].to_string();
            let at = *cursor;
            *cursor += insert.len();
            Step::Edit {
                at,
                delete: 0,
                insert,
            }
        }
    }
}

/// One seeded run of `count` steps; on a broken rule, the seed, the rule and a minimal
/// reproduction.
fn run(setup: Setup, seed: u64, count: usize) {
    let (_dir, root) = workspace();
    let start_text = the_plan();
    let mut rng = Rng(seed);
    let mut steps: Vec<Step> = Vec::new();
    // The text before each step, to restart a reproduction from (the last few hundred,
    // and the first).
    let mut texts: Vec<Option<String>> = Vec::new();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let (mut client, uri) = start(setup, &root, &start_text);
        let mut cursor = start_text.find("## Progress").unwrap_or(0);
        let mut typing = Vec::new();
        for _ in 0..count {
            // An edit, then every request at random places (half of them at the cursor).
            let text = client.mirror.text(&uri).unwrap().to_string();
            let mut batch = vec![next_step(&mut rng, &text, &mut cursor, &mut typing)];
            for method in METHODS {
                batch.push(Step::Ask {
                    method,
                    at: 0,
                    to: 0,
                });
            }
            for mut step in batch {
                let text = client.mirror.text(&uri).unwrap().to_string();
                if let Step::Ask { at, to, .. } = &mut step {
                    *at = if rng.below(2) == 0 {
                        floor(&text, cursor)
                    } else {
                        floor(&text, rng.below(text.len() + 1))
                    };
                    *to = floor(&text, *at + rng.below(40));
                }
                texts.push(Some(text));
                if texts.len() > KEPT_TEXTS + 1 {
                    let old = texts.len() - KEPT_TEXTS - 1;
                    texts[old] = None;
                }
                steps.push(step);
                apply(&mut client, setup, &uri, &root, &steps[steps.len() - 1]);
            }
        }
        let text = client.server_text(&uri);
        client.take_received();
        client.shutdown();
        text
    }));
    let panic = match outcome {
        Ok(text) => {
            let asked = steps
                .iter()
                .filter(|s| matches!(s, Step::Ask { .. }))
                .count();
            eprintln!(
                "seed {seed} ({setup:?}): {count} edits, {asked} requests, ending with {} lines",
                text.lines().count()
            );
            return;
        }
        Err(panic) => panic,
    };
    let message = panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default();
    let failed_at = steps.len().saturating_sub(1);
    // The replays' own failures are expected: keep them quiet.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let (text, kept) = shrink(setup, &texts, &steps, failed_at);
    std::panic::set_hook(hook);
    panic!(
        "seed {seed} ({setup:?}) broke a rule at step {failed_at}: {message}\n\n\
         minimal reproduction: open this text\n{text:?}\nthen do these steps:\n{kept:#?}\n\
         (rerun with EXECPLAN_RANDOM_SEED={seed})"
    );
}

/// The shortest history found that still breaks a rule: the text some steps before the
/// failing one, then as few of those steps as still fail, then as few lines of the text.
fn shrink(
    setup: Setup,
    texts: &[Option<String>],
    steps: &[Step],
    failed_at: usize,
) -> (String, Vec<Step>) {
    let budget = std::cell::Cell::new(120u32);
    let fails = |text: &str, steps: &[Step]| {
        budget.set(budget.get().saturating_sub(1));
        replay(setup, text, steps).is_err()
    };
    // The failing step alone, or with more history before it.
    let mut from = failed_at;
    let mut back = 1;
    loop {
        let Some(text) = &texts[from] else {
            // Only a longer history fails: the whole of it, from the first text.
            let first = texts[0].clone().unwrap_or_default();
            return (first, steps[..=failed_at].to_vec());
        };
        if fails(text, &steps[from..=failed_at]) {
            break;
        }
        if from == 0 {
            // The failure does not reproduce: the whole history, as it ran.
            return (text.clone(), steps[..=failed_at].to_vec());
        }
        from = from.saturating_sub(back);
        back *= 2;
    }
    let mut text = texts[from].clone().unwrap_or_default();
    let mut kept: Vec<Step> = steps[from..=failed_at].to_vec();
    // Drop steps one at a time (never the last, which broke the rule).
    let mut i = 0;
    while i + 1 < kept.len() && budget.get() > 0 {
        let mut fewer = kept.clone();
        fewer.remove(i);
        if fails(&text, &fewer) {
            kept = fewer;
        } else {
            i += 1;
        }
    }
    // Drop lines of the text, halves first.
    let mut chunk = text.split_inclusive('\n').count().max(1) / 2;
    while chunk > 0 && budget.get() > 0 {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let mut start = 0;
        let mut shrunk = false;
        while start < lines.len() && budget.get() > 0 {
            let candidate: String = lines[..start]
                .iter()
                .chain(&lines[(start + chunk).min(lines.len())..])
                .copied()
                .collect();
            if candidate != text && fails(&candidate, &kept) {
                text = candidate;
                shrunk = true;
                break;
            }
            start += chunk;
        }
        if !shrunk {
            chunk /= 2;
        }
    }
    (text, kept)
}

#[test]
fn typing_at_random_keeps_every_answer_within_the_rules() {
    let total: usize = std::env::var("EXECPLAN_RANDOM_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_STEPS);
    let seed: u64 = std::env::var("EXECPLAN_RANDOM_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_1313);
    let per_setup = total.div_ceil(SETUPS.len());
    for (i, setup) in SETUPS.iter().enumerate() {
        let seed = seed.wrapping_add(i as u64).max(1);
        run(*setup, seed, per_setup);
    }
    eprintln!(
        "{} random steps over {} setups",
        per_setup * SETUPS.len(),
        SETUPS.len()
    );
}
