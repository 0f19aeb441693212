//! Code actions: quick fixes for diagnostics, entries added to the living sections,
//! Progress items marked done or split, a fix-all, and a plan started from the template.
//!
//! Every edit is computed against the snapshot it is given and writes line breaks as the
//! file does.

use execplan_syntax::{ListItem, SourceFile, TaskState, TextRange};

use crate::edits::{append_entry, insert_block, insert_sections, line_ending, with_line_endings};
use crate::paths::join_relative;
use crate::template;
use crate::{diagnostics, Diagnostic, EditContext, PlanStructure, Rule, SectionMatch, TextEdit};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssistKind {
    QuickFix,
    Refactor,
    RefactorRewrite,
    SourceFixAll,
}

/// One action: what it does, in words, and its edits against the snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assist {
    pub label: String,
    pub kind: AssistKind,
    pub edits: Vec<TextEdit>,
    /// Where the cursor belongs after the edits, in the edited text.
    pub cursor: Option<usize>,
    /// The diagnostic the action fixes.
    pub diagnostic: Option<Diagnostic>,
    pub is_preferred: bool,
}

impl Assist {
    fn new(label: impl Into<String>, kind: AssistKind, edits: Vec<TextEdit>) -> Assist {
        Assist {
            label: label.into(),
            kind,
            edits,
            cursor: None,
            diagnostic: None,
            is_preferred: false,
        }
    }
}

/// The label of the action that appends a stamped entry to Progress.
pub const ADD_PROGRESS_ENTRY: &str = "Add progress entry (now)";
pub const MARK_DONE: &str = "Mark done (now)";
pub const SPLIT_ITEM: &str = "Split into done and remaining";
pub const ADD_DECISION: &str = "Add decision (today)";
pub const INSERT_ALL_MISSING: &str = "Insert all missing sections";
pub const START_FROM_TEMPLATE: &str = "Start an ExecPlan from the template";

/// The actions for the selection `range` of `file`. `is_plan` says whether the document is
/// analysed as a plan; `title` names a plan started from the template.
pub fn assists(
    file: &SourceFile,
    range: TextRange,
    ctx: &EditContext<'_>,
    is_plan: bool,
    title: &str,
) -> Vec<Assist> {
    let text = file.text();
    if text.trim().is_empty() {
        let plan = template::plan(title, &ctx.config.standard, ctx.stamp());
        let edit = TextEdit {
            range: 0..text.len(),
            new_text: with_line_endings(&plan, line_ending(text)),
        };
        return vec![Assist::new(
            START_FROM_TEMPLATE,
            AssistKind::Refactor,
            vec![edit],
        )];
    }
    if !is_plan {
        return Vec::new();
    }
    let mut out = quick_fixes(file, &range, ctx);
    if let Some(item) = open_progress_item(file, ctx, range.start) {
        out.push(mark_done(file, item, ctx));
        out.push(split_item(file, item, ctx));
    }
    out.push(add_progress_entry(file, ctx));
    out.push(add_decision(file, ctx));
    out
}

/// "Add progress entry (now)": the last item of Progress, creating the section if needed.
pub fn add_progress_entry(file: &SourceFile, ctx: &EditContext<'_>) -> Assist {
    let entry = template::progress_entry(ctx.now);
    append_to_section(file, ctx, "Progress", ADD_PROGRESS_ENTRY, &entry)
}

/// "Add decision (today)": a stamped entry at the end of Decision Log.
pub fn add_decision(file: &SourceFile, ctx: &EditContext<'_>) -> Assist {
    let entry = template::decision_entry(ctx.stamp()).plain();
    append_to_section(file, ctx, "Decision Log", ADD_DECISION, &entry)
}

