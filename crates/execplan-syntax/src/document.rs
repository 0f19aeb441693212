//! An editable document: a rope and an incrementally maintained block tree.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use ropey::Rope;
use tree_sitter::{InputEdit, Point, Tree};

use crate::parse::parse_chunks;
use crate::{SourceFile, TextRange};

/// One replacement of a byte range by new text, as an editor sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub range: TextRange,
    pub new_text: String,
}

/// Texts longer than this are kept but not parsed: tree-sitter-md parses about 2.5 MB a
/// second, so a larger document would stall every keystroke. Real plans are well under
/// 100 kB.
pub const MAX_PARSED_LEN: usize = 4 * 1024 * 1024;

/// The text of an open document and its tree-sitter-md block tree.
#[derive(Clone)]
pub struct Document {
    rope: Rope,
    /// `None` while the text is longer than [`MAX_PARSED_LEN`], or while the document is
    /// parked (see [`Document::park`]).
    tree: Option<Tree>,
    /// When the text last changed, on a process-wide clock: which documents are idle.
    touched: u64,
    /// The snapshot of the current text, built on first use and dropped by the next edit:
    /// the diagnostics of a version and every request on that version share one copy of
    /// the text and one outline.
    snapshot: OnceLock<SourceFile>,
}

impl Document {
    pub fn new(text: &str) -> Document {
        let rope = Rope::from_str(text);
        let tree = (rope.len_bytes() <= MAX_PARSED_LEN).then(|| parse_rope(&rope, None));
        Document {
            rope,
            tree,
            touched: tick(),
            snapshot: OnceLock::new(),
        }
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    /// The block tree, unless the text is too large to parse.
    pub fn tree(&self) -> Option<&Tree> {
        self.tree.as_ref()
    }

    /// Whether the text is over [`MAX_PARSED_LEN`] and so has no tree.
    pub fn is_too_large(&self) -> bool {
        self.rope.len_bytes() > MAX_PARSED_LEN
    }

    /// A stamp that grows with every change to any document: larger is more recent.
    pub fn last_changed(&self) -> u64 {
        self.touched
    }

    /// Whether the document holds a block tree (it is parsed and not parked).
    pub fn has_tree(&self) -> bool {
        self.tree.is_some()
    }

    /// Drops the block tree of an idle document, keeping its text and snapshot: a
    /// tree-sitter-md tree costs about 50 times the text it parses, so an editor with many
    /// plans open keeps trees only for the ones being edited. The next edit parses afresh,
    /// which gives the same tree an incremental reparse would.
    pub fn park(&mut self) {
        if self.tree.is_none() {
            return;
        }
        let _ = self.snapshot();
        self.tree = None;
    }

    pub fn len(&self) -> usize {
        self.rope.len_bytes()
    }

    pub fn is_empty(&self) -> bool {
        self.rope.len_bytes() == 0
    }

    /// Applies edits in order, each against the text the previous one left, then reparses
    /// once, incrementally.
    pub fn apply_edits(&mut self, edits: &[TextEdit]) {
        if edits.is_empty() {
            return;
        }
        for edit in edits {
            self.edit(edit);
        }
        self.reparse();
    }

    /// Applies one edit to the text and records it in the tree, without reparsing: call
    /// [`Document::reparse`] after the last edit of a batch. Callers that convert each
    /// edit's range against the text the previous edit left use this directly.
    ///
    /// A range past the end is clamped and a range that splits a character is widened to
    /// whole characters, so a confused client cannot corrupt the text.
    pub fn edit(&mut self, edit: &TextEdit) {
        self.snapshot = OnceLock::new();
        self.touched = tick();
        self.apply_one(edit);
    }

    /// Brings the tree up to date with the text, reusing what the edits left intact.
    pub fn reparse(&mut self) {
        self.snapshot = OnceLock::new();
        self.tree = if self.rope.len_bytes() > MAX_PARSED_LEN {
            None
        } else {
            // A text that shrank back under the limit has no old tree to reuse.
            Some(parse_rope(&self.rope, self.tree.as_ref()))
        };
    }

    /// Replaces the whole text (a full-sync change) with a fresh parse.
    pub fn replace_all(&mut self, text: &str) {
        *self = Document::new(text);
    }

    /// An immutable snapshot with its outline, for analysis off the editing path; `None`
    /// when the text is too large to parse.
    ///
    /// Built once per version: later calls on the same version return the same snapshot
    /// (a clone of two `Arc`s).
    pub fn snapshot(&self) -> Option<SourceFile> {
        if self.is_too_large() {
            return None;
        }
        Some(
            self.snapshot
                .get_or_init(|| match &self.tree {
                    Some(tree) => SourceFile::from_tree(self.rope.to_string(), tree.clone()),
                    // Parked and edited since: `reparse` restores the tree, so this is
                    // only reached between `edit` and `reparse`.
                    None => SourceFile::parse(&self.rope.to_string()),
                })
                .clone(),
        )
    }

    fn apply_one(&mut self, edit: &TextEdit) {
        let len = self.rope.len_bytes();
        let start = self.floor_char_boundary(edit.range.start.min(len));
        let end = if edit.range.end <= edit.range.start {
            start
        } else {
            self.ceil_char_boundary(edit.range.end.clamp(start, len))
        };
        let start_position = self.point_at(start);
        let old_end_position = self.point_at(end);

        let start_char = self.rope.byte_to_char(start);
        let end_char = self.rope.byte_to_char(end);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, &edit.new_text);

        let new_end = start + edit.new_text.len();
        let new_end_position = self.point_at(new_end);
        let Some(tree) = self.tree.as_mut() else {
            return;
        };
        tree.edit(&InputEdit {
            start_byte: start,
            old_end_byte: end,
            new_end_byte: new_end,
            start_position,
            old_end_position,
            new_end_position,
        });
    }

