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
        _ => format!(
            "${{1:{}}}",
            escape_snippet(guidance(name).unwrap_or(UNGUIDED_SECTION))
        ),
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
            format!("{}{NEW_PLAN_FIRST_STEP}", progress_entry(stamp.now))
        } else {
            section_body(&spec.name, stamp).plain()
        };
        out.push_str(&format!("## {}\n\n{body}\n", spec.name));
    }
    out
}

/// What the templates in force write into a plan's sections, as text to recognise: until
/// it is changed it is a placeholder (`placeholder`, once per section). The built-in
/// template's texts always count; a repository's own template adds its own
/// ([`TemplateTexts::with_template`]). Texts are compared a line at a time, normalised
/// ([`normalize_line`]): a list marker, a checkbox, a leading stamp and a leading field
/// label (`Decision:`) do not count, nor do case and spacing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateTexts {
    /// Normalised, sorted, without duplicates.
    texts: Vec<String>,
}

/// Lines shorter than this, or of one word, are too common to be a template's own text
/// ("Example:"; "(None yet.)" is content).
const MIN_TEMPLATE_CHARS: usize = 10;

impl Default for TemplateTexts {
    fn default() -> TemplateTexts {
        TemplateTexts::built_in()
    }
}

impl TemplateTexts {
    /// The texts the built-in template writes: each section's guidance, the entries'
    /// placeholders and the first Progress item of a new plan. Not "From the repository
    /// root:", which real plans keep on purpose.
    pub fn built_in() -> TemplateTexts {
        let stamp = Stamp {
            now: UtcMinute::new(2000, 1, 1, 0, 0).expect("a valid minute"),
            author: None,
        };
        let mut texts: Vec<String> = vec![
            NEW_PLAN_FIRST_STEP.to_string(),
            UNGUIDED_SECTION.to_string(),
        ];
        for name in crate::Standard::default().sections.iter().map(|s| &s.name) {
            texts.extend(snippet_placeholders(&section_body(name, stamp).snippet));
        }
        texts.retain(|t| t != "From the repository root:" && t != "command");
        TemplateTexts::from_texts(texts)
    }

    /// These texts (each a line), normalised.
    pub fn from_texts<I: IntoIterator<Item = S>, S: AsRef<str>>(texts: I) -> TemplateTexts {
        let mut texts: Vec<String> = texts
            .into_iter()
            .filter_map(|t| normalize_line(t.as_ref()))
            .filter(|t| is_distinctive(t))
            .collect();
        texts.sort();
        texts.dedup();
        TemplateTexts { texts }
    }

    /// These texts and those a repository's template writes: the prose lines under each
    /// heading of `template` (a plan skeleton in markdown, such as a PLANS.md's template
    /// section or the contents of its fenced skeleton). Headings, code, HTML comments and
    /// lines that keep an angle-bracket placeholder (found on their own) are not taken.
    pub fn with_template(&self, template: &str) -> TemplateTexts {
        let file = execplan_syntax::SourceFile::parse(template);
        let outline = file.outline();
        let text = file.text();
        let mut lines: Vec<String> = self.texts.clone();
        let Some(first) = outline.headings.first() else {
            return self.clone();
        };
        let mut at = first.range.start;
        for line in text[first.range.start..].split_inclusive('\n') {
            let start = at;
            at += line.len();
            let trimmed = line.trim();
            if trimmed.is_empty()
                || trimmed.starts_with('#')
                || trimmed.starts_with("<!--")
                || trimmed.starts_with("```")
                || trimmed.starts_with("~~~")
                || trimmed
                    .chars()
                    .all(|c| matches!(c, '-' | '*' | '_' | '=' | ' '))
                || outline.in_code_block(start)
                || outline.headings.iter().any(|h| h.range.contains(&start))
            {
                continue;
            }
            lines.push(trimmed.to_string());
        }
        let mut out = TemplateTexts::from_texts(lines);
        out.texts.retain(|t| !(t.contains('<') && t.contains('>')));
        // The built-in texts were already normalised and kept.
        out.texts.extend(self.texts.iter().cloned());
        out.texts.sort();
        out.texts.dedup();
        out
    }

    /// These texts and those of the template a PLANS.md holds: each code block (fenced or
    /// indented) that holds a skeleton of three or more headings, else everything from a
    /// heading that names a template ("## ExecPlan Template") on.
    pub fn with_standard(&self, plans_md: &str) -> TemplateTexts {
        let file = execplan_syntax::SourceFile::parse(plans_md);
        let text = file.text();
        let mut out = self.clone();
        let mut found = false;
        for block in &file.outline().code_blocks {
            let content = code_content(&text[block.range.clone()], block.fenced);
            let headings = content
                .lines()
                .filter(|l| l.starts_with('#') && l.trim_start_matches('#').starts_with(' '))
                .count();
            if headings >= 3 {
                out = out.with_template(&content);
                found = true;
            }
        }
        if !found {
            let template = file
                .outline()
                .headings
                .iter()
                .find(|h| h.text.to_lowercase().contains("template"));
            if let Some(heading) = template {
                out = out.with_template(&text[heading.range.end..]);
            }
        }
        out
    }