fn append_to_section(
    file: &SourceFile,
    ctx: &EditContext<'_>,
    section: &str,
    label: &str,
    entry: &str,
) -> Assist {
    let standard = &ctx.config.standard;
    let structure = PlanStructure::new(file, standard);
    let spec = standard.index_of(section);
    let (edit, cursor) = match spec.and_then(|s| structure.find(s)) {
        Some(found) => append_entry(file, &found.body, entry),
        None => {
            let block = format!("## {section}\n\n{entry}\n");
            let edits = match spec {
                Some(spec) => insert_sections(file, standard, &[spec], |_| block.clone()),
                None => vec![insert_block(file.text(), file.text().len(), &block)],
            };
            let edit = edits.into_iter().next().expect("one section, one edit");
            let eol = line_ending(file.text());
            let entry_end = edit
                .new_text
                .find(&with_line_endings(entry, eol))
                .unwrap_or(0)
                + with_line_endings(entry, eol).len();
            let cursor = edit.range.start + entry_end;
            (edit, cursor)
        }
    };
    let mut assist = Assist::new(label, AssistKind::Refactor, vec![edit]);
    assist.cursor = Some(cursor);
    assist
}

/// The innermost unchecked item of Progress at `offset`.
fn open_progress_item<'f>(
    file: &'f SourceFile,
    ctx: &EditContext<'_>,
    offset: usize,
) -> Option<&'f ListItem> {
    let spec = ctx.config.standard.index_of("Progress")?;
    let structure = PlanStructure::new(file, &ctx.config.standard);
    let body = structure
        .sections
        .iter()
        .filter(|s| s.spec == spec)
        .find(|s| s.body.start <= offset && offset <= s.body.end)?
        .body
        .clone();
    file.outline()
        .list_items
        .iter()
        .rfind(|i| {
            body.start <= i.range.start
                && i.range.start <= offset
                && offset <= i.first_line.end.max(content_end(file, i))
        })
        .filter(|i| matches!(i.task, Some((TaskState::Open, _))))
}

/// The end of an item's text, without trailing blank lines.
fn content_end(file: &SourceFile, item: &ListItem) -> usize {
    item.range.start + file.text()[item.range.clone()].trim_end().len()
}

/// The stamp at the start of an item's text, `(2026-01-02 10:00Z)` and the like.
fn leading_stamp(text: &str, line: &TextRange) -> Option<TextRange> {
    let rest = &text[line.clone()];
    let inner = rest.strip_prefix('(')?;
    let close = inner.find(')')?;
    let stamp = &inner[..close];
    let b = stamp.as_bytes();
    let looks = b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-';
    looks.then(|| line.start..line.start + close + 2)
}

/// The item's description, without its stamp.
fn description(text: &str, item: &ListItem) -> String {
    let from = leading_stamp(text, &item.first_line).map_or(item.first_line.start, |s| s.end);
    text[from..item.first_line.end].trim().to_string()
}

fn mark_done(file: &SourceFile, item: &ListItem, ctx: &EditContext<'_>) -> Assist {
    let text = file.text();
    let (_, checkbox) = item.task.clone().expect("an open item has a checkbox");
    let mut edits = vec![TextEdit {
        range: checkbox,
        new_text: "[x]".to_string(),
    }];
    edits.push(match leading_stamp(text, &item.first_line) {
        Some(stamp) => TextEdit {
            range: stamp,
            new_text: format!("({})", ctx.now),
        },
        None => TextEdit {
            range: item.first_line.start..item.first_line.start,
            new_text: format!("({}) ", ctx.now),
        },
    });
    let mut assist = Assist::new(MARK_DONE, AssistKind::RefactorRewrite, edits);
    assist.is_preferred = true;
    assist
}

