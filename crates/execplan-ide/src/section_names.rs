//! Matching heading text to the standard's section names, tolerant of the ways real plans
//! write them: case, a leading number, a trailing colon, `&` for "and", emphasis markers.

/// The comparable form of a heading: lower case, without a leading `3.`/`3)` number, a
/// trailing colon or parenthetical, emphasis or code markers; `&` reads "and"; spaces
/// around `/` and runs of whitespace are collapsed.
pub fn normalize(heading: &str) -> String {
    let mut text: String = heading
        .chars()
        .filter(|c| !matches!(c, '*' | '`'))
        .collect::<String>()
        .trim()
        .trim_matches('_')
        .to_lowercase();
    text = strip_leading_number(&text).to_string();
    let trimmed = text.trim_end().trim_end_matches([':', '：']).trim_end();
    let trimmed = strip_trailing_parenthetical(trimmed);
    let spaced = trimmed.replace('&', " and ").replace('/', " / ");
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `3. Decision Log`, `3) Decision Log`, `12 - Decision Log`, `3.1 Decision Log`,
/// `3 Decision Log`. No section name starts with a digit, so a leading number is always
/// numbering.
fn strip_leading_number(text: &str) -> &str {
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return text;
    }
    let rest = text.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let rest = rest.strip_prefix(')').unwrap_or(rest).trim_start();
    rest.strip_prefix(['-', '–', '—'])
        .unwrap_or(rest)
        .trim_start()
}

/// `Decision Log (append-only)` → `Decision Log`, unless the whole heading is in brackets.
fn strip_trailing_parenthetical(text: &str) -> &str {
    if !text.ends_with(')') {
        return text;
    }
    match text.rfind('(') {
        Some(open) if open > 0 => text[..open].trim_end(),
        _ => text,
    }
}

/// Edit distance in characters (Levenshtein), for near-miss spellings.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// How many edits still read as a misspelling of a name of this many characters: one for
/// short names, about one in ten beyond ("Interfaces & Dependency" is three edits away).
pub fn near_miss_budget(name_chars: usize) -> usize {
    1 + name_chars / 10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_accepts_recognisable_variants() {
        for variant in [
            "Decision Log",
            "decision log",
            "  Decision Log  ",
            "3. Decision Log",
            "3) Decision Log",
            "Decision Log:",
            "**Decision Log**",
            "Decision Log (append-only)",
        ] {
            assert_eq!(normalize(variant), "decision log", "{variant:?}");
        }
        assert_eq!(
            normalize("Surprises & Discoveries"),
            "surprises and discoveries"
        );
        assert_eq!(normalize("Purpose/Big Picture"), "purpose / big picture");
        assert_eq!(normalize("3 Decision Log"), "decision log");
        assert_eq!(
            normalize("12 - Interfaces & dependencies"),
            "interfaces and dependencies"
        );
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("suprises", "surprises"), 1);
        assert_eq!(edit_distance("dependency", "dependencies"), 3);
        assert_eq!(edit_distance("進展", "進度"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
