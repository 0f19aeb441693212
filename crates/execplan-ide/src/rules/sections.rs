//! Finding a section's body and the items and prose in it.

use execplan_syntax::{ListItem, SourceFile, TextRange};

use super::Context;
use crate::section_names::normalize;

/// The bodies of every occurrence of the required section the built-in standard calls
/// `name` (matched on the section's name or aliases, so a custom standard that keeps the
/// name keeps the rule).
pub(crate) fn bodies(cx: &Context<'_>, name: &str) -> Vec<TextRange> {
    let wanted = normalize(name);
    cx.structure
        .sections
        .iter()
        .filter(|s| is_named(cx, s.spec, &wanted))
        .map(|s| s.body.clone())
        .collect()
}

/// Whether section `spec` of the standard has the normalised name or alias `wanted`.
pub(crate) fn is_named(cx: &Context<'_>, spec: usize, wanted: &str) -> bool {
    cx.names[spec].iter().any(|n| n == wanted)
}

/// The list items directly in `body`: not nested in another item of the body.
///
/// List items are blocks of one outline, so two items are either nested or disjoint, and the
/// outline lists them by start: an item is nested exactly when it lies inside the last
/// top-level item before it. One pass, not a comparison of every pair (a Progress log of
/// thousands of entries made that quadratic).
pub(crate) fn top_level_items<'f>(file: &'f SourceFile, body: &TextRange) -> Vec<&'f ListItem> {
    let items = &file.outline().list_items;
    top_level_indices(file, body)
        .into_iter()
        .map(|i| &items[i])
        .collect()
}

/// As [`top_level_items`], as indices into `Outline::list_items`.
pub(crate) fn top_level_indices(file: &SourceFile, body: &TextRange) -> Vec<usize> {
    let items = &file.outline().list_items;
    let first = items.partition_point(|i| i.range.start < body.start);
    let mut top: Vec<usize> = Vec::new();
    for (index, item) in items.iter().enumerate().skip(first) {
        if item.range.start >= body.end {
            break;
        }
        if item.range.end > body.end.max(item.range.start) {
            continue;
        }
        let nested = top.last().is_some_and(|&outer| {
            let outer = &items[outer];
            outer.range != item.range
                && outer.range.start <= item.range.start
                && item.range.end <= outer.range.end
        });
        if !nested {
            top.push(index);
        }
    }
    top
}

/// The own text of item `index` of `Outline::list_items`: from after its marker (and
/// checkbox) to its first nested item.
pub(crate) fn own_text(file: &SourceFile, index: usize) -> TextRange {
    let items = &file.outline().list_items;
    let item = &items[index];
    let start = item.first_line.start;
    // Items are ordered by start, so the first nested one is the first after `item` that
    // ends inside it; none can start past its end. Those after `item` that start where it
    // does (none, in a real outline) come first: skip them, as a binary search would.
    let after = index
        + 1
        + items[index + 1..]
            .iter()
            .take_while(|i| i.range.start <= item.range.start)
            .count();
    let end = items[after..]
        .iter()
        .take_while(|i| i.range.start <= item.range.end)
        .find(|i| i.range.end <= item.range.end)
        .map_or(item.range.end, |i| i.range.start);
    start..end.max(start)
}
