//! Building edits that fit the file: its line endings, blank lines around blocks, and the
//! place the standard's order gives a section.

use execplan_syntax::{SourceFile, TextRange};

use crate::{PlanStructure, Standard, TextEdit};

/// `"\r\n"` when the file's first line break is CRLF, else `"\n"`.
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// `text` with its `\n` line breaks written as the file writes them.
pub fn with_line_endings(text: &str, eol: &str) -> String {
    if eol == "\n" {
        text.to_string()
    } else {
        text.replace('\n', eol)
    }
}

/// Where a missing section `spec` goes: after the last present section that the standard
/// puts before it, else before the first present one it puts after, else at the end.
pub fn section_insertion_point(file: &SourceFile, structure: &PlanStructure, spec: usize) -> usize {
    let before = structure
        .sections
        .iter()
        .filter(|s| s.spec < spec)
        .max_by_key(|s| (s.spec, s.body.end));
    if let Some(section) = before {
        return section.body.end;
    }
    if let Some(after) = structure
        .sections
        .iter()
        .filter(|s| s.spec > spec)
        .min_by_key(|s| s.heading_range.start)
    {
        return after.heading_range.start;
    }
    end_of_plan(file)
}

/// The end of the plan: the end of the text, or of the contents of a wrapper fence.
pub fn end_of_plan(file: &SourceFile) -> usize {
    let text = file.text();
    match &file.outline().wrapper_fence {
        Some(fence) => {
            let block = &text[fence.clone()];
            let trimmed = block.trim_end_matches(['\n', '\r']);
            let last_line = trimmed.rfind('\n').map_or(0, |i| i + 1);
            fence.start + last_line
        }
        None => text.len(),
    }
}

/// An edit inserting `block` (lines ending in `\n`) at `at` as its own paragraph: with a
/// blank line before and, when text follows, after it, in the file's line endings.
pub fn insert_block(text: &str, at: usize, block: &str) -> TextEdit {
    let eol = line_ending(text);
    let before = &text[..at];
    let mut new_text = String::new();
    if !before.is_empty() {
        if !before.ends_with('\n') && !before.ends_with('\r') {
            new_text.push('\n');
            new_text.push('\n');
        } else if !ends_with_blank_line(before) {
            new_text.push('\n');
        }
    }
    new_text.push_str(block);
    if !block.ends_with('\n') {
        new_text.push('\n');
    }
    let after = &text[at..];
    if !after.is_empty() && !after.starts_with(['\n', '\r']) {
        new_text.push('\n');
    }
    TextEdit {
        range: at..at,
        new_text: with_line_endings(&new_text, eol),
    }
}

fn ends_with_blank_line(before: &str) -> bool {
    let trimmed = before.trim_end_matches(['\n', '\r']);
    let tail = before[trimmed.len()..].replace("\r\n", "\n");
    trimmed.is_empty() || tail.len() >= 2
}

/// Where an entry appended to a section goes, and the text to put before it: right after
/// the section's last list item, or after its content with a blank line, or after its
/// heading with a blank line.
pub fn append_point(file: &SourceFile, body: &TextRange) -> (usize, &'static str) {
    let text = file.text();
    let content = text[body.clone()].trim_end();
    let end = body.start + content.len();
    if content.trim().is_empty() {
        return (body.start, "\n\n");
    }
    let last_item = file
        .outline()
        .list_items
        .iter()
        .rfind(|i| i.depth == 0 && body.start <= i.range.start && i.range.start < end);
    match last_item {
        Some(item) if item.range.end >= end => (end, "\n"),
        _ => (end, "\n\n"),
    }
}

/// Inserts `entry` at the end of a section body; returns the edit and where the entry
/// ends in the edited text (for the cursor).
pub fn append_entry(file: &SourceFile, body: &TextRange, entry: &str) -> (TextEdit, usize) {
    let text = file.text();
    let eol = line_ending(text);
    let (at, lead) = append_point(file, body);
    let new_text = with_line_endings(&format!("{lead}{entry}"), eol);
    let cursor = at + new_text.len();
    (
        TextEdit {
            range: at..at,
            new_text,
        },
        cursor,
    )
}

/// Insertions of several sections, one edit per insertion point, each section's text made
/// by `block`.
pub fn insert_sections(
    file: &SourceFile,
    standard: &Standard,
    specs: &[usize],
    block: impl Fn(&str) -> String,
) -> Vec<TextEdit> {
    let structure = PlanStructure::new(file, standard);
    let mut by_point: Vec<(usize, String)> = Vec::new();
    for &spec in specs {
        let at = section_insertion_point(file, &structure, spec);
        let section = block(&standard.sections[spec].name);
        match by_point.iter_mut().find(|(p, _)| *p == at) {
            Some((_, text)) => {
                text.push('\n');
                text.push_str(&section);
            }
            None => by_point.push((at, section)),
        }
    }
    by_point
        .into_iter()
        .map(|(at, block)| insert_block(file.text(), at, &block))
        .collect()
}
