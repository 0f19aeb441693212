//! `index-entry`: in an "Active ExecPlan Index" section, each list line reads
//! `<date> - <plan name> - status: planned|in_progress|blocked|done - owner: <name>`.
//! Hyphens, en and em dashes all separate; a line wrapped whole in backticks is read
//! inside them.

use execplan_syntax::{SourceFile, TextRange};

use super::{sections, stamp, Context};
use crate::section_names::normalize;
use crate::{Diagnostic, Rule};

const STATUSES: &[&str] = &["planned", "in_progress", "blocked", "done"];

/// The bodies of every heading that names an ExecPlan index.
pub(crate) fn index_bodies(file: &SourceFile) -> Vec<TextRange> {
    file.outline()
        .headings
        .iter()
        .filter(|h| normalize(&h.text).contains("execplan index"))
        .map(|h| h.body())
        .collect()
}

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let text = cx.file.text();
    for body in &cx.index_bodies {
        // A window holds whole top-level items: its top-level items are the body's there.
        for item in sections::top_level_items(cx.file, &cx.clip(body)) {
            let line = item.first_line.clone();
            if let Err(problem) = read_entry(text, &line) {
                out.push(Diagnostic::new(
                    Rule::IndexEntry,
                    item.marker.start..line.end,
                    problem,
                ));
            }
        }
    }
}

fn read_entry(text: &str, line: &TextRange) -> Result<(), String> {
    let written = text[line.clone()].trim();
    let inner = written
        .strip_prefix('`')
        .and_then(|w| w.strip_suffix('`'))
        .unwrap_or(written);
    let shape = "should read `<date> - <plan name> - status: planned|in_progress|blocked|done - owner: <name>`";
    let parts: Vec<&str> = split_dashes(inner);
    let [date, rest @ ..] = parts.as_slice() else {
        return Err(format!("Index entry {shape}"));
    };
    let date = date.trim();
    if stamp::scan(date, &(0..date.len()))
        .next()
        .is_none_or(|s| s.range.start != 0)
    {
        return Err(format!(
            "Index entry does not start with a date; it {shape}"
        ));
    }
    let status = rest
        .iter()
        .find_map(|p| field(p, "status"))
        .ok_or_else(|| format!("Index entry has no `status:`; it {shape}"))?;
    if !STATUSES.contains(&status) {
        return Err(format!(
            "Index status `{status}` is not one of planned, in_progress, blocked, done"
        ));
    }
    let owner = rest.iter().find_map(|p| field(p, "owner"));
    if owner.is_none_or(str::is_empty) {
        return Err(format!("Index entry has no `owner:`; it {shape}"));
    }
    let named = rest.iter().any(|p| {
        field(p, "status").is_none() && field(p, "owner").is_none() && !p.trim().is_empty()
    });
    if !named {
        return Err(format!("Index entry has no plan name; it {shape}"));
    }
    Ok(())
}

/// `a - b — c` → `a`, `b`, `c`: splits on a dash with spaces around it.
fn split_dashes(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '-' | '–' | '—')
            && text[..i].ends_with(' ')
            && text[i + c.len_utf8()..].starts_with(' ')
        {
            parts.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts
}

fn field<'t>(part: &'t str, name: &str) -> Option<&'t str> {
    let part = part.trim();
    let (key, value) = part.split_once(':')?;
    key.trim()
        .eq_ignore_ascii_case(name)
        .then(|| value.trim().trim_matches('`'))
}