fn split_item(file: &SourceFile, item: &ListItem, ctx: &EditContext<'_>) -> Assist {
    let text = file.text();
    let (_, checkbox) = item.task.clone().expect("an open item has a checkbox");
    let desc = description(text, item);
    let line_start = text[..item.marker.start]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    let indent = &text[line_start..item.marker.start];
    let marker = text[item.marker.clone()].trim_end();
    let remaining = format!(
        "{}{indent}{marker} [ ] {desc} (remaining)",
        line_ending(text)
    );
    let done = format!("({}) {desc} (completed part)", ctx.now);
    let end = content_end(file, item).max(item.first_line.end);
    let mut edits = vec![TextEdit {
        range: checkbox,
        new_text: "[x]".to_string(),
    }];
    if end == item.first_line.end {
        edits.push(TextEdit {
            range: item.first_line.clone(),
            new_text: format!("{done}{remaining}"),
        });
    } else {
        edits.push(TextEdit {
            range: item.first_line.clone(),
            new_text: done,
        });
        edits.push(TextEdit {
            range: end..end,
            new_text: remaining,
        });
    }
    Assist::new(SPLIT_ITEM, AssistKind::RefactorRewrite, edits)
}

/// The document's diagnostics: those the caller computed already, else a fresh analysis.
fn known_diagnostics(file: &SourceFile, ctx: &EditContext<'_>) -> Vec<Diagnostic> {
    match ctx.diagnostics {
        Some(found) => found.to_vec(),
        None => diagnostics(file, ctx.config),
    }
}

/// Fixes for the diagnostics that touch `range`.
fn quick_fixes(file: &SourceFile, range: &TextRange, ctx: &EditContext<'_>) -> Vec<Assist> {
    let all = known_diagnostics(file, ctx);
    let missing = missing_specs(file, ctx);
    let mut missing_seen = 0;
    let mut out = Vec::new();
    let mut offered_all = false;
    for d in &all {
        let is_missing = d.rule == Rule::MissingSection;
        let spec = is_missing
            .then(|| missing.get(missing_seen).copied())
            .flatten();
        missing_seen += usize::from(is_missing);
        let touches = d.range.start <= range.end && range.start <= d.range.end;
        if !touches {
            continue;
        }
        let fixes = diagnostic_fixes(file, d, spec, ctx);
        for mut fix in fixes {
            fix.diagnostic = Some(d.clone());
            out.push(fix);
        }
        if is_missing && missing.len() > 1 && !offered_all {
            offered_all = true;
            let mut fix = Assist::new(
                INSERT_ALL_MISSING,
                AssistKind::QuickFix,
                insert_missing(file, ctx, &missing),
            );
            fix.diagnostic = Some(d.clone());
            out.push(fix);
        }
    }
    out
}

/// The required sections the plan lacks, in the standard's order.
fn missing_specs(file: &SourceFile, ctx: &EditContext<'_>) -> Vec<usize> {
    let structure = PlanStructure::new(file, &ctx.config.standard);
    (0..ctx.config.standard.sections.len())
        .filter(|&spec| structure.find(spec).is_none())
        .collect()
}

fn insert_missing(file: &SourceFile, ctx: &EditContext<'_>, specs: &[usize]) -> Vec<TextEdit> {
    insert_sections(file, &ctx.config.standard, specs, |name| {
        template::section(name, ctx.stamp()).plain()
    })
}

