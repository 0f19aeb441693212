//! A benchmark, not a test of timings: builds a synthetic workspace of 100,000 files with
//! 1,000 plans, then prints how long the server takes to index it, how much memory it
//! holds (VmRSS and VmHWM from its `/proc/<pid>/status`), and how long `workspace/diagnostic`
//! takes. Run it with
//!
//!     cargo test --release --test workspace_bench -- --ignored --nocapture

mod common;

use std::time::Instant;

use common::{file_uri, plan_without, LspClient};
use serde_json::json;

const FILES: usize = 100_000;
const PLANS: usize = 1_000;
const PER_DIR: usize = 100;

#[test]
#[ignore = "a benchmark: run with --ignored --nocapture"]
fn index_and_diagnose_a_large_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let started = Instant::now();
    let others = FILES - PLANS;
    for i in 0..others {
        let folder = root.join(format!("src/m{:04}", i / PER_DIR));
        if i % PER_DIR == 0 {
            std::fs::create_dir_all(&folder).unwrap();
        }
        std::fs::write(folder.join(format!("f{i}.rs")), "fn f() {}\n").unwrap();
    }
    std::fs::create_dir_all(root.join("plans")).unwrap();
    for i in 0..PLANS {
        let text = plan_without(if i % 2 == 0 { &[] } else { &["Progress"] }).replace(
            "## Context and Orientation\n\nText.\n",
            &format!(
                "## Context and Orientation\n\nSee `src/m{:04}/f{}.rs:3`, `src/missing{i}.rs` and [a link](../src/m0000/f1.rs#L2).\n",
                i % (others / PER_DIR),
                (i % (others / PER_DIR)) * PER_DIR
            ),
        );
        std::fs::write(root.join(format!("plans/plan-{i:04}.md")), text).unwrap();
    }
    eprintln!(
        "built {FILES} files ({PLANS} plans) in {:.2?}",
        started.elapsed()
    );

    let mut client = LspClient::spawn();
    let rss = |client: &LspClient| {
        let status = std::fs::read_to_string(format!("/proc/{}/status", client.pid())).unwrap();
        status
            .lines()
            .filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM"))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let started = Instant::now();
    client.initialize_with(json!({
        "rootUri": file_uri(&root),
        "workspaceFolders": [{ "uri": file_uri(&root), "name": "bench" }],
        "capabilities": {
            "window": { "workDoneProgress": true },
            "textDocument": { "diagnostic": {} },
            "workspace": { "diagnostics": { "refreshSupport": true } },
        },
    }));
    // Requests that need only their document are answered while indexing (those that need
    // the index wait for it).
    let open = root.join("notes.md");
    client.open(&file_uri(&open), "# Notes\n\nNot a plan, not on disk.\n");
    let answered = Instant::now();
    client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": file_uri(&open) } }),
    );
    let during = answered.elapsed();
    client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    eprintln!(
        "indexed in {:.2?} (a request during indexing answered in {during:.2?}); memory after indexing: {}",
        started.elapsed(),
        rss(&client)
    );

    for round in ["first", "second"] {
        let started = Instant::now();
        let checking = client.checking;
        let result = client.request("workspace/diagnostic", json!({ "previousResultIds": [] }));
        // The server's time, without the test client's own checks of the answer.
        let elapsed = started.elapsed() - (client.checking - checking);
        let items = result["items"].as_array().unwrap();
        let diagnostics: usize = items
            .iter()
            .map(|i| i["items"].as_array().map_or(0, Vec::len))
            .sum();
        eprintln!(
            "workspace/diagnostic ({round}): {} reports, {diagnostics} diagnostics in {:.2?}",
            items.len(),
            elapsed
        );
        assert_eq!(items.len(), PLANS);
    }
    eprintln!("memory after workspace/diagnostic: {}", rss(&client));
    client.shutdown();
}
