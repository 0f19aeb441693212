//! `observation-incomplete`: each `Observation:` in Surprises & Discoveries is followed,
//! before the next observation, by its `Evidence:`.

use super::{labels, sections, Context};
use crate::{Diagnostic, Rule};

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let text = cx.file.text();
    for body in sections::bodies(cx, "Surprises & Discoveries") {
        if !cx.touches_window(&body) {
            continue;
        }
        for (label, entry) in labels::entries(text, &body, "observation") {
            if !labels::has(text, &entry, "evidence") {
                out.push(Diagnostic::new(
                    Rule::ObservationIncomplete,
                    label,
                    "Observation has no `Evidence:` (a command output, log line or test signal)",
                ));
            }
        }
    }
}
