//! What the standard's template puts in each section, as skeletons to insert: a heading
//! and a body with placeholders. Skeletons are written once, in snippet syntax (`${1:…}`
//! tab stops), and turned into plain text for clients without snippet support.

use crate::{Standard, UtcMinute};

/// What a stamped skeleton needs besides the section: the time and who is writing.
#[derive(Debug, Clone, Copy)]
pub struct Stamp<'a> {
    pub now: UtcMinute,
    /// `None` writes a placeholder, `author`.
    pub author: Option<&'a str>,
}

/// A text to insert, as a snippet or as plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skeleton {
    pub snippet: String,
}

impl Skeleton {
    /// The text with tab stops removed (placeholders keep their text).
    pub fn plain(&self) -> String {
        snippet_to_plain(&self.snippet)
    }

    pub fn text(&self, snippets: bool) -> String {
        if snippets {
            self.snippet.clone()
        } else {
            self.plain()
        }
    }
}

/// A Progress entry: `- [ ] (2026-11-24 09:15Z) `.
pub fn progress_entry(now: UtcMinute) -> String {
    format!("- [ ] ({now}) ")
}

/// A Decision Log entry stamped with today's date and the author.
pub fn decision_entry(stamp: Stamp<'_>) -> Skeleton {
    let author = match stamp.author {
        Some(a) if !a.trim().is_empty() => escape_snippet(a.trim()),
        _ => "${3:author}".to_string(),
    };
    Skeleton {
        snippet: format!(
            "- Decision: ${{1:what was decided}}\n  Rationale: ${{2:why this and not the alternatives}}\n  Date/Author: {}, {author}",
            stamp.now.date()
        ),
    }
}

/// A Surprises & Discoveries entry.
pub fn observation_entry() -> Skeleton {
    Skeleton {
        snippet: "- Observation: ${1:what behaved unexpectedly}\n  Evidence: ${2:the output, log line or test that showed it}".to_string(),
    }
}

/// The body of the standard's section `name` (as the built-in standard spells it).
pub fn section_body(name: &str, stamp: Stamp<'_>) -> Skeleton {
    let snippet = match name {
        "Progress" => format!("{}${{1:First step.}}", progress_entry(stamp.now)),
        "Surprises & Discoveries" => observation_entry().snippet,
        "Decision Log" => decision_entry(stamp).snippet,
        "Concrete Steps" => "${1:From the repository root:}\n\n    ${2:command}\n\n${3:What it prints when it works.}".to_string(),
        _ => format!("${{1:{}}}", escape_snippet(guidance(name).unwrap_or("…"))),
    };
    Skeleton { snippet }
}

/// `## Name`, a blank line, and the body.
pub fn section(name: &str, stamp: Stamp<'_>) -> Skeleton {
    Skeleton {
        snippet: format!(
            "## {}\n\n{}\n",
            escape_snippet(name),
            section_body(name, stamp).snippet
        ),
    }
}

/// A whole plan: the title, the living-document line, and every section of `standard`.
pub fn plan(title: &str, standard: &Standard, stamp: Stamp<'_>) -> String {
    let mut out = format!(
        "# {title}\n\nThis ExecPlan is a living document: keep Progress, Surprises & Discoveries, Decision Log and Outcomes & Retrospective up to date as the work proceeds.\n"
    );
    for spec in &standard.sections {
        out.push('\n');
        let body = if spec.name == "Progress" {
            format!("{}Start the plan.", progress_entry(stamp.now))
        } else {
            section_body(&spec.name, stamp).plain()
        };
        out.push_str(&format!("## {}\n\n{body}\n", spec.name));
    }
    out
}

/// A file name for a plan titled `title`: lower case, words joined by `-`, letters of any
/// script kept (`Ship the 漢字 thing!` → `ship-the-漢字-thing.md`).
pub fn file_name(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "execplan.md".to_string()
    } else {
        format!("{slug}.md")
    }
}

/// What the standard says belongs in section `name`, in a sentence.
pub fn guidance(name: &str) -> Option<&'static str> {
    Some(match name {
        "Purpose / Big Picture" => "What someone can do after this change that they could not do before, and how to see it working.",
        "Progress" => "A checklist of steps, each stamped `(YYYY-MM-DD HH:MMZ)` when done; split partly done work into a done and a remaining item. Kept current at every stopping point.",
        "Surprises & Discoveries" => "Unexpected behaviour, bugs or insights met along the way, each as an Observation with its Evidence.",
        "Decision Log" => "Every decision taken while working: the Decision, its Rationale, and the Date/Author.",
        "Outcomes & Retrospective" => "What was achieved, what remains, and what was learned, compared against the purpose.",
        "Context and Orientation" => "The state of the repository as a newcomer needs it: the key files by repository-relative path and how they connect.",
        "Plan of Work" => "The sequence of edits, file by file and function by function, and why.",
        "Concrete Steps" => "The exact commands to run, with their working directory, and what each should print.",
        "Validation and Acceptance" => "How to tell the change works: what to run and the behaviour to observe.",
        "Idempotence and Recovery" => "How to re-run the steps safely, and how to recover or roll back after a partial failure.",
        "Artifacts and Notes" => "Short transcripts, diffs or logs that prove success.",
        "Interfaces and Dependencies" => "The libraries, services, modules and signatures that must exist when the work is done.",
        _ => return None,
    })
}

/// `$`, `}` and `\` are special in snippets.
pub fn escape_snippet(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `${1:text}` → `text`, `$1`/`$0` → nothing, `\$` → `$`.
pub fn snippet_to_plain(snippet: &str) -> String {
    let mut out = String::with_capacity(snippet.len());
    let mut chars = snippet.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
                if chars.peek() == Some(&':') {
                    chars.next();
                }
            }
            '$' if chars.peek().is_some_and(char::is_ascii_digit) => {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
            }
            '}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_titles() {
        assert_eq!(file_name("Ship the 漢字 thing!"), "ship-the-漢字-thing.md");
        assert_eq!(file_name("  ../../etc  "), "etc.md");
        assert_eq!(file_name("😀"), "execplan.md");
    }

    #[test]
    fn snippets_become_plain_text() {
        assert_eq!(
            snippet_to_plain("a ${1:b \\} c} $0d \\$e"),
            "a b } c d $e".to_string()
        );
        assert_eq!(snippet_to_plain(&escape_snippet("x$y}z\\")), "x$y}z\\");
    }
}
