//! `decision-incomplete`: each Decision Log entry that starts with `Decision:` also has a
//! `Rationale:` and a `Date/Author:` (or both a `Date:` and an `Author:`). Fields may be
//! on separate lines or run together, bold or not, in bullets or paragraphs.

use super::{labels, sections, Context};
use crate::{Diagnostic, Rule};

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let text = cx.file.text();
    for body in sections::bodies(cx, "Decision Log") {
        if !cx.touches_window(&body) {
            continue;
        }
        // A repository's standard whose template writes decisions without a field does
        // not ask for it.
        let wanted = cx.config.standard.decision_fields;
        for (label, entry) in labels::entries(text, &body, "decision") {
            let mut missing = Vec::new();
            if wanted.rationale && !labels::has(text, &entry, "rationale") {
                missing.push("`Rationale:`");
            }
            let date_author = labels::has(text, &entry, "date/author")
                || labels::has(text, &entry, "date / author")
                || (labels::has(text, &entry, "date") && labels::has(text, &entry, "author"));
            if wanted.date_author && !date_author {
                missing.push("`Date/Author:`");
            }
            if !missing.is_empty() {
                out.push(Diagnostic::new(
                    Rule::DecisionIncomplete,
                    label,
                    format!("Decision entry has no {}", missing.join(" and no ")),
                ));
            }
        }
    }
}
