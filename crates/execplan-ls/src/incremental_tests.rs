//! Property tests of incremental editing through the code the server runs on every
//! `didChange`: random LSP changes, in UTF-16 and UTF-8, applied by
//! `text_document::apply_changes`. After every step the rope equals a plain string edited
//! the same way, the snapshot's outline equals a fresh outline of that string, and the
//! diagnostics (reusing the previous step's analysis, as the server does) equal a fresh
//! analysis.
//!
//! `EXECPLAN_PROPTEST_STEPS` raises the number of steps (default 3,000 per encoding) for a
//! long run; a failure prints its seed and step, to be kept as a regression test below.

use execplan_ide::{analyze, analyze_reusing, AnalysisConfig, Reusable};
use execplan_syntax::testing::Rng;
use execplan_syntax::{Document, Outline, SourceFile};
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

use crate::position::{self, PositionEncoding};
use crate::server::text_document::apply_changes;

const PIECES: &[&str] = &[
    "a",
    " ",
    "\n",
    "\r\n",
    "#",
    "## ",
    "## Progress\n",
    "## Decision Log\n",
    "- [ ] ",
    "- [x] (2026-01-02 03:04Z) ",
    "`src/a.rs`",
    "```\n",
    "    ",
    "漢字",
    "😀",
    "𝄞",
    "é",
    "\t",
    "---\n",
    "> ",
    "1. ",
    "<!-- x -->",
    "\r",
    "\n\n",
    "# ExecPlan: t\n",
];

const START: &str = "# ExecPlan: property\n\n## Purpose / Big Picture\n\nWhy 😀.\n\n## Progress\n\n- [x] (2026-01-01 00:00Z) 漢字\n- [ ] b\r\n\n## Concrete Steps\n\n    cargo test\n";

/// A position in `text` as a client in `encoding` would send it, possibly past the end of
/// its line (clients do that; the server clamps).
fn random_position(rng: &mut Rng, rope: &Rope, encoding: PositionEncoding) -> Position {
    let mut byte = rng.below(rope.len_bytes() + 1);
    while !is_boundary(rope, byte) {
        byte -= 1;
    }
    let mut position = position::position(rope, byte, encoding);
    if rng.below(10) == 0 {
        position.character += rng.below(4) as u32;
    }
    position
}

fn is_boundary(rope: &Rope, byte: usize) -> bool {
    rope.char_to_byte(rope.byte_to_char(byte)) == byte
}

fn steps() -> usize {
    std::env::var("EXECPLAN_PROPTEST_STEPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3_000)
}

fn run(encoding: PositionEncoding, seed: u64, steps: usize) {
    let mut rng = Rng(seed);
    let mut document = Document::new(START);
    let mut shadow = Rope::from_str(START);
    let config = AnalysisConfig::default();
    let mut previous: Option<Reusable> = None;
    for step in 0..steps {
        let count = 1 + rng.below(3);
        let mut changes = Vec::new();
        for _ in 0..count {
            let a = random_position(&mut rng, &shadow, encoding);
            let b = if rng.below(3) == 0 {
                a
            } else {
                random_position(&mut rng, &shadow, encoding)
            };
            let (start, end) = if (a.line, a.character) <= (b.line, b.character) {
                (a, b)
            } else {
                (b, a)
            };
            let mut text = String::new();
            for _ in 0..rng.below(3) {
                text.push_str(PIECES[rng.below(PIECES.len())]);
            }
            // Apply to the shadow the way the protocol defines it.
            let range = position::offset_range(&shadow, Range::new(start, end), encoding);
            let (cs, ce) = (
                shadow.byte_to_char(range.start),
                shadow.byte_to_char(range.end),
            );
            shadow.remove(cs..ce);
            shadow.insert(cs, &text);
            changes.push(TextDocumentContentChangeEvent {
                range: Some(Range::new(start, end)),
                range_length: None,
                text,
            });
        }
        // Now and then the whole text is replaced, as some clients do.
        if rng.below(200) == 0 {
            let text = shadow.to_string();
            changes.push(TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text,
            });
        }
        apply_changes(&mut document, &changes, encoding);

        let expected = shadow.to_string();
        let context = || format!("{encoding:?} seed {seed} step {step}: {expected:?}");
        assert_eq!(document.rope().to_string(), expected, "{}", context());
        let snapshot = document.snapshot().unwrap();
        assert_eq!(
            snapshot.outline(),
            &Outline::parse(&expected),
            "{}",
            context()
        );
        // As the server analyses: reusing what the previous snapshot's analysis left.
        let (incremental, reusable) =
            analyze_reusing(&snapshot, "plan.md", &config, true, previous.as_ref());
        previous = reusable;
        let fresh = analyze(&SourceFile::parse(&expected), "plan.md", &config, true);
        assert_eq!(incremental.diagnostics, fresh.diagnostics, "{}", context());
    }
}

#[test]
fn random_utf16_edits_match_a_fresh_parse_and_analysis() {
    run(PositionEncoding::Utf16, 0x5EED_0016, steps());
}

#[test]
fn random_utf8_edits_match_a_fresh_parse_and_analysis() {
    run(PositionEncoding::Utf8, 0x5EED_0008, steps());
}
