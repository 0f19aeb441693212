//! `timestamp-invalid` and `timestamp-future`: the stamps in the living sections (and an
//! Active ExecPlan Index) are real dates and times, and not more than a day after now.

use super::{stamp, Context};
use crate::{Diagnostic, Rule};

/// A day, in minutes: stamps written in a zone ahead of UTC may read as "tomorrow".
const SLACK_MINUTES: i64 = 24 * 60;

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let text = cx.file.text();
    let mut regions: Vec<_> = cx
        .structure
        .sections
        .iter()
        .filter(|s| cx.config.standard.sections[s.spec].living)
        .map(|s| s.body.clone())
        .collect();
    regions.extend(cx.index_bodies.iter().cloned());
    let now = cx.config.now.unix_minutes();
    for region in regions {
        // Stamps lie within a line, and a window is whole lines.
        let region = cx.clip(&region);
        if region.is_empty() {
            continue;
        }
        for part in cx.code.outside(&region) {
            for stamp in stamp::scan(text, &part) {
                let written = &text[stamp.range.clone()];
                if !stamp.is_valid() {
                    out.push(Diagnostic::new(
                        Rule::TimestampInvalid,
                        stamp.range.clone(),
                        format!("`{written}` is not a real date and time"),
                    ));
                    continue;
                }
                let Some(when) = stamp.earliest() else {
                    continue;
                };
                if when.unix_minutes() > now + SLACK_MINUTES {
                    out.push(Diagnostic::new(
                        Rule::TimestampFuture,
                        stamp.range.clone(),
                        format!("`{written}` is in the future (now is {})", cx.config.now),
                    ));
                }
            }
        }
    }
}
