//! Finding a section's body and the items and prose in it.

use execplan_syntax::{ListItem, SourceFile, TextRange};

use super::Context;
use crate::section_names::normalize;

/// The bodies of every occurrence of the required section the built-in standard calls
/// `name` (matched on the section's name or aliases, so a custom standard that keeps the
/// name keeps the rule).
pub(crate) fn bodies(cx: &Context<'_>, name: &str) -> Vec<TextRange> {
    let wanted = normalize(name);
    let specs: Vec<usize> = cx
        .config
        .standard
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            normalize(&s.name) == wanted || s.aliases.iter().any(|a| normalize(a) == wanted)
        })
        .map(|(i, _)| i)
        .collect();
    cx.structure
        .sections
        .iter()
        .filter(|s| specs.contains(&s.spec))
        .map(|s| s.body.clone())
        .collect()
}

/// The list items directly in `body`: not nested in another item of the body.
pub(crate) fn top_level_items<'f>(file: &'f SourceFile, body: &TextRange) -> Vec<&'f ListItem> {
    let inside: Vec<&ListItem> = file
        .outline()
        .list_items
        .iter()
        .filter(|i| i.range.start >= body.start && i.range.end <= body.end.max(i.range.start))
        .filter(|i| i.range.start < body.end)
        .collect();
    inside
        .iter()
        .filter(|item| {
            !inside.iter().any(|outer| {
                outer.range != item.range
                    && outer.range.start <= item.range.start
                    && item.range.end <= outer.range.end
            })
        })
        .copied()
        .collect()
}

/// An item's own text: from after its marker (and checkbox) to its first nested item.
pub(crate) fn own_text(file: &SourceFile, item: &ListItem) -> TextRange {
    let start = item.first_line.start;
    let end = file
        .outline()
        .list_items
        .iter()
        .filter(|i| i.range.start > item.range.start && i.range.end <= item.range.end)
        .map(|i| i.range.start)
        .min()
        .unwrap_or(item.range.end);
    start..end.max(start)
}

/// The parts of `range` outside code blocks.
pub(crate) fn outside_code(file: &SourceFile, range: &TextRange) -> Vec<TextRange> {
    let mut blocks: Vec<&TextRange> = file
        .outline()
        .code_blocks
        .iter()
        .map(|b| &b.range)
        .filter(|b| b.start < range.end && b.end > range.start)
        .collect();
    blocks.sort_by_key(|b| b.start);
    let mut out = Vec::new();
    let mut cursor = range.start;
    for block in blocks {
        if block.start > cursor {
            out.push(cursor..block.start);
        }
        cursor = cursor.max(block.end);
    }
    if cursor < range.end {
        out.push(cursor..range.end);
    }
    out
}

/// The body of the section holding `offset`'s required section, by built-in name.
pub(crate) fn is_inside(cx: &Context<'_>, name: &str, offset: usize) -> bool {
    bodies(cx, name).iter().any(|b| b.contains(&offset))
}
