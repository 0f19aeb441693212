//! The plan's outline: document symbols, folding ranges, and what a workspace symbol
//! search finds in a plan (its title and decisions).

use execplan_syntax::{SourceFile, TaskState, TextRange};

use crate::{PlanStructure, Standard};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Title,
    Section,
    Task { done: bool },
    Decision,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole section or item.
    pub range: TextRange,
    /// The heading's text or the item's first line.
    pub selection_range: TextRange,
    pub children: Vec<Symbol>,
}

/// Headings nested by level; inside Progress its items with their state, inside Decision
/// Log its decisions.
pub fn document_symbols(file: &SourceFile, standard: &Standard) -> Vec<Symbol> {
    let structure = PlanStructure::new(file, standard);
    let text = file.text();
    let mut stack: Vec<(u8, Symbol)> = Vec::new();
    let mut roots = Vec::new();
    let title_start = file.outline().title().map(|t| t.range.start);
    for (index, heading) in file.outline().headings.iter().enumerate() {
        while stack
            .last()
            .is_some_and(|(level, _)| *level >= heading.level)
        {
            let (_, done) = stack.pop().expect("not empty");
            attach(&mut stack, &mut roots, done);
        }
        let section = structure.sections.iter().find(|s| s.heading == index);
        let spec = section.map(|s| standard.sections[s.spec].name.as_str());
        let children = match (spec, section) {
            (Some("Progress"), Some(s)) => items(file, &s.body, true),
            (Some("Decision Log"), Some(s)) => items(file, &s.body, false),
            _ => Vec::new(),
        };
        let name = if heading.text.is_empty() {
            "(untitled)".to_string()
        } else {
            heading.text.clone()
        };
        let symbol = Symbol {
            name,
            detail: spec.filter(|s| *s != heading.text).map(str::to_string),
            kind: if Some(heading.range.start) == title_start {
                SymbolKind::Title
            } else {
                SymbolKind::Section
            },
            range: trimmed(text, heading.section.clone()),
            selection_range: heading.text_range.clone(),
            children,
        };
        stack.push((heading.level, symbol));
    }
    while let Some((_, done)) = stack.pop() {
        attach(&mut stack, &mut roots, done);
    }
    roots
}

fn attach(stack: &mut [(u8, Symbol)], roots: &mut Vec<Symbol>, symbol: Symbol) {
    match stack.last_mut() {
        Some((_, parent)) => {
            // Sub-headings come after the parent's items.
            parent.children.push(symbol);
        }
        None => roots.push(symbol),
    }
}

fn items(file: &SourceFile, body: &TextRange, tasks: bool) -> Vec<Symbol> {
    let text = file.text();
    file.outline()
        .list_items
        .iter()
        .filter(|i| i.depth == 0 && body.start <= i.range.start && i.range.start < body.end)
        .filter_map(|item| {
            let line = text[item.first_line.clone()].trim();
            if tasks {
                let (state, _) = item.task.clone()?;
                let done = state == TaskState::Done;
                Some(Symbol {
                    name: line.to_string(),
                    detail: Some(if done { "done" } else { "open" }.to_string()),
                    kind: SymbolKind::Task { done },
                    range: trimmed(text, item.range.clone()),
                    selection_range: item.first_line.clone(),
                    children: Vec::new(),
                })
            } else {
                let decision = line.strip_prefix("Decision:")?.trim();
                Some(Symbol {
                    name: decision.to_string(),
                    detail: Some("decision".to_string()),
                    kind: SymbolKind::Decision,
                    range: trimmed(text, item.range.clone()),
                    selection_range: item.first_line.clone(),
                    children: Vec::new(),
                })
            }
        })
        .collect()
}

/// A range without its trailing whitespace.
fn trimmed(text: &str, range: TextRange) -> TextRange {
    let len = text[range.clone()].trim_end().len();
    range.start..range.start + len
}

/// Foldable regions: sections, multi-line list items (entries) and code blocks.
pub fn folding_ranges(file: &SourceFile) -> Vec<TextRange> {
    let text = file.text();
    let outline = file.outline();
    let mut out: Vec<TextRange> = outline
        .headings
        .iter()
        .map(|h| trimmed(text, h.section.clone()))
        .chain(
            outline
                .list_items
                .iter()
                .map(|i| trimmed(text, i.range.clone())),
        )
        .chain(
            outline
                .code_blocks
                .iter()
                .map(|b| trimmed(text, b.range.clone())),
        )
        .filter(|r| text[r.clone()].contains('\n'))
        .collect();
    out.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    out.dedup();
    out
}

/// What a workspace symbol search finds in one plan: its title and its decisions.
pub fn workspace_symbols(file: &SourceFile, standard: &Standard) -> Vec<Symbol> {
    let mut out = Vec::new();
    for symbol in document_symbols(file, standard) {
        collect(symbol, &mut out);
    }
    out
}

fn collect(symbol: Symbol, out: &mut Vec<Symbol>) {
    let Symbol { children, .. } = &symbol;
    let children = children.clone();
    if matches!(symbol.kind, SymbolKind::Title | SymbolKind::Decision) {
        out.push(Symbol {
            children: Vec::new(),
            ..symbol
        });
    }
    for child in children {
        collect(child, out);
    }
}
