//! Field labels of Decision Log and Surprises entries: `Decision:`, `**Rationale:**`,
//! `Date/Author:`, matched case-insensitively, bold or not, at the start of a line or
//! after whitespace (entries may run their fields together on one line).

use execplan_syntax::TextRange;

/// Where each `label:` starts in `text[region]` (the range covers the label's word).
pub(crate) fn find(text: &str, region: &TextRange, label: &str) -> Vec<TextRange> {
    occurrences(text, region, label).collect()
}

/// Whether `label:` occurs in `text[region]`.
pub(crate) fn has(text: &str, region: &TextRange, label: &str) -> bool {
    occurrences(text, region, label).next().is_some()
}

/// Each `label:` in `text[region]`, in order, found as the iterator advances. Labels are
/// ASCII, matched ignoring ASCII case in place (a lower-cased copy of every entry cost an
/// allocation per entry and label). Case does not change the boundary and colon checks,
/// which look only at whitespace and punctuation.
fn occurrences<'t>(
    text: &'t str,
    region: &TextRange,
    label: &'t str,
) -> impl Iterator<Item = TextRange> + 't {
    let hay = &text[region.clone()];
    let offset = region.start;
    let bytes = hay.as_bytes();
    let first = label.as_bytes().first().copied().unwrap_or(0);
    let mut from = 0;
    std::iter::from_fn(move || {
        if label.is_empty() {
            return None;
        }
        let cases = [first.to_ascii_lowercase(), first.to_ascii_uppercase()];
        while let Some(at) = crate::find::find_any(bytes, from, bytes.len(), cases) {
            let Some(candidate) = bytes.get(at..at + label.len()) else {
                from = bytes.len();
                return None;
            };
            if !candidate.eq_ignore_ascii_case(label.as_bytes()) {
                from = at + 1;
                continue;
            }
            from = at + label.len();
            let before = hay[..at].trim_end_matches(['*', '_']);
            let boundary = before
                .chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || matches!(c, '-' | '(' | '.' | ';' | ','));
            let after = hay[at + label.len()..].trim_start_matches(['*', '_', ' ']);
            let colon = after.starts_with(':') || after.starts_with('：');
            if boundary && colon {
                return Some(offset + at..offset + at + label.len());
            }
        }
        from = bytes.len();
        None
    })
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

    #[test]
    fn labels_match_as_a_search_of_a_lower_cased_copy_does() {
        let text = "DECISION: a. ddecision: no. (Decision): no. -DeCiSiOn **: yes; decisiondecision: x, decision";
        let found: Vec<&str> = find(text, &(0..text.len()), "decision")
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(found, ["DECISION", "DeCiSiOn"]);
        assert!(has(text, &(1..text.len()), "decision"));
        assert!(!has(text, &(0..12), "rationale"));
        let text = "é Date / Author： x";
        let found = find(text, &(0..text.len()), "date / author");
        assert_eq!(
            found.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(),
            ["Date / Author"]
        );
    }
}
