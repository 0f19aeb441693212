//! `decision-incomplete`: each Decision Log entry that starts with `Decision:` also has a
//! `Rationale:` and a `Date/Author:` (or both a `Date:` and an `Author:`). Fields may be
//! on separate lines or run together, bold or not, in bullets or paragraphs. A
//! repository's standard whose template writes decisions without a field does not ask
//! for it (`Standard::decision_fields`).
//!
//! Each field the entry needs is a [`Field`]: how to tell it is there and, when it is
//! not, what exactly is missing. The message names only what is missing: an entry with
//! a `Date:` but no `Author:` lacks its author, not a `Date/Author:`.

use execplan_syntax::TextRange;

use super::{labels, sections, Context};
use crate::standard::DecisionFields;
use crate::{Diagnostic, Rule};

/// A field a decision entry may need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    /// `Rationale:`.
    Rationale,
    /// `Date/Author:` (also spelt `Date / Author:`), or a `Date:` and an `Author:`.
    DateAuthor,
}

/// Every field, in the order the message names them.
const FIELDS: &[Field] = &[Field::Rationale, Field::DateAuthor];

impl Field {
    /// Whether the standard in force asks for the field.
    fn wanted(self, wanted: DecisionFields) -> bool {
        match self {
            Field::Rationale => wanted.rationale,
            Field::DateAuthor => wanted.date_author,
        }
    }

    /// What of the field `entry` lacks, in words for the message; `None` when it is there.
    fn missing(self, text: &str, entry: &TextRange) -> Option<&'static str> {
        let has = |label: &str| labels::has(text, entry, label);
        match self {
            Field::Rationale => (!has("rationale")).then_some("no `Rationale:`"),
            Field::DateAuthor => {
                if has("date/author") || has("date / author") {
                    return None;
                }
                match (has("date"), has("author")) {
                    (true, true) => None,
                    (true, false) => Some("no author (its `Date:` has no `Author:` beside it)"),
                    (false, true) => Some("no date (its `Author:` has no `Date:` beside it)"),
                    (false, false) => Some("no `Date/Author:`"),
                }
            }
        }
    }
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let text = cx.file.text();
    let wanted = cx.config.standard.decision_fields;
    for body in sections::bodies(cx, "Decision Log") {
        if !cx.touches_window(&body) {
            continue;
        }
        for (label, entry) in labels::entries(text, &body, "decision") {
            let missing: Vec<&str> = FIELDS
                .iter()
                .filter(|field| field.wanted(wanted))
                .filter_map(|field| field.missing(text, &entry))
                .collect();
            if !missing.is_empty() {
                out.push(Diagnostic::new(
                    Rule::DecisionIncomplete,
                    label,
                    format!("Decision entry has {}", missing.join(" and ")),
                ));
            }
        }
    }
}