    /// tree-sitter counts rows by `\n` only and columns in bytes.
    fn point_at(&self, byte: usize) -> Point {
        let line = self.rope.byte_to_line(byte);
        let mut row_start = self.rope.line_to_byte(line);
        // ropey also breaks lines at a lone `\r`; tree-sitter does not. Walk back over such
        // breaks so the row matches tree-sitter's own count closely enough for reuse; the
        // byte offsets, which decide correctness, are exact either way.
        while row_start > 0 && self.rope.byte(row_start - 1) == b'\r' {
            let prev = self.rope.byte_to_line(row_start - 1);
            row_start = self.rope.line_to_byte(prev);
        }
        let row = self.rope.byte_to_line(row_start);
        Point {
            row,
            column: byte - row_start,
        }
    }

    fn floor_char_boundary(&self, byte: usize) -> usize {
        let char_idx = self.rope.byte_to_char(byte);
        self.rope.char_to_byte(char_idx)
    }

    fn ceil_char_boundary(&self, byte: usize) -> usize {
        let floor = self.floor_char_boundary(byte);
        if floor == byte {
            byte
        } else {
            self.rope.char_to_byte(self.rope.byte_to_char(byte) + 1)
        }
    }
}

fn tick() -> u64 {
    static CLOCK: AtomicU64 = AtomicU64::new(0);
    CLOCK.fetch_add(1, Ordering::Relaxed)
}

