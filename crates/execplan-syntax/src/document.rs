//! An editable document: a rope, and the snapshot of its current text.

use std::sync::{Arc, Mutex, OnceLock};

use ropey::Rope;

use crate::rescan::Dirty;
use crate::source_file::Base;
use crate::{SourceFile, TextRange};

/// One replacement of a byte range by new text, as an editor sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub range: TextRange,
    pub new_text: String,
}

/// Texts longer than this are kept but not analysed: a plan is well under 100 kB, and a
/// 4 MiB text already takes about 10 ms to outline, which every keystroke would pay.
pub const MAX_PARSED_LEN: usize = 4 * 1024 * 1024;

/// The text of an open document.
pub struct Document {
    /// Lines and UTF-16 positions: what the protocol speaks in.
    rope: Rope,
    /// The same text in one piece, as the analysis reads it. Edited in place (a move of
    /// the bytes after the edit) rather than copied out of the rope for every snapshot;
    /// shared with the current snapshot, which an edit lets go of first.
    text: Arc<String>,
    /// The snapshot of the current text, built on first use and dropped by the next edit:
    /// the diagnostics of a version and every request on that version share one outline.
    snapshot: OnceLock<SourceFile>,
    /// The last snapshot's outline and what changed since, so the next snapshot rescans
    /// only around the change. Taken when that snapshot is built.
    base: Mutex<Option<(Base, Dirty)>>,
}

impl Clone for Document {
    fn clone(&self) -> Document {
        Document {
            rope: self.rope.clone(),
            text: self.text.clone(),
            snapshot: self.snapshot.clone(),
            base: Mutex::new(self.lock_base().clone()),
        }
    }
}

impl Document {
    pub fn new(text: &str) -> Document {
        Document {
            rope: Rope::from_str(text),
            text: Arc::new(text.to_string()),
            snapshot: OnceLock::new(),
            base: Mutex::new(None),
        }
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    /// Whether the text is over [`MAX_PARSED_LEN`] and so is not analysed.
    pub fn is_too_large(&self) -> bool {
        self.rope.len_bytes() > MAX_PARSED_LEN
    }

    pub fn len(&self) -> usize {
        self.rope.len_bytes()
    }

    pub fn is_empty(&self) -> bool {
        self.rope.len_bytes() == 0
    }

    /// Applies edits in order, each against the text the previous one left.
    pub fn apply_edits(&mut self, edits: &[TextEdit]) {
        for edit in edits {
            self.edit(edit);
        }
    }

    /// Applies one edit to the text.
    ///
    /// A range past the end is clamped and a range that splits a character is widened to
    /// whole characters, so a confused client cannot corrupt the text.
    pub fn edit(&mut self, edit: &TextEdit) {
        let len = self.rope.len_bytes();
        let start = self.floor_char_boundary(edit.range.start.min(len));
        let end = if edit.range.end <= edit.range.start {
            start
        } else {
            self.ceil_char_boundary(edit.range.end.clamp(start, len))
        };
        let inserted = edit.new_text.len();
        let base = self.base.get_mut().unwrap_or_else(|e| e.into_inner());
        *base = match (self.snapshot.take(), base.take()) {
            (Some(snapshot), _) => Some((
                snapshot.base(),
                Dirty {
                    start,
                    old_end: end,
                    new_end: start + inserted,
                },
            )),
            (None, Some((base, dirty))) => Some((base, dirty.then(start..end, inserted))),
            (None, None) => None,
        };
        let start_char = self.rope.byte_to_char(start);
        let end_char = self.rope.byte_to_char(end);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, &edit.new_text);
        // In place unless a snapshot of the old text is still in use somewhere.
        Arc::make_mut(&mut self.text).replace_range(start..end, &edit.new_text);
    }

    /// Replaces the whole text (a full-sync change).
    pub fn replace_all(&mut self, text: &str) {
        *self = Document::new(text);
    }

    /// An immutable snapshot with its outline, for analysis off the editing path; `None`
    /// when the text is too large to analyse.
    ///
    /// Built once per version: later calls on the same version return the same snapshot
    /// (a clone of two `Arc`s).
    pub fn snapshot(&self) -> Option<SourceFile> {
        if self.is_too_large() {
            return None;
        }
        Some(
            self.snapshot
                .get_or_init(|| match self.lock_base().take() {
                    Some((base, dirty)) => SourceFile::reparse(Arc::clone(&self.text), base, dirty),
                    None => SourceFile::from_shared(Arc::clone(&self.text)),
                })
                .clone(),
        )
    }

    fn lock_base(&self) -> std::sync::MutexGuard<'_, Option<(Base, Dirty)>> {
        // A panic while rescanning leaves no half-written base behind: `take` ran first.
        self.base.lock().unwrap_or_else(|e| e.into_inner())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Rng;
    use crate::Outline;

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

    /// Once the analysis lets go of a snapshot, an edit changes the text where it lies
    /// instead of copying it; a snapshot still held keeps the text it was taken of.
    #[test]
    fn edits_change_the_text_in_place_unless_a_snapshot_holds_it() {
        let mut doc = Document::new("# Plan\n\n## Progress\n\n- [ ] a\n");
        drop(doc.snapshot());
        let before = Arc::as_ptr(&doc.text);
        doc.edit(&edit(2..6, "Work"));
        assert_eq!(Arc::as_ptr(&doc.text), before);

        let held = doc.snapshot().unwrap();
        doc.edit(&edit(2..6, "Plan"));
        assert_eq!(held.text(), "# Work\n\n## Progress\n\n- [ ] a\n");
        assert_eq!(
            doc.snapshot().unwrap().text(),
            "# Plan\n\n## Progress\n\n- [ ] a\n"
        );
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

    /// After every batch of random edits, the text is the text the edits describe and the
    /// snapshot's outline is the outline of that text parsed afresh.
    #[test]
    fn edited_document_equals_fresh_parse() {
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
                let snapshot = doc.snapshot().unwrap();
                assert_eq!(snapshot.text(), shadow, "seed {seed}");
                assert_eq!(
                    snapshot.outline(),
                    &Outline::parse(&shadow),
                    "seed {seed}, text {shadow:?}"
                );
            }
        }
    }
}
