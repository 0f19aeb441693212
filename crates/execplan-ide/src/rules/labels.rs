//! Field labels of Decision Log and Surprises entries: `Decision:`, `**Rationale:**`,
//! `Date/Author:`, matched case-insensitively, bold or not, at the start of a line or
//! after whitespace (entries may run their fields together on one line).

use execplan_syntax::TextRange;

/// Where each `label:` starts in `text[region]` (the range covers the label's word).
pub(crate) fn find(text: &str, region: &TextRange, label: &str) -> Vec<TextRange> {
    let hay = &text[region.clone()];
    let lower = hay.to_ascii_lowercase();
    let label = label.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find(&label) {
        let at = from + i;
        from = at + label.len();
        let before = lower[..at].trim_end_matches(['*', '_']);
        let boundary = before
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || matches!(c, '-' | '(' | '.' | ';' | ','));
        let after = lower[at + label.len()..].trim_start_matches(['*', '_', ' ']);
        let colon = after.starts_with(':') || after.starts_with('：');
        if boundary && colon {
            out.push(region.start + at..region.start + at + label.len());
        }
    }
    out
}

/// Splits `region` into entries, each starting at one occurrence of `head` and running
/// to the next. Returns each entry's label range and whole range.
pub(crate) fn entries(text: &str, region: &TextRange, head: &str) -> Vec<(TextRange, TextRange)> {
    let heads = find(text, region, head);
    heads
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let end = heads.get(i + 1).map_or(region.end, |next| next.start);
            (label.clone(), label.start..end)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_may_be_bold_and_run_together() {
        let text = "- **Decision:** a. Rationale: b. Date/Author: c\nno Decisions: here";
        assert_eq!(find(text, &(0..text.len()), "decision").len(), 1);
        assert_eq!(find(text, &(0..text.len()), "rationale").len(), 1);
        assert_eq!(find(text, &(0..text.len()), "date/author").len(), 1);
        let text = "Indecision: no";
        assert!(find(text, &(0..text.len()), "decision").is_empty());
    }
}