fn parse_rope(rope: &Rope, old: Option<&Tree>) -> Tree {
    parse_chunks(
        rope.len_bytes(),
        |byte| {
            let (chunk, chunk_start, _, _) = rope.chunk_at_byte(byte);
            &chunk.as_bytes()[byte - chunk_start..]
        },
        old,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree_fingerprint;

    fn edit(range: TextRange, new_text: &str) -> TextEdit {
        TextEdit {
            range,
            new_text: new_text.to_string(),
        }
    }

    #[test]
    fn edits_apply_in_order_each_against_the_previous_text() {
        let mut doc = Document::new("# Plan\n\n## Progress\n");
        doc.apply_edits(&[edit(0..0, "A"), edit(1..1, "B"), edit(0..2, "C")]);
        assert_eq!(doc.rope().to_string(), "C# Plan\n\n## Progress\n");
    }

    #[test]
    fn out_of_range_and_mid_character_edits_are_clamped() {
        let mut doc = Document::new("é");
        doc.apply_edits(&[edit(1..1, "x")]);
        assert_eq!(doc.rope().to_string(), "xé");
        doc.apply_edits(&[edit(50..60, "!")]);
        assert_eq!(doc.rope().to_string(), "xé!");
    }

    #[test]
    fn a_parked_document_keeps_its_snapshot_and_reparses_on_the_next_edit() {
        let mut doc = Document::new("# Plan\n\n## Progress\n\n- [ ] a\n");
        let before = doc.snapshot().unwrap();
        doc.park();
        assert!(!doc.has_tree());
        assert_eq!(doc.snapshot().unwrap().outline(), before.outline());
        doc.apply_edits(&[edit(0..0, "x")]);
        let fresh = crate::parse_block_tree(&doc.rope().to_string());
        assert_eq!(
            tree_fingerprint(doc.tree().unwrap()),
            tree_fingerprint(&fresh)
        );
    }

    /// A small deterministic generator (xorshift) so the test needs no extra crate and
    /// every failure reproduces from its seed.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    const SNIPPETS: &[&str] = &[
        "#",
        "## ",
        "### Progress\n",
        "\n",
        "\r\n",
        "- [ ] ",
        "- [x] (2026-01-02 03:04Z) done\n",
        "```\n",
        "```md\n",
        "    code\n",
        "`path/to.rs`",
        "<!-- c -->",
        "---\n",
        "kind: exec-plan\n",
        "* ",
        "1. ",
        "> ",
        "漢字",
        "😀",
        "text ",
        "\r",
        "| a | b |\n",
        "[link](x.md)",
        "\t",
        "## Decision Log\n\n- Decision: x\n  Rationale: y\n",
    ];

    fn char_boundary_at_or_before(text: &str, mut i: usize) -> usize {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    /// The incremental block tree must be exactly the fresh parse of the same text, after
    /// every batch of random edits. This is the test the design notes ask for.
    #[test]
    fn incremental_reparse_equals_fresh_parse() {
        let base = "# ExecPlan\n\n## Purpose / Big Picture\n\nWhy.\n\n## Progress\n\n- [x] (2026-01-01 00:00Z) a\n- [ ] b\n  - nested\n\n```sh\ncargo test\n```\n\n## Decision Log\n\n- Decision: d\n";
        for seed in 1..=300u64 {
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
            let mut doc = Document::new(base);
            let mut shadow = base.to_string();
            for _ in 0..8 {
                let batch = 1 + rng.below(3);
                let mut edits = Vec::new();
                for _ in 0..batch {
                    let len = shadow.len();
                    let a = char_boundary_at_or_before(&shadow, rng.below(len + 1));
                    let b = char_boundary_at_or_before(&shadow, (a + rng.below(12)).min(len));
                    let insert = if rng.below(4) == 0 {
                        ""
                    } else {
                        SNIPPETS[rng.below(SNIPPETS.len())]
                    };
                    shadow.replace_range(a..b, insert);
                    edits.push(edit(a..b, insert));
                }
                doc.apply_edits(&edits);
                assert_eq!(doc.rope().to_string(), shadow, "seed {seed}");
                let fresh = crate::parse_block_tree(&shadow);
                assert_eq!(
                    tree_fingerprint(doc.tree().unwrap()),
                    tree_fingerprint(&fresh),
                    "seed {seed}, text {shadow:?}"
                );
            }
        }
    }
}
