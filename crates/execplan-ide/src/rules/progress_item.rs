//! `progress-item`: every item directly in Progress is a checkbox; nested sub-items may
//! be plain notes, and so may the items of a subsection that holds no checkbox at all.

use super::{sections, Context};
use crate::{Diagnostic, Rule};

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // A repository standard that never shows a checkbox keeps Progress as dated bullets.
    if !cx.config.standard.checkboxes_required {
        return;
    }
    let outline = cx.file.outline();
    for body in sections::bodies(cx, "Progress") {
        // A subsection of Progress without a single checkbox holds notes on the work
        // (`### Implementation audit (2026-08-01)` and its bullets), not progress items.
        let note_blocks: Vec<_> = outline
            .headings
            .iter()
            .filter(|h| body.contains(&h.range.start))
            .map(|h| h.range.start..h.section.end.min(body.end))
            .filter(|block| {
                !sections::top_level_items(cx.file, block)
                    .iter()
                    .any(|i| i.task.is_some())
            })
            .collect();
        // Whether an item is a note depends on its subsection's other items, so the rule
        // reads the whole section whenever an edit touches it (a section rule).
        if !cx.touches_window(&body) {
            continue;
        }
        for item in sections::top_level_items(cx.file, &body) {
            let in_notes = note_blocks.iter().any(|b| b.contains(&item.range.start));
            if item.task.is_none() && !in_notes {
                out.push(Diagnostic::new(
                    Rule::ProgressItem,
                    item.marker.start..item.first_line.end,
                    "Progress items are checkboxes: `- [ ]` for open, `- [x]` for done",
                ));
            }
        }
    }
}
