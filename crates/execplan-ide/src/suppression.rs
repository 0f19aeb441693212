//! Suppression comments in a plan:
//!
//! - `<!-- execplan-disable CODE, CODE -->` … `<!-- execplan-enable -->`: a region
//!   (without codes: every rule). `execplan-enable CODE` ends only that code's region.
//! - `<!-- execplan-disable-next-line CODE -->`: the line after the comment.
//! - `<!-- execplan-disable-file CODE -->`: the whole file.
//!
//! A diagnostic is suppressed when its start lies in a suppressed stretch for its rule.

use execplan_syntax::TextRange;

use crate::code_blocks::CodeBlocks;
use crate::{Diagnostic, Rule};

/// `None` codes mean every rule.
struct Suppressed {
    codes: Option<Vec<Rule>>,
    range: TextRange,
}

/// An HTML comment of the plan, as the suppression scan reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Comment {
    pub span: TextRange,
    /// Inside a code block: no directive, but the scan still skips what it spans.
    pub in_code: bool,
}

/// Drops the diagnostics that the suppression comments among `comments` (the plan's
/// HTML comments, from [`find_comments`]) silence.
pub(crate) fn retain_unsuppressed(
    text: &str,
    comments: &[Comment],
    diagnostics: &mut Vec<Diagnostic>,
) {
    if diagnostics.is_empty() {
        return;
    }
    let regions = regions(text, comments);
    if regions.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        !regions.iter().any(|r| {
            r.range.contains(&d.range.start) && r.codes.as_ref().is_none_or(|c| c.contains(&d.rule))
        })
    });
}

/// The HTML comments starting in `from..to`, in order, and whether the list is complete:
/// `false` when one of them runs past `to` or never closes (a full scan, `0..text.len()`,
/// stops at a comment that never closes, as HTML would swallow the rest).
pub(crate) fn find_comments(
    text: &str,
    code: &CodeBlocks,
    from: usize,
    to: usize,
) -> (Vec<Comment>, bool) {
    let mut out = Vec::new();
    let mut at = from;
    while let Some(start) = find_comment(&text.as_bytes()[..to], at) {
        // `<!-->` and `<!--->` are empty comments, as HTML reads them; otherwise the
        // closing `-->` is the first one after the opening `<!--`.
        let after = &text[start + 4..];
        let end = if after.starts_with('>') {
            start + 5
        } else if after.starts_with("->") {
            start + 6
        } else {
            let Some(len) = after.find("-->") else {
                return (out, false);
            };
            start + 4 + len + 3
        };
        at = end;
        out.push(Comment {
            span: start..end,
            in_code: code.contains(start),
        });
        if end > to {
            // Past the part asked about: what the comment hides there is unknown here.
            return (out, false);
        }
    }
    (out, true)
}

fn regions(text: &str, comments: &[Comment]) -> Vec<Suppressed> {
    let mut out = Vec::new();
    let mut open: Vec<(Option<Vec<Rule>>, usize)> = Vec::new();
    for comment in comments.iter().filter(|c| !c.in_code) {
        let (start, end) = (comment.span.start, comment.span.end);
        let body = text
            .get(start + 4..end.saturating_sub(3))
            .unwrap_or("")
            .trim();
        let Some((directive, rest)) = body
            .split_once(char::is_whitespace)
            .map(|(d, r)| (d, r.trim()))
            .or(Some((body, "")))
        else {
            continue;
        };
        let codes = parse_codes(rest);
        match directive {
            "execplan-disable-file" => out.push(Suppressed {
                codes,
                range: 0..text.len() + 1,
            }),
            "execplan-disable-next-line" => {
                let line_start = text[end..].find('\n').map_or(text.len(), |j| end + j + 1);
                let line_end = text[line_start..]
                    .find('\n')
                    .map_or(text.len(), |j| line_start + j);
                out.push(Suppressed {
                    codes,
                    range: line_start..line_end + 1,
                });
            }
            "execplan-disable" => open.push((codes, end)),
            "execplan-enable" => {
                let ending: Vec<_> = match &codes {
                    None => std::mem::take(&mut open),
                    Some(enabled) => {
                        let (matching, rest): (Vec<_>, Vec<_>) =
                            open.drain(..).partition(|(c, _)| {
                                c.as_ref()
                                    .is_some_and(|c| c.iter().all(|r| enabled.contains(r)))
                            });
                        open = rest;
                        matching
                    }
                };
                out.extend(ending.into_iter().map(|(codes, at)| Suppressed {
                    codes,
                    range: at..start,
                }));
            }
            _ => {}
        }
    }
    out.extend(open.into_iter().map(|(codes, at)| Suppressed {
        codes,
        range: at..text.len() + 1,
    }));
    out
}

/// The first `<!--` at or after `from`: the first `<` that opens one, found eight bytes at
/// a time (a plan has few comments and many bytes).
fn find_comment(text: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = crate::find::find_any(text, at, text.len(), [b'<']) {
        if text[i..].starts_with(b"<!--") {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// `missing-section, placeholder` → those rules; empty → every rule. Unknown codes are
/// ignored (the comment may be for a newer version).
fn parse_codes(text: &str) -> Option<Vec<Rule>> {
    let codes: Vec<&str> = text
        .split([',', ' '])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    if codes.is_empty() {
        return None;
    }
    Some(codes.into_iter().filter_map(Rule::from_code).collect())
}
