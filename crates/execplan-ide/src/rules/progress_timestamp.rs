//! `progress-timestamp`: a completed Progress item says when it was completed, as
//! `(YYYY-MM-DD HH:MMZ)`. Other forms (date only, ISO `T…Z`, an offset, seconds, no zone,
//! no parentheses) are reported; when the form converts unambiguously to UTC the
//! diagnostic carries the rewrite.

use execplan_syntax::TaskState;

use super::stamp::{self, Stamp, Zone};
use super::{sections, Context};
use crate::config::TimestampForm;
use crate::{Diagnostic, Fix, Rule, TextEdit};

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let text = cx.file.text();
    for body in sections::bodies(cx, "Progress") {
        // A window holds whole top-level items: its top-level items are the body's there.
        for index in sections::top_level_indices(cx.file, &cx.clip(&body)) {
            let item = &cx.file.outline().list_items[index];
            let Some((TaskState::Done, checkbox)) = &item.task else {
                continue;
            };
            let own = sections::own_text(cx.file, index);
            let Some(stamp) = stamp::scan(text, &own).next() else {
                if !cx.config.standard.stamps_required {
                    continue;
                }
                out.push(Diagnostic::new(
                    Rule::ProgressTimestamp,
                    checkbox.start..item.first_line.end,
                    "Completed item has no timestamp; write when it was done as `(YYYY-MM-DD HH:MMZ)`",
                ));
                continue;
            };
            if !stamp.is_valid() || accepted(&stamp, text, cx.config.timestamp_form) {
                continue; // an invalid stamp is `timestamp-invalid`'s to report
            }
            out.push(wrong_form(&stamp, text));
        }
    }
}

fn accepted(stamp: &Stamp, text: &str, form: TimestampForm) -> bool {
    let written = &text[stamp.range.clone()];
    let canonical = stamp
        .utc()
        .is_some_and(|utc| stamp.zone == Zone::Utc && utc.is_written_as(written));
    match form {
        TimestampForm::Minute => canonical && stamp.parenthesised,
        TimestampForm::Date => stamp.parenthesised && (canonical || stamp.time.is_none()),
        TimestampForm::Iso => {
            let iso = stamp.zone == Zone::Utc
                && stamp
                    .utc()
                    .is_some_and(|utc| written == utc.to_string().replacen(' ', "T", 1));
            stamp.parenthesised && (canonical || iso)
        }
    }
}

fn wrong_form(stamp: &Stamp, text: &str) -> Diagnostic {
    let written = &text[stamp.range.clone()];
    let why = match (stamp.time, stamp.zone) {
        (None, _) => "has a date but no time",
        (Some(_), Zone::Unknown) => "has no time zone",
        (Some(_), Zone::Offset(_)) => "uses a UTC offset",
        (Some(_), Zone::Named(_, Some(_))) => "uses a zone's name",
        (Some(_), Zone::Named(_, None)) => {
            "uses a zone name that several zones share, so it cannot be converted"
        }
        (Some(_), Zone::Utc) if written.contains(['T', 't']) => "uses the ISO `T` form",
        (Some(_), Zone::Utc) if stamp.utc().is_some_and(|u| written != u.to_string()) => {
            "is not written `YYYY-MM-DD HH:MMZ`"
        }
        _ => "is not in parentheses",
    };
    let diagnostic = Diagnostic::new(
        Rule::ProgressTimestamp,
        stamp.range.clone(),
        format!("Timestamp `{written}` {why}; the standard writes `(YYYY-MM-DD HH:MMZ)` in UTC"),
    );
    let Some(utc) = stamp.utc() else {
        return diagnostic;
    };
    let (range, new_text) = if stamp.parenthesised {
        (stamp.range.clone(), utc.to_string())
    } else {
        (stamp.range.clone(), format!("({utc})"))
    };
    diagnostic.with_fix(Fix {
        label: format!("Rewrite as `({utc})`"),
        edits: vec![TextEdit { range, new_text }],
    })
}