/// The fixes of one diagnostic: its own, and those this module knows for structure rules.
fn diagnostic_fixes(
    file: &SourceFile,
    d: &Diagnostic,
    missing_spec: Option<usize>,
    ctx: &EditContext<'_>,
) -> Vec<Assist> {
    let mut out = Vec::new();
    if let Some(fix) = &d.fix {
        let mut assist = Assist::new(fix.label.clone(), AssistKind::QuickFix, fix.edits.clone());
        assist.is_preferred = true;
        out.push(assist);
    }
    let standard = &ctx.config.standard;
    let structure = PlanStructure::new(file, standard);
    let text = file.text();
    match d.rule {
        Rule::MissingSection => {
            if let Some(spec) = missing_spec {
                let name = &standard.sections[spec].name;
                out.push(Assist::new(
                    format!("Insert section `## {name}`"),
                    AssistKind::QuickFix,
                    insert_missing(file, ctx, &[spec]),
                ));
            }
        }
        Rule::HeadingSpelling => {
            if let Some(section) = structure.sections.iter().find(|s| {
                matches!(s.matched, SectionMatch::Misspelt | SectionMatch::ShortForm)
                    && file.outline().headings[s.heading].text_range == d.range
            }) {
                let name = &standard.sections[section.spec].name;
                let mut assist = Assist::new(
                    format!("Spell the heading `{name}`"),
                    AssistKind::QuickFix,
                    vec![TextEdit {
                        range: d.range.clone(),
                        new_text: name.clone(),
                    }],
                );
                assist.is_preferred = true;
                out.push(assist);
            }
        }
        Rule::HeadingLevel => {
            if let Some(section) = structure
                .sections
                .iter()
                .find(|s| s.heading_range == d.range)
            {
                let heading = &file.outline().headings[section.heading];
                let line = &text[heading.range.clone()];
                let edit = if line.starts_with('#') {
                    let hashes = line.len() - line.trim_start_matches('#').len();
                    TextEdit {
                        range: heading.range.start..heading.range.start + hashes,
                        new_text: "##".to_string(),
                    }
                } else {
                    // A setext heading becomes an ATX one.
                    TextEdit {
                        range: heading.range.clone(),
                        new_text: format!("## {}", heading.text),
                    }
                };
                let mut assist = Assist::new(
                    "Make it a level-2 `##` heading",
                    AssistKind::QuickFix,
                    vec![edit],
                );
                assist.is_preferred = true;
                out.push(assist);
            }
        }
        Rule::MissingTitle => {
            let at = d.range.start;
            let eol = line_ending(text);
            out.push(Assist::new(
                "Add a `#` title",
                AssistKind::QuickFix,
                vec![TextEdit {
                    range: at..at,
                    new_text: format!("# ExecPlan title{eol}{eol}"),
                }],
            ));
        }
        _ => {}
    }
    out
}

/// `source.fixAll.execplan`: every mechanical fix (the diagnostics' own, heading spelling
/// and level) at once, skipping any that would overlap an earlier one. Sections are not
/// inserted: their placeholders need the author's attention.
pub fn fix_all(file: &SourceFile, ctx: &EditContext<'_>) -> Option<Assist> {
    let mut edits: Vec<TextEdit> = Vec::new();
    for d in known_diagnostics(file, ctx) {
        if !matches!(d.rule, Rule::HeadingSpelling | Rule::HeadingLevel) && d.fix.is_none() {
            continue;
        }
        let fixes = diagnostic_fixes(file, &d, None, ctx);
        let Some(fix) = fixes.into_iter().find(|f| f.is_preferred) else {
            continue;
        };
        let overlaps = fix.edits.iter().any(|e| {
            edits.iter().any(|o| {
                e.range.start < o.range.end.max(o.range.start + 1)
                    && o.range.start < e.range.end.max(e.range.start + 1)
            })
        });
        if !overlaps {
            edits.extend(fix.edits);
        }
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    Some(Assist::new(
        "Fix all auto-fixable problems",
        AssistKind::SourceFixAll,
        edits,
    ))
}

/// For a `path-not-found` diagnostic at `range`: the repository path to create, when the
/// path names a file inside the repository that does not exist.
pub fn missing_file_at(
    file: &SourceFile,
    range: &TextRange,
    ctx: &EditContext<'_>,
) -> Option<String> {
    let repo = ctx.repo?;
    let found = crate::path_refs(file)
        .into_iter()
        .find(|r| r.full_range.start <= range.end && range.start <= r.full_range.end)?;
    if found.is_glob() || found.is_absolute() || found.path.ends_with('/') {
        return None;
    }
    if crate::paths::resolve(repo, ctx.doc_dir, &found.path).is_some() {
        return None;
    }
    join_relative("", &found.path).filter(|p| !p.is_empty())
}
