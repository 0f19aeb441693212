//! Hover: what a path is, what a section is for, when a timestamp was, what a rule checks.

use execplan_syntax::{SourceFile, TextRange};

use crate::navigation::glob_matches;
use crate::paths::resolve;
use crate::{diagnostics, path_ref_at, EditContext, PlanStructure, UtcMinute};

/// A file's size and first lines, read by the caller (the only part that touches the disk).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePreview {
    pub size: u64,
    pub first_lines: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverResult {
    pub range: TextRange,
    /// Markdown.
    pub text: String,
}

/// How many entries of a folder or matches of a glob a hover lists.
const MAX_LISTED: usize = 20;

/// The hover at `offset`: the diagnostics there and the path, timestamp or heading.
pub fn hover(
    file: &SourceFile,
    offset: usize,
    ctx: &EditContext<'_>,
    is_plan: bool,
    preview: &dyn Fn(&str) -> Option<FilePreview>,
) -> Option<HoverResult> {
    let mut parts: Vec<(TextRange, String)> = Vec::new();
    if let Some(found) = path_hover(file, offset, ctx, preview) {
        parts.push(found);
    } else if let Some(found) = timestamp_hover(file.text(), offset, ctx.now) {
        parts.push(found);
    } else if let Some(found) = heading_hover(file, offset, ctx) {
        parts.push(found);
    }
    if is_plan {
        let mut explained = Vec::new();
        for d in diagnostics(file, ctx.config) {
            if d.range.start <= offset && offset <= d.range.end && !explained.contains(&d.rule) {
                explained.push(d.rule);
                parts.push((
                    d.range.clone(),
                    format!("`{}`: {}", d.rule.code(), d.rule.summary()),
                ));
            }
        }
    }
    let range = parts.first()?.0.clone();
    let text = parts
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("\n\n---\n\n");
    Some(HoverResult { range, text })
}

fn path_hover(
    file: &SourceFile,
    offset: usize,
    ctx: &EditContext<'_>,
    preview: &dyn Fn(&str) -> Option<FilePreview>,
) -> Option<(TextRange, String)> {
    let found = path_ref_at(file, offset)?;
    let range = found.full_range.clone();
    if found.is_absolute() {
        return Some((
            range,
            format!(
                "`{}` is an absolute path: plans name files relative to the repository root.",
                found.path
            ),
        ));
    }
    let repo = ctx.repo?;
    // A path with brackets that names a file as written (`app/[id]/page.tsx`) is that file.
    if found.is_glob() && resolve(repo, ctx.doc_dir, &found.path).is_none() {
        let matches = glob_matches(&found.path, repo, ctx.doc_dir);
        let mut text = format!("`{}` matches {} file(s)", found.path, matches.len());
        for m in matches.iter().take(MAX_LISTED) {
            text.push_str(&format!("\n- `{m}`"));
        }
        return Some((range, text));
    }
    let Some(resolved) = resolve(repo, ctx.doc_dir, &found.path) else {
        return Some((
            range,
            format!("`{}` does not exist in the repository", found.path),
        ));
    };
    if resolved.is_dir {
        let entries = repo.children(&resolved.path);
        let mut text = format!("`{}/`: folder, {} entries", resolved.path, entries.len());
        for (name, is_dir) in entries.iter().take(MAX_LISTED) {
            text.push_str(&format!("\n- `{name}{}`", if *is_dir { "/" } else { "" }));
        }
        if entries.len() > MAX_LISTED {
            text.push_str("\n- …");
        }
        return Some((range, text));
    }
    let mut text = format!("`{}`: file", resolved.path);
    if let Some(p) = preview(&resolved.path) {
        text.push_str(&format!(
            ", {} bytes\n\n```\n{}\n```",
            p.size,
            p.first_lines.trim_end()
        ));
    }
    Some((range, text))
}

/// `2026-11-24 09:15Z` (or with a `T`) around `offset`.
fn timestamp_hover(text: &str, offset: usize, now: UtcMinute) -> Option<(TextRange, String)> {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    for (i, _) in line.char_indices() {
        let start = line_start + i;
        let Some(candidate) = line.get(i..i + 17) else {
            break;
        };
        if start > offset {
            break;
        }
        if !(start <= offset && offset <= start + 17 && candidate.ends_with('Z')) {
            continue;
        }
        let Some(t) = UtcMinute::parse_rfc3339(&candidate.replace(' ', "T")) else {
            continue;
        };
        return Some((start..start + 17, describe_time(t, now)));
    }
    None
}

const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `Tuesday 24 November 2026, 09:15 UTC (3 days ago)`.
pub fn describe_time(t: UtcMinute, now: UtcMinute) -> String {
    let days = t.unix_minutes().div_euclid(1440);
    // 1970-01-01 was a Thursday.
    let weekday = WEEKDAYS[(days + 4).rem_euclid(7) as usize];
    let month = MONTHS[usize::from(t.month - 1)];
    format!(
        "{weekday} {} {month} {}, {:02}:{:02} UTC ({})",
        t.day,
        t.year,
        t.hour,
        t.minute,
        relative(now.unix_minutes() - t.unix_minutes())
    )
}

fn relative(minutes: i64) -> String {
    let (amount, future) = (minutes.abs(), minutes < 0);
    let (n, unit) = match amount {
        0 => return "now".to_string(),
        1..=59 => (amount, "minute"),
        60..=1439 => (amount / 60, "hour"),
        1440..=43_199 => (amount / 1440, "day"),
        43_200..=525_599 => (amount / 43_200, "month"),
        _ => (amount / 525_600, "year"),
    };
    let plural = if n == 1 { "" } else { "s" };
    if future {
        format!("in {n} {unit}{plural}")
    } else {
        format!("{n} {unit}{plural} ago")
    }
}

fn heading_hover(
    file: &SourceFile,
    offset: usize,
    ctx: &EditContext<'_>,
) -> Option<(TextRange, String)> {
    let structure = PlanStructure::new(file, &ctx.config.standard);
    let section = structure
        .sections
        .iter()
        .find(|s| s.heading_range.start <= offset && offset <= s.heading_range.end)?;
    let spec = &ctx.config.standard.sections[section.spec];
    let guidance = crate::template::guidance(&spec.name).unwrap_or("A required section.");
    let living = if spec.living {
        "\n\nA living section: keep it current as the work proceeds."
    } else {
        ""
    };
    Some((
        section.heading_range.clone(),
        format!("**{}**: {guidance}{living}", spec.name),
    ))
}
