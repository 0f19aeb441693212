//! `progress-item`: every item directly in Progress is a checkbox; nested sub-items may
//! be plain notes.

use super::{sections, Context};
use crate::{Diagnostic, Rule};

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for body in sections::bodies(cx, "Progress") {
        // A window holds whole top-level items: its top-level items are the body's there.
        for item in sections::top_level_items(cx.file, &cx.clip(&body)) {
            if item.task.is_none() {
                out.push(Diagnostic::new(
                    Rule::ProgressItem,
                    item.marker.start..item.first_line.end,
                    "Progress items are checkboxes: `- [ ]` for open, `- [x]` for done",
                ));
            }
        }
    }
}
