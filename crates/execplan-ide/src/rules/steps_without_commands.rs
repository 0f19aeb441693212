//! `steps-without-commands`: Concrete Steps shows the commands to run. A command is shown
//! by any of:
//!
//! - a code block, fenced or indented;
//! - a line indented four or more spaces after a blank line, even inside a numbered step
//!   where CommonMark would read it as the step's text: the writer set it apart;
//! - a transcript line, indented or quoted, with a prompt (`  > pnpm lint`, `$ make`);
//! - an indented line of its own that starts with a well-known command (`   rg -n x src`
//!   under a numbered step);
//! - a code span that reads as a command line (`` `python -c "…"` ``, `` `npm test` ``),
//!   not one that only names a file or an identifier (`` `src/lib.rs` ``).

use super::{sections, Context};
use crate::section_names::normalize;
use crate::{Diagnostic, Rule};

/// Programs that are a command on their own, even without arguments (`make`, `pytest`).
const KNOWN_COMMANDS: &[&str] = &[
    "bash",
    "bun",
    "bundle",
    "cargo",
    "cd",
    "cmake",
    "curl",
    "deno",
    "docker",
    "dotnet",
    "git",
    "go",
    "gradle",
    "just",
    "ls",
    "make",
    "mise",
    "mvn",
    "node",
    "npm",
    "npx",
    "pip",
    "pnpm",
    "poetry",
    "pytest",
    "python",
    "python3",
    "rg",
    "ruby",
    "rustc",
    "sh",
    "swift",
    "task",
    "tox",
    "uv",
    "xcodebuild",
    "yarn",
];

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let wanted = normalize("Concrete Steps");
    for section in &cx.structure.sections {
        let extent = section.heading_range.start..section.body.end;
        if !sections::is_named(cx, section.spec, &wanted) || !cx.touches_window(&extent) {
            continue;
        }
        let has_code = cx
            .file
            .outline()
            .code_blocks
            .iter()
            .any(|b| b.range.start >= section.body.start && b.range.start < section.body.end);
        let text = &cx.file.text()[section.body.clone()];
        if !has_code && !has_command_line(text) && !has_command_span(text) {
            out.push(Diagnostic::new(
                Rule::StepsWithoutCommands,
                section.heading_range.clone(),
                "Concrete Steps shows no commands; show the exact commands to run, in a code block or as `inline code`",
            ));
        }
    }
}

/// A line set apart as a command: indented four or more after a blank line, a transcript
/// line with a prompt, or an indented line that starts with a known command.
fn has_command_line(text: &str) -> bool {
    let mut previous_blank = false;
    for line in text.lines() {
        let content = line.trim_start_matches([' ', '\t']);
        let indent = line.len() - content.len();
        let blank = content.trim().is_empty();
        if previous_blank && indent >= 4 && !blank {
            return true;
        }
        previous_blank = blank;
        if blank {
            continue;
        }
        if let Some(command) = after_prompt(content) {
            if looks_like_command(command) {
                return true;
            }
        } else if indent >= 2
            && first_word(content).is_some_and(|w| KNOWN_COMMANDS.contains(&w))
            && looks_like_command(content)
        {
            return true;
        }
    }
    false
}

/// The command after a transcript prompt: `> ` (also a quoted line), `$ `, `% `.
fn after_prompt(content: &str) -> Option<&str> {
    let rest = content
        .strip_prefix('>')
        .or_else(|| content.strip_prefix("$ "))
        .or_else(|| content.strip_prefix("% "))?;
    let rest = rest.trim_start();
    // A quoted prompt: `> $ make`.
    let rest = rest.strip_prefix("$ ").unwrap_or(rest);
    Some(rest.trim())
}

fn first_word(s: &str) -> Option<&str> {
    s.split_whitespace().next()
}

/// Whether `s` reads as a command line rather than prose, a path or an identifier: it
/// starts with a program name (lower case, or a relative path to one) and either names a
/// known command or passes arguments, in plain ASCII, not ending as a sentence does.
fn looks_like_command(s: &str) -> bool {
    let s = s.trim();
    let Some(first) = first_word(s) else {
        return false;
    };
    if KNOWN_COMMANDS.contains(&first) {
        return true;
    }
    let relative = first.starts_with("./") || first.starts_with("../");
    let program = first.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && first.chars().all(|c| {
            c.is_ascii_lowercase()
                || c.is_ascii_digit()
                || matches!(c, '.' | '_' | '-' | '+' | '/' | '@' | ':')
        })
        && !first.ends_with(':');
    let arguments = s.split_whitespace().nth(1).is_some();
    (relative || program) && arguments && s.is_ascii() && !s.ends_with('.')
}

/// Whether a code span in `text` holds a command line.
fn has_command_span(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(open) = crate::find::find_any(b, i, b.len(), [b'`']) {
        let run = b[open..].iter().take_while(|&&c| c == b'`').count();
        let from = open + run;
        // The closing run is one of exactly the same length (CommonMark).
        let mut at = from;
        let mut close = None;
        while let Some(start) = crate::find::find_any(b, at, b.len(), [b'`']) {
            let len = b[start..].iter().take_while(|&&c| c == b'`').count();
            if len == run {
                close = Some(start);
                break;
            }
            at = start + len;
        }
        match close {
            Some(close) => {
                if looks_like_command(&text[from..close]) {
                    return true;
                }
                i = close + run;
            }
            None => i = from,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_told_from_paths_identifiers_and_prose() {
        for command in [
            "npm test",
            "make",
            "python -c \"import yaml\"",
            "./gradlew build",
            "opencove-extension@0.0.1 build",
        ] {
            assert!(looks_like_command(command), "{command}");
        }
        for not in [
            "src/lib.rs",
            "IngestEventRequest",
            "rpc.auth",
            "feature impl 모듈은 의존할 수 없습니다.",
            "Run the tests.",
            "note: see below",
            "",
        ] {
            assert!(!looks_like_command(not), "{not}");
        }
    }

    #[test]
    fn code_spans_close_on_a_run_of_the_same_length() {
        assert!(has_command_span("Run `` npm test `` now."));
        assert!(!has_command_span("Edit ``src/`lib`.rs`` only."));
        assert!(!has_command_span("An unclosed `npm test"));
    }
}
