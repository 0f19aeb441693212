//! The analysis of an edited snapshot that reuses the previous snapshot's block-local
//! diagnostics finds exactly what a fresh analysis finds, after every batch of random
//! edits to plan-like documents with paths, stamps, placeholders and suppressions.

use std::sync::Arc;

use execplan_syntax::testing::Rng;
use execplan_syntax::{Document, SourceFile, TextEdit};

use crate::fixture::test_config;
use crate::{analyze, analyze_reusing, RepoFiles, Reusable, Rule, Severity};

const LINES: &[&str] = &[
    "## Purpose / Big Picture",
    "## Progress",
    "## Surprises & Discoveries",
    "## Decision Log",
    "## Context and Orientation",
    "## Concrete Steps",
    "",
    "",
    "Prose naming `src/lib.rs` and `src/missing.rs` and /home/me/x.rs.",
    "- [x] (2025-01-02 03:04Z) Done in `src/main.rs`.",
    "- [x] 2025-01-02 done without parentheses",
    "- [x] (2025-02-30 10:00Z) an impossible date",
    "- [x] (2099-01-01 00:00Z) a future date",
    "- [ ] Still to do <new test name>.",
    "- a plain item",
    "  - a nested note about `docs/a.md`",
    "- Decision: keep it.",
    "  Rationale: because.",
    "  Date/Author: 2025-01-02 / me",
    "- Observation: slow.",
    "  Evidence: `target/x.log`.",
    "```sh",
    "cargo test",
    "```",
    "<!-- execplan-disable-next-line placeholder -->",
    "<!-- execplan-disable path-not-found -->",
    "<!-- execplan-enable path-not-found -->",
    "> quoted `src/quoted.rs`",
    "漢字の行 (YYYY-MM-DD)",
];

const EDITS: &[&str] = &[
    "",
    "x",
    "\n",
    "\n\n",
    "- ",
    "- [x] ",
    "(2025-03-04 05:06Z)",
    "`src/",
    "lib.rs`",
    "<date>",
    "```\n",
    "## ",
    "## Progress\n",
    "<!--",
    "-->",
    "  ",
    "漢",
    "/home/a",
];

fn random_plan(rng: &mut Rng) -> String {
    let mut text = String::from("# ExecPlan: reuse\n\n");
    for _ in 0..60 {
        text.push_str(LINES[rng.below(LINES.len())]);
        text.push('\n');
    }
    text
}

#[test]
fn reusing_an_earlier_analysis_finds_what_a_fresh_one_does() {
    let mut config = test_config();
    config.repo = Some(Arc::new(RepoFiles::from_files([
        "src/lib.rs",
        "src/main.rs",
        "docs/a.md",
    ])));
    config
        .rules
        .insert(Rule::ProgressItem, Some(Severity::Error));
    let seeds: u64 = std::env::var("EXECPLAN_REUSE_SEEDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let mut reused_windows = 0;
    for seed in 1..=seeds {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut text = random_plan(&mut rng);
        let mut document = Document::new(&text);
        let mut previous: Option<Reusable> = None;
        for step in 0..25 {
            let snapshot = document.snapshot().expect("small plans are analysed");
            let (reused, reusable) =
                analyze_reusing(&snapshot, "plan.md", &config, true, previous.as_ref());
            let fresh = analyze(&SourceFile::parse(&text), "plan.md", &config, true);
            assert_eq!(
                reused.diagnostics, fresh.diagnostics,
                "seed {seed} step {step}: {text:?}"
            );
            if previous.is_some() && snapshot.changed().is_some() {
                reused_windows += 1;
            }
            previous = reusable;
            for _ in 0..1 + rng.below(2) {
                let len = text.len();
                let mut start = rng.below(len + 1);
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                let mut end = (start + rng.below(6)).min(len);
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                let insert = EDITS[rng.below(EDITS.len())];
                text.replace_range(start..end, insert);
                document.edit(&TextEdit {
                    range: start..end,
                    new_text: insert.to_string(),
                });
            }
        }
    }
    // Most steps went through the reusing path, not a fresh analysis.
    assert!(
        reused_windows > seeds as usize * 10,
        "{reused_windows} reused"
    );
}
