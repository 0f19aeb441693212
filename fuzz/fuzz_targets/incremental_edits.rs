//! Arbitrary edit scripts against a document: after each edit the text must be the text
//! the edits describe, and the snapshot's outline that text's outline.
#![no_main]

use execplan_syntax::{Document, Outline, TextEdit};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut document = Document::new("# ExecPlan\n\n## Progress\n\n- [ ] a\n");
    let mut shadow = document.rope().to_string();
    // Each edit takes 3 bytes (start, length, what to insert); the rest is inserted text.
    for chunk in data.chunks(3) {
        let [a, b, c] = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let mut start = (a as usize * shadow.len()) / 256;
        while !shadow.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + b as usize % 16).min(shadow.len());
        while !shadow.is_char_boundary(end) {
            end -= 1;
        }
        let insert = ["", "#", "## ", "\n", "\r\n", "- [x] ", "```\n", "    ", "漢", "😀", "> ", "---\n"][c as usize % 12];
        shadow.replace_range(start..end, insert);
        document.apply_edits(&[TextEdit { range: start..end, new_text: insert.to_string() }]);
        assert_eq!(document.rope().to_string(), shadow);
        if let Some(snapshot) = document.snapshot() {
            assert_eq!(snapshot.outline(), &Outline::parse(&shadow));
        }
    }
});
