//! Completions: the missing sections on a heading line, entry skeletons inside the living
//! sections, repository paths inside backticks and link targets, and statuses in an
//! Active ExecPlan Index line.

use execplan_syntax::{SourceFile, TextRange};

use crate::edits::{line_ending, with_line_endings};
use crate::paths::join_relative;
use crate::template::{self, Skeleton};
use crate::{EditContext, PlanStructure};

/// At most this many paths are offered at once; the list is then marked incomplete so the
/// client asks again as the user types.
const MAX_PATHS: usize = 500;

/// The statuses of an Active ExecPlan Index line.
pub const STATUSES: [&str; 4] = ["planned", "in_progress", "blocked", "done"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    Section,
    Entry,
    File,
    Folder,
    Status,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    /// The text the item replaces.
    pub range: TextRange,
    pub insert_text: String,
    /// `insert_text` is a snippet with tab stops.
    pub is_snippet: bool,
    /// What the client filters against, when not the label.
    pub filter_text: Option<String>,
    /// Accepting the item should ask for completions again (a folder: its entries next).
    pub retrigger: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Completions {
    pub items: Vec<CompletionItem>,
    pub is_incomplete: bool,
}

/// The completions at byte `offset` of `file`, most relevant first.
pub fn completions(file: &SourceFile, offset: usize, ctx: &EditContext<'_>) -> Completions {
    let text = file.text();
    if offset > text.len() || !text.is_char_boundary(offset) || file.outline().in_code_block(offset)
    {
        return Completions::default();
    }
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let prefix = &text[line_start..offset];
    if let Some(found) = path_completions(prefix, offset, ctx) {
        return found;
    }
    if !ctx.is_plan {
        return Completions::default();
    }
    let mut items = Vec::new();
    if let Some(statuses) = status_completions(file, prefix, offset) {
        items.extend(statuses);
        return Completions {
            items,
            is_incomplete: false,
        };
    }
    let trimmed = prefix.trim_start();
    let indent = prefix.len() - trimmed.len();
    let structure = PlanStructure::new(file, &ctx.config.standard);
    let eol = line_ending(text);
    if trimmed.starts_with('#') {
        let hashes = trimmed.len() - trimmed.trim_start_matches('#').len();
        let after = &trimmed[hashes..];
        if hashes <= 6 && (after.is_empty() || after.starts_with(' ')) {
            items.extend(heading_items(
                &structure,
                ctx,
                line_start..offset,
                hashes.max(2),
                eol,
            ));
        }
        return Completions {
            items,
            is_incomplete: false,
        };
    }
    let entry_range = line_start + indent..offset;
    if let Some(section) = structure
        .sections
        .iter()
        .find(|s| s.body.start < offset && offset <= s.body.end)
    {
        let name = ctx.config.standard.sections[section.spec].name.as_str();
        items.extend(entry_items(name, trimmed, entry_range, ctx, eol, indent));
    }
    if trimmed.is_empty() && starts_a_block(text, line_start) {
        items.extend(heading_items(&structure, ctx, line_start..offset, 2, eol));
    }
    Completions {
        items,
        is_incomplete: false,
    }
}

/// The line at `line_start` follows a blank line, a heading, or nothing.
fn starts_a_block(text: &str, line_start: usize) -> bool {
    let before = &text[..line_start];
    let before = before
        .strip_suffix("\r\n")
        .or_else(|| before.strip_suffix(['\n', '\r']))
        .unwrap_or(before);
    let previous_line = before.rsplit(['\n', '\r']).next().unwrap_or("");
    line_start == 0
        || previous_line.trim().is_empty()
        || previous_line.trim_start().starts_with('#')
}

fn heading_items(
    structure: &PlanStructure,
    ctx: &EditContext<'_>,
    range: TextRange,
    level: usize,
    eol: &str,
) -> Vec<CompletionItem> {
    let hashes = "#".repeat(level);
    ctx.config
        .standard
        .sections
        .iter()
        .enumerate()
        .filter(|(spec, _)| structure.find(*spec).is_none())
        .map(|(_, spec)| {
            let skeleton = template::section(&spec.name, ctx.stamp());
            let body = skeleton.text(ctx.snippets);
            let body = body
                .strip_prefix("##")
                .map_or(body.clone(), |rest| format!("{hashes}{rest}"));
            CompletionItem {
                label: spec.name.clone(),
                kind: CompletionKind::Section,
                detail: Some(if spec.living {
                    "required living section".to_string()
                } else {
                    "required section".to_string()
                }),
                range: range.clone(),
                insert_text: with_line_endings(&body, eol),
                is_snippet: ctx.snippets,
                filter_text: Some(format!("{hashes} {}", spec.name)),
                retrigger: false,
            }
        })
        .collect()
}

fn entry_items(
    section: &str,
    typed: &str,
    range: TextRange,
    ctx: &EditContext<'_>,
    eol: &str,
    indent: usize,
) -> Vec<CompletionItem> {
    let continuation = format!("\n{}", " ".repeat(indent));
    let entry = |label: &str, skeleton: Skeleton| {
        let text = skeleton.text(ctx.snippets).replace('\n', &continuation);
        CompletionItem {
            label: label.to_string(),
            kind: CompletionKind::Entry,
            detail: Some(skeleton.plain().lines().next().unwrap_or("").to_string()),
            range: range.clone(),
            insert_text: with_line_endings(&text, eol),
            is_snippet: ctx.snippets,
            filter_text: Some(skeleton.plain()),
            retrigger: false,
        }
    };
    match section {
        "Progress" => {
            let mut items = Vec::new();
            for (label, entry) in [
                ("Progress entry (now)", template::progress_entry(ctx.now)),
                (
                    "Done entry (now)",
                    template::progress_entry(ctx.now).replacen("[ ]", "[x]", 1),
                ),
            ] {
                if entry.starts_with(typed) || typed.is_empty() {
                    items.push(CompletionItem {
                        label: label.to_string(),
                        kind: CompletionKind::Entry,
                        detail: Some(entry.trim_end().to_string()),
                        range: range.clone(),
                        insert_text: entry.clone(),
                        is_snippet: false,
                        filter_text: Some(entry),
                        retrigger: false,
                    });
                }
            }
            items
        }
        "Decision Log" if "- Decision:".starts_with(typed) => {
            vec![entry(
                "Decision (today)",
                template::decision_entry(ctx.stamp()),
            )]
        }
        "Surprises & Discoveries" if "- Observation:".starts_with(typed) => {
            vec![entry("Observation", template::observation_entry())]
        }
        _ => Vec::new(),
    }
}

/// Inside an unclosed backtick span or link target on this line: the repository's
/// entries for the typed folder, one segment at a time.
fn path_completions(prefix: &str, offset: usize, ctx: &EditContext<'_>) -> Option<Completions> {
    let start = path_start(prefix)?;
    let typed = &prefix[start..];
    let repo = ctx.repo?;
    if typed.chars().any(char::is_whitespace) {
        // A command or prose in backticks, not a path.
        return None;
    }
    if crate::is_absolute(typed) || typed.starts_with('\\') || typed.contains("://") {
        return Some(Completions::default());
    }
    let (dir, partial) = typed.rsplit_once('/').unwrap_or(("", typed));
    let climbs = dir.split('/').any(|part| part == "..");
    let mut folder = if climbs {
        // `..` climbs from the document's folder (as a link does), never out of the root.
        match ctx
            .doc_dir
            .and_then(|d| join_relative(d, dir))
            .filter(|f| f.is_empty() || repo.is_dir(f))
        {
            Some(folder) => folder,
            None => return Some(Completions::default()),
        }
    } else {
        join_relative("", dir)?
    };
    if !climbs && !dir.is_empty() && !repo.is_dir(&folder) {
        match ctx
            .doc_dir
            .and_then(|d| join_relative(d, dir))
            .filter(|f| repo.is_dir(f))
        {
            Some(f) => folder = f,
            None => return Some(Completions::default()),
        }
    }
    let lower = partial.to_lowercase();
    let range = offset - partial.len()..offset;
    let mut items = Vec::new();
    let mut is_incomplete = false;
    for (name, is_dir) in repo.children(&folder) {
        if !name.to_lowercase().starts_with(&lower) {
            continue;
        }
        if items.len() == MAX_PATHS {
            is_incomplete = true;
            break;
        }
        let insert_text = if is_dir {
            format!("{name}/")
        } else {
            name.to_string()
        };
        items.push(CompletionItem {
            label: insert_text.clone(),
            kind: if is_dir {
                CompletionKind::Folder
            } else {
                CompletionKind::File
            },
            detail: Some(if folder.is_empty() {
                insert_text.clone()
            } else {
                format!("{folder}/{insert_text}")
            }),
            range: range.clone(),
            insert_text,
            is_snippet: false,
            filter_text: None,
            retrigger: is_dir,
        });
    }
    Some(Completions {
        items,
        is_incomplete,
    })
}

/// Where the path being typed starts in the line's `prefix`: after an unmatched backtick,
/// or after `](` with no `)` since.
fn path_start(prefix: &str) -> Option<usize> {
    let backticks = prefix.matches('`').count();
    let link = prefix.rfind("](").map(|i| i + 2);
    let tick = if backticks % 2 == 1 {
        prefix.rfind('`').map(|i| i + 1)
    } else {
        None
    };
    let link = link.filter(|&start| !prefix[start..].contains(')'));
    let start = match (tick, link) {
        (Some(a), Some(b)) => a.max(b),
        (a, b) => a.or(b)?,
    };
    Some(start + usize::from(prefix[start..].starts_with('<')))
}

fn status_completions(
    file: &SourceFile,
    prefix: &str,
    offset: usize,
) -> Option<Vec<CompletionItem>> {
    let at = prefix.rfind("status:")?;
    let rest = &prefix[at + "status:".len()..];
    let partial = rest.trim_start();
    if !partial.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let in_index = file.outline().headings.iter().any(|h| {
        h.section.start <= offset
            && offset <= h.section.end
            && h.text.to_lowercase().contains("active execplan index")
    });
    if !in_index && !prefix.contains(" - status:") {
        return None;
    }
    let range = offset - partial.len()..offset;
    Some(
        STATUSES
            .iter()
            .map(|status| CompletionItem {
                label: status.to_string(),
                kind: CompletionKind::Status,
                detail: None,
                range: range.clone(),
                insert_text: status.to_string(),
                is_snippet: false,
                filter_text: None,
                retrigger: false,
            })
            .collect(),
    )
}
