//! `placeholder`: template text left unfilled. Looked for in prose, list items and
//! headings, never in code blocks or code spans (where `<file>` is a command's argument).
//!
//! Recognised, each where it stands: the template's angle-bracket placeholders
//! (`<ExecPlan title>`, `<what was decided>`, …), any `<…>` of two or more plain words
//! (`<new test name>`), the single words `<date>`, `<name>`, `<title>`, `<author>`,
//! `<owner>`, and the format strings `YYYY-MM-DD HH:MMZ` and `YYYY-MM-DD`.
//!
//! And, once per required section ([`check_sections`]): a line the templates in force
//! write (`AnalysisConfig::template`: the built-in template's guidance and entries, and a
//! repository's own template's text), which stays a placeholder until it is changed. A
//! plan fresh from `execplan-ls new` is reported as unfilled, one finding a section.

use execplan_syntax::TextRange;

use super::Context;
use crate::{Diagnostic, Rule};

const SINGLE_WORDS: &[&str] = &["date", "name", "title", "author", "owner", "plan name"];

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let text = cx.file.text();
    let outline = cx.file.outline();
    let mut regions: Vec<TextRange> = cx.paragraphs_in_window().to_vec();
    regions.extend(outline.headings.iter().map(|h| h.text_range.clone()));
    regions.sort_by_key(|r| r.start);
    regions.dedup();
    let mut seen_until = 0;
    for region in regions {
        if !cx.in_window(region.start) {
            continue;
        }
        let start = region.start.max(seen_until);
        if start >= region.end {
            continue;
        }
        for part in cx.code.outside(&(start..region.end)) {
            find_in(text, &part, out);
        }
        seen_until = seen_until.max(region.end);
    }
}

/// The first line of each required section (holding part of the window) that is the
/// template's text: one finding per section, however many lines are unchanged.
pub(crate) fn check_sections(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let template = &cx.config.template;
    if template.is_empty() {
        return;
    }
    let text = cx.file.text();
    for section in &cx.structure.sections {
        let extent = section.heading_range.start..section.body.end;
        if !cx.touches_window(&extent) {
            continue;
        }
        let mut at = section.body.start;
        for line in text[section.body.clone()].split_inclusive('\n') {
            let start = at;
            at += line.len();
            // A ticked item was changed: "Initial planning completed." done and stamped
            // is the plan's record, not the template's.
            let ticked = ["- [x]", "- [X]", "* [x]", "* [X]"]
                .iter()
                .any(|p| line.trim_start().starts_with(p));
            if ticked || cx.code.contains(start) || !template.contains_line(line) {
                continue;
            }
            let lead = line.len() - line.trim_start().len();
            let range = start + lead..start + line.trim_end().len();
            let name = &cx.config.standard.sections[section.spec].name;
            out.push(Diagnostic::new(
                Rule::Placeholder,
                range.clone(),
                format!(
                    "`{name}` still holds the template's text (\"{}\"); write the plan's own",
                    shorten(text[range].trim())
                ),
            ));
            break;
        }
    }
}

/// At most 60 characters of `s`, with `…` when cut.
fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        return s.to_string();
    }
    let cut: String = s.chars().take(MAX - 1).collect();
    format!("{}…", cut.trim_end())
}

fn find_in(text: &str, region: &TextRange, out: &mut Vec<Diagnostic>) {
    let b = text.as_bytes();
    let mut i = region.start;
    // Only a backtick, `<` or `Y` can start what this looks for: skip to the next one.
    while let Some(next) = crate::find::find_any(b, i, region.end, [b'`', b'<', b'Y']) {
        i = next;
        match b[i] {
            b'`' => {
                let run = b[i..region.end].iter().take_while(|&&c| c == b'`').count();
                let close = find_backticks(b, i + run, region.end, run).map(|j| j + run);
                i = close.unwrap_or(i + run);
            }
            b'<' => {
                let close = text[i + 1..region.end].find(['>', '\n']).map(|j| i + 1 + j);
                match close {
                    Some(close) if b[close] == b'>' => {
                        let inner = &text[i + 1..close];
                        if is_placeholder(inner) {
                            report(i..close + 1, text, out);
                        }
                        i = close + 1;
                    }
                    _ => i += 1,
                }
            }
            b'Y' if text[i..region.end].starts_with("YYYY-MM-DD") => {
                let end = if text[i..region.end].starts_with("YYYY-MM-DD HH:MMZ") {
                    i + 17
                } else {
                    i + 10
                };
                report(i..end, text, out);
                i = end;
            }
            _ => i += 1,
        }
    }
}

/// Where `run` backticks in a row first occur in `b[from..end]` (they may be part of a
/// longer run), as a substring search for them would find.
fn find_backticks(b: &[u8], from: usize, end: usize, run: usize) -> Option<usize> {
    let mut at = from;
    while let Some(start) = crate::find::find_any(b, at, end, [b'`']) {
        let len = b[start..end].iter().take_while(|&&c| c == b'`').count();
        if len >= run {
            return Some(start);
        }
        at = start + len;
    }
    None
}

fn is_placeholder(inner: &str) -> bool {
    let inner = inner.trim();
    if inner.is_empty() || !inner.starts_with(|c: char| c.is_alphabetic()) {
        return false;
    }
    // ASCII lower-cases to ASCII, compared in place; only other text needs a lowered copy.
    let single_word = if inner.is_ascii() {
        SINGLE_WORDS.iter().any(|w| w.eq_ignore_ascii_case(inner))
    } else {
        SINGLE_WORDS.contains(&inner.to_lowercase().as_str())
    };
    if single_word {
        return true;
    }
    let plain = inner.chars().all(|c| {
        c.is_alphanumeric() || matches!(c, ' ' | ',' | '/' | '-' | '_' | '.' | '\'' | '|')
    });
    let words = inner.split_whitespace().count();
    plain && words >= 2 && !inner.contains("  ") && !inner.contains(['=', '"'])
}

fn report(range: TextRange, text: &str, out: &mut Vec<Diagnostic>) {
    out.push(Diagnostic::new(
        Rule::Placeholder,
        range.clone(),
        format!("Template placeholder `{}` is not filled in", &text[range]),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_backticks_are_found_as_a_substring_search_finds_them() {
        for text in ["a`b", "a``b```c`", "````", "x ` y `` z", "``` `` `", ""] {
            let b = text.as_bytes();
            for run in 1..4 {
                for from in 0..=text.len() {
                    let expected = text[from..].find(&"`".repeat(run)).map(|j| from + j);
                    assert_eq!(
                        find_backticks(b, from, text.len(), run),
                        expected,
                        "{text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn single_words_are_matched_ignoring_case() {
        assert!(is_placeholder("DATE") && is_placeholder(" Plan Name "));
        assert!(!is_placeholder("dates"));
    }
}