    /// Whether the line `line` of a plan is template text.
    pub fn contains_line(&self, line: &str) -> bool {
        normalize_line(line).is_some_and(|n| self.texts.binary_search(&n).is_ok())
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

/// The built-in template's texts, computed once.
pub fn built_in_texts() -> std::sync::Arc<TemplateTexts> {
    static BUILT_IN: std::sync::OnceLock<std::sync::Arc<TemplateTexts>> =
        std::sync::OnceLock::new();
    BUILT_IN
        .get_or_init(|| std::sync::Arc::new(TemplateTexts::built_in()))
        .clone()
}

/// A code block's text without its fences, or without the indentation of an indented one.
fn code_content(block: &str, fenced: bool) -> String {
    let lines: Vec<&str> = block.lines().collect();
    let inner: &[&str] = if fenced {
        let end = lines.len().saturating_sub(1).max(1);
        lines.get(1..end).unwrap_or(&[])
    } else {
        &lines
    };
    let indent = inner
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let mut out = String::new();
    for line in inner {
        out.push_str(line.get(indent..).unwrap_or(line.trim_start()));
        out.push('\n');
    }
    out
}

/// The body written for a section the built-in standard has no guidance for (one a
/// repository's standard adds): a placeholder like the rest.
const UNGUIDED_SECTION: &str = "Write this section for this plan.";

/// The first Progress item of a plan `new` writes.
const NEW_PLAN_FIRST_STEP: &str = "Start the plan.";

/// Long enough, and more than one word: a sentence in a script written without spaces
/// (`用几句话说明……`) counts as more than one.
fn is_distinctive(normalized: &str) -> bool {
    normalized.chars().count() >= MIN_TEMPLATE_CHARS
        && (normalized.contains(' ') || !normalized.is_ascii())
}

/// The placeholders' texts of a snippet: `${1:text}` → `text` (unescaped).
fn snippet_placeholders(snippet: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = snippet;
    while let Some(open) = rest.find("${") {
        let after = &rest[open + 2..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        let Some(body) = after[digits..].strip_prefix(':') else {
            rest = &after[digits..];
            continue;
        };
        let mut text = String::new();
        let mut chars = body.char_indices();
        let mut end = body.len();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    if let Some((_, next)) = chars.next() {
                        text.push(next);
                    }
                }
                '}' => {
                    end = i + 1;
                    break;
                }
                c => text.push(c),
            }
        }
        out.push(text);
        rest = &body[end.min(body.len())..];
    }
    out
}

/// A line as template texts are compared: without a list marker, a checkbox, a leading
/// stamp in parentheses or a leading field label (`Decision:`, `**Rationale:**`), in
/// lower case with single spaces. `None` when nothing is left.
pub fn normalize_line(line: &str) -> Option<String> {
    let mut rest = line.trim();
    // A list marker: `-`, `*`, `+`, `1.`, `1)`.
    if let Some(r) = rest
        .strip_prefix("- ")
        .or_else(|| rest.strip_prefix("* "))
        .or_else(|| rest.strip_prefix("+ "))
    {
        rest = r.trim_start();
    } else {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 {
            if let Some(r) = rest[digits..]
                .strip_prefix(". ")
                .or_else(|| rest[digits..].strip_prefix(") "))
            {
                rest = r.trim_start();
            }
        }
    }
    for checkbox in ["[ ]", "[x]", "[X]"] {
        if let Some(r) = rest.strip_prefix(checkbox) {
            rest = r.trim_start();
        }
    }
    // A leading stamp: `(2026-11-24 09:15Z)`.
    if rest.starts_with('(') && rest[1..].starts_with(|c: char| c.is_ascii_digit() || c == 'Y') {
        if let Some(close) = rest.find(')') {
            rest = rest[close + 1..].trim_start();
        }
    }
    // A leading field label of one or two words: `Decision:`, `**Date/Author:**`.
    let unbold = rest.strip_prefix("**").unwrap_or(rest);
    if let Some(colon) = unbold.find(':') {
        let label = &unbold[..colon];
        let words = label.split_whitespace().count();
        if (1..=2).contains(&words)
            && label
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, ' ' | '/' | '&'))
        {
            let after = &unbold[colon + 1..];
            rest = after.strip_prefix("**").unwrap_or(after).trim_start();
        }
    }
    let normalized = rest
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    (!normalized.is_empty()).then_some(normalized)
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
